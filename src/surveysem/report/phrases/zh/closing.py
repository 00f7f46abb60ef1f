"""研究局限、结论与展望、参考文献和附录。"""

from __future__ import annotations

from surveysem.report.phrases.zh.common import count_of, join

LIMITATIONS = "研究局限"
REFERENCES = "参考文献"
APP_ITEMS = "调查问卷题项"
APP_TABLES = "补充表格"
APP_SOFTWARE = "软件与可重复性"


def simulated() -> str:
    return "本研究的数据为演示用的模拟数据。估计值仅用于展示分析流程，不反映任何真实被调查者的情况，文中的对策均不应据此付诸实施。"


def cross_sectional() -> str:
    return (
        "本研究为横断面设计：路径与模型假定的顺序相一致，但不能证明这一顺序，任何关联都未被证明"
        "是因果关系；要检验因果方向，需要纵向或交叉滞后设计。"
    )


def self_report(method_factor_ruled_out: bool) -> str:
    if method_factor_ruled_out:
        return (
            "所有构念均通过同一份问卷自陈测量；单因子检验不支持存在主导的方法因子，但这类检验的"
            "效力较弱[@podsakoff2003]。"
        )
    return "所有构念均通过同一份问卷自陈测量，单因子检验未能排除共同方法偏差[@podsakoff2003]。"


def poor_fit() -> str:
    return "结构模型拟合欠佳，其系数应谨慎解读。"


def warnings(n: int) -> str:
    return f"模型估计产生了{n}条警告（{{tab:diagnostics}}），受影响的估计值应有所保留地解读。"


def fragile(paths: list[str]) -> str:
    return (
        f"路径{join(paths)}的结论取决于推断方法：其Wald区间与Bootstrap区间对是否排除0的判断不一致。"
    )


def invariance(names, groups: list[str]) -> str:
    return (
        f"在{join([names.demo(g) for g in groups])}上强等值不成立，因此这些组别之间的均值差异"
        "可能部分反映了题项在各组中作用方式的不同。"
    )


def small_groups(n: int, min_cell: int) -> str:
    return f"部分组别人数很少（{n}个组少于{min_cell}人），涉及这些组别的比较缺乏信息量，其统计量不予报告。"


def sampling(population: str) -> str:
    who = population or "所研究的总体"
    return (
        f"被调查者并非{who}的概率样本；研究结论能否推广到其他地区与职业，取决于这些情境与本研究"
        "情境的相似程度。"
    )


QUESTIONNAIRE = "调查问卷"
PART_BACKGROUND = "第一部分  基本情况"
PART_ITEMS = "第二部分  工作感受"
ATTENTION = "注意力检测题"


def items_intro() -> str:
    return (
        "以下为被调查者所见的问卷：指导语、基本情况题目，以及按问卷顺序排列的各量表题项及其"
        "作答选项；“反向”表示反向计分的题项。"
    )


def answers(anchors: dict) -> str:
    """量表的作答选项：``1 = 非常不同意，…，5 = 非常同意``。"""
    return "作答选项：" + "，".join(f"{k:g} = {v}" for k, v in sorted(anchors.items())) + "。"


def background_question(question: str, options: list[str]) -> str:
    return f"{question}：" + "  ".join(f"□{o}" for o in options) if options else f"{question}：____"


def attention_item(text: str, answer: str) -> str:
    return f"{text}（正确答案：{answer}）"


def no_wording() -> str:
    return "（编码本未给出题目措辞）"


def untranslated(keys: list[str]) -> str:
    return (
        f"以下{len(keys)}个字段在研究设定、编码本或对策库中没有中文文本，报告中使用了其英文原文："
        + "、".join(keys)
        + "。补充相应的“_zh”字段即可消除。"
    )


def tables_intro() -> str:
    return "以下表格是对实证分析一章表格的补充。"


def software_intro() -> str:
    return (
        "本报告中的每一个数字都来自工作流一次运行所得的结果表，只在撰写报告时才进行格式化；"
        "对相同的输入重新运行，得到逐字节相同的报告。各输入文件以其SHA-256摘要标识。"
    )


PROVENANCE = {
    "git_commit": "Git提交",
    "git_state": "工作区状态",
    "seed": "随机数种子",
    "data_date": "数据日期",
    "python": "Python",
}


CONCLUSION = "结论与展望"
FINDINGS = "主要结论"
OUTLOOK = "研究展望"


def findings_fit(cfa: str, sem: str) -> str:
    words = {"good": "良好", "acceptable": "可以接受", "poor": "欠佳"}
    if cfa == sem:
        return f"测量模型与结构模型的拟合均{words.get(cfa, '无法判定')}。"
    return (
        f"测量模型的拟合{words.get(cfa, '无法判定')}，结构模型的拟合{words.get(sem, '无法判定')}。"
    )


def findings_hypotheses(n: int, k: int, contradicted: list[str] = ()) -> str:
    """``contradicted``：效应可靠但方向与假设相反的研究假设。"""
    s = count_of(k, n, "项研究假设", "成立")
    if contradicted:
        s += f"；{join(list(contradicted))}的效应可靠，但方向与假设相反"
    return s + "。"


def findings_lever(names, lever, tied: list, burnout: bool = True) -> str:
    """总效应最大的着力点；其证据可能是工作结果（``burnout``：编码手册是否设有职业倦怠量表）。"""
    if lever.target_role != "burnout":
        levers = [names.scale(t.lever) for t in (lever, *tied)]
        head = (
            "没有着力点在对策所需的方向上对职业倦怠具有可靠的总效应"
            if burnout
            else "编码手册未设职业倦怠量表"
        )
        return f"{head}；对工作结果总效应最大的是{join(levers)}。"
    if tied:
        levers = [names.scale(t.lever) for t in (lever, *tied)]
        return f"{join(levers)}对职业倦怠的总效应较大且大小相当，数据不足以对其排序。"
    return f"对职业倦怠总效应最大的着力点是{names.scale(lever.lever)}。"


def findings_mediation(k: int, n: int) -> str:
    return f"在{n}个特定间接效应中，有{k}个是可靠的。"


def findings_buffering(names, x: str, w: str, y: str, verdict: str) -> str:
    """缓冲作用的检验结论（主要结论之一）。"""
    x, w, y = names.scale(x), names.scale(w), names.scale(y)
    if verdict in ("supported", "found"):
        return f"{w}在{x}与{y}之间起负向调节作用：{w}越高，{x}与{y}的关联越弱，缓冲假设得到支持。"
    return f"本数据未能表明{w}缓冲了{x}与{y}之间的关联。"


def outlook(buffering_tested: bool) -> list[str]:
    out = [
        "纵向或交叉滞后设计可以检验本研究发现的关联是否随时间保持，以及其作用方向。",
        "本研究提出的对策可以用各自的评估指标加以检验，最好采用比较实施与未实施该对策的单位的设计。",
    ]
    if not buffering_tested:
        out.insert(
            1,
            "资源能否如工作要求—资源模型所预测的那样缓冲工作要求对职业倦怠的影响，需要在模型中"
            "加入交互项加以检验。",
        )
    return out
