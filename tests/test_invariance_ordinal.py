"""Measurement invariance under WLSMV (surveysem.invariance_ordinal) against lavaan 0.6-14
with semTools::measEq.syntax (tests/reference/R/ordinal_invariance.R): Byrne's MBI items of
elementary (MBIELM1) and secondary (MBISEC1) teachers. The data come from ../shared/realdata
(or $SURVEYSEM_REALDATA); those tests skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem import invariance_ordinal as io
from surveysem.codebook import parse_codebook
from surveysem.invariance import INVARIANCE_COLUMNS, assess_invariance

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference" / "ordinal_invariance"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA", ROOT.parent / "shared" / "realdata"))
BYRNE = REALDATA / "byrne_teacher_burnout"
needs_realdata = pytest.mark.skipif(
    not (BYRNE / "MBISEC1.CSV").is_file(), reason=f"real data not found at {REALDATA}"
)
ITEMS = [f"ITEM{i}" for i in (1, 2, 3, 6, 8, 5, 10, 11, 15, 22)]
MEASUREMENT = {"EE": ITEMS[:5], "DP": ITEMS[5:]}
LEVELS = ["elementary", "secondary"]
MODELS = {"configural": (), "metric": (), "scalar": (), "partial": ("ITEM15",)}


def _mbi() -> pd.DataFrame:
    el = pd.read_csv(BYRNE / "MBIELM1.CSV").assign(level="elementary")
    se = pd.read_csv(BYRNE / "MBISEC1.CSV").assign(level="secondary")
    return pd.concat([el[[*ITEMS, "level"]], se[[*ITEMS, "level"]]], ignore_index=True)


@pytest.fixture(scope="module")
def sequence():
    og = io.prepare_ordinal_groups(_mbi(), MEASUREMENT, "level", LEVELS)
    fits, prev = {}, None
    for name, freed in MODELS.items():
        model = "partial_scalar" if name == "partial" else name
        fits[name] = io.fit_ordinal_groups(og, model, freed, start=prev.local if prev else None)
        if name != "partial":
            prev = fits[name]
    return og, fits


def _ref_fit(name: str) -> pd.Series:
    return pd.read_csv(REF / f"mbi_level_{name}_fit.csv").set_index("index")["value"]


FIT_INDICES = [
    ("chisq", "chisq", 1e-3),
    ("df", "df", 0),
    ("chisq_scaled", "chisq.scaled", 1e-3),
    ("scaling_factor", "chisq.scaling.factor", 1e-3),
    ("baseline_chisq_scaled", "baseline.chisq.scaled", 1e-3),
    ("cfi_scaled", "cfi.scaled", 1e-3),
    ("tli_scaled", "tli.scaled", 1e-3),
    ("rmsea_scaled", "rmsea.scaled", 1e-3),
    ("rmsea_scaled_ci_high", "rmsea.ci.upper.scaled", 1e-3),
    ("srmr", "srmr", 1e-3),
]


@needs_realdata
@pytest.mark.parametrize("name", list(MODELS))
def test_fit_equals_lavaan(sequence, name):
    fit, ref = sequence[1][name], _ref_fit(name)
    assert fit.converged
    for ours, theirs, tol in FIT_INDICES:
        assert fit.fit_value(ours) == pytest.approx(ref[theirs], abs=tol), ours


@needs_realdata
@pytest.mark.parametrize("name", list(MODELS))
def test_estimates_and_robust_se_equal_lavaan(sequence, name):
    ref = pd.read_csv(REF / f"mbi_level_{name}_estimates.csv", keep_default_na=False,
                      na_values=["NA"])  # fmt: skip
    ref.loc[ref["op"] == "~1", "rhs"] = ""
    est = sequence[1][name].estimates
    both = est.merge(ref, on=["group", "lhs", "op", "rhs"], suffixes=("", "_r"))
    assert len(both) == len(est) == 190  # every parameter but the residual variances
    assert np.max(np.abs(both["est"] - both["est_r"])) < 1e-3
    free = both["se_r"].fillna(0) > 0
    assert np.max(np.abs(both.loc[free, "se"] - both.loc[free, "se_r"])) < 1e-3
    # a few parameters by name: the scale and intercept of ITEM1 in the second group
    row = both[(both["group"] == "secondary") & (both["lhs"] == "ITEM1") & (both["op"] == "~*~")]
    assert row["est"].iloc[0] == pytest.approx(row["est_r"].iloc[0], abs=1e-3)


@needs_realdata
def test_scaled_difference_equals_lavtestlrt(sequence):
    og, fits = sequence
    lrt = pd.read_csv(REF / "mbi_level_lrt.csv").set_index("comparison")
    for m1, m0 in [("configural", "metric"), ("metric", "scalar"), ("metric", "partial")]:
        got = io.scaled_difference(fits[m1], fits[m0], og)
        ref = lrt.loc[f"{m1}_{m0}"]
        assert got["delta_df"] == ref["df_diff"]
        assert got["delta_chisq"] == pytest.approx(ref["chisq_diff"], abs=1e-3)
        assert got["delta_pvalue"] == pytest.approx(ref["pvalue"], abs=1e-3)


def _toy(n=300, seed=3):
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    y = 0.7 * f[:, None] + np.sqrt(0.51) * rng.normal(size=(n, 4))
    codes = np.digitize(y, [-1.0, 0.0, 1.0]) + 1
    frame = pd.DataFrame(codes, columns=["a", "b", "c", "d"])
    frame["g"] = np.where(np.arange(n) < n // 2, "x", "y")
    return frame


def test_category_missing_in_one_group_is_merged_and_noted():
    frame = _toy()
    top = (frame["g"] == "y") & (frame["a"] == 4)
    frame.loc[top, "a"] = 3  # answer 4 of item a only in group x
    og = io.prepare_ordinal_groups(frame, {"F": ["a", "b", "c", "d"]}, "g", ["x", "y"])
    assert "a: answer 4 (not given in y) merged with 3" in og.note
    assert [len(t) for t in og.stats[0].thresholds] == [2, 3, 3, 3]
    fit = io.fit_ordinal_groups(og, "metric")
    assert fit.converged and np.isfinite(fit.fit_value("chisq_scaled"))


def test_too_few_common_categories_is_an_error():
    frame = _toy()
    frame["a"] = np.where(frame["a"] > 2, 2, frame["a"])  # binary item
    with pytest.raises(ValueError, match="item 'a' has fewer than three categories"):
        io.prepare_ordinal_groups(frame, {"F": ["a", "b", "c", "d"]}, "g", ["x", "y"])


def test_unknown_model_is_an_error():
    og = io.prepare_ordinal_groups(_toy(), {"F": ["a", "b", "c", "d"]}, "g", ["x", "y"])
    with pytest.raises(ValueError, match="model must be one of"):
        io.fit_ordinal_groups(og, "strict")


@needs_realdata
def test_assess_invariance_under_wlsmv_reports_the_scaled_sequence():
    data = _mbi()
    data["grp"] = data.pop("level").map({"elementary": 1, "secondary": 2})
    raw = {
        "scales": {
            name: {"label": name, "role": "burnout", "items": items, "range": [0, 6]}
            for name, items in MEASUREMENT.items()
        },
        "demographics": {
            "grp": {
                "label": "Level",
                "type": "categorical",
                "levels": {1: "elementary", 2: "secondary"},
            }
        },
    }
    res = assess_invariance(data, parse_codebook(raw), ["grp"], estimator="WLSMV", max_freed=2)
    got = res.invariance.set_index("model")
    assert list(res.invariance.columns) == INVARIANCE_COLUMNS
    assert (got["test"] == io.TEST_LABEL).all()
    lrt = pd.read_csv(REF / "mbi_level_lrt.csv").set_index("comparison")
    for model, prev in [("configural", None), ("metric", "configural"), ("scalar", "metric")]:
        ref = _ref_fit(model)
        assert got.loc[model, "chisq"] == pytest.approx(ref["chisq.scaled"], abs=1e-3)
        assert got.loc[model, "cfi"] == pytest.approx(ref["cfi.scaled"], abs=1e-3)
        assert got.loc[model, "rmsea"] == pytest.approx(ref["rmsea.scaled"], abs=1e-3)
        if prev:
            dref = lrt.loc[f"{prev}_{model}"]
            assert got.loc[model, "delta_chisq"] == pytest.approx(dref["chisq_diff"], abs=1e-3)
            pcfi = _ref_fit(prev)["cfi.scaled"]
            assert got.loc[model, "delta_cfi"] == pytest.approx(ref["cfi.scaled"] - pcfi, abs=1e-3)
    # the same decision rule as under ML (invariance.invariance_verdicts), on the scaled
    # indices: scaled RMSEA .120 > .08, so the configural model already fits poorly
    assert got.loc["configural", "decision"].startswith("poor fit")
    assert list(got.loc[["metric", "scalar"], "decision"]) == ["holds", "holds"]
    v = res.verdicts.iloc[0]
    assert (v["level"], v["failed_step"]) == ("none", "configural")


def test_report_names_thresholds_under_wlsmv():
    from surveysem.report.phrases.en import groups as en
    from surveysem.report.phrases.zh import groups as zh

    class _Names:
        def demo(self, g):
            return "Gender"

    assert "thresholds of a and b" in en.invariance_partial(_Names(), "g", "a~1; b~1", True)
    assert "阈值" in zh.invariance_partial(_Names(), "g", "a~1; b~1", True)
    assert "thresholds" in en.invariance_ordinal() and "阈值" in zh.invariance_ordinal()


def test_assess_invariance_reports_an_impossible_wlsmv_sequence_as_not_tested():
    frame = _toy()
    frame["a"] = np.where(frame["a"] > 2, 2, frame["a"])  # binary: no W&E metric model
    frame["grp"] = frame.pop("g").map({"x": 1, "y": 2})
    raw = {
        "scales": {"F": {"label": "F", "role": "burnout", "items": list("abcd"), "range": [1, 4]}},
        "demographics": {"grp": {"label": "G", "type": "categorical", "levels": {1: "x", 2: "y"}}},
    }
    res = assess_invariance(frame, parse_codebook(raw), ["grp"], estimator="WLSMV")
    row = res.invariance.iloc[0]
    assert row["decision"] == "not tested"
    assert "item 'a' has fewer than three categories" in row["note"]
    assert not res.verdicts.iloc[0]["tested"]


def test_partial_scalar_frees_the_item_whose_thresholds_shift():
    rng = np.random.default_rng(7)
    frames = []
    for g, shift in [(1, 0.0), (2, 0.8)]:  # item a1's latent response shifted in group 2
        f = rng.normal(size=(800, 2))
        f[:, 1] = 0.4 * f[:, 0] + np.sqrt(0.84) * f[:, 1]
        e = np.sqrt(1 - 0.75**2) * rng.normal(size=(800, 8))
        y = np.hstack([0.75 * f[:, [0]] + e[:, :4], 0.75 * f[:, [1]] + e[:, 4:]])
        y[:, 0] += shift
        d = pd.DataFrame(np.digitize(y, [-1.2, -0.3, 0.5, 1.3]) + 1)
        d.columns = [f"a{i}" for i in range(1, 5)] + [f"b{i}" for i in range(1, 5)]
        frames.append(d.assign(grp=g))
    data = pd.concat(frames, ignore_index=True)
    scales = {s: [f"{s.lower()}{i}" for i in range(1, 5)] for s in ("A", "B")}
    raw = {
        "scales": {
            s: {"label": s, "role": "burnout", "items": items, "range": [1, 5]}
            for s, items in scales.items()
        },
        "demographics": {"grp": {"label": "G", "type": "categorical", "levels": {1: "x", 2: "y"}}},
    }
    res = assess_invariance(data, parse_codebook(raw), ["grp"], estimator="WLSMV")
    got = res.invariance.set_index("model")
    assert got.loc["scalar", "decision"] == "fails"
    assert got.loc["partial_scalar", "freed"] == "a1~1"
    assert got.loc["partial_scalar", "decision"] == "holds"
    assert res.verdicts.iloc[0]["level"] == "partial_scalar"
