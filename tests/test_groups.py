"""Tests for surveysem.groups against R (tests/reference/R/groups.R -> tests/reference/groups/).

R: t.test(var.equal = FALSE), oneway.test(var.equal = FALSE), Games-Howell hand-coded with
ptukey/qtukey, effectsize 0.8.3 (hedges_g, rank_biserial, omega_squared, rank_epsilon_squared),
wilcox.test, kruskal.test, p.adjust("holm"), lm + car::vif.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem.codebook import parse_codebook, read_codebook
from surveysem.groups import (
    DIFFERENCE_COLUMNS,
    compare_groups,
    games_howell,
    hedges_g,
    holm,
    kruskal_wallis,
    mann_whitney,
    omega_squared,
    studentized_range_ppf,
    studentized_range_sf,
    welch_anova,
    welch_t,
)

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference" / "groups"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA") or ROOT.parent / "shared" / "realdata")
TOL = 1e-6

CONTRACT_DIFF = [
    "outcome",
    "group_var",
    "test",
    "statistic",
    "df1",
    "df2",
    "pvalue",
    "p_holm",
    "effect_size",
    "effect_size_name",
    "es_ci_low",
    "es_ci_high",
]


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / name, keep_default_na=True)


def fixture_codebook():
    return parse_codebook(
        {
            "scales": {
                "EE": {
                    "label": "EE",
                    "role": "burnout",
                    "items": ["ee1", "ee2", "ee3"],
                    "range": [1, 5],
                },
                "DP": {"label": "DP", "role": "burnout", "items": ["dp1", "dp2"], "range": [1, 5]},
            },
            "demographics": {
                "gender": {"label": "G", "type": "categorical", "levels": {1: "male", 2: "female"}},
                "band": {
                    "label": "B",
                    "type": "ordinal",
                    "levels": {1: "junior", 2: "middle", 3: "senior"},
                },
                "station": {
                    "label": "S",
                    "type": "categorical",
                    "levels": {1: "city", 2: "town", 3: "rural", 4: "border"},
                },
                "age": {"label": "A", "type": "numeric", "range": [18, 80]},
            },
        }
    )


@pytest.fixture(scope="module")
def fixture_result():
    data = ref("fixture.csv")
    return compare_groups(data, fixture_codebook(), ["gender", "band", "station"])


def assert_close(a, b, tol=TOL):
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    assert a.shape == b.shape
    assert np.array_equal(np.isnan(a), np.isnan(b)), (a, b)
    ok = ~np.isnan(a)
    np.testing.assert_allclose(a[ok], b[ok], rtol=0, atol=tol)


# ------------------------------------------------------------------ fixture vs R


def test_differences_match_r(fixture_result):
    got = fixture_result.differences
    want = ref("fixture_differences.csv")
    assert list(got.columns[: len(CONTRACT_DIFF)]) == CONTRACT_DIFF
    assert list(got.columns) == DIFFERENCE_COLUMNS
    assert got[["outcome", "group_var", "test", "effect_size_name", "family"]].equals(
        want[["outcome", "group_var", "test", "effect_size_name", "family"]]
    )
    for col in [
        "statistic",
        "df1",
        "df2",
        "pvalue",
        "p_holm",
        "effect_size",
        "es_ci_low",
        "es_ci_high",
        "n",
        "k",
    ]:
        assert_close(got[col], want[col], 1e-6 if col not in ("es_ci_low", "es_ci_high") else 1e-5)
    # at least one omega-squared is positive with a positive lower bound: the CI is exercised
    assert (got["es_ci_low"] > 0).any()


def test_posthoc_match_r(fixture_result):
    got = fixture_result.posthoc
    want = ref("fixture_posthoc.csv")
    assert list(got.columns) == list(want.columns)
    assert got[["outcome", "group_var", "level_a", "level_b"]].equals(
        want[["outcome", "group_var", "level_a", "level_b"]]
    )
    for col in ["diff", "se", "t", "df", "hedges_g"]:
        assert_close(got[col], want[col], 1e-9)
    # studentized-range quadrature vs R's ptukey
    assert_close(got["pvalue"], want["pvalue"], 1e-5)
    # R's qtukey stops its secant search at eps = 1e-4, so at df ~ 2 (the n = 3 "border"
    # station) R's CI bounds are off by up to 3e-4; scipy agrees with ours to 1e-9
    # (test_studentized_range_against_scipy)
    for col in ["ci_low", "ci_high"]:
        assert_close(got[col], want[col], 1e-3)


def test_descriptives_match_r(fixture_result):
    got = fixture_result.descriptives
    want = ref("fixture_descriptives.csv")
    assert list(got.columns) == list(want.columns)
    assert got[["outcome", "group_var", "level"]].equals(want[["outcome", "group_var", "level"]])
    assert_close(got["n"], want["n"], 0)
    assert_close(got["mean"], want["mean"], 1e-12)
    assert_close(got["sd"], want["sd"], 1e-12)
    assert got["suppressed"].tolist() == want["suppressed"].tolist()
    assert_close(got["ci_low"], want["ci_low"], 1e-12)
    assert_close(got["ci_high"], want["ci_high"], 1e-12)
    # the tiny "border" station (n = 3) is suppressed
    assert got.loc[got["level"] == "border", "suppressed"].all()


def test_regression_match_r(fixture_result):
    got = fixture_result.regression
    want = ref("fixture_regression.csv")
    assert len(got) == len(want)
    for col in ["b", "se", "t", "pvalue", "ci_low", "ci_high", "beta", "vif"]:
        assert_close(got[col], want[col], 1e-9)
    assert got["term"].iloc[1] == "gender: female"
    gv = ref("fixture_gvif.csv")
    first = got.dropna(subset=["gvif"])
    assert_close(first["gvif"], gv["gvif"], 1e-9)
    assert_close(first["gvif_adj"], gv["gvif_adj"], 1e-9)
    fit = fixture_result.regression_fit
    wfit = ref("fixture_regression_fit.csv")
    for col in ["n", "r2", "adj_r2", "f", "df1", "df2", "pvalue"]:
        assert_close(fit[col], wfit[col], 1e-9)


# ------------------------------------------------------------------ real data vs R

needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"real data folder {REALDATA} absent (only on developer machines)"
)


@needs_realdata
def test_realdata_two_and_three_groups_match_r():
    want = ref("realdata_differences.csv")
    saw = pd.read_csv(REALDATA / "stress_at_work" / "StressAtWork.csv")
    ee = saw[["bo1", "bo6", "bo12", "bo19"]].mean(axis=1).to_numpy()
    a, b = ee[saw["sex"] == 1], ee[saw["sex"] == 2]

    def load(f):
        d = pd.read_csv(REALDATA / "byrne_teacher_burnout" / f)
        return d[["EE1", "EE2", "EE3"]].mean(axis=1).to_numpy()

    e1, e2, sec = load("ELEMIND1.CSV"), load("ELEMIND2.CSV"), load("ALLSEC.CSV")
    rows = []
    for x, y in [(a, b), (e1, sec)]:
        t, df, p = welch_t(x, y)
        g, lo, hi = hedges_g(x, y)
        rows.append([t, df, np.nan, p, g, lo, hi])
        u, p, r, lo, hi = mann_whitney(x, y)
        rows.append([u, np.nan, np.nan, p, r, lo, hi])
    vals = np.concatenate([e1, e2, sec])
    grp = np.repeat([0, 1, 2], [len(e1), len(e2), len(sec)])
    f, df1, df2, p = welch_anova(vals, grp)
    w, lo, hi = omega_squared(vals, grp)
    rows.append([f, df1, df2, p, w, lo, hi])
    h, df, p, e = kruskal_wallis(vals, grp)
    rows.append([h, df, np.nan, p, e, np.nan, np.nan])
    got = pd.DataFrame(
        rows,
        columns=["statistic", "df1", "df2", "pvalue", "effect_size", "es_ci_low", "es_ci_high"],
    )
    for col in got.columns:
        assert_close(got[col], want[col], 1e-5)
    # Games-Howell on the three Byrne samples
    gh = games_howell(vals, pd.Categorical(np.array(["elem1", "elem2", "secondary"])[grp]))
    wgh = ref("realdata_posthoc.csv")
    for col in ["diff", "se", "t", "df", "pvalue", "ci_low", "ci_high", "hedges_g"]:
        assert_close(gh[col], wgh[col], 1e-5)


@needs_realdata
def test_realdata_regression_matches_r():
    saw = pd.read_csv(REALDATA / "stress_at_work" / "StressAtWork.csv")
    saw["TP"] = saw[["zd1", "zd2", "zd6"]].mean(axis=1)
    cb = parse_codebook(
        {
            "scales": {
                "EE": {
                    "label": "EE",
                    "role": "burnout",
                    "items": ["bo1", "bo6", "bo12", "bo19"],
                    "range": [1, 7],
                },
            },
            "demographics": {
                "sex": {"label": "Sex", "type": "categorical", "levels": {1: "s1", 2: "s2"}},
                "TP": {"label": "Time pressure", "type": "numeric", "range": [1, 7]},
            },
        }
    )
    res = compare_groups(saw, cb, ["sex"])
    want = ref("realdata_regression.csv")
    for col in ["b", "se", "t", "pvalue", "ci_low", "ci_high", "beta", "vif"]:
        assert_close(res.regression[col], want[col], 1e-9)
    wfit = ref("realdata_regression_fit.csv")
    for col in ["n", "r2", "adj_r2", "f", "df1", "df2", "pvalue"]:
        assert_close(res.regression_fit[col], wfit[col], 1e-9)
    # the Welch t row of compare_groups agrees with the R row (sex: s2 minus s1)
    wdiff = ref("realdata_differences.csv").iloc[0]
    row = res.differences.iloc[0]
    assert row["test"] == "welch_t"
    for col in ["statistic", "df1", "pvalue", "effect_size", "es_ci_low", "es_ci_high"]:
        assert row[col] == pytest.approx(wdiff[col], abs=1e-6)


# ------------------------------------------------------------------ building blocks


def test_holm_matches_r_definition():
    p = np.array([0.01, 0.04, np.nan, 0.03, 0.5])
    # p.adjust(c(0.01, 0.04, 0.03, 0.5), "holm") = 0.04 0.09 0.09 0.5
    assert_close(holm(p), [0.04, 0.09, np.nan, 0.09, 0.5], 1e-12)
    assert np.isnan(holm([np.nan])).all()


def test_studentized_range_against_scipy():
    for q, k, df in [(3.5, 4, 57.3), (1.0, 3, 10), (5, 5, 3.2), (2.2, 3, 1000), (3.1, 3, 2.1)]:
        assert studentized_range_sf(q, k, df) == pytest.approx(
            stats.studentized_range.sf(q, k, df), abs=1e-6
        )
    for k, df in [(4, 2.16079806), (3, 7.5), (6, 400.0)]:
        assert studentized_range_ppf(0.95, k, df) == pytest.approx(
            stats.studentized_range.ppf(0.95, k, df), abs=1e-7
        )
    # R: qtukey(0.95, 4, 57.3) = 3.742093
    assert studentized_range_ppf(0.95, 4, 57.3) == pytest.approx(3.742093, abs=1e-5)


def test_games_howell_two_groups_is_welch():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 30), rng.normal(0.5, 2, 40)
    gh = games_howell(np.concatenate([a, b]), np.repeat(["a", "b"], [30, 40]))
    t, df, p = welch_t(a, b)
    assert gh["t"].iloc[0] == pytest.approx(t)
    assert gh["pvalue"].iloc[0] == pytest.approx(p, abs=1e-6)


def test_group_validation_names_the_key():
    data = ref("fixture.csv")
    cb = fixture_codebook()
    with pytest.raises(
        ValueError, match=r"analysis\.groups: 'rank' is not in the codebook.*gender, band, station"
    ):
        compare_groups(data, cb, ["rank"])
    with pytest.raises(ValueError, match=r"analysis\.groups: 'age' is numeric"):
        compare_groups(data, cb, ["age"])
    bad = data.copy()
    bad.loc[0, "station"] = 9
    with pytest.raises(ValueError, match=r"'station'.*9.*levels"):
        compare_groups(bad, cb, ["station"])


def test_small_and_constant_levels_are_left_out():
    data = ref("fixture.csv").copy()
    # one respondent in "border", so that level cannot enter the tests
    keep = (data["station"] != 4) | (data.index == data.index[data["station"] == 4][0])
    data = data[keep]
    res = compare_groups(data, fixture_codebook(), ["station"])
    row = res.differences.iloc[0]
    assert row["k"] == 3
    assert "border (n=1)" in row["note"]
    assert set(res.posthoc["level_b"]) | set(res.posthoc["level_a"]) == {"city", "town", "rural"}


def test_a_group_variable_with_one_level_is_flagged_not_compared():
    data = ref("fixture.csv").copy()
    data["gender"] = data["gender"].iloc[0]  # every analysed respondent in one level
    res = compare_groups(data, fixture_codebook(), ["gender", "station"])
    d = res.differences
    one = d[d["group_var"] == "gender"]
    assert not one.empty and not one["compared"].any()
    assert one["pvalue"].isna().all() and one["p_holm"].isna().all()
    assert one["note"].str.contains("fewer than two levels to compare").all()
    assert (one["k"] == 1).all()
    assert d.loc[d["group_var"] == "station", "compared"].all()
    # Holm counts only the comparisons that ran
    st = d[(d["group_var"] == "station") & (d["family"] == "parametric")]
    assert np.allclose(st["p_holm"], holm(st["pvalue"].to_numpy()))


def test_labels_are_used_and_direction_is_later_minus_first(fixture_result):
    d = fixture_result.descriptives
    ee = d[(d.outcome == "EE") & (d.group_var == "gender")].set_index("level")
    row = fixture_result.differences.iloc[0]
    assert row["levels"] == "male;female"
    assert np.sign(row["statistic"]) == np.sign(ee.loc["female", "mean"] - ee.loc["male", "mean"])


# ------------------------------------------------------------------ default study: truth recovered

DEFAULT = ROOT / "data" / "raw" / "survey.csv"


def _simple_clean(raw: pd.DataFrame, cb) -> pd.DataFrame:
    """A quick screen (duplicates, attention checks, speeders) and reverse-scoring."""
    d = raw.drop_duplicates(subset=[c for c in raw.columns if c != "respondent_id"])
    d = d.drop_duplicates("respondent_id").copy()
    num = cb.items + [x.name for x in cb.demographics] + list(cb.attention) + ["duration_sec"]
    d[num] = d[num].apply(pd.to_numeric, errors="coerce")
    ok = d["duration_sec"] >= 180
    for item, answer in cb.attention.items():
        ok = ok & (d[item] == answer)
    d = d[ok].copy()
    for s in cb.scales:
        for i in s.reverse:
            d[i] = s.low + s.high - d[i]
    return d


@pytest.mark.skipif(
    not DEFAULT.is_file(), reason="default data (data/raw/survey.csv) not generated"
)
def test_default_study_recovers_population_demographic_effects():
    import yaml

    cb = read_codebook(str(ROOT / "data" / "codebook.yaml"))
    pop = yaml.safe_load((ROOT / "data" / "population.yaml").read_text(encoding="utf-8"))
    data = _simple_clean(pd.read_csv(DEFAULT, dtype=str), cb)
    res = compare_groups(
        data, cb, ["gender", "marital", "service_band", "post", "pay_band", "station"]
    )
    # Score units per latent SD of EE: a shift delta of the latent moves item i's response
    # variable by lambda_i * delta; E[item] = 1 + sum_j Phi(y* - tau_j), so the slope at the
    # population centre is mean_i lambda_i * sum_j phi(tau_j).
    items = cb.scale("EE").items
    lam = np.array([pop["measurement"]["loadings"][i] for i in items])
    tau = np.array(pop["measurement"]["thresholds"]["EE"])
    slope = float(lam.mean() * stats.norm.pdf(tau).sum())
    shifts = pop["demographic_effects"]["EE"]
    reg = res.regression[res.regression["outcome"] == "EE"].iloc[1:]
    lines = []
    for _, r in reg.iterrows():
        d = cb.demographic(r["variable"])
        if d.type == "numeric":
            true = 0.0
        else:
            codes = {v: k for k, v in d.levels.items()}
            eff = {float(k): v for k, v in shifts.get(d.name, {}).items()}
            ref_code = next(iter(d.levels))
            true = slope * (eff.get(codes[r["level"]], 0.0) - eff.get(ref_code, 0.0))
        z = (r["b"] - true) / r["se"]
        lines.append(
            f"{r['term']:35s} true {true:+.3f}  estimate {r['b']:+.3f} (se {r['se']:.3f}) z {z:+.2f}"
        )
        # simultaneous band over the ~21 coefficients (Bonferroni: 21 x 0.001 = 0.02)
        assert abs(z) < 3.29, "\n".join(lines)
    print("\n".join(lines))
    # female - male difference in EE: true 0.20 latent SD = slope * 0.20 score units
    ee = res.differences.query("outcome == 'EE' and group_var == 'gender'").iloc[0]
    desc = res.descriptives.query("outcome == 'EE' and group_var == 'gender'").set_index("level")
    diff = desc.loc["female", "mean"] - desc.loc["male", "mean"]
    true_diff = slope * 0.20
    se = diff / ee["statistic"]
    print(
        f"EE female - male: true {true_diff:.3f}, estimate {diff:.3f} (se {se:.3f}), "
        f"Welch p = {ee['pvalue']:.4f}, g = {ee['effect_size']:.3f}"
    )
    assert ee["statistic"] > 0 and ee["pvalue"] < 0.05
    assert abs(diff - true_diff) < 1.96 * se


# ------------------------------------------------------------------ the Snakemake rule


def test_rule_compare_groups_writes_the_contract_tables(tmp_path):
    import subprocess
    import sys

    import yaml

    cb_raw = {
        "scales": {
            "EE": {
                "label": "EE",
                "role": "burnout",
                "items": ["ee1", "ee2", "ee3"],
                "range": [1, 5],
            },
            "DP": {"label": "DP", "role": "outcome", "items": ["dp1", "dp2"], "range": [1, 5]},
        },
        "demographics": {
            "gender": {"label": "G", "type": "categorical", "levels": {1: "male", 2: "female"}},
            "band": {
                "label": "B",
                "type": "ordinal",
                "levels": {1: "junior", 2: "middle", 3: "senior"},
            },
        },
    }
    (tmp_path / "codebook.yaml").write_text(
        yaml.safe_dump(cb_raw, sort_keys=False), encoding="utf-8"
    )
    (tmp_path / "results" / "clean").mkdir(parents=True)
    ref("fixture.csv").to_csv(tmp_path / "results" / "clean" / "data.csv", index=False)
    rules = ROOT / "workflow" / "rules" / "groups.smk"
    (tmp_path / "Snakefile").write_text(
        "from surveysem.codebook import read_codebook\n"
        "from surveysem.outputs import rule_outputs\n"
        "config = {'codebook': 'codebook.yaml', 'analysis': {'groups': ['gender', 'band'], "
        "'ci_level': 0.95}, 'cleaning': {'max_missing_share': 0.5}}\n"
        "CODEBOOK = read_codebook('codebook.yaml')\n"
        "def study_path(p):\n    return p\n"
        "def code(*modules):\n    return []\n"
        f"include: {str(rules)!r}\n",
        encoding="utf-8",
    )
    snakemake = Path(sys.executable).with_name("snakemake")
    proc = subprocess.run(
        [str(snakemake), "--cores", "1", "results/groups/differences.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    diff = pd.read_csv(tmp_path / "results" / "groups" / "differences.csv")
    assert list(diff.columns[: len(CONTRACT_DIFF)]) == CONTRACT_DIFF
    assert diff["test"].tolist() == ["welch_t", "welch_t"] + ["welch_anova", "kruskal_wallis"] * 2
    assert diff["outcome"].tolist() == ["EE", "DP", "EE", "EE", "DP", "DP"]
    desc = pd.read_csv(tmp_path / "results" / "groups" / "descriptives.csv")
    assert set(desc["level"]) == {"male", "female", "junior", "middle", "senior"}
    fit = pd.read_csv(tmp_path / "results" / "groups" / "regression_fit.csv")
    assert fit["outcome"].tolist() == ["EE"]  # regression only for burnout-role scales
    assert (tmp_path / "results" / "groups" / "posthoc.csv").is_file()


# --------------------------------------------------------------------------- classic tests
def _classic_fixture():
    fx = pd.read_csv(Path(__file__).parent / "reference" / "groups" / "fixture.csv")
    d = fx.dropna(subset=["ee1", "ee2", "ee3", "band"])
    return d[["ee1", "ee2", "ee3"]].mean(axis=1).to_numpy(), d["band"].astype(int).to_numpy()


def test_levene_student_t_and_anova_equal_r():
    from surveysem.groups import levene_test, oneway_anova, student_t

    ref = pd.read_csv(Path(__file__).parent / "reference" / "groups" / "classic_tests.csv")
    ref = ref.set_index("test")
    y, g = _classic_fixture()
    for center in ("median", "mean"):
        got = levene_test(y, g, center=center)
        exp = ref.loc[f"levene_{center}"]
        assert got["statistic"] == pytest.approx(exp["statistic"], abs=1e-9)
        assert got["pvalue"] == pytest.approx(exp["pvalue"], abs=1e-9)
        assert (got["df1"], got["df2"]) == (exp["df1"], exp["df2"])
    f, df1, df2, p = oneway_anova(y, g)
    assert (f, p) == pytest.approx(
        (ref.loc["anova", "statistic"], ref.loc["anova", "pvalue"]), abs=1e-9
    )
    t, df, p = student_t(y[g == 1], y[g == 2])
    exp = ref.loc["student_t_1_2"]
    assert (t, df, p) == pytest.approx((exp["statistic"], exp["df1"], exp["pvalue"]), abs=1e-9)


def test_lsd_scheffe_and_tamhane_equal_r():
    from surveysem.groups import classic_posthoc

    ref = pd.read_csv(Path(__file__).parent / "reference" / "groups" / "classic_posthoc.csv")
    y, g = _classic_fixture()
    eq = classic_posthoc(y, g, equal_var=True)
    un = classic_posthoc(y, g, equal_var=False)
    for r in ref.itertuples():
        key = (eq["level_a"] == r.level_a) & (eq["level_b"] == r.level_b)
        lsd = eq[key & (eq["method"] == "LSD")].iloc[0]
        sch = eq[key & (eq["method"] == "Scheffe")].iloc[0]
        tam = un[(un["level_a"] == r.level_a) & (un["level_b"] == r.level_b)].iloc[0]
        assert lsd["diff"] == pytest.approx(r.diff, abs=1e-9)
        assert (lsd["statistic"], lsd["pvalue"]) == pytest.approx((r.t_lsd, r.p_lsd), abs=1e-9)
        assert (sch["statistic"], sch["pvalue"]) == pytest.approx(
            (r.f_scheffe, r.p_scheffe), abs=1e-9
        )
        assert (tam["statistic"], tam["df"], tam["pvalue"]) == pytest.approx(
            (r.t_welch, r.df_welch, r.p_tamhane), abs=1e-9
        )
    assert set(un["method"]) == {"Tamhane T2"} and set(eq["method"]) == {"LSD", "Scheffe"}


def test_classic_comparison_lets_levene_choose_the_posthoc_family():
    from surveysem.groups import classic_comparison, levene_test

    y, g = _classic_fixture()
    samples = {lv: y[g == lv] for lv in (1, 2, 3)}
    row, ph = classic_comparison(samples, [1, 2, 3])
    lev = levene_test(y, g)
    assert row["levene_pvalue"] == pytest.approx(lev["pvalue"]) and row["test"] == "anova"
    assert row["equal_var"] == (lev["pvalue"] >= 0.05)
    assert set(ph["method"]) == ({"LSD", "Scheffe"} if row["equal_var"] else {"Tamhane T2"})
    two, ph2 = classic_comparison(samples, [1, 2])
    assert two["test"] == "student_t" and ph2.empty
    ref = pd.read_csv(Path(__file__).parent / "reference" / "groups" / "classic_tests.csv")
    # t of level 2 minus level 1 = minus R's t of 1 minus 2
    assert two["statistic"] == pytest.approx(
        -ref.set_index("test").loc["student_t_1_2", "statistic"]
    )
