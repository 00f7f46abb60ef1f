"""The title page, the abstract and the keywords."""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.en.common import against, beta, cap, count_of, join, lc, plural

FIT_WORDS = {"good": "good", "acceptable": "acceptable", "poor": "poor"}
FIT_ADVERB = {"good": "well", "acceptable": "acceptably", "poor": "poorly"}

KEYWORD_SEP = ", "
TITLE_KIND = "Thesis report"
SIMULATED_TITLE = "Simulated demonstration data"
SIMULATED_TEXT = (
    "The respondents in this report do not exist. The numbers illustrate the method and "
    "describe no real population."
)


def data_date(date: str) -> str:
    return f"Data of {date}"


def analysed(n: int) -> str:
    return f"*N* = {fmt.num(n, 'int')} analysed respondents"


def aim(title: str, population: str, n_scales: int, n_items: int) -> str:
    who = f" of {population}" if population else ""
    return (
        f"The study “{title.rstrip('.')}” surveyed a sample{who} with a questionnaire of "
        f"{plural(n_scales, 'scale')} ({plural(n_items, 'item')})."
    )


def sample(received: int, analysed: int) -> str:
    return (
        f"Of the {fmt.num(received, 'int')} questionnaires received, "
        f"{fmt.num(analysed, 'int')} were analysed after data screening."
    )


def fits(cfa: str, sem: str) -> str:
    parts = []
    if cfa:
        parts.append(
            f"confirmatory factor analysis showed {FIT_WORDS[cfa]} fit of the measurement model"
        )
    if sem:
        parts.append(f"the structural equation model fitted the data {FIT_ADVERB[sem]}")
    return cap(join(parts)) + "." if parts else ""


def strongest(names, lever, tied: list, ci_level: float) -> str:
    """The lever with the largest standardized total effect on burnout, and its rivals."""
    lead = (
        f"{lc(names.scale(lever.lever))} (on {lc(names.scale(lever.target))}: "
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)})"
    )
    if not tied:
        return f"Among the stressors and resources, {lead} had the largest total effect on burnout."
    return (
        f"Among the stressors and resources, the largest total effects on burnout were those of "
        f"{lead} and of {join([lc(names.scale(t.lever)) for t in tied])}, of comparable size "
        "(each estimate within the other's confidence interval), so the data do not rank these "
        "levers."
    )


def strongest_outcome(names, lever, tied: list, burnout: bool, ci_level: float) -> str:
    """The strongest lever when no lever's evidence is on burnout: its evidence is a work
    outcome (``burnout``: whether the codebook has a burnout scale at all)."""
    lead = (
        f"{lc(names.scale(lever.lever))} (on {lc(names.scale(lever.target))}: "
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)})"
    )
    s = (
        "No stressor or resource had a reliable total effect on burnout in the direction that "
        "would make acting on it help; on the work outcomes, "
        if burnout
        else "The codebook marks no scale as a burnout dimension, so the stressors and "
        "resources were judged by their total effects on the work outcomes: "
    )
    if not tied:
        return s + f"{lead} had the largest total effect."
    return (
        s + f"the largest total effects were those of {lead} and of "
        f"{join([lc(names.scale(t.lever)) for t in tied])}, of comparable size."
    )


def no_lever(names, opposite: list, ci_level: float) -> str:
    """No lever is supported; ``opposite``: (lever, total effect) of the levers whose reliable
    total effect on burnout runs against their action."""
    if not opposite:
        return "No stressor or resource had a reliable total effect on burnout."
    return (
        "No stressor or resource had a reliable total effect on burnout in the direction that "
        "would make acting on it help. " + against(names, opposite, ci_level)
    )


def no_lever_scales() -> str:
    return (
        "The codebook marks no scale as a stressor or resource, so no lever for intervention "
        "was assessed."
    )


def no_burnout() -> str:
    return (
        "The codebook marks no scale as a burnout dimension, so no stressor or resource was "
        "judged by its effect on burnout."
    )


def hypotheses(
    n: int,
    supported: list[str],
    rejected: list[str],
    fragile: list[str] = (),
    contradicted: list[str] = (),
) -> str:
    """The count of supported hypotheses; ``contradicted``: the rejected ones whose effect
    was reliable but opposite to the hypothesized sign."""
    if not n:
        return ""
    s = count_of(len(supported), n, "hypothesis", "supported", "hypotheses")
    if supported and rejected:
        k = len(rejected)
        s += ("; the exception was " if k == 1 else "; the exceptions were ") + join(rejected)
    s += "."
    if fragile:
        s += (
            f" The support for {join(list(fragile))} rests on the Wald test alone: "
            f"{'its' if len(fragile) == 1 else 'their'} bootstrap confidence "
            f"{'interval includes' if len(fragile) == 1 else 'intervals include'} zero."
        )
    if contradicted:
        one = len(contradicted) == 1
        whose = (
            "Its effect was"
            if n == 1
            else f"The {'effect' if one else 'effects'} of {join(list(contradicted))} "
            + ("was" if one else "were")
        )
        s += f" {whose} reliable but opposite in sign to the hypothesized {'one' if one else 'ones'}."
    return s


def measures(titles: list[str]) -> str:
    if not titles:
        return ""
    return "The measures the estimates support first are to " + join([lc(t) for t in titles]) + "."


def levers_only(names, levers: list) -> str:
    if not levers:
        return ""
    return (
        "The estimates point to "
        + join([lc(names.scale(lv.lever)) for lv in levers])
        + (" as the lever" if len(levers) == 1 else " as the levers")
        + " for intervention."
    )


def simulated() -> str:
    return "The data are simulated for demonstration and describe no real population."


def keywords(names, burnout: list[str], lever: str | None) -> list[str]:
    words = [lc(names.scale(b)) for b in burnout] + ["structural equation modeling"]
    if lever:
        words.append(lc(names.scale(lever)))
    return words
