"""English phrases (APA 7 style)."""

from surveysem.report.doc import Numbering
from surveysem.report.phrases.en import (
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


def _section(s) -> str:
    if s.kind == "chapter":
        return f"Chapter {s.number}"
    if s.kind == "appendix":
        return f"Appendix {s.number}"
    if s.number:
        return f"Section {s.number}"
    return s.title


#: The chapter plan (builders of surveysem.report.outline.CHAPTERS), and where the list of
#: hypotheses goes.
OUTLINE = (
    "introduction",
    "theory",
    "method",
    "results",
    "discussion",
    "recommendations",
    "limitations",
)
HYPOTHESES_IN = "introduction"

NUMBERING = Numbering(
    table=lambda n: f"Table {n}",
    figure=lambda n: f"Figure {n}",
    section=_section,
    appendix_letter=lambda i: "ABCDEFGHIJ"[i - 1],
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
