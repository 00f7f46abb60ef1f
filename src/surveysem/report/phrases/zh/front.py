"""封面、中文摘要与关键词。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.zh.common import against, beta, count_of, join

FIT_WORDS = {"good": "良好", "acceptable": "可以接受", "poor": "欠佳"}
FIT_ADVERB = FIT_WORDS

KEYWORD_SEP = "；"
TITLE_KIND = "学位论文研究报告"
SIMULATED_TITLE = "模拟演示数据"
SIMULATED_TEXT = "本报告中的被调查者并不存在。数据仅用于演示分析方法，不描述任何真实群体。"


def data_date(date: str) -> str:
    return f"数据日期：{date}"


def analysed(n: int) -> str:
    return f"纳入分析的样本 *N* = {fmt.num(n, 'int')}"


def aim(title: str, population: str, n_scales: int, n_items: int) -> str:
    who = population or "被调查者"
    return (
        f"本研究以“{title.rstrip('。.')}”为题，采用包含{n_scales}个量表（共{n_items}个题项）"
        f"的问卷对{who}进行了调查。"
    )


def sample(received: int, analysed: int) -> str:
    return (
        f"共回收问卷{fmt.num(received, 'int')}份，经数据筛查后纳入分析"
        f"{fmt.num(analysed, 'int')}份。"
    )


def fits(cfa: str, sem: str) -> str:
    parts = []
    if cfa:
        parts.append(f"验证性因子分析表明测量模型拟合{FIT_WORDS[cfa]}")
    if sem:
        parts.append(f"结构方程模型对数据的拟合{FIT_WORDS[sem]}")
    return "，".join(parts) + "。" if parts else ""


def strongest(names, lever, tied: list, ci_level: float) -> str:
    lead = (
        f"{names.scale(lever.lever)}（对{names.scale(lever.target)}："
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}）"
    )
    if not tied:
        return f"在各压力源与资源中，{lead}对职业倦怠的总效应最大。"
    return (
        f"在各压力源与资源中，对职业倦怠总效应较大的是{lead}以及"
        f"{join([names.scale(t.lever) for t in tied])}，其大小相当（彼此的估计值落在对方的置信区间之内），"
        "数据不足以对这些因素排序。"
    )


def strongest_outcome(names, lever, tied: list, burnout: bool, ci_level: float) -> str:
    """没有着力点以职业倦怠为证据时，总效应最大的着力点（其证据为工作结果）。"""
    lead = (
        f"{names.scale(lever.lever)}（对{names.scale(lever.target)}："
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}）"
    )
    s = (
        "没有任何压力源或资源在有利于干预的方向上对职业倦怠具有可靠的总效应；就工作结果而言，"
        if burnout
        else "编码手册未将任何量表设为职业倦怠维度，因此各压力源与资源以其对工作结果的总效应加以判断："
    )
    if not tied:
        return s + f"{lead}的总效应最大。"
    return s + f"总效应较大的是{lead}以及{join([names.scale(t.lever) for t in tied])}，其大小相当。"


def no_lever(names, opposite: list, ci_level: float) -> str:
    """没有得到支持的着力点；``opposite``：对职业倦怠的可靠总效应与对策所需方向相反的着力点。"""
    if not opposite:
        return "没有任何压力源或资源对职业倦怠具有可靠的总效应。"
    return "没有任何压力源或资源在有利于干预的方向上对职业倦怠具有可靠的总效应。" + against(
        names, opposite, ci_level
    )


def no_lever_scales() -> str:
    return "编码手册未将任何量表设为压力源或资源，因此本研究未评估干预的着力点。"


def no_burnout() -> str:
    return "编码手册未将任何量表设为职业倦怠维度，因此未能依据对职业倦怠的效应判断各压力源与资源。"


def hypotheses(
    n: int,
    supported: list[str],
    rejected: list[str],
    fragile: list[str] = (),
    contradicted: list[str] = (),
) -> str:
    """成立的研究假设数；``contradicted``：效应可靠但方向与假设相反的不成立假设。"""
    if not n:
        return ""
    s = count_of(len(supported), n, "项研究假设", "成立")
    s = ("所提出的" + s if not (supported and rejected) else s + f"，{join(rejected)}不成立") + "。"
    if fragile:
        s += f"其中{join(list(fragile))}仅得到Wald检验的支持，其Bootstrap置信区间包含0，结论尚不稳健。"
    if contradicted:
        who = "其" if n == 1 else f"{join(list(contradicted))}的"
        s += f"{who}效应可靠，但方向与假设相反。"
    return s


def measures(titles: list[str]) -> str:
    if not titles:
        return ""
    return "估计结果首先支持的对策依次为：" + "；".join(titles) + "。"


def levers_only(names, levers: list) -> str:
    if not levers:
        return ""
    return f"估计结果表明，{join([names.scale(lv.lever) for lv in levers])}是干预的主要着力点。"


def simulated() -> str:
    return "本研究数据为演示用模拟数据，不描述任何真实群体。"


def keywords(names, burnout: list[str], lever: str | None) -> list[str]:
    words = [names.scale(b) for b in burnout] + ["结构方程模型"]
    if lever:
        words.append(names.scale(lever))
    return words
