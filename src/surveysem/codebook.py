"""The codebook: scales, their items and keying, demographics and data-quality checks.

The codebook is parsed once into small frozen dataclasses. Parsing checks the codebook on its
own (an item in two scales, a reverse item outside its scale, a range that is not a range);
:func:`check_against_data` checks it against a data set (items present, levels matching). Both
collect every problem and raise one ``ValueError`` that lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

ROLES = ("stressor", "burnout", "outcome", "resource", "other")
LEVELS = ("organizational", "social", "occupational", "individual")


@dataclass(frozen=True)
class Scale:
    """One multi-item scale.

    Attributes
    ----------
    name : str
        Short name, used as the latent variable's name in the model syntax.
    label, label_zh : str
        Human-readable names (English, Chinese).
    role : str
        One of ``stressor``, ``burnout``, ``outcome``, ``resource``, ``other``.
    level : str or None
        ``organizational``, ``social``, ``occupational`` or ``individual``.
    items : tuple of str
        Item column names, in questionnaire order.
    reverse : tuple of str
        Items to reverse-score (``new = min + max - old``).
    low, high : float
        Allowed range of the answers, inclusive.
    item_text, item_text_zh : dict
        Optional wording per item (English, Chinese).
    instructions, instructions_zh : str
        The scale's own instructions on the questionnaire.
    anchors, anchors_zh : dict
        Answer (float) -> its label on the questionnaire (English, Chinese).
    """

    name: str
    label: str
    role: str
    items: tuple[str, ...]
    low: float
    high: float
    reverse: tuple[str, ...] = ()
    level: str | None = None
    label_zh: str = ""
    item_text: Mapping[str, str] = field(default_factory=dict)
    item_text_zh: Mapping[str, str] = field(default_factory=dict)
    instructions: str = ""
    instructions_zh: str = ""
    anchors: Mapping[float, str] = field(default_factory=dict)
    anchors_zh: Mapping[float, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Demographic:
    """One demographic variable.

    Attributes
    ----------
    name, label : str
        Column name and readable label.
    type : str
        ``categorical``, ``ordinal`` or ``numeric``.
    levels : dict
        Code -> level label, for categorical and ordinal variables (codes as floats).
    low, high : float or None
        Allowed range for numeric variables.
    label_zh : str
        The label in Chinese.
    levels_zh : dict
        Code -> level label in Chinese.
    question, question_zh : str
        The question as the questionnaire asks it.
    """

    name: str
    label: str
    type: str
    levels: Mapping[float, str] = field(default_factory=dict)
    low: float | None = None
    high: float | None = None
    label_zh: str = ""
    levels_zh: Mapping[float, str] = field(default_factory=dict)
    question: str = ""
    question_zh: str = ""


@dataclass(frozen=True)
class Codebook:
    """A parsed codebook.

    Attributes
    ----------
    scales : tuple of Scale
    demographics : tuple of Demographic
    attention : dict
        Attention-check item -> the only correct answer.
    duration_column : str or None
        Column with the completion time in seconds.
    attention_text, attention_text_zh : dict
        Attention-check item -> its wording.
    questionnaire : dict
        ``title``, ``instructions`` and their ``_zh`` siblings, for the questionnaire appendix.
    """

    scales: tuple[Scale, ...]
    demographics: tuple[Demographic, ...] = ()
    attention: Mapping[str, float] = field(default_factory=dict)
    duration_column: str | None = None
    attention_text: Mapping[str, str] = field(default_factory=dict)
    attention_text_zh: Mapping[str, str] = field(default_factory=dict)
    questionnaire: Mapping[str, str] = field(default_factory=dict)

    @property
    def items(self) -> list[str]:
        """All scale items, scale by scale."""
        return [i for s in self.scales for i in s.items]

    def scale(self, name: str) -> Scale:
        """The scale called ``name``."""
        for s in self.scales:
            if s.name == name:
                return s
        raise ValueError(
            f"scale {name!r} is not in the codebook; known scales: "
            f"{', '.join(s.name for s in self.scales)}"
        )

    @property
    def scale_names(self) -> list[str]:
        return [s.name for s in self.scales]

    def demographic(self, name: str) -> Demographic:
        for d in self.demographics:
            if d.name == name:
                return d
        raise ValueError(
            f"demographic {name!r} is not in the codebook; known demographics: "
            f"{', '.join(d.name for d in self.demographics) or '(none)'}"
        )

    def item_scale(self) -> dict[str, str]:
        """Item -> scale name."""
        return {i: s.name for s in self.scales for i in s.items}


def _code(key: Any) -> float:
    try:
        return float(key)
    except (TypeError, ValueError):
        raise ValueError(f"level code {key!r} is not a number") from None


def _labels(raw: Any, where: str, problems: list[str]) -> dict[float, str]:
    """Code -> label with numeric codes; a problem for each code that is not a number."""
    out: dict[float, str] = {}
    for k, v in (raw or {}).items():
        try:
            out[_code(k)] = str(v)
        except ValueError as err:
            problems.append(f"{where}: {err}; use the numeric answer codes")
    return out


def parse_codebook(raw: Mapping[str, Any], source: str = "codebook") -> Codebook:
    """Parse a codebook mapping (as read from YAML) and check it for internal consistency.

    Parameters
    ----------
    raw : mapping
        The codebook, already validated against ``workflow/schemas/codebook.schema.yaml``.
    source : str
        The file name, used in error messages.

    Returns
    -------
    Codebook

    Raises
    ------
    ValueError
        Listing every problem found: an item in two scales, a reverse item that is not one of
        its scale's items, a range whose low end is not below its high end, a duplicate item
        within a scale, an attention item that is also a scale item.
    """
    problems: list[str] = []
    scales: list[Scale] = []
    seen: dict[str, str] = {}
    for name, spec in (raw.get("scales") or {}).items():
        items = [str(i) for i in spec.get("items", [])]
        reverse = [str(i) for i in spec.get("reverse", []) or []]
        rng = spec.get("range", [None, None])
        for item in items:
            if item in seen and seen[item] != name:
                problems.append(
                    f"scales.{name}.items: item {item!r} already belongs to scale "
                    f"{seen[item]!r}; an item can belong to one scale only"
                )
            elif item in seen:
                problems.append(f"scales.{name}.items: item {item!r} is listed twice")
            seen[item] = name
        for item in reverse:
            if item not in items:
                problems.append(
                    f"scales.{name}.reverse: {item!r} is not one of the scale's items "
                    f"({', '.join(items)}); list only the scale's own items"
                )
        low, high = rng[0], rng[1]
        if low is None or high is None or not low < high:
            problems.append(
                f"scales.{name}.range: {rng!r} is not a range; write [lowest, highest] "
                "with lowest < highest, e.g. [1, 5]"
            )
            low, high = 0.0, 1.0
        scales.append(
            Scale(
                name=str(name),
                label=str(spec.get("label", name)),
                label_zh=str(spec.get("label_zh", "")),
                role=str(spec.get("role", "other")),
                level=spec.get("level"),
                items=tuple(items),
                reverse=tuple(reverse),
                low=float(low),
                high=float(high),
                item_text=dict(spec.get("item_text") or {}),
                item_text_zh=dict(spec.get("item_text_zh") or {}),
                instructions=str(spec.get("instructions", "") or ""),
                instructions_zh=str(spec.get("instructions_zh", "") or ""),
                anchors=_labels(spec.get("anchors"), f"scales.{name}.anchors", problems),
                anchors_zh=_labels(spec.get("anchors_zh"), f"scales.{name}.anchors_zh", problems),
            )
        )
    demographics: list[Demographic] = []
    for name, spec in (raw.get("demographics") or {}).items():
        levels: dict[float, str] = {}
        for k, v in (spec.get("levels") or {}).items():
            try:
                levels[_code(k)] = str(v)
            except ValueError as err:
                problems.append(f"demographics.{name}.levels: {err}; use numeric codes")
        if spec.get("type") in ("categorical", "ordinal") and not levels:
            problems.append(
                f"demographics.{name}: type {spec.get('type')} needs `levels` "
                "(code: label), e.g. {1: male, 2: female}"
            )
        rng = spec.get("range")
        if rng is not None and not rng[0] < rng[1]:
            problems.append(f"demographics.{name}.range: {rng!r} is not a range")
        if name in seen:
            problems.append(f"demographics.{name}: {name!r} is also a scale item")
        demographics.append(
            Demographic(
                name=str(name),
                label=str(spec.get("label", name)),
                label_zh=str(spec.get("label_zh", "")),
                type=str(spec.get("type")),
                levels=levels,
                low=None if rng is None else float(rng[0]),
                high=None if rng is None else float(rng[1]),
                levels_zh=_labels(
                    spec.get("levels_zh"), f"demographics.{name}.levels_zh", problems
                ),
                question=str(spec.get("question", "") or ""),
                question_zh=str(spec.get("question_zh", "") or ""),
            )
        )
    checks = raw.get("checks") or {}
    attention = {str(k): float(v) for k, v in (checks.get("attention") or {}).items()}
    for item in attention:
        if item in seen:
            problems.append(
                f"checks.attention: {item!r} is a scale item; attention checks must be "
                "separate questions"
            )
    if problems:
        raise ValueError(
            f"{source}: {len(problems)} problem(s) in the codebook:\n  - " + "\n  - ".join(problems)
        )
    return Codebook(
        scales=tuple(scales),
        demographics=tuple(demographics),
        attention=attention,
        duration_column=checks.get("duration_column"),
        attention_text={str(k): str(v) for k, v in (checks.get("text") or {}).items()},
        attention_text_zh={str(k): str(v) for k, v in (checks.get("text_zh") or {}).items()},
        questionnaire={str(k): str(v) for k, v in (raw.get("questionnaire") or {}).items()},
    )


def _column_problems(codebook: Codebook, cols: set) -> list[str]:
    """One message per codebook column (item, demographic, check) absent from ``cols``."""
    problems: list[str] = []
    for s in codebook.scales:
        missing = [i for i in s.items if i not in cols]
        if missing:
            problems.append(
                f"scale {s.name}: item column(s) {', '.join(missing)} not found in the data"
            )
    for d in codebook.demographics:
        if d.name not in cols:
            problems.append(f"demographic {d.name!r}: column not found in the data")
    for item in codebook.attention:
        if item not in cols:
            problems.append(f"checks.attention: column {item!r} not found in the data")
    if codebook.duration_column and codebook.duration_column not in cols:
        problems.append(
            f"checks.duration_column: column {codebook.duration_column!r} not found in the data"
        )
    return problems


def check_against_data(codebook: Codebook, data: pd.DataFrame, source: str = "data") -> None:
    """Check that a data set carries every column the codebook names.

    Parameters
    ----------
    codebook : Codebook
    data : DataFrame
        The survey as read (before cleaning).
    source : str
        The data file's name, used in the message.

    Raises
    ------
    ValueError
        Listing every scale item, demographic, attention item or duration column missing from
        the data, and every demographic code in the data that the codebook does not define.
    """
    cols = set(data.columns)
    problems = _column_problems(codebook, cols)
    for d in codebook.demographics:
        if d.levels and d.name in cols:
            values = pd.to_numeric(data[d.name], errors="coerce").dropna().unique()
            unknown = sorted(set(float(v) for v in values) - set(d.levels))
            if unknown:
                problems.append(
                    f"demographic {d.name!r}: code(s) {', '.join(f'{u:g}' for u in unknown)} "
                    f"in the data are not among the codebook's levels "
                    f"({', '.join(f'{k:g}' for k in d.levels)}); add them to `levels` "
                    "or recode the data"
                )
    if problems:
        close = ", ".join(sorted(cols)[:40])
        raise ValueError(
            f"{source}: the data do not match the codebook ({len(problems)} problem(s)):\n  - "
            + "\n  - ".join(problems)
            + f"\nColumns in the data: {close}{' ...' if len(cols) > 40 else ''}"
        )


def check_columns(
    codebook: Codebook,
    data: pd.DataFrame,
    source: str = "data",
    id_column: str | None = None,
) -> None:
    """Check that a data set has every column the codebook (and the study file) names.

    Unlike :func:`check_against_data` this does not look at the values: a demographic code
    outside the codebook's levels is not an error here, because the cleaner sets such cells to
    missing and logs them (``cell_fixes``).

    Parameters
    ----------
    codebook : Codebook
    data : DataFrame
        The survey as read (before cleaning).
    source : str
        The data file's name, used in the message.
    id_column : str or None
        The respondent-id column named in the study file (``data.id_column``), if any.

    Raises
    ------
    ValueError
        Listing every scale item, demographic, attention item, duration column or id column
        missing from the data, with the columns the data do have.
    """
    cols = set(data.columns)
    problems = _column_problems(codebook, cols)
    if id_column is not None and id_column not in cols:
        problems.append(
            f"data.id_column: column {id_column!r} not found in the data; set it to the "
            "respondent-id column, or to null to number respondents 1..N in file order"
        )
    if problems:
        shown = [str(c) for c in data.columns if c != "row"]
        raise ValueError(
            f"{source}: the data do not match the codebook ({len(problems)} problem(s)):\n  - "
            + "\n  - ".join(problems)
            + f"\nColumns in the data: {', '.join(shown[:60])}"
            + (" ..." if len(shown) > 60 else "")
            + "\nFix the column names in the codebook (or the data) so that they agree."
        )


def read_codebook(path: str) -> Codebook:
    """Read and parse a codebook YAML file.

    Parameters
    ----------
    path : str
        The codebook file (already validated against the JSON schema by the workflow).

    Returns
    -------
    Codebook
    """
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        raise ValueError(
            f"codebook: file {path!r} not found; set `codebook:` in the study file"
        ) from None
    return parse_codebook(raw, source=str(path))
