"""实证分析：调节效应、简单斜率、Johnson–Neyman区间与有调节的中介（用语依温忠麟等）。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import isnum
from surveysem.report.phrases.zh.common import coef, effect_stats, join, level_pct

TITLE = "调节效应与有调节的中介效应检验"


def fig_slopes(names, x: str, w: str, y: str, ci_level: float) -> tuple[str, str]:
    """简单斜率图的图题与注释。"""
    x, w, y = names.scale(x), names.scale(w), names.scale(y)
    return (
        f"{w}在{x}影响{y}中的调节作用：简单斜率图",
        f"各直线为{w}取{{tab:moderation}}所列各值时，{y}（中心化）对{x}（中心化）的预测值；阴影为各"
        f"简单斜率的{level_pct(ci_level)}置信区间。",
    )


def fig_jn(
    names, x: str, w: str, y: str, ci_level: float, observed: bool = True
) -> tuple[str, str]:
    """Johnson–Neyman图的图题与注释。"""
    x, w, y = names.scale(x), names.scale(w), names.scale(y)
    span = (
        f"灰色底纹为{w}的观测范围"
        if observed
        else f"{w}为潜变量，横轴为其潜变量尺度的−2.5至+2.5个标准差"
    )
    return (
        f"{x}对{y}的条件效应随{w}的变化（Johnson–Neyman图）",
        f"实线为{x}的条件效应（*B*），阴影带为其{level_pct(ci_level)}置信区间（Wald法，与临界值的"
        f"计算一致）；{span}；竖虚线为Johnson–Neyman临界值。",
    )


LEVEL = {
    "-1 SD": "低水平（*M* − 1 *SD*）",
    "mean": "均值处",
    "+1 SD": "高水平（*M* + 1 *SD*）",
    "p16": "第16百分位数",
    "p50": "中位数",
    "p84": "第84百分位数",
}
COLUMNS = {
    "effect": "效应",
    "level": "调节变量水平",
    "value": "取值",
    "est": "*B*",
    "se": "*SE*",
    "ci": "置信区间",
    "p": "*p*",
    "method": "置信区间方法",
}


def _level(lev: str) -> str:
    return LEVEL.get(lev, lev)


def _value(v: float, sd: float) -> str:
    s = fmt.num(v, "coef")
    if isnum(sd) and sd > 0:
        s += f"（{fmt.num(v / sd, 'coef')}个标准差）"
    return s


def intro(names, x: str, w: str, y: str, latent: bool) -> str:
    how = (
        "以双重均值中心化的配对乘积指标构建潜调节项"
        if latent
        else "以两者均值中心化后的乘积作为交互项"
    )
    return (
        f"为检验{names.scale(w)}在{names.scale(x)}影响{names.scale(y)}过程中的调节作用，"
        f"在结构模型中{how}，作为{names.scale(y)}的预测变量[@wen2005; @bauer2005]。"
    )


def interaction(names, it, ci_level: float) -> str:
    stats = effect_stats(
        it.std, it.std_ci_low, it.std_ci_high, it.est, it.ci_low, it.ci_high, ci_level, it.p
    )
    sign = "负" if it.est < 0 else "正"
    s = f"交互项的系数为{sign}（{stats}）"
    if it.reliable:
        s += "，调节效应显著"
        mid = next((c for c in it.slopes if c.level in ("mean", "p50")), None)
        if mid is not None and isnum(mid.est):
            weaker = (it.est < 0) == (mid.est > 0)
            s += (
                f"：{names.scale(it.w)}越高，{names.scale(it.x)}对{names.scale(it.y)}的效应越"
                f"{'弱' if weaker else '强'}"
            )
        return s + "。"
    return s + f"，其{level_pct(ci_level)}置信区间包含0，调节效应不显著。"


def r2_change(names, y: str, value: float) -> str:
    return f"加入交互项后，{names.scale(y)}被解释的方差增加了Δ*R*² = {fmt.num(value, 'r2')}。"


def verdict(names, h, it, buffering: bool) -> str:
    x, w, y = names.scale(it.x), names.scale(it.w), names.scale(it.y)
    claim = (
        f"{h.id}假设{w}能够缓冲{x}对{y}的影响"
        if buffering
        else f"{h.id}假设{w}会增强{x}对{y}的影响"
    )
    if h.supported:
        return f"{claim}，该假设成立。"
    reason = {
        "ci_zero": "交互项的置信区间包含0",
        "opposite": "交互项方向与预期相反，且置信区间包含0",
        "opposite_reliable": "交互项显著，但方向与预期相反",
    }.get(h.why, "检验结果不支持")
    what = "缓冲作用" if buffering else "增强作用"
    return f"{claim}，该假设不成立：{reason}，本数据未能表明{w}具有这种{what}。"


def slopes(names, it, ci_level: float) -> str:
    parts = [
        f"{_level(c.level)}为{fmt.num(c.est, 'coef')} {fmt.ci(c.ci_low, c.ci_high, 'coef')}"
        for c in it.slopes
    ]
    rel = [c for c in it.slopes if c.reliable]
    if len(rel) == len(it.slopes):
        tail = "各置信区间均不包含0"
    elif not rel:
        tail = "各置信区间均包含0"
    else:
        tail = "仅在" + join([_level(c.level) for c in rel]) + "置信区间不包含0"
    return (
        f"简单斜率分析表明（*B*及{level_pct(ci_level)}置信区间），{names.scale(it.x)}对"
        f"{names.scale(it.y)}的简单斜率在{names.scale(it.w)}"
        + "，".join(parts)
        + f"；{tail}（{{tab:moderation}}，{{fig:simple_slopes}}）。"
    )


def johnson_neyman(names, it, ci_level: float) -> str:
    jn, sd = it.jn, it.sd
    x, w, y = names.scale(it.x), names.scale(it.w), names.scale(it.y)
    lev = level_pct(ci_level)
    head = "采用Johnson–Neyman法[@bauer2005]进一步检验（{fig:johnson_neyman}）："
    if not jn.roots:
        if jn.everywhere:
            return head + f"方程无实根，{w}取任何值时，{x}对{y}效应的{lev}置信区间均不包含0。"
        return (
            head
            + f"方程无实根，{w}取任何值时，{x}对{y}效应的{lev}置信区间均包含0，不存在显著区域。"
        )
    bounds = join([_value(v, sd) for v in sorted(jn.roots)])
    s = head + f"当{w}（中心化）等于{bounds}时，{x}对{y}效应的{lev}置信区间恰好经过0。"
    out = sorted(jn.outside)
    if out:
        below = [v for v in out if v < jn.observed_min]
        sides = (["低于最小观测值"] if below else []) + (
            ["高于最大观测值"] if len(below) < len(out) else []
        )
        which = "该临界值" if len(out) == 1 else "两个临界值"
        s += (
            f"{which}{join(sides, '或')}（观测范围为{fmt.num(jn.observed_min, 'coef')}至"
            f"{fmt.num(jn.observed_max, 'coef')}），落在数据范围之外。"
        )
    region = jn.region()
    if not jn.observed:
        return s + _latent_region(w, region, jn.share)
    if not region:
        s += "在观测范围内，该效应均不显著。"
    elif region == ((jn.observed_min, jn.observed_max),):
        s += "在整个观测范围内，该效应均显著。"
    else:
        segs = join([f"{fmt.num(a, 'coef')}至{fmt.num(b, 'coef')}" for a, b in region])
        s += f"在观测范围内，{w}取值为{segs}时该效应显著。"
    if isnum(jn.share):
        s += f"该效应对{fmt.pct(jn.share)}的被调查者显著。"
    return s


def _latent_region(w: str, region, share: float) -> str:
    """潜变量调节变量没有观测范围：在其潜变量尺度（均值为0）上说明显著区域。"""
    segs = []
    for a, b in region:
        if a == float("-inf") and b == float("inf"):
            segs.append("取任何值")
        elif a == float("-inf"):
            segs.append(f"低于{fmt.num(b, 'coef')}")
        elif b == float("inf"):
            segs.append(f"高于{fmt.num(a, 'coef')}")
        else:
            segs.append(f"介于{fmt.num(a, 'coef')}与{fmt.num(b, 'coef')}之间")
    s = f"{w}为潜变量，上述临界值位于其潜变量尺度上（均值为0）；"
    s += f"{w}{join(segs, '或')}时该效应显著" if segs else "该效应在任何取值上均不显著"
    if isnum(share):
        s += f"，按模型隐含的正态分布，约占被调查者的{fmt.pct(share)}"
    return s + "。"


def indirect(names, m, ci_level: float) -> str:
    via = join([names.scale(c) for c in m.chain[1:-1]])
    x, y, w = names.scale(m.chain[0]), names.scale(m.chain[-1]), names.scale(m.moderator)
    parts = [
        f"{_level(c.level)}为{fmt.num(c.est, 'coef')} {fmt.ci(c.ci_low, c.ci_high, 'coef')}"
        for c in m.conditional
    ]
    s = ""
    if parts:
        s = f"{x}经由{via}对{y}的条件间接效应在{w}" + "，".join(parts) + "（{tab:moderation}）。"
    s += (
        f"有调节的中介效应判定指标[@hayes2015]为{coef(m.est, m.ci_low, m.ci_high, ci_level)}"
        f"（{m.method}），其置信区间{'不包含' if m.reliable else '包含'}0"
    )
    if m.reliable:
        return s + f"，表明该间接效应受到{w}的调节，有调节的中介效应成立。"
    return s + f"，本数据未能表明该间接效应受到{w}的调节。"


def index_verdict(names, h, m) -> str:
    w = names.scale(m.moderator)
    return f"{h.id}（{w}调节该间接效应）{'成立' if h.supported else '不成立'}。"


def no_hypothesis(names, it) -> str:
    return "研究假设未涉及该交互项，此处仅报告其估计结果，不作判定。"
