"""The document as typed values: sections of paragraphs, lists, tables and figures.

Section builders return :class:`Section` values whose text may hold three kinds of marker,
resolved by :func:`finalize` once the whole document exists:

* cross-references ``{tab:ID}``, ``{fig:ID}``, ``{sec:ID}``: the number of a table, figure or
  section in document order ("Table 6", "Section 4.1"); an unknown ID is an error;
* citations ``[@key; @key2]`` (parenthetical, with parentheses), ``[-@key]`` (the same
  without parentheses, inside a parenthesis the sentence already opened) and ``[!key]``
  (narrative: "Hu and Bentler (1999)"), formatted by :mod:`surveysem.report.cite`;
* ``*x*`` for italics (statistical symbols), turned into markup by the renderer.

Numbers in tables stay raw until the template formats them (``row|cell(col)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from surveysem.criteria import Cut


@dataclass(frozen=True)
class Column:
    """A table column: the row ``key`` (``"lo|hi"`` for an interval), its label and format.

    ``kind`` is a :mod:`surveysem.fmt` kind, or ``text``, ``p``, ``pct``, ``ci:<kind>``,
    ``stars:<kind>`` (value with the stars of the row's ``pvalue``) or ``corr`` (a correlation
    with the stars of its own p in the ``p<key>`` field). ``cut`` makes the cell print enough
    decimals to show on which side of the cut-off the value lies.
    """

    key: str
    label: str
    kind: str = "text"
    cut: Cut | None = None

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text",)


@dataclass(frozen=True)
class Table:
    """A numbered APA table: title above, note below, rows of raw values."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    note: str = ""
    group_by: str | None = None
    landscape: bool = False
    number: str = ""

    def groups(self) -> list[tuple[Any, list[Mapping[str, Any]]]]:
        """Consecutive runs of rows with the same ``group_by`` value, in order."""
        out: list[tuple[Any, list[Mapping[str, Any]]]] = []
        for r in self.rows:
            g = r.get(self.group_by) if self.group_by else None
            if not out or out[-1][0] != g:
                out.append((g, []))
            out[-1][1].append(r)
        return out


@dataclass(frozen=True)
class Figure:
    """A numbered figure: the SVG of ``name`` with its caption and note."""

    id: str
    name: str
    caption: str
    note: str = ""
    number: str = ""


FULL_WIDTH_STOPS = "。；：！？）」』"


@dataclass(frozen=True)
class Para:
    """A paragraph of sentences."""

    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentences joined by a space, or by nothing after Chinese full-width punctuation."""
        out = ""
        for s in self.sentences:
            if not s:
                continue
            out += s if not out or out[-1] in FULL_WIDTH_STOPS else " " + s
        return out


@dataclass(frozen=True)
class Bullets:
    """A list of items (``ordered`` for numbered lists); each item is one or more sentences."""

    items: tuple[str, ...]
    ordered: bool = False
    style: str = ""


@dataclass(frozen=True)
class Pre:
    """Preformatted text (model syntax)."""

    text: str


@dataclass(frozen=True)
class Measure:
    """A recommended measure with its evidence, as the recommendations chapter prints it."""

    title: str
    text: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KeyValues:
    """An unnumbered two-column list of settings (the provenance record)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class References:
    """The reference list: the cited works, in the order of the citation style.

    ``entries`` are (label, entry) pairs: the label is ``[1]`` in a numeric style and empty
    in an author-year style; the entry is in the report's inline markup.
    """

    entries: tuple[tuple[str, str], ...]


Block = Para | Bullets | Pre | Table | Figure | Measure | KeyValues | References


@dataclass(frozen=True)
class Section:
    """A part of the document with its blocks and subsections.

    ``kind`` is ``front`` (roman-numbered front matter), ``chapter``, ``appendix`` or
    ``back`` (references); subsections are ``section``.
    """

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    kind: str = "section"
    number: str = ""
    in_toc: bool = True


def para(*sentences: str) -> Para | None:
    """A paragraph of the non-empty sentences, or None when all are empty."""
    s = tuple(x for x in sentences if x)
    return Para(s) if s else None


def blocks(*items: Block | Sequence[Block] | None) -> tuple[Block, ...]:
    """Flatten blocks, lists of blocks and Nones into a tuple of blocks."""
    out: list[Block] = []
    for it in items:
        if it is None:
            continue
        if isinstance(it, list | tuple):
            out += [b for b in it if b is not None]
        else:
            out.append(it)
    return tuple(out)


# --------------------------------------------------------------------------- traversal


def walk(sections: Sequence[Section]) -> Iterator[tuple[Section, int]]:
    """Every section and subsection in document order, with its depth (1 = top)."""
    for s in sections:
        yield s, 1
        for sub, d in walk(s.subsections):
            yield sub, d + 1


def _number(sections: Sequence[Section], appendix_letter: Callable[[int], str]) -> list[Section]:
    out, ch, app = [], 0, 0
    for s in sections:
        if s.kind == "chapter":
            ch += 1
            num = str(ch)
        elif s.kind == "appendix":
            app += 1
            num = appendix_letter(app)
        else:
            num = ""
        subs = tuple(
            replace(sub, number=f"{num}.{i}" if num else "")
            for i, sub in enumerate(s.subsections, start=1)
        )
        out.append(replace(s, number=num, subsections=subs))
    return out


@dataclass(frozen=True)
class Numbering:
    """How numbers and references read in the report's language."""

    table: Callable[[str], str]  # "6" -> "Table 6"
    figure: Callable[[str], str]
    section: Callable[[Section], str]  # -> "Section 4.1", "Chapter 2", "Appendix B"
    appendix_letter: Callable[[int], str]
    by_chapter: bool = False  # tables and figures numbered per chapter (4-1)
    chapter: Callable[[str], str] = str  # a chapter's number before its title: "4", "第四章"
    figure_captions_below: bool = False  # APA: above the figure; GB/T 7713.1: below


def _number_floats(sections: list[Section], numbering: Numbering) -> list[Section]:
    counters = {"tab": 0, "fig": 0}

    def visit(sec: Section, chapter: str) -> Section:
        new_blocks = []
        for b in sec.blocks:
            if isinstance(b, Table | Figure):
                k = "tab" if isinstance(b, Table) else "fig"
                counters[k] += 1
                n = (
                    f"{chapter}-{counters[k]}"
                    if numbering.by_chapter and chapter
                    else str(counters[k])
                )
                b = replace(b, number=n)
            new_blocks.append(b)
        subs = tuple(visit(s, chapter) for s in sec.subsections)
        return replace(sec, blocks=tuple(new_blocks), subsections=subs)

    out = []
    for s in sections:
        if numbering.by_chapter:
            counters = {"tab": 0, "fig": 0}
        out.append(visit(s, s.number))
    return out


_XREF = re.compile(r"\{(tab|fig|sec):([\w.-]+)\}")


def _targets(sections: Sequence[Section], numbering: Numbering) -> dict[str, str]:
    refs: dict[str, str] = {}
    for s, _ in walk(sections):
        refs[f"sec:{s.id}"] = numbering.section(s)
        for b in s.blocks:
            if isinstance(b, Table):
                refs[f"tab:{b.id}"] = numbering.table(b.number)
            elif isinstance(b, Figure):
                refs[f"fig:{b.id}"] = numbering.figure(b.number)
    return refs


def _map_text(sec: Section, fn: Callable[[str], str]) -> Section:
    def blk(b: Block) -> Block:
        if isinstance(b, Para):
            return replace(b, sentences=tuple(fn(x) for x in b.sentences))
        if isinstance(b, Bullets):
            return replace(b, items=tuple(fn(x) for x in b.items))
        if isinstance(b, Table):
            return replace(b, title=fn(b.title), note=fn(b.note))
        if isinstance(b, Figure):
            return replace(b, caption=fn(b.caption), note=fn(b.note))
        if isinstance(b, Measure):
            return replace(b, text=fn(b.text), fields=tuple((k, fn(v)) for k, v in b.fields))
        return b

    return replace(
        sec,
        title=fn(sec.title),
        blocks=tuple(blk(b) for b in sec.blocks),
        subsections=tuple(_map_text(s, fn) for s in sec.subsections),
    )


def finalize(
    sections: Sequence[Section],
    numbering: Numbering,
    cite: Callable[[str], str],
) -> list[Section]:
    """Number sections, tables and figures, then resolve every marker.

    Parameters
    ----------
    sections : sequence of Section
        The document in order (front matter, chapters, back matter, appendices).
    numbering : Numbering
    cite : callable
        Resolves the citation markers of one string (see :mod:`surveysem.report.cite`).

    Returns
    -------
    list of Section

    Raises
    ------
    ValueError
        For a cross-reference to a table, figure or section the document does not have.
    """
    secs = _number(sections, numbering.appendix_letter)
    secs = _number_floats(secs, numbering)
    refs = _targets(secs, numbering)

    def resolve(text: str) -> str:
        def sub(m: re.Match) -> str:
            key = f"{m.group(1)}:{m.group(2)}"
            if key not in refs:
                raise ValueError(
                    f"the report refers to {key}, which the document does not contain; "
                    "drop the reference or add the part"
                )
            return refs[key]

        return cite(_XREF.sub(sub, text))

    return [_map_text(s, resolve) for s in secs]


@dataclass(frozen=True)
class Document:
    """The finished document: its parts, and what the front matter lists."""

    sections: tuple[Section, ...]
    tables: tuple[Table, ...] = field(default=())
    figures: tuple[Figure, ...] = field(default=())


def collect(sections: Sequence[Section]) -> Document:
    """The document with its lists of tables and figures, in document order."""
    tabs, figs = [], []
    for s, _ in walk(sections):
        for b in s.blocks:
            if isinstance(b, Table):
                tabs.append(b)
            elif isinstance(b, Figure):
                figs.append(b)
    return Document(tuple(sections), tuple(tabs), tuple(figs))
