"""The appendices: the questionnaire, supplementary tables, software and reproducibility."""

from __future__ import annotations

import pandas as pd

from surveysem.criteria import ITEM_CR_MIN, ITEM_TOTAL_MIN, LOADING_MIN
from surveysem.report.context import Context
from surveysem.report.doc import Bullets, Column, KeyValues, Section, blocks, para
from surveysem.report.sections.results_groups import (
    differences_table,
    group_desc_table,
    invariance_paths_table,
)
from surveysem.report.sections.results_model import all_effects_table
from surveysem.report.tables import col, table


def _questionnaire_rows(ctx: Context) -> tuple[dict, ...]:
    names, say = ctx.names, ctx.say.closing
    recs = []
    for s in ctx.codebook.scales:
        texts = names.mapping(s, "item_text")
        for it in s.items:
            recs.append(
                {
                    "scale": f"{s.name} — {names.scale(s.name)}",
                    "item": it,
                    "text": texts.get(it) or say.no_wording(),
                    "reverse": names.label("verdict", "reverse") if it in s.reverse else "",
                }
            )
    return tuple(recs)


def _questionnaire_text(ctx: Context) -> tuple:
    """Instructions, the background questions, the answer labels and the attention checks."""
    names, say, cb = ctx.names, ctx.say.closing, ctx.codebook
    title = names.text_of(cb.questionnaire, "title")
    out: list = [para(f"__{title}__") if title else None]
    out += [para(p.strip()) for p in names.text_of(cb.questionnaire, "instructions").split("\n\n")]
    questions = []
    for d in cb.demographics:
        levels = names.mapping(d, "levels")
        q = names.text(d, "question") or names.demo(d.name)
        questions.append(say.background_question(q, [str(v) for _, v in sorted(levels.items())]))
    if questions:
        out += [para(f"__{say.PART_BACKGROUND}__"), Bullets(tuple(questions), ordered=True)]
    out.append(para(f"__{say.PART_ITEMS}__"))
    anchors = {s.name: names.mapping(s, "anchors") for s in cb.scales}
    shared = [a for a in anchors.values() if a]
    if shared and all(a == shared[0] for a in shared):
        out.append(para(say.answers(shared[0])))
    else:
        out += [para(f"{s}: " + say.answers(a)) for s, a in anchors.items() if a]
    for s in cb.scales:
        if names.text(s, "instructions"):
            out.append(para(f"{names.scale(s.name)}: {names.text(s, 'instructions')}"))
    return tuple(b for b in out if b is not None)


def _attention(ctx: Context) -> tuple:
    names, say, cb = ctx.names, ctx.say.closing, ctx.codebook
    if not cb.attention:
        return ()
    texts = {**cb.attention_text, **(cb.attention_text_zh if ctx.lang == "zh" else {})}
    first = next((s for s in cb.scales if names.mapping(s, "anchors")), None)
    labels = names.mapping(first, "anchors") if first else {}
    items = [
        say.attention_item(texts.get(i) or say.no_wording(), labels.get(v) or f"{v:g}")
        for i, v in cb.attention.items()
    ]
    return (para(f"__{say.ATTENTION}__"), Bullets(tuple(items)))


def build_items_appendix(ctx: Context) -> Section:
    names = ctx.names
    q = table(
        ctx,
        "questionnaire",
        [col(ctx, "item", "item"), col(ctx, "text", "wording"), col(ctx, "reverse", "keying")],
        _questionnaire_rows(ctx),
        group_by="scale",
    )
    it = ctx.results["reliability/items"].copy()
    it["scale"] = [f"{s} — {names.scale(s)}" for s in it["scale"]]
    stats = table(
        ctx,
        "items",
        [
            col(ctx, "item", "item"),
            col(ctx, "mean", "mean", "mean"),
            col(ctx, "sd", "sd", "mean"),
            col(ctx, "item_total_r", "item_total_r", "r"),
            col(ctx, "alpha_if_deleted", "alpha_if_deleted", "rel"),
            col(ctx, "loading_std", "loading", "r", LOADING_MIN),
        ],
        it,
        group_by="scale",
    )
    return Section(
        "app-items",
        ctx.say.closing.APP_ITEMS,
        blocks(
            para(ctx.say.closing.items_intro()),
            _questionnaire_text(ctx),
            q,
            _attention(ctx),
            stats,
            item_analysis_table(ctx),
        ),
        kind="appendix",
    )


def item_analysis_table(ctx: Context):
    """Critical ratios (top against bottom 27%) and corrected item-total correlations."""
    if not ctx.results.nonempty("reliability/item_analysis"):
        return None
    t = ctx.results["reliability/item_analysis"].copy()
    t["scale"] = [f"{s} — {ctx.names.scale(s)}" for s in t["scale"]]
    cols = [
        col(ctx, "item", "item"),
        col(ctx, "mean_high", "mean_high", "mean"),
        col(ctx, "mean_low", "mean_low", "mean"),
        col(ctx, "cr", "cr_item", "stat", ITEM_CR_MIN),
        col(ctx, "df", "df", "df"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "item_total_r", "item_total_r", "r", ITEM_TOTAL_MIN),
    ]
    return table(ctx, "item-analysis", cols, t, group_by="scale")


def loadings_table(ctx: Context):
    est = ctx.results["cfa/estimates"]
    load = est[est["op"] == "=~"].copy()
    load["lhs"] = [f"{s} — {ctx.names.scale(s)}" for s in load["lhs"]]
    cols = [
        col(ctx, "rhs", "item"),
        col(ctx, "est", "b", "coef"),
        col(ctx, "se", "se", "coef"),
        col(ctx, "z", "z", "stat"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "std_all", "loading", "r", LOADING_MIN),
    ]
    return table(ctx, "loadings", cols, load, group_by="lhs")


def _posthoc_table(ctx: Context):
    """Games-Howell pairs of the group differences that are reliable after Holm."""
    sig = {(d.outcome, d.group_var) for d in ctx.facts.differences if d.significant}
    pp = ctx.results["groups/posthoc"]
    pp = pp[[(o, g) in sig for o, g in zip(pp["outcome"], pp["group_var"], strict=True)]].copy()
    if pp.empty:
        return None
    lv = ctx.names.level
    pp["pair"] = [
        f"{lv(g, a)} – {lv(g, b)}"
        for g, a, b in zip(pp["group_var"], pp["level_a"], pp["level_b"], strict=True)
    ]
    pp["group_var"] = [ctx.names.demo(g) for g in pp["group_var"]]
    pp["outcome"] = [ctx.names.scale(o) for o in pp["outcome"]]
    cols = [
        col(ctx, "outcome", "scale"),
        col(ctx, "pair", "comparison"),
        col(ctx, "diff", "diff", "mean"),
        col(ctx, "se", "se", "mean"),
        col(ctx, "t", "t", "stat"),
        col(ctx, "df", "df", "dfr"),
        col(ctx, "pvalue", "p", "p"),
        Column("ci_low|ci_high", ctx.names.label("column", "ci"), "ci:mean"),
        col(ctx, "hedges_g", "g", "es"),
    ]
    return table(ctx, "posthoc", cols, pp, group_by="group_var")


def _regression_tables(ctx: Context):
    """The demographic regressions side by side: one row per term, B (stars) per outcome."""
    rg = ctx.results["groups/regression"]
    names = ctx.names

    def term(t, v, lv) -> str:
        if str(t) == "(Intercept)":
            return names.label("misc", "intercept")
        lab = names.demo(str(v))
        return f"{lab}: {names.level(str(v), lv)}" if isinstance(lv, str) and lv else lab

    outcomes = list(dict.fromkeys(rg["outcome"]))
    recs: dict[str, dict] = {}
    for r in rg.itertuples():
        row = recs.setdefault(r.term, {"term": term(r.term, r.variable, r.level), "vif": r.vif})
        row[r.outcome], row[f"p{r.outcome}"] = r.b, r.pvalue
    cols = [col(ctx, "term", "predictor")]
    cols += [Column(o, f"{names.label('column', 'b')} {o}", "coef_stars") for o in outcomes]
    cols.append(col(ctx, "vif", "vif", "vif"))
    reg = table(ctx, "regression", cols, tuple(recs.values()))
    fit = ctx.results["groups/regression_fit"].copy()
    fit["outcome"] = [names.scale(o) for o in fit["outcome"]]
    fcols = [
        col(ctx, "outcome", "scale"),
        col(ctx, "n", "n", "int"),
        col(ctx, "n_predictors", "predictors", "int"),
        col(ctx, "r2", "r2", "r2"),
        col(ctx, "adj_r2", "adj_r2", "r2"),
        col(ctx, "f", "f", "stat"),
        col(ctx, "df1", "df1", "df"),
        col(ctx, "df2", "df2", "df"),
        col(ctx, "pvalue", "p", "p"),
    ]
    return reg, table(ctx, "regression-fit", fcols, fit)


def _missing_table(ctx: Context):
    ms = ctx.results["clean/missing"]
    ms = ms[ms["level"] == "scale"]
    cols = [
        col(ctx, "scale", "scale"),
        col(ctx, "n_cells_raw", "answers", "int"),
        col(ctx, "share_raw", "missing_raw", "pct"),
        col(ctx, "share", "missing_screened", "pct"),
        col(ctx, "n_incomplete", "incomplete", "int"),
    ]
    return table(ctx, "missing", cols, ms)


def _diagnostics_table(ctx: Context):
    frames = [ctx.results[k] for k in ("cfa/diagnostics", "sem/diagnostics") if ctx.results.has(k)]
    d = pd.concat(frames, ignore_index=True)
    d = d[d["severity"].isin(["warning", "error"])]
    if d.empty:
        return None
    d["severity"] = [ctx.names.label("severity", s) for s in d["severity"]]
    cols = [
        col(ctx, "check", "check"),
        col(ctx, "severity", "severity"),
        col(ctx, "detail", "detail"),
    ]
    return table(ctx, "diagnostics", cols, d)


def build_tables_appendix(ctx: Context) -> Section:
    r = ctx.results
    groups = bool(ctx.facts.differences)  # comparisons that ran
    reg, regfit = _regression_tables(ctx) if r.nonempty("groups/regression") else (None, None)
    return Section(
        "app-tables",
        ctx.say.closing.APP_TABLES,
        blocks(
            para(ctx.say.closing.tables_intro()),
            loadings_table(ctx),
            all_effects_table(ctx) if ctx.facts.effects else None,
            invariance_paths_table(ctx) if r.nonempty("groups/invariance_paths") else None,
            group_desc_table(ctx) if r.nonempty("groups/descriptives") else None,
            differences_table(ctx, only_reliable=False) if groups else None,
            _posthoc_table(ctx) if r.nonempty("groups/posthoc") else None,
            reg,
            regfit,
            _missing_table(ctx),
            _diagnostics_table(ctx),
        ),
        kind="appendix",
    )


def _untranslated(ctx: Context) -> str:
    """The fields printed in English for want of a text in the report's language."""
    keys = list(ctx.study.untranslated)
    if ctx.lang != "en":
        keys += [
            f"measures[{m.id}]"
            for m in ctx.facts.measures
            if not any(getattr(m, ctx.lang, {}).values())
        ]
    return ctx.say.closing.untranslated(keys) if keys else ""


def build_software_appendix(ctx: Context) -> Section:
    prov, say = ctx.provenance, ctx.say.closing
    kv = KeyValues(
        (
            (say.PROVENANCE["git_commit"], prov.get("git_commit") or "—"),
            (say.PROVENANCE["git_state"], ctx.names.label("provenance", prov.get("git_state", ""))),
            (say.PROVENANCE["seed"], str(prov.get("seed", ""))),
            (
                say.PROVENANCE["data_date"],
                f"{prov.get('data_timestamp', '')} "
                f"({ctx.names.label('provenance', prov.get('data_date_source', ''))})",
            ),
            (say.PROVENANCE["python"], prov.get("python", "")),
        )
    )
    pk = table(
        ctx,
        "packages",
        [col(ctx, "name", "package"), col(ctx, "version", "version")],
        tuple(p for p in prov.get("packages", []) if p["name"] != "Python"),
    )
    hashes = table(
        ctx,
        "hashes",
        [col(ctx, "role", "file"), col(ctx, "path", "path"), col(ctx, "sha256", "sha256")],
        tuple(dict(f, role=ctx.names.label("file", f["role"])) for f in prov.get("files", [])),
    )
    return Section(
        "app-software",
        say.APP_SOFTWARE,
        blocks(para(say.software_intro()), kv, pk, hashes, para(_untranslated(ctx))),
        kind="appendix",
    )
