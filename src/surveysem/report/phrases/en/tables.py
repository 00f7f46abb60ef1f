"""Table titles and notes."""

from __future__ import annotations

from surveysem.criteria import (
    CHISQ_DF_LAX,
    FIT_AMOS,
    ITEM_CR_MIN,
    ITEM_TOTAL_MIN,
    MIN_CELL,
    ULMC_DELTA,
)
from surveysem.fmt import num
from surveysem.report.phrases.en.common import level_pct

TITLES = {
    "instruments": "Scales of the questionnaire",
    "flow": "Data screening steps",
    "fixes": "Answers set to missing before screening",
    "sample": "Sample profile",
    "levels": "Levels of the scales: means against the midpoint of the answer scale",
    "corr": "Means, standard deviations and correlations of the scale scores",
    "reliability": "Reliability and convergent validity",
    "htmt": "Heterotrait–monotrait ratios (HTMT)",
    "fl": "Fornell–Larcker criterion",
    "cmb": "Common method bias: one-factor model against the measurement model",
    "ulmc": "Common method bias: the measurement model with and without a latent method factor",
    "fit": "Fit of the measurement and structural models",
    "fit-amos": "Further fit indices of the measurement and structural models",
    "mi": "Largest modification indices of the measurement model",
    "paths": "Structural paths (direct effects)",
    "sensitivity": "Structural paths with the items treated as continuous and as ordinal",
    "hypotheses": "Hypotheses and verdicts",
    "moderation": "Conditional effects at values of the moderator",
    "effects": "Key indirect effects",
    "levers": "Total effects of the stressors and resources (the levers)",
    "invariance": "Measurement invariance across groups",
    "groups": "Group differences: reliable comparisons",
    "recommendations": "Measures in the order of the ranking rule",
    "questionnaire": "Questionnaire items",
    "items": "Item statistics",
    "item-analysis": "Item analysis: critical ratios and corrected item–total correlations",
    "loadings": "Standardized factor loadings of the measurement model",
    "missing": "Missing answers by scale",
    "mediation": "Mediation effects: direct, indirect and total effects",
    "competing": "Hypothesized model against the competing partial-mediation model",
    "effects-all": "Direct, indirect and total effects",
    "invariance-paths": "Hypothesized paths compared across groups",
    "group-desc": "Scale means by group",
    "groups-all": "All group comparisons",
    "posthoc": "Games–Howell comparisons between group levels",
    "regression": "Regression of the burnout scales on the demographics",
    "regression-fit": "Fit of the demographic regressions",
    "diagnostics": "Estimation diagnostics",
    "packages": "Software versions",
    "hashes": "Input files and their SHA-256 digests",
}

FIT_VERSION = {
    (
        "MLR",
        "robust",
    ): "χ² = Yuan–Bentler scaled statistic; CFI, TLI and RMSEA are the robust versions. ",
    (
        "WLSMV",
        "robust",
    ): "χ² = scaled-shifted statistic; CFI, TLI and RMSEA are the robust versions for categorical data [@savalei2021]. ",
    (
        "WLSMV",
        "scaled",
    ): "χ² = scaled-shifted statistic; CFI, TLI and RMSEA from it (the robust versions are undefined here). ",
    (
        "ULSMV",
        "robust",
    ): "χ² = scaled-shifted statistic; CFI, TLI and RMSEA are the robust versions for categorical data [@savalei2021]. ",
    ("ULSMV", "scaled"): "χ² = scaled-shifted statistic; CFI, TLI and RMSEA from it. ",
}
STARS = "* *p* < .05. ** *p* < .01. *** *p* < .001 (two-sided)."


def amos_note(kw) -> str:
    """The note of the AMOS-style indices: which chi-square, the cut-offs with their sources."""
    c = FIT_AMOS
    basis = (
        "χ²/*df*, NFI, IFI, RFI and PNFI use the scaled χ² of {tab:fit} and its *df*. "
        if kw.get("scaled")
        else "χ²/*df* = χ² of {tab:fit} divided by its *df*. "
    )
    gfi = f"GFI and AGFI ≥ {num(c['gfi'].value, 'fit')} [@joreskog1984]; " if kw.get("gfi") else ""
    return (
        basis
        + f"Conventional cut-offs: χ²/*df* < {num(c['chisq_df'].value, 'int')} [@carmines1981]"
        + f" or, by a laxer rule, < {num(CHISQ_DF_LAX.value, 'int')} [@wheaton1977]; {gfi}"
        + f"NFI ≥ {num(c['nfi'].value, 'fit')} [@bentler1980]; IFI ≥ {num(c['ifi'].value, 'fit')} "
        + f"[@bollen1989]; RFI ≥ {num(c['rfi'].value, 'fit')} [@bollen1986]; PNFI ≥ "
        + f"{num(c['pnfi'].value, 'fit')} [@james1982]. These indices depend on sample size and "
        + "model size more than CFI and RMSEA do; they are reported for comparison with other "
        + "studies, and the judgement of fit rests on the indices of {tab:fit}."
    )


def note(key: str, ci_level: float = 0.95, **kw) -> str:
    lev = level_pct(ci_level)
    notes = {
        "instruments": "α = Cronbach's alpha in the analysed sample. Items are listed in {sec:app-items}.",
        "flow": "Screens run in the order shown; a respondent is counted at the first screen that excludes them.",
        "fixes": "Counts of answers; no respondent is identified.",
        "sample": f"*N* = {kw.get('n', '')}. Counts below {MIN_CELL} are shown as “< {MIN_CELL}” and their percentages are suppressed.",
        "levels": f"One-sample *t* tests of each scale mean against the midpoint of its answer scale; *d* = (*M* − midpoint) / *SD*. % = share of respondents scoring above the midpoint. Scale scores are item means{', after reverse scoring' if kw.get('reversed') else ''}.",
        "corr": f"*N* = {kw.get('n', '')}. Scale scores are item means{', after reverse scoring' if kw.get('reversed') else ''}. {STARS}",
        "reliability": f"α = Cronbach's alpha [@cronbach1951] with its {lev} CI; ω = McDonald's omega [@mcdonald1999]; "
        + (
            "α<sub>ord</sub> = ordinal alpha, on the polychoric correlations [@zumbo2007]; ω<sub>cat</sub> = categorical omega [@green2009]; "
            if kw.get("ordinal")
            else ""
        )
        + "CR = composite reliability; AVE = average variance extracted [@fornell1981]. Criteria: α and CR ≥ .70, AVE ≥ .50.",
        "htmt": "Values below .85 support discriminant validity [@henseler2015].",
        "fl": "Diagonal: square root of the AVE; below it: correlations between the latent variables. Discriminant validity holds when each diagonal value exceeds the correlations in its row and column [@fornell1981].",
        "cmb": "Δχ² compares the one-factor model with the measurement model [@podsakoff2003]."
        + (
            " With ordinal items the χ², CFI and RMSEA here are the scaled versions and Δχ² is the scaled difference test, so they differ from the robust indices of {tab:fit}."
            if kw.get("ordinal")
            else ""
        ),
        "fit": FIT_VERSION.get((kw.get("estimator"), kw.get("version")), "")
        + "Good fit: CFI and TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08 [@hu1999]; acceptable: CFI and TLI ≥ .90, RMSEA ≤ .08, SRMR ≤ .10 [@browne1993; @marsh2004].",
        "fit-amos": amos_note(kw),
        "item-analysis": f"High and low groups: the top and bottom 27% of the scale total. CR = critical ratio, Student's *t* of the high against the low group (pooled variance, as SPSS reports it; Welch's *t* is in the result table). *r*<sub>it</sub> = corrected item–total correlation. An item is flagged when CR < {num(ITEM_CR_MIN.value, 'int')} or *p* ≥ .05, or *r*<sub>it</sub> < {num(ITEM_TOTAL_MIN.value, 'r')}.",
        "ulmc": "The method factor loads on every item and is uncorrelated with the constructs [@podsakoff2003]. Δ = with minus without the method factor. "
        + (
            "CFI, TLI and RMSEA are the robust versions, χ² the scaled statistic. "
            if kw.get("robust")
            else ""
        )
        + f"Serious method bias is flagged when CFI or TLI rises by more than {num(ULMC_DELTA['cfi'], 'fit')} or RMSEA or SRMR falls by more than {num(ULMC_DELTA['rmsea'], 'fit')}.",
        "sensitivity": f"β = standardized coefficient; *p* of the Wald test. {kw.get('study', '')} is the study's estimator, {kw.get('other', '')} the other treatment of the items. A path is reliable when its {lev} CI excludes zero.",
        "mi": "For information only; no parameter was freed. MI = expected drop in χ² if the parameter were freed; SEPC = standardized expected parameter change. =~ loading; ~~ (residual) covariance.",
        "paths": f"*B* = unstandardized coefficient with its {lev} Wald CI; β = standardized coefficient with its {lev} bootstrap CI (when a bootstrap was run). {STARS}",
        "hypotheses": f"One rule: supported when the {lev} CI excludes zero and the estimate has the expected sign (paths: Wald CI of *B*; effects: bootstrap CI). β with its bootstrap CI. Size by Cohen's benchmarks for β [@cohen1988].",
        "moderation": f"Moderator values on its mean-centred scale (a latent moderator in its latent metric). *B* with its delta-method *SE* and *p*; {lev} CI: {kw.get('method', '')}.",
        "effects": f"Indirect effects named in the hypotheses, then the largest reliable ones by |β|; β with its {lev} bootstrap CI. All effects: {{tab:effects-all}}.",
        "levers": (
            f"For each stressor and resource, the standardized total effect (direct plus indirect) on the burnout dimension it affects most, with its {lev} bootstrap CI; a lever with no reliable effect on burnout is shown with its strongest reliable effect on a work outcome."
            if kw.get("burnout", True)
            else f"For each stressor and resource, the standardized total effect (direct plus indirect) on the work outcome it affects most, with its {lev} bootstrap CI (the codebook marks no scale as a burnout dimension)."
        )
        + (
            " A lever whose reliable total effect runs against the direction its measure needs is shown with that effect and no rank."
            if kw.get("opposite")
            else ""
        )
        + " Rank = order of the ranking rule of {sec:recommendations}.",
        "invariance": "Each model adds equality constraints to the one above it: configural (same structure), metric (equal loadings), scalar (equal intercepts), partial scalar (some intercepts freed). A step holds when CFI falls by no more than .010 [@cheung2002] and RMSEA rises by no more than .015 [@chen2007].",
        "groups": "Comparisons reliable after Holm's correction across all comparisons [@holm1979]; Welch's *t* test or Welch's ANOVA. *g* = Hedges' *g*; ω² = omega squared. All comparisons: {tab:groups-all}.",
        "recommendations": f"β = the lever's standardized total effect on burnout (on a work outcome when none on burnout is reliable), with its {lev} bootstrap CI. Rank by the rule of this chapter.",
        "questionnaire": "R = reverse-scored (new = min + max − old).",
        "items": "*r*<sub>it</sub> = corrected item–total correlation; λ = standardized CFA loading.",
        "loadings": "The first loading of each factor is fixed to 1, so it has no *SE* or test.",
        "missing": "Received = all responses; analysed = after the respondent screens.",
        "mediation": f"*B* with its {lev} CI; β with its {lev} bootstrap CI where a bootstrap was run. Proportion mediated = indirect / total effect, given only where the CI of the total effect excludes zero and the two share a sign. A direct path that the hypothesized model leaves out is estimated in the competing partial-mediation model (Wald CI); the type of mediation is judged from the CI of the direct effect.",
        "competing": "Fit of the hypothesized model and of the model that adds the direct paths the mediation hypotheses imply. Δ = competing minus hypothesized model (Δχ²: the difference test of the added paths). The more parsimonious model is kept unless Δχ² is significant.",
        "effects-all": f"β with its {lev} bootstrap CI (percentile); *B* with its {lev} CI.",
        "invariance-paths": "Δχ² tests of holding the path equal across the groups (loadings equal in both models); *p*<sub>Holm</sub> adjusts across the paths of one group variable [@holm1979].",
        "group-desc": f"*M* (*SD*) of each scale by group level. Groups with fewer than {MIN_CELL} respondents are suppressed.",
        "groups-all": "*p*<sub>Holm</sub> is adjusted across all comparisons [@holm1979]. ES = effect size: *g* = Hedges' *g* of the second group minus the first, in the order the groups are listed in {tab:group-desc} (*g* > 0: the second scores higher); ω² = omega squared; ε² = epsilon squared; *r*<sub>rb</sub> = rank-biserial correlation. For a Welch *t* test, df1 is its (Welch) degrees of freedom.",
        "posthoc": "For the comparisons reliable after Holm's correction. Diff. = mean of the second level minus mean of the first; *g* = Hedges' *g*.",
        "regression": f"OLS regression of each burnout scale on all demographics (*B*, unstandardized); categorical predictors are dummy-coded against their first level. VIF = variance inflation factor. {STARS}",
        "regression-fit": "",
        "diagnostics": "",
        "packages": "",
        "hashes": "",
    }
    return notes[key]
