"""Chapter 5: what the estimates mean, in associational terms and within what was tested."""

from __future__ import annotations

from surveysem.report.phrases.en.common import against, beta, cap, join, lc

CHAPTER = "Discussion"


def levers(
    names, top, tied: list, rest: list, ci_level: float, burnout: bool = True, opposite=()
) -> str:
    """The strongest supported lever, its rivals and the other supported ones; ``burnout``:
    the codebook has a burnout scale (without one, this follows :func:`no_burnout`); ``opposite``: (lever, total effect) of the levers whose
    reliable total effect on burnout runs against their action."""
    lead = (
        f"{lc(names.scale(top.lever))} (on {lc(names.scale(top.target))}: "
        f"{beta(top.std, top.std_ci_low, top.std_ci_high, ci_level)})"
    )
    if top.target_role != "burnout":
        s = (
            "No stressor or resource had a reliable total effect on burnout in the direction "
            "that would make acting on it help; of their total effects on the work outcomes, "
            if burnout
            else "Instead, the stressors and resources are judged here by their total effects "
            "on the work outcomes: "
        )
        s += (
            f"those of {lead} and of {join([lc(names.scale(t.lever)) for t in tied])} were the "
            "largest, of comparable size."
            if tied
            else f"that of {lead} was the largest."
        )
    elif tied:
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
        stats = f"({beta(t.std, t.std_ci_low, t.std_ci_high, ci_level)})"
        if t.opposite:
            s += (
                f" The reliable total effect of {lc(names.scale(t.lever))} in the direction its "
                f"measure needs was on {lc(names.scale(t.target))} {stats}."
            )
        elif burnout and top.target_role == "burnout":
            s += (
                f" {cap(names.scale(t.lever))} had no reliable total effect on burnout; its "
                f"reliable total effect was on {lc(names.scale(t.target))} {stats}."
            )
        else:
            s += (
                f" The reliable total effect of {lc(names.scale(t.lever))} was on "
                f"{lc(names.scale(t.target))} {stats}."
            )
    if opposite:
        s += " " + against(names, list(opposite), ci_level)
    return s


def no_levers(names, opposite, ci_level: float) -> str:
    """No lever is supported; ``opposite`` as in :func:`levers`."""
    if not opposite:
        return (
            "No stressor or resource had a reliable total effect on burnout, so these data "
            "point to no lever for intervention."
        )
    return (
        "No stressor or resource had a reliable total effect on burnout in the direction that "
        "would make acting on it help, so these data point to no lever for intervention. "
        + against(names, list(opposite), ci_level)
    )


def no_burnout() -> str:
    return (
        "The codebook marks no scale as a burnout dimension, so these data cannot show how "
        "the stressors and resources relate to burnout, and the predictions of the burnout "
        "theories are not examined here."
    )


def jdr(
    names,
    demands: list[str],
    resources: list[str],
    null: list[str],
    tested: bool,
    against_demands: list[str] = (),
    against_resources: list[str] = (),
) -> str:
    """The health-impairment process: demands with more burnout, resources with less;
    ``null``: no reliable total effect on burnout; ``against_*``: a reliable one in the
    direction opposite to the model's."""
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
    contrary = []
    if against_demands:
        contrary.append(
            f"demands ({join([lc(names.scale(d)) for d in against_demands])}) were associated "
            "with less burnout, not more"
        )
    if against_resources:
        contrary.append(
            f"resources ({join([lc(names.scale(r)) for r in against_resources])}) "
            + ("with" if against_demands else "were associated with")
            + " more burnout, not less"
        )
    if contrary:
        s += (
            " Contrary to the model's health-impairment process [@bakker2007], "
            + ", and ".join(contrary)
            + ": their total effects on burnout were reliable but in the opposite direction."
        )
    if null:
        s += (
            f" {cap(join([lc(names.scale(n)) for n in null]))} had no reliable total effect on "
            "burnout, which these data leave unexplained."
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


def contradicted(ids: list[str]) -> str:
    """Hypotheses whose effect was reliable but opposite in sign to the hypothesized one."""
    one = len(ids) == 1
    return (
        f"For {join(ids)} the data point the other way: "
        f"{'its effect was' if one else 'their effects were'} reliable but opposite in sign "
        f"to the hypothesized {'one' if one else 'ones'}, so the data contradict "
        f"{'this hypothesis' if one else 'these hypotheses'} rather than merely failing to "
        f"distinguish {'the effect' if one else 'the effects'} from zero."
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


def eri(names, supported: list[str], null: list[str], contrary: list[str] = ()) -> str:
    """``contrary``: constructs whose reliable total effect on burnout runs opposite to the
    model's prediction."""
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
    if contrary:
        s += (
            f" The total {'effect' if len(contrary) == 1 else 'effects'} of "
            f"{join([lc(names.scale(c)) for c in contrary])} on burnout "
            f"{'was' if len(contrary) == 1 else 'were'} reliable but opposite in direction to "
            "the model's prediction."
        )
    return s.strip()


def transactional(names, supported: list[str], null: list[str], contrary: list[str] = ()) -> str:
    """``contrary`` as in :func:`eri`."""
    if contrary and not supported:
        return (
            f"The total {'effect' if len(contrary) == 1 else 'effects'} of "
            f"{join([lc(names.scale(c)) for c in contrary])} on burnout "
            f"{'was' if len(contrary) == 1 else 'were'} reliable but ran opposite to the "
            "direction the transactional model gives to coping [@lazarus1984]."
        )
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


def groups(k: int, n: int, largest: str, not_compared: list[str] = ()) -> str:
    """``k`` of ``n`` comparisons reliable; ``not_compared``: the labels of the group
    variables no comparison could run for (fewer than two usable levels)."""
    s = ""
    if not_compared:
        s = (
            f"Whether burnout and the outcomes differ by {join([lc(g) for g in not_compared])} could not "
            "be examined: fewer than two of the groups had answers to compare."
        )
        if not n:
            return s
        s += " "
    if not k:
        return s + (
            "Burnout and the outcomes did not differ reliably between the groups compared, so "
            "the measures below need not be targeted at particular groups."
        )
    return s + (
        f"Group differences were few ({k} of {n} "
        f"{'comparison' if n == 1 else 'comparisons'} reliable after Holm's correction) and "
        f"at most {largest} in size, so group membership explains little of the variation "
        "in burnout."
    )
