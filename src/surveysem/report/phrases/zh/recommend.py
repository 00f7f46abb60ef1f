"""对策建议：按一条明示的规则，提出估计值所支持的措施。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.zh.common import beta, join

CHAPTER = "对策建议"
CHAPTER_LEVERS = "对实践的启示"
UNSUPPORTED = "估计值不支持的措施"
LEVEL_TITLES = {
    "organizational": "组织层面的对策",
    "social": "社会层面的对策",
    "occupational": "职业层面的对策",
    "individual": "个体层面的对策",
}
MEASURES = "对策的排序"
FIELDS = {
    "level": "层面",
    "actor": "责任主体",
    "target": "目标",
    "indicator": "评估指标",
    "evidence": "证据",
    "source": "来源",
}


def rule(member: str) -> list[str]:
    who = member or "工作人员"
    return [
        "每项对策作用于一个着力点：需要减轻的压力源，或需要增强的资源。只有当该着力点对某一职业"
        "倦怠维度（若对各维度均不可靠，则对某一工作结果）的总效应可靠、且方向表明该对策有益时，"
        "才提出这项对策；总效应是着力点的直接路径与经由模型的全部间接路径之和（{sec:r-effects}）。"
        "各项对策按标准化总效应的大小排序；仅以工作结果为证据的对策排在以职业倦怠为证据的对策之后。",
        "若两个着力点的效应大小相当（任一估计值落在另一估计值的置信区间之内），数据无法区分二者，"
        "此时按对策本身的层面（即由谁实施，可能不同于其着力点所属的层面）排序：先组织层面，再社会层面、"
        "职业层面，最后个体层面，因此对策的位次不必与{tab:levers}中着力点的位次一致。组织层面的对策改变的是"
        f"每一位{who}的工作条件，而个体层面的对策要求承受压力的{who}自行适应；职业倦怠主要是对"
        "工作情境的反应[@maslach2001]，仅针对个体的干预项目效果难以持久[@awa2010]。",
    ]


def overview(n_sup: int, n_all: int, ranked_titles: list[str]) -> str:
    s = (
        f"在考察的{fmt.num(n_all, 'int')}项对策中，有{fmt.num(n_sup, 'int')}项得到估计值的支持"
        "（{tab:recommendations}）"
    )
    if ranked_titles:
        s += "；按上述规则，排在前面的是" + join([f"“{t}”" for t in ranked_titles])
    return s + "。"


def evidence(names, lever, rank: int, n: int, ci_level: float, size: str) -> str:
    s = (
        f"{names.scale(lever.lever)}对{names.scale(lever.target)}的总效应，"
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}；在全部对策中居第{rank}位（共{n}项）"
    )
    if size == "negligible":
        s += "；效应可靠，但大小可以忽略"
    return s


def no_measure(names, levers: list) -> str:
    return (
        "估计值还支持将"
        + join([names.scale(lv.lever) for lv in levers])
        + "作为着力点，但本研究未为其准备具体对策；读者可结合实际自行设计相应措施。"
    )


REASONS = {
    "not_in_model": "其着力点不在结构模型中",
    "wrong_direction": "其着力点的可靠总效应与该对策所需的方向相反",
    "not_reliable": "其着力点对职业倦怠各维度及工作结果的总效应均不可靠",
}


def not_supported(names, title: str, lever: str, reason: str) -> str:
    return f"__{title}__（{names.scale(lever)}）：不予提出，原因是{REASONS.get(reason, reason)}。"


def none_supported() -> str:
    return "在本数据中，所考察的对策均没有可靠总效应的支持。"


def lever_item(names, lever, ci_level: float) -> str:
    verb = "减轻" if lever.role == "stressor" else "增强"
    return (
        f"{verb}{names.scale(lever.lever)}：其对{names.scale(lever.target)}的总效应为"
        f"{beta(lever.std, lever.std_ci_low, lever.std_ci_high, ci_level)}。"
    )


def levers_intro() -> str:
    return (
        "本研究未准备对策库，因此本章按上述规则的顺序列出估计值所支持的着力点；作用于这些着力点的"
        "具体措施需要结合实际情境设计。"
    )
