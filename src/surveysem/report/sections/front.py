"""The abstract and its keywords (front matter)."""

from __future__ import annotations

from dataclasses import dataclass

from surveysem.report.context import Context
from surveysem.report.doc import Para, Section


@dataclass(frozen=True)
class Front:
    """The abstract section and the keywords."""

    abstract: Section
    keywords: tuple[str, ...]


def strongest_and_tied(ctx: Context):
    """The strongest supported lever and the levers of its tier (same criterion everywhere)."""
    ranked = ctx.facts.strongest
    if not ranked:
        return None, []
    top = ranked[0]
    return top, [lv for lv in ranked[1:] if lv.tier == top.tier]


def has_lever_scales(ctx: Context) -> bool:
    """The codebook marks a scale as a stressor or resource."""
    return bool(ctx.names.role("stressor") or ctx.names.role("resource"))


def has_burnout(ctx: Context) -> bool:
    """The codebook marks a scale as a burnout dimension."""
    return bool(ctx.names.role("burnout"))


def lever_sentences(ctx: Context) -> tuple[str, ...]:
    """What the levers show, as the abstract says it: the strongest one with its evidence
    (burnout, else a work outcome), or why there is none; then the levers whose reliable
    total effect on burnout runs against their measure."""
    say = ctx.say.front
    top, tied = strongest_and_tied(ctx)
    if not has_lever_scales(ctx):
        return (say.no_lever_scales(),)
    if top is None:
        if not has_burnout(ctx):
            return (say.no_burnout(),)
        return (say.no_lever(ctx.names, list(ctx.facts.opposite), ctx.study.ci_level),)
    if top.target_role != "burnout":
        s = say.strongest_outcome(ctx.names, top, tied, has_burnout(ctx), ctx.study.ci_level)
    else:
        s = say.strongest(ctx.names, top, tied, ctx.study.ci_level)
    opposite = list(ctx.facts.opposite)
    return (s, ctx.say.common.against(ctx.names, opposite, ctx.study.ci_level) if opposite else "")


def build_front(ctx: Context) -> Front:
    f, say, st = ctx.facts, ctx.say.front, ctx.study
    top, tied = strongest_and_tied(ctx)
    hyp = f.hypotheses
    sup = [h.id for h in hyp if h.supported]
    rej = [h.id for h in hyp if not h.supported]
    contra = [h.id for h in hyp if h.why == "opposite_reliable"]
    measures = [
        m.title for m in sorted((m for m in f.measures if m.supported), key=lambda m: m.rank)
    ][:3]
    sentences = [
        say.aim(st.title, st.population, len(ctx.codebook.scales), len(ctx.codebook.items)),
        say.sample(f.counts.received, f.counts.analysed),
        say.fits(f.cfa_fit.verdict if f.cfa_fit else "", f.sem_fit.verdict if f.sem_fit else ""),
        *lever_sentences(ctx),
        say.hypotheses(
            len(hyp), sup, rej, [h.id for h in hyp if h.supported and h.fragile], contra
        ),
        say.measures(measures)
        if measures
        else say.levers_only(ctx.names, [top, *tied] if top else []),
        say.simulated() if st.simulated else "",
    ]
    keywords = st.keywords or tuple(
        say.keywords(ctx.names, ctx.names.role("burnout"), top.lever if top else None)
    )
    abstract = Section(
        id="abstract",
        title=ctx.names.label("misc", "abstract"),
        blocks=(Para(tuple(s for s in sentences if s)),),
        kind="front",
    )
    return Front(abstract, tuple(keywords))
