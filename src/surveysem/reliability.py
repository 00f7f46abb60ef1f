"""Reliability and validity of multi-item scales.

Cronbach's alpha with a Feldt confidence interval and item statistics (psych::alpha,
psych::alpha.ci), McDonald's omega from a one-factor model of each scale, composite reliability
and average variance extracted from the measurement model's estimates (Fornell & Larcker,
1981; semTools::compRelSEM and semTools::AVE), the Fornell-Larcker criterion and the
heterotrait-monotrait ratio (semTools::htmt).

Every function is pure: data frames and explicit arguments in, tidy data frames out. Scale
statistics use the rows that answered every item of that scale (listwise per scale); HTMT uses
the rows that answered every item of every scale (semTools' ``missing = "listwise"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from surveysem.criteria import ALPHA_LEVEL, AVE_MIN, CR_MIN, HTMT_MAX, ITEM_CR_MIN, ITEM_TOTAL_MIN
from surveysem.efa import extract_factors
from surveysem.missing import em_saturated
from surveysem.ordinal import bvn_cdf, code_items, ordinal_statistics

__all__ = [
    "ReliabilityResult",
    "assess_reliability",
    "cronbach_alpha",
    "composite_reliability",
    "fornell_larcker",
    "htmt",
    "item_statistics",
    "observed_covariance",
    "omega_categorical",
    "omega_total",
    "ordinal_reliability",
    "scale_reliability",
]

ALPHA_CI_METHOD = "Feldt (1965) F-distribution"
OMEGA_METHOD = "one-factor ML model, model-implied total variance (McDonald, 1999)"
CR_CITATION = "Fornell & Larcker (1981); Hair et al. (2019)"
HTMT_CITATION = "Henseler, Ringle & Sarstedt (2015); Roemer, Schuberth & Henseler (2021)"
FL_CITATION = "Fornell & Larcker (1981)"
HTMT_STRICT = HTMT_MAX.value
HTMT_LIBERAL = 0.90


def _scale_data(data: pd.DataFrame, scale: str, items: Sequence[str]) -> pd.DataFrame:
    items = list(items)
    missing = [i for i in items if i not in data.columns]
    if missing:
        raise ValueError(
            f"scale {scale!r}: item column(s) {', '.join(missing)} are not in the data; "
            "fix the item names in the codebook or the data file"
        )
    x = data[items].apply(pd.to_numeric, errors="coerce")
    return x.dropna()


def _check_scales(scales: Mapping[str, Sequence[str]]) -> None:
    if not scales:
        raise ValueError("no scales given; the codebook must define at least one scale")
    seen: dict[str, str] = {}
    for s, items in scales.items():
        if len(items) == 0:
            raise ValueError(f"scale {s!r} has no items; list its items in the codebook")
        for i in items:
            if i in seen:
                raise ValueError(f"item {i!r} is in both scale {seen[i]!r} and {s!r}")
            seen[i] = s


def _alpha_from_cov(c: np.ndarray) -> float:
    k = c.shape[0]
    total = c.sum()
    if k < 2 or total <= 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - np.trace(c) / total))


def cronbach_alpha(
    data: pd.DataFrame, items: Sequence[str], *, ci_level: float = 0.95
) -> pd.DataFrame:
    """Cronbach's alpha of one scale with a Feldt confidence interval.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored. Rows with a missing answer on any item of the
        scale are dropped.
    items : sequence of str
        The scale's items (at least 2).
    ci_level : float
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        One row: ``n_items``, ``n`` (complete rows), ``alpha`` (raw, from covariances),
        ``alpha_ci_low``, ``alpha_ci_high``, ``alpha_std`` (from correlations),
        ``alpha_ci_method``.

    Notes
    -----
    ``alpha = k / (k - 1) * (1 - sum(s_i^2) / s_X^2)`` (Cronbach, 1951). The interval is
    Feldt's (1965): with ``F ~ F(n - 1, (n - 1)(k - 1))``,
    ``[1 - (1 - alpha) F_{1 - a/2}, 1 - (1 - alpha) F_{a/2}]``, as psych::alpha.ci and
    cocron (Diedenhofen & Musch, 2016). Matches psych::alpha's ``raw_alpha`` and
    ``std.alpha``.
    """
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must be between 0 and 1, got {ci_level}")
    x = _scale_data(data, "(unnamed)", items)
    k, n = len(items), len(x)
    alpha = alpha_std = lo = hi = float("nan")
    if k >= 2 and n >= 2:
        c = np.cov(x.to_numpy(dtype=float), rowvar=False)
        alpha = _alpha_from_cov(c)
        sd = np.sqrt(np.diag(c))
        if np.all(sd > 0):
            alpha_std = _alpha_from_cov(c / np.outer(sd, sd))
        a = 1.0 - ci_level
        df1, df2 = n - 1, (n - 1) * (k - 1)
        lo = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - a / 2.0, df1, df2)
        hi = 1.0 - (1.0 - alpha) * stats.f.ppf(a / 2.0, df1, df2)
    return pd.DataFrame(
        {
            "n_items": [k],
            "n": [n],
            "alpha": [alpha],
            "alpha_ci_low": [lo],
            "alpha_ci_high": [hi],
            "alpha_std": [alpha_std],
            "alpha_ci_method": [ALPHA_CI_METHOD],
        }
    )


def item_statistics(data: pd.DataFrame, scales: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Item means, SDs, corrected item-total correlations and alpha if item deleted.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored.
    scales : mapping of str to sequence of str
        Scale name -> items.

    Returns
    -------
    DataFrame
        One row per item: ``scale``, ``item``, ``mean``, ``sd`` (n - 1 denominator),
        ``item_total_r`` (correlation of the item with the sum of the scale's other items,
        psych's ``r.drop``), ``alpha_if_deleted`` (raw alpha of the other items),
        ``n`` (complete rows of the scale).

    Notes
    -----
    Computed on the rows that answered every item of the scale, from the covariance matrix C:
    ``r_drop_i = (sum_j C_ij - C_ii) / sqrt(C_ii * (sum(C) - 2 sum_j C_ij + C_ii))``.
    Matches psych::alpha (Revelle, 2022) on complete data. Scales with one item get NaN for
    the last two columns; with two items alpha if deleted is NaN.
    """
    _check_scales(scales)
    rows = []
    for s, items in scales.items():
        x = _scale_data(data, s, items)
        arr = x.to_numpy(dtype=float)
        k = len(items)
        c = np.cov(arr, rowvar=False).reshape(k, k) if len(x) >= 2 else np.full((k, k), np.nan)
        for i, item in enumerate(items):
            rdrop = aid = float("nan")
            if k >= 2:
                rest = [j for j in range(k) if j != i]
                cov_rest = c[i, rest].sum()
                var_rest = c[np.ix_(rest, rest)].sum()
                if c[i, i] > 0 and var_rest > 0:
                    rdrop = float(cov_rest / np.sqrt(c[i, i] * var_rest))
                if k >= 3:
                    aid = _alpha_from_cov(c[np.ix_(rest, rest)])
            rows.append(
                {
                    "scale": s,
                    "item": item,
                    "mean": float(arr[:, i].mean()) if len(x) else float("nan"),
                    "sd": float(arr[:, i].std(ddof=1)) if len(x) >= 2 else float("nan"),
                    "item_total_r": rdrop,
                    "alpha_if_deleted": aid,
                    "n": len(x),
                }
            )
    return pd.DataFrame(rows)


def omega_total(data: pd.DataFrame, items: Sequence[str]) -> float:
    """McDonald's omega total of one scale from its one-factor ML model.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored (listwise-complete rows are used).
    items : sequence of str
        The scale's items; at least 3 (a one-factor model of 2 items is not identified:
        NaN is returned).

    Returns
    -------
    float
        ``omega = (sum lambda)^2 / ((sum lambda)^2 + sum theta)`` in the raw (covariance)
        metric, i.e. the reliability of the unit-weighted sum score.

    Notes
    -----
    McDonald (1999). The one-factor model is fitted by maximum likelihood (the same solution as
    lavaan's ``cfa("F =~ x1 + ... + xk")`` with ML estimation; ML is scale-equivariant, so
    it is fitted to the correlation matrix and rescaled by the item SDs). Equals
    ``semTools::compRelSEM(fit, obs.var = FALSE, tau.eq = FALSE)`` of that one-factor fit.
    Unique variances are bounded below at 0.005 of the item variance (psych's bound); lavaan
    would report a negative variance (Heywood case) instead.
    """
    x = _scale_data(data, "(unnamed)", items)
    k = len(items)
    if k < 3 or len(x) <= k:
        return float("nan")
    arr = x.to_numpy(dtype=float)
    sd = arr.std(axis=0, ddof=0)
    if not np.all(sd > 0):
        return float("nan")
    r = np.corrcoef(arr, rowvar=False)
    lam, psi = extract_factors(r, 1, method="ml")
    lam_raw = lam[:, 0] * sd
    theta = psi * sd**2
    common = lam_raw.sum() ** 2
    return float(common / (common + theta.sum()))


def scale_reliability(
    data: pd.DataFrame, scales: Mapping[str, Sequence[str]], *, ci_level: float = 0.95
) -> pd.DataFrame:
    """Alpha with its Feldt interval and omega for every scale.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored.
    scales : mapping of str to sequence of str
        Scale name -> items.
    ci_level : float
        Confidence level of alpha's interval.

    Returns
    -------
    DataFrame
        One row per scale: ``scale``, ``n_items``, ``n``, ``alpha``, ``alpha_ci_low``,
        ``alpha_ci_high``, ``omega``, ``alpha_std``, ``alpha_ci_method``, ``omega_method``.

    Notes
    -----
    See :func:`cronbach_alpha` and :func:`omega_total`.
    """
    _check_scales(scales)
    rows = []
    for s, items in scales.items():
        _scale_data(data, s, items)  # names the scale in the error
        a = cronbach_alpha(data, items, ci_level=ci_level).iloc[0].to_dict()
        rows.append(
            {
                "scale": s,
                "n_items": a["n_items"],
                "n": a["n"],
                "alpha": a["alpha"],
                "alpha_ci_low": a["alpha_ci_low"],
                "alpha_ci_high": a["alpha_ci_high"],
                "omega": omega_total(data, items),
                "alpha_std": a["alpha_std"],
                "alpha_ci_method": a["alpha_ci_method"],
                "omega_method": OMEGA_METHOD,
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------
# From the CFA estimates
# ----------------------------------------------------------------------------------------------
_EST_COLUMNS = ("lhs", "op", "rhs", "est", "std_all")


def _check_estimates(estimates: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _EST_COLUMNS if c not in estimates.columns]
    if missing:
        raise ValueError(
            f"the CFA estimates table lacks column(s) {', '.join(missing)}; it must have "
            "lavaan's parameterEstimates shape (lhs, op, rhs, est, ..., std_all), as "
            "results/cfa/estimates.csv"
        )
    est = estimates
    if "group" in est.columns and est["group"].nunique(dropna=True) > 1:
        raise ValueError(
            "the CFA estimates have several groups; pass the single-group measurement model"
        )
    key = est[["lhs", "op", "rhs"]].astype(str)
    dup = key.duplicated()
    if dup.any():
        r = key[dup].iloc[0]
        raise ValueError(
            f"the CFA estimates have duplicate rows for {r['lhs']} {r['op']} {r['rhs']}"
        )
    return est


def _cov_lookup(est: pd.DataFrame, col: str) -> dict[tuple[str, str], float]:
    cov = est[est["op"] == "~~"]
    out: dict[tuple[str, str], float] = {}
    for lhs, rhs, v in zip(cov["lhs"].astype(str), cov["rhs"].astype(str), cov[col], strict=True):
        out[(lhs, rhs)] = float(v)
        out[(rhs, lhs)] = float(v)
    return out


def composite_reliability(
    estimates: pd.DataFrame,
    scales: Mapping[str, Sequence[str]] | Sequence[str],
    *,
    total_cov: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Composite reliability (CR) and average variance extracted (AVE) from CFA estimates.

    Parameters
    ----------
    estimates : DataFrame
        The multi-factor CFA in lavaan ``parameterEstimates`` shape (``lhs, op, rhs, est,
        std_all``, ...): ``=~`` rows are loadings, ``~~`` rows (residual) variances and
        covariances.
    scales : mapping of str to items, or sequence of str
        The latent variables to report (their items are read from the ``=~`` rows).
    total_cov : DataFrame, optional
        The observed covariance matrix of the items (labelled) that the CFA was fitted to:
        with it ``cr_semtools`` is semTools' default ``compRelSEM(fit)`` (``obs.var =
        TRUE``), without it the model-implied variant (``obs.var = FALSE``). See
        :func:`observed_covariance`; for ordinal items the polychoric correlations.

    Returns
    -------
    DataFrame
        One row per scale: ``scale``, ``cr`` and ``ave`` (Fornell & Larcker, from the
        standardized solution), ``cr_semtools`` and ``ave_semtools`` (semTools definitions,
        raw metric), ``sqrt_ave``, ``cr_ok`` (cr >= .70),
        ``ave_ok`` (ave >= .50), ``cr_method``, ``citation``. All NaN for a scale without
        ``=~`` rows (e.g. a composite) or with fewer than 2 indicators.

    Notes
    -----
    With standardized loadings l_i (``std_all``), standardized residual variances
    e_i (``std_all`` of ``item ~~ item``; ``1 - l_i^2`` without residual covariances) and
    standardized residual covariances e_ij among the scale's items (Fornell & Larcker, 1981;
    Raykov, 1997)::

        cr  = (sum l)^2 / ((sum l)^2 + sum e_i + 2 sum_{i<j} e_ij)
        ave = sum l^2 / (sum l^2 + sum e_i)

    These are what a reader recomputes from the standardized loadings table. semTools
    (Jorgensen et al., 2022; version 0.5-6) instead works in the raw metric:
    ``cr_semtools = (sum lambda)^2 phi / sum(S_ff)`` with S_ff the observed covariance block
    of the items (``total_cov``), i.e. ``compRelSEM(fit)`` with its defaults (``obs.var =
    TRUE``, ``tau.eq = FALSE``; for a WLSMV fit ``ord.scale = FALSE``, the latent-response
    scale, the ordinal-scale value being :func:`omega_categorical`); without ``total_cov`` the
    model-implied block Sigma_ff (``obs.var = FALSE``). ``ave_semtools = sum(lambda^2) phi /
    sum(diag(Sigma_ff))``, i.e. ``AVE(fit, obs.var = FALSE)``. The two definitions coincide when all items have the same
    model-implied variance; they typically differ in the third decimal. Cut-offs (surveysem.criteria): CR >= .70,
    AVE >= .50 (Fornell & Larcker, 1981; Hair et al., 2019). Items loading on more than one
    factor are not supported (semTools returns NA for AVE then; here the other loadings are
    ignored).
    """
    est = _check_estimates(estimates)
    names = list(scales.keys()) if isinstance(scales, Mapping) else list(scales)
    load = est[est["op"] == "=~"]
    std_cov = _cov_lookup(est, "std_all")
    raw_cov = _cov_lookup(est, "est")
    rows = []
    for s in names:
        ls = load[load["lhs"].astype(str) == s]
        items = ls["rhs"].astype(str).tolist()
        row = {"scale": s}
        if len(items) >= 2:
            l_std = ls["std_all"].to_numpy(dtype=float)
            lam = ls["est"].to_numpy(dtype=float)
            e = np.array([std_cov.get((i, i), np.nan) for i in items])
            th = np.array([raw_cov.get((i, i), np.nan) for i in items])
            e_off = th_off = 0.0
            for a in range(len(items)):
                for b in range(a + 1, len(items)):
                    e_off += std_cov.get((items[a], items[b]), 0.0)
                    th_off += raw_cov.get((items[a], items[b]), 0.0)
            phi = raw_cov.get((s, s), np.nan)
            common_std = l_std.sum() ** 2
            row["cr"] = common_std / (common_std + e.sum() + 2.0 * e_off)
            row["ave"] = np.sum(l_std**2) / (np.sum(l_std**2) + e.sum())
            common = lam.sum() ** 2 * phi
            if total_cov is None:
                row["cr_semtools"] = common / (common + th.sum() + 2.0 * th_off)
            else:
                row["cr_semtools"] = common / float(total_cov.loc[items, items].to_numpy().sum())
            row["ave_semtools"] = np.sum(lam**2) * phi / (np.sum(lam**2) * phi + th.sum())
        else:
            row.update(cr=np.nan, ave=np.nan, cr_semtools=np.nan, ave_semtools=np.nan)
        rows.append(row)
    out = pd.DataFrame(rows, columns=["scale", "cr", "ave", "cr_semtools", "ave_semtools"])
    out["sqrt_ave"] = np.sqrt(out["ave"].astype(float))
    out["cr_ok"] = [CR_MIN.ok(v) for v in out["cr"]]
    out["ave_ok"] = [AVE_MIN.ok(v) for v in out["ave"]]
    out["cr_method"] = "standardized loadings (Fornell & Larcker 1981)"
    out["citation"] = CR_CITATION
    return out


def fornell_larcker(
    estimates: pd.DataFrame, scales: Mapping[str, Sequence[str]] | Sequence[str]
) -> pd.DataFrame:
    """Fornell-Larcker criterion: sqrt(AVE) against the latent correlations.

    Parameters
    ----------
    estimates : DataFrame
        The multi-factor CFA estimates (lavaan ``parameterEstimates`` shape).
    scales : mapping of str to items, or sequence of str
        Latent variables to compare, in display order (scales without loadings are skipped).

    Returns
    -------
    DataFrame
        Long, every ordered pair of latent variables (a full matrix): ``scale_a``,
        ``scale_b``, ``value`` (sqrt(AVE) on the diagonal, the latent correlation, the
        ``std_all`` of ``a ~~ b``, off it), ``kind`` (``sqrt_ave`` or ``latent_r``),
        ``pass`` (off the diagonal: |r| below both square roots of AVE; on the diagonal:
        sqrt(AVE) above every |r| of the scale), ``criterion``, ``citation``.

    Notes
    -----
    Discriminant validity holds for a pair when each construct shares more variance with
    its indicators than with the other: ``sqrt(AVE_a) > |r_ab|`` and
    ``sqrt(AVE_b) > |r_ab|`` (Fornell & Larcker, 1981). AVE as :func:`composite_reliability`
    (standardized).
    """
    est = _check_estimates(estimates)
    cr = composite_reliability(est, scales)
    cr = cr[cr["ave"].notna()]
    names = cr["scale"].tolist()
    sq = dict(zip(cr["scale"], cr["sqrt_ave"], strict=True))
    std_cov = _cov_lookup(est, "std_all")
    corr = {(a, b): std_cov.get((a, b), np.nan) for a in names for b in names if a != b}
    rows = []
    for a in names:
        for b in names:
            if a == b:
                others = [abs(corr[(a, c)]) for c in names if c != a]
                rows.append(
                    {
                        "scale_a": a,
                        "scale_b": b,
                        "value": sq[a],
                        "kind": "sqrt_ave",
                        "pass": bool(all(sq[a] > o for o in others)),
                    }
                )
            else:
                r = corr[(a, b)]
                rows.append(
                    {
                        "scale_a": a,
                        "scale_b": b,
                        "value": r,
                        "kind": "latent_r",
                        "pass": bool(abs(r) < min(sq[a], sq[b])),
                    }
                )
    out = pd.DataFrame(rows, columns=["scale_a", "scale_b", "value", "kind", "pass"])
    out["criterion"] = "sqrt(AVE) > |latent r|"
    out["citation"] = FL_CITATION
    return out


def htmt(data: pd.DataFrame, scales: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Heterotrait-monotrait ratio of correlations for every pair of scales.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored. Rows with a missing answer on any item of any
        scale are dropped.
    scales : mapping of str to sequence of str
        Scale name -> items. Scales with one item are skipped (no monotrait correlations).

    Returns
    -------
    DataFrame
        One row per pair (codebook order, a before b): ``scale_a``, ``scale_b``, ``htmt``
        (arithmetic means, Henseler et al., 2015), ``htmt2`` (geometric means, Roemer et al.,
        2021), ``n``, ``threshold_strict`` (.85), ``threshold_liberal`` (.90),
        ``pass_strict`` (htmt < .85), ``pass_liberal`` (htmt < .90), ``citation``.

    Notes
    -----
    With |r| the absolute item correlations,
    ``HTMT_ab = mean(|r_ij|, i in a, j in b) / sqrt(mean(|r_ij|, i < j in a) *
    mean(|r_ij|, i < j in b))``; HTMT2 uses geometric instead of arithmetic means.
    Equal to ``semTools::htmt(model, data, absolute = TRUE, htmt2 = FALSE)`` and
    ``htmt2 = TRUE`` respectively (semTools' default is ``htmt2 = TRUE``).
    """
    _check_scales(scales)
    multi = {s: list(i) for s, i in scales.items() if len(i) >= 2}
    items = [i for its in multi.values() for i in its]
    missing = [i for i in items if i not in data.columns]
    if missing:
        raise ValueError(f"item column(s) {', '.join(missing)} are not in the data")
    x = data[items].apply(pd.to_numeric, errors="coerce").dropna()
    cols = ["scale_a", "scale_b", "htmt", "htmt2", "n"]
    rows = []
    if len(multi) >= 2:
        r = np.abs(np.corrcoef(x.to_numpy(dtype=float), rowvar=False))
        pos = {it: k for k, it in enumerate(items)}

        def block(a: str, b: str) -> np.ndarray:
            ia = [pos[i] for i in multi[a]]
            ib = [pos[i] for i in multi[b]]
            if a == b:
                sub = r[np.ix_(ia, ia)]
                return sub[np.triu_indices(len(ia), 1)]
            return r[np.ix_(ia, ib)].ravel()

        def gmean(v: np.ndarray) -> float:
            return float(np.exp(np.mean(np.log(v))))

        names = list(multi)
        for ai, a in enumerate(names):
            for b in names[ai + 1 :]:
                het, ma, mb = block(a, b), block(a, a), block(b, b)
                h1 = het.mean() / np.sqrt(ma.mean() * mb.mean())
                h2 = gmean(het) / np.sqrt(gmean(ma) * gmean(mb))
                rows.append({"scale_a": a, "scale_b": b, "htmt": h1, "htmt2": h2, "n": len(x)})
    out = pd.DataFrame(rows, columns=cols)
    out["threshold_strict"] = HTMT_STRICT
    out["threshold_liberal"] = HTMT_LIBERAL
    out["pass_strict"] = [HTMT_MAX.ok(v) for v in out["htmt"]]
    out["pass_liberal"] = out["htmt"] < HTMT_LIBERAL
    out["citation"] = HTMT_CITATION
    return out


# ----------------------------------------------------------------------------------------------
# Ordinal items: polychoric alpha and categorical omega
# ----------------------------------------------------------------------------------------------
ALPHA_ORDINAL_METHOD = "alpha of the polychoric correlations (Zumbo, Gadermann & Zeisser, 2007)"
OMEGA_CATEGORICAL_METHOD = "categorical omega of the WLSMV CFA (Green & Yang, 2009)"


def observed_covariance(data: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """The items' covariance matrix as lavaan's ``sampstat`` gives it (divisor N).

    Returns
    -------
    DataFrame
        Labelled p x p: from the complete rows when no answer is missing, otherwise the EM
        (saturated-model) estimate that a FIML fit uses.
    """
    x = data[list(items)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if np.isnan(x).any():
        x = x[~np.isnan(x).all(axis=1)]
        cov = em_saturated(x)[1]
    else:
        cov = np.cov(x, rowvar=False, bias=True)
    return pd.DataFrame(cov, index=list(items), columns=list(items))


def polychoric_matrix(
    data: pd.DataFrame, items: Sequence[str], *, missing: str = "listwise"
) -> pd.DataFrame:
    """Two-step polychoric correlations of the items (as lavaan's WLSMV sample statistics).

    Parameters
    ----------
    data : DataFrame
    items : sequence of str
    missing : {"listwise", "pairwise"}
        ``listwise`` uses the rows that answered every item (the CFA's rows).

    Returns
    -------
    DataFrame
        Labelled p x p correlation matrix (see :func:`surveysem.ordinal.ordinal_statistics`).
    """
    frame = data[list(items)].apply(pd.to_numeric, errors="coerce")
    if missing == "listwise":
        frame = frame.dropna()
    st = ordinal_statistics(code_items(frame, list(items)), influence=False)
    return pd.DataFrame(st.correlation_matrix(), index=list(items), columns=list(items))


def omega_categorical(
    loadings: np.ndarray, phi: float, thresholds: Sequence[np.ndarray], polychoric: np.ndarray
) -> float:
    """Green & Yang's (2009) reliability of the sum score of ordinal items.

    Parameters
    ----------
    loadings : ndarray
        The items' loadings on the factor (a WLSMV CFA, delta parameterization).
    phi : float
        The factor's variance.
    thresholds : sequence of ndarray
        Each item's thresholds.
    polychoric : ndarray
        The items' polychoric correlation matrix.

    Returns
    -------
    float

    Notes
    -----
    :math:`\\omega = \\sum_{j,j'}\\left[\\sum_{c,c'}\\Phi_2(\\tau_{jc}, \\tau_{j'c'};
    \\lambda_j\\lambda_{j'}\\phi) - \\sum_c\\Phi(\\tau_{jc})\\sum_{c'}\\Phi(\\tau_{j'c'})\\right]`
    over the same sum with the polychoric correlations :math:`\\rho_{jj'}` (1 on the
    diagonal): the model-implied true-score variance over the observed variance of the sum
    of the category codes (Green & Yang, 2009, Psychometrika 74, 155-167). Equals semTools
    0.5-6 ``compRelSEM(fit)`` (its defaults: ``obs.var = TRUE``, ``ord.scale = TRUE``).
    """
    lam = np.asarray(loadings, dtype=float)
    true = np.outer(lam, lam) * phi
    num = den = 0.0
    for j, tj in enumerate(thresholds):
        for jp, tjp in enumerate(thresholds):
            a, b = np.meshgrid(tj, tjp, indexing="ij")
            marg = _sum_cdf(tj) * _sum_cdf(tjp)
            num += bvn_cdf(a, b, true[j, jp]).sum() - marg
            den += bvn_cdf(a, b, 1.0 if j == jp else polychoric[j, jp]).sum() - marg
    return float(num / den)


def _sum_cdf(t: np.ndarray) -> float:
    """Sum of the normal CDF at the thresholds."""
    return float(stats.norm.cdf(t).sum())


def ordinal_reliability(
    estimates: pd.DataFrame, polychoric: pd.DataFrame, scales: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """Ordinal alpha and categorical omega of every scale.

    Parameters
    ----------
    estimates : DataFrame
        The WLSMV CFA (with ``|`` threshold rows); without thresholds omega is NaN.
    polychoric : DataFrame
        :func:`polychoric_matrix` of the items.
    scales : mapping of str to sequence of str

    Returns
    -------
    DataFrame
        ``scale``, ``alpha_ordinal`` (:math:`\\frac{k}{k-1}(1 - k/\\sum R)` of the scale's
        polychoric matrix R: Zumbo, Gadermann & Zeisser, 2007; semTools ``compRelSEM(fit,
        tau.eq = TRUE, ord.scale = FALSE)``), ``omega_categorical`` (:func:`omega_categorical`).

    Notes
    -----
    Ordinal alpha describes the reliability of the latent response variables, not of the
    observed sum score, and is contested for that reason (Chalmers, 2018, Educational and
    Psychological Measurement 78, 1056-1071); report it beside raw alpha and categorical omega.
    """
    est = _check_estimates(estimates)
    th_rows = est[est["op"] == "|"]
    rows = []
    for s, items in scales.items():
        items = list(items)
        r = polychoric.loc[items, items].to_numpy()
        k = len(items)
        alpha = float(k / (k - 1) * (1 - k / r.sum())) if k >= 2 else np.nan
        omega = np.nan
        ld = est[(est["op"] == "=~") & (est["lhs"].astype(str) == s)]
        phi = _cov_lookup(est, "est").get((s, s), np.nan)
        if len(th_rows) and k >= 2 and list(ld["rhs"].astype(str)) == items and np.isfinite(phi):
            th = [th_rows.loc[th_rows["lhs"] == i, "est"].to_numpy(dtype=float) for i in items]
            omega = omega_categorical(ld["est"].to_numpy(dtype=float), phi, th, r)
        rows.append({"scale": s, "alpha_ordinal": alpha, "omega_categorical": omega})
    return pd.DataFrame(rows, columns=["scale", "alpha_ordinal", "omega_categorical"])


ITEM_ANALYSIS_COLUMNS = [
    "scale", "item", "n", "n_high", "n_low", "mean_high", "mean_low", "cr", "df", "pvalue",
    "t_welch", "df_welch", "p_welch", "item_total_r", "cr_ok", "r_ok", "flagged",
]  # fmt: skip


def item_analysis(
    data: pd.DataFrame, scales: Mapping[str, Sequence[str]], *, share: float = 0.27
) -> pd.DataFrame:
    """Item analysis (项目分析): critical ratios and corrected item-total correlations.

    Parameters
    ----------
    data : DataFrame
        Item answers, already reverse-scored.
    scales : mapping of str to sequence of str
        Scale name -> items.
    share : float
        The share of respondents in each extreme group (0.27, Kelley's 27%).

    Returns
    -------
    DataFrame
        One row per item: ``scale``, ``item``, ``n`` (complete rows of the scale), ``n_high``,
        ``n_low``, ``mean_high``, ``mean_low``, ``cr`` (the critical ratio, 决断值: Student's
        *t* of the high against the low group, pooled variance, as SPSS users report it),
        ``df``, ``pvalue`` (two-sided), ``t_welch``, ``df_welch``, ``p_welch`` (Welch's *t*,
        the alternative without equal variances), ``item_total_r`` (corrected item-total
        correlation, psych's ``r.drop``, :func:`item_statistics`), ``cr_ok``, ``r_ok`` and
        ``flagged`` (either fails).

    Notes
    -----
    The scale total is the sum of the scale's items on the rows that answered all of them.
    The low group has a total at or below its 27th percentile, the high group at or above
    its 73rd (R's ``quantile`` type 7; ties at a cut-off go into the group, as SPSS users
    split at the cut-off score). An item passes when CR >= 3 and p < .05
    (:data:`surveysem.criteria.ITEM_CR_MIN`) and when its corrected item-total correlation
    is at least .30 (:data:`surveysem.criteria.ITEM_TOTAL_MIN`).
    """
    _check_scales(scales)
    rstat = item_statistics(data, scales).set_index(["scale", "item"])["item_total_r"]
    rows = []
    for sc, items in scales.items():
        x = _scale_data(data, sc, items)
        total = x.sum(axis=1).to_numpy(dtype=float)
        lo_cut, hi_cut = np.quantile(total, [share, 1 - share]) if len(x) else (np.nan, np.nan)
        hi, lo = x[total >= hi_cut], x[total <= lo_cut]
        for item in items:
            a, b = hi[item].to_numpy(float), lo[item].to_numpy(float)
            st = stats.ttest_ind(a, b, equal_var=True)
            we = stats.ttest_ind(a, b, equal_var=False)
            va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
            dfw = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
            r = float(rstat.get((sc, item), np.nan))
            cr_ok = ITEM_CR_MIN.ok(st.statistic) and st.pvalue < ALPHA_LEVEL
            r_ok = ITEM_TOTAL_MIN.ok(r)
            rows.append({
                "scale": sc, "item": item, "n": len(x), "n_high": len(a), "n_low": len(b),
                "mean_high": a.mean(), "mean_low": b.mean(), "cr": float(st.statistic),
                "df": float(len(a) + len(b) - 2), "pvalue": float(st.pvalue),
                "t_welch": float(we.statistic), "df_welch": float(dfw),
                "p_welch": float(we.pvalue), "item_total_r": r, "cr_ok": bool(cr_ok),
                "r_ok": bool(r_ok), "flagged": not (cr_ok and r_ok),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=ITEM_ANALYSIS_COLUMNS)


@dataclass(frozen=True)
class ReliabilityResult:
    """The tables of ``results/reliability/``.

    Attributes
    ----------
    scales : DataFrame
        ``scale, n_items, n, alpha, alpha_ci_low, alpha_ci_high, omega, cr, ave,
        alpha_ordinal, omega_categorical`` (the last two NaN unless the items are ordinal,
        see :func:`ordinal_reliability`) then ``alpha_std, cr_semtools, ave_semtools,
        sqrt_ave, cr_ok, ave_ok, alpha_ci_method, omega_method, cr_method, citation``.
    items : DataFrame
        ``scale, item, mean, sd, item_total_r, alpha_if_deleted, loading_std`` then ``n``.
    htmt : DataFrame
        See :func:`htmt`.
    fornell_larcker : DataFrame
        See :func:`fornell_larcker`.
    item_analysis : DataFrame
        See :func:`item_analysis`.
    """

    scales: pd.DataFrame
    items: pd.DataFrame
    htmt: pd.DataFrame
    fornell_larcker: pd.DataFrame
    item_analysis: pd.DataFrame = None


def assess_reliability(
    data: pd.DataFrame,
    scales: Mapping[str, Sequence[str]],
    estimates: pd.DataFrame | None = None,
    *,
    ci_level: float = 0.95,
    ordinal: bool = False,
    missing: str = "listwise",
) -> ReliabilityResult:
    """Reliability and convergent/discriminant validity of every scale.

    Parameters
    ----------
    data : DataFrame
        The cleaned data (items reverse-scored; other columns are ignored).
    scales : mapping of str to sequence of str
        Scale name -> items, in codebook order.
    estimates : DataFrame, optional
        The multi-factor CFA estimates (lavaan ``parameterEstimates`` shape, as
        ``results/cfa/estimates.csv``). Without them ``cr``, ``ave``, ``loading_std`` are NaN
        and the Fornell-Larcker table is empty.
    ci_level : float
        Confidence level of alpha's interval.
    ordinal : bool
        The items are ordinal (the CFA is WLSMV): ``alpha_ordinal`` and
        ``omega_categorical`` are computed (NaN otherwise), and ``cr_semtools`` uses the
        polychoric correlations as the observed (co)variances.
    missing : {"listwise", "pairwise", "fiml"}
        How the CFA used incomplete answers (for the observed covariances of
        ``cr_semtools``: pairwise polychorics, or the EM estimate under FIML).

    Returns
    -------
    ReliabilityResult
        ``scales``, ``items``, ``htmt``, ``fornell_larcker`` tables (see the class).

    Notes
    -----
    See :func:`scale_reliability`, :func:`item_statistics`, :func:`composite_reliability`,
    :func:`htmt` and :func:`fornell_larcker` for formulas and references.
    """
    _check_scales(scales)
    rel = scale_reliability(data, scales, ci_level=ci_level)
    items = item_statistics(data, scales)
    ordinal_cols = pd.DataFrame(
        {"scale": list(scales), "alpha_ordinal": np.nan, "omega_categorical": np.nan}
    )
    if estimates is not None:
        est = _check_estimates(estimates)
        all_items = [i for its in scales.values() for i in its]
        if ordinal:
            poly_missing = "pairwise" if missing == "pairwise" else "listwise"
            total = polychoric_matrix(data, all_items, missing=poly_missing)
            ordinal_cols = ordinal_reliability(est, total, scales)
        else:
            total = observed_covariance(data, all_items)
        cr = composite_reliability(est, scales, total_cov=total)
        fl = fornell_larcker(est, scales)
        ld = est[est["op"] == "=~"]
        loading = {
            (str(a), str(b)): float(v)
            for a, b, v in zip(ld["lhs"], ld["rhs"], ld["std_all"], strict=True)
        }
    else:
        cr = composite_reliability(pd.DataFrame(columns=list(_EST_COLUMNS)), scales)
        fl = pd.DataFrame(
            columns=["scale_a", "scale_b", "value", "kind", "pass", "criterion", "citation"]
        )
        loading = {}
    merged = rel.merge(cr, on="scale", how="left").merge(ordinal_cols, on="scale", how="left")
    lead = ["scale", "n_items", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "cr", "ave"]
    lead += ["alpha_ordinal", "omega_categorical"]
    extra = [
        "alpha_std",
        "cr_semtools",
        "ave_semtools",
        "sqrt_ave",
        "cr_ok",
        "ave_ok",
        "alpha_ci_method",
        "omega_method",
        "cr_method",
        "citation",
    ]
    scales_tab = merged[lead + extra]
    items["loading_std"] = [
        loading.get((s, i), np.nan) for s, i in zip(items["scale"], items["item"], strict=True)
    ]
    items = items[
        ["scale", "item", "mean", "sd", "item_total_r", "alpha_if_deleted", "loading_std", "n"]
    ]
    return ReliabilityResult(
        scales=scales_tab,
        items=items,
        htmt=htmt(data, scales),
        fornell_larcker=fl,
        item_analysis=item_analysis(data, scales),
    )
