"""讨论：估计值的含义（仅限相关关系，且只在已检验的范围内）。"""

from __future__ import annotations

from surveysem.report.phrases.zh.common import SIZE, against, beta, join

CHAPTER = "讨论"


def levers(
    names, top, tied: list, rest: list, ci_level: float, burnout: bool = True, opposite=()
) -> str:
    """总效应最大的着力点、与之相当者及其余得到支持的着力点；``burnout``：编码手册设有职业倦怠
    量表；``opposite``：对职业倦怠的可靠总效应与对策所需方向相反的着力点（着力点, 总效应）。"""
    lead = (
        f"{names.scale(top.lever)}（对{names.scale(top.target)}："
        f"{beta(top.std, top.std_ci_low, top.std_ci_high, ci_level)}）"
    )
    if top.target_role != "burnout":
        s = (
            "没有任何压力源或资源在有利于干预的方向上对职业倦怠具有可靠的总效应；就其对工作结果的总效应而言，"
            if burnout
            else "此处改以各压力源与资源对工作结果的总效应加以判断："
        )
        s += (
            f"{lead}以及{join([names.scale(t.lever) for t in tied])}的总效应最大，且大小相当。"
            if tied
            else f"{lead}的总效应最大。"
        )
    elif tied:
        s = (
            f"在模型的各压力源与资源中，对职业倦怠总效应较大的是{lead}以及"
            f"{join([names.scale(t.lever) for t in tied])}；这些总效应大小相当（彼此的估计值均落在"
            "对方的置信区间之内），本数据不足以判定孰大孰小。"
        )
    else:
        s = f"在模型的各压力源与资源中，{lead}对职业倦怠的总效应最大。"
    smaller = [t for t in rest if t.target_role == "burnout"]
    outcome = [t for t in rest if t.target_role != "burnout"]
    if smaller:
        s += (
            f"{join([names.scale(t.lever) for t in smaller])}对职业倦怠的总效应同样可靠，"
            f"但小于{names.scale(top.lever)}。"
        )
    for t in outcome:
        stats = f"（{beta(t.std, t.std_ci_low, t.std_ci_high, ci_level)}）"
        if t.opposite:
            s += (
                f"{names.scale(t.lever)}在对策所需方向上的可靠总效应体现在"
                f"{names.scale(t.target)}上{stats}。"
            )
        elif burnout and top.target_role == "burnout":
            s += (
                f"{names.scale(t.lever)}对职业倦怠没有可靠的总效应，其可靠的总效应体现在"
                f"{names.scale(t.target)}上{stats}。"
            )
        else:
            s += f"{names.scale(t.lever)}的可靠总效应体现在{names.scale(t.target)}上{stats}。"
    if opposite:
        s += against(names, list(opposite), ci_level)
    return s


def no_levers(names, opposite, ci_level: float) -> str:
    """没有得到支持的着力点；``opposite``同 :func:`levers`。"""
    if not opposite:
        return (
            "没有任何压力源或资源对职业倦怠具有可靠的总效应，因此本数据未能指出可供干预的着力点。"
        )
    return (
        "没有任何压力源或资源在有利于干预的方向上对职业倦怠具有可靠的总效应，因此本数据未能指出"
        "可供干预的着力点。" + against(names, list(opposite), ci_level)
    )


def no_burnout() -> str:
    return (
        "编码手册未将任何量表设为职业倦怠维度，因此本数据无法说明各压力源与资源和职业倦怠的关系，"
        "职业倦怠相关理论的预测在此亦未加检验。"
    )


def jdr(
    names,
    demands: list[str],
    resources: list[str],
    null: list[str],
    tested: bool,
    against_demands: list[str] = (),
    against_resources: list[str] = (),
) -> str:
    """健康损耗过程：工作要求对应更高的倦怠，资源对应更低的倦怠；``null``：对职业倦怠没有
    可靠的总效应；``against_*``：总效应可靠但方向与该模型的预测相反。"""
    parts = []
    if demands:
        parts.append(f"工作要求（{join([names.scale(d) for d in demands])}）与更高的职业倦怠相关")
    if resources:
        parts.append(f"工作资源（{join([names.scale(r) for r in resources])}）与更低的职业倦怠相关")
    s = ""
    if parts:
        s = (
            "从工作要求—资源模型来看，"
            + "，".join(parts)
            + "，这与该模型的健康损耗过程相一致[@bakker2007]。"
        )
    contrary = []
    if against_demands:
        contrary.append(
            f"工作要求（{join([names.scale(d) for d in against_demands])}）与更低而非更高的职业倦怠相关"
        )
    if against_resources:
        contrary.append(
            f"工作资源（{join([names.scale(r) for r in against_resources])}）与更高而非更低的职业倦怠相关"
        )
    if contrary:
        s += (
            "与该模型的健康损耗过程相反[@bakker2007]，"
            + "，".join(contrary)
            + "：其对职业倦怠的总效应可靠，但方向与预测相反。"
        )
    if null:
        s += f"{join([names.scale(n) for n in null])}对职业倦怠没有可靠的总效应，本数据无法解释其原因。"
    if not tested:
        s += (
            "模型只包含主效应，因此资源能否如该模型所预测的那样缓冲工作要求的影响，本研究尚未回答。"
        )
    return s


def buffering(names, x: str, w: str, y: str, verdict: str, hid: str) -> str:
    """工作要求—资源模型的缓冲假设：按交互项的检验结论表述。"""
    x, w, y = names.scale(x), names.scale(w), names.scale(y)
    ref = f"（{hid}；见{{sec:r-moderation}}）" if hid else "（见{sec:r-moderation}）"
    if verdict in ("supported", "found"):
        return (
            f"该模型还预测工作资源能够缓冲工作要求的不利影响，本研究的调节效应检验支持这一点："
            f"{w}越高，{x}与{y}的关联越弱{ref}。但横断面数据只能说明变量间的"
            "关联模式，尚不足以证明其保护机制[@bakker2007]。"
        )
    return (
        f"该模型还预测工作资源能够缓冲工作要求的不利影响，但本数据未能表明{w}缓冲了{x}与{y}之间的"
        f"关联{ref}；这并不说明缓冲作用不存在，只说明本样本无法将其与0区分开来。"
    )


def burnout_core(names, pairs: list) -> str:
    parts = [f"{names.scale(q.x)}与{names.scale(q.y)}（{beta(q.std)}）" for q in pairs]
    return (
        "在职业倦怠的各维度之间，路径关联了"
        + join(parts)
        + "，这与将情绪衰竭视为职业倦怠核心成分的观点相符[@maslach2001]；但单一时点的数据无法"
        "说明哪一维度在先。"
    )


def outcomes(names, totals: list, ci_level: float) -> str:
    parts = []
    for e, direct_null in totals:
        s = (
            f"{names.scale(e.chain[0])}对{names.scale(e.chain[-1])}的总效应"
            f"（{beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)}"
        )
        s += "；直接路径不可靠，效应经由间接路径传递）" if direct_null else "）"
        parts.append(s)
    return "职业倦怠通过整个模型与工作结果相关联：可靠的总效应包括" + join(parts) + "。"


def contradicted(ids: list[str]) -> str:
    """效应可靠但方向与假设相反的研究假设。"""
    return (
        f"{join(ids)}的效应可靠，但方向与假设相反：数据与这些假设相抵触，而不只是无法将效应与0"
        "区分开来。"
        if len(ids) > 1
        else f"{join(ids)}的效应可靠，但方向与假设相反：数据与该假设相抵触，而不只是无法将效应与0"
        "区分开来。"
    )


def unsupported(ids: list[str]) -> str:
    return f"{join(ids)}未得到数据支持；这并不表明该效应不存在，只说明本样本无法将其与0区分开来。"


def negligible(ids: list[str]) -> str:
    return f"{join(ids)}得到支持，但效应量可以忽略：效应可靠，但实际意义很小。"


def eri(names, supported: list[str], null: list[str], contrary: list[str] = ()) -> str:
    """``contrary``：对职业倦怠的总效应可靠但方向与该模型预测相反的构念。"""
    s = ""
    if supported:
        s = (
            f"与付出—回报失衡模型相一致[@siegrist1996]，在控制其他工作要求之后，"
            f"{join([names.scale(c) for c in supported])}对职业倦怠仍有可靠的总效应。"
        )
    if null:
        s += f"与该模型的预测不同，{join([names.scale(c) for c in null])}没有可靠的总效应。"
    if contrary:
        s += f"{join([names.scale(c) for c in contrary])}对职业倦怠的总效应可靠，但方向与该模型的预测相反。"
    return s


def transactional(names, supported: list[str], null: list[str], contrary: list[str] = ()) -> str:
    """``contrary``同 :func:`eri`。"""
    if contrary and not supported:
        return (
            f"{join([names.scale(c) for c in contrary])}对职业倦怠的总效应可靠，但方向与交互作用理论"
            "赋予应对方式的作用相反[@lazarus1984]。"
        )
    if supported:
        return (
            f"{join([names.scale(c) for c in supported])}与较低的职业倦怠可靠相关，这符合压力的"
            "交互作用理论：缓解压力的部分途径在于认知评价与应对[@lazarus1984]。"
        )
    if null:
        return (
            f"{join([names.scale(c) for c in null])}没有可靠的总效应，因此本数据不支持交互作用理论"
            "赋予应对方式的作用[@lazarus1984]。"
        )
    return ""


def groups(k: int, n: int, largest: str, not_compared: list[str] = ()) -> str:
    """``n``项比较中``k``项可靠；``not_compared``：可供比较的组别不足两个、无法比较的分组变量（名称）。"""
    s = ""
    if not_compared:
        s = f"职业倦怠与工作结果在{join(list(not_compared))}上是否存在差异无法检验：可供比较的组别不足两个。"
        if not n:
            return s
    if not k:
        return s + "职业倦怠与工作结果在各比较组之间没有可靠差异，因此下文的对策无须针对特定群体。"
    return s + (
        f"群体差异很少（经Holm校正后，{n}项比较中有{k}项可靠），效应量至多属于{SIZE.get(largest, largest)}效应，"
        "可见群体归属只能解释职业倦怠差异的一小部分。"
    )
