"""Group comparisons and demographic correlates of burnout.

Every burnout and outcome scale (codebook role ``burnout`` or ``outcome``; every scale when the
codebook has neither, see :func:`compared_scales`) is compared across each categorical or
ordinal demographic named in ``analysis.groups``:

* two levels: Welch's t-test with Hedges' g;
* three or more levels: Welch's ANOVA with omega-squared and Games-Howell post-hoc pairs;
* ordinal variables also get a rank-based counterpart (Mann-Whitney U with the rank-biserial
  correlation, or Kruskal-Wallis H with epsilon-squared) as extra rows.

Direction convention: every difference, t statistic, Hedges' g, U and rank-biserial
correlation is "later level minus earlier level" in codebook order (for two levels: the second
level minus the first, the first level being the reference, as in the regression dummies).

Holm's adjustment is applied within a *family*: the parametric family holds every Welch t-test
and Welch ANOVA in the table (one test per outcome and group variable), the nonparametric family
every Mann-Whitney and Kruskal-Wallis test. The rank tests are robustness checks of the same
hypotheses, so they are not pooled with the primary tests.

All functions are pure: data in, tidy DataFrames out; nothing is rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import lgamma
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from surveysem.adjust import holm
from surveysem.codebook import Codebook, Demographic
from surveysem.scores import scale_scores

OUTCOME_ROLES = ("burnout", "outcome")
GROUP_TYPES = ("categorical", "ordinal")

DIFFERENCE_COLUMNS = [
    "outcome",
    "group_var",
    "test",
    "statistic",
    "df1",
    "df2",
    "pvalue",
    "p_holm",
    "effect_size",
    "effect_size_name",
    "es_ci_low",
    "es_ci_high",
    "family",
    "n",
    "k",
    "levels",
    "note",
    "compared",
]
POSTHOC_COLUMNS = [
    "outcome",
    "group_var",
    "level_a",
    "level_b",
    "diff",
    "se",
    "t",
    "df",
    "pvalue",
    "ci_low",
    "ci_high",
    "hedges_g",
]
DESCRIPTIVE_COLUMNS = [
    "outcome",
    "group_var",
    "level",
    "n",
    "mean",
    "sd",
    "suppressed",
    "ci_low",
    "ci_high",
]
REGRESSION_COLUMNS = [
    "outcome",
    "term",
    "variable",
    "level",
    "b",
    "se",
    "t",
    "pvalue",
    "ci_low",
    "ci_high",
    "beta",
    "vif",
    "gvif",
    "gvif_adj",
]
REGRESSION_FIT_COLUMNS = [
    "outcome",
    "n",
    "n_predictors",
    "r2",
    "adj_r2",
    "f",
    "df1",
    "df2",
    "pvalue",
    "dropped",
]


def compared_scales(codebook: Codebook) -> list[str]:
    """The scales compared across groups, and so tested for measurement invariance.

    Parameters
    ----------
    codebook : Codebook

    Returns
    -------
    list of str
        Names of the scales with role ``burnout`` or ``outcome`` (:data:`OUTCOME_ROLES`), in
        codebook order; every scale when the codebook has none of those roles.

    Notes
    -----
    :func:`compare_groups` compares these scales and
    :func:`surveysem.invariance.assess_invariance` tests them by default, so a scale whose
    means are compared is always in the tested measurement model.
    """
    chosen = [s.name for s in codebook.scales if s.role in OUTCOME_ROLES]
    return chosen or [s.name for s in codebook.scales]


@dataclass(frozen=True)
class GroupComparison:
    """All group-comparison tables, as :func:`compare_groups` returns them.

    Attributes
    ----------
    differences : DataFrame
        ``outcome``, ``group_var``, ``test`` (``welch_t``, ``welch_anova``,
        ``mann_whitney``, ``kruskal_wallis``), ``statistic`` (t, F, U of the later level, H),
        ``df1`` (Welch df for t; k-1 for F and H; empty for U), ``df2`` (Welch's denominator df
        for F, else empty), ``pvalue``, ``p_holm`` (Holm within ``family``), ``effect_size``,
        ``effect_size_name`` (``hedges_g``, ``omega_squared``, ``rank_biserial``,
        ``epsilon_squared``), ``es_ci_low``, ``es_ci_high`` (empty for epsilon-squared),
        ``family`` (``parametric``/``nonparametric``), ``n``, ``k`` (levels used), ``levels``
        (``;``-separated, the order of the comparison), ``note``, ``compared`` (bool: at
        least two levels could be compared, so the test ran; false, with no statistic and a
        ``note`` saying ``fewer than two levels to compare``, when the analysed respondents
        fall in fewer than two usable levels, e.g. a group variable with a single level).
    posthoc : DataFrame
        ``outcome``, ``group_var`` and the columns of :func:`games_howell`, for
        group variables with three or more levels.
    descriptives : DataFrame
        ``outcome``, ``group_var``, ``level``, ``n``, ``mean``, ``sd``,
        ``suppressed`` (``n < min_cell``: mean and SD empty), ``ci_low``, ``ci_high`` (t-based
        CI of the mean at ``ci_level``).
    regression : DataFrame
        ``outcome`` (each burnout scale) and the columns of
        :func:`demographic_regression`.
    regression_fit : DataFrame
        ``outcome``, ``n``,
        ``n_predictors``, ``r2``, ``adj_r2``, ``f``, ``df1``, ``df2``, ``pvalue``, ``dropped``.
    classic : DataFrame
        the tests Chinese theses report beside the Welch ones (which stay the
        default inference, with Holm): ``outcome``, ``group_var`` and the columns of
        :func:`classic_comparison`.
    classic_posthoc : DataFrame
        ``outcome``, ``group_var`` and the
        columns of :func:`classic_posthoc`, for three or more levels.
    """

    differences: pd.DataFrame
    posthoc: pd.DataFrame
    descriptives: pd.DataFrame
    regression: pd.DataFrame
    regression_fit: pd.DataFrame
    classic: pd.DataFrame = None
    classic_posthoc: pd.DataFrame = None


# --------------------------------------------------------------------------- group labels


def group_labels(data: pd.DataFrame, demographic: Demographic) -> pd.Series:
    """Codebook level labels of a categorical or ordinal demographic.

    Parameters
    ----------
    data : DataFrame
    demographic : Demographic
        With ``levels`` (code -> label).

    Returns
    -------
    Series
        An ordered categorical with the codebook's level labels as categories (codebook
        order); missing answers are NaN. Values that are already labels are kept.

    Raises
    ------
    ValueError
        When the column is missing or holds codes the codebook does not define.
    """
    name = demographic.name
    if name not in data.columns:
        raise ValueError(
            f"demographic {name!r}: column not found in the data; columns are "
            f"{', '.join(map(str, data.columns[:40]))}"
        )
    labels = list(dict.fromkeys(demographic.levels.values()))
    raw = data[name]
    codes = pd.to_numeric(raw, errors="coerce")
    mapped = codes.map(demographic.levels)
    as_label = raw.where(raw.astype(str).isin(labels)).astype(object)
    mapped = mapped.where(mapped.notna(), as_label)
    bad = raw.notna() & mapped.isna()
    if bad.any():
        unknown = sorted({str(v) for v in raw[bad]})
        raise ValueError(
            f"demographic {name!r}: value(s) {', '.join(unknown[:10])} are not among the "
            f"codebook's levels ({', '.join(f'{k:g}: {v}' for k, v in demographic.levels.items())}); "
            "add them to `levels` in the codebook or recode the data"
        )
    return pd.Series(
        pd.Categorical(mapped, categories=labels, ordered=demographic.type == "ordinal"),
        index=data.index,
        name=name,
    )


# --------------------------------------------------------------------------- effect sizes


def _ncp_interval(stat_cdf, observed_lo: float, observed_hi: float, alpha: float):
    """Invert a cdf that decreases in the noncentrality: (lower, upper) noncentrality."""

    def solve(target):
        f = lambda nc: stat_cdf(nc) - target  # noqa: E731
        lo, hi = observed_lo, observed_hi
        step = max(1.0, abs(hi - lo))
        while f(lo) < 0:
            lo -= step
            step *= 2
        step = max(1.0, abs(hi - lo))
        while f(hi) > 0:
            hi += step
            step *= 2
        return optimize.brentq(f, lo, hi, xtol=1e-12, rtol=1e-12, maxiter=500)

    return solve(1 - alpha / 2), solve(alpha / 2)


def hedges_g(a: np.ndarray, b: np.ndarray, ci_level: float = 0.95) -> tuple[float, float, float]:
    """Hedges' g for ``b`` minus ``a`` with a noncentral-t confidence interval.

    Parameters
    ----------
    a, b : array
        The two samples (no missing values).
    ci_level : float

    Returns
    -------
    tuple
        ``(g, ci_low, ci_high)``.

    Notes
    -----
    ``d = (mean_b - mean_a) / s_p`` with the pooled SD
    ``s_p = sqrt(((n_a-1) s_a^2 + (n_b-1) s_b^2) / (n_a+n_b-2))``; the CI inverts the
    noncentral t distribution of ``t = d / sqrt(1/n_a + 1/n_b)`` with ``n_a+n_b-2`` df
    (Steiger & Fouladi, 1997; Steiger, 2004); estimate and bounds are multiplied by the
    small-sample correction ``J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))`` (Hedges, 1981).
    The same as ``effectsize::hedges_g(b, a)`` in R.
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    na, nb = len(a), len(b)
    df = na + nb - 2
    sp = np.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / df)
    d = (b.mean() - a.mean()) / sp
    hn = 1 / na + 1 / nb
    t = d / np.sqrt(hn)
    j = np.exp(lgamma(df / 2) - np.log(np.sqrt(df / 2)) - lgamma((df - 1) / 2))
    lo, hi = _ncp_interval(lambda nc: stats.nct.cdf(t, df, nc), t - 1, t + 1, 1 - ci_level)
    return float(d * j), float(lo * np.sqrt(hn) * j), float(hi * np.sqrt(hn) * j)


def omega_squared(
    values: np.ndarray, groups: np.ndarray, ci_level: float = 0.95
) -> tuple[float, float, float]:
    """Omega-squared of a one-way design, with a noncentral-F confidence interval.

    Parameters
    ----------
    values : array
        Scores (no missing values).
    groups : array
        Group membership, same length.
    ci_level : float

    Returns
    -------
    tuple
        ``(omega2, ci_low, ci_high)``.

    Notes
    -----
    From the *classical* one-way ANOVA (equal variances), not from Welch's F:
    ``omega2 = (SS_b - (k-1) MS_w) / (SS_t + MS_w)`` (Hays, 1963; Olejnik & Algina, 2003),
    truncated at 0 as in ``effectsize::omega_squared``. The CI inverts the noncentral F
    distribution of the classical ``F = MS_b / MS_w`` for the noncentrality ``lambda`` and maps
    each bound to ``lambda / (lambda + N)``, the population proportion of variance explained
    (Steiger, 2004, "Beyond the F test").
    """
    values = np.asarray(values, float)
    groups = np.asarray(groups)
    levels = pd.unique(groups)
    k, n = len(levels), len(values)
    grand = values.mean()
    ss_b = sum(
        (values[groups == g].size) * (values[groups == g].mean() - grand) ** 2 for g in levels
    )
    ss_t = ((values - grand) ** 2).sum()
    ss_w = ss_t - ss_b
    df1, df2 = k - 1, n - k
    ms_w = ss_w / df2
    omega = max(0.0, (ss_b - df1 * ms_w) / (ss_t + ms_w))
    f = (ss_b / df1) / ms_w
    alpha = 1 - ci_level
    cdf0 = stats.f.cdf(f, df1, df2)

    def bound(target):
        if cdf0 <= target:
            return 0.0
        g = lambda nc: stats.ncf.cdf(f, df1, df2, nc) - target  # noqa: E731
        hi = max(10.0, f * df1 * 2)
        while g(hi) > 0:
            hi *= 2
        return optimize.brentq(g, 0.0, hi, xtol=1e-12, rtol=1e-12, maxiter=500)

    lam_lo, lam_hi = bound(1 - alpha / 2), bound(alpha / 2)
    return omega, lam_lo / (lam_lo + n), lam_hi / (lam_hi + n)


# --------------------------------------------------------------------------- tests


def welch_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Welch's t-test of ``b`` minus ``a``.

    Returns
    -------
    tuple
        ``(t, df, pvalue)``, two-sided.

    Notes
    -----
    ``t = (mean_b - mean_a) / sqrt(s_a^2/n_a + s_b^2/n_b)`` with Welch-Satterthwaite df
    (Welch, 1947); R's ``t.test(b, a, var.equal = FALSE)``.
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = np.sqrt(va + vb)
    t = (b.mean() - a.mean()) / se
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return float(t), float(df), float(2 * stats.t.sf(abs(t), df))


def welch_anova(values: np.ndarray, groups: np.ndarray) -> tuple[float, float, float, float]:
    """Welch's heteroscedastic one-way ANOVA.

    Returns
    -------
    tuple
        ``(F, df1, df2, pvalue)``.

    Notes
    -----
    With ``w_i = n_i / s_i^2``, ``W = sum w_i``, ``m = sum w_i mean_i / W``,
    ``A = sum w_i (mean_i - m)^2 / (k-1)``, ``L = sum (1 - w_i/W)^2 / (n_i - 1)``:
    ``F = A / (1 + 2 (k-2) L / (k^2-1))``, ``df1 = k-1``, ``df2 = (k^2-1) / (3 L)``
    (Welch, 1951); R's ``oneway.test(var.equal = FALSE)``.
    """
    values = np.asarray(values, float)
    groups = np.asarray(groups)
    levels = pd.unique(groups)
    k = len(levels)
    n = np.array([(groups == g).sum() for g in levels], float)
    m = np.array([values[groups == g].mean() for g in levels])
    v = np.array([values[groups == g].var(ddof=1) for g in levels])
    w = n / v
    sw = w.sum()
    mw = (w * m).sum() / sw
    lam = ((1 - w / sw) ** 2 / (n - 1)).sum()
    a = (w * (m - mw) ** 2).sum() / (k - 1)
    f = a / (1 + 2 * (k - 2) * lam / (k**2 - 1))
    df1, df2 = k - 1, (k**2 - 1) / (3 * lam)
    return float(f), float(df1), float(df2), float(stats.f.sf(f, df1, df2))


_Z_NODES, _Z_WEIGHTS = np.polynomial.legendre.leggauss(128)
_Z_HALF = 8.5
_H_NODES, _H_WEIGHTS = np.polynomial.hermite_e.hermegauss(96)
_H_WEIGHTS = _H_WEIGHTS / np.sqrt(2 * np.pi)


def _range_cdf(w: np.ndarray, k: int) -> np.ndarray:
    """P(range of k iid standard normals <= w), vectorised over ``w``."""
    z = _Z_HALF * _Z_NODES
    wz = _Z_HALF * _Z_WEIGHTS
    inner = np.clip(special.ndtr(z) - special.ndtr(z - np.asarray(w, float)[..., None]), 0, 1)
    return k * (inner ** (k - 1) * stats.norm.pdf(z) * wz).sum(-1)


def _s_nodes(df: float) -> np.ndarray:
    """sqrt(chi2_df / df) at the normal quantiles of the Gauss-Hermite nodes."""
    if not np.isfinite(df):
        return np.ones(1)
    x = _H_NODES
    chi = np.where(x < 0, stats.chi2.ppf(special.ndtr(x), df), stats.chi2.isf(special.ndtr(-x), df))
    return np.sqrt(chi / df)


def _tukey_cdf(q: float, k: int, s: np.ndarray) -> float:
    if s.size == 1:
        return float(_range_cdf(q * s, k)[0])
    return float((_range_cdf(q * s, k) * _H_WEIGHTS).sum())


def studentized_range_sf(q: float, k: int, df: float) -> float:
    """Upper tail of the studentized range distribution (R's ``ptukey(lower.tail = FALSE)``).

    Notes
    -----
    ``P(Q <= q) = int f(s) P(W <= q s) ds`` with ``s ~ sqrt(chi2_df / df)`` and the range
    distribution ``P(W <= w) = k int phi(z) (Phi(z) - Phi(z - w))^(k-1) dz`` (Hartley, 1942;
    Copenhaver & Holland, 1988). The inner integral by 128-point Gauss-Legendre on [-8.5, 8.5],
    the outer one by 96-point Gauss-Hermite after writing ``s`` as the chi quantile of a
    standard normal ``x`` (``s = sqrt(F^-1_chi2(Phi(x)) / df)``); agrees with
    ``scipy.stats.studentized_range`` (adaptive, much slower) to about 1e-10.
    """
    if q <= 0:
        return 1.0
    return float(min(1.0, max(0.0, 1.0 - _tukey_cdf(q, k, _s_nodes(df)))))


def studentized_range_ppf(p: float, k: int, df: float) -> float:
    """Quantile of the studentized range distribution (R's ``qtukey``), see
    :func:`studentized_range_sf`."""
    s = _s_nodes(df)
    lo, hi = 0.0, 8.0
    while _tukey_cdf(hi, k, s) < p:
        lo, hi = hi, hi * 2
    return float(optimize.brentq(lambda q: _tukey_cdf(q, k, s) - p, lo, hi, xtol=1e-10))


def games_howell(values: np.ndarray, groups: np.ndarray, ci_level: float = 0.95) -> pd.DataFrame:
    """Games-Howell pairwise comparisons.

    Parameters
    ----------
    values : array
    groups : array
        Group labels; pairs follow the order of first appearance in ``pd.unique`` unless
        ``groups`` is a Categorical, whose category order is used.
    ci_level : float

    Returns
    -------
    DataFrame
        ``level_a``, ``level_b``, ``diff`` (mean_b - mean_a), ``se``, ``t``, ``df``, ``pvalue``,
        ``ci_low``, ``ci_high`` (simultaneous), ``hedges_g`` (pooled SD of the pair, small-sample
        corrected).

    Notes
    -----
    ``se = sqrt(s_a^2/n_a + s_b^2/n_b)``, ``t = diff / se``, Welch-Satterthwaite df;
    ``p = P(Q_{k,df} > sqrt(2) |t|)`` from the studentized range distribution with ``k`` groups;
    CI ``diff +- q_{ci_level,k,df} / sqrt(2) * se`` (Games & Howell, 1976).
    """
    values = np.asarray(values, float)
    if isinstance(groups, pd.Series) and isinstance(groups.dtype, pd.CategoricalDtype):
        levels = [c for c in groups.cat.categories if (groups == c).any()]
        groups = groups.astype(object).to_numpy()
    elif isinstance(groups, pd.Categorical):
        levels = [c for c in groups.categories if (groups == c).any()]
        groups = np.asarray(groups.astype(object))
    else:
        groups = np.asarray(groups)
        levels = list(pd.unique(groups))
    k = len(levels)
    rows = []
    for la, lb in combinations(levels, 2):
        a, b = values[groups == la], values[groups == lb]
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        se = np.sqrt(va + vb)
        diff = b.mean() - a.mean()
        t = diff / se
        df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
        p = studentized_range_sf(np.sqrt(2) * abs(t), k, df)
        q = studentized_range_ppf(ci_level, k, df) / np.sqrt(2)
        g = hedges_g(a, b, ci_level)[0]
        rows.append(
            dict(
                level_a=la,
                level_b=lb,
                diff=diff,
                se=se,
                t=t,
                df=df,
                pvalue=min(1.0, float(p)),
                ci_low=diff - q * se,
                ci_high=diff + q * se,
                hedges_g=g,
            )
        )
    return pd.DataFrame(rows, columns=POSTHOC_COLUMNS[2:])


def mann_whitney(
    a: np.ndarray, b: np.ndarray, ci_level: float = 0.95
) -> tuple[float, float, float, float, float]:
    """Mann-Whitney U test of ``b`` against ``a`` with the rank-biserial correlation.

    Returns
    -------
    tuple
        ``(U_b, pvalue, r_rb, ci_low, ci_high)``.

    Notes
    -----
    ``U_b`` is the Mann-Whitney statistic of ``b`` (R's ``wilcox.test(b, a)$statistic``);
    p from the normal approximation with tie and continuity corrections (R's
    ``wilcox.test(exact = FALSE, correct = TRUE)``). ``r_rb = 2 U_b / (n_a n_b) - 1``
    (Glass, 1965; Kerby, 2014); CI on Fisher's z with
    ``SE = sqrt((n_a + n_b + 1) / (3 n_a n_b))``, as ``effectsize::rank_biserial``.
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    res = stats.mannwhitneyu(
        b, a, alternative="two-sided", use_continuity=True, method="asymptotic"
    )
    u = float(res.statistic)
    na, nb = len(a), len(b)
    r = 2 * u / (na * nb) - 1
    se = np.sqrt((na + nb + 1) / (3 * na * nb))
    z = stats.norm.ppf(1 - (1 - ci_level) / 2)
    zr = np.arctanh(np.clip(r, -1 + 1e-15, 1 - 1e-15))
    return u, float(res.pvalue), r, float(np.tanh(zr - z * se)), float(np.tanh(zr + z * se))


def kruskal_wallis(values: np.ndarray, groups: np.ndarray) -> tuple[float, float, float, float]:
    """Kruskal-Wallis H test with epsilon-squared.

    Returns
    -------
    tuple
        ``(H, df, pvalue, epsilon2)``.

    Notes
    -----
    H with the tie correction, chi-square with ``k-1`` df (Kruskal & Wallis, 1952; R's
    ``kruskal.test``); ``epsilon2 = H / ((n^2 - 1) / (n + 1)) = H / (n - 1)`` (Kelley, 1935;
    Tomczak & Tomczak, 2014), as ``effectsize::rank_epsilon_squared``. No CI is reported:
    the only available one is a bootstrap.
    """
    values = np.asarray(values, float)
    groups = np.asarray(groups)
    samples = [values[groups == g] for g in pd.unique(groups)]
    n = len(values)
    if np.ptp(values) == 0:
        return np.nan, float(len(samples) - 1), np.nan, np.nan
    h, p = stats.kruskal(*samples)
    return float(h), float(len(samples) - 1), float(p), float(h / ((n**2 - 1) / (n + 1)))


# --------------------------------------------------------------------------- regression


def _dependent(x: np.ndarray, kept: np.ndarray) -> bool:
    if kept.shape[1] == 0:
        return not np.any(x - x.mean())
    coef, *_ = np.linalg.lstsq(kept, x, rcond=None)
    resid = x - kept @ coef
    return float(np.sqrt((resid**2).sum())) <= 1e-9 * max(1.0, float(np.sqrt((x**2).sum())))


def demographic_regression(
    y: pd.Series, data: pd.DataFrame, demographics: Sequence[Demographic], ci_level: float = 0.95
) -> tuple[pd.DataFrame, dict]:
    """OLS of one score on all demographics together.

    Parameters
    ----------
    y : Series
        The outcome score (index aligned with ``data``).
    data : DataFrame
        Holds the demographic columns (codes or labels for categorical ones).
    demographics : sequence of Demographic
        Categorical and ordinal ones enter as dummies with the first codebook level (the first
        one present in the analysed rows) as reference; numeric ones as they are.
    ci_level : float

    Returns
    -------
    coefficients : DataFrame
        ``term`` (``(Intercept)``, ``var`` or ``var: level``), ``variable``, ``level``, ``b``,
        ``se``, ``t``, ``pvalue``, ``ci_low``, ``ci_high``, ``beta`` (standardized:
        ``b * sd(x) / sd(y)``), ``vif`` (per column), ``gvif`` and ``gvif_adj``
        (per variable, on the variable's first row).
    fit : dict
        ``n``, ``n_predictors``, ``r2``, ``adj_r2``, ``f``, ``df1``, ``df2``, ``pvalue``,
        ``dropped`` (predictor columns dropped as constant or aliased, ``;``-separated).

    Notes
    -----
    Listwise deletion over the outcome and all demographics. ``VIF_j`` is the j-th diagonal
    element of the inverse correlation matrix of the predictor columns; the generalized
    ``GVIF = det(R_11) det(R_22) / det(R)`` for a variable's block of columns, and
    ``GVIF^(1/(2 df))`` (Fox & Monette, 1992), as ``car::vif`` in R.
    """
    yv, cols, meta, dropped = _regression_design(y, data, demographics)
    n = len(yv)
    kept = np.ones((n, 1))
    kept_names: list[str] = []
    for name, x in cols.items():  # constant or aliased columns are dropped, in order
        if _dependent(x, kept):
            dropped.append(name)
        else:
            kept, kept_names = np.column_stack([kept, x]), [*kept_names, name]
    p = kept.shape[1]
    df_res = n - p
    if df_res <= 0:
        raise ValueError(
            f"regression of {y.name!r} on the demographics: {n} complete cases for {p} "
            "coefficients; collect more data or drop demographics from the codebook"
        )
    xtx_inv = np.linalg.inv(kept.T @ kept)
    b = xtx_inv @ kept.T @ yv
    resid = yv - kept @ b
    sigma2 = (resid**2).sum() / df_res
    se = np.sqrt(np.diag(xtx_inv) * sigma2)
    vif, gvif, dfs = _collinearity(kept[:, 1:], [meta[nm][0] for nm in kept_names])
    beta = np.r_[np.nan, b[1:] * kept[:, 1:].std(axis=0, ddof=1) / yv.std(ddof=1)]
    terms = [("(Intercept)", "(Intercept)", "")] + [(nm, *meta[nm]) for nm in kept_names]
    rows = _coefficient_rows(terms, b, se, df_res, ci_level, beta, vif, gvif, dfs)
    return pd.DataFrame(rows, columns=REGRESSION_COLUMNS[1:]), _ols_fit(
        yv, resid, sigma2, p, dropped
    )


def _coefficient_rows(terms, b, se, df_res, ci_level, beta, vif, gvif, dfs) -> list[dict]:
    """One row per coefficient (intercept first); GVIFs on each variable's first row."""
    q = stats.t.ppf(1 - (1 - ci_level) / 2, df_res)
    rows, seen = [], set()
    for i, (term, var, lev) in enumerate(terms):
        first = i > 0 and var not in seen
        seen.add(var)
        rows.append(
            dict(
                term=term,
                variable=var,
                level=lev,
                b=b[i],
                se=se[i],
                t=b[i] / se[i],
                pvalue=2 * stats.t.sf(abs(b[i] / se[i]), df_res),
                ci_low=b[i] - q * se[i],
                ci_high=b[i] + q * se[i],
                beta=beta[i],
                vif=vif[i - 1] if i else np.nan,
                gvif=gvif[var] if first else np.nan,
                gvif_adj=gvif[var] ** (1 / (2 * dfs[var])) if first else np.nan,
            )
        )
    return rows


def _regression_design(y: pd.Series, data: pd.DataFrame, demographics: Sequence[Demographic]):
    """The complete cases' outcome, predictor columns (dummies for categories), each column's
    (variable, level), and the variables dropped for having one level."""
    frame = pd.DataFrame({"__y": pd.to_numeric(y, errors="coerce")}, index=data.index)
    for d in demographics:
        if d.type in GROUP_TYPES:
            frame[d.name] = group_labels(data, d)
        else:
            if d.name not in data.columns:
                raise ValueError(f"demographic {d.name!r}: column not found in the data")
            frame[d.name] = pd.to_numeric(data[d.name], errors="coerce")
    frame = frame.dropna()
    cols: dict[str, np.ndarray] = {}
    meta: dict[str, tuple[str, str]] = {}
    dropped: list[str] = []
    for d in demographics:
        if d.type in GROUP_TYPES:
            present = [c for c in frame[d.name].cat.categories if (frame[d.name] == c).any()]
            if len(present) < 2:
                dropped.append(f"{d.name} (one level)")
            for lev in present[1:]:
                key = f"{d.name}: {lev}"
                cols[key] = (frame[d.name] == lev).to_numpy(float)
                meta[key] = (d.name, str(lev))
        else:
            cols[d.name] = frame[d.name].to_numpy(float)
            meta[d.name] = (d.name, "")
    return frame["__y"].to_numpy(float), cols, meta, dropped


def _collinearity(x: np.ndarray, variables: Sequence[str]):
    """VIF per column; GVIF and its df (number of columns) per variable (Fox & Monette, 1992)."""
    k = x.shape[1]
    if k >= 2:
        r = np.corrcoef(x, rowvar=False)
        vif = np.diag(np.linalg.inv(r))
        det_r = np.linalg.det(r)
    elif k == 1:
        r, vif, det_r = np.ones((1, 1)), np.ones(1), 1.0
    else:
        r, vif, det_r = np.ones((0, 0)), np.ones(0), 1.0
    gvif: dict[str, float] = {}
    dfs: dict[str, int] = {}
    for var in dict.fromkeys(variables):
        idx = [i for i, v in enumerate(variables) if v == var]
        rest = [i for i in range(k) if i not in idx]
        d22 = np.linalg.det(r[np.ix_(rest, rest)]) if rest else 1.0
        gvif[var] = float(np.linalg.det(r[np.ix_(idx, idx)]) * d22 / det_r)
        dfs[var] = len(idx)
    return vif, gvif, dfs


def _ols_fit(yv: np.ndarray, resid: np.ndarray, sigma2: float, p: int, dropped) -> dict:
    """R², adjusted R² and the overall F test of an OLS fit with ``p`` coefficients."""
    n = len(yv)
    df_res, df1 = n - p, p - 1
    ss_t = ((yv - yv.mean()) ** 2).sum()
    ss_r = (resid**2).sum()
    r2 = 1 - ss_r / ss_t
    f = ((ss_t - ss_r) / df1) / sigma2 if df1 > 0 else np.nan
    return dict(
        n=n,
        n_predictors=df1,
        r2=r2,
        adj_r2=1 - (1 - r2) * (n - 1) / df_res,
        f=f,
        df1=df1,
        df2=df_res,
        pvalue=stats.f.sf(f, df1, df_res) if df1 > 0 else np.nan,
        dropped="; ".join(dropped),
    )


# --------------------------------------------------------------------------- driver


def _group_demographics(codebook: Codebook, groups: Sequence[str]) -> list[Demographic]:
    known = [d.name for d in codebook.demographics if d.type in GROUP_TYPES]
    out = []
    for g in groups:
        d = next((x for x in codebook.demographics if x.name == g), None)
        if d is None or d.type not in GROUP_TYPES:
            why = "is not in the codebook" if d is None else f"is {d.type}, not categorical"
            raise ValueError(
                f"analysis.groups: {g!r} {why}; list categorical or ordinal demographics of "
                f"the codebook, known ones: {', '.join(known) or '(none)'}"
            )
        out.append(d)
    return out


def _difference_row(outcome, group_var, test, family, **kw) -> dict:
    row = dict.fromkeys(DIFFERENCE_COLUMNS, np.nan)
    row.update(outcome=outcome, group_var=group_var, test=test, family=family, note="")
    row.update(kw)
    row["compared"] = bool(row.get("k", 0) >= 2)  # the test ran (decided here, once)
    return row


def compare_groups(
    data: pd.DataFrame,
    codebook: Codebook,
    groups: Sequence[str],
    ci_level: float = 0.95,
    min_share: float = 0.5,
    min_cell: int = 5,
) -> GroupComparison:
    """Compare the scales of :func:`compared_scales` across demographic groups; regress
    burnout on the demographics.

    Parameters
    ----------
    data : DataFrame
        Cleaned survey: scale items (reverse-scored) and demographic columns (codebook codes).
    codebook : Codebook
    groups : sequence of str
        Categorical or ordinal demographics to compare across (``analysis.groups``).
    ci_level : float
        Confidence level of every interval.
    min_share : float
        Passed to :func:`scale_scores`.
    min_cell : int
        Descriptive cells with fewer respondents are suppressed (mean and SD left empty).

    Returns
    -------
    GroupComparison
        Every table, with its columns listed in :class:`GroupComparison`.

    Raises
    ------
    ValueError
        When a name in ``groups`` is not a categorical or ordinal codebook demographic (naming
        ``analysis.groups`` and the known ones), or a demographic holds undefined codes.

    Notes
    -----
    Levels with fewer than two scores (or zero variance, for the Welch tests) are left out of
    the tests and named in ``note``. Holm (1979; :func:`surveysem.adjust.holm`) is applied
    separately to the parametric family (all Welch t and Welch ANOVA rows) and the
    nonparametric family (all rank-test rows). See the functions above for every formula.
    """
    gdems = _group_demographics(codebook, groups)
    scores = scale_scores(data, codebook, min_share)
    labels = {d.name: group_labels(data, d) for d in gdems}
    parts = [
        _compare_scale(out, d, scores[out], labels[d.name], ci_level, min_cell)
        for d in gdems
        for out in compared_scales(codebook)
    ]
    differences = pd.DataFrame(
        [r for p in parts for r in p.differences], columns=DIFFERENCE_COLUMNS
    )
    differences["p_holm"] = np.nan
    for fam in differences["family"].unique():
        sel = differences["family"] == fam
        differences.loc[sel, "p_holm"] = holm(differences.loc[sel, "pvalue"].to_numpy(float))
    regression, regression_fit = _burnout_regressions(scores, data, codebook, ci_level)
    return GroupComparison(
        differences=differences,
        posthoc=_stacked([p.posthoc for p in parts if p.posthoc is not None], POSTHOC_COLUMNS),
        descriptives=pd.DataFrame(
            [r for p in parts for r in p.descriptives], columns=DESCRIPTIVE_COLUMNS
        ),
        regression=regression,
        regression_fit=regression_fit,
        classic=pd.DataFrame([p.classic for p in parts if p.classic], columns=CLASSIC_COLUMNS),
        classic_posthoc=_stacked(
            [p.classic_posthoc for p in parts if p.classic_posthoc is not None],
            CLASSIC_POSTHOC_COLUMNS,
        ),
    )


class _ScaleComparison(NamedTuple):
    descriptives: list[dict]
    differences: list[dict]
    classic: dict | None
    classic_posthoc: pd.DataFrame | None
    posthoc: pd.DataFrame | None


def _compare_scale(out, d, y, lab, ci_level, min_cell) -> _ScaleComparison:
    """One scale across the levels of one group variable: cells, tests and post-hoc tables."""
    descs = []
    for lev in lab.cat.categories:
        v = y[(lab == lev) & y.notna()].to_numpy(float)
        small = len(v) < min_cell
        descs.append(
            dict(
                outcome=out,
                group_var=d.name,
                level=lev,
                n=len(v),
                mean=np.nan if small else v.mean(),
                sd=np.nan if small else v.std(ddof=1),
                suppressed=bool(small),
                **_mean_ci(v, ci_level, small),
            )
        )
    ok = y.notna() & lab.notna()
    yv, gv = y[ok].to_numpy(float), lab[ok]
    samples = {lev: yv[(gv == lev).to_numpy()] for lev in lab.cat.categories}
    rank_levels = [lev for lev, s in samples.items() if len(s) >= 2]
    welch_levels = [lev for lev in rank_levels if np.var(samples[lev]) > 0]
    diffs = [_parametric(out, d.name, samples, welch_levels, ci_level)]
    classic = classic_ph = gh = None
    if len(welch_levels) >= 2:
        row, ph = classic_comparison(samples, welch_levels)
        classic = {"outcome": out, "group_var": d.name, **row}
        classic_ph = None if ph.empty else ph.assign(outcome=out, group_var=d.name)
    if len(welch_levels) >= 3:
        sub = np.isin(gv.astype(object).to_numpy(), welch_levels)
        gh = games_howell(
            yv[sub], pd.Categorical(gv[sub].astype(object), categories=welch_levels), ci_level
        )
        gh.insert(0, "group_var", d.name)
        gh.insert(0, "outcome", out)
    if d.type == "ordinal":
        diffs.append(_nonparametric(out, d.name, samples, rank_levels, ci_level))
    return _ScaleComparison(descs, diffs, classic, classic_ph, gh)


def _stacked(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """The frames one below the other in ``columns`` order (an empty table when none)."""
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[list(columns)]


def _burnout_regressions(scores, data, codebook: Codebook, ci_level: float):
    """:func:`demographic_regression` of every burnout scale: coefficients and fit tables."""
    reg_rows, fit_rows = [], []
    for s in (s for s in codebook.scales if s.role == "burnout"):
        coef, fit = demographic_regression(
            scores[s.name].rename(s.name), data, codebook.demographics, ci_level
        )
        coef.insert(0, "outcome", s.name)
        reg_rows.append(coef)
        fit_rows.append(dict(outcome=s.name, **fit))
    return (
        _stacked(reg_rows, REGRESSION_COLUMNS),
        pd.DataFrame(fit_rows, columns=REGRESSION_FIT_COLUMNS),
    )


def _mean_ci(v: np.ndarray, ci_level: float, small: bool) -> dict:
    """t-based confidence interval of a mean (NaN for suppressed or single-value cells)."""
    if small or len(v) < 2:
        return {"ci_low": np.nan, "ci_high": np.nan}
    half = stats.t.ppf(0.5 + ci_level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
    return {"ci_low": v.mean() - half, "ci_high": v.mean() + half}


def _left_out(samples: dict, used: list) -> str:
    out = [f"{lev} (n={len(s)})" for lev, s in samples.items() if lev not in used]
    return "left out: " + ", ".join(out) if out else ""


def _parametric(outcome, group_var, samples, used, ci_level) -> dict:
    n = int(sum(len(samples[lev]) for lev in used))
    base = dict(n=n, k=len(used), levels=";".join(map(str, used)))
    note = _left_out(samples, used)
    if len(used) < 2:
        return _difference_row(
            outcome,
            group_var,
            "welch_t" if len(samples) == 2 else "welch_anova",
            "parametric",
            note=(note + "; " if note else "") + "fewer than two levels to compare",
            **base,
        )
    if len(used) == 2:
        a, b = samples[used[0]], samples[used[1]]
        t, df, p = welch_t(a, b)
        g, lo, hi = hedges_g(a, b, ci_level)
        return _difference_row(
            outcome,
            group_var,
            "welch_t",
            "parametric",
            statistic=t,
            df1=df,
            pvalue=p,
            effect_size=g,
            effect_size_name="hedges_g",
            es_ci_low=lo,
            es_ci_high=hi,
            note=note,
            **base,
        )
    vals = np.concatenate([samples[lev] for lev in used])
    grp = np.concatenate([[i] * len(samples[lev]) for i, lev in enumerate(used)])
    f, df1, df2, p = welch_anova(vals, grp)
    w, lo, hi = omega_squared(vals, grp, ci_level)
    return _difference_row(
        outcome,
        group_var,
        "welch_anova",
        "parametric",
        statistic=f,
        df1=df1,
        df2=df2,
        pvalue=p,
        effect_size=w,
        effect_size_name="omega_squared",
        es_ci_low=lo,
        es_ci_high=hi,
        note=note,
        **base,
    )


def _nonparametric(outcome, group_var, samples, used, ci_level) -> dict:
    n = int(sum(len(samples[lev]) for lev in used))
    base = dict(n=n, k=len(used), levels=";".join(map(str, used)))
    note = _left_out(samples, used)
    if len(used) < 2:
        return _difference_row(
            outcome,
            group_var,
            "mann_whitney" if len(samples) == 2 else "kruskal_wallis",
            "nonparametric",
            note=(note + "; " if note else "") + "fewer than two levels to compare",
            **base,
        )
    if len(used) == 2:
        u, p, r, lo, hi = mann_whitney(samples[used[0]], samples[used[1]], ci_level)
        return _difference_row(
            outcome,
            group_var,
            "mann_whitney",
            "nonparametric",
            statistic=u,
            pvalue=p,
            effect_size=r,
            effect_size_name="rank_biserial",
            es_ci_low=lo,
            es_ci_high=hi,
            note=note,
            **base,
        )
    vals = np.concatenate([samples[lev] for lev in used])
    grp = np.concatenate([[i] * len(samples[lev]) for i, lev in enumerate(used)])
    h, df, p, e2 = kruskal_wallis(vals, grp)
    return _difference_row(
        outcome,
        group_var,
        "kruskal_wallis",
        "nonparametric",
        statistic=h,
        df1=df,
        pvalue=p,
        effect_size=e2,
        effect_size_name="epsilon_squared",
        note=note,
        **base,
    )


# --------------------------------------------------------------------------- the classic tests
#: Levene's test decides the post hoc family: equal variances when its p is at least this.
LEVENE_ALPHA = 0.05


def levene_test(values: np.ndarray, groups: np.ndarray, center: str = "median") -> dict:
    """Levene's test of equal variances (``center="median"``: Brown–Forsythe, the default of
    car::leveneTest; ``"mean"``: Levene's original, as SPSS prints it).

    Returns
    -------
    dict
        ``statistic`` (F), ``df1``, ``df2``, ``pvalue``, ``center``.

    Notes
    -----
    The one-way ANOVA F of the absolute deviations |y - centre of y's group| (Levene, 1960;
    Brown & Forsythe, 1974).
    """
    v, g = np.asarray(values, float), np.asarray(groups)
    dev = np.empty_like(v)
    for lv in np.unique(g):
        m = g == lv
        c = np.median(v[m]) if center == "median" else np.mean(v[m])
        dev[m] = np.abs(v[m] - c)
    f, df1, df2, p = oneway_anova(dev, g)
    return {"statistic": f, "df1": df1, "df2": df2, "pvalue": p, "center": center}


def oneway_anova(values: np.ndarray, groups: np.ndarray) -> tuple[float, float, float, float]:
    """Classic one-way ANOVA (equal variances): (F, df1, df2, p). With two groups F = t² of
    Student's t test."""
    v, g = np.asarray(values, float), np.asarray(groups)
    levels = np.unique(g)
    n, k = len(v), len(levels)
    grand = v.mean()
    ssb = sum(len(v[g == lv]) * (v[g == lv].mean() - grand) ** 2 for lv in levels)
    ssw = sum(((v[g == lv] - v[g == lv].mean()) ** 2).sum() for lv in levels)
    df1, df2 = k - 1, n - k
    f = (ssb / df1) / (ssw / df2)
    return float(f), float(df1), float(df2), float(stats.f.sf(f, df1, df2))


def student_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Student's t test with pooled variance: (t, df, p), t of mean(a) - mean(b)."""
    r = stats.ttest_ind(a, b, equal_var=True)
    return float(r.statistic), float(len(a) + len(b) - 2), float(r.pvalue)


def classic_posthoc(values: np.ndarray, groups: np.ndarray, equal_var: bool) -> pd.DataFrame:
    """Pairwise comparisons as Chinese theses report them: LSD and Scheffé with equal
    variances, Tamhane's T2 without.

    Returns
    -------
    DataFrame
        ``level_a``, ``level_b``, ``diff`` (mean of b minus mean of a), ``method`` (``LSD``,
        ``Scheffe``, ``Tamhane T2``), ``statistic`` (t; Scheffé: F), ``df``, ``pvalue``.

    Notes
    -----
    LSD: t = diff / sqrt(MSE (1/n_a + 1/n_b)) on N - k df, unadjusted. Scheffé:
    F = t² / (k - 1) on (k - 1, N - k) df. Tamhane's T2: Welch's t with Welch's df per pair,
    p = 1 - (1 - p_Welch)^m for the m = k(k - 1)/2 pairs (Šidák; Tamhane, 1979).
    """
    v, g = np.asarray(values, float), np.asarray(groups)
    levels = list(np.unique(g))
    k, n = len(levels), len(v)
    mse = sum(((v[g == lv] - v[g == lv].mean()) ** 2).sum() for lv in levels) / (n - k)
    m = k * (k - 1) / 2
    rows = []
    for i, la in enumerate(levels):
        for lb in levels[i + 1 :]:
            a, b = v[g == la], v[g == lb]
            diff = b.mean() - a.mean()
            if equal_var:
                t = diff / np.sqrt(mse * (1 / len(a) + 1 / len(b)))
                rows.append((la, lb, diff, "LSD", t, n - k, 2 * stats.t.sf(abs(t), n - k)))
                fs = t**2 / (k - 1)
                rows.append((la, lb, diff, "Scheffe", fs, k - 1, stats.f.sf(fs, k - 1, n - k)))
            else:
                t, df, p = welch_t(a, b)
                rows.append((la, lb, diff, "Tamhane T2", t, df, min(1.0, 1 - (1 - p) ** m)))
    cols = ["level_a", "level_b", "diff", "method", "statistic", "df", "pvalue"]
    return pd.DataFrame(rows, columns=cols)


CLASSIC_COLUMNS = [
    "outcome", "group_var", "levels", "n", "k", "levene_statistic", "levene_df1", "levene_df2",
    "levene_pvalue", "levene_center", "equal_var", "test", "statistic", "df1", "df2", "pvalue",
    "posthoc",
]  # fmt: skip
CLASSIC_POSTHOC_COLUMNS = [
    "outcome", "group_var", "level_a", "level_b", "diff", "method", "statistic", "df", "pvalue",
]  # fmt: skip


def classic_comparison(samples: dict, used: list) -> tuple[dict, pd.DataFrame]:
    """Levene's test, then Student's t (two levels) or the one-way ANOVA F, and the post hoc
    family Levene's test decides.

    Parameters
    ----------
    samples : dict
        Level -> its scores.
    used : list
        The levels compared (two or more, each with variance).

    Returns
    -------
    row : dict
        ``levels`` (``;``-separated), ``n``, ``k``, ``levene_statistic``, ``levene_df1``,
        ``levene_df2``, ``levene_pvalue``, ``levene_center`` (``median``: Brown–Forsythe, as
        car::leveneTest), ``equal_var`` (Levene p >= :data:`LEVENE_ALPHA`), ``test``
        (``student_t``: t of the second level minus the first; ``welch_t`` instead when the
        variances are unequal, as SPSS's "equal variances not assumed" row; ``anova``),
        ``statistic``,
        ``df1``, ``df2`` (ANOVA only), ``pvalue``, ``posthoc`` (``LSD; Scheffe`` with equal
        variances, ``Tamhane T2`` without; empty for two levels).
    posthoc : DataFrame
        :func:`classic_posthoc` of the decided family (empty for two levels).
    """
    y = np.concatenate([samples[lv] for lv in used])
    g = np.concatenate([[i] * len(samples[lv]) for i, lv in enumerate(used)])
    lev = levene_test(y, g, center="median")
    equal = bool(lev["pvalue"] >= LEVENE_ALPHA)
    row = {"levels": ";".join(map(str, used)), "n": len(y), "k": len(used),
           "levene_statistic": lev["statistic"], "levene_df1": lev["df1"],
           "levene_df2": lev["df2"], "levene_pvalue": lev["pvalue"], "levene_center": "median",
           "equal_var": equal}  # fmt: skip
    if len(used) == 2:  # unequal variances: the "equal variances not assumed" row (Welch)
        a, b = samples[used[0]], samples[used[1]]
        t, df, p = student_t(b, a) if equal else welch_t(a, b)
        row |= {"test": "student_t" if equal else "welch_t", "statistic": t, "df1": df,
                "df2": np.nan, "pvalue": p, "posthoc": ""}  # fmt: skip
        return row, pd.DataFrame(columns=CLASSIC_POSTHOC_COLUMNS[2:])
    f, df1, df2, p = oneway_anova(y, g)
    row |= {"test": "anova", "statistic": f, "df1": df1, "df2": df2, "pvalue": p,
            "posthoc": "LSD; Scheffe" if equal else "Tamhane T2"}  # fmt: skip
    ph = classic_posthoc(y, g, equal_var=equal)
    names = dict(enumerate(used))
    ph["level_a"] = ph["level_a"].map(names)
    ph["level_b"] = ph["level_b"].map(names)
    return row, ph
