"""surveysem.summary: the run summary from the result tables."""

import pandas as pd

from surveysem.summary import FIT, FLOW, HYPOTHESES, PDF, fit_line, run_summary, summary_from_files

FLOW_TABLE = pd.DataFrame(
    {
        "step": ["raw", "duplicate_id", "longstring", "too_many_missing"],
        "n_before": [876, 876, 874, 754],
        "n_excluded": [0, 2, 120, 4],
        "n_after": [876, 874, 754, 750],
    }
)
FIT_TABLE = pd.DataFrame(
    {
        "index": ["chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea_ci_low",
                  "rmsea_ci_high", "srmr", "n"],
        "value": [412.345, 160, 0.0001, 0.951, 0.942, 0.0461, 0.0408, 0.0515, 0.0402, 750],
    }
)  # fmt: skip
HYP_TABLE = pd.DataFrame({"id": ["H1", "H2", "H3"], "supported": [True, False, True]})


def test_the_summary_names_each_screen_and_warns_above_five_percent():
    text = run_summary(FLOW_TABLE, FIT_TABLE, HYP_TABLE, "/x/reports/thesis.pdf")
    assert text.splitlines() == [
        "Run summary",
        "  Respondents: 876 received, 750 analysed, 126 excluded; by screen (share of those "
        "received):",
        "    duplicate_id           2  ( 0.2%)",
        "    longstring           120  (13.7%)  WARNING: more than 5% "
        "(results/clean/exclusions.csv; cleaning.longstring_max)",
        "    too_many_missing       4  ( 0.5%)",
        "  Model fit: chi2(160) = 412.35, p < .001, CFI = .951, TLI = .942, "
        "RMSEA = .046 [.041, .051], SRMR = .040; n = 750",
        "  Hypotheses: 2 of 3 supported (not supported: H2)",
        "  Report: /x/reports/thesis.pdf",
    ]


def test_answers_set_to_missing_and_the_estimator_are_named():
    fixes = pd.DataFrame(
        {"row": [3, 3, 9], "column": ["ee2", "ee3", "ee2"],
         "reason": ["out_of_range", "non_numeric", "out_of_range"]}
    )  # fmt: skip
    est = pd.DataFrame(
        {"estimator": ["WLSMV"], "reason": ["analysis.ordinal is auto: a scale has 5 categories"]}
    )
    lines = run_summary(FLOW_TABLE, cell_fixes=fixes, estimator=est).splitlines()
    assert lines[-2:] == [
        "  Answers set to missing: 3 (out_of_range 2, non_numeric 1); each one is listed in "
        "results/clean/cell_fixes.csv",
        "  Estimator: WLSMV (analysis.ordinal is auto: a scale has 5 categories)",
    ]
    assert "Answers set to missing" not in run_summary(FLOW_TABLE, cell_fixes=fixes.iloc[:0])


def test_a_group_variable_no_comparison_could_run_for_is_a_warning():
    diff = pd.DataFrame(
        {"outcome": ["EE", "DP", "EE", "DP"], "group_var": ["gender", "gender", "rank", "rank"],
         "compared": [False, False, True, True],
         "note": ["left out: female (n=0); fewer than two levels to compare"] * 2 + ["", ""]}
    )  # fmt: skip
    assert run_summary(hypotheses=HYP_TABLE, differences=diff).splitlines()[-1] == (
        "  Groups: WARNING: no comparison could run by gender (left out: female (n=0); fewer "
        "than two levels to compare)"
    )
    ran = diff.assign(compared=True)
    assert "Groups" not in run_summary(hypotheses=HYP_TABLE, differences=ran)


def test_robust_indices_and_empty_inputs():
    robust = pd.concat(
        [FIT_TABLE, pd.DataFrame({"index": ["cfi_robust", "rmsea_robust"], "value": [0.96, 0.04]})]
    )
    assert fit_line(robust).endswith("; robust CFI = .960, RMSEA = .040; n = 750")
    assert run_summary() == ""
    assert run_summary(hypotheses=HYP_TABLE.iloc[:0]) == (
        "Run summary\n  Hypotheses: none in the study file"
    )


def test_only_the_outputs_of_the_run_are_summarised(tmp_path):
    (tmp_path / "results/clean").mkdir(parents=True)
    (tmp_path / "results/sem").mkdir(parents=True)
    FLOW_TABLE.to_csv(tmp_path / FLOW, index=False)
    FIT_TABLE.to_csv(tmp_path / FIT, index=False)
    HYP_TABLE.to_csv(tmp_path / HYPOTHESES, index=False)
    only_flow = summary_from_files([FLOW], root=tmp_path)
    assert "Respondents: 876 received" in only_flow and "Model fit" not in only_flow
    full = summary_from_files([FLOW, FIT, HYPOTHESES, PDF], root=tmp_path)
    assert "2 of 3 supported" in full and "Report" not in full  # no PDF was written
