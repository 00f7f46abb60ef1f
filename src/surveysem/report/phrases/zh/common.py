"""中文句子的公用部分：列举、名称与括号中的统计量。"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from surveysem import fmt
from surveysem.criteria import isnum

ARROW = " → "
SIZE = {"negligible": "可忽略", "small": "小", "medium": "中等", "large": "大"}
_METHODS = {
    "percentile bootstrap": "百分位Bootstrap法",
    "bias-corrected bootstrap": "偏差校正Bootstrap法",
    "delta method": "Delta法",
    "delta method (Wald)": "Delta法（Wald检验）",
}


def method_text(method: str) -> str:
    """A CI method as ``effects.csv`` writes it (``percentile bootstrap, 2000 resamples``), in Chinese."""
    name, _, rest = str(method).partition(",")
    out = _METHODS.get(name.strip(), name.strip())
    b = "".join(ch for ch in rest if ch.isdigit())
    return f"{out}，重复抽样{b}次" if b else out


def join(words: Sequence[str], conj: str = "和") -> str:
    """``甲``、``甲和乙``、``甲、乙和丙``。"""
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return "、".join(words[:-1]) + conj + words[-1]


def lc(label: str) -> str:
    """中文没有大小写：原样返回（与英文模块同名，便于对照）。"""
    return label


def cap(text: str) -> str:
    return text


def plural(n: int, one: str, many: str | None = None) -> str:
    """``14个量表``：数字加量词与名词（中文名词无复数，``many``不用）。"""
    return f"{fmt.num(n, 'int')}{one}"


def was(n: int) -> str:
    return ""


def count_of(k: int, n: int, noun: str, predicate: str, nouns: str | None = None) -> str:
    """``n``项中``k``项``predicate``（不带句号）；``noun``以量词开头（``项研究假设``），
    ``nouns``不用。

    ``1项研究假设成立``、``4项研究假设均成立``、``4项研究假设均不成立``、
    ``在4项研究假设中，1项成立``。
    """
    if n == 1 or k in (0, n):
        both = "均" if n > 1 else ""
        return f"{fmt.num(n, 'int')}{noun}{both}{'' if k else '不'}{predicate}"
    return f"在{fmt.num(n, 'int')}{noun}中，{fmt.num(k, 'int')}{noun[:1]}{predicate}"


def level_pct(ci_level: float) -> str:
    return f"{round(100 * ci_level)}%"


def chain_text(chain: Sequence[str]) -> str:
    return ARROW.join(chain).replace(":", " × ")


def beta(std: Any, lo: Any = None, hi: Any = None, ci_level: float = 0.95) -> str:
    """``β = .239, 95% CI [.183, .296]``（β的置信区间），无区间时只写β。"""
    s = f"β = {fmt.num(std, 'std')}"
    if isnum(lo) and isnum(hi):
        s += f", {level_pct(ci_level)} CI {fmt.ci(lo, hi, 'std')}"
    return s


def coef(est: Any, lo: Any, hi: Any, ci_level: float = 0.95) -> str:
    return f"*B* = {fmt.num(est, 'coef')}, {level_pct(ci_level)} CI {fmt.ci(lo, hi, 'coef')}"


def p(pvalue: Any) -> str:
    return f"*p* {fmt.p_value(pvalue)}"


def effect_stats(std, std_lo, std_hi, est, lo, hi, ci_level: float, pvalue=None) -> str:
    """效应的统计量：有自助法区间时写β及β的区间，否则写B及B的区间和β；最后写p值。"""
    if isnum(std_lo) and isnum(std_hi):
        s = beta(std, std_lo, std_hi, ci_level)
    else:
        s = f"{coef(est, lo, hi, ci_level)}, {beta(std)}"
    if pvalue is not None and isnum(pvalue):
        s += f", {p(pvalue)}"
    return s


def size_words(size: str) -> str:
    return SIZE.get(size, "")


def comparable(effects) -> bool:
    """Whether every pair of effects is of comparable size: each standardized estimate lies
    within the other's confidence interval (the rule the lever ranking uses)."""

    def inside(v, lo, hi):
        return isnum(v) and isnum(lo) and isnum(hi) and lo <= v <= hi

    es = list(effects)
    return all(
        inside(a.std, b.std_ci_low, b.std_ci_high) or inside(b.std, a.std_ci_low, a.std_ci_high)
        for i, a in enumerate(es)
        for b in es[i + 1 :]
    )


ROLE_WORD = {"stressor": "压力源", "resource": "资源"}


def against(names, pairs, ci_level: float = 0.95) -> str:
    """对职业倦怠的总效应可靠、但方向与对策所需相反的着力点（``(着力点, 总效应)``）。"""
    out = []
    for role in ("resource", "stressor"):
        mine = [(lv, e) for lv, e in pairs if lv.role == role]
        if not mine:
            continue
        parts = [
            f"{names.scale(lv.lever)}（对{names.scale(e.chain[-1])}："
            f"{beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)}）"
            for lv, e in mine
        ]
        more = "越高" if role == "resource" else "越低"
        out.append(
            f"{join(parts)}对职业倦怠的总效应可靠，但方向与{ROLE_WORD[role]}应有的作用相反："
            f"其水平越高，职业倦怠{more}。"
        )
    return "".join(out)
