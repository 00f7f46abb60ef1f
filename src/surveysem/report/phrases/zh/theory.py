"""第2章 理论基础与研究假设：各理论均落实到本研究自己的构念。"""

from __future__ import annotations

from surveysem.report.phrases.zh.common import join

CHAPTER = "理论基础与研究假设"
HYPOTHESES = "研究假设"
TITLES = {
    "burnout": "职业倦怠的三个维度",
    "jdr": "工作要求—资源模型",
    "eri": "付出—回报失衡模型",
    "transactional": "压力的交互作用理论",
}


def burnout(names, measured: list[str], sequence: list[tuple[str, str]]) -> list[str]:
    out = [
        "职业倦怠是个体对工作中长期人际压力源的持续反应，包括情绪衰竭、去人格化（对服务对象"
        "和工作的冷漠、疏离态度）和个人成就感降低三个维度[@maslach1981; @maslach2001]。情绪衰竭"
        "是倦怠的核心成分，去人格化则被看作个体疏远令其耗竭的工作的一种方式[@maslach2001]。"
        "在中国情境下，李超平和时勘修订的中文版MBI-GS得到了广泛应用[@li2003]。"
    ]
    if measured:
        out.append(f"本研究测量了{join([names.scale(b) for b in measured])}。")
    if sequence:
        pairs = join([f"从{names.scale(a)}指向{names.scale(b)}" for a, b in sequence])
        out.append(
            f"结构模型中设定了{pairs}的路径，与上述理解一致；但横断面数据中的这些路径只描述"
            "相关，并不表示时间上的先后。"
        )
    return out


def jdr(names, demands: list[str], resources: list[str], buffering_tested: bool) -> list[str]:
    out = [
        "工作要求—资源（JD-R）模型把工作条件分为两类：工作要求需要个体持续付出努力，伴随生理"
        "和心理代价；工作资源有助于实现工作目标、降低工作要求或促进个人成长[@demerouti2001]。"
        "工作要求通过损耗过程与耗竭相联系，工作资源则通过激励过程发挥作用，并被认为能够缓冲"
        "工作要求对压力反应的影响[@bakker2007]。"
    ]
    parts = []
    if demands:
        parts.append(f"将{join([names.scale(d) for d in demands])}视为工作要求")
    if resources:
        parts.append(f"将{join([names.scale(r) for r in resources])}视为资源")
    if parts:
        out.append("本研究" + "，".join(parts) + "。")
    if resources and demands:
        out.append(
            "模型以交互项检验资源的缓冲作用。"
            if buffering_tested
            else "本研究的模型只包含主效应，资源对工作要求的缓冲作用未在此检验。"
        )
    return out


def eri(names, constructs: list[str]) -> list[str]:
    out = [
        "付出—回报失衡模型认为，当高付出遇到薪酬、尊重和职业机会方面的低回报时，个体便会产生"
        "压力反应[@siegrist1996]。"
    ]
    if constructs:
        out.append(
            f"在本研究中，{join([names.scale(c) for c in constructs])}最接近“回报不足以补偿付出”"
            "的含义，因此该模型预期其在其他工作要求之外仍与情绪衰竭相关。"
        )
    return out


def transactional(names, constructs: list[str]) -> list[str]:
    out = [
        "压力的交互作用理论认为，压力并非情境本身的属性，而产生于个体与环境的交互之中：只有当"
        "个体把某种要求评价为威胁、并认为自身应对资源不足时，它才成为压力源[@lazarus1984]。"
    ]
    if constructs:
        out.append(
            f"因此，{join([names.scale(c) for c in constructs])}作为个体层面的资源，与工作条件一并"
            "纳入模型。"
        )
    return out
