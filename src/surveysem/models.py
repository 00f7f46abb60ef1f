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

from surveysem.codebook import Codebook
from surveysem.effects import estimate_effects
from surveysem.modindices import modification_indices
from surveysem.robust import mlr_correction
from surveysem.sem import ModelSpec, SemFit, fit_model
from surveysem.study import add_composites, model_spec


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
    """

    fit: pd.DataFrame
    estimates: pd.DataFrame
    r2: pd.DataFrame
    diagnostics: pd.DataFrame
    cmb: pd.DataFrame
    mi: pd.DataFrame


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
    missing : {"listwise", "fiml"}
    estimator : {"ML", "MLR"}
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
    return MeasurementResult(cfa.fit, cfa.estimates, cfa.r2, cfa.diagnostics, cmb, mi)


def structural_data(
    data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook
) -> pd.DataFrame:
    """The data with composite scale means added (``model.composites``)."""
    return add_composites(data, codebook, list(config["model"].get("composites", [])))


def fit_structural(data: pd.DataFrame, config: Mapping[str, Any], codebook: Codebook):
    """Fit the study's structural model.

    Returns
    -------
    SemFit
        See :func:`surveysem.sem.fit_model`.
    """
    spec = model_spec(config, codebook)
    frame = structural_data(data, config, codebook)
    a = config["analysis"]
    fit = fit_model(frame, spec, missing=a["missing"], ci_level=a["ci_level"])
    return apply_estimator(fit, frame, a["estimator"])


def structural_effects(
    data: pd.DataFrame,
    config: Mapping[str, Any],
    codebook: Codebook,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Fit the structural model and estimate its effects (bootstrap as the study file says).

    ``progress(done, total)`` is called as the bootstrap resamples are finished.

    Returns
    -------
    DataFrame
        See :func:`surveysem.effects.estimate_effects`.
    """
    spec = model_spec(config, codebook)
    frame = structural_data(data, config, codebook)
    a = config["analysis"]
    fit = fit_model(frame, spec, missing=a["missing"], ci_level=a["ci_level"])
    fit = apply_estimator(fit, frame, a["estimator"])  # MLR: sandwich acov for delta-method SEs
    return estimate_effects(
        frame,
        spec,
        fit,
        indirect=config["model"].get("indirect", "auto"),
        n_boot=a["bootstrap"],
        ci_level=a["ci_level"],
        seed=a["seed"],
        n_jobs=n_jobs,
        progress=progress,
    )
