"""Factorability, number of factors, exploratory factor analysis and common-method bias.

Pure numpy/scipy re-implementations of the psych (Revelle, 2022; version 2.2.9) functions a
thesis uses before its CFA: ``KMO``, ``cortest.bartlett``, ``fa.parallel``, ``fa`` (minres or ML
extraction, GPA oblimin rotation as in GPArotation) and Harman's single-factor test. Every
function takes a data frame of item answers (or a correlation matrix) and returns tidy data
frames; nothing is read, written or printed here.

All correlation-based functions use listwise-complete rows of the items given (psych uses
pairwise-complete correlations; with complete data the two are identical).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from surveysem.criteria import HARMAN_MAX

__all__ = [
    "EfaResult",
    "bartlett_test",
    "efa",
    "explore_factors",
    "ExploreResult",
    "extract_factors",
    "harman_single_factor",
    "kmo",
    "oblimin",
    "parallel_analysis",
]

_PSI_BOUNDS = (0.005, 1.0)  # psych::fa's bounds on the uniquenesses (correlation metric)

KMO_CITATION = "Kaiser (1974); Kaiser & Rice (1974)"
BARTLETT_CITATION = "Bartlett (1951)"
PARALLEL_CITATION = "Horn (1965); Glorfeld (1995); psych::fa.parallel (Revelle, 2022)"
HARMAN_CITATION = "Podsakoff, MacKenzie, Lee & Podsakoff (2003)"


def _complete(data: pd.DataFrame, items: Sequence[str] | None) -> pd.DataFrame:
    """Numeric, listwise-complete item columns, with actionable errors."""
    if items is None:
        items = list(data.columns)
    items = list(items)
    missing = [i for i in items if i not in data.columns]
    if missing:
        raise ValueError(
            f"item column(s) {', '.join(missing)} not in the data; present columns are "
            f"{', '.join(map(str, data.columns))}. Fix the item names in the codebook."
        )
    if len(items) < 2:
        raise ValueError(f"need at least 2 items, got {items!r}")
    x = data[items].apply(pd.to_numeric, errors="coerce").dropna()
    if len(x) < 3:
        raise ValueError(
            f"only {len(x)} respondent(s) answered all of {', '.join(items)}; "
            "at least 3 complete rows are needed"
        )
    sd = x.std(ddof=1)
    const = sd.index[~(sd > 0)].tolist()
    if const:
        raise ValueError(
            f"item(s) {', '.join(const)} have no variance (every respondent gave the same "
            "answer); drop them from the codebook scale before factor analysis"
        )
    return x


def _corr(x: pd.DataFrame) -> np.ndarray:
    return np.corrcoef(x.to_numpy(dtype=float), rowvar=False)


def _as_corr(r: np.ndarray | pd.DataFrame) -> np.ndarray:
    r = np.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[0] != r.shape[1]:
        raise ValueError(f"a correlation matrix must be square, got shape {r.shape}")
    return r


# ----------------------------------------------------------------------------------------------
# Factorability
# ----------------------------------------------------------------------------------------------
def kmo(data: pd.DataFrame, items: Sequence[str] | None = None) -> pd.DataFrame:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, overall and per item.

    Parameters
    ----------
    data : DataFrame
        Item answers; rows with a missing answer on any of ``items`` are dropped.
    items : sequence of str, optional
        Columns to use (default: all columns).

    Returns
    -------
    DataFrame
        One row per item and a first row with ``item == "overall"``. Columns:
        ``item``; ``msa`` (measure of sampling adequacy); ``label`` (Kaiser's 1974 verbal label:
        marvelous >= .90, meritorious >= .80, middling >= .70, mediocre >= .60,
        miserable >= .50, unacceptable below); ``adequate`` (msa >= .60);
        ``citation``.

    Notes
    -----
    With R the correlation matrix and Q the partial correlations of each pair given all other
    items (from R's inverse, ``cov2cor(solve(R))``),
    ``MSA = sum_{i != j} r_ij^2 / (sum_{i != j} r_ij^2 + sum_{i != j} q_ij^2)``; per item the
    sums run over column i only (Kaiser, 1970; Kaiser & Rice, 1974). Matches ``psych::KMO``.
    """
    x = _complete(data, items)
    r = _corr(x)
    try:
        inv = np.linalg.inv(r)
    except np.linalg.LinAlgError:
        raise ValueError(
            "the item correlation matrix is singular (an item is a linear combination of "
            "others, e.g. a total score among the items); remove the redundant item"
        ) from None
    d = 1.0 / np.sqrt(np.diag(inv))
    q = inv * np.outer(d, d)
    np.fill_diagonal(q, 0.0)
    r0 = r.copy()
    np.fill_diagonal(r0, 0.0)
    r2, q2 = r0**2, q**2
    overall = r2.sum() / (r2.sum() + q2.sum())
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    msa = np.concatenate([[overall], per_item])
    out = pd.DataFrame({"item": ["overall", *x.columns], "msa": msa})
    out["label"] = [_kmo_label(v) for v in msa]
    out["adequate"] = out["msa"] >= 0.60
    out["citation"] = KMO_CITATION
    return out


def _kmo_label(v: float) -> str:
    for cut, lab in (
        (0.9, "marvelous"),
        (0.8, "meritorious"),
        (0.7, "middling"),
        (0.6, "mediocre"),
        (0.5, "miserable"),
    ):
        if v >= cut:
            return lab
    return "unacceptable"


def bartlett_test(data: pd.DataFrame, items: Sequence[str] | None = None) -> pd.DataFrame:
    """Bartlett's test of sphericity (is the correlation matrix an identity matrix?).

    Parameters
    ----------
    data : DataFrame
        Item answers (listwise-complete rows are used).
    items : sequence of str, optional
        Columns to use (default: all columns).

    Returns
    -------
    DataFrame
        One row with columns ``chisq``, ``df``, ``pvalue``, ``n`` (complete rows),
        ``n_items``, ``citation``.

    Notes
    -----
    ``chisq = -ln|R| (n - 1 - (2p + 5) / 6)`` with ``df = p (p - 1) / 2`` (Bartlett, 1951);
    matches ``psych::cortest.bartlett(R, n)``.
    """
    x = _complete(data, items)
    r = _corr(x)
    n, p = x.shape
    sign, logdet = np.linalg.slogdet(r)
    if sign <= 0:
        raise ValueError(
            "the item correlation matrix is singular; remove redundant items before Bartlett's test"
        )
    chisq = -logdet * (n - 1 - (2 * p + 5) / 6)
    df = p * (p - 1) / 2
    return pd.DataFrame(
        {
            "chisq": [chisq],
            "df": [df],
            "pvalue": [stats.chi2.sf(chisq, df)],
            "n": [n],
            "n_items": [p],
            "citation": [BARTLETT_CITATION],
        }
    )


# ----------------------------------------------------------------------------------------------
# Extraction
# ----------------------------------------------------------------------------------------------
def _smc(r: np.ndarray) -> np.ndarray:
    return 1.0 - 1.0 / np.diag(np.linalg.inv(r))


def _loadings_from_psi_minres(r: np.ndarray, psi: np.ndarray, nf: int) -> np.ndarray:
    s = r - np.diag(psi)
    np.fill_diagonal(s, 1.0 - psi)
    e, v = np.linalg.eigh(s)
    e, v = e[::-1][:nf], v[:, ::-1][:, :nf]
    return v * np.sqrt(np.maximum(e, 0.0))


def _loadings_from_psi_ml(r: np.ndarray, psi: np.ndarray, nf: int) -> np.ndarray:
    sc = 1.0 / np.sqrt(psi)
    e, v = np.linalg.eigh(r * np.outer(sc, sc))
    e, v = e[::-1][:nf], v[:, ::-1][:, :nf]
    return np.sqrt(psi)[:, None] * v * np.sqrt(np.maximum(e - 1.0, 0.0))


def _minres_objective(psi: np.ndarray, r: np.ndarray, nf: int) -> tuple[float, np.ndarray]:
    # concentrated ULS: sum of squared discarded eigenvalues of R - Psi; gradient analytic
    s = r.copy()
    np.fill_diagonal(s, 1.0 - psi)
    e, v = np.linalg.eigh(s)
    e, v = e[::-1], v[:, ::-1]
    rest_e, rest_v = e[nf:], v[:, nf:]
    f = float(np.sum(rest_e**2))
    g = -2.0 * (rest_v**2 @ rest_e)
    return f, g


def ml_objective(psi: np.ndarray, r: np.ndarray, nf: int) -> tuple[float, np.ndarray]:
    # Joreskog's concentrated ML discrepancy, as psych's FAfn / FAgr
    sc = 1.0 / np.sqrt(psi)
    e, v = np.linalg.eigh(r * np.outer(sc, sc))
    e, v = e[::-1], v[:, ::-1]
    rest = e[nf:]
    f = -float(np.sum(np.log(rest) - rest) - nf + r.shape[0])
    lam = np.sqrt(psi)[:, None] * v[:, :nf] * np.sqrt(np.maximum(e[:nf] - 1.0, 0.0))
    g = np.diag(lam @ lam.T) + psi - np.diag(r)
    return f, g / psi**2


def extract_factors(
    r: np.ndarray | pd.DataFrame, n_factors: int, *, method: str = "minres"
) -> tuple[np.ndarray, np.ndarray]:
    """Unrotated factor extraction from a correlation matrix (psych ``fa(rotate = "none")``).

    Parameters
    ----------
    r : array (p, p)
        Correlation matrix.
    n_factors : int
        Number of factors, 1 <= n_factors < p.
    method : {"minres", "ml"}
        ``minres``: minimum residual / unweighted least squares (psych's default ``fm``);
        ``ml``: maximum likelihood.

    Returns
    -------
    loadings : array (p, n_factors)
        Unrotated loadings; each column's sum is made positive (psych's convention).
    uniquenesses : array (p,)
        ``1 - communality``.

    Notes
    -----
    Both methods optimise the uniquenesses psi (bounded to [0.005, 1] as in psych::fa) with
    L-BFGS-B on a concentrated criterion: the loadings for given psi are the leading
    eigenvectors of ``R - diag(psi)`` (minres; Harman & Jones, 1966) or of
    ``Psi^-1/2 R Psi^-1/2`` (ML; Joreskog, 1967), starting from the squared multiple
    correlations. The minres criterion here is the sum of squared discarded eigenvalues of
    ``R - Psi`` whose minimum is psych's minimum of the off-diagonal squared residuals.
    ML is scale-equivariant, so loadings on the covariance metric are these times the item SDs.
    """
    r = _as_corr(r)
    p = r.shape[0]
    if not 1 <= n_factors < p:
        raise ValueError(f"n_factors must be between 1 and {p - 1} for {p} items, got {n_factors}")
    if method not in ("minres", "ml"):
        raise ValueError(f"method must be 'minres' or 'ml', got {method!r}")
    start = np.clip(1.0 - _smc(r), *_PSI_BOUNDS)
    fun = _minres_objective if method == "minres" else ml_objective
    res = optimize.minimize(
        fun,
        start,
        args=(r, n_factors),
        jac=True,
        method="L-BFGS-B",
        bounds=[_PSI_BOUNDS] * p,
        options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000},
    )
    psi = res.x
    if method == "minres":
        lam = _loadings_from_psi_minres(r, psi, n_factors)
    else:
        lam = _loadings_from_psi_ml(r, psi, n_factors)
    sign = np.sign(lam.sum(axis=0))
    sign[sign == 0] = 1.0
    lam = lam * sign
    return lam, 1.0 - np.sum(lam**2, axis=1)


# ----------------------------------------------------------------------------------------------
# Rotation
# ----------------------------------------------------------------------------------------------
def _vgq_oblimin(lam: np.ndarray, gamma: float) -> tuple[float, np.ndarray]:
    k = lam.shape[1]
    x = lam**2 @ (1.0 - np.eye(k))
    if gamma != 0:
        p = lam.shape[0]
        x = (np.eye(p) - gamma / p) @ x
    return float(np.sum(lam**2 * x) / 4.0), lam * x


def oblimin(
    loadings: np.ndarray, *, gamma: float = 0.0, eps: float = 1e-7, max_iter: int = 5000
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Direct oblimin rotation by the gradient projection algorithm.

    Parameters
    ----------
    loadings : array (p, k)
        Unrotated loadings, k >= 2.
    gamma : float
        Oblimin parameter; 0 is quartimin (GPArotation's and psych's default).
    eps : float
        Convergence criterion on the norm of the projected gradient (GPArotation uses 1e-5;
        a tighter default changes results by far less than 1e-3).
    max_iter : int

    Returns
    -------
    rotated : array (p, k)
        Pattern loadings ``A T'^-1``.
    phi : array (k, k)
        Factor correlations ``T'T``.
    converged : bool

    Notes
    -----
    GPFoblq of Bernaards & Jennrich (2005) (Jennrich, 2002), unnormalised, starting from the
    identity: criterion ``Q = sum(L^2 * (L^2 N)) / 4`` with ``N`` the k x k matrix of ones
    with a zero diagonal (gamma = 0).
    """
    a = np.asarray(loadings, dtype=float)
    k = a.shape[1]
    if k < 2:
        raise ValueError("rotation needs at least 2 factors")
    t = np.eye(k)
    lam = a @ np.linalg.inv(t).T
    f, gq = _vgq_oblimin(lam, gamma)
    g = -(lam.T @ gq @ np.linalg.inv(t)).T
    al = 1.0
    converged = False
    for _ in range(max_iter + 1):
        gp = g - t @ np.diag(np.sum(t * g, axis=0))
        s = float(np.sqrt(np.sum(gp**2)))
        if s < eps:
            converged = True
            break
        al *= 2.0
        for _ in range(11):
            x = t - al * gp
            tt = x / np.sqrt(np.sum(x**2, axis=0))
            lam = a @ np.linalg.inv(tt).T
            ft, gqt = _vgq_oblimin(lam, gamma)
            if f - ft > 0.5 * s**2 * al:
                break
            al /= 2.0
        t, f = tt, ft
        g = -(lam.T @ gqt @ np.linalg.inv(tt)).T
    lam = a @ np.linalg.inv(t).T
    return lam, t.T @ t, converged


# ----------------------------------------------------------------------------------------------
# EFA
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EfaResult:
    """An exploratory factor analysis.

    Attributes
    ----------
    loadings : DataFrame
        Long: ``item``, ``factor`` (F1..Fk), ``loading`` (rotated pattern loading),
        ``unrotated`` (unrotated loading on the same-numbered factor), ``communality``,
        ``primary`` (True on the factor with the largest absolute loading of the item).
    variance : DataFrame
        One row per factor: ``factor``, ``eigenvalue`` (of the correlation matrix, initial),
        ``ss_loadings_unrotated``, ``prop_unrotated``, ``cum_prop_unrotated``,
        ``ss_loadings``, ``prop``, ``cum_prop`` (rotated, psych's convention for oblique
        solutions: ``diag(Phi L'L)``, so proportions can sum above the unrotated total),
        ``method``, ``rotation``, ``rotation_converged``.
    factor_correlations : DataFrame
        Long: ``factor_a``, ``factor_b``, ``r`` (all k x k pairs).
    converged : bool
        Whether the rotation converged.
    """

    loadings: pd.DataFrame
    variance: pd.DataFrame
    factor_correlations: pd.DataFrame
    converged: bool


def efa(
    data: pd.DataFrame,
    n_factors: int,
    *,
    items: Sequence[str] | None = None,
    method: str = "minres",
    rotation: str = "oblimin",
) -> EfaResult:
    """Exploratory factor analysis with oblimin rotation (psych ``fa``).

    Parameters
    ----------
    data : DataFrame
        Item answers (listwise-complete rows are used).
    n_factors : int
        Number of factors to extract.
    items : sequence of str, optional
        Columns to analyse (default: all).
    method : {"minres", "ml"}
        Extraction, see :func:`extract_factors`.
    rotation : {"oblimin", "none"}
        ``oblimin`` (gamma = 0, GPA; orthogonal start) or no rotation.

    Returns
    -------
    EfaResult
        ``loadings``, ``variance``, ``factor_correlations`` tables, see :class:`EfaResult`.

    Notes
    -----
    After rotation the factors are signed so that each loading column sums to a positive
    number and ordered by decreasing ``diag(Phi L'L)``, as psych::fa does (Revelle, 2022).
    Communalities are ``1 - psi`` of the extraction. References: Jennrich (2002);
    Bernaards & Jennrich (2005); Harman (1976).
    """
    if rotation not in ("oblimin", "none"):
        raise ValueError(f"rotation must be 'oblimin' or 'none', got {rotation!r}")
    x = _complete(data, items)
    r = _corr(x)
    p = r.shape[0]
    lam0, psi = extract_factors(r, n_factors, method=method)
    k = n_factors
    converged = True
    if rotation == "oblimin" and k > 1:
        lam, phi, converged = oblimin(lam0)
    else:
        lam, phi = lam0.copy(), np.eye(k)
    sign = np.sign(lam.sum(axis=0))
    sign[sign == 0] = 1.0
    lam = lam * sign
    phi = phi * np.outer(sign, sign)
    ev = np.diag(phi @ lam.T @ lam)
    order = np.argsort(-ev, kind="stable")
    lam, phi, ev = lam[:, order], phi[np.ix_(order, order)], ev[order]
    names = [f"F{j + 1}" for j in range(k)]
    comm = 1.0 - psi
    rows = []
    for i, item in enumerate(x.columns):
        prim = int(np.argmax(np.abs(lam[i])))
        for j in range(k):
            rows.append(
                {
                    "item": item,
                    "factor": names[j],
                    "loading": lam[i, j],
                    "unrotated": lam0[i, j],
                    "communality": comm[i],
                    "primary": j == prim,
                }
            )
    ss0 = np.sum(lam0**2, axis=0)
    eig = np.sort(np.linalg.eigvalsh(r))[::-1][:k]
    variance = pd.DataFrame(
        {
            "factor": names,
            "eigenvalue": eig,
            "ss_loadings_unrotated": ss0,
            "prop_unrotated": ss0 / p,
            "cum_prop_unrotated": np.cumsum(ss0) / p,
            "ss_loadings": ev,
            "prop": ev / p,
            "cum_prop": np.cumsum(ev) / p,
            "method": method,
            "rotation": rotation if k > 1 else "none",
            "rotation_converged": converged,
        }
    )
    fc = pd.DataFrame(
        [
            {"factor_a": names[a], "factor_b": names[b], "r": phi[a, b]}
            for a in range(k)
            for b in range(k)
        ]
    )
    return EfaResult(pd.DataFrame(rows), variance, fc, converged)


# ----------------------------------------------------------------------------------------------
# Parallel analysis and Harman
# ----------------------------------------------------------------------------------------------
def _fa_values(r: np.ndarray) -> np.ndarray:
    """Eigenvalues of R with communalities of a one-factor minres fit on the diagonal."""
    lam, psi = extract_factors(r, 1, method="minres")
    s = r.copy()
    np.fill_diagonal(s, 1.0 - psi)
    return np.sort(np.linalg.eigvalsh(s))[::-1]


def _n_retain(observed: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    above = observed > threshold
    keep = np.cumprod(above).astype(bool)
    return keep


def parallel_analysis(
    data: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    n_iter: int = 100,
    quantile: float = 0.95,
    seed: int = 20261122,
) -> pd.DataFrame:
    """Horn's parallel analysis for principal components and common factors.

    Parameters
    ----------
    data : DataFrame
        Item answers (listwise-complete rows are used).
    items : sequence of str, optional
        Columns to use (default: all).
    n_iter : int
        Number of simulated data sets of the same size (n x p, independent standard normal).
    quantile : float
        The simulated eigenvalue quantile an observed eigenvalue must exceed (Glorfeld, 1995);
        psych::fa.parallel uses 0.95 too (its ``quant``).
    seed : int
        Seed of numpy's ``default_rng``.

    Returns
    -------
    DataFrame
        One row per eigenvalue index: ``index`` (1..p); ``pc_observed`` (eigenvalues of R);
        ``pc_sim_mean``, ``pc_sim_quantile``; ``fa_observed`` (eigenvalues of R with the
        communalities of a one-factor minres solution on its diagonal, psych's
        ``fa.values``); ``fa_sim_mean``, ``fa_sim_quantile``; ``pc_retain`` and ``fa_retain``
        (True for the leading run of eigenvalues above the simulated quantile; their sums are
        the suggested numbers of components and factors); ``n_iter``, ``quantile``, ``seed``,
        ``citation``.

    Notes
    -----
    Horn (1965); the "fa" eigenvalues follow psych::fa.parallel(fm = "minres", fa = "both",
    sim = TRUE) (Revelle, 2022): the count is the number of leading observed eigenvalues that
    exceed the simulated ``quantile``. The simulated values depend on the random numbers and
    so differ from psych's; the observed ones match psych.
    """
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be between 0 and 1, got {quantile}")
    if n_iter < 1:
        raise ValueError(f"n_iter must be at least 1, got {n_iter}")
    x = _complete(data, items)
    r = _corr(x)
    n, p = x.shape
    pc_obs = np.sort(np.linalg.eigvalsh(r))[::-1]
    fa_obs = _fa_values(r)
    rng = np.random.default_rng(seed)
    pc_sim = np.empty((n_iter, p))
    fa_sim = np.empty((n_iter, p))
    for b in range(n_iter):
        z = rng.standard_normal((n, p))
        rs = np.corrcoef(z, rowvar=False)
        pc_sim[b] = np.sort(np.linalg.eigvalsh(rs))[::-1]
        fa_sim[b] = _fa_values(rs)
    pc_q = np.quantile(pc_sim, quantile, axis=0)
    fa_q = np.quantile(fa_sim, quantile, axis=0)
    return pd.DataFrame(
        {
            "index": np.arange(1, p + 1),
            "pc_observed": pc_obs,
            "pc_sim_mean": pc_sim.mean(axis=0),
            "pc_sim_quantile": pc_q,
            "fa_observed": fa_obs,
            "fa_sim_mean": fa_sim.mean(axis=0),
            "fa_sim_quantile": fa_q,
            "pc_retain": _n_retain(pc_obs, pc_q),
            "fa_retain": _n_retain(fa_obs, fa_q),
            "n_iter": n_iter,
            "quantile": quantile,
            "seed": seed,
            "citation": PARALLEL_CITATION,
        }
    )


def harman_single_factor(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, threshold: float = HARMAN_MAX.value
) -> pd.DataFrame:
    """Harman's single-factor test for common-method bias.

    Parameters
    ----------
    data : DataFrame
        Item answers (listwise-complete rows are used).
    items : sequence of str, optional
        All substantive items of the questionnaire (default: all columns).
    threshold : float
        Share of total variance above which one factor is said to dominate: 0.40 by default
        (:data:`surveysem.criteria.HARMAN_MAX`, the criterion Chinese theses apply), 0.50 as
        in Podsakoff et al. (2003), "the majority of the covariance".

    Returns
    -------
    DataFrame
        Two rows, ``method`` = ``unrotated principal components`` (the test as SPSS users run
        it; the reported one) and ``unrotated one-factor minres``. Columns: ``method``,
        ``n_items``, ``n``, ``first_factor_variance`` (first eigenvalue, or the first
        factor's sum of squared loadings), ``share`` (that divided by the number of items),
        ``threshold``, ``exceeds`` (share > threshold: a single factor dominates),
        ``n_eigen_above_1`` (number of components with eigenvalue > 1), ``citation``.

    Notes
    -----
    All items are entered into one unrotated principal component analysis of the correlation
    matrix; the share of total variance of the first component is ``lambda_1 / p``. A
    share above the threshold (40% as Chinese theses apply it, after Zhou & Long, 2004, who
    introduced the test to Chinese research; 50% in Podsakoff et al., 2003) suggests common-method variance, although the test is insensitive.
    """
    x = _complete(data, items)
    r = _corr(x)
    n, p = x.shape
    eig = np.sort(np.linalg.eigvalsh(r))[::-1]
    lam, _ = extract_factors(r, 1, method="minres")
    first = np.array([eig[0], float(np.sum(lam**2))])
    share = first / p
    return pd.DataFrame(
        {
            "method": ["unrotated principal components", "unrotated one-factor minres"],
            "n_items": p,
            "n": n,
            "first_factor_variance": first,
            "share": share,
            "threshold": threshold,
            "exceeds": share > threshold,
            "n_eigen_above_1": int(np.sum(eig > 1.0)),
            "citation": HARMAN_CITATION,
        }
    )


@dataclass(frozen=True)
class ExploreResult:
    """All tables of the exploratory stage (``results/efa/``).

    Attributes
    ----------
    kmo, bartlett, parallel, loadings, variance, factor_correlations, harman : DataFrame
        See :func:`kmo`, :func:`bartlett_test`, :func:`parallel_analysis`, :class:`EfaResult`
        and :func:`harman_single_factor`. ``loadings`` additionally has a ``scale`` column
        (the item's scale in the codebook) after ``item``.
    """

    kmo: pd.DataFrame
    bartlett: pd.DataFrame
    parallel: pd.DataFrame
    loadings: pd.DataFrame
    variance: pd.DataFrame
    factor_correlations: pd.DataFrame
    harman: pd.DataFrame


def explore_factors(
    data: pd.DataFrame,
    scales: dict[str, Sequence[str]],
    *,
    n_factors: int | None = None,
    method: str = "minres",
    n_iter: int = 100,
    quantile: float = 0.95,
    seed: int = 20261122,
    harman_threshold: float = HARMAN_MAX.value,
) -> ExploreResult:
    """Run the whole exploratory stage on all scale items.

    Parameters
    ----------
    data : DataFrame
        The cleaned data (items already reverse-scored; other columns are ignored).
    scales : mapping of str to sequence of str
        Scale name -> its items (the codebook's scales).
    n_factors : int, optional
        Factors to extract; default: the number of scales with at least 2 items
        (the theoretical structure).
    method : {"minres", "ml"}
    n_iter, quantile, seed
        Parallel analysis settings, see :func:`parallel_analysis`.
    harman_threshold : float
        See :func:`harman_single_factor` (the study file's ``analysis.harman_threshold``).

    Returns
    -------
    ExploreResult

    Notes
    -----
    References as in the individual functions.
    """
    items = [i for its in scales.values() for i in its]
    if len(set(items)) != len(items):
        raise ValueError("an item belongs to more than one scale; fix the codebook")
    if n_factors is None:
        n_factors = max(1, sum(1 for its in scales.values() if len(its) >= 2))
    n_factors = min(n_factors, len(items) - 1)
    res = efa(data, n_factors, items=items, method=method)
    item_scale = {i: s for s, its in scales.items() for i in its}
    loadings = res.loadings.copy()
    loadings.insert(1, "scale", loadings["item"].map(item_scale))
    return ExploreResult(
        kmo=kmo(data, items),
        bartlett=bartlett_test(data, items),
        parallel=parallel_analysis(data, items=items, n_iter=n_iter, quantile=quantile, seed=seed),
        loadings=loadings,
        variance=res.variance,
        factor_correlations=res.factor_correlations,
        harman=harman_single_factor(data, items, threshold=harman_threshold),
    )
