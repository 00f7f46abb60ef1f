"""Robust maximum likelihood (lavaan ``estimator = "MLR"``) for a fitted CFA or SEM.

MLR keeps the ML point estimates and replaces

* the standard errors by the Huber–White sandwich
  :math:`\\frac1N A^{-1} B A^{-1}`, with *A* the observed information (the Hessian of the
  log-likelihood) and *B* the first-order information (cross-product of the casewise scores,
  evaluated at the model-implied moments);
* the chi-square by the Yuan–Bentler statistic (lavaan ``test = "yuan.bentler.mplus"``,
  Mplus' MLR chi-square) :math:`T/c`;
* CFI, TLI and RMSEA by their scaled and robust versions as ``lavaan::fitMeasures``.

Both complete data (lavaan ``meanstructure = FALSE``: the mean vector is the sample mean and
is not a parameter) and incomplete data with FIML (lavaan ``missing = "ml"``, free
intercepts) are handled, reproducing lavaan 0.6-14's options ``information = "observed"``,
``observed.information = "hessian"``, ``h1.information = "structured"`` for the standard
errors and ``"unstructured"`` for the test statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.missing import Patterns, em_saturated
from surveysem.sem import (
    ESTIMATE_COLUMNS,
    SemFit,
    fiml_objective,
    ml_objective,
    numerical_hessian,
)

FIT_EXTRA_INDICES = [
    "chisq_scaled",
    "df_scaled",
    "pvalue_scaled",
    "scaling_factor",
    "scaling_factor_h1",
    "scaling_factor_h0",
    "baseline_chisq_scaled",
    "baseline_scaling_factor",
    "cfi_scaled",
    "tli_scaled",
    "rmsea_scaled",
    "rmsea_scaled_ci_low",
    "rmsea_scaled_ci_high",
    "cfi_robust",
    "tli_robust",
    "rmsea_robust",
    "rmsea_robust_ci_low",
    "rmsea_robust_ci_high",
    "srmr",
]


@dataclass(frozen=True)
class RobustResult:
    """MLR standard errors and test statistics for one fit.

    Attributes
    ----------
    estimates : DataFrame
        Same rows and columns as ``SemFit.estimates`` (``lhs``, ``op``, ``rhs``, ``est``,
        ``se``, ``z``, ``pvalue``, ``ci_low``, ``ci_high``, ``std_all``) with the sandwich
        ``se`` and the ``z``, ``pvalue``, ``ci_low``, ``ci_high`` derived from it; ``est``
        and ``std_all`` are unchanged.
    fit_extra : DataFrame
        ``index``, ``value`` with the rows of :data:`FIT_EXTRA_INDICES`.
    acov : ndarray
        Sandwich covariance matrix of the free parameters (same order as ``SemFit.params``;
        with FIML followed by the intercepts, as ``SemFit.acov_full``).
    """

    estimates: pd.DataFrame
    fit_extra: pd.DataFrame
    acov: np.ndarray

    def fit_value(self, index: str) -> float:
        row = self.fit_extra.loc[self.fit_extra["index"] == index, "value"]
        return float(row.iloc[0])


# --------------------------------------------------------------------------------------------
# Building blocks: moments (mu, vech Sigma) of the saturated model
# --------------------------------------------------------------------------------------------


def _vech_index(p: int) -> tuple[np.ndarray, np.ndarray]:
    return np.tril_indices(p)


def _casewise_scores(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Casewise gradients of the normal log-likelihood wrt (mu, vech Sigma), n x (p + p*).

    Missing entries (NaN) are integrated out: row i contributes through its observed block
    only. Off-diagonal covariances count both of their matrix positions (lavaan's
    ``lav_mvnorm_missing_scores_mu_vech_sigma``).
    """
    n, p = x.shape
    r, c = _vech_index(p)
    diag = r == c
    out = np.zeros((n, p + len(r)))
    observed = ~np.isnan(x)
    keys, inverse = np.unique(observed, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    for k, key in enumerate(keys):
        if not key.any():
            continue
        rows = np.where(inverse == k)[0]
        idx = np.where(key)[0]
        sinv = np.linalg.inv(sigma[np.ix_(idx, idx)])
        yc = np.zeros((len(rows), p))
        yc[:, idx] = (x[np.ix_(rows, idx)] - mu[idx]) @ sinv
        sinv_full = np.zeros((p, p))
        sinv_full[np.ix_(idx, idx)] = sinv
        z = yc[:, r] * yc[:, c] - sinv_full[r, c]
        z[:, diag] /= 2.0
        out[rows, :p] = yc
        out[rows, p:] = z
    return out


def _saturated_gradient(pats: Patterns, mu: np.ndarray, sigma: np.ndarray, n: float):
    """Gradient of logL / N wrt (mu, vech Sigma), from the pattern sufficient statistics."""
    p = len(mu)
    r, c = _vech_index(p)
    g_mu = np.zeros(p)
    g_sig = np.zeros((p, p))
    for mask, nk, mk, ck in zip(pats.masks, pats.n, pats.means, pats.covs, strict=True):
        sinv = np.linalg.inv(sigma[np.ix_(mask, mask)])
        d = mk - mu[mask]
        a = ck + np.outer(d, d)
        g_mu[mask] += nk * (sinv @ d)
        g_sig[np.ix_(mask, mask)] += nk * (sinv @ a @ sinv - sinv)
    g_vech = g_sig[r, c]
    g_vech[r == c] /= 2.0
    return np.concatenate([g_mu, g_vech]) / n


def _h1_observed_information(
    pats: Patterns,
    mu: np.ndarray,
    sigma: np.ndarray,
    n: float,
    diagonal_only: bool = False,
) -> np.ndarray:
    """Observed information per observation of the saturated normal model wrt (mu, vech Sigma).

    Minus the Hessian of logL / N (lavaan
    ``lav_mvnorm_missing_information_observed_samplestats``). Per pattern with observed
    block :math:`S = \\Sigma_{oo}^{-1}`, mean difference *d* and :math:`A = C + dd'`:
    :math:`I_{\\mu\\mu} = n_k S`, :math:`I_{\\mu\\sigma_a} = n_k S E_a S d`,
    :math:`I_{ab} = \\tfrac{n_k}{2}[tr(S E_a S E_b S A) + tr(S E_b S E_a S A) - tr(S E_a S E_b)]`.
    With ``diagonal_only`` only the rows and columns of the means and the variances are
    filled (all that the independence model needs); the rest stays zero.

    Notes
    -----
    For a = (i, j), b = (k, l) and T = SAS the bracket equals, with symmetric E_a, E_b
    (weight 1/2 per diagonal index),
    :math:`2[S_{jk}(T-S)_{il} + T_{jk}S_{il} + S_{jl}(T-S)_{ik} + T_{jl}S_{ik}]`: eight
    gathers of p_o x p_o matrices per pattern, with the gather indices built once per
    pattern size.
    """
    p = len(mu)
    r, c = _vech_index(p)
    pstar = len(r)
    pos = np.full((p, p), -1)
    pos[r, c] = np.arange(pstar)
    info = np.zeros((p + pstar, p + pstar))
    gathers: dict[int, tuple] = {}
    for mask, nk, mk, ck in zip(pats.masks, pats.n, pats.means, pats.covs, strict=True):
        idx = np.flatnonzero(mask)
        po = len(idx)
        if po not in gathers:
            ro, co = _vech_index(po)
            if diagonal_only:
                keep = ro == co
                ro, co = ro[keep], co[keep]
            w = np.where(ro == co, 0.5, 1.0)
            gathers[po] = (
                ro,
                co,
                np.outer(w, w),
                (ro * po)[:, None] + ro[None, :],  # (i, k)
                (ro * po)[:, None] + co[None, :],  # (i, l)
                (co * po)[:, None] + ro[None, :],  # (j, k)
                (co * po)[:, None] + co[None, :],  # (j, l)
            )
        ro, co, ww, g_ik, g_il, g_jk, g_jl = gathers[po]
        glob = p + pos[idx[ro], idx[co]]
        si = np.linalg.inv(sigma[np.ix_(idx, idx)])
        d = mk - mu[idx]
        sas = si @ (ck + np.outer(d, d)) @ si
        sf, tf, uf = si.ravel(), sas.ravel(), (sas - si).ravel()
        i_ss = ww * (
            sf[g_jk] * uf[g_il] + tf[g_jk] * sf[g_il] + sf[g_jl] * uf[g_ik] + tf[g_jl] * sf[g_ik]
        )
        v = si @ d
        i_ms = si[:, ro] * v[co] + si[:, co] * v[ro]
        i_ms[:, ro == co] /= 2.0
        info[np.ix_(idx, idx)] += nk * si
        info[np.ix_(glob, glob)] += nk * i_ss
        info[np.ix_(idx, glob)] += nk * i_ms
        info[np.ix_(glob, idx)] += nk * i_ms.T
    return info / n


def _sigma_jacobian(fit: SemFit) -> np.ndarray:
    """d vech(Sigma) / d theta (p* x q) at the estimates."""
    d = fit.engine.sigma_derivatives(fit.params)
    r, c = _vech_index(d.shape[1])
    return d[:, r, c].T


def _data_matrix(fit: SemFit, data: pd.DataFrame) -> np.ndarray:
    return fit.data_matrix(data, "mlr_correction")


# --------------------------------------------------------------------------------------------
# Fit-index formulas (lavaan 0.6-14 lav_fit_*)
# --------------------------------------------------------------------------------------------


def _cfi(x2, df, x2_null, df_null, c_hat=1.0, c_null=1.0):
    if not np.all(np.isfinite([x2, df, x2_null, df_null, c_hat, c_null])):
        return np.nan
    if df > 0 and c_hat != 1 and c_null != 1:
        t1 = max(x2 - c_hat * df, 0.0)
        t2 = max(x2 - c_hat * df, x2_null - c_null * df_null, 0.0)
    else:
        t1 = max(x2 - df, 0.0)
        t2 = max(x2 - df, x2_null - df_null, 0.0)
    if abs(t1) < 1.5e-8 and abs(t2) < 1.5e-8:
        return 1.0
    return 1.0 - t1 / t2


def _tli(x2, df, x2_null, df_null, c_hat=1.0, c_null=1.0):
    if not np.all(np.isfinite([x2, df, x2_null, df_null, c_hat, c_null])):
        return np.nan
    if df > 0 and c_hat != 1 and c_null != 1:
        t1 = (x2 - c_hat * df) * df_null
        t2 = (x2_null - c_null * df_null) * df
    else:
        t1 = (x2 - df) * df_null
        t2 = (x2_null - df_null) * df
    if df > 0 and abs(t2) > 0:
        return 1.0 - t1 / t2
    return 1.0


def _rmsea(x2, df, n, c_hat=1.0):
    if not np.isfinite(x2) or not np.isfinite(df):
        return np.nan
    return float(np.sqrt(max((x2 / n) / df - c_hat / n, 0.0))) if df > 0 else 0.0


def _rmsea_ci(x2, df, n, c_hat=1.0, level=0.90):
    """lavaan's ``lav_fit_rmsea_ci``: invert the non-central chi-square; scale by c_hat."""
    if not (np.isfinite(x2) and np.isfinite(df) and np.isfinite(c_hat)):
        return np.nan, np.nan
    upper_perc = 1 - (1 - level) / 2
    lower_perc = (1 - level) / 2

    def cdf(lam):
        return stats.ncx2.cdf(x2, df, lam) if lam > 0 else stats.chi2.cdf(x2, df)

    def root(target, hi):
        try:
            return optimize.brentq(lambda lam: cdf(lam) - target, 0.0, hi, xtol=1e-12)
        except ValueError:
            return np.nan

    if df < 1 or cdf(0.0) - upper_perc < 0:
        lo = 0.0
    else:
        lo = np.sqrt(c_hat * root(upper_perc, x2) / (n * df))
    n_rmsea = max(n, 4 * x2)
    if df < 1 or cdf(n_rmsea) - lower_perc > 0 or cdf(0.0) - lower_perc < 0:
        hi = 0.0
    else:
        hi = np.sqrt(c_hat * root(lower_perc, n_rmsea) / (n * df))
    return float(lo), float(hi)


def _ml_discrepancy(mean_s, cov_s, mu, sigma, meanstructure: bool) -> float:
    """F_ML = log|Sigma| - log|S| + tr(S Sigma^-1) - p [+ (m - mu)' Sigma^-1 (m - mu)]."""
    p = len(mean_s)
    _, ld_sig = np.linalg.slogdet(sigma)
    _, ld_s = np.linalg.slogdet(cov_s)
    f = ld_sig - ld_s + np.trace(np.linalg.solve(sigma, cov_s)) - p
    if meanstructure:
        d = mean_s - mu
        f += d @ np.linalg.solve(sigma, d)
    return float(f)


# --------------------------------------------------------------------------------------------
# The correction
# --------------------------------------------------------------------------------------------


def mlr_correction(
    fit: SemFit, data: pd.DataFrame, *, ci_level: float | None = None
) -> RobustResult:
    """Robust (MLR) standard errors, scaled chi-square and robust fit indices, as lavaan.

    Parameters
    ----------
    fit : SemFit
        An ML fit from :func:`surveysem.sem.fit_model` (``missing`` listwise or fiml).
    data : DataFrame
        The data frame that was given to ``fit_model`` (rows are selected as it did).
    ci_level : float, optional
        Level of the Wald intervals; by default the level of ``fit.estimates``' intervals.

    Returns
    -------
    RobustResult
        ``estimates``: ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``, ``pvalue``,
        ``ci_low``, ``ci_high``, ``std_all`` (robust ``se`` and what follows from it).
        ``fit_extra``: ``index``, ``value`` with ``chisq_scaled``, ``df_scaled``,
        ``pvalue_scaled``, ``scaling_factor`` (c), ``scaling_factor_h1``,
        ``scaling_factor_h0``, ``baseline_chisq_scaled``, ``baseline_scaling_factor``,
        ``cfi_scaled``, ``tli_scaled``, ``rmsea_scaled``, ``rmsea_scaled_ci_low``,
        ``rmsea_scaled_ci_high``, ``cfi_robust``, ``tli_robust``, ``rmsea_robust``,
        ``rmsea_robust_ci_low``, ``rmsea_robust_ci_high``, ``srmr`` (unchanged by MLR).
        ``acov``: the sandwich covariance matrix of the free parameters.

    Raises
    ------
    ValueError
        When ``data`` lacks a model variable or does not give the respondents the fit used,
        or when the information matrix cannot be inverted.

    Notes
    -----
    With casewise scores :math:`s_i = \\Delta' \\partial \\ell_i / \\partial(\\mu,
    \\mathrm{vech}\\,\\Sigma)` at the model-implied moments, :math:`B_0 = \\frac1N\\sum_i s_i
    s_i'`, and *E* the observed information per observation (Hessian of the ML fit function),
    :math:`\\mathrm{acov}(\\hat\\theta) = \\frac1N E^{-1} B_0 E^{-1}` (Huber 1967; White 1982;
    for FIML Yuan & Bentler 2000).

    The Yuan–Bentler (Mplus) scaling factor is
    :math:`c = [tr(A_1^{-1} B_1) - tr(E^{-1} B_0)] / df`, with :math:`A_1`, :math:`B_1` the
    observed and first-order information of the unrestricted (h1) model at the sample (or
    EM) moments; :math:`T_{scaled} = T_{ML} / c` (Yuan & Bentler 2000; Satorra & Bentler 1994).
    The baseline (independence) model is scaled the same way.

    Scaled indices use the scaled statistics in the usual formulas (lavaan ``cfi.scaled``;
    ``rmsea.scaled`` uses :math:`T_{ML}` with df :math:`c\\,df`). Robust indices
    (Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei 2014):
    :math:`RMSEA_R = \\sqrt{\\max(0, T/(N df) - c/N)}`,
    :math:`CFI_R = 1 - \\max(T - c\\,df, 0) / \\max(T - c\\,df, T_0 - c_0 df_0, 0)`.
    With FIML they are computed from the FIML-corrected statistic of Zhang & Savalei (2023;
    lavaan ``lav_fit_fiml_corrected``, version V3): the model refitted by complete-data ML
    to the EM moments, with its own scaling factor.
    """
    with threadpool_limits(limits=1):
        return _mlr_correction(fit, data, ci_level)


def _mlr_correction(fit: SemFit, data: pd.DataFrame, ci_level: float | None) -> RobustResult:
    x = _data_matrix(fit, data)
    engine = fit.engine
    n, p = x.shape
    q = engine.n_par
    pstar = p * (p + 1) // 2
    fiml = fit.missing == "fiml"
    sig = engine.sigma(fit.params)
    dsig = _sigma_jacobian(fit)  # p* x q
    pats = Patterns.from_data(x)

    if fiml:
        mu = np.asarray(fit.intercepts, dtype=float)
        delta = np.zeros((p + pstar, q + p))
        delta[:p, q:] = np.eye(p)
        delta[p:, :q] = dsig
        if fit.acov_full is not None and fit.acov_full.shape == (q + p, q + p):
            # fit_model's FIML standard errors already invert this observed information
            e_info = np.linalg.inv(fit.acov_full * n)
        else:
            fun = fiml_objective(engine, pats, n)
            z = np.concatenate([fit.params, mu])
            e_info = 0.5 * numerical_hessian(lambda t: fun(t)[1], z)
        h1_mu, h1_sig = em_saturated(x)
        keep = slice(None)
    else:
        mu = x.mean(0)
        delta = dsig
        s = np.cov(x, rowvar=False, bias=True)
        _, logdet_s = np.linalg.slogdet(s)
        fun = ml_objective(engine, s, logdet_s)
        e_info = 0.5 * numerical_hessian(lambda t: fun(t)[1], fit.params)
        h1_mu, h1_sig = mu, s
        keep = slice(p, None)  # meanstructure = FALSE: the covariance part only
    try:
        e_inv = np.linalg.inv(e_info)
    except np.linalg.LinAlgError as err:
        raise ValueError(
            "mlr_correction: the observed information matrix is singular; the model is "
            "(empirically) not identified, so robust standard errors cannot be computed"
        ) from err

    # ---------------- sandwich standard errors
    sc = _casewise_scores(x, mu, sig)[:, keep] @ delta
    b0 = sc.T @ sc / n
    acov = e_inv @ b0 @ e_inv / n

    # ---------------- Yuan-Bentler (Mplus) scaling
    a1 = _h1_observed_information(pats, h1_mu, h1_sig, n)[keep, keep]
    sc1 = _casewise_scores(x, h1_mu, h1_sig)[:, keep]
    b1 = sc1.T @ sc1 / n
    a1_inv = np.linalg.inv(a1)
    trace_h1 = float(np.sum(b1 * a1_inv.T))
    trace_h0 = float(np.sum(b0 * e_inv.T))
    chisq = fit.fit_value("chisq")
    df = fit.fit_value("df")
    c = (trace_h1 - trace_h0) / df if df > 0 else np.nan
    if np.isfinite(c) and c < 0:
        c = np.nan
    chisq_scaled = chisq / c
    pvalue_scaled = float(stats.chi2.sf(chisq_scaled, df)) if df > 0 else np.nan

    # ---------------- baseline (independence) model, scaled the same way
    base_chisq = fit.fit_value("baseline_chisq")
    base_df = fit.fit_value("baseline_df")
    r, cc = _vech_index(p)
    diag_pos = np.where(r == cc)[0]
    if fiml:
        mu0 = np.nanmean(x, 0)
        sig0 = np.diag(np.nanvar(x, 0))
        delta0 = np.zeros((p + pstar, 2 * p))
        delta0[:p, :p] = np.eye(p)
        delta0[p + diag_pos, p:] = np.eye(p)
    else:
        mu0 = mu
        sig0 = np.diag(np.diag(h1_sig))
        delta0 = np.zeros((pstar, p))
        delta0[diag_pos, :] = np.eye(p)
    e0 = (
        delta0.T
        @ _h1_observed_information(pats, mu0, sig0, n, diagonal_only=True)[keep, keep]
        @ delta0
    )
    sc0 = _casewise_scores(x, mu0, sig0)[:, keep] @ delta0
    b0_base = sc0.T @ sc0 / n
    c0 = (trace_h1 - float(np.sum(b0_base * np.linalg.inv(e0).T))) / base_df
    base_scaled = base_chisq / c0

    # ---------------- robust CFI / TLI / RMSEA
    if fiml:
        xx3, c3, xx3_null, c3_null = _fiml_corrected(
            x, a1, b1, delta, delta0, h1_mu, h1_sig, sig, mu, mu0, sig0, df, base_df
        )
    else:
        xx3, c3, xx3_null, c3_null = chisq, c, base_chisq, c0
    xx3_scaled = xx3 / c3
    scaled_ci = _rmsea_ci(chisq, c * df, n)
    robust_ci = _rmsea_ci(xx3_scaled, df, n, c_hat=c3)
    values = {
        "chisq_scaled": chisq_scaled,
        "df_scaled": df,
        "pvalue_scaled": pvalue_scaled,
        "scaling_factor": c,
        "scaling_factor_h1": trace_h1 / a1.shape[0],
        "scaling_factor_h0": trace_h0 / e_info.shape[0],
        "baseline_chisq_scaled": base_scaled,
        "baseline_scaling_factor": c0,
        "cfi_scaled": _cfi(chisq_scaled, df, base_scaled, base_df),
        "tli_scaled": _tli(chisq_scaled, df, base_scaled, base_df),
        "rmsea_scaled": _rmsea(chisq, c * df, n),
        "rmsea_scaled_ci_low": scaled_ci[0],
        "rmsea_scaled_ci_high": scaled_ci[1],
        "cfi_robust": _cfi(xx3, df, xx3_null, base_df, c3, c3_null),
        "tli_robust": _tli(xx3, df, xx3_null, base_df, c3, c3_null),
        "rmsea_robust": _rmsea(xx3, df, n, c3),
        "rmsea_robust_ci_low": robust_ci[0],
        "rmsea_robust_ci_high": robust_ci[1],
        "srmr": fit.fit_value("srmr"),
    }
    fit_extra = pd.DataFrame(
        [(k, float(values[k])) for k in FIT_EXTRA_INDICES], columns=["index", "value"]
    )
    est = _robust_estimates(fit, acov, ci_level)
    return RobustResult(estimates=est, fit_extra=fit_extra, acov=acov)


def _fiml_corrected(x, wm, jm, delta, delta0, h1_mu, h1_sig, sig, mu, mu0, sig0, df, df0):
    """lavaan's ``lav_fit_fiml_corrected(version = "V3")`` (Zhang & Savalei 2023).

    ``wm`` and ``jm`` are the observed and first-order information of the h1 model at the
    EM moments (``h1_mu``, ``h1_sig``).
    """
    n, p = x.shape
    wmi = np.linalg.inv(wm)
    gamma = wmi @ jm @ wmi
    complete = Patterns([np.ones(p, bool)], np.array([1.0]), [h1_mu], [h1_sig])
    wc = _h1_observed_information(complete, h1_mu, h1_sig, 1.0)
    mid = wmi @ wc @ wmi

    def k_value(dl):
        e = dl.T @ wm @ dl
        u = wm - wm @ dl @ np.linalg.solve(e, dl.T @ wm)
        return float(np.trace(u @ mid @ u @ gamma))

    xx3 = n * _ml_discrepancy(h1_mu, h1_sig, mu, sig, meanstructure=True)
    xx3_null = n * _ml_discrepancy(h1_mu, h1_sig, mu0, sig0, meanstructure=True)
    return xx3, k_value(delta) / df, xx3_null, k_value(delta0) / df0


def _param_positions(engine) -> dict[tuple[str, str, str], int]:
    """(lhs, op, rhs) -> index of the free parameter, from the engine's matrices."""
    out: dict[tuple[str, str, str], int] = {}
    inner, obs = engine.inner, engine.obs
    for m, (r1, r2) in enumerate(engine.ranges):
        if not r1:
            continue
        for i, j, k in zip(r1[0], r1[1], r2, strict=True):
            if m == 0:
                keys = [(inner[i], "~", inner[j])]
            elif m == 1:
                keys = [(inner[j], "=~", obs[i])]
            elif m == 2:
                keys = [(inner[i], "~~", inner[j]), (inner[j], "~~", inner[i])]
            else:
                keys = [(obs[i], "~~", obs[j]), (obs[j], "~~", obs[i])]
            for key in keys:
                out.setdefault(key, int(k))
    return out


def _robust_estimates(fit: SemFit, acov: np.ndarray, ci_level: float | None) -> pd.DataFrame:
    est = fit.estimates.copy()
    if ci_level is None:
        ok = est["se"] > 0
        zcrit = float(np.median((est.loc[ok, "ci_high"] - est.loc[ok, "est"]) / est.loc[ok, "se"]))
    else:
        zcrit = float(stats.norm.ppf(0.5 + ci_level / 2))
    pos = _param_positions(fit.engine)
    obs_index = {v: j for j, v in enumerate(fit.engine.obs)}
    q = fit.engine.n_par
    se_all = np.sqrt(np.clip(np.diag(acov), 0, None))
    se = np.full(len(est), np.nan)
    for k, row in enumerate(est.itertuples(index=False)):
        if not (row.se > 0):  # fixed (or not estimated): stays without a standard error
            continue
        if row.op == "~1":
            if fit.missing == "fiml" and row.lhs in obs_index:
                se[k] = se_all[q + obs_index[row.lhs]]
            continue
        key = (row.lhs, row.op, "" if pd.isna(row.rhs) else row.rhs)
        if key in pos:
            se[k] = se_all[pos[key]]
    est["se"] = se
    est["z"] = est["est"] / est["se"]
    est["pvalue"] = 2 * stats.norm.sf(np.abs(est["z"]))
    est["ci_low"] = est["est"] - zcrit * est["se"]
    est["ci_high"] = est["est"] + zcrit * est["se"]
    return est[ESTIMATE_COLUMNS].reset_index(drop=True)
