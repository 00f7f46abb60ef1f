"""Mediation as a thesis committee expects it: direct, indirect and total effects of each
hypothesised mediation with the proportion mediated and the type of mediation, and the
comparison of the hypothesised model with a competing partial-mediation model.

Pure functions: tables in, tables out. The competing model is fitted by
:func:`surveysem.models.competing_models`; this module decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from surveysem.criteria import fit_index_names

MEDIATION_COLUMNS = [
    "id", "effect", "x", "m", "y", "indirect_est", "indirect_std", "indirect_ci_low",
    "indirect_ci_high", "indirect_std_ci_low", "indirect_std_ci_high", "direct_in_model",
    "direct_est", "direct_std", "direct_ci_low", "direct_ci_high", "direct_std_ci_low",
    "direct_std_ci_high", "direct_source", "total_est", "total_std", "total_ci_low",
    "total_ci_high", "total_std_ci_low", "total_std_ci_high", "proportion_mediated",
    "proportion_reason", "mediation_type", "type_reason", "ci_method",
]  # fmt: skip

COMPARISON_COLUMNS = [
    "model", "paths_added", "estimator", "chisq", "df", "pvalue", "cfi", "tli", "rmsea",
    "srmr", "aic", "bic", "delta_chisq", "delta_df", "delta_pvalue", "delta_cfi",
    "delta_rmsea", "delta_aic", "delta_bic", "test", "alpha", "preferred", "rule",
]  # fmt: skip

PROPORTION_RULE = (
    "indirect / total, only where the total effect's CI excludes zero and the indirect and "
    "total effects have the same sign"
)
COMPARISON_RULE = (
    "the more parsimonious hypothesised model is kept unless the chi-square difference test "
    "of the added direct paths is significant at alpha = {alpha:g}"
)


def _excludes_zero(lo: float, hi: float) -> bool:
    return bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))


def hypothesised_mediations(hypotheses: Sequence[Mapping]) -> list[tuple[str, tuple[str, ...]]]:
    """``(id, chain)`` of every hypothesis naming an indirect effect (``X -> M -> Y``);
    moderated effects (``... | W``) are left out."""
    out = []
    for h in hypotheses:
        eff = h.get("effect")
        if not eff or "|" in eff:
            continue
        chain = tuple(s.strip() for s in eff.split("->"))
        if len(chain) > 2:
            out.append((str(h["id"]), chain))
    return out


def missing_direct_paths(
    hypotheses: Sequence[Mapping], regressions: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The direct paths ``(Y, X)`` that the hypothesised mediations imply and the
    structural model leaves out, in hypothesis order, each once."""
    have = set(regressions)
    out: list[tuple[str, str]] = []
    for _, chain in hypothesised_mediations(hypotheses):
        path = (chain[-1], chain[0])
        if path not in have and path not in out:
            out.append(path)
    return out


def competing_structural(structural: str, paths: Sequence[tuple[str, str]]) -> str:
    """``model.structural`` with the direct paths ``(Y, X)`` added as ``Y ~ X`` lines."""
    return structural.rstrip("\n") + "\n" + "".join(f"{y} ~ {x}\n" for y, x in paths)


def _effect(effects: pd.DataFrame, label: str, kind: str) -> dict | None:
    hit = effects[(effects["effect"] == label) & (effects["kind"] == kind)]
    return None if hit.empty else hit.iloc[0].to_dict()


def _path(estimates: pd.DataFrame | None, y: str, x: str) -> dict | None:
    if estimates is None:
        return None
    hit = estimates[(estimates["op"] == "~") & (estimates["lhs"] == y) & (estimates["rhs"] == x)]
    return None if hit.empty else hit.iloc[0].to_dict()


def _proportion(ind: float, tot: float, tot_lo: float, tot_hi: float) -> tuple[float, str]:
    if not _excludes_zero(tot_lo, tot_hi):
        return np.nan, "total effect's CI includes zero"
    if np.sign(ind) != np.sign(tot):
        return np.nan, "indirect and total effects differ in sign"
    return ind / tot, ""


def _mediation_type(ind_sig: bool, d: float, d_sig: bool, ind: float, source: str):
    """Full / partial mediation, suppression or none (温忠麟 & 叶宝娟 2014)."""
    if not ind_sig:
        return "none", "indirect effect's CI includes zero"
    if source == "fixed to 0 by the model":
        return "full", "direct effect fixed to 0 by the model (not tested)"
    where = "" if source == "model" else " (in the competing partial-mediation model)"
    if not d_sig:
        return "full", f"direct effect's CI includes zero{where}"
    if np.sign(d) != np.sign(ind):
        return "suppression", f"direct and indirect effects differ in sign{where}"
    return "partial", f"direct effect's CI excludes zero{where}"


def _direct(effects, estimates, competing, x, y) -> dict:
    """The direct effect from the model (bootstrap row of effects, else the Wald path), else
    from the competing partial-mediation model (Wald), else fixed to zero by the model."""
    nan = np.nan
    r = _effect(effects, f"{x} -> {y}", "direct")
    p = _path(estimates, y, x)
    if r is not None or p is not None:
        r = r or {}
        p = p or {}
        lo = r.get("ci_low", p.get("ci_low", nan))
        hi = r.get("ci_high", p.get("ci_high", nan))
        est = r.get("est", p.get("est", nan))
        std = r.get("std_all", p.get("std_all", nan))
        return dict(in_model=True, est=est, std=std, lo=lo, hi=hi, source="model",
                    slo=r.get("std_ci_low", nan), shi=r.get("std_ci_high", nan))  # fmt: skip
    c = _path(competing, y, x)
    if c is not None:
        return dict(in_model=False, est=c["est"], std=c["std_all"], lo=c["ci_low"],
                    hi=c["ci_high"], slo=nan, shi=nan, source="competing model")  # fmt: skip
    return dict(in_model=False, est=0.0, std=0.0, lo=nan, hi=nan, slo=nan, shi=nan,
                source="fixed to 0 by the model")  # fmt: skip


def mediation_table(
    hypotheses: Sequence[Mapping],
    effects: pd.DataFrame,
    estimates: pd.DataFrame,
    competing_estimates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Direct, indirect and total effects of each hypothesised mediation, the proportion
    mediated and the type of mediation, decided once.

    Parameters
    ----------
    hypotheses : sequence of dict
        Study-file hypotheses; those with ``effect: "X -> M -> Y"`` are used.
    effects : DataFrame
        ``results/sem/effects.csv`` (:func:`surveysem.effects.estimate_effects`).
    estimates : DataFrame
        ``results/sem/estimates.csv`` of the hypothesised model.
    competing_estimates : DataFrame, optional
        Estimates of the competing partial-mediation model; the direct effect of an X -> Y
        pair the hypothesised model leaves out is taken from it (Wald CI).

    Returns
    -------
    DataFrame
        One row per mediation hypothesis: ``id``, ``effect`` (``X -> M -> Y``), ``x``, ``m``
        (the mediators, `` -> `` joined), ``y``; ``indirect_est``, ``indirect_std``,
        ``indirect_ci_low``, ``indirect_ci_high`` (CI of the unstandardized effect, the
        effects' method), ``indirect_std_ci_low``, ``indirect_std_ci_high`` (bootstrap CI of
        β); ``direct_in_model`` (whether the hypothesised model has the X -> Y path),
        ``direct_est``, ``direct_std``, ``direct_ci_low``, ``direct_ci_high``,
        ``direct_std_ci_low``, ``direct_std_ci_high``, ``direct_source`` (``model``,
        ``competing model`` or ``fixed to 0 by the model``); ``total_est``, ``total_std``,
        ``total_ci_low``, ``total_ci_high``, ``total_std_ci_low``, ``total_std_ci_high``
        (the total effect of X on Y, through every path of the model);
        ``proportion_mediated`` (indirect / total, NaN when not defined),
        ``proportion_reason`` (why it is NaN; empty otherwise), ``mediation_type``
        (``full``, ``partial``, ``suppression`` or ``none``), ``type_reason``, ``ci_method``.

    Notes
    -----
    Proportion mediated (效应占比) :math:`P_M = ab / c`, with c the total effect, reported
    only where c's CI excludes zero and ab and c share a sign (otherwise the ratio is unstable
    or meaningless; Preacher & Kelley 2011; 温忠麟 & 叶宝娟 2014). In a model with several
    mediators c also carries the other indirect paths, so the specific shares need not add
    to 1. The type follows 温忠麟 & 叶宝娟 (2014): no mediation when ab's CI includes zero;
    otherwise full mediation when the direct effect c' is not significant, partial when it is
    and has ab's sign, suppression (遮掩效应) when it has the opposite sign. A c' that the
    hypothesised model fixes to zero is judged in the competing partial-mediation model.
    """
    rows = []
    for hid, chain in hypothesised_mediations(hypotheses):
        label = " -> ".join(chain)
        x, y = chain[0], chain[-1]
        ind = _effect(effects, label, "indirect")
        if ind is None:
            raise ValueError(
                f"hypotheses {hid}: effect {label!r} is not in results/sem/effects.csv; "
                "list it in model.indirect or use indirect: auto"
            )
        tot = _effect(effects, f"{x} -> {y}", "total") or {}
        d = _direct(effects, estimates, competing_estimates, x, y)
        t_est, t_lo, t_hi = (tot.get(k, np.nan) for k in ("est", "ci_low", "ci_high"))
        prop, why = _proportion(ind["est"], t_est, t_lo, t_hi)
        kind, kind_why = _mediation_type(
            _excludes_zero(ind["ci_low"], ind["ci_high"]), d["est"],
            _excludes_zero(d["lo"], d["hi"]), ind["est"], d["source"],
        )  # fmt: skip
        rows.append({
            "id": hid, "effect": label, "x": x, "m": " -> ".join(chain[1:-1]), "y": y,
            "indirect_est": ind["est"], "indirect_std": ind["std_all"],
            "indirect_ci_low": ind["ci_low"], "indirect_ci_high": ind["ci_high"],
            "indirect_std_ci_low": ind.get("std_ci_low", np.nan),
            "indirect_std_ci_high": ind.get("std_ci_high", np.nan),
            "direct_in_model": d["in_model"], "direct_est": d["est"], "direct_std": d["std"],
            "direct_ci_low": d["lo"], "direct_ci_high": d["hi"],
            "direct_std_ci_low": d["slo"], "direct_std_ci_high": d["shi"],
            "direct_source": d["source"], "total_est": t_est,
            "total_std": tot.get("std_all", np.nan), "total_ci_low": t_lo, "total_ci_high": t_hi,
            "total_std_ci_low": tot.get("std_ci_low", np.nan),
            "total_std_ci_high": tot.get("std_ci_high", np.nan),
            "proportion_mediated": prop, "proportion_reason": why,
            "mediation_type": kind, "type_reason": kind_why, "ci_method": ind.get("method", ""),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=MEDIATION_COLUMNS)


def sb2001_difference(
    chisq0: float, df0: float, c0: float, chisq1: float, df1: float, c1: float
) -> dict:
    """Satorra–Bentler (2001) scaled chi-square difference of nested models (0 nested in 1).

    Returns
    -------
    dict
        ``delta_chisq`` (scaled), ``delta_df``, ``delta_pvalue``, ``cd`` (the scaling factor
        of the difference).

    Notes
    -----
    :math:`c_d = (d_0 c_0 - d_1 c_1)/(d_0 - d_1)`, :math:`T_d = (T_0 - T_1)/c_d` with the ML
    statistics T and the scaling factors c (Satorra & Bentler 2001), as lavaan's
    ``lavTestLRT(method = "satorra.bentler.2001")``.
    """
    ddf = df0 - df1
    if ddf <= 0:
        return dict(delta_chisq=np.nan, delta_df=ddf, delta_pvalue=np.nan, cd=np.nan)
    cd = (df0 * c0 - df1 * c1) / ddf
    t = (chisq0 - chisq1) / cd
    return dict(delta_chisq=t, delta_df=ddf, delta_pvalue=stats.chi2.sf(t, ddf), cd=cd)


def _difference(f0: dict, f1: dict, estimator: str, scaled: dict | None) -> tuple[dict, str]:
    if estimator == "MLR":
        d = sb2001_difference(f0["chisq"], f0["df"], f0["scaling_factor"],
                              f1["chisq"], f1["df"], f1["scaling_factor"])  # fmt: skip
        return d, "Satorra-Bentler (2001) scaled difference"
    if scaled is not None:
        return scaled, "Satorra (2000) scaled-shifted difference, as lavTestLRT"
    if estimator != "ML":
        nan = np.nan
        return dict(delta_chisq=nan, delta_df=nan, delta_pvalue=nan), "not available"
    ddf = f0["df"] - f1["df"]
    dchi = f0["chisq"] - f1["chisq"]
    p = stats.chi2.sf(max(dchi, 0.0), ddf) if ddf > 0 else np.nan
    return dict(delta_chisq=dchi, delta_df=ddf, delta_pvalue=p), "chi-square difference"


def compare_models(
    fit0: pd.DataFrame,
    fit1: pd.DataFrame,
    paths_added: Sequence[tuple[str, str]],
    *,
    estimator: str,
    alpha: float,
    scaled_difference: dict | None = None,
) -> pd.DataFrame:
    """The hypothesised model against the competing partial-mediation model, with a verdict.

    Parameters
    ----------
    fit0, fit1 : DataFrame
        ``index``, ``value`` fit tables of the hypothesised and the competing model.
    paths_added : sequence of (Y, X)
        The direct paths the competing model adds.
    estimator : str
        ``ML``, ``MLR``, ``WLSMV``/``ULSMV``.
    alpha : float
        The study's significance level (1 - ``analysis.ci_level``).
    scaled_difference : dict, optional
        Under WLSMV: :func:`surveysem.ordinal.scaled_difference_test` of the two fits.

    Returns
    -------
    DataFrame
        Two rows (``model`` = ``hypothesised``, ``competing``): ``paths_added``,
        ``estimator``, ``chisq``, ``df``, ``pvalue`` (scaled when the estimator scales
        them), ``cfi``, ``tli``, ``rmsea`` (robust when available), ``srmr``, ``aic``, ``bic``;
        on the competing row ``delta_chisq``, ``delta_df``, ``delta_pvalue`` (hypothesised
        minus competing), ``delta_cfi``, ``delta_rmsea``, ``delta_aic``, ``delta_bic``
        (competing minus hypothesised); ``test`` (the difference test used), ``alpha``,
        ``preferred`` (True on the model the data favour), ``rule``.

    Notes
    -----
    ML: :math:`\\Delta\\chi^2 = \\chi^2_0 - \\chi^2_1` on :math:`df_0 - df_1`. MLR: the
    Satorra–Bentler (2001) scaled difference (:func:`sb2001_difference`). WLSMV: the
    Satorra (2000) scaled-shifted difference when given, otherwise no test and the
    hypothesised model is kept. The rule (:data:`COMPARISON_RULE`): the more parsimonious
    model unless Δχ² is significant at ``alpha``.
    """
    v0 = fit0.set_index("index")["value"].to_dict()
    v1 = fit1.set_index("index")["value"].to_dict()
    names = fit_index_names(v0)
    d, test = _difference(v0, v1, estimator, scaled_difference)
    rows = []
    for model, v in (("hypothesised", v0), ("competing", v1)):
        row = {"model": model, "estimator": estimator}
        row["paths_added"] = (
            "; ".join(f"{y} ~ {x}" for y, x in paths_added) if model == "competing" else ""
        )
        for k in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"):
            row[k] = float(v.get(names[k], np.nan))
        for k in ("aic", "bic"):
            row[k] = float(v.get(k, np.nan))
        rows.append(row)
    out = pd.DataFrame(rows)
    for k in ("delta_chisq", "delta_df", "delta_pvalue"):
        out[k] = [np.nan, d[k]]
    for k in ("cfi", "rmsea", "aic", "bic"):
        out[f"delta_{k}"] = [np.nan, out[k].iloc[1] - out[k].iloc[0]]
    better = bool(np.isfinite(d["delta_pvalue"]) and d["delta_pvalue"] < alpha)
    out["test"] = test
    out["alpha"] = alpha
    out["preferred"] = [not better, better]
    out["rule"] = COMPARISON_RULE.format(alpha=alpha)
    return out[COMPARISON_COLUMNS]
