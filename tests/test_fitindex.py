"""surveysem.fitindex: NFI, IFI, RFI, PNFI and chi-square / df against lavaan's fitMeasures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.criteria import chisq_df_names
from surveysem.fitindex import amos_indices, ifi, nfi, pnfi, rfi
from surveysem.models import fit_measurement, fit_with_estimator

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA") or ROOT.parent / "shared" / "realdata")
AMOS = ("nfi", "ifi", "rfi", "pnfi")
#: every committed lavaan fitMeasures table of a single-group model
FITS = sorted(
    p for d in ("sem", "ordinal", "robust") for p in (REF / d).glob("*_fit.csv")
    if not p.name.startswith(("mbi_inv", "default_gender", "default_service"))
)  # fmt: skip


def _lavaan(path: Path) -> dict[str, float]:
    t = pd.read_csv(path, keep_default_na=False, na_values=["NA"])
    return dict(zip(t["index"].str.replace(".", "_", regex=False), t["value"], strict=True))


def _as_fit_table(v: dict[str, float]) -> pd.DataFrame:
    keep = ["chisq", "df", "baseline_chisq", "baseline_df", "chisq_scaled", "df_scaled",
            "baseline_chisq_scaled"]  # fmt: skip
    rows = [(k, v[k]) for k in keep if k in v]
    return pd.DataFrame(rows, columns=["index", "value"])


@pytest.mark.parametrize("path", FITS, ids=lambda p: p.stem)
def test_formulas_equal_lavaan_on_every_reference_fit(path):
    v = _lavaan(path)
    if "nfi" not in v:
        pytest.skip("no incremental indices in this reference")
    got = amos_indices(_as_fit_table(v)).set_index("index")["value"]
    for k in AMOS:
        assert got[k] == pytest.approx(v[k], abs=1e-9, nan_ok=True), k
        if f"{k}_scaled" in v and "chisq_scaled" in v:
            assert got[f"{k}_scaled"] == pytest.approx(v[f"{k}_scaled"], abs=1e-9, nan_ok=True)
    c, d = chisq_df_names(v)
    assert got["chisq_df"] == pytest.approx(v[c] / v[d], rel=1e-12)


def test_edge_cases_follow_lavaan():
    assert nfi(0.0, 0, 100.0, 10) == 1.0  # saturated
    assert np.isnan(nfi(5.0, 12, 100.0, 10))  # df > baseline df
    assert ifi(50.0, 5, 4.0, 10) == 1.0  # X2_0 - df < 0
    assert rfi(90.0, 5, 100.0, 10) == 1.0  # model worse than baseline per df: lavaan's 1
    assert np.isnan(pnfi(1.0, 2, 0.0, 10))
    assert (
        amos_indices(pd.DataFrame({"index": ["chisq", "df"], "value": [3.0, 0.0]}))
        .set_index("index")["value"]
        .isna()["chisq_df"]
    )


def test_ratio_uses_the_scaled_statistic_when_there_is_one():
    v = {"chisq": 100.0, "df": 20.0, "chisq_scaled": 80.0, "df_scaled": 20.0}
    assert chisq_df_names(v) == ("chisq_scaled", "df_scaled")
    assert chisq_df_names({"chisq": 1.0, "df": 1.0}) == ("chisq", "df")


def _compare(fit: pd.DataFrame, ref: str, keys=AMOS + ("gfi", "agfi")) -> float:
    got = fit.set_index("index")["value"]
    v = _lavaan(REF / "sem" / f"{ref}_fit.csv")
    worst = 0.0
    for k in keys:
        assert got[k] == pytest.approx(v[k], abs=1e-3), (ref, k)
        worst = max(worst, abs(got[k] - v[k]))
    c, d = chisq_df_names(v)
    assert got["chisq_df"] == pytest.approx(v[c] / v[d], abs=1e-3)
    return worst


def _default():
    import yaml

    from surveysem.clean import clean_survey
    from surveysem.codebook import read_codebook
    from surveysem.ingest import read_survey

    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cb = read_codebook(str(ROOT / "data" / "codebook.yaml"))
    c = cfg["cleaning"]
    res = clean_survey(
        read_survey(str(ROOT / "data" / "raw" / "survey.csv")), cb,
        id_column=cfg["data"]["id_column"], exclude=c["exclude"],
        drop_duplicate_rows=c["drop_duplicate_rows"], max_missing_share=c["max_missing_share"],
        longstring_max=c["longstring_max"], mahalanobis_p=c["mahalanobis_p"],
        min_duration_sec=c["min_duration_sec"], missing="listwise",
    )  # fmt: skip
    return cfg, cb, res.data


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_cfa_and_sem_equal_lavaan():
    from surveysem.models import structural_data
    from surveysem.study import model_spec

    cfg, cb, data = _default()
    _compare(fit_measurement(data, cb).fit, "default_cfa_ml")
    spec = model_spec(cfg, cb)
    data = structural_data(data, cfg, cb)  # the product indicators of WL:SS
    _compare(fit_with_estimator(data, spec).fit, "default_sem_ml")
    mlr = fit_with_estimator(data, spec, estimator="MLR").fit
    _compare(mlr, "default_sem_mlr", AMOS + tuple(f"{k}_scaled" for k in AMOS))


def test_real_data_cfa_and_sem_equal_lavaan():
    from surveysem.sem import ModelSpec

    path = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    if not path.is_file():
        pytest.skip(f"real data {path} is absent (set SURVEYSEM_REALDATA)")
    d = pd.read_csv(path)
    cfa = ModelSpec({
        "TSC": tuple(f"TSC{i}" for i in range(1, 6)), "TE": tuple(f"TE{i}" for i in range(1, 6)),
        "EE": tuple(f"EE{i}" for i in range(1, 6)), "DE": tuple(f"DE{i}" for i in range(1, 4)),
        "RPA": tuple(f"RPA{i}" for i in range(1, 6)),
    })  # fmt: skip
    _compare(fit_with_estimator(d, cfa).fit, "prasojo_cfa_ml")
    sem = ModelSpec(
        {"TSC": ("TSC1", "TSC2", "TSC3", "TSC4"), "TE": ("TE1", "TE2", "TE3", "TE5"),
         "EE": ("EE1", "EE2", "EE3", "EE4"), "DE": ("DE1", "DE2", "DE3"),
         "RPA": ("RPA1", "RPA2", "RPA3", "RPA4")},
        "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE",
    )  # fmt: skip
    _compare(fit_with_estimator(d, sem).fit, "prasojo_sem_ml")
