"""Ordinal items: thresholds, polychorics, Gamma and WLSMV against lavaan 0.6-14.

References: tests/reference/R/ordinal.R (files in tests/reference/ordinal/). The synthetic
data set (binary items with empty cells) is committed; the Prasojo et al. (2020) and Byrne
(ELEMM1) data come from ../shared/realdata (or $SURVEYSEM_REALDATA) and their tests skip
without it.
"""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem import ordinal as od
from surveysem import reliability as rel
from surveysem.effects import estimate_effects
from surveysem.sem import ModelSpec

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference" / "ordinal"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA", ROOT.parent / "shared" / "realdata"))
PRASOJO = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
ELEMM1 = REALDATA / "byrne_teacher_burnout" / "ELEMM1.CSV"
needs_realdata = pytest.mark.skipif(
    not PRASOJO.is_file(), reason=f"real data not found at {REALDATA} (../shared/realdata)"
)
TOL = 1e-3

PRASOJO_CFA = {
    "TSC": [f"TSC{i}" for i in range(1, 6)],
    "TE": [f"TE{i}" for i in range(1, 6)],
    "EE": [f"EE{i}" for i in range(1, 6)],
    "DE": ["DE1", "DE2", "DE3"],
    "RPA": [f"RPA{i}" for i in range(1, 6)],
}
PRASOJO_SEM = (
    {
        "TSC": ["TSC1", "TSC2", "TSC3", "TSC4"],
        "TE": ["TE1", "TE2", "TE3", "TE5"],
        "EE": ["EE1", "EE2", "EE3", "EE4"],
        "DE": ["DE1", "DE2", "DE3"],
        "RPA": ["RPA1", "RPA2", "RPA3", "RPA4"],
    },
    "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE",
)
MBI_CFA = {
    "EE": [f"ITEM{i}" for i in (1, 2, 3, 6, 8, 13, 14, 16, 20)],
    "DP": [f"ITEM{i}" for i in (5, 10, 11, 15, 22)],
    "PA": [f"ITEM{i}" for i in (4, 7, 9, 12, 17, 18, 19, 21)],
}
# our fit index -> lavaan's fitMeasures name
FIT_NAMES = {
    "chisq": "chisq",
    "df": "df",
    "chisq_scaled": "chisq.scaled",
    "pvalue_scaled": "pvalue.scaled",
    "scaling_factor": "chisq.scaling.factor",
    "baseline_chisq_scaled": "baseline.chisq.scaled",
    "cfi": "cfi",
    "tli": "tli",
    "cfi_scaled": "cfi.scaled",
    "tli_scaled": "tli.scaled",
    "cfi_robust": "cfi.robust",
    "tli_robust": "tli.robust",
    "rmsea": "rmsea",
    "rmsea_ci_low": "rmsea.ci.lower",
    "rmsea_ci_high": "rmsea.ci.upper",
    "rmsea_scaled": "rmsea.scaled",
    "rmsea_scaled_ci_low": "rmsea.ci.lower.scaled",
    "rmsea_scaled_ci_high": "rmsea.ci.upper.scaled",
    "rmsea_robust": "rmsea.robust",
    "rmsea_robust_ci_low": "rmsea.ci.lower.robust",
    "rmsea_robust_ci_high": "rmsea.ci.upper.robust",
    "srmr": "srmr",
    "npar": "npar",
}


def spec_of(factors, structural=""):
    return ModelSpec({f: tuple(v) for f, v in factors.items()}, structural=structural)


def prasojo():
    return pd.read_csv(PRASOJO)


def with_missing(data):
    """The reference's missingness rule: row i, column j (1-based) NA when (7i + 13j) % 17 == 0."""
    out = data.copy()
    i = np.arange(1, len(out) + 1)
    for j, c in enumerate(out.columns, start=1):
        out.loc[(i * 7 + j * 13) % 17 == 0, c] = np.nan
    return out


def synthetic():
    return pd.read_csv(ROOT / "tests" / "reference" / "data" / "ordinal_synthetic.csv")


def check_statistics(data, name):
    poly = pd.read_csv(REF / f"{name}_polychoric.csv")
    items = list(poly["variable"])
    st = od.ordinal_statistics(od.code_items(data, items))
    th = pd.read_csv(REF / f"{name}_thresholds.csv")
    assert [f"{a}|{b}" for a, b in st.threshold_names()] == list(th["name"])
    np.testing.assert_allclose(np.concatenate(st.thresholds), th["value"], atol=1e-10)
    np.testing.assert_allclose(st.correlation_matrix(), poly[items].to_numpy(), atol=1e-6)
    gamma = pd.read_csv(REF / f"{name}_gamma_diag.csv")
    np.testing.assert_allclose(st.gamma_diag, gamma["gamma"], rtol=1e-6)


def check_fit(fit, name, estimator="WLSMV"):
    ref = pd.read_csv(REF / f"{name}_estimates.csv")
    ref = ref[ref["op"].isin(["=~", "~", "~~", "|"])]
    m = ref.merge(fit.estimates, on=["lhs", "op", "rhs"], how="left", suffixes=("_r", ""))
    assert m["est"].notna().all(), "every lavaan parameter has a row"
    np.testing.assert_allclose(m["est"], m["est_r"], atol=TOL)
    np.testing.assert_allclose(m["std_all"], m["std.all"], atol=TOL)
    free = m["se_r"] > 0
    np.testing.assert_allclose(m.loc[free, "se"], m.loc[free, "se_r"], atol=TOL)
    assert m.loc[~free, "se"].isna().all(), "fixed and derived parameters have no SE"
    got = fit.fit.set_index("index")["value"]
    exp = pd.read_csv(REF / f"{name}_fit.csv").set_index("index")["value"]
    for ours, theirs in FIT_NAMES.items():
        scale = max(1.0, abs(exp[theirs]))  # chi-squares at 1e-3 relative
        assert abs(got[ours] - exp[theirs]) <= TOL * scale, (ours, got[ours], exp[theirs])
    if estimator == "ULSMV":
        assert np.isnan(got["pvalue"])
    r2 = fit.r2.merge(pd.read_csv(REF / f"{name}_r2.csv"), on="variable", suffixes=("", "_r"))
    assert len(r2) == len(pd.read_csv(REF / f"{name}_r2.csv"))
    np.testing.assert_allclose(r2["r2"], r2["r2_r"], atol=TOL)


# ------------------------------------------------------------------------------------------
# Building blocks
# ------------------------------------------------------------------------------------------


def test_bivariate_normal_cdf_matches_scipy_everywhere():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=200) * 2, rng.normal(size=200) * 2
    r = np.concatenate([rng.uniform(-0.999, 0.999, 150), [0.0, 0.2, -0.5, 0.93, -0.97] * 10])
    got = od.bvn_cdf(x, y, r)
    exp = [
        stats.multivariate_normal(cov=[[1, c], [c, 1]]).cdf([a, b])
        for a, b, c in zip(x, y, r, strict=True)
    ]
    np.testing.assert_allclose(got, exp, atol=1e-12)
    edge = od.bvn_cdf(
        [np.inf, -np.inf, 0.3, 0.3, 0.3], [0.5, 1.0, np.inf, 0.7, 0.7], [0.5, 0.5, 0.5, 1.0, -1.0]
    )
    expected = [
        stats.norm.cdf(0.5),
        0.0,
        stats.norm.cdf(0.3),
        stats.norm.cdf(0.3),
        stats.norm.cdf(0.3) + stats.norm.cdf(0.7) - 1,
    ]
    np.testing.assert_allclose(edge, expected, atol=1e-15)


def test_codes_follow_the_observed_values():
    data = pd.DataFrame({"a": [1, 2, 4, 4, np.nan], "b": [3, 3, 5, 7, 5]})
    codes = od.code_items(data, ["a", "b"])
    assert codes.codes.tolist() == [[0, 0], [1, 0], [2, 1], [2, 2], [-1, 1]]
    assert codes.levels == ((1.0, 2.0, 4.0), (3.0, 5.0, 7.0))


def test_non_integer_answers_and_single_categories_are_errors():
    with pytest.raises(ValueError, match="non-integer value 2.5.*parcels"):
        od.code_items(pd.DataFrame({"p": [1.0, 2.5, 3.0]}), ["p"])
    with pytest.raises(ValueError, match="'q' has the single value 3.*at least two"):
        od.code_items(pd.DataFrame({"q": [3, 3, 3]}), ["q"])


def test_synthetic_statistics_follow_lavaans_empty_cell_rules():
    # b1 x b4 is a 2 x 2 table with an empty cell (0.5 added, margins kept); o2 x b2 a 2 x 3
    # table with one (nothing added)
    check_statistics(synthetic(), "synthetic_cfa")
    st = od.ordinal_statistics(od.code_items(synthetic(), ["b1", "b4"]))
    assert st.zero_cell_pairs == (("b4", "b1"),)


def test_synthetic_cfa_equals_lavaan():
    data = synthetic()
    fit = od.fit_wlsmv(data, spec_of({"F": list(data.columns)}))
    check_fit(fit, "synthetic_cfa")


# ------------------------------------------------------------------------------------------
# Real data: the references
# ------------------------------------------------------------------------------------------


@needs_realdata
def test_prasojo_thresholds_polychorics_and_gamma_equal_lavaan():
    check_statistics(prasojo(), "prasojo_cfa_wlsmv")


@needs_realdata
def test_prasojo_cfa_equals_lavaan():
    fit = od.fit_wlsmv(prasojo(), spec_of(PRASOJO_CFA))
    check_fit(fit, "prasojo_cfa_wlsmv")
    assert fit.estimator == "WLSMV" and fit.resample is not None
    th = fit.estimates[fit.estimates["op"] == "|"]
    assert list(th["rhs"][:4]) == ["t1", "t2", "t3", "t4"] and (th["std_all"] == th["est"]).all()


@needs_realdata
def test_mbi_elemm1_cfa_equals_lavaan():
    data = pd.read_csv(ELEMM1)
    check_statistics(data, "mbi_elemm1_cfa_wlsmv")
    check_fit(od.fit_wlsmv(data, spec_of(MBI_CFA)), "mbi_elemm1_cfa_wlsmv")


@needs_realdata
def test_prasojo_sem_and_its_indirect_effects_equal_lavaan():
    data = prasojo()
    spec = spec_of(*PRASOJO_SEM)
    fit = od.fit_wlsmv(data, spec)
    check_fit(fit, "prasojo_sem_wlsmv")
    eff = estimate_effects(data, spec, fit, n_boot=0).set_index(["effect", "kind"])
    ref = pd.read_csv(REF / "prasojo_sem_wlsmv_estimates.csv")
    ref = ref[ref["op"] == ":="].set_index("lhs")
    for out in ("EE", "DE", "RPA"):
        for label, key in ((f"ind_{out.lower()}", (f"TSC -> TE -> {out}", "indirect")),
                           (f"tot_{out.lower()}", (f"TSC -> {out}", "total"))):  # fmt: skip
            for col, rcol in (("est", "est"), ("se", "se"), ("std_all", "std.all")):
                assert abs(eff.loc[key, col] - ref.loc[label, rcol]) < TOL, (label, col)


@needs_realdata
def test_pairwise_deletion_equals_lavaan():
    data = with_missing(prasojo())
    check_statistics(data, "prasojo_cfa_wlsmv_pairwise")
    fit = od.fit_wlsmv(data, spec_of(PRASOJO_CFA), missing="pairwise")
    check_fit(fit, "prasojo_cfa_wlsmv_pairwise")
    assert fit.n == len(data)


@needs_realdata
def test_ulsmv_equals_lavaan():
    fit = od.fit_wlsmv(prasojo(), spec_of(PRASOJO_CFA), estimator="ULSMV")
    check_fit(fit, "prasojo_cfa_ulsmv", estimator="ULSMV")


@needs_realdata
def test_scaled_difference_test_equals_lavtestlrt():
    data = prasojo()
    five = od.fit_wlsmv(data, spec_of(PRASOJO_CFA))
    one = od.fit_wlsmv(data, spec_of({"g": list(data.columns)}))
    check_fit(one, "prasojo_onefactor_wlsmv")
    got = od.scaled_difference_test(five, one)
    exp = pd.read_csv(REF / "prasojo_harman_wlsmv_lrt.csv").iloc[1]
    assert got["delta_df"] == exp["df_diff"]
    assert abs(got["delta_chisq"] - exp["chisq_diff"]) < TOL * exp["chisq_diff"]


@needs_realdata
@pytest.mark.parametrize(
    "name, path, factors",
    [("prasojo_cfa_wlsmv", PRASOJO, PRASOJO_CFA), ("mbi_elemm1_cfa_wlsmv", ELEMM1, MBI_CFA)],
)
def test_ordinal_reliability_equals_semtools(name, path, factors):
    data = pd.read_csv(path)
    fit = od.fit_wlsmv(data, spec_of(factors))
    got = rel.assess_reliability(data, factors, fit.estimates, ordinal=True).scales
    got = got.set_index("scale")
    exp = pd.read_csv(REF / f"{name}_reliability.csv").set_index("scale")
    np.testing.assert_allclose(got["alpha_ordinal"], exp["alpha_ordinal"], atol=TOL)
    np.testing.assert_allclose(got["omega_categorical"], exp["omega_categorical"], atol=TOL)
    # compRelSEM(fit, ord.scale = FALSE): on the latent-response scale
    np.testing.assert_allclose(got["cr_semtools"], exp["omega_latent"], atol=TOL)


# ------------------------------------------------------------------------------------------
# Bootstrap refits
# ------------------------------------------------------------------------------------------


def test_a_resample_refit_equals_a_fit_to_the_resampled_rows():
    data = synthetic()
    spec = spec_of({"F": list(data.columns)})
    fit = od.fit_wlsmv(data, spec)
    np.testing.assert_allclose(fit.resample(np.ones(fit.n)), fit.params, atol=1e-6)
    draw = np.random.default_rng(5).integers(0, fit.n, fit.n)
    weights = np.bincount(draw, minlength=fit.n).astype(float)
    direct = od.fit_wlsmv(data.iloc[draw], spec)
    np.testing.assert_allclose(fit.resample(weights), direct.params, atol=1e-5)


def test_a_category_missing_from_a_resample_is_merged_not_failed():
    data = synthetic()
    data.loc[0, "o1"] = 4  # a fourth category answered once
    spec = spec_of({"F": list(data.columns)})
    fit = od.fit_wlsmv(data, spec)
    weights = np.ones(fit.n)
    weights[0], weights[1] = 0.0, 2.0  # the resample does not draw that respondent
    kept = np.repeat(np.arange(fit.n), weights.astype(int))
    direct = od.fit_wlsmv(data.iloc[kept], spec)  # its o1 has three categories
    np.testing.assert_allclose(fit.resample(weights), direct.params, atol=1e-5)


# ------------------------------------------------------------------------------------------
# The decision table
# ------------------------------------------------------------------------------------------


def decision_data():
    rng = np.random.default_rng(11)
    n = 400
    return pd.DataFrame(
        {
            "a1": rng.integers(1, 6, n),  # five categories
            "a2": rng.integers(1, 6, n),
            "b1": rng.integers(1, 8, n),  # seven categories, symmetric
            "b2": rng.integers(1, 8, n),
            "c1": np.minimum(rng.geometric(0.6, n), 7),  # seven, strongly skewed
        }
    )


SCALES = {"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1"]}


def test_auto_rule_picks_wlsmv_for_five_categories_or_skew():
    data = decision_data()
    treat, dec = od.decide_estimator(
        data[["a1", "a2", "b1", "b2"]], {"A": ["a1", "a2"], "B": ["b1", "b2"]}, ordinal="auto"
    )
    assert dec.iloc[0]["estimator"] == "WLSMV" and "holds for A" in dec.iloc[0]["reason"]
    assert treat["ordinal"].all() and list(treat["n_categories"]) == [5, 7]
    assert "one estimator for the whole model" in treat.iloc[1]["reason"]
    _, dec = od.decide_estimator(data, {"B": ["b1", "b2"]}, ordinal="auto")
    assert dec.iloc[0]["estimator"] == "ML" and "holds for no scale" in dec.iloc[0]["reason"]
    treat, dec = od.decide_estimator(
        data, {"B": ["b1", "b2"], "C": ["c1"]}, ordinal="auto", estimator="MLR"
    )
    assert dec.iloc[0]["estimator"] == "WLSMV" and dec.iloc[0]["requested"] == "MLR"
    assert treat.set_index("scale").loc["C", "max_abs_skew"] > od.SKEW_CUTOFF


def test_settings_and_missing_data_methods():
    data = decision_data()
    treat, dec = od.decide_estimator(data, SCALES, ordinal=False, missing="fiml")
    row = dec.iloc[0]
    assert (row["estimator"], row["ordinal_setting"], row["missing"]) == ("ML", "false", "fiml")
    assert (
        not treat["ordinal"].any()
        and "auto rule would treat it as ordinal" in treat.iloc[0]["reason"]
    )
    _, dec = od.decide_estimator(data, SCALES, ordinal=True, missing="fiml")
    assert dec.iloc[0][["estimator", "missing"]].tolist() == ["WLSMV", "pairwise"]
    assert "pairwise deletion" in dec.iloc[0]["reason"]
    _, dec = od.decide_estimator(data, SCALES, estimator="ULSMV")
    assert dec.iloc[0]["estimator"] == "ULSMV"
    with pytest.raises(ValueError, match="pairwise is available only with ordinal items"):
        od.decide_estimator(data, SCALES, ordinal=False, missing="pairwise")
    with pytest.raises(ValueError, match="analysis.ordinal"):
        od.decide_estimator(data, SCALES, ordinal="sometimes")
    analysis = od.decided_analysis({"estimator": "ML", "missing": "fiml", "seed": 1}, dec)
    assert analysis == {"estimator": "ULSMV", "missing": "listwise", "seed": 1}


def test_invariance_fallback_is_stated_in_the_note():
    table = pd.DataFrame({"model": ["configural"], "note": ["left out: x"]})
    _, wl = od.decide_estimator(decision_data(), SCALES, ordinal=True)
    _, ml = od.decide_estimator(decision_data(), SCALES, ordinal=False)
    assert od.note_continuous_fallback(table, ml) is table
    note = od.note_continuous_fallback(table, wl).iloc[0]["note"]
    assert note.startswith("estimated by ML") and "WLSMV" in note and note.endswith("; left out: x")


def test_wlsmv_needs_every_observed_variable_to_be_an_item():
    data = synthetic().assign(score=lambda d: d[["o1", "o2"]].mean(axis=1))
    spec = ModelSpec({"F": ("b1", "b2", "b3", "b4")}, structural="score ~ F")
    with pytest.raises(ValueError, match="score.*not indicators of a factor"):
        od.fit_wlsmv(data, spec)
    with pytest.raises(ValueError, match="fiml.*not available with WLSMV"):
        od.fit_wlsmv(data, ModelSpec({"F": ("b1", "b2", "b3")}), missing="fiml")


def test_parcels_and_composites_keep_the_items_continuous():
    data = decision_data().assign(p1=lambda d: d["a1"] + 0.5, p2=lambda d: d["a2"] / 3)
    treat, dec = od.decide_estimator(data, {"P": ["p1", "p2"]}, ordinal="auto")
    assert dec.iloc[0]["estimator"] == "ML" and "non-integer" in treat.iloc[0]["reason"]
    _, dec = od.decide_estimator(data, SCALES, ordinal="auto", composites=["B"])
    assert dec.iloc[0]["estimator"] == "ML" and "model.composites (B)" in dec.iloc[0]["reason"]
    with pytest.raises(ValueError, match="model.composites \\(B\\) are continuous"):
        od.decide_estimator(data, SCALES, estimator="WLSMV", composites=["B"])
