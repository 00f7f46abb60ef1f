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

SQRT_EPS = float(np.sqrt(np.finfo(float).eps))
BIG = 100.0  # lavaan's stand-in for an infinite threshold in the score formulas
RHO_BOUND = 0.999  # lavaan's bounds for a polychoric correlation (nlminb lower/upper)
ORDINAL_ESTIMATORS = ("WLSMV", "ULSMV")


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
                f"{source}: item {item!r} has non-integer value {col[bad][0]!r} (row "
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
        return [(it, f"t{k + 1}") for it, th in zip(self.items, self.thresholds) for k in range(len(th))]


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


def _fit_rho(freq, cuts_a, cuts_b, rho0, n_pairs_obs):
    """Maximise every table's likelihood in rho (Newton with step halving, in the bounds).

    A step is taken only when it does not lower the likelihood and does not push an observed
    cell's probability to the sqrt(eps) floor (where the floored likelihood is flat and a
    Newton method would stop on the plateau); steps are at most 0.1.
    """
    rho = np.clip(np.asarray(rho0, dtype=float).copy(), -RHO_BOUND, RHO_BOUND)
    active = np.ones(len(rho), bool)
    for _ in range(200):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        sl = (freq[idx], cuts_a[idx], cuts_b[idx])
        ll, pi, g, h = _bivariate_terms(*sl, rho[idx])
        floored = np.sum((pi <= SQRT_EPS) & (sl[0] > 0), axis=(1, 2))
        step = np.where(h < 0, -g / np.where(h < 0, h, -1.0), np.sign(g) * 0.05)
        step = np.clip(step, -0.1, 0.1)
        t = np.ones(len(idx))
        for _ in range(40):
            new = np.clip(rho[idx] + t * step, -RHO_BOUND, RHO_BOUND)
            ll_new, pi_new = _bivariate_terms(*sl, new, derivatives=False)[:2]
            worse = (ll_new < ll - 1e-12 * np.abs(ll)) | (
                np.sum((pi_new <= SQRT_EPS) & (sl[0] > 0), axis=(1, 2)) > floored
            )
            if not worse.any():
                break
            t = np.where(worse, t / 2, t)
        new = np.where(worse, rho[idx], new)
        moved = np.abs(new - rho[idx])
        rho[idx] = new
        done = (moved < 1e-12) | (np.abs(g) / n_pairs_obs[idx] < 1e-13)
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
    scores[cat, cat] = stats.norm.pdf(th)  # category k: upper cut point is tau_k
    scores[cat + 1, cat] = -stats.norm.pdf(th)  # category k + 1: lower cut point is tau_k
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
        z1 = stats.norm.pdf(up1)[:, :, None] * (
            special.ndtr((up2[:, None, :] - r * up1[:, :, None]) / rr)
            - special.ndtr((lo2[:, None, :] - r * up1[:, :, None]) / rr)
        )
        z2 = stats.norm.pdf(lo1)[:, :, None] * (
            special.ndtr((up2[:, None, :] - r * lo1[:, :, None]) / rr)
            - special.ndtr((lo2[:, None, :] - r * lo1[:, :, None]) / rr)
        )
        return z1, z2

    za1, za2 = side(up_a, lo_a, up_b, lo_b)  # cells indexed (cat_a, cat_b)
    zb1, zb2 = side(up_b, lo_b, up_a, lo_a)  # cells indexed (cat_b, cat_a)
    zb1, zb2 = zb1.transpose(0, 2, 1), zb2.transpose(0, 2, 1)
    eye = np.eye(kmax)[:, : kmax - 1]  # [category == t]
    below = np.eye(kmax, k=-1)[:, : kmax - 1]  # [category - 1 == t]
    dth_a = (za1[..., None] * eye[None, :, None, :] - za2[..., None] * below[None, :, None, :])
    dth_b = (zb1[..., None] * eye[None, None, :, :] - zb2[..., None] * below[None, None, :, :])
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
    onehot, off = _one_hot(x, k)
    counts = onehot.T @ w
    table = onehot.T @ (onehot * w[:, None])
    th, uscores = [], []
    for j in range(p):
        try:
            t, s = _univariate(counts[off[j] : off[j + 1]])
        except EmptyCategoryError as exc:
            raise EmptyCategoryError(f"item {codes.items[j]!r}: {exc}") from None
        th.append(t)
        uscores.append(s)
    a_idx, b_idx = lavaan_pairs(p)
    freq = np.zeros((len(a_idx), kmax, kmax))
    for q, (a, b) in enumerate(zip(a_idx, b_idx, strict=True)):
        freq[q, : k[a], : k[b]] = table[off[a] : off[a + 1], off[b] : off[b + 1]]
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
        rho[est] = _fit_rho(fit_freq[est], cuts_a[est], cuts_b[est], rho0[est], n_pair[est])
    zero_pairs = tuple(
        (codes.items[a_idx[q]], codes.items[b_idx[q]])
        for q in np.flatnonzero(np.any((freq == 0) & _real_cells(k[a_idx], k[b_idx], kmax), axis=(1, 2)))
    )
    z_th, z_rho, gdiag = _influence(x, w, k, th, uscores, freq, cuts_a, cuts_b, rho, a_idx, b_idx)
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


def _influence(x, w, k, th, uscores, freq, cuts_a, cuts_b, rho, a_idx, b_idx):
    """Casewise influence of thresholds and correlations, and sum_i w_i z_i^2 (Γ / N)."""
    n_obs, p = x.shape
    kmax = int(k.max())
    pi = np.maximum(_corners(_cell_grid(cuts_a, cuts_b, rho, bvn_cdf)), SQRT_EPS)
    drho, dth_a, dth_b = _pair_scores(cuts_a, cuts_b, rho, pi)
    # first-order information blocks, from the cell counts
    a22 = np.sum(freq * drho * drho, axis=(1, 2))
    a21_a = np.einsum("qrc,qrc,qrct->qt", freq, drho, dth_a)
    a21_b = np.einsum("qrc,qrc,qrct->qt", freq, drho, dth_b)
    # g_j[k] = A11_j^-1 s_j[k] per category (padded to kmax x (kmax - 1)); missing row kmax = 0
    g = np.zeros((p, kmax + 1, kmax - 1))
    for j in range(p):
        s = uscores[j]
        cnt = np.bincount(x[:, j][x[:, j] >= 0], weights=w[x[:, j] >= 0], minlength=k[j])
        a11 = (s * cnt[:, None]).T @ s
        g[j, : k[j], : k[j] - 1] = np.linalg.solve(a11, s.T).T
    u_a = np.einsum("qt,qkt->qk", a21_a, g[a_idx])  # P x (kmax + 1)
    u_b = np.einsum("qt,qkt->qk", a21_b, g[b_idx])
    ztab = np.zeros((len(a_idx), kmax + 1, kmax + 1))
    ztab[:, :kmax, :kmax] = drho
    ztab -= u_a[:, :, None] + u_b[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ztab = np.nan_to_num(ztab / a22[:, None, None])
    xc = np.where(x >= 0, x, kmax)
    z_rho = ztab[np.arange(len(a_idx))[None, :], xc[:, a_idx], xc[:, b_idx]]
    z_th = np.concatenate([g[j, xc[:, j], : k[j] - 1] for j in range(p)], axis=1)
    gdiag = np.concatenate([w @ (z_th * z_th), w @ (z_rho * z_rho)])
    return z_th, z_rho, gdiag
