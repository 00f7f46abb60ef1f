"""The registry of the workflow's outputs: every result table with its columns, every figure.

Rules take their outputs from here (:func:`rule_outputs`), scripts write through
:func:`check_columns`, and the report loads what it reads through :func:`required_columns`,
so a path, a column list or the document's figure list is written down once. The columns
listed are the ones consumers may rely on (the contract's, then the ones the report reads);
producers may write more, after them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class TableSpec:
    """One result table: ``results/<key>.csv``, written by ``rule``, with ``columns``."""

    key: str
    rule: str
    columns: tuple[str, ...] | None  # None: columns depend on the study (e.g. the items)

    @property
    def path(self) -> str:
        return f"results/{self.key}.csv"

    @property
    def name(self) -> str:
        """The rule's output name: the file's stem (``items``, reserved by Snakemake, and
        ``scales`` read ``item_table`` and ``scale_table``)."""
        stem = self.key.split("/")[-1]
        return RESERVED.get(stem, stem)


RESERVED = {"items": "item_table", "scales": "scale_table"}


def _t(key: str, rule: str, columns: str | None) -> TableSpec:
    return TableSpec(key, rule, None if columns is None else tuple(columns.split()))


EST = "lhs op rhs est se z pvalue ci_low ci_high std_all"
FIT = "index value"
TABLES: tuple[TableSpec, ...] = (
    _t("ingest/responses", "ingest_survey", None),
    _t("clean/data", "clean_responses", None),
    _t("clean/exclusions", "clean_responses", "row id reason detail"),
    _t("clean/flow", "clean_responses", "step n_before n_excluded n_after"),
    _t("clean/cell_fixes", "clean_responses", "row id column value reason"),
    _t("clean/flags", "clean_responses", None),
    _t(
        "clean/missing",
        "clean_responses",
        "level scale item n_cells_raw share_raw n_cells share n_incomplete",
    ),
    _t(
        "scores/scores",
        "score_scales",
        None,
    ),
    _t(
        "scores/descriptives",
        "score_scales",
        "scale n mean sd min max skew kurtosis scale_min scale_max midpoint "
        "share_above_midpoint t_midpoint df_midpoint p_midpoint d_midpoint",
    ),
    _t("scores/correlations", "score_scales", "scale_a scale_b r n pvalue ci_low ci_high"),
    _t("scores/sample", "score_scales", "variable level n share mean sd suppressed"),
    _t(
        "reliability/scales",
        "assess_reliability",
        "scale n_items n alpha alpha_ci_low alpha_ci_high omega cr ave cr_ok ave_ok",
    ),
    _t(
        "reliability/items",
        "assess_reliability",
        "scale item mean sd item_total_r alpha_if_deleted loading_std",
    ),
    _t(
        "reliability/item_analysis",
        "assess_reliability",
        "scale item n n_high n_low mean_high mean_low cr df pvalue t_welch df_welch p_welch "
        "item_total_r cr_ok r_ok flagged",
    ),
    _t("reliability/htmt", "assess_reliability", "scale_a scale_b htmt pass_strict"),
    _t("reliability/fornell_larcker", "assess_reliability", "scale_a scale_b value kind pass"),
    _t("efa/kmo", "explore_factors", "item msa label adequate"),
    _t("efa/bartlett", "explore_factors", "chisq df pvalue n n_items"),
    _t(
        "efa/parallel",
        "explore_factors",
        "index pc_observed pc_sim_quantile fa_observed fa_sim_quantile pc_retain fa_retain",
    ),
    _t("efa/loadings", "explore_factors", "item scale factor loading communality primary"),
    _t("efa/variance", "explore_factors", "factor eigenvalue ss_loadings prop cum_prop"),
    _t("efa/factor_correlations", "explore_factors", "factor_a factor_b r"),
    _t(
        "efa/harman",
        "explore_factors",
        "method n_items first_factor_variance share threshold exceeds n_eigen_above_1",
    ),
    _t(
        "cfa/item_treatment",
        "choose_estimator",
        "scale n_categories max_abs_skew meets_rule ordinal reason",
    ),
    _t("cfa/estimator", "choose_estimator", "estimator requested ordinal_setting missing reason"),
    _t("cfa/fit", "fit_cfa", FIT),
    _t("cfa/estimates", "fit_cfa", EST),
    _t("cfa/r2", "fit_cfa", "variable r2"),
    _t("cfa/diagnostics", "fit_cfa", "check severity detail"),
    _t(
        "cfa/cmb",
        "fit_cfa",
        "model chisq df pvalue cfi tli rmsea srmr delta_chisq delta_df delta_pvalue",
    ),
    _t("cfa/mi", "fit_cfa", "lhs op rhs mi epc sepc_all"),
    _t(
        "cfa/ulmc",
        "fit_cfa",
        "model chisq df pvalue cfi tli rmsea srmr delta_cfi delta_tli delta_rmsea delta_srmr "
        "method_variance converged admissible flagged indices",
    ),
    _t("sem/fit", "fit_sem", FIT),
    _t("sem/estimates", "fit_sem", EST),
    _t("sem/r2", "fit_sem", "variable r2"),
    _t("sem/diagnostics", "fit_sem", "check severity detail"),
    _t(
        "sem/sensitivity",
        "fit_sensitivity",
        "estimator lhs op rhs est se pvalue ci_low ci_high std_all",
    ),
    _t("sem/sensitivity_fit", "fit_sensitivity", "estimator index value"),
    _t(
        "sem/effects",
        "estimate_effects",
        "effect kind est se ci_low ci_high std_all method n_failed z pvalue "
        "std_ci_low std_ci_high n_boot",
    ),
    _t(
        "sem/conditional",
        "estimate_effects",
        "effect moderator moderator_level moderator_value est se pvalue ci_low ci_high method",
    ),
    _t(
        "sem/johnson_neyman",
        "estimate_effects",
        "effect moderator lower upper observed_min observed_max share_significant",
    ),
    _t(
        "sem/hypotheses",
        "judge_hypotheses",
        "id text path_or_effect expected_sign est std_all ci_low ci_high pvalue supported "
        "evidence reason kind ci_method std_ci_low std_ci_high boot_ci_low boot_ci_high fragile size "
        "total_est total_std_all total_ci_low total_ci_high total_std_ci_low total_std_ci_high",
    ),
    _t(
        "sem/mediation",
        "compare_models",
        "id effect x m y indirect_est indirect_std indirect_ci_low indirect_ci_high "
        "indirect_std_ci_low indirect_std_ci_high direct_in_model direct_est direct_std "
        "direct_ci_low direct_ci_high direct_std_ci_low direct_std_ci_high direct_source "
        "total_est total_std total_ci_low total_ci_high total_std_ci_low total_std_ci_high "
        "proportion_mediated proportion_reason mediation_type type_reason ci_method",
    ),
    _t(
        "sem/competing",
        "compare_models",
        "model paths_added estimator chisq df pvalue cfi tli rmsea srmr aic bic delta_chisq "
        "delta_df delta_pvalue delta_cfi delta_rmsea delta_aic delta_bic test alpha preferred rule",
    ),
    _t(
        "groups/differences",
        "compare_groups",
        "outcome group_var test statistic df1 df2 pvalue p_holm effect_size effect_size_name "
        "es_ci_low es_ci_high family n k levels note compared",
    ),
    _t(
        "groups/posthoc",
        "compare_groups",
        "outcome group_var level_a level_b diff se t df pvalue ci_low ci_high hedges_g",
    ),
    _t(
        "groups/classic",
        "compare_groups",
        "outcome group_var levels n k levene_statistic levene_df1 levene_df2 levene_pvalue "
        "levene_center equal_var test statistic df1 df2 pvalue posthoc",
    ),
    _t(
        "groups/classic_posthoc",
        "compare_groups",
        "outcome group_var level_a level_b diff method statistic df pvalue",
    ),
    _t(
        "groups/descriptives",
        "compare_groups",
        "outcome group_var level n mean sd suppressed",
    ),
    _t(
        "groups/regression",
        "compare_groups",
        "outcome term variable level b se t pvalue ci_low ci_high beta vif",
    ),
    _t(
        "groups/regression_fit",
        "compare_groups",
        "outcome n n_predictors r2 adj_r2 f df1 df2 pvalue",
    ),
    _t(
        "groups/invariance",
        "assess_invariance",
        "group_var model chisq df cfi tli rmsea srmr delta_chisq delta_df delta_pvalue "
        "delta_cfi delta_rmsea freed n test",
    ),
    _t(
        "groups/invariance_verdicts",
        "assess_invariance",
        "group_var tested level means_comparable relations_comparable failed_step freed "
        "scales n n_groups reason",
    ),
    _t(
        "groups/invariance_paths",
        "assess_invariance",
        "group_var path group n est se pvalue std_all delta_chisq delta_df delta_pvalue p_holm "
        "note",
    ),
    _t(
        "recommend/levers",
        "rank_levers",
        "lever role level action target target_role est ci_low ci_high std_all std_ci_low "
        "std_ci_high supported strength strength_rank tier rank reason burnout_effect "
        "opposite_target",
    ),
    _t(
        "recommend/measures",
        "rank_levers",
        "id lever level action title text actor target_text indicator seeds supported tier "
        "rank reason title_zh text_zh actor_zh target_text_zh indicator_zh",
    ),
)
BY_KEY = {t.key: t for t in TABLES}

#: The report's figures, in no particular order (the outline orders the document);
#: ``group_profile`` exists only when groups are compared, the moderation figures only when the
#: structural model has a product term ``X:W``.
FIGURES: tuple[str, ...] = (
    "flow", "path_diagram", "correlations", "item_shares", "group_profile", "simple_slopes",
    "johnson_neyman",
)  # fmt: skip
MODERATION_FIGURES = ("simple_slopes", "johnson_neyman")
FIGURE_INPUTS = ("clean/flow", "clean/data", "scores/correlations", "sem/estimates", "sem/r2")
#: The further inputs of the moderation figures.
MODERATION_FIGURE_INPUTS = ("sem/conditional", "sem/johnson_neyman", "scores/descriptives")


def table(key: str) -> TableSpec:
    """The registry entry of a table (``"sem/estimates"``)."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(
            f"result table {key!r} is not in the registry (surveysem.outputs.TABLES)"
        ) from None


def rule_outputs(rule: str) -> dict[str, str]:
    """The named outputs of a rule: table name -> path (``{"fit": "results/sem/fit.csv"}``)."""
    out = {t.name: t.path for t in TABLES if t.rule == rule}
    if not out:
        raise ValueError(f"rule {rule!r} writes no registered table")
    return out


def has_product_term(structural: str) -> bool:
    """Whether lavaan model syntax has a product term ``X:W`` on the right of a ``~``."""
    for line in str(structural).splitlines():
        line = line.split("#", 1)[0]
        if "~" in line and "=~" not in line and ":" in line.split("~", 1)[1]:
            return True
    return False


def figure_paths(
    groups: bool = True, lang: str | None = None, moderation: bool = False
) -> dict[str, str]:
    """Figure name -> SVG path (without ``group_profile`` when no groups are compared, without
    ``simple_slopes`` and ``johnson_neyman`` when ``moderation`` is false).

    The figures of the report's first language are in ``results/figures/``; those of another
    language ``lang`` (or the wildcard ``{lang}``) in ``results/figures/<lang>/``.
    """
    where = f"results/figures/{lang}" if lang else "results/figures"
    return {
        name: f"{where}/{name}.svg"
        for name in FIGURES
        if (groups or name != "group_profile") and (moderation or name not in MODERATION_FIGURES)
    }


def report_paths(lang: str | None = None) -> dict[str, str]:
    """``html`` and ``pdf`` of the report: ``reports/thesis.*`` in the first language,
    ``reports/thesis.<lang>.*`` in another ``lang`` (or the wildcard ``{lang}``)."""
    suffix = f".{lang}" if lang else ""
    return {"html": f"reports/thesis{suffix}.html", "pdf": f"reports/thesis{suffix}.pdf"}


def check_columns(key: str, frame: pd.DataFrame, source: str | None = None) -> pd.DataFrame:
    """Check that a table has the registered columns; return it unchanged.

    Parameters
    ----------
    key : str
        The registry key.
    frame : DataFrame
    source : str, optional
        Where the table came from (a path), for the message.

    Returns
    -------
    DataFrame
        ``frame``.

    Raises
    ------
    ValueError
        Naming the table, its source and every missing column.
    """
    spec = table(key)
    if spec.columns is None:
        return frame
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{source or spec.path}: missing column(s) {', '.join(missing)}; the rule "
            f"{spec.rule} writes them; rerun it (delete the file, or `snakemake --forcerun "
            f"{spec.rule}`)"
        )
    return frame
