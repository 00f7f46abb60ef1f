"""Results of the structural model: paths, hypotheses, and direct, indirect and total effects."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import isnum
from surveysem.report.phrases.en.common import (
    beta,
    chain_text,
    coef,
    comparable,
    count_of,
    effect_stats,
    join,
    lc,
    p,
    plural,
    was,
)

STRUCTURAL = "Structural model"
HYPOTHESES = "Hypotheses"
EFFECTS = "Indirect and total effects"
FIG_PATHS = "Structural model with standardized path coefficients (direct effects)"


def r2(names, y: str, value: float) -> str:
    return (
        f"Together, the predictors of {lc(names.scale(y))} explained "
        f"{fmt.pct(value)} of its variance (*R*² = {fmt.num(value, 'r2')})."
    )


def direct_predictors(names, y: str, reliable: list) -> str:
    if not reliable:
        return f"None of the direct paths to {lc(names.scale(y))} was reliable."
    parts = [f"{lc(names.scale(q.x))} ({beta(q.std)})" for q in reliable]
    if len(parts) == 1:
        return f"The only reliable direct predictor of {lc(names.scale(y))} was {parts[0]}."
    return (
        f"The reliable direct predictors of {lc(names.scale(y))}, by the size of their point "
        f"estimates, were {join(parts)}; where their confidence intervals overlap, this order "
        "is not a ranking."
    )


def null_direct(names, y: str, with_total: list, without: list, ci_level: float) -> list[str]:
    """Direct paths whose CI includes zero, kept apart from the total effects of the same pair."""
    out = []
    for q in with_total:
        t = q.total
        out.append(
            f"{names.scale(q.x)} had no reliable direct effect on {lc(names.scale(y))} "
            f"({beta(q.std)}, {p(q.p)}), but its total effect, which adds the paths through "
            f"the mediators, was reliable ({beta(t.std, t.std_ci_low, t.std_ci_high, ci_level)})."
        )
    mediated = [q for q in without if q.mediated]
    plain = [q for q in without if not q.mediated]
    if plain:
        out.append(
            f"{join([names.scale(q.x) for q in plain])} had no reliable effect on "
            f"{lc(names.scale(y))}: the confidence interval of "
            + ("its path" if len(plain) == 1 else "each path")
            + " includes zero."
        )
    if mediated:
        out.append(
            f"{join([names.scale(q.x) for q in mediated])} had neither a reliable direct nor a "
            f"reliable total effect on {lc(names.scale(y))}."
        )
    return out


def fragile(names, q) -> str:
    wald = "excludes" if q.reliable else "includes"
    boot = "does not" if q.reliable else "does"
    return (
        f"The path from {lc(names.scale(q.x))} to {lc(names.scale(q.y))} is fragile: its Wald "
        f"interval {wald} zero but its bootstrap interval {boot}, so its verdict rests on the "
        "method of inference and should be read with caution."
    )


def paths_table_note() -> str:
    return "{fig:path_diagram} shows the standardized paths and {tab:paths} the estimates."


# --------------------------------------------------------------------------- hypotheses
def hypotheses_summary(n: int, supported: list[str], rejected: list[str]) -> str:
    s = count_of(len(supported), n, "hypothesis", "supported", "hypotheses")
    if not supported or not rejected:
        return s + " ({tab:hypotheses})."
    k = len(rejected)
    return s + f" and {fmt.num(k, 'int')} {was(k)} not ({join(rejected)}; {{tab:hypotheses}})."


KIND_WORD = {"path": "path", "direct": "direct effect", "indirect": "indirect effect"}


def hypothesis(names, h, ci_level: float) -> str:
    mod = f" | {h.moderator}" if h.moderator else ""
    what = f"{h.id} ({chain_text(h.chain)}{mod})"
    stats = effect_stats(
        h.std, h.std_ci_low, h.std_ci_high, h.est, h.ci_low, h.ci_high, ci_level, h.p
    )
    if not isnum(h.std):  # an index of moderated mediation has no standardized value
        stats = coef(h.est, h.ci_low, h.ci_high, ci_level)
    kind = KIND_WORD.get(h.kind, "effect")
    if h.supported:
        if h.size == "negligible":
            return (
                f"{what} was supported, but the {kind} is negligible in size ({stats}), below "
                "the .10 benchmark of a small effect [@cohen1988]."
            )
        return f"{what} was supported: {stats}" + (f"; {h.size} in size." if h.size else ".")
    reason = {
        "ci_zero": "the confidence interval of its estimate includes zero",
        "opposite": "its estimate has the opposite sign to the one expected and its interval "
        "includes zero",
        "opposite_reliable": "the effect is reliable but opposite in sign to the one expected",
    }[h.why]
    s = f"{what} was not supported: {reason} ({stats})"
    if h.why == "ci_zero":
        s += "; these data give no evidence for it, which does not show that it is absent"
    return s + "."


def hypothesis_total(names, h, ci_level: float) -> str:
    """A path hypothesis whose direct path is null while the total effect is reliable."""
    x, y = h.chain[0], h.chain[-1]
    return (
        f"The total effect of {lc(names.scale(x))} on {lc(names.scale(y))}, which adds the "
        f"paths through the mediators, was reliable "
        f"({beta(h.total_std, h.total_std_ci_low, h.total_std_ci_high, ci_level)}), but "
        f"{h.id} states the direct path."
    )


def hypothesis_fragile(h) -> str:
    return (
        f"The verdict on {h.id} is fragile: its Wald and bootstrap intervals disagree on "
        "whether zero is excluded."
    )


# --------------------------------------------------------------------------- effects
def indirect_summary(k: int, reliable: int, method: str) -> str:
    if k == 1:
        return (
            f"The model implies 1 specific indirect effect; its confidence interval ({method}) "
            f"{'excludes' if reliable else 'includes'} zero ({{tab:effects}})."
        )
    return (
        f"The model implies {plural(k, 'specific indirect effect')}; the confidence intervals "
        f"of {fmt.num(reliable, 'int')} of them ({method}) exclude zero ({{tab:effects}})."
    )


def largest_indirect(names, effects: list, ci_level: float) -> str:
    parts = []
    for e in effects:
        via = join([lc(names.scale(c)) for c in e.chain[1:-1]])
        parts.append(
            f"{lc(names.scale(e.chain[0]))} on {lc(names.scale(e.chain[-1]))} through {via} "
            f"({beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)})"
        )
    return (
        "The indirect effects with the largest point estimates were those of "
        + join(parts)
        + (
            "; they are of comparable size (in each pair, one estimate lies within the other's confidence interval), so the data do not rank them."
            if comparable(effects)
            else "."
        )
        if len(parts) > 1
        else "The indirect effect with the largest point estimate was that of " + parts[0] + "."
    )


def negligible_indirect(n_small: int, n_reliable: int) -> str:
    return (
        f"Of the {fmt.num(n_reliable, 'int')} reliable indirect effects, "
        f"{fmt.num(n_small, 'int')} are below .10 in standardized size, negligible by the "
        "benchmarks of {sec:m-analysis}."
    )


def levers_intro(burnout: bool = True) -> str:
    """``burnout``: the codebook has a burnout scale (else the evidence is the outcomes)."""
    what = (
        "the burnout dimension it affects most"
        if burnout
        else "the work outcome it affects most (the codebook marks no scale as a burnout dimension)"
    )
    return (
        f"{{tab:levers}} gives, for every stressor and resource, its total effect on {what}; "
        "these total effects are the evidence that {sec:recommendations} builds on."
    )


def appendix_effects() -> str:
    return "Every direct, indirect and total effect of the model is listed in {tab:effects-all}."


def sensitivity(names, sens, ci_level: float) -> str:
    what = {
        "WLSMV": "with the items treated as ordinal (WLSMV)",
        "ULSMV": "with the items treated as ordinal (ULSMV)",
    }.get(sens.other, f"with the items treated as continuous ({sens.other})")
    n = len(sens.paths)
    s = f"Estimated {what}, "
    if not sens.changed:
        who = {1: "the structural path kept its verdict", 2: "neither structural path changed "
               "its verdict"}.get(n, f"none of the {n} structural paths changed its verdict")  # fmt: skip
        s += (
            f"{who}, and the standardized coefficients differed by at most "
            f"{fmt.num(sens.max_difference, 'std')} ({{tab:sensitivity}})."
        )
        return s
    moved = [f"{q.x} → {q.y}" for q in sens.changed]
    which = "the structural path" if n == 1 else f"{len(moved)} of the {n} structural paths"
    s += (
        f"{which} changed verdict ({join(moved)}; "
        "{tab:sensitivity}): "
        + ("its" if len(moved) == 1 else "their")
        + " reliability depends on how the items are treated, and "
        + ("it is" if len(moved) == 1 else "they are")
        + " to be read with that caution."
    )
    return s


# --------------------------------------------------------------------------- mediation
MEDIATION = "Mediation effects"

MEDIATION_TYPE = {
    "full": "full mediation: the direct effect's confidence interval includes zero",
    "partial": "partial mediation: the direct effect is reliable as well and has the sign of "
    "the indirect effect",
    "suppression": "a suppression effect: the direct and indirect effects are both reliable "
    "and opposite in sign",
    "none": "no mediation: the confidence interval of the indirect effect includes zero",
}
NO_PROPORTION = {
    "total_ci_zero": "the confidence interval of the total effect includes zero",
    "sign": "the indirect and total effects differ in sign",
}


def mediation_intro() -> str:
    return (
        "{tab:mediation} keeps the direct, indirect and total effect of each hypothesized "
        "mediation apart. The proportion mediated is the indirect effect's share of the total "
        "effect; it is given only where the total effect is reliable and has the sign of the "
        "indirect effect."
    )


def _stats(part, ci_level: float) -> str:
    return effect_stats(
        part.std, part.std_ci_low, part.std_ci_high, part.est, part.ci_low, part.ci_high, ci_level
    )


def mediation(names, m, ci_level: float) -> str:
    """One hypothesized mediation: its three effects, the proportion mediated, the type."""
    x, y = lc(names.scale(m.chain[0])), lc(names.scale(m.chain[-1]))
    via = join([lc(names.scale(c)) for c in m.chain[1:-1]])
    s = (
        f"For {m.id}, the indirect effect of {x} on {y} through {via} was "
        f"{_stats(m.indirect, ci_level)}; "
    )
    if m.direct_source == "fixed to 0 by the model":
        s += "the model has no direct path, so the direct effect is zero by the model; "
    elif m.direct_source == "competing model":
        s += (
            "the direct effect, estimated in the competing partial-mediation model because the "
            f"hypothesized model has no direct path, was {_stats(m.direct, ci_level)}; "
        )
    else:
        s += f"the direct effect was {_stats(m.direct, ci_level)}; "
    s += f"the total effect was {_stats(m.total, ci_level)}."
    if isnum(m.proportion):
        s += (
            f" The indirect effect is {fmt.pct(m.proportion)} of the total effect "
            "(proportion mediated)."
        )
    elif m.proportion_reason in NO_PROPORTION:
        s += f" No proportion mediated is given: {NO_PROPORTION[m.proportion_reason]}."
    return s + f" This is {MEDIATION_TYPE[m.type]}."


TEST_NAME = {
    "chi-square difference": "chi-square difference test",
    "Satorra-Bentler (2001) scaled difference": "Satorra–Bentler (2001) scaled chi-square "
    "difference test",
    "Satorra (2000) scaled-shifted difference, as lavTestLRT": "scaled-shifted chi-square "
    "difference test (Satorra, 2000)",
}


def competing(names, c) -> str:
    """The competing partial-mediation model and which model the data favor."""
    ends = [[t.strip() for t in q.split("~")] for q in c.paths_added]
    paths = join([f"from {lc(names.scale(x))} to {lc(names.scale(y))}" for y, x in ends])
    s = (
        f"A competing partial-mediation model adds the direct {_paths_word(c)} {paths}, which the "
        "mediation hypotheses imply but the hypothesized model leaves out ({tab:competing}). "
    )
    if isnum(c.delta_pvalue):
        s += (
            f"The {TEST_NAME.get(c.test, c.test)} gave Δχ²({fmt.num(c.delta_df, 'df')}) = "
            f"{fmt.num(c.delta_chisq, 'chisq')}, {p(c.delta_pvalue)}; ΔCFI = "
            f"{fmt.num(c.delta_cfi, 'fit')}, ΔRMSEA = {fmt.num(c.delta_rmsea, 'fit')}. "
        )
    else:
        s += "No difference test is available for this estimator. "
    rule = (
        "the more parsimonious model is kept unless the difference test is significant at "
        f"α = {fmt.fixed(c.alpha, 2, True)}"
    )
    if c.preferred == "competing":
        return s + f"The data favor the partial-mediation model ({rule})."
    return s + f"The data favor the more parsimonious hypothesized model ({rule})."


def _paths_word(c) -> str:
    return "path" if len(c.paths_added) == 1 else "paths"
