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


def build_front(ctx: Context) -> Front:
    f, say, st = ctx.facts, ctx.say.front, ctx.study
    top, tied = strongest_and_tied(ctx)
    hyp = f.hypotheses
    sup = [h.id for h in hyp if h.supported]
    rej = [h.id for h in hyp if not h.supported]
    measures = [
        m.title for m in sorted((m for m in f.measures if m.supported), key=lambda m: m.rank)
    ][:3]
    sentences = [
        say.aim(st.title, st.population, len(ctx.codebook.scales), len(ctx.codebook.items)),
        say.sample(f.counts.received, f.counts.analysed),
        say.fits(f.cfa_fit.verdict if f.cfa_fit else "", f.sem_fit.verdict if f.sem_fit else ""),
        say.strongest(ctx.names, top, tied, st.ci_level) if top else say.no_lever(),
        say.hypotheses(len(hyp), sup, rej, [h.id for h in hyp if h.supported and h.fragile]),
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
