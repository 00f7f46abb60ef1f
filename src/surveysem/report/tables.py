"""Building tables: columns from the label registry, rows from frames, titles from phrases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveysem.criteria import MIN_CELL, Cut, isnum, truthy
from surveysem.report.context import Context
from surveysem.report.doc import Column, Table


def col(
    ctx: Context, key: str, label_key: str, kind: str = "text", cut: Cut | None = None
) -> Column:
    """A column whose label comes from :mod:`surveysem.labels` (group ``column``)."""
    return Column(key, ctx.names.label("column", label_key), kind, cut)


def plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def rows(frame: pd.DataFrame | Iterable[Mapping[str, Any]]) -> tuple[dict, ...]:
    """Rows of raw values (numpy scalars made plain)."""
    recs = frame.to_dict("records") if isinstance(frame, pd.DataFrame) else frame
    return tuple({k: plain(v) for k, v in r.items()} for r in recs)


def suppress(recs: Sequence[dict], cols: Sequence[str], n_key: str = "n") -> tuple[dict, ...]:
    """Mark cells of rows with fewer than MIN_CELL respondents as suppressed."""
    out = []
    for r in recs:
        r = dict(r)
        small = truthy(r.get("suppressed")) or (
            isnum(r.get(n_key)) and 0 < float(r[n_key]) < MIN_CELL
        )
        if small:
            r["_suppressed"] = tuple(cols)
            for c in cols:
                if c != n_key:
                    r[c] = None
        out.append(r)
    return tuple(out)


def table(
    ctx: Context,
    tid: str,
    columns: Sequence[Column],
    recs: Iterable[Mapping[str, Any]] | pd.DataFrame,
    *,
    group_by: str | None = None,
    landscape: bool = False,
    note: str | None = None,
    **note_kw: Any,
) -> Table:
    """A table with its title and note from the phrases of the report's language."""
    r = recs if isinstance(recs, tuple) else rows(recs)
    return Table(
        id=tid,
        title=ctx.say.tables.TITLES[tid],
        columns=tuple(columns),
        rows=r,
        note=ctx.say.tables.note(tid, ctx.study.ci_level, **note_kw) if note is None else note,
        group_by=group_by,
        landscape=landscape,
    )
