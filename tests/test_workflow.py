"""End to end: the Snakemake workflow on small studies, checking the outputs' contents.

Each study runs in its own working directory (``snakemake --directory``) with absolute paths in
its study file, exactly as a user's second study would.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers.runs import PRASOJO, ROOT, default_study, run_snakemake
from pypdf import PdfReader

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_ledger_accounts_for_every_respondent(default_run):
    raw = pd.read_csv(ROOT / "data" / "raw" / "survey.csv", dtype=str)
    data = pd.read_csv(default_run / "results/clean/data.csv")
    excl = pd.read_csv(default_run / "results/clean/exclusions.csv")
    flow = pd.read_csv(default_run / "results/clean/flow.csv")
    assert len(raw) == len(data) + len(excl)
    assert flow["n_before"].iloc[0] == len(raw)
    assert flow["n_after"].iloc[-1] == len(data)
    assert (flow["n_before"] - flow["n_excluded"] == flow["n_after"]).all()
    assert excl["row"].is_unique and excl["reason"].notna().all()


def test_outputs_follow_the_contract(default_run):
    r = default_run / "results"
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


def test_pdf_has_chapters_and_the_numbers_in_results(default_run):
    pdf = default_run / "reports/thesis.pdf"
    assert (default_run / "reports/thesis.html").is_file()
    text = pdf_text(pdf)
    for title in ("Introduction", "Method", "Results", "Discussion", "Recommendations",
                  "Limitations", "References", "Contents"):  # fmt: skip
        assert title in text
    assert "imulated" in text  # the title page says the data are simulated
    n = len(pd.read_csv(default_run / "results/clean/data.csv"))
    assert f"{n:,}" in text or str(n) in text
    fit = pd.read_csv(default_run / "results/sem/fit.csv").set_index("index")["value"]
    chisq = f"{fit['chisq']:,.2f}"
    assert chisq in text or chisq.replace(",", "") in text
    assert len(PdfReader(pdf).pages) > 20


def test_rerun_has_nothing_to_do_and_a_template_edit_reruns_only_the_report(default_run):
    res = run_snakemake(default_run, default_run / "study.yaml", "-n")
    assert res.returncode == 0
    assert "Nothing to be done" in res.stdout + res.stderr
    # the same study file named by a relative path is the same input: still nothing to do
    res = run_snakemake(default_run, Path("study.yaml"), "-n")
    assert "Nothing to be done" in res.stdout + res.stderr, res.stdout[-2000:]
    # Snakemake 9 keeps input checksums: a bare touch changes nothing, an edit does
    template = sorted((ROOT / "workflow" / "templates").glob("*.j2"))[0]
    original, stat = template.read_bytes(), template.stat()
    try:
        template.write_bytes(original + b"{# edited by a test #}\n")
        res = run_snakemake(default_run, default_run / "study.yaml", "-n", "--quiet", "rules")
        out = res.stdout + res.stderr
        rules = set(re.findall(r"^(\w+)\s+\d+$", out, flags=re.M))
        assert rules and rules <= {"render_report", "print_pdf", "all", "total"}, out
    finally:
        template.write_bytes(original)
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))


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


def test_a_second_study_from_real_data_runs_without_code_changes(prasojo_run):
    """Prasojo et al. (2020): five scales, the authors' final structural model."""
    raw = pd.read_csv(PRASOJO)
    data = pd.read_csv(prasojo_run / "results/clean/data.csv")
    excl = pd.read_csv(prasojo_run / "results/clean/exclusions.csv")
    assert len(raw) == len(data) + len(excl)
    est = pd.read_csv(prasojo_run / "results/sem/estimates.csv")
    assert {"TE", "EE", "DE", "RPA"} <= set(est.loc[est.op == "~", "lhs"])
    hyp = pd.read_csv(prasojo_run / "results/sem/hypotheses.csv")
    assert list(hyp["id"]) == ["H1", "H2"]
    text = pdf_text(prasojo_run / "reports/thesis.pdf")
    assert "Prasojo" in text and "Results" in text
    assert "imulated demonstration" not in text  # real data: no simulation notice


def test_default_study_with_fiml_and_mlr_runs_end_to_end(tmp_path):
    """The FIML path through every rule: incomplete respondents kept, MLR on FIML, the report."""
    study = default_study(tmp_path, bootstrap=30)
    cfg = yaml.safe_load(study.read_text())
    cfg["analysis"].update(missing="fiml", estimator="MLR", groups=["gender"])
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
