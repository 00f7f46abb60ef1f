"""Number formatting: one rule per kind, and values printed on the right side of cut-offs."""

import math

import pytest

from surveysem import fmt
from surveysem.criteria import AVE_MIN, FIT_GOOD, HTMT_MAX, Cut


@pytest.mark.parametrize(
    ("x", "kind", "want"),
    [
        (0.2391, "std", ".239"),
        (-0.03051, "std", "−.031"),
        (0.28712, "coef", "0.287"),
        (-0.0004, "coef", "0.000"),
        (1.234, "std", "1.234"),  # a Heywood case keeps its leading digit
        (3.456, "mean", "3.46"),
        (0.5, "rel", ".50"),
        (12345.678, "chisq", "12,345.68"),
        (1648.0, "df", "1648"),
        (1208, "int", "1,208"),
        (math.nan, "std", "—"),
        (None, "coef", "—"),
    ],
)
def test_num_by_kind(x, kind, want):
    assert fmt.num(x, kind) == want


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="number kind 'beta' is unknown"):
        fmt.num(0.1, "beta")


@pytest.mark.parametrize(
    ("x", "cut", "want"),
    [
        (0.4996, AVE_MIN, ".4996"),  # .50 would read as meeting AVE >= .50
        (0.4949, AVE_MIN, ".49"),
        (0.5004, AVE_MIN, ".50"),  # meets the cut and prints as meeting it
        (0.8504, HTMT_MAX, ".85"),  # fails < .85, and ".85" is not below .85
        (0.8496, HTMT_MAX, ".8496"),  # passes < .85, which ".85" would not show
    ],
)
def test_against_shows_the_side_of_the_cut(x, cut, want):
    got = fmt.against(x, "rel" if cut is AVE_MIN else "r", cut)
    assert got == want
    shown = float(("0" + got) if got.startswith(".") else got)
    assert cut.ok(shown) == cut.ok(x)


def test_against_on_fit_indices():
    rmsea = FIT_GOOD["rmsea"]  # <= .06
    assert fmt.against(0.0604, "fit", rmsea) == ".0604"
    assert fmt.against(0.0596, "fit", rmsea) == ".060"
    assert fmt.against(0.0596, "fit", Cut(0.06, "<")) == ".0596"


def test_p_values_and_intervals():
    assert fmt.p_value(0.0321) == "= .032"
    assert fmt.p_value(0.0321, relation=False) == ".032"
    assert fmt.p_value(0.00001) == "< .001"
    assert fmt.p_value(0.99999) == "> .999"
    assert fmt.ci(-0.0633, -0.0028, "std") == "[−.063, −.003]"
    assert fmt.ci(0.19, 0.38, "coef") == "[0.190, 0.380]"
    assert fmt.pct(0.256) == "25.6%"
    assert fmt.stars(0.0004) == "***" and fmt.stars(0.2) == ""
