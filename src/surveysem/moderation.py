"""Moderation and moderated mediation: product terms, simple slopes, Johnson-Neyman regions,
conditional indirect effects and the index of moderated mediation.

A product term ``X:W`` in ``model.structural`` (lavaan syntax, ``EE ~ WL + SS + WL:SS``) makes
the effect of the focal predictor X (the first name) depend on the moderator W (the second):
the conditional effect of X on Y at W = w is :math:`b_1 + b_3 w`.

* X and W both observed (items or composites): the product of their mean-centred scores
  (PROCESS with centring; Hayes 2022). X and W themselves enter uncentred, which changes
  only intercepts.
* X or W latent: a latent product measured by double-mean-centred product indicators (Lin et
  al. 2010): items are mean-centred, multiplied in matched pairs in the codebook's item order
  (the longer scale's extra items are left out), and the products centred again, as semTools
  ``indProd(match = TRUE, meanC = TRUE, doubleMC = TRUE)``. With one part observed, every
  item of the latent part is multiplied by the centred observed score.

semopy cannot parse ``:`` in a name, so the product is fitted under the internal name
``X__x__W`` (indicators ``x1__x__w1``); :func:`display_table` maps every output back to
``X:W``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from surveysem.effects import (
    EFFECT_COLUMNS,
    BootstrapDraws,
    bias_corrected_ci,
    enumerate_effects,
    percentile_ci,
)
from surveysem.sem import PRODUCT, ModelSpec, SemFit, structural_names

SEP = "__x__"
PROBES = {
    "sd": (("-1 SD", "mean", "+1 SD"), (-1.0, 0.0, 1.0)),
    "percentiles": (("p16", "p50", "p84"), (16.0, 50.0, 84.0)),
}
CONDITIONAL_COLUMNS = [
    "effect", "moderator", "moderator_level", "moderator_value", "est", "se", "pvalue",
    "ci_low", "ci_high", "method",
]  # fmt: skip
JN_COLUMNS = [
    "effect", "moderator", "lower", "upper", "observed_min", "observed_max", "share_significant",
]  # fmt: skip
INDEX_KIND = "index_moderated_mediation"


@dataclass(frozen=True)
class Product:
    """One product term ``x:w``.

    Attributes
    ----------
    x, w : str
        Focal predictor and moderator.
    indicators : tuple of (str, str)
        The item pairs of a latent product; empty for the product of two observed scores.
    """

    x: str
    w: str
    indicators: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.x}:{self.w}"

    @property
    def internal(self) -> str:
        return f"{self.x}{SEP}{self.w}"

    @property
    def latent(self) -> bool:
        return bool(self.indicators)

    def indicator_names(self) -> list[str]:
        return [f"{a}{SEP}{b}" for a, b in self.indicators]


def display_name(text: str) -> str:
    """``X__x__W`` -> ``X:W`` (also inside effect labels such as ``X__x__W -> Y``)."""
    return str(text).replace(SEP, ":")


def display_table(
    df: pd.DataFrame, columns: Sequence[str] = ("lhs", "rhs", "variable", "effect", "detail")
):
    """A copy of ``df`` with the internal product names of ``columns`` written as ``X:W``."""
    out = df.copy()
    for c in columns:
        if c in out.columns:
            out[c] = out[c].map(lambda v: display_name(v) if isinstance(v, str) else v)
    return out


def _regression_lines(text: str):
    for line in text.splitlines():
        body = line.split("#")[0]
        yield line, ("~" in body and "=~" not in body and "~~" not in body and ":=" not in body)


def find_products(spec: ModelSpec) -> list[Product]:
    """The product terms of a model (before :func:`product_spec` rewrites them).

    Raises
    ------
    ValueError
        For a product of a variable with itself, or a part that is neither a latent factor
        of the model nor a variable used outside product terms.
    """
    text = spec.structural + "\n" + spec.extra
    plain = "\n".join(PRODUCT.sub(" ", ln) if reg else ln for ln, reg in _regression_lines(text))
    known = set(spec.measurement) | set(structural_names(plain))
    out: list[Product] = []
    for line, reg in _regression_lines(text):
        if not reg:
            continue
        for x, w in PRODUCT.findall(line.split("#")[0]):
            if x == w:
                raise ValueError(
                    f"model.structural: product term '{x}:{w}' multiplies {x} by itself; "
                    "a quadratic effect is not a moderation - remove the term"
                )
            for part in (x, w):
                if part not in known:
                    raise ValueError(
                        f"model.structural: product term '{x}:{w}' uses {part}, which is not "
                        "in the model; add its main effect (e.g. '... + "
                        f"{part} + {x}:{w}') or correct the term"
                    )
            if any(p.x == x and p.w == w for p in out):
                continue
            mx, mw = spec.measurement.get(x), spec.measurement.get(w)
            if mx and mw:
                pairs = tuple(zip(mx, mw, strict=False))
            elif mx:
                pairs = tuple((i, w) for i in mx)
            elif mw:
                pairs = tuple((x, j) for j in mw)
            else:
                pairs = ()
            out.append(Product(x, w, pairs))
    return out


def product_spec(spec: ModelSpec) -> tuple[ModelSpec, list[Product]]:
    """The model with its product terms under semopy-safe names, and the products.

    Returns
    -------
    spec : ModelSpec
        ``X:W`` replaced by ``X__x__W`` in the regressions; each latent product added to the
        measurement part with its product indicators.
    products : list of Product
    """
    products = find_products(spec)
    if not products:
        return spec, []

    def rewrite(block: str) -> str:
        lines = [
            PRODUCT.sub(lambda m: f"{m.group(1)}{SEP}{m.group(2)}", ln) if reg else ln
            for ln, reg in _regression_lines(block)
        ]
        return "\n".join(lines)

    measurement = dict(spec.measurement)
    for p in products:
        if p.latent:
            measurement[p.internal] = tuple(p.indicator_names())
    return (
        ModelSpec(measurement, rewrite(spec.structural), rewrite(spec.extra)),
        products,
    )


def _centred(col: pd.Series) -> pd.Series:
    v = pd.to_numeric(col, errors="coerce").astype(float)
    return v - v.mean()


def add_products(data: pd.DataFrame, products: Sequence[Product]) -> pd.DataFrame:
    """Add the product columns the rewritten model needs.

    Returns
    -------
    DataFrame
        ``data`` with ``X__x__W`` (observed products: the product of the mean-centred scores)
        or ``a__x__b`` for every indicator pair of a latent product (the product of the
        mean-centred items, centred again).

    Notes
    -----
    Means are over the respondents who answered. Double-mean centring after Lin et al.
    (2010), as semTools ``indProd(meanC = TRUE, residualC = FALSE, doubleMC = TRUE)``.
    """
    out = data.copy()
    for p in products:
        if not p.latent:
            out[p.internal] = _centred(out[p.x]) * _centred(out[p.w])
            continue
        for (a, b), name in zip(p.indicators, p.indicator_names(), strict=True):
            prod = _centred(out[a]) * _centred(out[b])
            out[name] = prod - prod.mean()
    return out


# ------------------------------------------------------------------------ probing


def coefficient_index(fit: SemFit, y: str, x: str) -> int | None:
    """Position in ``fit.params`` of the regression ``y ~ x`` (None when it is not free)."""
    eng = fit.engine
    if x not in eng.inner:
        return None
    j = eng.inner.index(x)
    if y in eng.inner:
        (r1, r2), i = eng.ranges[0], eng.inner.index(y)
    elif y in eng.obs:
        (r1, r2), i = eng.ranges[1], eng.obs.index(y)
    else:
        return None
    if not r1:
        return None
    for a, b, k in zip(r1[0], r1[1], r2, strict=True):
        if a == i and b == j:
            return int(k)
    return None


@dataclass(frozen=True)
class Probe:
    """A conditional effect along ``chain`` as a function of ``moderator``.

    ``steps`` hold, for each step of the chain, the parameter positions of its main
    coefficient and of the product coefficient with this moderator (None when absent).
    """

    chain: tuple[str, ...]
    moderator: str
    steps: tuple[tuple[int | None, int | None], ...]

    @property
    def label(self) -> str:
        return " -> ".join(self.chain)

    def value(self, theta: np.ndarray, w: float):
        """The conditional effect at W = w; ``theta`` a parameter vector or a (B x q)
        matrix of bootstrap draws (then one value per row)."""
        out = 1.0
        for k1, k3 in self.steps:
            c = theta[..., k1] if k1 is not None else 0.0
            out = out * (c + (theta[..., k3] * w if k3 is not None else 0.0))
        return out

    def index(self, theta: np.ndarray):
        """d value / dw at w = 0: Hayes's (2015) index when one step is moderated."""
        main = [theta[..., k1] if k1 is not None else 0.0 for k1, _ in self.steps]
        total = 0.0
        for s, (_, k3) in enumerate(self.steps):
            if k3 is None:
                continue
            term = theta[..., k3]
            for t, m in enumerate(main):
                if t != s:
                    term = term * m
            total = total + term
        return total


def moderation_probes(
    fit: SemFit,
    spec: ModelSpec,
    products: Sequence[Product],
    indirect: str | Sequence[str] = "auto",
) -> list[Probe]:
    """The simple slopes (``X -> Y`` for every product ``X:W`` in Y's equation) and the
    indirect effects with at least one step moderated, per moderator."""
    regs = [(y, x) for y, x in spec.regressions() if SEP not in x]
    moderated: dict[tuple[str, str, str], int] = {}  # (x, y, w) -> product coefficient
    for p in products:
        for y, x in spec.regressions():
            if x == p.internal:
                k = coefficient_index(fit, y, p.internal)
                if k is not None:
                    moderated[(p.x, y, p.w)] = k
    probes = [
        Probe((x, y), w, ((coefficient_index(fit, y, x), k),)) for (x, y, w), k in moderated.items()
    ]
    moderators = list(dict.fromkeys(p.w for p in products))
    for e in enumerate_effects(regs, indirect):
        if e.kind != "indirect":
            continue
        for w in moderators:
            steps = tuple(
                (coefficient_index(fit, v, u), moderated.get((u, v, w)))
                for u, v in zip(e.chain, e.chain[1:], strict=False)
            )
            if any(k3 is not None for _, k3 in steps):
                probes.append(Probe(e.chain, w, steps))
    return probes


def moderator_values(
    fit: SemFit, data: pd.DataFrame, moderator: str, probe: str = "sd"
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray | None]:
    """Probe levels and values of a moderator on its centred scale.

    Returns
    -------
    levels : tuple of str
    values : ndarray
    observed : ndarray or None
        The respondents' centred moderator scores (None for a latent moderator).

    Notes
    -----
    Observed or composite moderator: mean -1 SD, mean, +1 SD with the sample SD (n - 1), or
    the 16th, 50th and 84th percentiles (linear interpolation, R's type 7, as PROCESS 3+).
    Latent moderator: the SD is the square root of its model-implied variance and the
    percentiles those of the implied normal distribution.
    """
    if probe not in PROBES:
        raise ValueError(f"analysis.probe: {probe!r} is not one of {', '.join(PROBES)}")
    levels, mult = PROBES[probe]
    if moderator in fit.engine.obs and moderator in data.columns:
        w = _centred(data[moderator]).dropna().to_numpy()
        if probe == "sd":
            return levels, np.array(mult) * np.std(w, ddof=1), w
        return levels, np.percentile(w, mult), w
    i = fit.engine.inner.index(moderator)
    sd = float(np.sqrt(fit.engine.latent_cov(fit.params)[i, i]))
    if probe == "sd":
        return levels, np.array(mult) * sd, None
    return levels, stats.norm.ppf(np.array(mult) / 100.0) * sd, None


def _delta(fun, fit: SemFit) -> tuple[float, float]:
    """Value and delta-method SE of a scalar function of the free parameters."""
    theta = fit.params
    q = len(theta)
    grad = np.empty(q)
    for k in range(q):
        h = 1e-6 * max(1.0, abs(theta[k]))
        e = np.zeros(q)
        e[k] = h
        grad[k] = (fun(theta + e) - fun(theta - e)) / (2 * h)
    return float(fun(theta)), float(np.sqrt(max(grad @ fit.acov @ grad, 0.0)))


def _interval(est, se, boot, est_value, ci_level, draws_ok):
    """(ci_low, ci_high, ci_low_bc, ci_high_bc, se_boot): bootstrap when draws exist, else
    Wald."""
    if boot is None:
        zc = stats.norm.ppf(0.5 + ci_level / 2)
        return est - zc * se, est + zc * se, np.nan, np.nan, np.nan
    b = np.asarray(boot, dtype=float)[draws_ok][:, None]
    lo, hi = percentile_ci(b, ci_level)
    blo, bhi = bias_corrected_ci(b, np.array([est_value]), ci_level)
    sd = float(np.nanstd(b, ddof=1)) if len(b) > 1 else np.nan
    return float(lo[0]), float(hi[0]), float(blo[0]), float(bhi[0]), sd


def _method(draws: BootstrapDraws | None) -> str:
    if draws is None:
        return "delta method (Wald)"
    return f"percentile bootstrap, {len(draws.ok)} resamples"


def conditional_effects(
    fit: SemFit,
    data: pd.DataFrame,
    probes: Sequence[Probe],
    *,
    probe: str = "sd",
    ci_level: float = 0.95,
    draws: BootstrapDraws | None = None,
) -> pd.DataFrame:
    """Conditional (simple-slope and conditional indirect) effects at the probe values.

    Parameters
    ----------
    fit : SemFit
        The model with its product terms (internal names).
    data : DataFrame
        The data it was fitted to, with the uncentred moderator scores.
    probes : sequence of Probe
        From :func:`moderation_probes`.
    probe : {"sd", "percentiles"}
        See :func:`moderator_values`.
    ci_level : float
    draws : BootstrapDraws, optional
        Bootstrap draws with their parameters; without them the CIs are Wald intervals.

    Returns
    -------
    DataFrame
        ``effect`` (``WL -> EE`` or ``WL -> EE -> DP``), ``moderator``, ``moderator_level``,
        ``moderator_value`` (centred scale; latent moderators in their latent metric),
        ``est``, ``se`` (delta method), ``pvalue`` (z test), ``ci_low``, ``ci_high``
        (percentile bootstrap, or Wald without draws), ``method``; then ``z``,
        ``ci_low_bc``, ``ci_high_bc`` (bias-corrected bootstrap), ``se_boot``, ``n_failed``.

    Notes
    -----
    The conditional effect of X on Y at W = w is :math:`b_1 + b_3 w`; the conditional
    indirect effect along X -> M -> Y is the product of the stages' conditional effects,
    e.g. :math:`(a_1 + a_3 w) b` for first-stage moderation (Hayes 2015; Preacher, Rucker &
    Hayes 2007). SEs by the delta method from the parameters' asymptotic covariance (as
    lavaan's ``:=``), p-values from the normal distribution. Bootstrap CIs recompute the
    effect from each resample's parameters at the same moderator values.
    """
    rows = []
    ok = draws.ok if draws is not None else None
    for p in probes:
        levels, values, _ = moderator_values(fit, data, p.moderator, probe)
        for level, w in zip(levels, values, strict=True):
            est, se = _delta(lambda t, w=w, p=p: p.value(t, w), fit)
            boot = p.value(draws.params, w) if draws is not None else None
            lo, hi, blo, bhi, sdb = _interval(est, se, boot, est, ci_level, ok)
            z = est / se if se > 0 else np.nan
            rows.append({
                "effect": p.label, "moderator": p.moderator, "moderator_level": level,
                "moderator_value": float(w), "est": est, "se": se,
                "pvalue": 2 * stats.norm.sf(abs(z)), "ci_low": lo, "ci_high": hi,
                "method": _method(draws), "z": z, "ci_low_bc": blo, "ci_high_bc": bhi,
                "se_boot": sdb, "n_failed": int((~ok).sum()) if ok is not None else 0,
            })  # fmt: skip
    extra = ["z", "ci_low_bc", "ci_high_bc", "se_boot", "n_failed"]
    return pd.DataFrame(rows, columns=CONDITIONAL_COLUMNS + extra)


def johnson_neyman_bounds(
    b1: float, b3: float, v11: float, v13: float, v33: float, ci_level: float = 0.95
) -> tuple[float, float, float]:
    """The Johnson-Neyman bounds of :math:`b_1 + b_3 w`.

    Returns
    -------
    lower, upper : float
        The real roots of :math:`(b_1 + b_3 w)^2 = z^2 (v_{11} + 2 w v_{13} + w^2 v_{33})`
        (NaN when there is none; a single root is both).
    lead : float
        :math:`b_3^2 - z^2 v_{33}`: when positive, the effect is significant outside
        [lower, upper]; when negative, inside.

    Notes
    -----
    Johnson & Neyman (1936); Bauer & Curran (2005). z is the normal critical value at
    ``ci_level``, as lavaan's z tests of the conditional effects.
    """
    zc2 = stats.norm.ppf(0.5 + ci_level / 2) ** 2
    a = b3**2 - zc2 * v33
    b = 2 * (b1 * b3 - zc2 * v13)
    c = b1**2 - zc2 * v11
    roots = np.roots([a, b, c]) if abs(a) > 1e-15 else np.roots([b, c])
    real = np.sort(roots[np.abs(np.imag(roots)) < 1e-12].real)
    if len(real) == 0:
        return np.nan, np.nan, a
    return float(real[0]), float(real[-1]), a


def johnson_neyman(
    fit: SemFit, data: pd.DataFrame, probes: Sequence[Probe], *, ci_level: float = 0.95
) -> pd.DataFrame:
    """The Johnson-Neyman region of every simple slope.

    Returns
    -------
    DataFrame
        ``effect``, ``moderator``, ``lower``, ``upper`` (moderator values on the centred
        scale where the CI of the conditional effect crosses zero, wherever they lie; NaN
        when no real root exists), ``observed_min``, ``observed_max`` (the centred
        moderator's range; NaN for a latent moderator), ``share_significant`` (share of
        respondents whose moderator value lies where the effect is significant; for a
        latent moderator, the share of its model-implied normal distribution), then
        ``inside_observed`` (whether any bound lies inside the observed range).

    Notes
    -----
    See :func:`johnson_neyman_bounds`; variances from the parameters' asymptotic covariance.
    """
    zc = stats.norm.ppf(0.5 + ci_level / 2)
    rows = []
    for p in (p for p in probes if len(p.chain) == 2):
        ((k1, k3),) = p.steps
        v = fit.acov
        b1 = fit.params[k1] if k1 is not None else 0.0
        v11 = v[k1, k1] if k1 is not None else 0.0
        v13 = v[k1, k3] if k1 is not None else 0.0
        b3, v33 = fit.params[k3], v[k3, k3]
        lower, upper, lead = johnson_neyman_bounds(b1, b3, v11, v13, v33, ci_level)
        _, _, obs = moderator_values(fit, data, p.moderator, "sd")
        if obs is not None:
            se = np.sqrt(np.clip(v11 + 2 * obs * v13 + obs**2 * v33, 0, None))
            share = float(np.mean(np.abs(b1 + b3 * obs) > zc * se))
            lo_obs, hi_obs = float(obs.min()), float(obs.max())
        else:
            i = fit.engine.inner.index(p.moderator)
            sd = float(np.sqrt(fit.engine.latent_cov(fit.params)[i, i]))
            share = _normal_share(lower, upper, lead, b1**2 - zc**2 * v11, sd)
            lo_obs = hi_obs = np.nan
        inside = bool(
            obs is not None and any(lo_obs <= r <= hi_obs for r in (lower, upper) if r == r)
        )
        rows.append({
            "effect": p.label, "moderator": p.moderator, "lower": lower, "upper": upper,
            "observed_min": lo_obs, "observed_max": hi_obs, "share_significant": share,
            "inside_observed": inside,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=JN_COLUMNS + ["inside_observed"])


def _normal_share(lower: float, upper: float, lead: float, at_zero: float, sd: float) -> float:
    """Share of N(0, sd^2) where the conditional effect is significant."""
    if lower != lower:  # no real root: the sign of the quadratic is that at w = 0
        return 1.0 if at_zero > 0 else 0.0
    inner = stats.norm.cdf(upper / sd) - stats.norm.cdf(lower / sd)
    return float(1.0 - inner) if lead > 0 else float(inner)


def moderated_mediation_index(
    fit: SemFit,
    probes: Sequence[Probe],
    *,
    ci_level: float = 0.95,
    draws: BootstrapDraws | None = None,
) -> pd.DataFrame:
    """The index of moderated mediation of every moderated indirect effect.

    Returns
    -------
    DataFrame
        The columns of :func:`surveysem.effects.estimate_effects`: ``effect``
        (``WL -> EE -> DP | SS``), ``kind`` (``index_moderated_mediation``), ``est``, ``se``
        (delta method), ``ci_low``, ``ci_high`` (percentile bootstrap, or Wald), ``std_all``
        (NaN: the index is unstandardized), ``method``, ``n_failed``, ``n_nonadmissible``,
        ``z``, ``pvalue``, ``ci_low_bc``, ``ci_high_bc`` (bias-corrected bootstrap),
        ``se_boot``, ``std_ci_low``, ``std_ci_high`` (NaN), ``n_boot``.

    Notes
    -----
    Hayes (2015): the slope of the conditional indirect effect in the moderator. First-stage
    moderation (PROCESS model 7) :math:`a_3 b`; second-stage (model 14) :math:`a b_3`. With
    both stages moderated by the same W the indirect effect :math:`(a_1 + a_3 w)(b_1 + b_3 w)`
    is quadratic in W and this is its slope at the mean of W, :math:`a_1 b_3 + a_3 b_1`;
    other moderators are held at their means.
    """
    rows = []
    ok = draws.ok if draws is not None else None
    for p in (p for p in probes if len(p.chain) > 2):
        est, se = _delta(p.index, fit)
        boot = p.index(draws.params) if draws is not None else None
        lo, hi, blo, bhi, sdb = _interval(est, se, boot, est, ci_level, ok)
        z = est / se if se > 0 else np.nan
        rows.append({
            "effect": f"{p.label} | {p.moderator}", "kind": INDEX_KIND, "est": est, "se": se,
            "ci_low": lo, "ci_high": hi, "std_all": np.nan, "method": _method(draws),
            "n_failed": int((~ok).sum()) if ok is not None else 0,
            "n_nonadmissible": int((ok & ~draws.admissible).sum()) if ok is not None else 0,
            "z": z, "pvalue": 2 * stats.norm.sf(abs(z)), "ci_low_bc": blo, "ci_high_bc": bhi,
            "se_boot": sdb, "std_ci_low": np.nan, "std_ci_high": np.nan,
            "n_boot": len(ok) if ok is not None else 0,
        })  # fmt: skip
    extra = [
        "n_nonadmissible", "z", "pvalue", "ci_low_bc", "ci_high_bc", "se_boot",
        "std_ci_low", "std_ci_high", "n_boot",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS + extra)


def r2_change(r2_full: pd.DataFrame, r2_reduced: Mapping[str, float]) -> pd.DataFrame:
    """The R² table with ``r2_change_interaction``.

    Parameters
    ----------
    r2_full : DataFrame
        ``variable``, ``r2`` of the model with its product terms.
    r2_reduced : mapping
        Outcome -> its R² in the model refitted without that outcome's product terms
        (observed and composite outcomes only).

    Returns
    -------
    DataFrame
        ``r2_full`` with ``r2_change_interaction``: R² (full) - R² (without the product
        terms) for those outcomes, NaN elsewhere (Hayes 2022, ch. 7).
    """
    out = r2_full.copy()
    out["r2_change_interaction"] = [
        r - r2_reduced[v] if v in r2_reduced else np.nan
        for v, r in zip(out["variable"], out["r2"], strict=True)
    ]
    return out


def without_products(spec: ModelSpec, outcome: str) -> ModelSpec:
    """The (original-syntax) model with the product terms of ``outcome``'s equation
    removed."""

    def drop(block: str) -> str:
        lines = []
        for ln, reg in _regression_lines(block):
            body = ln.split("#")[0]
            if reg and body.split("~")[0].strip() == outcome:
                lhs, rhs = body.split("~", 1)
                terms = [
                    t for t in rhs.split("+") if not PRODUCT.fullmatch(t.split("*")[-1].strip())
                ]
                ln = f"{lhs.strip()} ~ {' + '.join(t.strip() for t in terms)}" if terms else ""
            lines.append(ln)
        return "\n".join(lines)

    return ModelSpec(spec.measurement, drop(spec.structural), drop(spec.extra))


def without_any_products(spec: ModelSpec) -> ModelSpec:
    """The model with every product term removed (e.g. for the group comparison of paths)."""
    for y in dict.fromkeys(y for y, x in spec.regressions() if PRODUCT.fullmatch(x)):
        spec = without_products(spec, y)
    return spec
