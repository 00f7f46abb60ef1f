"""Results, fourth part: measurement invariance and group differences."""

from __future__ import annotations

from surveysem.criteria import ALPHA_LEVEL, isnum, truthy
from surveysem.invariance import left_out_levels, too_few_levels
from surveysem.report.context import Context
from surveysem.report.doc import Column, Figure, Section, blocks, para
from surveysem.report.tables import col, suppress, table


def _ordinal_invariance(ctx: Context) -> bool:
    """The invariance models are WLSMV ones (their ``test`` column, written by
    surveysem.invariance)."""
    if not ctx.results.has("groups/invariance"):
        return False
    iv = ctx.results["groups/invariance"]
    return "test" in iv.columns and bool(iv["test"].astype(str).str.contains("WLSMV").any())


def _invariance_text(ctx: Context) -> list[str]:
    say, names = ctx.say.groups, ctx.names
    inv = ctx.facts.invariance
    out = []
    scales = list(dict.fromkeys(s for v in inv if v.tested for s in v.scales))
    if scales:
        out.append(say.invariance_scope(names, scales))
    held: dict[str, list[str]] = {}
    for v in inv:
        if not v.tested:
            left = [(names.level(v.group_var, lab), n) for lab, n in left_out_levels(v.reason)[1]]
            min_n = too_few_levels(v.reason)
            out.append(say.invariance_untested(names, v.group_var, min_n, left, v.reason))
        elif v.level in ("scalar", "partial_scalar", "metric") and v.level != "metric":
            held.setdefault(v.level, []).append(v.group_var)
        elif v.level == "metric":
            out.append(say.invariance_metric(names, v.group_var))
        else:
            out.append(say.invariance_failed(names, v.group_var, v.failed_step or "metric"))
    ordinal = _ordinal_invariance(ctx)
    if ordinal and any(v.tested for v in inv):
        out.append(say.invariance_ordinal())
    for level, groups in held.items():
        out.append(say.invariance_held(names, groups, level))
    for v in inv:
        min_n, left = left_out_levels(v.reason) if v.tested else (0, ())
        if left:
            levels = [(names.level(v.group_var, lab), n) for lab, n in left]
            out.append(say.invariance_left_out(names, v.group_var, levels, min_n))
    for v in inv:
        if v.level == "partial_scalar" and v.freed:
            out.append(say.invariance_partial(names, v.group_var, v.freed, ordinal))
    if ctx.study.missing == "fiml" and inv:
        out.append(say.invariance_fiml())
    return out


def invariance_table(ctx: Context):
    """The invariance models of the tested group variables (None when none was tested)."""
    tested = {v.group_var for v in ctx.facts.invariance if v.tested}
    iv = ctx.results["groups/invariance"]
    iv = iv[iv["group_var"].isin(tested)].copy()
    if iv.empty:
        return None
    iv["group_var"] = [ctx.names.demo(g) for g in iv["group_var"]]
    iv["model"] = [ctx.names.label("invariance", m) for m in iv["model"]]
    iv["freed"] = [x if isinstance(x, str) else "" for x in iv["freed"]]
    cols = [
        col(ctx, "model", "model"),
        col(ctx, "n", "n", "int"),
        col(ctx, "chisq", "chisq", "chisq"),
        col(ctx, "df", "df", "df"),
        col(ctx, "cfi", "cfi", "fit"),
        col(ctx, "rmsea", "rmsea", "fit"),
        col(ctx, "srmr", "srmr", "fit"),
        col(ctx, "delta_chisq", "delta_chisq", "chisq"),
        col(ctx, "delta_df", "delta_df", "df"),
        col(ctx, "delta_pvalue", "p", "p"),
        col(ctx, "delta_cfi", "delta_cfi", "fit"),
        col(ctx, "delta_rmsea", "delta_rmsea", "fit"),
        col(ctx, "freed", "freed"),
    ]
    return table(ctx, "invariance", cols, iv, group_by="group_var")


def _caution(ctx: Context, group_var: str) -> bool:
    for v in ctx.facts.invariance:
        if v.group_var == group_var:
            return not v.means_comparable
    return False


def planned_comparisons(ctx: Context) -> tuple[list[str], list[str]]:
    """The scales and group variables the study set out to compare (every row of
    ``groups/differences``, whether or not its comparison could run)."""
    if not ctx.results.has("groups/differences"):
        return [], []
    d = ctx.results["groups/differences"]
    return list(dict.fromkeys(d["outcome"].astype(str))), list(
        dict.fromkeys(d["group_var"].astype(str))
    )


def _not_compared_text(ctx: Context) -> list[str]:
    names = ctx.names
    return [
        ctx.say.groups.not_compared(
            names, nc.group_var, [(names.level(nc.group_var, lv), n) for lv, n in nc.levels]
        )
        for nc in ctx.facts.not_compared
    ]


def _difference_text(ctx: Context) -> list[str]:
    say, f = ctx.say.groups, ctx.facts
    out = _not_compared_text(ctx)
    if not f.differences:
        return out
    sig = [d for d in f.differences if d.significant]
    if not sig:
        return [*out, say.none_reliable(len(f.differences))]
    out.append(say.n_reliable(len(sig), len(f.differences)))
    for d in sig:
        s = say.difference(ctx.names, d, _caution(ctx, d.group_var))
        if len(d.means) > 2:
            lv = ctx.names.level
            pairs = [(lv(d.group_var, a), lv(d.group_var, b), x, p) for a, b, x, p in d.pairs]
            s += " " + (say.posthoc(pairs) if pairs else say.no_posthoc())
        if d.regression:
            s += " " + say.regression(ctx.names, d)
        if d.rank_agrees is False:
            s += " " + say.rank_disagrees()
        out.append(s)
    return out


def differences_table(ctx: Context, only_reliable: bool):
    d = ctx.results["groups/differences"]
    d = d[d["compared"].map(truthy).astype(bool)].copy()  # the comparisons that ran
    if only_reliable:
        d = d[(d["family"] == "parametric") & (d["p_holm"] < ALPHA_LEVEL)]
    d["outcome"] = [ctx.names.scale(o) for o in d["outcome"]]
    d["group_var"] = [ctx.names.demo(g) for g in d["group_var"]]
    d["test"] = [ctx.names.label("test", t) for t in d["test"]]
    d["es_name"] = [ctx.names.label("es", e) for e in d["effect_size_name"]]
    cols = [
        col(ctx, "outcome", "scale"),
        col(ctx, "test", "test"),
        col(ctx, "statistic", "statistic", "stat"),
        col(ctx, "df1", "df1", "dfr"),
        col(ctx, "df2", "df2", "dfr"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "p_holm", "p_holm", "p"),
        col(ctx, "es_name", "es"),
        col(ctx, "effect_size", "value", "es_by_name"),
        Column("es_ci_low|es_ci_high", ctx.names.label("column", "es_ci"), "ci:es_by_name"),
    ]
    return table(ctx, "groups" if only_reliable else "groups-all", cols, d, group_by="group_var")


def _classic_text(ctx: Context) -> list[str]:
    """The classic tests (Student's t / ANOVA, Levene, LSD-Scheffé or Tamhane) of every
    comparison, from ``groups/classic`` (the producer's decisions), beside the Welch ones."""
    r, say = ctx.results, ctx.say.groups
    if not r.nonempty("groups/classic"):
        return []
    desc = r["groups/descriptives"]
    ph = r["groups/classic_posthoc"] if r.has("groups/classic_posthoc") else None
    out = [say.classic_intro()]
    for c in r["groups/classic"].to_dict("records"):
        c["equal_var"] = truthy(c["equal_var"])
        d = desc[(desc["outcome"] == c["outcome"]) & (desc["group_var"] == c["group_var"])]
        used = str(c["levels"]).split(";")
        means = [(str(x.level), x.mean, x.sd) for x in d.itertuples()
                 if str(x.level) in used and not truthy(x.suppressed)]  # fmt: skip
        pairs = []
        if ph is not None and not ph.empty:
            keep = "Scheffe" if c["equal_var"] else "Tamhane T2"
            q = ph[(ph["outcome"] == c["outcome"]) & (ph["group_var"] == c["group_var"])
                   & (ph["method"] == keep) & (ph["pvalue"] < ALPHA_LEVEL)]  # fmt: skip
            pairs = [(str(x.level_a), str(x.level_b), x.diff, keep.replace("Scheffe", "Scheffé"),
                      x.pvalue) for x in q.itertuples()]  # fmt: skip
        out.append(say.classic(ctx.names, c, means, pairs))
    return out


def build_groups(ctx: Context) -> Section | None:
    f = ctx.facts
    if not f.differences and not f.invariance and not f.not_compared:
        return None
    say = ctx.say.groups
    n_paths, k_paths = _paths_counts(ctx)
    high = f.collinearity.high
    terms = sorted({_term(ctx, t) for _, t, _ in high})
    sig = any(d.significant for d in f.differences)
    return Section(
        "r-groups",
        say.GROUPS,
        blocks(
            para(*_invariance_text(ctx)) if f.invariance else None,
            invariance_table(ctx) if f.invariance else None,
            para(say.paths_compared(k_paths, *n_paths)) if n_paths[0] else None,
            para(*_difference_text(ctx)) if f.differences or f.not_compared else None,
            differences_table(ctx, only_reliable=True) if sig else None,
            para(*_classic_text(ctx)) if f.differences else None,
            Figure("group_profile", "group_profile", say.FIG_PROFILE, say.FIG_PROFILE_NOTE)
            if f.differences
            else None,
            para(say.collinearity(terms, max(v for _, _, v in high))) if high else None,
        ),
    )


def _term(ctx: Context, term: str) -> str:
    """A regression term (``service_band: >20 years``) with the demographic's label."""
    var, _, level = str(term).partition(": ")
    try:
        lab = ctx.names.demo(var)
    except ValueError:
        return str(term)
    return f"{lab}: {ctx.names.level(var, level)}" if level else lab


def _paths_counts(ctx: Context) -> tuple[tuple[int, int, int], int]:
    """(comparisons, distinct paths, grouping variables) and the reliable comparisons."""
    if not ctx.results.has("groups/invariance_paths"):
        return (0, 0, 0), 0
    ip = ctx.results["groups/invariance_paths"]
    ip = ip[
        (ip["path"] != "all paths") & ip["path"].notna() & ip["path"].astype(str).str.len().gt(0)
    ]
    one = ip.drop_duplicates(["group_var", "path"])
    n = (len(one), one["path"].nunique(), one["group_var"].nunique())
    return n, int((one["p_holm"] < ALPHA_LEVEL).sum())


def invariance_paths_table(ctx: Context):
    ip = ctx.results["groups/invariance_paths"]
    ip = ip[ip["path"].astype(str).str.len().gt(0) & ip["path"].notna()]
    recs = []
    for (g, p), sub in ip.groupby(["group_var", "path"], sort=False):
        r = {"group_var": ctx.names.demo(g), "path": _arrow(p, ctx), "delta_chisq": sub["delta_chisq"].iloc[0],
             "delta_df": sub["delta_df"].iloc[0], "p_holm": sub["p_holm"].iloc[0]}  # fmt: skip
        r["betas"] = "; ".join(
            f"{ctx.names.level(g, lvl)} {_std(v)}"
            for lvl, v in zip(sub["group"], sub["std_all"], strict=True)
            if isnum(v)
        )
        recs.append(r)
    cols = [
        col(ctx, "path", "path"),
        Column(
            "betas",
            ctx.names.label("column", "beta") + " (" + ctx.names.label("column", "group") + ")",
            "text",
        ),
        col(ctx, "delta_chisq", "delta_chisq", "chisq"),
        col(ctx, "delta_df", "delta_df", "df"),
        col(ctx, "p_holm", "p_holm", "p"),
    ]
    return table(ctx, "invariance-paths", cols, tuple(recs), group_by="group_var")


def _arrow(path: str, ctx: Context) -> str:
    if "~" not in str(path):
        return ctx.names.label("misc", "all_paths")
    y, x = (s.strip() for s in str(path).split("~", 1))
    return f"{x} → {y}"


def _std(v: float) -> str:
    from surveysem import fmt

    return fmt.num(v, "std")


def group_desc_table(ctx: Context):
    """Scale means by group level, one row per level and one column per scale (M with SD)."""
    dd = ctx.results["groups/descriptives"]
    scales = list(dict.fromkeys(dd["outcome"]))
    recs = []
    for (g, lvl), sub in dd.groupby(["group_var", "level"], sort=False):
        row = {"group_var": ctx.names.demo(g), "level": ctx.names.level(g, lvl)}
        row["n"] = int(sub["n"].max())
        for r in sub.itertuples():
            row[r.outcome], row[f"sd_{r.outcome}"] = r.mean, r.sd
        row["suppressed"] = bool(sub["suppressed"].any())
        recs.append(row)
    cols = [col(ctx, "level", "level"), col(ctx, "n", "n", "int")]
    cols += [Column(s, s, "mean_sd") for s in scales]
    return table(
        ctx, "group-desc", cols, suppress(tuple(recs), [*scales, "n"]), group_by="group_var"
    )
