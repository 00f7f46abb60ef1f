"""Draft a starter codebook and study file from a survey file.

``python -m surveysem.draft survey.sav codebook.yaml`` writes a codebook and, beside it, a
skeleton study file (``study.yaml``) for the user to edit, and prints what it found:

* scales from column names that share a stem and end in a number (``wl1, wl2, wl3`` -> scale
  ``WL``; ``自我概念1 … 自我概念5`` -> a scale ``S1`` with ``label_zh: 自我概念``); when such
  a group's variable labels show several stems ending in numbers (columns ``Q1 … Q23``
  labelled ``自我概念1 … 成就感低落5``), one scale per label stem;
* a scale's ``label_zh`` from the stem of its items' Chinese variable labels (``TSC1 … TSC5``
  labelled ``自我概念1 … 自我概念5`` -> ``label_zh: 自我概念``);
* answer ranges from the value labels, or from the observed answers; the items' value labels
  as the scale's answer labels (``anchors``, Chinese ones ``anchors_zh``);
* the respondent-id column (by its name, or as a column of distinct consecutive numbers);
* demographics from the other numeric or labelled columns, Chinese value labels as
  ``levels_zh``;
* variable labels as item wording: Chinese (CJK) text goes to ``label_zh``/``item_text_zh``,
  other text to ``label``/``item_text``;
* the report's language: ``zh`` when the drafted text is mostly Chinese, else ``en``.

Whatever the drafter cannot know is written as a placeholder starting ``(edit:``; the workflow
refuses to run while any is left (:func:`placeholders`). A Chinese text with no English
counterpart where the codebook requires one (a scale's or demographic's ``label``, a level of
``levels``) gets the placeholder ``(edit: English label)``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

PLACEHOLDER = "(edit:"
SCALE_LABEL = "(edit: what the scale measures)"
ENGLISH_LABEL = "(edit: English label)"
TITLE = "(edit: the study's title)"

_ITEM = re.compile(r"^(?P<stem>.*?\D)[\s_.\-]*(?P<num>\d+)$")
# A variable label naming an item by its number: 自我概念3, 自我概念（3）, "Self-concept 3: I ..."
_LABEL_ITEM = re.compile(
    r"^(?P<stem>.*?\D)[\s_.\-]*(?P<num>\d+)(?:\s*[:：.。、,，)）\]】\-–—]\s*.*)?$", re.S
)
_STEM_END = " \t_.-:：、,，(（)）[]【】·–—"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_ID_NAMES = {"id", "respondent", "respondent_id", "respondentid", "resp_id", "case", "case_id",
             "caseid", "subject", "subject_id", "participant", "participant_id", "pid", "uid",
             "序号", "编号", "答卷编号", "问卷编号", "被试编号", "用户id"}  # fmt: skip
_DURATION = re.compile(
    r"(?i)^(duration(_sec|_s|_seconds)?|time_sec|seconds|所用时间|用时|作答时长|答题时长)$"
)
MAX_CODES = 10  # whole numbers spanning fewer than this many codes are categorical


def is_cjk(text: str) -> bool:
    """True when ``text`` contains Chinese, Japanese or Korean characters."""
    return bool(_CJK.search(str(text)))


def placeholders(raw: Any, path: str = "") -> list[str]:
    """Key paths whose value still holds a drafter placeholder (``(edit: ...)``).

    Parameters
    ----------
    raw : any
        A codebook or study file as read from YAML.
    path : str
        The key path of ``raw`` (for the recursion).

    Returns
    -------
    list of str
        Dotted key paths, e.g. ``scales.S1.label``, in file order.
    """
    if isinstance(raw, Mapping):
        return [
            p for k, v in raw.items() for p in placeholders(v, f"{path}.{k}" if path else str(k))
        ]
    if isinstance(raw, list):
        return [p for i, v in enumerate(raw) for p in placeholders(v, f"{path}[{i}]")]
    return [path] if isinstance(raw, str) and PLACEHOLDER in raw else []


def label_stem(text: Any) -> str | None:
    """The stem of a variable label that names an item by its number, or None.

    Parameters
    ----------
    text : str
        A variable label, e.g. ``自我概念3``, ``自我概念（3）`` or ``Self-concept 3: I am ...``.

    Returns
    -------
    str or None
        The text before the number, without trailing spaces and punctuation (``自我概念``,
        ``Self-concept``); None when the label does not end in a number (optionally followed by
        punctuation and wording) or its stem has no letter.
    """
    m = _LABEL_ITEM.match(str(text or "").strip())
    if not m:
        return None
    stem = m.group("stem").rstrip(_STEM_END).strip()
    return stem if any(ch.isalpha() for ch in stem) else None


def _label_groups(cols: list[str], column_labels, min_items: int) -> dict[str, list[str]]:
    """Label stem -> the columns whose variable labels have it (groups of ``min_items`` or more).

    Groups are in the order of their first column, columns in the order given.
    """
    groups: dict[str, list[str]] = {}
    stems: dict[str, str] = {}
    for col in cols:
        stem = label_stem(column_labels.get(col))
        if stem is None:
            continue
        stems.setdefault(stem.casefold(), stem)
        groups.setdefault(stem.casefold(), []).append(col)
    return {stems[k]: v for k, v in groups.items() if len(v) >= min_items}


def _codes(labels: Mapping) -> list[float]:
    out = []
    for k in labels:
        try:
            out.append(float(k))
        except (TypeError, ValueError):
            continue
    return sorted(out)


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype(object), errors="coerce")


def _scale_name(stem: str, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", stem.strip()).strip("_").upper()
    if not name or not name[0].isalpha() or is_cjk(stem) or not stem.isascii():
        name = ""
    if not name or name in taken:
        k = 1
        while f"S{k}" in taken:
            k += 1
        name = f"S{k}"
    taken.add(name)
    return name


def find_scales(columns: list[str], min_items: int = 3) -> dict[str, list[str]]:
    """Groups of columns that share a stem and end in a number, in column order.

    Parameters
    ----------
    columns : list of str
    min_items : int
        A group is a scale when it has at least this many columns.

    Returns
    -------
    dict
        Stem (as written in the first column of the group) -> its columns, sorted by number.
    """
    groups: dict[str, list[str]] = {}
    stems: dict[str, str] = {}
    for col in columns:
        m = _ITEM.match(str(col))
        if not m or not any(ch.isalpha() for ch in m.group("stem")):
            continue
        stem = m.group("stem").rstrip(" _.-")
        key = stem.casefold()
        stems.setdefault(key, stem)
        groups.setdefault(key, []).append(col)
    return {
        stems[k]: sorted(cols, key=lambda c: int(_ITEM.match(str(c)).group("num")))
        for k, cols in groups.items()
        if len(cols) >= min_items
    }


def find_id_column(data: pd.DataFrame, skip: set[str]) -> str | None:
    """The respondent-id column: an id-like name, or distinct consecutive whole numbers."""
    complete = [c for c in data.columns if c not in skip and c != "row" and data[c].notna().all()]
    for col in complete:
        if str(col).strip().casefold() in _ID_NAMES and data[col].astype(str).is_unique:
            return col
    for col in complete[:3]:
        vals = _numeric(data[col])
        if vals.notna().all() and len(vals) > 1 and (vals % 1 == 0).all():
            if (vals.diff().dropna() == 1).all():
                return col
    return None


def _labels(text: str | None) -> dict[str, str]:
    """A label text as {"label": ...} or {"label_zh": ...} by its script."""
    if not text:
        return {}
    return {"label_zh": str(text)} if is_cjk(text) else {"label": str(text)}


def _label_zh(stem: str, cols: list[str], column_labels) -> str | None:
    """A scale's Chinese label: its CJK column stem, or the one stem of its items' CJK labels."""
    if is_cjk(stem):
        return stem
    labels = [str(column_labels[c]) for c in cols if column_labels.get(c)]
    if len(labels) < 2 or not all(is_cjk(t) for t in labels):
        return None
    stems = {label_stem(t) for t in labels}
    found = stems.pop() if len(stems) == 1 else None
    return found if found and is_cjk(found) else None


def _anchors(cols: list[str], value_labels) -> dict[str, dict]:
    """``anchors`` (Latin) and ``anchors_zh`` (CJK) from the items' value labels, by code."""
    merged: dict[float, str] = {}
    for col in cols:
        for k, v in (value_labels.get(col) or {}).items():
            if _codes({k: v}) and str(v).strip():
                merged.setdefault(float(k), str(v))
    out: dict[str, dict] = {"anchors": {}, "anchors_zh": {}}
    for code in sorted(merged):
        key = "anchors_zh" if is_cjk(merged[code]) else "anchors"
        out[key][_number(code)] = merged[code]
    return {k: v for k, v in out.items() if v}


def _scale(stem: str, cols: list[str], data, value_labels, column_labels) -> dict[str, Any]:
    codes = sorted({c for col in cols for c in _codes(value_labels.get(col, {}))})
    if codes:
        low, high = codes[0], codes[-1]
    else:
        vals = _numeric(data[cols].stack())
        low, high = (float(vals.min()), float(vals.max())) if vals.notna().any() else (1.0, 5.0)
    spec: dict[str, Any] = {"label": SCALE_LABEL}
    label_zh = _label_zh(stem, cols, column_labels)
    if label_zh:
        spec["label_zh"] = label_zh
    spec |= {"role": "other", "items": cols, "reverse": [], "range": [_number(low), _number(high)]}
    texts = {c: str(column_labels[c]) for c in cols if column_labels.get(c)}
    en = {c: t for c, t in texts.items() if not is_cjk(t)}
    zh = {c: t for c, t in texts.items() if is_cjk(t)}
    if en:
        spec["item_text"] = en
    if zh:
        spec["item_text_zh"] = zh
    return spec | _anchors(cols, value_labels)


def _demographic(col: str, data, value_labels, column_labels) -> dict[str, Any] | None:
    label = column_labels.get(col) or col
    names = _labels(label)
    if "label" not in names:
        names = {"label": str(col) if str(col).isascii() else ENGLISH_LABEL, **names}
    labels = value_labels.get(col)
    if labels:
        coded = sorted((float(k), str(v)) for k, v in labels.items() if _codes({k: v}))
        levels = {_number(k): ENGLISH_LABEL if is_cjk(v) else v for k, v in coded}
        levels_zh = {_number(k): v for k, v in coded if is_cjk(v)}
        spec = {**names, "type": "categorical", "levels": levels}
        return spec | ({"levels_zh": levels_zh} if levels_zh else {})
    vals = _numeric(data[col])
    ok = vals.dropna()
    if vals.notna().mean() <= 0.9 or ok.nunique() < 2:
        return None
    if (ok % 1 == 0).all() and ok.nunique() <= MAX_CODES and ok.max() - ok.min() < MAX_CODES:
        codes = sorted(int(v) for v in ok.unique())
        levels = {c: f"(edit: what code {c} means)" for c in codes}
        return {**names, "type": "categorical", "levels": levels}
    return {**names, "type": "numeric", "range": [_number(ok.min()), _number(ok.max())]}


@dataclass(frozen=True)
class Draft:
    """A drafted codebook and what was found.

    Attributes
    ----------
    codebook : dict
        ``scales``, ``demographics`` and (when a duration column is found) ``checks``.
    stems : dict
        Scale name -> the column stem it was found from.
    id_column : str or None
    unused : tuple of str
        Columns that are neither items, id, duration nor demographics (text, or constant).
    split : dict
        Scale name -> the column stem whose group was split by the variable labels (for the
        scales found from label stems; ``stems`` then holds the label stem).
    """

    codebook: dict[str, Any]
    stems: dict[str, str]
    id_column: str | None
    unused: tuple[str, ...]
    split: dict[str, str] = field(default_factory=dict)

    @property
    def language(self) -> str:
        """``zh`` when most drafted texts (labels, item texts, anchors, levels) are CJK, else
        ``en`` (placeholders are not counted)."""
        texts = [t for t in _texts(self.codebook) if PLACEHOLDER not in t]
        zh = sum(map(is_cjk, texts))
        return "zh" if zh > len(texts) - zh else "en"


_TEXT_KEYS = ("label", "item_text", "anchors", "levels")


def _texts(book: Mapping[str, Any]) -> list[str]:
    """The text values of the scales and demographics (labels, item texts, anchors, levels)."""
    out: list[str] = []
    for part in ("scales", "demographics"):
        for spec in (book.get(part) or {}).values():
            for key, value in spec.items():
                if key.removesuffix("_zh") not in _TEXT_KEYS:
                    continue
                values = value.values() if isinstance(value, Mapping) else [value]
                out += [str(v) for v in values if isinstance(v, str)]
    return out


def draft_study(
    data: pd.DataFrame,
    value_labels: dict[str, dict] | None = None,
    column_labels: dict[str, str] | None = None,
    min_items: int = 3,
) -> Draft:
    """Draft a codebook for a survey.

    Parameters
    ----------
    data : DataFrame
        The survey as read (:func:`surveysem.ingest.read_survey`).
    value_labels : dict, optional
        Column -> {code: label} (SPSS/Stata); defaults to ``data.attrs["value_labels"]``.
    column_labels : dict, optional
        Column -> variable label; defaults to ``data.attrs["column_labels"]``.
    min_items : int
        Columns sharing a stem form a scale when there are at least this many.

    Returns
    -------
    Draft
        The codebook has per scale ``label`` (a placeholder), ``label_zh`` (a CJK column stem,
        or the one stem of the items' CJK variable labels), ``role`` ``other``, ``items``,
        ``reverse`` ``[]``, ``range``, ``item_text`` / ``item_text_zh`` from the variable
        labels and ``anchors`` / ``anchors_zh`` from the value labels; per demographic
        ``label``/``label_zh``, ``type`` and ``levels`` (Latin value labels; placeholders for
        Chinese ones, which go to ``levels_zh``, and for unlabelled codes) or ``range``.

    Notes
    -----
    A group of columns sharing a stem (``Q1 … Q23``) whose variable labels show two or more
    stems ending in numbers, each on ``min_items`` or more columns (``自我概念1 … 自我概念5``,
    ``教学效能1 …``), gives one scale per label stem, in column order; its columns with no such
    label are not scale items.
    """
    value_labels = value_labels if value_labels is not None else data.attrs.get("value_labels", {})
    column_labels = (
        column_labels if column_labels is not None else data.attrs.get("column_labels", {})
    )
    columns = [c for c in data.columns if c != "row"]
    scales: dict[str, Any] = {}
    stems: dict[str, str] = {}
    taken: set[str] = set()
    split: dict[str, str] = {}
    for stem, cols in find_scales(columns, min_items).items():
        by_label = _label_groups(cols, column_labels, min_items)
        parts = by_label if len(by_label) >= 2 else {stem: cols}
        for part, part_cols in parts.items():
            name = _scale_name(part, taken)
            stems[name] = part
            if len(parts) > 1:
                split[name] = stem
            scales[name] = _scale(part, part_cols, data, value_labels, column_labels)
    items = {i for s in scales.values() for i in s["items"]}
    id_column = find_id_column(data, items)
    duration = next(
        (c for c in columns if _DURATION.match(str(c)) and c not in items and _numeric(data[c]).notna().mean() > 0.9),
        None,
    )  # fmt: skip
    demographics: dict[str, Any] = {}
    unused = []
    for col in columns:
        if col in items or col in (id_column, duration):
            continue
        spec = _demographic(col, data, value_labels, column_labels)
        if spec is None:
            unused.append(col)
        else:
            demographics[col] = spec
    book: dict[str, Any] = {"scales": scales, "demographics": demographics}
    if duration:
        book["checks"] = {"duration_column": duration}
    return Draft(book, stems, id_column, tuple(unused), split)


def draft_codebook(
    data: pd.DataFrame,
    value_labels: dict[str, dict] | None = None,
    column_labels: dict[str, str] | None = None,
    min_items: int = 3,
) -> dict[str, Any]:
    """The codebook of :func:`draft_study` (``scales``, ``demographics``, ``checks``)."""
    return draft_study(data, value_labels, column_labels, min_items).codebook


def study_text(draft: Draft, data_path: str, codebook_path: str) -> str:
    """A skeleton study file for the drafted codebook, with comments saying what to edit."""
    names = list(draft.codebook["scales"])
    if len(names) >= 2:
        model = f"{names[-1]} ~ {' + '.join(names[:-1])}"
    else:
        model = "(edit: outcome ~ predictors, with the scale names of the codebook)"
    groups = [n for n, d in draft.codebook["demographics"].items() if d["type"] != "numeric"]
    q = _quote
    return "\n".join(
        [
            "# Study file drafted by surveysem.draft. Edit every '(edit: ...)'; the run refuses",
            "# to start while one is left. Reference: docs/study-file.md; an example: docs/example/.",
            f"title: {q(TITLE)}",
            "# the thesis's language: zh (Chinese), en (English), or [zh, en] for both (the",
            "# second as reports/thesis.en.pdf)",
            f"language: {draft.language}",
            "data:",
            f"  path: {q(data_path)}",
            f"  id_column: {q(draft.id_column) if draft.id_column else 'null'}",
            f"codebook: {q(codebook_path)}",
            "model:",
            "  # lavaan syntax on the codebook's scale names, one outcome per line. This first",
            "  # model (the last scale on all others) only gets you started: write your own.",
            "  structural: |",
            f"    {model}",
            "hypotheses: []",
            '# - {id: H1, path: "EE ~ WL", sign: "+", text: "Workload increases exhaustion."}',
            "analysis:",
            "  bootstrap: 2000",
            "  # categorical demographics to compare the scales across, e.g. "
            + (f"[{', '.join(groups)}]" if groups else "[gender]"),
            "  groups: []",
            "",
        ]
    )


def _quote(text: str) -> str:
    import yaml

    return yaml.safe_dump(str(text), allow_unicode=True, default_style='"').strip()


def summary_text(draft: Draft, n_rows: int, survey: str, written: list[str]) -> str:
    """What the drafter found and what to do next (printed at the end of a run)."""
    book = draft.codebook
    lines = [f"Read {survey}: {n_rows} respondents."]
    lines.append(
        f"Scales found: {len(book['scales'])} (columns sharing a stem, ending in a number)"
    )
    for name, spec in book["scales"].items():
        items = spec["items"]
        shown = f"{items[0]} … {items[-1]}" if len(items) > 2 else ", ".join(items)
        low, high = spec["range"]
        source = (
            f"from the labels {draft.stems[name]!r} of {draft.split[name]!r}"
            if name in draft.split
            else f"from {draft.stems[name]!r}"
        )
        lines.append(f"  {name}: {len(items)} items ({shown}), range {low}-{high}, {source}")
    anchors = _anchors_line(book["scales"])
    if anchors:
        lines.append(anchors)
    lines.append(f"Id column: {draft.id_column or 'none found (respondents numbered 1..N)'}")
    demo = [
        f"{n} ({d['type']}, {len(d['levels'])} codes)" if "levels" in d else f"{n} ({d['type']})"
        for n, d in book["demographics"].items()
    ]
    lines.append(f"Demographics: {', '.join(demo) or 'none'}")
    if "checks" in book:
        lines.append(f"Duration column: {book['checks']['duration_column']}")
    if draft.unused:
        lines.append(f"Not used (text or constant): {', '.join(map(str, draft.unused))}")
    if draft.language == "zh":
        lines.append(
            "Language: zh, as most labels are Chinese: the thesis is written in Chinese. The "
            "English placeholders must still be filled (the codebook requires English labels); "
            "language: [zh, en] in the study file writes an English thesis too."
        )
    else:
        lines.append(
            "Language: en; set language: zh (or [zh, en]) in the study file for a Chinese thesis."
        )
    todo = len(placeholders(book))
    lines += [
        f"Wrote {' and '.join(written)}.",
        "Next steps:",
        f"  1. In the codebook, replace the {todo} '(edit: ...)' placeholders, set each scale's "
        "role (stressor, burnout, outcome, resource) and level, and list reverse-keyed items.",
        "  2. In the study file, write the title, the structural model and the hypotheses.",
        f"  3. Run: .venv/bin/snakemake --cores 2 --configfile={written[-1]}",
    ]
    return "\n".join(lines)


def _anchors_line(scales: Mapping[str, Any]) -> str | None:
    """The summary line on the answer labels drafted as anchors, or None when there are none."""
    keys = ("anchors", "anchors_zh")
    found = {n: {k: s[k] for k in keys if k in s} for n, s in scales.items()}
    found = {n: a for n, a in found.items() if a}
    if not found:
        return None
    used = "/".join(k for k in keys if any(k in a for a in found.values()))
    first = next(iter(found.values()))
    if len(found) == len(scales) and all(a == first for a in found.values()):
        labels = first.get("anchors_zh") or first["anchors"]
        (lo, lo_text), (hi, hi_text) = next(iter(labels.items())), list(labels.items())[-1]
        return (
            f"Answer labels (value labels -> {used}): {lo} = {lo_text} … {hi} = {hi_text}, "
            "the same for every scale"
        )
    return f"Answer labels (value labels -> {used}): {', '.join(found)}"


def _flow_list(dumper, data):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        """Lists in flow style (``items: [a, b, c]``), mappings in block style."""

    Dumper.add_representer(list, _flow_list)
    return Dumper


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m surveysem.draft",
        description="Draft a codebook (and a skeleton study file beside it) from a survey file: "
        "scales from column names that share a stem and end in a number (split by the stems "
        "of their variable labels where these differ), ranges and answer labels from value "
        "labels or answers, the id column, demographics, the report language. Edit both files "
        "before running.",
    )
    ap.add_argument("survey", help="the survey file (.csv, .xlsx, .sav, .dta)")
    ap.add_argument(
        "codebook", nargs="?", default="codebook.yaml", help="codebook to write (codebook.yaml)"
    )
    ap.add_argument("--study", help="study file to write (default: study.yaml beside the codebook)")
    ap.add_argument("--sheet", help="for .xlsx: the sheet's name or 0-based position")
    ap.add_argument(
        "--min-items", type=int, default=3, help="columns that form a scale (default 3)"
    )
    ap.add_argument("--force", action="store_true", help="overwrite existing files")
    return ap


def main(argv: list[str] | None = None) -> int:
    import yaml

    from surveysem.ingest import read_survey

    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    codebook = Path(args.codebook)
    study = Path(args.study) if args.study else codebook.with_name("study.yaml")
    sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
    try:
        data = read_survey(args.survey, sheet=sheet)
    except ValueError as err:
        print(f"surveysem.draft: {err}", file=sys.stderr)
        return 1
    draft = draft_study(data, min_items=args.min_items)
    if not draft.codebook["scales"]:
        print(
            f"surveysem.draft: warning: no scale found in {args.survey}: a scale is "
            f"{args.min_items} or more columns whose names share a stem and end in a number "
            "(wl1, wl2, wl3 or 自我概念1, 自我概念2, 自我概念3); rename the item columns or "
            "lower --min-items. Nothing written.",
            file=sys.stderr,
        )
        return 1
    existing = [str(p) for p in (codebook, study) if p.exists()]
    if existing and not args.force:
        print(
            f"surveysem.draft: {' and '.join(existing)} already there; nothing written "
            "(use --force to overwrite, or name other files)",
            file=sys.stderr,
        )
        return 1
    for folder in {codebook.parent, study.parent}:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            print(
                f"surveysem.draft: cannot create the folder {folder} ({err.strerror}); "
                "name a folder you can write to. Nothing written.",
                file=sys.stderr,
            )
            return 1
    text = (
        "# Codebook drafted by surveysem.draft: replace every '(edit: ...)', set the roles,\n"
        "# levels and reverse items. Reference: docs/codebook.md.\n"
    ) + yaml.dump(draft.codebook, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)
    codebook.write_text(text, encoding="utf-8")
    study.write_text(study_text(draft, args.survey, str(codebook)), encoding="utf-8")
    print(summary_text(draft, len(data), args.survey, [str(codebook), str(study)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
