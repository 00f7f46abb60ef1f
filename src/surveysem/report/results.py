"""The result tables the report reads, loaded and checked once against the registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from surveysem.outputs import check_columns


@dataclass(frozen=True)
class Results:
    """The result tables of one run, keyed by registry key (``"sem/estimates"``).

    A table that no rule of the run produced (a stage the study does not use, such as the
    invariance models without group variables) is absent; a table that is present has every
    registered column, so the report never checks a column again.
    """

    tables: Mapping[str, pd.DataFrame]

    def has(self, key: str) -> bool:
        """Whether the run produced this table (it may still have no rows)."""
        return key in self.tables

    def __getitem__(self, key: str) -> pd.DataFrame:
        try:
            return self.tables[key]
        except KeyError:
            raise ValueError(
                f"the report needs results/{key}.csv, which this run did not produce; "
                "check that its rule is part of the workflow"
            ) from None

    def nonempty(self, key: str) -> bool:
        """Whether the table is present and has rows."""
        return key in self.tables and not self.tables[key].empty


def load_results(paths: Mapping[str, str]) -> Results:
    """Read the result tables and check their columns against the registry.

    Parameters
    ----------
    paths : mapping
        Registry key -> CSV path.

    Returns
    -------
    Results

    Raises
    ------
    ValueError
        When a table lacks a registered column (naming the file and the columns).
    """
    tables = {}
    for key, path in paths.items():
        frame = pd.read_csv(path, keep_default_na=True)
        tables[key] = check_columns(key, frame, source=str(path))
    return Results(tables)


def from_frames(frames: Mapping[str, pd.DataFrame]) -> Results:
    """Results from frames already in memory (tests), checked as :func:`load_results` does."""
    return Results({k: check_columns(k, v) for k, v in frames.items()})
