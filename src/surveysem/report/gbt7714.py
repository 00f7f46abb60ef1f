"""GB/T 7714 references: reference-list entries (顺序编码制), numeric citations, narrative names.

Pure functions over the entries of ``data/references.yaml``; the caller numbers the list
(``[1]``, ``[2]`` ...) and decides where the numbers go. Output is plain text in the report's
inline markup (GB/T 7714 uses no italics, so no ``*x*`` appears).

Entry types (field ``type``, or inferred: ``journal`` -> article, ``booktitle`` -> chapter,
``publisher`` -> book) and their document-type codes (GB/T 7714-2015, appendix B):
article [J], book [M], chapter in an edited book [M]// (析出文献, 4.2 and 8.8.1), conference
paper [C]//, proceedings [C], thesis [D], report [R], software [CP], dataset [DS], web page
[EB]. An entry with a ``url`` is an online resource: the code gets the carrier ``/OL``, and the
access date (``accessed``) and the URL follow the publication data.

Both editions, as implemented here
----------------------------------
Common to 2015 and 2025 (GB/T 7714-2015 clauses, checked against the standard's own examples):

* surname first, given names as initials without points (8.1.1: ``EINSTEIN A``);
* up to three authors in full, more than three: the first three and ``等`` (Chinese) or
  ``et al.`` (8.1.2: ``印森林, 吴胜和, 李俊飞, 等``; ``FORDHAM E W, ALI A, TURNER D A, et al.``);
* article: ``作者. 题名[J]. 刊名, 年, 卷(期): 页码.`` (4.4, 8.8.2); a combined issue as
  ``(9/10)`` (8.8.3); pages joined by a hyphen (7: "-" 用于起讫序号和起讫页码间);
* book: ``作者. 书名[M]. 版本. 出版地: 出版者, 年.``; no edition for the first, ``2nd ed.`` /
  ``3版`` otherwise (8.3); ``[S.l.]`` / ``[出版地不详]`` and ``[s.n.]`` / ``[出版者不详]`` for a
  missing place or publisher of a printed work (8.4.1.3, 8.4.2.3);
* chapter: ``作者. 题名[M]//编者. 书名. 出版地: 出版者, 年: 页码.`` (4.2, 8.8.1);
* thesis: ``作者. 题名[D]. 地点: 学校, 年.`` (appendix A.4);
* subtitle after ``:`` (其他题名信息, 7), its first word lower-cased in Western titles as in
  every example of both editions (``Future libraries: dreams, madness, & reality``); an entry
  can give ``title_gbt`` to override the title verbatim (e.g. a subtitle opening with a
  proper noun);
* DOI appended as ``DOI:10.xxx`` (8.7, no space after the colon);
* citations in the text: numbers in square brackets, separated by commas, consecutive
  numbers joined by a short dash (10.1.3: ``[255-256]``); this module sorts the numbers.

Differences of GB/T 7714-2025 (in force 2026-07-01) that are implemented:

1. Surnames are no longer written in capitals (``Fordham E W``, not ``FORDHAM E W``).
2. Hyphenated given names keep the hyphen in the initials (``Godard J-L``, ``Park J-R``);
   the 2015 examples drop it (A.8 example 9: ``PARK J R``).
   Sources for 1-2: Zeping Lee's list of the differences of the published standard,
   https://github.com/hushidong/biblatex-gb7714-2025/issues/8 (2026-01-11), and the 2025
   examples as transcribed in zepinglee/gbt7714-bibtex-style, tests/testfiles/2025-numeric.tlg
   (examples 7.1.1-11 and 7.1.2-4).
3. Punctuation: ``. [ ] / -`` stay half-width, the other marks (``，：；（）``) are full-width
   (``铁道学报，2024，46（8）：102-111.``). Sources: the gbt7714 package manual, option
   ``bibpunct`` (default ``GB`` for 2025, read from the 2025 examples); Zeping Lee in
   https://github.com/zotero-chinese/styles/issues/701 ("国标的排版确实用的是全角逗号"), citing
   陈浩元, 编辑学报 2026, 38(2): 150-158; Wuhan University's announcement of the standard
   ("统一著录用符号", https://news.whu.edu.cn/info/1015/489767.htm). The 2015 edition does not
   fix half- or full-width marks (its drafter's 2024 reply says Chinese marks except ".");
   this module writes 2015 with half-width marks and a space after ``,`` and ``:``, the form of
   the 2015 examples as typeset by the gbt7714 package and of many university templates.
   ``punct="half"`` or ``"full"`` overrides the choice for either edition.

Differences of 2025 that are *not* implemented (nothing in the bibliography needs them, or the
data cannot support them): pinyin given names written in full (宜用全称; the bibliography holds
initials only); "等，译" for translators; the 一字线 in serial ranges (``1984—``); the new layout
of standards; ``//`` before a conference name; the dropped access date of non-network works
(this module prints an access date only for entries with a ``url``). Title-internal commas are
kept as written; the gbt7714 package also converts them to full-width in 2025 (its option
``convertpunct``), which is not verified against the standard's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from surveysem.report.authors import surnames

EDITIONS = ("2015", "2025")

_CODES = {
    "article": "J",
    "book": "M",
    "chapter": "M",
    "conference": "C",
    "proceedings": "C",
    "thesis": "D",
    "report": "R",
    "software": "CP",
    "dataset": "DS",
    "webpage": "EB",
}
_MONOGRAPHS = {"book", "chapter", "conference", "proceedings", "thesis", "report"}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.?(?:[\s-]+|$))+$")
_ZH_SPLIT = re.compile(r"\s*[,，、]\s*")
_DASHES = re.compile(r"\s*[–—‒−]\s*")


@dataclass(frozen=True)
class Punct:
    """The marks between elements: half-width with spaces, or full-width without."""

    comma: str
    colon: str
    open: str
    close: str


PUNCT = {"half": Punct(", ", ": ", "(", ")"), "full": Punct("，", "：", "（", "）")}
_DEFAULT_PUNCT = {"2015": "half", "2025": "full"}


def _err(ref: Mapping[str, Any], msg: str) -> ValueError:
    return ValueError(f"reference {ref.get('key', '?')!r} in data/references.yaml: {msg}")


def _zh(ref: Mapping[str, Any]) -> bool:
    return str(ref.get("lang", "en")) == "zh"


def _get(ref: Mapping[str, Any], name: str) -> str | None:
    """A text field in the entry's language: ``name_zh`` for a Chinese entry."""
    if _zh(ref) and name in ref:
        if f"{name}_zh" not in ref:
            raise _err(ref, f"a Chinese entry (lang: zh) with {name} needs {name}_zh too")
        value = ref[f"{name}_zh"]
    else:
        value = ref.get(name)
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise _err(ref, f"{name} is empty; give it a value or remove the field")
    return text


def western_names(authors: str) -> list[tuple[str, str, str]]:
    """Names from an APA author string, as ``(surname, initials, suffix)``.

    ``"Hau, K.-T., & Wen, Z."`` -> ``[("Hau", "K.-T.", ""), ("Wen", "Z.", "")]``; a suffix
    (``Jr.``) follows its initials as in APA. Raises ``ValueError`` when a surname is not
    followed by initials.
    """
    parts = [p.strip().lstrip("&").strip() for p in re.split(r",|\s&\s", str(authors))]
    parts = [p for p in parts if p]
    names, i = [], 0
    while i < len(parts):
        if i + 1 >= len(parts) or not _INITIALS.match(parts[i + 1]):
            raise ValueError(
                f"cannot read {authors!r} as APA names ('Surname, I. I., & Surname, I.'); "
                "write it so, or mark a corporate author with corporate: true"
            )
        surname, initials, i = parts[i], parts[i + 1], i + 2
        suffix = ""
        if i < len(parts) and parts[i] in _SUFFIXES:
            suffix, i = parts[i], i + 1
        names.append((surname, initials, suffix))
    return names


def editor_names(editors: str) -> list[tuple[str, str, str]]:
    """Names from an APA editor string, given names first (``"K. A. Bollen & J. S. Long"``)."""
    names = []
    for one in re.split(r"\s*,\s*(?:&\s*)?|\s+&\s+", str(editors)):
        words = one.split()
        if not words:
            continue
        suffix = words.pop() if words[-1] in _SUFFIXES and len(words) > 2 else ""
        k = 0
        while k < len(words) - 1 and _INITIALS.match(words[k]):
            k += 1
        if k == 0:
            raise ValueError(
                f"cannot read the editor {one!r} in {editors!r}; write editors as 'K. A. Bollen "
                "& J. S. Long' (initials first), or give editors_zh for a Chinese book"
            )
        names.append((" ".join(words[k:]), " ".join(words[:k]), suffix))
    return names


def _name(name: tuple[str, str, str], edition: str, p: Punct) -> str:
    """``BAKKER A B`` (2015) or ``Bakker A B`` (2025); ``Hau`` ``K.-T.`` -> ``K T`` / ``K-T``."""
    surname, initials, suffix = name
    if edition == "2015":
        surname = surname.upper()
        given = " ".join(re.findall(r"[^\W\d_]+", initials))
    else:
        given = re.sub(r"\s*-\s*", "-", " ".join(initials.replace(".", " ").split()))
    return f"{surname} {given}" + (f"{p.comma}{suffix.rstrip('.')}" if suffix else "")


def _people(ref: Mapping[str, Any], field: str, edition: str, p: Punct) -> str | None:
    """The author (or editor) block: three names in full, more than three -> 等 / et al."""
    raw = _get(ref, field)
    if raw is None:
        return None
    if _zh(ref):
        names = [n for n in _ZH_SPLIT.split(raw) if n]
        etal = "等"
    elif ref.get("corporate") and field == "authors":
        names, etal = [raw.rstrip(".")], "et al"
    else:
        try:
            parsed = western_names(raw) if field == "authors" else editor_names(raw)
        except ValueError as e:
            raise _err(ref, str(e)) from None
        names, etal = [_name(n, edition, p) for n in parsed], "et al"
    if len(names) > 3:
        names = names[:3] + [etal]
    return p.comma.join(names)


def _title(ref: Mapping[str, Any], field: str, p: Punct) -> str:
    """A title with its subtitle after the edition's colon (Western: subtitle lower-cased)."""
    if field == "title" and "title_gbt" in ref and not _zh(ref):
        return str(ref["title_gbt"]).strip()
    text = _get(ref, field)
    if text is None:
        raise _err(ref, f"{field} is missing")
    m = re.search(r"\s*[:：]\s*", text)
    if m is None:
        return text.rstrip(".")
    head, sub = text[: m.start()], text[m.end() :]
    if not _zh(ref) and re.match(r"^(?:A|[A-Z][a-z]+)\b(?!['’])", sub):
        sub = sub[0].lower() + sub[1:]
    return f"{head}{p.colon}{sub}".rstrip(".")


def _edition(ref: Mapping[str, Any]) -> str | None:
    ed = ref.get("edition")
    if ed is None:
        return None
    ed = str(ed).strip()
    if _zh(ref):
        num = re.match(r"^(\d+)", ed)
        return f"{num.group(1)}版" if num else ed
    return ed if re.search(r"\bed\b|\bedition\b", ed, re.I) else f"{ed} ed"


def _publication(ref: Mapping[str, Any], kind: str, p: Punct, field: str) -> str:
    """``出版地: 出版者, 年`` (the publisher is the school for a thesis)."""
    place, who = _get(ref, "place"), _get(ref, field)
    zh = _zh(ref)
    if kind in _MONOGRAPHS:
        place = place or ("[出版地不详]" if zh else "[S.l.]")
        who = who or ("[出版者不详]" if zh else "[s.n.]")
    fix = (lambda s: s.replace(", ", p.comma)) if p.comma != ", " else (lambda s: s)
    out = fix(place) + p.colon if place else ""
    out += fix(who) if who else ""
    year = ref.get("year")
    if year is not None:
        out += (p.comma if who or place else "") + str(year)
    return out


def _pages(ref: Mapping[str, Any]) -> str | None:
    pages = ref.get("pages")
    return None if pages is None else _DASHES.sub("-", str(pages).strip())


def _serial(ref: Mapping[str, Any], p: Punct) -> str:
    """``刊名, 年, 卷(期): 页码`` (8.8.2)."""
    journal = _get(ref, "journal")
    if journal is None:
        raise _err(ref, "an article needs journal (the name of the periodical)")
    out = f"{journal}{p.comma}{ref['year']}"
    if ref.get("volume") is not None:
        out += f"{p.comma}{ref['volume']}"
    if ref.get("issue") is not None:
        out += f"{p.open}{_DASHES.sub('/', str(ref['issue']))}{p.close}"
    pages = _pages(ref)
    return out + (f"{p.colon}{pages}" if pages else "")


def _kind(ref: Mapping[str, Any]) -> str:
    kind = ref.get("type")
    if kind is None:
        if "journal" in ref:
            return "article"
        if "booktitle" in ref:
            return "chapter"
        if "publisher" in ref or "school" in ref:
            return "thesis" if "school" in ref else "book"
        raise _err(ref, "no journal, booktitle or publisher; give one, or a type")
    if kind not in _CODES:
        raise _err(ref, f"type {kind!r} is not one of {', '.join(_CODES)}")
    return str(kind)


def format_reference(
    ref: Mapping[str, Any], edition: str = "2015", *, punct: str | None = None
) -> str:
    """One entry of a GB/T 7714 reference list (顺序编码制), without its ``[n]``.

    Parameters
    ----------
    ref : mapping
        A ``data/references.yaml`` entry: ``authors`` (APA string) or ``corporate: true``,
        ``year``, ``title``, the source fields (``journal``, ``volume``, ``issue``, ``pages``;
        ``booktitle``, ``editors``; ``publisher``, ``place``, ``edition``; ``school`` for a
        thesis), optional ``type``, ``doi``, ``url``, ``accessed``, ``updated``. A Chinese
        entry (``lang: zh``) is written from its ``*_zh`` fields.
    edition : {"2015", "2025"}
        The edition of GB/T 7714 (see the module notes for what differs).
    punct : {"half", "full"}, optional
        Half- or full-width marks; by default half for 2015, full for 2025.

    Returns
    -------
    str
        The entry, ending with ``.``.

    Notes
    -----
    Formats follow GB/T 7714-2015, clauses 4.1-4.6 and 8 (article
    ``作者. 题名[J]. 刊名, 年, 卷(期): 页码. DOI:...``); the 2025 differences are listed in the
    module docstring with their sources.
    """
    if edition not in EDITIONS:
        raise ValueError(f"GB/T 7714 edition {edition!r} is not one of {', '.join(EDITIONS)}")
    choice = punct or _DEFAULT_PUNCT[edition]
    if choice not in PUNCT:
        raise ValueError(f"punct {punct!r} is not one of {', '.join(PUNCT)}")
    p = PUNCT[choice]
    kind = _kind(ref)
    if ref.get("year") is None and kind not in ("software", "dataset", "webpage"):
        raise _err(ref, "year is missing; GB/T 7714 needs the year of publication")
    code = _CODES[kind] + ("/OL" if ref.get("url") else "")
    parts = [_people(ref, "authors", edition, p)]
    head = f"{_title(ref, 'title', p)}[{code}]"
    if kind in ("chapter", "conference"):
        editors = _people(ref, "editors", edition, p)
        parts += [f"{head}//{editors}" if editors else f"{head}//{_title(ref, 'booktitle', p)}"]
        parts += [_title(ref, "booktitle", p)] if editors else []
    else:
        parts.append(head)
    parts.append(_edition(ref) or ref.get("version"))
    if kind == "article":
        tail = _serial(ref, p)
    else:
        tail = _publication(ref, kind, p, "school" if kind == "thesis" else "publisher")
        pages = _pages(ref)
        tail += f"{p.colon}{pages}" if pages else ""
    if ref.get("updated") and ref.get("url"):
        tail += f"{p.open}{ref['updated']}{p.close}"
    if ref.get("accessed") and ref.get("url"):
        tail += f"[{ref['accessed']}]"
    parts += [tail, ref.get("url"), f"DOI:{ref['doi']}" if ref.get("doi") else None]
    return ". ".join(str(x) for x in parts if x) + "."


def in_text(numbers: Sequence[int]) -> str:
    """The numeric citation of several works: ``[1]``, ``[1-3]``, ``[1,3,5]`` (sorted).

    Notes
    -----
    GB/T 7714-2015, 10.1.3 (the same in 2025): all numbers in one pair of square brackets,
    separated by commas (no space, as in the standard's examples), consecutive numbers joined
    by a short dash (``[255-256]``).
    """
    nums = sorted({int(n) for n in numbers})
    if not nums or nums[0] < 1:
        raise ValueError(f"citation numbers must be positive integers, got {list(numbers)!r}")
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "[" + ",".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + "]"


def narrative(ref: Mapping[str, Any], lang: str) -> str:
    """The author part of a narrative citation: ``Meade``, ``Meade和Craig``, ``Meade等``.

    Parameters
    ----------
    ref : mapping
        A bibliography entry.
    lang : {"zh", "en"}
        The language of the sentence. In Chinese text a Chinese entry gives its Chinese names
        (``李超平和时勘``); Western authors are named by surname only. In English text the
        forms are ``A``, ``A and B``, ``A et al.``.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"narrative citations are written in 'zh' or 'en', not {lang!r}")
    if ref.get("corporate"):
        names = [str(ref["authors"]).rstrip(".")]
    elif _zh(ref) and lang == "zh":
        names = [n for n in _ZH_SPLIT.split(str(_get(ref, "authors"))) if n]
    else:
        names = surnames(ref["authors"])
    if not names:
        raise _err(ref, f"cannot read the surnames of {ref.get('authors')!r}")
    and_, etal = ("和", "等") if lang == "zh" else (" and ", " et al.")
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + and_ + names[1]
    return names[0] + etal
