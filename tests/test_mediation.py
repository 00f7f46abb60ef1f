"""surveysem.mediation: the mediation table's decisions, and the competing partial-mediation
model against lavaan (default study, ML; Prasojo et al. 2020, MLR with the Satorra-Bentler
2001 scaled difference)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.effects import estimate_effects
from surveysem.mediation import (
    compare_models,
    competing_structural,
    mediation_table,
    missing_direct_paths,
    sb2001_difference,
)
from surveysem.models import competing_models, fit_structural, fit_with_estimator
from surveysem.sem import ModelSpec
from surveysem.study import model_spec

REF = Path(__file__).parent / "reference" / "mediation"
PRASOJO = (
    Path(__file__).resolve().parents[2] / "shared" / "realdata" / "prasojo2020_teacher_burnout"
    / "teachers_burnout_prasojo2020.csv"
)  # fmt: skip
TOL = 1e-3
HYPS = [
    {"id": "H1", "path": "M ~ X", "sign": "+", "text": "a"},
    {"id": "H2", "effect": "X -> M -> Y", "sign": "+", "text": "b"},
    {"id": "H3", "effect": "X -> M -> Y | W", "sign": "+", "text": "moderated: not here"},
]


def _effects(ind, tot, direct=None):
    rows = [{"effect": "X -> M -> Y", "kind": "indirect", "est": ind[0], "ci_low": ind[1],
             "ci_high": ind[2], "std_all": ind[0], "method": "percentile bootstrap"},
            {"effect": "X -> Y", "kind": "total", "est": tot[0], "ci_low": tot[1],
             "ci_high": tot[2], "std_all": tot[0]}]  # fmt: skip
    if direct is not None:
        rows.append({"effect": "X -> Y", "kind": "direct", "est": direct[0],
                     "ci_low": direct[1], "ci_high": direct[2], "std_all": direct[0]})  # fmt: skip
    return pd.DataFrame(rows)


EST = pd.DataFrame(
    {"lhs": ["M", "Y"], "op": ["~", "~"], "rhs": ["X", "M"], "est": [0.5, 0.4],
     "ci_low": [0.3, 0.2], "ci_high": [0.7, 0.6], "std_all": [0.5, 0.4]}
)  # fmt: skip


def test_missing_direct_paths_and_the_competing_syntax():
    regs = [("M", "X"), ("Y", "M")]
    assert missing_direct_paths(HYPS, regs) == [("Y", "X")]
    assert missing_direct_paths(HYPS, regs + [("Y", "X")]) == []
    assert competing_structural("M ~ X\nY ~ M\n", [("Y", "X")]) == "M ~ X\nY ~ M\nY ~ X\n"


@pytest.mark.parametrize(
    "ind, tot, direct, prop, kind",
    [
        ((0.2, 0.1, 0.3), (0.5, 0.3, 0.7), (0.3, 0.1, 0.5), 0.4, "partial"),
        ((0.2, 0.1, 0.3), (0.25, 0.1, 0.4), (0.05, -0.1, 0.2), 0.8, "full"),
        ((0.2, 0.1, 0.3), (0.05, -0.1, 0.2), (-0.15, -0.3, -0.01), np.nan, "suppression"),
        ((0.2, 0.1, 0.3), (-0.3, -0.5, -0.1), (-0.5, -0.7, -0.3), np.nan, "suppression"),
        ((0.02, -0.1, 0.1), (0.3, 0.1, 0.5), (0.28, 0.1, 0.5), 0.02 / 0.3, "none"),
    ],
)
def test_proportion_and_type_follow_one_rule(ind, tot, direct, prop, kind):
    row = mediation_table(HYPS, _effects(ind, tot, direct), EST).iloc[0]
    assert row["mediation_type"] == kind
    assert np.isnan(prop) == np.isnan(row["proportion_mediated"])
    if np.isnan(prop):
        assert row["proportion_reason"]
    else:
        assert row["proportion_mediated"] == pytest.approx(prop)
        assert row["proportion_reason"] == ""
    assert len(mediation_table(HYPS, _effects(ind, tot, direct), EST)) == 1


def test_an_absent_direct_path_is_zero_by_the_model_or_taken_from_the_competing_model():
    eff = _effects((0.2, 0.1, 0.3), (0.2, 0.1, 0.3))
    row = mediation_table(HYPS, eff, EST).iloc[0]
    assert not row["direct_in_model"] and row["direct_est"] == 0.0
    assert row["direct_source"] == "fixed to 0 by the model"
    comp = pd.concat([EST, pd.DataFrame([{"lhs": "Y", "op": "~", "rhs": "X", "est": 0.1,
                                          "ci_low": 0.02, "ci_high": 0.18, "std_all": 0.09}])])  # fmt: skip
    row = mediation_table(HYPS, eff, EST, comp).iloc[0]
    assert row["direct_source"] == "competing model" and row["direct_est"] == 0.1
    assert row["mediation_type"] == "partial" and "competing" in row["type_reason"]


def test_a_hypothesis_without_its_effect_is_an_error_naming_it():
    eff = _effects((0.2, 0.1, 0.3), (0.2, 0.1, 0.3)).assign(effect="X -> Y")
    with pytest.raises(ValueError, match="H2.*model.indirect"):
        mediation_table(HYPS, eff, EST)


def _ref_fit(case: str, model: str) -> dict:
    f = pd.read_csv(REF / f"{case}_fit.csv")
    return f[f["model"] == model].set_index("index")["value"].to_dict()


def _check(comparison: pd.DataFrame, case: str, indices: dict) -> float:
    lrt = pd.read_csv(REF / f"{case}_lrt.csv").iloc[0]
    worst = 0.0
    for k in ("delta_chisq", "delta_df", "delta_pvalue"):
        worst = max(worst, abs(comparison[k].iloc[1] - lrt[k]))
        assert comparison[k].iloc[1] == pytest.approx(lrt[k], abs=TOL, rel=TOL), k
    for i, model in enumerate(("hypothesised", "competing")):
        ref = _ref_fit(case, model)
        for ours, theirs in indices.items():
            worst = max(worst, abs(comparison[ours].iloc[i] - ref[theirs]))
            assert comparison[ours].iloc[i] == pytest.approx(ref[theirs], abs=TOL, rel=TOL), (
                model, ours,
            )  # fmt: skip
    return worst


def _paths_equal(estimates: pd.DataFrame, case: str, model: str) -> None:
    ref = pd.read_csv(REF / f"{case}_paths.csv")
    ref = ref[ref["model"] == model]
    ours = estimates[estimates["op"] == "~"].set_index(["lhs", "rhs"])
    assert len(ours) == len(ref)
    for r in ref.itertuples():
        for k in ("est", "se", "ci_low", "ci_high", "std_all"):
            assert ours.loc[(r.lhs, r.rhs), k] == pytest.approx(getattr(r, k), abs=TOL), (r, k)


ML_INDICES = {k: k for k in ("chisq", "df", "cfi", "tli", "rmsea", "srmr", "aic", "bic")}


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_competing_model_equals_lavaan():
    from test_sem import _default_clean_data

    cfg, cb, data = _default_clean_data()
    cfg["analysis"]["estimator"] = "ML"
    fit = fit_structural(data, cfg, cb)
    eff = estimate_effects(data, model_spec(cfg, cb), fit, n_boot=0)
    res = competing_models(data, cfg, cb, eff, fit.estimates)
    comp = res.comparison
    assert list(comp["paths_added"]) == ["", "DP ~ WL; WI ~ WL"]
    _check(comp, "default_ml", ML_INDICES)
    assert comp["test"].iloc[1] == "chi-square difference"
    assert list(comp["preferred"]) == [True, False]  # Δχ²(2) = 0.40, p = .82
    # the direct paths of the competing model equal lavaan's, and feed the mediation table
    ref = pd.read_csv(REF / "default_ml_paths.csv")
    ref = ref[(ref["model"] == "competing") & (ref["rhs"] == "WL")].set_index("lhs")
    med = res.mediation.set_index("id")
    assert med.loc["H13", "direct_source"] == "competing model"
    assert med.loc["H13", "direct_est"] == pytest.approx(ref.loc["DP", "est"], abs=TOL)
    assert med.loc["H13", "direct_ci_low"] == pytest.approx(ref.loc["DP", "ci_low"], abs=TOL)
    assert med.loc["H15", "direct_source"] == "model"


@pytest.mark.skipif(not PRASOJO.is_file(), reason=f"{PRASOJO} is absent")
def test_prasojo_competing_model_mlr_equals_lavaan_satorra_bentler_2001():
    data = pd.read_csv(PRASOJO)
    meas = {"TSC": ("TSC1", "TSC2", "TSC3", "TSC4"), "TE": ("TE1", "TE2", "TE3", "TE5"),
            "EE": ("EE1", "EE2", "EE3", "EE4"), "DE": ("DE1", "DE2", "DE3")}  # fmt: skip
    s0 = "TE ~ TSC\nEE ~ TE\nDE ~ TSC + TE + EE\n"
    s1 = competing_structural(s0, [("EE", "TSC")])
    f0 = fit_with_estimator(data, ModelSpec(measurement=meas, structural=s0), estimator="MLR")
    f1 = fit_with_estimator(data, ModelSpec(measurement=meas, structural=s1), estimator="MLR")
    comp = compare_models(f0.fit, f1.fit, [("EE", "TSC")], estimator="MLR", alpha=0.05)
    robust = {"chisq": "chisq_scaled", "df": "df", "cfi": "cfi_robust", "tli": "tli_robust",
              "rmsea": "rmsea_robust", "srmr": "srmr", "aic": "aic", "bic": "bic"}  # fmt: skip
    _check(comp, "prasojo_mlr", robust)
    assert comp["test"].iloc[1].startswith("Satorra-Bentler (2001)")
    assert list(comp["preferred"]) == [False, True]
    _paths_equal(f1.estimates, "prasojo_mlr", "competing")


def test_sb2001_reduces_to_the_plain_difference_without_scaling():
    d = sb2001_difference(20.0, 10, 1.0, 12.0, 8, 1.0)
    assert d["delta_chisq"] == pytest.approx(8.0) and d["delta_df"] == 2
    d = sb2001_difference(20.0, 10, 1.2, 12.0, 8, 1.1)
    assert d["cd"] == pytest.approx((10 * 1.2 - 8 * 1.1) / 2)
    assert np.isnan(sb2001_difference(20.0, 8, 1.0, 12.0, 8, 1.0)["delta_chisq"])


def _fit_table(**kw) -> pd.DataFrame:
    return pd.DataFrame({"index": list(kw), "value": list(kw.values())})


def test_wlsmv_uses_the_scaled_difference_given_and_keeps_the_simpler_model_without_one():
    f0 = _fit_table(chisq=30.0, df=10, chisq_scaled=28.0, df_scaled=10, pvalue_scaled=0.01,
                    cfi_robust=0.95, rmsea_robust=0.05, tli_robust=0.94, srmr=0.04)  # fmt: skip
    f1 = _fit_table(chisq=20.0, df=9, chisq_scaled=19.0, df_scaled=9, pvalue_scaled=0.03,
                    cfi_robust=0.97, rmsea_robust=0.04, tli_robust=0.96, srmr=0.03)  # fmt: skip
    scaled = {"delta_chisq": 9.5, "delta_df": 1.0, "delta_pvalue": 0.002}
    c = compare_models(f0, f1, [("Y", "X")], estimator="WLSMV", alpha=0.05,
                       scaled_difference=scaled)  # fmt: skip
    assert c["delta_chisq"].iloc[1] == 9.5 and list(c["preferred"]) == [False, True]
    assert c["chisq"].iloc[0] == 28.0 and c["cfi"].iloc[1] == 0.97  # the scaled / robust ones
    assert c["paths_added"].iloc[1] == "Y ~ X"
    c = compare_models(f0, f1, [("Y", "X")], estimator="WLSMV", alpha=0.05)
    assert c["test"].iloc[1] == "not available" and list(c["preferred"]) == [True, False]


@pytest.mark.skipif(not PRASOJO.is_file(), reason=f"{PRASOJO} is absent")
def test_prasojo_competing_model_wlsmv_equals_lavaan_scaled_shifted_difference():
    from surveysem.ordinal import scaled_difference_test

    data = pd.read_csv(PRASOJO)
    meas = {"TSC": ("TSC1", "TSC2", "TSC3", "TSC4"), "TE": ("TE1", "TE2", "TE3", "TE5"),
            "EE": ("EE1", "EE2", "EE3", "EE4"), "DE": ("DE1", "DE2", "DE3")}  # fmt: skip
    s0 = "TE ~ TSC\nEE ~ TE\nDE ~ TSC + TE + EE\n"
    s1 = competing_structural(s0, [("EE", "TSC")])
    f0 = fit_with_estimator(data, ModelSpec(measurement=meas, structural=s0), estimator="WLSMV")
    f1 = fit_with_estimator(data, ModelSpec(measurement=meas, structural=s1), estimator="WLSMV")
    comp = compare_models(f0.fit, f1.fit, [("EE", "TSC")], estimator="WLSMV", alpha=0.05,
                          scaled_difference=scaled_difference_test(f1, f0))  # fmt: skip
    robust = {"chisq": "chisq_scaled", "df": "df_scaled", "cfi": "cfi_robust",
              "tli": "tli_robust", "rmsea": "rmsea_robust", "srmr": "srmr"}  # fmt: skip
    _check(comp, "prasojo_wlsmv", robust)
    assert comp["test"].iloc[1].startswith("Satorra (2000)")
    _paths_equal(f1.estimates, "prasojo_wlsmv", "competing")
