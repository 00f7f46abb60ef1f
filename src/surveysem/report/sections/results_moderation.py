"""Results, moderation: the interaction, simple slopes, the Johnson–Neyman region, moderated
mediation. Absent when the structural model has no product term (``facts.moderation`` None)."""

from __future__ import annotations

from surveysem.report.context import Context
from surveysem.report.doc import Column, Figure, Section, blocks, para
from surveysem.report.facts_moderation import Interaction
from surveysem.report.tables import table

ARROW = "\u00a0→\u00a0"


def buffering(it: Interaction, h=None) -> bool:
    """Whether the interaction (or the sign its hypothesis expects) weakens the effect of x:
    opposite in sign to the effect of x at the moderator's mean."""
    mid = next((c for c in it.slopes if c.level in ("mean", "p50")), None)
    sign = (h.sign == "-") if h is not None else it.est < 0
    return mid is not None and (mid.est > 0) == sign


def buffering_tests(ctx: Context) -> list:
    """The interactions of a demand with a resource, with the verdict on buffering:
    the hypothesis's (``supported``/``not_supported``), or without one ``found`` when the
    interaction's CI excludes zero and it weakens the demand's effect, else ``not_found``."""
    mod = ctx.facts.moderation
    if mod is None:
        return []
    demands, resources = set(ctx.names.role("stressor")), set(ctx.names.role("resource"))
    out = []
    for it in mod.interactions:
        if {it.x, it.w} & demands and {it.x, it.w} & resources:
            h = it.hypothesis
            if h is not None:
                verdict = "supported" if h.supported else "not_supported"
            else:
                verdict = "found" if it.reliable and buffering(it) else "not_found"
            out.append((it, verdict))
    return out


def _is_latent(ctx: Context, it: Interaction) -> bool:
    est = ctx.results["sem/estimates"]
    latent = set(est.loc[est["op"] == "=~", "lhs"].astype(str))
    return it.x in latent or it.w in latent


def conditional_table(ctx: Context):
    say, mod = ctx.say.moderation, ctx.facts.moderation
    conds = [c for it in mod.interactions for c in it.slopes]
    conds += [c for m in mod.indices for c in m.conditional]
    recs = tuple(
        {
            "effect": ARROW.join(c.chain),
            "level": say.LEVEL.get(c.level, c.level),
            "value": c.value,
            "est": c.est,
            "se": c.se,
            "ci_low": c.ci_low,
            "ci_high": c.ci_high,
            "pvalue": c.p,
        }
        for c in conds
    )
    k = say.COLUMNS
    cols = [
        Column("effect", k["effect"]),
        Column("level", k["level"]),
        Column("value", k["value"], "coef"),
        Column("est", k["est"], "coef"),
        Column("se", k["se"], "coef"),
        Column("ci_low|ci_high", k["ci"], "ci:coef"),
        Column("pvalue", k["p"], "p"),
    ]
    methods = "; ".join(dict.fromkeys(str(c.method) for c in conds))
    return table(ctx, "moderation", cols, recs, method=methods)


def _interaction_paras(ctx: Context, it: Interaction) -> list:
    say, lev, n = ctx.say.moderation, ctx.study.ci_level, ctx.names
    h = it.hypothesis
    out = [
        para(
            say.intro(n, it.x, it.w, it.y, _is_latent(ctx, it)),
            say.interaction(n, it, lev),
            say.r2_change(n, it.y, it.r2_change) if it.r2_change == it.r2_change else "",
            say.verdict(n, h, it, buffering(it, h)) if h is not None else say.no_hypothesis(n, it),
        )
    ]
    if it.slopes:
        out.append(para(say.slopes(n, it, lev)))
    if it.jn is not None:
        out.append(para(say.johnson_neyman(n, it, lev)))
    return out


def _figures(ctx: Context, it: Interaction) -> list:
    say, lev = ctx.say.moderation, ctx.study.ci_level
    out = []
    if it.slopes:
        cap, note = say.fig_slopes(ctx.names, it.x, it.w, it.y, lev)
        out.append(Figure("simple_slopes", "simple_slopes", cap, note))
    if it.jn is not None and it.slopes:
        cap, note = say.fig_jn(ctx.names, it.x, it.w, it.y, lev, it.jn.observed)
        out.append(Figure("johnson_neyman", "johnson_neyman", cap, note))
    return out


def build_moderation(ctx: Context) -> Section | None:
    mod = ctx.facts.moderation
    if mod is None or not mod.interactions:
        return None
    say, n, lev = ctx.say.moderation, ctx.names, ctx.study.ci_level
    first = mod.interactions[0]
    idx = []
    for m in mod.indices:
        idx.append(
            para(
                say.indirect(n, m, lev),
                say.index_verdict(n, m.hypothesis, m) if m.hypothesis is not None else "",
            )
        )
    has_rows = any(it.slopes for it in mod.interactions) or any(m.conditional for m in mod.indices)
    return Section(
        "r-moderation",
        say.TITLE,
        blocks(
            [p for it in mod.interactions for p in _interaction_paras(ctx, it)],
            conditional_table(ctx) if has_rows else None,
            _figures(ctx, first),
            idx,
        ),
    )
