"""surveysem.adjust.holm against R's p.adjust(method = "holm").

Reference: tests/reference/adjust/holm.csv, written by tests/reference/R/adjust.R.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.adjust import holm

REF = Path(__file__).parent / "reference" / "adjust" / "holm.csv"


def _cases():
    ref = pd.read_csv(REF)
    return {case: g.sort_values("position") for case, g in ref.groupby("case", sort=False)}


@pytest.mark.parametrize("case", list(_cases()))
def test_holm_equals_r_p_adjust(case):
    g = _cases()[case]
    got = holm(g["p"].to_numpy())
    np.testing.assert_allclose(got, g["p_holm"].to_numpy(), rtol=0, atol=1e-12)
    assert np.array_equal(np.isnan(got), g["p_holm"].isna().to_numpy())


def test_reference_covers_ties_missing_and_capping():
    c = _cases()
    assert c["with_na"]["p"].isna().any()
    assert c["all_na"]["p"].isna().all()
    assert (c["capped"]["p_holm"] == 1).any()
    assert c["ties"]["p"].duplicated().any()
    assert len(c["random"]) == 40


def test_missing_values_are_not_counted_in_the_family():
    # m = 2 (the NaN is no test): 0.01 -> 0.02, 0.04 -> 0.04
    np.testing.assert_allclose(holm([0.04, np.nan, 0.01]), [0.04, np.nan, 0.02], atol=0)


def test_input_kinds_and_empty():
    assert holm([]).shape == (0,)
    np.testing.assert_allclose(holm(pd.Series([0.2, 0.1])), [0.2, 0.2])
    assert holm((0.5,)).dtype == float
