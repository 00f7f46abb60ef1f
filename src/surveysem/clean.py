"""Cleaning the raw survey with a complete ledger: no respondent and no answer is lost silently.

:func:`clean_survey` turns the raw responses (as read by :mod:`surveysem.ingest`) into the
analysed data set and the tables that account for every respondent and every changed cell.

Decisions (documented here once; the report cites them)
-------------------------------------------------------
* Cells. Empty cells and the usual missing-value markers (``NA``, ``N/A``, ``NaN``, ``null``,
  ``None``, ``.``, ``-``, ``#N/A``, ``missing``) are missing and not logged. Text is normalised
  (Unicode NFKC, so full-width digits ``４`` read as ``4``; surrounding spaces dropped) and then
  parsed as a number. A scale item that is not a number (``non_numeric``) or lies outside the
  codebook range (``out_of_range``; non-integers inside the range are valid) is set to missing
  and logged in ``cell_fixes``; so is a numeric demographic outside its range, a categorical
  demographic whose code is not a level (``unknown_level``; the level's label text, e.g.
  ``female`` or ``女``, is accepted and turned into its code), a non-numeric attention answer and
  a non-numeric or negative duration.
* duplicate_row: an exact copy of an earlier row (every raw column, id included). The first copy
  is kept. Removed when ``drop_duplicate_rows`` is true or ``duplicate_row`` is in ``exclude``.
* duplicate_id: the id of an earlier row. A repeated id is the same respondent whatever the
  answers, so an exact copy of a row (id included) is a duplicate id too: it is counted under
  duplicate_row when that screen is applied (it runs first), and under duplicate_id otherwise.
  The FIRST submission is kept and later ones are flagged: the first answer was given before
  any resubmission. Missing ids are never duplicates.
  Without an id column respondents are numbered 1..N in file order and no id repeats.
* attention_check: at least one attention item answered with something other than its correct
  answer. An unanswered attention item is not a failure (it is missing, not wrong).
* speeder: duration below ``min_duration_sec``; not run when that is null.
* longstring (Johnson 2005; Curran 2016): the longest run of identical answers across all scale
  items in the order the columns appear in the raw file (the questionnaire order), on the raw
  answers (before reverse scoring). A missing answer breaks a run. Flagged when the run is
  longer than ``longstring_max``; ``auto`` means max(2, floor(k / 2)) for k scale items, i.e. a
  run covering more than half of the items.
* irv (Dunn et al. 2018): the standard deviation (n - 1) of a respondent's raw answers across
  all scale items (at least two answered). Flagged when it is exactly 0: the same answer to
  every item answered.
* mahalanobis (Meade & Craig 2012): squared distance of a respondent's scale items from the
  mean, d2 = (x_o - mu_o)' Sigma_oo^-1 (x_o - mu_o) on the items o the respondent answered,
  referred to chi-square with |o| degrees of freedom. mu and Sigma are the maximum-likelihood
  (EM) estimates from the respondents still in the sample when this screen runs (after the
  earlier applied screens), so missing answers use all available information and careless
  respondents removed earlier do not inflate Sigma. Items without variance are left out.
  Flagged when p < ``mahalanobis_p``. d2 is reported for every raw respondent.
* too_many_missing: the share of missing items exceeds ``max_missing_share`` in ANY scale.
* listwise_incomplete: with ``missing == "listwise"``, respondents still in the sample with any
  missing scale item are excluded as the last step, so that the ledger stays complete.
* Every screen is computed for every raw respondent (``flags``); only applied screens remove
  respondents, in the order above. A respondent's ``reason`` is the first applied screen that
  flagged them, ``detail`` lists every other applied screen that flagged them.

References
----------
Curran, P. G. (2016). Methods for the detection of carelessly invalid responses in survey data.
Journal of Experimental Social Psychology, 66, 4-19.
Dunn, A. M., Heggestad, E. D., Shanock, L. R., & Theilgard, N. (2018). Intra-individual response
variability as an indicator of insufficient effort responding. Journal of Business and
Psychology, 33, 105-121.
Johnson, J. A. (2005). Ascertaining the validity of individual protocols from web-based
personality inventories. Journal of Research in Personality, 39, 103-129.
Little, R. J. A. (1988). A test of missing completely at random for multivariate data with
missing values. Journal of the American Statistical Association, 83, 1198-1202.
Meade, A. W., & Craig, S. B. (2012). Identifying careless responses in survey data.
Psychological Methods, 17, 437-455.
"""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from surveysem.codebook import Codebook, check_columns
from surveysem.missing import BLOCK_ROWS, em_moments, missing_patterns, pattern_rows, safe_inverse

SCREENS = (
    "duplicate_row",
    "duplicate_id",
    "attention_check",
    "speeder",
    "longstring",
    "irv",
    "mahalanobis",
    "too_many_missing",
)
LISTWISE = "listwise_incomplete"
DEFAULT_EXCLUDE = (
    "duplicate_id",
    "attention_check",
    "speeder",
    "longstring",
    "mahalanobis",
    "too_many_missing",
)
DEFAULT_ID = "id"
MISSING_TOKENS = frozenset(
    {"", "na", "n/a", "nan", "null", "none", ".", "-", "#n/a", "missing", "<na>"}
)
_TOL = 1e-9


@dataclass(frozen=True)
class CleanResult:
    """Everything :func:`clean_survey` produces.

    Attributes
    ----------
    data : DataFrame
        Analysed respondents: id column, scale items (reverse-scored), demographics; numeric.
    exclusions : DataFrame
        ``row``, ``id``, ``reason``, ``detail``: one row per excluded respondent.
    flow : DataFrame
        ``step``, ``n_before``, ``n_excluded``, ``n_after``.
    cell_fixes : DataFrame
        ``row``, ``id``, ``column``, ``value``, ``reason``: every cell set to missing.
    flags : DataFrame
        One row per raw respondent: every screen's flag and index.
    missing : DataFrame
        Missingness per item and per scale.
    """

    data: pd.DataFrame
    exclusions: pd.DataFrame
    flow: pd.DataFrame
    cell_fixes: pd.DataFrame
    flags: pd.DataFrame
    missing: pd.DataFrame


# ------------------------------------------------------------------------------------------
# cells
# ------------------------------------------------------------------------------------------


OK, MISSING, NON_NUMERIC = 0, 1, 2
STATUS = ("ok", "missing", "non_numeric")


def _distinct(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 = missing) and the distinct raw cells, without a per-cell Python loop.

    A Categorical (as :mod:`surveysem.ingest` reads CSV files) already is this factorisation.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy(), np.asarray(col.cat.categories, dtype=object)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _normalise_text(cells: np.ndarray) -> np.ndarray:
    """Distinct raw cells as normalised text: NFKC (full-width digits), surrounding spaces cut."""
    return np.array(
        [unicodedata.normalize("NFKC", _to_text(v)).strip() for v in cells], dtype=object
    )


def _to_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _parse_distinct(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normalised text, value and status code (OK / MISSING / NON_NUMERIC) of distinct cells."""
    text = _normalise_text(cells)
    values = np.full(len(cells), np.nan)
    status = np.full(len(cells), OK, dtype=np.int8)
    for j, (raw, t) in enumerate(zip(cells, text, strict=True)):
        if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
            values[j] = float(raw)
            if np.isnan(values[j]):
                status[j] = MISSING
        elif t.lower() in MISSING_TOKENS:
            status[j] = MISSING
        else:
            try:
                values[j] = float(t) if "_" not in t else float("x")  # as pandas: no 1_000
            except ValueError:
                status[j] = NON_NUMERIC
            else:
                if np.isnan(values[j]):  # the text "nan" is a missing marker, caught above
                    status[j] = NON_NUMERIC
    return text, values, status


def _parse_column(col: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Values and status per cell, plus the codes and normalised text of the distinct cells."""
    codes, uniques = _distinct(col)
    text, u_values, u_status = _parse_distinct(uniques)
    # code -1 (a missing cell) takes the appended last entry: NaN, MISSING
    values = np.append(u_values, np.nan)[codes]
    status = np.append(u_status, np.int8(MISSING))[codes]
    return values, status, codes, text


def parse_numeric(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse raw cells as numbers without losing track of what was not a number.

    Parameters
    ----------
    col : Series
        Raw cells: text, numbers or NaN (any dtype, Categorical included).

    Returns
    -------
    values : Series
        float; NaN where the cell is missing or not a number.
    status : Series
        Categorical: ``"ok"``, ``"missing"`` (empty or a missing-value marker such as ``NA``)
        or ``"non_numeric"`` per cell.

    Notes
    -----
    Each distinct cell is normalised (Unicode NFKC, so full-width ``４`` reads as ``4``;
    surrounding spaces cut) and parsed once; the cells take their distinct value's result.
    """
    values, status, _, _ = _parse_column(col)
    return (
        pd.Series(values, index=col.index),
        pd.Series(pd.Categorical.from_codes(status, STATUS), index=col.index),
    )


# ------------------------------------------------------------------------------------------
# indices
# ------------------------------------------------------------------------------------------


def longstring_index(items: pd.DataFrame) -> pd.Series:
    """Longest run of identical consecutive answers per respondent.

    Parameters
    ----------
    items : DataFrame
        Numeric answers, columns in questionnaire order. NaN breaks a run.

    Returns
    -------
    Series
        int, the longest run per row (0 when every answer is missing).

    Notes
    -----
    Johnson (2005); Curran (2016). Vectorised over respondents: the run length at column j is
    ``run[j-1] + 1`` when ``x[j] == x[j-1]`` (both answered), 1 when ``x[j]`` is answered, else 0.
    """
    x = items.to_numpy(dtype=float)
    n, k = x.shape
    if k == 0:
        return pd.Series(np.zeros(n, dtype=int), index=items.index)
    answered = ~np.isnan(x)
    run = answered[:, 0].astype(int)
    best = run.copy()
    for j in range(1, k):
        same = answered[:, j] & answered[:, j - 1] & (x[:, j] == x[:, j - 1])
        run = np.where(same, run + 1, answered[:, j].astype(int))
        best = np.maximum(best, run)
    return pd.Series(best, index=items.index)


def irv_index(items: pd.DataFrame) -> pd.Series:
    """Intra-individual response variability: the SD of a respondent's answers.

    Parameters
    ----------
    items : DataFrame
        Numeric answers (NaN = missing).

    Returns
    -------
    Series
        float, ``sd`` with denominator (m - 1) over the m answered items; NaN when m < 2.

    Notes
    -----
    Dunn, Heggestad, Shanock & Theilgard (2018).
    """
    x = items.to_numpy(dtype=float)
    m = (~np.isnan(x)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sd = np.nanstd(x, axis=1, ddof=1)
    sd = np.where(m >= 2, sd, np.nan)
    return pd.Series(sd, index=items.index)


def mahalanobis_distance(data: pd.DataFrame, mean: pd.Series, cov: pd.DataFrame) -> pd.DataFrame:
    """Squared Mahalanobis distance on each respondent's observed values.

    Parameters
    ----------
    data : DataFrame
        Numeric columns (NaN = missing).
    mean : Series
        Mean per column.
    cov : DataFrame
        Covariance matrix of the columns.

    Returns
    -------
    DataFrame
        ``d2`` (squared distance), ``df`` (number of observed values), ``p`` (upper-tail
        chi-square probability of d2 on df); NaN for rows with nothing observed.

    Notes
    -----
    d2 = (x_o - mu_o)' Sigma_oo^-1 (x_o - mu_o) over the observed values o (Mahalanobis 1936;
    as a careless-responding screen, Meade & Craig 2012). Computed per missingness pattern.
    """
    cols = list(data.columns)
    x = data.to_numpy(dtype=float)
    mu = mean.loc[cols].to_numpy(dtype=float)
    sigma = cov.loc[cols, cols].to_numpy(dtype=float)
    n = len(x)
    d2 = np.full(n, np.nan)
    obs = ~np.isnan(x)
    dfs = obs.sum(axis=1)
    if n and x.shape[1]:
        patterns, inverse = missing_patterns(obs)
        for o, rows in zip(patterns, pattern_rows(inverse, len(patterns)), strict=True):
            if not o.any():
                continue
            inv_oo = safe_inverse(sigma[np.ix_(o, o)])
            for start in range(0, len(rows), BLOCK_ROWS):
                block = rows[start : start + BLOCK_ROWS]
                dev = x[block][:, o] - mu[o]
                d2[block] = ((dev @ inv_oo) * dev).sum(axis=1)
    with np.errstate(invalid="ignore"):
        p = np.where(dfs > 0, stats.chi2.sf(d2, np.maximum(dfs, 1)), np.nan)
    return pd.DataFrame({"d2": d2, "df": dfs.astype(float), "p": p}, index=data.index).assign(
        df=lambda f: f["df"].where(f["df"] > 0)
    )


# ------------------------------------------------------------------------------------------
# clean_survey
# ------------------------------------------------------------------------------------------


def _check_options(exclude, missing, max_missing_share, longstring_max, mahalanobis_p):
    bad = [e for e in exclude if e not in SCREENS]
    if bad:
        raise ValueError(
            f"cleaning.exclude: unknown screen(s) {', '.join(map(repr, bad))}; "
            f"choose from {', '.join(SCREENS)}"
        )
    if missing not in ("listwise", "fiml", "pairwise"):
        raise ValueError(f"analysis.missing: {missing!r} is not one of listwise, fiml, pairwise")
    if not 0 <= max_missing_share <= 1:
        raise ValueError(
            f"cleaning.max_missing_share: {max_missing_share!r} must be between 0 and 1"
        )
    if longstring_max != "auto" and (
        isinstance(longstring_max, bool)
        or not isinstance(longstring_max, (int, np.integer))
        or longstring_max < 2
    ):
        raise ValueError(
            f"cleaning.longstring_max: {longstring_max!r} must be 'auto' or an integer >= 2"
        )
    if not 0 < mahalanobis_p <= 0.5:
        raise ValueError(f"cleaning.mahalanobis_p: {mahalanobis_p!r} must be in (0, 0.5]")


def _ids(raw: pd.DataFrame, id_column: str | None) -> pd.Series:
    if id_column is None:
        return pd.Series(np.arange(1, len(raw) + 1), index=raw.index, dtype=object)
    codes, uniques = _distinct(raw[id_column])
    text = _normalise_text(uniques)
    text[text == ""] = np.nan
    return pd.Series(np.append(text, np.nan)[codes], index=raw.index, dtype=object)


def _fix_frame(rows, ids, column, raw_col, mask, reason) -> pd.DataFrame | None:
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return None
    return pd.DataFrame(
        {
            "row": rows[mask].to_numpy(),
            "id": ids[mask].to_numpy(),
            "column": column,
            "value": [_to_text(v) for v in raw_col[mask]],
            "reason": reason,
        }
    )


def clean_survey(
    raw: pd.DataFrame,
    codebook: Codebook,
    *,
    id_column: str | None = None,
    exclude=DEFAULT_EXCLUDE,
    drop_duplicate_rows: bool = False,
    max_missing_share: float = 0.5,
    longstring_max: int | str = "auto",
    mahalanobis_p: float = 0.001,
    min_duration_sec: float | None = None,
    missing: str = "listwise",
) -> CleanResult:
    """Screen, fix and reverse-score the raw survey, accounting for every respondent and cell.

    Parameters
    ----------
    raw : DataFrame
        The survey as read by :func:`surveysem.ingest.read_survey` (raw cells and ``row``).
    codebook : Codebook
        Scales (items, range, reverse keying), demographics, attention items, duration column.
    id_column : str or None
        Respondent-id column; None numbers respondents 1..N in file order (column ``id``).
    exclude : sequence of str
        Screens that remove respondents (others are computed and reported only): any of
        ``duplicate_row``, ``duplicate_id``, ``attention_check``, ``speeder``, ``longstring``,
        ``irv``, ``mahalanobis``, ``too_many_missing``.
    drop_duplicate_rows : bool
        Remove exact duplicate rows (keeping the first), as if ``duplicate_row`` were excluded.
    max_missing_share : float
        Largest allowed share of missing items in any one scale.
    longstring_max : int or "auto"
        Longest allowed run of identical answers; auto = max(2, floor(k / 2)), k scale items.
    mahalanobis_p : float
        Flag when the chi-square p-value of the squared Mahalanobis distance is below this.
    min_duration_sec : float or None
        Speeder threshold in seconds; None = no speeder screen. Needs
        ``codebook.duration_column``.
    missing : {"listwise", "fiml", "pairwise"}
        With listwise, respondents with any missing scale item are excluded as a last step
        (fiml and pairwise keep them).

    Returns
    -------
    CleanResult
        ``data``: the id column (``id_column`` or ``id``), every scale item in codebook order
        (reverse-scored: new = low + high - old), every demographic (codes); float.
        ``exclusions``: ``row``, ``id``, ``reason`` (first applied screen that flagged the
        respondent), ``detail`` (the other applied screens that flagged them, ``; ``-separated).
        ``flow``: ``step`` (``raw``, then each applied screen in order, then
        ``listwise_incomplete`` with listwise), ``n_before``, ``n_excluded``, ``n_after``.
        ``cell_fixes``: ``row``, ``id``, ``column``, ``value`` (the raw text), ``reason``
        (``non_numeric``, ``out_of_range``, ``unknown_level``).
        ``flags``: ``row``, ``id``, ``flag_<screen>`` (bool) for every screen and
        ``flag_listwise_incomplete``, ``longstring``, ``longstring_max``, ``irv``,
        ``mahalanobis_d2``, ``mahalanobis_df``, ``mahalanobis_p``, ``duration``,
        ``n_cell_fixes``, ``missing_<scale>`` (share of the scale's items missing) per scale,
        ``excluded`` (bool), ``reason``.
        ``missing``: ``level`` (item / scale), ``scale``, ``item`` (empty for scales),
        ``n_cells_raw``, ``n_missing_raw``, ``share_raw`` (all raw respondents, after cell
        fixes), ``n_cells``, ``n_missing``, ``share``, ``n_incomplete`` (respondents passing
        every screen but the listwise step; n_incomplete = respondents missing at least one of
        the item(s)), ``n_distinct``, ``sd`` (item level, same respondents), ``note``
        (``all missing`` or ``zero variance``; such items are also reported with a warning).

    Raises
    ------
    ValueError
        A codebook column or the id column is missing from the data, ``raw`` has no ``row``
        column, an option is invalid, or ``min_duration_sec`` is set without a duration column.

    Notes
    -----
    See the module docstring for every screen's rule and its reference. The ledger invariant
    ``len(raw) == len(data) + len(exclusions)`` is checked before returning.
    """
    exclude = tuple(exclude)
    _check_options(exclude, missing, max_missing_share, longstring_max, mahalanobis_p)
    if "row" not in raw.columns:
        raise ValueError(
            "raw data: no `row` column; read the survey with surveysem.ingest.read_survey"
        )
    check_columns(codebook, raw, source="raw data", id_column=id_column)
    if min_duration_sec is not None and not codebook.duration_column:
        raise ValueError(
            f"cleaning.min_duration_sec is {min_duration_sec} but the codebook has no "
            "checks.duration_column; add the duration column to the codebook or set "
            "min_duration_sec: null"
        )
    id_name = id_column or DEFAULT_ID
    clash = {*codebook.items, *(d.name for d in codebook.demographics)}
    if id_column is None and DEFAULT_ID in clash:
        raise ValueError(
            f"the codebook uses {DEFAULT_ID!r} as an item or demographic, the name given to "
            "generated respondent numbers; set data.id_column or rename that column"
        )

    raw = raw.reset_index(drop=True)
    n = len(raw)
    rows = raw["row"].astype(int)
    ids = _ids(raw, id_column)
    fixes: list[pd.DataFrame] = []

    # ---- cells (each distinct raw cell is parsed once, see parse_numeric) -------------------
    items_cb = codebook.items
    col_of = {item: j for j, item in enumerate(items_cb)}
    xa = np.empty((n, len(items_cb)))  # the scale items, codebook order
    for scale in codebook.scales:
        for item in scale.items:
            v, status, _, _ = _parse_column(raw[item])
            with np.errstate(invalid="ignore"):
                out = ~np.isnan(v) & ~(
                    np.isfinite(v) & (v >= scale.low - _TOL) & (v <= scale.high + _TOL)
                )
            fixes.append(
                _fix_frame(rows, ids, item, raw[item], status == NON_NUMERIC, "non_numeric")
            )
            fixes.append(_fix_frame(rows, ids, item, raw[item], out, "out_of_range"))
            v[out] = np.nan
            xa[:, col_of[item]] = v
    demo: dict[str, np.ndarray] = {}
    for d in codebook.demographics:
        col = raw[d.name]
        v, status, codes, text = _parse_column(col)
        bad_text = status == NON_NUMERIC
        if d.levels:
            by_label = {str(lab).strip().lower(): float(code) for code, lab in d.levels.items()}
            u_label = np.array([by_label.get(t.lower(), np.nan) for t in text], dtype=float)
            from_label = np.append(u_label, np.nan)[codes]
            use_label = bad_text & ~np.isnan(from_label)
            v = np.where(use_label, from_label, v)
            bad_text = bad_text & ~use_label
            level_codes = np.array(list(d.levels), dtype=float)
            known = np.isclose(v[:, None], level_codes[None, :], atol=_TOL).any(axis=1)
            out = ~np.isnan(v) & ~known
            fixes.append(_fix_frame(rows, ids, d.name, col, bad_text, "non_numeric"))
            fixes.append(_fix_frame(rows, ids, d.name, col, out, "unknown_level"))
        else:
            lo = -np.inf if d.low is None else d.low
            hi = np.inf if d.high is None else d.high
            with np.errstate(invalid="ignore"):
                out = ~np.isnan(v) & ~(np.isfinite(v) & (v >= lo - _TOL) & (v <= hi + _TOL))
            fixes.append(_fix_frame(rows, ids, d.name, col, bad_text, "non_numeric"))
            fixes.append(_fix_frame(rows, ids, d.name, col, out, "out_of_range"))
        demo[d.name] = np.where(out, np.nan, v)
    attention: dict[str, np.ndarray] = {}
    for item in codebook.attention:
        v, status, _, _ = _parse_column(raw[item])
        fixes.append(_fix_frame(rows, ids, item, raw[item], status == NON_NUMERIC, "non_numeric"))
        attention[item] = v
    duration = np.full(n, np.nan)
    if codebook.duration_column:
        col = raw[codebook.duration_column]
        v, status, _, _ = _parse_column(col)
        with np.errstate(invalid="ignore"):
            neg = ~np.isnan(v) & ~(np.isfinite(v) & (v >= 0))
        name = codebook.duration_column
        fixes.append(_fix_frame(rows, ids, name, col, status == NON_NUMERIC, "non_numeric"))
        fixes.append(_fix_frame(rows, ids, name, col, neg, "out_of_range"))
        duration = np.where(neg, np.nan, v)
    order = {c: j for j, c in enumerate(raw.columns)}
    fixes = [f for f in fixes if f is not None]
    cell_fixes = pd.concat(fixes, ignore_index=True) if fixes else pd.DataFrame()
    cell_fixes = pd.DataFrame(
        cell_fixes, columns=["row", "id", "column", "value", "reason"]
    ).astype({"row": int})
    cell_fixes = (
        cell_fixes.assign(_c=cell_fixes["column"].map(order))
        .sort_values(["row", "_c"], kind="stable")
        .drop(columns="_c")
        .reset_index(drop=True)
    )

    # ---- indices -----------------------------------------------------------------------
    items_q = sorted(items_cb, key=order.__getitem__)  # questionnaire (file) order
    x = pd.DataFrame(xa, index=raw.index, columns=list(items_cb), copy=False)
    x_q = x if items_q == list(items_cb) else x[items_q]
    k = len(items_cb)
    ls_max = max(2, k // 2) if longstring_max == "auto" else int(longstring_max)
    ls = longstring_index(x_q)
    irv = irv_index(x_q)
    del x_q
    missing_cells = np.isnan(xa)
    shares = {
        s.name: pd.Series(
            missing_cells[:, [col_of[i] for i in s.items]].sum(axis=1) / len(s.items),
            index=raw.index,
        )
        for s in codebook.scales
    }
    data_cols = [c for c in raw.columns if c != "row"]
    flag = {}
    flag["duplicate_row"] = raw[data_cols].duplicated(keep="first")
    if id_column is None:
        flag["duplicate_id"] = pd.Series(False, index=raw.index)
    else:
        known = ids.notna()
        dup = pd.Series(False, index=raw.index)
        dup[known] = ids[known].astype(str).duplicated(keep="first")
        flag["duplicate_id"] = dup
    if attention:
        wrong = np.zeros(n, dtype=bool)
        for item, v in attention.items():
            with np.errstate(invalid="ignore"):
                wrong |= ~np.isnan(v) & (np.abs(v - codebook.attention[item]) > _TOL)
        flag["attention_check"] = pd.Series(wrong, index=raw.index)
    else:
        flag["attention_check"] = pd.Series(False, index=raw.index)
    if min_duration_sec is not None:
        with np.errstate(invalid="ignore"):
            speeder = ~np.isnan(duration) & (duration < min_duration_sec)
        flag["speeder"] = pd.Series(speeder, index=raw.index)
    else:
        flag["speeder"] = pd.Series(False, index=raw.index)
    flag["longstring"] = ls > ls_max
    flag["irv"] = irv.notna() & (irv == 0)
    flag["too_many_missing"] = (
        pd.concat(shares, axis=1).gt(max_missing_share).any(axis=1)
        if shares
        else pd.Series(False, index=raw.index)
    )
    flag[LISTWISE] = pd.Series(missing_cells.any(axis=1), index=raw.index)
    del missing_cells

    # ---- apply the screens in order ------------------------------------------------------
    applied = {
        "duplicate_row": drop_duplicate_rows or "duplicate_row" in exclude,
        "duplicate_id": "duplicate_id" in exclude and id_column is not None,
        "attention_check": "attention_check" in exclude and bool(attention),
        "speeder": "speeder" in exclude and min_duration_sec is not None,
        "longstring": "longstring" in exclude,
        "irv": "irv" in exclude,
        "mahalanobis": "mahalanobis" in exclude,
        "too_many_missing": "too_many_missing" in exclude,
        LISTWISE: missing == "listwise",
    }
    remaining = pd.Series(True, index=raw.index)
    reason = pd.Series("", index=raw.index, dtype=object)
    flow = [("raw", n, 0, n)]
    maha = pd.DataFrame({"d2": np.nan, "df": np.nan, "p": np.nan}, index=raw.index)
    for step in (*SCREENS, LISTWISE):
        if step == "mahalanobis":
            maha = _mahalanobis(x, remaining)
            flag["mahalanobis"] = maha["p"].notna() & (maha["p"] < mahalanobis_p)
        if not applied[step]:
            continue
        hit = remaining & flag[step]
        reason[hit] = step
        before = int(remaining.sum())
        remaining &= ~hit
        flow.append((step, before, int(hit.sum()), int(remaining.sum())))
    excluded = ~remaining
    detail = pd.Series("", index=raw.index, dtype=object)
    for step in (*SCREENS, LISTWISE):
        if applied[step]:
            extra = excluded & flag[step] & (reason != step)
            detail = detail.where(~extra, detail + np.where(detail == "", "", "; ") + step)

    # ---- outputs ----------------------------------------------------------------------
    exclusions = pd.DataFrame(
        {
            "row": rows[excluded].to_numpy(),
            "id": ids[excluded].to_numpy(),
            "reason": reason[excluded].to_numpy(),
            "detail": detail[excluded].to_numpy(),
        }
    )
    keep = remaining.to_numpy()
    scored = xa[keep]
    for s in codebook.scales:
        for item in s.reverse:
            scored[:, col_of[item]] = s.low + s.high - scored[:, col_of[item]]
    columns = {id_name: ids[keep].to_numpy()}
    columns.update({item: scored[:, j] for j, item in enumerate(items_cb)})
    columns.update({name: v[keep] for name, v in demo.items()})
    data = pd.DataFrame(columns)
    del scored, columns
    if id_column is None:
        data[id_name] = data[id_name].astype(int)
    flow_df = pd.DataFrame(flow, columns=["step", "n_before", "n_excluded", "n_after"])
    n_fixes = cell_fixes.groupby("row").size()
    flags = pd.DataFrame({"row": rows, "id": ids})
    for step in (*SCREENS, LISTWISE):
        flags[f"flag_{step}"] = flag[step].astype(bool).to_numpy()
    flags["longstring"] = ls.to_numpy()
    flags["longstring_max"] = ls_max
    flags["irv"] = irv.to_numpy()
    flags["mahalanobis_d2"] = maha["d2"].to_numpy()
    flags["mahalanobis_df"] = maha["df"].to_numpy()
    flags["mahalanobis_p"] = maha["p"].to_numpy()
    flags["duration"] = duration
    flags["n_cell_fixes"] = rows.map(n_fixes).fillna(0).astype(int).to_numpy()
    for name, share in shares.items():
        flags[f"missing_{name}"] = share.to_numpy()
    flags["excluded"] = excluded.to_numpy()
    flags["reason"] = reason.to_numpy()

    screened = remaining | (reason == LISTWISE)
    missing_df = _missing_table(codebook, x, screened)
    for row in missing_df.loc[missing_df["note"] != ""].itertuples():
        warnings.warn(
            f"item {row.item} (scale {row.scale}): {row.note} among the {int(row.n_cells)} "
            "screened respondents; check the data or drop the item from the codebook",
            stacklevel=2,
        )
    if data.empty:
        warnings.warn(
            "no respondent is left after cleaning; see exclusions.csv and flow.csv", stacklevel=2
        )
    if n != len(data) + len(exclusions) or flow_df["n_after"].iloc[-1] != len(data):
        raise RuntimeError(
            f"ledger broken: {n} raw respondents but {len(data)} analysed + "
            f"{len(exclusions)} excluded; this is a bug in surveysem.clean"
        )
    return CleanResult(
        data=data,
        exclusions=exclusions,
        flow=flow_df,
        cell_fixes=cell_fixes,
        flags=flags,
        missing=missing_df,
    )


# what to check when one screen removes everyone (the setting or data column it depends on)
_EMPTIED_BY = {
    "duplicate_row": "every row repeats an earlier one; check the export",
    "duplicate_id": "the ids repeat; check that data.id_column names the respondent id",
    "attention_check": "check the correct answers of checks.attention in the codebook",
    "speeder": "check cleaning.min_duration_sec and the unit of the duration column",
    "longstring": "check cleaning.longstring_max",
    "irv": "every respondent gave one answer throughout; check the export",
    "mahalanobis": "check cleaning.mahalanobis_p",
    "too_many_missing": "check cleaning.max_missing_share and the item names",
    LISTWISE: "every respondent misses at least one item; set analysis.missing: fiml or drop "
    "the most-missed items from the codebook",
}


_NOTE_WORDS = {
    "all missing": "all missing (no one answered it)",
    "zero variance": "zero variance (everyone gave the same answer)",
}


def analysis_problem(result: CleanResult) -> str | None:
    """Why the cleaned data cannot be analysed, in one line; None when they can.

    The cleaning itself never fails on such data (its ledger is complete either way); this is
    the verdict the workflow stops on, so that the console names the cause rather than a later
    step's symptom ("0 respondents answered all items").

    Parameters
    ----------
    result : CleanResult
        As returned by :func:`clean_survey`.

    Returns
    -------
    str or None
        Items that are entirely missing or have a single answer among the screened
        respondents (``missing`` table notes), else, when nobody is left, the step that removed
        the most respondents with what to check; None when neither.
    """
    items = result.missing.loc[(result.missing["level"] == "item") & (result.missing["note"] != "")]
    if len(items):
        listed = "; ".join(
            f"{r.item} (scale {r.scale}): {_NOTE_WORDS.get(r.note, r.note)}"
            for r in items.itertuples(index=False)
        )
        n = int(items["n_cells"].iloc[0])
        return (
            f"{len(items)} item(s) cannot be analysed among the {n:,} screened respondents: "
            f"{listed}. Check the column in the data file, or drop the item from its scale in "
            "the codebook"
        )
    if not result.data.empty:
        return None
    flow = result.flow.iloc[1:]
    if flow.empty:
        return "the data file has no respondents; export the survey with its responses"
    worst = flow.loc[flow["n_excluded"].idxmax()]
    steps = ", ".join(
        f"{s} {int(k):,}" for s, k in zip(flow["step"], flow["n_excluded"], strict=True) if k
    )
    return (
        f"no respondent is left after cleaning: {worst['step']} excluded "
        f"{int(worst['n_excluded']):,} of {int(worst['n_before']):,} ({steps}); "
        f"{_EMPTIED_BY.get(str(worst['step']), 'check that screen')}"
    )


def _mahalanobis(x: pd.DataFrame, remaining: pd.Series) -> pd.DataFrame:
    """d2, df, p for every row, with ML moments from the rows still remaining."""
    empty = pd.DataFrame({"d2": np.nan, "df": np.nan, "p": np.nan}, index=x.index)
    arr = x.to_numpy(dtype=float)
    keep = np.asarray(remaining, dtype=bool)
    varies = np.zeros(arr.shape[1], dtype=bool)  # two distinct answers among those remaining
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN column: nanmin is NaN
        for j in range(arr.shape[1]):
            col = arr[keep, j]
            varies[j] = np.nanmax(col) > np.nanmin(col) if len(col) else False
    usable = np.flatnonzero(varies)
    est = arr[np.ix_(keep, usable)]
    answered = ~np.isnan(est).all(axis=1)
    if not answered.all():
        est = est[answered]
    if not len(usable) or len(est) <= len(usable):
        warnings.warn(
            f"mahalanobis: {len(est)} respondents for {len(usable)} items with variance; "
            "too few to estimate the covariance matrix, the screen flags no one",
            stacklevel=3,
        )
        return empty
    names = [x.columns[j] for j in usable]
    em = em_moments(pd.DataFrame(est, columns=names, copy=False), tol=1e-8, max_iter=500)
    del est
    if not em.converged:
        warnings.warn(
            f"mahalanobis: the EM estimates of the item means and covariances did not converge "
            f"in {em.iterations} iterations (too few respondents or degenerate answers); the "
            "distances use the last estimates",
            stacklevel=3,
        )
    data = x if len(usable) == x.shape[1] else x[names]
    return mahalanobis_distance(data, em.mean, em.cov)


def _missing_table(codebook: Codebook, x: pd.DataFrame, screened: pd.Series) -> pd.DataFrame:
    records = []
    arr = x.to_numpy(dtype=float)
    keep = np.asarray(screened, dtype=bool)
    col_of = {c: j for j, c in enumerate(x.columns)}
    miss_raw = np.isnan(arr).sum(axis=0)
    n_s = int(keep.sum())
    for s in codebook.scales:
        miss_s = {}
        for item in s.items:
            col_s = arr[keep, col_of[item]]
            answered = col_s[~np.isnan(col_s)]
            n_dist = len(pd.unique(answered))
            n_miss = n_s - len(answered)
            miss_s[item] = np.isnan(col_s)
            note = ""
            if n_s and n_miss == n_s:
                note = "all missing"
            elif n_dist == 1:
                note = "zero variance"
            records.append(
                {
                    "level": "item",
                    "scale": s.name,
                    "item": item,
                    "n_cells_raw": len(arr),
                    "n_missing_raw": int(miss_raw[col_of[item]]),
                    "n_cells": n_s,
                    "n_missing": n_miss,
                    "n_incomplete": n_miss,
                    "n_distinct": n_dist,
                    "sd": float(np.std(answered, ddof=1)) if len(answered) >= 2 else np.nan,
                    "note": note,
                }
            )
        block_missing = np.column_stack(list(miss_s.values()))
        records.append(
            {
                "level": "scale",
                "scale": s.name,
                "item": "",
                "n_cells_raw": len(arr) * len(s.items),
                "n_missing_raw": int(sum(miss_raw[col_of[i]] for i in s.items)),
                "n_cells": n_s * len(s.items),
                "n_missing": int(block_missing.sum()),
                "n_incomplete": int(block_missing.any(axis=1).sum()),
                "n_distinct": np.nan,
                "sd": np.nan,
                "note": "",
            }
        )
    df = pd.DataFrame(records)
    with np.errstate(invalid="ignore", divide="ignore"):
        df.insert(5, "share_raw", df["n_missing_raw"] / df["n_cells_raw"].replace(0, np.nan))
        df.insert(8, "share", df["n_missing"] / df["n_cells"].replace(0, np.nan))
    return df
