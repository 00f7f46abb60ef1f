"""surveysem.modindices against lavaan 0.6-14 ``modindices()`` (tests/reference/sem, robust)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.modindices import MI_COLUMNS, modification_indices
from surveysem.sem import ModelSpec, fit_cfa, fit_model

REF = Path(__file__).parent / "reference"
TOL = 1e-3

HS_FACTORS = {
    "visual": ("x1", "x2", "x3"),
    "textual": ("x4", "x5", "x6"),
    "speed": ("x7", "x8", "x9"),
}
POLDEM = ModelSpec(
    {
        "ind60": ("x1", "x2", "x3"),
        "dem60": ("y1", "y2", "y3", "y4"),
        "dem65": ("y5", "y6", "y7", "y8"),
    },
    "dem60 ~ ind60\ndem65 ~ ind60 + dem60",
    "y1 ~~ y5\ny2 ~~ y4 + y6\ny3 ~~ y7\ny4 ~~ y8\ny6 ~~ y8",
)


def _hs(missing: bool = False) -> pd.DataFrame:
    d = pd.read_csv(REF / "data" / "holzinger.csv")
    if missing:  # the deterministic NA pattern of tests/reference/R/sem.R
        i = np.arange(1, len(d) + 1)
        for j in range(1, 10):
            d.loc[(i * 7 + j * 13) % 17 == 0, f"x{j}"] = np.nan
    return d


def _poldem() -> pd.DataFrame:
    return pd.read_csv(REF / "data" / "poldem.csv")


def _compare(ours: pd.DataFrame, ref: pd.DataFrame, complete: bool = True) -> None:
    m = ref.merge(ours, on=["lhs", "op", "rhs"], how="left", suffixes=("_r", ""))
    assert not m["mi"].isna().any(), m.loc[m["mi"].isna(), ["lhs", "op", "rhs"]]
    if complete:  # the same candidate set as lavaan, nothing more
        assert len(ours) == len(ref)
    np.testing.assert_allclose(m["mi"], m["mi_r"], atol=TOL)
    np.testing.assert_allclose(m["epc"], m["epc_r"], atol=TOL)
    np.testing.assert_allclose(m["sepc_all"], m["sepc.all"], atol=TOL)


def test_holzinger_top20_equals_lavaan():
    data = _hs()
    ours = modification_indices(fit_cfa(data, HS_FACTORS), data, top=20)
    ref = pd.read_csv(REF / "sem" / "hs_cfa_ml_modindices.csv")
    assert list(ours.columns) == MI_COLUMNS
    assert len(ours) == 20
    _compare(ours, ref)
    # same ranking as lavaan, sorted by mi descending
    assert (
        list(zip(ours.lhs, ours.op, ours.rhs, strict=True))[:4]
        == list(zip(ref.lhs, ref.op, ref.rhs, strict=True))[:4]
    )
    assert ours["mi"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("ref_name", "make"),
    [
        ("hs_cfa_ml_modindices_all", lambda: (_hs(), fit_cfa(_hs(), HS_FACTORS))),
        (
            "hs_cfa_fiml_modindices",
            lambda: (_hs(True), fit_cfa(_hs(True), HS_FACTORS, missing="fiml")),
        ),
        ("poldem_sem_ml_modindices", lambda: (_poldem(), fit_model(_poldem(), POLDEM))),
        (
            "hs_sem_chain_ml_modindices",
            lambda: (
                _hs(),
                fit_model(_hs(), ModelSpec(HS_FACTORS, "textual ~ visual\nspeed ~ textual")),
            ),
        ),
    ],
)
def test_all_indices_equal_lavaan(ref_name, make):
    data, fit = make()
    ours = modification_indices(fit, data)
    ref = pd.read_csv(REF / "robust" / f"{ref_name}.csv")
    _compare(ours, ref)


def test_chain_model_offers_latent_paths_and_covariances():
    data = _hs()
    fit = fit_model(data, ModelSpec(HS_FACTORS, "textual ~ visual\nspeed ~ textual"))
    ours = modification_indices(fit, data)
    keys = set(zip(ours.lhs, ours.op, ours.rhs, strict=True))
    assert {("speed", "~", "visual"), ("visual", "~~", "speed"), ("textual", "~", "speed")} <= keys
    # parameters already in the model are never offered
    assert ("textual", "~", "visual") not in keys and ("visual", "=~", "x1") not in keys


def test_bad_arguments_raise_actionable_errors():
    data = _hs()
    fit = fit_cfa(data, HS_FACTORS)
    with pytest.raises(ValueError, match="top"):
        modification_indices(fit, data, top=0)
    with pytest.raises(ValueError, match="x4"):
        modification_indices(fit, data.drop(columns="x4"))
    with pytest.raises(ValueError, match="same data frame"):
        modification_indices(fit, data.iloc[:100])
