"""Draft a starter codebook from a survey file's variable and value labels.

``python -m surveysem.draft survey.sav [codebook.yaml]`` writes a codebook the user then edits:
scales are guessed from item-name prefixes (``wl1, wl2, wl3`` -> scale ``WL``), ranges from the
value labels (or the observed answers), demographics from labelled non-item columns.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from typing import Any

import pandas as pd

_ITEM = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z_]*?)_?(?P<num>\d+)$")


def _codes(labels: dict) -> list[float]:
    out = []
    for k in labels:
        try:
            out.append(float(k))
        except (TypeError, ValueError):
            continue
    return sorted(out)


def draft_codebook(
    data: pd.DataFrame,
    value_labels: dict[str, dict] | None = None,
    column_labels: dict[str, str] | None = None,
    min_items: int = 3,
) -> dict[str, Any]:
    """A starter codebook for a survey.

    Parameters
    ----------
    data : DataFrame
        The survey as read (:func:`surveysem.ingest.read_survey`).
    value_labels : dict, optional
        Column -> {code: label} (SPSS/Stata value labels); defaults to
        ``data.attrs["value_labels"]``.
    column_labels : dict, optional
        Column -> variable label; defaults to ``data.attrs["column_labels"]``.
    min_items : int
        Columns sharing a name prefix form a scale when there are at least this many.

    Returns
    -------
    dict
        ``scales`` (name -> label, role ``other``, items, reverse ``[]``, range, item_text from
        the variable labels) and ``demographics`` (labelled non-item columns as categorical with
        their levels; other numeric non-item columns as numeric with the observed range). Every
        guess is meant to be checked: roles, reverse keying and labels need the user.
    """
    value_labels = value_labels if value_labels is not None else data.attrs.get("value_labels", {})
    column_labels = (
        column_labels if column_labels is not None else data.attrs.get("column_labels", {})
    )
    groups: dict[str, list[str]] = defaultdict(list)
    for col in data.columns:
        m = _ITEM.match(str(col))
        if m and col != "row":
            groups[m.group("prefix").lower()].append(col)
    scales: dict[str, Any] = {}
    items: set[str] = set()
    for prefix, cols in groups.items():
        if len(cols) < min_items:
            continue
        cols = sorted(cols, key=lambda c: int(_ITEM.match(c).group("num")))
        codes = sorted({c for col in cols for c in _codes(value_labels.get(col, {}))})
        if codes:
            low, high = codes[0], codes[-1]
        else:
            vals = pd.to_numeric(data[cols].stack(), errors="coerce").dropna()
            low, high = (float(vals.min()), float(vals.max())) if len(vals) else (1.0, 5.0)
        scales[prefix.upper()] = {
            "label": f"{prefix.upper()} (edit: what the scale measures)",
            "role": "other",
            "items": cols,
            "reverse": [],
            "range": [low, high],
            "item_text": {c: str(column_labels[c]) for c in cols if column_labels.get(c)},
        }
        items |= set(cols)
    demographics: dict[str, Any] = {}
    for col in data.columns:
        if col in items or col == "row":
            continue
        labels = value_labels.get(col)
        label = str(column_labels.get(col) or col)
        if labels:
            demographics[col] = {
                "label": label,
                "type": "categorical",
                "levels": {
                    int(k) if float(k).is_integer() else float(k): str(v) for k, v in labels.items()
                },
            }
            continue
        vals = pd.to_numeric(data[col], errors="coerce")
        if vals.notna().mean() > 0.9 and vals.nunique() > 1:
            demographics[col] = {
                "label": label,
                "type": "numeric",
                "range": [float(vals.min()), float(vals.max())],
            }
    return {"scales": scales, "demographics": demographics}


def main(argv: list[str] | None = None) -> int:
    import yaml

    from surveysem.ingest import read_survey

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m surveysem.draft SURVEY_FILE [CODEBOOK_OUT]", file=sys.stderr)
        return 2
    book = draft_codebook(read_survey(args[0]))
    text = "# Starter codebook drafted by surveysem.draft: check every scale's role, reverse items and labels.\n"
    text += yaml.safe_dump(book, sort_keys=False, allow_unicode=True)
    if len(args) > 1:
        with open(args[1], "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
