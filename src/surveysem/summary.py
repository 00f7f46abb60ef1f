"""The run summary printed at the end of a successful run (and written to logs/summary.txt).

It is read from the result tables, never recomputed: who was received, analysed and excluded
by which screen (warning when one screen removes more than 5% of the respondents received), how
many answers were set to missing and why, the estimator and why it was chosen, the structural
model's fit in one line, how many hypotheses were supported, which group variables could not
be compared, and where the report is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from surveysem.outputs import table

FLOW = table("clean/flow").path
CELL_FIXES = table("clean/cell_fixes").path
ESTIMATOR = table("cfa/estimator").path
DIFFERENCES = table("groups/differences").path
FIT = table("sem/fit").path
HYPOTHESES = table("sem/hypotheses").path
PDF = "reports/thesis.pdf"
WARN_SHARE = 0.05
# where a screen that removes many respondents is set (shown with its warning)
SETTING = {
    "attention_check": "checks.attention in the codebook",
    "speeder": "cleaning.min_duration_sec",
    "longstring": "cleaning.longstring_max",
    "irv": "cleaning.exclude",
    "mahalanobis": "cleaning.mahalanobis_p",
    "too_many_missing": "cleaning.max_missing_share",
    "listwise_incomplete": "analysis.missing: fiml keeps them",
}


def _bounded(x: float) -> str:
    """An index between 0 and 1 as APA prints it: three decimals, no leading zero."""
    return f"{x:.3f}".replace("0.", ".", 1) if abs(x) < 1 else f"{x:.3f}"


def flow_lines(flow: pd.DataFrame) -> list[str]:
    """Respondents received, analysed and excluded per screen (``results/clean/flow.csv``).

    Returns
    -------
    list of str
        A headline, then one line per screen with its count and share of the respondents
        received; a screen removing more than 5% carries a warning.
    """
    received = int(flow["n_before"].iloc[0])
    analysed = int(flow["n_after"].iloc[-1])
    lines = [
        f"Respondents: {received:,} received, {analysed:,} analysed, "
        f"{received - analysed:,} excluded; by screen (share of those received):"
    ]
    steps = flow.iloc[1:] if flow["n_excluded"].iloc[0] == 0 else flow
    width = max((len(str(s)) for s in steps["step"]), default=0)
    for step, n in zip(steps["step"], steps["n_excluded"], strict=True):
        share = n / received if received else 0.0
        setting = f"; {SETTING[step]}" if step in SETTING else ""
        warn = (
            f"  WARNING: more than {WARN_SHARE:.0%} (results/clean/exclusions.csv{setting})"
            if share > WARN_SHARE
            else ""
        )
        lines.append(f"  {str(step):<{width}}  {int(n):>6,}  ({share:5.1%}){warn}")
    return lines


def cell_fixes_line(cell_fixes: pd.DataFrame) -> str | None:
    """How many answers were set to missing, by reason (``results/clean/cell_fixes.csv``).

    Returns
    -------
    str or None
        ``"Answers set to missing: k (reason k, ...) ..."``; None when there were none.
    """
    if cell_fixes.empty:
        return None
    counts = cell_fixes["reason"].value_counts()
    by = ", ".join(f"{reason} {int(k):,}" for reason, k in counts.items())
    return f"Answers set to missing: {len(cell_fixes):,} ({by}); each one is listed in {CELL_FIXES}"


def estimator_line(estimator: pd.DataFrame) -> str:
    """The estimator used and why (``results/cfa/estimator.csv``)."""
    row = estimator.iloc[0]
    return f"Estimator: {row['estimator']} ({row['reason']})"


def groups_line(differences: pd.DataFrame) -> str | None:
    """The group variables no comparison could run for (``results/groups/differences.csv``).

    Returns
    -------
    str or None
        ``"WARNING: not compared by gender: <note>"``; None when every comparison ran.
    """
    if differences.empty or "compared" not in differences:
        return None
    ran = differences["compared"].astype(str).str.lower().isin(["true", "1"])
    ran_by = ran.groupby(differences["group_var"].astype(str), sort=False).any()
    missed = [str(g) for g, ok in ran_by.items() if not ok]
    if not missed:
        return None
    first = differences.groupby(differences["group_var"].astype(str), sort=False)["note"].first()
    by = ", ".join(f"{g} ({first[g]})" for g in missed)
    return f"Groups: WARNING: no comparison could run by {by}"


def fit_line(fit: pd.DataFrame) -> str:
    """The structural model's fit in one line (``results/sem/fit.csv``)."""
    f = dict(zip(fit["index"], fit["value"], strict=True))

    def has(*keys: str) -> bool:
        return all(k in f and not math.isnan(f[k]) for k in keys)

    parts = []
    if has("chisq", "df", "pvalue"):
        p = "p < .001" if f["pvalue"] < 0.001 else f"p = {_bounded(f['pvalue'])}"
        parts.append(f"chi2({f['df']:g}) = {f['chisq']:.2f}, {p}")
    parts += [f"{k.upper()} = {_bounded(f[k])}" for k in ("cfi", "tli") if has(k)]
    if has("rmsea"):
        ci = (
            f" [{_bounded(f['rmsea_ci_low'])}, {_bounded(f['rmsea_ci_high'])}]"
            if has("rmsea_ci_low", "rmsea_ci_high")
            else ""
        )
        parts.append(f"RMSEA = {_bounded(f['rmsea'])}{ci}")
    if has("srmr"):
        parts.append(f"SRMR = {_bounded(f['srmr'])}")
    robust = [
        f"{k.split('_')[0].upper()} = {_bounded(f[k])}"
        for k in ("cfi_robust", "tli_robust", "rmsea_robust")
        if has(k)
    ]
    tail = f"; robust {', '.join(robust)}" if robust else ""
    n = f"; n = {f['n']:,.0f}" if has("n") else ""
    return f"Model fit: {', '.join(parts)}{tail}{n}"


def hypotheses_line(hyp: pd.DataFrame) -> str:
    """How many hypotheses were supported (``results/sem/hypotheses.csv``)."""
    if hyp.empty:
        return "Hypotheses: none in the study file"
    ok = hyp["supported"].astype(str).str.lower().isin(["true", "1"])
    not_ok = ", ".join(hyp.loc[~ok, "id"].astype(str))
    return f"Hypotheses: {int(ok.sum())} of {len(hyp)} supported" + (
        f" (not supported: {not_ok})" if not_ok else ""
    )


def run_summary(
    flow: pd.DataFrame | None = None,
    fit: pd.DataFrame | None = None,
    hypotheses: pd.DataFrame | None = None,
    report: str | None = None,
    cell_fixes: pd.DataFrame | None = None,
    estimator: pd.DataFrame | None = None,
    differences: pd.DataFrame | None = None,
) -> str:
    """The run summary from whichever result tables the run produced.

    Parameters
    ----------
    flow, fit, hypotheses : DataFrame or None
        ``results/clean/flow.csv``, ``results/sem/fit.csv``, ``results/sem/hypotheses.csv``.
    report : str or None
        The PDF's path.
    cell_fixes, estimator, differences : DataFrame or None
        ``results/clean/cell_fixes.csv``, ``results/cfa/estimator.csv``,
        ``results/groups/differences.csv``.

    Returns
    -------
    str
        Lines starting ``Run summary``; empty when no table is given.
    """
    lines: list[str] = []
    if flow is not None and not flow.empty:
        lines += flow_lines(flow)
    if cell_fixes is not None and (line := cell_fixes_line(cell_fixes)):
        lines.append(line)
    if estimator is not None and not estimator.empty:
        lines.append(estimator_line(estimator))
    if fit is not None and not fit.empty:
        lines.append(fit_line(fit))
    if hypotheses is not None:
        lines.append(hypotheses_line(hypotheses))
    if differences is not None and (line := groups_line(differences)):
        lines.append(line)
    if report:
        lines.append(f"Report: {report}")
    return "\n".join(["Run summary", *(f"  {ln}" for ln in lines)]) if lines else ""


def summary_from_files(outputs: Iterable[str], root: str | Path = ".") -> str:
    """:func:`run_summary` of the tables among ``outputs`` (the outputs of the run's jobs)."""
    outputs = {str(Path(o)) for o in outputs}
    root = Path(root)

    def table(name: str) -> pd.DataFrame | None:
        path = root / name
        return pd.read_csv(path) if name in outputs and path.is_file() else None

    pdf = root / PDF
    report = str(pdf.resolve()) if PDF in outputs and pdf.is_file() else None
    return run_summary(
        table(FLOW),
        table(FIT),
        table(HYPOTHESES),
        report,
        cell_fixes=table(CELL_FIXES),
        estimator=table(ESTIMATOR),
        differences=table(DIFFERENCES),
    )
