"""Measurement invariance across groups and the multi-group structural comparison.

semopy fits one group at a time and knows no cross-group equality constraints, so the
multi-group model is built here on top of :class:`surveysem.sem.Engine`: one engine for every
group (taken from a single-group :func:`surveysem.sem.fit_model` fit, which also gives the
start values), a global parameter vector, and for every group a map from its local parameters
(the engine's theta, the item intercepts nu and the latent means/intercepts alpha) to global
ones. Equality constraints are shared global indices, as lavaan's ``group.equal``.

The model-implied moments of group g are

    Sigma_g = Lambda (I - B)^-1 Psi (I - B)^-T Lambda' + Theta,
    mu_g    = nu + Lambda (I - B)^-1 alpha,

and the ML discrepancy is lavaan's (ML with N, not N - 1):

    F = sum_g (n_g / N) [log|Sigma_g| + tr(S_g Sigma_g^-1) - log|S_g| - p
                         + (m_g - mu_g)' Sigma_g^-1 (m_g - mu_g)],   chisq = N F.

Its gradient and its expected information are analytic; F is minimised by L-BFGS whose
initial Hessian is twice the expected information (the Fisher-scoring step, corrected by the
curvature the iterations see), with scipy's L-BFGS-B as the fallback.

Under WLSMV (``assess_invariance(estimator="WLSMV")``) the measurement sequence is instead the
multi-group DWLS of :mod:`surveysem.invariance_ordinal` (thresholds in place of intercepts, Wu &
Estabrook 2016), judged by the same rules on the scaled indices.

Identification follows lavaan: first loading of every factor fixed to 1, latent means fixed to
0 in every group unless the intercepts are equal across groups, in which case they are free in
every group but the first.

The invariance sequence (configural -> metric -> scalar -> partial scalar) is judged here, once,
and written to the verdict table that every later stage reads: a step holds when
ΔCFI >= :data:`DELTA_CFI_MIN` = -.010 (Cheung & Rensvold 2002) and ΔRMSEA <=
:data:`DELTA_RMSEA_MAX` = .015 (Chen 2007); the configural model holds when its fit is acceptable
(CFI >= :data:`CONFIGURAL_CFI_MIN`, Bentler 1990; RMSEA <= :data:`CONFIGURAL_RMSEA_MAX`,
Browne & Cudeck 1993: the conventional "acceptable fit" bounds, laxer than Hu & Bentler's
1999 .95/.06, as usual for the configural baseline).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg, optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.adjust import holm
from surveysem.codebook import Codebook
from surveysem.groups import compared_scales
from surveysem.invariance_ordinal import (
    TEST_LABEL,
    fit_ordinal_groups,
    prepare_ordinal_groups,
    scaled_difference,
)
from surveysem.moderation import without_any_products
from surveysem.sem import LOG2PI, Engine, ModelSpec, fit_model, std_all_values
from surveysem.study import model_spec

INVARIANCE_COLUMNS = [
    "group_var",
    "model",
    "chisq",
    "df",
    "cfi",
    "tli",
    "rmsea",
    "srmr",
    "delta_chisq",
    "delta_df",
    "delta_pvalue",
    "delta_cfi",
    "delta_rmsea",
    "freed",
    "decision",
    "n_groups",
    "n",
    "levels",
    "scales",
    "note",
    "converged",
    "test",
]
PATH_COLUMNS = [
    "group_var",
    "path",
    "group",
    "n",
    "est",
    "se",
    "pvalue",
    "std_all",
    "delta_chisq",
    "delta_df",
    "delta_pvalue",
    "p_holm",
    "note",
]
VERDICT_COLUMNS = [
    "group_var",
    "tested",
    "level",
    "means_comparable",
    "relations_comparable",
    "failed_step",
    "freed",
    "scales",
    "n",
    "n_groups",
    "reason",
]
MG_ESTIMATE_COLUMNS = ["group", "lhs", "op", "rhs", "est", "se", "z", "pvalue", "std_all"]
SCORE_COLUMNS = ["item", "x2", "df", "pvalue"]
LEVELS = ("none", "configural", "metric", "scalar", "partial_scalar")

#: A metric, scalar or partial scalar step holds when CFI drops by no more than .010
#: (ΔCFI >= -.010; Cheung & Rensvold 2002) ...
DELTA_CFI_MIN = -0.010
#: ... and RMSEA rises by no more than .015 (ΔRMSEA <= .015; Chen 2007).
DELTA_RMSEA_MAX = 0.015
#: The configural model holds when CFI >= .90 (Bentler 1990) and RMSEA <= .08 (Browne &
#: Cudeck 1993), and the fit converged.
CONFIGURAL_CFI_MIN = 0.90
CONFIGURAL_RMSEA_MAX = 0.08

_GTOL = 1e-9  # the optimizer stops when max |dF/dz| falls below this
_GTOL_CONVERGED = 1e-6  # a fit whose final max |dF/dz| exceeds this did not converge
_STEP_TOL = 1e-10  # ... or when the next step changes no parameter by more than this


# --------------------------------------------------------------------------------------------
# The multi-group ML fit
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MultiGroupFit:
    """A multi-group ML fit with a mean structure.

    Attributes
    ----------
    estimates : DataFrame
        ``group``, ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``, ``pvalue``, ``std_all``:
        every parameter of every group (fixed ones with a missing ``se``), ops ``=~``, ``~``,
        ``~~`` and ``~1`` (item intercepts and latent means). Empty when the fit was made
        for its fit indices only.
    fit : DataFrame
        ``index``, ``value``: chisq, df, pvalue, cfi, tli, rmsea, srmr, logl,
        unrestricted_logl, aic, bic, npar, n, n_groups, baseline_chisq, baseline_df, converged.
    groups : tuple of str
        Group labels, in the order used (the first is the reference group).
    n : tuple of int
        Respondents per group.
    local : tuple of ndarray
        Per group, the local parameter vector (engine theta, nu, alpha): start values for
        related models.
    """

    estimates: pd.DataFrame
    fit: pd.DataFrame
    groups: tuple[str, ...]
    n: tuple[int, ...]
    local: tuple[np.ndarray, ...]

    def fit_value(self, index: str) -> float:
        """One fit index by name."""
        return float(self.fit.loc[self.fit["index"] == index, "value"].iloc[0])


@dataclass
class _Group:
    engine: Engine
    s: np.ndarray
    m: np.ndarray
    n: int
    logdet_s: float
    start: np.ndarray  # local start values (theta, nu, alpha)


@dataclass(frozen=True)
class _Start:
    """A single-group fit of a model: its engine and estimates (start values)."""

    engine: Engine
    params: np.ndarray


def _local_names(engine: Engine) -> list[tuple[str, str, str]]:
    """(lhs, op, rhs) of every engine parameter, from the matrix positions."""
    obs, inner = engine.obs, engine.inner
    names: list = [None] * engine.n_par
    for mi, (r1, r2) in enumerate(engine.ranges):
        if not r1:
            continue
        for i, j, k in zip(r1[0], r1[1], r2, strict=True):
            if names[k] is not None:
                continue
            if mi == 0:
                names[k] = (inner[i], "~", inner[j])
            elif mi == 1:
                names[k] = (inner[j], "=~", obs[i])
            else:
                vn = inner if mi == 2 else obs
                a, b = (vn[i], vn[j]) if i <= j else (vn[j], vn[i])
                names[k] = (a, "~~", b)
    return names


def _latent_index(engine: Engine) -> list[int]:
    """Positions in ``inner`` of the latent variables (not observed in the structural part)."""
    return [i for i, v in enumerate(engine.inner) if v not in engine.obs]


def _entries(engine: Engine) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per matrix (B, Lambda, Psi, Theta): rows, columns and parameter index of free entries."""
    out = []
    for r1, r2 in engine.ranges:
        if r1:
            out.append((np.asarray(r1[0]), np.asarray(r1[1]), np.asarray(r2)))
        else:
            out.append((np.array([], int), np.array([], int), np.array([], int)))
    return out


@dataclass(frozen=True)
class _Moments:
    """Model-implied moments of one group and the matrices their derivatives need."""

    sigma: np.ndarray
    mu: np.ndarray
    m: np.ndarray  # Lambda (I - B)^-1
    lc: np.ndarray  # Lambda C, C = (I - B)^-1 Psi (I - B)^-T
    ta: np.ndarray  # (I - B)^-1 alpha


def _moments(engine: Engine, loc: np.ndarray) -> _Moments:
    q, p = engine.n_par, len(engine.obs)
    beta, lamb, psi, theta = engine.matrices(loc[:q])
    t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
    m = lamb @ t
    lc = m @ psi @ t.T
    ta = t @ loc[q + p :]
    return _Moments(lc @ lamb.T + theta, loc[q : q + p] + lamb @ ta, m, lc, ta)


class _MultiGroup:
    """The multi-group objective, its gradient and expected information for a parameter map."""

    def __init__(self, groups: list[_Group], maps: list[np.ndarray]):
        self.groups = groups
        self.maps = maps
        self.k = int(max(m.max() for m in maps)) + 1
        self.n_total = float(sum(g.n for g in groups))
        self.weights = [g.n / self.n_total for g in groups]
        self.entries = _entries(groups[0].engine)

    def local(self, z: np.ndarray, g: int) -> np.ndarray:
        m = self.maps[g]
        out = np.zeros(len(m))
        free = m >= 0
        out[free] = z[m[free]]
        return out

    def group_terms(self, grp: _Group, loc: np.ndarray, grad: bool = True):
        """(F_g, dF_g/dlocal or None); (inf, None) when Sigma_g is not positive definite."""
        eng = grp.engine
        q, p = eng.n_par, len(eng.obs)
        mo = _moments(eng, loc)
        try:
            c = np.linalg.cholesky(mo.sigma)
        except np.linalg.LinAlgError:
            return np.inf, None
        cinv = linalg.solve_triangular(c, np.eye(p), lower=True)
        sinv = cinv.T @ cinv
        d = grp.m - mo.mu
        sd = sinv @ d
        f = 2.0 * np.log(np.diag(c)).sum() + np.sum(sinv * grp.s) - grp.logdet_s - p + d @ sd
        if not grad:
            return f, None
        w = sinv @ (mo.sigma - grp.s - np.outer(d, d)) @ sinv
        gm = -2.0 * sd  # dF/dmu
        wlc = w @ mo.lc
        mats = (
            2.0 * mo.m.T @ wlc + np.outer(mo.m.T @ gm, mo.ta),  # B
            2.0 * wlc + np.outer(gm, mo.ta),  # Lambda
            mo.m.T @ w @ mo.m,  # Psi
            w,  # Theta
        )
        g_theta = np.zeros(q)
        for mat, (rows, cols, k) in zip(mats, self.entries, strict=True):
            np.add.at(g_theta, k, mat[rows, cols])
        return f, np.concatenate([g_theta, gm, mo.m.T @ gm])

    def fun(self, z: np.ndarray, grad: bool = True):
        """F(z) and, with ``grad``, dF/dz; (1e10, zeros) outside the admissible region."""
        f_tot = 0.0
        g_tot = np.zeros(self.k)
        for gi, grp in enumerate(self.groups):
            f, g = self.group_terms(grp, self.local(z, gi), grad)
            if not np.isfinite(f):
                return (1e10, np.zeros(self.k)) if grad else 1e10
            f_tot += self.weights[gi] * f
            if grad:
                mp = self.maps[gi]
                free = mp >= 0
                np.add.at(g_tot, mp[free], self.weights[gi] * g[free])
        return (f_tot, g_tot) if grad else f_tot

    def group_information(self, z: np.ndarray, gi: int) -> np.ndarray:
        """Expected information per observation of group gi, wrt its local parameters.

        Notes
        -----
        Every free matrix entry e adds ``a_e b_e'`` to dSigma/dtheta_k(e) (Lambda_ij:
        ``e_i (Lambda C)_j' +`` its transpose; B_ij: ``M_i (Lambda C)_j' +`` its transpose,
        M = Lambda (I - B)^-1; Psi_ij: ``M_i M_j'``; Theta_ij: ``e_i e_j'``), so with
        whitened vectors (L a, L b; L'L = Sigma^-1)
        ``tr(S^-1 dS_k S^-1 dS_l) = sum_{e in k, f in l} (b_e' L'L a_f)(b_f' L'L a_e)``.
        The mean part is ``J' Sigma^-1 J`` with J = dmu/dlocal.
        """
        grp = self.groups[gi]
        eng = grp.engine
        q, p = eng.n_par, len(eng.obs)
        loc = self.local(z, gi)
        mo = _moments(eng, loc)
        chol = np.linalg.cholesky(mo.sigma)
        lw = linalg.solve_triangular(chol, np.eye(p), lower=True)
        lm, llc = lw @ mo.m, lw @ mo.lc
        (br, bc, bk), (lr, lcol, lk), (pr, pc, pk), (tr, tc, tk) = self.entries
        # whitened a_e (rows of a) and b_e (rows of b) of every term, in the order B, B', Lambda,
        # Lambda', Psi, Theta
        a = np.hstack([lm[:, br], llc[:, bc], lw[:, lr], llc[:, lcol], lm[:, pr], lw[:, tr]]).T
        b = np.hstack([llc[:, bc], lm[:, br], llc[:, lcol], lw[:, lr], lm[:, pc], lw[:, tc]]).T
        idx = np.concatenate([bk, bk, lk, lk, pk, tk])
        pmat = b @ a.T
        agg = np.zeros((len(idx), q))
        agg[np.arange(len(idx)), idx] = 1.0
        info_s = 0.5 * agg.T @ (pmat * pmat.T) @ agg
        jac = np.zeros((p, len(loc)))
        np.add.at(jac, (lr, lk), mo.ta[lcol])
        np.add.at(jac.T, bk, (mo.m[:, br] * mo.ta[bc]).T)
        jac[:, q : q + p] = np.eye(p)
        jac[:, q + p :] = mo.m
        lj = lw @ jac
        info = lj.T @ lj
        info[:q, :q] += info_s
        return info

    def information(self, z: np.ndarray) -> np.ndarray:
        """sum_g (n_g / N) I_g in the global parameters (expected, per observation)."""
        out = np.zeros((self.k, self.k))
        for gi in range(len(self.groups)):
            m = self.maps[gi]
            sel = np.where(m >= 0)[0]
            ig = self.group_information(z, gi)
            out[np.ix_(m[sel], m[sel])] += self.weights[gi] * ig[np.ix_(sel, sel)]
        return out


def _start(maps: list[np.ndarray], local: Sequence[np.ndarray], k: int) -> np.ndarray:
    """Global start values: the mean of the local values that share a global parameter."""
    tot = np.zeros(k)
    cnt = np.zeros(k)
    for m, loc in zip(maps, local, strict=True):
        free = m >= 0
        np.add.at(tot, m[free], loc[free])
        np.add.at(cnt, m[free], 1.0)
    return tot / np.maximum(cnt, 1.0)


def _solve_spd(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a^-1 b for a symmetric positive (semi)definite a (least squares when singular)."""
    try:
        return linalg.cho_solve(linalg.cho_factor(a, lower=True, check_finite=False), b)
    except linalg.LinAlgError:
        return np.linalg.lstsq(a, b, rcond=None)[0]


def _quasi_newton(mg: _MultiGroup, z: np.ndarray, max_iter: int = 500, memory: int = 20):
    """Minimise F by L-BFGS preconditioned with the expected information; (z, F, max |g|).

    The initial inverse Hessian of the two-loop recursion is (2 I(z0))^-1, the Fisher-scoring
    step, and the stored curvature pairs correct it towards the observed Hessian, so the
    convergence is superlinear where Fisher scoring alone is only linear (misspecified models,
    small groups). Armijo backtracking; near the optimum, where F changes by less than its
    rounding error, a step is also accepted when it lowers the largest gradient component.
    The information is refreshed and the pairs dropped when a step fails.
    """
    f, g = mg.fun(z)
    if f >= 1e10:
        return z, f, np.inf
    factor = linalg.cho_factor(2.0 * mg.information(z), lower=True, check_finite=False)
    pairs: list[tuple[np.ndarray, np.ndarray, float]] = []
    refreshed = True
    for _ in range(max_iter):
        gmax = np.max(np.abs(g))
        if gmax < _GTOL:
            break
        step = _two_loop(g, factor, pairs)
        if np.max(np.abs(step)) < _STEP_TOL:
            break
        slope = float(g @ step)
        noise = 1e-14 * max(1.0, abs(f))  # F is known to about this precision
        t, f1, g1 = 1.0, f, g
        while t > 1e-6:
            f1, g1 = mg.fun(z - t * step)
            if f1 <= f - 1e-4 * t * slope or (f1 <= f + noise and np.max(np.abs(g1)) < gmax):
                break
            t /= 2
        if t <= 1e-6 or slope <= 0:
            if refreshed:
                break
            factor = linalg.cho_factor(2.0 * mg.information(z), lower=True, check_finite=False)
            pairs, refreshed = [], True
            continue
        s_k, y_k = -t * step, g1 - g
        if y_k @ s_k > 1e-16:
            pairs = [*pairs[-(memory - 1) :], (s_k, y_k, 1.0 / float(y_k @ s_k))]
        z, f, g, refreshed = z + s_k, f1, g1, False
    return z, f, float(np.max(np.abs(g)))


def _two_loop(g: np.ndarray, factor, pairs) -> np.ndarray:
    """The L-BFGS direction H g, with H0 = the inverse of the factored matrix."""
    q = g.copy()
    alphas = []
    for s, y, rho in reversed(pairs):
        a = rho * (s @ q)
        q -= a * y
        alphas.append(a)
    r = linalg.cho_solve(factor, q, check_finite=False)
    for (s, y, rho), a in zip(pairs, reversed(alphas), strict=True):
        r += s * (a - rho * (y @ r))
    return r


def _optimize(mg: _MultiGroup, z0: np.ndarray):
    """Minimise F from z0 (:func:`_quasi_newton`; L-BFGS-B first when that fails)."""
    try:
        z, f, gmax = _quasi_newton(mg, np.array(z0, dtype=float))
    except linalg.LinAlgError:  # information not positive definite at z0
        z, f, gmax = z0, 1e10, np.inf
    if gmax >= _GTOL_CONVERGED:
        res = optimize.minimize(
            mg.fun,
            z0 if f >= 1e10 else z,
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 30},
        )
        z, f, gmax = res.x, res.fun, float(np.max(np.abs(res.jac)))
        try:
            z, f, gmax = _quasi_newton(mg, z)
        except linalg.LinAlgError:
            pass
    return z, f, bool(gmax < _GTOL_CONVERGED and f < 1e10)


def _pooled_start(data: pd.DataFrame, spec: ModelSpec) -> _Start:
    """One single-group fit to the complete rows: the engine and the start values."""
    frame = data[spec.observed()].apply(pd.to_numeric, errors="coerce").astype(float).dropna()
    fit = fit_model(frame, spec)
    return _Start(fit.engine, np.asarray(fit.params, dtype=float))


def _prepare_groups(
    data: pd.DataFrame,
    spec: ModelSpec,
    group_col: str,
    levels: Sequence[Any] | None,
    start: _Start | None = None,
) -> tuple[list[_Group], list[str]]:
    if group_col not in data.columns:
        raise ValueError(
            f"the group variable {group_col!r} is not a column of the data; "
            "check analysis.groups in the study file and the codebook demographics"
        )
    obs = spec.observed()
    absent = [v for v in obs if v not in data.columns]
    if absent:
        raise ValueError(
            f"the model uses variable(s) {', '.join(absent)} that are not columns of the data; "
            "check the codebook items"
        )
    frame = data[obs].apply(pd.to_numeric, errors="coerce").astype(float)
    frame[group_col] = data[group_col]
    frame = frame.dropna()
    if levels is None:
        levels = list(pd.unique(frame[group_col]))
    if len(levels) < 2:
        raise ValueError(
            f"group variable {group_col!r} has fewer than two levels among the complete rows; "
            "a multi-group model needs at least two"
        )
    frame = frame.loc[frame[group_col].isin(list(levels))]
    # A pooled single-group fit gives the engine (the same matrices in every group) and the
    # start values; groups smaller than the number of parameters are fine in a multi-group fit.
    if start is None:
        start = _pooled_start(frame, spec)
    eng = start.engine
    groups = []
    for lev in levels:
        x = frame.loc[frame[group_col] == lev, eng.obs].to_numpy()
        if len(x) <= len(obs):
            raise ValueError(
                f"group {group_col} = {lev!r} has {len(x)} complete respondents, not more than "
                f"the {len(obs)} observed variables; merge or drop small levels"
            )
        s = np.cov(x, rowvar=False, bias=True)
        sign, logdet = np.linalg.slogdet(s)
        if sign <= 0:
            raise ValueError(
                f"the item covariance matrix of group {group_col} = {lev!r} is not positive "
                "definite (an item is constant in that group); merge or drop the level"
            )
        local0 = np.concatenate([start.params, x.mean(0), np.zeros(len(eng.inner))])
        groups.append(_Group(eng, s, x.mean(0), len(x), logdet, local0))
    return groups, [str(v) for v in levels]


def _param_sets(engine: Engine) -> dict[str, np.ndarray]:
    """Engine parameter indices by kind (loadings, regressions)."""
    out = {}
    for kind, mi in (("regressions", 0), ("loadings", 1)):
        r1, r2 = engine.ranges[mi]
        out[kind] = np.unique(r2) if r1 else np.array([], int)
    return out


def _build_maps(
    groups: list[_Group],
    equal: Sequence[str],
    free_intercepts: Sequence[str] = (),
    equal_paths: Sequence[tuple[str, str]] = (),
) -> list[np.ndarray]:
    eng = groups[0].engine
    q, p, m = eng.n_par, len(eng.obs), len(eng.inner)
    n_loc = q + p + m
    lat = set(_latent_index(eng))
    maps = []
    nxt = 0
    for gi in range(len(groups)):
        mp = np.full(n_loc, -1, dtype=int)
        mp[: q + p] = np.arange(nxt, nxt + q + p)
        nxt += q + p
        if "intercepts" in equal and gi > 0:
            for j in range(m):
                if j in lat:
                    mp[q + p + j] = nxt
                    nxt += 1
        maps.append(mp)
    shared = set()
    sets = _param_sets(eng)
    if "loadings" in equal:
        shared |= set(sets["loadings"].tolist())
    if "regressions" in equal:
        shared |= set(sets["regressions"].tolist())
    names = _local_names(eng)
    for lhs, rhs in equal_paths:
        hit = [k for k, nm in enumerate(names) if nm == (lhs, "~", rhs)]
        if not hit:
            raise ValueError(f"the path {lhs} ~ {rhs} is not a free regression of the model")
        shared |= set(hit)
    for k in shared:
        for mp in maps[1:]:
            mp[k] = maps[0][k]
    if "intercepts" in equal:
        unknown = [v for v in free_intercepts if v not in eng.obs]
        if unknown:
            raise ValueError(f"freed intercept(s) {', '.join(unknown)} are not model variables")
        for j, v in enumerate(eng.obs):
            if v in free_intercepts or v in eng.inner:
                continue
            for mp in maps[1:]:
                mp[q + j] = maps[0][q + j]
    # renumber to 0..K-1
    allidx = np.unique(np.concatenate([mp[mp >= 0] for mp in maps]))
    lookup = np.full(int(allidx.max()) + 1, -1)
    lookup[allidx] = np.arange(len(allidx))
    return [np.where(mp >= 0, lookup[np.maximum(mp, 0)], -1) for mp in maps]


def _mg_fit_measures(mg: _MultiGroup, z: np.ndarray, fmin: float, converged: bool):
    eng = mg.groups[0].engine
    p = len(eng.obs)
    pstar = p * (p + 1) // 2
    n_g = len(mg.groups)
    n = mg.n_total
    chisq = max(n * fmin, 0.0)
    npar = mg.k
    df = n_g * (pstar + p) - npar
    base_chisq = 0.0
    logl = logl_h1 = 0.0
    srmr = 0.0
    il = np.tril_indices(p)
    for gi, grp in enumerate(mg.groups):
        mo = _moments(grp.engine, mg.local(z, gi))
        sig, mu = mo.sigma, mo.mu
        base_chisq += grp.n * (np.sum(np.log(np.diag(grp.s))) - grp.logdet_s)
        d = grp.m - mu
        _, logdet = np.linalg.slogdet(sig)
        logl += (
            -0.5
            * grp.n
            * (
                p * LOG2PI
                + logdet
                + np.trace(np.linalg.solve(sig, grp.s))
                + d @ np.linalg.solve(sig, d)
            )
        )
        logl_h1 += -0.5 * grp.n * (p * LOG2PI + grp.logdet_s + p)
        sd = np.sqrt(np.diag(grp.s))
        resid = (grp.s - sig) / np.outer(sd, sd)
        mres = d / sd
        srmr_g = np.sqrt((np.sum(resid[il] ** 2) + np.sum(mres**2)) / (len(il[0]) + p))
        srmr += grp.n / n * srmr_g
    base_df = n_g * (pstar - p)
    pvalue = stats.chi2.sf(chisq, df) if df > 0 else np.nan
    cfi_den = max(base_chisq - base_df, chisq - df, 0.0)
    cfi = 1.0 - max(chisq - df, 0.0) / cfi_den if cfi_den > 0 else 1.0
    tli = (base_chisq / base_df - chisq / df) / (base_chisq / base_df - 1.0) if df > 0 else 1.0
    rmsea = np.sqrt(max(chisq - df, 0.0) / (df * n)) * np.sqrt(n_g) if df > 0 else 0.0
    rows = [
        ("chisq", chisq),
        ("df", float(df)),
        ("pvalue", pvalue),
        ("cfi", cfi),
        ("tli", tli),
        ("rmsea", rmsea),
        ("srmr", srmr),
        ("logl", logl),
        ("unrestricted_logl", logl_h1),
        ("aic", -2 * logl + 2 * npar),
        ("bic", -2 * logl + np.log(n) * npar),
        ("npar", float(npar)),
        ("n", n),
        ("n_groups", float(n_g)),
        ("baseline_chisq", base_chisq),
        ("baseline_df", float(base_df)),
        ("converged", float(converged)),
    ]
    return pd.DataFrame(rows, columns=["index", "value"])


def _mg_estimates(mg: _MultiGroup, z: np.ndarray, labels: list[str]) -> pd.DataFrame:
    info = mg.information(z)
    acov = _solve_spd(info, np.eye(len(info))) / mg.n_total
    se_glob = np.sqrt(np.clip(np.diag(acov), 0, None))
    frames = []
    for gi, grp in enumerate(mg.groups):
        eng = grp.engine
        q, p = eng.n_par, len(eng.obs)
        mp = mg.maps[gi]
        loc = mg.local(z, gi)
        se = np.where(mp >= 0, se_glob[np.maximum(mp, 0)], np.nan)
        rows = [(*nm, loc[k], se[k]) for k, nm in enumerate(_local_names(eng))]
        lamb = eng.matrices(loc[:q])[1]
        free_l = np.zeros(lamb.shape, bool)
        r1 = eng.ranges[1][0]
        if r1:
            free_l[r1] = True
        for i, v in enumerate(eng.obs):
            for j, f in enumerate(eng.inner):
                if not free_l[i, j] and lamb[i, j] != 0 and v != f:
                    rows.append((f, "=~", v, lamb[i, j], np.nan))
        for j, v in enumerate(eng.obs):
            rows.append((v, "~1", "", loc[q + j], se[q + j]))
        for j in _latent_index(eng):
            rows.append((eng.inner[j], "~1", "", loc[q + p + j], se[q + p + j]))
        est = pd.DataFrame(rows, columns=["lhs", "op", "rhs", "est", "se"])
        est["se"] = est["se"].where(est["se"] > 0)
        est["z"] = est["est"] / est["se"]
        est["pvalue"] = 2 * stats.norm.sf(np.abs(est["z"]))
        est["std_all"] = std_all_values(est, eng, loc[:q], eng.sigma(loc[:q]))
        est.insert(0, "group", labels[gi])
        frames.append(est)
    return pd.concat(frames, ignore_index=True)[MG_ESTIMATE_COLUMNS]


def fit_multigroup(
    data: pd.DataFrame,
    spec: ModelSpec,
    group_col: str,
    *,
    equal: Sequence[str] = (),
    free_intercepts: Sequence[str] = (),
    equal_paths: Sequence[tuple[str, str]] = (),
    levels: Sequence[Any] | None = None,
    start: Sequence[np.ndarray] | None = None,
) -> MultiGroupFit:
    """Fit a multi-group model by ML with a mean structure, with lavaan's ``group.equal``.

    Parameters
    ----------
    data : DataFrame
        Items (and the group column); rows with a missing model variable or group are dropped
        (listwise).
    spec : ModelSpec
        The model (the same in every group).
    group_col : str
        Column holding the group.
    equal : sequence of str
        Any of ``"loadings"``, ``"intercepts"``, ``"regressions"`` (lavaan ``group.equal``).
        With ``"intercepts"`` the latent means are free in every group but the first.
    free_intercepts : sequence of str
        Items whose intercepts stay free despite ``"intercepts"`` (lavaan ``group.partial``).
    equal_paths : sequence of (outcome, predictor)
        Single regression paths held equal across groups.
    levels : sequence, optional
        Group values to use, in order (the first is the reference group). Default: every
        value, in order of first appearance (as lavaan).
    start : sequence of ndarray, optional
        Local start values per group (``MultiGroupFit.local`` of a related model).

    Returns
    -------
    MultiGroupFit
        ``estimates`` (``group``, ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``,
        ``pvalue``, ``std_all``) and ``fit`` (``index``, ``value``).

    Raises
    ------
    ValueError
        When the group column or a model variable is missing, or fewer than two groups remain.

    Notes
    -----
    :math:`F = \\sum_g (n_g/N)[\\log|\\Sigma_g| + tr(S_g\\Sigma_g^{-1}) - \\log|S_g| - p +
    (\\bar x_g - \\mu_g)'\\Sigma_g^{-1}(\\bar x_g - \\mu_g)]`, :math:`\\chi^2 = N F_{min}`;
    standard errors from the inverse expected information
    :math:`\\sum_g n_g [\\tfrac12 \\Delta_g'(\\Sigma_g^{-1}\\otimes\\Sigma_g^{-1})\\Delta_g +
    J_g'\\Sigma_g^{-1}J_g]` (analytic :math:`\\Delta_g = \\partial\\Sigma_g/\\partial\\theta`
    and :math:`J_g = \\partial\\mu_g/\\partial\\theta`). Fit indices as lavaan's
    ``fitMeasures`` for several groups: baseline = independence model in every group, RMSEA
    multiplied by :math:`\\sqrt{G}` (Steiger 1998), SRMR = the :math:`n_g`-weighted mean of
    the group SRMRs with the mean residuals included (Rosseel 2012).
    """
    with threadpool_limits(limits=1):
        prepared = _prepare_groups(data, spec, group_col, levels)
        return _fit_prepared(prepared, equal, free_intercepts, equal_paths, start)


def _fit_prepared(
    prepared: tuple[list[_Group], list[str]],
    equal: Sequence[str] = (),
    free_intercepts: Sequence[str] = (),
    equal_paths: Sequence[tuple[str, str]] = (),
    start: Sequence[np.ndarray] | None = None,
    estimates: bool = True,
) -> MultiGroupFit:
    groups, labels = prepared
    maps = _build_maps(groups, equal, free_intercepts, equal_paths)
    mg = _MultiGroup(groups, maps)
    local0 = list(start) if start is not None else [g.start for g in groups]
    z0 = _start(maps, local0, mg.k)
    z, fmin, converged = _optimize(mg, z0)
    fit = _mg_fit_measures(mg, z, fmin, converged)
    est = _mg_estimates(mg, z, labels) if estimates else pd.DataFrame(columns=MG_ESTIMATE_COLUMNS)
    return MultiGroupFit(
        estimates=est,
        fit=fit,
        groups=tuple(labels),
        n=tuple(g.n for g in groups),
        local=tuple(mg.local(z, gi) for gi in range(len(groups))),
    )


def intercept_score_tests(
    data: pd.DataFrame,
    spec: ModelSpec,
    group_col: str,
    *,
    free_intercepts: Sequence[str] = (),
    levels: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Score tests for freeing each equal item intercept of the (partial) scalar model.

    Parameters
    ----------
    data, spec, group_col, levels
        As :func:`fit_multigroup`.
    free_intercepts : sequence of str
        Intercepts already free (lavaan ``group.partial``).

    Returns
    -------
    DataFrame
        ``item``, ``x2`` (the score statistic for freeing the item's intercept in every
        group), ``df`` (G - 1), ``pvalue``; one row per item whose intercept is held equal,
        in model order. With two groups ``x2`` is lavaan's univariate
        ``lavTestScore(fit)$uni`` statistic of that intercept's equality constraint.

    Notes
    -----
    See :func:`assess_invariance`, Notes, for the statistic.
    """
    with threadpool_limits(limits=1):
        prepared = _prepare_groups(data, spec, group_col, levels)
        fit = _fit_prepared(prepared, ("loadings", "intercepts"), free_intercepts, estimates=False)
        return _intercept_scores(prepared[0], fit.local, free_intercepts)


def _intercept_scores(
    groups: list[_Group], local: Sequence[np.ndarray], freed: Sequence[str]
) -> pd.DataFrame:
    """Score (Lagrange multiplier) statistics at a fitted (partial) scalar model."""
    maps = _build_maps(groups, ("loadings", "intercepts"), freed)
    mg = _MultiGroup(groups, maps)
    z = _start(maps, local, mg.k)
    eng = groups[0].engine
    q = eng.n_par
    cand = [j for j, v in enumerate(eng.obs) if v not in freed and v not in eng.inner]
    n_new = len(groups) - 1
    rows = np.zeros((len(cand) * n_new, mg.k))
    h = np.zeros(len(cand) * n_new)
    own = np.zeros(len(cand) * n_new)
    for gi in range(1, len(groups)):
        w, mp = mg.weights[gi], maps[gi]
        loc = mg.local(z, gi)
        ig = mg.group_information(z, gi)
        _, gl = mg.group_terms(groups[gi], loc)
        sel = np.flatnonzero(mp >= 0)
        for c, j in enumerate(cand):
            r = c * n_new + gi - 1
            rows[r, mp[sel]] = w * ig[q + j, sel]
            h[r] = w * gl[q + j]
            own[r] = w * ig[q + j, q + j]
    cross = rows @ _solve_spd(mg.information(z), rows.T)
    x2 = np.full(len(cand), np.nan)
    for c in range(len(cand)):
        b = slice(c * n_new, (c + 1) * n_new)
        schur = np.diag(own[b]) - cross[b, b]
        try:
            x2[c] = 0.25 * mg.n_total * h[b] @ np.linalg.solve(schur, h[b])
        except np.linalg.LinAlgError:
            continue
    return pd.DataFrame(
        {
            "item": [eng.obs[j] for j in cand],
            "x2": x2,
            "df": float(n_new),
            "pvalue": stats.chi2.sf(x2, n_new),
        },
        columns=SCORE_COLUMNS,
    )


# --------------------------------------------------------------------------------------------
# The invariance sequence, its verdict and the structural comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvarianceResult:
    """Measurement invariance, its verdict and the multi-group structural comparison.

    Attributes
    ----------
    invariance : DataFrame
        One row per group variable and model (``configural``, ``metric``,
        ``scalar``, ``partial_scalar`` when scalar invariance fails and metric holds):
        ``group_var``, ``model``, ``chisq``, ``df``, ``cfi``, ``tli``, ``rmsea``, ``srmr``,
        ``delta_chisq``, ``delta_df``, ``delta_pvalue``, ``delta_cfi``, ``delta_rmsea``
        (each versus the previous model; partial scalar versus metric), ``freed`` (intercepts
        freed, lavaan ``group.partial`` syntax ``item~1``, in the order freed), ``decision``
        (configural: ``acceptable fit`` or ``poor fit ...``; later steps ``holds`` or
        ``fails``; ``did not converge``; ``not tested``), ``n_groups``, ``n``, ``levels``
        (label (n) of each level used), ``scales`` (``;``-separated), ``note``,
        ``converged`` (bool; empty when not fitted), ``test`` (``ML`` or ``scaled-shifted
        (WLSMV)``: which chi-square the row holds).
    paths : DataFrame
        ``group_var``, ``path`` (``EE ~ WL``, or ``all paths``), ``group``, ``n``,
        ``est``, ``se``, ``pvalue``, ``std_all`` (the path in that group, loadings equal),
        ``delta_chisq``, ``delta_df``, ``delta_pvalue`` (the path held equal across groups
        versus free), ``p_holm`` (Holm over the paths of one group variable), ``note``.
    verdicts : DataFrame
        The columns of :data:`VERDICT_COLUMNS` (see :func:`invariance_verdicts`).
    """

    invariance: pd.DataFrame
    paths: pd.DataFrame
    verdicts: pd.DataFrame


def _row(group_var: str, model: str, fit: MultiGroupFit | None, prev: dict | None) -> dict:
    row = {"group_var": group_var, "model": model}
    for k in ("chisq", "df", "cfi", "tli", "rmsea", "srmr"):
        row[k] = fit.fit_value(k) if fit is not None else np.nan
    row |= dict.fromkeys(
        ("delta_chisq", "delta_df", "delta_pvalue", "delta_cfi", "delta_rmsea"), np.nan
    )
    if fit is not None and prev is not None:
        dchi = row["chisq"] - prev["chisq"]
        ddf = row["df"] - prev["df"]
        row["delta_chisq"] = dchi
        row["delta_df"] = ddf
        row["delta_pvalue"] = stats.chi2.sf(max(dchi, 0.0), ddf) if ddf > 0 else np.nan
        row["delta_cfi"] = row["cfi"] - prev["cfi"]
        row["delta_rmsea"] = row["rmsea"] - prev["rmsea"]
    row["freed"] = ""
    row["test"] = "ML" if fit is not None else ""
    row["converged"] = bool(fit.fit_value("converged")) if fit is not None else None
    if fit is not None:
        row["n_groups"] = len(fit.groups)
        row["n"] = int(sum(fit.n))
        row["levels"] = "; ".join(f"{g} ({n})" for g, n in zip(fit.groups, fit.n, strict=True))
    return row


def _true(value: Any) -> bool:
    """A ``converged`` cell: True, numpy True, or the text ``True`` of a CSV round trip."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    return str(value).strip().lower() == "true"


def _step_holds(row: Mapping[str, Any]) -> bool:
    """A metric / scalar / partial scalar step holds: it converged, ΔCFI >= -.010 (Cheung &
    Rensvold 2002) and ΔRMSEA <= .015 (Chen 2007)."""
    return bool(
        _true(row.get("converged"))
        and row["delta_cfi"] >= DELTA_CFI_MIN
        and row["delta_rmsea"] <= DELTA_RMSEA_MAX
    )


def _configural_holds(row: Mapping[str, Any]) -> bool:
    """The configural model holds: it converged, CFI >= .90 and RMSEA <= .08."""
    return bool(
        _true(row.get("converged"))
        and row["cfi"] >= CONFIGURAL_CFI_MIN
        and row["rmsea"] <= CONFIGURAL_RMSEA_MAX
    )


def _decide(row: dict) -> dict:
    """The row's ``decision`` text, from the same rules as the verdict."""
    if not _true(row.get("converged")):
        row["decision"] = "did not converge"
    elif row["model"] == "configural":
        row["decision"] = (
            "acceptable fit"
            if _configural_holds(row)
            else f"poor fit (CFI < {CONFIGURAL_CFI_MIN:.2f} or RMSEA > {CONFIGURAL_RMSEA_MAX:.2f})"
        )
    else:
        row["decision"] = "holds" if _step_holds(row) else "fails"
    return row


def invariance_verdicts(invariance: pd.DataFrame) -> pd.DataFrame:
    """The level of measurement invariance reached per group variable: the one decision.

    Parameters
    ----------
    invariance : DataFrame
        The ``invariance`` table of :func:`assess_invariance` (``results/groups/
        invariance.csv``).

    Returns
    -------
    DataFrame
        One row per group variable, in table order: ``group_var``; ``tested`` (bool: the
        configural model was fitted); ``level`` (``none``, ``configural``, ``metric``,
        ``scalar`` or ``partial_scalar``: the highest level that holds); ``means_comparable``
        (bool: scalar or partial scalar invariance holds, so latent and scale means may be
        compared); ``relations_comparable`` (bool: metric invariance holds, so loadings,
        paths and correlations may be compared); ``failed_step`` (``configural``,
        ``metric`` or ``scalar``: the first step that failed; empty when none failed or
        nothing was tested); ``freed`` (the intercepts freed for partial scalar invariance,
        lavaan syntax ``item~1; ...``, when that level holds, else empty); ``scales`` (the
        tested scales, ``;``-separated); ``n``; ``n_groups``; ``reason`` (why the variable
        was not tested, or the notes of its models).

    Notes
    -----
    The configural model holds when its fit converged with CFI >= :data:`CONFIGURAL_CFI_MIN`
    and RMSEA <= :data:`CONFIGURAL_RMSEA_MAX`. Each later step holds when it converged, CFI
    fell by no more than ``-DELTA_CFI_MIN`` = .010 (Cheung & Rensvold 2002) and RMSEA rose
    by no more than :data:`DELTA_RMSEA_MAX` = .015 (Chen 2007), each against the previous
    model (partial scalar against metric). The sequence stops at the first failed step,
    except that partial scalar invariance replaces a failed scalar step when it holds.
    """
    rows = []
    for gv, sub in invariance.groupby("group_var", sort=False):
        by = {str(r["model"]): r for r in sub.to_dict("records")}
        conf = by["configural"]
        tested = bool(np.isfinite(conf["chisq"]))
        level, failed, freed, reason = "none", "", "", str(conf.get("note") or "")
        if tested and not _configural_holds(conf):
            failed = "configural"
        elif tested:
            level = "configural"
            if not _step_holds(by["metric"]):
                failed = "metric"
            else:
                level = "metric"
                if _step_holds(by["scalar"]):
                    level = "scalar"
                else:
                    failed = "scalar"
                    part = by.get("partial_scalar")
                    if part is not None and _step_holds(part):
                        level, freed = "partial_scalar", str(part["freed"])
                    elif part is not None:
                        why = (
                            f"partial scalar invariance not reached after freeing {part['freed']}"
                            if part["freed"]
                            else f"partial scalar invariance {part['decision']}"
                        )
                        reason = "; ".join(x for x in (reason, why) if x)
        rows.append(
            {
                "group_var": gv,
                "tested": tested,
                "level": level,
                "means_comparable": level in ("scalar", "partial_scalar"),
                "relations_comparable": level in ("metric", "scalar", "partial_scalar"),
                "failed_step": failed,
                "freed": freed,
                "scales": str(conf["scales"]),
                "n": int(conf["n"]) if tested else 0,
                "n_groups": int(conf["n_groups"]) if tested else 0,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


LEFT_OUT = "left out (fewer than {} complete respondents): {}"
#: Why a group variable was not tested: fewer than two usable levels (variable, minimum n).
TOO_FEW_LEVELS = "fewer than two levels of {} have at least {} complete respondents"


def too_few_levels(reason: str) -> int:
    """The minimum group size when an invariance test was not run for want of two levels
    large enough, read back from its ``reason`` (written with :data:`TOO_FEW_LEVELS`).

    Parameters
    ----------
    reason : str
        The ``reason`` column of ``invariance_verdicts.csv``.

    Returns
    -------
    int
        The minimum number of complete respondents a level needed; 0 when the reason is
        another one.
    """
    m = re.match(r"fewer than two levels of .+? have at least (\d+) complete", str(reason))
    return int(m.group(1)) if m else 0


def left_out_levels(reason: str) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The group levels an invariance test left out, read back from its ``reason``.

    Parameters
    ----------
    reason : str
        The ``reason`` column of ``invariance_verdicts.csv`` (written with :data:`LEFT_OUT`).

    Returns
    -------
    tuple
        ``(min_group_n, ((label, n), ...))``; ``(0, ())`` when no level was left out.
    """
    m = re.search(r"left out \(fewer than (\d+) complete respondents\): ([^;]+)", str(reason))
    if not m:
        return 0, ()
    levels = tuple(
        (lab.strip(), int(n))
        for lab, n in re.findall(r"(.+?) \((\d+)\)(?:, |$)", m.group(2).strip())
    )
    return int(m.group(1)), levels


def _group_levels(data, codebook: Codebook, gv: str, min_group_n: int, items: list[str]):
    """(levels to use as codes, level labels, note) or (None, None, reason)."""
    demo = {d.name: d for d in codebook.demographics}
    if gv not in demo:
        raise ValueError(
            f"analysis.groups names {gv!r}, which is not a demographic of the codebook; "
            f"known demographics: {', '.join(demo) or '(none)'}"
        )
    d = demo[gv]
    if gv not in data.columns:
        raise ValueError(
            f"the group variable {gv!r} (analysis.groups) is not a column of the cleaned data"
        )
    if d.type not in ("categorical", "ordinal"):
        return None, None, f"{gv} is {d.type}; invariance needs a categorical or ordinal variable"
    complete = data[items].apply(pd.to_numeric, errors="coerce").notna().all(axis=1)
    codes = pd.to_numeric(data.loc[complete, gv], errors="coerce")
    counts = codes.value_counts()
    keep, small = [], []
    for code, label in d.levels.items():
        nk = int(counts.get(code, 0))
        (keep if nk >= min_group_n else small).append((code, label, nk))
    note = ""
    if small:
        note = LEFT_OUT.format(min_group_n, ", ".join(f"{lab} ({nk})" for _, lab, nk in small))
    if len(keep) < 2:
        return (
            None,
            None,
            TOO_FEW_LEVELS.format(gv, min_group_n) + (f"; {note}" if note else ""),
        )
    return [c for c, _, _ in keep], {c: lab for c, lab, _ in keep}, note


@dataclass(frozen=True)
class _Job:
    """One group variable's work (picklable, for a worker process)."""

    group_var: str
    data: pd.DataFrame  # the group column recoded to level labels
    levels: list[str]
    note: str
    spec: ModelSpec
    start: _Start | None
    structural: ModelSpec | None
    structural_start: _Start | str | None  # a start, or why the comparison cannot run
    key_paths: tuple[tuple[str, str], ...] | None
    path_note: str
    max_freed: int
    search: str
    scales: str
    estimator: str = "ML"


def _run_job(job: _Job) -> tuple[list[dict], pd.DataFrame | None]:
    """The invariance sequence of one group variable and, when metric invariance holds, its
    structural comparison."""
    with threadpool_limits(limits=1):
        rows = _sequence(job)
        if job.structural is None:
            return rows, None
        verdict = invariance_verdicts(pd.DataFrame(rows, columns=INVARIANCE_COLUMNS)).iloc[0]
        if not verdict["relations_comparable"]:
            why = (
                "the configural model does not fit"
                if verdict["failed_step"] == "configural"
                else "metric invariance does not hold"
            )
            return rows, _path_skip(job.group_var, f"{why}; paths not compared")
        if isinstance(job.structural_start, str):
            return rows, _path_skip(job.group_var, job.structural_start)
        try:
            return rows, _structural_comparison(job)
        except (ValueError, np.linalg.LinAlgError) as err:
            return rows, _path_skip(job.group_var, f"structural comparison failed: {err}")


def _sequence(job: _Job) -> list[dict]:
    """Configural, metric, scalar and (when scalar fails) partial scalar rows."""
    if job.estimator == "WLSMV":
        return _ordinal_sequence(job)
    gv = job.group_var
    prep = _prepare_groups(job.data, job.spec, gv, job.levels, job.start)
    conf = _fit_prepared(prep, estimates=False)
    metr = _fit_prepared(prep, equal=("loadings",), start=conf.local, estimates=False)
    scal = _fit_prepared(prep, equal=("loadings", "intercepts"), start=metr.local, estimates=False)
    r_conf = _decide(_row(gv, "configural", conf, None))
    r_metr = _decide(_row(gv, "metric", metr, r_conf))
    r_scal = _decide(_row(gv, "scalar", scal, r_metr))
    rows = [r_conf, r_metr, r_scal]
    if (
        _configural_holds(r_conf)
        and _step_holds(r_metr)
        and not _step_holds(r_scal)
        and job.max_freed > 0
    ):
        rows.append(_partial_scalar(prep, job, r_metr, scal))
    converged = all(r["converged"] is not False for r in rows)
    for r in rows:
        r |= {"scales": job.scales, "note": job.note}
        if not converged:
            r["note"] = (r["note"] + "; " if r["note"] else "") + "a fit did not converge"
    return rows


def _ordinal_row(gv: str, model: str, fit, prev: dict | None, og) -> dict:
    """A row of the WLSMV sequence: scaled-shifted chi-square, scaled CFI/TLI/RMSEA, and the
    scaled difference test against ``prev`` (whose fit is ``prev["_fit"]``)."""
    row = {"group_var": gv, "model": model, "chisq": fit.fit_value("chisq_scaled")}
    row |= {"df": fit.fit_value("df"), "cfi": fit.fit_value("cfi_scaled")}
    row |= {"tli": fit.fit_value("tli_scaled"), "rmsea": fit.fit_value("rmsea_scaled")}
    row |= {"srmr": fit.fit_value("srmr"), "freed": "", "test": TEST_LABEL}
    row |= dict.fromkeys(
        ("delta_chisq", "delta_df", "delta_pvalue", "delta_cfi", "delta_rmsea"), np.nan
    )
    if prev is not None:
        row |= scaled_difference(prev["_fit"], fit, og)
        row["delta_cfi"] = row["cfi"] - prev["cfi"]
        row["delta_rmsea"] = row["rmsea"] - prev["rmsea"]
    n = [int(round(st.n)) for st in og.stats]
    row |= {"converged": bool(fit.converged), "n_groups": len(n), "n": sum(n), "_fit": fit}
    row["levels"] = "; ".join(f"{g} ({k})" for g, k in zip(og.groups, n, strict=True))
    return row


def _ordinal_sequence(job: _Job) -> list[dict]:
    """The WLSMV sequence (Wu & Estabrook 2016): configural, metric (loadings and thresholds
    equal), scalar (and intercepts), partial scalar (lr search)."""
    gv = job.group_var
    try:
        og = prepare_ordinal_groups(job.data, dict(job.spec.measurement), gv, job.levels)
    except ValueError as err:  # e.g. an item with < 3 categories shared by every group
        return [_not_tested(gv, f"not tested under WLSMV: {err}", job.scales)]
    conf = fit_ordinal_groups(og, "configural")
    metr = fit_ordinal_groups(og, "metric", start=conf.local)
    scal = fit_ordinal_groups(og, "scalar", start=metr.local)
    r_conf = _decide(_ordinal_row(gv, "configural", conf, None, og))
    r_metr = _decide(_ordinal_row(gv, "metric", metr, r_conf, og))
    rows = [r_conf, r_metr, _decide(_ordinal_row(gv, "scalar", scal, r_metr, og))]
    if _configural_holds(r_conf) and _step_holds(r_metr) and not _step_holds(rows[2]):
        freed: list[str] = []
        for _ in range(job.max_freed):
            allowed = _candidates(job.spec, freed)
            if not allowed:
                break
            fits = [
                fit_ordinal_groups(og, "partial_scalar", [*freed, i], start=metr.local)
                for i in allowed
            ]
            best = int(np.argmin([f.fit_value("chisq") for f in fits]))
            freed.append(allowed[best])
            row = _ordinal_row(gv, "partial_scalar", fits[best], r_metr, og)
            if _step_holds(row):
                break
        if freed:
            rows.append(_decide(row | {"freed": "; ".join(f"{i}~1" for i in freed)}))
    note = "; ".join(x for x in (job.note, og.note) if x)
    converged = all(r["converged"] for r in rows)
    for r in rows:
        r.pop("_fit")
        r |= {"scales": job.scales, "note": note}
        if not converged:
            r["note"] = (r["note"] + "; " if r["note"] else "") + "a fit did not converge"
    return rows


def _candidates(spec: ModelSpec, freed: Sequence[str]) -> list[str]:
    """Intercepts that may be freed: a factor keeps at least two equal intercepts."""
    out = []
    for items in spec.measurement.values():
        constrained = [i for i in items if i not in freed]
        if len(constrained) > 2:
            out += constrained
    return out


def _partial_scalar(prep, job: _Job, r_metr: dict, scal: MultiGroupFit) -> dict:
    """Free intercepts one at a time (at most ``job.max_freed``) until the step holds.

    Notes
    -----
    Runs when scalar invariance fails and configural and metric invariance hold. The next
    intercept is the one with the largest score (Lagrange multiplier) statistic for
    releasing its equality constraints at the current model, as lavaan's ``lavTestScore``
    gives it (Sörbom 1989; Byrne, Shavelson & Muthén 1989): with :math:`g` the gradient of F
    in the G - 1 new parameters (the item's intercept in groups 2..G) and :math:`I` the
    expected information,

    .. math:: X^2_j = \\tfrac{N}{4} g' (I_{nn} - I_{nz} I_{zz}^{-1} I_{zn})^{-1} g,

    a chi-square with G - 1 df (for two groups, lavaan's univariate statistic). The score
    statistic is the quadratic approximation of the likelihood-ratio drop that the
    ``"lr"`` search maximises; both choose the same intercept unless two candidates are
    nearly tied. An intercept is a candidate only while its factor keeps at least two equal
    intercepts.
    """
    freed: list[str] = []
    current, row = scal, None
    scalar = ("loadings", "intercepts")
    for _ in range(job.max_freed):
        allowed = _candidates(job.spec, freed)
        if not allowed:
            break
        if job.search == "score":
            sc = _intercept_scores(prep[0], current.local, freed)
            sc = sc[sc["item"].isin(allowed) & sc["x2"].notna()]
            if sc.empty:
                break
            item = str(sc.loc[sc["x2"].idxmax(), "item"])
            fit = _fit_prepared(prep, scalar, [*freed, item], start=current.local, estimates=False)
        else:
            fits = [
                _fit_prepared(prep, scalar, [*freed, i], start=current.local, estimates=False)
                for i in allowed
            ]
            best = int(np.argmin([f.fit_value("chisq") for f in fits]))
            item, fit = allowed[best], fits[best]
        freed.append(item)
        current = fit
        row = _row(job.group_var, "partial_scalar", current, r_metr)
        if _step_holds(row):
            break
    if row is None:
        row = _row(job.group_var, "partial_scalar", None, None)
        row["decision"] = "not possible (every factor has two or fewer equal intercepts)"
        return row
    row["freed"] = "; ".join(f"{i}~1" for i in freed)
    return _decide(row)


def _path_skip(gv: str, why: str) -> pd.DataFrame:
    row = dict.fromkeys(PATH_COLUMNS, np.nan) | {
        "group_var": gv,
        "path": "",
        "group": "",
        "note": why,
    }
    return pd.DataFrame([row], columns=PATH_COLUMNS)


def _structural_comparison(job: _Job) -> pd.DataFrame:
    """Each (key) regression path: free vs equal across groups (loadings equal in both).

    Notes
    -----
    Run only when metric invariance holds: each path is held equal across groups in turn and
    compared with the model with free paths by a chi-square difference test (G - 1 df),
    loadings equal in both.
    """
    spec, gv = job.structural, job.group_var
    note = "; ".join(x for x in (job.note, job.path_note) if x)
    prep = _prepare_groups(job.data, spec, gv, job.levels, job.structural_start)
    base = _fit_prepared(prep, equal=("loadings",))
    est = base.estimates[base.estimates["op"] == "~"]
    rows = []
    regs = list(dict.fromkeys(spec.regressions()))
    if job.key_paths:
        regs = [r for r in regs if r in set(job.key_paths)]

    def add(path, fit_eq, subset):
        dchi = fit_eq.fit_value("chisq") - base.fit_value("chisq")
        ddf = fit_eq.fit_value("df") - base.fit_value("df")
        pval = stats.chi2.sf(max(dchi, 0.0), ddf) if ddf > 0 else np.nan
        for g, n in zip(base.groups, base.n, strict=True):
            if subset is None:
                e = dict.fromkeys(("est", "se", "pvalue", "std_all"), np.nan)
            else:
                r = subset[subset["group"] == g].iloc[0]
                e = {k: r[k] for k in ("est", "se", "pvalue", "std_all")}
            rows.append(
                {"group_var": gv, "path": path, "group": g, "n": n}
                | e
                | {"delta_chisq": dchi, "delta_df": ddf, "delta_pvalue": pval, "note": note}
            )

    for y, x in regs:
        eq = _fit_prepared(
            prep, equal=("loadings",), equal_paths=[(y, x)], start=base.local, estimates=False
        )
        add(f"{y} ~ {x}", eq, est[(est["lhs"] == y) & (est["rhs"] == x)])
    if len(regs) > 1:
        eq = _fit_prepared(
            prep, equal=("loadings", "regressions"), start=base.local, estimates=False
        )
        add("all paths", eq, None)
    out = pd.DataFrame(rows, columns=PATH_COLUMNS)
    single = out.loc[out["path"] != "all paths"].drop_duplicates("path")
    adjusted = dict(zip(single["path"], holm(single["delta_pvalue"]), strict=True))
    out["p_holm"] = out["path"].map(adjusted).where(out["path"] != "all paths", out["delta_pvalue"])
    return out


def assess_invariance(
    data: pd.DataFrame,
    codebook: Codebook,
    groups: Sequence[str],
    *,
    model: Mapping[str, Any] | None = None,
    scales: Sequence[str] | None = None,
    min_group_n: int = 100,
    max_freed: int = 3,
    key_paths: Sequence[tuple[str, str]] | None = None,
    partial_search: str = "score",
    n_jobs: int = 1,
    estimator: str = "ML",
) -> InvarianceResult:
    """Configural, metric, scalar and partial scalar invariance of the measurement model of
    the compared scales across each group variable, its verdict, and the multi-group
    comparison of the structural paths.

    Parameters
    ----------
    data : DataFrame
        Cleaned, reverse-scored items and the demographics (``results/clean/data.csv``).
        Rows missing an item of the tested scales are left out (listwise), also when the study
        uses FIML.
    codebook : Codebook
    groups : sequence of str
        Demographics to test (``analysis.groups``); numeric ones are reported as not tested.
    model : mapping, optional
        The study's ``model`` block (``structural``, ``extra``); when given, and metric
        invariance holds, the regression paths are compared across groups. Composites are
        modelled as latent factors there (noted).
    scales : sequence of str, optional
        Scales of the measurement model. Default: :func:`surveysem.groups.compared_scales`
        (every burnout and outcome scale, or every scale when there are none), the scales
        whose means :func:`surveysem.groups.compare_groups` compares.
    min_group_n : int
        Levels with fewer complete respondents are left out (noted); a group variable with
        fewer than two remaining levels is reported as not tested. Default 100, the usual
        minimum per group for a multi-group CFA (Kline 2016).
    max_freed : int
        At most this many intercepts are freed for partial scalar invariance.
    key_paths : sequence of (outcome, predictor), optional
        The structural paths to compare one by one across groups (the workflow passes the
        hypothesised paths); default every regression path. The ``all paths`` test always
        covers every path.
    partial_search : {"score", "lr"}
        How the next intercept to free is chosen: ``"score"`` (default) by the largest score
        statistic, one refit per freed intercept; ``"lr"`` by the largest drop in chi-square,
        one refit per candidate.
    n_jobs : int
        Worker processes; the group variables are shared among them (BLAS single-threaded in
        each). The results do not depend on ``n_jobs``.
    estimator : str
        The study's estimator (``results/cfa/estimator.csv``). ``WLSMV``: the items are
        ordinal and the measurement invariance sequence is the multi-group DWLS of
        :mod:`surveysem.invariance_ordinal` (thresholds in place of intercepts, Wu &
        Estabrook 2016): ``chisq`` is then the scaled-shifted chi-square, ``cfi``, ``tli``,
        ``rmsea`` the scaled indices and ``delta_chisq`` lavaan's scaled difference test
        (column ``test`` says which); partial scalar invariance frees intercepts by the
        ``"lr"`` search. The structural paths are compared by ML in every case. Any other
        estimator: the ML models below.

    Returns
    -------
    InvarianceResult
        The three tables, with their columns listed in :class:`InvarianceResult`.

    Raises
    ------
    ValueError
        When a group variable is not a codebook demographic or not a data column, a scale
        is unknown, or ``partial_search`` is neither ``score`` nor ``lr``.

    Notes
    -----
    Models as lavaan ``cfa(..., group = g)`` with ``group.equal = "loadings"`` (metric) and
    ``c("loadings", "intercepts")`` (scalar); see :func:`fit_multigroup`; the verdict rules
    are in :func:`invariance_verdicts`, the partial scalar search in :func:`_partial_scalar`
    and the comparison of the structural paths in :func:`_structural_comparison`.
    """
    if partial_search not in ("score", "lr"):
        raise ValueError(f"partial_search must be 'score' or 'lr', got {partial_search!r}")
    chosen = [codebook.scale(s) for s in (compared_scales(codebook) if scales is None else scales)]
    spec = ModelSpec(measurement={s.name: tuple(s.items) for s in chosen})
    items = [i for s in chosen for i in s.items]
    structural, path_note = _path_model(model, codebook)
    plan = [(gv, *_group_levels(data, codebook, gv, min_group_n, items)) for gv in groups]
    starts = _starts(data, spec, structural) if any(p[1] for p in plan) else (None, None)
    template = _Job(
        group_var="",
        data=data.iloc[:0],
        levels=[],
        note="",
        spec=spec,
        start=starts[0],
        structural=structural,
        structural_start=starts[1],
        key_paths=tuple(key_paths) if key_paths else None,
        path_note=path_note,
        max_freed=max_freed,
        search=partial_search,
        estimator=estimator,
        scales=";".join(s.name for s in chosen),
    )
    jobs = {
        k: _job_for(template, data, gv, levels, labels, note)
        for k, (gv, levels, labels, note) in enumerate(plan)
        if levels is not None
    }
    done = _run_jobs(jobs, n_jobs)
    inv_rows: list[dict] = []
    path_frames = []
    for k, (gv, levels, _, note) in enumerate(plan):
        if levels is None:
            inv_rows.append(_not_tested(gv, note, template.scales))
            continue
        inv_rows += done[k][0]
        if done[k][1] is not None:
            path_frames.append(done[k][1])
    inv = pd.DataFrame(inv_rows, columns=INVARIANCE_COLUMNS)
    paths = pd.concat(path_frames, ignore_index=True) if path_frames else None
    return InvarianceResult(
        invariance=inv,
        paths=paths[PATH_COLUMNS] if paths is not None else pd.DataFrame(columns=PATH_COLUMNS),
        verdicts=invariance_verdicts(inv),
    )


def _path_model(model: Mapping[str, Any] | None, codebook: Codebook):
    """The structural model whose paths are compared across groups, and what it leaves out:
    composites become latent factors and product terms (X:W) are dropped."""
    if model is None or not str(model.get("structural", "")).strip():
        return None, ""
    full = model_spec({"model": {**model, "composites": []}}, codebook, raw=True)
    structural = without_any_products(full)
    notes = []
    if model.get("composites"):
        notes.append("composites are modelled as latent factors in the group comparison")
    if structural.regressions() != full.regressions():
        notes.append("product terms (X:W) are left out of the group comparison of paths")
    return structural, "; ".join(notes)


def _job_for(template: _Job, data: pd.DataFrame, gv: str, levels, labels, note) -> _Job:
    """The template with one group variable's data (the group recoded to its labels)."""
    cols = list(template.spec.observed())
    if template.structural is not None:
        cols = list(dict.fromkeys(cols + template.structural.observed()))
    frame = data[cols].copy()
    frame[gv] = pd.to_numeric(data[gv], errors="coerce").map(labels)
    return replace(
        template, group_var=gv, data=frame, levels=[labels[c] for c in levels], note=note
    )


def _not_tested(gv: str, reason: str, scales: str) -> dict:
    return _row(gv, "configural", None, None) | {
        "decision": "not tested",
        "n_groups": 0,
        "n": 0,
        "levels": "",
        "scales": scales,
        "note": reason,
    }


def _starts(data: pd.DataFrame, spec: ModelSpec, structural: ModelSpec | None):
    """Single-group fits that give the engines and start values of every group variable's
    models (the same for all of them, so that results do not depend on ``n_jobs``)."""
    with threadpool_limits(limits=1):
        start = _pooled_start(data, spec)
        if structural is None:
            return start, None
        try:
            return start, _pooled_start(data, structural)
        except (ValueError, np.linalg.LinAlgError) as err:
            return start, f"structural comparison failed: {err}"


def _run_jobs(jobs: Mapping[int, _Job], n_jobs: int) -> dict[int, tuple]:
    """Run the jobs, in ``n_jobs`` processes when more than one (largest jobs first)."""
    if n_jobs <= 1 or len(jobs) <= 1:
        return {k: _run_job(j) for k, j in jobs.items()}
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    order = sorted(jobs, key=lambda k: -len(jobs[k].levels))
    with ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs))) as pool:
        futures = {k: pool.submit(_run_job, jobs[k]) for k in order}
        return {k: futures[k].result() for k in jobs}
