"""Citations: markers in the text become author-year citations; the reference list is what is cited.

Markers (see :mod:`surveysem.report.doc`): ``[@a; @b]`` parenthetical, ``[-@a; @b]`` the same
without its parentheses, ``[!a]`` narrative. Every key must exist in the bibliography
(``data/references.yaml``); the reference list holds exactly the works cited, so no listed
work goes uncited and no cited work goes unlisted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_MARK = re.compile(r"\[(-?)@([\w-]+(?:;\s*@[\w-]+)*)\]|\[!([\w-]+)\]")
_SURNAME = re.compile(r"(?:^|,\s|&\s)([^,&]+?),\s+(?:[A-ZÀ-ÖØ-Þ][^,]*?\.)")


def surnames(authors: str) -> list[str]:
    """Surnames from an APA author string (``"Hu, L., & Bentler, P. M."`` -> Hu, Bentler)."""
    return [m.strip() for m in _SURNAME.findall(str(authors))]


@dataclass
class Citations:
    """The bibliography and the keys cited so far, in order of first citation.

    Parameters
    ----------
    references : sequence of mapping
        Bibliography entries with ``key``, ``authors``, ``year`` and the source fields.
    style : str
        ``apa`` (author-year; the reference list alphabetical).
    """

    references: Sequence[Mapping[str, Any]]
    style: str = "apa"
    used: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key = {str(r["key"]): r for r in self.references}

    def entry(self, key: str) -> Mapping[str, Any]:
        try:
            ref = self._by_key[key]
        except KeyError:
            raise ValueError(
                f"citation {key!r} is not in the bibliography (data/references.yaml); add "
                "the work there with its full reference, or cite another"
            ) from None
        if key not in self.used:
            self.used.append(key)
        return ref

    def _names(self, key: str, narrative: bool) -> tuple[str, str]:
        ref = self.entry(key)
        names = surnames(ref["authors"])
        if not names:
            raise ValueError(f"reference {key!r}: cannot read the surnames of {ref['authors']!r}")
        amp = " and " if narrative else " & "
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = names[0] + amp + names[1]
        else:
            who = names[0] + " et al."
        return who, str(ref["year"])

    def resolve(self, text: str) -> str:
        """Replace every citation marker in ``text``."""

        def sub(m: re.Match) -> str:
            if m.group(3):
                who, year = self._names(m.group(3), narrative=True)
                return f"{who} ({year})"
            keys = [k.strip().lstrip("@") for k in m.group(2).split(";")]
            inner = "; ".join("{}, {}".format(*self._names(k, narrative=False)) for k in keys)
            return inner if m.group(1) else f"({inner})"

        return _MARK.sub(sub, text)

    def listed(self) -> list[Mapping[str, Any]]:
        """The cited works, in the order of the reference list (APA: by author, then year)."""
        refs = [self._by_key[k] for k in self.used]
        return sorted(refs, key=lambda r: (str(r["authors"]).lower(), str(r["year"])))
