"""Chapter 3: participants, instruments, data screening and the analysis strategy."""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.en.common import cap, join, lc, level_pct, plural

CHAPTER = "Method"
PARTICIPANTS = "Participants and procedure"
INSTRUMENTS = "Instruments"
SCREENING = "Data screening"
ANALYSIS = "Analysis strategy"

ESTIMATORS = {
    "ML": "maximum likelihood (ML)",
    "MLR": "robust maximum likelihood (MLR) with Huber–White standard errors and the "
    "Yuan–Bentler scaled test statistic [@yuan2000]",
    "WLSMV": "diagonally weighted least squares with robust standard errors and the mean- and "
    "variance-adjusted (scaled-shifted) test statistic (WLSMV), the items treated as ordered "
    "categories through thresholds and polychoric correlations [@flora2004]",
    "ULSMV": "unweighted least squares with robust standard errors and the scaled-shifted "
    "test statistic (ULSMV), the items treated as ordered categories through thresholds and "
    "polychoric correlations",
}
MISSING = {
    "listwise": "respondents with any missing item were excluded (listwise deletion)",
    "fiml": "incomplete responses were kept and fitted by full-information maximum "
    "likelihood [@enders2010]",
    "pairwise": "incomplete responses were kept, each polychoric correlation using the "
    "respondents who answered both items (pairwise deletion, as lavaan does)",
}


def participants(
    received: int, analysed: int, population: str, simulated: bool, profile: bool
) -> list[str]:
    who = population or "respondents"
    s = (
        f"The questionnaire was answered by {fmt.num(received, 'int')} {who}; "
        f"{fmt.num(analysed, 'int')} of them remained for analysis after the screens of "
        "{sec:m-screening}"
    )
    out = [s + (", and {sec:r-sample} describes them." if profile else ".")]
    if not profile:
        out.append("The questionnaire asked no demographic questions that could describe them.")
    if simulated:
        out.append(
            "The responses are simulated from a documented population model; they illustrate "
            "the analysis and describe no real respondents."
        )
    return out


def administration(survey) -> list[str]:
    """How the questionnaire was administered: counts, response rates, period, sampling,
    ethics; what the study file does not record is said to be unknown."""
    if not survey:
        return [
            "How many questionnaires were distributed and returned, when the survey ran, how "
            "respondents were sampled and which ethics approval it had are not recorded for "
            "this study, so the response rate is unknown."
        ]
    out, d, r, v = [], survey.get("distributed"), survey.get("returned"), survey.get("valid")
    if d:
        s = f"{fmt.num(d, 'int')} questionnaires were distributed"
        if r is not None:
            s += f" and {fmt.num(r, 'int')} returned (response rate {fmt.pct(r / d)})"
        if v is not None:
            s += f"; {fmt.num(v, 'int')} were valid (valid response rate {fmt.pct(v / d)})"
        out.append(cap(s) + ".")
    else:
        out.append(
            "The number of questionnaires distributed is not recorded, so the response rate is unknown."
        )
    for key, lead in (
        ("period", "The survey ran"),
        ("sampling", "Sampling:"),
        ("ethics", "Ethics:"),
    ):
        if survey.get(key):
            out.append(f"{lead} {str(survey[key]).rstrip('.')}.")
    missing = [w for k, w in (("period", "the period"), ("sampling", "the sampling procedure"),
                              ("ethics", "the ethics approval")) if not survey.get(k)]  # fmt: skip
    if missing:
        out.append(cap(f"{join(missing)} {'is' if len(missing) == 1 else 'are'} not recorded."))
    return out


def instruments(n_scales: int, n_items: int, n_reversed: int) -> str:
    s = (
        f"The questionnaire has {plural(n_scales, 'multi-item scale')} with "
        f"{plural(n_items, 'item')} in all ({{tab:instruments}}); the wording of every item is "
        "given in {sec:app-items}."
    )
    if n_reversed:
        s += (
            f" The {plural(n_reversed, 'item')} worded in the opposite direction "
            f"{'was' if n_reversed == 1 else 'were'} reverse-scored (new = min + max − old) "
            "before any analysis."
        )
    return s


SCREEN_RULES = {
    "duplicate_row": "an exact copy of an earlier answer row",
    "duplicate_id": "a respondent identifier that had occurred before (the first submission "
    "was kept)",
    "attention_check": "a wrong answer to an attention-check item",
    "longstring": "a run of more than {longstring} identical answers in a row "
    "[@johnson2005; @curran2016]",
    "irv": "the same answer to every item [@curran2016]",
    "mahalanobis": "a Mahalanobis distance from the sample centre with *p* < {mahalanobis} "
    "[@meade2012]",
    "too_many_missing": "more than {missing_share} of the items of any scale unanswered",
    "listwise_incomplete": "any unanswered scale item, because the models use complete cases",
    "speeder": "a completion time below {speed} seconds",
}


def screening(names, steps: list[str], params: dict) -> tuple[str, list[str], str]:
    """The screens in the order they ran, each with its rule (the count is ``len(steps)``)."""
    items = []
    for s in steps:
        rule = SCREEN_RULES.get(s, s)
        if s == "speeder" and params.get("speed") is None:
            rule = "no completion-time limit was set"
        items.append(f"{names.label('step', s)}: {rule.format(**params)}.")
    intro = (
        f"Before the analysis, the responses passed through {plural(len(steps), 'screen')}, "
        "in this order:"
    )
    outro = (
        "A respondent excluded by one screen is counted there and not again by a later one. "
        "The screens follow the recommendations of [!meade2012] for careless responding."
    )
    return intro, items, outro


def software(version: str, lavaan: str, semopy: str) -> str:
    return (
        f"All analyses ran in surveysem {version}, an open-source Snakemake workflow "
        f"[@molder2021]. Its structural equation engine reproduces the estimates, standard "
        f"errors and fit indices of lavaan {lavaan} [@rosseel2012] to at least three "
        f"decimals; it uses semopy {semopy} [@igolkina2020] to read the model syntax and to "
        "build the model matrices, and computes the estimates, standard errors, fit indices, "
        "effects and bootstrap with its own code."
    )


def measurement_strategy() -> str:
    return (
        "Reliability was assessed with Cronbach's alpha [@cronbach1951], McDonald's omega "
        "[@mcdonald1999] and composite reliability, convergent validity with the average "
        "variance extracted, and discriminant validity with the Fornell–Larcker criterion "
        "[@fornell1981] and the heterotrait–monotrait ratio [@henseler2015]. The item pool "
        "was checked with the Kaiser–Meyer–Olkin measure [@kaiser1974], Bartlett's test of "
        "sphericity [@bartlett1950] and parallel analysis [@horn1965]. Common method bias "
        "was examined with Harman's single-factor test, a one-factor confirmatory model and a "
        "model with an unmeasured latent method factor [@podsakoff2003; @zhou2004]."
    )


def model_strategy(estimator: str, missing: str) -> str:
    return (
        "A confirmatory factor analysis tested the measurement model and a structural "
        "equation model the hypothesized paths, both with lavaan's conventions (the first "
        "loading of each factor fixed to 1, exogenous latent covariances free), estimated by "
        f"{ESTIMATORS[estimator]}; {MISSING[missing]}. Model fit was judged against the cut-offs of "
        "[!hu1999] for good fit (CFI and TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08) and the looser "
        "bounds of [!browne1993] and [!marsh2004] for acceptable fit (CFI and TLI ≥ .90, "
        "RMSEA ≤ .08, SRMR ≤ .10)."
    )


def item_treatment(names, est, sensitivity: bool) -> str:
    """Why the items were treated as ordinal or continuous (the decision of cfa/estimator.csv)."""
    rule = (
        "a scale counts as ordinal when its items have at most five observed answer "
        "categories or an item's skewness exceeds 2 in absolute value [@rhemtulla2012; "
        "@curran1996]"
    )
    met = join([names.scale(x) for x in est.meeting_rule])
    if est.requested in ("WLSMV", "ULSMV"):
        s = f"The study file asked for {est.requested}, so every scale item was treated as ordinal."
    elif est.setting == "true":
        s = "The study file set the items to be ordinal, so every scale item was treated as ordinal."
    elif est.setting == "auto" and est.ordinal:
        s = (
            f"The estimator was chosen by a stated rule: {rule}. {met} met it, so the whole "
            f"model was estimated by {est.estimator}."
        )
    elif est.setting == "auto" and met:
        s = (
            f"The estimator was chosen by a stated rule: {rule}. {met} met it, but the model "
            f"has continuous composites, which this estimator cannot combine with ordinal "
            f"items, so {est.estimator} was kept."
        )
    elif est.setting == "auto":
        s = f"The estimator was chosen by a stated rule: {rule}. No scale met it, so the items were treated as continuous."
    else:
        s = (
            "The items were treated as continuous, which with five or more answer categories "
            "and moderate skew gives estimates close to those of an ordinal model "
            "[@rhemtulla2012]."
        )
    if sensitivity:
        other = (
            "the items treated as continuous (ML)"
            if est.ordinal
            else "the items treated as ordinal (WLSMV)"
        )
        s += f" As a check, the structural model was also estimated with {other} ({{tab:sensitivity}})."
    return s


def effects_strategy(bootstrap: int, ci_level: float) -> str:
    lev = level_pct(ci_level)
    boot = (
        f"Their {lev} confidence intervals are percentile bootstrap intervals from "
        f"{fmt.num(bootstrap, 'int')} resamples of the respondents [@preacher2008], for the "
        "unstandardized (*B*) and the standardized (β) effects alike; a path's test and its "
        "interval of *B* are the Wald test and interval of the fitted model."
        if bootstrap
        else f"Their {lev} confidence intervals are Wald intervals from delta-method standard "
        "errors [@sobel1982]."
    )
    return (
        "The direct effect of one variable on another is its path coefficient; an indirect "
        "effect is the product of the coefficients along a chain of paths through mediators; "
        "the total effect is the sum of the direct and all indirect effects [@bollen1987]. "
        + boot
        + " The effects are associations implied by the model: with data collected on one "
        "occasion they do not establish causes."
    )


def verdict_rule(ci_level: float) -> str:
    lev = level_pct(ci_level)
    return (
        f"One rule judges every hypothesis: it is supported when the {lev} confidence "
        "interval of its estimate excludes zero and the estimate has the expected sign; "
        "paths are judged by their Wald interval, indirect effects by their bootstrap "
        "interval. An effect whose interval excludes zero is called reliable. Its size is "
        "judged separately, by the benchmarks of [!cohen1988] for standardized "
        "coefficients: below .10 negligible, from .10 small, from .30 medium, from .50 "
        "large. A supported effect can therefore be negligible in size."
    )


def groups_strategy(
    names, groups: list[str], scales: list[str], tested: bool, regression: bool = True
) -> str:
    """``regression``: the burnout scales were regressed on the demographics (there is a
    burnout scale)."""
    s = (
        f"{cap(join([lc(names.scale(x)) for x in scales]))} were compared across "
        f"{join([lc(names.demo(g)) for g in groups])} with Welch's *t* test [@welch1947] or "
        "Welch's analysis of variance [@welch1951], with Games–Howell post hoc comparisons "
        "[@games1976] and rank-based tests as a check; effect sizes are Hedges' *g* "
        "[@hedges1981] and ω², and the *p* values are adjusted across all comparisons by "
        "Holm's method [@holm1979]."
    )
    if regression:
        s += (
            " A regression of each burnout scale on all demographics shows which differences "
            "remain when the others are held constant."
        )
    if tested:
        s += (
            " Before the means were compared, the measurement model of these scales was "
            "tested for configural, metric and scalar invariance across the groups: a step "
            "holds when CFI falls by no more than .010 [@cheung2002] and RMSEA rises by no "
            "more than .015 [@chen2007]; when scalar invariance fails, intercepts are freed "
            "one at a time (partial invariance; [-@byrne1989])."
        )
    return s


def model_syntax_intro() -> str:
    return "The structural model, in lavaan syntax, was:"


def mediation_strategy(ci_level: float, competing: bool) -> str:
    """How the mediation hypotheses are reported and how the competing model is judged."""
    s = (
        "For each mediation hypothesis the direct, indirect and total effects are reported "
        "apart. The proportion mediated, the indirect effect divided by the total effect, is "
        f"given only where the {level_pct(ci_level)} CI of the total effect excludes zero and "
        "the two effects share a sign. A reliable indirect effect is full mediation when the "
        "CI of the direct effect includes zero, partial mediation when the direct effect is "
        "reliable with the same sign, and a suppression effect when it is reliable with the "
        "opposite sign [@wen2014]."
    )
    if competing:
        s += (
            " The hypothesized model is also compared with a competing partial-mediation "
            "model, which adds the direct paths the mediation hypotheses imply but the "
            "structural model leaves out; it is fitted with the same estimator and compared by "
            "a chi-square difference test, scaled under MLR [@satorra2001], and the more "
            "parsimonious hypothesized model is kept unless the "
            f"test is significant at α = {fmt.fixed(1 - ci_level, 2, True)}."
        )
    return s
