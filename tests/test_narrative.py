"""Tests for surveysem.narrative: APA formatting and sentences that follow the numbers."""

import math

import pandas as pd
import pytest

from surveysem import narrative as nar


@pytest.mark.parametrize(
    ("x", "digits", "want"),
    [
        (0.3249, 2, "0.32"),
        (-1.5, 1, "−1.5"),
        (-0.001, 2, "0.00"),
        (12345.678, 1, "12345.7"),
        (None, 2, "—"),
        (math.nan, 2, "—"),
        ("abc", 2, "—"),
    ],
)
def test_fmt_num(x, digits, want):
    assert nar.fmt_num(x, digits) == want


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (0.325, ".33"),
        (-0.05, "−.05"),
        (0.951, ".95"),
        (1.0, "1.00"),
        (-1.02, "−1.02"),
        (0.0, ".00"),
    ],
)
def test_fmt_bounded_drops_leading_zero(x, want):
    assert nar.fmt_bounded(x) == want


@pytest.mark.parametrize(
    ("p", "want"),
    [
        (0.0004, "< .001"),
        (0.032, "= .032"),
        (0.0321, "= .032"),
        (0.05, "= .050"),
        (0.9996, "> .999"),
        (0.001, "= .001"),
        (math.nan, "—"),
    ],
)
def test_apa_p(p, want):
    assert nar.apa_p(p) == want


def test_apa_p_cell_and_ci_and_stars():
    assert nar.apa_p_cell(0.032) == ".032"
    assert nar.apa_p_cell(0.00001) == "< .001"
    assert nar.fmt_ci(-0.123, 0.456) == "[−0.12, 0.46]"
    assert nar.fmt_ci(0.12, 0.45, 2, bounded=True) == "[.12, .45]"
    assert [nar.stars(p) for p in (0.0001, 0.005, 0.04, 0.2, None)] == ["***", "**", "*", "", ""]
    assert nar.fmt_int(1234.0) == "1,234"
    assert nar.fmt_pct(0.256) == "25.6%"


@pytest.mark.parametrize(
    ("v", "kind", "want"),
    [
        (0.05, "r", "negligible"),
        (-0.12, "r", "small"),
        (0.35, "r", "medium"),
        (0.5, "r", "large"),
        (0.07, "eta_squared", "medium"),
        (0.9, "cohens_d", "large"),
        (0.3, "unknown_es", ""),
    ],
)
def test_size_label_follows_cohen(v, kind, want):
    assert nar.size_label(v, kind) == want


def _fit(cfi, tli, rmsea, srmr):
    return pd.DataFrame(
        {
            "index": [
                "chisq",
                "df",
                "pvalue",
                "cfi",
                "tli",
                "rmsea",
                "rmsea_ci_low",
                "rmsea_ci_high",
                "srmr",
            ],
            "value": [250.0, 100, 0.0001, cfi, tli, rmsea, rmsea - 0.01, rmsea + 0.01, srmr],
        }
    )


def test_fit_verdicts_change_with_indices():
    assert nar.judge_fit(_fit(0.96, 0.95, 0.05, 0.04)) == "good"
    assert nar.judge_fit(_fit(0.92, 0.91, 0.07, 0.06)) == "acceptable"
    assert nar.judge_fit(_fit(0.85, 0.80, 0.11, 0.12)) == "poor"
    good = nar.describe_fit(_fit(0.96, 0.95, 0.05, 0.04), "The model")
    poor = nar.describe_fit(_fit(0.85, 0.80, 0.11, 0.12), "The model")
    assert "fitted the data well" in good and "CFI = .960" in good and "χ²(100) = 250.00" in good
    assert "did not fit" in poor and "RMSEA = .110" in poor


def _path(beta, lo, hi, p):
    return {
        "lhs": "EE",
        "op": "~",
        "rhs": "WL",
        "est": beta * 1.2,
        "std_all": beta,
        "ci_low": lo,
        "ci_high": hi,
        "pvalue": p,
    }


def test_describe_path_direction_size_and_ci():
    pos = nar.describe_path(_path(0.42, 0.3, 0.6, 0.0001))
    neg = nar.describe_path(_path(-0.15, -0.3, -0.05, 0.01))
    none = nar.describe_path(_path(0.04, -0.05, 0.12, 0.4))
    assert "a medium positive effect" in pos and "β = .42" in pos and "p < .001" in pos
    assert "a small negative effect" in neg and "β = −.15" in neg
    assert "no reliable effect" in none and "includes zero" in none


def test_describe_hypothesis_gives_reason():
    base = {"id": "H1", "path_or_effect": "EE ~ WL", "expected_sign": "+", "pvalue": 0.01}
    sup = nar.describe_hypothesis(
        {**base, "est": 0.3, "std_all": 0.25, "ci_low": 0.1, "ci_high": 0.5, "supported": True}
    )
    wrong = nar.describe_hypothesis(
        {**base, "est": -0.3, "std_all": -0.25, "ci_low": -0.5, "ci_high": -0.1, "supported": False}
    )
    zero = nar.describe_hypothesis(
        {**base, "est": 0.1, "std_all": 0.05, "ci_low": -0.1, "ci_high": 0.3, "supported": "False"}
    )
    assert "was supported" in sup
    assert "opposite sign" in wrong
    assert "includes zero" in zero


def test_describe_hypotheses_counts():
    h = pd.DataFrame({"id": ["H1", "H2", "H3"], "supported": [True, False, True]})
    assert nar.describe_hypotheses(h) == (
        "Of the 3 hypotheses, 2 were supported (H1 and H3) and 1 was not (H2)."
    )
    assert nar.describe_hypotheses(h.assign(supported=False)).startswith("None of the 3")
    assert nar.describe_hypotheses(h.assign(supported=True)).startswith("All 3")


def test_reliability_and_htmt_and_cmb():
    sc = pd.DataFrame(
        {"scale": ["A", "B"], "alpha": [0.65, 0.88], "cr": [0.8, 0.9], "ave": [0.45, 0.6]}
    )
    s = nar.describe_reliability(sc)
    assert "A fell below the conventional .70" in s[0]
    assert "AVE below .50 for A" in s[1]
    sc2 = sc.assign(alpha=[0.75, 0.88], ave=[0.55, 0.6])
    s2 = nar.describe_reliability(sc2)
    assert "all at or above" in s2[0] and "every scale met both" in s2[1]
    long = pd.DataFrame(
        {"scale_1": ["B", "C", "C"], "scale_2": ["A", "A", "B"], "htmt": [0.5, 0.9, 0.3]}
    )
    assert "(C–A)" in nar.describe_htmt(long) and "in doubt" in nar.describe_htmt(long)
    square = pd.DataFrame({"scale": ["A", "B"], "A": [None, 0.4], "B": [0.4, None]})
    assert "supports discriminant validity" in nar.describe_htmt(square)
    cmb = pd.DataFrame(
        {
            "model": ["one_factor", "measurement"],
            "cfi": [0.5, 0.95],
            "rmsea": [0.12, 0.04],
            "delta_chisq": [900.0, None],
            "delta_df": [10, None],
            "delta_pvalue": [1e-10, None],
        }
    )
    assert "much worse" in nar.describe_cmb(cmb)
    same = cmb.assign(cfi=[0.94, 0.95], delta_pvalue=[0.3, None])
    assert "about as well" in nar.describe_cmb(same)


def test_groups_and_effects_sentences():
    d = pd.DataFrame(
        {
            "outcome": ["EE", "DP"],
            "group_var": ["gender", "gender"],
            "test": ["Welch t", "Welch t"],
            "pvalue": [0.001, 0.4],
            "p_holm": [0.002, 0.4],
            "effect_size": [0.07, 0.001],
            "effect_size_name": ["eta_squared", "eta_squared"],
        }
    )
    s = nar.describe_groups(d)
    assert "EE differed by gender" in s[0] and "a medium difference" in s[0] and "η² = 0.07" in s[0]
    assert "remaining 1" in s[1]
    assert "None of the 2" in nar.describe_groups(d.assign(p_holm=[0.2, 0.4]))[0]
    e = pd.DataFrame(
        {
            "effect": ["WL -> EE -> DP", "SS -> EE -> DP"],
            "kind": ["indirect", "indirect"],
            "est": [0.12, -0.01],
            "std_all": [0.1, -0.01],
            "ci_low": [0.05, -0.04],
            "ci_high": [0.2, 0.02],
        }
    )
    s = nar.describe_effects(e)
    assert s[0].startswith("WL had a positive indirect effect on dp through ee")
    assert "For 1 of the 2 indirect effects" in s[1]


def test_item_treatment_follows_the_observed_categories():
    import pandas as pd

    from surveysem.codebook import parse_codebook
    from surveysem.narrative import describe_item_treatment

    cb = parse_codebook(
        {
            "scales": {
                "A": {"label": "a", "role": "other", "items": ["a1", "a2"], "range": [1, 5]},
                "B": {"label": "b", "role": "other", "items": ["b1", "b2"], "range": [1, 5]},
            }
        }
    )
    five = pd.DataFrame(
        {"a1": [1, 2, 3, 4, 5], "a2": [5, 4, 3, 2, 1], "b1": [1, 2, 3, 4, 5], "b2": [1] * 5}
    )
    text = describe_item_treatment(five, cb, "ML")
    assert "5 observed answer categories" in text and "fewer than five" not in text
    three = five.assign(b1=[1, 2, 3, 1, 2], b2=[3, 2, 1, 1, 2])
    text = describe_item_treatment(three, cb, "MLR")
    assert "3 to 5" in text and "The scale(s) B have fewer than five" in text and "MLR" in text
