"""Results, second part: reliability and validity, method bias, the measurement model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveysem.criteria import (
    ALPHA_MIN,
    AVE_MIN,
    CR_MIN,
    FIT_AMOS,
    FIT_GOOD,
    HTMT_MAX,
    isnum,
)
from surveysem.report.context import Context
from surveysem.report.doc import Column, Para, Section, blocks, para
from surveysem.report.tables import col, table


def _matrix(frame: pd.DataFrame, value: str, diag: bool) -> tuple[list[str], tuple[dict, ...]]:
    """A lower-triangular matrix (rows) from a long table of scale pairs."""
    names = list(dict.fromkeys(list(frame["scale_a"]) + list(frame["scale_b"])))
    val = {}
    for a, b, v in zip(frame["scale_a"], frame["scale_b"], frame[value], strict=True):
        val[(a, b)] = v
        val.setdefault((b, a), v)
    recs = []
    for i, a in enumerate(names):
        row = {"scale": a}
        for j, b in enumerate(names):
            row[b] = val.get((a, b), np.nan) if (j < i or (diag and j == i)) else None
        recs.append(row)
    if not diag:
        recs = recs[1:]
    return (names if diag else names[:-1]), tuple(recs)


def _reliability_tables(ctx: Context):
    sc = ctx.results["reliability/scales"]
    cols = [
        col(ctx, "scale", "scale"),
        col(ctx, "n_items", "items", "int"),
        col(ctx, "alpha", "alpha", "rel", ALPHA_MIN),
        Column("alpha_ci_low|alpha_ci_high", ctx.names.label("column", "alpha_ci"), "ci:rel"),
        col(ctx, "omega", "omega", "rel"),
        col(ctx, "cr", "cr", "rel", CR_MIN),
        col(ctx, "ave", "ave", "rel", AVE_MIN),
    ]
    ordinal = ctx.facts.estimation.ordinal and "alpha_ordinal" in sc
    if ordinal:  # the ordinal coefficients beside the usual ones (both reported)
        cols[5:5] = [
            col(ctx, "alpha_ordinal", "alpha_ordinal", "rel"),
            col(ctx, "omega_categorical", "omega_categorical", "rel"),
        ]
    rel = table(ctx, "reliability", cols, sc, ordinal=ordinal)
    ht = ctx.results["reliability/htmt"]
    names, recs = _matrix(ht[ht["scale_a"] != ht["scale_b"]], "htmt", diag=False)
    htmt = table(
        ctx,
        "htmt",
        [Column("scale", "", "text")] + [Column(n, n, "r", HTMT_MAX) for n in names],
        recs,
        landscape=len(names) > 10,
    )
    fl = ctx.results["reliability/fornell_larcker"]
    names, recs = _matrix(fl, "value", diag=True)
    fl_t = table(
        ctx,
        "fl",
        [Column("scale", "", "text")] + [Column(n, n, "r") for n in names],
        recs,
        landscape=len(names) > 10,
    )
    return rel, htmt, fl_t


def build_reliability(ctx: Context) -> Section:
    say, m = ctx.say.measurement, ctx.facts.measurement
    rel, htmt, fl = _reliability_tables(ctx)
    return Section(
        "r-reliability",
        say.RELIABILITY,
        blocks(
            Para(tuple(say.reliability(m))),
            para(say.item_analysis(m.items)) if m.items else None,
            para(say.ordinal_reliability(m))
            if ctx.facts.estimation.ordinal and "alpha_ordinal" in m.scales
            else None,
            rel,
            Para(tuple(say.discriminant(m, ctx.names))),
            htmt,
            fl,
            para(*say.item_pool(m)),
        ),
    )


def build_cmb(ctx: Context) -> Section | None:
    if not ctx.results.has("cfa/cmb"):
        return None
    say = ctx.say.measurement
    cmb = ctx.results["cfa/cmb"].copy()
    cmb["model"] = [
        ctx.names.label("misc", "one_factor" if "one" in m else "measurement") for m in cmb["model"]
    ]
    cols = [
        col(ctx, "model", "model"),
        col(ctx, "chisq", "chisq", "chisq"),
        col(ctx, "df", "df", "df"),
        col(ctx, "cfi", "cfi", "fit", FIT_GOOD["cfi"]),
        col(ctx, "tli", "tli", "fit", FIT_GOOD["tli"]),
        col(ctx, "rmsea", "rmsea", "fit", FIT_GOOD["rmsea"]),
        col(ctx, "srmr", "srmr", "fit", FIT_GOOD["srmr"]),
        col(ctx, "delta_chisq", "delta_chisq", "chisq"),
        col(ctx, "delta_df", "delta_df", "df"),
        col(ctx, "delta_pvalue", "p", "p"),
    ]
    return Section(
        "r-cmb",
        say.CMB,
        blocks(
            Para(tuple(say.cmb(ctx.facts.measurement))),
            table(ctx, "cmb", cols, cmb, ordinal=ctx.facts.estimation.ordinal),
            ulmc_table(ctx),
        ),
    )


def ulmc_table(ctx: Context):
    """The measurement model with and without the unmeasured latent method factor."""
    if not ctx.results.nonempty("cfa/ulmc"):
        return None
    t = ctx.results["cfa/ulmc"].copy()
    t["model"] = [
        ctx.names.label("misc", "measurement" if m == "measurement model" else "method_factor")
        for m in t["model"]
    ]
    cols = [col(ctx, "model", "model"), col(ctx, "chisq", "chisq", "chisq"),
            col(ctx, "df", "df", "df")]  # fmt: skip
    cols += [col(ctx, k, k, "fit", FIT_GOOD[k]) for k in ("cfi", "tli", "rmsea", "srmr")]
    cols += [col(ctx, f"delta_{k}", f"delta_{k}", "fit") for k in ("cfi", "tli", "rmsea", "srmr")]
    robust = any("robust" in str(x) or "scaled" in str(x) for x in t["indices"])
    return table(ctx, "ulmc", cols, t, robust=robust)


def fit_table(ctx: Context):
    """Fit of both models, in the versions the verdicts use (``Fit.used``: robust under MLR
    and WLSMV, the scaled test)."""
    f = ctx.facts
    fits = [(fit, key) for fit, key in ((f.cfa_fit, "cfa"), (f.sem_fit, "sem")) if fit]
    recs = []
    for fit, key in fits:
        row = {"model": ctx.names.label("misc", key)}
        row.update({k: fit.value(k) for k in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea")})
        row.update({"srmr": fit.get("srmr"), "aic": fit.get("aic"), "bic": fit.get("bic")})
        row["rmsea_ci_low"], row["rmsea_ci_high"] = fit.rmsea_ci
        recs.append(row)
    cols = [
        col(ctx, "model", "model"),
        col(ctx, "chisq", "chisq", "chisq"),
        col(ctx, "df", "df", "df"),
        col(ctx, "pvalue", "p", "p"),
        col(ctx, "cfi", "cfi", "fit", FIT_GOOD["cfi"]),
        col(ctx, "tli", "tli", "fit", FIT_GOOD["tli"]),
        col(ctx, "rmsea", "rmsea", "fit", FIT_GOOD["rmsea"]),
        Column("rmsea_ci_low|rmsea_ci_high", ctx.names.label("column", "rmsea_ci"), "ci:fit"),
        col(ctx, "srmr", "srmr", "fit", FIT_GOOD["srmr"]),
        col(ctx, "aic", "aic", "ic"),
        col(ctx, "bic", "bic", "ic"),
    ]
    present = {k for r in recs for k, v in r.items() if isnum(v) or isinstance(v, str)}
    cols = [c for c in cols if any(part in present for part in c.key.split("|"))]
    version = next((x.version for x, _ in fits if x.version), "")
    return table(ctx, "fit", cols, recs, estimator=f.estimation.estimator, version=version)


AMOS = ("chisq_df", "gfi", "agfi", "nfi", "ifi", "rfi", "pnfi")


def amos_table(ctx: Context):
    """The indices AMOS users report (χ²/df, GFI, AGFI, NFI, IFI, RFI, PNFI) of both models,
    in the versions :func:`surveysem.criteria.fit_index_names` picks (from the scaled test
    under MLR and WLSMV), each marked against its cut-off (:data:`FIT_AMOS`)."""
    f = ctx.facts
    fits = [(fit, key) for fit, key in ((f.cfa_fit, "cfa"), (f.sem_fit, "sem")) if fit]
    recs = [{"model": ctx.names.label("misc", key)} | {k: fit.value(k) for k in AMOS}
            for fit, key in fits]  # fmt: skip
    kinds = {"chisq_df": "chisq"}
    cols = [col(ctx, "model", "model")] + [
        col(ctx, k, k, kinds.get(k, "fit"), FIT_AMOS[k])
        for k in AMOS
        if any(isnum(r[k]) for r in recs)
    ]
    if len(cols) == 1:
        return None
    scaled = any(fit.used.get("nfi", "nfi").endswith("_scaled") for fit, _ in fits)
    return table(ctx, "fit-amos", cols, recs, estimator=f.estimation.estimator, scaled=scaled,
                 gfi=any(c.key == "gfi" for c in cols))  # fmt: skip


def build_measurement(ctx: Context) -> Section:
    say, f = ctx.say.measurement, ctx.facts
    mi = ctx.results["cfa/mi"].sort_values("mi", ascending=False, kind="stable")
    mi_t = table(
        ctx,
        "mi",
        [
            col(ctx, "lhs", "parameter"),
            Column("op", "", "text"),
            Column("rhs", "", "text"),
            col(ctx, "mi", "mi", "chisq"),
            col(ctx, "epc", "epc", "coef"),
            col(ctx, "sepc_all", "sepc", "std"),
        ],
        mi.head(10),
    )
    return Section(
        "r-measurement",
        say.MEASUREMENT,
        blocks(
            para(say.model_fit(f.cfa_fit) if f.cfa_fit else "", say.loadings(f.measurement)),
            fit_table(ctx),
            amos_table(ctx),
            para(say.modification(mi.iloc[0])) if not mi.empty else None,
            mi_t if not mi.empty else None,
        ),
    )
