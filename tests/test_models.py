"""surveysem.models: the measurement model with MLR and modification indices, the CMB test."""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.codebook import parse_codebook
from surveysem.models import (
    alternative_estimator,
    apply_estimator,
    fit_measurement,
    fit_with_estimator,
    structural_sensitivity,
)
from surveysem.sem import ModelSpec, fit_cfa

REF = Path(__file__).parent / "reference"
HS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}


def _codebook():
    return parse_codebook(
        {
            "scales": {
                k: {"label": k, "role": "other", "items": v, "range": [0, 10]}
                for k, v in HS.items()
            }
        }
    )


def test_measurement_model_cmb_test_equals_lavaan():
    data = pd.read_csv(REF / "data" / "holzinger.csv")
    res = fit_measurement(data, _codebook())
    lrt = pd.read_csv(REF / "sem" / "hs_harman_lrt.csv")
    one = res.cmb.set_index("model").loc["one-factor model"]
    assert one["delta_chisq"] == pytest.approx(lrt["chisq_diff"].dropna().iloc[0], abs=1e-3)
    assert one["delta_df"] == lrt["df_diff"].dropna().iloc[0]
    assert list(res.mi.columns) == ["lhs", "op", "rhs", "mi", "epc", "sepc_all"]
    ref = pd.read_csv(REF / "sem" / "hs_cfa_ml_modindices.csv")
    assert res.mi["mi"].iloc[0] == pytest.approx(ref["mi"].max(), abs=1e-3)


def test_mlr_replaces_ses_and_adds_robust_indices():
    data = pd.read_csv(REF / "data" / "holzinger.csv")
    ml = fit_cfa(data, HS)
    mlr = apply_estimator(ml, data, "MLR")
    ref = pd.read_csv(REF / "sem" / "hs_cfa_mlr_estimates.csv")
    m = mlr.estimates.merge(ref, on=["lhs", "op", "rhs"], suffixes=("", "_r"))
    free = m["se_r"] > 0
    np.testing.assert_allclose(m.loc[free, "se"], m.loc[free, "se_r"], atol=1e-3)
    idx = set(mlr.fit["index"])
    assert {"chisq_scaled", "cfi_robust", "tli_robust", "rmsea_robust"} <= idx
    assert apply_estimator(ml, data, "ML") is ml
    with pytest.raises(ValueError, match="analysis.estimator"):
        apply_estimator(ml, data, "WLSMV")


REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA")
    or Path(__file__).resolve().parents[2] / "shared" / "realdata"
)
PRASOJO = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
needs_prasojo = pytest.mark.skipif(not PRASOJO.is_file(), reason="../shared/realdata is absent")


def _prasojo_codebook(drop=()):
    scales = {
        "TSC": [f"TSC{i}" for i in range(1, 6)],
        "TE": [f"TE{i}" for i in range(1, 6)],
        "EE": [f"EE{i}" for i in range(1, 6)],
        "DE": ["DE1", "DE2", "DE3"],
        "RPA": [f"RPA{i}" for i in range(1, 6)],
    }
    return parse_codebook(
        {
            "scales": {
                k: {
                    "label": k,
                    "role": "other",
                    "items": [i for i in v if i not in drop],
                    "range": [1, 5],
                }
                for k, v in scales.items()
            }
        }
    )


@needs_prasojo
def test_wlsmv_measurement_model_and_cmb_test_equal_lavaan():
    data = pd.read_csv(PRASOJO)
    res = fit_measurement(data, _prasojo_codebook(), estimator="WLSMV")
    cmb = res.cmb.set_index("model")
    five = pd.read_csv(REF / "ordinal" / "prasojo_cfa_wlsmv_fit.csv").set_index("index")["value"]
    one = pd.read_csv(REF / "ordinal" / "prasojo_onefactor_wlsmv_fit.csv").set_index("index")[
        "value"
    ]
    lrt = pd.read_csv(REF / "ordinal" / "prasojo_harman_wlsmv_lrt.csv")
    assert cmb.loc["measurement model", "chisq"] == pytest.approx(five["chisq.scaled"], rel=1e-6)
    assert cmb.loc["one-factor model", "cfi"] == pytest.approx(one["cfi.scaled"], abs=1e-6)
    assert cmb.loc["one-factor model", "delta_chisq"] == pytest.approx(
        lrt["chisq_diff"].iloc[1], rel=1e-6
    )
    assert cmb.loc["one-factor model", "delta_df"] == lrt["df_diff"].iloc[1]
    assert res.mi.empty and list(res.mi.columns) == ["lhs", "op", "rhs", "mi", "epc", "sepc_all"]
    assert (res.estimates["op"] == "|").sum() == 87


@needs_prasojo
def test_sensitivity_table_holds_both_estimators_paths():
    data = pd.read_csv(PRASOJO)
    cb = _prasojo_codebook(drop=("TSC5", "TE4", "EE5", "RPA5"))
    config = {
        "model": {
            "structural": "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE",
            "extra": "",
            "composites": [],
        },
        "analysis": {"estimator": "ML", "missing": "listwise", "ci_level": 0.95},
    }
    paths, fit = structural_sensitivity(data, config, cb)
    assert list(paths.columns) == [
        "estimator", "lhs", "op", "rhs", "est", "se", "pvalue", "ci_low", "ci_high", "std_all",
    ]  # fmt: skip
    assert paths["estimator"].tolist() == ["ML"] * 7 + ["WLSMV"] * 7
    for est, name in (("ML", "sem/prasojo_sem_ml"), ("WLSMV", "ordinal/prasojo_sem_wlsmv")):
        ref = pd.read_csv(REF / f"{name}_estimates.csv")
        m = paths[paths["estimator"] == est].merge(
            ref, on=["lhs", "op", "rhs"], suffixes=("", "_r")
        )
        assert len(m) == 7
        np.testing.assert_allclose(m["est"], m["est_r"], atol=1e-3)
        np.testing.assert_allclose(m["se"], m["se_r"], atol=1e-3)
    assert set(fit["estimator"]) == {"ML", "WLSMV"}
    assert "cfi_robust" in set(fit.loc[fit["estimator"] == "WLSMV", "index"])
    assert alternative_estimator("WLSMV", "pairwise") == ("ML", "fiml")
    assert alternative_estimator("MLR", "fiml") == ("WLSMV", "pairwise")


def test_pairwise_deletion_is_refused_with_continuous_items():
    data = pd.read_csv(REF / "data" / "holzinger.csv")

    with pytest.raises(ValueError, match="pairwise is available only with WLSMV"):
        fit_with_estimator(data, ModelSpec({"visual": ("x1", "x2", "x3")}), missing="pairwise")


# --------------------------------------------------------------------------- ULMC
def _ulmc_vs_lavaan(res, ref: str) -> float:
    """Largest |diff| of the method-factor model's fit from lavaan's (asserting 1e-3)."""
    v = pd.read_csv(REF / "sem" / f"{ref}_fit.csv").set_index("index")["value"]
    row = res.ulmc.set_index("model").loc["with method factor"]
    worst = 0.0
    for k in ("chisq", "df", "cfi", "tli", "rmsea", "srmr"):
        assert row[k] == pytest.approx(v[k], abs=1e-3), (ref, k)
        worst = max(worst, abs(row[k] - v[k]))
    base = res.ulmc.set_index("model").loc["measurement model"]
    assert row["delta_cfi"] == pytest.approx(row["cfi"] - base["cfi"], abs=1e-12)
    return worst


def test_ulmc_method_factor_model_equals_lavaan_hs():
    data = pd.read_csv(REF / "data" / "holzinger.csv")
    res = fit_measurement(data, _codebook())
    assert list(res.ulmc.columns)[:8] == ["model", "chisq", "df", "pvalue", "cfi", "tli",
                                          "rmsea", "srmr"]  # fmt: skip
    _ulmc_vs_lavaan(res, "hs_ulmc_ml")
    row = res.ulmc.iloc[1]
    assert not row["admissible"]  # lavaan warns of a negative variance here too
    assert np.isnan(row["method_variance"])


def test_ulmc_method_factor_model_equals_lavaan_real_data():
    import os

    root = Path(os.environ.get("SURVEYSEM_REALDATA") or REF.parents[2] / "shared" / "realdata")
    path = root / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    if not path.is_file():
        pytest.skip(f"real data {path} is absent (set SURVEYSEM_REALDATA)")
    scales = {"TSC": 5, "TE": 5, "EE": 5, "DE": 3, "RPA": 5}
    cb = parse_codebook({"scales": {
        k: {"label": k, "role": "other", "items": [f"{k}{i}" for i in range(1, n + 1)],
            "range": [1, 5]} for k, n in scales.items()}})  # fmt: skip
    res = fit_measurement(pd.read_csv(path), cb)
    _ulmc_vs_lavaan(res, "prasojo_ulmc_ml")


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_ulmc_on_the_default_study_is_improper_and_unflagged_in_both_programs():
    from test_fitindex import _default

    from surveysem.criteria import ulmc_flagged

    _, cb, data = _default()
    res = fit_measurement(data, cb)
    row = res.ulmc.iloc[1]
    v = pd.read_csv(REF / "sem" / "default_ulmc_ml_fit.csv").set_index("index")["value"]
    # The default data were simulated without method variance: the method factor is empty,
    # its likelihood flat, and neither program reaches a proper solution (lavaan: negative
    # variances; surveysem: the iteration limit, at a chi-square about 17 above lavaan's on
    # the survey with the WL x SS interaction). No parity is claimed here (the parity tests
    # are Holzinger-Swineford and Prasojo); what must agree is the verdict: an improper
    # solution, and changes in fit far below the flags in both programs.
    assert not row["admissible"]
    assert row["df"] == v["df"]
    assert row["chisq"] >= v["chisq"] - 1e-6  # lavaan's minimum is the lower one
    meas = res.ulmc.iloc[0]
    assert not row["flagged"]
    assert not ulmc_flagged(
        {"cfi": v["cfi"] - meas["cfi"], "tli": v["tli"] - meas["tli"],
         "rmsea": v["rmsea"] - meas["rmsea"], "srmr": v["srmr"] - meas["srmr"]}
    )  # fmt: skip


def test_ulmc_flag_rule():
    from surveysem.criteria import ULMC_DELTA, ulmc_flagged

    assert ulmc_flagged({"cfi": ULMC_DELTA["cfi"] + 0.01, "tli": 0, "rmsea": 0, "srmr": 0})
    assert ulmc_flagged({"cfi": 0, "tli": 0, "rmsea": -ULMC_DELTA["rmsea"] - 0.01, "srmr": 0})
    assert not ulmc_flagged({"cfi": 0.02, "tli": 0.02, "rmsea": -0.01, "srmr": -0.01})
