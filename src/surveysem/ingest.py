"""Reading a raw survey file: the one module of the package that reads files.

Supported formats
-----------------
* ``.csv`` / ``.tsv`` / ``.txt``: encoding detected among UTF-8, UTF-8 with BOM, UTF-16 with
  BOM and GB18030 (a superset of GBK and GB2312, what Chinese Excel and WJX/Wenjuanxing exports
  use); delimiter sniffed among comma, semicolon and tab. Every cell is kept as its raw text;
  the columns are pandas Categoricals of those texts (read by pyarrow's multi-threaded parser,
  dictionary-encoded: a survey column holds few distinct answers).
* ``.xlsx``: the sheet is selectable (name, or 0-based position; default the first). A title
  row above the header (one merged or single title cell) is skipped: the header is the first row
  whose cells are mostly non-empty text. Cells keep the type Excel stored (number or text).
* ``.sav`` (SPSS) and ``.dta`` (Stata) through pyreadstat: codes are kept, never replaced by
  their labels; the value labels are in ``df.attrs["value_labels"]`` (column -> {code: label})
  and the variable labels in ``df.attrs["column_labels"]``. SPSS stores every number as a
  float; a numeric column whose values are all whole numbers is read as pandas' nullable
  ``Int64`` (missing cells ``<NA>``), so that ids and answers keep their written form (``1001``,
  ``4``, not ``1001.0``, ``4.0``) in the text copy ``results/ingest/responses.csv``.

Nothing is coerced: a cell that is text stays text, so that the cleaner can log it. Only cells
that are empty or whitespace become missing (``NaN``). Rows that are entirely empty are not
respondents and are dropped, but they keep their place in the numbering: the added column
``row`` is the 1-based position of the data row in the raw file, counted from the first row
under the header (so in a spreadsheet ``row`` = spreadsheet row number - header row number).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from surveysem.codebook import Codebook, check_columns

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
SUPPORTED = (*CSV_SUFFIXES, ".xlsx", ".sav", ".dta")
ROW = "row"


def read_survey(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a raw survey file into a DataFrame of raw cell values plus a ``row`` column.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (also ``.tsv``, ``.txt``), ``.xlsx``, ``.sav`` or ``.dta`` file.
    sheet : str, int or None
        For ``.xlsx`` only: the sheet's name, or its 0-based position. ``None`` reads the first
        sheet.

    Returns
    -------
    DataFrame
        One row per respondent (non-empty data row), in file order. Columns: the file's columns
        with their raw values (text from CSV; the stored number or text from XLSX, SPSS and
        Stata; ``NaN`` for empty cells), then ``row`` (int, 1-based data row in the raw file,
        header excluded). For SPSS/Stata files ``attrs["value_labels"]`` and
        ``attrs["column_labels"]`` hold the labels, and numeric columns of whole numbers are
        ``Int64`` (missing cells ``<NA>``).

    Raises
    ------
    ValueError
        The file is missing, empty, has a header but no data rows, cannot be decoded or parsed,
        repeats a column name, already has a column called ``row``, or has an unsupported
        extension. The message names the file and says what to do.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(
            f"{path}: the survey data file does not exist; check `data.path` in the study "
            "file (paths are relative to the repository root)"
        )
    if path.is_dir():
        raise ValueError(f"{path}: is a folder, not a data file; point `data.path` at the file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ValueError(
            f"{path}: unknown file type {suffix or '(no extension)'!r}; supported are "
            f"{', '.join(SUPPORTED)}. Save the survey as CSV (UTF-8) or .xlsx"
            + (" (old .xls files: open in Excel and save as .xlsx)" if suffix == ".xls" else "")
        )
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty; export the survey responses again")
    if suffix in CSV_SUFFIXES:
        df = _read_csv(path)
    elif suffix == ".xlsx":
        df = _read_xlsx(path, sheet)
    else:
        df = _read_stat(path, suffix)
    return _finish(df, path)


def read_responses(path: str | Path) -> pd.DataFrame:
    """Read back the text copy written by the ``ingest_survey`` rule.

    Parameters
    ----------
    path : str or Path
        ``results/ingest/responses.csv`` (UTF-8, every cell as text, with a ``row`` column).

    Returns
    -------
    DataFrame
        The raw columns as text (``NaN`` for empty cells) and ``row`` as int, exactly as
        :func:`read_survey` returned them (numbers now in their text form).
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: not found; run the ingest_survey rule first")
    body = _utf8_body(path)
    header = next(csv.reader(io.StringIO(_head_text(body))), [])
    if ROW not in header:
        raise ValueError(f"{path}: has no `row` column; it was not written by ingest_survey")
    df = _text_frame(path, body, ",", header)
    df[ROW] = df[ROW].astype(int)
    return df


def load_survey(
    path: str | Path,
    codebook: Codebook,
    *,
    sheet: str | int | None = None,
    id_column: str | None = None,
) -> pd.DataFrame:
    """Read a survey file and check that it has every column the codebook names.

    Parameters
    ----------
    path : str or Path
        The survey file (see :func:`read_survey`).
    codebook : Codebook
        The parsed codebook.
    sheet : str, int or None
        XLSX sheet (see :func:`read_survey`).
    id_column : str or None
        The respondent-id column, checked to exist when given.

    Returns
    -------
    DataFrame
        As :func:`read_survey`.

    Raises
    ------
    ValueError
        Everything :func:`read_survey` raises, and every codebook column (items, demographics,
        attention items, duration column, id column) missing from the file.
    """
    df = read_survey(path, sheet=sheet)
    check_columns(codebook, df, source=str(path), id_column=id_column)
    return df


def survey_columns(path: str | Path, sheet: str | int | None = None) -> list[str]:
    """The column names of a survey file, read from its header only where the format allows.

    Parameters
    ----------
    path : str or Path
        The survey file (see :func:`read_survey`).
    sheet : str, int or None
        XLSX sheet (see :func:`read_survey`).

    Returns
    -------
    list of str
        The columns in file order, as :func:`read_survey` names them (without ``row``). CSV
        files are read from their first MiB, SPSS and Stata files from their metadata; XLSX
        files (and any CSV whose head cannot be read on its own) are read whole.

    Raises
    ------
    ValueError
        Whatever :func:`read_survey` raises for the file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES and path.is_file():
        with open(path, "rb") as fh:
            raw = fh.read(1 << 20)
        if b"\n" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raw = raw[: raw.rindex(b"\n") + 1]
            encoding, bom = _detect_encoding(raw, path)
            head = raw[bom:].decode(encoding).lstrip("\r\n")
            header = next(csv.reader(io.StringIO(head), delimiter=_sniff_delimiter(head)), [])
            names = [h.strip() for h in header]
            if names and all(names):
                _check_header(names, path)
                return names
    if suffix in (".sav", ".dta") and path.is_file():
        import pyreadstat

        reader = pyreadstat.read_sav if suffix == ".sav" else pyreadstat.read_dta
        try:
            _, meta = reader(str(path), metadataonly=True)
            return [str(c) for c in meta.column_names]
        except Exception:  # noqa: BLE001 - read_survey below names the problem
            pass
    return [str(c) for c in read_survey(path, sheet=sheet).columns if c != ROW]


# ------------------------------------------------------------------------------------------
# CSV
# ------------------------------------------------------------------------------------------


def _detect_encoding(raw: bytes, path: Path) -> tuple[str, int]:
    """The file's encoding and the length of its byte-order mark."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    try:
        raw.decode("utf-8")  # validation only; the decoded text is dropped at once
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030", 0
    except UnicodeDecodeError as err:
        raise ValueError(
            f"{path}: cannot decode the file as UTF-8, UTF-8 with BOM, UTF-16 or GB18030/GBK "
            f"(byte {err.start}); save it as 'CSV UTF-8' in Excel, or re-export it"
        ) from None


def _utf8_body(path: Path) -> memoryview:
    """The file as UTF-8 bytes, without a byte-order mark and without leading blank lines."""
    raw = path.read_bytes()
    encoding, bom = _detect_encoding(raw, path)
    if encoding == "utf-8":
        body = memoryview(raw)[bom:]
    else:
        body = memoryview(raw.decode(encoding).encode("utf-8"))
    start = 0
    while start < len(body) and body[start] in b"\r\n":
        start += 1
    return body[start:]


def _head_text(body: memoryview, size: int = 1 << 16) -> str:
    """The first ``size`` bytes of the body (up to the last complete line) as text."""
    chunk = bytes(body[:size])
    if len(body) > size and b"\n" in chunk:
        chunk = chunk[: chunk.rindex(b"\n") + 1]
    return chunk.decode("utf-8", errors="replace")


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ",", (0, 0)
    for delim in (",", ";", "\t"):
        try:
            rows = list(csv.reader(lines, delimiter=delim))
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(len(r) == width for r in rows)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text, with pyarrow's multi-threaded CSV reader.

    Each column comes back as a pandas Categorical of the raw texts (a survey column holds few
    distinct answers, so this is small and its codes are the factorisation the cleaner uses);
    empty and white-space cells are missing.
    """

    body = _utf8_body(path)
    head = _head_text(body)
    if not head.strip():
        raise ValueError(f"{path}: the file is empty (only blank lines); export the survey again")
    delim = _sniff_delimiter(head)
    try:
        header = next(csv.reader(io.StringIO(head), delimiter=delim))
    except csv.Error as err:
        raise ValueError(f"{path}: cannot parse the header row ({err})") from None
    _check_header([h.strip() for h in header], path)
    df = _text_frame(path, body, delim, header)
    df["__row__"] = np.arange(1, len(df) + 1)
    return df


def _text_frame(path: Path, body: memoryview, delim: str, header: list[str]) -> pd.DataFrame:
    """Parse CSV bytes (UTF-8, header first) into Categorical text columns, blanks missing."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    if _count_byte(body, b'"') % 2:  # pyarrow would read an unclosed quote to the end
        raise ValueError(_unclosed_quote_message(path, body, delim))
    bad_rows: list = []

    def keep_bad(row) -> str:
        bad_rows.append(row)
        return "skip"

    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            parse_options=pa_csv.ParseOptions(
                delimiter=delim,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=keep_bad,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, text),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as err:
        raise ValueError(
            f"{path}: cannot parse the file as a table with delimiter {delim!r} ({err}); check "
            "that quotes are closed and that every row has as many fields as the header"
        ) from None
    if bad_rows:
        raise ValueError(_field_count_message(path, body, delim, len(header)))
    table = table.rename_columns([h.strip() or f"Unnamed: {j}" for j, h in enumerate(header)])
    df = table.to_pandas()
    del table
    for c in df.columns:
        cats = df[c].cat.categories
        blank = cats[cats.str.strip() == ""]
        if len(blank):
            df[c] = df[c].cat.remove_categories(blank)
    return df


def _count_byte(body: memoryview, byte: bytes, chunk: int = 1 << 24) -> int:
    return sum(bytes(body[i : i + chunk]).count(byte) for i in range(0, len(body), chunk))


def _unclosed_quote_message(path: Path, body: memoryview, delim: str) -> str:
    """Name the data row where a quote opens and never closes (error path)."""
    reader = csv.reader(io.StringIO(bytes(body).decode("utf-8")), delimiter=delim, strict=True)
    read = 0  # rows read without error, the header included
    try:
        for _ in reader:
            read += 1
        where = "the file"
    except csv.Error:
        where = f"data row {read}" if read else "the header row"
    return (
        f'{path}: cannot parse the file as a table: a quote (") in {where} is never closed, '
        "so every following line would be read as one answer; close or remove that quote"
    )


def _field_count_message(path: Path, body: memoryview, delim: str, width: int) -> str:
    """Name the data rows whose number of fields differs from the header's (error path)."""
    reader = csv.reader(io.StringIO(bytes(body).decode("utf-8")), delimiter=delim)
    next(reader)
    bad = [(i, len(r)) for i, r in enumerate(reader, start=1) if r and len(r) != width]
    shown = ", ".join(f"data row {i} has {k}" for i, k in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    return (
        f"{path}: the header has {width} fields but {shown}{more}; fix those rows (a stray "
        f"delimiter {delim!r} inside an answer must be quoted) and export the file again"
    )


def _check_header(names: list, path: Path) -> None:
    seen, dups = set(), []
    for n in names:
        if n and n in seen:
            dups.append(n)
        seen.add(n)
    if dups:
        raise ValueError(
            f"{path}: column name(s) {', '.join(sorted(set(dups)))} appear more than once in "
            "the header; give every column a unique name"
        )
    if ROW in names:
        raise ValueError(
            f"{path}: has a column called {ROW!r}, a name the pipeline reserves for the row "
            "number in the raw file; rename that column"
        )


# ------------------------------------------------------------------------------------------
# XLSX
# ------------------------------------------------------------------------------------------


def _is_blank(v) -> bool:
    return (
        v is None
        or (isinstance(v, str) and not v.strip())
        or (isinstance(v, float) and math.isnan(v))
    )


def _read_xlsx(path: Path, sheet: str | int | None) -> pd.DataFrame:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as err:  # openpyxl raises many types for broken files
        raise ValueError(
            f"{path}: is not a readable .xlsx workbook ({type(err).__name__}: {err}); open it "
            "in Excel or LibreOffice and save it again as .xlsx, or export it as CSV (UTF-8)"
        ) from None
    names = wb.sheetnames
    if sheet is None:
        ws = wb.worksheets[0]
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise ValueError(
                f"{path}: sheet position {sheet} does not exist (0-based; the workbook has "
                f"{len(names)} sheet(s): {', '.join(names)}); set `data.sheet`"
            )
        ws = wb.worksheets[sheet]
    else:
        if sheet not in names:
            raise ValueError(
                f"{path}: no sheet called {sheet!r}; the sheets are {', '.join(names)}; "
                "set `data.sheet` to one of them"
            )
        ws = wb[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    used = [i for i, r in enumerate(rows) if any(not _is_blank(v) for v in r)]
    if not used:
        raise ValueError(f"{path}: sheet {ws.title!r} is empty; choose another `data.sheet`")
    width = max(max((j + 1 for j, v in enumerate(r) if not _is_blank(v)), default=0) for r in rows)
    rows = [(r + [None] * width)[:width] for r in rows]
    header_at = None
    for i in used[:30]:
        r = rows[i]
        n_text = sum(isinstance(v, str) and bool(v.strip()) for v in r)
        if n_text > width / 2:
            header_at = i
            break
    if header_at is None:
        raise ValueError(
            f"{path}: sheet {ws.title!r} has no header row (a row whose cells are mostly "
            "non-empty column names) in its first rows; put the column names in one row "
            "above the data"
        )
    header = [
        (str(v).strip() if not _is_blank(v) else f"Unnamed: {j}")
        for j, v in enumerate(rows[header_at])
    ]
    _check_header(header, path)
    body = rows[header_at + 1 :]
    values = [[np.nan if _is_blank(v) else v for v in r] for r in body]
    df = pd.DataFrame(values, columns=header, dtype=object)
    df["__row__"] = np.arange(1, len(df) + 1)
    return df


# ------------------------------------------------------------------------------------------
# SPSS / Stata
# ------------------------------------------------------------------------------------------


def _read_stat(path: Path, suffix: str) -> pd.DataFrame:
    import pyreadstat

    reader = pyreadstat.read_sav if suffix == ".sav" else pyreadstat.read_dta
    try:
        df, meta = reader(str(path), apply_value_formats=False)
    except Exception as err:  # pyreadstat.ReadstatError and OSError
        raise ValueError(
            f"{path}: cannot read the {suffix} file ({type(err).__name__}: {err}); save it "
            "again from SPSS/Stata, or export it as CSV (UTF-8)"
        ) from None
    _check_header([str(c) for c in df.columns], path)
    whole = [c for c in df.columns if _whole_numbers(df[c])]
    other = [c for c in df.columns if c not in whole]
    df = df.astype(dict.fromkeys(other, object) | dict.fromkeys(whole, "Int64"))
    if other:
        df[other] = df[other].where(~df[other].apply(lambda c: c.map(_is_blank)), np.nan)
    df["__row__"] = np.arange(1, len(df) + 1)
    df.attrs["value_labels"] = dict(meta.variable_value_labels or {})
    df.attrs["column_labels"] = dict(zip(meta.column_names, meta.column_labels or [], strict=False))
    return df


def _whole_numbers(col: pd.Series) -> bool:
    """True for a float column whose non-missing values are all whole numbers (at least one).

    Such a column is exactly representable as ``Int64``: its values are finite and within
    +-2**53, where every whole float is an exact integer.
    """
    if not pd.api.types.is_float_dtype(col.dtype):
        return False
    x = col.to_numpy(dtype=float)
    x = x[~np.isnan(x)]
    return bool(len(x)) and bool(np.all(np.abs(x) <= 2.0**53)) and bool(np.all(x == np.floor(x)))


def _finish(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    attrs = dict(df.attrs)
    data_cols = [c for c in df.columns if c != "__row__"]
    unnamed_empty = [c for c in data_cols if str(c).startswith("Unnamed: ") and df[c].isna().all()]
    df = df.drop(columns=unnamed_empty)
    data_cols = [c for c in data_cols if c not in unnamed_empty]
    if not data_cols:
        raise ValueError(f"{path}: no columns found; the first row must hold the column names")
    nonempty = df[data_cols].notna().any(axis=1)
    if not nonempty.all():
        df = df.loc[nonempty].reset_index(drop=True)
    df = df.rename(columns={"__row__": ROW})
    if df.empty:
        raise ValueError(
            f"{path}: has a header row but no data rows; export the survey with its responses"
        )
    df[ROW] = df[ROW].astype(int)
    df.attrs = attrs
    return df
