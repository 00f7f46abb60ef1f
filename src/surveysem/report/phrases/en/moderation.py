"""Results of moderation: the interaction, simple slopes, the Johnson–Neyman region and
moderated mediation (Hayes's PROCESS vocabulary, APA style)."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import isnum
from surveysem.report.phrases.en.common import cap, coef, effect_stats, join, lc, level_pct

TITLE = "Moderation and moderated mediation"


def fig_slopes(names, x: str, w: str, y: str, ci_level: float) -> tuple[str, str]:
    """Caption and note of the simple-slopes figure."""
    x, w, y = lc(names.scale(x)), lc(names.scale(w)), lc(names.scale(y))
    return (
        f"Simple slopes: the effect of {x} on {y} at low, mean and high {w}",
        f"Lines: predicted {y} (centred) against {x} (centred) at the values of {w} in "
        f"{{tab:moderation}}; bands: the {level_pct(ci_level)} confidence interval of each "
        "simple slope.",
    )


def fig_jn(
    names, x: str, w: str, y: str, ci_level: float, observed: bool = True
) -> tuple[str, str]:
    """Caption and note of the Johnson–Neyman figure."""
    x, w, y = lc(names.scale(x)), lc(names.scale(w)), lc(names.scale(y))
    span = (
        f"shaded: the observed range of {w}"
        if observed
        else f"{w} is latent: its latent scale from −2.5 to +2.5 SD"
    )
    return (
        f"Johnson–Neyman plot: the effect of {x} on {y} across {w}",
        f"The conditional effect of {x} (*B*) with its {level_pct(ci_level)} confidence band "
        f"(Wald, as the bounds); {span}; dashed vertical lines: the Johnson–Neyman bounds.",
    )


LEVEL = {
    "-1 SD": "low (−1 *SD*)",
    "mean": "the mean",
    "+1 SD": "high (+1 *SD*)",
    "p16": "the 16th percentile",
    "p50": "the median",
    "p84": "the 84th percentile",
}
COLUMNS = {
    "effect": "Effect",
    "level": "Moderator",
    "value": "Value",
    "est": "*B*",
    "se": "*SE*",
    "ci": "CI",
    "p": "*p*",
    "method": "CI method",
}


def _level(lev: str) -> str:
    return LEVEL.get(lev, lev)


def _sign(v: float) -> str:
    return "negative" if v < 0 else "positive"


def _value(v: float, sd: float) -> str:
    s = fmt.num(v, "coef")
    if isnum(sd) and sd > 0:
        s += f" ({fmt.num(v / sd, 'coef')} *SD*)"
    return s


def intro(names, x: str, w: str, y: str, latent: bool) -> str:
    how = (
        "a latent product measured by double-mean-centred product indicators"
        if latent
        else "the product of their mean-centred scores"
    )
    return (
        f"To test whether {lc(names.scale(w))} moderates the effect of {lc(names.scale(x))} on "
        f"{lc(names.scale(y))}, the structural model includes the interaction of the two "
        f"({how}) as a predictor of {lc(names.scale(y))} [@bauer2005]."
    )


def interaction(names, it, ci_level: float) -> str:
    stats = effect_stats(
        it.std, it.std_ci_low, it.std_ci_high, it.est, it.ci_low, it.ci_high, ci_level, it.p
    )
    s = f"The interaction was {_sign(it.est)} ({stats})"
    if it.reliable:
        mid = next((c for c in it.slopes if c.level in ("mean", "p50")), None)
        if mid is not None and isnum(mid.est):
            weaker = (it.est < 0) == (mid.est > 0)
            s += (
                f": the higher {lc(names.scale(it.w))}, the "
                f"{'weaker' if weaker else 'stronger'} the effect of {lc(names.scale(it.x))}"
            )
        return s + "."
    return s + f"; its {level_pct(ci_level)} CI includes zero."


def r2_change(names, y: str, value: float) -> str:
    return (
        f"The interaction added Δ*R*² = {fmt.num(value, 'r2')} to the variance of "
        f"{lc(names.scale(y))} explained."
    )


def verdict(names, h, it, buffering: bool) -> str:
    """The hypothesis on the interaction, judged by its row of the hypotheses table."""
    x, w, y = lc(names.scale(it.x)), lc(names.scale(it.w)), lc(names.scale(it.y))
    claim = (
        f"{h.id} predicted that {w} buffers the effect of {x} on {y}"
        if buffering
        else f"{h.id} predicted that {w} strengthens the effect of {x} on {y}"
    )
    if h.supported:
        return f"{claim}; it was supported."
    reason = {
        "ci_zero": "the confidence interval of the interaction includes zero",
        "opposite": "the interaction has the opposite sign and its interval includes zero",
        "opposite_reliable": "the interaction is reliable but opposite in sign to the one expected",
    }.get(h.why, "its verdict is negative")
    what = "buffers" if buffering else "strengthens"
    return f"{claim}; it was not supported: {reason}, so these data do not show that {w} {what} it."


def slopes(names, it, ci_level: float) -> str:
    parts = [
        f"{fmt.num(c.est, 'coef')} {fmt.ci(c.ci_low, c.ci_high, 'coef')} at {_level(c.level)}"
        for c in it.slopes
    ]
    rel = [c for c in it.slopes if c.reliable]
    if len(rel) == len(it.slopes):
        tail = "each interval excludes zero"
    elif not rel:
        tail = "each interval includes zero"
    else:
        tail = "the interval excludes zero only at " + join([_level(c.level) for c in rel])
    return (
        f"The simple slopes of {lc(names.scale(it.x))} on {lc(names.scale(it.y))} (*B*, "
        f"{level_pct(ci_level)} CI) were "
        + join(parts)
        + f" of {lc(names.scale(it.w))}; "
        + tail
        + " ({tab:moderation}, {fig:simple_slopes})."
    )


def johnson_neyman(names, it, ci_level: float) -> str:
    jn, sd = it.jn, it.sd
    x, w, y = lc(names.scale(it.x)), lc(names.scale(it.w)), lc(names.scale(it.y))
    lev = level_pct(ci_level)
    head = "By the Johnson–Neyman technique [@bauer2005], "
    if not jn.roots:
        if jn.everywhere:
            return head + (
                f"the {lev} CI of the effect of {x} on {y} excludes zero at every value of {w}: "
                "the equation has no real root ({fig:johnson_neyman})."
            )
        return head + (
            f"the {lev} CI of the effect of {x} on {y} includes zero at every value of {w}: the "
            "equation has no real root, so there is no region of significance "
            "({fig:johnson_neyman})."
        )
    bounds = join([_value(v, sd) for v in sorted(jn.roots)])
    s = head + (
        f"the {lev} CI of the effect of {x} on {y} crosses zero where {w} (centred) equals "
        f"{bounds} ({{fig:johnson_neyman}})."
    )
    out = sorted(jn.outside)
    if out:
        below = [v for v in out if v < jn.observed_min]
        sides = (["below the lowest"] if below else []) + (
            ["above the highest"] if len(below) < len(out) else []
        )
        which = "This bound lies" if len(out) == 1 else "Both bounds lie"
        s += (
            f" {which} {join(sides, 'or')} observed value of {w} "
            f"({fmt.num(jn.observed_min, 'coef')} to {fmt.num(jn.observed_max, 'coef')}), "
            "outside the data."
        )
    region = jn.region()
    if not jn.observed:
        s += " " + _latent_region(w, region, jn.share)
        return s
    if not region:
        s += " Within the observed range the effect is significant nowhere."
    elif region == ((jn.observed_min, jn.observed_max),):
        s += " Within the observed range the effect is significant throughout."
    else:
        segs = join([f"from {fmt.num(a, 'coef')} to {fmt.num(b, 'coef')}" for a, b in region])
        s += f" Within the observed range it is significant for {w} {segs}."
    if isnum(jn.share):
        s += f" The effect is significant for {fmt.pct(jn.share)} of the respondents."
    return s


def _latent_region(w: str, region, share: float) -> str:
    """Where the effect is significant on a latent moderator's scale (no observed range)."""
    segs = []
    for a, b in region:
        if a == float("-inf") and b == float("inf"):
            segs.append("at every value")
        elif a == float("-inf"):
            segs.append(f"below {fmt.num(b, 'coef')}")
        elif b == float("inf"):
            segs.append(f"above {fmt.num(a, 'coef')}")
        else:
            segs.append(f"from {fmt.num(a, 'coef')} to {fmt.num(b, 'coef')}")
    s = f"{cap(w)} is a latent variable, so the bounds are on its latent scale (mean 0); " + (
        f"the effect is significant for {w} {join(segs, 'and')}"
        if segs
        else "the effect is significant nowhere"
    )
    if isnum(share):
        s += f", which under the model-implied normal distribution of {w} is {fmt.pct(share)} of the respondents"
    return s + "."


def indirect(names, m, ci_level: float) -> str:
    via = join([lc(names.scale(c)) for c in m.chain[1:-1]])
    x, y, w = (
        lc(names.scale(m.chain[0])),
        lc(names.scale(m.chain[-1])),
        lc(names.scale(m.moderator)),
    )
    parts = [
        f"{fmt.num(c.est, 'coef')} {fmt.ci(c.ci_low, c.ci_high, 'coef')} at {_level(c.level)}"
        for c in m.conditional
    ]
    s = ""
    if parts:
        s = (
            f"The indirect effect of {x} on {y} through {via} was " + join(parts) + f" of {w} "
            "({tab:moderation}). "
        )
    s += (
        f"The index of moderated mediation [@hayes2015] was "
        f"{coef(m.est, m.ci_low, m.ci_high, ci_level)} ({m.method}); its interval "
        f"{'excludes' if m.reliable else 'includes'} zero"
    )
    if m.reliable:
        return s + f", so the indirect effect depends on {w}."
    return s + f", so these data do not show that the indirect effect depends on {w}."


def index_verdict(names, h, m) -> str:
    w = lc(names.scale(m.moderator))
    if h.supported:
        return f"{h.id}, that {w} moderates this indirect effect, was supported."
    return f"{h.id}, that {w} moderates this indirect effect, was not supported."


def no_hypothesis(names, it) -> str:
    return "No hypothesis names this interaction; it is reported as estimated, without a verdict."
