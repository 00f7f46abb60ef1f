"""Confirmatory factor analysis and structural equation models, with lavaan's numbers.

This is the only module that imports semopy. semopy (pinned to 2.3.11) parses the lavaan-style
model description, builds the LISREL-type matrices and produces the first ML fit with the
L-BFGS-B solver. Everything semopy gets wrong or lacks is computed here with numpy:

* the fit is polished with an analytic-gradient ML objective (semopy's solvers stop early);
* standard errors from the expected information (complete data) or the observed information
  (FIML), as lavaan does;
* log-likelihood, AIC, BIC, GFI, AGFI, SRMR and the RMSEA confidence interval;
* full information maximum likelihood (FIML) for incomplete data (lavaan ``missing = "ml"``);
* the completely standardized solution (lavaan ``std.all``) and R².

Estimates follow lavaan's defaults for the same syntax: first loading fixed to 1, exogenous
latent covariances free, ML with N (not N - 1) in the fit function.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.missing import Patterns, em_saturated

SEMOPY_VERSION = "2.3.11"
LOG2PI = np.log(2.0 * np.pi)

ESTIMATE_COLUMNS = [
    "lhs",
    "op",
    "rhs",
    "est",
    "se",
    "z",
    "pvalue",
    "ci_low",
    "ci_high",
    "std_all",
]


def _import_semopy():
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import semopy

    if semopy.__version__ != SEMOPY_VERSION:  # pragma: no cover - guarded by the lock file
        warnings.warn(
            f"surveysem is tested with semopy {SEMOPY_VERSION}; found {semopy.__version__}",
            stacklevel=2,
        )
    return semopy


# --------------------------------------------------------------------------------------------
# Model specification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelSpec:
    """A model: measurement part, structural part and extra lavaan lines.

    Attributes
    ----------
    measurement : mapping of str to tuple of str
        Latent factor -> its indicators (the first loading is fixed to 1).
    structural : str
        Regressions in lavaan syntax (``EE ~ WL + CB``); may be empty (a CFA).
    extra : str
        Further lavaan lines: residual covariances (``~~``), fixed values, labels.
    """

    measurement: Mapping[str, tuple[str, ...]]
    structural: str = ""
    extra: str = ""

    def syntax(self) -> str:
        """The model in lavaan syntax, with lavaan's ``sem()`` defaults made explicit.

        lavaan (``auto.cov.y = TRUE``) frees the residual covariances among the pure
        outcomes: variables that are regressed on others but predict none. semopy does not,
        so they are written out here.
        """
        lines = [f"{f} =~ {' + '.join(items)}" for f, items in self.measurement.items()]
        for block in (self.structural, self.extra):
            lines += [ln.strip() for ln in block.splitlines() if ln.strip()]
        lines += self._pure_outcome_covariances()
        return "\n".join(lines)

    def _pure_outcome_covariances(self) -> list[str]:
        regs = self.regressions()
        predictors = {x for _, x in regs}
        outcomes = list(dict.fromkeys(y for y, _ in regs if y not in predictors))
        given = set()
        for line in self.extra.splitlines():
            if "~~" in line:
                lhs, rhs = line.split("#")[0].split("~~")
                for a in lhs.split("+"):
                    for b in rhs.split("+"):
                        pair = (_strip_modifier(a), _strip_modifier(b))
                        given |= {pair, pair[::-1]}
        return [
            f"{a} ~~ {b}"
            for i, a in enumerate(outcomes)
            for b in outcomes[i + 1 :]
            if (a, b) not in given
        ]

    def observed(self) -> list[str]:
        """Observed variables: indicators plus observed names used in the structural part."""
        # an indicator of two factors (a method factor on every item) is listed once
        obs = list(dict.fromkeys(i for items in self.measurement.values() for i in items))
        for name in structural_names(self.structural + "\n" + self.extra):
            if name not in self.measurement and name not in obs:
                obs.append(name)
        return obs

    def regressions(self) -> list[tuple[str, str]]:
        """(outcome, predictor) pairs of the structural part, in order."""
        return parse_regressions(self.structural + "\n" + self.extra)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
# a lavaan product term X:W (see surveysem.moderation, which rewrites it before fitting)
PRODUCT = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*:\s*([A-Za-z_][A-Za-z0-9_.]*)")


def _strip_modifier(term: str) -> str:
    return term.split("*")[-1].strip()


def parse_regressions(text: str) -> list[tuple[str, str]]:
    """(outcome, predictor) pairs of the ``~`` lines; a product term is kept as ``X:W``."""
    pairs = []
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line or "=~" in line or "~~" in line or ":=" in line or "~" not in line:
            continue
        lhs, rhs = line.split("~", 1)
        for y in lhs.split("+"):
            for x in rhs.split("+"):
                x = _strip_modifier(x)
                if _NAME.fullmatch(x):
                    pairs.append((y.strip(), x))
                elif PRODUCT.fullmatch(x):
                    pairs.append((y.strip(), ":".join(PRODUCT.fullmatch(x).groups())))
    return pairs


def structural_names(text: str) -> list[str]:
    """The variable names of lavaan lines, in order; a product term ``X:W`` gives X and W."""
    names: list[str] = []
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line or ":=" in line:
            continue
        for part in re.split(r"=~|~~|~", line):
            for term in part.split("+"):
                term = _strip_modifier(term)
                prod = PRODUCT.fullmatch(term)
                for t in prod.groups() if prod else (term,):
                    if _NAME.fullmatch(t) and t not in names:
                        names.append(t)
    return names


# --------------------------------------------------------------------------------------------
# The numerical engine (semopy's matrices, our objective and derivatives)
# --------------------------------------------------------------------------------------------


@dataclass
class Engine:
    """Sigma(theta) for a semopy model: Sigma = L (I - B)^-1 Psi (I - B)^-T L' + Theta."""

    beta: np.ndarray
    lamb: np.ndarray
    psi: np.ndarray
    theta: np.ndarray
    ranges: list
    n_par: int
    obs: list[str]
    inner: list[str]
    names: list[tuple[str, str, str]]
    fixed_mask: np.ndarray = field(default=None)

    @classmethod
    def from_semopy(cls, model) -> Engine:
        beta, lamb, psi, theta = (m.copy() for m in model.matrices[:4])
        return cls(
            beta=beta,
            lamb=lamb,
            psi=psi,
            theta=theta,
            ranges=[(r1, np.asarray(r2)) for r1, r2 in model.param_ranges[:4]],
            n_par=len(model.param_vals),
            obs=list(model.names_lambda[0]),
            inner=list(model.names_lambda[1]),
            names=[],
        )

    def matrices(self, x: np.ndarray):
        mats = [self.beta.copy(), self.lamb.copy(), self.psi.copy(), self.theta.copy()]
        for mx, (r1, r2) in zip(mats, self.ranges, strict=True):
            if r1:
                mx[r1] = x[r2]
        return mats

    def sigma(self, x: np.ndarray) -> np.ndarray:
        beta, lamb, psi, theta = self.matrices(x)
        t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
        m = lamb @ t
        return m @ psi @ m.T + theta

    def latent_cov(self, x: np.ndarray) -> np.ndarray:
        """Model-implied covariance of the inner (latent and structural) variables."""
        beta, _, psi, _ = self.matrices(x)
        t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
        return t @ psi @ t.T

    def chain(self, x: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Gradient wrt theta of tr(W dSigma) for a symmetric W (dF/dSigma)."""
        beta, lamb, psi, _ = self.matrices(x)
        t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
        c = t @ psi @ t.T
        wl = w @ lamb
        g_lamb = 2.0 * wl @ c
        ltwlt = t.T @ lamb.T @ wl @ t
        g_psi = ltwlt
        g_beta = 2.0 * t.T @ lamb.T @ wl @ c
        g_theta = w
        grad = np.zeros(self.n_par)
        for g, (r1, r2) in zip((g_beta, g_lamb, g_psi, g_theta), self.ranges, strict=True):
            if r1:
                np.add.at(grad, r2, g[r1])
        return grad

    def sigma_derivatives(self, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
        """dSigma / dtheta_k for every free parameter, by central differences (q x p x p)."""
        p = len(self.obs)
        out = np.empty((self.n_par, p, p))
        for k in range(self.n_par):
            e = np.zeros(self.n_par)
            e[k] = h
            out[k] = (self.sigma(x + e) - self.sigma(x - e)) / (2 * h)
        return out


def ml_objective(engine: Engine, s: np.ndarray, logdet_s: float):
    p = s.shape[0]

    def fun(x):
        sig = engine.sigma(x)
        try:
            c = np.linalg.cholesky(sig)
        except np.linalg.LinAlgError:
            return 1e10, np.zeros_like(x)
        cinv = np.linalg.inv(c)
        sinv = cinv.T @ cinv
        logdet = 2.0 * np.log(np.diag(c)).sum()
        f = logdet + np.sum(sinv * s) - logdet_s - p
        w = sinv @ (sig - s) @ sinv
        return f, engine.chain(x, w)

    return fun


@dataclass(frozen=True)
class _MissingGroup:
    """Patterns that lack the same number m of variables, stacked (see :class:`_FimlPlan`)."""

    rows: np.ndarray  # (K_g,) pattern indices
    miss: np.ndarray  # (K_g, m) indices of the missing variables
    cov_rows: np.ndarray  # positions in the group of the patterns with a non-zero covariance
    covs: np.ndarray  # (K_c, p, p) those covariances, zero-filled


@dataclass(frozen=True)
class _FimlPlan:
    """The missing-data patterns arranged to evaluate the FIML likelihood from one inverse.

    With :math:`S = \\Sigma^{-1}` and M the missing variables of a pattern, the inverse of the
    observed block, zero-filled to p x p, is the Schur complement
    :math:`R = S - S_{\\cdot M} S_{MM}^{-1} S_{M \\cdot}` and
    :math:`\\log|\\Sigma_{oo}| = \\log|\\Sigma| + \\log|S_{MM}|` (as lavaan's
    ``lav_matrix_symmetric_inverse_update``). Only m x m systems are solved per pattern, and
    the patterns are grouped by m so that each group is one stacked numpy operation.
    """

    n: np.ndarray  # (K,) weighted count per pattern
    total: float
    observed: np.ndarray  # (K, p) 1.0 where the pattern observes the variable
    means: np.ndarray  # (K, p) pattern means, 0 where missing
    cov_sum: np.ndarray  # (p, p) sum_k n_k C_k, zero-filled
    const: float  # sum_k n_k p_k log(2 pi)
    groups: tuple[_MissingGroup, ...]

    @classmethod
    def from_patterns(cls, pats: Patterns) -> _FimlPlan:
        masks = np.asarray(pats.masks, dtype=bool)
        k, p = masks.shape
        n = np.asarray(pats.n, dtype=float)
        means = np.zeros((k, p))
        means[masks] = np.concatenate(pats.means)
        has_cov = np.array([bool(np.any(ck)) for ck in pats.covs])
        cov_sum = np.zeros((p, p))
        for i in np.flatnonzero(has_cov):
            cov_sum[np.ix_(masks[i], masks[i])] += n[i] * pats.covs[i]
        n_miss = p - masks.sum(1)
        groups = []
        for m in np.unique(n_miss[n_miss > 0]):
            rows = np.flatnonzero(n_miss == m)
            miss = np.nonzero(~masks[rows])[1].reshape(len(rows), m)
            cov_rows = np.flatnonzero(has_cov[rows])
            covs = np.zeros((len(cov_rows), p, p))
            for c, r in enumerate(rows[cov_rows]):
                covs[c][np.ix_(masks[r], masks[r])] = pats.covs[r]
            groups.append(_MissingGroup(rows, miss, cov_rows, covs))
        return cls(
            n=n,
            total=float(n.sum()),
            observed=masks.astype(float),
            means=means,
            cov_sum=cov_sum,
            const=float(n @ masks.sum(1)) * LOG2PI,
            groups=tuple(groups),
        )


@dataclass(frozen=True)
class _FimlTerms:
    """-2 logL and the sums over patterns that its derivatives need (all zero-filled p x p).

    ``r_sum`` = sum_k n_k R_k, ``b_sum`` = sum_k n_k R_k A_k R_k and ``rd_sum`` =
    sum_k n_k R_k d_k, with R_k the zero-filled inverse of the pattern's Sigma block,
    d_k = mean_k - mu and A_k = C_k + d_k d_k'.
    """

    minus2logl: float
    s: np.ndarray
    r_sum: np.ndarray | None = None
    b_sum: np.ndarray | None = None
    rd_sum: np.ndarray | None = None


def _fiml_terms(
    plan: _FimlPlan, sig: np.ndarray, mu: np.ndarray, derivatives: bool = True
) -> _FimlTerms | None:
    """Evaluate the FIML likelihood at (mu, Sigma); None when Sigma is not positive definite."""
    try:
        c = np.linalg.cholesky(sig)
    except np.linalg.LinAlgError:
        return None
    p = len(mu)
    cinv = np.linalg.inv(c)
    s = cinv.T @ cinv
    dev = plan.means - plan.observed * mu
    ndev = plan.n[:, None] * dev
    a_sum = plan.cov_sum + dev.T @ ndev
    f = plan.total * 2.0 * np.log(np.diag(c)).sum() + np.sum(s * a_sum) + plan.const
    if derivatives:
        r_sum = plan.total * s
        e1 = np.zeros((p, p))
        e2 = np.zeros((p, p))
        rd_sum = s @ ndev.sum(0)
    # With P_k = S_.M S_MM^-1 S_M. = S_.M Q_k and R_k = S - P_k: tr(R_k A_k) = tr(S A_k) -
    # tr(Q_k A_k S_.M), and R A R = S A S - P A S - S A P + P A P, accumulated as
    # e1 = sum n_k S_.M (Q_k A_k) and e2 = sum n_k S_.M (Q_k A_k Q_k') S_M.
    for g in plan.groups:
        nk = plan.n[g.rows]
        sm = s[g.miss]  # (K_g, m, p): S_M.
        smm = s[g.miss[:, :, None], g.miss[:, None, :]]
        try:
            lm = np.linalg.cholesky(smm)
        except np.linalg.LinAlgError:
            return None
        f += nk @ (2.0 * np.log(np.diagonal(lm, axis1=1, axis2=2)).sum(1))
        q = np.linalg.solve(smm, sm)  # S_MM^-1 S_M.
        dg = dev[g.rows]
        qd = np.einsum("kmp,kp->km", q, dg)
        qa = qd[:, :, None] * dg[:, None, :]  # Q A_k, covariance part added below
        f -= nk @ np.einsum("km,kmp,kp->k", qd, sm, dg)
        if len(g.cov_rows):
            qc = q[g.cov_rows] @ g.covs
            f -= nk[g.cov_rows] @ np.einsum("kmp,kmp->k", qc, sm[g.cov_rows])
            qa[g.cov_rows] += qc
        if derivatives:
            wsm = (nk[:, None, None] * sm).reshape(-1, p)
            r_sum -= wsm.T @ q.reshape(-1, p)
            e1 += wsm.T @ qa.reshape(-1, p)
            e2 += wsm.T @ (qa @ q.transpose(0, 2, 1) @ sm).reshape(-1, p)
            rd_sum -= wsm.T @ qd.reshape(-1)
    if not derivatives:
        return _FimlTerms(f, s)
    e1s = e1 @ s
    b_sum = s @ a_sum @ s - e1s - e1s.T + e2
    return _FimlTerms(f, s, r_sum, b_sum, rd_sum)


def fiml_objective(engine: Engine, pats: Patterns, n_total: float):
    """-2 logL / N for FIML with free intercepts nu (mu = nu), and its gradient.

    Notes
    -----
    Per pattern k (observed block, n_k respondents, mean m_k, covariance C_k):
    :math:`n_k(\\log|\\Sigma_k| + tr(\\Sigma_k^{-1}A_k) + p_k\\log 2\\pi)` with
    :math:`A_k = C_k + d_k d_k'`, :math:`d_k = m_k - \\mu_k`. The gradient wrt Sigma is
    :math:`\\sum_k n_k(\\Sigma_k^{-1} - \\Sigma_k^{-1}A_k\\Sigma_k^{-1})`, wrt mu
    :math:`-2\\sum_k n_k \\Sigma_k^{-1}d_k`; see :class:`_FimlPlan` for how it is evaluated.
    A parameter vector whose full Sigma is not positive definite gets the value 1e10 (even
    when every pattern's block is), as lavaan 0.6-14's objective returns Inf then.
    """
    q = engine.n_par
    plan = _FimlPlan.from_patterns(pats)

    def fun(z):
        x, mu = z[:q], z[q:]
        t = _fiml_terms(plan, engine.sigma(x), mu)
        if t is None:
            return 1e10, np.zeros_like(z)
        w = (t.r_sum - t.b_sum) / n_total
        grad = np.concatenate([engine.chain(x, w), -2.0 * t.rd_sum / n_total])
        return t.minus2logl / n_total, grad

    return fun


def _sigma_atoms(engine: Engine, x: np.ndarray):
    """dSigma/dtheta as rank-one atoms: dSigma/dtheta_k = sum over the atoms a of theta_k of
    V[:, left_a] V[:, right_a]', with the basis V = [I_p, Lambda C, Lambda T] (T = (I - B)^-1,
    C = T Psi T').

    Returns
    -------
    basis : ndarray (p x (p + 2r))
    par, left, right : ndarray of int
        The parameter of each atom and its two basis columns.
    """
    beta, lamb, psi, _ = engine.matrices(x)
    p, r = lamb.shape
    t = np.linalg.inv(np.eye(r) - beta)
    c = t @ psi @ t.T
    basis = np.hstack([np.eye(p), lamb @ c, lamb @ t])
    e, w, m = 0, p, p + r  # offsets of e_i, w_j = (Lambda C)_j, m_j = (Lambda T)_j
    par, left, right = [], [], []

    def add(k, a, b):
        par.append(np.asarray(k))
        left.append(np.asarray(a))
        right.append(np.asarray(b))

    for mi, (r1, r2) in enumerate(engine.ranges):
        if not r1:
            continue
        rows, cols = np.asarray(r1[0]), np.asarray(r1[1])
        if mi == 0:  # B[i, j]: m_i w_j' + w_j m_i'
            add(r2, m + rows, w + cols)
            add(r2, w + cols, m + rows)
        elif mi == 1:  # Lambda[i, j]: e_i w_j' + w_j e_i'
            add(r2, e + rows, w + cols)
            add(r2, w + cols, e + rows)
        elif mi == 2:  # Psi[i, j]: m_i m_j'
            add(r2, m + rows, m + cols)
        else:  # Theta[i, j]: e_i e_j'
            add(r2, e + rows, e + cols)
    return basis, np.concatenate(par), np.concatenate(left), np.concatenate(right)


def _fiml_hessian(engine: Engine, pats: Patterns, n_total: float, z: np.ndarray) -> np.ndarray:
    """Analytic Hessian of the FIML objective (-2 logL / N) wrt (theta, nu).

    Notes
    -----
    With :math:`\\Delta_k = \\partial\\Sigma/\\partial\\theta_k` and per pattern R (the
    zero-filled :math:`\\Sigma_{oo}^{-1}`), A and d as in :func:`fiml_objective`, the
    second derivatives of :math:`f = \\log|\\Sigma_{oo}| + tr(R A)` are
    :math:`-tr(R\\Delta_k R\\Delta_l) + 2\\,tr(R\\Delta_k R\\Delta_l R A)` (Sigma, Sigma),
    :math:`2R\\Delta_k R d` (Sigma, mu) and :math:`2R` (mu, mu). The Hessian adds the
    second-order term :math:`tr(W \\partial^2\\Sigma/\\partial\\theta_k\\partial\\theta_l)`
    with W the gradient wrt Sigma, which is not zero for a restricted model; it is the
    derivative of ``engine.chain(theta, W)`` at fixed W, taken by central differences (cheap:
    2q evaluations of ``chain``; exact up to rounding in the loadings and (co)variances, in
    each of which ``chain`` is at most quadratic, and O(h^2) in B). Every
    :math:`\\Delta_k` is a sum of rank-one atoms (:func:`_sigma_atoms`), so the traces are
    products of entries of :math:`V'RV` and :math:`V'RARV`.
    """
    q = engine.n_par
    x, mu = z[:q], z[q:]
    sig = engine.sigma(x)
    plan = _FimlPlan.from_patterns(pats)
    terms = _fiml_terms(plan, sig, mu)
    p = len(mu)
    if terms is None:  # only when the optimizer never left a non-positive-definite start:
        return np.zeros((q + p, q + p))  # the diagnostics then report a singular information
    s = terms.s
    basis, par, left, right = _sigma_atoms(engine, x)
    sv = s @ basis
    # per atom pair (a, b): tr(R D_a R D_b) = G[right_a, left_b] G[right_b, left_a]
    t_a = np.zeros((len(par), len(par)))
    t_b = np.zeros((len(par), len(par)))
    cross = np.zeros((p, len(par)))
    for k, (mask, nk, ck) in enumerate(zip(plan.observed > 0, plan.n, pats.covs, strict=True)):
        rv = sv  # R V, R the zero-filled inverse of the pattern's Sigma block
        if not mask.all():
            mm = np.flatnonzero(~mask)
            rv = sv - s[:, mm] @ np.linalg.solve(s[np.ix_(mm, mm)], sv[mm])
        d = plan.means[k] - plan.observed[k] * mu
        a = np.outer(d, d)
        a[np.ix_(mask, mask)] += ck
        gji = (basis.T @ rv)[np.ix_(right, left)]
        hji = (rv.T @ a @ rv)[np.ix_(right, left)]
        t_a += nk * (gji * gji.T)
        t_b += nk * (gji * hji.T)
        cross += nk * rv[:, left] * (rv.T @ d)[right]
    agg = np.zeros((q, len(par)))
    agg[par, np.arange(len(par))] = 1.0
    h_tt = agg @ (2.0 * t_b - t_a) @ agg.T
    # second-order term: derivative of chain(theta, W) at fixed W
    w = (terms.r_sum - terms.b_sum) / n_total
    h2 = np.empty((q, q))
    for k in range(q):
        step = 1e-5 * max(1.0, abs(x[k]))
        e = np.zeros(q)
        e[k] = step
        h2[:, k] = (engine.chain(x + e, w) - engine.chain(x - e, w)) / (2 * step)
    hess = np.empty((q + p, q + p))
    hess[:q, :q] = h_tt / n_total + 0.5 * (h2 + h2.T)
    hess[q:, :q] = 2.0 * (cross @ agg.T) / n_total
    hess[:q, q:] = hess[q:, :q].T
    hess[q:, q:] = 2.0 * terms.r_sum / n_total
    return 0.5 * (hess + hess.T)


def _minimize(fun, x0, maxiter=5000):
    res = optimize.minimize(
        fun,
        x0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 30},
    )
    return res


def _fiml_loglik(pats: Patterns, mu: np.ndarray, sig: np.ndarray) -> float:
    t = _fiml_terms(_FimlPlan.from_patterns(pats), sig, mu, derivatives=False)
    if t is not None:
        return -0.5 * t.minus2logl
    ll = 0.0  # Sigma itself not positive definite: the patterns' blocks one by one
    for mask, nk, mk, ck in zip(pats.masks, pats.n, pats.means, pats.covs, strict=True):
        sk = sig[np.ix_(mask, mask)]
        d = mk - mu[mask]
        sign, logdet = np.linalg.slogdet(sk)
        a = ck + np.outer(d, d)
        ll += -0.5 * nk * (mask.sum() * LOG2PI + logdet + np.trace(np.linalg.solve(sk, a)))
    return ll


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SemFit:
    """A fitted CFA or SEM.

    Attributes
    ----------
    estimates : DataFrame
        lavaan ``parameterEstimates`` shape: ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``,
        ``pvalue``, ``ci_low``, ``ci_high``, ``std_all`` (ops ``=~``, ``~``, ``~~``, ``~1``).
    fit : DataFrame
        ``index``, ``value``: chisq, df, pvalue, cfi, tli, rmsea, rmsea_ci_low, rmsea_ci_high,
        srmr, gfi, agfi, aic, bic, logl, unrestricted_logl, npar, n, baseline_chisq,
        baseline_df, converged, iterations.
    r2 : DataFrame
        ``variable``, ``r2`` for every endogenous variable (indicators and latent outcomes).
    diagnostics : DataFrame
        ``check``, ``severity`` (info/warning/error), ``detail``.
    estimator : str
        ``ML`` (also for MLR, which corrects an ML fit), or ``WLSMV``/``ULSMV`` (see
        :mod:`surveysem.ordinal`).
    resample : callable or None
        For estimators whose sample statistics are not the covariance matrix (WLSMV): called
        with a resample's case weights, returns that resample's parameters (or None when it
        fails); the bootstrap uses it instead of the ML/FIML refit.
    """

    estimates: pd.DataFrame
    fit: pd.DataFrame
    r2: pd.DataFrame
    diagnostics: pd.DataFrame
    n: int
    params: np.ndarray
    acov: np.ndarray
    engine: Engine = field(repr=False)
    missing: str = "listwise"
    implied_cov: np.ndarray = field(default=None, repr=False)
    acov_full: np.ndarray = field(default=None, repr=False)
    intercepts: np.ndarray = field(default=None, repr=False)
    estimator: str = "ML"
    resample: Any = field(default=None, repr=False)

    def data_matrix(self, data: pd.DataFrame, caller: str = "this function") -> np.ndarray:
        """The rows and columns of ``data`` the fit used, as a float matrix (engine order).

        Raises
        ------
        ValueError
            When a model variable is missing or the usable rows differ in number from the fit's.
        """
        obs = self.engine.obs
        absent = [v for v in obs if v not in data.columns]
        if absent:
            raise ValueError(
                f"{caller}: the data lack the model variable(s) {', '.join(absent)}; pass "
                "the same data frame that was given to fit_model"
            )
        frame = data[obs].apply(pd.to_numeric, errors="coerce").astype(float)
        if self.missing == "listwise":
            frame = frame.dropna()
        else:
            frame = frame.loc[frame.notna().any(axis=1)]
        if len(frame) != self.n:
            raise ValueError(
                f"{caller}: the data give {len(frame)} usable respondents but the fit used "
                f"{self.n}; pass the same data frame that was given to fit_model"
            )
        return frame.to_numpy()

    def fit_value(self, index: str) -> float:
        row = self.fit.loc[self.fit["index"] == index, "value"]
        return float(row.iloc[0])


def _locate(engine: Engine, model, spec: ModelSpec) -> list[tuple[str, str, str]]:
    """For each semopy parameter: where it sits, as (lhs, op, rhs).

    semopy keeps a regression of an observed outcome on a latent variable in Lambda; lavaan
    reports it as a regression (``y ~ F``), and so do we: a Lambda entry is a loading only when
    the observed variable is one of the factor's indicators.
    """
    beta_names = model.names_beta
    lamb_names = model.names_lambda
    psi_names = model.names_psi
    theta_names = model.names_theta
    info = [None] * engine.n_par
    for mi, (r1, r2) in enumerate(engine.ranges):
        if not r1:
            continue
        rows, cols = r1
        for i, j, k in zip(rows, cols, r2, strict=True):
            if info[k] is not None:
                continue
            if mi == 0:
                info[k] = (beta_names[0][i], "~", beta_names[1][j])
            elif mi == 1:
                factor, obs = lamb_names[1][j], lamb_names[0][i]
                if obs in spec.measurement.get(factor, ()):
                    info[k] = (factor, "=~", obs)
                else:
                    info[k] = (obs, "~", factor)
            elif mi == 2:
                a, b = psi_names[0][i], psi_names[1][j]
                info[k] = (a, "~~", b) if i <= j else (b, "~~", a)
            else:
                a, b = theta_names[0][i], theta_names[1][j]
                info[k] = (a, "~~", b) if i <= j else (b, "~~", a)
    return info


def _fixed_entries(model, engine: Engine, x: np.ndarray) -> list[tuple[str, str, str, float]]:
    """Fixed non-zero entries lavaan shows (marker loadings, fixed variances)."""
    mats = engine.matrices(x)
    free = [np.zeros(m.shape, bool) for m in mats]
    for f, (r1, _) in zip(free, engine.ranges, strict=True):
        if r1:
            f[r1] = True
    out = []
    lamb = mats[1]
    ln = model.names_lambda
    for i in range(lamb.shape[0]):
        for j in range(lamb.shape[1]):
            if not free[1][i, j] and lamb[i, j] != 0 and ln[0][i] != ln[1][j]:
                out.append((ln[1][j], "=~", ln[0][i], float(lamb[i, j])))
    return out


def fit_model(
    data: pd.DataFrame,
    spec: ModelSpec,
    *,
    missing: str = "listwise",
    ci_level: float = 0.95,
) -> SemFit:
    """Fit a CFA or SEM by maximum likelihood, as lavaan does.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; must hold every observed variable of ``spec``.
    spec : ModelSpec
        The model.
    missing : {"listwise", "fiml"}
        ``listwise`` drops incomplete rows (the caller should already have done so and
        recorded them); ``fiml`` uses full information maximum likelihood with free intercepts
        (lavaan ``missing = "ml"``).
    ci_level : float
        Level of the Wald confidence intervals in ``estimates``.

    Returns
    -------
    SemFit
        ``estimates`` (``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``, ``pvalue``,
        ``ci_low``, ``ci_high``, ``std_all``), ``fit`` (``index``, ``value``), ``r2``
        (``variable``, ``r2``) and ``diagnostics`` (``check``, ``severity``, ``detail``).

    Raises
    ------
    ValueError
        When a variable of the model is missing from the data, when there are fewer complete
        respondents than free parameters, or when ``missing`` is unknown.

    Notes
    -----
    ML discrepancy (complete data): :math:`F = \\log|\\Sigma| + tr(S\\Sigma^{-1}) - \\log|S| - p`
    with the biased sample covariance S (divisor N); :math:`\\chi^2 = N F_{min}`. Standard
    errors come from the inverse expected information
    :math:`\\frac{N}{2}\\Delta'(\\Sigma^{-1}\\otimes\\Sigma^{-1})\\Delta` (complete data) or
    the inverse observed information, the analytic Hessian of the FIML log-likelihood (FIML),
    as lavaan's defaults (Rosseel 2012). Fit indices as in lavaan's ``fitMeasures``: CFI
    (Bentler 1990), TLI (Tucker & Lewis 1973), RMSEA with its CI by inverting the non-central
    chi-square (Browne & Cudeck 1993), SRMR (Bentler 1995), GFI/AGFI (Jöreskog & Sörbom 1984).
    """
    with threadpool_limits(limits=1):  # small matrices: BLAS threads only oversubscribe
        return _fit_model(data, spec, missing=missing, ci_level=ci_level)


def _fit_model(data: pd.DataFrame, spec: ModelSpec, *, missing: str, ci_level: float) -> SemFit:
    if missing not in ("listwise", "fiml"):
        raise ValueError(f"analysis.missing: {missing!r} is not one of listwise, fiml")
    obs_wanted = spec.observed()
    absent = [v for v in obs_wanted if v not in data.columns]
    if absent:
        raise ValueError(
            f"the model uses variable(s) {', '.join(absent)} that are not columns of the data; "
            "check the codebook items and the names in model.structural/model.extra"
        )
    semopy = _import_semopy()
    frame = data[obs_wanted].apply(pd.to_numeric, errors="coerce").astype(float)
    if missing == "listwise":
        frame = frame.dropna()
    else:
        frame = frame.loc[frame.notna().any(axis=1)]
    n = len(frame)
    model = semopy.Model(spec.syntax())
    complete = frame.dropna()
    # semopy starting fit: complete rows (listwise) or the pairwise covariance (FIML)
    if missing == "listwise":
        start_data = complete
        model.fit(start_data, obj="MLW", solver="L-BFGS-B")
    else:
        pair_cov = frame.cov(ddof=0)
        model.fit(frame.fillna(frame.mean()), obj="MLW", solver="L-BFGS-B", cov=pair_cov)
    engine = Engine.from_semopy(model)
    obs = engine.obs
    x = frame[obs].to_numpy()
    q = engine.n_par
    npar_check = q + (len(obs) if missing == "fiml" else 0)
    if n <= npar_check and missing == "listwise":
        raise ValueError(
            f"only {n} complete respondents for a model with {npar_check} free parameters; "
            "use analysis.missing: fiml, a smaller model, or more data"
        )
    x0 = np.asarray(model.param_vals, dtype=float).copy()
    if missing == "listwise":
        s = np.cov(x, rowvar=False, bias=True)
        sign, logdet_s = np.linalg.slogdet(s)
        if sign <= 0:
            raise ValueError(
                "the sample covariance matrix of the model's variables is not positive "
                "definite (an item is constant or a linear combination of others); check "
                "the item variances and remove duplicated items"
            )
        fun = ml_objective(engine, s, logdet_s)
        res = _minimize(fun, x0)
        xhat, fmin = _fisher_scoring(engine, fun, res.x, res.fun)
        mu_hat = x.mean(0)
    else:
        pats = Patterns.from_data(x)
        fun = fiml_objective(engine, pats, n)
        z0 = np.concatenate([x0, np.nanmean(x, 0)])
        res = _minimize(fun, z0)
        xhat, mu_hat = res.x[:q], res.x[q:]
        fmin = res.fun
    converged = bool(res.success)
    sig = engine.sigma(xhat)
    # ---------------- information and standard errors
    if missing == "listwise":
        info = expected_information(engine, xhat)  # per observation
        acov_all = _safe_inv(info) / n
        acov = acov_all
    else:
        hess = _fiml_hessian(engine, pats, n, np.concatenate([xhat, mu_hat]))
        info = 0.5 * hess  # fun is -2logL/N -> information per observation = H/2
        acov_all = _safe_inv(info) / n
        acov = acov_all[:q, :q]
    se_all = np.sqrt(np.clip(np.diag(acov_all), 0, None))
    # ---------------- fit measures
    fit, h1 = _fit_measures(engine, x, xhat, mu_hat, sig, fmin, n, q, missing)
    # ---------------- estimates table
    where = _locate(engine, model, spec)
    est_rows = []
    zcrit = stats.norm.ppf(0.5 + ci_level / 2)
    for k, (lhs, op, rhs) in enumerate(where):
        est_rows.append((lhs, op, rhs, xhat[k], se_all[k]))
    for lhs, op, rhs, val in _fixed_entries(model, engine, xhat):
        est_rows.append((lhs, op, rhs, val, np.nan))
    if missing == "fiml":
        for j, v in enumerate(obs):
            est_rows.append((v, "~1", "", mu_hat[j], se_all[q + j]))
    est = pd.DataFrame(est_rows, columns=["lhs", "op", "rhs", "est", "se"])
    est["se"] = est["se"].where(est["se"] > 0)
    est["z"] = est["est"] / est["se"]
    est["pvalue"] = 2 * stats.norm.sf(np.abs(est["z"]))
    est["ci_low"] = est["est"] - zcrit * est["se"]
    est["ci_high"] = est["est"] + zcrit * est["se"]
    est["std_all"] = std_all_values(est, engine, xhat, sig)
    est = _lavaan_order(est, spec, model)
    r2 = _r_squared(engine, xhat, sig, model)
    diag = _diagnostics(est, engine, xhat, info, converged, res, model)
    return SemFit(
        estimates=est[ESTIMATE_COLUMNS].reset_index(drop=True),
        fit=fit,
        r2=r2,
        diagnostics=diag,
        n=n,
        params=xhat,
        acov=acov,
        engine=engine,
        missing=missing,
        implied_cov=sig,
        acov_full=acov_all,
        intercepts=mu_hat,
    )


def fit_cfa(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    missing: str = "listwise",
    ci_level: float = 0.95,
) -> SemFit:
    """Fit a CFA with every factor measured by its items and all factors correlated.

    Parameters
    ----------
    data : DataFrame
    factors : mapping of str to sequence of str
        Factor -> items.
    missing, ci_level
        As in :func:`fit_model`.

    Returns
    -------
    SemFit
        See :func:`fit_model`.
    """
    spec = ModelSpec(measurement={f: tuple(v) for f, v in factors.items()})
    return fit_model(data, spec, missing=missing, ci_level=ci_level)


def start_model(spec: ModelSpec, cov: pd.DataFrame, n: int):
    """The model's matrices and ML starting values from a covariance or correlation matrix.

    Parameters
    ----------
    spec : ModelSpec
    cov : DataFrame
        Covariance (or polychoric correlation) matrix of ``spec.observed()``, labelled.
    n : int
        Number of respondents behind ``cov``.

    Returns
    -------
    engine : Engine
    model : semopy.Model
        Needed by :func:`solution_tables`.
    x0 : ndarray
        semopy's ML estimates for ``cov`` (a starting point for other estimators).
    """
    semopy = _import_semopy()
    model = semopy.Model(spec.syntax())
    with threadpool_limits(limits=1):
        model.fit(cov=cov, obj="MLW", solver="L-BFGS-B", n_samples=n)
    return Engine.from_semopy(model), model, np.asarray(model.param_vals, dtype=float).copy()


def solution_tables(
    engine: Engine,
    model,
    spec: ModelSpec,
    xhat: np.ndarray,
    se: np.ndarray,
    *,
    ci_level: float,
    info: np.ndarray,
    converged: bool,
    result,
):
    """The estimates, R² and diagnostics tables of a solution (any estimator).

    Parameters
    ----------
    engine, model
        From :func:`start_model`.
    spec : ModelSpec
    xhat, se : ndarray
        Estimates and standard errors of the engine's parameters (NaN: not estimated).
    ci_level : float
    info : ndarray
        Information matrix of the estimated parameters (for the identification check).
    converged : bool
    result
        The optimizer's result (``nit``, ``message``).

    Returns
    -------
    estimates : DataFrame
        ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``, ``pvalue``, ``ci_low``,
        ``ci_high``, ``std_all`` (ops ``=~``, ``~``, ``~~``), in lavaan's order.
    r2 : DataFrame
        ``variable``, ``r2``.
    diagnostics : DataFrame
        ``check``, ``severity``, ``detail``.
    """
    sig = engine.sigma(xhat)
    rows = [(*where, xhat[k], se[k]) for k, where in enumerate(_locate(engine, model, spec))]
    rows += [(a, o, b, v, np.nan) for a, o, b, v in _fixed_entries(model, engine, xhat)]
    est = pd.DataFrame(rows, columns=["lhs", "op", "rhs", "est", "se"])
    est["se"] = est["se"].where(est["se"] > 0)
    zcrit = stats.norm.ppf(0.5 + ci_level / 2)
    est["z"] = est["est"] / est["se"]
    est["pvalue"] = 2 * stats.norm.sf(np.abs(est["z"]))
    est["ci_low"] = est["est"] - zcrit * est["se"]
    est["ci_high"] = est["est"] + zcrit * est["se"]
    est["std_all"] = std_all_values(est, engine, xhat, sig)
    est = _lavaan_order(est, spec, model)[ESTIMATE_COLUMNS].reset_index(drop=True)
    r2 = _r_squared(engine, xhat, sig, model)
    diag = _diagnostics(est, engine, xhat, info, converged, result, model)
    return est, r2, diag


def _fisher_scoring(engine: Engine, fun, x: np.ndarray, f: float, max_iter: int = 20):
    """Finish an ML fit with Fisher-scoring steps (the Hessian of F is twice the expected
    information per observation), with step halving so that F never increases."""
    for _ in range(max_iter):
        f0, g = fun(x)
        if np.max(np.abs(g)) < 1e-12:
            break
        step = np.linalg.lstsq(2.0 * expected_information(engine, x), g, rcond=None)[0]
        t = 1.0
        while t > 1e-4:
            f1, _ = fun(x - t * step)
            if f1 <= f0:
                break
            t /= 2
        if t <= 1e-4:
            break
        x = x - t * step
        if abs(f0 - f1) < 1e-16:
            break
    return x, fun(x)[0]


def expected_information(engine: Engine, x: np.ndarray) -> np.ndarray:
    """Expected information per observation for ML with complete data.

    Notes
    -----
    :math:`I_{kl} = \\tfrac12 tr(\\Sigma^{-1} \\partial_k\\Sigma \\Sigma^{-1} \\partial_l\\Sigma)`,
    the trace form of :math:`\\tfrac12 \\Delta'(\\Sigma^{-1}\\otimes\\Sigma^{-1})\\Delta`.
    Computed analytically: every :math:`\\partial_k\\Sigma` is a sum of rank-one atoms
    :math:`u_a v_a'` (:func:`_sigma_atoms`), so each trace is a sum of products
    :math:`(v_a'\\Sigma^{-1}u_b)(v_b'\\Sigma^{-1}u_a)` of entries of :math:`V'\\Sigma^{-1}V`.
    """
    sinv = np.linalg.inv(engine.sigma(x))
    basis, par, left, right = _sigma_atoms(engine, x)
    order = np.argsort(par, kind="stable")  # atoms grouped by parameter
    left, right = left[order], right[order]
    gji = (basis.T @ sinv @ basis)[np.ix_(right, left)]
    starts = np.flatnonzero(np.r_[True, np.diff(par[order]) != 0])
    info = np.add.reduceat(np.add.reduceat(gji * gji.T, starts, axis=0), starts, axis=1)
    return 0.25 * (info + info.T)


def _safe_inv(a: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(a)


def numerical_hessian(grad, z: np.ndarray, h: float = 1e-5) -> np.ndarray:
    k = len(z)
    hess = np.empty((k, k))
    for i in range(k):
        e = np.zeros(k)
        e[i] = h * max(1.0, abs(z[i]))
        hess[:, i] = (grad(z + e) - grad(z - e)) / (2 * e[i])
    return 0.5 * (hess + hess.T)


def _fit_measures(engine, x, xhat, mu_hat, sig, fmin, n, q, missing):
    p = x.shape[1]
    pstar = p * (p + 1) // 2
    if missing == "listwise":
        s = np.cov(x, rowvar=False, bias=True)
        mean_s = x.mean(0)
        chisq = n * fmin
        df = pstar - q
        npar = q
        _, logdet_sig = np.linalg.slogdet(sig)
        _, logdet_s = np.linalg.slogdet(s)
        logl = -0.5 * n * (p * LOG2PI + logdet_sig + np.trace(np.linalg.solve(sig, s)))
        logl_h1 = -0.5 * n * (p * LOG2PI + logdet_s + p)
        base_chisq = n * (np.sum(np.log(np.diag(s))) - logdet_s)
        base_df = pstar - p
        h1_cov, h1_mean = s, mean_s
    else:
        pats = Patterns.from_data(x)
        h1_mean, h1_cov = em_saturated(x)
        logl = _fiml_loglik(pats, mu_hat, sig)
        logl_h1 = _fiml_loglik(pats, h1_mean, h1_cov)
        chisq = -2.0 * (logl - logl_h1)
        npar = q + p
        df = pstar + p - npar
        # independence model: means and variances per variable from available cases
        mu0 = np.nanmean(x, 0)
        var0 = np.nanvar(x, 0)
        logl_0 = _fiml_loglik(pats, mu0, np.diag(var0))
        base_chisq = -2.0 * (logl_0 - logl_h1)
        base_df = pstar - p
    chisq = max(chisq, 0.0)
    pvalue = stats.chi2.sf(chisq, df) if df > 0 else np.nan
    cfi_den = max(base_chisq - base_df, chisq - df, 0.0)
    cfi = 1.0 - max(chisq - df, 0.0) / cfi_den if cfi_den > 0 else 1.0
    tli = (base_chisq / base_df - chisq / df) / (base_chisq / base_df - 1.0) if df > 0 else 1.0
    rmsea = np.sqrt(max(chisq - df, 0.0) / (df * n)) if df > 0 else 0.0
    lo, hi = _rmsea_ci(chisq, df, n)
    # SRMR (Bentler): residuals standardized by the h1 standard deviations
    sd = np.sqrt(np.diag(h1_cov))
    resid = (h1_cov - sig) / np.outer(sd, sd)
    il = np.tril_indices(p)
    if missing == "listwise":
        srmr = np.sqrt(np.mean(resid[il] ** 2))
    else:
        mres = (h1_mean - mu_hat) / sd
        srmr = np.sqrt((np.sum(resid[il] ** 2) + np.sum(mres**2)) / (len(il[0]) + p))
    # GFI/AGFI (ML): 1 - tr((Sigma^-1 S - I)^2) / tr((Sigma^-1 S)^2)
    a = np.linalg.solve(sig, h1_cov)
    gfi = 1.0 - np.trace((a - np.eye(p)) @ (a - np.eye(p))) / np.trace(a @ a)
    nel = pstar + (p if missing == "fiml" else 0)
    agfi = 1.0 - (nel / df) * (1.0 - gfi) if df > 0 else np.nan
    aic = -2.0 * logl + 2.0 * npar
    bic = -2.0 * logl + np.log(n) * npar
    rows = [
        ("chisq", chisq),
        ("df", float(df)),
        ("pvalue", pvalue),
        ("cfi", cfi),
        ("tli", tli),
        ("rmsea", rmsea),
        ("rmsea_ci_low", lo),
        ("rmsea_ci_high", hi),
        ("srmr", srmr),
        ("gfi", gfi),
        ("agfi", agfi),
        ("aic", aic),
        ("bic", bic),
        ("logl", logl),
        ("unrestricted_logl", logl_h1),
        ("npar", float(npar)),
        ("n", float(n)),
        ("baseline_chisq", base_chisq),
        ("baseline_df", float(base_df)),
    ]
    return pd.DataFrame(rows, columns=["index", "value"]), (h1_mean, h1_cov)


def _rmsea_ci(chisq: float, df: float, n: int, level: float = 0.90):
    """RMSEA confidence interval by inverting the non-central chi-square (lavaan)."""
    if df <= 0:
        return np.nan, np.nan
    upper_p = 1 - (1 - level) / 2
    lower_p = (1 - level) / 2

    def lam_for(target):
        def f(lam):
            if lam > 0:
                return stats.ncx2.cdf(chisq, df, lam) - target
            return stats.chi2.cdf(chisq, df) - target

        if f(0.0) < 0:
            return 0.0
        hi = max(chisq, 1.0)
        while f(hi) > 0:
            hi *= 2
        return optimize.brentq(f, 0.0, hi, xtol=1e-12)

    lam_lo = lam_for(upper_p)
    lam_hi = lam_for(lower_p)
    return np.sqrt(lam_lo / (n * df)), np.sqrt(lam_hi / (n * df))


def std_all_values(est: pd.DataFrame, engine: Engine, x: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """lavaan std.all: every variable scaled by its model-implied SD."""
    inner_cov = engine.latent_cov(x)
    var = {v: sig[i, i] for i, v in enumerate(engine.obs)}
    for i, v in enumerate(engine.inner):
        var.setdefault(v, inner_cov[i, i])
        if v not in engine.obs:
            var[v] = inner_cov[i, i]
    _, _, psi, theta = engine.matrices(x)
    resid_var = {}
    for i, v in enumerate(engine.obs):
        resid_var[v] = theta[i, i]
    for i, v in enumerate(engine.inner):
        if v not in engine.obs:
            resid_var[v] = psi[i, i]
    out = np.full(len(est), np.nan)
    for k, r in enumerate(est.itertuples(index=False)):
        if r.op == "=~":
            out[k] = r.est * np.sqrt(var[r.lhs] / var[r.rhs])
        elif r.op == "~":
            out[k] = r.est * np.sqrt(var[r.rhs] / var[r.lhs])
        elif r.op == "~~":
            if r.lhs == r.rhs:
                out[k] = r.est / var[r.lhs]
            else:
                a, b = resid_var.get(r.lhs, var[r.lhs]), resid_var.get(r.rhs, var[r.rhs])
                out[k] = r.est / np.sqrt(a * b) if a > 0 and b > 0 else np.nan
        elif r.op == "~1":
            out[k] = r.est / np.sqrt(var[r.lhs])
    return out


def _lavaan_order(est: pd.DataFrame, spec: ModelSpec, model) -> pd.DataFrame:
    """Sort rows as lavaan's parameterEstimates: =~ in model order, ~, ~~, ~1."""
    factors = list(spec.measurement)
    order_f = {f: i for i, f in enumerate(factors)}
    obs_order = {v: i for i, v in enumerate(spec.observed())}
    inner = list(model.names_beta[0])
    all_order = {**{v: i for i, v in enumerate(factors)}}
    for v in inner:
        all_order.setdefault(v, len(all_order))
    for v in obs_order:
        all_order.setdefault(v, len(all_order))
    regs = spec.regressions()
    reg_order = {pair: i for i, pair in enumerate(regs)}
    op_rank = {"=~": 0, "~": 1, "~~": 2, "~1": 3}

    def key(r):
        if r.op == "=~":
            return (0, order_f.get(r.lhs, 99), obs_order.get(r.rhs, 999), 0)
        if r.op == "~":
            return (1, reg_order.get((r.lhs, r.rhs), 999), 0, 0)
        if r.op == "~~":
            both_obs = r.lhs in obs_order and r.lhs not in order_f
            var_row = r.lhs == r.rhs
            return (
                2,
                0 if not var_row else (1 if both_obs else 2),
                all_order.get(r.lhs, 999),
                all_order.get(r.rhs, 999),
            )
        return (op_rank[r.op], all_order.get(r.lhs, 999), 0, 0)

    est = est.copy()
    swap = (est["op"] == "~~") & (
        est["lhs"].map(lambda v: all_order.get(v, 999))
        > est["rhs"].map(lambda v: all_order.get(v, 999))
    )
    est.loc[swap, ["lhs", "rhs"]] = est.loc[swap, ["rhs", "lhs"]].to_numpy()
    keys = [key(r) for r in est.itertuples(index=False)]
    idx = sorted(range(len(est)), key=lambda i: keys[i])
    return est.iloc[idx].reset_index(drop=True)


def _r_squared(engine: Engine, x: np.ndarray, sig: np.ndarray, model) -> pd.DataFrame:
    beta, lamb, psi, theta = engine.matrices(x)
    inner_cov = engine.latent_cov(x)
    rows = []
    for i, v in enumerate(engine.obs):
        if v in engine.inner:
            continue
        if theta[i, i] > 0 or sig[i, i] > 0:
            rows.append((v, 1.0 - theta[i, i] / sig[i, i]))
    endo = set(model.vars["endogenous"]) if "endogenous" in model.vars else set()
    for i, v in enumerate(engine.inner):
        if np.any(beta[i] != 0) or v in endo and np.any(beta[i] != 0):
            rows.append((v, 1.0 - psi[i, i] / inner_cov[i, i]))
    return pd.DataFrame(rows, columns=["variable", "r2"])


def _diagnostics(est, engine, x, info, converged, res, model) -> pd.DataFrame:
    rows = []
    if converged:
        rows.append(("convergence", "info", f"the optimizer converged in {res.nit} iterations"))
    else:
        rows.append(
            (
                "convergence",
                "error",
                f"the optimizer did not converge ({res.message}); estimates are not trustworthy",
            )
        )
    var_rows = est[(est["op"] == "~~") & (est["lhs"] == est["rhs"])]
    neg = var_rows[var_rows["est"] < 0]
    if len(neg):
        rows.append(
            (
                "heywood_negative_variance",
                "warning",
                "negative variance estimate(s) for " + ", ".join(neg["lhs"]) + " (a Heywood case)",
            )
        )
    big = est[(est["op"].isin(["=~", "~"])) & (est["std_all"].abs() > 1)]
    if len(big):
        rows.append(
            (
                "heywood_standardized",
                "warning",
                "standardized coefficient(s) above 1 in absolute value: "
                + ", ".join(
                    f"{a} {o} {b}" for a, o, b in zip(big.lhs, big.op, big.rhs, strict=True)
                ),
            )
        )
    lat = [i for i, v in enumerate(engine.inner) if v not in engine.obs]
    if lat:
        cov = engine.latent_cov(x)[np.ix_(lat, lat)]
        ev = np.linalg.eigvalsh(cov)
        if ev.min() <= 1e-8:
            rows.append(
                (
                    "latent_covariance_not_pd",
                    "warning",
                    f"the latent covariance matrix is not positive definite (smallest eigenvalue {ev.min():.3g}); "
                    "two factors may be indistinguishable",
                )
            )
    ev = np.linalg.eigvalsh(0.5 * (info + info.T))
    ratio = ev.min() / ev.max() if ev.max() > 0 else 0
    if ratio < 1e-10:
        rows.append(
            (
                "empirical_underidentification",
                "error",
                f"the information matrix is (nearly) singular (condition ratio {ratio:.2g}); "
                "the model is empirically under-identified",
            )
        )
    if len(rows) == 1 and converged:
        rows.append(
            ("admissibility", "info", "no Heywood case, latent covariance positive definite")
        )
    return pd.DataFrame(rows, columns=["check", "severity", "detail"])
