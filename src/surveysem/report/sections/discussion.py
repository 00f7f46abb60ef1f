"""Chapter 5 (discussion) and chapter 7 (limitations)."""

from __future__ import annotations

from surveysem.criteria import MIN_CELL, SIZES, truthy
from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Section, blocks, para
from surveysem.report.sections.front import has_burnout, has_lever_scales, strongest_and_tied
from surveysem.report.sections.results_moderation import buffering_tests


def no_levers_text(ctx: Context) -> str:
    """Why no lever is supported: no lever scales, no burnout scale, or no reliable total
    effect on burnout in the direction the measures need (with the ones against it)."""
    if not has_lever_scales(ctx):
        return ctx.say.front.no_lever_scales()
    if not has_burnout(ctx):
        return ctx.say.discussion.no_burnout()
    return ctx.say.discussion.no_levers(ctx.names, list(ctx.facts.opposite), ctx.study.ci_level)


def _levers_para(ctx: Context) -> tuple[str, ...]:
    top, tied = strongest_and_tied(ctx)
    if top is None:
        return (no_levers_text(ctx),)
    rest = [lv for lv in ctx.facts.strongest if lv is not top and lv not in tied]
    s = ctx.say.discussion.levers(
        ctx.names, top, tied, rest, ctx.study.ci_level, has_burnout(ctx), list(ctx.facts.opposite)
    )
    return (s,) if has_burnout(ctx) else (ctx.say.discussion.no_burnout(), s)


def _on_burnout(ctx: Context, effect: str) -> set[str]:
    """The levers whose total effects on burnout show ``effect`` (``helps``, ``opposite``,
    ``not_reliable``, ``none``: the ``burnout_effect`` of ``recommend/levers.csv``)."""
    return {lv.lever for lv in ctx.facts.levers if lv.burnout_effect == effect}


def _jdr_para(ctx: Context) -> str:
    sup, contra = _on_burnout(ctx, "helps"), _on_burnout(ctx, "opposite")
    demands = [s for s in ctx.names.role("stressor") if s in sup]
    resources = [s for s in ctx.names.role("resource") if s in sup]
    null = [lv.lever for lv in ctx.facts.levers if lv.lever not in sup | contra]
    tests = buffering_tests(ctx)
    s = ctx.say.discussion.jdr(
        ctx.names,
        demands,
        resources,
        null,
        tested=bool(tests),
        against_demands=[s for s in ctx.names.role("stressor") if s in contra],
        against_resources=[s for s in ctx.names.role("resource") if s in contra],
    )
    for it, verdict in tests:
        hid = it.hypothesis.id if it.hypothesis is not None else ""
        s += " " + ctx.say.discussion.buffering(ctx.names, it.x, it.w, it.y, verdict, hid)
    return s


def _theory_paras(ctx: Context) -> list[str]:
    say = ctx.say.discussion
    if not has_burnout(ctx):  # the burnout theories' predictions: said once, in the levers'
        return []
    sup, contra = _on_burnout(ctx, "helps"), _on_burnout(ctx, "opposite")
    out = []
    for t in ctx.study.theories:
        if t.id == "jdr":
            out.append(_jdr_para(ctx))
        elif t.id == "eri" and t.constructs:
            out.append(
                say.eri(
                    ctx.names,
                    [c for c in t.constructs if c in sup],
                    [c for c in t.constructs if c not in sup | contra],
                    [c for c in t.constructs if c in contra],
                )
            )
        elif t.id == "transactional" and t.constructs:
            out.append(
                say.transactional(
                    ctx.names,
                    [c for c in t.constructs if c in sup],
                    [c for c in t.constructs if c not in sup | contra],
                    [c for c in t.constructs if c in contra],
                )
            )
    return [s for s in out if s]


def _outcome_totals(ctx: Context) -> list:
    burn, outc = set(ctx.names.role("burnout")), set(ctx.names.role("outcome"))
    direct = {(q.x, q.y): q for q in ctx.facts.paths}
    out = []
    for e in ctx.facts.effects:
        if e.kind == "total" and e.chain[0] in burn and e.chain[-1] in outc and e.reliable:
            d = direct.get((e.chain[0], e.chain[-1]))
            out.append((e, d is not None and not d.reliable))
    return sorted(out, key=lambda t: -abs(t[0].std))[:4]


def build_discussion(ctx: Context) -> Section:
    say, f = ctx.say.discussion, ctx.facts
    burn = set(ctx.names.role("burnout"))
    core = [q for q in f.paths if q.x in burn and q.y in burn and q.reliable]
    unsupported = [h.id for h in f.hypotheses if not h.supported and h.why != "opposite_reliable"]
    contradicted = [h.id for h in f.hypotheses if h.why == "opposite_reliable"]
    negligible = [h.id for h in f.hypotheses if h.supported and h.size == "negligible"]
    sig = [d for d in f.differences if d.significant]
    largest = max((d.size for d in sig), key=SIZES.index, default="")
    totals = _outcome_totals(ctx)
    return Section(
        "discussion",
        say.CHAPTER,
        blocks(
            para(*_levers_para(ctx)),
            [para(s) for s in _theory_paras(ctx)],
            para(say.burnout_core(ctx.names, core)) if core else None,
            para(say.outcomes(ctx.names, totals, ctx.study.ci_level)) if totals else None,
            para(
                say.contradicted(contradicted) if contradicted else "",
                say.unsupported(unsupported) if unsupported else "",
                say.negligible(negligible) if negligible else "",
            ),
            para(
                say.groups(
                    len(sig),
                    len(f.differences),
                    largest,
                    [ctx.names.demo(n.group_var) for n in f.not_compared],
                )
            )
            if f.differences or f.not_compared
            else None,
        ),
        kind="chapter",
    )


def limitation_items(ctx: Context) -> tuple[str, ...]:
    say, f, st = ctx.say.closing, ctx.facts, ctx.study
    items = []
    if st.simulated:
        items.append(say.simulated())
    items.append(say.cross_sectional())
    items.append(say.self_report(bool(f.measurement.cmb_worse)))
    if f.sem_fit is not None and f.sem_fit.verdict == "poor":
        items.append(say.poor_fit())
    if f.diagnostics:
        items.append(say.warnings(len(f.diagnostics)))
    fragile = [f"{q.x} → {q.y}" for q in f.paths if q.fragile]
    if fragile:
        items.append(say.fragile(fragile))
    no_scalar = [v.group_var for v in f.invariance if v.tested and not v.means_comparable]
    if no_scalar:
        items.append(say.invariance(ctx.names, no_scalar))
    if ctx.results.has("scores/sample"):
        small = int(ctx.results["scores/sample"]["suppressed"].map(truthy).sum())
        if small:
            items.append(say.small_groups(small, MIN_CELL))
    items.append(say.sampling(st.population))
    return tuple(items)


def build_limitations(ctx: Context) -> Section:
    items = limitation_items(ctx)
    return Section(
        "limitations",
        ctx.say.closing.LIMITATIONS,
        (Bullets(items, style="limits"),),
        kind="chapter",
    )


def build_conclusion(ctx: Context) -> Section:
    """Main findings, limitations and outlook in one closing chapter (the Chinese plan)."""
    say, f = ctx.say.closing, ctx.facts
    findings = []
    if f.cfa_fit and f.sem_fit:
        findings.append(say.findings_fit(f.cfa_fit.verdict, f.sem_fit.verdict))
    if f.hypotheses:
        k = sum(h.supported for h in f.hypotheses)
        contra = [h.id for h in f.hypotheses if h.why == "opposite_reliable"]
        findings.append(say.findings_hypotheses(len(f.hypotheses), k, contra))
    top, tied = strongest_and_tied(ctx)
    if top is not None:
        findings.append(say.findings_lever(ctx.names, top, tied, has_burnout(ctx)))
    else:
        findings.append(no_levers_text(ctx))
    if f.indirect:
        k = sum(e.reliable for e in f.indirect)
        findings.append(say.findings_mediation(k, len(f.indirect)))
    for it, verdict in buffering_tests(ctx):
        findings.append(say.findings_buffering(ctx.names, it.x, it.w, it.y, verdict))
    subs = (
        Section("c-findings", say.FINDINGS, (Bullets(tuple(findings), ordered=True),)),
        Section("limitations", say.LIMITATIONS, (Bullets(limitation_items(ctx), style="limits"),)),
        Section(
            "c-outlook",
            say.OUTLOOK,
            (Bullets(tuple(say.outlook(bool(buffering_tests(ctx)))), style="limits"),),
        ),
    )
    return Section("conclusion", say.CONCLUSION, subsections=subs, kind="chapter")
