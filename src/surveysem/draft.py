"""Draft a starter codebook and study file from a survey file.

``python -m surveysem.draft survey.sav codebook.yaml`` writes a codebook and, beside it, a
skeleton study file (``study.yaml``) for the user to edit, and prints what it found:

* scales from column names that share a stem and end in a number (``wl1, wl2, wl3`` -> scale
  ``WL``; ``自我概念1 … 自我概念5`` -> a scale ``S1`` with ``label_zh: 自我概念``);
* answer ranges from the value labels, or from the observed answers;
* the respondent-id column (by its name, or as a column of distinct consecutive numbers);
* demographics from the other numeric or labelled columns;
* variable labels as item wording: Chinese (CJK) text goes to ``label_zh``/``item_text_zh``,
  other text to ``label``/``item_text``.

Whatever the drafter cannot know is written as a placeholder starting ``(edit:``; the workflow
refuses to run while any is left (:func:`placeholders`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

PLACEHOLDER = "(edit:"
SCALE_LABEL = "(edit: what the scale measures)"
ENGLISH_LABEL = "(edit: English label)"
TITLE = "(edit: the study's title)"

_ITEM = re.compile(r"^(?P<stem>.*?\D)[\s_.\-]*(?P<num>\d+)$")
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


def _scale(stem: str, cols: list[str], data, value_labels, column_labels) -> dict[str, Any]:
    codes = sorted({c for col in cols for c in _codes(value_labels.get(col, {}))})
    if codes:
        low, high = codes[0], codes[-1]
    else:
        vals = _numeric(data[cols].stack())
        low, high = (float(vals.min()), float(vals.max())) if vals.notna().any() else (1.0, 5.0)
    spec: dict[str, Any] = {"label": SCALE_LABEL}
    if is_cjk(stem):
        spec["label_zh"] = stem
    spec |= {"role": "other", "items": cols, "reverse": [], "range": [_number(low), _number(high)]}
    texts = {c: str(column_labels[c]) for c in cols if column_labels.get(c)}
    en = {c: t for c, t in texts.items() if not is_cjk(t)}
    zh = {c: t for c, t in texts.items() if is_cjk(t)}
    if en:
        spec["item_text"] = en
    if zh:
        spec["item_text_zh"] = zh
    return spec


def _demographic(col: str, data, value_labels, column_labels) -> dict[str, Any] | None:
    label = column_labels.get(col) or col
    names = _labels(label)
    if "label" not in names:
        names = {"label": str(col) if str(col).isascii() else ENGLISH_LABEL, **names}
    labels = value_labels.get(col)
    if labels:
        levels = {_number(float(k)): str(v) for k, v in labels.items() if _codes({k: v})}
        return {**names, "type": "categorical", "levels": levels}
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
    """

    codebook: dict[str, Any]
    stems: dict[str, str]
    id_column: str | None
    unused: tuple[str, ...]


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
        The codebook has per scale ``label`` (a placeholder), ``label_zh`` (a CJK stem),
        ``role`` ``other``, ``items``, ``reverse`` ``[]``, ``range``, and ``item_text`` /
        ``item_text_zh`` from the variable labels; per demographic ``label``/``label_zh``,
        ``type`` and ``levels`` (value labels, or placeholders for unlabelled codes) or
        ``range``.
    """
    value_labels = value_labels if value_labels is not None else data.attrs.get("value_labels", {})
    column_labels = (
        column_labels if column_labels is not None else data.attrs.get("column_labels", {})
    )
    columns = [c for c in data.columns if c != "row"]
    scales: dict[str, Any] = {}
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for stem, cols in find_scales(columns, min_items).items():
        name = _scale_name(stem, taken)
        stems[name] = stem
        scales[name] = _scale(stem, cols, data, value_labels, column_labels)
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
    return Draft(book, stems, id_column, tuple(unused))


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
            "language: en",
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
        lines.append(
            f"  {name}: {len(items)} items ({shown}), range {low}-{high}, from {draft.stems[name]!r}"
        )
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
        "scales from column names that share a stem and end in a number, ranges from value "
        "labels or answers, the id column, demographics. Edit both files before running.",
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
