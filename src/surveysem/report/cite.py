"""Citations: markers in the text become citations; the reference list is what is cited.

Markers (see :mod:`surveysem.report.doc`): ``[@a; @b]`` parenthetical, ``[-@a; @b]`` the same
without its parentheses, ``[!a]`` narrative. Every key must exist in the bibliography
(``data/references.yaml``); the reference list holds exactly the works cited, so no listed
work goes uncited and no cited work goes unlisted.

Styles: ``apa7`` (author-year; the list alphabetical) and ``gb7714-2015`` / ``gb7714-2025``
(numeric, 顺序编码制: works numbered in the order of their first citation, the numbers as
superscripts in the text; entries formatted by :mod:`surveysem.report.gbt7714`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from surveysem.report import gbt7714
from surveysem.report.authors import surnames

STYLES = ("apa7", "gb7714-2015", "gb7714-2025")
DEFAULT_STYLE = {"en": "apa7", "zh": "gb7714-2015"}
_MARK = re.compile(r"\[(-?)@([\w-]+(?:;\s*@[\w-]+)*)\]|\[!([\w-]+)\]")

__all__ = ["DEFAULT_STYLE", "STYLES", "Citations", "format_apa", "surnames", "unknown_citations"]


def _keys(m: re.Match) -> list[str]:
    """The bibliography keys of one citation marker."""
    if m.group(3):
        return [m.group(3)]
    return [k.strip().lstrip("@") for k in m.group(2).split(";")]


def _strings(node: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, Mapping):
        for k, v in node.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            ident = v.get("id") if isinstance(v, Mapping) else None
            yield from _strings(v, f"{path}[{ident if ident is not None else i}]")


def unknown_citations(
    document: Any, references: Sequence[Mapping[str, Any]], source: str
) -> list[str]:
    """Citation markers in a study file (or catalogue) whose keys the bibliography lacks.

    Parameters
    ----------
    document : any
        The study file or the catalogue of measures as read from YAML; every text in it is
        searched for ``[@key]``, ``[-@key]`` and ``[!key]``.
    references : sequence of mapping
        The bibliography (``data/references.yaml``).
    source : str
        How the file is named in the messages, e.g. ``"study file study.yaml"``.

    Returns
    -------
    list of str
        One line per unknown key: the file, the key path of the text, the key, the nearest
        known key and how to fix it.
    """
    from surveysem.validate import closest

    known = sorted(str(r["key"]) for r in references)
    out = []
    for path, text in _strings(document, ""):
        for m in _MARK.finditer(text):
            for key in (k for k in _keys(m) if k not in known):
                near = closest(key, known)
                hint = f" (did you mean `{near}`?)" if near else ""
                out.append(
                    f"{source}: {path}: citation {key!r} is not in the bibliography "
                    f"data/references.yaml{hint}; add the work there (key, authors, year, "
                    "title and source) or correct the key"
                )
    return out


def _zh_fields(ref: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    """A Chinese entry in a Chinese text: its ``_zh`` fields in place of the English ones."""
    if lang != "zh" or ref.get("lang") != "zh":
        return ref
    return {**ref, **{k[:-3]: v for k, v in ref.items() if k.endswith("_zh")}}


def format_apa(ref: Mapping[str, Any]) -> str:
    """One APA 7 reference-list entry in the report's markup (``*x*`` italic).

    Notes
    -----
    Journal article: ``Authors (Year). Title. *Journal*, *Volume*(Issue), pages. DOI``;
    chapter: ``... Title. In Editors (Eds.), *Book* (pp. pages). Publisher.``; book:
    ``... *Title* (2nd ed.). Publisher.`` (APA Publication Manual, 7th ed., ch. 10).
    """
    head = f"{ref['authors']} ({ref['year']}). "
    if ref.get("journal"):
        s = f"{ref['title']}. *{ref['journal']}*"
        s += f", *{ref['volume']}*" if ref.get("volume") is not None else ""
        s += f"({ref['issue']})" if ref.get("issue") is not None else ""
        s += f", {ref['pages']}" if ref.get("pages") is not None else ""
        s += "."
    elif ref.get("booktitle"):
        pages = f" (pp. {ref['pages']})" if ref.get("pages") is not None else ""
        s = f"{ref['title']}. In {ref['editors']} (Eds.), *{ref['booktitle']}*{pages}. "
        s += f"{ref['publisher']}."
    else:
        ed = f" ({ref['edition']} ed.)" if ref.get("edition") else ""
        s = f"*{ref['title']}*{ed}. {ref['publisher']}."
    if ref.get("doi"):
        s += f" https://doi.org/{ref['doi']}"
    return head + s


@dataclass
class Citations:
    """The bibliography and the keys cited so far, in order of first citation.

    Parameters
    ----------
    references : sequence of mapping
        Bibliography entries with ``key``, ``authors``, ``year`` and the source fields.
    style : str
        One of :data:`STYLES`.
    lang : str
        The language of the text the citations stand in (``和``/``等`` in Chinese).
    """

    references: Sequence[Mapping[str, Any]]
    style: str = "apa7"
    lang: str = "en"
    used: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(
                f"report.citation_style {self.style!r} is not one of {', '.join(STYLES)}"
            )
        self._by_key = {str(r["key"]): r for r in self.references}

    @property
    def numeric(self) -> bool:
        return self.style.startswith("gb7714")

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

    def _number(self, key: str) -> int:
        self.entry(key)
        return self.used.index(key) + 1

    def _names(self, key: str, narrative: bool) -> tuple[str, str]:
        ref = self.entry(key)
        if self.lang == "zh" or narrative:
            who = gbt7714.narrative(ref, "zh" if self.lang == "zh" else "en")
            return who, str(ref["year"])
        names = surnames(ref["authors"])
        if not names:
            raise ValueError(f"reference {key!r}: cannot read the surnames of {ref['authors']!r}")
        if len(names) == 1:
            return names[0], str(ref["year"])
        if len(names) == 2:
            return f"{names[0]} & {names[1]}", str(ref["year"])
        return f"{names[0]} et al.", str(ref["year"])

    def _numeric(self, m: re.Match) -> str:
        if m.group(3):
            n = self._number(m.group(3))
            return f"{gbt7714.narrative(self._by_key[m.group(3)], self.lang)}<sup>[{n}]</sup>"
        return f"<sup>{gbt7714.in_text([self._number(k) for k in _keys(m)])}</sup>"

    def _author_year(self, m: re.Match) -> str:
        zh = self.lang == "zh"
        if m.group(3):
            who, year = self._names(m.group(3), narrative=True)
            return f"{who}（{year}）" if zh else f"{who} ({year})"
        inner = "; ".join("{}, {}".format(*self._names(k, narrative=False)) for k in _keys(m))
        if m.group(1):
            return inner
        return f"（{inner}）" if zh else f"({inner})"

    def resolve(self, text: str) -> str:
        """Replace every citation marker in ``text``."""
        return _MARK.sub(self._numeric if self.numeric else self._author_year, text)

    def listed(self) -> list[Mapping[str, Any]]:
        """The cited works in the order of the list: by first citation (numeric styles), or
        by author, then year (APA)."""
        refs = [self._by_key[k] for k in self.used]
        if self.numeric:
            return refs
        return sorted(refs, key=lambda r: (str(r["authors"]).lower(), str(r["year"])))

    def entries(self) -> list[tuple[str, str]]:
        """The reference list as (label, entry) pairs: ``("[1]", "...")`` or ``("", "...")``."""
        if self.numeric:
            edition = self.style.rsplit("-", 1)[1]
            return [
                (f"[{i}]", gbt7714.format_reference(r, edition))
                for i, r in enumerate(self.listed(), start=1)
            ]
        return [("", format_apa(_zh_fields(r, self.lang))) for r in self.listed()]
