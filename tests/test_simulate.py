"""Tests of the default study's simulation (src/surveysem/simulate.py, data/*.yaml, survey.csv)."""

import copy
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest
import yaml

from surveysem.codebook import check_against_data, parse_codebook
from surveysem.simulate import DEMOGRAPHIC_COLUMNS, population_moments, simulate_survey

ROOT = Path(__file__).resolve().parents[1]
POPULATION = ROOT / "data" / "population.yaml"
CODEBOOK = ROOT / "data" / "codebook.yaml"
SURVEY = ROOT / "data" / "raw" / "survey.csv"


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def population():
    return _yaml(POPULATION)


@pytest.fixture(scope="module")
def codebook():
    return parse_codebook(_yaml(CODEBOOK), source=str(CODEBOOK))


@pytest.fixture(scope="module")
def survey(population, codebook):
    return simulate_survey(population, codebook)


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(SURVEY)


def _numeric(frame):
    """Cells as numbers; non-numeric text -> NaN; "3 " -> 3."""
    return frame.apply(lambda c: pd.to_numeric(c.astype(str).str.strip(), errors="coerce")).astype(
        float
    )


def _scored(raw, codebook):
    """Valid answers (out-of-range -> NaN), reverse-scored."""
    x = _numeric(raw[codebook.items])
    x = x.where((x >= 1) & (x <= 5))
    for s in codebook.scales:
        for item in s.reverse:
            x[item] = s.low + s.high - x[item]
    return x


def _alpha(x):
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))


# ----------------------------------------------------------------------------------------------
# files and determinism


def test_regenerating_gives_the_committed_bytes(tmp_path):
    out = tmp_path / "survey.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "workflow/scripts/simulate_survey.py"),
            str(POPULATION),
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert out.read_bytes() == SURVEY.read_bytes()
    assert SURVEY.stat().st_size < 1_000_000
    assert b"\r\n" not in SURVEY.read_bytes()


def test_same_population_same_survey(population, codebook, survey):
    again = simulate_survey(copy.deepcopy(population), codebook)
    pd.testing.assert_frame_equal(again.data, survey.data)
    pd.testing.assert_frame_equal(again.latent, survey.latent)
    pd.testing.assert_frame_equal(again.flaws, survey.flaws)


def test_other_seed_other_survey(population, codebook, survey):
    other = copy.deepcopy(population)
    other["seed"] = population["seed"] + 1
    assert not simulate_survey(other, codebook).latent["EE"].equals(survey.latent["EE"])


def test_csv_equals_the_data_frame(survey, raw):
    assert list(raw.columns) == list(survey.data.columns)
    assert len(raw) == len(survey.data)
    assert raw["respondent_id"].tolist() == survey.data["respondent_id"].tolist()
    a = _numeric(raw.drop(columns="respondent_id"))
    b = _numeric(survey.data.drop(columns="respondent_id"))
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


# ----------------------------------------------------------------------------------------------
# codebook and layout


def test_codebook_is_valid_and_matches_the_data(codebook, raw):
    schema = _yaml(ROOT / "workflow/schemas/codebook.schema.yaml")
    jsonschema.validate(_yaml(CODEBOOK), schema)
    check_against_data(codebook, raw, source=str(SURVEY))
    assert codebook.attention == {"aq1": 4.0, "aq2": 2.0}
    assert codebook.duration_column == "duration_sec"
    for s in codebook.scales:
        assert 3 <= len(s.items) <= 6, s.name
        assert (s.low, s.high) == (1, 5)
        assert set(s.item_text) == set(s.items), s.name
        assert s.label_zh, s.name
        if s.role in ("stressor", "resource"):
            assert s.level is not None, s.name
    assert codebook.scale("RE").reverse == codebook.scale("RE").items
    assert len(codebook.scale("EE").items) == 5
    assert sum(bool(s.reverse) for s in codebook.scales if s.name != "RE") >= 1


def test_column_order_and_ids(codebook, raw):
    demo = [d.name for d in codebook.demographics]
    assert demo == list(DEMOGRAPHIC_COLUMNS)
    assert list(raw.columns[:11]) == ["respondent_id", "duration_sec", *demo]
    questions = list(raw.columns[11:])
    assert [c for c in questions if c not in ("aq1", "aq2")] == codebook.items
    n_items = len(questions)
    for aq in ("aq1", "aq2"):
        assert 0.2 * n_items < questions.index(aq) < 0.8 * n_items
    assert raw["respondent_id"].str.fullmatch(r"P\d{5}").all()


def test_demographic_codes_and_ranges(codebook, raw):
    for d in codebook.demographics:
        values = raw[d.name].dropna()
        if d.levels:
            assert set(values.astype(float)) <= set(d.levels), d.name
        else:
            out = values[(values < d.low) | (values > d.high)]
            assert sorted(out.tolist()) == [3, 199, 320]


def test_structure_matches_the_study_file(population):
    config = _yaml(ROOT / "config.yaml")
    paths = set()
    for line in config["model"]["structural"].splitlines():
        if "~" in line:
            lhs, rhs = line.split("~")
            paths |= {(lhs.strip(), r.strip()) for r in rhs.split("+")}
    true = {(lhs, rhs) for lhs, row in population["latent"]["structural"].items() for rhs in row}
    inter = population["latent"].get("interactions", {})
    true |= {(lhs, term) for lhs, row in inter.items() for term in row}
    assert true == paths


# ----------------------------------------------------------------------------------------------
# the flaws, in the documented numbers


def test_flaw_table_counts(population, survey):
    f = population["flaws"]
    counts = survey.flaws.drop_duplicates(["row", "flaw", "column"])["flaw"].value_counts()
    expected = {
        "breakoff": f["breakoff"]["n"],
        "straightliner": f["straightliners"]["n"],
        "random_responder": f["random_responders"]["n"],
        "speeder": f["speeders"]["n"],
        "attention_slip": f["attention_slips"]["n"],
        "exact_duplicate": f["exact_duplicates"]["n"],
        "duplicate_id": f["duplicate_ids"]["n"],
        "out_of_range": f["out_of_range"]["n"],
        "non_numeric": f["non_numeric"]["n_na"] + f["non_numeric"]["n_x"],
        "padded_number": f["padded_numbers"]["n"],
        "age_typo": len(f["age_typos"]["values"]),
        "demographic_nonresponse": sum(f["demographic_nonresponse"].values()),
    }
    for flaw, n in expected.items():
        assert counts.get(flaw, 0) == n, flaw
    # sporadic non-response is ~1.2% of the attentive respondents' item cells
    n_cells = (population["n_respondents"] - 108) * 60
    assert 0.008 < counts["item_nonresponse"] / n_cells < 0.016


def test_flaws_are_in_the_data(population, codebook, raw, survey):
    f = population["flaws"]
    n = population["n_respondents"]
    assert len(raw) == n + f["exact_duplicates"]["n"]
    # exact duplicates: identical rows; duplicate IDs: same id, different answers
    assert raw.duplicated().sum() == f["exact_duplicates"]["n"]
    distinct = raw.drop_duplicates()
    assert distinct["respondent_id"].duplicated().sum() == f["duplicate_ids"]["n"]
    # speeders: the only completion times under 180 s
    assert (raw["duration_sec"] < 180).sum() == f["speeders"]["n"]
    assert raw["duration_sec"].median() == pytest.approx(600, rel=0.1)
    # break-offs: the last scale is entirely missing only for them
    last = list(codebook.scales[-1].items)
    assert distinct[last].isna().all(axis=1).sum() == f["breakoff"]["n"]
    # straight-liners: one value on every question, attention checks included
    questions = [*codebook.items, "aq1", "aq2"]
    q = _numeric(distinct[questions])
    one_value = q.nunique(axis=1, dropna=True).eq(1) & q.notna().all(axis=1)
    assert one_value.sum() == f["straightliners"]["n"]
    failed = (q["aq1"] != 4) | (q["aq2"] != 2)
    assert failed[one_value].all()
    # out-of-range typos and non-numeric entries
    items = distinct[codebook.items]
    x = _numeric(items)
    assert ((x < 1) | (x > 5)).sum().sum() == f["out_of_range"]["n"]
    text = items.astype(str)
    assert (text == "x").sum().sum() == f["non_numeric"]["n_x"]
    # pandas strips "3 " on reading; the file and the data frame hold the padded numbers
    raw_text = SURVEY.read_text(encoding="utf-8")
    assert len(re.findall(r",\d (?=,|\n)", raw_text)) >= f["padded_numbers"]["n"]
    for row, col in survey.flaws.query("flaw == 'padded_number'")[["row", "column"]].itertuples(
        index=False
    ):
        assert re.fullmatch(r"[1-5] ", survey.data.loc[row - 1, col])
    assert len(re.findall(r",N/A(?=,|\n)", raw_text)) >= f["non_numeric"]["n_na"]
    assert distinct["pay_band"].isna().sum() == f["demographic_nonresponse"]["pay_band"]


def test_missing_share_is_about_five_percent(codebook, raw, survey):
    x = _scored(raw.drop_duplicates(), codebook)
    assert 0.035 < x.isna().to_numpy().mean() < 0.065
    # non-response is concentrated on a few skippers, so listwise deletion keeps most of the
    # respondents without respondent-level flaws
    flagged = set(survey.flaws.query("column == '' or flaw in ['speeder', 'breakoff']")["row"])
    kept = _scored(raw[~raw.index.isin([r - 1 for r in flagged])], codebook)
    assert 0.70 < kept.notna().all(axis=1).mean() < 0.90


def test_attention_checks_pass_for_attentive_respondents(population, codebook, survey):
    d = survey.data
    bad_rows = set(
        survey.flaws.query(
            "flaw in ['straightliner', 'random_responder', 'attention_slip', 'breakoff']"
        )["row"]
    )
    attentive = d[~d.index.isin([r - 1 for r in bad_rows])]
    q = _numeric(attentive[["aq1", "aq2"]])
    assert ((q["aq1"] == 4) & (q["aq2"] == 2)).all()
    slips = d.iloc[survey.flaws.query("flaw == 'attention_slip'")["row"] - 1]
    q = _numeric(slips[["aq1", "aq2"]])
    assert ((q["aq1"] != 4) ^ (q["aq2"] != 2)).all()


# ----------------------------------------------------------------------------------------------
# psychometrics and the true model


def test_alphas_are_plausible(codebook, raw, survey):
    flagged = set(survey.flaws.query("column == '' or flaw == 'speeder'")["row"])
    keep = raw[~raw.index.isin([r - 1 for r in flagged])]
    x = _scored(keep, codebook)
    for s in codebook.scales:
        a = _alpha(x[list(s.items)].dropna())
        assert 0.70 <= a <= 0.92, (s.name, a)


def test_reverse_worded_items_correlate_negatively_before_scoring(codebook, raw):
    x = _numeric(raw[codebook.items])
    x = x.where((x >= 1) & (x <= 5))
    for scale, item, other in (("WL", "wl5", "wl1"), ("SS", "ss4", "ss1")):
        assert item in codebook.scale(scale).reverse
        assert x[item].corr(x[other]) < -0.2
    assert x["re1"].corr(x["ee1"]) < 0  # efficacy statements: high = less burnout


def test_latent_correlations_recovered(population, survey):
    lat = survey.latent
    n = len(lat)
    for a, row in population["latent"]["correlations"].items():
        for b, r in row.items():
            se = (1 - r**2) / np.sqrt(n)
            assert abs(lat[a].corr(lat[b]) - r) < 4 * se, (a, b)
    for name in [*population["latent"]["exogenous"], *population["latent"]["structural"]]:
        assert abs(lat[name].mean()) < 4 / np.sqrt(n), name
        assert abs(lat[name].var() - 1) < 4 * np.sqrt(2 / n), name


def test_structural_slopes_recovered(population, survey):
    lat = survey.latent
    n = len(lat)
    for lhs, row in population["latent"]["structural"].items():
        names = list(row)
        cols = [lat[r].to_numpy() for r in names]
        truth = [0.0, *row.values()]
        for term, w in population["latent"].get("interactions", {}).get(lhs, {}).items():
            a, b = term.split(":")
            corr = population["latent"]["correlations"]
            r = corr.get(a, {}).get(b, corr.get(b, {}).get(a, 0.0))
            cols.append(lat[a].to_numpy() * lat[b].to_numpy())
            names.append(term)
            truth.append(w / np.sqrt(1 + r**2))
        if f"demo_{lhs}" in lat:
            cols.append(lat[f"demo_{lhs}"].to_numpy())
        X = np.column_stack([np.ones(n), *cols])
        y = lat[lhs].to_numpy()
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ beta
        sigma2 = resid @ resid / (n - X.shape[1])
        se = np.sqrt(np.diag(sigma2 * np.linalg.inv(X.T @ X)))
        labels = ["intercept", *names]
        if f"demo_{lhs}" in lat:
            truth.append(1.0)
            labels.append("demographic shift")
        for b, s, t, name in zip(beta, se, truth, labels, strict=True):
            assert abs(b - t) < 4 * s, (lhs, name, b, t)


def test_residual_variances_give_unit_latent_variances(population):
    m = population_moments(population, n_draws=200_000)
    psi = m.parameters.query("op == '~~' and lhs == rhs").set_index("lhs")["value"]
    assert list(psi.index) == list(population["latent"]["structural"])
    assert ((psi > 0.3) & (psi < 0.8)).all()


def test_group_means_follow_the_demographic_effects(population, survey):
    m = population_moments(population)
    g = m.group_means.set_index(["group_var", "level", "latent"])["mean"]
    # gender is independent of everything else, so the EE gap is the direct effect, and the
    # DP gap is that effect carried through EE -> DP
    female_gap = g[("gender", 2.0, "EE")] - g[("gender", 1.0, "EE")]
    assert female_gap == pytest.approx(0.20, abs=0.01)
    dp_gap = g[("gender", 2.0, "DP")] - g[("gender", 1.0, "DP")]
    assert dp_gap == pytest.approx(0.20 * 0.55, abs=0.01)
    # education has no effect at all
    edu = m.group_means.query("group_var == 'education'")["mean"]
    assert edu.abs().max() < 0.01
    # the sample recovers the population gap within sampling error
    lat = survey.latent.assign(
        gender=survey.data["gender"].to_numpy()[survey.latent["row"].to_numpy() - 1]
    )
    sample_gap = lat.groupby("gender")["EE"].mean()
    se = np.sqrt(1 / (lat["gender"] == 1).sum() + 1 / (lat["gender"] == 2).sum())
    assert abs(sample_gap[2] - sample_gap[1] - female_gap) < 4 * se


def test_bad_population_is_a_value_error(population, codebook):
    bad = copy.deepcopy(population)
    del bad["measurement"]["loadings"]["wl1"]
    with pytest.raises(ValueError, match="loadings.wl1"):
        simulate_survey(bad, codebook)
    bad = copy.deepcopy(population)
    bad["latent"]["structural"]["EE"]["WL"] = 1.5
    with pytest.raises(ValueError, match="structural.EE"):
        simulate_survey(bad, codebook)
    bad = copy.deepcopy(population)
    bad["latent"]["structural"] = {"DP": {"EE": 0.5}, **bad["latent"]["structural"]}
    with pytest.raises(ValueError, match="causal order"):
        simulate_survey(bad, codebook)
