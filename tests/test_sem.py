"""surveysem.sem against lavaan 0.6-14 (reference CSVs from tests/reference/make_reference.R)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.sem import (
    LOG2PI,
    ModelSpec,
    Patterns,
    _fiml_hessian,
    expected_information,
    fiml_objective,
    fit_cfa,
    fit_model,
    numerical_hessian,
)

REF = Path(__file__).parent / "reference"
REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA")
    or Path(__file__).resolve().parents[2] / "shared" / "realdata"
)
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
FIT_INDICES = {
    "chisq": "chisq",
    "df": "df",
    "pvalue": "pvalue",
    "cfi": "cfi",
    "tli": "tli",
    "rmsea": "rmsea",
    "rmsea_ci_low": "rmsea.ci.lower",
    "rmsea_ci_high": "rmsea.ci.upper",
    "srmr": "srmr",
    "aic": "aic",
    "bic": "bic",
    "logl": "logl",
    "unrestricted_logl": "unrestricted.logl",
    "npar": "npar",
    "baseline_chisq": "baseline.chisq",
}


def _ref(name: str, what: str) -> pd.DataFrame:
    return pd.read_csv(REF / "sem" / f"{name}_{what}.csv", keep_default_na=False, na_values=["NA"])


def _needs_realdata():
    if not REALDATA.is_dir():
        pytest.skip(f"real data folder {REALDATA} is absent (it sits beside the checkout in CI)")


def _hs(missing: bool = False) -> pd.DataFrame:
    d = pd.read_csv(REF / "data" / "holzinger.csv")
    if missing:
        cols = [f"x{j}" for j in range(1, 10)]
        d = d[cols].copy()
        for i in range(len(d)):
            for j in range(9):
                if ((i + 1) * 7 + (j + 1) * 13) % 17 == 0:
                    d.iat[i, j] = np.nan
    return d


def compare(fit, name: str, indices=FIT_INDICES, tol: float = TOL) -> None:
    """Every free parameter's est, se and std_all, and the fit indices, equal lavaan's."""
    ref = _ref(name, "estimates")
    ref = ref[ref["op"].isin(["=~", "~", "~~", "~1"])]
    # lavaan prints fixed intercepts of latent variables (0); we only report observed ones
    ref = ref[~((ref["op"] == "~1") & (ref["se"] == 0))]
    ours = fit.estimates.copy()
    ours["rhs"] = ours["rhs"].fillna("")
    ref = ref.assign(rhs=ref["rhs"].fillna(""))
    m = ref.merge(ours, on=["lhs", "op", "rhs"], how="left", suffixes=("_r", ""))
    assert not m["est"].isna().any(), m.loc[m["est"].isna(), ["lhs", "op", "rhs"]]
    assert len(ours) == len(ref)
    np.testing.assert_allclose(m["est"], m["est_r"], atol=tol)
    free = m["se_r"] > 0
    np.testing.assert_allclose(m.loc[free, "se"], m.loc[free, "se_r"], atol=tol)
    np.testing.assert_allclose(m["std_all"], m["std.all"], atol=tol)
    rf = _ref(name, "fit").set_index("index")["value"]
    of = fit.fit.set_index("index")["value"]
    for ours_name, lav_name in indices.items():
        assert of[ours_name] == pytest.approx(float(rf[lav_name]), abs=tol), ours_name


def test_holzinger_cfa_equals_lavaan():
    fit = fit_cfa(_hs(), HS_FACTORS)
    compare(fit, "hs_cfa_ml", FIT_INDICES | {"gfi": "gfi", "agfi": "agfi"})
    assert fit.diagnostics["severity"].eq("info").all()


def test_holzinger_r2_equals_lavaan():
    fit = fit_cfa(_hs(), HS_FACTORS)
    ref = _ref("hs_cfa_ml", "r2")
    ours = fit.r2.set_index("variable")["r2"]
    for _, row in ref.iterrows():
        assert ours[row.iloc[0]] == pytest.approx(row.iloc[1], abs=1e-6)


def test_holzinger_fiml_equals_lavaan_missing_ml():
    fit = fit_cfa(_hs(missing=True), HS_FACTORS, missing="fiml")
    compare(fit, "hs_cfa_fiml")


def _casewise_minus2logl(x, w, mu, sig):
    """-2 logL / N summed row by row over each row's observed block (weights w)."""
    total = 0.0
    for xi, wi in zip(x, w, strict=True):
        o = ~np.isnan(xi)
        s, d = sig[np.ix_(o, o)], xi[o] - mu[o]
        total += wi * (np.linalg.slogdet(s)[1] + d @ np.linalg.solve(s, d) + o.sum() * LOG2PI)
    return total / w.sum()


@pytest.mark.parametrize("weighted", [False, True])
def test_fiml_objective_equals_the_casewise_likelihood(weighted):
    """The pattern-wise FIML objective (one inverse of Sigma, Schur complements per pattern),
    with bootstrap-like case weights too, equals -2 logL / N summed case by case, and its
    gradient equals central differences of it."""
    data = _hs(missing=True)
    fit = fit_cfa(data, HS_FACTORS, missing="fiml")
    x = fit.data_matrix(data)
    rng = np.random.default_rng(5)
    w = np.bincount(rng.integers(0, len(x), len(x)), minlength=len(x)) if weighted else None
    w = np.ones(len(x)) if w is None else w.astype(float)
    keep = w > 0
    fun = fiml_objective(fit.engine, Patterns.from_data(x[keep], weights=w[keep]), w.sum())
    q = fit.engine.n_par
    z = np.concatenate([fit.params, fit.intercepts])
    z = z + rng.normal(scale=0.01, size=len(z))
    f, g = fun(z)
    assert f == pytest.approx(_casewise_minus2logl(x, w, z[q:], fit.engine.sigma(z[:q])), rel=1e-12)
    for k in range(len(z)):
        e = np.zeros(len(z))
        e[k] = 1e-6
        assert g[k] == pytest.approx((fun(z + e)[0] - fun(z - e)[0]) / 2e-6, abs=1e-7)


def test_fiml_analytic_hessian_equals_the_numerical_one():
    """The analytic observed information of FIML (the standard errors) equals the central-
    difference Hessian of the analytic gradient, which fit_model used before."""
    data = _hs(missing=True)
    fit = fit_cfa(data, HS_FACTORS, missing="fiml")
    x = fit.data_matrix(data)
    pats = Patterns.from_data(x)
    z = np.concatenate([fit.params, fit.intercepts])
    analytic = _fiml_hessian(fit.engine, pats, len(x), z)
    fun = fiml_objective(fit.engine, pats, len(x))
    numerical = numerical_hessian(lambda t: fun(t)[1], z)
    np.testing.assert_allclose(analytic, numerical, rtol=0, atol=1e-6 * np.abs(numerical).max())
    np.testing.assert_allclose(fit.acov_full, np.linalg.inv(0.5 * analytic) / len(x), rtol=1e-12)


def test_expected_information_equals_the_numerical_trace_form():
    """The analytic expected information (rank-one atoms) against 1/2 tr(S^-1 dS_k S^-1 dS_l)
    with the derivatives of Sigma by central differences, on a model with B, Psi and
    off-diagonal Theta parameters."""
    fit = fit_model(pd.read_csv(REF / "data" / "poldem.csv"), POLDEM)
    eng, x = fit.engine, fit.params
    sinv = np.linalg.inv(eng.sigma(x))
    a = np.einsum("ij,kjl->kil", sinv, eng.sigma_derivatives(x))
    trace_form = 0.5 * np.einsum("kij,lji->kl", a, a)
    info = expected_information(eng, x)
    assert np.array_equal(info, info.T)
    np.testing.assert_allclose(info, trace_form, rtol=0, atol=1e-8 * np.abs(trace_form).max())


def test_poldem_sem_equals_lavaan():
    fit = fit_model(pd.read_csv(REF / "data" / "poldem.csv"), POLDEM)
    compare(fit, "poldem_sem_ml", FIT_INDICES | {"gfi": "gfi", "agfi": "agfi"})
    r2 = fit.r2.set_index("variable")["r2"]
    ref = _ref("poldem_sem_ml", "r2")
    ref = dict(zip(ref.iloc[:, 0], ref.iloc[:, 1], strict=True))
    assert r2["dem65"] == pytest.approx(ref["dem65"], abs=1e-6)


def test_mbi_three_factor_cfa_equals_lavaan():
    _needs_realdata()
    d = pd.read_csv(REALDATA / "byrne_teacher_burnout" / "MBIELM1.CSV")
    factors = {
        "EE": tuple(f"ITEM{i}" for i in (1, 2, 3, 6, 8, 13, 14, 16, 20)),
        "DP": tuple(f"ITEM{i}" for i in (5, 10, 11, 15, 22)),
        "PA": tuple(f"ITEM{i}" for i in (4, 7, 9, 12, 17, 18, 19, 21)),
    }
    compare(fit_cfa(d, factors), "mbi_elm_cfa_ml")


def _prasojo():
    _needs_realdata()
    return pd.read_csv(
        REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    )


def test_prasojo_cfa_equals_lavaan():
    d = _prasojo()
    factors = {
        "TSC": tuple(f"TSC{i}" for i in range(1, 6)),
        "TE": tuple(f"TE{i}" for i in range(1, 6)),
        "EE": tuple(f"EE{i}" for i in range(1, 6)),
        "DE": tuple(f"DE{i}" for i in range(1, 4)),
        "RPA": tuple(f"RPA{i}" for i in range(1, 6)),
    }
    compare(fit_cfa(d, factors), "prasojo_cfa_ml")


def test_prasojo_sem_equals_lavaan():
    d = _prasojo()
    spec = ModelSpec(
        {
            "TSC": ("TSC1", "TSC2", "TSC3", "TSC4"),
            "TE": ("TE1", "TE2", "TE3", "TE5"),
            "EE": ("EE1", "EE2", "EE3", "EE4"),
            "DE": ("DE1", "DE2", "DE3"),
            "RPA": ("RPA1", "RPA2", "RPA3", "RPA4"),
        },
        "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE",
    )
    compare(fit_model(d, spec), "prasojo_sem_ml")


def test_missing_variable_is_named():
    with pytest.raises(ValueError, match="x10"):
        fit_cfa(_hs(), {"visual": ("x1", "x2", "x10")})


def test_too_few_respondents_is_an_error():
    with pytest.raises(ValueError, match="free parameters"):
        fit_cfa(_hs().head(15), HS_FACTORS)


def test_heywood_case_is_diagnosed_not_raised():
    rng = np.random.default_rng(3)
    n = 200
    f = rng.normal(size=n)
    d = pd.DataFrame(
        {
            "a": f + rng.normal(scale=0.01, size=n),
            "b": f + rng.normal(scale=1.0, size=n),
            "c": 0.2 * f + rng.normal(scale=1.0, size=n),
        }
    )
    # a two-indicator factor correlated with a one-factor model squeezed to a Heywood case
    fit = fit_cfa(d, {"F": ("a", "b", "c")})
    diag = fit.diagnostics.set_index("check")
    assert "convergence" in diag.index
    assert set(fit.diagnostics["severity"]) <= {"info", "warning", "error"}


def _default_clean_data(missing: str | None = None):
    """(config, codebook, cleaned data) of the default study; ``missing`` overrides the
    config's ``analysis.missing``."""
    import yaml

    from surveysem.clean import clean_survey
    from surveysem.codebook import read_codebook
    from surveysem.ingest import read_survey

    root = Path(__file__).resolve().parents[1]
    cfg = yaml.safe_load((root / "config.yaml").read_text())
    cb = read_codebook(str(root / "data" / "codebook.yaml"))
    c = cfg["cleaning"]
    res = clean_survey(
        read_survey(str(root / "data" / "raw" / "survey.csv")),
        cb,
        id_column=cfg["data"]["id_column"],
        exclude=c["exclude"],
        drop_duplicate_rows=c["drop_duplicate_rows"],
        max_missing_share=c["max_missing_share"],
        longstring_max=c["longstring_max"],
        mahalanobis_p=c["mahalanobis_p"],
        min_duration_sec=c["min_duration_sec"],
        missing=missing or cfg["analysis"]["missing"],
    )
    return cfg, cb, res.data


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_sem_equals_lavaan():
    """The default study's full structural model, on the cleaned default data (N = 827)."""
    from surveysem.models import structural_data
    from surveysem.study import model_spec

    cfg, cb, data = _default_clean_data()
    ref_n = float(_ref("default_sem_ml", "fit").set_index("index")["value"]["ntotal"])
    assert len(data) == ref_n, "cleaning changed: rerun tests/reference/make_reference.R"
    # the product term WL:SS: product indicators formed here and by semTools::indProd in R
    fit = fit_model(structural_data(data, cfg, cb), model_spec(cfg, cb))
    compare(fit, "default_sem_ml", FIT_INDICES | {"gfi": "gfi", "agfi": "agfi"})


def _default_fiml_data() -> pd.DataFrame:
    return pd.read_csv(REF / "data" / "default_fiml.csv")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_fiml_equals_lavaan():
    """FIML (lavaan ``missing = "ml"``) of the default structural model on the FIML-cleaned
    default data (N = 1058 of whom 231 incomplete, about 230 missing-data patterns)."""
    import yaml

    from surveysem.codebook import read_codebook
    from surveysem.study import model_spec

    root = Path(__file__).resolve().parents[1]
    cfg = yaml.safe_load((root / "config.yaml").read_text())
    cb = read_codebook(str(root / "data" / "codebook.yaml"))
    data = _default_fiml_data()
    assert data.isna().any(axis=1).sum() > 200
    fit = fit_model(data, model_spec(cfg, cb), missing="fiml")
    rf = _ref("default_sem_fiml", "fit").set_index("index")["value"]
    assert fit.n == rf["ntotal"] == len(data)
    diag = fit.diagnostics.set_index("check")
    assert diag.loc["convergence", "severity"] == "info", diag.loc["convergence", "detail"]
    compare(fit, "default_sem_fiml", {k: v for k, v in FIT_INDICES.items() if v in rf.index})


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_fiml_reference_data_is_current():
    """tests/reference/data/default_fiml.csv is today's cleaning with missing = "fiml"."""
    from surveysem.models import structural_data
    from surveysem.study import model_spec

    cfg, cb, data = _default_clean_data(missing="fiml")
    ours = structural_data(data, cfg, cb)[model_spec(cfg, cb).observed()].astype(float)
    assert ours.reset_index(drop=True).equals(_default_fiml_data()), (
        "cleaning changed: rerun tests/reference/make_default_fiml_data.py, then "
        "SURVEYSEM_REF_FIML=1 Rscript tests/reference/make_default_fiml.R"
    )


def test_byrne_sem_and_its_indirect_effects_equal_lavaan():
    """Byrne's elementary teachers: role overload and climate -> EE -> DP, PA, with := effects."""
    from surveysem.effects import estimate_effects

    _needs_realdata()
    d = pd.read_csv(REALDATA / "byrne_teacher_burnout" / "ELEMIND1.CSV")
    spec = ModelSpec(
        {
            "RO": ("ROLEC1", "ROLEC2", "WORK1", "WORK2"),
            "CC": ("CCLIM1", "CCLIM2", "CCLIM3", "CCLIM4"),
            "EE": ("EE1", "EE2", "EE3"),
            "DP": ("DP1", "DP2"),
            "PA": ("PA1", "PA2", "PA3"),
        },
        "EE ~ RO + CC\nDP ~ EE + CC\nPA ~ EE + DP",
    )
    fit = fit_model(d, spec)
    compare(fit, "byrne_elem_sem_ml")
    eff = estimate_effects(d, spec, fit, n_boot=0).set_index(["effect", "kind"])
    ref = _ref("byrne_elem_sem_ml", "estimates")
    ref = ref[ref["op"] == ":="].set_index("lhs")
    for lav, key in {
        "ind_ro_dp": ("RO -> EE -> DP", "indirect"),
        "ind_ro_pa": ("RO -> PA", "total"),
        "ind_cc_dp": ("CC -> EE -> DP", "indirect"),
    }.items():
        assert eff.loc[key, "est"] == pytest.approx(ref.loc[lav, "est"], abs=TOL)
        assert eff.loc[key, "se"] == pytest.approx(ref.loc[lav, "se"], abs=TOL)
        assert eff.loc[key, "std_all"] == pytest.approx(ref.loc[lav, "std.all"], abs=TOL)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_cfa_and_mlr_equal_lavaan():
    from surveysem.models import apply_estimator, structural_data
    from surveysem.study import model_spec

    cfg, cb, data = _default_clean_data()
    cfa = fit_cfa(data, {s.name: s.items for s in cb.scales})
    compare(cfa, "default_cfa_ml")
    frame = structural_data(data, cfg, cb)
    mlr = apply_estimator(fit_model(frame, model_spec(cfg, cb)), frame, "MLR")
    robust = {
        "chisq_scaled": "chisq.scaled",
        "cfi_robust": "cfi.robust",
        "tli_robust": "tli.robust",
        "rmsea_robust": "rmsea.robust",
    }
    compare(mlr, "default_sem_mlr", {"chisq": "chisq", "df": "df"} | robust)
