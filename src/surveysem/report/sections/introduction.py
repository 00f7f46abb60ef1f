"""Chapter 1 (introduction) and chapter 2 (theory)."""

from __future__ import annotations

from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Para, Section, blocks, para
from surveysem.report.facts import chain, moderator
from surveysem.report.sections.results_groups import planned_comparisons
from surveysem.report.sections.results_moderation import buffering_tests


def _structure(ctx: Context) -> tuple[list[str], list[str]]:
    """Exogenous variables and mediators of the structural model, in order of appearance."""
    lhs = [q.y for q in ctx.facts.paths]
    rhs = [q.x for q in ctx.facts.paths if ":" not in q.x]  # a product term is no lever
    exo = [v for v in dict.fromkeys(rhs) if v not in set(lhs)]
    med = [v for v in dict.fromkeys(lhs) if v in set(rhs)]
    return exo, med


def research_questions(ctx: Context) -> tuple[str, ...]:
    say, names = ctx.say.intro, ctx.names
    exo, med = _structure(ctx)
    out = [say.rq_levers(names, exo, names.role("burnout"))]
    if med:
        out.append(say.rq_mediation(names, med))
    scales, groups = planned_comparisons(ctx)
    if scales:
        out.append(say.rq_groups(names, scales, groups))
    if ctx.facts.levers:
        out.append(say.rq_measures(bool(ctx.facts.measures)))
    return tuple(out)


def _chain(what: str) -> tuple[str, ...]:
    """The steps of a hypothesis, an index of moderated mediation ending ``DP | SS``."""
    c, mod = chain(what), moderator(what)
    return c[:-1] + (f"{c[-1]} | {mod}",) if mod else c


def hypothesis_blocks(ctx: Context) -> tuple:
    """The study's hypotheses as a list, with the sentence that introduces them."""
    say, hyps = ctx.say.intro, ctx.study.hypotheses
    items = tuple(
        say.hypothesis_item(h["id"], _chain(h.get("path") or h.get("effect")), h["sign"], h["text"])
        for h in hyps
    )
    return blocks(
        para(say.hypotheses_intro(len(hyps)) if hyps else say.no_hypotheses()),
        Bullets(items, style="hyp") if items else None,
    )


def build_introduction(ctx: Context) -> Section:
    say, st = ctx.say.intro, ctx.study
    background = [Para((p,)) for p in st.background] or [
        Para((say.generic_background(ctx.names, st.population),))
    ]
    background.append(
        Para(
            (say.scope(len(ctx.codebook.scales), len(ctx.codebook.items), bool(ctx.facts.levers)),)
        )
    )
    questions = [Bullets(research_questions(ctx), ordered=True, style="rq")]
    if ctx.say.HYPOTHESES_IN == "introduction":
        questions += hypothesis_blocks(ctx)
    return Section(
        id="introduction",
        title=say.CHAPTER,
        kind="chapter",
        subsections=(
            Section("i-background", say.BACKGROUND, tuple(background)),
            Section("i-questions", say.QUESTIONS, tuple(questions)),
        ),
    )


def _theory_section(ctx: Context, theory) -> Section:
    say, names = ctx.say.theory, ctx.names
    cons = list(theory.constructs)
    if theory.id == "burnout":
        burn = names.role("burnout")
        seq = [(q.x, q.y) for q in ctx.facts.paths if q.x in burn and q.y in burn]
        text = say.burnout(names, burn, seq)
    elif theory.id == "jdr":
        tested = bool(buffering_tests(ctx))
        text = say.jdr(names, names.role("stressor"), names.role("resource"), tested)
    elif theory.id == "eri":
        text = say.eri(names, cons)
    else:
        text = say.transactional(names, cons)
    return Section(f"t-{theory.id}", say.TITLES[theory.id], (Para(tuple(text)),))


def build_theory(ctx: Context) -> Section | None:
    subs = [_theory_section(ctx, t) for t in ctx.study.theories]
    if ctx.say.HYPOTHESES_IN == "theory":
        subs.append(Section("hypotheses-list", ctx.say.theory.HYPOTHESES, hypothesis_blocks(ctx)))
    if not subs:
        return None
    return Section(
        id="theory", title=ctx.say.theory.CHAPTER, kind="chapter", subsections=tuple(subs)
    )
