"""Measurement invariance across groups and the multi-group structural comparison.

semopy fits one group at a time and knows no cross-group equality constraints, so the
multi-group model is built here on top of :class:`surveysem.sem.Engine`: one engine per group
(taken from a single-group :func:`surveysem.sem.fit_model` fit, which also gives the start
values), a global parameter vector, and for every group a map from its local parameters
(the engine's theta, the item intercepts nu and the latent means/intercepts alpha) to global
ones. Equality constraints are shared global indices, as lavaan's ``group.equal``.

The model-implied moments of group g are

    Sigma_g = Lambda (I - B)^-1 Psi (I - B)^-T Lambda' + Theta,
    mu_g    = nu + Lambda (I - B)^-1 alpha,

and the ML discrepancy is lavaan's (ML with N, not N - 1):

    F = sum_g (n_g / N) [log|Sigma_g| + tr(S_g Sigma_g^-1) - log|S_g| - p
                         + (m_g - mu_g)' Sigma_g^-1 (m_g - mu_g)],   chisq = N F.

Identification follows lavaan: first loading of every factor fixed to 1, latent means fixed to
0 in every group unless the intercepts are equal across groups, in which case they are free in
every group but the first.

The invariance sequence (configural -> metric -> scalar -> partial scalar) is judged with the
change in CFI (Cheung & Rensvold 2002: a drop larger than .01 means non-invariance) and in
RMSEA (Chen 2007: an increase larger than .015), and the chi-square difference test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.codebook import Codebook
from surveysem.sem import LOG2PI, Engine, ModelSpec, fit_model, std_all_values

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
MG_ESTIMATE_COLUMNS = ["group", "lhs", "op", "rhs", "est", "se", "z", "pvalue", "std_all"]

#: Cheung & Rensvold (2002) and Chen (2007) cut-offs for the change in fit.
DELTA_CFI_MIN = -0.01
DELTA_RMSEA_MAX = 0.015


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
        ``~~`` and ``~1`` (item intercepts and latent means).
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


class _MultiGroup:
    """The multi-group objective for a given parameter map."""

    def __init__(self, groups: list[_Group], maps: list[np.ndarray]):
        self.groups = groups
        self.maps = maps
        self.k = int(max(m.max() for m in maps)) + 1
        self.n_total = float(sum(g.n for g in groups))

    def local(self, z: np.ndarray, g: int) -> np.ndarray:
        m = self.maps[g]
        out = np.zeros(len(m))
        free = m >= 0
        out[free] = z[m[free]]
        return out

    def moments(self, grp: _Group, loc: np.ndarray):
        eng = grp.engine
        q, p = eng.n_par, len(eng.obs)
        x, nu, alpha = loc[:q], loc[q : q + p], loc[q + p :]
        beta, lamb, _, _ = eng.matrices(x)
        t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
        mu = nu + lamb @ (t @ alpha)
        return eng.sigma(x), mu, beta, lamb, t

    def fun(self, z: np.ndarray):
        f_tot = 0.0
        grad = np.zeros(self.k)
        for gi, grp in enumerate(self.groups):
            eng = grp.engine
            q, p = eng.n_par, len(eng.obs)
            loc = self.local(z, gi)
            sig, mu, beta, lamb, t = self.moments(grp, loc)
            try:
                c = np.linalg.cholesky(sig)
            except np.linalg.LinAlgError:
                return 1e10, np.zeros_like(z)
            cinv = np.linalg.inv(c)
            sinv = cinv.T @ cinv
            d = grp.m - mu
            sd = sinv @ d
            f = 2.0 * np.log(np.diag(c)).sum() + np.sum(sinv * grp.s) - grp.logdet_s - p + d @ sd
            w = sinv @ (sig - grp.s - np.outer(d, d)) @ sinv
            g_theta = eng.chain(loc[:q], w)
            gm = -2.0 * sd  # dF/dmu
            alpha = loc[q + p :]
            ta = t @ alpha
            if np.any(ta != 0):
                g_lamb = np.outer(gm, ta)
                g_beta = np.outer(t.T @ lamb.T @ gm, ta)
                for mat, (r1, r2) in zip((g_beta, g_lamb), eng.ranges[:2], strict=True):
                    if r1:
                        np.add.at(g_theta, r2, mat[r1])
            g_loc = np.concatenate([g_theta, gm, (lamb @ t).T @ gm])
            wgt = grp.n / self.n_total
            f_tot += wgt * f
            m = self.maps[gi]
            free = m >= 0
            np.add.at(grad, m[free], wgt * g_loc[free])
        return f_tot, grad

    def group_information(self, z: np.ndarray, gi: int) -> np.ndarray:
        """Expected information per observation of group gi, wrt its local parameters."""
        grp = self.groups[gi]
        eng = grp.engine
        q, p = eng.n_par, len(eng.obs)
        loc = self.local(z, gi)
        sig, mu, _, lamb, t = self.moments(grp, loc)
        nl = len(loc)
        dsig = np.zeros((nl, p, p))
        dsig[:q] = eng.sigma_derivatives(loc[:q])
        dmu = np.zeros((nl, p))
        h = 1e-6
        if np.any(loc[q + p :] != 0):
            for k in range(q):
                e = np.zeros(nl)
                e[k] = h
                dmu[k] = (self.moments(grp, loc + e)[1] - self.moments(grp, loc - e)[1]) / (2 * h)
        dmu[q : q + p] = np.eye(p)
        dmu[q + p :] = (lamb @ t).T
        c_inv = np.linalg.inv(np.linalg.cholesky(sig))
        sinv = c_inv.T @ c_inv
        # tr(S^-1 dS_k S^-1 dS_l) = vec(B_k)'vec(B_l) with the symmetric B_k = C^-1 dS_k C^-T
        b = (c_inv @ dsig[:q] @ c_inv.T).reshape(q, -1)
        info = dmu @ sinv @ dmu.T
        info[:q, :q] += 0.5 * (b @ b.T)
        return info

    def information(self, z: np.ndarray) -> np.ndarray:
        """sum_g (n_g / N) I_g in the global parameters (expected, per observation)."""
        out = np.zeros((self.k, self.k))
        for gi, grp in enumerate(self.groups):
            m = self.maps[gi]
            sel = np.where(m >= 0)[0]
            ig = self.group_information(z, gi)
            out[np.ix_(m[sel], m[sel])] += (grp.n / self.n_total) * ig[np.ix_(sel, sel)]
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


def _optimize(mg: _MultiGroup, z0: np.ndarray):
    res = optimize.minimize(
        mg.fun,
        z0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 30},
    )
    z, f = res.x, res.fun
    converged = bool(res.success) or np.max(np.abs(res.jac)) < 1e-6
    # Fisher-scoring polish: the Hessian of F is twice the expected information.
    for _ in range(30):
        f0, g = mg.fun(z)
        if np.max(np.abs(g)) < 1e-10:
            break
        step = np.linalg.lstsq(2.0 * mg.information(z), g, rcond=None)[0]
        tt = 1.0
        while tt > 1e-4:
            f1, _ = mg.fun(z - tt * step)
            if f1 <= f0:
                break
            tt /= 2
        if tt <= 1e-4:
            break
        z = z - tt * step
        f = f1
        if abs(f0 - f1) < 1e-15:
            break
    g = mg.fun(z)[1]
    converged = converged or np.max(np.abs(g)) < 1e-6
    return z, f, converged and np.max(np.abs(g)) < 1e-4


def _prepare_groups(
    data: pd.DataFrame, spec: ModelSpec, group_col: str, levels: Sequence[Any] | None
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
    # One pooled single-group fit gives the engine (the same matrices in every group) and the
    # start values; groups smaller than the number of parameters are fine in a multi-group fit.
    pooled = fit_model(frame[obs], spec)
    eng = pooled.engine
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
        start = np.concatenate([pooled.params, x.mean(0), np.zeros(len(eng.inner))])
        groups.append(_Group(eng, s, x.mean(0), len(x), logdet, start))
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
    lookup = {int(v): i for i, v in enumerate(allidx)}
    return [np.array([lookup[int(v)] if v >= 0 else -1 for v in mp]) for mp in maps]


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
        sig, mu, *_ = mg.moments(grp, mg.local(z, gi))
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
    acov = np.linalg.pinv(mg.information(z)) / mg.n_total
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
    J_g'\\Sigma_g^{-1}J_g]`. Fit indices as lavaan's ``fitMeasures`` for several groups:
    baseline = independence model in every group, RMSEA multiplied by :math:`\\sqrt{G}`
    (Steiger 1998), SRMR = the :math:`n_g`-weighted mean of the group SRMRs with the mean
    residuals included (Rosseel 2012).
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


# --------------------------------------------------------------------------------------------
# The invariance sequence and the structural comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvarianceResult:
    """Measurement invariance and the multi-group structural comparison.

    Attributes
    ----------
    invariance : DataFrame
        ``group_var``, ``model``, ``chisq``, ``df``, ``cfi``, ``tli``, ``rmsea``, ``srmr``,
        ``delta_chisq``, ``delta_df``, ``delta_pvalue``, ``delta_cfi``, ``delta_rmsea``,
        ``freed``, ``decision``, ``n_groups``, ``n``, ``levels``, ``scales``, ``note``.
    paths : DataFrame
        ``group_var``, ``path``, ``group``, ``n``, ``est``, ``se``, ``pvalue``, ``std_all``,
        ``delta_chisq``, ``delta_df``, ``delta_pvalue``, ``p_holm``, ``note``.
    """

    invariance: pd.DataFrame
    paths: pd.DataFrame


def _row(group_var: str, model: str, fit: MultiGroupFit | None, prev: dict | None) -> dict:
    row = {"group_var": group_var, "model": model}
    for k in ("chisq", "df", "cfi", "tli", "rmsea", "srmr"):
        row[k] = fit.fit_value(k) if fit is not None else np.nan
    row |= {
        "delta_chisq": np.nan,
        "delta_df": np.nan,
        "delta_pvalue": np.nan,
        "delta_cfi": np.nan,
        "delta_rmsea": np.nan,
    }
    if fit is not None and prev is not None:
        dchi = row["chisq"] - prev["chisq"]
        ddf = row["df"] - prev["df"]
        row["delta_chisq"] = dchi
        row["delta_df"] = ddf
        row["delta_pvalue"] = stats.chi2.sf(max(dchi, 0.0), ddf) if ddf > 0 else np.nan
        row["delta_cfi"] = row["cfi"] - prev["cfi"]
        row["delta_rmsea"] = row["rmsea"] - prev["rmsea"]
    row["freed"] = ""
    if fit is not None:
        row["n_groups"] = len(fit.groups)
        row["n"] = int(sum(fit.n))
        row["levels"] = "; ".join(f"{g} ({n})" for g, n in zip(fit.groups, fit.n, strict=True))
    return row


def _holds(row: Mapping[str, Any]) -> bool:
    """Chen (2007) / Cheung & Rensvold (2002): ΔCFI >= -.01 and ΔRMSEA <= .015."""
    return bool(row["delta_cfi"] >= DELTA_CFI_MIN and row["delta_rmsea"] <= DELTA_RMSEA_MAX)


def _configural_decision(row: Mapping[str, Any]) -> str:
    ok = row["cfi"] >= 0.90 and row["rmsea"] <= 0.08
    return "acceptable fit" if ok else "poor fit (CFI < .90 or RMSEA > .08)"


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
        note = "left out (fewer than {} complete respondents): {}".format(
            min_group_n, ", ".join(f"{lab} ({nk})" for _, lab, nk in small)
        )
    if len(keep) < 2:
        return (
            None,
            None,
            (
                f"fewer than two levels of {gv} have at least {min_group_n} complete respondents"
                + (f"; {note}" if note else "")
            ),
        )
    return [c for c, _, _ in keep], {c: lab for c, lab, _ in keep}, note


def _structural_comparison(
    data: pd.DataFrame,
    spec: ModelSpec,
    gv: str,
    levels: list,
    labels: Mapping,
    note: str,
    key_paths: Sequence[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Each (key) regression path: free vs equal across groups (loadings equal in both)."""
    frame = data.copy()
    frame[gv] = pd.to_numeric(frame[gv], errors="coerce").map(labels)
    lv = [labels[c] for c in levels]
    prep = _prepare_groups(frame, spec, gv, lv)
    base = _fit_prepared(prep, equal=("loadings",))
    est = base.estimates[base.estimates["op"] == "~"]
    rows = []
    regs = list(dict.fromkeys(spec.regressions()))
    if key_paths:
        regs = [r for r in regs if r in set(key_paths)]

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
    holm = dict(zip(single["path"], _holm(single["delta_pvalue"]), strict=True))
    out["p_holm"] = out["path"].map(holm).where(out["path"] != "all paths", out["delta_pvalue"])
    return out


def _holm(p: pd.Series) -> np.ndarray:
    p = np.asarray(p, float)
    out = np.full(len(p), np.nan)
    ok = ~np.isnan(p)
    pv = p[ok]
    m = len(pv)
    order = np.argsort(pv)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pv[i]))
        adj[i] = running
    out[ok] = adj
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
) -> InvarianceResult:
    """Configural, metric, scalar and partial scalar invariance of the burnout measurement
    model across each group variable, and the multi-group comparison of the structural paths.

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
        invariance holds, every regression path is compared across groups. Composites are
        not supported here (they are left out of the structural comparison with a note).
    scales : sequence of str, optional
        Scales of the measurement model. Default: every scale with role ``burnout``, or every
        scale when the codebook has none.
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

    Returns
    -------
    InvarianceResult
        ``invariance``: one row per group variable and model (``configural``, ``metric``,
        ``scalar``, ``partial_scalar`` when scalar invariance fails and metric holds):
        ``group_var``, ``model``, ``chisq``, ``df``, ``cfi``, ``tli``, ``rmsea``, ``srmr``,
        ``delta_chisq``, ``delta_df``, ``delta_pvalue``, ``delta_cfi``, ``delta_rmsea``
        (each versus the previous model; partial scalar versus metric), ``freed`` (intercepts
        freed, lavaan ``group.partial`` syntax ``item~1``, in the order freed), ``decision``,
        ``n_groups``, ``n``, ``levels`` (label (n) of each level used), ``scales``, ``note``.
        ``paths``: ``group_var``, ``path`` (``EE ~ WL``, or ``all paths``), ``group``, ``n``,
        ``est``, ``se``, ``pvalue``, ``std_all`` (the path in that group, loadings equal),
        ``delta_chisq``, ``delta_df``, ``delta_pvalue`` (the path held equal across groups
        versus free), ``p_holm`` (Holm over the paths of one group variable), ``note``.

    Raises
    ------
    ValueError
        When a group variable is not a codebook demographic or not a data column, or a scale
        is unknown.

    Notes
    -----
    Models as lavaan ``cfa(..., group = g)`` with ``group.equal = "loadings"`` (metric) and
    ``c("loadings", "intercepts")`` (scalar); see :func:`fit_multigroup`. A step holds when
    ΔCFI >= -.01 (Cheung & Rensvold 2002) and ΔRMSEA <= .015 (Chen 2007). When scalar
    invariance fails, intercepts are freed one at a time (at most ``max_freed``): the item
    whose freed intercept lowers chi-square most, i.e. the largest likelihood-ratio
    statistic, which the modification index (score test) of the equality constraint
    approximates (Byrne, Shavelson & Muthén 1989). An intercept is a candidate only while its
    factor keeps at least two equal intercepts. The structural paths are compared only when
    metric invariance holds: each path is held equal across groups in turn and compared with
    the model with free paths by a chi-square difference test (G - 1 df), loadings equal in
    both.
    """
    if scales is None:
        chosen = [s for s in codebook.scales if s.role == "burnout"] or list(codebook.scales)
    else:
        chosen = [codebook.scale(s) for s in scales]
    measurement = {s.name: tuple(s.items) for s in chosen}
    spec = ModelSpec(measurement=measurement)
    items = [i for s in chosen for i in s.items]
    scale_text = ", ".join(measurement)
    structural = None
    path_note = ""
    if model is not None and str(model.get("structural", "")).strip():
        from surveysem.study import model_spec

        composites = list(model.get("composites", []) or [])
        structural = model_spec({"model": {**model, "composites": []}}, codebook)
        if composites:
            path_note = "composites are modelled as latent factors in the group comparison"
    inv_rows: list[dict] = []
    path_frames: list[pd.DataFrame] = []
    with threadpool_limits(limits=1):
        for gv in groups:
            levels, labels, note = _group_levels(data, codebook, gv, min_group_n, items)
            if levels is None:
                inv_rows.append(
                    _row(gv, "configural", None, None)
                    | {
                        "decision": "not tested",
                        "n_groups": 0,
                        "n": 0,
                        "levels": "",
                        "scales": scale_text,
                        "note": note,
                    }
                )
                continue
            frame = data.copy()
            frame[gv] = pd.to_numeric(frame[gv], errors="coerce").map(labels)
            lv = [labels[c] for c in levels]
            prep = _prepare_groups(frame, spec, gv, lv)
            conf = _fit_prepared(prep)
            metr = _fit_prepared(prep, equal=("loadings",), start=conf.local)
            scal = _fit_prepared(prep, equal=("loadings", "intercepts"), start=metr.local)
            r_conf = _row(gv, "configural", conf, None)
            r_conf["decision"] = _configural_decision(r_conf)
            r_metr = _row(gv, "metric", metr, r_conf)
            metric_ok = _holds(r_metr)
            r_metr["decision"] = "holds" if metric_ok else "fails"
            r_scal = _row(gv, "scalar", scal, r_metr)
            scalar_ok = _holds(r_scal)
            r_scal["decision"] = "holds" if scalar_ok else "fails"
            rows = [r_conf, r_metr, r_scal]
            if not scalar_ok and metric_ok and max_freed > 0:
                rows.append(_partial_scalar(prep, spec, gv, r_metr, scal, max_freed))
            for r in rows:
                r |= {"scales": scale_text, "note": note}
            if not conf.fit_value("converged") or not metr.fit_value("converged"):
                for r in rows:
                    r["note"] = (r["note"] + "; " if r["note"] else "") + "a fit did not converge"
            inv_rows += rows
            if structural is not None:
                if metric_ok:
                    try:
                        path_frames.append(
                            _structural_comparison(
                                data,
                                structural,
                                gv,
                                levels,
                                labels,
                                "; ".join(x for x in (note, path_note) if x),
                                key_paths,
                            )
                        )
                    except (ValueError, np.linalg.LinAlgError) as err:
                        path_frames.append(_path_skip(gv, f"structural comparison failed: {err}"))
                else:
                    path_frames.append(
                        _path_skip(gv, "metric invariance does not hold; paths not compared")
                    )
    inv = pd.DataFrame(inv_rows, columns=INVARIANCE_COLUMNS)
    paths = (
        pd.concat(path_frames, ignore_index=True)
        if path_frames
        else pd.DataFrame(columns=PATH_COLUMNS)
    )
    return InvarianceResult(invariance=inv, paths=paths[PATH_COLUMNS])


def _path_skip(gv: str, why: str) -> pd.DataFrame:
    row = dict.fromkeys(PATH_COLUMNS, np.nan) | {
        "group_var": gv,
        "path": "",
        "group": "",
        "note": why,
    }
    return pd.DataFrame([row], columns=PATH_COLUMNS)


def _partial_scalar(prep, spec, gv, r_metr, scal, max_freed) -> dict:
    freed: list[str] = []
    current = scal
    row = None
    for _ in range(max_freed):
        best = None
        for f_items in spec.measurement.values():
            constrained = [i for i in f_items if i not in freed]
            if len(constrained) <= 2:
                continue
            for item in constrained:
                cand = _fit_prepared(
                    prep,
                    equal=("loadings", "intercepts"),
                    free_intercepts=[*freed, item],
                    start=current.local,
                    estimates=False,
                )
                drop = current.fit_value("chisq") - cand.fit_value("chisq")
                if best is None or drop > best[0]:
                    best = (drop, item, cand)
        if best is None:
            break
        freed.append(best[1])
        current = best[2]
        row = _row(gv, "partial_scalar", current, r_metr)
        if _holds(row):
            break
    if row is None:
        row = _row(gv, "partial_scalar", None, None)
        row["decision"] = "not possible (every factor has two or fewer intercepts)"
        return row
    row["freed"] = "; ".join(f"{i}~1" for i in freed)
    row["decision"] = "holds" if _holds(row) else "fails"
    return row
