"""Modification indices (score tests for fixed-to-zero parameters), as ``lavaan::modindices``.

For every parameter a lavaan user could add to the model and that is not in it (cross-loadings
``=~``, residual covariances ``~~`` between indicators, covariances among latent variables,
regressions among the variables of the structural part), the modification index is the
one-degree-of-freedom score (Lagrange multiplier) statistic for freeing it, evaluated at the
estimates of the fitted model, and the expected parameter change is the first-order estimate
of its value once freed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from surveysem.missing import Patterns
from surveysem.sem import SemFit

MI_COLUMNS = ["lhs", "op", "rhs", "mi", "epc", "sepc_all"]


def modification_indices(fit: SemFit, data: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Modification indices of a fitted CFA or SEM, equal to lavaan's ``modindices()``.

    Parameters
    ----------
    fit : SemFit
        A fit from :func:`surveysem.sem.fit_model` (``missing`` listwise or fiml).
    data : DataFrame
        The data frame that was given to ``fit_model`` (rows are selected as it did).
    top : int, optional
        Keep only the ``top`` largest indices; all by default.

    Returns
    -------
    DataFrame
        ``lhs``, ``op``, ``rhs`` (lavaan's names for the candidate parameter: ``F =~ item``,
        ``a ~~ b``, ``y ~ x``), ``mi`` (the score statistic, chi-square with 1 df), ``epc``
        (expected parameter change) and ``sepc_all`` (the EPC completely standardized with
        the fitted model's variances: lavaan ``sepc.all``), sorted by ``mi`` descending.
        Candidates whose index is undefined (equivalent to a parameter already free) are
        dropped, as lavaan does.

    Raises
    ------
    ValueError
        When ``data`` lacks a model variable, does not give the respondents the fit used,
        or ``top`` is not a positive integer.

    Notes
    -----
    With :math:`g` the gradient of :math:`\\log L / N` with respect to the candidate
    parameters and :math:`I` the expected information per observation of the model
    augmented by them, both at the restricted estimates (Sörbom 1989; Saris, Satorra &
    Sörbom 1987),

    .. math:: V = I_{11} - I_{12} I_{22}^{-1} I_{21}, \\quad
              MI_j = N g_j^2 / V_{jj}, \\quad EPC_j = g_j / V_{jj}.

    Complete data: :math:`g = \\tfrac12 tr(\\Sigma^{-1}(S-\\Sigma)\\Sigma^{-1}
    \\partial\\Sigma)` and :math:`I_{kl} = \\tfrac12 tr(\\Sigma^{-1}\\partial_k\\Sigma
    \\Sigma^{-1}\\partial_l\\Sigma)`; with FIML both are sums over missing-data patterns of
    the same expressions on the observed blocks (lavaan's structured expected information).
    The derivatives of :math:`\\Sigma = \\Lambda(I-B)^{-1}\\Psi(I-B)^{-T}\\Lambda' + \\Theta`
    with respect to a zero entry are closed-form: for :math:`\\Lambda_{ij}`,
    :math:`e_i u' + u e_i'` with :math:`u = \\Lambda C e_j` and *C* the latent covariance
    matrix; for :math:`\\Theta_{ij}`, :math:`e_i e_j' + e_j e_i'`; for :math:`\\Psi_{ij}`,
    :math:`a_i a_j' + a_j a_i'` with :math:`a = \\Lambda(I-B)^{-1}`; for :math:`B_{ij}`,
    :math:`a_i b_j' + b_j a_i'` with :math:`b = \\Lambda C`. Indices with
    :math:`V_{jj} < \\epsilon^{1/3}` are undefined (lavaan).
    """
    if top is not None and (not isinstance(top, int | np.integer) or top < 1):
        raise ValueError(f"modification_indices: top must be a positive integer, got {top!r}")
    with threadpool_limits(limits=1):
        out = _modification_indices(fit, data)
    if top is not None:
        out = out.head(top).reset_index(drop=True)
    return out


def _data_matrix(fit: SemFit, data: pd.DataFrame) -> np.ndarray:
    return fit.data_matrix(data, "modification_indices")


def _lavaan_order(fit: SemFit) -> dict[str, int]:
    """Variables in lavaan's order (first appearance in the model), for naming candidates."""
    est = fit.estimates
    names: list[str] = []
    for op in ("=~", "~", "~~"):
        rows = est[est["op"] == op]
        for a, b in zip(rows["lhs"], rows["rhs"], strict=True):
            for v in (a, b):
                if isinstance(v, str) and v and v not in names:
                    names.append(v)
    for v in list(fit.engine.inner) + list(fit.engine.obs):
        if v not in names:
            names.append(v)
    return {v: k for k, v in enumerate(names)}


def _candidates(engine, mats, free, order):
    """lavaan's ``lav_partable_full`` candidates not yet in the model, with their position.

    Returns a list of (lhs, op, rhs, matrix, i, j) with matrix in {beta, lambda, psi, theta}.
    """
    beta, lamb, psi, theta = mats
    obs, inner = engine.obs, engine.inner
    inner_idx = {v: k for k, v in enumerate(inner)}
    obs_idx = {v: k for k, v in enumerate(obs)}
    latents = sorted((v for v in inner if v not in obs_idx), key=order.__getitem__)
    obs = sorted(obs, key=order.__getitem__)
    in_model = [f | (m != 0) for f, m in zip(free, mats, strict=True)]
    # indicators: observed variables loading on a latent variable
    ind = [
        v
        for v in obs
        if v not in inner_idx and any(in_model[1][obs_idx[v], inner_idx[f]] for f in latents)
    ]
    regs = [
        (inner[i], inner[j])
        for i in range(len(inner))
        for j in range(len(inner))
        if i != j and in_model[0][i, j]
    ]
    eqs_y = list(dict.fromkeys(y for y, _ in regs))
    eqs_names = list(dict.fromkeys(eqs_y + [x for _, x in regs]))
    ov_x = [v for v in obs if v in eqs_names and v not in eqs_y and v not in ind]
    ov_nox = [v for v in obs if v not in ov_x]
    other = [v for v in obs if v not in ind]

    def position(lhs, op, rhs):
        """(matrix, i, j) of a candidate in our matrices, or None when not representable."""
        if op == "=~":
            if rhs in inner_idx:
                return ("beta", inner_idx[rhs], inner_idx[lhs])
            return ("lambda", obs_idx[rhs], inner_idx[lhs])
        if op == "~~":
            if lhs in inner_idx and rhs in inner_idx:
                return ("psi", inner_idx[lhs], inner_idx[rhs])
            if lhs not in inner_idx and rhs not in inner_idx:
                return ("theta", obs_idx[lhs], obs_idx[rhs])
            return None
        if lhs in inner_idx and rhs in inner_idx:
            return ("beta", inner_idx[lhs], inner_idx[rhs])
        if lhs not in inner_idx and rhs in inner_idx:
            return ("lambda", obs_idx[lhs], inner_idx[rhs])
        return None

    rows = []
    for f in latents:
        for y in ov_nox:
            if y not in eqs_y:
                rows.append((f, "=~", y))
    for a_pos, a in enumerate(ov_nox):
        for b in ov_nox[a_pos + 1 :]:
            if a in other or b in other:
                continue
            rows.append((a, "~~", b))
    for a_pos, a in enumerate(ov_x):
        for b in ov_x[a_pos + 1 :]:
            rows.append((a, "~~", b))
    for a_pos, a in enumerate(latents):
        for b in latents[a_pos + 1 :]:
            rows.append((a, "~~", b))
    for y in eqs_names:
        for x in eqs_names:
            if x != y and not (y in ind and x in latents):
                rows.append((y, "~", x))

    names = {"beta": 0, "lambda": 1, "psi": 2, "theta": 3}
    out, seen = [], set()
    for lhs, op, rhs in rows:
        pos = position(lhs, op, rhs)
        if pos is None:
            continue
        m, i, j = pos
        k = names[m]
        taken = in_model[k][i, j] or (m in ("psi", "theta") and in_model[k][j, i])
        key = (m, min(i, j), max(i, j)) if m in ("psi", "theta") else (m, i, j)
        if taken or key in seen:
            continue
        seen.add(key)
        out.append((lhs, op, rhs, m, i, j))
    return out


def _modification_indices(fit: SemFit, data: pd.DataFrame) -> pd.DataFrame:
    x = _data_matrix(fit, data)
    engine = fit.engine
    n, p = x.shape
    theta_hat = fit.params
    mats = engine.matrices(theta_hat)
    beta, lamb, psi, theta = mats
    free = [np.zeros(m.shape, bool) for m in mats]
    for f, (r1, _) in zip(free, engine.ranges, strict=True):
        if r1:
            f[r1] = True
    t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
    cov_inner = t @ psi @ t.T
    sig = engine.sigma(theta_hat)
    lt = lamb @ t  # a
    lc = lamb @ cov_inner  # b, u

    cands = _candidates(engine, mats, free, _lavaan_order(fit))
    if not cands:
        return pd.DataFrame(columns=MI_COLUMNS)
    d_extra = np.empty((len(cands), p, p))
    for k, (_, _, _, m, i, j) in enumerate(cands):
        if m == "lambda":
            e = np.zeros(p)
            e[i] = 1.0
            d = np.outer(e, lc[:, j])
        elif m == "theta":
            d = np.zeros((p, p))
            d[i, j] = 1.0
        elif m == "psi":
            d = np.outer(lt[:, i], lt[:, j])
        else:
            d = np.outer(lt[:, i], lc[:, j])
        d_extra[k] = d + d.T
    d_model = engine.sigma_derivatives(theta_hat)

    # gradient of logL/N and expected information, summed over missing-data patterns
    if fit.missing == "fiml":
        mu = np.asarray(fit.intercepts, dtype=float)
        pats = Patterns.from_data(x)
    else:
        mu = x.mean(0)
        pats = Patterns(
            [np.ones(p, bool)], np.array([float(n)]), [mu], [np.cov(x, rowvar=False, bias=True)]
        )
    g = np.zeros(len(cands))
    i22 = np.zeros((engine.n_par, engine.n_par))
    i12 = np.zeros((len(cands), engine.n_par))
    i11 = np.zeros(len(cands))
    for mask, nk, mk, ck in zip(pats.masks, pats.n, pats.means, pats.covs, strict=True):
        w = nk / n
        sk = sig[np.ix_(mask, mask)]
        chol = np.linalg.cholesky(sk)
        linv = np.linalg.inv(chol)
        sinv = linv.T @ linv
        dd = mk - mu[mask]
        a = ck + np.outer(dd, dd)
        wmat = sinv @ (a - sk) @ sinv
        de = d_extra[:, mask][:, :, mask]
        dm = d_model[:, mask][:, :, mask]
        g += w * 0.5 * np.einsum("ij,kij->k", wmat, de)
        me = (linv @ de @ linv.T).reshape(len(cands), -1)
        mm = (linv @ dm @ linv.T).reshape(engine.n_par, -1)
        i22 += w * 0.5 * mm @ mm.T
        i12 += w * 0.5 * me @ mm.T
        i11 += w * 0.5 * np.sum(me * me, axis=1)
    v = i11 - np.sum((i12 @ np.linalg.pinv(i22)) * i12, axis=1)
    v[v < np.finfo(float).eps ** (1 / 3)] = np.nan
    mi = n * g**2 / v
    epc = g / v

    # completely standardized EPC with the fitted model's variances
    var_obs = dict(zip(engine.obs, np.diag(sig), strict=True))
    var_inner = dict(zip(engine.inner, np.diag(cov_inner), strict=True))
    total = {**var_inner, **var_obs}
    resid = {v: theta[i, i] for i, v in enumerate(engine.obs)}
    resid.update({v: psi[i, i] for i, v in enumerate(engine.inner)})
    sepc = np.empty(len(cands))
    for k, (lhs, op, rhs, _, _, _) in enumerate(cands):
        if op == "=~":
            sepc[k] = epc[k] * np.sqrt(total[lhs] / total[rhs])
        elif op == "~":
            sepc[k] = epc[k] * np.sqrt(total[rhs] / total[lhs])
        else:
            sepc[k] = epc[k] / np.sqrt(resid[lhs] * resid[rhs])
    out = pd.DataFrame(
        {
            "lhs": [c[0] for c in cands],
            "op": [c[1] for c in cands],
            "rhs": [c[2] for c in cands],
            "mi": mi,
            "epc": epc,
            "sepc_all": sepc,
        }
    )
    out = out.dropna(subset=["mi"])
    return out.sort_values("mi", ascending=False, kind="stable").reset_index(drop=True)
