"""Chapter 3: participants, instruments, screening and the analysis strategy."""

from __future__ import annotations

from importlib import metadata

from surveysem.criteria import ALPHA_MIN
from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Para, Pre, Section, blocks, para
from surveysem.report.sections.results_groups import planned_comparisons
from surveysem.report.tables import col, table


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "(not installed)"


def instruments_table(ctx: Context):
    rel = ctx.results["reliability/scales"].set_index("scale")["alpha"]
    names = ctx.names
    recs = [
        {
            "scale": s.name,
            "label": names.scale(s.name),
            "role": names.label("role", s.role),
            "level": names.label("level", s.level or ""),
            "n_items": len(s.items),
            "reverse": len(s.reverse),
            "low": s.low,
            "high": s.high,
            "alpha": rel.get(s.name),
        }
        for s in ctx.codebook.scales
    ]
    cols = [
        col(ctx, "scale", "scale"),
        col(ctx, "label", "construct"),
        col(ctx, "role", "role"),
        col(ctx, "level", "level"),
        col(ctx, "n_items", "items", "int"),
        col(ctx, "reverse", "reversed", "int"),
        col(ctx, "low", "min", "int"),
        col(ctx, "high", "max", "int"),
        col(ctx, "alpha", "alpha", "rel", ALPHA_MIN),
    ]
    return table(ctx, "instruments", cols, recs)


def screen_params(ctx: Context) -> dict:
    c = ctx.study.cleaning
    n_items = len(ctx.codebook.items)
    ls = c.get("longstring_max", "auto")
    return {
        "longstring": max(2, n_items // 2) if ls == "auto" else ls,
        "mahalanobis": str(c.get("mahalanobis_p", 0.001)).lstrip("0"),
        "missing_share": f"{round(100 * float(c.get('max_missing_share', 0.5)))}%",
        "speed": c.get("min_duration_sec"),
    }


def _analysis(ctx: Context) -> tuple:
    say, st = ctx.say.method, ctx.study
    groups_tested = bool(ctx.facts.invariance)
    compared = planned_comparisons(ctx)[0]  # planned, also when a comparison could not run
    return blocks(
        para(say.software(_version("surveysem"), "0.6-14", _version("semopy"))),
        para(say.measurement_strategy()),
        para(
            say.model_strategy(ctx.facts.estimation.estimator, ctx.facts.estimation.missing),
            say.item_treatment(ctx.names, ctx.facts.estimation, ctx.facts.sensitivity is not None),
        ),
        para(say.model_syntax_intro()),
        Pre(st.structural + (f"\n{st.extra}" if st.extra else "")),
        para(say.effects_strategy(st.bootstrap, st.ci_level)),
        para(say.verdict_rule(st.ci_level)),
        para(say.mediation_strategy(st.ci_level, ctx.facts.competing is not None))
        if ctx.facts.mediation
        else None,
        para(
            say.groups_strategy(
                ctx.names,
                list(st.groups),
                compared,
                groups_tested,
                ctx.results.nonempty("groups/regression"),
            )
        )
        if compared
        else None,
    )


def _screening(ctx: Context, steps: list[str]) -> tuple:
    intro, items, outro = ctx.say.method.screening(ctx.names, steps, screen_params(ctx))
    return (Para((intro,)), Bullets(tuple(items), style="screens"), Para((outro,)))


def build_method(ctx: Context) -> Section:
    say, f, st = ctx.say.method, ctx.facts, ctx.study
    steps = [s.step for s in f.counts.screens]
    n_rev = sum(len(s.reverse) for s in ctx.codebook.scales)
    return Section(
        id="method",
        title=say.CHAPTER,
        kind="chapter",
        subsections=(
            Section(
                "m-participants",
                say.PARTICIPANTS,
                (
                    Para(
                        tuple(
                            say.participants(
                                f.counts.received,
                                f.counts.analysed,
                                st.population,
                                st.simulated,
                                ctx.results.nonempty("scores/sample"),
                            )
                        )
                    ),
                    Para(tuple(say.administration(st.survey))),
                ),
            ),
            Section(
                "m-instruments",
                say.INSTRUMENTS,
                blocks(
                    para(say.instruments(len(ctx.codebook.scales), len(ctx.codebook.items), n_rev)),
                    instruments_table(ctx),
                ),
            ),
            Section("m-screening", say.SCREENING, _screening(ctx, steps)),
            Section("m-analysis", say.ANALYSIS, _analysis(ctx)),
        ),
    )
