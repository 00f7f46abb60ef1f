"""Likert items as ordered categories: thresholds, polychoric correlations and WLSMV, as
lavaan 0.6-14 computes them (``ordered = <the items>``, ``estimator = "WLSMV"``).

* **Thresholds** from the univariate margins, :math:`\\tau_{jk} = \\Phi^{-1}(P(y_j \\le k))`
  (the probit ML estimate without covariates, lavaan ``lav_uvord_fit``).
* **Polychoric correlations** by the two-step method (Olsson, 1979): the thresholds fixed at
  their univariate values, the bivariate-normal likelihood of each contingency table
  maximised in :math:`\\rho` by a safeguarded Newton method run on every pair at once. Empty
  cells follow lavaan's ``zero.add = c(0.5, 0)``: in a 2 x 2 table with one empty cell 0.5 is
  added to it (and its diagonal partner, keeping the margins); larger tables are left alone.
* **Asymptotic covariance** :math:`\\Gamma` of thresholds and correlations from the casewise
  scores (Muthén, 1984; Muthén & Satorra, 1995; lavaan ``muthen1984``): with the score
  matrix of the univariate and bivariate likelihoods and the first-order (outer-product)
  information blocks A11, A21, A22, every respondent's influence is
  :math:`z_i = B^{-1} s_i` and :math:`\\Gamma = N \\sum_i z_i z_i'`. Each respondent's
  influence depends only on the cell of each table they fall in, so it is computed per cell
  and gathered.
* **DWLS** (W = diag(Γ)⁻¹; ULS: W = I) in the delta parameterization: the model-implied
  correlations are the off-diagonal elements of :math:`\\Sigma^*` whose residual variances
  are :math:`1 - \\mathrm{diag}(\\Lambda\\Phi\\Lambda')` (not free), the thresholds are free
  and saturated, so they equal the sample thresholds. Robust (sandwich) SEs
  :math:`(\\Delta'W\\Delta)^{-1}\\Delta'W\\Gamma W\\Delta(\\Delta'W\\Delta)^{-1}/N`, the
  scaled-shifted test (Asparouhov & Muthén, 2010), the scaled CFI/TLI/RMSEA and the robust
  ones of lavaan 0.6-14 (Savalei, 2021: the ML discrepancy of the polychoric matrix, scaled
  by :math:`tr(U_{ML}' V U_{ML}\\Gamma)`), SRMR on the correlations.

The module also decides, once, whether a study's items are treated as ordinal
(:func:`decide_estimator`).

References: Olsson (1979) Psychometrika 44, 443-460; Muthén (1984) Psychometrika 49,
115-132; Muthén, du Toit & Spisic (1997); Asparouhov & Muthén (2010) Simple second order
chi-square correction; Savalei (2021) Improving fit indices in structural equation modeling
with categorical data, Multivariate Behavioral Research 56, 390-407; Rosseel (2012) lavaan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats
from threadpoolctl import threadpool_limits

from surveysem.sem import SemFit, solution_tables, start_model

SQRT_EPS = float(np.sqrt(np.finfo(float).eps))
BIG = 100.0  # lavaan's stand-in for an infinite threshold in the score formulas
RHO_BOUND = 0.999  # lavaan's bounds for a polychoric correlation (nlminb lower/upper)
ORDINAL_ESTIMATORS = ("WLSMV", "ULSMV")


def _npdf(x):
    return np.exp(-0.5 * np.asarray(x, dtype=float) ** 2) / np.sqrt(2 * np.pi)


class EmptyCategoryError(ValueError):
    """A category of an item has no respondent (lavaan stops; a bootstrap resample fails)."""


# --------------------------------------------------------------------------------------------
# Coding the answers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdinalCodes:
    """Item answers as category codes.

    Attributes
    ----------
    items : tuple of str
    codes : ndarray of int (n, p)
        0 .. K_j - 1 in the order of the observed values; -1 where the answer is missing.
    levels : tuple of tuple of float
        The observed values of each item, in increasing order (category k is ``levels[j][k]``).
    """

    items: tuple[str, ...]
    codes: np.ndarray
    levels: tuple[tuple[float, ...], ...]

    @property
    def n_categories(self) -> np.ndarray:
        return np.array([len(v) for v in self.levels])


def code_items(frame: pd.DataFrame, items: Sequence[str], source: str = "the data") -> OrdinalCodes:
    """Code every item's observed values 0..K-1 (lavaan: ``ordered()`` of the observed values).

    Raises
    ------
    ValueError
        When an item is not a column, has a non-integer value (an item parcel or a mean
        cannot be ordinal) or has a single observed category (no threshold can be
        estimated: drop the item or leave it continuous).
    """
    absent = [i for i in items if i not in frame.columns]
    if absent:
        raise ValueError(f"{source}: ordinal item(s) {', '.join(absent)} are not columns")
    codes = np.full((len(frame), len(items)), -1, dtype=np.int64)
    levels = []
    for j, item in enumerate(items):
        col = pd.to_numeric(frame[item], errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(col)
        bad = ok & (np.abs(col - np.round(col)) > 1e-9)
        if bad.any():
            raise ValueError(
                f"{source}: item {item!r} has non-integer value {float(col[bad][0]):g} (row "
                f"{int(np.flatnonzero(bad)[0]) + 1}); ordinal estimation (WLSMV) needs the raw "
                "integer answers, not parcels or means: use analysis.estimator ML/MLR or "
                "analysis.ordinal false for such data"
            )
        values = np.unique(col[ok])
        if len(values) < 2:
            shown = f"the single value {values[0]:g}" if len(values) else "no answer"
            raise ValueError(
                f"{source}: item {item!r} has {shown}; an ordinal item needs at least two "
                "observed categories: drop it from its scale in the codebook"
            )
        codes[ok, j] = np.searchsorted(values, col[ok])
        levels.append(tuple(float(v) for v in values))
    return OrdinalCodes(tuple(items), codes, tuple(levels))


# --------------------------------------------------------------------------------------------
# The bivariate normal distribution (vectorised)
# --------------------------------------------------------------------------------------------

_GL_NODES = {
    6: (
        np.array([0.9324695142031522, 0.6612093864662647, 0.2386191860831970]),
        np.array([0.1713244923791705, 0.3607615730481384, 0.4679139345726904]),
    ),
    12: (
        np.array(
            [0.9815606342467191, 0.9041172563704750, 0.7699026741943050,
             0.5873179542866171, 0.3678314989981802, 0.1252334085114692]
        ),
        np.array(
            [0.04717533638651177, 0.1069393259953183, 0.1600783285433464,
             0.2031674267230659, 0.2334925365383547, 0.2491470458134029]
        ),
    ),
    20: (
        np.array(
            [0.9931285991850949, 0.9639719272779138, 0.9122344282513259,
             0.8391169718222188, 0.7463319064601508, 0.6360536807265150,
             0.5108670019508271, 0.3737060887154196, 0.2277858511416451,
             0.07652652113349733]
        ),
        np.array(
            [0.01761400713915212, 0.04060142980038694, 0.06267204833410906,
             0.08327674157670475, 0.1019301198172404, 0.1181945319615184,
             0.1316886384491766, 0.1420961093183821, 0.1491729864726037,
             0.1527533871307259]
        ),
    ),
}  # fmt: skip


def _gl(n: int):
    x, w = _GL_NODES[n]
    return np.concatenate([1 - x, 1 + x]), np.concatenate([w, w])


def _bvnu_small(h, k, r, n_nodes):
    """P(X > h, Y > k) for |r| < 0.925 (Drezner & Wesolowsky 1990 as in Genz's BVNU)."""
    x, w = _gl(n_nodes)
    hk = h * k
    hs = (h * h + k * k) / 2
    asr = np.arcsin(r) / 2
    sn = np.sin(asr[:, None] * x[None, :])
    bvn = np.exp((sn * hk[:, None] - hs[:, None]) / (1 - sn * sn)) @ w
    return bvn * asr / (2 * np.pi) + special.ndtr(-h) * special.ndtr(-k)


def _bvnu_large(h, k, r):
    """P(X > h, Y > k) for 0.925 <= |r| < 1 (Genz's BVNU, the 20-point rule)."""
    x, w = _gl(20)
    neg = r < 0
    k = np.where(neg, -k, k)
    hk = h * k
    a_s = 1 - r * r
    a = np.sqrt(a_s)
    bs = (h - k) ** 2
    c = (4 - hk) / 8
    d = (12 - hk) / 80
    asr = -(bs / a_s + hk) / 2
    bvn = np.where(
        asr > -100, a * np.exp(asr) * (1 - c * (bs - a_s) * (1 - d * bs) / 3 + c * d * a_s**2), 0.0
    )
    b = np.sqrt(bs)
    sp = np.sqrt(2 * np.pi) * special.ndtr(-b / a)
    bvn = np.where(hk > -100, bvn - np.exp(-hk / 2) * sp * b * (1 - c * bs * (1 - d * bs) / 3), bvn)
    a2 = a / 2
    xs = (a2[:, None] * x[None, :]) ** 2
    asr2 = -(bs[:, None] / xs + hk[:, None]) / 2
    sp2 = 1 + c[:, None] * xs * (1 + 5 * d[:, None] * xs)
    rs = np.sqrt(1 - xs)
    ep = np.exp(-(hk[:, None] / 2) * xs / (1 + rs) ** 2) / rs
    terms = np.where(asr2 > -100, np.exp(asr2) * (sp2 - ep), 0.0)
    bvn = (a2 * (terms @ w) - bvn) / (2 * np.pi)
    pos = special.ndtr(-np.maximum(h, k))
    low = np.where(h < 0, special.ndtr(k) - special.ndtr(h), special.ndtr(-h) - special.ndtr(-k))
    return np.where(~neg, bvn + pos, np.where(h >= k, -bvn, low - bvn))


def bvn_cdf(x, y, rho) -> np.ndarray:
    """Bivariate standard normal CDF :math:`\\Phi_2(x, y; \\rho)`, elementwise (broadcast).

    Notes
    -----
    Genz (2004), Numerical computation of rectangular bivariate and trivariate normal and t
    probabilities, Statistics and Computing 14, 251-260 (the algorithm of his BVNU, as the R
    package pbivnorm that lavaan calls): Gauss-Legendre quadrature of Drezner & Wesolowsky's
    formula with 6, 12 or 20 nodes, an asymptotic expansion for :math:`|\\rho| \\ge 0.925`;
    accurate to about 1e-15. Infinite limits and :math:`|\\rho| = 1` are exact.
    """
    x, y, rho = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, y, rho)))
    shape = x.shape
    x, y, r = x.ravel(), y.ravel(), rho.ravel()
    out = np.empty(x.shape)
    fin = np.isfinite(x) & np.isfinite(y)
    # infinite limits
    lo = (x == -np.inf) | (y == -np.inf)
    out[lo] = 0.0
    xi = (x == np.inf) & ~lo
    out[xi] = special.ndtr(y[xi])
    yi = (y == np.inf) & ~lo & ~xi
    out[yi] = special.ndtr(x[yi])
    ar = np.abs(r)
    one = fin & (ar >= 1)
    out[one & (r > 0)] = special.ndtr(np.minimum(x, y)[one & (r > 0)])
    m = one & (r < 0)
    out[m] = np.maximum(special.ndtr(x[m]) + special.ndtr(y[m]) - 1, 0.0)
    zero = fin & (r == 0)
    out[zero] = special.ndtr(x[zero]) * special.ndtr(y[zero])
    for mask, nodes in (
        (fin & (ar > 0) & (ar < 0.3), 6),
        (fin & (ar >= 0.3) & (ar < 0.75), 12),
        (fin & (ar >= 0.75) & (ar < 0.925), 20),
    ):
        if mask.any():
            out[mask] = _bvnu_small(-x[mask], -y[mask], r[mask], nodes)
    mask = fin & (ar >= 0.925) & (ar < 1)
    if mask.any():
        out[mask] = _bvnu_large(-x[mask], -y[mask], r[mask])
    return np.clip(out, 0.0, 1.0).reshape(shape)


def bvn_pdf(x, y, rho) -> np.ndarray:
    """Bivariate standard normal density (0 at infinite arguments)."""
    x, y, rho = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, y, rho)))
    r2 = 1.0 - rho * rho
    with np.errstate(invalid="ignore", over="ignore"):
        q = (x * x - 2 * rho * x * y + y * y) / r2
        out = np.exp(-q / 2) / (2 * np.pi * np.sqrt(r2))
    return np.where(np.isfinite(x) & np.isfinite(y), out, 0.0)


# --------------------------------------------------------------------------------------------
# Sample statistics: thresholds, polychoric correlations, their asymptotic covariance
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdinalStats:
    """Thresholds, polychoric correlations and the pieces of their asymptotic covariance.

    Attributes
    ----------
    items : tuple of str
    n : float
        Respondents used (the sum of the case weights).
    thresholds : tuple of ndarray
        Per item, its K_j - 1 thresholds.
    pair_a, pair_b : ndarray of int
        The items of each correlation, in lavaan's order (below the diagonal, by column:
        (2,1), (3,1), ..., (p,1), (3,2), ...; ``pair_a > pair_b``).
    rho : ndarray
        The polychoric correlations.
    gamma_diag : ndarray
        Diagonal of :math:`\\Gamma` (lavaan's NACOV): thresholds (item by item), then the
        correlations.
    z_th, z_rho : ndarray or None
        Casewise influence (n x n_thresholds, n x n_pairs; unweighted rows) with
        :math:`\\Gamma = N \\sum_i z_i z_i'` (None unless asked for).
    zero_cell_pairs : tuple of (str, str)
        Pairs whose contingency table has an empty cell.
    """

    items: tuple[str, ...]
    n: float
    thresholds: tuple[np.ndarray, ...]
    pair_a: np.ndarray
    pair_b: np.ndarray
    rho: np.ndarray
    gamma_diag: np.ndarray
    z_th: np.ndarray | None = field(default=None, repr=False)
    z_rho: np.ndarray | None = field(default=None, repr=False)
    zero_cell_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def n_thresholds(self) -> int:
        return int(sum(len(t) for t in self.thresholds))

    def correlation_matrix(self) -> np.ndarray:
        p = len(self.items)
        r = np.eye(p)
        r[self.pair_a, self.pair_b] = self.rho
        r[self.pair_b, self.pair_a] = self.rho
        return r

    def threshold_names(self) -> list[tuple[str, str]]:
        return [
            (it, f"t{k + 1}")
            for it, th in zip(self.items, self.thresholds, strict=True)
            for k in range(len(th))
        ]


def lavaan_pairs(p: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of every pair a > b in lavaan's vech order (below the diagonal, by column)."""
    b, a = np.triu_indices(p, 1)  # row-major upper triangle (b < a) = column-major lower
    return a, b


def _one_hot(codes: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """n x sum(K) indicator matrix of the categories (missing rows zero) and the offsets."""
    off = np.concatenate([[0], np.cumsum(k)])
    n, p = codes.shape
    out = np.zeros((n, int(off[-1])))
    rows, cols = np.nonzero(codes >= 0)
    out[rows, off[cols] + codes[rows, cols]] = 1.0
    return out, off


def _padded_thresholds(th: Sequence[np.ndarray], kmax: int) -> np.ndarray:
    """p x (kmax + 1) cut points: -inf, tau_1..tau_{K-1}, +inf (padded with +inf)."""
    out = np.full((len(th), kmax + 1), np.inf)
    out[:, 0] = -np.inf
    for j, t in enumerate(th):
        out[j, 1 : len(t) + 1] = t
    return out


def _cell_grid(cuts_a, cuts_b, rho, fun):
    """fun(x, y, rho) on the (kmax+1) x (kmax+1) grid of cut points of every pair."""
    return fun(cuts_a[:, :, None], cuts_b[:, None, :], rho[:, None, None])


def _corners(g: np.ndarray) -> np.ndarray:
    return g[:, 1:, 1:] - g[:, 1:, :-1] - g[:, :-1, 1:] + g[:, :-1, :-1]


def _guv(u, v, rho):
    r2 = 1 - rho * rho
    with np.errstate(invalid="ignore"):
        out = (u * v * r2 - rho * (u * u - 2 * rho * u * v + v * v) + rho * r2) / (r2 * r2)
    return np.where(np.isfinite(u) & np.isfinite(v), out, 0.0)


def _bivariate_terms(freq, cuts_a, cuts_b, rho, derivatives=True):
    """Log-likelihood of every table at rho and its first two derivatives (lavaan's rules:
    cell probabilities floored at sqrt(eps), such cells left out of the derivatives)."""
    pi = _corners(_cell_grid(cuts_a, cuts_b, rho, bvn_cdf))
    pi = np.maximum(pi, SQRT_EPS)
    ll = np.sum(freq * np.log(pi), axis=(1, 2))
    if not derivatives:
        return ll, pi, None, None
    dens = _cell_grid(cuts_a, cuts_b, rho, bvn_pdf)
    phi = _corners(dens)
    ok = pi > SQRT_EPS
    fp = np.where(ok, freq / pi, 0.0)
    grad = np.sum(fp * phi, axis=(1, 2))
    u, v = cuts_a[:, :, None], cuts_b[:, None, :]
    gnorm = _corners(dens * _guv(u, v, rho[:, None, None]))
    hess = np.sum(fp * gnorm - fp * phi * phi / pi, axis=(1, 2))
    return ll, pi, grad, hess


def _fit_rho(freq, cuts_a, cuts_b, rho0, n_pairs_obs, tol=1e-12):
    """Maximise every table's likelihood in rho (Newton with step halving, in the bounds).

    A step is taken only when it does not lower the likelihood and does not push an observed
    cell's probability to the sqrt(eps) floor (where the floored likelihood is flat and a
    Newton method would stop on the plateau); steps are at most 0.1.
    """
    rho = np.clip(np.asarray(rho0, dtype=float).copy(), -RHO_BOUND, RHO_BOUND)
    ll, pi, g, h = _bivariate_terms(freq, cuts_a, cuts_b, rho)
    floored = np.sum((pi <= SQRT_EPS) & (freq > 0), axis=(1, 2))
    active = np.abs(g) / n_pairs_obs >= 1e-13
    t = np.ones(len(rho))
    for _ in range(300):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        step = np.where(
            h[idx] < 0, -g[idx] / np.where(h[idx] < 0, h[idx], -1.0), np.sign(g[idx]) * 0.05
        )
        new = np.clip(rho[idx] + t[idx] * np.clip(step, -0.1, 0.1), -RHO_BOUND, RHO_BOUND)
        sl = (freq[idx], cuts_a[idx], cuts_b[idx])
        ll_n, pi_n, g_n, h_n = _bivariate_terms(*sl, new)
        fl_n = np.sum((pi_n <= SQRT_EPS) & (sl[0] > 0), axis=(1, 2))
        worse = (ll_n < ll[idx] - 1e-12 * np.abs(ll[idx])) | (fl_n > floored[idx])
        ok = ~worse
        moved = np.abs(new - rho[idx])
        acc = idx[ok]
        rho[acc], ll[acc], g[acc], h[acc], floored[acc] = (
            new[ok],
            ll_n[ok],
            g_n[ok],
            h_n[ok],
            fl_n[ok],
        )
        t[acc] = 1.0
        t[idx[worse]] /= 2
        done = (ok & ((moved < tol) | (np.abs(g_n) / n_pairs_obs[idx] < 1e-13))) | (t[idx] < 1e-12)
        active[idx[done]] = False
    return rho


def _two_by_two(freq: np.ndarray, th_a: np.ndarray, th_b: np.ndarray):
    """lavaan's rules for a 2 x 2 table (``zero.add[1] = 0.5``, ``zero.keep.margins``).

    Returns the (possibly) adjusted table and a fixed correlation, or None to estimate it.
    """
    f = freq[:2, :2].copy()
    empty = np.flatnonzero(f.ravel() == 0)  # order (0,0), (0,1), (1,0), (1,1)
    if len(empty) == 2:
        return f, (1.0 if f[0, 0] > 0 else -1.0)
    if len(empty) == 1:
        e = 0.5 if empty[0] in (0, 3) else -0.5  # keep the margins
        f += np.array([[e, -e], [-e, e]])
    if f[0, 0] * f[1, 1] == f[0, 1] * f[1, 0]:
        return f, 0.0
    if th_a[0] == 0 and th_b[0] == 0:
        return f, -np.cos(2 * np.pi * f[0, 0] / f.sum())
    return f, None


def _univariate(counts: np.ndarray):
    """Thresholds of one item and its per-category threshold scores (K x (K - 1))."""
    total = counts.sum()
    if np.any(counts <= 0):
        raise EmptyCategoryError("a category has no respondent")
    th = special.ndtri(np.cumsum(counts)[:-1] / total)
    k = len(counts)
    up = np.concatenate([th, [BIG]])
    lo = np.concatenate([[-BIG], th])
    prob = special.ndtr(up) - special.ndtr(lo)
    large = lo > 1  # the upper tail is more accurate there (lav_uvord_loglik_cache)
    prob[large] = special.ndtr(-lo[large]) - special.ndtr(-up[large])
    scores = np.zeros((k, k - 1))
    cat = np.arange(k - 1)
    scores[cat, cat] = _npdf(th)  # category k: upper cut point is tau_k
    scores[cat + 1, cat] = -_npdf(th)  # category k + 1: lower cut point is tau_k
    return th, scores / prob[:, None]


def _pair_scores(cuts_a, cuts_b, rho, pi):
    """Per-cell scores of rho and of both items' thresholds (lavaan_bvord_cor_scores_cache).

    Returns drho (P x K x K) and dth_a, dth_b (P x K x K x (K - 1)) with K = kmax.
    """
    kmax = cuts_a.shape[1] - 1
    fa = np.clip(cuts_a, -BIG, BIG)
    fb = np.clip(cuts_b, -BIG, BIG)
    up_a, lo_a = fa[:, 1:], fa[:, :-1]  # per category (P x K)
    up_b, lo_b = fb[:, 1:], fb[:, :-1]
    r = rho[:, None, None]
    rr = np.sqrt(1 - r * r)
    lik = np.where(pi <= SQRT_EPS, np.nan, pi)

    def side(up1, lo1, up2, lo2):
        # d lik / d tau of variable 1, for the cell's upper (z1) and lower (z2) cut point
        z1 = _npdf(up1)[:, :, None] * (
            special.ndtr((up2[:, None, :] - r * up1[:, :, None]) / rr)
            - special.ndtr((lo2[:, None, :] - r * up1[:, :, None]) / rr)
        )
        z2 = _npdf(lo1)[:, :, None] * (
            special.ndtr((up2[:, None, :] - r * lo1[:, :, None]) / rr)
            - special.ndtr((lo2[:, None, :] - r * lo1[:, :, None]) / rr)
        )
        return z1, z2

    za1, za2 = side(up_a, lo_a, up_b, lo_b)  # cells indexed (cat_a, cat_b)
    zb1, zb2 = side(up_b, lo_b, up_a, lo_a)  # cells indexed (cat_b, cat_a)
    zb1, zb2 = zb1.transpose(0, 2, 1), zb2.transpose(0, 2, 1)
    eye = np.eye(kmax)[:, : kmax - 1]  # [category == t]
    below = np.eye(kmax, k=-1)[:, : kmax - 1]  # [category - 1 == t]
    dth_a = za1[..., None] * eye[None, :, None, :] - za2[..., None] * below[None, :, None, :]
    dth_b = zb1[..., None] * eye[None, None, :, :] - zb2[..., None] * below[None, None, :, :]
    dens = _cell_grid(cuts_a, cuts_b, rho, bvn_pdf)
    with np.errstate(invalid="ignore"):
        drho = np.nan_to_num(_corners(dens) / lik)
        dth_a = np.nan_to_num(dth_a / lik[..., None])
        dth_b = np.nan_to_num(dth_b / lik[..., None])
    return drho, dth_a, dth_b


def ordinal_statistics(
    codes: OrdinalCodes,
    weights: np.ndarray | None = None,
    *,
    influence: bool = True,
    rho_start: np.ndarray | None = None,
    rho_tol: float = 1e-12,
) -> OrdinalStats:
    """Thresholds, two-step polychoric correlations and the diagonal of their Γ.

    Parameters
    ----------
    codes : OrdinalCodes
        The answers (missing codes -1 are left out pairwise, as lavaan
        ``missing = "pairwise"``).
    weights : ndarray, optional
        Case weights (a bootstrap resample as counts); default all 1.
    influence : bool
        Also return the casewise influence ``z_th``, ``z_rho`` (needed for the robust SEs
        and tests; the bootstrap needs only the diagonal of Γ).
    rho_start : ndarray, optional
        Starting correlations (warm start); default the Pearson correlations of the codes.
    rho_tol : float
        Newton stops when a correlation moves less than this (or its score is below 1e-13
        per respondent).

    Returns
    -------
    OrdinalStats

    Raises
    ------
    EmptyCategoryError
        When a category of an item has no (weighted) respondent.

    Notes
    -----
    Thresholds :math:`\\tau_{jk} = \\Phi^{-1}(\\sum_{c \\le k} n_{jc} / n_j)`; the polychoric
    correlation maximises :math:`\\sum_{rc} n_{rc}\\log\\pi_{rc}(\\rho)` with
    :math:`\\pi_{rc}` the bivariate-normal probability of the cell between the fixed
    thresholds (Olsson, 1979). With the score tables s of thresholds and correlations, the
    first-order blocks :math:`A_{11} = \\sum s_\\tau s_\\tau'` (per item),
    :math:`A_{21} = \\sum s_\\rho s_\\tau'` and :math:`A_{22} = \\sum s_\\rho^2` (per pair), a
    respondent's influence on a correlation is
    :math:`z_\\rho = (s_\\rho - A_{21}A_{11}^{-1}s_\\tau)/A_{22}` and on the thresholds
    :math:`z_\\tau = A_{11}^{-1}s_\\tau`; :math:`\\Gamma = N\\sum_i z_iz_i'` (lavaan's
    ``muthen1984`` with ``NACOV = WLS.W * N``; Muthén, 1984).
    """
    x = codes.codes
    n_obs, p = x.shape
    w = np.ones(n_obs) if weights is None else np.asarray(weights, dtype=float)
    k = codes.n_categories
    kmax = int(k.max())
    a_idx, b_idx = lavaan_pairs(p)
    counts, freq = _tables(x, w, k, a_idx, b_idx)
    th, uscores = [], []
    for j in range(p):
        try:
            t, s = _univariate(counts[j])
        except EmptyCategoryError as exc:
            raise EmptyCategoryError(f"item {codes.items[j]!r}: {exc}") from None
        th.append(t)
        uscores.append(s)
    cuts = _padded_thresholds(th, kmax)
    cuts_a, cuts_b = cuts[a_idx], cuts[b_idx]
    n_pair = freq.sum(axis=(1, 2))
    rho0 = _pearson_from_tables(freq) if rho_start is None else np.asarray(rho_start, float)
    fit_freq, fixed = freq.copy(), np.full(len(a_idx), np.nan)
    for q in np.flatnonzero((k[a_idx] == 2) & (k[b_idx] == 2)):
        tab, val = _two_by_two(freq[q], th[a_idx[q]], th[b_idx[q]])
        fit_freq[q, :2, :2] = tab
        fixed[q] = np.nan if val is None else val
    est = np.isnan(fixed)
    rho = fixed.copy()
    if est.any():
        rho[est] = _fit_rho(
            fit_freq[est], cuts_a[est], cuts_b[est], rho0[est], n_pair[est], tol=rho_tol
        )
    zero = np.any((freq == 0) & _real_cells(k[a_idx], k[b_idx], kmax), axis=(1, 2))
    zero_pairs = tuple((codes.items[a_idx[q]], codes.items[b_idx[q]]) for q in np.flatnonzero(zero))
    z_th, z_rho, gdiag = _influence(
        x, w, k, th, uscores, freq, cuts_a, cuts_b, rho, a_idx, b_idx, gather=influence
    )
    n = float(w[(x >= 0).any(axis=1)].sum())
    gdiag = n * gdiag
    return OrdinalStats(
        items=codes.items,
        n=n,
        thresholds=tuple(th),
        pair_a=a_idx,
        pair_b=b_idx,
        rho=rho,
        gamma_diag=gdiag,
        z_th=z_th if influence else None,
        z_rho=z_rho if influence else None,
        zero_cell_pairs=zero_pairs,
    )


def _tables(x, w, k, a_idx, b_idx):
    """Weighted category counts of every item and contingency table of every pair (padded
    to kmax x kmax), from one product of the indicator matrix."""
    kmax = int(k.max())
    onehot, off = _one_hot(x, k)
    counts = onehot.T @ w
    padded = np.zeros((off[-1] + 1, off[-1] + 1))  # a zero row and column for the padding
    padded[:-1, :-1] = onehot.T @ (onehot * w[:, None])
    cat = np.arange(kmax)
    pos = np.where(cat[None, :] < k[:, None], off[:-1, None] + cat[None, :], off[-1])
    freq = padded[pos[a_idx][:, :, None], pos[b_idx][:, None, :]]
    return [counts[off[j] : off[j + 1]] for j in range(len(k))], freq


def _real_cells(ka, kb, kmax):
    r = np.arange(kmax)
    return (r[None, :, None] < ka[:, None, None]) & (r[None, None, :] < kb[:, None, None])


def _pearson_from_tables(freq: np.ndarray) -> np.ndarray:
    kmax = freq.shape[1]
    v = np.arange(kmax, dtype=float)
    n = freq.sum(axis=(1, 2))
    pa = freq.sum(2) / n[:, None]
    pb = freq.sum(1) / n[:, None]
    ma, mb = pa @ v, pb @ v
    va = pa @ v**2 - ma**2
    vb = pb @ v**2 - mb**2
    cab = np.einsum("qrc,r,c->q", freq, v, v) / n - ma * mb
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cab / np.sqrt(va * vb)
    return np.nan_to_num(np.clip(r, -0.9, 0.9))


def _influence(x, w, k, th, uscores, freq, cuts_a, cuts_b, rho, a_idx, b_idx, gather=True):
    """Casewise influence of thresholds and correlations (when ``gather``) and
    sum_i w_i z_i^2 (Γ / N), the latter from the cell counts."""
    p = x.shape[1]
    kmax = int(k.max())
    pi = np.maximum(_corners(_cell_grid(cuts_a, cuts_b, rho, bvn_cdf)), SQRT_EPS)
    drho, dth_a, dth_b = _pair_scores(cuts_a, cuts_b, rho, pi)
    # first-order information blocks, from the cell counts
    a22 = np.sum(freq * drho * drho, axis=(1, 2))
    a21_a = np.einsum("qrc,qrc,qrct->qt", freq, drho, dth_a)
    a21_b = np.einsum("qrc,qrc,qrct->qt", freq, drho, dth_b)
    # g_j[k] = A11_j^-1 s_j[k] per category (padded to kmax x (kmax - 1)); missing row kmax = 0
    g = np.zeros((p, kmax + 1, kmax - 1))
    cnt = np.zeros((p, kmax + 1))
    for j in range(p):
        s = uscores[j]
        ok = x[:, j] >= 0
        cnt[j, : k[j]] = np.bincount(x[ok, j], weights=w[ok], minlength=k[j])
        a11 = (s * cnt[j, : k[j], None]).T @ s
        g[j, : k[j], : k[j] - 1] = np.linalg.solve(a11, s.T).T
    u_a = np.einsum("qt,qkt->qk", a21_a, g[a_idx])  # P x (kmax + 1)
    u_b = np.einsum("qt,qkt->qk", a21_b, g[b_idx])
    ztab = np.zeros((len(a_idx), kmax + 1, kmax + 1))
    ztab[:, :kmax, :kmax] = drho
    ztab -= u_a[:, :, None] + u_b[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ztab = np.nan_to_num(ztab / a22[:, None, None])
    # counts of every (category or missing) x (category or missing) cell; both missing: z = 0
    ext = np.zeros_like(ztab)
    ext[:, :kmax, :kmax] = freq
    ext[:, :kmax, kmax] = cnt[a_idx, :kmax] - freq.sum(axis=2)
    ext[:, kmax, :kmax] = cnt[b_idx, :kmax] - freq.sum(axis=1)
    gdiag = np.concatenate(
        [np.concatenate([cnt[j, : k[j]] @ g[j, : k[j], : k[j] - 1] ** 2 for j in range(p)]),
         np.sum(ext * ztab * ztab, axis=(1, 2))]
    )  # fmt: skip
    if not gather:
        return None, None, gdiag
    xc = np.where(x >= 0, x, kmax)
    z_rho = ztab[np.arange(len(a_idx))[None, :], xc[:, a_idx], xc[:, b_idx]]
    z_th = np.concatenate([g[j, xc[:, j], : k[j] - 1] for j in range(p)], axis=1)
    return z_th, z_rho, gdiag


# --------------------------------------------------------------------------------------------
# DWLS estimation of a model for the polychoric correlations (delta parameterization)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DwlsTarget:
    """The correlations a model is fitted to: pair positions in the engine's variable order
    (``ia``, ``ib``), sample values ``r`` and the weights ``w`` (diag(Γ)⁻¹, or 1 for ULS)."""

    ia: np.ndarray
    ib: np.ndarray
    r: np.ndarray
    w: np.ndarray


def dwls_objective(engine, target: DwlsTarget):
    """:math:`F(\\theta) = \\sum_k w_k (r_k - \\sigma_k(\\theta))^2` and its gradient.

    ``engine`` is a :class:`surveysem.sem.Engine`; the gradient comes from its
    ``chain(x, M)`` with :math:`M_{ij} = M_{ji} = -w_k(r_k - \\sigma_k)`, which is
    :math:`\\partial F/\\partial\\theta` because every correlation appears twice in Σ.
    """

    def fun(x):
        sig = engine.sigma(x)
        res = target.r - sig[target.ia, target.ib]
        m = np.zeros_like(sig)
        m[target.ia, target.ib] = -target.w * res
        m[target.ib, target.ia] = -target.w * res
        return float(np.sum(target.w * res * res)), engine.chain(x, m)

    return fun


def dwls_parameters(engine, ordered: Sequence[str]):
    """Which engine parameters DWLS estimates.

    Returns
    -------
    free : ndarray of int
        Every parameter except the residual variances of the ordinal items.
    theta_idx, theta_rows : ndarray of int
        Those residual variances (parameter index, row of Σ): in the delta parameterization
        they are :math:`1 - [\\Lambda\\Phi\\Lambda']_{jj}`, not estimated.
    """
    ordered = set(ordered)
    rows, cols = (np.asarray(v) for v in engine.ranges[3][0]) if engine.ranges[3][0] else ((), ())
    par = np.asarray(engine.ranges[3][1]) if engine.ranges[3][0] else np.array([], int)
    pick = [
        k for k in range(len(par))
        if rows[k] == cols[k] and engine.obs[rows[k]] in ordered
    ]  # fmt: skip
    theta_idx = np.asarray(par[pick], dtype=int) if pick else np.array([], int)
    theta_rows = np.asarray(np.asarray(rows)[pick], dtype=int) if pick else np.array([], int)
    free = np.setdiff1d(np.arange(engine.n_par), theta_idx)
    return free, theta_idx, theta_rows


def fill_residual_variances(engine, x, theta_idx, theta_rows) -> np.ndarray:
    """``x`` with the items' residual variances set to 1 - common variance (unit diagonal)."""
    x = np.array(x, dtype=float)
    x[theta_idx] = 0.0
    common = np.diag(engine.sigma(x))
    x[theta_idx] = 1.0 - common[theta_rows]
    return x


def correlation_jacobian(engine, x, target: DwlsTarget, free, h: float = 1e-6) -> np.ndarray:
    """:math:`\\Delta = \\partial\\sigma_k/\\partial\\theta` (pairs x free parameters),
    central differences."""
    out = np.empty((len(target.ia), len(free)))
    for c, k in enumerate(free):
        e = np.zeros(len(x))
        e[k] = h
        up, dn = engine.sigma(x + e), engine.sigma(x - e)
        out[:, c] = (up[target.ia, target.ib] - dn[target.ia, target.ib]) / (2 * h)
    return out


@dataclass(frozen=True)
class DwlsSolution:
    x: np.ndarray
    fmin: float
    iterations: int
    converged: bool
    message: str

    @property
    def nit(self) -> int:  # the optimizer-result interface of surveysem.sem.solution_tables
        return self.iterations


def fit_dwls(engine, target: DwlsTarget, x0, free, max_iter: int = 200) -> DwlsSolution:
    """Minimise the DWLS discrepancy by Gauss-Newton steps with step halving.

    Notes
    -----
    Each step solves :math:`(\\Delta'W\\Delta)\\,d = \\Delta'W(r - \\sigma)`; the iteration
    stops when F changes by less than 1e-15 (relative) and the step is below 1e-10.
    """
    fun = dwls_objective(engine, target)
    x = np.array(x0, dtype=float)
    f = fun(x)[0]
    for it in range(1, max_iter + 1):
        d = correlation_jacobian(engine, x, target, free)
        res = target.r - engine.sigma(x)[target.ia, target.ib]
        lhs, rhs = d.T @ (target.w[:, None] * d), d.T @ (target.w * res)
        try:
            step = np.linalg.solve(lhs, rhs)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(lhs, rhs, rcond=None)[0]
        t = 1.0
        while True:
            xn = x.copy()
            xn[free] += t * step
            fn = fun(xn)[0]
            if fn <= f or t < 1e-10:
                break
            t /= 2
        if fn > f:
            return DwlsSolution(x, f, it, False, "no step lowers the DWLS discrepancy")
        small = np.max(np.abs(t * step)) < 1e-10
        flat = f - fn <= 1e-15 * max(1.0, f)
        x, f = xn, fn
        if small or (flat and np.max(np.abs(t * step)) < 1e-7):
            return DwlsSolution(x, f, it, True, "converged")
    return DwlsSolution(x, f, max_iter, False, f"no convergence in {max_iter} Gauss-Newton steps")


# --------------------------------------------------------------------------------------------
# Test statistics and fit indices
# --------------------------------------------------------------------------------------------


def ugamma_traces(z, w, d, info_inv, n) -> tuple[float, float, float, float]:
    """:math:`tr(U\\Gamma)`, :math:`tr((U\\Gamma)^2)` of the model and of the baseline model.

    Notes
    -----
    :math:`U = W - W\\Delta(\\Delta'W\\Delta)^{-1}\\Delta'W` on the correlations (the
    thresholds are saturated, so their block of U is zero) and :math:`\\Gamma = N Z'Z`. With
    fewer respondents than correlations, :math:`ZUZ'` (n x n) gives both traces
    (:math:`N\\,tr(ZUZ')`, :math:`N^2\\lVert ZUZ'\\rVert_F^2`); otherwise Γ is formed. The
    baseline model (every correlation zero, thresholds free) has U = W.
    """
    sw = np.sqrt(w)
    zs = z * sw
    dw = d * sw[:, None]
    if zs.shape[0] <= zs.shape[1]:
        g = zs @ zs.T
        a = zs @ dw
        m = g - a @ info_inv @ a.T
        return n * np.trace(m), n * n * np.sum(m * m), n * np.trace(g), n * n * np.sum(g * g)
    gt = n * (zs.T @ zs)
    h = gt - dw @ (info_inv @ (dw.T @ gt))
    return np.trace(h), np.sum(h * h.T), np.trace(gt), np.sum(gt * gt)


def _scaled_shifted(t, df, tr1, tr2):
    a = np.sqrt(df / tr2)
    shift = df - a * tr1
    return t * a + shift, 1.0 / a, shift


def _offdiag_apply(s, ia, ib, vecs):
    """V a = offdiag(S A S) for the columns a of ``vecs`` (A symmetric, zero diagonal)."""
    p = s.shape[0]
    out = np.empty_like(vecs)
    for c in range(vecs.shape[1]):
        a = np.zeros((p, p))
        a[ia, ib] = vecs[:, c]
        a[ib, ia] = vecs[:, c]
        sas = s @ a @ s
        out[:, c] = sas[ia, ib]
    return out


def catml_robust(r, sig, target: DwlsTarget, z, d, info_inv, n, df):
    """lavaan 0.6-14's robust CFI/TLI/RMSEA ingredients for categorical data (Savalei, 2021).

    Returns
    -------
    dict
        ``xx3`` (N times the ML discrepancy of the polychoric matrix R from the fitted
        :math:`\\Sigma^*`), ``c_hat`` (:math:`tr(U'VU\\Gamma)/df`), ``xx3_null``
        (:math:`-N\\log|R|`) and ``c_hat_null`` (:math:`tr(\\Gamma)/p^*`); NaN when R is not
        positive definite (lavaan ``lav_fit_catml_dwls``).

    Notes
    -----
    V is the normal-theory information of correlations at :math:`\\Sigma^*`,
    :math:`V_{(ij),(ab)} = s_{ia}s_{jb} + s_{ib}s_{ja}` with :math:`S = \\Sigma^{*-1}`, and
    :math:`U = I - \\Delta(\\Delta'W\\Delta)^{-1}\\Delta'W`. The trace is expanded so that
    no p* x p* matrix is formed: :math:`tr(V\\Gamma) - 2tr(E^{-1}\\Delta'W\\Gamma V\\Delta) +
    tr(E^{-1}\\Delta'V\\Delta E^{-1}\\Delta'W\\Gamma W\\Delta)`, with
    :math:`tr(V\\Gamma) = \\tfrac{N}{2}\\sum_i tr(M_iSM_iS)` for the influence :math:`z_i`
    written as a symmetric matrix :math:`M_i`.
    """
    nan = dict(xx3=np.nan, c_hat=np.nan, xx3_null=np.nan, c_hat_null=np.nan)
    if np.linalg.eigvalsh(r).min() < SQRT_EPS:
        return nan
    p = r.shape[0]
    s = np.linalg.inv(sig)
    logdet_r = np.linalg.slogdet(r)[1]
    xx3 = n * (np.linalg.slogdet(sig)[1] - logdet_r + np.sum(r * s) - p)
    ia, ib = target.ia, target.ib
    tr_vg = 0.0
    for lo in range(0, z.shape[0], 256):
        zc = z[lo : lo + 256]
        m = np.zeros((len(zc), p, p))
        m[:, ia, ib] = zc
        m[:, ib, ia] = zc
        sm = s @ m
        tr_vg += 0.5 * np.einsum("kij,kji->", sm, sm)
    tr_vg *= n
    vd = _offdiag_apply(s, ia, ib, d)
    awd = z @ (target.w[:, None] * d)  # Z W Delta
    gwd = n * (z.T @ awd)  # Gamma W Delta
    dwgwd = n * (awd.T @ awd)
    ks = (
        tr_vg
        - 2.0 * np.trace(info_inv @ (gwd.T @ vd))
        + np.trace(info_inv @ (d.T @ vd) @ info_inv @ dwgwd)
    )
    tr_gamma = n * np.sum(z * z)
    return dict(xx3=xx3, c_hat=ks / df, xx3_null=-n * logdet_r, c_hat_null=tr_gamma / len(ia))


def _cfi(x2, df, x2_null, df_null, c_hat=1.0, c_null=1.0):
    """lavaan's ``lav_fit_cfi`` (c_hat, c_null: the robust version's scaling)."""
    t1 = max(x2 - c_hat * df, 0.0)
    t2 = max(x2 - c_hat * df, x2_null - c_null * df_null, 0.0)
    if np.isclose(t1, 0.0) and np.isclose(t2, 0.0):
        return 1.0
    return 1.0 - t1 / t2


def _tli(x2, df, x2_null, df_null, c_hat=1.0, c_null=1.0):
    """lavaan's ``lav_fit_tli``."""
    t1 = (x2 - c_hat * df) * df_null
    t2 = (x2_null - c_null * df_null) * df
    if df > 0 and abs(t2) > 0:
        return 1.0 - t1 / t2
    return 1.0


def _rmsea(x2, df, n, c_hat=1.0):
    return float(np.sqrt(max(x2 / n / df - c_hat / n, 0.0))) if df > 0 else 0.0


def rmsea_ci(x2, df, n, c_hat=1.0, level=0.90) -> tuple[float, float]:
    """lavaan's ``lav_fit_rmsea_ci``: invert the non-central chi-square in lambda."""
    if not (np.isfinite(x2) and df > 0):
        return np.nan, np.nan
    hi_p, lo_p = 1 - (1 - level) / 2, (1 - level) / 2

    def cdf(lam):
        return stats.ncx2.cdf(x2, df, lam) if lam > 0 else stats.chi2.cdf(x2, df)

    if df < 1 or cdf(0.0) - hi_p < 0:
        lower = 0.0
    else:
        lam = optimize.brentq(lambda v: cdf(v) - hi_p, 0.0, x2, xtol=1e-12)
        lower = np.sqrt(c_hat * lam / (n * df))
    top = max(n, 4 * x2)
    if df < 1 or cdf(top) - lo_p > 0 or cdf(0.0) - lo_p < 0:
        upper = 0.0
    else:
        lam = optimize.brentq(lambda v: cdf(v) - lo_p, 0.0, top, xtol=1e-12)
        upper = np.sqrt(c_hat * lam / (n * df))
    return float(lower), float(upper)


@dataclass(frozen=True)
class DwlsInputs:
    """What the fit measures of a DWLS solution need (see :func:`dwls_fit_measures`)."""

    stats: OrdinalStats
    target: DwlsTarget
    sigma: np.ndarray  # fitted Sigma* (engine order, unit diagonal)
    delta: np.ndarray  # pairs x free parameters
    info_inv: np.ndarray  # (Delta' W Delta)^-1
    fmin: float  # the minimised sum of w (r - sigma)^2
    n_free: int  # free structural parameters (thresholds not counted)


def dwls_fit_measures(inp: DwlsInputs, estimator: str = "WLSMV") -> pd.DataFrame:
    """Test statistics and fit indices of a DWLS (WLSMV) or ULS (ULSMV) solution.

    Returns
    -------
    DataFrame
        ``index``, ``value``: ``chisq``, ``df``, ``pvalue``, ``chisq_scaled``, ``df_scaled``,
        ``pvalue_scaled``, ``scaling_factor``, ``shift_parameter``, ``baseline_chisq``,
        ``baseline_df``, ``baseline_chisq_scaled``, ``baseline_scaling_factor``, ``cfi``,
        ``tli``, ``cfi_scaled``, ``tli_scaled``, ``cfi_robust``, ``tli_robust``, ``rmsea``,
        ``rmsea_ci_low``, ``rmsea_ci_high``, ``rmsea_scaled``, ``rmsea_scaled_ci_low``,
        ``rmsea_scaled_ci_high``, ``rmsea_robust``, ``rmsea_robust_ci_low``,
        ``rmsea_robust_ci_high``, ``srmr``, ``aic``, ``bic`` (NaN: no likelihood), ``npar``
        (thresholds included, as lavaan), ``n``.

    Notes
    -----
    As lavaan 0.6-14: :math:`T = (N - 1)F_{DWLS}`; the scaled-shifted statistic
    :math:`aT + b` with :math:`a = \\sqrt{df/tr((U\\Gamma)^2)}`, :math:`b = df - a\\,tr(U\\Gamma)`
    (Asparouhov & Muthén, 2010), also for the baseline model (correlations zero); CFI/TLI
    (scaled: from the scaled statistics), RMSEA :math:`\\sqrt{\\max(T/(N'df) - 1/N', 0)}` with
    :math:`N' = N - 1`; the robust CFI/TLI/RMSEA of Savalei (2021) from :func:`catml_robust`;
    SRMR (lavaan ``srmr_bentler_nomean``) the root of the summed squared correlation residuals
    over p(p + 1)/2 (the zero diagonal residuals counted). ULSMV: the standard
    chi-square has no reference distribution (p-value NaN), as lavaan reports it.
    """
    st, tg = inp.stats, inp.target
    n = st.n
    n_pairs = len(tg.r)
    df = float(n_pairs - inp.n_free)
    t = (n - 1) * inp.fmin
    t_b = (n - 1) * float(np.sum(tg.w * tg.r**2))
    df_b = float(n_pairs)
    tr1, tr2, tr1_b, tr2_b = ugamma_traces(st.z_rho, tg.w, inp.delta, inp.info_inv, n)
    t_ss, c_ss, shift = _scaled_shifted(t, df, tr1, tr2)
    tb_ss, cb_ss, _ = _scaled_shifted(t_b, df_b, tr1_b, tr2_b)
    r = st.correlation_matrix()
    pos = _engine_order(tg, len(st.items))
    rob = catml_robust(r, inp.sigma[np.ix_(pos, pos)], _stats_target(tg, st), st.z_rho,
                       inp.delta, inp.info_inv, n, df)  # fmt: skip
    resid = tg.r - inp.sigma[tg.ia, tg.ib]
    n1 = n - 1  # lavaan's N for the RMSEA of estimators other than ML
    lo, hi = rmsea_ci(t, df, n1)
    slo, shi = rmsea_ci(t_ss, df, n1)
    xx3, ch = rob["xx3"], rob["c_hat"]
    rlo, rhi = rmsea_ci(xx3 / ch, df, n1, c_hat=ch) if np.isfinite(xx3) else (np.nan, np.nan)
    rob_ok = np.isfinite(xx3)
    rows = {
        "chisq": t,
        "df": df,
        "pvalue": stats.chi2.sf(t, df) if estimator != "ULSMV" and df > 0 else np.nan,
        "chisq_scaled": t_ss,
        "df_scaled": df,
        "pvalue_scaled": stats.chi2.sf(t_ss, df) if df > 0 else np.nan,
        "scaling_factor": c_ss,
        "shift_parameter": shift,
        "baseline_chisq": t_b,
        "baseline_df": df_b,
        "baseline_chisq_scaled": tb_ss,
        "baseline_scaling_factor": cb_ss,
        "cfi": _cfi(t, df, t_b, df_b),
        "tli": _tli(t, df, t_b, df_b),
        "cfi_scaled": _cfi(t_ss, df, tb_ss, df_b),
        "tli_scaled": _tli(t_ss, df, tb_ss, df_b),
        "cfi_robust": _cfi(xx3, df, rob["xx3_null"], df_b, ch, rob["c_hat_null"]) if rob_ok else np.nan,
        "tli_robust": _tli(xx3, df, rob["xx3_null"], df_b, ch, rob["c_hat_null"]) if rob_ok else np.nan,
        "rmsea": _rmsea(t, df, n1),
        "rmsea_ci_low": lo,
        "rmsea_ci_high": hi,
        "rmsea_scaled": _rmsea(t_ss, df, n1),
        "rmsea_scaled_ci_low": slo,
        "rmsea_scaled_ci_high": shi,
        "rmsea_robust": _rmsea(xx3, df, n1, ch) if rob_ok else np.nan,
        "rmsea_robust_ci_low": rlo,
        "rmsea_robust_ci_high": rhi,
        "srmr": float(np.sqrt(np.sum(resid**2) / (n_pairs + len(st.items)))),
        "aic": np.nan,
        "bic": np.nan,
        "npar": float(st.n_thresholds + inp.n_free),
        "n": float(n),
    }  # fmt: skip
    return pd.DataFrame({"index": list(rows), "value": [float(v) for v in rows.values()]})


def _engine_order(tg: DwlsTarget, p: int) -> list[int]:
    """Engine position of each item in the statistics' order (from the pair positions)."""
    pos = [-1] * p
    a, b = lavaan_pairs(p)
    for q, (ea, eb) in enumerate(zip(tg.ia, tg.ib, strict=True)):
        pos[a[q]], pos[b[q]] = int(ea), int(eb)
    return pos


def _stats_target(tg: DwlsTarget, st: OrdinalStats) -> DwlsTarget:
    return DwlsTarget(st.pair_a, st.pair_b, tg.r, tg.w)


# --------------------------------------------------------------------------------------------
# The fit: a SemFit like surveysem.sem.fit_model's
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrdinalFit(SemFit):
    """A :class:`surveysem.sem.SemFit` of a WLSMV/ULSMV model, with what a scaled difference
    test needs (``dwls``: the statistics, weights, Jacobian and information)."""

    dwls: DwlsInputs | None = field(default=None, repr=False)


def scaled_difference_test(fit1: OrdinalFit, fit0: OrdinalFit) -> dict:
    """Scaled-shifted chi-square difference test of two nested DWLS models (lavaan
    ``lavTestLRT`` for WLSMV: ``method = "satorra.2000"``, ``A.method = "delta"``,
    ``scaled.shifted = TRUE``).

    Parameters
    ----------
    fit1 : OrdinalFit
        The less restricted model.
    fit0 : OrdinalFit
        The more restricted model, fitted to the same items and respondents.

    Returns
    -------
    dict
        ``delta_chisq`` (:math:`a(T_0 - T_1) + b`), ``delta_df`` (m), ``delta_pvalue``.

    Notes
    -----
    Satorra (2000): with :math:`H = \\Delta_1^+\\Delta_0` and A the orthogonal complement of
    H's columns (m = df_0 - df_1 rows), :math:`U = W\\Delta_1 P^{-1}A'(AP^{-1}A')^{-1}AP^{-1}
    \\Delta_1'W` with :math:`P = \\Delta_1'W\\Delta_1`; :math:`a = \\sqrt{m/tr((U\\Gamma)^2)}`,
    :math:`b = m - a\\,tr(U\\Gamma)`. The thresholds are free in both models, so only the
    correlation block enters.
    """
    i1, i0 = fit1.dwls, fit0.dwls
    if i1 is None or i0 is None or i1.stats.items != i0.stats.items or i1.stats.n != i0.stats.n:
        raise ValueError("scaled_difference_test: both fits must be DWLS fits of the same items")
    t1, t0 = fit1.fit_value("chisq"), fit0.fit_value("chisq")
    m = int(round(fit0.fit_value("df") - fit1.fit_value("df")))
    if m <= 0:
        return dict(delta_chisq=t0 - t1, delta_df=float(m), delta_pvalue=np.nan)
    h = np.linalg.pinv(i1.delta) @ i0.delta
    q, _ = np.linalg.qr(h, mode="complete")
    rank = np.linalg.matrix_rank(h)
    a = q[:, rank:].T
    ap = a @ i1.info_inv
    mid = np.linalg.pinv(ap @ a.T)
    w = i1.target.w
    k = i1.stats.z_rho @ (w[:, None] * i1.delta) @ ap.T  # Z W Delta P^-1 A'
    n = i1.stats.n
    mk = mid @ (k.T @ k)
    tr1, tr2 = n * np.trace(mk), n * n * np.trace(mk @ mk)
    scale = np.sqrt(m / tr2)
    stat = (t0 - t1) * scale + (m - scale * tr1)
    return dict(delta_chisq=stat, delta_df=float(m), delta_pvalue=float(stats.chi2.sf(stat, m)))


def _check_ordinal_model(spec, data: pd.DataFrame) -> list[str]:
    obs = spec.observed()
    items = {i for its in spec.measurement.values() for i in its}
    other = [v for v in obs if v not in items]
    if other:
        raise ValueError(
            f"analysis.estimator WLSMV: the model uses observed variable(s) {', '.join(other)} "
            "that are not indicators of a factor (composites or items in model.structural); "
            "WLSMV here treats every variable as an ordinal item, so model them as latent "
            "factors, or use analysis.estimator ML/MLR"
        )
    absent = [v for v in obs if v not in data.columns]
    if absent:
        raise ValueError(
            f"the model uses variable(s) {', '.join(absent)} that are not columns of the data; "
            "check the codebook items and the names in model.structural/model.extra"
        )
    return obs


def _threshold_rows(st: OrdinalStats, ci_level: float) -> pd.DataFrame:
    names = st.threshold_names()
    est = np.concatenate(st.thresholds)
    se = np.sqrt(st.n / (st.n - 1) * np.sum(st.z_th**2, axis=0))
    zc = stats.norm.ppf(0.5 + ci_level / 2)
    z = est / se
    return pd.DataFrame(
        {
            "lhs": [a for a, _ in names],
            "op": "|",
            "rhs": [b for _, b in names],
            "est": est,
            "se": se,
            "z": z,
            "pvalue": 2 * stats.norm.sf(np.abs(z)),
            "ci_low": est - zc * se,
            "ci_high": est + zc * se,
            "std_all": est,  # var(y*) = 1 in the delta parameterization
        }
    )


def _with_thresholds(est: pd.DataFrame, th: pd.DataFrame) -> pd.DataFrame:
    """Thresholds after the loadings and regressions, before the (co)variances (lavaan)."""
    cut = int(np.sum(est["op"].isin(["=~", "~"]).to_numpy()))
    return pd.concat([est.iloc[:cut], th, est.iloc[cut:]], ignore_index=True)


def fit_wlsmv(
    data: pd.DataFrame,
    spec,
    *,
    missing: str = "listwise",
    ci_level: float = 0.95,
    estimator: str = "WLSMV",
):
    """Fit a CFA or SEM with every indicator ordinal, as lavaan ``ordered = TRUE``.

    Parameters
    ----------
    data : DataFrame
        Integer item answers (reverse-scored); other columns are ignored.
    spec : surveysem.sem.ModelSpec
        Latent factors measured by items; the structural part uses the factors only.
    missing : {"listwise", "pairwise"}
        ``listwise`` uses the respondents who answered every item of the model; ``pairwise``
        every answer (thresholds from each item's answers, each correlation from the
        respondents who answered both items), as lavaan ``missing = "pairwise"``.
    ci_level : float
    estimator : {"WLSMV", "ULSMV"}
        DWLS (W = diag(Γ)⁻¹) or ULS (W = I), both with robust SEs and the scaled-shifted
        test (lavaan's defaults for these estimators).

    Returns
    -------
    surveysem.sem.SemFit
        ``estimates`` with threshold rows (``op`` ``|``, ``rhs`` ``t1``, ``t2``, ...) and the
        items' residual variances (``~~``, not estimated: no SE), ``fit`` (see
        :func:`dwls_fit_measures`), ``r2``, ``diagnostics``; ``acov`` the robust covariance
        of the engine's parameters (zero rows for the residual variances), ``resample`` a
        :class:`DwlsResampler` for the bootstrap.

    Raises
    ------
    ValueError
        For an unknown ``missing``/``estimator``, a model with observed variables that are
        not indicators, non-integer answers or an item with one observed category.

    Notes
    -----
    See the module docstring; estimates, robust SEs, the scaled-shifted test and the fit
    indices equal lavaan 0.6-14's ``cfa()``/``sem()`` with ``ordered`` and
    ``estimator = "WLSMV"`` (checked at 1e-3 in ``tests/test_ordinal.py``).
    """
    with threadpool_limits(limits=1):  # small matrices: BLAS threads only oversubscribe
        return _fit_wlsmv(data, spec, missing=missing, ci_level=ci_level, estimator=estimator)


def _fit_wlsmv(data, spec, *, missing, ci_level, estimator):
    if missing not in ("listwise", "pairwise"):
        raise ValueError(
            f"analysis.missing: {missing!r} is not available with {estimator}; use listwise or "
            "pairwise (lavaan has no full-information estimator for WLSMV)"
        )
    if estimator not in ORDINAL_ESTIMATORS:
        raise ValueError(f"analysis.estimator: {estimator!r} is not one of WLSMV, ULSMV")
    obs = _check_ordinal_model(spec, data)
    frame = data[obs].apply(pd.to_numeric, errors="coerce")
    frame = frame.dropna() if missing == "listwise" else frame.loc[frame.notna().any(axis=1)]
    codes = code_items(frame, obs)
    st = ordinal_statistics(codes)
    n = int(round(st.n))
    r = pd.DataFrame(st.correlation_matrix(), index=obs, columns=obs)
    engine, model, x0 = start_model(spec, r, n)
    pos = {v: i for i, v in enumerate(engine.obs)}
    e_idx = np.array([pos[v] for v in obs])
    nth = st.n_thresholds
    w = np.ones(len(st.rho)) if estimator == "ULSMV" else 1.0 / st.gamma_diag[nth:]
    target = DwlsTarget(e_idx[st.pair_a], e_idx[st.pair_b], st.rho, w)
    free, theta_idx, theta_rows = dwls_parameters(engine, obs)
    sol = fit_dwls(engine, target, x0, free)
    xhat = fill_residual_variances(engine, sol.x, theta_idx, theta_rows)
    d = correlation_jacobian(engine, xhat, target, free)
    info = d.T @ (w[:, None] * d)
    info_inv = np.linalg.pinv(info)
    a = st.z_rho @ (w[:, None] * d)
    # lavaan: vcov = E^-1 D'W Gamma W D E^-1 / (N - 1) with Gamma = N sum_i z_i z_i'
    v_free = st.n / (st.n - 1) * (info_inv @ (a.T @ a) @ info_inv)
    q = engine.n_par
    acov = np.zeros((q, q))
    acov[np.ix_(free, free)] = v_free
    se = np.full(q, np.nan)
    se[free] = np.sqrt(np.clip(np.diag(v_free), 0, None))
    est, r2, diag = solution_tables(
        engine, model, spec, xhat, se, ci_level=ci_level, info=info, converged=sol.converged,
        result=sol,
    )  # fmt: skip
    sig = engine.sigma(xhat)
    inputs = DwlsInputs(st, target, sig, d, info_inv, sol.fmin, len(free))
    fit = dwls_fit_measures(inputs, estimator)
    resampler = DwlsResampler(
        engine=engine,
        codes=codes,
        ia=target.ia,
        ib=target.ib,
        free=free,
        theta_idx=theta_idx,
        theta_rows=theta_rows,
        x0=xhat,
        h0=_symmetric(np.linalg.pinv(2.0 * info)),
        rho0=st.rho,
        uls=estimator == "ULSMV",
    )
    return OrdinalFit(
        estimates=_with_thresholds(est, _threshold_rows(st, ci_level)),
        fit=fit,
        r2=r2,
        diagnostics=diag,
        n=n,
        params=xhat,
        acov=acov,
        engine=engine,
        missing=missing,
        implied_cov=sig,
        acov_full=acov,
        intercepts=None,
        estimator=estimator,
        resample=resampler,
        dwls=inputs,
    )


def merge_empty_categories(codes: OrdinalCodes, weights: np.ndarray) -> OrdinalCodes:
    """The codes with every category of zero (weighted) count merged into the next one (the
    previous one for the top category), so that each item keeps only categories observed in
    the resample. ``codes`` itself when no category is empty."""
    x = codes.codes
    k = codes.n_categories
    out, levels, changed = x.copy(), list(codes.levels), False
    for j in range(x.shape[1]):
        ok = x[:, j] >= 0
        cnt = np.bincount(x[ok, j], weights=weights[ok], minlength=k[j])
        keep = cnt > 0
        if keep.all():
            continue
        changed = True
        kept = np.flatnonzero(keep)
        if len(kept) < 2:
            raise EmptyCategoryError(f"item {codes.items[j]!r}: a single category in the resample")
        target = np.minimum(np.searchsorted(kept, np.arange(k[j])), len(kept) - 1)
        out[ok, j] = target[x[ok, j]]
        levels[j] = tuple(codes.levels[j][c] for c in kept)
    return OrdinalCodes(codes.items, out, tuple(levels)) if changed else codes


def _symmetric(a: np.ndarray) -> np.ndarray:
    return (a + a.T) / 2.0


@dataclass(frozen=True)
class DwlsResampler:
    """Refit a DWLS model to a bootstrap resample (given as case weights), as lavaan's
    bootstrap does: thresholds, polychorics and W recomputed, the model refitted (BFGS from
    the full-sample estimates, the inverse of twice the information as the first Hessian).
    Returns the parameters, or None when the fit fails.

    A category that no resampled respondent chose is merged with its neighbour for that
    resample (:func:`merge_empty_categories`); lavaan 0.6-14 instead counts such a resample
    as failed, which with rare extreme answers loses many resamples (on Prasojo et al.'s
    items about a third) and keeps only those that drew the rare answers."""

    engine: object
    codes: OrdinalCodes
    ia: np.ndarray
    ib: np.ndarray
    free: np.ndarray
    theta_idx: np.ndarray
    theta_rows: np.ndarray
    x0: np.ndarray
    h0: np.ndarray
    rho0: np.ndarray
    uls: bool = False

    def __call__(self, weights: np.ndarray) -> np.ndarray | None:
        try:
            codes = merge_empty_categories(self.codes, weights)
            st = ordinal_statistics(
                codes, weights, influence=False, rho_start=self.rho0, rho_tol=1e-9
            )
        except (EmptyCategoryError, np.linalg.LinAlgError):
            return None
        w = np.ones(len(st.rho)) if self.uls else 1.0 / st.gamma_diag[st.n_thresholds :]
        fun = dwls_objective(self.engine, DwlsTarget(self.ia, self.ib, st.rho, w))
        x = self.x0.copy()

        def free_fun(xf):
            x[self.free] = xf
            f, g = fun(x)
            return f, g[self.free]

        res = optimize.minimize(
            free_fun, self.x0[self.free], jac=True, method="BFGS",
            options={"gtol": 1e-6, "maxiter": 1000, "hess_inv0": self.h0},
        )  # fmt: skip
        if not (res.success or np.max(np.abs(res.jac)) < 1e-6):
            return None
        x[self.free] = res.x
        return fill_residual_variances(self.engine, x, self.theta_idx, self.theta_rows)


# --------------------------------------------------------------------------------------------
# The decision: continuous or ordinal items, and which estimator every model uses
# --------------------------------------------------------------------------------------------

MAX_ORDINAL_CATEGORIES = 5
SKEW_CUTOFF = 2.0
AUTO_RULE = (
    f"a scale is treated as ordinal when its items have at most {MAX_ORDINAL_CATEGORIES} "
    f"observed answer categories, or when an item's skewness exceeds {SKEW_CUTOFF:g} in "
    "absolute value (Rhemtulla, Brosseau-Liard & Savalei, 2012; Curran, West & Finch, 1996); "
    "one scale treated as ordinal makes the whole model WLSMV"
)
TREATMENT_COLUMNS = ["scale", "n_categories", "max_abs_skew", "meets_rule", "ordinal", "reason"]
ESTIMATOR_COLUMNS = ["estimator", "requested", "ordinal_setting", "missing", "reason"]


def _skewness(v: np.ndarray) -> float:
    """Sample skewness g1 = m3 / m2^1.5 (moments with divisor n)."""
    d = v - v.mean()
    m2 = np.mean(d * d)
    return float(np.mean(d**3) / m2**1.5) if m2 > 0 else 0.0


def _meets_rule(n_cat: int, skew: float, integer: bool) -> tuple[bool, str]:
    if not integer:
        return False, "non-integer values (parcels or means): continuous"
    if n_cat <= MAX_ORDINAL_CATEGORIES:
        return True, f"{n_cat} observed categories (at most {MAX_ORDINAL_CATEGORIES})"
    if skew > SKEW_CUTOFF:
        return (
            True,
            f"{n_cat} observed categories, but an item's |skewness| is {skew:.2f} (above {SKEW_CUTOFF:g})",
        )
    return False, (
        f"{n_cat} observed categories and |skewness| at most {skew:.2f} (within {SKEW_CUTOFF:g})"
    )


def _scale_rule(data: pd.DataFrame, scales: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Per scale: the most observed categories, the largest |skewness| and the auto rule."""
    rows = []
    for name, items in scales.items():
        cats, skews, integer = [], [], True
        for it in items:
            v = pd.to_numeric(data[it], errors="coerce").dropna().to_numpy(dtype=float)
            cats.append(len(np.unique(v)))
            skews.append(abs(_skewness(v)) if len(v) > 2 else 0.0)
            integer &= bool(np.all(np.abs(v - np.round(v)) <= 1e-9))
        n_cat, skew = int(max(cats)), float(max(skews))
        meets, why = _meets_rule(n_cat, skew, integer)
        rows.append([name, n_cat, skew, meets, why])
    return pd.DataFrame(rows, columns=["scale", "n_categories", "max_abs_skew", "meets", "why"])


def _treatment_reason(meets: bool, why: str, used: str, setting: str) -> str:
    if used in ORDINAL_ESTIMATORS:
        tail = "" if meets else " (one estimator for the whole model)"
        return f"{why}; treated as ordinal ({used}){tail}"
    if meets:
        return (
            f"{why}: the auto rule would treat it as ordinal; treated as continuous ({used}, "
            f"analysis.ordinal {setting})"
        )
    return f"{why}; treated as continuous ({used})"


def _setting(ordinal) -> str:
    if isinstance(ordinal, str):
        if ordinal.lower() not in ("auto", "true", "false"):
            raise ValueError(f"analysis.ordinal: {ordinal!r} is not one of auto, true, false")
        return ordinal.lower()
    return "true" if ordinal else "false"


def _choose(treat, estimator, setting, composites) -> tuple[str, str]:
    """The estimator every model uses, and why (see :func:`decide_estimator`)."""
    if estimator in ORDINAL_ESTIMATORS:
        used, reason = estimator, f"analysis.estimator is {estimator}: every scale item ordinal"
    elif setting == "true":
        used, reason = "WLSMV", "analysis.ordinal is true: every scale item ordinal (WLSMV)"
    elif setting == "auto" and treat["meets"].any() and len(composites):
        hits = ", ".join(treat.loc[treat["meets"], "scale"])
        used, reason = (
            estimator,
            (
                f"analysis.ordinal auto: {AUTO_RULE}; it holds for {hits}, but model.composites "
                f"({', '.join(composites)}) are continuous and WLSMV here cannot mix them with "
                f"ordinal items, so {estimator} is kept"
            ),
        )
    elif setting == "auto" and treat["meets"].any():
        hits = ", ".join(treat.loc[treat["meets"], "scale"])
        used, reason = "WLSMV", f"analysis.ordinal auto: {AUTO_RULE}; it holds for {hits}"
    elif setting == "auto":
        used, reason = estimator, f"analysis.ordinal auto: {AUTO_RULE}; it holds for no scale"
    else:
        used, reason = estimator, "analysis.ordinal is false: items treated as continuous"
    return used, reason


def decide_estimator(
    data: pd.DataFrame,
    scales: Mapping[str, Sequence[str]],
    *,
    estimator: str = "ML",
    ordinal="false",
    missing: str = "listwise",
    composites: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decide whether the items are ordinal and which estimator every model uses.

    Parameters
    ----------
    data : DataFrame
        The cleaned items.
    scales : mapping of str to sequence of str
        Scale -> items (the codebook's scales).
    estimator : {"ML", "MLR", "WLSMV", "ULSMV"}
        ``analysis.estimator``.
    ordinal : {"false", "true", "auto"} or bool
        ``analysis.ordinal``: false keeps the requested estimator, true uses WLSMV (every
        scale item ordinal), auto applies :data:`AUTO_RULE`.
    missing : {"listwise", "fiml", "pairwise"}
        ``analysis.missing``.
    composites : sequence of str
        ``model.composites``: continuous observed variables, which this WLSMV cannot combine
        with ordinal items; auto then keeps the continuous estimator (said in the reason).

    Returns
    -------
    treatment : DataFrame
        One row per scale: ``scale``, ``n_categories`` (the most observed answer categories
        of its items), ``max_abs_skew`` (the largest item |skewness|), ``meets_rule``
        (the scale meets :data:`AUTO_RULE`), ``ordinal`` (the items are treated as ordered
        in every model of this run), ``reason``.
    decision : DataFrame
        One row: ``estimator`` (used: ML, MLR, WLSMV or ULSMV), ``requested``
        (``analysis.estimator``), ``ordinal_setting``, ``missing`` (used: listwise, pairwise
        or fiml), ``reason``.

    Raises
    ------
    ValueError
        For an unknown setting, ``missing: pairwise`` with a continuous estimator, or an
        ordinal estimator asked for (WLSMV, ordinal true) with ``model.composites``.

    Notes
    -----
    The auto rule (:data:`AUTO_RULE`): with five or fewer categories, or strongly skewed
    answers, ML on Pearson correlations biases loadings and fit, and categorical estimation
    is preferable (Rhemtulla, Brosseau-Liard & Savalei, 2012); |skew| > 2 is the limit of
    moderate non-normality of Curran, West & Finch (1996). Skewness is g1 = m3/m2^1.5 of the
    item's answers. lavaan has no full-information estimator for WLSMV: ``missing: fiml``
    becomes pairwise deletion, as lavaan's ``missing = "pairwise"``.
    """
    setting = _setting(ordinal)
    if estimator not in ("ML", "MLR", *ORDINAL_ESTIMATORS):
        raise ValueError(f"analysis.estimator: {estimator!r} is not one of ML, MLR, WLSMV, ULSMV")
    treat = _scale_rule(data, scales)
    used, reason = _choose(treat, estimator, setting, composites)
    if used in ORDINAL_ESTIMATORS and len(composites):
        raise ValueError(
            f"{reason}, but model.composites ({', '.join(composites)}) are continuous observed "
            "variables, which WLSMV here cannot combine with ordinal items; model them as "
            "latent factors (remove them from model.composites) or use analysis.estimator ML/MLR"
        )
    used_missing = missing
    if used in ORDINAL_ESTIMATORS and missing == "fiml":
        used_missing = "pairwise"
        reason += "; FIML is not available for WLSMV, so pairwise deletion (as lavaan)"
    if used not in ORDINAL_ESTIMATORS and missing == "pairwise":
        raise ValueError(
            f"analysis.missing: pairwise is available only with ordinal items (WLSMV), but the "
            f"estimator is {used}; use listwise or fiml, or analysis.ordinal: true"
        )
    ordinal_used = used in ORDINAL_ESTIMATORS
    treat["meets_rule"] = treat["meets"].astype(bool)
    treat["ordinal"] = ordinal_used
    treat["reason"] = [
        _treatment_reason(m, w, used, setting)
        for m, w in zip(treat["meets"], treat["why"], strict=True)
    ]
    decision = pd.DataFrame(
        [[used, estimator, setting, used_missing, reason]], columns=ESTIMATOR_COLUMNS
    )
    return treat[TREATMENT_COLUMNS], decision


def decided_analysis(analysis: Mapping, decision: pd.DataFrame) -> dict:
    """``analysis`` (the study file's block) with the decided ``estimator`` and ``missing``.

    Parameters
    ----------
    analysis : mapping
        The study file's ``analysis`` block.
    decision : DataFrame
        ``results/cfa/estimator.csv`` (:func:`decide_estimator`).
    """
    if len(decision) != 1 or not {"estimator", "missing"} <= set(decision.columns):
        raise ValueError(
            "results/cfa/estimator.csv must have one row with columns estimator and missing; "
            "rerun the choose_estimator rule"
        )
    row = decision.iloc[0]
    return {**dict(analysis), "estimator": str(row["estimator"]), "missing": str(row["missing"])}


def note_continuous_fallback(
    table: pd.DataFrame,
    decision: pd.DataFrame,
    unavailable: str = "multi-group invariance (thresholds in place of intercepts)",
    only: Sequence[str] = ORDINAL_ESTIMATORS,
) -> pd.DataFrame:
    """A table estimated by ML although the study uses an ordinal estimator, with that said
    in its ``note`` column (``unavailable``: what has no version for that estimator; ``only``:
    the estimators for which the note is added).

    Returns
    -------
    DataFrame
        ``table`` itself when the decided estimator is continuous; otherwise a copy whose
        ``note`` column (added if absent) begins with the fallback's explanation.
    """
    used = str(decision.iloc[0]["estimator"])
    if used not in only:
        return table
    text = (
        f"estimated by ML with the items treated as continuous, from the same cleaned data: "
        f"the study uses {used}, for which {unavailable} is not available yet"
    )
    out = table.copy()
    old = (
        out["note"].fillna("").astype(str)
        if "note" in out.columns
        else pd.Series("", index=out.index)
    )
    out["note"] = [text + (f"; {o}" if o else "") for o in old]
    return out
