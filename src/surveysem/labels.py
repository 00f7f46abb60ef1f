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

import re
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
        "alpha_ordinal": "α<sub>ord</sub>",
        "omega_categorical": "ω<sub>cat</sub>",
        "cr": "CR",
        "ave": "AVE",
        "item_total_r": "*r*<sub>it</sub>",
        "alpha_if_deleted": "α if deleted",
        "mean_high": "*M* (high 27%)",
        "mean_low": "*M* (low 27%)",
        "cr_item": "CR",
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
        "chisq_df": "χ²/*df*",
        "gfi": "GFI",
        "agfi": "AGFI",
        "nfi": "NFI",
        "ifi": "IFI",
        "rfi": "RFI",
        "pnfi": "PNFI",
        "aic": "AIC",
        "bic": "BIC",
        "delta_chisq": "Δχ²",
        "delta_df": "Δ*df*",
        "delta_cfi": "ΔCFI",
        "delta_rmsea": "ΔRMSEA",
        "delta_tli": "ΔTLI",
        "delta_srmr": "ΔSRMR",
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
        "proportion_mediated": "Proportion mediated",
        "mediation_type": "Type",
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
        "above_mid": "% above midpoint",
        "midpoint": "Midpoint",
        "d": "*d*",
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
    "mediation": {
        "full": "Full mediation",
        "partial": "Partial mediation",
        "suppression": "Suppression",
        "none": "No mediation",
        "hypothesised": "Hypothesized model",
        "competing": "Competing model (partial mediation)",
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
        "share_of_answers": "Share of answers",
        "centred": "centred",
        "moderator": "Moderator",
        "conditional_effect": "Conditional effect of {x} on {y} (B)",
        "observed_range": "Observed range",
        "jn_bound": "Johnson–Neyman bound",
        "jn_outside": "bound at {v} (outside the range shown)",
        "-1 SD": "M − 1 SD",
        "mean_level": "M",
        "+1 SD": "M + 1 SD",
        "answer": "Answer",
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
        "method_factor": "With method factor",
        "measurement": "Measurement model",
        "structural": "Structural model",
        "cfa": "Measurement model (CFA)",
        "sem": "Structural model (SEM)",
    },
}

_ZH: dict[str, dict[str, str]] = {
    "column": {
        "scale": "量表",
        "construct": "构念",
        "role": "角色",
        "level": "层面",
        "item": "题项",
        "items": "题项数",
        "wording": "题项内容",
        "keying": "计分",
        "reversed": "反向题",
        "min": "最小值",
        "max": "最大值",
        "n": "*n*",
        "N": "*N*",
        "share": "%",
        "mean": "*M*",
        "sd": "*SD*",
        "alpha": "α",
        "alpha_ci": "α 95% CI",
        "omega": "ω",
        "alpha_ordinal": "α<sub>ord</sub>",
        "omega_categorical": "ω<sub>cat</sub>",
        "cr": "CR",
        "ave": "AVE",
        "item_total_r": "*r*<sub>it</sub>",
        "alpha_if_deleted": "删除后α",
        "mean_high": "*M*（高分组）",
        "mean_low": "*M*（低分组）",
        "cr_item": "CR",
        "loading": "λ",
        "b": "*B*",
        "se": "*SE*",
        "z": "*z*",
        "t": "*t*",
        "p": "*p*",
        "p_holm": "*p*<sub>Holm</sub>",
        "beta": "β",
        "ci": "CI",
        "ci_b": "*B*的CI",
        "ci_beta": "β的CI",
        "chisq": "χ²",
        "df": "*df*",
        "df1": "*df*<sub>1</sub>",
        "df2": "*df*<sub>2</sub>",
        "cfi": "CFI",
        "tli": "TLI",
        "rmsea": "RMSEA",
        "rmsea_ci": "RMSEA 90% CI",
        "srmr": "SRMR",
        "chisq_df": "χ²/*df*",
        "gfi": "GFI",
        "agfi": "AGFI",
        "nfi": "NFI",
        "ifi": "IFI",
        "rfi": "RFI",
        "pnfi": "PNFI",
        "aic": "AIC",
        "bic": "BIC",
        "delta_chisq": "Δχ²",
        "delta_df": "Δ*df*",
        "delta_cfi": "ΔCFI",
        "delta_rmsea": "ΔRMSEA",
        "delta_tli": "ΔTLI",
        "delta_srmr": "ΔSRMR",
        "freed": "释放的截距",
        "model": "模型",
        "path": "路径",
        "effect": "效应",
        "kind": "类型",
        "group": "组别",
        "screen": "筛查步骤",
        "before": "筛查前",
        "excluded": "剔除",
        "after": "筛查后",
        "correction": "处理",
        "answers": "作答数",
        "hypothesis": "假设",
        "expected": "预期方向",
        "verdict": "检验结果",
        "size": "效应大小",
        "proportion_mediated": "效应占比",
        "mediation_type": "中介类型",
        "test": "检验",
        "statistic": "统计量",
        "es": "效应量",
        "es_ci": "效应量95% CI",
        "comparison": "比较",
        "diff": "均值差",
        "g": "*g*",
        "predictor": "预测变量",
        "vif": "VIF",
        "r2": "*R*²",
        "adj_r2": "调整*R*²",
        "f": "*F*",
        "predictors": "预测变量数",
        "rank": "排序",
        "lever": "作用因素",
        "measure": "对策",
        "actor": "责任主体",
        "target": "目标",
        "indicator": "评估指标",
        "evidence": "依据",
        "outcome": "结果变量",
        "msa": "MSA",
        "factor": "因子",
        "eigenvalue": "特征值",
        "observed": "观测值",
        "simulated": "模拟值",
        "retain": "保留",
        "ss_loadings": "载荷平方和",
        "cumulative": "累计",
        "communality": "*h*²",
        "extraction": "提取方法",
        "first_factor": "第一因子",
        "eigen_above_1": "特征值>1",
        "check": "检查项",
        "severity": "级别",
        "detail": "说明",
        "package": "软件包",
        "version": "版本",
        "file": "文件",
        "sha256": "SHA-256",
        "mi": "MI",
        "epc": "EPC",
        "sepc": "SEPC",
        "parameter": "参数",
        "cells": "作答数",
        "missing_raw": "缺失（回收）",
        "missing_screened": "缺失（分析）",
        "incomplete": "未完整作答人数",
        "statistic_chisq": "χ²",
        "variable": "变量",
        "value": "值",
        "above_mid": "高于中点的比例",
        "midpoint": "中点",
        "d": "*d*",
    },
    "step": {
        "raw": "回收问卷",
        "duplicate_id": "编号重复",
        "duplicate_row": "整行重复",
        "attention_check": "注意力检测题作答错误",
        "speeder": "作答时间过短",
        "longstring": "连续相同作答过长",
        "irv": "所有题项作答相同",
        "mahalanobis": "多元异常值",
        "too_many_missing": "缺失过多",
        "listwise_incomplete": "作答不完整（列删除）",
    },
    "fix": {
        "non_numeric": "非数值作答记为缺失",
        "out_of_range": "超出量表范围的作答记为缺失",
        "unknown_level": "未知人口学编码记为缺失",
        "fullwidth": "全角数字已转换",
        "whitespace": "多余空格已删除",
    },
    "test": {
        "welch_t": "Welch *t*检验",
        "welch_anova": "Welch方差分析",
        "kruskal_wallis": "Kruskal–Wallis检验",
        "mann_whitney": "Mann–Whitney *U*检验",
        "t": "*t*检验",
        "anova": "方差分析",
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
        "configural": "形态等值",
        "metric": "弱等值（载荷等值）",
        "scalar": "强等值（截距等值）",
        "partial_scalar": "部分强等值",
        "none": "无",
    },
    "role": {
        "stressor": "压力源",
        "resource": "资源",
        "burnout": "职业倦怠",
        "outcome": "结果变量",
        "other": "其他",
    },
    "level": {
        "organizational": "组织层面",
        "social": "社会层面",
        "occupational": "职业层面",
        "individual": "个体层面",
        "": "",
    },
    "kind": {"direct": "直接效应", "indirect": "间接效应", "total": "总效应"},
    "mediation": {
        "full": "完全中介",
        "partial": "部分中介",
        "suppression": "遮掩效应",
        "none": "中介效应不成立",
        "hypothesised": "假设模型",
        "competing": "竞争模型（部分中介模型）",
    },
    "verdict": {
        "supported": "成立",
        "not_supported": "不成立",
        "yes": "是",
        "no": "否",
        "reverse": "反向",
    },
    "severity": {"info": "信息", "warning": "警告", "error": "错误"},
    "provenance": {
        "clean": "干净（无未提交的修改）",
        "dirty": "有未提交的修改",
        "no_git": "未纳入版本管理",
        "git": "数据文件的提交日期",
        "epoch": "SOURCE_DATE_EPOCH",
        "mtime": "数据文件的修改时间",
    },
    "file": {
        "data": "调查数据",
        "settings": "分析设置",
        "codebook": "编码手册",
        "measures": "对策库",
        "bibliography": "参考文献库",
    },
    "misc": {
        "missing_level": "缺失",
        "analysed": "纳入分析",
        "share_of_answers": "作答比例",
        "centred": "中心化",
        "moderator": "调节变量",
        "conditional_effect": "{x}对{y}的条件效应（B）",
        "observed_range": "观测范围",
        "jn_bound": "Johnson–Neyman临界值",
        "jn_outside": "临界值{v}（在图示范围之外）",
        "-1 SD": "M − 1 SD",
        "mean_level": "M",
        "+1 SD": "M + 1 SD",
        "answer": "选项",
        "mean_sd": "*M*（*SD*）",
        "all_paths": "全部路径",
        "intercept": "截距",
        "table": "表",
        "figure": "图",
        "note": "注：",
        "contents": "目录",
        "list_of_tables": "表目录",
        "list_of_figures": "图目录",
        "abstract": "摘要",
        "keywords": "关键词：",
        "chapter": "",
        "appendix": "附录",
        "references": "参考文献",
        "pca": "主成分",
        "one_factor": "单因子模型",
        "method_factor": "加入方法因子",
        "measurement": "测量模型",
        "structural": "结构模型",
        "cfa": "测量模型（CFA）",
        "sem": "结构模型（SEM）",
    },
}

TABLES: dict[str, dict[str, dict[str, str]]] = {"en": _EN, "zh": _ZH}


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
    table = TABLES.get(lang)
    if table is None:
        raise ValueError(
            f"language {lang!r}: no labels exist for it; use one of {', '.join(TABLES)}"
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


def level_label(codebook: Any, name: str, level: Any, lang: str = "en") -> str:
    """A demographic level's label in ``lang``, from its English label or its code.

    The result tables name a level by its English label (the codebook's ``levels``); the
    Chinese label is the codebook's ``levels_zh`` of the same code, or the English label when
    the codebook has none.
    """
    text = "" if level is None else str(level)
    if lang == "en":
        return text
    try:
        d = codebook.demographic(name)
    except ValueError:
        return text
    code = next((c for c, lab in d.levels.items() if lab == text), None)
    if code is None:
        try:
            code = float(text)
        except ValueError:
            return text
    zh = getattr(d, f"levels_{lang}", {}) or {}
    return zh.get(code) or d.levels.get(code, text)


def localized(mapping: Any, key: str, lang: str = "en", default: Any = "") -> Any:
    """``mapping[key + "_" + lang]`` when ``lang`` is not English and it is given, else ``mapping[key]``.

    Every text field ``x`` of the study file, the codebook and the recommendations may have a
    ``x_zh`` sibling; this is the one place that picks between them.
    """
    if lang != "en":
        v = mapping.get(f"{key}_{lang}")
        if v not in (None, "", [], ()):
            return v
    v = mapping.get(key)
    return default if v is None else v


#: The text fields of a study file that have language siblings (dotted keys).
STUDY_TEXTS = (
    "title",
    "author",
    "institution",
    "report.population",
    "report.member",
    "report.running_head",
    "report.keywords",
    "report.background",
    "survey.period",
    "survey.sampling",
    "survey.ethics",
)
MEASURE_TEXTS = ("title", "text", "actor", "target", "indicator")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _text_fields(config: Any, codebook: Any, measures: Any, lang: str):
    """Every text field with a language sibling: ``(dotted key, text, text in lang)``."""
    for dotted in STUDY_TEXTS:
        *path, key = dotted.split(".")
        node = config
        for p in path:
            node = node.get(p) or {}
        yield dotted, node.get(key), node.get(f"{key}_{lang}")
    for h in config.get("hypotheses") or []:
        yield f"hypotheses[{h.get('id')}].text", h.get("text"), h.get(f"text_{lang}")
    for s in codebook.scales:
        yield f"scales.{s.name}.label", s.label, getattr(s, f"label_{lang}", "")
        tr = getattr(s, f"item_text_{lang}", {}) or {}
        for i, text in s.item_text.items():
            yield f"scales.{s.name}.item_text.{i}", text, tr.get(i)
        tr = getattr(s, f"anchors_{lang}", {}) or {}
        for c, text in s.anchors.items():
            yield f"scales.{s.name}.anchors.{c:g}", text, tr.get(c)
    for d in codebook.demographics:
        yield f"demographics.{d.name}.label", d.label, getattr(d, f"label_{lang}", "")
        tr = getattr(d, f"levels_{lang}", {}) or {}
        for c, text in d.levels.items():
            yield f"demographics.{d.name}.levels.{c:g}", text, tr.get(c)
    for m in measures or []:
        for k in MEASURE_TEXTS:
            yield f"measures[{m.get('id')}].{k}", m.get(k), m.get(f"{k}_{lang}")


def _has_cjk(text: Any) -> bool:
    values = text if isinstance(text, (list, tuple)) else [text]
    return any(isinstance(v, str) and _CJK.search(v) for v in values)


def untranslated(config: Any, codebook: Any, measures: Any = (), lang: str = "zh") -> list[str]:
    """The text fields that have no version in ``lang`` (the report falls back to English).

    Parameters
    ----------
    config : mapping
        The validated study file.
    codebook : Codebook
    measures : sequence of mapping
        The measures of the recommendations library (may be empty).
    lang : str

    Returns
    -------
    list of str
        Dotted keys such as ``report.population``, ``hypotheses[H1].text``,
        ``scales.WL.label``, ``scales.WL.item_text.wl1``, ``demographics.gender.levels.1``,
        ``measures[m_wl].title``. Empty for English, and for fields the study does not use.
        For Chinese, a field whose plain text is already Chinese is not listed (it prints in
        Chinese; :func:`chinese_in_english_fields` lists it).
    """
    if lang == "en":
        return []
    return [
        dotted
        for dotted, text, tr in _text_fields(config, codebook, measures, lang)
        if text and not tr and not (lang == "zh" and _has_cjk(text))
    ]


def chinese_in_english_fields(config: Any, codebook: Any, measures: Any = ()) -> list[str]:
    """The English text fields that hold Chinese text.

    A Chinese thesis has an English abstract, and ``language: [zh, en]`` an English thesis;
    both print these fields as they are.

    Returns
    -------
    list of str
        Dotted keys as :func:`untranslated` gives them.
    """
    return [d for d, text, _ in _text_fields(config, codebook, measures, "zh") if _has_cjk(text)]
