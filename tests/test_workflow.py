"""End to end: the Snakemake workflow on small studies, checking the outputs' contents.

Each study runs in its own working directory (``snakemake --directory``) with absolute paths in
its study file, exactly as a user's second study would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
SNAKEMAKE = Path(sys.executable).parent / "snakemake"

pytestmark = pytest.mark.slow


def run_snakemake(workdir: Path, study: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    cmd = [
        str(SNAKEMAKE),
        "--snakefile",
        str(ROOT / "Snakefile"),
        "--directory",
        str(workdir),
        "--configfile",
        str(study),
        "--cores",
        "2",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=workdir, timeout=1800)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def default_small(tmp_path_factory) -> Path:
    """The default study with a light bootstrap, run once for the tests below."""
    work = tmp_path_factory.mktemp("default_study")
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["report"]["recommendations"] = str(ROOT / "data" / "recommendations.yaml")
    cfg["analysis"]["bootstrap"] = 100
    study = work / "study.yaml"
    study.write_text(yaml.safe_dump(cfg, sort_keys=False))
    res = run_snakemake(work, study)
    assert res.returncode == 0, res.stderr[-4000:]
    return work


def test_ledger_accounts_for_every_respondent(default_small):
    raw = pd.read_csv(ROOT / "data" / "raw" / "survey.csv", dtype=str)
    data = pd.read_csv(default_small / "results/clean/data.csv")
    excl = pd.read_csv(default_small / "results/clean/exclusions.csv")
    flow = pd.read_csv(default_small / "results/clean/flow.csv")
    assert len(raw) == len(data) + len(excl)
    assert flow["n_before"].iloc[0] == len(raw)
    assert flow["n_after"].iloc[-1] == len(data)
    assert (flow["n_before"] - flow["n_excluded"] == flow["n_after"]).all()
    assert excl["row"].is_unique and excl["reason"].notna().all()


def test_outputs_follow_the_contract(default_small):
    r = default_small / "results"
    est = pd.read_csv(r / "sem/estimates.csv")
    assert list(est.columns[:10]) == [
        "lhs", "op", "rhs", "est", "se", "z", "pvalue", "ci_low", "ci_high", "std_all"
    ]  # fmt: skip
    fit = pd.read_csv(r / "sem/fit.csv").set_index("index")["value"]
    for idx in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high",
                "srmr", "aic", "bic", "n"):  # fmt: skip
        assert idx in fit.index
    assert fit["n"] == len(pd.read_csv(r / "clean/data.csv"))
    eff = pd.read_csv(r / "sem/effects.csv")
    assert set(eff["kind"]) == {"direct", "indirect", "total"}
    assert eff["method"].str.contains("100 resamples").all()
    hyp = pd.read_csv(r / "sem/hypotheses.csv")
    assert len(hyp) == 15 and hyp["supported"].dtype == bool
    # the hypotheses are judged from the estimates in this run
    h1 = hyp.set_index("id").loc["H1"]
    row = est[(est.lhs == "EE") & (est.op == "~") & (est.rhs == "WL")].iloc[0]
    assert h1["est"] == pytest.approx(row["est"])
    assert h1["supported"] == bool(row["ci_low"] > 0)
    rel = pd.read_csv(r / "reliability/scales.csv")
    assert list(rel.columns[:9]) == [
        "scale", "n_items", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "cr", "ave"
    ]  # fmt: skip
    assert rel["alpha"].between(0.6, 0.95).all()
    diff = pd.read_csv(r / "groups/differences.csv")
    assert {"gender", "marital", "post"} <= set(diff["group_var"])


def test_pdf_has_chapters_and_the_numbers_in_results(default_small):
    pdf = default_small / "reports/thesis.pdf"
    assert (default_small / "reports/thesis.html").is_file()
    text = pdf_text(pdf)
    for title in ("Introduction", "Method", "Results", "Discussion", "Recommendations",
                  "Limitations", "References", "Contents"):  # fmt: skip
        assert title in text
    assert "imulated" in text  # the title page says the data are simulated
    n = len(pd.read_csv(default_small / "results/clean/data.csv"))
    assert f"{n:,}" in text or str(n) in text
    fit = pd.read_csv(default_small / "results/sem/fit.csv").set_index("index")["value"]
    chisq = f"{fit['chisq']:,.2f}"
    assert chisq in text or chisq.replace(",", "") in text
    assert len(PdfReader(pdf).pages) > 20


def test_rerun_has_nothing_to_do_and_a_template_edit_reruns_only_the_report(default_small):
    res = run_snakemake(default_small, default_small / "study.yaml", "-n")
    assert res.returncode == 0
    assert "Nothing to be done" in res.stdout + res.stderr
    # Snakemake 9 keeps input checksums: a bare touch changes nothing, an edit does
    template = sorted((ROOT / "workflow" / "templates").glob("*.j2"))[0]
    original, stat = template.read_bytes(), template.stat()
    try:
        template.write_bytes(original + b"{# edited by a test #}\n")
        res = run_snakemake(default_small, default_small / "study.yaml", "-n", "--quiet", "rules")
        out = res.stdout + res.stderr
        rules = set(re.findall(r"^(\w+)\s+\d+$", out, flags=re.M))
        assert rules and rules <= {"render_report", "print_pdf", "all", "total"}, out
    finally:
        template.write_bytes(original)
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_the_sensitivity_table_is_a_target_of_its_own(default_small):
    res = run_snakemake(default_small, default_small / "study.yaml", "results/sem/sensitivity.csv")
    assert res.returncode == 0, res.stderr[-4000:]
    sens = pd.read_csv(default_small / "results/sem/sensitivity.csv")
    est = pd.read_csv(default_small / "results/sem/estimates.csv")
    n_paths = int((est["op"] == "~").sum())
    assert sens["estimator"].tolist() == ["ML"] * n_paths + ["WLSMV"] * n_paths
    ml = sens[sens["estimator"] == "ML"].merge(est, on=["lhs", "op", "rhs"], suffixes=("", "_m"))
    np.testing.assert_allclose(ml["est"], ml["est_m"], atol=1e-8)
    fit = pd.read_csv(default_small / "results/sem/sensitivity_fit.csv")
    assert {"chisq_scaled", "cfi_robust"} <= set(fit.loc[fit["estimator"] == "WLSMV", "index"])
    dec = pd.read_csv(default_small / "results/cfa/estimator.csv").iloc[0]
    assert dec["estimator"] == "ML" and str(dec["ordinal_setting"]).lower() == "false"


def test_a_bad_study_key_stops_before_any_rule(tmp_path):
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["analysis"]["estimater"] = "ML"
    study = tmp_path / "bad.yaml"
    study.write_text(yaml.safe_dump(cfg))
    res = run_snakemake(tmp_path, study, "-n")
    assert res.returncode != 0
    assert "estimater" in res.stdout + res.stderr


def test_unknown_scale_in_the_model_is_named(tmp_path):
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["model"]["structural"] += "EE ~ XX\n"
    study = tmp_path / "bad.yaml"
    study.write_text(yaml.safe_dump(cfg))
    res = run_snakemake(tmp_path, study, "-n")
    assert res.returncode != 0
    assert "'XX'" in res.stdout + res.stderr


PRASOJO_CODEBOOK = {
    "scales": {
        "TSC": {"label": "Teacher self-concept", "role": "resource", "level": "individual",
                "items": ["TSC1", "TSC2", "TSC3", "TSC4"], "range": [1, 5]},
        "TE": {"label": "Teacher efficacy", "role": "resource", "level": "individual",
               "items": ["TE1", "TE2", "TE3", "TE5"], "range": [1, 5]},
        "EE": {"label": "Emotional exhaustion", "role": "burnout",
               "items": ["EE1", "EE2", "EE3", "EE4"], "range": [1, 5]},
        "DE": {"label": "Depersonalization", "role": "burnout",
               "items": ["DE1", "DE2", "DE3"], "range": [1, 5]},
        "RPA": {"label": "Reduced personal accomplishment", "role": "burnout",
                "items": ["RPA1", "RPA2", "RPA3", "RPA4"], "range": [1, 5]},
    }
}  # fmt: skip


def test_a_second_study_from_real_data_runs_without_code_changes(tmp_path):
    """Prasojo et al. (2020): five scales, the authors' final structural model."""
    src = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
    if not src.is_file():
        pytest.skip(f"{src} is absent (the shared real-data folder sits beside the checkout)")
    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(PRASOJO_CODEBOOK))
    study = {
        "title": "Teachers' burnout: a SEM analysis in an Asian context (Prasojo et al. 2020 data)",
        "data": {"path": str(src)},
        "codebook": str(tmp_path / "codebook.yaml"),
        "model": {
            "structural": "TE ~ TSC\nEE ~ TSC + TE\nDE ~ TSC + TE\nRPA ~ TSC + TE\n",
        },
        "hypotheses": [
            {"id": "H1", "path": "EE ~ TE", "sign": "-", "text": "Efficacy lowers exhaustion."},
            {"id": "H2", "effect": "TSC -> TE -> EE", "sign": "-",
             "text": "Self-concept lowers exhaustion through efficacy."},
        ],
        "cleaning": {"exclude": ["duplicate_id", "longstring", "too_many_missing"]},
        "analysis": {"bootstrap": 50, "groups": [], "ordinal": "auto"},
    }  # fmt: skip
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study, sort_keys=False))
    res = run_snakemake(tmp_path, tmp_path / "study.yaml")
    assert res.returncode == 0, res.stderr[-4000:]
    raw = pd.read_csv(src)
    data = pd.read_csv(tmp_path / "results/clean/data.csv")
    excl = pd.read_csv(tmp_path / "results/clean/exclusions.csv")
    assert len(raw) == len(data) + len(excl)
    est = pd.read_csv(tmp_path / "results/sem/estimates.csv")
    assert {"TE", "EE", "DE", "RPA"} <= set(est.loc[est.op == "~", "lhs"])
    hyp = pd.read_csv(tmp_path / "results/sem/hypotheses.csv")
    assert list(hyp["id"]) == ["H1", "H2"]
    text = pdf_text(tmp_path / "reports/thesis.pdf")
    assert "Prasojo" in text and "Results" in text
    assert "imulated demonstration" not in text  # real data: no simulation notice
    # five-point items: analysis.ordinal auto picks WLSMV, decided once and used everywhere
    dec = pd.read_csv(tmp_path / "results/cfa/estimator.csv").iloc[0]
    assert (dec["estimator"], dec["ordinal_setting"], dec["missing"]) == (
        "WLSMV",
        "auto",
        "listwise",
    )
    treat = pd.read_csv(tmp_path / "results/cfa/item_treatment.csv")
    assert treat["ordinal"].all() and (treat["n_categories"] <= 5).all()
    assert (est["op"] == "|").sum() > 0
    fit = pd.read_csv(tmp_path / "results/sem/fit.csv").set_index("index")["value"]
    assert {"chisq_scaled", "df_scaled", "pvalue_scaled", "cfi_scaled", "cfi_robust"} <= set(
        fit.index
    )
    rel = pd.read_csv(tmp_path / "results/reliability/scales.csv")
    assert rel["omega_categorical"].between(0, 1).all() and rel["alpha_ordinal"].between(0, 1).all()
    res = run_snakemake(tmp_path, tmp_path / "study.yaml", "results/sem/sensitivity.csv")
    assert res.returncode == 0, res.stderr[-4000:]
    sens = pd.read_csv(tmp_path / "results/sem/sensitivity.csv")
    assert list(dict.fromkeys(sens["estimator"])) == ["WLSMV", "ML"] and len(sens) == 14
    shutil.rmtree(tmp_path / ".snakemake", ignore_errors=True)


def test_default_study_with_fiml_and_mlr_runs_end_to_end(tmp_path):
    """The FIML path through every rule: incomplete respondents kept, MLR on FIML, the report."""
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["report"]["recommendations"] = str(ROOT / "data" / "recommendations.yaml")
    cfg["analysis"].update(missing="fiml", estimator="MLR", bootstrap=30, groups=["gender"])
    study = tmp_path / "study.yaml"
    study.write_text(yaml.safe_dump(cfg, sort_keys=False))
    res = run_snakemake(tmp_path, study)
    assert res.returncode == 0, res.stderr[-4000:]
    r = tmp_path / "results"
    data = pd.read_csv(r / "clean/data.csv")
    flow = pd.read_csv(r / "clean/flow.csv")
    assert "listwise_incomplete" not in set(flow["step"])
    assert flow["n_after"].iloc[-1] == len(data)
    incomplete = data.drop(columns="respondent_id").isna().any(axis=1).sum()
    assert incomplete > 100  # the incomplete respondents are analysed, not dropped
    fit = pd.read_csv(r / "sem/fit.csv").set_index("index")["value"]
    assert fit["n"] == len(data)
    assert {"chisq_scaled", "cfi_robust", "rmsea_robust"} <= set(fit.index)
    est = pd.read_csv(r / "sem/estimates.csv")
    assert (est["op"] == "~1").sum() == 60  # FIML estimates the item intercepts
    assert est.loc[est["op"] == "~", "se"].gt(0).all()
    eff = pd.read_csv(r / "sem/effects.csv")
    assert eff["method"].str.contains("30 resamples").all()
    inv = pd.read_csv(r / "groups/invariance.csv")
    assert inv["n"].max() < len(data)  # complete cases within the multi-group models
    text = pdf_text(tmp_path / "reports/thesis.pdf")
    assert "full-information maximum likelihood" in text.replace("\n", " ")
    assert f"{len(data):,}" in text
    assert "not estimated with full-information" in text.replace("\n", " ")
