"""中文措辞（学位论文体例：GB/T 7714—2015顺序编码制引文，表、图按章编号）。"""

from surveysem.report.doc import Numbering
from surveysem.report.phrases.zh import (
    closing,
    common,
    data,
    discussion,
    front,
    groups,
    intro,
    measurement,
    method,
    models,
    moderation,
    recommend,
    tables,
    theory,
)

_DIGITS = "零一二三四五六七八九十"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (chapter numbers up to 99)."""
    if n <= 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def _chapter(number: str) -> str:
    try:
        return f"第{_chinese_number(int(number))}章"
    except ValueError:
        return f"第{number}章"


def _section(s) -> str:
    if s.kind == "chapter":
        return _chapter(s.number)
    if s.kind == "appendix":
        return f"附录{s.number}"
    if s.number:
        return f"{s.number}节"
    return s.title


#: 章节安排（surveysem.report.outline.CHAPTERS中的构建函数）及研究假设所在的章。
OUTLINE = (
    "introduction",
    "theory",
    "method",
    "results",
    "discussion",
    "recommendations",
    "conclusion",
)
HYPOTHESES_IN = "theory"

NUMBERING = Numbering(
    table=lambda n: f"表{n}",
    figure=lambda n: f"图{n}",
    section=_section,
    appendix_letter=lambda i: "ABCDEFGHIJ"[i - 1],
    by_chapter=True,
    chapter=_chapter,
    figure_captions_below=True,
)

__all__ = [
    "HYPOTHESES_IN",
    "NUMBERING",
    "OUTLINE",
    "closing",
    "common",
    "data",
    "discussion",
    "front",
    "groups",
    "intro",
    "measurement",
    "method",
    "models",
    "moderation",
    "recommend",
    "tables",
    "theory",
]
