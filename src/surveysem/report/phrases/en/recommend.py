"""Chapter 6: the measures the estimates support, by one stated rule."""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.en.common import beta, join, lc

CHAPTER = "Recommendations"
CHAPTER_LEVERS = "Implications for practice"
UNSUPPORTED = "Measures the estimates do not support"
LEVEL_TITLES = {
    "organizational": "Organizational measures",
    "social": "Social measures",
    "occupational": "Occupational measures",
    "individual": "Individual measures",
}
MEASURES = "Measures in order"
FIELDS = {
    "level": "Level",
    "actor": "Responsible",
    "target": "Target",
    "indicator": "Indicator",
    "evidence": "Evidence",
    "source": "Source",
}


def rule(member: str) -> list[str]:
    who = member or "employee"
    return [
        "Each measure acts on one lever: a stressor to be reduced or a resource to be "
        "strengthened. A measure is proposed only when its lever's total effect on a burnout "
        "dimension (or, when none is reliable, on a work outcome) is reliable and runs in the "
        "direction that makes the measure help; the total effect adds the lever's direct path "
        "and every indirect path through the model ({sec:r-effects}). The measures are ranked "
        "by the size of that standardized total effect; measures whose evidence is an effect "
        "on a work outcome only come after those with evidence on burnout.",
        "Where two levers' effects are of comparable size (either estimate lies within the "
        "other's confidence interval), the data do not separate them, and the measures are "
        "then ordered by the level of the measure itself (who carries it out, which can differ "
        "from the level of the lever it acts on): organizational first, then social, "
        f"occupational and individual. A measure's place therefore need not equal its lever's "
        f"place in {{tab:levers}}. Organizational measures change the conditions every "
        f"{who} works under, whereas individual measures ask the strained {who} to adapt; "
        "burnout is mainly a response to the work situation [@maslach2001], and programmes "
        "aimed at individuals alone have short-lived effects [@awa2010].",
    ]


def overview(n_sup: int, n_all: int, ranked_titles: list[str]) -> str:
    if n_all == 1:
        s = f"The one measure considered is {'' if n_sup else 'not '}supported by the estimates"
        s += " ({tab:recommendations})"
    else:
        s = (
            f"Of the {fmt.num(n_all, 'int')} measures considered, {fmt.num(n_sup, 'int')} "
            f"{'is' if n_sup == 1 else 'are'} supported by the estimates ({{tab:recommendations}})"
        )
    if len(ranked_titles) == 1:
        s += "; it is to " + lc(ranked_titles[0])
    elif ranked_titles:
        s += "; in the order of the rule, the first are to " + join([lc(t) for t in ranked_titles])
    return s + "."


def evidence(names, lever, rank: int, n: int, ci_level: float, size: str) -> str:
    s = (
        f"total effect of {lc(names.scale(lever.lever))} on {lc(names.scale(lever.target))}, "
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}; measure {rank} of {n}"
    )
    if size == "negligible":
        s += "; reliable but negligible in size"
    return s


def no_measure(names, levers: list) -> str:
    return (
        "The estimates also support "
        + join([lc(names.scale(lv.lever)) for lv in levers])
        + " as "
        + ("a lever" if len(levers) == 1 else "levers")
        + ", for which no measure is proposed here; "
        + ("it is a candidate" if len(levers) == 1 else "they are candidates")
        + " for measures of the reader's own design."
    )


REASONS = {
    "not_in_model": "its lever is not in the structural model",
    "wrong_direction": "its lever's reliable total effects run against the direction the measure needs",
    "not_reliable": "no total effect of its lever on a burnout dimension or outcome is reliable",
}


def not_supported(names, title: str, lever: str, reason: str) -> str:
    return f"__{title}__ ({lc(names.scale(lever))}): not proposed, because {REASONS.get(reason, reason)}."


def none_supported() -> str:
    return "None of the measures considered is supported by a reliable total effect in these data."


def lever_item(names, lever, ci_level: float) -> str:
    verb = "Reducing" if lever.role == "stressor" else "Strengthening"
    return (
        f"{verb} {lc(names.scale(lever.lever))}: its total effect on "
        f"{lc(names.scale(lever.target))} was "
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}."
    )


def levers_intro() -> str:
    return (
        "No catalogue of measures was prepared for this study, so this chapter names the levers "
        "for which the estimates give evidence, in the order of the rule above; measures acting "
        "on them have to be designed for the setting."
    )
