"""Scale scores, their levels and correlations (against R: psych, t.test, cor.test)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_groups import fixture_codebook

from surveysem.codebook import parse_codebook
from surveysem.scores import describe_scores, sample_profile, scale_scores

REF = Path(__file__).parent / "reference"


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / "groups" / name)


def assert_close(a, b, tol=1e-12):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), atol=tol, equal_nan=True)


def test_scale_scores_match_r():
    data = ref("fixture.csv")
    got = scale_scores(data, fixture_codebook())
    want = ref("fixture_scores.csv")
    assert_close(got["EE"], want["EE"], 1e-12)
    assert_close(got["DP"], want["DP"], 1e-12)
    # respondents 3 and 17 answered 1 of 3 EE items: below min_share -> no score
    assert got["EE"].isna().sum() == 2
    # respondent 5 answered 1 of 2 DP items: exactly min_share -> scored from that item
    assert got.loc[4, "DP"] == data.loc[4, "dp2"]


def test_scale_scores_min_share():
    data = pd.DataFrame({"a": [1, np.nan, np.nan], "b": [3, 3, np.nan], "c": [5, np.nan, 2]})
    cb = parse_codebook(
        {
            "scales": {
                "S": {"label": "S", "role": "burnout", "items": ["a", "b", "c"], "range": [1, 5]}
            }
        }
    )
    assert_close(scale_scores(data, cb)["S"], [3, np.nan, np.nan])
    assert_close(scale_scores(data, cb, min_share=0.3)["S"], [3, 3, 2])
    with pytest.raises(ValueError, match="min_share"):
        scale_scores(data, cb, min_share=0)


def test_descriptives_and_midpoint_tests_match_r():
    got = describe_scores(ref("fixture.csv"), fixture_codebook()).descriptives.set_index("scale")
    want = pd.read_csv(REF / "scores" / "fixture_descriptives.csv").set_index("scale")
    for col in want.columns:
        assert_close(got.loc[want.index, col], want[col], 1e-9)
    assert (got["midpoint"] == 3).all() and (got["scale_min"] == 1).all()


def test_correlations_match_cor_test():
    got = describe_scores(ref("fixture.csv"), fixture_codebook()).correlations.iloc[0]
    want = pd.read_csv(REF / "scores" / "fixture_correlations.csv").iloc[0]
    assert (got["scale_a"], got["scale_b"]) == ("EE", "DP")
    for col in ("r", "n", "pvalue", "ci_low", "ci_high"):
        assert got[col] == pytest.approx(want[col], abs=1e-9)


def test_sample_profile_counts_and_suppression():
    data = ref("fixture.csv")
    prof = sample_profile(data, fixture_codebook(), min_cell=5)
    g = prof[(prof["variable"] == "gender") & (prof["level"] != "missing")].set_index("level")
    assert g["n"].sum() == data["gender"].notna().sum()
    assert g["share"].sum() == pytest.approx(1.0)
    age = prof[prof["variable"] == "age"].iloc[0]
    assert age["mean"] == pytest.approx(data["age"].mean()) and age["sd"] == pytest.approx(
        data["age"].std()
    )
    assert (prof["suppressed"] == ((prof["n"] > 0) & (prof["n"] < 5))).all()
