"""surveysem.invariance against lavaan 0.6-14 multi-group fits.

References: tests/reference/sem/mbi_inv_* (Byrne's MBI, elementary vs secondary teachers,
written by tests/reference/R/sem.R; needs /work/shared/realdata) and
tests/reference/invariance/sim_* (a simulated two-group set with a non-invariant intercept
for x3 and a group-specific F2 ~ F1 path, written by tests/reference/R/invariance.R).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.adjust import holm
from surveysem.codebook import parse_codebook
from surveysem.groups import compare_groups, compared_scales
from surveysem.invariance import (
    CONFIGURAL_CFI_MIN,
    DELTA_CFI_MIN,
    DELTA_RMSEA_MAX,
    INVARIANCE_COLUMNS,
    PATH_COLUMNS,
    VERDICT_COLUMNS,
    assess_invariance,
    fit_multigroup,
    intercept_score_tests,
    invariance_verdicts,
)
from surveysem.sem import ModelSpec

REF = Path(__file__).parent / "reference"
REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA")
    or Path(__file__).resolve().parents[2] / "shared" / "realdata"
)
BYRNE = REALDATA / "byrne_teacher_burnout"
TOL = 1e-3
FIT_KEYS = ["chisq", "df", "cfi", "tli", "rmsea", "srmr", "logl", "aic", "bic", "npar"]


def _items(ks):
    return tuple(f"ITEM{k}" for k in ks)


MBI = ModelSpec(
    {
        "EE": _items([1, 2, 3, 6, 8, 13, 14, 16, 20]),
        "DP": _items([5, 10, 11, 15, 22]),
        "PA": _items([4, 7, 9, 12, 17, 18, 19, 21]),
    }
)
SIM_CFA = ModelSpec({"F1": ("x1", "x2", "x3", "x4"), "F2": ("y1", "y2", "y3", "y4")})
SIM_SEM = ModelSpec(SIM_CFA.measurement, "F2 ~ F1")
EQUAL = {
    "configural": (),
    "metric": ("loadings",),
    "scalar": ("loadings", "intercepts"),
    "partial_scalar": ("loadings", "intercepts"),
}


@pytest.fixture(scope="module")
def mbi_data():
    if not BYRNE.is_dir():
        pytest.skip(f"real data absent: {BYRNE} (see /work/shared/realdata/README)")
    elm = pd.read_csv(BYRNE / "MBIELM1.CSV")
    sec = pd.read_csv(BYRNE / "MBISEC1.CSV")
    return pd.concat(
        [elm.assign(level="elementary"), sec.assign(level="secondary")], ignore_index=True
    )


@pytest.fixture(scope="module")
def sim_data():
    return pd.read_csv(REF / "invariance" / "sim_data.csv")


def _key(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise lavaan / surveysem rows for merging: rhs "" for ~1, ~~ pairs sorted."""
    df = df.copy()
    df["rhs"] = df["rhs"].fillna("").astype(str)
    cov = df["op"] == "~~"
    a, b = df.loc[cov, "lhs"].to_numpy(), df.loc[cov, "rhs"].to_numpy()
    df.loc[cov, "lhs"] = np.minimum(a, b)
    df.loc[cov, "rhs"] = np.maximum(a, b)
    return df


def _compare(fit, prefix: str):
    ref_fit = pd.read_csv(f"{prefix}_fit.csv").set_index("index")["value"]
    ours = fit.fit.set_index("index")["value"]
    for k in FIT_KEYS:
        assert ours[k] == pytest.approx(ref_fit[k], abs=TOL), k
    assert ours["baseline_chisq"] == pytest.approx(ref_fit["baseline.chisq"], abs=TOL)
    ref = _key(pd.read_csv(f"{prefix}_estimates.csv"))
    ref = ref[ref["op"].isin(["=~", "~", "~~", "~1"])]
    got = _key(fit.estimates)
    m = ref.merge(got, on=["group", "lhs", "op", "rhs"], how="left", suffixes=("_r", ""))
    assert len(m) == len(ref) and m["est"].notna().all(), "a lavaan parameter is missing"
    assert len(got) == len(ref), "surveysem reports parameters lavaan does not"
    np.testing.assert_allclose(m["est"], m["est_r"], atol=TOL)
    free = m["se_r"] > 0
    np.testing.assert_allclose(m.loc[free, "se"], m.loc[free, "se_r"], atol=TOL)
    assert m.loc[~free, "se"].isna().all()
    np.testing.assert_allclose(m["std_all"], m["std.all"], atol=TOL)


@pytest.mark.parametrize("model", ["configural", "metric", "scalar"])
def test_mbi_multigroup_equals_lavaan(mbi_data, model):
    fit = fit_multigroup(mbi_data, MBI, "level", equal=EQUAL[model])
    assert fit.groups == ("elementary", "secondary")
    assert fit.n == (580, 692)
    _compare(fit, REF / "sem" / f"mbi_inv_{model}")


@pytest.mark.parametrize("model", list(EQUAL))
def test_sim_multigroup_equals_lavaan(sim_data, model):
    free = ["x3"] if model == "partial_scalar" else []
    fit = fit_multigroup(sim_data, SIM_CFA, "grp", equal=EQUAL[model], free_intercepts=free)
    _compare(fit, REF / "invariance" / f"sim_{model}")


def test_sim_sem_equal_path_equals_lavaan(sim_data):
    free = fit_multigroup(sim_data, SIM_SEM, "grp", equal=("loadings",))
    _compare(free, REF / "invariance" / "sim_sem_metric")
    eq = fit_multigroup(sim_data, SIM_SEM, "grp", equal=("loadings",), equal_paths=[("F2", "F1")])
    _compare(eq, REF / "invariance" / "sim_sem_metric_eqpath")
    both = fit_multigroup(sim_data, SIM_SEM, "grp", equal=("loadings", "regressions"))
    assert both.fit_value("chisq") == pytest.approx(eq.fit_value("chisq"), abs=TOL)


def _codebook(scales: dict, levels: dict, extra_demo: dict | None = None):
    raw = {
        "scales": {
            name: {"label": name, "role": "burnout", "items": list(items), "range": [0, 10]}
            for name, items in scales.items()
        },
        "demographics": {"grp": {"label": "Group", "type": "categorical", "levels": levels}}
        | (extra_demo or {}),
    }
    return parse_codebook(raw)


def test_mbi_invariance_table_equals_lavaan(mbi_data):
    data = mbi_data.assign(level=mbi_data["level"].map({"elementary": 1, "secondary": 2}))
    data = data.rename(columns={"level": "grp"})
    cb = _codebook(MBI.measurement, {1: "elementary", 2: "secondary"})
    res = assess_invariance(data, cb, ["grp"], max_freed=0)
    got = res.invariance.set_index("model")
    ref = pd.read_csv(REF / "sem" / "mbi_invariance.csv").set_index("model")
    assert list(res.invariance.columns) == INVARIANCE_COLUMNS
    assert list(got.index) == ["configural", "metric", "scalar"]
    cols = ["chisq", "df", "cfi", "tli", "rmsea", "srmr", "delta_chisq", "delta_df"]
    cols += ["delta_pvalue", "delta_cfi", "delta_rmsea"]
    for c in cols:
        np.testing.assert_allclose(got.loc[ref.index, c], ref[c], atol=TOL, err_msg=c)
    # ΔCFI = -.0107 for scalar: fails by Cheung & Rensvold; metric holds.
    assert got.loc["metric", "decision"] == "holds"
    assert got.loc["scalar", "decision"] == "fails"
    assert (got["n"] == 1272).all()
    assert got["converged"].all()
    # ... but the configural model already fits poorly (CFI .837, RMSEA .085: Byrne's model
    # without her correlated residuals), so no level of invariance is claimed
    assert got.loc["configural", "decision"].startswith("poor fit")
    v = res.verdicts.iloc[0]
    assert list(res.verdicts.columns) == VERDICT_COLUMNS
    assert (v["level"], v["failed_step"], v["freed"]) == ("none", "configural", "")
    assert not v["means_comparable"] and not v["relations_comparable"] and v["tested"]


def test_partial_scalar_frees_the_noninvariant_intercept(sim_data):
    data = sim_data.assign(grp=sim_data["grp"].map({"A": 1, "B": 2}))
    cb = _codebook(SIM_CFA.measurement, {1: "A", 2: "B"})
    res = assess_invariance(data, cb, ["grp"])
    inv = res.invariance.set_index("model")
    assert list(inv.index) == ["configural", "metric", "scalar", "partial_scalar"]
    assert inv.loc["scalar", "decision"] == "fails"
    assert inv.loc["partial_scalar", "freed"] == "x3~1"
    assert inv.loc["partial_scalar", "decision"] == "holds"
    # the partial model is lavaan's group.partial = "x3~1", compared with metric
    ref = pd.read_csv(REF / "invariance" / "sim_partial_scalar_fit.csv").set_index("index")
    met = pd.read_csv(REF / "invariance" / "sim_metric_fit.csv").set_index("index")
    assert inv.loc["partial_scalar", "chisq"] == pytest.approx(ref.loc["chisq", "value"], abs=TOL)
    assert inv.loc["partial_scalar", "delta_df"] == 5
    assert inv.loc["partial_scalar", "delta_cfi"] == pytest.approx(
        ref.loc["cfi", "value"] - met.loc["cfi", "value"], abs=TOL
    )
    # lavaan's score test (modification index) of the scalar model ranks x3~1 first too
    score = pd.read_csv(REF / "invariance" / "sim_scalar_score.csv")
    assert score.sort_values("x2").iloc[-1]["lhs"] == "x3~1"
    v = res.verdicts.set_index("group_var").loc["grp"]
    assert (v["level"], v["failed_step"], v["freed"]) == ("partial_scalar", "scalar", "x3~1")
    assert v["means_comparable"] and v["relations_comparable"] and v["tested"]
    assert (v["n"], v["n_groups"], v["scales"]) == (850, 2, "F1;F2")


def test_structural_paths_compared_across_groups(sim_data):
    data = sim_data.assign(grp=sim_data["grp"].map({"A": 1, "B": 2}))
    cb = _codebook(
        {"F1": SIM_CFA.measurement["F1"], "F2": SIM_CFA.measurement["F2"]}, {1: "A", 2: "B"}
    )
    res = assess_invariance(data, cb, ["grp"], model={"structural": "F2 ~ F1"}, max_freed=1)
    paths = res.paths
    assert list(paths.columns) == PATH_COLUMNS
    assert list(paths["group"]) == ["A", "B"]
    free = pd.read_csv(REF / "invariance" / "sim_sem_metric_fit.csv").set_index("index")
    eq = pd.read_csv(REF / "invariance" / "sim_sem_metric_eqpath_fit.csv").set_index("index")
    dchi = eq.loc["chisq", "value"] - free.loc["chisq", "value"]
    np.testing.assert_allclose(paths["delta_chisq"], dchi, atol=TOL)
    assert (paths["delta_df"] == 1).all()
    assert (paths["delta_pvalue"] < 0.001).all()  # true paths 0.5 vs 0.1
    est = _key(pd.read_csv(REF / "invariance" / "sim_sem_metric_estimates.csv"))
    est = est[est["op"] == "~"].set_index("group")
    np.testing.assert_allclose(
        paths.set_index("group").loc[["A", "B"], "est"], est.loc[["A", "B"], "est"], atol=TOL
    )


def test_small_levels_and_numeric_groups_are_reported_not_tested(sim_data):
    data = sim_data.assign(
        grp=sim_data["grp"].map({"A": 1, "B": 2}),
        age=np.arange(len(sim_data)) % 40 + 20,
        tiny=np.where(np.arange(len(sim_data)) < 30, 1, 2),
    )
    cb = _codebook(
        SIM_CFA.measurement,
        {1: "A", 2: "B"},
        {
            "age": {"label": "Age", "type": "numeric", "range": [18, 65]},
            "tiny": {"label": "Tiny", "type": "categorical", "levels": {1: "few", 2: "many"}},
        },
    )
    res = assess_invariance(data, cb, ["age", "tiny"], min_group_n=100)
    inv = res.invariance.set_index("group_var")
    assert inv.loc["age", "decision"] == "not tested"
    assert "numeric" in inv.loc["age", "note"]
    assert inv.loc["tiny", "decision"] == "not tested"
    assert "few (30)" in inv.loc["tiny", "note"]
    assert np.isnan(inv.loc["tiny", "chisq"])
    v = res.verdicts.set_index("group_var")
    assert not v["tested"].any() and (v["level"] == "none").all()
    assert not v["means_comparable"].any() and not v["relations_comparable"].any()
    assert (v["failed_step"] == "").all() and (v["n"] == 0).all()
    assert "numeric" in v.loc["age", "reason"] and "few (30)" in v.loc["tiny", "reason"]
    # the report reads why, and which levels were left out, back from the reason
    from surveysem.invariance import left_out_levels, too_few_levels

    assert too_few_levels(v.loc["tiny", "reason"]) == 100
    assert left_out_levels(v.loc["tiny", "reason"]) == (100, (("few", 30),))
    assert too_few_levels(v.loc["age", "reason"]) == 0


def test_unknown_group_variable_is_a_value_error(sim_data):
    cb = _codebook(SIM_CFA.measurement, {1: "A", 2: "B"})
    with pytest.raises(ValueError, match="not a demographic of the codebook"):
        assess_invariance(sim_data, cb, ["nope"])


def test_structural_paths_holm_is_adjust_holm(sim_data):
    data = sim_data.assign(grp=sim_data["grp"].map({"A": 1, "B": 2}))
    cb = _codebook(SIM_CFA.measurement, {1: "A", 2: "B"})
    res = assess_invariance(
        data, cb, ["grp"], model={"structural": "F2 ~ F1\nF2 ~ x1"}, max_freed=0
    )
    single = res.paths[res.paths["path"] != "all paths"].drop_duplicates("path")
    assert len(single) == 2
    np.testing.assert_array_equal(single["p_holm"], holm(single["delta_pvalue"]))


def test_score_tests_equal_lavaan_lavtestscore(sim_data):
    ours = intercept_score_tests(sim_data, SIM_CFA, "grp").set_index("item")
    ref = pd.read_csv(REF / "invariance" / "sim_scalar_score.csv")
    ref = ref[ref["lhs"].str.endswith("~1")].assign(item=lambda r: r["lhs"].str[:-2])
    ref = ref.set_index("item")
    assert sorted(ours.index) == sorted(ref.index)
    np.testing.assert_allclose(ours.loc[ref.index, "x2"], ref["x2"], atol=1e-3)
    assert (ours["df"] == 1).all()
    # with x3 freed, x3 is no longer a candidate
    freed = intercept_score_tests(sim_data, SIM_CFA, "grp", free_intercepts=["x3"])
    assert "x3" not in set(freed["item"]) and len(freed) == 7


def _lr_drops(data, spec, group_col, items):
    """chisq(scalar) - chisq(scalar with one intercept freed), per item."""
    scal = fit_multigroup(data, spec, group_col, equal=EQUAL["scalar"])
    return pd.Series(
        {
            i: scal.fit_value("chisq")
            - fit_multigroup(
                data, spec, group_col, equal=EQUAL["scalar"], free_intercepts=[i],
                start=scal.local,
            ).fit_value("chisq")
            for i in items
        }
    )  # fmt: skip


@pytest.mark.parametrize("case", ["sim", "mbi"])
def test_score_test_chooses_the_intercept_the_likelihood_ratio_chooses(case, request):
    """The score statistic approximates the likelihood-ratio drop of freeing an intercept;
    the two could choose different intercepts only when two candidates are nearly tied. On
    the committed cases they choose the same one, and rank all candidates alike."""
    if case == "sim":
        data, spec, col = request.getfixturevalue("sim_data"), SIM_CFA, "grp"
    else:
        data, spec, col = request.getfixturevalue("mbi_data"), MBI, "level"
    score = intercept_score_tests(data, spec, col).set_index("item")["x2"]
    lr = _lr_drops(data, spec, col, list(score.index))
    assert score.idxmax() == lr.idxmax() == ("x3" if case == "sim" else "ITEM15")
    assert np.corrcoef(score.rank(), lr.rank())[0, 1] > 0.95


def test_score_and_likelihood_ratio_searches_free_the_same_intercepts(sim_data):
    data = sim_data.assign(grp=sim_data["grp"].map({"A": 1, "B": 2}))
    cb = _codebook(SIM_CFA.measurement, {1: "A", 2: "B"})
    part = {
        how: assess_invariance(data, cb, ["grp"], partial_search=how)
        .invariance.set_index("model")
        .loc["partial_scalar"]
        for how in ("score", "lr")
    }
    assert part["score"]["freed"] == part["lr"]["freed"] == "x3~1"
    assert part["score"]["chisq"] == pytest.approx(part["lr"]["chisq"], abs=1e-6)
    with pytest.raises(ValueError, match="partial_search"):
        assess_invariance(data, cb, ["grp"], partial_search="wald")


def test_results_do_not_depend_on_the_number_of_processes(sim_data):
    rng = np.random.default_rng(7)
    data = sim_data.assign(
        grp=sim_data["grp"].map({"A": 1, "B": 2}),
        half=rng.integers(1, 3, len(sim_data)),
        third=rng.integers(1, 4, len(sim_data)),
    )
    cb = _codebook(
        SIM_CFA.measurement,
        {1: "A", 2: "B"},
        {
            "half": {"label": "Half", "type": "categorical", "levels": {1: "h1", 2: "h2"}},
            "third": {"label": "Third", "type": "ordinal", "levels": {1: "t1", 2: "t2", 3: "t3"}},
        },
    )
    kw = {"model": {"structural": "F2 ~ F1"}, "min_group_n": 100}
    one = assess_invariance(data, cb, ["grp", "half", "third"], n_jobs=1, **kw)
    two = assess_invariance(data, cb, ["grp", "half", "third"], n_jobs=2, **kw)
    for name in ("invariance", "paths", "verdicts"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), check_exact=True)
    assert list(one.verdicts["group_var"]) == ["grp", "half", "third"]
    assert one.verdicts["tested"].all()


def test_default_scales_are_the_scales_compared_across_groups():
    rng = np.random.default_rng(3)
    n = 400
    f = rng.standard_normal((n, 3))
    cols = {f"{k}{j}": f[:, i] + 0.6 * rng.standard_normal(n) for i, k in enumerate("abc")
            for j in range(1, 4)}  # fmt: skip
    data = pd.DataFrame(cols).assign(grp=rng.integers(1, 3, n))
    raw = {
        "scales": {
            "A": {"label": "A", "role": "stressor", "items": ["a1", "a2", "a3"], "range": [-9, 9]},
            "B": {"label": "B", "role": "outcome", "items": ["b1", "b2", "b3"], "range": [-9, 9]},
            "C": {"label": "C", "role": "burnout", "items": ["c1", "c2", "c3"], "range": [-9, 9]},
        },
        "demographics": {"grp": {"label": "G", "type": "categorical", "levels": {1: "x", 2: "y"}}},
    }
    cb = parse_codebook(raw)
    assert compared_scales(cb) == ["B", "C"]
    res = assess_invariance(data, cb, ["grp"], max_freed=0)
    assert (res.invariance["scales"] == "B;C").all()
    assert res.verdicts.loc[0, "scales"] == "B;C"
    assert res.invariance.loc[0, "df"] == 2 * 8  # two 3-item factors per group
    compared = compare_groups(data, cb, ["grp"]).differences
    assert sorted(compared["outcome"].unique()) == ["B", "C"]
    no_roles = parse_codebook(
        {**raw, "scales": {k: {**v, "role": "other"} for k, v in raw["scales"].items()}}
    )
    assert compared_scales(no_roles) == ["A", "B", "C"]


def _verdict_for(inv: pd.DataFrame, model: str, **changes) -> pd.Series:
    """The verdict after changing one row of a real invariance table."""
    inv = inv.copy()
    i = inv.index[inv["model"] == model][0]
    for k, v in changes.items():
        inv.loc[i, k] = v
    return invariance_verdicts(inv).iloc[0]


def test_verdict_stops_at_the_first_failed_step(sim_data):
    data = sim_data.assign(grp=sim_data["grp"].map({"A": 1, "B": 2}))
    cb = _codebook(SIM_CFA.measurement, {1: "A", 2: "B"})
    inv = assess_invariance(data, cb, ["grp"]).invariance
    v = _verdict_for(inv, "configural", cfi=CONFIGURAL_CFI_MIN - 0.001)
    assert (v["tested"], v["level"], v["failed_step"]) == (True, "none", "configural")
    assert not v["relations_comparable"] and not v["means_comparable"]
    v = _verdict_for(inv, "metric", delta_cfi=DELTA_CFI_MIN - 0.001)
    assert (v["level"], v["failed_step"], v["freed"]) == ("configural", "metric", "")
    v = _verdict_for(inv, "metric", delta_rmsea=DELTA_RMSEA_MAX + 0.001)
    assert v["level"] == "configural"
    v = _verdict_for(inv, "metric", converged=False)
    assert v["level"] == "configural"
    # exactly at the cut-offs a step holds
    v = _verdict_for(inv, "partial_scalar", delta_cfi=DELTA_CFI_MIN, delta_rmsea=DELTA_RMSEA_MAX)
    assert v["level"] == "partial_scalar"
    v = _verdict_for(inv, "partial_scalar", delta_cfi=-0.02)
    assert (v["level"], v["failed_step"], v["freed"]) == ("metric", "scalar", "")
    assert "not reached after freeing x3~1" in v["reason"]
    # the table's own decision column follows the same rules
    decided = inv.set_index("model")["decision"]
    assert list(decided) == ["acceptable fit", "holds", "fails", "holds"]


def test_left_out_levels_read_back_what_the_verdict_wrote():
    from surveysem.invariance import LEFT_OUT, left_out_levels

    reason = LEFT_OUT.format(100, "divorced or widowed (39), other (7)") + "; partial scalar x"
    assert left_out_levels(reason) == (100, (("divorced or widowed", 39), ("other", 7)))
    assert left_out_levels("") == (0, ())


def test_too_few_levels_reads_back_what_the_verdict_wrote():
    from surveysem.invariance import LEFT_OUT, TOO_FEW_LEVELS, left_out_levels, too_few_levels

    reason = TOO_FEW_LEVELS.format("gender", 100) + "; " + LEFT_OUT.format(100, "female (0)")
    assert too_few_levels(reason) == 100
    assert left_out_levels(reason) == (100, (("female", 0),))
    assert too_few_levels("gender is numeric; invariance needs a categorical variable") == 0
