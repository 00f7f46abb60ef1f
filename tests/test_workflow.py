"""End to end: the Snakemake workflow on small studies, checking the outputs' contents.

Each study runs in its own working directory (``snakemake --directory``) with absolute paths in
its study file, exactly as a user's second study would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from helpers.runs import PRASOJO, ROOT, SNAKEMAKE, default_study, run_snakemake
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
    # the default study tests buffering (EE ~ WL:SS): the index of moderated mediation too
    assert set(eff["kind"]) == {"direct", "indirect", "total", "index_moderated_mediation"}
    assert eff["method"].str.contains("100 resamples").all()
    cond = pd.read_csv(r / "sem/conditional.csv")
    assert set(cond["moderator_level"]) == {"-1 SD", "mean", "+1 SD"}
    assert (pd.read_csv(r / "sem/johnson_neyman.csv")["effect"] == "WL -> EE").all()
    hyp = pd.read_csv(r / "sem/hypotheses.csv")
    assert len(hyp) == 17 and hyp["supported"].dtype == bool
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
        report = {
            "render_report",
            "print_pdf",
            "render_report_translation",
            "print_pdf_translation",
        }
        assert rules and rules <= report | {"all", "total"}, out
    finally:
        template.write_bytes(original)
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_the_sensitivity_table_is_part_of_the_default_run(default_run):
    sens = pd.read_csv(default_run / "results/sem/sensitivity.csv")
    est = pd.read_csv(default_run / "results/sem/estimates.csv")
    paths = est[est["op"] == "~"]
    n_paths = len(paths)
    n_plain = int((~paths["rhs"].astype(str).str.contains(":")).sum())  # WLSMV: no products
    assert sens["estimator"].tolist() == ["ML"] * n_paths + ["WLSMV"] * n_plain
    ml = sens[sens["estimator"] == "ML"].merge(est, on=["lhs", "op", "rhs"], suffixes=("", "_m"))
    np.testing.assert_allclose(ml["est"], ml["est_m"], atol=1e-8)
    fit = pd.read_csv(default_run / "results/sem/sensitivity_fit.csv")
    assert {"chisq_scaled", "cfi_robust"} <= set(fit.loc[fit["estimator"] == "WLSMV", "index"])
    dec = pd.read_csv(default_run / "results/cfa/estimator.csv").iloc[0]
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
    # five-point items: analysis.ordinal auto picks WLSMV, decided once and used everywhere
    dec = pd.read_csv(prasojo_run / "results/cfa/estimator.csv").iloc[0]
    assert (dec["estimator"], dec["ordinal_setting"], dec["missing"]) == (
        "WLSMV",
        "auto",
        "listwise",
    )
    treat = pd.read_csv(prasojo_run / "results/cfa/item_treatment.csv")
    assert treat["ordinal"].all() and (treat["n_categories"] <= 5).all()
    assert (est["op"] == "|").sum() > 0
    fit = pd.read_csv(prasojo_run / "results/sem/fit.csv").set_index("index")["value"]
    assert {"chisq_scaled", "df_scaled", "pvalue_scaled", "cfi_scaled", "cfi_robust"} <= set(
        fit.index
    )
    rel = pd.read_csv(prasojo_run / "results/reliability/scales.csv")
    assert rel["omega_categorical"].between(0, 1).all() and rel["alpha_ordinal"].between(0, 1).all()
    res = run_snakemake(prasojo_run, prasojo_run / "study.yaml", "results/sem/sensitivity.csv")
    assert res.returncode == 0, res.stderr[-4000:]
    sens = pd.read_csv(prasojo_run / "results/sem/sensitivity.csv")
    assert list(dict.fromkeys(sens["estimator"])) == ["WLSMV", "ML"] and len(sens) == 14


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
    intercepts = est.loc[est["op"] == "~1", "lhs"].astype(str)
    # FIML estimates the intercepts of the 60 items and of the 5 product indicators of WL:SS
    assert (~intercepts.str.contains(":")).sum() == 60
    assert intercepts.str.contains(":").sum() == 5
    assert est.loc[est["op"] == "~", "se"].gt(0).all()
    eff = pd.read_csv(r / "sem/effects.csv")
    assert eff["method"].str.contains("30 resamples").all()
    inv = pd.read_csv(r / "groups/invariance.csv")
    assert inv["n"].max() < len(data)  # complete cases within the multi-group models
    text = pdf_text(tmp_path / "reports/thesis.pdf")
    assert "full-information maximum likelihood" in text.replace("\n", " ")
    assert f"{len(data):,}" in text
    assert "not estimated with full-information" in text.replace("\n", " ")


# ---- what a new user sees on the console ----------------------------------------------------


def console_lines(res: subprocess.CompletedProcess) -> list[str]:
    """stderr without Snakemake's note that it uses the default workflow profile."""
    return [ln for ln in res.stderr.splitlines() if not ln.startswith("Using workflow specific")]


def small_study(tmp_path: Path, **changes) -> Path:
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["report"]["recommendations"] = str(ROOT / "data" / "recommendations.yaml")
    for key, value in changes.items():
        section, _, name = key.partition("__")
        if name:
            cfg[section][name] = value
        else:
            cfg[section] = value
    study = tmp_path / "study.yaml"
    study.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return study


def test_a_misspelled_key_is_one_line_on_the_console(tmp_path):
    """Files inside the working directory are named relative to it."""
    cfg = yaml.safe_load(small_study(tmp_path).read_text())
    cfg["model"]["structual"] = cfg["model"].pop("structural")
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    res = run_snakemake(tmp_path, tmp_path / "study.yaml", "-n")
    assert res.returncode == 1
    assert console_lines(res) == [
        "study file study.yaml: model.structual: unknown key; did you mean "
        "`structural`? (keys of model: structural, extra, composites, interaction, indirect)"
    ]


def test_a_missing_item_stops_the_run_before_any_rule(tmp_path):
    book = yaml.safe_load((ROOT / "data" / "codebook.yaml").read_text())
    book["scales"]["WL"].update(items=["wl1", "wl2", "wl3", "wl4", "wl9"], reverse=[])
    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(book, allow_unicode=True))
    study = small_study(tmp_path, codebook=str(tmp_path / "codebook.yaml"))
    res = run_snakemake(tmp_path, study, "-n")
    assert res.returncode == 1
    columns = pd.read_csv(ROOT / "data" / "raw" / "survey.csv", nrows=0).columns
    assert console_lines(res) == [
        f"data file {ROOT / 'data' / 'raw' / 'survey.csv'}: a column named in the codebook "
        "codebook.yaml is not in the data: wl9 (item of scale WL; nearest "
        f"column: wl5). The data file has: {', '.join(columns)}. Make the names in the codebook "
        "and the data file agree"
    ]
    assert not (tmp_path / "logs").exists()


def test_a_target_after_configfile_says_what_to_do(tmp_path):
    study = small_study(tmp_path)
    cmd = [str(SNAKEMAKE), "--snakefile", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
           "--cores", "2", "-n", "--configfile", str(study), "results/sem/estimates.csv"]  # fmt: skip
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert res.returncode == 1
    assert console_lines(res) == [
        "--configfile reads every word after it as a study file, so the target "
        "results/sem/estimates.csv was taken for one; put the targets first (snakemake --cores 2 "
        f"results/sem/estimates.csv --configfile {study}) or write --configfile={study} "
        "results/sem/estimates.csv"
    ]
    # the two forms that work
    for args in (["results/clean/flow.csv", "--configfile", str(study)],
                 [f"--configfile={study}", "results/clean/flow.csv"]):  # fmt: skip
        ok = subprocess.run([*cmd[:7], "-n", *args], capture_output=True, text=True, cwd=tmp_path)
        assert ok.returncode == 0, ok.stderr[-2000:]


def test_an_unedited_draft_is_refused(tmp_path):
    src = tmp_path / "survey.csv"
    pd.read_csv(ROOT / "data" / "raw" / "survey.csv").iloc[:50].to_csv(src, index=False)
    draft = subprocess.run(
        [sys.executable, "-m", "surveysem.draft", str(src), str(tmp_path / "codebook.yaml")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert draft.returncode == 0, draft.stderr
    assert "Next steps:" in draft.stdout
    res = run_snakemake(tmp_path, tmp_path / "study.yaml", "-n")
    assert res.returncode == 1
    lines = console_lines(res)
    assert len(lines) == 2
    assert lines[0].startswith(
        "codebook codebook.yaml: 44 value(s) still read '(edit: ...)' as "
        "surveysem.draft left them: scales.WL.label, scales.CB.label,"
    )
    assert lines[1] == (
        "study file study.yaml: 1 value(s) still read '(edit: ...)' as "
        "surveysem.draft left them: title; write what each one means, then run again"
    )


def test_a_rule_that_stops_on_a_user_error_shows_its_message(tmp_path):
    header = (ROOT / "data" / "raw" / "survey.csv").read_text().splitlines()[0]
    (tmp_path / "survey.csv").write_text(header + "\n")
    study = small_study(tmp_path, data={"path": str(tmp_path / "survey.csv"),
                                        "id_column": "respondent_id"})  # fmt: skip
    res = run_snakemake(tmp_path, study, "results/ingest/responses.csv")
    assert res.returncode == 1
    message = (
        f"ingest_survey failed: {tmp_path / 'survey.csv'}: has a header row but no data rows; "
        "export the survey with its responses"
    )
    lines = console_lines(res)
    assert message in lines  # where the rule fails
    end = lines.index("The run stopped:")
    assert lines[end + 1] == f"  {message}"  # and again at the end
    assert "Traceback" in (tmp_path / "logs" / "ingest_survey.log").read_text()


def test_an_item_nobody_can_analyse_stops_the_run_at_cleaning(tmp_path):
    raw = pd.read_csv(ROOT / "data" / "raw" / "survey.csv", dtype=str)
    raw["ee3"] = "4"  # everyone gives the same answer
    raw.to_csv(tmp_path / "survey.csv", index=False)
    study = small_study(tmp_path, data={"path": str(tmp_path / "survey.csv"),
                                        "id_column": "respondent_id"})  # fmt: skip
    res = run_snakemake(tmp_path, study, "results/sem/fit.csv")
    assert res.returncode == 1
    lines = console_lines(res)
    end = lines.index("The run stopped:")
    assert lines[end + 1 :][:1] == [
        "  clean_responses failed: 1 item(s) cannot be analysed among the 1,058 screened "
        "respondents: ee3 (scale EE): zero variance (everyone gave the same answer). Check the "
        "column in the data file, or drop the item from its scale in the codebook"
    ]
    assert not (tmp_path / "results" / "sem").exists()  # no later step ran
