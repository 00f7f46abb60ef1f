"""surveysem.robust (MLR) against lavaan 0.6-14 ``estimator = "MLR"`` (tests/reference/sem/*_mlr_*)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.robust import FIT_EXTRA_INDICES, _vech_index, mlr_correction
from surveysem.sem import ModelSpec, fit_cfa, fit_model

REF = Path(__file__).parent / "reference"
TOL = 1e-3

HS_FACTORS = {
    "visual": ("x1", "x2", "x3"),
    "textual": ("x4", "x5", "x6"),
    "speed": ("x7", "x8", "x9"),
}
POLDEM = ModelSpec(
    {
        "ind60": ("x1", "x2", "x3"),
        "dem60": ("y1", "y2", "y3", "y4"),
        "dem65": ("y5", "y6", "y7", "y8"),
    },
    "dem60 ~ ind60\ndem65 ~ ind60 + dem60",
    "y1 ~~ y5\ny2 ~~ y4 + y6\ny3 ~~ y7\ny4 ~~ y8\ny6 ~~ y8",
)
# ours -> lavaan fitMeasures name
LAVAAN_NAMES = {
    "chisq_scaled": "chisq.scaled",
    "df_scaled": "df.scaled",
    "pvalue_scaled": "pvalue.scaled",
    "scaling_factor": "chisq.scaling.factor",
    "scaling_factor_h1": "scaling.factor.h1",
    "scaling_factor_h0": "scaling.factor.h0",
    "baseline_chisq_scaled": "baseline.chisq.scaled",
    "baseline_scaling_factor": "baseline.chisq.scaling.factor",
    "cfi_scaled": "cfi.scaled",
    "tli_scaled": "tli.scaled",
    "rmsea_scaled": "rmsea.scaled",
    "rmsea_scaled_ci_low": "rmsea.ci.lower.scaled",
    "rmsea_scaled_ci_high": "rmsea.ci.upper.scaled",
    "cfi_robust": "cfi.robust",
    "tli_robust": "tli.robust",
    "rmsea_robust": "rmsea.robust",
    "rmsea_robust_ci_low": "rmsea.ci.lower.robust",
    "rmsea_robust_ci_high": "rmsea.ci.upper.robust",
    "srmr": "srmr",
}


def _ref(name: str, what: str) -> pd.DataFrame:
    return pd.read_csv(REF / "sem" / f"{name}_{what}.csv", keep_default_na=False, na_values=["NA"])


def _hs(missing: bool = False) -> pd.DataFrame:
    d = pd.read_csv(REF / "data" / "holzinger.csv")
    if missing:  # the deterministic NA pattern of tests/reference/R/sem.R
        cols = [f"x{j}" for j in range(1, 10)]
        d = d[cols].copy()
        i = np.arange(1, len(d) + 1)
        for j in range(1, 10):
            d.loc[(i * 7 + j * 13) % 17 == 0, f"x{j}"] = np.nan
    return d


def _poldem() -> pd.DataFrame:
    return pd.read_csv(REF / "data" / "poldem.csv")


CASES = {
    "hs_cfa_mlr": lambda: (_hs(), fit_cfa(_hs(), HS_FACTORS)),
    "hs_cfa_fiml_mlr": lambda: (_hs(True), fit_cfa(_hs(True), HS_FACTORS, missing="fiml")),
    "poldem_sem_mlr": lambda: (_poldem(), fit_model(_poldem(), POLDEM)),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    data, fit = CASES[request.param]()
    return request.param, data, fit, mlr_correction(fit, data)


def _close(ours: float, ref: float) -> bool:
    """1e-3 absolute, or 1e-3 relative for quantities above 10."""
    return abs(ours - ref) <= (TOL * abs(ref) if abs(ref) > 10 else TOL)


def test_robust_fit_measures_equal_lavaan(case):
    name, _, _, res = case
    ref = _ref(name, "fit").set_index("index")["value"]
    assert list(res.fit_extra["index"]) == FIT_EXTRA_INDICES
    bad = {
        k: (res.fit_value(k), float(ref[v]))
        for k, v in LAVAAN_NAMES.items()
        if not _close(res.fit_value(k), float(ref[v]))
    }
    assert not bad, bad


def test_robust_standard_errors_equal_lavaan(case):
    name, _, fit, res = case
    ref = _ref(name, "estimates")
    ref = ref[ref["op"].isin(["=~", "~", "~~", "~1"]) & (ref["se"] > 0)]
    ours = res.estimates.assign(rhs=res.estimates["rhs"].fillna(""))
    m = ref.assign(rhs=ref["rhs"].fillna("")).merge(
        ours, on=["lhs", "op", "rhs"], how="left", suffixes=("_r", "")
    )
    assert not m["se"].isna().any(), m.loc[m["se"].isna(), ["lhs", "op", "rhs"]]
    np.testing.assert_allclose(m["se"], m["se_r"], atol=TOL)
    np.testing.assert_allclose(m["z"], m["z_r"], atol=10 * TOL)
    np.testing.assert_allclose(m["pvalue"], m["pvalue_r"], atol=TOL)
    np.testing.assert_allclose(m["ci_low"], m["ci.lower"], atol=TOL)
    np.testing.assert_allclose(m["ci_high"], m["ci.upper"], atol=TOL)
    # est and std_all are those of the ML fit; fixed rows keep no standard error
    pd.testing.assert_series_equal(res.estimates["est"], fit.estimates["est"])
    pd.testing.assert_series_equal(res.estimates["std_all"], fit.estimates["std_all"])
    assert res.estimates.loc[fit.estimates["se"].isna(), "se"].isna().all()


def test_mlr_differs_from_ml_and_acov_is_the_sandwich(case):
    name, _, fit, res = case
    # the robust SEs are not the ML ones (the data are not exactly normal)
    free = fit.estimates["se"] > 0
    assert np.max(np.abs(res.estimates.loc[free, "se"] - fit.estimates.loc[free, "se"])) > 1e-3
    q = fit.engine.n_par + (len(fit.engine.obs) if fit.missing == "fiml" else 0)
    assert res.acov.shape == (q, q)
    np.testing.assert_allclose(res.acov, res.acov.T, atol=1e-12)
    assert np.all(np.linalg.eigvalsh(res.acov) > 0)


def test_ci_level_is_respected():
    data, fit = CASES["hs_cfa_mlr"]()
    res = mlr_correction(fit, data, ci_level=0.90)
    row = res.estimates.iloc[1]
    assert row["ci_high"] - row["est"] == pytest.approx(1.6448536 * row["se"], rel=1e-6)


def test_wrong_data_raises_actionable_error():
    data, fit = CASES["hs_cfa_mlr"]()
    with pytest.raises(ValueError, match="x9"):
        mlr_correction(fit, data.drop(columns="x9"))
    with pytest.raises(ValueError, match="same data frame"):
        mlr_correction(fit, data.iloc[:200])


def test_h1_observed_information_is_minus_the_hessian():
    """The analytic saturated-model information equals the numerical Hessian of logL/N."""
    from surveysem.robust import _h1_observed_information, _saturated_gradient, _vech_index
    from surveysem.sem import Patterns, em_saturated, numerical_hessian

    x = _hs(True)[[f"x{j}" for j in range(1, 10)]].to_numpy()
    pats, n, p = Patterns.from_data(x), len(x), 9
    r, c = _vech_index(p)
    em_mu, em_sig = em_saturated(x)
    for mu, sig in [(em_mu, em_sig), (np.nanmean(x, 0) + 0.1, np.diag(np.nanvar(x, 0)))]:

        def grad(z):
            s = np.zeros((p, p))
            s[r, c] = z[p:]
            s[c, r] = z[p:]
            return _saturated_gradient(pats, z[:p], s, n)

        numerical = -numerical_hessian(grad, np.concatenate([mu, sig[r, c]]))
        np.testing.assert_allclose(_h1_observed_information(pats, mu, sig, n), numerical, atol=1e-6)


def _h1_observed_information_reference(pats, mu: np.ndarray, sigma: np.ndarray, n: float):
    """The same, term by term as lavaan writes it (slow; kept to test the fast version)."""
    p = len(mu)
    r, c = _vech_index(p)
    pstar = len(r)
    pos = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(r, c, strict=True))}
    info = np.zeros((p + pstar, p + pstar))
    for mask, nk, mk, ck in zip(pats.masks, pats.n, pats.means, pats.covs, strict=True):
        idx = np.where(mask)[0]
        po = len(idx)
        ro, co = _vech_index(po)
        glob = p + np.array([pos[(int(idx[i]), int(idx[j]))] for i, j in zip(ro, co, strict=True)])
        si = np.linalg.inv(sigma[np.ix_(idx, idx)])
        d = mk - mu[idx]
        sas = si @ (ck + np.outer(d, d)) @ si
        w = np.where(ro == co, 0.5, 1.0)
        ww = np.outer(w, w)
        orient = ((ro, co), (co, ro))

        def pair(x, y, orient=orient):
            """sum over orientations of tr(E_a Y E_b X) for symmetric X, Y."""
            out = 0.0
            for ia, ja in orient:
                for kb, lb in orient:
                    out = out + y[np.ix_(ja, kb)] * x[np.ix_(ia, lb)]
            return out

        i_ss = 0.5 * ww * (pair(sas, si) + pair(si, sas) - pair(si, si))
        v = si @ d
        i_ms = si[:, ro] * v[co] + si[:, co] * v[ro]
        i_ms[:, ro == co] /= 2.0
        info[np.ix_(idx, idx)] += nk * si
        info[np.ix_(glob, glob)] += nk * i_ss
        info[np.ix_(idx, glob)] += nk * i_ms
        info[np.ix_(glob, idx)] += nk * i_ms.T
    return info / n


def test_fast_h1_information_equals_the_term_by_term_version():
    """The gather form equals lavaan's term-by-term formula; diagonal_only fills its block."""
    from surveysem.robust import _h1_observed_information, _vech_index
    from surveysem.sem import Patterns, em_saturated

    x = _hs(True)[[f"x{j}" for j in range(1, 10)]].to_numpy()
    pats, n, p = Patterns.from_data(x), len(x), 9
    mu, sig = em_saturated(x)
    full = _h1_observed_information(pats, mu, sig, n)
    np.testing.assert_allclose(
        full, _h1_observed_information_reference(pats, mu, sig, n), rtol=0, atol=1e-12
    )
    r, c = _vech_index(p)
    sel = np.r_[np.arange(p), p + np.flatnonzero(r == c)]
    sig0 = np.diag(np.diag(sig))
    diag = _h1_observed_information(pats, mu, sig0, n, diagonal_only=True)
    ref0 = _h1_observed_information_reference(pats, mu, sig0, n)
    np.testing.assert_allclose(diag[np.ix_(sel, sel)], ref0[np.ix_(sel, sel)], atol=1e-12)
