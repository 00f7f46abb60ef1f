"""Every label the report and the figures print, by language.

A label is a short name for a thing (a column, a screen, a test, a model, a role), never a
sentence: sentences are built in :mod:`surveysem.report.phrases`. Labels of the study's own
constructs and demographics come from the codebook (``label`` / ``label_zh``) through
:func:`scale_label` and :func:`demographic_label`.

Statistical symbols are written with ``*...*`` around the part that is set in italics (APA:
*p*, *M*, *SD*, *t*, *F*, *B*, *n*, *N*, *z*, *r*, *g*, *SE*, *df*); the renderer turns them
into ``<i>`` and the figures into mathtext italics.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

_EN: dict[str, dict[str, str]] = {
    "column": {
        "scale": "Scale",
        "construct": "Construct",
        "role": "Role",
        "level": "Level",
        "item": "Item",
        "items": "Items",
        "wording": "Wording",
        "keying": "Keying",
        "reversed": "Reversed",
        "min": "Min",
        "max": "Max",
        "n": "*n*",
        "N": "*N*",
        "share": "%",
        "mean": "*M*",
        "sd": "*SD*",
        "alpha": "α",
        "alpha_ci": "α 95% CI",
        "omega": "ω",
        "cr": "CR",
        "ave": "AVE",
        "item_total_r": "*r*<sub>it</sub>",
        "alpha_if_deleted": "α if deleted",
        "loading": "λ",
        "b": "*B*",
        "se": "*SE*",
        "z": "*z*",
        "t": "*t*",
        "p": "*p*",
        "p_holm": "*p*<sub>Holm</sub>",
        "beta": "β",
        "ci": "CI",
        "ci_b": "CI of *B*",
        "ci_beta": "CI of β",
        "chisq": "χ²",
        "df": "*df*",
        "df1": "*df*<sub>1</sub>",
        "df2": "*df*<sub>2</sub>",
        "cfi": "CFI",
        "tli": "TLI",
        "rmsea": "RMSEA",
        "rmsea_ci": "RMSEA 90% CI",
        "srmr": "SRMR",
        "aic": "AIC",
        "bic": "BIC",
        "delta_chisq": "Δχ²",
        "delta_df": "Δ*df*",
        "delta_cfi": "ΔCFI",
        "delta_rmsea": "ΔRMSEA",
        "freed": "Freed",
        "model": "Model",
        "path": "Path",
        "effect": "Effect",
        "kind": "Kind",
        "group": "Group",
        "screen": "Screen",
        "before": "Before",
        "excluded": "Excluded",
        "after": "After",
        "correction": "Correction",
        "answers": "Answers",
        "hypothesis": "H",
        "expected": "Expected",
        "verdict": "Verdict",
        "size": "Size",
        "test": "Test",
        "statistic": "Statistic",
        "es": "ES",
        "es_ci": "ES 95% CI",
        "comparison": "Comparison",
        "diff": "Diff.",
        "g": "*g*",
        "predictor": "Predictor",
        "vif": "VIF",
        "r2": "*R*²",
        "adj_r2": "Adj. *R*²",
        "f": "*F*",
        "predictors": "Predictors",
        "rank": "Rank",
        "lever": "Lever",
        "measure": "Measure",
        "actor": "Responsible",
        "target": "Target",
        "indicator": "Indicator",
        "evidence": "Evidence",
        "outcome": "Outcome",
        "msa": "MSA",
        "factor": "Factor",
        "eigenvalue": "Eigenvalue",
        "observed": "Observed",
        "simulated": "Simulated",
        "retain": "Retain",
        "ss_loadings": "SS loadings",
        "cumulative": "Cumulative",
        "communality": "*h*²",
        "extraction": "Extraction",
        "first_factor": "First factor",
        "eigen_above_1": "Eigenvalues > 1",
        "check": "Check",
        "severity": "Severity",
        "detail": "Detail",
        "package": "Package",
        "version": "Version",
        "file": "File",
        "sha256": "SHA-256",
        "mi": "MI",
        "epc": "EPC",
        "sepc": "SEPC",
        "parameter": "Parameter",
        "cells": "Answers",
        "missing_raw": "Missing (received)",
        "missing_screened": "Missing (analysed)",
        "incomplete": "Incomplete respondents",
        "statistic_chisq": "χ²",
        "variable": "Variable",
        "value": "Value",
    },
    "step": {
        "raw": "Responses received",
        "duplicate_id": "Duplicate respondent ID",
        "duplicate_row": "Duplicate answer row",
        "attention_check": "Failed attention check",
        "speeder": "Completed too fast",
        "longstring": "Long run of identical answers",
        "irv": "No variation in answers",
        "mahalanobis": "Multivariate outlier",
        "too_many_missing": "Too many missing answers",
        "listwise_incomplete": "Incomplete answers (listwise deletion)",
    },
    "fix": {
        "non_numeric": "Non-numeric answer set to missing",
        "out_of_range": "Answer outside the scale's range set to missing",
        "unknown_level": "Unknown demographic code set to missing",
        "fullwidth": "Full-width digits converted",
        "whitespace": "Stray spaces removed",
    },
    "test": {
        "welch_t": "Welch's *t*",
        "welch_anova": "Welch's ANOVA",
        "kruskal_wallis": "Kruskal–Wallis",
        "mann_whitney": "Mann–Whitney *U*",
        "t": "*t* test",
        "anova": "ANOVA",
    },
    "es": {
        "hedges_g": "*g*",
        "cohens_d": "*d*",
        "omega_squared": "ω²",
        "eta_squared": "η²",
        "epsilon_squared": "ε²",
        "rank_biserial": "*r*<sub>rb</sub>",
        "r": "*r*",
    },
    "invariance": {
        "configural": "Configural",
        "metric": "Metric",
        "scalar": "Scalar",
        "partial_scalar": "Partial scalar",
        "none": "None",
    },
    "role": {
        "stressor": "Stressor",
        "resource": "Resource",
        "burnout": "Burnout",
        "outcome": "Outcome",
        "other": "Other",
    },
    "level": {
        "organizational": "Organizational",
        "social": "Social",
        "occupational": "Occupational",
        "individual": "Individual",
        "": "",
    },
    "kind": {
        "direct": "Direct",
        "indirect": "Indirect",
        "total": "Total",
    },
    "verdict": {
        "supported": "Supported",
        "not_supported": "Not supported",
        "yes": "Yes",
        "no": "No",
        "reverse": "R",
    },
    "severity": {"info": "info", "warning": "warning", "error": "error"},
    "provenance": {
        "clean": "clean (no uncommitted changes)",
        "dirty": "uncommitted changes",
        "no_git": "not under version control",
        "git": "commit date of the data file",
        "epoch": "SOURCE_DATE_EPOCH",
        "mtime": "modification time of the data file",
    },
    "file": {
        "data": "Survey data",
        "settings": "Analysis settings",
        "codebook": "Codebook",
        "measures": "Catalogue of measures",
        "bibliography": "Bibliography",
    },
    "misc": {
        "missing_level": "missing",
        "analysed": "Analysed",
        "mean_sd": "*M* (*SD*)",
        "all_paths": "All paths",
        "intercept": "Intercept",
        "table": "Table",
        "figure": "Figure",
        "note": "Note.",
        "contents": "Contents",
        "list_of_tables": "List of tables",
        "list_of_figures": "List of figures",
        "abstract": "Abstract",
        "keywords": "Keywords:",
        "chapter": "",
        "appendix": "Appendix",
        "references": "References",
        "pca": "Principal components",
        "one_factor": "One factor",
        "measurement": "Measurement model",
        "structural": "Structural model",
        "cfa": "Measurement model (CFA)",
        "sem": "Structural model (SEM)",
    },
}

_TABLES: dict[str, dict[str, dict[str, str]]] = {"en": _EN}


def label(kind: str, key: Any, lang: str = "en") -> str:
    """The label of ``key`` in the group ``kind`` (``column``, ``step``, ``test``, ...).

    Parameters
    ----------
    kind : str
        The label group.
    key : str
        The thing to label (a column name, a screen, a test, ...).
    lang : str
        ``en`` (``zh`` once its labels exist).

    Returns
    -------
    str
        The label; an unknown key in a known group is returned readable (``a_b`` -> ``A b``)
        so that new values from upstream never print blank.

    Raises
    ------
    ValueError
        For an unknown language or label group.
    """
    table = _TABLES.get(lang)
    if table is None:
        raise ValueError(
            f"language {lang!r}: no labels exist for it; use one of {', '.join(_TABLES)}"
        )
    group = table.get(kind)
    if group is None:
        raise ValueError(f"label group {kind!r} does not exist; use one of {', '.join(table)}")
    key = str(key)
    if key in group:
        return group[key]
    return key.replace("_", " ").capitalize()


def scale_label(codebook: Any, name: str, lang: str = "en") -> str:
    """The codebook's label of a scale in ``lang`` (``label`` or ``label_zh``)."""
    s = codebook.scale(name)
    if lang == "zh":
        return s.label_zh or s.label
    return s.label


def demographic_label(codebook: Any, name: str, lang: str = "en") -> str:
    """The codebook's label of a demographic variable in ``lang``."""
    d = codebook.demographic(name)
    if lang == "zh":
        return getattr(d, "label_zh", "") or d.label
    return d.label
