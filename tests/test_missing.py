"""Missing-data helpers: patterns, EM moments and Little's MCAR test (against R)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.missing import em_moments, little_mcar, missing_patterns

REF = Path(__file__).parents[1] / "tests" / "reference" / "clean"


@pytest.mark.parametrize("p", [1, 3, 8, 9, 60, 64, 65, 130])
def test_missing_patterns_equals_numpy_unique(p):
    rng = np.random.default_rng(p)
    obs = rng.random((400, p)) < 0.8
    obs[:50] = True  # a large complete-data group
    patterns, inverse = missing_patterns(obs)
    ref, ref_inv = np.unique(obs, axis=0, return_inverse=True)
    np.testing.assert_array_equal(patterns, ref)
    np.testing.assert_array_equal(inverse, np.asarray(ref_inv).ravel())
    np.testing.assert_array_equal(patterns[inverse], obs)


@pytest.mark.parametrize("mech", ["mcar", "mar"])
def test_little_mcar_matches_r(mech):
    d = pd.read_csv(REF / f"little_{mech}_input.csv")
    ref = pd.read_csv(REF / f"little_{mech}.csv").iloc[0]
    chi2, df, p = little_mcar(d)
    assert df == ref["df"]
    assert chi2 == pytest.approx(ref["chi2"], abs=1e-6)
    assert p == pytest.approx(ref["p"], abs=1e-8)
    em = em_moments(d)
    for name, tol in ((f"little_{mech}_em.csv", 1e-8), (f"little_{mech}_em_lavaan.csv", 1e-4)):
        e = pd.read_csv(REF / name).set_index("variable")
        np.testing.assert_allclose(em.mean, e["mean"], atol=tol)
        np.testing.assert_allclose(em.cov, e[list(d.columns)], atol=tol)
    assert em.converged


def test_little_mcar_mar_rejects_mcar_and_bad_input():
    d = pd.read_csv(REF / "little_mar_input.csv")
    assert little_mcar(d).p < 1e-10
    d["flat"] = 1.0
    with pytest.raises(ValueError, match=r"column\(s\) flat have no variance"):
        little_mcar(d)


def test_em_complete_data_is_ml_moments():
    d = pd.read_csv(REF / "mahalanobis_input.csv")
    em = em_moments(d)
    np.testing.assert_allclose(em.mean, d.mean(), atol=1e-12)
    np.testing.assert_allclose(em.cov, d.cov(ddof=0), atol=1e-12)
