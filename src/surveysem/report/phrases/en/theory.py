"""Chapter 2: the theories the study draws on, each tied to the study's own constructs."""

from __future__ import annotations

from surveysem.report.phrases.en.common import join, lc

CHAPTER = "Theoretical background"
HYPOTHESES = "Research hypotheses"
TITLES = {
    "burnout": "The dimensions of burnout",
    "jdr": "Job demands–resources",
    "eri": "Effort–reward imbalance",
    "transactional": "The transactional model of stress",
}


def burnout(names, measured: list[str], sequence: list[tuple[str, str]]) -> list[str]:
    out = [
        "Burnout is a prolonged response to chronic interpersonal stressors at work, with "
        "three dimensions: emotional exhaustion, depersonalization or cynicism (a detached "
        "attitude towards the people served and the work) and reduced professional efficacy "
        "[@maslach1981; @maslach2001]. Exhaustion is the central strain; depersonalization is "
        "read as a way of distancing oneself from work that exhausts [@maslach2001]."
    ]
    if measured:
        out.append(f"This study measures {join([lc(names.scale(b)) for b in measured])}.")
    if sequence:
        pairs = join([f"{lc(names.scale(a))} to {lc(names.scale(b))}" for a, b in sequence])
        out.append(
            f"Its structural model lets paths run from {pairs}, following that reading; "
            "with data from one occasion these paths describe associations, not a sequence "
            "in time."
        )
    return out


def jdr(names, demands: list[str], resources: list[str], buffering_tested: bool) -> list[str]:
    out = [
        "The job demands–resources (JD-R) model sorts working conditions into demands, which "
        "require sustained effort and carry physiological and psychological costs, and "
        "resources, which help to reach work goals, reduce demands or stimulate growth "
        "[@demerouti2001]. Demands drive an energy-depleting process that leads to "
        "exhaustion; resources drive a motivational process and are expected to buffer the "
        "effect of demands on strain [@bakker2007]."
    ]
    parts = []
    if demands:
        parts.append(f"{join([lc(names.scale(d)) for d in demands])} as demands")
    if resources:
        parts.append(f"{join([lc(names.scale(r)) for r in resources])} as resources")
    if parts:
        out.append(f"This study treats {join(parts)}.")
    if resources and demands:
        out.append(
            "It tests the buffering hypothesis with interaction terms."
            if buffering_tested
            else "Its model contains main effects only: the buffering of demands by resources "
            "is not tested here."
        )
    return out


def eri(names, constructs: list[str]) -> list[str]:
    out = [
        "The effort–reward imbalance model holds that strain arises when high effort meets "
        "low reward in pay, esteem and career opportunities [@siegrist1996]."
    ]
    if constructs:
        out.append(
            f"In this study, {join([lc(names.scale(c)) for c in constructs])} "
            f"{'is' if len(constructs) == 1 else 'are'} the closest measures of rewards that "
            "fall short of effort, so the model expects "
            + ("it" if len(constructs) == 1 else "them")
            + " to be associated with exhaustion over and above the other demands."
        )
    return out


def transactional(names, constructs: list[str]) -> list[str]:
    out = [
        "In the transactional model, stress is a property of the transaction between person "
        "and environment: a demand becomes a stressor when it is appraised as threatening and "
        "one's coping resources as insufficient [@lazarus1984]."
    ]
    if constructs:
        out.append(
            f"This is why {join([lc(names.scale(c)) for c in constructs])}, an individual "
            "resource, appears in the model beside the working conditions."
        )
    return out
