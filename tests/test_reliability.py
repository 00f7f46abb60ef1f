"""Tests for surveysem.reliability against psych 2.2.9 / semTools 0.5-6 / lavaan 0.6-14.

Reference values: tests/reference/R/reliability.R -> tests/reference/reliability/*.csv.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem import reliability as rel

REF = Path(__file__).parent / "reference" / "reliability"
REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA") or Path(__file__).parents[1] / ".." / "shared" / "realdata"
)
TOL = 1e-6

DATASETS = {
    "hs": (
        REF / "holzinger.csv",
        {
            "visual": ["x1", "x2", "x3"],
            "textual": ["x4", "x5", "x6"],
            "speed": ["x7", "x8", "x9"],
        },
    ),
    "mbi": (
        REALDATA / "byrne_teacher_burnout" / "MBIELM1.CSV",
        {
            "EE": [f"ITEM{i}" for i in (1, 2, 3, 6, 8, 13, 14, 16, 20)],
            "DP": [f"ITEM{i}" for i in (5, 10, 11, 15, 22)],
            "PA": [f"ITEM{i}" for i in (4, 7, 9, 12, 17, 18, 19, 21)],
        },
    ),
    "prasojo": (
        REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv",
        {
            "TSC": [f"TSC{i}" for i in range(1, 6)],
            "TE": [f"TE{i}" for i in range(1, 6)],
            "EE": [f"EE{i}" for i in range(1, 6)],
            "DE": [f"DE{i}" for i in range(1, 4)],
            "RPA": [f"RPA{i}" for i in range(1, 6)],
        },
    ),
}


def load(name: str) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    path, scales = DATASETS[name]
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/realdata is not beside this checkout)")
    return pd.read_csv(path), scales


def ref(name: str, table: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}_{table}.csv")


@pytest.mark.parametrize("name", list(DATASETS))
def test_alpha_and_feldt_ci_match_psych(name):
    data, scales = load(name)
    got = rel.scale_reliability(data, scales)
    exp = ref(name, "alpha")
    assert list(got["scale"]) == list(exp["scale"])
    for col in ["alpha", "alpha_ci_low", "alpha_ci_high"]:
        np.testing.assert_allclose(got[col], exp[col], atol=TOL, err_msg=col)
    np.testing.assert_allclose(got["alpha_std"], exp["std_alpha"], atol=TOL)
    assert (got["n"] == exp["n"]).all() and (got["n_items"] == exp["n_items"]).all()
    assert (got["alpha_ci_low"] < got["alpha"]).all() and (
        got["alpha"] < got["alpha_ci_high"]
    ).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_item_statistics_match_psych(name):
    data, scales = load(name)
    got = rel.item_statistics(data, scales)
    exp = ref(name, "items")
    assert list(got["item"]) == list(exp["item"])
    for col in ["mean", "sd", "item_total_r", "alpha_if_deleted"]:
        np.testing.assert_allclose(got[col], exp[col], atol=TOL, err_msg=col)


@pytest.mark.parametrize("name", list(DATASETS))
def test_omega_matches_semtools_one_factor(name):
    data, scales = load(name)
    got = rel.scale_reliability(data, scales).set_index("scale")["omega"]
    exp = ref(name, "omega").set_index("scale")["omega"]
    np.testing.assert_allclose(got.loc[exp.index], exp, atol=1e-5)


@pytest.mark.parametrize("name", list(DATASETS))
def test_cr_ave_match_semtools_and_fornell_larcker(name):
    _, scales = load(name)
    est = ref(name, "cfa_estimates")
    got = rel.composite_reliability(est, scales).set_index("scale")
    exp = ref(name, "cr_ave").set_index("scale")
    np.testing.assert_allclose(got["cr"], exp["cr_fl"], atol=1e-8)
    np.testing.assert_allclose(got["ave"], exp["ave_fl"], atol=1e-8)
    np.testing.assert_allclose(got["cr_semtools"], exp["cr_semtools_fitted"], atol=1e-8)
    np.testing.assert_allclose(got["ave_semtools"], exp["ave_semtools_fitted"], atol=1e-6)
    assert (got["cr_ok"] == (got["cr"] > 0.70)).all()
    assert (got["ave_ok"] == (got["ave"] > 0.50)).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_cr_semtools_is_comprelsem_with_its_defaults(name):
    # compRelSEM(fit) with obs.var = TRUE: the observed total variance of the items
    data, scales = load(name)
    items = [i for its in scales.values() for i in its]
    total = rel.observed_covariance(data, items)
    np.testing.assert_allclose(total.to_numpy(), np.cov(data[items], rowvar=False, bias=True))
    est = ref(name, "cfa_estimates")
    got = rel.composite_reliability(est, scales, total_cov=total).set_index("scale")
    exp = ref(name, "cr_ave").set_index("scale")
    np.testing.assert_allclose(got["cr_semtools"], exp["cr_semtools_observed"], atol=1e-8)
    assert np.max(np.abs(got["cr_semtools"] - exp["cr_semtools_fitted"])) > 1e-5
    full = rel.assess_reliability(data, scales, est).scales.set_index("scale")
    np.testing.assert_allclose(full["cr_semtools"], exp["cr_semtools_observed"], atol=1e-8)
    assert full["alpha_ordinal"].isna().all() and full["omega_categorical"].isna().all()


def test_cr_counts_residual_covariances():
    _, scales = load("hs")
    est = ref("hs", "cfa_estimates")
    base = rel.composite_reliability(est, scales).set_index("scale")
    extra = pd.DataFrame([{"lhs": "x4", "op": "~~", "rhs": "x5", "est": 0.1, "std_all": 0.1}])
    got = rel.composite_reliability(pd.concat([est, extra]), scales).set_index("scale")
    assert got.loc["textual", "cr"] < base.loc["textual", "cr"]
    assert got.loc["visual", "cr"] == base.loc["visual", "cr"]


@pytest.mark.parametrize("name", list(DATASETS))
def test_htmt_matches_semtools(name):
    data, scales = load(name)
    got = rel.htmt(data, scales)
    exp = ref(name, "htmt")
    assert list(zip(got.scale_a, got.scale_b, strict=True)) == list(
        zip(exp.scale_a, exp.scale_b, strict=True)
    )
    np.testing.assert_allclose(got["htmt"], exp["htmt"], atol=1e-8)
    np.testing.assert_allclose(got["htmt2"], exp["htmt2"], atol=1e-8)
    assert (got["pass_strict"] == (got["htmt"] < 0.85)).all()


def test_fornell_larcker_matrix():
    _, scales = load("hs")
    est = ref("hs", "cfa_estimates")
    fl = rel.fornell_larcker(est, scales)
    assert len(fl) == 9
    diag = fl[fl.kind == "sqrt_ave"].set_index("scale_a")["value"]
    exp = np.sqrt(ref("hs", "cr_ave").set_index("scale")["ave_fl"])
    np.testing.assert_allclose(diag.loc[exp.index], exp, atol=1e-8)
    lv = est[(est.op == "~~") & (est.lhs == "visual") & (est.rhs == "textual")]
    r = fl[(fl.scale_a == "textual") & (fl.scale_b == "visual")]["value"].iloc[0]
    assert r == pytest.approx(lv["std_all"].iloc[0], abs=1e-12)
    for _, row in fl[fl.kind == "latent_r"].iterrows():
        assert row["pass"] == (abs(row["value"]) < min(diag[row.scale_a], diag[row.scale_b]))


def test_assess_reliability_contract_columns():
    data, scales = load("hs")
    res = rel.assess_reliability(data, scales, ref("hs", "cfa_estimates"))
    assert list(res.scales.columns[:9]) == [
        "scale", "n_items", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "cr", "ave",
    ]  # fmt: skip
    assert list(res.items.columns[:7]) == [
        "scale", "item", "mean", "sd", "item_total_r", "alpha_if_deleted", "loading_std",
    ]  # fmt: skip
    est = ref("hs", "cfa_estimates")
    x1 = est[(est.op == "=~") & (est.rhs == "x1")]["std_all"].iloc[0]
    assert res.items.set_index("item").loc["x1", "loading_std"] == pytest.approx(x1)
    assert res.scales["cr"].notna().all()
    none = rel.assess_reliability(data, scales)
    assert none.scales["cr"].isna().all() and none.fornell_larcker.empty
    np.testing.assert_allclose(none.scales["alpha"], res.scales["alpha"])


def test_listwise_missing_and_hand_computed_alpha():
    df = pd.DataFrame(
        {"a": [1, 2, 3, 4, 5, np.nan], "b": [2, 2, 4, 4, 5, 1], "c": [1, 3, 3, 5, 4, 2]}
    )
    got = rel.cronbach_alpha(df, ["a", "b", "c"])
    x = df.dropna().to_numpy()
    c = np.cov(x, rowvar=False)
    expected = 3 / 2 * (1 - np.trace(c) / c.sum())
    assert got["n"].iloc[0] == 5
    assert got["alpha"].iloc[0] == pytest.approx(expected, abs=1e-12)


def test_errors_name_the_problem():
    df = pd.DataFrame({"a": [1, 2, 3], "b": [1, 2, 2]})
    with pytest.raises(ValueError, match="q9"):
        rel.scale_reliability(df, {"S": ["a", "q9"]})
    with pytest.raises(ValueError, match="both scale"):
        rel.item_statistics(df, {"S": ["a", "b"], "T": ["b"]})
    with pytest.raises(ValueError, match="std_all"):
        rel.composite_reliability(pd.DataFrame({"lhs": [], "op": [], "rhs": []}), ["S"])


def test_two_item_scale_and_composite():
    data, _ = load("hs")
    res = rel.assess_reliability(
        data, {"pair": ["x1", "x2"], "speed": ["x7", "x8", "x9"]}, ref("hs", "cfa_estimates")
    )
    s = res.scales.set_index("scale")
    assert np.isnan(s.loc["pair", "omega"]) and np.isnan(s.loc["pair", "cr"])
    assert np.isfinite(s.loc["pair", "alpha"]) and np.isfinite(s.loc["speed", "cr"])


# --------------------------------------------------------------------------- item analysis
def _item_analysis_vs_r(data, scales, ref):
    from surveysem.reliability import item_analysis

    got = item_analysis(data, scales).set_index(["scale", "item"])
    exp = pd.read_csv(Path(__file__).parent / "reference" / "reliability" / ref)
    worst = 0.0
    for r in exp.itertuples():
        g = got.loc[(r.scale, r.item)]
        assert (g["n_high"], g["n_low"]) == (r.n_high, r.n_low)
        for k in ("cr", "df", "pvalue", "t_welch", "df_welch", "p_welch", "item_total_r"):
            assert g[k] == pytest.approx(getattr(r, k), abs=1e-3), (r.item, k)
            worst = max(worst, abs(g[k] - getattr(r, k)))
        assert g["flagged"] == (
            not (g["cr"] >= 3 and g["pvalue"] < 0.05 and g["item_total_r"] >= 0.30)
        )
    return worst


def test_item_analysis_equals_r_hs():
    d = pd.read_csv(Path(__file__).parent / "reference" / "data" / "holzinger.csv")
    sc = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
    _item_analysis_vs_r(d, sc, "hs_item_analysis.csv")


def test_item_analysis_equals_r_real_data():
    import os

    root = Path(
        os.environ.get("SURVEYSEM_REALDATA")
        or Path(__file__).resolve().parents[2] / "shared" / "realdata"
    )
    path = root / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    if not path.is_file():
        pytest.skip(f"real data {path} is absent (set SURVEYSEM_REALDATA)")
    sc = {k: [f"{k}{i}" for i in range(1, n + 1)] for k, n in
          {"TSC": 5, "TE": 5, "EE": 5, "DE": 3, "RPA": 5}.items()}  # fmt: skip
    _item_analysis_vs_r(pd.read_csv(path), sc, "prasojo_item_analysis.csv")
