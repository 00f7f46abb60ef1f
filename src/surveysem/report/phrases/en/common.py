"""Shared pieces of English sentences: lists, names, and the statistics in parentheses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from surveysem import fmt
from surveysem.criteria import isnum

ARROW = " → "
SIZE = {"negligible": "negligible", "small": "small", "medium": "medium", "large": "large"}


def join(words: Sequence[str], conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b, and c``."""
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return f"{words[0]} {conj} {words[1]}"
    return ", ".join(words[:-1]) + f", {conj} {words[-1]}"


def lc(label: str) -> str:
    """A label inside a sentence: first letter lower-cased unless the first word is an acronym."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return label
    return label[:1].lower() + label[1:]


def cap(text: str) -> str:
    """Upper-case the first letter of a sentence."""
    return text[:1].upper() + text[1:]


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 screen``, ``9 screens``; the number with thousands separators."""
    word = one if n == 1 else (many or one + "s")
    return f"{fmt.num(n, 'int')} {word}"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def count_of(k: int, n: int, noun: str, predicate: str, nouns: str | None = None) -> str:
    """``k`` of ``n`` things were ``predicate``, with number agreement (no final period).

    ``The hypothesis was supported`` (1 of 1), ``Neither hypothesis was supported`` (0 of
    2), ``Both hypotheses were supported``, ``All 4 hypotheses were supported``, ``None of the
    4 hypotheses was supported``, ``Of the 4 hypotheses, 1 was supported``, ``Of the 4
    hypotheses, 3 were supported``.
    """
    many = nouns or noun + "s"
    if n == 1:
        return f"The {noun} was {'' if k else 'not '}{predicate}"
    if k == n:
        head = "Both" if n == 2 else f"All {fmt.num(n, 'int')}"
        return f"{head} {many} were {predicate}"
    if k == 0:
        return (
            f"Neither {noun} was {predicate}"
            if n == 2
            else f"None of the {fmt.num(n, 'int')} {many} was {predicate}"
        )
    return f"Of the {fmt.num(n, 'int')} {many}, {fmt.num(k, 'int')} {was(k)} {predicate}"


def level_pct(ci_level: float) -> str:
    return f"{round(100 * ci_level)}%"


def chain_text(chain: Sequence[str]) -> str:
    """``WL → EE → DP``."""
    return ARROW.join(chain).replace(":", " × ")


def beta(std: Any, lo: Any = None, hi: Any = None, ci_level: float = 0.95) -> str:
    """``β = .239, 95% CI [.183, .296]`` (the CI of β), or ``β = .239`` without one."""
    s = f"β = {fmt.num(std, 'std')}"
    if isnum(lo) and isnum(hi):
        s += f", {level_pct(ci_level)} CI {fmt.ci(lo, hi, 'std')}"
    return s


def coef(est: Any, lo: Any, hi: Any, ci_level: float = 0.95) -> str:
    """``*B* = 0.287, 95% CI [0.192, 0.382]`` (the CI of B)."""
    return f"*B* = {fmt.num(est, 'coef')}, {level_pct(ci_level)} CI {fmt.ci(lo, hi, 'coef')}"


def p(pvalue: Any) -> str:
    """``*p* = .032`` or ``*p* < .001``."""
    return f"*p* {fmt.p_value(pvalue)}"


def effect_stats(std, std_lo, std_hi, est, lo, hi, ci_level: float, pvalue=None) -> str:
    """The statistics of an effect: β with the CI of β when the bootstrap gave one, else B
    with the CI of B and β alone; the p value last when given."""
    if isnum(std_lo) and isnum(std_hi):
        s = beta(std, std_lo, std_hi, ci_level)
    else:
        s = f"{coef(est, lo, hi, ci_level)}, {beta(std)}"
    if pvalue is not None and isnum(pvalue):
        s += f", {p(pvalue)}"
    return s


def size_words(size: str) -> str:
    """How a benchmark label reads after "a": ``a small``, ``an ... ``."""
    return {
        "negligible": "a negligible",
        "small": "a small",
        "medium": "a medium",
        "large": "a large",
    }.get(size, "an")


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


ROLE_WORD = {"stressor": "a stressor", "resource": "a resource"}


def against(names, pairs, ci_level: float = 0.95) -> str:
    """Levers whose reliable total effect on burnout runs against their action, as
    ``(lever, total effect)``: reliable, but not in the direction a measure needs."""
    out = []
    for role in ("resource", "stressor"):
        mine = [(lv, e) for lv, e in pairs if lv.role == role]
        if not mine:
            continue
        parts = [
            f"{lc(names.scale(lv.lever))} (on {lc(names.scale(e.chain[-1]))}: "
            f"{beta(e.std, e.std_ci_low, e.std_ci_high, ci_level)})"
            for lv, e in mine
        ]
        one = len(mine) == 1
        more = "more burnout, not less" if role == "resource" else "less burnout, not more"
        out.append(
            f"The total {'effect' if one else 'effects'} of {join(parts)} on burnout "
            f"{'was' if one else 'were'} reliable but ran opposite to the direction expected "
            f"of {ROLE_WORD[role]}: higher levels went with {more}."
        )
    return " ".join(out)
