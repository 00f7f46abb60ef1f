"""Power of the study's hypotheses: Monte Carlo simulation from the population model, and the
analytic power of the RMSEA tests (MacCallum, Browne & Sugawara 1996).

The Monte Carlo part draws samples from a population model (by default the study's own fit),
refits the study's model to every sample with its estimator, and summarises, per target
(each structural path, each indirect and total effect, each hypothesis, and the chi-square
test of exact fit) and per sample size, how often the test rejects, with the bias, the
coverage of the 95% CI and the standard errors against the spread of the estimates.

Every replication draws from its own generator, ``numpy.random.default_rng(SeedSequence([seed,
n, r]))`` for replication ``r`` at sample size ``n``, and starts from the population values, so
a replication gives the same numbers whichever process or cluster job runs it: the results do
not depend on how the replications are split into shards (:func:`shard_tasks`).

Under ML the refit works from the simulated sample's moments with the analytic-gradient ML
objective of :mod:`surveysem.sem` (what :func:`surveysem.sem.fit_model` minimises), warm-started
from the population values; MLR adds :func:`surveysem.robust.mlr_correction` per replication.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from surveysem.codebook import Codebook
from surveysem.effects import Effect, bootstrap_effects, enumerate_effects
from surveysem.models import structural_data
from surveysem.robust import mlr_correction
from surveysem.sem import (
    Engine,
    ModelSpec,
    SemFit,
    expected_information,
    fit_model,
    ml_objective,
    parse_regressions,
)
from surveysem.study import model_spec

POWER_COLUMNS = [
    "target",
    "n",
    "replications",
    "power",
    "power_ci_low",
    "power_ci_high",
    "bias",
    "relative_bias",
    "coverage",
    "mean_se",
    "sd_est",
    "converged_share",
]
POWER_EXTRA_COLUMNS = [
    "kind",
    "hypothesis",
    "expected_sign",
    "population_value",
    "mean_est",
    "admissible_share",
    "study_n",
]
RMSEA_COLUMNS = ["test", "df", "rmsea0", "rmsea1", "alpha", "n", "power", "n_required"]
RECOMMENDED_COLUMNS = [
    "target",
    "kind",
    "hypothesis",
    "expected_sign",
    "target_power",
    "n_required",
    "basis",
]
HYPOTHESIS_COLUMNS = [
    "id",
    "text",
    "target",
    "kind",
    "expected_sign",
    "population_value",
    "study_n",
    "power_study_n",
    "power_study_n_ci_low",
    "power_study_n_ci_high",
    "target_power",
    "n_required",
    "n_required_basis",
]
DRAW_COLUMNS = [
    "n",
    "replication",
    "target",
    "est",
    "se",
    "ci_low",
    "ci_high",
    "test_low",
    "test_high",
    "pvalue",
    "converged",
    "admissible",
]
# MacCallum, Browne & Sugawara (1996): (H0 RMSEA, alternative RMSEA) of each test
RMSEA_TESTS = {"close": (0.05, 0.08), "not_close": (0.05, 0.01), "exact": (0.0, 0.05)}
CHISQ_TARGET = "chisq_exact_fit"
COVERAGE_LEVEL = 0.95
MAX_CATEGORIES = 20
ESTIMATORS = ("ML", "MLR")


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerSettings:
    """The study file's ``power:`` block with its defaults resolved.

    Attributes
    ----------
    n : tuple of int
        Sample sizes, ascending, without duplicates.
    replications, alpha, bootstrap, shards, seed, target_power
        As in the study file; ``seed`` defaults to ``analysis.seed``.
    population : "fitted" or mapping of str to float
        ``fitted``, or values for named parameters (``"EE ~ WL": 0.3``) that replace the
        fitted ones.
    categories : {"normal", "observed"}
    study_n : bool
        Also simulate the study's own analysed n (for its post-hoc power).
    rmsea : mapping of str to (float, float)
        Test name -> (H0 RMSEA, alternative RMSEA).
    """

    n: tuple[int, ...]
    replications: int = 1000
    alpha: float = 0.05
    population: str | Mapping[str, float] = "fitted"
    bootstrap: int = 0
    shards: int = 4
    seed: int = 20261122
    categories: str = "normal"
    target_power: float = 0.80
    study_n: bool = True
    rmsea: Mapping[str, tuple[float, float]] = field(default_factory=lambda: dict(RMSEA_TESTS))


def power_settings(config: Mapping[str, Any]) -> PowerSettings:
    """The :class:`PowerSettings` of a validated study file.

    Raises
    ------
    ValueError
        When the study file has no ``power:`` block.
    """
    block = config.get("power")
    if not block:
        raise ValueError(
            "power: the study file has no `power:` block; add one with at least "
            "`n: [100, 200, 400]` (see docs/power.md)"
        )
    seed = block.get("seed")
    if seed is None:
        seed = config.get("analysis", {}).get("seed", 20261122)
    rmsea = dict(RMSEA_TESTS)
    for name, pair in (block.get("rmsea") or {}).items():
        rmsea[name] = (float(pair[0]), float(pair[1]))
    return PowerSettings(
        n=tuple(sorted({int(v) for v in block["n"]})),
        replications=int(block.get("replications", 1000)),
        alpha=float(block.get("alpha", 0.05)),
        population=block.get("population", "fitted"),
        bootstrap=int(block.get("bootstrap", 0)),
        shards=int(block.get("shards", 4)),
        seed=int(seed),
        categories=str(block.get("categories", "normal")),
        target_power=float(block.get("target_power", 0.80)),
        study_n=bool(block.get("study_n", True)),
        rmsea=rmsea,
    )


_PARAM = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(=~|~~|~)\s*([A-Za-z_][\w.]*)\s*$")


def parse_parameter(key: str) -> tuple[str, str, str]:
    """``"EE ~ WL"`` -> ``("EE", "~", "WL")`` (ops ``~``, ``=~``, ``~~``).

    Raises
    ------
    ValueError
        When the key is not of the form ``lhs op rhs``.
    """
    m = _PARAM.match(key)
    if not m:
        raise ValueError(
            f"power.population: {key!r} is not a parameter name; write a path as "
            "'EE ~ WL' (outcome ~ predictor), a loading as 'EE =~ ee2' or a (co)variance as "
            "'EE ~~ DP'"
        )
    return m.group(1), m.group(2), m.group(3)


def check_power_config(config: Mapping[str, Any], codebook: Codebook) -> None:
    """Check the ``power:`` block against the model before any rule runs.

    Raises
    ------
    ValueError
        Listing every problem: a ``power.population`` key that is not a path of
        ``model.structural``, a loading of a scale's own item, or a (co)variance of model
        variables; ``power.categories: observed`` with composites only.
    """
    block = config.get("power")
    if not block:
        return
    model = config["model"]
    text = model["structural"] + "\n" + (model.get("extra") or "")
    paths = set(parse_regressions(text))
    scales = {s.name: set(s.items) for s in codebook.scales}
    names = set(scales) | set(codebook.items)
    problems = []
    population = block.get("population", "fitted")
    for key in population if isinstance(population, Mapping) else []:
        try:
            lhs, op, rhs = parse_parameter(key)
        except ValueError as err:
            problems.append(str(err))
            continue
        if op == "~" and (lhs, rhs) not in paths:
            problems.append(
                f"power.population: {key!r} is not a regression of model.structural; "
                "give the paths of the model (outcome ~ predictor)"
            )
        elif op == "=~" and rhs not in scales.get(lhs, ()):
            problems.append(f"power.population: {key!r}: {rhs!r} is not an item of scale {lhs!r}")
        elif op == "~~" and not {lhs, rhs} <= names:
            problems.append(f"power.population: {key!r} names a variable outside the codebook")
    if problems:
        raise ValueError(
            f"power: {len(problems)} problem(s) in the study file:\n  - " + "\n  - ".join(problems)
        )


# --------------------------------------------------------------------------------------------
# The population model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerPopulation:
    """The model the samples are drawn from, and the targets whose power is simulated.

    Attributes
    ----------
    spec : ModelSpec
        The study's model (refitted to every sample).
    fit : SemFit
        The fit that supplied the engine and the fitted values (the study's own fit).
    theta : ndarray
        Population values of the free parameters (engine order).
    sigma : ndarray
        Model-implied covariance matrix of ``fit.engine.obs`` at ``theta``.
    positions : mapping of (lhs, op, rhs) to int
        Index in ``theta`` of every free parameter.
    effects : tuple of Effect
        The indirect and total effects among the targets.
    targets : DataFrame
        ``target``, ``kind`` (path / indirect / total / direct / fit), ``hypothesis`` (ids,
        ``;``-separated, or empty), ``expected_sign`` (``+``, ``-`` or empty),
        ``population_value`` (for the ``chisq_exact_fit`` row: the model's df, the mean of
        the chi-square under the population model).
    margins : mapping of str to (ndarray, ndarray), optional
        Item -> (category values, cumulative shares) when samples keep the observed
        categories; None for multivariate normal samples.
    source : str
        ``fitted`` or ``fitted, with N value(s) from power.population``.
    """

    spec: ModelSpec
    fit: SemFit
    theta: np.ndarray
    sigma: np.ndarray
    positions: Mapping[tuple[str, str, str], int]
    effects: tuple[Effect, ...]
    targets: pd.DataFrame
    margins: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None
    source: str = "fitted"

    @property
    def engine(self) -> Engine:
        return self.fit.engine

    @property
    def df(self) -> int:
        """Degrees of freedom of the model (covariance structure)."""
        p = len(self.engine.obs)
        return p * (p + 1) // 2 - self.engine.n_par


def parameter_positions(engine: Engine, spec: ModelSpec) -> dict[tuple[str, str, str], int]:
    """(lhs, op, rhs) -> index of the free parameter in the engine's parameter vector.

    Returns
    -------
    dict
        Regressions as ``(outcome, "~", predictor)`` (also those of an observed outcome on
        a latent variable, which semopy keeps in Lambda), loadings as ``(factor, "=~",
        item)``, (co)variances as ``(a, "~~", b)`` in both orders.
    """
    out: dict[tuple[str, str, str], int] = {}
    inner, obs = engine.inner, engine.obs
    for m, (r1, r2) in enumerate(engine.ranges):
        if not r1:
            continue
        for i, j, k in zip(r1[0], r1[1], r2, strict=True):
            if m == 0:
                keys = [(inner[i], "~", inner[j])]
            elif m == 1:
                factor, item = inner[j], obs[i]
                own = item in spec.measurement.get(factor, ())
                keys = [(factor, "=~", item) if own else (item, "~", factor)]
            elif m == 2:
                keys = [(inner[i], "~~", inner[j]), (inner[j], "~~", inner[i])]
            else:
                keys = [(obs[i], "~~", obs[j]), (obs[j], "~~", obs[i])]
            for key in keys:
                out.setdefault(key, int(k))
    return out


def item_margins(
    data: pd.DataFrame, items: Sequence[str]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each item's answer categories and their cumulative shares in the data.

    Returns
    -------
    dict
        Item -> (sorted distinct answers, cumulative share of answers up to each; the last
        is 1).

    Raises
    ------
    ValueError
        When an item has no answers or more than 20 distinct answers (not a rating item).
    """
    out = {}
    for item in items:
        values = pd.to_numeric(data[item], errors="coerce").dropna().to_numpy()
        cats, counts = np.unique(values, return_counts=True)
        if len(cats) == 0 or len(cats) > MAX_CATEGORIES:
            raise ValueError(
                f"power.categories: observed needs rating items; item {item!r} has "
                f"{len(cats)} distinct answers (at most {MAX_CATEGORIES}); use "
                "power.categories: normal"
            )
        cum = np.cumsum(counts) / counts.sum()
        cum[-1] = 1.0
        out[item] = (cats.astype(float), cum)
    return out


def _normalise_chain(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split("->"))


def _targets(spec, positions, theta, effects, values, hypotheses, df) -> pd.DataFrame:
    """The targets table (see :class:`PowerPopulation`); the fit row's value is the df."""
    rows: dict[tuple[str, str], dict] = {}
    for y, x in spec.regressions():
        key = f"{y} ~ {x}"
        rows[(key, "path")] = dict(target=key, kind="path", value=theta[positions[(y, "~", x)]])
    for e, v in zip(effects, values, strict=True):
        rows.setdefault((e.label, e.kind), dict(target=e.label, kind=e.kind, value=v))
    for r in rows.values():
        r |= {"hypothesis": [], "expected_sign": ""}
    for h in hypotheses:
        if "path" in h:
            y, x = (s.strip() for s in h["path"].split("~"))
            key = (f"{y} ~ {x}", "path")
        else:
            chain = _normalise_chain(h["effect"])
            key = (
                (f"{chain[1]} ~ {chain[0]}", "path")
                if len(chain) == 2
                else (" -> ".join(chain), "indirect")
            )
        if key not in rows:
            raise ValueError(
                f"hypotheses {h['id']}: {key[0]!r} is not a path or effect of the model"
            )
        rows[key]["hypothesis"].append(str(h["id"]))
        sign = rows[key]["expected_sign"]
        if sign and sign != h["sign"]:
            raise ValueError(
                f"hypotheses {h['id']}: {key[0]!r} is also hypothesised with the opposite "
                "sign; give each path or effect one expected sign"
            )
        rows[key]["expected_sign"] = h["sign"]
    out = pd.DataFrame(
        [
            (r["target"], r["kind"], ";".join(r["hypothesis"]), r["expected_sign"], r["value"])
            for r in rows.values()
        ],
        columns=["target", "kind", "hypothesis", "expected_sign", "population_value"],
    )
    fit_row = pd.DataFrame([(CHISQ_TARGET, "fit", "", "", float(df))], columns=out.columns)
    return pd.concat([out, fit_row], ignore_index=True)


def _apply_values(theta, positions, values: Mapping[str, float]) -> np.ndarray:
    theta = theta.copy()
    for key, value in values.items():
        lhs, op, rhs = parse_parameter(key)
        if (lhs, op, rhs) not in positions:
            raise ValueError(
                f"power.population: {key!r} is not a free parameter of the study's model; "
                "name a path as 'EE ~ WL' (outcome ~ predictor) that model.structural contains"
            )
        theta[positions[(lhs, op, rhs)]] = float(value)
    return theta


def population_from_fit(
    fit: SemFit,
    spec: ModelSpec,
    *,
    values: Mapping[str, float] | None = None,
    hypotheses: Sequence[Mapping[str, Any]] = (),
    indirect: str | Sequence[str] = "auto",
    margins: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> PowerPopulation:
    """The population model: a fit's estimates, with some parameters set to given values.

    Parameters
    ----------
    fit : SemFit
        A fit of ``spec`` (:func:`surveysem.sem.fit_model`).
    spec : ModelSpec
    values : mapping of str to float, optional
        ``"EE ~ WL": 0.3``-style values replacing the fitted ones (any free parameter:
        ``~``, ``=~``, ``~~``), on the fitted model's unstandardized scale.
    hypotheses : sequence of mapping
        The study file's hypotheses (``id``, ``sign``, ``path`` or ``effect``).
    indirect : "auto" or sequence of str
        As ``model.indirect`` (:func:`surveysem.effects.enumerate_effects`).
    margins : mapping, optional
        From :func:`item_margins`: samples keep these items' categories and shares.

    Returns
    -------
    PowerPopulation

    Raises
    ------
    ValueError
        For a value naming no free parameter, a hypothesis naming no path or effect, or a
        population covariance matrix that is not positive definite.
    """
    engine = fit.engine
    positions = parameter_positions(engine, spec)
    theta = _apply_values(np.asarray(fit.params, dtype=float), positions, values or {})
    sigma = engine.sigma(theta)
    try:
        np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError as err:
        raise ValueError(
            "power.population: the population model's covariance matrix is not positive "
            "definite; check the values in power.population (or a negative variance in the "
            "study's fit, results/sem/diagnostics.csv)"
        ) from err
    effects = [e for e in enumerate_effects(spec.regressions(), indirect) if e.kind != "direct"]
    listed = {e.label for e in effects}
    for h in hypotheses:
        chain = _normalise_chain(h.get("effect", ""))
        if len(chain) > 2 and " -> ".join(chain) not in listed:
            effects.append(Effect(chain, "indirect"))
            listed.add(" -> ".join(chain))
    index = {v: i for i, v in enumerate(engine.inner)}
    absent = sorted({v for e in effects for v in e.chain if v not in index})
    if absent:
        raise ValueError(
            f"power: effect variable(s) {', '.join(absent)} are not in the structural model"
        )
    vals, _ = effect_gradients(engine, theta, effects)
    p = len(engine.obs)
    df = p * (p + 1) // 2 - engine.n_par
    targets = _targets(spec, positions, theta, effects, vals, hypotheses, df)
    n_values = sum(1 for _ in (values or {}))
    source = f"fitted, with {n_values} value(s) from power.population" if n_values else "fitted"
    return PowerPopulation(
        spec, fit, theta, sigma, positions, tuple(effects), targets, margins, source
    )


def study_population(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    settings: PowerSettings | None = None,
) -> PowerPopulation:
    """The population of a study's power analysis: its own fit, with the study file's values.

    Parameters
    ----------
    data : DataFrame
        The analysed respondents (``results/clean/data.csv``).
    config : mapping
        The validated study file (``model``, ``analysis``, ``hypotheses``, ``power``).
    codebook : Codebook
    settings : PowerSettings, optional
        Default: :func:`power_settings` of ``config``.

    Returns
    -------
    PowerPopulation
        See :func:`population_from_fit`.
    """
    settings = settings or power_settings(config)
    spec = model_spec(config, codebook)
    frame = structural_data(data, config, codebook)
    a = config["analysis"]
    # the study's fit (fit_sem's estimates; MLR changes only SEs, not needed here)
    fit = fit_model(
        frame, spec, missing=a.get("missing", "listwise"), ci_level=a.get("ci_level", 0.95)
    )
    values = settings.population if isinstance(settings.population, Mapping) else {}
    margins = None
    if settings.categories == "observed":
        items = [v for v in fit.engine.obs if v in set(codebook.items)]
        margins = item_margins(frame, items)
    return population_from_fit(
        fit,
        spec,
        values=values,
        hypotheses=config.get("hypotheses", []),
        indirect=config["model"].get("indirect", "auto"),
        margins=margins,
    )


def population_table(pop: PowerPopulation) -> pd.DataFrame:
    """The population values of the free parameters.

    Returns
    -------
    DataFrame
        ``lhs``, ``op``, ``rhs``, ``value``, ``source`` (``fitted`` or ``power.population``),
        one row per free parameter (lavaan-style names; a covariance once).
    """
    fitted = np.asarray(pop.fit.params, dtype=float)
    rows, seen = [], set()
    est = pop.fit.estimates
    for r in est[est["op"].isin(["=~", "~", "~~"])].itertuples(index=False):
        k = pop.positions.get((r.lhs, r.op, r.rhs))
        if k is None or k in seen:
            continue
        seen.add(k)
        changed = pop.theta[k] != fitted[k]
        rows.append((r.lhs, r.op, r.rhs, pop.theta[k], "power.population" if changed else "fitted"))
    return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "value", "source"])


# --------------------------------------------------------------------------------------------
# One replication
# --------------------------------------------------------------------------------------------


def effect_gradients(
    engine: Engine, theta: np.ndarray, effects: Sequence[Effect]
) -> tuple[np.ndarray, np.ndarray]:
    """Values of indirect and total effects and their gradients wrt the free parameters.

    Returns
    -------
    values : ndarray (n_effects,)
    gradient : ndarray (n_effects x n_par)

    Notes
    -----
    A specific indirect effect is the product of the regression coefficients along its chain;
    its derivative wrt one coefficient is the product of the others. The total effect of a on
    b is :math:`T_{ba}` with :math:`T = (I - B)^{-1}`, and
    :math:`\\partial T_{ba} / \\partial B_{ij} = T_{bi} T_{ja}` (Bollen 1987). With the
    parameters' covariance matrix these give the delta-method SEs of
    :func:`surveysem.effects.estimate_effects` (Sobel 1982), analytically.
    """
    beta = engine.matrices(theta)[0]
    t = np.linalg.inv(np.eye(beta.shape[0]) - beta)
    index = {v: i for i, v in enumerate(engine.inner)}
    r1, r2 = engine.ranges[0]
    rows = np.asarray(r1[0] if r1 else [], dtype=int)
    cols = np.asarray(r1[1] if r1 else [], dtype=int)
    params = np.asarray(r2 if r1 else [], dtype=int)
    entry = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(rows, cols, strict=True))}
    values = np.empty(len(effects))
    grad = np.zeros((len(effects), engine.n_par))
    for e_i, e in enumerate(effects):
        a, b = index[e.chain[0]], index[e.chain[-1]]
        if e.kind == "total":
            values[e_i] = t[b, a]
            d = t[b, rows] * t[cols, a]
        else:
            edges = [(index[v], index[u]) for u, v in zip(e.chain, e.chain[1:], strict=False)]
            coef = [float(beta[i, j]) for i, j in edges]
            values[e_i] = math.prod(coef)
            d = np.zeros(len(rows))
            for m, edge in enumerate(edges):
                if edge in entry:
                    d[entry[edge]] += math.prod(coef[:m]) * math.prod(coef[m + 1 :])
        np.add.at(grad[e_i], params, d)
    return values, grad


def simulate_sample(pop: PowerPopulation, n: int, rng: np.random.Generator) -> np.ndarray:
    """One sample of n respondents from the population model (columns: ``engine.obs``).

    Returns
    -------
    ndarray (n x p)
        Multivariate normal with mean 0 and the population covariance; with
        ``pop.margins``, each listed item cut into its observed categories at the normal
        quantiles of its cumulative shares (scaled by the item's population SD), so that
        the categories keep their observed shares in expectation.
    """
    chol = np.linalg.cholesky(pop.sigma)
    x = rng.standard_normal((n, len(pop.sigma))) @ chol.T
    if pop.margins:
        sd = np.sqrt(np.diag(pop.sigma))
        for j, v in enumerate(pop.engine.obs):
            if v in pop.margins:
                cats, cum = pop.margins[v]
                cuts = stats.norm.ppf(cum[:-1]) * sd[j]
                x[:, j] = cats[np.searchsorted(cuts, x[:, j], side="left")]
    return x


@dataclass(frozen=True)
class Replication:
    """The refit of one simulated sample.

    Attributes
    ----------
    est, se : ndarray
        Per target (``pop.targets`` order without the fit row).
    ci_low, ci_high : ndarray
        95% CI (Wald; percentile bootstrap for effects when bootstrapping).
    test_low, test_high : ndarray
        The CI at level 1 - alpha that the test uses (rejects when it excludes 0).
    chisq, pvalue : float
        The model test (ML chi-square, or the MLR scaled one) and its p-value.
    converged, admissible : bool
        The refit converged with an invertible information matrix; no negative variance.
    """

    est: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    test_low: np.ndarray
    test_high: np.ndarray
    chisq: float
    pvalue: float
    converged: bool
    admissible: bool


def _refit_ml(pop: PowerPopulation, s: np.ndarray, h0: np.ndarray):
    """ML refit from the sample covariance; (theta, information, F) or None."""
    sign, logdet = np.linalg.slogdet(s)
    if sign <= 0:
        return None
    fun = ml_objective(pop.engine, s, logdet)
    res = optimize.minimize(
        fun,
        pop.theta,
        jac=True,
        method="BFGS",
        options={"gtol": 1e-6, "maxiter": 2000, "hess_inv0": h0},
    )
    if not (res.success or np.max(np.abs(res.jac)) < 1e-5) or not np.isfinite(res.fun):
        return None
    info = expected_information(pop.engine, res.x)
    # one Fisher-scoring step (the Hessian of F is twice the information) polishes BFGS
    try:
        theta = res.x - np.linalg.solve(2.0 * info, res.jac)
    except np.linalg.LinAlgError:
        return None
    f = fun(theta)[0]
    if not f <= res.fun:
        theta, f = res.x, res.fun
    return theta, info, f


def _replication_fit(pop: PowerPopulation, x, theta, acov, chisq) -> SemFit:
    """A :class:`SemFit` of one replication, for the MLR correction and the bootstrap."""
    n, p = x.shape
    s = np.cov(x, rowvar=False, bias=True)
    base = n * (np.sum(np.log(np.diag(s))) - np.linalg.slogdet(s)[1])
    table = pd.DataFrame(
        [
            ("chisq", chisq),
            ("df", float(pop.df)),
            ("baseline_chisq", base),
            ("baseline_df", float(p * (p + 1) // 2 - p)),
            ("srmr", np.nan),
            ("n", float(n)),
        ],
        columns=["index", "value"],
    )
    return replace(
        pop.fit,
        fit=table,
        n=n,
        params=theta,
        acov=acov,
        acov_full=acov,
        missing="listwise",
        implied_cov=pop.engine.sigma(theta),
        intercepts=None,
    )


def fit_replication(
    pop: PowerPopulation,
    x: np.ndarray,
    *,
    estimator: str = "ML",
    alpha: float = 0.05,
    bootstrap: int = 0,
    seed: int = 0,
    h0: np.ndarray | None = None,
) -> Replication:
    """Refit the model to one simulated sample with the study's estimator.

    Parameters
    ----------
    pop : PowerPopulation
    x : ndarray (n x p)
        The sample (:func:`simulate_sample`).
    estimator : {"ML", "MLR"}
    alpha : float
        Level of the tests.
    bootstrap : int
        Percentile-bootstrap resamples for the effects' CIs (0: delta-method Wald CIs).
    seed : int
        Seed of the bootstrap resamples.
    h0 : ndarray, optional
        Starting inverse Hessian (default :func:`start_inverse_hessian`).

    Returns
    -------
    Replication

    Notes
    -----
    ML from the sample covariance S (divisor n): BFGS on
    :math:`F = \\log|\\Sigma| + tr(S\\Sigma^{-1}) - \\log|S| - p` from the population values,
    one Fisher-scoring step, standard errors from the inverse expected information, and
    :math:`\\chi^2 = nF`, as :func:`surveysem.sem.fit_model` (lavaan's defaults). MLR:
    sandwich SEs and the Yuan-Bentler scaled chi-square of
    :func:`surveysem.robust.mlr_correction`.
    """
    if estimator not in ESTIMATORS:
        raise ValueError(
            f"analysis.estimator: {estimator!r} is not supported by the power simulation "
            f"(supported: {', '.join(ESTIMATORS)})"
        )
    n_t = len(pop.targets) - 1
    nan = np.full(n_t, np.nan)
    failed = Replication(nan, nan, nan, nan, nan, nan, np.nan, np.nan, False, False)
    n = len(x)
    h0 = start_inverse_hessian(pop) if h0 is None else h0
    out = _refit_ml(pop, np.cov(x, rowvar=False, bias=True), h0)
    if out is None:
        return failed
    theta, info, f = out
    try:
        acov = np.linalg.inv(info) / n
    except np.linalg.LinAlgError:
        return failed
    chisq = max(n * f, 0.0)
    pvalue = float(stats.chi2.sf(chisq, pop.df)) if pop.df > 0 else np.nan
    rep_fit = None
    if estimator == "MLR" or bootstrap > 0:
        rep_fit = _replication_fit(pop, x, theta, acov, chisq)
        frame = pd.DataFrame(x, columns=pop.engine.obs)
    if estimator == "MLR":
        rob = mlr_correction(rep_fit, frame, ci_level=COVERAGE_LEVEL)
        acov = rob.acov
        chisq, pvalue = rob.fit_value("chisq_scaled"), rob.fit_value("pvalue_scaled")
    est, se = _target_values(pop, theta, acov)
    if not np.all(np.isfinite(se)):
        return failed
    z95 = stats.norm.ppf(0.5 + COVERAGE_LEVEL / 2)
    zt = stats.norm.ppf(1 - alpha / 2)
    lo, hi = est - z95 * se, est + z95 * se
    tlo, thi = est - zt * se, est + zt * se
    if bootstrap > 0 and pop.effects:
        draws = bootstrap_effects(
            frame, pop.spec, rep_fit, pop.effects, n_boot=bootstrap, seed=seed, n_jobs=1
        )
        raw = draws.raw[draws.ok]
        k = len(pop.spec.regressions())
        if len(raw):
            for level, (a, b) in ((COVERAGE_LEVEL, (lo, hi)), (1 - alpha, (tlo, thi))):
                q = (1 - level) / 2
                a[k:], b[k:] = np.nanquantile(raw, q, axis=0), np.nanquantile(raw, 1 - q, axis=0)
    _, _, psi, th = pop.engine.matrices(theta)
    admissible = bool(np.all(np.diag(psi) >= 0) and np.all(np.diag(th) >= 0))
    return Replication(est, se, lo, hi, tlo, thi, chisq, pvalue, True, admissible)


def _target_values(pop: PowerPopulation, theta: np.ndarray, acov: np.ndarray):
    """Estimates and SEs of the targets (paths, then effects) at theta."""
    path_pos = [pop.positions[(y, "~", x)] for y, x in pop.spec.regressions()]
    se_all = np.sqrt(np.where(np.diag(acov) >= 0, np.diag(acov), np.nan))
    vals, grad = effect_gradients(pop.engine, theta, pop.effects)
    se_eff = np.sqrt(np.clip(((grad @ acov) * grad).sum(1), 0, None))
    est = np.concatenate([theta[path_pos], vals])
    se = np.concatenate([se_all[path_pos], se_eff])
    return est, se


def start_inverse_hessian(pop: PowerPopulation) -> np.ndarray:
    """Inverse Hessian of the ML objective at the population values (the BFGS start)."""
    h = np.linalg.pinv(2.0 * expected_information(pop.engine, pop.theta))
    h = 0.5 * (h + h.T)
    w, v = np.linalg.eigh(h)
    h = (v * np.clip(w, 1e-8 * w.max(), None)) @ v.T
    return 0.5 * (h + h.T)


# --------------------------------------------------------------------------------------------
# Many replications, in shards
# --------------------------------------------------------------------------------------------


def simulation_grid(settings: PowerSettings, study_n: int | None = None) -> tuple[int, ...]:
    """The sample sizes simulated: ``power.n``, and the study's own n when ``study_n``."""
    grid = set(settings.n)
    if settings.study_n and study_n is not None:
        grid.add(int(study_n))
    return tuple(sorted(grid))


def shard_tasks(
    n_values: Sequence[int], replications: int, shard: int = 0, shards: int = 1
) -> list[tuple[int, int]]:
    """The (n, replication) pairs of one shard: a contiguous block of all of them.

    Raises
    ------
    ValueError
        When ``shard`` is not in ``0 .. shards - 1``.
    """
    if not 0 <= shard < shards:
        raise ValueError(f"power.shards: shard {shard} is not in 0..{shards - 1}")
    tasks = [(int(n), r) for n in n_values for r in range(replications)]
    block = np.array_split(np.arange(len(tasks)), shards)[shard]
    return [tasks[i] for i in block]


def replication_seed(seed: int, n: int, replication: int) -> np.random.SeedSequence:
    """The seed of replication ``replication`` at sample size ``n`` (independent of shards)."""
    return np.random.SeedSequence([int(seed), int(n), int(replication)])


def _run_tasks(args) -> list[Replication]:
    pop, tasks, seed, estimator, alpha, bootstrap = args
    with threadpool_limits(limits=1):
        h0 = start_inverse_hessian(pop)
        out = []
        for n, r in tasks:
            ss = replication_seed(seed, n, r)
            rng = np.random.default_rng(ss)
            x = simulate_sample(pop, n, rng)
            boot_seed = int(ss.spawn(1)[0].generate_state(1)[0])
            out.append(
                fit_replication(
                    pop,
                    x,
                    estimator=estimator,
                    alpha=alpha,
                    bootstrap=bootstrap,
                    seed=boot_seed,
                    h0=h0,
                )
            )
        return out


def simulate_power(
    pop: PowerPopulation,
    tasks: Sequence[tuple[int, int]],
    *,
    seed: int,
    estimator: str = "ML",
    alpha: float = 0.05,
    bootstrap: int = 0,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Simulate and refit the replications ``tasks`` (from :func:`shard_tasks`).

    Parameters
    ----------
    pop : PowerPopulation
    tasks : sequence of (n, replication)
    seed : int
        Replication r at sample size n draws from :func:`replication_seed` ``(seed, n, r)``.
    estimator, alpha, bootstrap
        As :func:`fit_replication`.
    n_jobs : int
        Worker processes (single-threaded BLAS in each); results do not depend on it.
    progress : callable, optional
        Called as ``progress(done, len(tasks))`` each time a batch of replications is finished.

    Returns
    -------
    DataFrame
        One row per replication and target (``pop.targets`` order): ``n``,
        ``replication``, ``target``, ``est``, ``se``, ``ci_low``, ``ci_high`` (95%),
        ``test_low``, ``test_high`` (level 1 - alpha), ``pvalue`` (the model test's, on the
        ``chisq_exact_fit`` row, whose ``est`` is the chi-square), ``converged``,
        ``admissible``.

    Raises
    ------
    ValueError
        When a sample size does not exceed the number of observed variables.
    """
    p = len(pop.engine.obs)
    small = sorted({n for n, _ in tasks if n <= p})
    if small:
        raise ValueError(
            f"power.n: n = {small[0]} does not exceed the model's {p} observed variables "
            "(the sample covariance matrix would be singular); use larger sample sizes"
        )
    n_jobs = max(1, min(n_jobs, len(tasks)))
    chunks = [list(c) for c in np.array_split(np.arange(len(tasks)), n_jobs * 4) if len(c)]
    args = [(pop, [tasks[i] for i in c], seed, estimator, alpha, bootstrap) for c in chunks]
    reps: list[Replication] = []
    with ExitStack() as stack:
        if n_jobs == 1:
            parts = map(_run_tasks, args)
        else:
            parts = stack.enter_context(ProcessPoolExecutor(max_workers=n_jobs)).map(
                _run_tasks, args
            )
        for part in parts:
            reps.extend(part)
            if progress is not None:
                progress(len(reps), len(tasks))
    return _draws_frame(pop, tasks, reps)


def _draws_frame(pop, tasks, reps: Sequence[Replication]) -> pd.DataFrame:
    names = pop.targets["target"].tolist()
    n_t = len(names)
    k = len(tasks)

    def stack(attr, fit_value):
        cols = [np.append(getattr(r, attr), fit_value(r)) for r in reps]
        return np.vstack(cols).ravel() if cols else np.empty(0)

    pvalue = np.full(k * n_t, np.nan)
    pvalue[n_t - 1 :: n_t] = [r.pvalue for r in reps]  # the fit row is the last target

    frame = pd.DataFrame(
        {
            "n": np.repeat([n for n, _ in tasks], n_t).astype(int),
            "replication": np.repeat([r for _, r in tasks], n_t).astype(int),
            "target": np.tile(names, k) if k else np.empty(0, dtype=object),
            "est": stack("est", lambda r: r.chisq),
            "se": stack("se", lambda r: np.nan),
            "ci_low": stack("ci_low", lambda r: np.nan),
            "ci_high": stack("ci_high", lambda r: np.nan),
            "test_low": stack("test_low", lambda r: np.nan),
            "test_high": stack("test_high", lambda r: np.nan),
            "pvalue": pvalue,
            "converged": np.repeat([r.converged for r in reps], n_t).astype(bool),
            "admissible": np.repeat([r.admissible for r in reps], n_t).astype(bool),
        }
    )
    return frame[DRAW_COLUMNS]


# --------------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------------


def clopper_pearson(k: int, m: int, level: float = 0.95) -> tuple[float, float]:
    """Exact binomial CI of a proportion k / m (Clopper & Pearson 1934); NaN when m = 0."""
    if m == 0:
        return np.nan, np.nan
    a = (1 - level) / 2
    lo = stats.beta.ppf(a, k, m - k + 1) if k > 0 else 0.0
    hi = stats.beta.ppf(1 - a, k + 1, m - k) if k < m else 1.0
    return float(lo), float(hi)


def _ordered_draws(draws: pd.DataFrame, targets: pd.DataFrame, n_values, replications):
    """The draws sorted by (n, replication, target) as arrays of shape (n_n, R, T)."""
    order = {t: i for i, t in enumerate(targets["target"])}
    d = draws.assign(_t=draws["target"].map(order))
    if d["_t"].isna().any():
        unknown = sorted(set(d.loc[d["_t"].isna(), "target"]))[:3]
        raise ValueError(
            f"power: the shard files name target(s) {unknown} that the population model does "
            "not have; delete results/power/shards/ and rerun (the model changed)"
        )
    d = d.sort_values(["n", "replication", "_t"], kind="stable")
    grid = np.unique(d["n"].to_numpy()) if n_values is None else np.asarray(sorted(n_values))
    r = int(d["replication"].max()) + 1 if replications is None and len(d) else replications or 0
    t = len(order)
    expected = pd.MultiIndex.from_product([grid, range(r), range(t)])
    got = pd.MultiIndex.from_arrays([d["n"], d["replication"], d["_t"]])
    if len(got) != len(expected) or not got.equals(expected):
        raise ValueError(
            f"power: the shard files hold {len(d)} rows where {len(expected)} were expected "
            f"({len(grid)} sample sizes x {r} replications x {t} targets); rerun the "
            "missing or duplicated shards (delete results/power/shards/)"
        )
    arrays = {c: d[c].to_numpy().reshape(len(grid), r, t) for c in DRAW_COLUMNS[3:]}
    return grid, r, arrays


def summarise_power(
    draws: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    alpha: float = 0.05,
    study_n: int | None = None,
    n_values: Sequence[int] | None = None,
    replications: int | None = None,
) -> pd.DataFrame:
    """Power, bias, coverage and SEs per target and sample size, from the replications.

    Parameters
    ----------
    draws : DataFrame
        All shards' replications (:func:`simulate_power`), in any order.
    targets : DataFrame
        ``PowerPopulation.targets``.
    alpha : float
    study_n : int, optional
        The study's own n (flagged in ``study_n``).
    n_values, replications : optional
        The sample sizes and the number of replications expected (default: those found).

    Returns
    -------
    DataFrame
        ``target``, ``n``, ``replications``, ``power``, ``power_ci_low``, ``power_ci_high``
        (Clopper-Pearson 95%), ``bias``, ``relative_bias``, ``coverage``, ``mean_se``,
        ``sd_est``, ``converged_share``, then ``kind``, ``hypothesis``, ``expected_sign``,
        ``population_value``, ``mean_est``, ``admissible_share``, ``study_n`` (bool).
        Sorted by target (``targets`` order), then n.

    Raises
    ------
    ValueError
        When a replication is missing or duplicated, or a target is unknown (stale shards).

    Notes
    -----
    Over the converged replications: ``power`` is the share in which the test rejects at
    ``alpha`` (the Wald test, or a percentile-bootstrap CI at level 1 - alpha excluding 0;
    for a hypothesised target, rejecting with an estimate of the expected sign: the share
    in which the hypothesis would be judged supported; for ``chisq_exact_fit``, p < alpha,
    the rejection rate of the exact-fit test); ``bias`` = mean estimate - population value,
    ``relative_bias`` = bias / population value; ``coverage`` = share of 95% CIs containing
    the population value; ``mean_se`` against ``sd_est`` (SD of the estimates, n - 1).
    ``converged_share`` is over all replications (Muthen & Muthen 2002; Morris, White &
    Crowther 2019).
    """
    n_values, r, a = _ordered_draws(draws, targets, n_values, replications)
    rows = []
    for t_i, tg in enumerate(targets.itertuples(index=False)):
        true = tg.population_value
        for n_i, n in enumerate(n_values):
            ok = a["converged"][n_i, :, t_i].astype(bool)
            m = int(ok.sum())
            est = a["est"][n_i, ok, t_i].astype(float)
            if tg.kind == "fit":
                reject = a["pvalue"][n_i, ok, t_i] < alpha
                cover = np.full(m, np.nan)
            else:
                lo, hi = a["test_low"][n_i, ok, t_i], a["test_high"][n_i, ok, t_i]
                reject = (lo > 0) | (hi < 0)
                if tg.expected_sign:
                    reject &= est > 0 if tg.expected_sign == "+" else est < 0
                cover = (a["ci_low"][n_i, ok, t_i] <= true) & (true <= a["ci_high"][n_i, ok, t_i])
            k = int(reject.sum())
            bias = float(est.mean() - true) if m else np.nan
            ci = clopper_pearson(k, m)
            rows.append(
                {
                    "target": tg.target,
                    "n": int(n),
                    "replications": r,
                    "power": k / m if m else np.nan,
                    "power_ci_low": ci[0],
                    "power_ci_high": ci[1],
                    "bias": bias,
                    "relative_bias": bias / true if true != 0 and m else np.nan,
                    "coverage": float(np.mean(cover)) if m and tg.kind != "fit" else np.nan,
                    "mean_se": float(np.mean(a["se"][n_i, ok, t_i])) if m else np.nan,
                    "sd_est": float(np.std(est, ddof=1)) if m > 1 else np.nan,
                    "converged_share": m / r if r else np.nan,
                    "kind": tg.kind,
                    "hypothesis": tg.hypothesis,
                    "expected_sign": tg.expected_sign,
                    "population_value": true,
                    "mean_est": float(est.mean()) if m else np.nan,
                    "admissible_share": float(a["admissible"][n_i, ok, t_i].mean())
                    if m
                    else np.nan,
                    "study_n": study_n is not None and int(n) == int(study_n),
                }
            )
    return pd.DataFrame(rows, columns=POWER_COLUMNS + POWER_EXTRA_COLUMNS)


def _probit(p: float, r: int) -> float:
    return float(stats.norm.ppf(min(max(p, 0.5 / r), 1 - 0.5 / r)))


def required_n(n: Sequence[int], power: Sequence[float], target_power: float, r: int):
    """The smallest n reaching ``target_power``, from a simulated power curve.

    Returns
    -------
    n_required : float
        NaN when no simulated n reaches it.
    basis : str
        How it was found.

    Notes
    -----
    Between the last n below and the first n at or above the target power, by linear
    interpolation of :math:`\\Phi^{-1}(power)` in :math:`\\sqrt n` (exact for a Wald test,
    whose power is :math:`\\Phi(\\sqrt n |\\theta|/\\omega - z_{1-\\alpha/2})` up to the
    far tail), rounded up; powers of 0 or 1 are clipped to 1/(2R) from them.
    """
    n = np.asarray(n, dtype=float)
    pw = np.asarray(power, dtype=float)
    hit = np.flatnonzero(pw >= target_power)
    if len(hit) == 0:
        return np.nan, f"not reached at the largest n simulated ({int(n[-1])})"
    j = int(hit[0])
    if j == 0:
        return float(n[0]), f"reached at the smallest n simulated ({int(n[0])}) or below"
    z0, z1, zt = _probit(pw[j - 1], r), _probit(pw[j], r), _probit(target_power, r)
    s0, s1 = math.sqrt(n[j - 1]), math.sqrt(n[j])
    s = s0 + (zt - z0) / (z1 - z0) * (s1 - s0) if z1 > z0 else s1
    value = float(min(max(math.ceil(s * s), n[j - 1] + 1), n[j]))
    return value, (
        f"probit interpolation in sqrt(n) between n = {int(n[j - 1])} and n = {int(n[j])}"
    )


def recommended_n(power: pd.DataFrame, target_power: float = 0.80) -> pd.DataFrame:
    """The n needed for ``target_power``, per target (all but the model test).

    Returns
    -------
    DataFrame
        ``target``, ``kind``, ``hypothesis``, ``expected_sign``, ``target_power``,
        ``n_required`` (NaN when not reached), ``basis`` (see :func:`required_n`).
    """
    rows = []
    keep = power[power["kind"] != "fit"]
    for (target, kind), g in keep.groupby(["target", "kind"], sort=False):
        g = g.sort_values("n")
        value, basis = required_n(
            g["n"], g["power"].fillna(0.0), target_power, int(g["replications"].iloc[0])
        )
        first = g.iloc[0]
        rows.append(
            (target, kind, first["hypothesis"], first["expected_sign"], target_power, value, basis)
        )
    return pd.DataFrame(rows, columns=RECOMMENDED_COLUMNS)


def hypothesis_power(
    hypotheses: Sequence[Mapping[str, Any]],
    power: pd.DataFrame,
    recommended: pd.DataFrame,
    study_n: int | None,
) -> pd.DataFrame:
    """Per hypothesis: its power at the study's own n and the n it needs.

    Returns
    -------
    DataFrame
        ``id``, ``text``, ``target``, ``kind``, ``expected_sign``, ``population_value``,
        ``study_n``, ``power_study_n``, ``power_study_n_ci_low``, ``power_study_n_ci_high``
        (NaN when the study's n was not simulated), ``target_power``, ``n_required``,
        ``n_required_basis``.
    """
    rows = []
    ids = recommended["hypothesis"].str.split(";")
    for h in hypotheses:
        hid = str(h["id"])
        mine = recommended[[hid in v for v in ids]]
        if mine.empty:
            continue
        rec = mine.iloc[0]
        curve = power[(power["target"] == rec["target"]) & (power["kind"] == rec["kind"])]
        own = curve[curve["n"] == study_n] if study_n is not None else curve.iloc[0:0]
        pw = own.iloc[0] if len(own) else None
        rows.append(
            (
                hid,
                h.get("text", ""),
                rec["target"],
                rec["kind"],
                rec["expected_sign"],
                curve["population_value"].iloc[0],
                study_n if study_n is not None else np.nan,
                pw["power"] if pw is not None else np.nan,
                pw["power_ci_low"] if pw is not None else np.nan,
                pw["power_ci_high"] if pw is not None else np.nan,
                rec["target_power"],
                rec["n_required"],
                rec["basis"],
            )
        )
    return pd.DataFrame(rows, columns=HYPOTHESIS_COLUMNS)


# --------------------------------------------------------------------------------------------
# Analytic RMSEA power (MacCallum, Browne & Sugawara 1996)
# --------------------------------------------------------------------------------------------


def rmsea_test_power(n: float, df: int, rmsea0: float, rmsea1: float, alpha: float = 0.05):
    """Power of the RMSEA test of H0: RMSEA = rmsea0 against RMSEA = rmsea1 at sample size n.

    Notes
    -----
    The ML chi-square is non-central chi-square with df degrees of freedom and
    non-centrality :math:`\\lambda = (n - 1)\\,df\\,\\varepsilon^2`. When rmsea1 > rmsea0
    (close fit, exact fit when rmsea0 = 0) H0 is rejected above the 1 - alpha quantile under
    :math:`\\lambda_0`; when rmsea1 < rmsea0 (not-close fit) below its alpha quantile. Power
    is the probability of that region under :math:`\\lambda_1` (MacCallum, Browne &
    Sugawara 1996).
    """
    if df <= 0 or n <= 1:
        return np.nan
    lam0 = (n - 1) * df * rmsea0**2
    lam1 = (n - 1) * df * rmsea1**2

    def dist(lam):
        return stats.chi2(df) if lam == 0 else stats.ncx2(df, lam)

    if rmsea1 > rmsea0:
        return float(dist(lam1).sf(dist(lam0).ppf(1 - alpha)))
    return float(dist(lam1).cdf(dist(lam0).ppf(alpha)))


def rmsea_n_required(
    df: int, rmsea0: float, rmsea1: float, alpha: float = 0.05, power: float = 0.80
) -> float:
    """The smallest n at which the RMSEA test reaches ``power`` (NaN above 10 million).

    Notes
    -----
    Power rises with n, so the n is found by doubling and then bisection on integers, as
    ``semTools::findRMSEAsamplesize``.
    """
    if df <= 0 or rmsea0 == rmsea1:
        return np.nan
    lo, hi = 2, 4
    while rmsea_test_power(hi, df, rmsea0, rmsea1, alpha) < power:
        lo, hi = hi, hi * 2
        if hi > 10_000_000:
            return np.nan
    if rmsea_test_power(lo, df, rmsea0, rmsea1, alpha) >= power:
        return float(lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if rmsea_test_power(mid, df, rmsea0, rmsea1, alpha) >= power:
            hi = mid
        else:
            lo = mid
    return float(hi)


def rmsea_power(
    df: int,
    n_values: Sequence[int],
    *,
    alpha: float = 0.05,
    target_power: float = 0.80,
    tests: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Analytic power of the close-fit, not-close-fit and exact-fit RMSEA tests.

    Parameters
    ----------
    df : int
        The study model's degrees of freedom.
    n_values : sequence of int
    alpha, target_power : float
    tests : mapping of str to (float, float), optional
        Test -> (H0 RMSEA, alternative RMSEA); default :data:`RMSEA_TESTS` (close .05 vs
        .08, not_close .05 vs .01, exact 0 vs .05).

    Returns
    -------
    DataFrame
        ``test``, ``df``, ``rmsea0``, ``rmsea1``, ``alpha``, ``n``, ``power``,
        ``n_required`` (the n for ``target_power``; the same on every row of a test).
    """
    rows = []
    for test, (e0, e1) in (tests or RMSEA_TESTS).items():
        need = rmsea_n_required(df, e0, e1, alpha, target_power)
        for n in sorted({int(v) for v in n_values}):
            rows.append(
                (test, int(df), e0, e1, alpha, n, rmsea_test_power(n, df, e0, e1, alpha), need)
            )
    return pd.DataFrame(rows, columns=RMSEA_COLUMNS)


# --------------------------------------------------------------------------------------------
# The study's power analysis, one function per workflow rule
# --------------------------------------------------------------------------------------------


def simulate_shard(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    shard: int,
    shards: int,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One shard of a study's Monte Carlo replications.

    Parameters
    ----------
    data : DataFrame
        The analysed respondents.
    config : mapping
        The validated study file (``model``, ``analysis``, ``hypotheses``, ``power``).
    codebook : Codebook
    shard, shards : int
        This shard's index and the number of shards (:func:`shard_tasks`).
    n_jobs : int
    progress : callable, optional
        See :func:`simulate_power`.

    Returns
    -------
    DataFrame
        See :func:`simulate_power`.

    Notes
    -----
    The samples are complete: a study analysed with FIML is simulated without missing data,
    where FIML and ML give the same estimates (the standard errors then come from the
    expected information, as for complete data).
    """
    settings = power_settings(config)
    pop = study_population(data, config, codebook, settings)
    grid = simulation_grid(settings, pop.fit.n)
    tasks = shard_tasks(grid, settings.replications, shard, shards)
    return simulate_power(
        pop,
        tasks,
        seed=settings.seed,
        estimator=config["analysis"].get("estimator", "ML"),
        alpha=settings.alpha,
        bootstrap=settings.bootstrap,
        n_jobs=n_jobs,
        progress=progress,
    )


@dataclass(frozen=True)
class PowerTables:
    """The power study's tables.

    Attributes
    ----------
    power : DataFrame
        :func:`summarise_power`.
    recommended : DataFrame
        :func:`recommended_n`.
    hypotheses : DataFrame
        :func:`hypothesis_power`.
    population : DataFrame
        :func:`population_table`.
    """

    power: pd.DataFrame
    recommended: pd.DataFrame
    hypotheses: pd.DataFrame
    population: pd.DataFrame


def summarise_study(
    data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook, draws: pd.DataFrame
) -> PowerTables:
    """The tables of a study's power analysis from all its shards' replications.

    Returns
    -------
    PowerTables
    """
    settings = power_settings(config)
    pop = study_population(data, config, codebook, settings)
    study_n = pop.fit.n
    table = summarise_power(
        draws,
        pop.targets,
        alpha=settings.alpha,
        study_n=study_n,
        n_values=simulation_grid(settings, study_n),
        replications=settings.replications,
    )
    rec = recommended_n(table, settings.target_power)
    hyp = hypothesis_power(config.get("hypotheses", []), table, rec, study_n)
    return PowerTables(table, rec, hyp, population_table(pop))


def study_rmsea_power(fit: pd.DataFrame, config: Mapping[str, Any]) -> pd.DataFrame:
    """Analytic RMSEA power for the study's model at the power study's sample sizes.

    Parameters
    ----------
    fit : DataFrame
        The study's ``results/sem/fit.csv`` (``index``, ``value``; ``df`` and ``n`` are used).
    config : mapping

    Returns
    -------
    DataFrame
        See :func:`rmsea_power`.
    """
    settings = power_settings(config)
    values = fit.set_index("index")["value"]
    grid = simulation_grid(settings, int(values["n"]))
    return rmsea_power(
        int(values["df"]),
        grid,
        alpha=settings.alpha,
        target_power=settings.target_power,
        tests=settings.rmsea,
    )
