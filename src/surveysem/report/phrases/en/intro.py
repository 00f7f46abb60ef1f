"""Chapter 1: background, research questions and hypotheses."""

from __future__ import annotations

from surveysem.report.phrases.en.common import chain_text, join, lc, plural

CHAPTER = "Introduction"
BACKGROUND = "Background"
QUESTIONS = "Research questions and hypotheses"


def generic_background(names, population: str) -> str:
    """A background paragraph built from the study's own constructs (no study text given)."""
    stress = [lc(names.scale(s)) for s in names.role("stressor")]
    res = [lc(names.scale(s)) for s in names.role("resource")]
    burn = [lc(names.scale(s)) for s in names.role("burnout")]
    out = [lc(names.scale(s)) for s in names.role("outcome")]
    parts = []
    if stress:
        parts.append(f"{join(stress)}, as demands,")
    if res:
        parts.append(f"{join(res)}, as resources,")
    s = f"This study examines how {' and '.join(parts) or 'the constructs of its questionnaire'} relate"
    if burn:
        s += f" to {join(burn)}"
    if out:
        s += f" and to {join(out)}"
    return s + f" among {population or 'its respondents'}."


def scope(n_scales: int, n_items: int, measures: bool) -> str:
    s = (
        f"The study measures {plural(n_scales, 'construct')} with "
        f"{plural(n_items, 'questionnaire item')} ({{tab:instruments}}) and estimates their "
        "relations in a structural equation model"
    )
    if measures:
        s += ", so that measures can be chosen by the evidence rather than by intuition"
    return s + "."


def rq_levers(names, exo: list[str], burnout: list[str]) -> str:
    what = join([lc(names.scale(x)) for x in exo])
    if len(exo) == 1 and burnout:
        return f"Is {what} associated with {join([lc(names.scale(b)) for b in burnout])}?"
    if burnout:
        return f"Which of {what} are associated with {join([lc(names.scale(b)) for b in burnout])}?"
    return f"How are {what} associated with the other constructs of the model?"


def rq_mediation(names, mediators: list[str]) -> str:
    meds = join([lc(names.scale(m)) for m in mediators])
    return (
        f"Are these associations carried through {meds}, that is, are there indirect effects "
        "as well as direct ones?"
    )


def rq_groups(names, scales: list[str], groups: list[str]) -> str:
    return (
        f"Do {join([lc(names.scale(s)) for s in scales])} differ by "
        f"{join([lc(names.demo(g)) for g in groups])}?"
    )


def rq_measures(catalogue: bool) -> str:
    if catalogue:
        return "Which measures do these estimates support, and in which order?"
    return "Which levers for intervention do these estimates point to, and in which order?"


def hypotheses_intro(n: int) -> str:
    return (
        f"The study states {plural(n, 'hypothesis', 'hypotheses')}, each tied to one path or "
        "one effect of the model; {sec:hypotheses} judges them ({tab:hypotheses})."
    )


def hypothesis_item(hid: str, chain: tuple[str, ...], sign: str, text: str) -> str:
    s = "+" if sign == "+" else "−"
    return f"__{hid}__ ({chain_text(chain)}, expected sign {s}): {text}"


def no_hypotheses() -> str:
    return "The study states no hypotheses; the analysis is exploratory."
