"""Missing-data helpers shared by cleaning and the SEM engine.

* :func:`missing_patterns`: the distinct missingness patterns of a data matrix.
* :class:`Patterns`: per-pattern sufficient statistics (counts, means, covariances), the input
  of the FIML likelihood.
* :func:`em_moments`: maximum-likelihood (EM) means and covariances under missing data
  (Dempster, Laird & Rubin 1977), used by the Mahalanobis screen, Little's test and the
  saturated (h1) model of FIML.
* :func:`little_mcar`: Little's (1988) MCAR test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats


class LittleMCAR(NamedTuple):
    """Little's (1988) MCAR test: ``chi2``, ``df``, ``p`` (unpacks as a tuple)."""

    chi2: float
    df: int
    p: float


class EMMoments(NamedTuple):
    """Maximum-likelihood mean vector and covariance matrix under missing data."""

    mean: pd.Series
    cov: pd.DataFrame
    n: int
    iterations: int
    converged: bool


def safe_inverse(a: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(a)


BLOCK_ROWS = 1 << 16  # rows per block when streaming over large pattern groups


def pattern_rows(inverse: np.ndarray, n_patterns: int) -> list[np.ndarray]:
    """Row numbers (ascending) of each pattern, from :func:`missing_patterns`' inverse."""
    order = np.argsort(inverse, kind="stable")
    bounds = np.cumsum(np.bincount(inverse, minlength=n_patterns))[:-1]
    return np.split(order, bounds)


def missing_patterns(observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a boolean matrix and each row's pattern number.

    Parameters
    ----------
    observed : ndarray of bool, shape (n, p)
        True where a value is observed.

    Returns
    -------
    patterns : ndarray of bool, shape (g, p)
        The distinct rows in lexicographic order (False before True), as
        ``np.unique(observed, axis=0)`` orders them.
    inverse : ndarray of int, shape (n,)
        ``patterns[inverse]`` equals ``observed``.

    Notes
    -----
    Each row is packed into bits (``np.packbits``, first column most significant) and the
    packed rows are compared as big-endian unsigned integers, which sorts them as the boolean
    rows sort; far faster than ``np.unique(axis=0)`` on n x p booleans.
    """
    observed = np.asarray(observed, dtype=bool)
    n, p = observed.shape
    if n == 0 or p == 0:
        return np.ones((min(n, 1), p), dtype=bool), np.zeros(n, dtype=np.intp)
    packed = np.packbits(observed, axis=1)
    width = -(-packed.shape[1] // 8) * 8
    if width != packed.shape[1]:
        packed = np.hstack([packed, np.zeros((n, width - packed.shape[1]), dtype=np.uint8)])
    keys = np.ascontiguousarray(packed).view(">u8")
    if keys.shape[1] == 1:
        _, first, inverse = np.unique(keys[:, 0], return_index=True, return_inverse=True)
    else:
        rows = keys.view(np.dtype((np.void, keys.shape[1] * 8))).ravel()
        _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    return observed[first], np.asarray(inverse).reshape(-1)


def em_moments(data: pd.DataFrame, *, tol: float = 1e-10, max_iter: int = 5000) -> EMMoments:
    """Maximum-likelihood mean and covariance of multivariate-normal data with missing values.

    Parameters
    ----------
    data : DataFrame
        Numeric columns; NaN = missing. Rows with every value missing are ignored.
    tol : float
        Convergence: largest absolute change in any mean or covariance below ``tol``.
    max_iter : int
        Maximum number of EM iterations.

    Returns
    -------
    EMMoments
        ``mean`` (Series by column), ``cov`` (DataFrame, ML i.e. denominator n), ``n`` (rows
        used), ``iterations``, ``converged``.

    Raises
    ------
    ValueError
        A column with no observed value, or no row with any observed value.

    Notes
    -----
    The EM algorithm of Dempster, Laird & Rubin (1977) for the multivariate normal
    (Little & Rubin 2002, sec. 11.2), iterating over missingness patterns. With complete data
    it returns the sample means and the covariance matrix with denominator n.
    """
    x = data.to_numpy(dtype=float)
    empty = [str(c) for c, e in zip(data.columns, np.isnan(x).all(axis=0), strict=True) if e]
    if empty:
        raise ValueError(
            f"column(s) {', '.join(empty)} have no observed value; drop them before "
            "estimating means and covariances"
        )
    obs = ~np.isnan(x)
    patterns, inverse = missing_patterns(obs)
    del obs
    # per pattern: observed/missing indices and the sufficient statistics of the observed part
    groups = []
    p = x.shape[1]
    n_obs, t1_obs, ss_obs = np.zeros(p), np.zeros(p), np.zeros(p)
    for pat, rows in zip(patterns, pattern_rows(inverse, len(patterns)), strict=True):
        if not pat.any():
            continue  # a row with every value missing carries nothing
        o, m = np.flatnonzero(pat), np.flatnonzero(~pat)
        so, soo = np.zeros(len(o)), np.zeros((len(o), len(o)))
        for start in range(0, len(rows), BLOCK_ROWS):
            xo = x[rows[start : start + BLOCK_ROWS]][:, o]
            so += xo.sum(axis=0)
            soo += xo.T @ xo
        ix = (np.ix_(o, o), np.ix_(m, o), np.ix_(o, m), np.ix_(m, m))
        groups.append((o, m, ix, len(rows), so, soo))
        n_obs[o] += len(rows)
        t1_obs[o] += so
        ss_obs[o] += np.diag(soo)
    n = int(sum(g[3] for g in groups))
    if n == 0:
        raise ValueError("no row has any observed value")
    # start: available-case means and variances
    mu = t1_obs / n_obs
    var = ss_obs / n_obs - mu**2
    sigma = np.diag(np.where(var > 0, var, 1.0))
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        t1 = np.zeros(p)
        t2 = np.zeros((p, p))
        for o, m, (oo, mo, om, mm), ng, so, soo in groups:
            t1[o] += so
            t2[oo] += soo
            if not len(m):
                continue
            # E-step: x_m-hat = c + B x_o with B = S_mo S_oo^-1, c = mu_m - B mu_o
            b = sigma[mo] @ safe_inverse(sigma[oo])
            c = mu[m] - b @ mu[o]
            bs = b @ so
            smo = np.outer(c, so) + b @ soo
            smm = ng * np.outer(c, c) + np.outer(c, bs) + np.outer(bs, c) + b @ soo @ b.T
            smm += ng * (sigma[mm] - b @ sigma[om])
            t1[m] += ng * c + bs
            t2[mo] += smo
            t2[om] += smo.T
            t2[mm] += smm
        mu_new = t1 / n
        sigma_new = t2 / n - np.outer(mu_new, mu_new)
        delta = max(np.abs(mu_new - mu).max(), np.abs(sigma_new - sigma).max())
        mu, sigma = mu_new, sigma_new
        if delta < tol:
            converged = True
            break
    cols = list(data.columns)
    return EMMoments(
        mean=pd.Series(mu, index=cols),
        cov=pd.DataFrame(sigma, index=cols, columns=cols),
        n=n,
        iterations=it,
        converged=converged,
    )


def little_mcar(data: pd.DataFrame) -> LittleMCAR:
    """Little's (1988) chi-square test that data are missing completely at random.

    Parameters
    ----------
    data : DataFrame
        Numeric columns; NaN = missing. Rows with every value missing are dropped (they carry
        no information about the means).

    Returns
    -------
    LittleMCAR
        ``(chi2, df, p)``, a named tuple.

    Raises
    ------
    ValueError
        A column with no observed value or no variance, or no row with any observed value.

    Notes
    -----
    d2 = sum_j n_j (ybar_j - mu_j)' Sigma_j^-1 (ybar_j - mu_j) over the missingness patterns j,
    where ybar_j is the pattern's mean of its observed variables and mu_j, Sigma_j are the
    corresponding parts of the maximum-likelihood (EM) estimates from all data;
    df = sum_j p_j - p with p_j observed variables in pattern j (Little 1988, eq. 5; as in
    R's naniar::mcar_test and BaylorEdPsych::LittleMCAR).
    """
    x = data.apply(pd.to_numeric, errors="coerce").astype(float)
    x = x.loc[x.notna().any(axis=1)]
    flat = [str(c) for c in x.columns if x[c].nunique(dropna=True) < 2 and x[c].notna().any()]
    if flat:
        raise ValueError(
            f"little_mcar: column(s) {', '.join(flat)} have no variance; drop them first"
        )
    em = em_moments(x)
    mu = em.mean.to_numpy()
    sigma = em.cov.to_numpy()
    arr = x.to_numpy()
    obs = ~np.isnan(arr)
    patterns, inverse = missing_patterns(obs)
    d2 = 0.0
    df = 0
    for g, o in enumerate(patterns):
        rows = arr[np.ix_(inverse == g, o)]
        dev = rows.mean(axis=0) - mu[o]
        d2 += len(rows) * float(dev @ np.linalg.solve(sigma[np.ix_(o, o)], dev))
        df += int(o.sum())
    df -= arr.shape[1]
    p = float(stats.chi2.sf(d2, df)) if df > 0 else float("nan")
    return LittleMCAR(chi2=d2, df=df, p=p)


@dataclass(frozen=True)
class Patterns:
    """Missing-data patterns with their sufficient statistics (weights allowed)."""

    masks: list[np.ndarray]  # boolean observed mask per pattern
    n: np.ndarray  # weighted count per pattern
    means: list[np.ndarray]
    covs: list[np.ndarray]  # biased covariance around the pattern mean

    @classmethod
    def from_data(cls, x: np.ndarray, weights: np.ndarray | None = None) -> Patterns:
        n, p = x.shape
        obs = ~np.isnan(x)
        keys, inverse = missing_patterns(obs)  # the distinct rows, as np.unique(axis=0)
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        order = np.argsort(inverse, kind="stable")
        counts = np.bincount(inverse, minlength=len(keys))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        nks = np.bincount(inverse, weights=w, minlength=len(keys))
        sums = np.add.reduceat((w[:, None] * np.where(obs, x, 0.0))[order], starts, axis=0)
        masks, ns, means, covs = [], [], [], []
        for k, key in enumerate(keys):
            nk = nks[k]
            if nk <= 0 or not key.any():
                continue
            mk = sums[k, key] / nk
            if counts[k] == 1:
                ck = np.zeros((len(mk), len(mk)))
            else:
                rows = order[starts[k] : starts[k] + counts[k]]
                wk = w[rows]
                dk = x[np.ix_(rows, key)] - mk
                ck = (wk[:, None] * dk).T @ dk / nk
            masks.append(key)
            ns.append(nk)
            means.append(mk)
            covs.append(ck)
        return cls(masks, np.asarray(ns), means, covs)


def em_saturated(x: np.ndarray, max_iter: int = 2000, tol: float = 1e-10):
    """EM estimates of the unrestricted mean vector and covariance matrix (the h1 model).

    Parameters
    ----------
    x : ndarray, shape (n, p)
        Data with NaN for missing values.
    max_iter, tol : int, float
        As for :func:`em_moments`.

    Returns
    -------
    tuple of ndarray
        The mean vector (p,) and the ML covariance matrix (p, p).

    Notes
    -----
    :func:`em_moments` on the array (Dempster, Laird & Rubin 1977).
    """
    em = em_moments(pd.DataFrame(x), tol=tol, max_iter=max_iter)
    return em.mean.to_numpy(), em.cov.to_numpy()
