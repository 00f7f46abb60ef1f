"""Results, first part: data screening, the sample, scale levels and correlations."""

from __future__ import annotations

from surveysem.report.context import Context
from surveysem.report.doc import Column, Figure, Para, Section, blocks, para
from surveysem.report.tables import col, rows, suppress, table


def _flow_table(ctx: Context):
    flow = ctx.results["clean/flow"].copy()
    flow["step"] = [ctx.names.label("step", s) for s in flow["step"]]
    cols = [
        col(ctx, "step", "screen"),
        col(ctx, "n_before", "before", "int"),
        col(ctx, "n_excluded", "excluded", "int"),
        col(ctx, "n_after", "after", "int"),
    ]
    return table(ctx, "flow", cols, flow)


def _fixes_table(ctx: Context):
    recs = [{"reason": ctx.names.label("fix", r), "n": n} for r, n in ctx.facts.counts.fixes]
    if not recs:
        return None
    return table(
        ctx, "fixes", [col(ctx, "reason", "correction"), col(ctx, "n", "answers", "int")], recs
    )


def build_screening(ctx: Context) -> Section:
    say = ctx.say.data
    return Section(
        "r-screening",
        say.SCREENING,
        blocks(
            Para(tuple(say.screening(ctx.facts.counts, ctx.names))),
            Figure("flow", "flow", say.FIG_FLOW),
            _flow_table(ctx),
            _fixes_table(ctx),
        ),
    )


def _sample_rows(ctx: Context) -> tuple[dict, ...]:
    prof = ctx.results["scores/sample"].copy()
    names = ctx.names
    prof["level"] = [
        names.label("misc", "mean_sd") if not isinstance(lv, str) or lv == ""
        else names.label("misc", "missing_level") if lv == "missing" else names.level(v, lv)
        for v, lv in zip(prof["variable"], prof["level"], strict=True)
    ]  # fmt: skip
    prof["variable"] = [names.demo(v) for v in prof["variable"]]
    return suppress(rows(prof), ["n", "share"])


def build_sample(ctx: Context) -> Section | None:
    if not ctx.results.nonempty("scores/sample"):
        return None
    cols = [
        col(ctx, "level", "level"),
        col(ctx, "n", "n", "int"),
        col(ctx, "share", "share", "pct"),
        col(ctx, "mean", "mean", "mean"),
        col(ctx, "sd", "sd", "mean"),
    ]
    t = table(
        ctx, "sample", cols, _sample_rows(ctx), group_by="variable", n=ctx.facts.counts.analysed
    )
    return Section(
        "r-sample",
        ctx.say.data.SAMPLE,
        blocks(para(ctx.say.data.sample(ctx.facts.counts.analysed)), t),
    )


def correlation_rows(ctx: Context) -> tuple[list[str], tuple[dict, ...]]:
    desc = ctx.results["scores/descriptives"].set_index("scale")
    cor = ctx.results["scores/correlations"]
    names = list(desc.index)
    r = {
        (a, b): (v, p)
        for a, b, v, p in zip(cor["scale_a"], cor["scale_b"], cor["r"], cor["pvalue"], strict=True)
    }
    recs = []
    for i, a in enumerate(names):
        row = {"num": i + 1, "scale": a, "mean": desc.loc[a, "mean"], "sd": desc.loc[a, "sd"]}
        for j, b in enumerate(names[:i]):
            v, p = r.get((b, a)) or r.get((a, b))
            row[f"c{j + 1}"], row[f"pc{j + 1}"] = v, p
        recs.append(row)
    return names, tuple(recs)


def levels_table(ctx: Context, reversed_: bool):
    desc = ctx.results["scores/descriptives"].copy()
    desc["label"] = [ctx.names.scale(s) for s in desc["scale"]]
    cols = [
        col(ctx, "scale", "scale"),
        col(ctx, "label", "construct"),
        col(ctx, "mean", "mean", "mean"),
        col(ctx, "sd", "sd", "mean"),
        col(ctx, "share_above_midpoint", "above_mid", "pct"),
        col(ctx, "t_midpoint", "t", "stat"),
        col(ctx, "df_midpoint", "df", "df"),
        col(ctx, "p_midpoint", "p", "p"),
        col(ctx, "d_midpoint", "d", "es"),
    ]
    return table(ctx, "levels", cols, desc, reversed=reversed_)


def build_levels(ctx: Context) -> Section:
    """The level of each burnout dimension and of its sources (the 现状 of a Chinese thesis)."""
    say = ctx.say.data
    reversed_ = any(s.reverse for s in ctx.codebook.scales)
    sources = ctx.names.role("stressor") + ctx.names.role("resource")
    text = say.levels(
        ctx.names, ctx.results["scores/descriptives"], ctx.names.role("burnout"), sources
    )
    return Section("r-levels", say.LEVELS, blocks(para(*text), levels_table(ctx, reversed_)))


def build_descriptives(ctx: Context) -> Section:
    say = ctx.say.data
    names, recs = correlation_rows(ctx)
    cols = [
        Column("num", "", "int"),
        col(ctx, "scale", "scale"),
        col(ctx, "mean", "mean", "mean"),
        col(ctx, "sd", "sd", "mean"),
    ]
    cols += [Column(f"c{j}", str(j), "corr") for j in range(1, len(names))]
    reversed_ = any(s.reverse for s in ctx.codebook.scales)
    corr = table(
        ctx, "corr", cols, recs, landscape=len(names) > 9, n=ctx.facts.counts.analysed,
        reversed=reversed_,
    )  # fmt: skip
    cor = ctx.results["scores/correlations"]
    top = cor.loc[cor["r"].abs().idxmax()]
    return Section(
        "r-descriptives",
        say.DESCRIPTIVES,
        blocks(
            para(say.corr_intro(reversed_)),
            para(say.strongest_correlation(ctx.names, top["scale_a"], top["scale_b"], top["r"])),
            corr,
            Figure("correlations", "correlations", say.FIG_CORR),
            Figure(
                "item_shares", "item_shares", say.FIG_ITEMS_REVERSED if reversed_ else say.FIG_ITEMS
            ),
        ),
    )
