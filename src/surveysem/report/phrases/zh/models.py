"""实证分析（三）：结构模型、假设检验、间接效应与总效应。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import isnum
from surveysem.report.phrases.zh.common import (
    SIZE,
    beta,
    chain_text,
    coef,
    comparable,
    count_of,
    effect_stats,
    join,
    method_text,
    p,
)

STRUCTURAL = "结构模型"
HYPOTHESES = "假设检验"
EFFECTS = "间接效应与总效应"
FIG_PATHS = "结构模型的标准化路径系数（直接效应）"


def r2(names, y: str, value: float) -> str:
    return f"各预测变量共同解释了{names.scale(y)}{fmt.pct(value)}的方差（*R*² = {fmt.num(value, 'r2')}）。"


def direct_predictors(names, y: str, reliable: list) -> str:
    if not reliable:
        return f"指向{names.scale(y)}的直接路径均不可靠。"
    parts = [f"{names.scale(q.x)}（{beta(q.std)}）" for q in reliable]
    if len(parts) == 1:
        return f"{names.scale(y)}唯一可靠的直接预测变量是{parts[0]}。"
    return f"{names.scale(y)}的可靠直接预测变量按点估计值大小依次为{join(parts)}；置信区间相互重叠时，这一顺序并不构成排序。"


def null_direct(names, y: str, with_total: list, without: list, ci_level: float) -> list[str]:
    out = []
    for q in with_total:
        t = q.total
        out.append(
            f"{names.scale(q.x)}对{names.scale(y)}的直接效应不可靠（{beta(q.std)}，{p(q.p)}），但其"
            f"总效应（直接效应加上经由中介变量的各条路径）是可靠的（{beta(t.std, t.std_ci_low, t.std_ci_high, ci_level)}）。"
        )
    mediated = [q for q in without if q.mediated]
    plain = [q for q in without if not q.mediated]
    if plain:
        out.append(
            f"{join([names.scale(q.x) for q in plain])}对{names.scale(y)}没有可靠的效应：其路径的"
            "置信区间包含0。"
        )
    if mediated:
        out.append(
            f"{join([names.scale(q.x) for q in mediated])}对{names.scale(y)}既无可靠的直接效应，也无"
            "可靠的总效应。"
        )
    return out


def fragile(names, q) -> str:
    wald = "不包含" if q.reliable else "包含"
    boot = "包含" if q.reliable else "不包含"
    return (
        f"{names.scale(q.x)}指向{names.scale(q.y)}的路径结果不稳健：其Wald区间{wald}0，而Bootstrap"
        f"区间{boot}0，结论取决于推断方法，解读时应谨慎。"
    )


def paths_table_note() -> str:
    return "{fig:path_diagram}展示了标准化路径系数，{tab:paths}列出了各路径的估计值。"


def hypotheses_summary(n: int, supported: list[str], rejected: list[str]) -> str:
    if not rejected or not supported:
        return (
            f"所提出的{count_of(len(supported), n, '项研究假设', '成立')}（{{tab:hypotheses}}）。"
        )
    return f"在{n}项研究假设中，{len(supported)}项成立，{len(rejected)}项不成立（{join(rejected)}；{{tab:hypotheses}}）。"


KIND_WORD = {"path": "路径", "direct": "直接效应", "indirect": "间接效应"}


def hypothesis(names, h, ci_level: float) -> str:
    mod = f" | {h.moderator}" if h.moderator else ""
    what = f"{h.id}（{chain_text(h.chain)}{mod}）"
    stats = effect_stats(
        h.std, h.std_ci_low, h.std_ci_high, h.est, h.ci_low, h.ci_high, ci_level, h.p
    )
    if not isnum(h.std):  # 有调节的中介效应判定指标没有标准化值
        stats = coef(h.est, h.ci_low, h.ci_high, ci_level)
    kind = KIND_WORD.get(h.kind, "效应")
    if h.supported:
        if h.size == "negligible":
            return f"{what}成立，但该{kind}的大小可以忽略（{stats}），低于小效应的标准.10[@cohen1988]。"
        return f"{what}成立：{stats}" + (
            f"，效应大小为{SIZE[h.size]}。" if h.size in SIZE else "。"
        )
    reason = {
        "ci_zero": "其估计值的置信区间包含0",
        "opposite": "其估计值方向与预期相反，且置信区间包含0",
        "opposite_reliable": "该效应可靠，但方向与预期相反",
    }[h.why]
    s = f"{what}不成立：{reason}（{stats}）"
    if h.why == "ci_zero":
        s += "；数据未能支持该假设，但这并不表明该效应不存在"
    return s + "。"


def hypothesis_total(names, h, ci_level: float) -> str:
    x, y = h.chain[0], h.chain[-1]
    return (
        f"{names.scale(x)}对{names.scale(y)}的总效应（加上经由中介变量的路径）是可靠的"
        f"（{beta(h.total_std, h.total_std_ci_low, h.total_std_ci_high, ci_level)}），但{h.id}所假设的是直接路径。"
    )


def hypothesis_fragile(h) -> str:
    return f"{h.id}的结论不稳健：其Wald区间与Bootstrap区间对是否包含0的判断不一致。"


def indirect_summary(k: int, reliable: int, method: str) -> str:
    return (
        f"模型共隐含{fmt.num(k, 'int')}条具体的间接效应，其中{fmt.num(reliable, 'int')}条的置信区间"
        f"（{method_text(method)}）不包含0（{{tab:effects}}）。"
    )


def largest_indirect(names, effects: list, ci_level: float) -> str:
    parts = []
    for e in effects:
        via = join([names.scale(c) for c in e.chain[1:-1]])
        parts.append(
            f"{names.scale(e.chain[0])}经由{via}对{names.scale(e.chain[-1])}的间接效应"
            f"（{beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)}）"
        )
    if len(parts) == 1:
        return "点估计值最大的间接效应为" + parts[0] + "。"
    tail = (
        "；两两之间至少有一个估计值落在另一个的置信区间之内，效应大小相当，数据不足以对其排序。"
        if comparable(effects)
        else "。"
    )
    return "点估计值较大的间接效应依次为" + join(parts, "，以及") + tail


def negligible_indirect(n_small: int, n_reliable: int) -> str:
    return (
        f"在{fmt.num(n_reliable, 'int')}条可靠的间接效应中，有{fmt.num(n_small, 'int')}条的标准化大小低于"
        ".10，按{sec:m-analysis}的标准可以忽略。"
    )


def levers_intro(burnout: bool = True) -> str:
    """``burnout``：编码手册设有职业倦怠量表（否则以工作结果为依据）。"""
    what = "倦怠维度" if burnout else "工作结果（编码手册未将任何量表设为职业倦怠维度）"
    return f"{{tab:levers}}列出了每个压力源和资源对其影响最大的{what}的总效应；{{sec:recommendations}}的对策即以这些总效应为依据。"


def appendix_effects() -> str:
    return "模型的全部直接效应、间接效应与总效应见{tab:effects-all}。"


def sensitivity(names, sens, ci_level: float) -> str:
    what = {
        "WLSMV": "将题项作为有序变量（WLSMV）",
        "ULSMV": "将题项作为有序变量（ULSMV）",
    }.get(sens.other, f"将题项作为连续变量（{sens.other}）")
    n = len(sens.paths)
    if not sens.changed:
        return (
            f"{what}重新估计后，"
            + ("该结构路径的检验结论未改变" if n == 1 else f"{n}条结构路径的检验结论均未改变")
            + "，标准化系数之差最大为"
            f"{fmt.num(sens.max_difference, 'std')}（{{tab:sensitivity}}）。"
        )
    moved = [f"{q.x} → {q.y}" for q in sens.changed]
    return (
        f"{what}重新估计后，{n}条结构路径中有{len(moved)}条的检验结论发生改变（{join(moved)}；"
        "{tab:sensitivity}），这些路径是否可靠取决于题项的处理方式，解读时应谨慎。"
    )


# --------------------------------------------------------------------------- 中介效应
MEDIATION = "中介效应检验"

MEDIATION_TYPE = {
    "full": "直接效应的置信区间包含0，{via}起完全中介作用",
    "partial": "直接效应同样显著且与间接效应同号，{via}起部分中介作用",
    "suppression": "直接效应与间接效应均显著但符号相反，表现为遮掩效应[@wen2014]",
    "none": "间接效应的置信区间包含0，{via}的中介效应不成立",
}
NO_PROPORTION = {
    "total_ci_zero": "总效应的置信区间包含0",
    "sign": "间接效应与总效应方向相反",
}


def mediation_intro() -> str:
    return (
        "参照温忠麟和叶宝娟[@wen2014]的中介效应检验程序，{tab:mediation}分别列出了各中介假设的"
        "直接效应、间接效应与总效应。效应占比为间接效应占总效应的比例，仅在总效应显著且与间接效应"
        "方向一致时报告。"
    )


def _stats(part, ci_level: float) -> str:
    return effect_stats(
        part.std, part.std_ci_low, part.std_ci_high, part.est, part.ci_low, part.ci_high, ci_level
    )


def mediation(names, m, ci_level: float) -> str:
    x, y = names.scale(m.chain[0]), names.scale(m.chain[-1])
    via = join([names.scale(c) for c in m.chain[1:-1]])
    s = f"{m.id}：{x}经由{via}对{y}的间接效应为{_stats(m.indirect, ci_level)}；"
    if m.direct_source == "fixed to 0 by the model":
        s += "模型未设定直接路径，直接效应按模型设定为0；"
    elif m.direct_source == "competing model":
        s += f"假设模型未设定直接路径，取自竞争模型（部分中介模型）的直接效应为{_stats(m.direct, ci_level)}；"
    else:
        s += f"直接效应为{_stats(m.direct, ci_level)}；"
    s += f"总效应为{_stats(m.total, ci_level)}。"
    if isnum(m.proportion):
        s += f"间接效应占总效应的{fmt.pct(m.proportion)}（效应占比）。"
    elif m.proportion_reason in NO_PROPORTION:
        s += f"未报告效应占比：{NO_PROPORTION[m.proportion_reason]}。"
    return s + MEDIATION_TYPE[m.type].format(via=via) + "。"


TEST_NAME = {
    "chi-square difference": "卡方差异检验",
    "Satorra-Bentler (2001) scaled difference": "Satorra–Bentler（2001）校正卡方差异检验",
    "Satorra (2000) scaled-shifted difference, as lavTestLRT": "Satorra（2000）校正卡方差异检验",
}


def competing(names, c) -> str:
    ends = [[t.strip() for t in q.split("~")] for q in c.paths_added]
    paths = join([f"{names.scale(x)}→{names.scale(y)}" for y, x in ends], "、")
    s = (
        f"为检验中介模型的合理性，在假设模型中加入中介假设所蕴含而假设模型未设定的直接路径（{paths}），"
        "构建竞争模型（部分中介模型）进行比较（{tab:competing}）。"
    )
    if isnum(c.delta_pvalue):
        s += (
            f"{TEST_NAME.get(c.test, c.test)}结果为Δχ²({fmt.num(c.delta_df, 'df')}) = "
            f"{fmt.num(c.delta_chisq, 'chisq')}，{p(c.delta_pvalue)}；ΔCFI = "
            f"{fmt.num(c.delta_cfi, 'fit')}，ΔRMSEA = {fmt.num(c.delta_rmsea, 'fit')}。"
        )
    else:
        s += "该估计方法下无可用的差异检验。"
    rule = f"除非差异检验在α = {fmt.fixed(c.alpha, 2, True)}水平上显著，否则保留更简约的模型"
    if c.preferred == "competing":
        return s + f"按本研究的规则（{rule}），数据支持竞争模型（部分中介模型）。"
    return s + f"按本研究的规则（{rule}），数据支持更简约的假设模型。"
