"""Chapter 7 (limitations), the references and the appendices."""

from __future__ import annotations

from surveysem.report.phrases.en.common import count_of, join, lc

LIMITATIONS = "Limitations"
REFERENCES = "References"
APP_ITEMS = "Questionnaire items"
APP_TABLES = "Supplementary tables"
APP_SOFTWARE = "Software and reproducibility"


def simulated() -> str:
    return (
        "The data are simulated for demonstration. The estimates show how the analysis "
        "works; they say nothing about real respondents, and no measure here should be acted "
        "on."
    )


def cross_sectional() -> str:
    return (
        "The design is cross-sectional: the paths are consistent with the order the model "
        "assumes but cannot establish it, and none of the associations is shown to be causal; "
        "a longitudinal or cross-lagged design would be needed for that."
    )


def self_report(method_factor_ruled_out: bool) -> str:
    if method_factor_ruled_out:
        return (
            "All constructs were measured by self-report in one questionnaire; the one-factor "
            "tests argued against a dominant method factor, but they are weak tests "
            "[@podsakoff2003]."
        )
    return (
        "All constructs were measured by self-report in one questionnaire, and the one-factor "
        "test did not rule out common method variance [@podsakoff2003]."
    )


def poor_fit() -> str:
    return "The structural model did not fit well, so its coefficients should be read with caution."


def warnings(n: int) -> str:
    return (
        f"The estimation raised {n} warning{'s' if n != 1 else ''} ({{tab:diagnostics}}), which "
        f"{'qualifies' if n == 1 else 'qualify'} the affected estimates."
    )


def fragile(paths: list[str]) -> str:
    if len(paths) == 1:
        return (
            f"The verdict on the path {paths[0]} depends on the method of inference: its Wald "
            "and bootstrap intervals disagree on whether zero is excluded."
        )
    return (
        f"The verdicts on the paths {join(paths)} depend on the method of inference: their "
        "Wald and bootstrap intervals disagree on whether zero is excluded."
    )


def invariance(names, groups: list[str]) -> str:
    return (
        f"Scalar invariance did not hold across {join([lc(names.demo(g)) for g in groups])}, "
        "so mean differences between "
        "those groups may partly reflect how the items work in each."
    )


def small_groups(n: int, min_cell: int) -> str:
    if n == 1:
        return (
            f"One group was very small (fewer than {min_cell} respondents), so comparisons "
            "involving it are uninformative and its statistics are suppressed."
        )
    return (
        f"Some groups were very small ({n} with fewer than {min_cell} respondents), so "
        "comparisons involving them are uninformative and their statistics are suppressed."
    )


def sampling(population: str) -> str:
    who = population or "the population studied"
    return (
        f"The respondents are not a probability sample of {who}; the findings generalize to "
        "other regions and occupations only as far as those settings resemble this one."
    )


QUESTIONNAIRE = "Questionnaire"
PART_BACKGROUND = "Part 1: About you"
PART_ITEMS = "Part 2: Your work"
ATTENTION = "Attention checks"


def items_intro() -> str:
    return (
        "The questionnaire as the respondents saw it: the instructions, the background "
        "questions, and the items of each scale in questionnaire order with their answer "
        "labels; R marks items that were reverse-scored."
    )


def answers(anchors: dict) -> str:
    """The answer labels of a scale: ``1 = strongly disagree, …, 5 = strongly agree``."""
    return "Answers: " + ", ".join(f"{k:g} = {v}" for k, v in sorted(anchors.items())) + "."


def background_question(question: str, options: list[str]) -> str:
    return f"{question} " + "  ".join(f"□ {o}" for o in options) if options else f"{question} ____"


def attention_item(text: str, answer: str) -> str:
    return f"{text} (correct answer: {answer})"


def no_wording() -> str:
    return "(wording not given in the codebook)"


def untranslated(keys: list[str]) -> str:
    return (
        f"These {len(keys)} fields have no text in the report's language, so their English text "
        "was printed: " + ", ".join(keys) + "."
    )


def tables_intro() -> str:
    return "The tables below complete those of the results chapter."


def software_intro() -> str:
    return (
        "Every number in this report comes from the result tables of one run of the workflow "
        "and was formatted only when the report was written; rerunning it on the same inputs "
        "gives the same report, byte for byte. The inputs are identified by their SHA-256 "
        "digests."
    )


PROVENANCE = {
    "git_commit": "Git commit",
    "git_state": "Working tree",
    "seed": "Random seed",
    "data_date": "Date of the data",
    "python": "Python",
}


CONCLUSION = "Conclusions and outlook"
FINDINGS = "Main findings"
OUTLOOK = "Outlook"


def findings_fit(cfa: str, sem: str) -> str:
    words = {"good": "good", "acceptable": "acceptable", "poor": "poor"}
    if cfa == sem:
        return f"Both the measurement model and the structural model showed {words.get(cfa, 'undetermined')} fit."
    return (
        f"The measurement model showed {words.get(cfa, 'undetermined')} fit and the structural "
        f"model {words.get(sem, 'undetermined')} fit."
    )


def findings_hypotheses(n: int, k: int, contradicted: list[str] = ()) -> str:
    """``contradicted``: the hypotheses whose effect was reliable but of the opposite sign."""
    s = count_of(k, n, "hypothesis", "supported", "hypotheses")
    if contradicted:
        one = len(contradicted) == 1
        s += (
            f"; the {'effect' if one else 'effects'} of {join(list(contradicted))} "
            f"{'was' if one else 'were'} reliable but opposite in sign to the hypothesized "
            f"{'one' if one else 'ones'}"
        )
    return s + "."


def findings_lever(names, lever, tied: list, burnout: bool = True) -> str:
    """The strongest lever; its evidence may be a work outcome (``burnout``: whether the
    codebook has a burnout scale)."""
    if lever.target_role != "burnout":
        levers = [lc(names.scale(t.lever)) for t in (lever, *tied)]
        head = (
            "No lever had a reliable total effect on burnout in the direction its measure needs"
            if burnout
            else "The codebook marks no burnout scale"
        )
        return (
            f"{head}; the largest total {'effects' if tied else 'effect'} on the work outcomes "
            f"{'were those' if tied else 'was that'} of {join(levers)}."
        )
    if tied:
        levers = [lc(names.scale(t.lever)) for t in (lever, *tied)]
        return (
            f"The largest total effects on burnout were those of {join(levers)}, of comparable "
            "size; the data do not rank them."
        )
    return f"The lever with the largest total effect on burnout was {lc(names.scale(lever.lever))}."


def findings_mediation(k: int, n: int) -> str:
    return count_of(k, n, "specific indirect effect", "reliable") + "."


def findings_buffering(names, x: str, w: str, y: str, verdict: str) -> str:
    """The buffering test as a main finding (``supported``/``found`` or not)."""
    x, w, y = names.scale(x), lc(names.scale(w)), lc(names.scale(y))
    if verdict in ("supported", "found"):
        return f"{x} was less strongly associated with {y} the higher {w} (a buffering effect)."
    return f"The data do not show that {w} buffers the association of {lc(x)} with {y}."


def outlook(buffering_tested: bool) -> list[str]:
    out = [
        "A longitudinal or cross-lagged design would show whether the associations found "
        "here hold over time and in which direction they run.",
        "The measures proposed here can be evaluated with the indicators named for each, "
        "ideally in a design that compares units with and without the measure.",
    ]
    if not buffering_tested:
        out.insert(
            1,
            "Whether resources buffer the effect of demands on burnout, as the job "
            "demands–resources model predicts, needs interaction terms in the model.",
        )
    return out
