"""Measurement invariance of ordinal items under WLSMV (multi-group DWLS), as lavaan 0.6-14
fits the models that ``semTools::measEq.syntax`` writes with its defaults for ordered items
(``parameterization = "delta"``, ``ID.fac = "std.lv"``, ``ID.cat = "Wu.Estabrook.2016"``).

For group g the latent responses :math:`y^* = \\nu + \\Lambda\\eta + \\varepsilon` with
:math:`\\eta \\sim (\\alpha, \\Psi)` and scale factors :math:`\\Delta = 1/sd(y^*)` give the
model-implied thresholds and polychoric correlations (lavaan ``computeTH.LISREL`` and
``computeSigmaHat.LISREL`` with ``delta``; residual variances :math:`1/\\Delta^2 -
diag(\\Lambda\\Psi\\Lambda')`, not free):

.. math::

    \\tau^*_{jk} = \\Delta_j(\\tau_{jk} - \\nu_j - \\lambda_j'\\alpha), \\qquad
    \\rho^*_{ab} = \\Delta_a\\Delta_b[\\Lambda\\Psi\\Lambda']_{ab}.

The models (Wu & Estabrook, 2016):

* ``configural``: thresholds and loadings free in every group; factor variances 1, latent
  means 0, intercepts 0, scales 1 in every group (the thresholds are saturated).
* ``metric``: thresholds and loadings equal; in the groups after the first the intercepts,
  scales and factor variances are free (``group.equal = c("thresholds", "loadings")``).
* ``scalar``: also the intercepts equal (0); the latent means are free after the first group.
* ``partial_scalar``: the scalar model with the named items' intercepts free after the first
  group (``group.partial = "item~1"``).

The DWLS discrepancy :math:`F = \\sum_g (N_g - 1)(s_g - \\sigma_g)'W_g(s_g - \\sigma_g)`
(thresholds then correlations, :math:`W_g = diag(\\Gamma_g)^{-1}` of each group's own
sample statistics) is minimised by Gauss-Newton steps with the analytic Jacobian; T = F is
lavaan's standard statistic. The scaled-shifted statistic, robust SEs, scaled CFI/TLI/RMSEA
and the scaled difference test (Satorra, 2000; lavaan ``lavTestLRT`` for WLSMV) follow
lavaan's multi-group formulas (``lav_test_satorra_bentler_trace_ABA``,
``lav_test_diff_Satorra2000``), checked in ``tests/test_invariance_ordinal.py``.

References: Wu, H. & Estabrook, R. (2016). Identification of confirmatory factor analysis
models of different levels of invariance for ordered categorical outcomes. Psychometrika, 81,
1014-1045. Satorra, A. (2000). Scaled and adjusted restricted tests in multi-sample analysis
of moment structures. Asparouhov & Muthén (2010), Simple second order chi-square correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg, stats

from surveysem.ordinal import (
    EmptyCategoryError,
    OrdinalCodes,
    OrdinalStats,
    code_items,
    ordinal_statistics,
    rmsea_ci,
)

MODELS = ("configural", "metric", "scalar", "partial_scalar")
TEST_LABEL = "scaled-shifted (WLSMV)"


# --------------------------------------------------------------------------------------------
# Data: one set of categories for all groups, statistics per group
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdinalGroups:
    """The sample statistics of every group (same items and categories in every group).

    Attributes
    ----------
    items : tuple of str
    factors : tuple of str
    pattern : tuple of (int, int)
        (item, factor) of every loading.
    groups : tuple of str
    stats : tuple of OrdinalStats
        Per group (with the casewise influence).
    note : str
        The categories merged because a group did not use them (empty when none).
    """

    items: tuple[str, ...]
    factors: tuple[str, ...]
    pattern: tuple[tuple[int, int], ...]
    groups: tuple[str, ...]
    stats: tuple[OrdinalStats, ...]
    note: str


def _merge_unused(codes: OrdinalCodes, group_idx: np.ndarray, labels: Sequence[str]):
    """Merge every category that some group never used into its neighbour (the next one, or
    the previous one for the top category), in every group; return the codes and a note."""
    x = codes.codes.copy()
    levels, notes = list(codes.levels), []
    for j, item in enumerate(codes.items):
        while True:
            k = len(levels[j])
            cnt = np.array(
                [np.bincount(x[group_idx == g, j], minlength=k) for g in range(len(labels))]
            )
            empty = np.flatnonzero((cnt == 0).any(axis=0))
            if not len(empty):
                break
            c = int(empty[0])
            into = c + 1 if c < k - 1 else c - 1
            missing_in = [labels[g] for g in np.flatnonzero(cnt[:, c] == 0)]
            notes.append(
                f"{item}: answer {levels[j][c]:g} (not given in {', '.join(missing_in)}) merged "
                f"with {levels[j][into]:g}"
            )
            x[:, j] = np.where(x[:, j] == c, into, x[:, j])
            x[:, j] = np.where(x[:, j] > c, x[:, j] - 1, x[:, j])
            levels[j] = tuple(v for i, v in enumerate(levels[j]) if i != c)
        if len(levels[j]) < 3:
            raise ValueError(
                f"ordinal invariance: item {item!r} has fewer than three categories used by "
                "every group; the Wu & Estabrook (2016) models need at least two thresholds "
                "per item: drop the item from the tested scales or use analysis.estimator ML"
            )
    return OrdinalCodes(codes.items, x, tuple(levels)), "; ".join(notes)


def prepare_ordinal_groups(
    data: pd.DataFrame,
    measurement: dict[str, Sequence[str]],
    group_var: str,
    levels: Sequence[str],
) -> OrdinalGroups:
    """Code the items once (pooled), merge the categories a group did not use, and compute
    each group's thresholds, polychoric correlations and influence (listwise deletion).

    Parameters
    ----------
    data : DataFrame
        Integer item answers and the group column (values in ``levels``).
    measurement : dict
        Factor -> items.
    group_var : str
    levels : sequence of str
        The groups, in order (the first is the reference group).

    Returns
    -------
    OrdinalGroups

    Raises
    ------
    ValueError
        Non-integer answers, an item with fewer than three categories used by every group.

    Notes
    -----
    lavaan stops when a category of an ordered item is empty in a group. Here such a
    category is merged with its neighbour in every group (documented in ``note``), so that
    every group has the same thresholds, as the equality constraints need.
    """
    factors = tuple(measurement)
    items = tuple(dict.fromkeys(i for f in factors for i in measurement[f]))
    pattern = tuple((items.index(i), fi) for fi, f in enumerate(factors) for i in measurement[f])
    frame = data.loc[data[group_var].isin(list(levels)), [*items, group_var]]
    frame = frame.dropna()
    codes = code_items(frame, items, source="ordinal invariance")
    gidx = frame[group_var].map({g: k for k, g in enumerate(levels)}).to_numpy()
    codes, note = _merge_unused(codes, gidx, list(levels))
    per = []
    for g, label in enumerate(levels):
        sub = OrdinalCodes(items, codes.codes[gidx == g], codes.levels)
        try:
            per.append(ordinal_statistics(sub))
        except EmptyCategoryError as exc:  # cannot happen after the merge; be explicit
            raise ValueError(f"ordinal invariance, group {label!r}: {exc}") from None
    return OrdinalGroups(items, factors, pattern, tuple(levels), tuple(per), note)


# --------------------------------------------------------------------------------------------
# The model of one group: local parameters, implied statistics and their Jacobian
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Positions of the local parameters: loadings, psi (lower triangle), alpha, nu, delta,
    thresholds."""

    p: int
    m: int
    pattern: tuple[tuple[int, int], ...]
    th_item: np.ndarray  # item of every threshold
    pair_a: np.ndarray
    pair_b: np.ndarray

    @property
    def psi_pairs(self) -> list[tuple[int, int]]:
        return [(f, h) for h in range(self.m) for f in range(h, self.m)]

    def offsets(self) -> dict[str, slice]:
        sizes = dict(lam=len(self.pattern), psi=len(self.psi_pairs), alpha=self.m, nu=self.p,
                     delta=self.p, tau=len(self.th_item))  # fmt: skip
        out, at = {}, 0
        for k, s in sizes.items():
            out[k] = slice(at, at + s)
            at += s
        return out

    @property
    def size(self) -> int:
        return self.offsets()["tau"].stop


def _unpack(lay: _Layout, loc: np.ndarray):
    o = lay.offsets()
    lam = np.zeros((lay.p, lay.m))
    for v, (j, f) in zip(loc[o["lam"]], lay.pattern, strict=True):
        lam[j, f] = v
    psi = np.zeros((lay.m, lay.m))
    for v, (f, h) in zip(loc[o["psi"]], lay.psi_pairs, strict=True):
        psi[f, h] = psi[h, f] = v
    return lam, psi, loc[o["alpha"]], loc[o["nu"]], loc[o["delta"]], loc[o["tau"]]


def _implied(lay: _Layout, loc: np.ndarray) -> np.ndarray:
    lam, psi, alpha, nu, delta, tau = _unpack(lay, loc)
    c = lam @ psi @ lam.T
    j = lay.th_item
    th = delta[j] * (tau - nu[j] - (lam @ alpha)[j])
    rho = delta[lay.pair_a] * delta[lay.pair_b] * c[lay.pair_a, lay.pair_b]
    return np.concatenate([th, rho])


def _jacobian(lay: _Layout, loc: np.ndarray) -> np.ndarray:
    """d(thresholds, correlations) / d(local parameters), analytic."""
    lam, psi, alpha, nu, delta, tau = _unpack(lay, loc)
    o = lay.offsets()
    nth, a, b, jt = len(tau), lay.pair_a, lay.pair_b, lay.th_item
    jac = np.zeros((nth + len(a), lay.size))
    c = lam @ psi @ lam.T
    pl = psi @ lam.T
    dd = delta[a] * delta[b]
    rows = np.arange(nth)
    r_rho = nth + np.arange(len(a))
    for col, (j, f) in zip(range(o["lam"].start, o["lam"].stop), lay.pattern, strict=True):
        jac[nth:, col] = dd * (np.where(a == j, pl[f, b], 0.0) + np.where(b == j, pl[f, a], 0.0))
        jac[:nth, col] = np.where(jt == j, -delta[jt] * alpha[f], 0.0)
    for col, (f, h) in zip(range(o["psi"].start, o["psi"].stop), lay.psi_pairs, strict=True):
        v = lam[a, f] * lam[b, h] + (lam[a, h] * lam[b, f] if f != h else 0.0)
        jac[nth:, col] = dd * v
    jac[:nth, o["alpha"]] = -delta[jt, None] * lam[jt]
    jac[rows, o["nu"].start + jt] = -delta[jt]
    jac[rows, o["delta"].start + jt] = tau - nu[jt] - (lam @ alpha)[jt]
    cab = c[a, b]
    jac[r_rho, o["delta"].start + a] += delta[b] * cab
    jac[r_rho, o["delta"].start + b] += delta[a] * cab
    jac[rows, o["tau"].start + rows] = delta[jt]
    return jac


# --------------------------------------------------------------------------------------------
# The constraints of each model: a map from local to global parameters
# --------------------------------------------------------------------------------------------


def _maps(lay: _Layout, n_groups: int, model: str, freed: Sequence[int] = ()):
    """Per group: global index of every local parameter (-1: fixed) and the fixed values."""
    o = lay.offsets()
    fixed = np.zeros(lay.size)
    fixed[o["delta"]] = 1.0
    fixed[o["psi"].start + np.array([k for k, (f, h) in enumerate(lay.psi_pairs) if f == h])] = 1.0
    diag = np.zeros(lay.size, bool)
    diag[o["psi"].start + np.array([k for k, (f, h) in enumerate(lay.psi_pairs) if f == h])] = True
    kind = np.empty(lay.size, dtype=object)
    for name, sl in o.items():
        kind[sl] = name
    kind[diag] = "psi_diag"
    nu_free = np.zeros(lay.size, bool)
    nu_free[o["nu"].start + np.asarray(freed, dtype=int)] = True
    maps, shared, nxt = [], {}, 0
    for g in range(n_groups):
        idx = np.full(lay.size, -1)
        for k in range(lay.size):
            role = _role(kind[k], model, g, nu_free[k])
            if role == "fixed":
                continue
            if role == "shared":
                if k not in shared:
                    shared[k], nxt = nxt, nxt + 1
                idx[k] = shared[k]
            else:
                idx[k], nxt = nxt, nxt + 1
        maps.append(idx)
    return maps, fixed, nxt


def _role(kind: str, model: str, g: int, nu_freed: bool) -> str:
    """``fixed``, ``shared`` (equal across groups) or ``free`` (group-specific)."""
    if model == "configural":
        return {"lam": "free", "psi": "free", "tau": "free"}.get(kind, "fixed")
    if kind in ("lam", "tau"):
        return "shared"
    if kind == "psi":
        return "free"
    later = g > 0
    if kind in ("delta", "psi_diag"):
        return "free" if later else "fixed"
    if kind == "nu":
        return "free" if later and (model == "metric" or nu_freed) else "fixed"
    if kind == "alpha":
        return "free" if later and model != "metric" else "fixed"
    return "fixed"


# --------------------------------------------------------------------------------------------
# The fit
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdinalGroupFit:
    """A multi-group DWLS fit.

    Attributes
    ----------
    model : str
    fit : DataFrame
        ``index``, ``value`` (see :func:`fit_ordinal_groups`).
    estimates : DataFrame
        ``group``, ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``z``, ``pvalue``.
    z : ndarray
        The global parameters.
    jac : tuple of ndarray
        Per group, d(thresholds, correlations)/d(global parameters) at the estimates.
    info : ndarray
        :math:`\\sum_g (N_g - 1)/N\\,\\Delta_g'W_g\\Delta_g` (lavaan's expected information).
    converged : bool
    local : tuple of ndarray
        Per group, the local parameters (start values for related models).
    """

    model: str
    fit: pd.DataFrame
    estimates: pd.DataFrame
    z: np.ndarray
    jac: tuple[np.ndarray, ...]
    info: np.ndarray
    converged: bool
    local: tuple[np.ndarray, ...] = ()

    def fit_value(self, index: str) -> float:
        """One fit index by name."""
        return float(self.fit.loc[self.fit["index"] == index, "value"].iloc[0])


def _layout(og: OrdinalGroups) -> _Layout:
    st = og.stats[0]
    th_item = np.concatenate([np.full(len(t), j) for j, t in enumerate(st.thresholds)])
    return _Layout(len(og.items), len(og.factors), og.pattern, th_item, st.pair_a, st.pair_b)


def _sample(st: OrdinalStats):
    s = np.concatenate([np.concatenate(st.thresholds), st.rho])
    return s, 1.0 / st.gamma_diag


def _start(lay: _Layout, og: OrdinalGroups, maps, fixed, npar, start) -> np.ndarray:
    """Global start values: from ``start`` (local vectors of a related fit) or defaults."""
    o = lay.offsets()
    acc, cnt = np.zeros(npar), np.zeros(npar)
    for g, idx in enumerate(maps):
        if start is not None:
            loc = start[g]
        else:
            loc = fixed.copy()
            loc[o["lam"]] = 0.7
            loc[o["tau"]] = np.concatenate(og.stats[g].thresholds)
        ok = idx >= 0
        np.add.at(acc, idx[ok], loc[ok])
        np.add.at(cnt, idx[ok], 1.0)
    return acc / np.maximum(cnt, 1.0)


def _local(z, idx, fixed):
    loc = fixed.copy()
    ok = idx >= 0
    loc[ok] = z[idx[ok]]
    return loc


def _global_jac(lay, loc, idx, npar):
    jl = _jacobian(lay, loc)
    out = np.zeros((jl.shape[0], npar))
    ok = np.flatnonzero(idx >= 0)
    np.add.at(out.T, idx[ok], jl[:, ok].T)
    return out


def _objective(lay, og, maps, fixed, z):
    f = 0.0
    for g, st in enumerate(og.stats):
        s, w = _sample(st)
        res = s - _implied(lay, _local(z, maps[g], fixed))
        f += (st.n - 1) * float(np.sum(w * res * res))
    return f


def _gauss_newton(lay, og, maps, fixed, z, npar, max_iter=200):
    f = _objective(lay, og, maps, fixed, z)
    for _ in range(max_iter):
        lhs, rhs = np.zeros((npar, npar)), np.zeros(npar)
        for g, st in enumerate(og.stats):
            s, w = _sample(st)
            loc = _local(z, maps[g], fixed)
            jac = _global_jac(lay, loc, maps[g], npar)
            res = s - _implied(lay, loc)
            lhs += (st.n - 1) * jac.T @ (w[:, None] * jac)
            rhs += (st.n - 1) * jac.T @ (w * res)
        step = linalg.lstsq(lhs, rhs)[0]
        t = 1.0
        while True:
            zn = z + t * step
            fn = _objective(lay, og, maps, fixed, zn)
            if fn <= f or t < 1e-10:
                break
            t /= 2
        if fn > f:
            return z, f, False
        done = np.max(np.abs(t * step)) < 1e-9 or (f - fn <= 1e-15 * max(f, 1.0))
        z, f = zn, fn
        if done:
            return z, f, True
    return z, f, False


def _traces(gammas, ws, jacs, fp, info_inv):
    """tr(UΓ), tr((UΓ)²) of lavaan's ``lav_test_satorra_bentler_trace_ABA`` (new approach):
    :math:`U\\Gamma = \\Gamma V - \\Delta E^{-1}\\Delta'V\\Gamma V` with V = bdiag(f'_g W_g),
    Γ = bdiag(Γ_g / f'_g), f'_g = (N_g - 1)/N."""
    gam = linalg.block_diag(*[gm / f for gm, f in zip(gammas, fp, strict=True)])
    v = np.concatenate([f * w for w, f in zip(ws, fp, strict=True)])
    d = np.vstack(jacs)
    gv = gam * v[None, :]
    ug = gv - d @ (info_inv @ (d.T @ (v[:, None] * gv)))
    return float(np.trace(ug)), float(np.sum(ug * ug.T))


def _fit_table(og, lay, jacs, info, f, npar, converged, srmr) -> pd.DataFrame:
    n_g = np.array([st.n for st in og.stats])
    n, n_groups = float(n_g.sum()), len(n_g)
    fp = (n_g - 1) / n
    gammas = [
        st.n * np.hstack([st.z_th, st.z_rho]).T @ np.hstack([st.z_th, st.z_rho]) for st in og.stats
    ]
    ws = [_sample(st)[1] for st in og.stats]
    q = [len(w) for w in ws]
    df = float(sum(q) - npar)
    info_inv = np.linalg.pinv(info)
    tr1, tr2 = _traces(gammas, ws, jacs, fp, info_inv)
    a = np.sqrt(df / tr2)
    t_ss = f * a + (df - a * tr1)
    # baseline: correlations 0, thresholds free in every group
    nth = len(lay.th_item)
    jb = []
    for g in range(n_groups):
        e = np.zeros((q[g], nth * n_groups))
        e[np.arange(nth), g * nth + np.arange(nth)] = 1.0
        jb.append(e)
    info_b = sum(fp[g] * jb[g].T @ (ws[g][:, None] * jb[g]) for g in range(n_groups))
    tb1, tb2 = _traces(gammas, ws, jb, fp, np.linalg.pinv(info_b))
    t_b = float(sum((st.n - 1) * np.sum(ws[g][nth:] * st.rho**2) for g, st in enumerate(og.stats)))
    df_b = float(sum(qg - nth for qg in q))
    ab = np.sqrt(df_b / tb2)
    tb_ss = t_b * ab + (df_b - ab * tb1)
    n1 = n - n_groups
    rows = {
        "chisq": f,
        "df": df,
        "pvalue": stats.chi2.sf(f, df) if df > 0 else np.nan,
        "chisq_scaled": t_ss,
        "pvalue_scaled": stats.chi2.sf(t_ss, df) if df > 0 else np.nan,
        "scaling_factor": 1.0 / a,
        "shift_parameter": df - a * tr1,
        "baseline_chisq": t_b,
        "baseline_df": df_b,
        "baseline_chisq_scaled": tb_ss,
        "cfi_scaled": _cfi(t_ss, df, tb_ss, df_b),
        "tli_scaled": _tli(t_ss, df, tb_ss, df_b),
        "rmsea_scaled": _rmsea(t_ss, df, n1, n_groups),
        "srmr": srmr,
        "npar": float(npar),
        "n": n,
        "n_groups": float(n_groups),
        "converged": float(converged),
    }
    lo, hi = rmsea_ci(t_ss, df, n1)
    rows["rmsea_scaled_ci_low"] = lo * np.sqrt(n_groups)
    rows["rmsea_scaled_ci_high"] = hi * np.sqrt(n_groups)
    return pd.DataFrame({"index": list(rows), "value": [float(v) for v in rows.values()]})


def _cfi(x2, df, x2_b, df_b):
    t1 = max(x2 - df, 0.0)
    t2 = max(x2 - df, x2_b - df_b, 0.0)
    return 1.0 if np.isclose(t2, 0.0) else 1.0 - t1 / t2


def _tli(x2, df, x2_b, df_b):
    t2 = (x2_b - df_b) * df
    return 1.0 - (x2 - df) * df_b / t2 if df > 0 and abs(t2) > 0 else 1.0


def _rmsea(x2, df, n, n_groups):
    """lavaan ``lav_fit_rmsea``: :math:`\\sqrt{\\max(X^2/(N df) - 1/N, 0)}\\sqrt{G}`."""
    return float(np.sqrt(max(x2 / n / df - 1.0 / n, 0.0)) * np.sqrt(n_groups)) if df > 0 else 0.0


def _srmr(og, lay, locals_) -> float:
    """lavaan's multi-group SRMR: the groups' SRMR (correlation residuals over p(p + 1)/2)
    weighted by :math:`N_g/N`."""
    nth, p = len(lay.th_item), lay.p
    n = sum(st.n for st in og.stats)
    out = 0.0
    for st, loc in zip(og.stats, locals_, strict=True):
        res = st.rho - _implied(lay, loc)[nth:]
        out += st.n / n * np.sqrt(np.sum(res**2) / (p * (p + 1) / 2))
    return float(out)


def fit_ordinal_groups(
    og: OrdinalGroups,
    model: str,
    freed: Sequence[str] = (),
    start: Sequence[np.ndarray] | None = None,
) -> OrdinalGroupFit:
    """Fit one model of the invariance sequence by multi-group DWLS.

    Parameters
    ----------
    og : OrdinalGroups
    model : {"configural", "metric", "scalar", "partial_scalar"}
    freed : sequence of str
        Items whose intercepts are free after the first group (``partial_scalar``).
    start : sequence of ndarray, optional
        Per group local start values (``local`` of a related fit).

    Returns
    -------
    OrdinalGroupFit
        ``fit`` rows ``chisq``, ``df``, ``pvalue`` (standard), ``chisq_scaled``,
        ``pvalue_scaled``, ``scaling_factor``, ``shift_parameter`` (scaled-shifted),
        ``baseline_chisq``, ``baseline_df``, ``baseline_chisq_scaled``, ``cfi_scaled``,
        ``tli_scaled``, ``rmsea_scaled``, ``srmr``, ``npar``, ``n``, ``n_groups``,
        ``converged``, ``rmsea_scaled_ci_low``, ``rmsea_scaled_ci_high``.

    Notes
    -----
    Scaled-shifted :math:`T_{ss} = aT + df - a\\,tr(U\\Gamma)`, :math:`a =
    \\sqrt{df/tr((U\\Gamma)^2)}`; baseline: every correlation 0, thresholds free per group;
    RMSEA with N - G and :math:`\\sqrt{G}` (lavaan). Robust SEs :math:`E^{-1}(\\sum_g f'_g
    \\Delta_g'W_g\\Gamma_gW_g\\Delta_g)E^{-1}/N`.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    lay = _layout(og)
    base = "scalar" if model == "partial_scalar" else model
    fidx = [og.items.index(i) for i in freed]
    maps, fixed, npar = _maps(lay, len(og.groups), base, fidx)
    z0 = _start(lay, og, maps, fixed, npar, start)
    z, f, converged = _gauss_newton(lay, og, maps, fixed, z0, npar)
    locals_ = [_local(z, idx, fixed) for idx in maps]
    jacs = tuple(_global_jac(lay, loc, idx, npar) for loc, idx in zip(locals_, maps, strict=True))
    n = sum(st.n for st in og.stats)
    fp = [(st.n - 1) / n for st in og.stats]
    ws = [_sample(st)[1] for st in og.stats]
    info = sum(f_ * j.T @ (w[:, None] * j) for f_, j, w in zip(fp, jacs, ws, strict=True))
    fit = _fit_table(og, lay, jacs, info, f, npar, converged, _srmr(og, lay, locals_))
    est = _estimates(og, lay, maps, locals_, z, jacs, info, fp)
    return OrdinalGroupFit(model, fit, est, z, jacs, info, converged, tuple(locals_))


def _meat(og, jacs, fp):
    out = 0.0
    for st, j, f in zip(og.stats, jacs, fp, strict=True):
        zz = np.hstack([st.z_th, st.z_rho])
        a = zz @ (_sample(st)[1][:, None] * j)
        out = out + f * st.n * (a.T @ a)
    return out


def _names(og, lay):
    o = lay.offsets()
    names = [None] * lay.size
    for k, (j, f) in enumerate(lay.pattern):
        names[o["lam"].start + k] = (og.factors[f], "=~", og.items[j])
    for k, (f, h) in enumerate(lay.psi_pairs):
        names[o["psi"].start + k] = (og.factors[h], "~~", og.factors[f])
    for f in range(lay.m):
        names[o["alpha"].start + f] = (og.factors[f], "~1", "")
    for j in range(lay.p):
        names[o["nu"].start + j] = (og.items[j], "~1", "")
        names[o["delta"].start + j] = (og.items[j], "~*~", og.items[j])
    th = og.stats[0].threshold_names()
    for k, (item, t) in enumerate(th):
        names[o["tau"].start + k] = (item, "|", t)
    return names


def _estimates(og, lay, maps, locals_, z, jacs, info, fp) -> pd.DataFrame:
    info_inv = np.linalg.pinv(info)
    n = sum(st.n for st in og.stats)
    vcov = info_inv @ _meat(og, jacs, fp) @ info_inv / n
    se_z = np.sqrt(np.clip(np.diag(vcov), 0.0, None))
    names = _names(og, lay)
    rows = []
    for g, (idx, loc) in enumerate(zip(maps, locals_, strict=True)):
        for k, (lhs, op, rhs) in enumerate(names):
            se = se_z[idx[k]] if idx[k] >= 0 else np.nan
            rows.append(dict(group=og.groups[g], lhs=lhs, op=op, rhs=rhs, est=loc[k], se=se))
    out = pd.DataFrame(rows)
    out["z"] = out["est"] / out["se"]
    out["pvalue"] = 2 * stats.norm.sf(np.abs(out["z"]))
    return out


def scaled_difference(fit1: OrdinalGroupFit, fit0: OrdinalGroupFit, og: OrdinalGroups) -> dict:
    """The scaled-shifted difference test of two nested multi-group DWLS models, as lavaan
    0.6-14 ``lavTestLRT`` gives it for WLSMV (``method = "satorra.2000"``, ``A.method =
    "delta"``, ``scaled.shifted = TRUE``).

    Parameters
    ----------
    fit1, fit0 : OrdinalGroupFit
        The less and the more restricted model, fitted to ``og``.

    Returns
    -------
    dict
        ``delta_chisq`` (:math:`a(T_0 - T_1) + b`), ``delta_df`` (m), ``delta_pvalue``.

    Notes
    -----
    Satorra (2000): :math:`H = \\Delta_1^+\\Delta_0` (Jacobians stacked over groups), A the
    orthogonal complement of H's columns, :math:`M = P^{-1}A'(AP^{-1}A')^+AP^{-1}` with P
    the information of model 1, :math:`K = \\sum_g f'_g\\Delta_{1g}'W_g\\Gamma_gW_g
    \\Delta_{1g}`; :math:`a = \\sqrt{m/tr((MK)^2)}`, :math:`b = m - a\\,tr(MK)` (lavaan
    0.6-13 and later: the global :math:`tr((U\\Gamma)^2)`).
    """
    t1, t0 = fit1.fit_value("chisq"), fit0.fit_value("chisq")
    m = int(round(fit0.fit_value("df") - fit1.fit_value("df")))
    if m <= 0:
        return dict(delta_chisq=t0 - t1, delta_df=float(m), delta_pvalue=np.nan)
    d1, d0 = np.vstack(fit1.jac), np.vstack(fit0.jac)
    h = np.linalg.pinv(d1) @ d0
    q, _ = np.linalg.qr(h, mode="complete")
    a = q[:, np.linalg.matrix_rank(h) :].T
    p_inv = np.linalg.pinv(fit1.info)
    apa = a @ p_inv @ a.T
    keep = ~((np.abs(apa.sum(0)) < 1.5e-8) & (np.abs(apa.sum(1)) < 1.5e-8))
    a = a[keep]
    mm = p_inv @ a.T @ np.linalg.pinv(a @ p_inv @ a.T) @ a @ p_inv
    n = sum(st.n for st in og.stats)
    fp = [(st.n - 1) / n for st in og.stats]
    mk = mm @ _meat(og, fit1.jac, fp)
    tr1, tr2 = float(np.trace(mk)), float(np.trace(mk @ mk))
    scale = np.sqrt(m / tr2)
    stat = (t0 - t1) * scale + (m - scale * tr1)
    return dict(delta_chisq=stat, delta_df=float(m), delta_pvalue=float(stats.chi2.sf(stat, m)))
