"""第1章 绪论：研究背景与研究问题。"""

from __future__ import annotations

from surveysem.report.phrases.zh.common import chain_text, join

CHAPTER = "绪论"
BACKGROUND = "研究背景"
QUESTIONS = "研究问题"


def generic_background(names, population: str) -> str:
    """未提供研究背景时，依据本研究自己的构念写成的一段背景。"""
    stress = [names.scale(s) for s in names.role("stressor")]
    res = [names.scale(s) for s in names.role("resource")]
    burn = [names.scale(s) for s in names.role("burnout")]
    out = [names.scale(s) for s in names.role("outcome")]
    parts = []
    if stress:
        parts.append(f"{join(stress)}（工作要求）")
    if res:
        parts.append(f"{join(res)}（资源）")
    s = f"本研究考察{'与'.join(parts) or '问卷中各构念'}"
    if burn:
        s += f"与{join(burn)}"
    if out:
        s += f"及{join(out)}"
    return s + f"之间的关系，研究对象为{population or '本次调查的被调查者'}。"


def scope(n_scales: int, n_items: int, measures: bool) -> str:
    s = (
        f"本研究以{n_scales}个构念、{n_items}个问卷题项进行测量（{{tab:instruments}}），并以结构"
        "方程模型估计各变量之间的关系"
    )
    if measures:
        s += "，以便依据证据而非直觉选择干预对策"
    return s + "。"


def rq_levers(names, exo: list[str], burnout: list[str]) -> str:
    what = join([names.scale(x) for x in exo])
    if len(exo) == 1 and burnout:
        return f"{what}是否与{join([names.scale(b) for b in burnout])}相关？"
    if burnout:
        return f"在{what}中，哪些因素与{join([names.scale(b) for b in burnout])}相关？"
    return f"{what}与模型中其他构念的关系如何？"


def rq_mediation(names, mediators: list[str]) -> str:
    return f"上述关系是否经由{join([names.scale(m) for m in mediators])}传递，即除直接效应外是否还存在间接效应？"


def rq_groups(names, scales: list[str], groups: list[str]) -> str:
    return (
        f"{join([names.scale(s) for s in scales])}在{join([names.demo(g) for g in groups])}"
        "上是否存在差异？"
    )


def rq_measures(catalogue: bool) -> str:
    if catalogue:
        return "估计结果支持哪些对策，其优先顺序如何？"
    return "估计结果指向哪些干预着力点，其优先顺序如何？"


def hypotheses_intro(n: int) -> str:
    return (
        f"根据上述理论，本研究提出以下{n}项研究假设，每项假设对应模型中的一条路径或一个效应；"
        "{sec:hypotheses}对其逐一检验（{tab:hypotheses}）。"
    )


def hypothesis_item(hid: str, chain: tuple[str, ...], sign: str, text: str) -> str:
    s = "预期为正（+）" if sign == "+" else "预期为负（−）"
    return f"__{hid}__：{text}（{chain_text(chain)}，{s}）"


def no_hypotheses() -> str:
    return "本研究未预先提出研究假设，分析属于探索性质。"
