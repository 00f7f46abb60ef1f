"""The study's models, end to end: the measurement model (with the common-method check) and
the structural model with its effects. Thin orchestration over :mod:`surveysem.sem` and
:mod:`surveysem.effects`, one function per workflow rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from surveysem import mediation
from surveysem.codebook import Codebook
from surveysem.criteria import fit_index_names, fit_indices, isnum, ulmc_flagged
from surveysem.effects import bootstrap_effects, enumerate_effects, estimate_effects
from surveysem.fitindex import amos_indices
from surveysem.moderation import (
    SEP,
    add_products,
    conditional_effects,
    display_table,
    johnson_neyman,
    moderated_mediation_index,
    moderation_probes,
    product_spec,
    r2_change,
    without_any_products,
    without_products,
)
from surveysem.modindices import MI_COLUMNS, modification_indices
from surveysem.ordinal import ORDINAL_ESTIMATORS, fit_wlsmv, scaled_difference_test
from surveysem.robust import mlr_correction
from surveysem.sem import ModelSpec, SemFit, fit_model
from surveysem.study import add_composites, model_products, model_spec


@dataclass(frozen=True)
class MeasurementResult:
    """The CFA of all scales.

    Attributes
    ----------
    fit, estimates, r2, diagnostics : DataFrame
        As :class:`surveysem.sem.SemFit`.
    cmb : DataFrame
        ``model``, ``chisq``, ``df``, ``pvalue``, ``cfi``, ``tli``, ``rmsea``, ``srmr``,
        ``delta_chisq``, ``delta_df``, ``delta_pvalue``: the measurement model and the
        one-factor model (every item on one factor), with the chi-square difference test.
    mi : DataFrame
        ``lhs``, ``op``, ``rhs``, ``mi``, ``epc``, ``sepc_all``: the largest modification
        indices of the measurement model (information only: nothing is freed).
    ulmc : DataFrame
        The measurement model with and without an unmeasured latent method factor, see
        :func:`ulmc_comparison`.
    """

    fit: pd.DataFrame
    estimates: pd.DataFrame
    r2: pd.DataFrame
    diagnostics: pd.DataFrame
    cmb: pd.DataFrame
    mi: pd.DataFrame
    ulmc: pd.DataFrame = None


def apply_estimator(fit: SemFit, data: pd.DataFrame, estimator: str) -> SemFit:
    """The fit with lavaan's MLR corrections when ``estimator == "MLR"``.

    Returns
    -------
    SemFit
        For ML, ``fit`` itself. For MLR: robust (Huber-White) SEs, z, p and CIs in
        ``estimates``, the sandwich ``acov``, and the scaled and robust fit indices
        (``chisq_scaled``, ``cfi_robust``, ``tli_robust``, ``rmsea_robust``, ...) appended to
        ``fit`` (see :func:`surveysem.robust.mlr_correction`).
    """
    if estimator == "ML":
        return fit
    if estimator != "MLR":
        raise ValueError(f"analysis.estimator: {estimator!r} is not one of ML, MLR")
    rob = mlr_correction(fit, data)
    extra = rob.fit_extra[~rob.fit_extra["index"].isin(fit.fit["index"])]
    q = len(fit.params)
    return replace(
        fit,
        estimates=rob.estimates,
        fit=pd.concat([fit.fit, extra], ignore_index=True),
        acov=rob.acov[:q, :q],
        acov_full=rob.acov,
    )


def fit_with_estimator(
    data: pd.DataFrame,
    spec: ModelSpec,
    *,
    estimator: str = "ML",
    missing: str = "listwise",
    ci_level: float = 0.95,
) -> SemFit:
    """Fit a model with the study's estimator.

    Parameters
    ----------
    data : DataFrame
    spec : ModelSpec
    estimator : {"ML", "MLR", "WLSMV", "ULSMV"}
        As decided by :func:`surveysem.ordinal.decide_estimator`.
    missing : {"listwise", "fiml", "pairwise"}
        ``pairwise`` only with WLSMV/ULSMV, ``fiml`` only with ML/MLR.
    ci_level : float

    Returns
    -------
    SemFit
        ML/MLR: :func:`surveysem.sem.fit_model` with :func:`apply_estimator`; WLSMV/ULSMV:
        :func:`surveysem.ordinal.fit_wlsmv`. The fit table has the AMOS-style indices
        appended (:func:`surveysem.fitindex.amos_indices`).
    """
    if estimator in ORDINAL_ESTIMATORS:
        fit = fit_wlsmv(data, spec, missing=missing, ci_level=ci_level, estimator=estimator)
        return replace(fit, fit=amos_indices(fit.fit))
    if missing == "pairwise":
        raise ValueError(
            f"analysis.missing: pairwise is available only with WLSMV/ULSMV, not {estimator}; "
            "use listwise or fiml"
        )
    fit = apply_estimator(
        fit_model(data, spec, missing=missing, ci_level=ci_level), data, estimator
    )
    return replace(fit, fit=amos_indices(fit.fit))


def _fit_row(name: str, fit: pd.DataFrame) -> dict:
    v = fit.set_index("index")["value"]
    return {k: v[k] for k in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr")} | {
        "model": name
    }


def fit_measurement(
    data: pd.DataFrame,
    codebook: Codebook,
    *,
    missing: str = "listwise",
    estimator: str = "ML",
    ci_level: float = 0.95,
    top_mi: int = 20,
) -> MeasurementResult:
    """Fit the CFA of every scale, and the one-factor model for common method bias.

    Parameters
    ----------
    data : DataFrame
        Cleaned, reverse-scored items.
    codebook : Codebook
    missing : {"listwise", "fiml", "pairwise"}
    estimator : {"ML", "MLR", "WLSMV", "ULSMV"}
        Under WLSMV/ULSMV the ``cmb`` rows hold the scaled statistics and the scaled
        difference test, and ``mi`` is empty (see :func:`_fit_measurement_ordinal`).
    ci_level : float
    top_mi : int
        How many modification indices to keep.

    Returns
    -------
    MeasurementResult

    Notes
    -----
    The one-factor test compares the fit of a model with every item on a single factor with
    the measurement model by a chi-square difference test; a much worse one-factor fit argues
    against a dominant common method factor (Podsakoff et al. 2003).
    """
    spec = ModelSpec(measurement={s.name: tuple(s.items) for s in codebook.scales})
    if estimator in ORDINAL_ESTIMATORS:
        return _fit_measurement_ordinal(data, spec, missing, estimator, ci_level)
    cfa = fit_model(data, spec, missing=missing, ci_level=ci_level)
    mi = modification_indices(cfa, data, top=top_mi)
    cfa = apply_estimator(cfa, data, estimator)
    one = fit_model(
        data,
        ModelSpec(measurement={"common": tuple(codebook.items)}),
        missing=missing,
        ci_level=ci_level,
    )
    a, b = _fit_row("measurement model", cfa.fit), _fit_row("one-factor model", one.fit)
    dchi = b["chisq"] - a["chisq"]
    ddf = b["df"] - a["df"]
    cmb = pd.DataFrame([a, b])[["model", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"]]
    cmb["delta_chisq"] = [np.nan, dchi]
    cmb["delta_df"] = [np.nan, ddf]
    cmb["delta_pvalue"] = [np.nan, stats.chi2.sf(dchi, ddf) if ddf > 0 else np.nan]
    ulmc = ulmc_comparison(data, spec, cfa, estimator=estimator, missing=missing,
                           ci_level=ci_level)  # fmt: skip
    return MeasurementResult(
        amos_indices(cfa.fit), cfa.estimates, cfa.r2, cfa.diagnostics, cmb, mi, ulmc
    )


ULMC_COLUMNS = [
    "model", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "delta_cfi",
    "delta_tli", "delta_rmsea", "delta_srmr", "method_variance", "converged", "admissible", "flagged",
    "indices",
]  # fmt: skip


def method_factor_spec(spec: ModelSpec, name: str = "method") -> ModelSpec:
    """The measurement model plus one method factor on every item, orthogonal to the traits.

    Raises
    ------
    ValueError
        When a factor of the measurement model is already called ``name``.
    """
    if name in spec.measurement:
        raise ValueError(f"the codebook has a scale named {name!r}; rename it (the method factor)")
    items = tuple(spec.observed())
    extra = "\n".join([spec.extra] + [f"{name} ~~ 0*{f}" for f in spec.measurement])
    return ModelSpec({**spec.measurement, name: items}, spec.structural, extra.strip())


def ulmc_comparison(
    data: pd.DataFrame,
    spec: ModelSpec,
    base: SemFit,
    *,
    estimator: str = "ML",
    missing: str = "listwise",
    ci_level: float = 0.95,
) -> pd.DataFrame:
    """Common-method bias by an unmeasured latent method construct (ULMC).

    Parameters
    ----------
    data : DataFrame
    spec : ModelSpec
        The measurement model.
    base : SemFit
        Its fit with the study's estimator.
    estimator, missing, ci_level
        As :func:`fit_with_estimator`.

    Returns
    -------
    DataFrame
        Two rows, ``model`` = ``measurement model`` and ``with method factor``. Columns:
        ``chisq``, ``df``, ``pvalue``, ``cfi``, ``tli``, ``rmsea``, ``srmr`` (the versions the
        verdicts use, :func:`surveysem.criteria.fit_index_names`: robust under MLR and WLSMV,
        the scaled test), ``delta_cfi``, ``delta_tli``, ``delta_rmsea``, ``delta_srmr`` (with
        minus without the method factor; second row), ``method_variance`` (mean squared
        standardized method loading: the average share of item variance the method factor
        explains; only for an admissible solution), ``converged``, ``admissible`` (converged,
        no negative variance and a positive definite latent covariance matrix), ``flagged`` (:func:`surveysem.criteria.ulmc_flagged`) and
        ``indices`` (which versions, e.g. ``cfi_robust``).

    Notes
    -----
    Podsakoff et al. (2003): the traits' measurement model plus a method factor with a loading
    on every item, uncorrelated with the traits; its loadings are free except the first,
    fixed to 1 to set its scale (lavaan's default; the fit is the same as with its variance
    fixed). A much better fit with the method factor signals method variance
    (:data:`surveysem.criteria.ULMC_DELTA`). A failed or inadmissible method model is
    reported as such (``admissible`` false, fit left empty when it did not converge).
    """
    names = fit_index_names(dict(zip(base.fit["index"], base.fit["value"], strict=True)))
    rows = [_ulmc_row("measurement model", base.fit, names)]
    try:
        meth = fit_with_estimator(data, method_factor_spec(spec), estimator=estimator,
                                  missing=missing, ci_level=ci_level)  # fmt: skip
    except (ValueError, np.linalg.LinAlgError) as e:  # the method model failed: say so
        rows.append({"model": "with method factor", "converged": False, "admissible": False,
                     "indices": str(e)})  # fmt: skip
        return pd.DataFrame(rows).reindex(columns=ULMC_COLUMNS)
    row = _ulmc_row("with method factor", meth.fit, names)
    delta = {k: row[k] - rows[0][k] for k in ("cfi", "tli", "rmsea", "srmr")}
    row |= {f"delta_{k}": v for k, v in delta.items()}
    est = meth.estimates
    sev = meth.diagnostics.set_index("check")["severity"] if not meth.diagnostics.empty else {}
    conv = dict(zip(meth.fit["index"], meth.fit["value"], strict=True)).get("converged", 1.0)
    row["converged"] = bool(conv) if isnum(conv) else True
    bad = ("heywood_negative_variance", "latent_covariance_not_pd")
    row["admissible"] = row["converged"] and not any(c in sev for c in bad)
    lam = est.loc[(est["op"] == "=~") & (est["lhs"] == "method"), "std_all"]
    ok = row["admissible"] and len(lam) > 0
    row["method_variance"] = (
        float(np.mean(lam**2)) if ok else np.nan
    )  # shares need a proper solution
    row["flagged"] = ulmc_flagged(delta)
    return pd.DataFrame([rows[0], row]).reindex(columns=ULMC_COLUMNS)


def _ulmc_row(model: str, fit: pd.DataFrame, names: dict) -> dict:
    v = dict(zip(fit["index"], fit["value"], strict=True))
    ind = fit_indices(v)
    row = {"model": model, **ind}
    row |= {k: v.get(names[k], np.nan) for k in ("chisq", "df", "pvalue")}
    row["indices"] = ", ".join(names[k] for k in ("chisq", "cfi", "tli", "rmsea"))
    return row


_SCALED = {k: f"{k}_scaled" for k in ("chisq", "pvalue", "cfi", "tli", "rmsea")}


def _fit_measurement_ordinal(data, spec, missing, estimator, ci_level):
    """The WLSMV measurement model and one-factor model: the scaled statistics (chi-square,
    CFI, TLI, RMSEA from the scaled-shifted test, as Mplus reports them) and lavaan's scaled
    difference test (:func:`surveysem.ordinal.scaled_difference_test`). Modification indices
    are not computed for WLSMV (an empty table)."""
    kw = dict(missing=missing, ci_level=ci_level, estimator=estimator)
    cfa = fit_wlsmv(data, spec, **kw)
    one = fit_wlsmv(data, ModelSpec(measurement={"common": tuple(spec.observed())}), **kw)
    rows = []
    for name, f in (("measurement model", cfa), ("one-factor model", one)):
        v = f.fit.set_index("index")["value"]
        row = {
            k: v[_SCALED.get(k, k)]
            for k in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr")
        }
        rows.append(row | {"model": name})
    cmb = pd.DataFrame(rows)[["model", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"]]
    diff = scaled_difference_test(cfa, one)
    cmb["delta_chisq"] = [np.nan, diff["delta_chisq"]]
    cmb["delta_df"] = [np.nan, diff["delta_df"]]
    cmb["delta_pvalue"] = [np.nan, diff["delta_pvalue"]]
    cmb["test"] = f"{estimator} scaled-shifted; difference test Satorra (2000), as lavTestLRT"
    mi = pd.DataFrame(columns=MI_COLUMNS)
    ulmc = ulmc_comparison(data, spec, cfa, **kw)
    return MeasurementResult(
        amos_indices(cfa.fit), cfa.estimates, cfa.r2, cfa.diagnostics, cmb, mi, ulmc
    )


def structural_data(
    data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook
) -> pd.DataFrame:
    """The data with composite scale means (``model.composites``) and the product columns
    of the product terms (:func:`surveysem.moderation.add_products`) added."""
    frame = add_composites(data, codebook, list(config["model"].get("composites", [])))
    return add_products(frame, model_products(config, codebook))


def _fit_internal(frame: pd.DataFrame, spec: ModelSpec, analysis: Mapping[str, Any]) -> SemFit:
    a = analysis
    if a["estimator"] in ORDINAL_ESTIMATORS and any(SEP in v for v in spec.observed()):
        raise ValueError(
            f"model.structural: product terms (X:W) need continuous items; the study's items "
            f"are ordinal under {a['estimator']} (analysis.estimator / analysis.ordinal). Use "
            "analysis.estimator ML or MLR with analysis.ordinal: false"
        )
    return fit_with_estimator(
        frame, spec, estimator=a["estimator"], missing=a["missing"], ci_level=a["ci_level"]
    )


def fit_structural(data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook):
    """Fit the study's structural model.

    Returns
    -------
    SemFit
        See :func:`surveysem.sem.fit_model`; product terms are named ``X:W`` in its tables.
        With product terms, ``r2`` has ``r2_change_interaction``: for each observed or
        composite outcome with a product term, its R² minus that of the model refitted
        without the outcome's product terms (:func:`surveysem.moderation.r2_change`).
    """
    spec = model_spec(config, codebook)
    frame = structural_data(data, config, codebook)
    fit = _fit_internal(frame, spec, config["analysis"])
    products = model_products(config, codebook)
    if not products:
        return fit
    raw = model_spec(config, codebook, raw=True)
    reduced = {}
    for y in dict.fromkeys(y for y, x in spec.regressions() if SEP in x):
        if y in spec.measurement:
            continue  # latent outcome: R² change is not reported
        small = product_spec(without_products(raw, y))[0]
        r2 = _fit_internal(frame, small, config["analysis"]).r2
        reduced[y] = float(r2.loc[r2["variable"] == y, "r2"].iloc[0])
    return replace(
        fit,
        estimates=display_table(fit.estimates),
        r2=display_table(r2_change(fit.r2, reduced)),
        diagnostics=display_table(fit.diagnostics),
    )


@dataclass(frozen=True)
class EffectsResult:
    """The effects of the structural model and, with product terms, its probing.

    Attributes
    ----------
    effects : DataFrame
        :func:`surveysem.effects.estimate_effects` followed by the index rows of
        :func:`surveysem.moderation.moderated_mediation_index`; product names ``X:W``.
    conditional : DataFrame
        :func:`surveysem.moderation.conditional_effects` (empty without product terms).
    johnson_neyman : DataFrame
        :func:`surveysem.moderation.johnson_neyman` (empty without product terms).
    """

    effects: pd.DataFrame
    conditional: pd.DataFrame
    johnson_neyman: pd.DataFrame


def structural_effects_probed(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> EffectsResult:
    """Fit the structural model, estimate its effects and probe its product terms, from one
    bootstrap (as the study file says: ``analysis.bootstrap``, ``seed``, ``probe``).

    ``progress(done, total)`` is called as the bootstrap resamples are finished.

    Returns
    -------
    EffectsResult
    """
    spec = model_spec(config, codebook)
    frame = structural_data(data, config, codebook)
    a = config["analysis"]
    indirect = config["model"].get("indirect", "auto")
    # MLR and WLSMV: the sandwich acov for the delta-method SEs; WLSMV resamples refit by DWLS
    fit = _fit_internal(frame, spec, a)
    effects = enumerate_effects(spec.regressions(), indirect)
    draws = None
    if a["bootstrap"] > 0 and effects:
        draws = bootstrap_effects(
            frame, spec, fit, effects, n_boot=a["bootstrap"], seed=a["seed"], n_jobs=n_jobs,
            progress=progress,
        )  # fmt: skip
    table = estimate_effects(
        frame, spec, fit, indirect=indirect, n_boot=a["bootstrap"], ci_level=a["ci_level"],
        seed=a["seed"], draws=draws,
    )  # fmt: skip
    products = model_products(config, codebook)
    probes = moderation_probes(fit, spec, products, indirect)
    probe, level = a.get("probe", "sd"), a["ci_level"]
    index = moderated_mediation_index(fit, probes, ci_level=level, draws=draws)
    if not index.empty:
        table = pd.concat([table, index], ignore_index=True)
    return EffectsResult(
        effects=display_table(table),
        conditional=conditional_effects(
            fit, frame, probes, probe=probe, ci_level=level, draws=draws
        ),
        johnson_neyman=johnson_neyman(fit, frame, probes, ci_level=level),
    )


def structural_effects(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The effects table of :func:`structural_effects_probed`.

    Returns
    -------
    DataFrame
        See :func:`surveysem.effects.estimate_effects`.
    """
    return structural_effects_probed(data, config, codebook, n_jobs, progress).effects


SENSITIVITY_COLUMNS = [
    "estimator", "lhs", "op", "rhs", "est", "se", "pvalue", "ci_low", "ci_high", "std_all",
]  # fmt: skip


def alternative_estimator(estimator: str, missing: str) -> tuple[str, str]:
    """The other treatment of the items for the sensitivity analysis: WLSMV for a study run
    with continuous items (ML/MLR), ML for an ordinal one, with the matching missing-data
    method (FIML <-> pairwise, listwise stays)."""
    if estimator in ORDINAL_ESTIMATORS:
        return "ML", "fiml" if missing == "pairwise" else missing
    return "WLSMV", "pairwise" if missing == "fiml" else missing


def structural_sensitivity(
    data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The structural model under the study's estimator and under the other item treatment.

    Parameters
    ----------
    data : DataFrame
    config : mapping
        ``model`` and the decided ``analysis`` (:func:`surveysem.ordinal.decided_analysis`).
    codebook : Codebook

    Returns
    -------
    paths : DataFrame
        ``estimator``, ``lhs``, ``op``, ``rhs``, ``est``, ``se``, ``pvalue``, ``ci_low``,
        ``ci_high``, ``std_all``: every ``~`` path under both estimators (the study's first).
    fit : DataFrame
        ``estimator``, ``index``, ``value``: both fit tables.

    Notes
    -----
    With continuous items (ML/MLR) the alternative is WLSMV (items ordinal, polychoric
    correlations); with ordinal items it is ML (see :func:`alternative_estimator`). Both use
    the same respondents as far as their missing-data methods allow. Product terms (X:W)
    are left out of an ordinal (WLSMV) fit, whose items cannot carry product indicators: it
    shows the main effects only.
    """
    a = config["analysis"]
    alt = alternative_estimator(a["estimator"], a["missing"])
    paths, fits = [], []
    for est, miss in ((a["estimator"], a["missing"]), alt):
        model = config["model"]
        if est in ORDINAL_ESTIMATORS:  # ordinal items: no product indicators (main effects)
            bare = without_any_products(
                ModelSpec({}, model["structural"], model.get("extra") or "")
            )
            model = {**model, "structural": bare.structural, "extra": bare.extra}
        cfg = {"model": model, "analysis": {**a, "estimator": est, "missing": miss}}
        fit = fit_structural(data, cfg, codebook)
        p = display_table(fit.estimates[fit.estimates["op"] == "~"])
        p.insert(0, "estimator", est)
        paths.append(p[SENSITIVITY_COLUMNS])
        fits.append(fit.fit.assign(estimator=est)[["estimator", "index", "value"]])
    return pd.concat(paths, ignore_index=True), pd.concat(fits, ignore_index=True)


@dataclass(frozen=True)
class CompetingResult:
    """The hypothesised model against the competing partial-mediation model.

    Attributes
    ----------
    comparison : DataFrame
        :func:`surveysem.mediation.compare_models` (empty, with its columns, when the model
        already has every direct path the mediation hypotheses imply).
    mediation : DataFrame
        :func:`surveysem.mediation.mediation_table`.
    """

    comparison: pd.DataFrame
    mediation: pd.DataFrame


def competing_models(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    effects: pd.DataFrame,
    estimates: pd.DataFrame,
) -> CompetingResult:
    """Fit the competing partial-mediation model (the structural model plus every direct
    X -> Y path a mediation hypothesis implies and the model leaves out) with the study's
    estimator, compare it with the hypothesised model and tabulate the mediations.

    Parameters
    ----------
    data : DataFrame
    config : mapping
        ``model``, ``hypotheses`` and the decided ``analysis``.
    codebook : Codebook
    effects, estimates : DataFrame
        ``results/sem/effects.csv`` and ``results/sem/estimates.csv``.

    Returns
    -------
    CompetingResult
    """
    hyps = list(config.get("hypotheses") or [])
    spec = model_spec(config, codebook)
    added = mediation.missing_direct_paths(hyps, spec.regressions())
    if not added:
        empty = pd.DataFrame(columns=mediation.COMPARISON_COLUMNS)
        return CompetingResult(empty, mediation.mediation_table(hyps, effects, estimates))
    model = dict(config["model"])
    model["structural"] = mediation.competing_structural(model["structural"], added)
    cfg1 = {**config, "model": model}
    fit0 = fit_structural(data, config, codebook)
    fit1 = fit_structural(data, cfg1, codebook)
    a = config["analysis"]
    scaled = scaled_difference_test(fit1, fit0) if a["estimator"] in ORDINAL_ESTIMATORS else None
    comparison = mediation.compare_models(
        fit0.fit, fit1.fit, added, estimator=a["estimator"], alpha=1 - a["ci_level"],
        scaled_difference=scaled,
    )  # fmt: skip
    table = mediation.mediation_table(hyps, effects, estimates, fit1.estimates)
    return CompetingResult(comparison, table)
