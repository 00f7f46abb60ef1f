"""Direct, indirect and total effects of a fitted SEM, with delta-method SEs and bootstrap CIs.

The bootstrap resamples respondents with replacement and refits the model from the full-sample
estimates (warm start) with the analytic-gradient ML or FIML objective of :mod:`surveysem.sem`,
or, for estimators that carry their own refit (``SemFit.resample``: WLSMV, which recomputes the
thresholds, polychoric correlations and weights of every resample), with that refit.
Resample ``b`` always draws from ``numpy.random.default_rng([seed, b])``, so the same seed gives
the same numbers however the resamples are split across processes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.criteria import ci_excludes_zero, size_label
from surveysem.missing import Patterns
from surveysem.sem import ModelSpec, SemFit, fiml_objective, ml_objective

EFFECT_COLUMNS = [
    "effect",
    "kind",
    "est",
    "se",
    "ci_low",
    "ci_high",
    "std_all",
    "method",
    "n_failed",
]


@dataclass(frozen=True)
class Effect:
    """One effect: ``chain`` is the variable sequence, ``kind`` direct/indirect/total."""

    chain: tuple[str, ...]
    kind: str

    @property
    def label(self) -> str:
        return " -> ".join(self.chain)


def enumerate_effects(
    regressions: Sequence[tuple[str, str]], indirect: str | Sequence[str] = "auto"
) -> list[Effect]:
    """Every effect implied by the structural paths, or those listed.

    Parameters
    ----------
    regressions : sequence of (outcome, predictor)
        The structural regressions.
    indirect : "auto" or sequence of str
        ``auto`` enumerates, for every ordered pair of variables joined by a directed path, the
        direct effect (if there is a path), each specific indirect path and the total effect;
        a pair joined only by its direct path gets a direct and a total row (equal values), so
        that every structural path has a bootstrap CI of its standardized coefficient.
        A list such as ``["WL -> EE -> DP"]`` gives those paths and the total effect of their
        end points.

    Returns
    -------
    list of Effect
        Ordered by predictor, then outcome: direct, the indirect paths, total.
    """
    children: dict[str, list[str]] = {}
    for y, x in regressions:
        children.setdefault(x, []).append(y)
    edges = {(x, y) for y, x in regressions}

    def paths_from(node: str, seen: tuple[str, ...]):
        for child in children.get(node, []):
            if child in seen:
                continue
            chain = seen + (child,)
            yield chain
            yield from paths_from(child, chain)

    nodes = list(dict.fromkeys([x for _, x in regressions] + [y for y, _ in regressions]))
    out: list[Effect] = []
    if indirect == "auto":
        for x in nodes:
            by_target: dict[str, list[tuple[str, ...]]] = {}
            for chain in paths_from(x, (x,)):
                by_target.setdefault(chain[-1], []).append(chain)
            for y in nodes:
                chains = by_target.get(y, [])
                if not chains:
                    continue
                longer = [c for c in chains if len(c) > 2]
                if (x, y) in edges:
                    out.append(Effect((x, y), "direct"))
                out += [Effect(c, "indirect") for c in longer]
                out.append(Effect((x, y), "total"))
        return out
    pairs = []
    for text in indirect:
        chain = tuple(s.strip() for s in text.split("->"))
        out.append(Effect(chain, "indirect" if len(chain) > 2 else "direct"))
        if (chain[0], chain[-1]) not in pairs:
            pairs.append((chain[0], chain[-1]))
    out += [Effect(p, "total") for p in pairs]
    return out


def _effect_values(beta: np.ndarray, cov: np.ndarray, index: dict, effects: Sequence[Effect]):
    """Raw and standardized values of the effects from B and the implied inner covariance."""
    k = beta.shape[0]
    total = np.linalg.inv(np.eye(k) - beta) - np.eye(k)
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    raw = np.empty(len(effects))
    std = np.empty(len(effects))
    for e_i, e in enumerate(effects):
        if e.kind == "total":
            a, b = index[e.chain[0]], index[e.chain[-1]]
            val = total[b, a]
        else:
            val = 1.0
            for u, v in zip(e.chain, e.chain[1:], strict=False):
                val *= beta[index[v], index[u]]
        raw[e_i] = val
        a, b = index[e.chain[0]], index[e.chain[-1]]
        std[e_i] = val * sd[a] / sd[b] if sd[b] > 0 else np.nan
    return raw, std


def structural_system(engine, params: np.ndarray, outputs: Sequence[str] = ()):
    """The structural coefficients and implied covariance of the inner variables, extended by
    observed pure outcomes.

    semopy keeps an observed variable (an item or a composite) that is regressed on others but
    predicts none outside its inner variables: its paths sit in the loading matrix. Each such
    outcome in ``outputs`` is appended here as a node whose coefficients are its loading row.

    Returns
    -------
    beta : ndarray
        ``B`` of the inner variables followed by ``outputs`` (rows: outcomes).
    cov : ndarray
        Model-implied covariance of the same variables.
    index : dict
        Variable name -> row.
    """
    beta, lamb, _, th = engine.matrices(params)
    cov = engine.latent_cov(params)
    k = beta.shape[0]
    rows = [engine.obs.index(v) for v in outputs]
    ly = lamb[rows]
    m = len(rows)
    b = np.zeros((k + m, k + m))
    b[:k, :k] = beta
    b[k:, :k] = ly
    c = np.empty((k + m, k + m))
    c[:k, :k] = cov
    c[k:, :k] = ly @ cov
    c[:k, k:] = c[k:, :k].T
    c[k:, k:] = ly @ cov @ ly.T + th[np.ix_(rows, rows)]
    index = {v: i for i, v in enumerate(list(engine.inner) + list(outputs))}
    return b, c, index


def observed_outcomes(engine, effects: Sequence[Effect]) -> list[str]:
    """Effect variables that are observed pure outcomes (not among the engine's inner
    variables); raises ``ValueError`` for a name the model does not have."""
    names = list(dict.fromkeys(v for e in effects for v in e.chain))
    unknown = [v for v in names if v not in engine.inner and v not in engine.obs]
    if unknown:
        raise ValueError(
            f"effect variable(s) {', '.join(sorted(unknown))} are not in the structural model"
        )
    return [v for v in names if v not in engine.inner]


def effect_values(fit: SemFit, params: np.ndarray, effects: Sequence[Effect]):
    """Raw and standardized effect values at a parameter vector."""
    beta, cov, index = structural_system(fit.engine, params, observed_outcomes(fit.engine, effects))
    return _effect_values(beta, cov, index, effects)


# ------------------------------------------------------------------------------ bootstrap


def _quasi_newton(fun, x0, h0):
    """BFGS from the full-sample optimum, with its inverse Hessian as the first guess."""
    res = optimize.minimize(
        fun, x0, jac=True, method="BFGS", options={"gtol": 1e-7, "maxiter": 500, "hess_inv0": h0}
    )
    ok = bool(res.success) or (res.jac is not None and np.max(np.abs(res.jac)) < 1e-5)
    return res.x, ok


def _refit_one(engine, x, x0, h0, weights, missing, q):
    """Refit one resample (given as case weights); None when it does not converge."""
    if missing == "listwise":
        w = weights / weights.sum()
        mean = w @ x
        d = x - mean
        s = (d * w[:, None]).T @ d
        sign, logdet = np.linalg.slogdet(s)
        if sign <= 0:
            return None
        fun = ml_objective(engine, s, logdet)
    else:
        keep = weights > 0
        pats = Patterns.from_data(x[keep], weights=weights[keep])
        fun = fiml_objective(engine, pats, weights.sum())
    theta, ok = _quasi_newton(fun, x0, h0)
    if not ok:
        return None
    return theta[:q]


def _chunk(args):
    with threadpool_limits(limits=1):
        return _chunk_single_threaded(args)


def _chunk_single_threaded(args):
    engine, x, x0, h0, missing, q, seed, indices, effects, refit = args
    n = len(x)
    outputs = observed_outcomes(engine, effects)
    out_raw, out_std, ok, adm, pars = [], [], [], [], []
    for b in indices:
        rng = np.random.default_rng([seed, b])
        draw = rng.integers(0, n, n)
        weights = np.bincount(draw, minlength=n).astype(float)
        if refit is not None:  # e.g. WLSMV: the estimator's own refit (surveysem.ordinal)
            theta = refit(weights)
        else:
            theta = _refit_one(engine, x, x0, h0, weights, missing, q)
        if theta is None:
            ok.append(False)
            adm.append(False)
            out_raw.append(np.full(len(effects), np.nan))
            out_std.append(np.full(len(effects), np.nan))
            pars.append(np.full(q, np.nan))
            continue
        _, _, psi, th = engine.matrices(theta)
        raw, std = _effect_values(*structural_system(engine, theta, outputs), effects)
        ok.append(True)
        adm.append(bool(np.all(np.diag(psi) >= 0) and np.all(np.diag(th) >= 0)))
        out_raw.append(raw)
        out_std.append(std)
        pars.append(np.asarray(theta, dtype=float)[:q])
    return np.array(out_raw), np.array(out_std), np.array(ok), np.array(adm), np.array(pars)


@dataclass(frozen=True)
class BootstrapDraws:
    """Bootstrap draws of the effects.

    Attributes
    ----------
    raw, std : ndarray (B x n_effects)
        Unstandardized and standardized effects per resample (NaN rows for failures).
    ok : ndarray of bool (B,)
        The resample's fit converged (failed ones are left out of the intervals).
    admissible : ndarray of bool (B,)
        The resample's solution has no negative variance (converged but non-admissible
        solutions are kept, as lavaan keeps them, and counted).
    params : ndarray (B x q)
        The free parameters of each resample's fit (NaN rows for failures), in the order of
        ``SemFit.params``: functions of the parameters other than the effects (conditional
        effects, the index of moderated mediation) are bootstrapped from them.
    """

    raw: np.ndarray
    std: np.ndarray
    ok: np.ndarray
    admissible: np.ndarray
    params: np.ndarray = None


def bootstrap_effects(
    data: pd.DataFrame,
    spec: ModelSpec,
    fit: SemFit,
    effects: Sequence[Effect],
    *,
    n_boot: int,
    seed: int,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> BootstrapDraws:
    """Nonparametric bootstrap of the effects (respondents resampled with replacement).

    Parameters
    ----------
    data : DataFrame
        The data the model was fitted to (same rows).
    spec : ModelSpec
    fit : SemFit
        The full-sample fit; its estimates are the warm start of every resample.
    effects : sequence of Effect
    n_boot : int
        Number of resamples.
    seed : int
        Resample ``b`` uses ``default_rng([seed, b])``: results do not depend on ``n_jobs``.
    n_jobs : int
        Worker processes (BLAS stays single-threaded in each).
    progress : callable, optional
        Called as ``progress(done, n_boot)`` each time a batch of resamples is finished.

    Returns
    -------
    BootstrapDraws
    """
    engine = fit.engine
    x = fit.data_matrix(data, "bootstrap_effects")
    q = engine.n_par
    x0 = np.concatenate([fit.params, fit.intercepts]) if fit.missing == "fiml" else fit.params
    # F = -2 logL / N, so its Hessian is twice the information per observation
    h0 = fit.acov_full * len(x) / 2.0
    h0 = (h0 + h0.T) / 2.0
    n_jobs = max(1, min(n_jobs, n_boot))
    splits = [s for s in np.array_split(np.arange(n_boot), n_jobs * 4) if len(s)]
    refit = fit.resample
    tasks = [(engine, x, x0, h0, fit.missing, q, seed, s, list(effects), refit) for s in splits]
    parts: list = []

    def collect(results) -> None:
        for part in results:
            parts.append(part)
            if progress is not None:
                progress(sum(len(p[2]) for p in parts), n_boot)

    if n_jobs == 1:
        collect(map(_chunk, tasks))
    else:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            collect(pool.map(_chunk, tasks))
    raw = np.vstack([p[0] for p in parts])
    std = np.vstack([p[1] for p in parts])
    ok = np.concatenate([p[2] for p in parts])
    adm = np.concatenate([p[3] for p in parts])
    pars = np.vstack([p[4].reshape(len(p[2]), q) for p in parts])
    return BootstrapDraws(raw=raw, std=std, ok=ok, admissible=adm, params=pars)


def percentile_ci(draws: np.ndarray, level: float):
    """Percentile bootstrap CI per column of ``draws`` (NaN draws left out)."""
    a = (1 - level) / 2
    return np.nanquantile(draws, a, axis=0), np.nanquantile(draws, 1 - a, axis=0)


def bias_corrected_ci(draws: np.ndarray, est: np.ndarray, level: float):
    """Bias-corrected bootstrap CI per column (Efron & Tibshirani 1993, ch. 14)."""
    a = (1 - level) / 2
    lo = np.full(len(est), np.nan)
    hi = np.full(len(est), np.nan)
    for j in range(len(est)):
        d = draws[:, j]
        d = d[~np.isnan(d)]
        if len(d) == 0:
            continue
        prop = np.mean(d < est[j]) + 0.5 * np.mean(d == est[j])
        prop = min(max(prop, 1.0 / (len(d) + 1)), len(d) / (len(d) + 1))
        z0 = stats.norm.ppf(prop)
        za = stats.norm.ppf(a)
        lo[j] = np.quantile(d, stats.norm.cdf(2 * z0 + za))
        hi[j] = np.quantile(d, stats.norm.cdf(2 * z0 - za))
    return lo, hi


def estimate_effects(
    data: pd.DataFrame,
    spec: ModelSpec,
    fit: SemFit,
    *,
    indirect: str | Sequence[str] = "auto",
    n_boot: int = 2000,
    ci_level: float = 0.95,
    seed: int = 1,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    draws: BootstrapDraws | None = None,
) -> pd.DataFrame:
    """Direct, indirect and total effects with delta-method SEs and bootstrap CIs.

    Parameters
    ----------
    data : DataFrame
        The data the model was fitted to.
    spec : ModelSpec
    fit : SemFit
        The full-sample fit.
    indirect : "auto" or list of str
        See :func:`enumerate_effects`.
    n_boot : int
        Bootstrap resamples; 0 gives delta-method (Wald) intervals.
    ci_level : float
    seed : int
    n_jobs : int
    progress : callable, optional
        Bootstrap progress, see :func:`bootstrap_effects`.
    draws : BootstrapDraws, optional
        Draws already made by :func:`bootstrap_effects` for these effects (then no new
        bootstrap is run).

    Returns
    -------
    DataFrame
        ``effect`` (e.g. ``WL -> EE -> DP``), ``kind`` (direct/indirect/total), ``est``,
        ``se`` (delta method), ``ci_low``, ``ci_high`` (percentile bootstrap, or Wald when
        ``n_boot`` is 0), ``std_all``, ``method``, ``n_failed`` (resamples that did not
        converge or were not admissible; they are left out of the intervals),
        then ``z``, ``pvalue`` (delta method), ``ci_low_bc``, ``ci_high_bc`` (bias-corrected
        bootstrap), ``se_boot`` (SD of the draws), ``std_ci_low``, ``std_ci_high``
        (percentile bootstrap CI of the standardized effect), ``n_boot``.

    Notes
    -----
    A specific indirect effect is the product of the regression coefficients along its path;
    the total effect of X on Y is the (Y, X) element of :math:`(I - B)^{-1} - I` (Bollen 1987).
    Standardized effects multiply by :math:`sd(X)/sd(Y)` from the model-implied covariance
    (lavaan ``std.all``). Delta-method SEs use the numerical gradient of the effect with
    respect to the free parameters and their asymptotic covariance (Sobel 1982). Percentile
    and bias-corrected bootstrap intervals follow Efron & Tibshirani (1993); for indirect
    effects see Preacher & Hayes (2008).
    """
    effects = enumerate_effects(spec.regressions(), indirect)
    if not effects:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    est, std = effect_values(fit, fit.params, effects)
    # delta method
    q = len(fit.params)
    jac = np.empty((len(effects), q))
    for k in range(q):
        h = 1e-6 * max(1.0, abs(fit.params[k]))
        e = np.zeros(q)
        e[k] = h
        up, _ = effect_values(fit, fit.params + e, effects)
        dn, _ = effect_values(fit, fit.params - e, effects)
        jac[:, k] = (up - dn) / (2 * h)
    se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", jac, fit.acov, jac), 0, None))
    z = est / np.where(se > 0, se, np.nan)
    out = pd.DataFrame(
        {
            "effect": [e.label for e in effects],
            "kind": [e.kind for e in effects],
            "est": est,
            "se": se,
        }
    )
    zc = stats.norm.ppf(0.5 + ci_level / 2)
    if n_boot > 0:
        if draws is None:
            draws = bootstrap_effects(
                data,
                spec,
                fit,
                effects,
                n_boot=n_boot,
                seed=seed,
                n_jobs=n_jobs,
                progress=progress,
            )
        good = draws.ok
        raw = draws.raw[good]
        lo, hi = percentile_ci(raw, ci_level)
        lo_bc, hi_bc = bias_corrected_ci(raw, est, ci_level)
        slo, shi = percentile_ci(draws.std[good], ci_level)
        out["ci_low"], out["ci_high"] = lo, hi
        out["std_all"] = std
        out["method"] = f"percentile bootstrap, {n_boot} resamples"
        out["n_failed"] = int((~good).sum())
        out["n_nonadmissible"] = int((good & ~draws.admissible).sum())
        out["z"] = z
        out["pvalue"] = 2 * stats.norm.sf(np.abs(z))
        out["ci_low_bc"], out["ci_high_bc"] = lo_bc, hi_bc
        out["se_boot"] = np.nanstd(raw, axis=0, ddof=1) if len(raw) > 1 else np.nan
        out["std_ci_low"], out["std_ci_high"] = slo, shi
        out["n_boot"] = n_boot
    else:
        out["ci_low"], out["ci_high"] = est - zc * se, est + zc * se
        out["std_all"] = std
        out["method"] = "delta method (Wald)"
        out["n_failed"] = 0
        out["n_nonadmissible"] = 0
        out["z"] = z
        out["pvalue"] = 2 * stats.norm.sf(np.abs(z))
        for c in ("ci_low_bc", "ci_high_bc", "se_boot", "std_ci_low", "std_ci_high"):
            out[c] = np.nan
        out["n_boot"] = 0
    return out


HYPOTHESIS_COLUMNS = [
    "id",
    "text",
    "path_or_effect",
    "expected_sign",
    "est",
    "std_all",
    "ci_low",
    "ci_high",
    "pvalue",
    "supported",
    "evidence",
    "reason",
    "kind",
    "ci_method",
    "std_ci_low",
    "std_ci_high",
    "boot_ci_low",
    "boot_ci_high",
    "fragile",
    "size",
    "total_est",
    "total_std_all",
    "total_ci_low",
    "total_ci_high",
    "total_std_ci_low",
    "total_std_ci_high",
]


def _effect_row(effects: pd.DataFrame, chain: str, kind: str) -> dict | None:
    hit = effects[(effects["effect"] == chain) & (effects["kind"] == kind)]
    return None if hit.empty else hit.iloc[0].to_dict()


def _verdict(sign: str, est: float, lo: float, hi: float, basis: str) -> tuple[bool, str, str]:
    """(supported, evidence in words, reason): ``reason`` is empty when supported, else
    ``opposite_reliable``, ``opposite`` (opposite sign, CI includes zero) or ``ci_zero``."""
    right_sign = (est > 0) if sign == "+" else (est < 0)
    excludes_zero = ci_excludes_zero(lo, hi)
    if right_sign and excludes_zero:
        return True, f"estimate has the expected sign and the CI ({basis}) excludes zero", ""
    if excludes_zero:
        why = f"the effect is reliable but opposite to the expected sign ({basis})"
        return False, why, "opposite_reliable"
    if not right_sign:
        why = f"the estimate has the opposite sign and the CI ({basis}) includes zero"
        return False, why, "opposite"
    return (
        False,
        f"the estimate has the expected sign but the CI ({basis}) includes zero",
        "ci_zero",
    )


def _hypothesis_row(h: dict, estimates: pd.DataFrame, effects: pd.DataFrame) -> dict:
    nan = float("nan")
    if "path" in h:
        y, x = (re.sub(r"\s*:\s*", ":", s.strip()) for s in h["path"].split("~"))
        hit = estimates[
            (estimates["op"] == "~") & (estimates["lhs"] == y) & (estimates["rhs"] == x)
        ]
        if hit.empty:
            raise ValueError(f"hypotheses {h['id']}: path {h['path']!r} has no estimate")
        r = hit.iloc[0].to_dict()
        label, kind, basis = f"{y} ~ {x}", "path", "Wald"
        boot = _effect_row(effects, f"{x} -> {y}", "direct")
        total = _effect_row(effects, f"{x} -> {y}", "total")
    else:
        chain, _, moderator = h["effect"].partition("|")
        label = " -> ".join(s.strip() for s in chain.split("->"))
        kind = "indirect" if label.count("->") > 1 else "direct"
        if moderator.strip():
            kind = "index_moderated_mediation"
            label = f"{label} | {moderator.strip()}"
        r = _effect_row(effects, label, kind)
        if r is None:
            raise ValueError(
                f"hypotheses {h['id']}: effect {h['effect']!r} is not among the estimated "
                "effects; list it in model.indirect or use indirect: auto"
            )
        basis, boot = str(r["method"]), r
        ends = label.split(" | ")[0].split(" -> ")
        total = _effect_row(effects, f"{ends[0]} -> {ends[-1]}", "total")
    supported, why, reason = _verdict(h["sign"], r["est"], r["ci_low"], r["ci_high"], basis)
    bootstrapped = boot is not None and "bootstrap" in str(boot.get("method", ""))
    b_lo = boot["ci_low"] if bootstrapped else nan
    b_hi = boot["ci_high"] if bootstrapped else nan
    fragile = bool(
        kind == "path"
        and bootstrapped
        and ci_excludes_zero(r["ci_low"], r["ci_high"]) != ci_excludes_zero(b_lo, b_hi)
    )
    t = total or {}
    return {
        "id": h["id"],
        "text": h["text"],
        "path_or_effect": label,
        "expected_sign": h["sign"],
        "est": r["est"],
        "std_all": r["std_all"],
        "ci_low": r["ci_low"],
        "ci_high": r["ci_high"],
        "pvalue": r["pvalue"],
        "supported": supported,
        "evidence": why,
        "reason": reason,
        "kind": kind,
        "ci_method": basis,
        "std_ci_low": boot.get("std_ci_low", nan) if boot else nan,
        "std_ci_high": boot.get("std_ci_high", nan) if boot else nan,
        "boot_ci_low": b_lo,
        "boot_ci_high": b_hi,
        "fragile": fragile,
        "size": size_label(r["std_all"]),
        "total_est": t.get("est", nan),
        "total_std_all": t.get("std_all", nan),
        "total_ci_low": t.get("ci_low", nan),
        "total_ci_high": t.get("ci_high", nan),
        "total_std_ci_low": t.get("std_ci_low", nan),
        "total_std_ci_high": t.get("std_ci_high", nan),
    }


def judge_hypotheses(
    hypotheses: Sequence[dict], estimates: pd.DataFrame, effects: pd.DataFrame
) -> pd.DataFrame:
    """Judge each hypothesis from its path or effect, by one rule.

    Parameters
    ----------
    hypotheses : sequence of dict
        Study-file entries with ``id``, ``text``, ``sign`` and ``path`` (``"EE ~ WL"``, or
        a product term ``"EE ~ WL:SS"``) or ``effect`` (``"WL -> EE -> DP"``, or an index of
        moderated mediation ``"WL -> EE -> DP | SS"``).
    estimates : DataFrame
        The SEM estimates (contract shape).
    effects : DataFrame
        The effects table from :func:`estimate_effects`.

    Returns
    -------
    DataFrame
        ``id``, ``text``, ``path_or_effect``, ``expected_sign``, ``est``, ``std_all``,
        ``ci_low``, ``ci_high``, ``pvalue``, ``supported`` (the contract), then ``evidence``
        (why, in words), ``reason`` (why not, as a key: ``ci_zero`` — the expected sign, but
        the CI includes zero —, ``opposite`` — the opposite sign, the CI includes zero —, or
        ``opposite_reliable`` — the CI excludes zero on the opposite side; empty when
        supported), ``kind`` (``path``, ``direct``, ``indirect`` or
        ``index_moderated_mediation``), ``ci_method`` (the
        interval the verdict rests on: ``Wald`` for paths, the effects' method otherwise),
        ``std_ci_low``, ``std_ci_high`` (bootstrap CI of the standardized estimate; NaN without
        a bootstrap), ``boot_ci_low``, ``boot_ci_high`` (bootstrap CI of the unstandardized
        estimate), ``fragile`` (a path whose Wald and bootstrap CIs disagree on whether zero
        is excluded), ``size`` (Cohen's benchmark for the standardized estimate:
        negligible/small/medium/large), and the total effect of the hypothesis's first on its
        last variable: ``total_est``, ``total_std_all``, ``total_ci_low``, ``total_ci_high``,
        ``total_std_ci_low``, ``total_std_ci_high``.

    Notes
    -----
    One rule: a hypothesis is supported when its estimate has the expected sign and its CI
    (at the study's ``ci_level``) excludes zero. Paths are judged by their Wald CI (lavaan's
    default), effects by their bootstrap CI when one was run (Preacher & Hayes 2008). The size
    is judged separately, with Cohen's (1988) benchmarks for standardized coefficients
    (:func:`surveysem.criteria.size_label`): a supported effect can be negligible in size.
    """
    rows = [_hypothesis_row(h, estimates, effects) for h in hypotheses]
    return pd.DataFrame(rows, columns=HYPOTHESIS_COLUMNS)
