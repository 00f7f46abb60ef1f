"""Results, third part: the structural model, the hypotheses, indirect and total effects."""

from __future__ import annotations

from surveysem.criteria import isnum
from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Column, Figure, Section, blocks, para
from surveysem.report.tables import col, table

ARROW = "\u00a0→\u00a0"  # no line break inside a path in a table cell


def _outcome_text(ctx: Context, y: str) -> list[str]:
    say, f = ctx.say.models, ctx.facts
    paths = [q for q in f.paths if q.y == y]
    rel = sorted((q for q in paths if q.reliable), key=lambda q: -abs(q.std))
    null = [q for q in paths if not q.reliable]
    with_total = [q for q in null if q.mediated and q.total is not None and q.total.reliable]
    without = [q for q in null if q not in with_total]
    out = [say.direct_predictors(ctx.names, y, rel)]
    out += say.null_direct(ctx.names, y, with_total, without, ctx.study.ci_level)
    if y in f.r2:
        out.append(say.r2(ctx.names, y, f.r2[y]))
    out += [say.fragile(ctx.names, q) for q in paths if q.fragile]
    return out


def paths_table(ctx: Context):
    recs = []
    for q in ctx.facts.paths:
        recs.append(
            {
                "path": (q.x + ARROW + q.y).replace(":", " × "),
                "est": q.est,
                "se": q.se,
                "ci_low": q.ci_low,
                "ci_high": q.ci_high,
                "pvalue": q.p,
                "std_all": q.std,
                "std_ci_low": q.std_ci_low,
                "std_ci_high": q.std_ci_high,
            }
        )
    cols = [
        col(ctx, "path", "path"),
        col(ctx, "est", "b", "coef"),
        col(ctx, "se", "se", "coef"),
        Column("ci_low|ci_high", ctx.names.label("column", "ci_b"), "ci:coef"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "std_all", "beta", "stars:std"),
    ]
    if any(isnum(r["std_ci_low"]) for r in recs):
        cols.append(
            Column("std_ci_low|std_ci_high", ctx.names.label("column", "ci_beta"), "ci:std")
        )
    return table(ctx, "paths", cols, recs)


def sensitivity_table(ctx: Context):
    """The structural paths under the study's estimator and under the other item treatment."""
    sens = ctx.facts.sensitivity
    recs = [
        {"path": q.x + ARROW + q.y, "std": q.std, "p": q.p, "other_std": q.other_std,
         "other_p": q.other_p}
        for q in sens.paths
    ]  # fmt: skip
    cols = [
        col(ctx, "path", "path"),
        Column("std", f"β ({sens.study})", "std"),
        Column("p", f"*p* ({sens.study})", "p"),
        Column("other_std", f"β ({sens.other})", "std"),
        Column("other_p", f"*p* ({sens.other})", "p"),
    ]
    return table(ctx, "sensitivity", cols, tuple(recs), study=sens.study, other=sens.other)


def build_structural(ctx: Context) -> Section:
    say, f = ctx.say.models, ctx.facts
    outcomes = list(dict.fromkeys(q.y for q in f.paths))
    return Section(
        "r-structural",
        say.STRUCTURAL,
        blocks(
            para(ctx.say.measurement.model_fit(f.sem_fit)) if f.sem_fit else None,
            [para(*_outcome_text(ctx, y)) for y in outcomes],
            para(say.paths_table_note()),
            Figure("path_diagram", "path_diagram", say.FIG_PATHS),
            paths_table(ctx),
            para(say.sensitivity(ctx.names, f.sensitivity, ctx.study.ci_level))
            if f.sensitivity
            else None,
            sensitivity_table(ctx) if f.sensitivity else None,
        ),
    )


def hypotheses_table(ctx: Context):
    say = ctx.names
    recs = []
    for h in ctx.facts.hypotheses:
        recs.append(
            {
                "id": h.id,
                "what": ARROW.join(h.chain).replace(":", " × ")
                + (f" | {h.moderator}" if h.moderator else ""),
                "sign": "+" if h.sign == "+" else "−",
                "est": h.est,
                "ci_low": h.ci_low,
                "ci_high": h.ci_high,
                "std_all": h.std,
                "std_ci_low": h.std_ci_low,
                "std_ci_high": h.std_ci_high,
                "pvalue": h.p,
                "size": ctx.say.common.SIZE.get(h.size, h.size),
                "verdict": say.label("verdict", "supported" if h.supported else "not_supported"),
            }
        )
    cols = [
        col(ctx, "id", "hypothesis"),
        col(ctx, "what", "path"),
        col(ctx, "sign", "expected"),
        col(ctx, "est", "b", "coef"),
        Column("ci_low|ci_high", ctx.names.label("column", "ci_b"), "ci:coef"),
        col(ctx, "std_all", "beta", "std"),
        Column("std_ci_low|std_ci_high", ctx.names.label("column", "ci_beta"), "ci:std"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "size", "size"),
        col(ctx, "verdict", "verdict"),
    ]
    return table(ctx, "hypotheses", cols, recs)


def build_hypotheses(ctx: Context) -> Section | None:
    hyp = ctx.facts.hypotheses
    if not hyp:
        return None
    say, lev = ctx.say.models, ctx.study.ci_level
    items = []
    for h in hyp:
        s = say.hypothesis(ctx.names, h, lev)
        if h.kind == "path" and not h.supported and isnum(h.total_ci_low):
            t = ctx.facts.total(h.chain[0], h.chain[-1])
            med = any(
                q.x == h.chain[0] and q.y == h.chain[-1] and q.mediated for q in ctx.facts.paths
            )
            if med and t is not None and t.reliable:
                s += " " + say.hypothesis_total(ctx.names, h, lev)
        if h.fragile:
            s += " " + say.hypothesis_fragile(h)
        items.append(s)
    sup = [h.id for h in hyp if h.supported]
    rej = [h.id for h in hyp if not h.supported]
    return Section(
        "hypotheses",
        say.HYPOTHESES,
        blocks(
            para(say.hypotheses_summary(len(hyp), sup, rej)),
            Bullets(tuple(items), style="verdicts"),
            hypotheses_table(ctx),
        ),
    )


def key_effects(ctx: Context) -> list:
    named = [h.chain for h in ctx.facts.hypotheses if h.kind == "indirect"]
    ind = ctx.facts.indirect
    first = [e for c in named for e in ind if e.chain == c]
    rest = sorted((e for e in ind if e.reliable and e not in first), key=lambda e: -abs(e.std))
    return first + rest[:10]


def _effect_rows(effects) -> tuple[dict, ...]:
    return tuple(
        {
            "effect": ARROW.join(e.chain),
            "kind": e.kind,
            "est": e.est,
            "ci_low": e.ci_low,
            "ci_high": e.ci_high,
            "std_all": e.std,
            "std_ci_low": e.std_ci_low,
            "std_ci_high": e.std_ci_high,
        }
        for e in effects
    )


def effect_columns(ctx: Context) -> list[Column]:
    return [
        col(ctx, "effect", "effect"),
        col(ctx, "est", "b", "coef"),
        Column("ci_low|ci_high", ctx.names.label("column", "ci_b"), "ci:coef"),
        col(ctx, "std_all", "beta", "std"),
        Column("std_ci_low|std_ci_high", ctx.names.label("column", "ci_beta"), "ci:std"),
    ]


def levers_table(ctx: Context):
    names = ctx.names
    against = {lv.lever: e for lv, e in ctx.facts.opposite if not lv.supported}
    recs = []
    for lv in ctx.facts.levers:
        e = against.get(lv.lever)  # unsupported: the reliable effect against the measure
        recs.append(
            {
                "lever": names.scale(lv.lever),
                "target": names.scale(e.chain[-1] if e else lv.target) if e or lv.target else "",
                "std_all": e.std if e else lv.std,
                "std_ci_low": e.std_ci_low if e else lv.std_ci_low,
                "std_ci_high": e.std_ci_high if e else lv.std_ci_high,
                "rank": lv.rank,
            }
        )
    cols = [
        col(ctx, "lever", "lever"),
        col(ctx, "target", "outcome"),
        col(ctx, "std_all", "beta", "std"),
        Column("std_ci_low|std_ci_high", ctx.names.label("column", "ci_beta"), "ci:std"),
        col(ctx, "rank", "rank", "int"),
    ]
    burnout = bool(ctx.names.role("burnout"))
    return table(ctx, "levers", cols, recs, opposite=bool(against), burnout=burnout)


def build_effects(ctx: Context) -> Section | None:
    f, say, lev = ctx.facts, ctx.say.models, ctx.study.ci_level
    ind = f.indirect
    if not ind:
        return None
    rel = [e for e in ind if e.reliable]
    top = sorted(rel, key=lambda e: -abs(e.std))[:3]
    small = [e for e in rel if e.size == "negligible"]
    key = key_effects(ctx)
    t = table(ctx, "effects", [c for c in effect_columns(ctx)], _effect_rows(key))
    return Section(
        "r-effects",
        say.EFFECTS,
        blocks(
            para(
                say.indirect_summary(len(ind), len(rel), ind[0].method),
                say.largest_indirect(ctx.names, top, lev) if top else "",
                say.negligible_indirect(len(small), len(rel)) if small else "",
                say.appendix_effects(),
            ),
            t,
            para(say.levers_intro(bool(ctx.names.role("burnout")))) if f.levers else None,
            levers_table(ctx) if f.levers else None,
        ),
    )


def all_effects_table(ctx: Context):
    cols = [col(ctx, "kind", "kind")] + effect_columns(ctx)
    order = {"direct": 0, "indirect": 1, "total": 2}
    effects = sorted(
        (e for e in ctx.facts.effects if e.kind in order),  # indices: the moderation section
        key=lambda e: (e.chain[0], e.chain[-1], order.get(e.kind, 3)),
    )
    recs = [dict(r, kind=ctx.names.label("kind", r["kind"])) for r in _effect_rows(effects)]
    return table(ctx, "effects-all", cols[1:2] + cols[:1] + cols[2:], tuple(recs))


def mediation_table(ctx: Context):
    """Direct, indirect and total effect of each hypothesized mediation (three rows each)."""
    names, recs = ctx.names, []
    for m in ctx.facts.mediation:
        x, y = m.chain[0], m.chain[-1]
        for kind, part in (("indirect", m.indirect), ("direct", m.direct), ("total", m.total)):
            first = kind == "indirect"
            recs.append(
                {
                    "id": m.id if first else "",
                    "kind": names.label("kind", kind),
                    "effect": ARROW.join(m.chain) if first else x + ARROW + y,
                    "est": part.est,
                    "ci_low": part.ci_low,
                    "ci_high": part.ci_high,
                    "std_all": part.std,
                    "std_ci_low": part.std_ci_low,
                    "std_ci_high": part.std_ci_high,
                    "proportion": m.proportion if first and isnum(m.proportion) else None,
                    "type": names.label("mediation", m.type) if first else "",
                }
            )
    cols = [
        col(ctx, "id", "hypothesis"),
        col(ctx, "kind", "kind"),
        col(ctx, "effect", "effect"),
        col(ctx, "est", "b", "coef"),
        Column("ci_low|ci_high", names.label("column", "ci_b"), "ci:coef"),
        col(ctx, "std_all", "beta", "std"),
        Column("std_ci_low|std_ci_high", names.label("column", "ci_beta"), "ci:std"),
        col(ctx, "proportion", "proportion_mediated", "pct"),
        col(ctx, "type", "mediation_type"),
    ]
    return table(ctx, "mediation", cols, tuple(recs))


def competing_table(ctx: Context):
    c, names = ctx.facts.competing, ctx.names
    recs = []
    for model, fit in zip(("hypothesised", "competing"), c.fits, strict=True):
        r = dict(fit, model=names.label("mediation", model))
        delta = model == "competing"
        r |= {
            "delta_chisq": c.delta_chisq if delta else None,
            "delta_df": c.delta_df if delta else None,
            "delta_pvalue": c.delta_pvalue if delta else None,
            "delta_cfi": c.delta_cfi if delta else None,
            "delta_rmsea": c.delta_rmsea if delta else None,
        }
        recs.append(r)
    cols = [
        col(ctx, "model", "model"),
        col(ctx, "chisq", "chisq", "chisq"),
        col(ctx, "df", "df", "df"),
        col(ctx, "cfi", "cfi", "fit"),
        col(ctx, "tli", "tli", "fit"),
        col(ctx, "rmsea", "rmsea", "fit"),
        col(ctx, "srmr", "srmr", "fit"),
        col(ctx, "aic", "aic", "ic"),
        col(ctx, "bic", "bic", "ic"),
        col(ctx, "delta_chisq", "delta_chisq", "chisq"),
        col(ctx, "delta_df", "delta_df", "df"),
        col(ctx, "delta_pvalue", "p", "p"),
        col(ctx, "delta_cfi", "delta_cfi", "fit"),
        col(ctx, "delta_rmsea", "delta_rmsea", "fit"),
    ]
    return table(ctx, "competing", cols, tuple(recs))


def build_mediation(ctx: Context) -> Section | None:
    """The mediation hypotheses as a committee reads them: direct, indirect and total
    effects, the proportion mediated, the type, and the competing partial-mediation model."""
    f, say, lev = ctx.facts, ctx.say.models, ctx.study.ci_level
    if not f.mediation and f.competing is None:
        return None
    return Section(
        "r-mediation",
        say.MEDIATION,
        blocks(
            para(say.mediation_intro(), *(say.mediation(ctx.names, m, lev) for m in f.mediation))
            if f.mediation
            else None,
            mediation_table(ctx) if f.mediation else None,
            para(say.competing(ctx.names, f.competing)) if f.competing else None,
            competing_table(ctx) if f.competing else None,
        ),
    )
