"""Chapter 6: the measures, in the order decided by :mod:`surveysem.recommend`."""

from __future__ import annotations

from surveysem.criteria import size_label
from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Column, Measure, Para, Section, blocks, para
from surveysem.report.sections.discussion import no_levers_text
from surveysem.report.tables import col, table


def _measure_block(ctx: Context, m, levers: dict, n_ranked: int) -> Measure:
    say = ctx.say.recommend
    lv = levers[m.lever]
    fields = (
        (say.FIELDS["level"], ctx.names.label("level", m.level)),
        (say.FIELDS["actor"], m.actor),
        (say.FIELDS["target"], m.target),
        (say.FIELDS["indicator"], m.indicator),
        (
            say.FIELDS["evidence"],
            say.evidence(
                ctx.names, lv, int(m.rank), n_ranked, ctx.study.ci_level, size_label(lv.std)
            ),
        ),
    )
    return Measure(f"{int(m.rank)}. {m.title}", m.text, fields)


def recommendations_table(ctx: Context, ranked, levers: dict):
    recs = [
        {
            "rank": m.rank,
            "title": m.title,
            "level": ctx.names.label("level", m.level),
            "lever": ctx.names.scale(m.lever),
            "std_all": levers[m.lever].std,
            "std_ci_low": levers[m.lever].std_ci_low,
            "std_ci_high": levers[m.lever].std_ci_high,
        }
        for m in ranked
    ]
    cols = [
        col(ctx, "rank", "rank", "int"),
        col(ctx, "title", "measure"),
        col(ctx, "level", "level"),
        col(ctx, "lever", "lever"),
        col(ctx, "std_all", "beta", "std"),
        Column("std_ci_low|std_ci_high", ctx.names.label("column", "ci_beta"), "ci:std"),
    ]
    return table(ctx, "recommendations", cols, tuple(recs))


def _with_library(ctx: Context) -> Section:
    say, f = ctx.say.recommend, ctx.facts
    levers = {lv.lever: lv for lv in f.levers}
    ranked = sorted((m for m in f.measures if m.supported), key=lambda m: m.rank)
    unsupported = [m for m in f.measures if not m.supported]
    covered = {m.lever for m in f.measures}
    bare = [lv for lv in f.strongest if lv.lever not in covered]
    intro = blocks(
        Para(tuple(say.rule(ctx.study.member))),
        para(say.overview(len(ranked), len(f.measures), [m.title for m in ranked[:3]]))
        if ranked
        else para(
            say.none_supported(),
            ctx.say.common.against(ctx.names, list(f.opposite), ctx.study.ci_level),
        ),
        recommendations_table(ctx, ranked, levers) if ranked else None,
        para(say.no_measure(ctx.names, bare)) if bare else None,
    )
    subs = []
    if ranked:
        blocks_ = tuple(_measure_block(ctx, m, levers, len(ranked)) for m in ranked)
        subs.append(Section("rec-measures", say.MEASURES, blocks_))
    if unsupported:
        items = tuple(say.not_supported(ctx.names, m.title, m.lever, m.reason) for m in unsupported)
        subs.append(
            Section("rec-unsupported", say.UNSUPPORTED, (Bullets(items, style="unsupported"),))
        )
    return Section("recommendations", say.CHAPTER, intro, tuple(subs), kind="chapter")


def _levers_only(ctx: Context) -> Section:
    say = ctx.say.recommend
    ranked = sorted((lv for lv in ctx.facts.levers if lv.supported), key=lambda lv: lv.rank)
    items = tuple(say.lever_item(ctx.names, lv, ctx.study.ci_level) for lv in ranked)
    return Section(
        "recommendations",
        say.CHAPTER_LEVERS,
        blocks(
            Para(tuple(say.rule(ctx.study.member))),
            para(say.levers_intro()),
            Bullets(items, ordered=True, style="recs") if items else para(no_levers_text(ctx)),
        ),
        kind="chapter",
    )


def build_recommendations(ctx: Context) -> Section | None:
    if not ctx.facts.levers:
        return None
    if ctx.facts.measures:
        return _with_library(ctx)
    return _levers_only(ctx)
