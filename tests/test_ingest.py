"""Tests for surveysem.ingest: formats, encodings, delimiters, row numbers and every bad input."""

import os
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from surveysem.codebook import parse_codebook
from surveysem.ingest import load_survey, read_responses, read_survey, survey_columns

REALDATA = Path(
    os.environ.get("SURVEYSEM_REALDATA") or Path(__file__).parents[1] / ".." / "shared" / "realdata"
)
PRASOJO = REALDATA / "prasojo2020_teacher_burnout"

CODEBOOK = parse_codebook(
    {
        "scales": {
            "WL": {
                "label": "Workload",
                "role": "stressor",
                "items": ["wl1", "wl2"],
                "range": [1, 5],
            }
        },
        "demographics": {
            "gender": {"label": "Gender", "type": "categorical", "levels": {1: "男", 2: "女"}}
        },
    }
)


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


# ---- CSV: encodings and delimiters ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings_round_trip_chinese_text(tmp_path, encoding):
    text = "编号,wl1,wl2,性别\n1,4,5,男\n2,3,2,女\n"
    df = read_survey(write(tmp_path, "s.csv", text, encoding))
    assert list(df.columns) == ["编号", "wl1", "wl2", "性别", "row"]
    assert df["性别"].tolist() == ["男", "女"]
    assert df["wl1"].tolist() == ["4", "3"]  # raw text, not coerced
    assert df["row"].tolist() == [1, 2]


@pytest.mark.parametrize("delim", [",", ";", "\t"])
def test_csv_delimiter_sniffed(tmp_path, delim):
    text = (
        delim.join(["id", "wl1", "wl2"])
        + "\n"
        + delim.join(["a", "3,5" if delim != "," else "3", "2"])
        + "\n"
    )
    df = read_survey(write(tmp_path, "s.csv", text))
    assert list(df.columns) == ["id", "wl1", "wl2", "row"]
    assert df.loc[0, "wl2"] == "2"


def test_csv_keeps_raw_text_and_numbers_blank_lines_keep_row_numbers(tmp_path):
    text = "wl1,wl2\n4,abc\n\n 3 ,\n,\n5,4.50\n"
    df = read_survey(write(tmp_path, "s.csv", text))
    # the blank line (data row 2) and the all-empty row (data row 4) are not respondents
    assert df["row"].tolist() == [1, 3, 5]
    assert df["wl2"].tolist()[0] == "abc"
    assert df["wl1"].tolist()[1] == " 3 "
    assert pd.isna(df["wl2"].tolist()[1])
    assert df["wl2"].tolist()[2] == "4.50"


def test_gbk_encoded_csv_made_in_test(tmp_path):
    text = "wl1,wl2,性别,备注\n4,3,男,工作压力大\n2,２,女,无\n"
    p = tmp_path / "gbk.csv"
    p.write_bytes(text.encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        p.read_bytes().decode("utf-8")
    df = read_survey(p)
    assert df["备注"].tolist() == ["工作压力大", "无"]
    assert df["wl2"].tolist() == ["3", "２"]


# ---- bad inputs -------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"does not exist; check `data.path`"):
        read_survey(tmp_path / "nope.csv")


def test_empty_file(tmp_path):
    with pytest.raises(ValueError, match=r"e\.csv: the file is empty"):
        read_survey(write(tmp_path, "e.csv", ""))
    with pytest.raises(ValueError, match=r"the file is empty \(only blank lines\)"):
        read_survey(write(tmp_path, "b.csv", "\n\n  \n"))


def test_header_only(tmp_path):
    with pytest.raises(ValueError, match=r"h\.csv: has a header row but no data rows"):
        read_survey(write(tmp_path, "h.csv", "wl1,wl2\n"))
    with pytest.raises(ValueError, match=r"has a header row but no data rows"):
        read_survey(write(tmp_path, "h2.csv", "wl1,wl2\n,\n\n"))


def test_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match=r"unknown file type '\.json'; supported are .*\.xlsx"):
        read_survey(write(tmp_path, "s.json", "{}"))
    with pytest.raises(ValueError, match=r"old \.xls files: open in Excel and save as \.xlsx"):
        read_survey(write(tmp_path, "s.xls", "x"))


def test_unreadable_xlsx(tmp_path):
    p = write(tmp_path, "broken.xlsx", "this is not a zip file")
    with pytest.raises(ValueError, match=r"broken\.xlsx: is not a readable \.xlsx workbook"):
        read_survey(p)


def test_duplicate_and_reserved_column_names(tmp_path):
    with pytest.raises(ValueError, match=r"column name\(s\) wl1 appear more than once"):
        read_survey(write(tmp_path, "d.csv", "wl1,wl1\n1,2\n"))
    with pytest.raises(ValueError, match=r"has a column called 'row'.*rename that column"):
        read_survey(write(tmp_path, "r.csv", "row,wl1\n1,2\n"))


def test_ragged_csv(tmp_path):
    with pytest.raises(ValueError, match=r"header has 2 fields but data row 2 has 4; fix"):
        read_survey(write(tmp_path, "x.csv", "a,b\n1,2\n1,2,3,4\n"))
    # a short row is an error too (it used to be padded silently with missing cells)
    with pytest.raises(ValueError, match=r"data row 1 has 1, data row 3 has 3"):
        read_survey(write(tmp_path, "y.csv", "a,b\n1\n1,2\n1,2,3\n"))


def test_unclosed_quote(tmp_path):
    with pytest.raises(ValueError, match=r"quote \(\"\) in data row 1 is never closed"):
        read_survey(write(tmp_path, "x.csv", 'a,b\n1,"2\n3,4\n'))


def test_csv_cells_kept_as_text(tmp_path):
    df = read_survey(write(tmp_path, "t.csv", 'a,b\n01,"x, y"\n1.0,  \n\n,\n"multi\nline",7\n'))
    assert df["a"].tolist()[:2] == ["01", "1.0"]
    assert df["b"].tolist()[0] == "x, y" and pd.isna(df["b"].iloc[1])
    # the blank line and the all-empty row are not respondents but keep their numbers
    assert df["row"].tolist() == [1, 2, 5]
    assert df["a"].iloc[2] == "multi\nline"


def test_undecodable_csv(tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(b"a,b\n\x81\x30,\xff\xff\n")
    with pytest.raises(ValueError, match=r"cannot decode the file .* save it as 'CSV UTF-8'"):
        read_survey(p)


# ---- XLSX -------------------------------------------------------------------------------


def make_xlsx(path, title=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "info"
    ws["A1"] = "about this survey"
    ws2 = wb.create_sheet("responses")
    if title:
        ws2.append(["Survey of grassroots police officers, 2026"])
        ws2.merge_cells("A1:D1")
    ws2.append(["id", "wl1", "wl2", "gender"])
    ws2.append(["p1", 4, 3.5, 1])
    ws2.append([None, None, None, None])
    ws2.append(["p3", "n/a", 2, "女"])
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet", ["responses", 1])
def test_xlsx_title_row_skipped_and_sheet_selected(tmp_path, sheet):
    df = read_survey(make_xlsx(tmp_path / "s.xlsx"), sheet=sheet)
    assert list(df.columns) == ["id", "wl1", "wl2", "gender", "row"]
    assert df["id"].tolist() == ["p1", "p3"]
    assert df["row"].tolist() == [1, 3]  # the empty spreadsheet row keeps its number
    assert df.loc[0, "wl2"] == 3.5 and df.loc[1, "wl1"] == "n/a"


def test_xlsx_without_title_and_unknown_sheet(tmp_path):
    p = make_xlsx(tmp_path / "s.xlsx", title=False)
    assert read_survey(p, sheet="responses")["row"].tolist() == [1, 3]
    with pytest.raises(
        ValueError, match=r"no sheet called 'Sheet9'; the sheets are info, responses"
    ):
        read_survey(p, sheet="Sheet9")
    with pytest.raises(ValueError, match=r"sheet position 5 does not exist"):
        read_survey(p, sheet=5)


def test_xlsx_header_only(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["wl1", "wl2"])
    wb.save(tmp_path / "h.xlsx")
    with pytest.raises(ValueError, match=r"h\.xlsx: has a header row but no data rows"):
        read_survey(tmp_path / "h.xlsx")


# ---- SPSS / Stata -----------------------------------------------------------------------


@pytest.mark.parametrize("ext", ["sav", "dta"])
def test_spss_stata_keep_codes_and_labels(tmp_path, ext):
    import pyreadstat

    df = pd.DataFrame({"wl1": [1.0, 5.0, np.nan], "gender": [1.0, 2.0, 2.0]})
    labels = {"gender": {1.0: "male", 2.0: "female"}}
    p = tmp_path / f"s.{ext}"
    writer = pyreadstat.write_sav if ext == "sav" else pyreadstat.write_dta
    writer(df, str(p), variable_value_labels=labels)
    out = read_survey(p)
    assert out["gender"].tolist() == [1.0, 2.0, 2.0]  # codes, not labels
    assert out.attrs["value_labels"]["gender"] == {1: "male", 2: "female"}
    assert pd.isna(out.loc[2, "wl1"]) and out["row"].tolist() == [1, 2, 3]


@pytest.mark.parametrize("ext", ["sav", "dta"])
def test_whole_numbers_from_spss_stata_are_written_without_a_decimal_point(tmp_path, ext):
    import pyreadstat

    df = pd.DataFrame(
        {
            "id": [1001.0, 1002.0, 1003.0],
            "wl1": [4.0, np.nan, 2.0],
            "hours": [2.5, 3.0, np.nan],
            "empty": [np.nan, np.nan, np.nan],
            "note": ["a", " ", "c"],
        }
    )
    p = tmp_path / f"s.{ext}"
    (pyreadstat.write_sav if ext == "sav" else pyreadstat.write_dta)(df, str(p))
    out = read_survey(p)
    assert str(out["id"].dtype) == "Int64" and str(out["wl1"].dtype) == "Int64"
    assert out["id"].tolist() == [1001, 1002, 1003] and pd.isna(out.loc[1, "wl1"])
    assert out["hours"].tolist()[:2] == [2.5, 3.0]  # not all whole: kept as floats
    assert out["note"].tolist()[0] == "a" and pd.isna(out.loc[1, "note"])
    out.to_csv(tmp_path / "responses.csv", index=False)
    back = read_responses(tmp_path / "responses.csv")
    assert back["id"].tolist() == ["1001", "1002", "1003"]
    assert back["wl1"].tolist()[::2] == ["4", "2"] and pd.isna(back.loc[1, "wl1"])
    assert back["hours"].tolist()[:2] == ["2.5", "3.0"]
    assert back["empty"].isna().all() and back["row"].tolist() == [1, 2, 3]


def test_unreadable_sav(tmp_path):
    with pytest.raises(ValueError, match=r"cannot read the \.sav file"):
        read_survey(write(tmp_path, "x.sav", "garbage"))


# ---- codebook check and the text copy ---------------------------------------------------


def test_load_survey_names_missing_columns(tmp_path):
    p = write(tmp_path, "s.csv", "wl1,wl_2,gender\n1,2,1\n")
    with pytest.raises(
        ValueError, match=r"scale WL: item column\(s\) wl2 not found in the data"
    ) as e:
        load_survey(p, CODEBOOK)
    assert "Columns in the data: wl1, wl_2, gender" in str(e.value)
    p2 = write(tmp_path, "t.csv", "wl1,wl2,gender\n1,2,1\n")
    with pytest.raises(ValueError, match=r"data.id_column: column 'resp' not found"):
        load_survey(p2, CODEBOOK, id_column="resp")
    # an unknown demographic code is NOT an error at ingest (the cleaner logs it)
    assert len(load_survey(write(tmp_path, "u.csv", "wl1,wl2,gender\n1,2,9\n"), CODEBOOK)) == 1


def test_text_copy_round_trip(tmp_path):
    df = read_survey(make_xlsx(tmp_path / "s.xlsx"), sheet="responses")
    df.to_csv(tmp_path / "responses.csv", index=False)
    back = read_responses(tmp_path / "responses.csv")
    assert back["row"].tolist() == [1, 3]
    assert back["wl2"].tolist() == ["3.5", "2"]
    assert back["wl1"].tolist() == ["4", "n/a"]
    assert pd.isna(back["id"]).tolist() == [False, False]


# ---- real data --------------------------------------------------------------------------


@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is absent (fresh clone)")
def test_prasojo_xlsx_equals_csv():
    x = read_survey(PRASOJO / "Response.xlsx")
    c = read_survey(PRASOJO / "teachers_burnout_prasojo2020.csv")
    assert x.shape == c.shape == (876, 24)
    assert (
        x.drop(columns="row").astype(float).to_numpy()
        == c.drop(columns="row").astype(float).to_numpy()
    ).all()


# ---- the header alone (the start-up check) -----------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_survey_columns_reads_the_header_as_read_survey_names_it(tmp_path, encoding):
    p = write(tmp_path, "s.csv", "编号;自我概念1; wl2 \n1;4;3\n", encoding=encoding)
    assert survey_columns(p) == ["编号", "自我概念1", "wl2"]
    assert survey_columns(p) == [c for c in read_survey(p).columns if c != "row"]


def test_survey_columns_of_other_formats_and_bad_files(tmp_path):
    import pyreadstat

    pyreadstat.write_sav(pd.DataFrame({"wl1": [1.0], "sex": [2.0]}), str(tmp_path / "s.sav"))
    assert survey_columns(tmp_path / "s.sav") == ["wl1", "sex"]
    assert survey_columns(make_xlsx(tmp_path / "s.xlsx"), sheet=1) == ["id", "wl1", "wl2", "gender"]
    with pytest.raises(ValueError, match="appear more than once"):
        survey_columns(write(tmp_path, "d.csv", "a,b,a\n1,2,3\n"))
    with pytest.raises(ValueError, match="does not exist"):
        survey_columns(tmp_path / "none.csv")
