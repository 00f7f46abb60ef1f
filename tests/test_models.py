"""surveysem.models: the measurement model with MLR and modification indices, the CMB test."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.codebook import parse_codebook
from surveysem.models import apply_estimator, fit_measurement
from surveysem.sem import fit_cfa

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
