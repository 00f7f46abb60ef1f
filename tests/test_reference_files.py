"""Checks on the committed R reference values in tests/reference/ (made by make_reference.R).

These tests need no R: they check that every file the R script wrote (its manifest) is
present and has the recorded shape, that the exported data sets equal the copies semopy
ships, and that the documented missingness rule and the N-denominator sample covariance
reproduce in Python exactly.
"""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REF = Path(__file__).parent / "reference"
REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA") or Path(__file__).parents[1] / ".." / "shared" / "realdata"
)
HS_VARS = [f"x{j}" for j in range(1, 10)]

# Models whose estimates / fit / r2 / options the R script must write (see README.md).
MODELS = [
    "hs_cfa_ml",
    "hs_cfa_mlr",
    "hs_cfa_fiml",
    "hs_cfa_fiml_mlr",
    "hs_cfa_listwise",
    "hs_onefactor_ml",
    "poldem_sem_ml",
    "poldem_sem_mlr",
    "mbi_elm_cfa_ml",
    "mbi_inv_configural",
    "mbi_inv_metric",
    "mbi_inv_scalar",
    "byrne_elem_sem_ml",
    "prasojo_cfa_ml",
    "prasojo_sem_ml",
    "default_sem_ml",
    "default_sem_mlr",
    "default_sem_fiml",
    "default_cfa_ml",
]
EXTRA = [
    "sem/hs_sampstat_cov.csv",
    "sem/hs_sampstat_moments.csv",
    "sem/hs_cfa_ml_implied_cov.csv",
    "sem/hs_cfa_ml_modindices.csv",
    "sem/hs_harman_lrt.csv",
    "sem/hs_fiml_missing_cells.csv",
    "sem/mbi_inv_lrt.csv",
    "sem/mbi_invariance.csv",
    "data/holzinger.csv",
    "data/poldem.csv",
]
ESTIMATE_COLUMNS = [
    "lhs",
    "op",
    "rhs",
    "label",
    "est",
    "se",
    "z",
    "pvalue",
    "ci.lower",
    "ci.upper",
    "std.lv",
    "std.all",
    "std.nox",
]
FIT_INDICES = [
    "chisq",
    "df",
    "pvalue",
    "cfi",
    "tli",
    "rmsea",
    "rmsea.ci.lower",
    "rmsea.ci.upper",
    "srmr",
    "gfi",
    "agfi",
    "aic",
    "bic",
    "logl",
    "unrestricted.logl",
    "npar",
    "ntotal",
]
ROBUST_INDICES = ["chisq.scaled", "df.scaled", "cfi.robust", "tli.robust", "rmsea.robust"]


def _fit(name: str) -> pd.Series:
    df = pd.read_csv(REF / "sem" / f"{name}_fit.csv")
    return df.set_index("index")["value"]


def test_manifest_files_exist_with_recorded_shape():
    manifest = pd.read_csv(REF / "manifest.csv")
    assert len(manifest) >= len(MODELS) * 4 + len(EXTRA)
    for row in manifest.itertuples():
        path = REF / row.file
        assert path.is_file(), f"{row.file} listed by {row.script} is missing"
        assert path.stat().st_size > 0, f"{row.file} is empty"
        df = pd.read_csv(path, keep_default_na=False)
        assert df.shape == (row.n_rows, row.n_cols), row.file


@pytest.mark.parametrize("model", MODELS)
def test_model_files_complete(model):
    manifest = set(pd.read_csv(REF / "manifest.csv")["file"])
    for kind in ("estimates", "fit", "r2", "options"):
        assert f"sem/{model}_{kind}.csv" in manifest
    est = pd.read_csv(REF / "sem" / f"{model}_estimates.csv")
    assert [c for c in est.columns if c not in ("block", "group", "group_index")] == (
        ESTIMATE_COLUMNS
    )
    assert est["est"].notna().all()
    fit = _fit(model)
    missing = [k for k in FIT_INDICES if k not in fit.index]
    assert not missing, f"{model}_fit.csv lacks {missing}"
    if "mlr" in model:
        assert all(k in fit.index for k in ROBUST_INDICES)
    opts = pd.read_csv(REF / "sem" / f"{model}_options.csv").set_index("option")["value"]
    assert opts["converged"] == "TRUE"
    assert opts["lavaan_version"] == "0.6.14"


@pytest.mark.parametrize("name", EXTRA)
def test_extra_files_listed(name):
    manifest = set(pd.read_csv(REF / "manifest.csv")["file"])
    assert name in manifest


def test_holzinger_equals_semopy_copy():
    from semopy.examples import holzinger39

    ours = pd.read_csv(REF / "data" / "holzinger.csv")
    theirs = holzinger39.get_data().reset_index(drop=True)  # semopy's index starts at 1
    assert ours.shape == (301, 12)
    shared = [c for c in ours.columns if c in theirs.columns]
    assert shared == ["id", "sex", "school", *HS_VARS]
    pd.testing.assert_frame_equal(
        ours[shared], theirs[shared].astype({"school": object}), check_dtype=False
    )


def test_poldem_equals_semopy_copy():
    from semopy.examples import political_democracy

    ours = pd.read_csv(REF / "data" / "poldem.csv")
    theirs = political_democracy.get_data().reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, theirs[ours.columns], check_dtype=False)


def test_fiml_missingness_rule_reproduces():
    """Cell (i, j), 1-based row i and indicator j = 1..9, is NA when (7 i + 13 j) % 17 == 0."""
    cells = pd.read_csv(REF / "sem" / "hs_fiml_missing_cells.csv")
    i = np.arange(1, 302)[:, None]
    j = np.arange(1, 10)[None, :]
    rows, cols = np.nonzero((i * 7 + j * 13) % 17 == 0)
    ours = sorted(zip((rows + 1).tolist(), [HS_VARS[c] for c in cols], strict=True))
    assert ours == sorted(zip(cells["row"], cells["column"], strict=True))
    assert len(ours) == 161
    # at most one missing indicator per respondent, so FIML keeps all 301
    assert _fit("hs_cfa_fiml")["ntotal"] == 301
    assert _fit("hs_cfa_listwise")["ntotal"] == 301 - len({r for r, _ in ours})


def test_sampstat_cov_divides_by_n():
    data = pd.read_csv(REF / "data" / "holzinger.csv")[HS_VARS].to_numpy()
    cov = pd.read_csv(REF / "sem" / "hs_sampstat_cov.csv").set_index("variable")
    np.testing.assert_allclose(cov.loc[HS_VARS, HS_VARS], np.cov(data.T, ddof=0), atol=1e-12)
    assert not np.allclose(cov.loc[HS_VARS, HS_VARS], np.cov(data.T, ddof=1), atol=1e-4)


def test_harman_lrt_is_difference_of_fits():
    lrt = pd.read_csv(REF / "sem" / "hs_harman_lrt.csv").set_index("model")
    three, one = _fit("hs_cfa_ml"), _fit("hs_onefactor_ml")
    assert lrt.loc["one_factor", "chisq_diff"] == pytest.approx(
        one["chisq"] - three["chisq"], abs=1e-9
    )
    assert lrt.loc["one_factor", "df_diff"] == one["df"] - three["df"] == 3


def test_invariance_summary_matches_fits():
    inv = pd.read_csv(REF / "sem" / "mbi_invariance.csv").set_index("model")
    assert list(inv.index) == ["configural", "metric", "scalar"]
    for model in inv.index:
        fit = _fit(f"mbi_inv_{model}")
        for col in ("chisq", "df", "cfi", "tli", "rmsea", "srmr"):
            assert inv.loc[model, col] == pytest.approx(fit[col], abs=1e-12)
        assert fit["ntotal"] == 580 + 692
    est = pd.read_csv(REF / "sem" / "mbi_inv_metric_estimates.csv", keep_default_na=False)
    loadings = est[est["op"] == "=~"].pivot(index=["lhs", "rhs"], columns="group", values="est")
    np.testing.assert_allclose(loadings["elementary"], loadings["secondary"], atol=1e-12)


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is absent (fresh clone)")
def test_real_data_sizes_match_fits():
    byrne = REALDATA / "byrne_teacher_burnout"
    assert _fit("mbi_elm_cfa_ml")["ntotal"] == len(pd.read_csv(byrne / "MBIELM1.CSV"))
    assert _fit("byrne_elem_sem_ml")["ntotal"] == len(pd.read_csv(byrne / "ELEMIND1.CSV"))
    prasojo = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    assert _fit("prasojo_cfa_ml")["ntotal"] == len(pd.read_csv(prasojo))
