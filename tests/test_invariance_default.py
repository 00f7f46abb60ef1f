"""Invariance of the default study's compared scales across gender equals lavaan's.

Reference: tests/reference/invariance/default_gender_* (tests/reference/R/invariance_default.R,
lavaan cfa(group = "gender") on the cleaned default data, the scales of
surveysem.groups.compared_scales: EE, DP, RE, WI, PSO).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_invariance import EQUAL, _compare
from test_sem import _default_clean_data

from surveysem.groups import compared_scales
from surveysem.invariance import assess_invariance, fit_multigroup, intercept_score_tests
from surveysem.sem import ModelSpec

REF = Path(__file__).parent / "reference" / "invariance"
MODELS = ("configural", "metric", "scalar")


@pytest.fixture(scope="module")
def default():
    _, codebook, data = _default_clean_data()
    return codebook, data


@pytest.fixture(scope="module")
def gender_frame(default):
    codebook, data = default
    return data.assign(gender=pd.to_numeric(data["gender"]).map({1: "male", 2: "female"}))


def _spec(codebook):
    return ModelSpec({s: tuple(codebook.scale(s).items) for s in compared_scales(codebook)})


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_gender_invariance_equals_lavaan(default):
    codebook, data = default
    res = assess_invariance(data, codebook, ["gender"])
    inv = res.invariance.set_index("model")
    ref_scales = pd.read_csv(REF / "default_gender_scales.csv")["scale"].tolist()
    assert ref_scales == compared_scales(codebook) == ["EE", "DP", "RE", "WI", "PSO"]
    assert (inv["scales"] == ";".join(ref_scales)).all()
    for model in MODELS:
        ref = pd.read_csv(REF / f"default_gender_{model}_fit.csv").set_index("index")["value"]
        for key in ("chisq", "df", "cfi", "tli", "rmsea", "srmr"):
            assert inv.loc[model, key] == pytest.approx(float(ref[key]), abs=1e-3), (model, key)
    assert inv.loc["configural", "df"] == 398  # 2 x 199: all 22 items of the five scales
    verdict = res.verdicts.iloc[0]
    assert verdict["level"] == "scalar" and verdict["means_comparable"]
    assert verdict["scales"] == "EE;DP;RE;WI;PSO"


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("model", MODELS)
def test_default_gender_estimates_equal_lavaan(default, gender_frame, model):
    codebook, _ = default
    fit = fit_multigroup(
        gender_frame, _spec(codebook), "gender", equal=EQUAL[model], levels=["male", "female"]
    )
    _compare(fit, REF / f"default_gender_{model}")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_gender_score_tests_equal_lavaan(default, gender_frame):
    codebook, _ = default
    ours = intercept_score_tests(
        gender_frame, _spec(codebook), "gender", levels=["male", "female"]
    ).set_index("item")
    ref = pd.read_csv(REF / "default_gender_scalar_score.csv")
    ref = ref[ref["lhs"].str.endswith("~1")].assign(item=lambda r: r["lhs"].str[:-2])
    ref = ref.set_index("item")
    assert sorted(ours.index) == sorted(ref.index)
    np.testing.assert_allclose(ours.loc[ref.index, "x2"], ref["x2"], atol=1e-3)


@pytest.fixture(scope="module")
def service_band(default):
    codebook, data = default
    labels = {d.name: d for d in codebook.demographics}["service_band"].levels
    frame = data.assign(service_band=pd.to_numeric(data["service_band"]).map(labels))
    return frame, list(labels.values())


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_four_group_scalar_model_equals_lavaan(default, service_band):
    codebook, _ = default
    frame, _ = service_band
    # lavaan orders the groups by first appearance in the data (its reference group is the
    # first of them), whatever the factor levels; so does fit_multigroup by default
    ref = pd.read_csv(REF / "default_service_band_scalar_estimates.csv")
    order = ref[ref["group_index"] > 0].drop_duplicates("group_index").sort_values("group_index")
    fit = fit_multigroup(frame, _spec(codebook), "service_band", equal=EQUAL["scalar"])
    assert list(fit.groups) == list(order["group"])
    assert sum(fit.n) == 827
    _compare(fit, REF / "default_service_band_scalar")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_four_group_score_tests_equal_lavaan_release(default, service_band):
    """With G > 2 groups the statistic releases the item's G - 1 equality constraints at
    once: lavaan's lavTestScore(release = ...) total test, 3 df."""
    codebook, _ = default
    frame, levels = service_band
    ours = intercept_score_tests(frame, _spec(codebook), "service_band", levels=levels)
    ref = pd.read_csv(REF / "default_service_band_scalar_score.csv").set_index("item")
    ours = ours.set_index("item").loc[ref.index]
    np.testing.assert_allclose(ours["x2"], ref["x2"], atol=1e-3)
    assert (ours["df"] == 3).all() and (ref["df"] == 3).all()
