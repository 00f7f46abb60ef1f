"""Chapter 5: what the estimates mean, in associational terms and within what was tested."""

from __future__ import annotations

from surveysem.report.phrases.en.common import beta, cap, join, lc

CHAPTER = "Discussion"


def levers(names, top, tied: list, rest: list, ci_level: float) -> str:
    lead = (
        f"{lc(names.scale(top.lever))} (on {lc(names.scale(top.target))}: "
        f"{beta(top.std, top.std_ci_low, top.std_ci_high, ci_level)})"
    )
    if tied:
        s = (
            f"Of the stressors and resources in the model, the largest total effects on burnout "
            f"were those of {lead} and of {join([lc(names.scale(t.lever)) for t in tied])}; "
            "these were of comparable size (each estimate within the other's confidence "
            "interval), so these data do not rank them."
        )
    else:
        s = f"Of the stressors and resources in the model, {lead} had the largest total effect on burnout."
    smaller = [t for t in rest if t.target_role == "burnout"]
    outcome = [t for t in rest if t.target_role != "burnout"]
    if smaller:
        were = "was" if len(smaller) == 1 else "were"
        s += (
            f" The total {'effect' if len(smaller) == 1 else 'effects'} of "
            f"{join([lc(names.scale(t.lever)) for t in smaller])} on burnout {were} reliable "
            f"but smaller than that of {lc(names.scale(top.lever))}."
        )
    for t in outcome:
        s += (
            f" {cap(names.scale(t.lever))} had no reliable total effect on burnout; its reliable "
            f"total effect was on {lc(names.scale(t.target))} "
            f"({beta(t.std, t.std_ci_low, t.std_ci_high, ci_level)})."
        )
    return s


def no_levers() -> str:
    return (
        "No stressor or resource had a reliable total effect on burnout, so these data point "
        "to no lever for intervention."
    )


def jdr(names, demands: list[str], resources: list[str], null: list[str], tested: bool) -> str:
    parts = []
    if demands:
        parts.append(
            f"demands ({join([lc(names.scale(d)) for d in demands])}) were associated with more burnout"
        )
    if resources:
        parts.append(f"resources ({join([lc(names.scale(r)) for r in resources])}) with less")
    s = ""
    if parts:
        s = (
            "In the terms of the job demands–resources model, "
            + join(parts)
            + ", as its health-impairment process predicts [@bakker2007]."
        )
    if null:
        s += (
            f" {join([names.scale(n) for n in null])} had no reliable total effect on burnout, "
            "which these data leave unexplained."
        )
    if not tested:
        s += (
            " The model contains main effects only, so whether the resources buffer the "
            "effect of the demands, as the model also predicts, remains open here."
        )
    return s.strip()


def buffering(names, x: str, w: str, y: str, verdict: str, hid: str) -> str:
    """The buffering prediction of the job demands–resources model, as the interaction of a
    demand with a resource was judged (``supported``, ``not_supported``; without a
    hypothesis ``found`` or ``not_found``)."""
    x, w, y = lc(names.scale(x)), lc(names.scale(w)), lc(names.scale(y))
    ref = f"({hid}; {{sec:r-moderation}})" if hid else "({sec:r-moderation})"
    if verdict in ("supported", "found"):
        return (
            f"The model also predicts that resources buffer the effect of the demands, and so "
            f"they did here: the higher {w}, the weaker the association of {x} with {y} "
            f"{ref}. Being cross-sectional, this is a pattern of association, not "
            "proof of a protective mechanism [@bakker2007]."
        )
    return (
        f"The model also predicts that resources buffer the effect of the demands, but these "
        f"data do not show that {w} buffers the association of {x} with {y} {ref}; this does not show that no buffering exists, only that this "
        "sample cannot distinguish it from zero."
    )


def burnout_core(names, pairs: list) -> str:
    parts = [f"{lc(names.scale(q.x))} with {lc(names.scale(q.y))} ({beta(q.std)})" for q in pairs]
    return (
        "Among the burnout dimensions, the paths associated "
        + join(parts)
        + ", in line with the view of exhaustion as the core of burnout [@maslach2001]; data "
        "from one occasion cannot show which dimension comes first."
    )


def outcomes(names, totals: list, ci_level: float) -> str:
    parts = []
    for e, direct_null in totals:
        s = (
            f"{lc(names.scale(e.chain[0]))} on {lc(names.scale(e.chain[-1]))} "
            f"({beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)}"
        )
        s += (
            ", carried by the indirect paths, since the direct path was not reliable)"
            if direct_null
            else ")"
        )
        parts.append(s)
    return (
        "Burnout was associated with the work outcomes through the whole model: the reliable "
        "total effects included those of " + join(parts) + "."
    )


def unsupported(ids: list[str]) -> str:
    one = len(ids) == 1
    return (
        f"For {join(ids)} the data give no evidence; this does not show that the "
        f"{'effect is' if one else 'effects are'} absent, only that this sample cannot "
        f"distinguish {'it' if one else 'them'} from zero."
    )


def negligible(ids: list[str]) -> str:
    return (
        f"{join(ids)} {'was' if len(ids) == 1 else 'were'} supported but negligible in size: "
        "reliable, yet too small to matter much in practice."
    )


def eri(names, supported: list[str], null: list[str]) -> str:
    s = ""
    if supported:
        s = (
            f"In line with the effort–reward imbalance model [@siegrist1996], "
            f"{join([lc(names.scale(c)) for c in supported])} had a reliable total effect on "
            "burnout over and above the other demands."
        )
    if null:
        s += (
            f" Contrary to that model, {join([lc(names.scale(c)) for c in null])} had no "
            "reliable total effect."
        )
    return s.strip()


def transactional(names, supported: list[str], null: list[str]) -> str:
    if supported:
        return (
            f"The reliable association of {join([lc(names.scale(c)) for c in supported])} with "
            "lower burnout fits the transactional model, which places part of the remedy in "
            "appraisal and coping [@lazarus1984]."
        )
    if null:
        return (
            f"{join([names.scale(c) for c in null])} had no reliable total effect, so these "
            "data do not support the role the transactional model gives to coping [@lazarus1984]."
        )
    return ""


def groups(k: int, n: int, largest: str) -> str:
    if not k:
        return (
            "Burnout and the outcomes did not differ reliably between the groups compared, so "
            "the measures below need not be targeted at particular groups."
        )
    return (
        f"Group differences were few ({k} of {n} comparisons reliable after Holm's "
        f"correction) and at most {largest} in size, so group membership explains little of "
        "the variation in burnout."
    )
