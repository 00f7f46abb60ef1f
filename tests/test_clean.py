"""Tests for surveysem.clean: cell fixes, every screen, the ledger invariant, Little's MCAR test.

R references (tests/reference/clean/, made by tests/reference/R/clean.R): Little's test with
the EM moments written out in R, cross-checked against lavaan's saturated missing = "ml" model;
Mahalanobis distances from stats::mahalanobis. longstring and irv are checked against hand
counts (the R package careless is not installed).
"""

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from surveysem.clean import (
    analysis_problem,
    clean_survey,
    irv_index,
    longstring_index,
    mahalanobis_distance,
    parse_numeric,
)
from surveysem.codebook import parse_codebook
from surveysem.ingest import read_survey
from surveysem.missing import em_moments

ROOT = Path(__file__).parents[1]
REF = ROOT / "tests" / "reference" / "clean"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA") or ROOT / ".." / "shared" / "realdata")
TOL = 1e-3


def codebook(attention=True, duration=True):
    raw = {
        "scales": {
            "A": {
                "label": "A",
                "role": "stressor",
                "items": ["a1", "a2", "a3"],
                "reverse": ["a3"],
                "range": [1, 5],
            },
            "B": {"label": "B", "role": "burnout", "items": ["b1", "b2"], "range": [1, 7]},
        },
        "demographics": {
            "gender": {
                "label": "Gender",
                "type": "categorical",
                "levels": {1: "male", 2: "female"},
            },
            "age": {"label": "Age", "type": "numeric", "range": [18, 65]},
        },
        "checks": {},
    }
    if attention:
        raw["checks"]["attention"] = {"aq": 4}
    if duration:
        raw["checks"]["duration_column"] = "secs"
    return parse_codebook(raw)


def frame(rows, columns=("pid", "a1", "a2", "a3", "b1", "b2", "gender", "age", "aq", "secs")):
    df = pd.DataFrame(
        [[None if v is None else str(v) for v in r] for r in rows],
        columns=list(columns),
        dtype=object,
    )
    df = df.where(df.notna(), np.nan)
    df["row"] = np.arange(1, len(df) + 1)
    return df


BASE = [
    ["p1", 1, 2, 3, 4, 5, 1, 30, 4, 400],
    ["p2", 2, 3, 1, 5, 6, 2, 40, 4, 500],
    ["p3", 3, 4, 2, 3, 2, 1, 50, 4, 600],
    ["p4", 4, 1, 5, 2, 3, 2, 35, 4, 700],
    ["p5", 5, 2, 4, 1, 4, 1, 45, 4, 800],
]


def run(raw, cb=None, **kw):
    opts = {"id_column": "pid", "mahalanobis_p": 0.001}
    opts.update(kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return clean_survey(raw, cb or codebook(), **opts)


def assert_ledger(res, n_raw):
    assert len(res.data) + len(res.exclusions) == n_raw
    assert len(res.flags) == n_raw
    f = res.flow
    assert f.loc[0, "step"] == "raw" and f.loc[0, "n_before"] == n_raw
    assert (f["n_before"] - f["n_excluded"] == f["n_after"]).all()
    assert (f["n_before"].iloc[1:].to_numpy() == f["n_after"].iloc[:-1].to_numpy()).all()
    assert f["n_after"].iloc[-1] == len(res.data)
    assert f["n_excluded"].sum() == len(res.exclusions)
    assert res.exclusions["row"].is_unique
    counts = res.exclusions["reason"].value_counts()
    for step, k in zip(f["step"].iloc[1:], f["n_excluded"].iloc[1:], strict=True):
        assert counts.get(step, 0) == k
    assert res.flags["excluded"].sum() == len(res.exclusions)


# ---- cells ------------------------------------------------------------------------------


def test_parse_numeric_status():
    v, s = parse_numeric(
        pd.Series(["4", " 2.5 ", "４", "abc", "NA", "", np.nan, "1e1"], dtype=object)
    )
    assert s.tolist() == ["ok", "ok", "ok", "non_numeric", "missing", "missing", "missing", "ok"]
    assert v.iloc[[0, 1, 2, 7]].tolist() == [4.0, 2.5, 4.0, 10.0]


def test_parse_numeric_same_on_categorical_numbers_and_text():
    cells = ["4", " 2.5 ", "４", "abc", "NA", None, "1_000", "nan", "5", "4"]
    v_obj, s_obj = parse_numeric(pd.Series(cells, dtype=object))
    v_cat, s_cat = parse_numeric(pd.Series(cells, dtype="category"))
    pd.testing.assert_series_equal(v_obj, v_cat)
    assert s_obj.tolist() == s_cat.tolist()
    # as pandas.to_numeric: no digit-group underscores; the text "nan" is a missing marker
    assert s_obj.tolist()[6:8] == ["non_numeric", "missing"]
    v_num, s_num = parse_numeric(pd.Series([1.0, np.nan, 3.5]))
    assert s_num.tolist() == ["ok", "missing", "ok"] and v_num.iloc[2] == 3.5
    # raw numbers of mixed type (as read from .xlsx)
    v_mix, s_mix = parse_numeric(pd.Series([3, 2.0, "x", np.nan], dtype=object))
    assert v_mix.iloc[:2].tolist() == [3.0, 2.0]
    assert s_mix.tolist() == ["ok", "ok", "non_numeric", "missing"]


def test_cell_fixes_text_out_of_range_levels_and_reverse_scoring():
    rows = [r[:] for r in BASE]
    rows[0][1] = "abc"  # text in a numeric item
    rows[1][4] = 9  # out of range for B (1..7)
    rows[2][6] = 3  # gender code not a level
    rows[3][6] = "Female"  # level label: accepted as code 2
    rows[4][7] = 120  # age out of range
    rows[4][2] = "NA"  # missing marker: missing, not a fix
    res = run(frame(rows), missing="fiml", exclude=[])
    fx = res.cell_fixes
    assert fx[["row", "id", "column", "value", "reason"]].values.tolist() == [
        [1, "p1", "a1", "abc", "non_numeric"],
        [2, "p2", "b1", "9", "out_of_range"],
        [3, "p3", "gender", "3", "unknown_level"],
        [5, "p5", "age", "120", "out_of_range"],
    ]
    d = res.data.set_index("pid")
    assert np.isnan(d.loc["p1", "a1"]) and np.isnan(d.loc["p2", "b1"])
    assert d.loc["p4", "gender"] == 2.0 and np.isnan(d.loc["p3", "gender"])
    assert np.isnan(d.loc["p5", "a2"])
    # a3 reversed on 1..5: new = 6 - old; b items not reversed
    assert d["a3"].tolist() == [3.0, 5.0, 4.0, 1.0, 2.0]
    assert d["b2"].tolist() == [5.0, 6.0, 2.0, 3.0, 4.0]
    assert list(res.data.columns) == ["pid", "a1", "a2", "a3", "b1", "b2", "gender", "age"]
    assert res.flags["n_cell_fixes"].tolist() == [1, 1, 1, 0, 1]
    assert_ledger(res, 5)
    # pairwise deletion (WLSMV) keeps the incomplete respondents too, like FIML
    pw = run(frame(rows), missing="pairwise", exclude=[])
    pd.testing.assert_frame_equal(pw.data, res.data)


def test_without_id_column_respondents_numbered_in_file_order():
    raw = frame(BASE).drop(columns="pid")
    res = run(raw, id_column=None, exclude=[], missing="fiml")
    assert res.data["id"].tolist() == [1, 2, 3, 4, 5]
    assert res.flags["flag_duplicate_id"].sum() == 0


# ---- screens ----------------------------------------------------------------------------


def test_duplicate_rows_and_ids():
    rows = [*BASE, BASE[0][:], BASE[1][:]]
    rows[6][1] = 5  # same id p2, different answers
    raw = frame(rows)
    res = run(raw, exclude=["duplicate_id"], missing="fiml")
    assert res.flags["flag_duplicate_row"].tolist() == [False] * 5 + [True, False]
    # a repeated id is the same respondent whatever the answers: the exact copy (row 6, id
    # p1) is a duplicate id too, and with an id column it is excluded by default
    assert res.flags["flag_duplicate_id"].tolist() == [False] * 5 + [True, True]
    assert res.exclusions[["row", "id", "reason"]].values.tolist() == [
        [6, "p1", "duplicate_id"],
        [7, "p2", "duplicate_id"],
    ]
    assert len(res.data) == 5
    assert_ledger(res, 7)
    # without an id column an exact copy is flagged and kept, as before
    res0 = clean_survey(
        raw.drop(columns="pid"), codebook(), exclude=["duplicate_id"], missing="fiml"
    )
    assert res0.flags["flag_duplicate_row"].sum() == 1 and len(res0.data) == 7
    res2 = run(raw, exclude=["duplicate_id"], drop_duplicate_rows=True, missing="fiml")
    assert res2.exclusions[["row", "reason"]].values.tolist() == [
        [6, "duplicate_row"],
        [7, "duplicate_id"],
    ]
    assert res2.flow["step"].tolist() == ["raw", "duplicate_row", "duplicate_id"]
    assert_ledger(res2, 7)


def test_attention_and_speeder():
    rows = [r[:] for r in BASE]
    rows[0][8] = 2  # wrong attention answer
    rows[1][8] = None  # unanswered: not a failure
    rows[2][9] = 100  # speeder
    rows[3][9] = "fast"  # non-numeric duration: logged, not a speeder
    res = run(
        frame(rows), exclude=["attention_check", "speeder"], min_duration_sec=180, missing="fiml"
    )
    assert res.exclusions[["id", "reason"]].values.tolist() == [
        ["p1", "attention_check"],
        ["p3", "speeder"],
    ]
    assert res.cell_fixes["column"].tolist() == ["secs"]
    res_null = run(frame(rows), exclude=["speeder"], min_duration_sec=None, missing="fiml")
    assert res_null.flags["flag_speeder"].sum() == 0 and list(res_null.flow["step"]) == ["raw"]
    with pytest.raises(
        ValueError, match=r"min_duration_sec is 180 but the codebook has no checks.duration_column"
    ):
        run(frame(rows), cb=codebook(duration=False), min_duration_sec=180)


def test_longstring_and_irv_hand_counts():
    x = pd.DataFrame(
        [[3, 3, 3, 3, 3], [1, 2, 2, 2, 1], [1, 1, np.nan, 1, 1], [np.nan] * 5, [1, 2, 3, 4, 5]],
        dtype=float,
    )
    assert longstring_index(x).tolist() == [5, 3, 2, 0, 1]
    irv = irv_index(x)
    assert irv.iloc[0] == 0.0
    assert irv.iloc[1] == pytest.approx(np.std([1, 2, 2, 2, 1], ddof=1), abs=1e-12)
    assert irv.iloc[4] == pytest.approx(np.sqrt(2.5), abs=1e-12)
    assert np.isnan(irv.iloc[3])


def test_longstring_screen_auto_and_fixed_threshold():
    rows = [r[:] for r in BASE]
    rows[0][1:6] = [3, 3, 3, 3, 5]  # run 4 across a1..b1 (file order) > auto max(2, 5 // 2) = 2
    rows[1][1:6] = [2, 2, 3, 4, 5]  # run 2: not flagged
    res = run(frame(rows), exclude=["longstring", "irv"], missing="fiml")
    assert res.flags["longstring"].tolist()[:2] == [4, 2]
    assert res.flags["longstring_max"].iloc[0] == 2
    assert res.flags["flag_longstring"].tolist()[:2] == [True, False]
    res4 = run(frame(rows), exclude=["longstring"], longstring_max=4, missing="fiml")
    assert res4.flags["flag_longstring"].sum() == 0
    # an all-identical respondent is flagged by both; detail lists the second reason
    rows[2][1:6] = [4, 4, 4, 4, 4]
    res = run(frame(rows), exclude=["longstring", "irv"], missing="fiml")
    ex = res.exclusions.set_index("id")
    assert ex.loc["p3", "reason"] == "longstring" and ex.loc["p3", "detail"] == "irv"


def test_mahalanobis_matches_r_on_complete_data():
    d = pd.read_csv(REF / "mahalanobis_input.csv")
    ref = pd.read_csv(REF / "mahalanobis.csv")
    em = em_moments(d)
    md = mahalanobis_distance(d, em.mean, em.cov)
    np.testing.assert_allclose(md["d2"], ref["d2"], atol=1e-8)
    np.testing.assert_allclose(md["p"], ref["p"], atol=1e-8)
    assert (md["df"] == 3).all()


def test_mahalanobis_screen_flags_an_outlier_and_uses_available_items():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(200, 1))
    items = np.clip(np.rint(3 + z + rng.normal(scale=0.6, size=(200, 5))), 1, 5)
    items[0] = [5, 1, 1, 1, 5]  # inconsistent answers to correlated items
    items[1, 2] = np.nan
    rows = [[f"p{i}", *items[i], 1, 30, 4, 500] for i in range(200)]
    rows = [[None if (isinstance(v, float) and np.isnan(v)) else v for v in r] for r in rows]
    cb = codebook()
    cb2 = parse_codebook(
        {
            "scales": {
                "A": {
                    "label": "A",
                    "role": "stressor",
                    "items": ["a1", "a2", "a3"],
                    "range": [1, 5],
                },
                "B": {"label": "B", "role": "burnout", "items": ["b1", "b2"], "range": [1, 5]},
            }
        }
    )
    res = run(frame(rows), cb=cb2, exclude=["mahalanobis"], missing="fiml")
    fl = res.flags
    assert fl.loc[0, "flag_mahalanobis"] and fl.loc[0, "mahalanobis_p"] < 1e-3
    assert fl.loc[1, "mahalanobis_df"] == 4 and fl.loc[2, "mahalanobis_df"] == 5
    assert res.exclusions["id"].iloc[0] == "p0"
    assert cb.items  # the default fixture codebook is unchanged
    assert_ledger(res, 200)


def test_too_many_missing_and_listwise_last():
    rows = [r[:] for r in BASE]
    rows[0][4] = rows[0][5] = None  # B entirely missing: share 1 > 0.5
    rows[1][1] = None  # A 1/3 missing: kept by too_many_missing, dropped by listwise
    res = run(frame(rows), exclude=["too_many_missing"], missing="listwise")
    assert res.flow["step"].tolist() == ["raw", "too_many_missing", "listwise_incomplete"]
    assert res.exclusions[["id", "reason", "detail"]].values.tolist() == [
        ["p1", "too_many_missing", "listwise_incomplete"],
        ["p2", "listwise_incomplete", ""],
    ]
    assert res.flags.loc[0, "missing_B"] == 1.0
    assert res.flags.loc[1, "missing_A"] == pytest.approx(1 / 3)
    fiml = run(frame(rows), exclude=["too_many_missing"], missing="fiml")
    assert len(fiml.data) == 4 and fiml.data["a1"].isna().sum() == 1
    m = fiml.missing.set_index(["level", "scale", "item"])
    assert m.loc[("item", "A", "a1"), "n_missing"] == 1
    assert m.loc[("scale", "B", ""), "n_missing_raw"] == 2
    assert m.loc[("scale", "A", ""), "share"] == pytest.approx(1 / 12)
    assert_ledger(res, 5)


def test_all_missing_and_zero_variance_items_warn_but_do_not_crash():
    rows = [r[:] for r in BASE]
    for r in rows:
        r[2] = None  # a2 never answered
        r[5] = 4  # b2 has no variance
    with pytest.warns(UserWarning, match=r"item a2 \(scale A\): all missing"):
        res = clean_survey(frame(rows), codebook(), id_column="pid", missing="fiml")
    notes = res.missing.set_index("item")["note"]
    assert notes["a2"] == "all missing" and notes["b2"] == "zero variance"
    assert_ledger(res, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res_lw = clean_survey(frame(rows), codebook(), id_column="pid", missing="listwise")
    assert res_lw.data.empty and len(res_lw.exclusions) == 5
    assert_ledger(res_lw, 5)


def test_the_verdict_names_the_items_that_cannot_be_analysed():
    rows = [r[:] for r in BASE]
    for r in rows:
        r[2] = None  # a2 never answered
        r[5] = 4  # b2 has no variance
    for missing in ("fiml", "listwise"):  # listwise: nobody left, but the items are the cause
        assert analysis_problem(run(frame(rows), missing=missing)) == (
            "2 item(s) cannot be analysed among the 5 screened respondents: a2 (scale A): all "
            "missing (no one answered it); b2 (scale B): zero variance (everyone gave the same "
            "answer). Check the column in the data file, or drop the item from its scale in the "
            "codebook"
        )
    assert analysis_problem(run(frame(BASE))) is None


def test_the_verdict_names_the_screen_that_left_nobody():
    rows = [r[:] for r in BASE]
    for r in rows:
        r[0] = "p1"  # one id for everyone: the first submission is kept...
    res = run(frame(rows + [r[:] for r in BASE]), exclude=["duplicate_id", "speeder"],
              min_duration_sec=10_000)  # fmt: skip
    # ... and the speeder screen removes it with the other five
    assert res.data.empty
    assert analysis_problem(res) == (
        "no respondent is left after cleaning: duplicate_id excluded 5 of 10 (duplicate_id 5, "
        "speeder 5); the ids repeat; check that data.id_column names the respondent id"
    )
    res = run(frame(BASE), exclude=["speeder"], min_duration_sec=10_000)
    assert analysis_problem(res) == (
        "no respondent is left after cleaning: speeder excluded 5 of 5 (speeder 5); check "
        "cleaning.min_duration_sec and the unit of the duration column"
    )


# ---- bad options and codebook mismatches ------------------------------------------------


def test_bad_inputs_messages():
    raw = frame(BASE)
    with pytest.raises(ValueError, match=r"cleaning.exclude: unknown screen\(s\) 'speeders'"):
        run(raw, exclude=["speeders"])
    with pytest.raises(
        ValueError, match=r"analysis.missing: 'mice' is not one of listwise, fiml, pairwise"
    ):
        run(raw, missing="mice")
    with pytest.raises(
        ValueError, match=r"cleaning.longstring_max: 1 must be 'auto' or an integer >= 2"
    ):
        run(raw, longstring_max=1)
    with pytest.raises(ValueError, match=r"cleaning.max_missing_share"):
        run(raw, max_missing_share=1.5)
    with pytest.raises(ValueError, match=r"scale B: item column\(s\) b2 not found in the data"):
        run(raw.drop(columns="b2"))
    with pytest.raises(ValueError, match=r"data.id_column: column 'respondent' not found"):
        run(raw, id_column="respondent")
    with pytest.raises(ValueError, match=r"no `row` column"):
        run(raw.drop(columns="row"))
    with pytest.raises(ValueError, match=r"scales.A.reverse: 'a9' is not one of the scale's items"):
        parse_codebook(
            {
                "scales": {
                    "A": {
                        "label": "A",
                        "role": "other",
                        "items": ["a1"],
                        "reverse": ["a9"],
                        "range": [1, 5],
                    }
                }
            }
        )


# ---- Little's MCAR test -----------------------------------------------------------------


# ---- property: the ledger invariant -----------------------------------------------------

cell = st.one_of(
    st.integers(min_value=0, max_value=8).map(str),
    st.sampled_from(["", "NA", "abc", "3.5", "４", None]),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking these frames takes minutes
)
@given(
    data=st.lists(st.lists(cell, min_size=10, max_size=10), min_size=1, max_size=25),
    ids=st.lists(st.sampled_from(["p1", "p2", "p3", "p4", None]), min_size=25, max_size=25),
    exclude=st.lists(
        st.sampled_from(
            [
                "duplicate_row",
                "duplicate_id",
                "attention_check",
                "speeder",
                "longstring",
                "irv",
                "mahalanobis",
                "too_many_missing",
            ]
        ),
        unique=True,
    ),
    drop_dup=st.booleans(),
    missing=st.sampled_from(["listwise", "fiml"]),
    share=st.floats(min_value=0, max_value=1),
    use_id=st.booleans(),
)
def test_ledger_invariant_property(data, ids, exclude, drop_dup, missing, share, use_id):
    rows = [[ids[i], *r[1:]] for i, r in enumerate(data)]
    raw = frame(rows)
    if not use_id:
        raw = raw.drop(columns="pid")
    res = run(
        raw,
        id_column="pid" if use_id else None,
        exclude=exclude,
        drop_duplicate_rows=drop_dup,
        missing=missing,
        max_missing_share=share,
        min_duration_sec=3,
        mahalanobis_p=0.05,
    )
    assert_ledger(res, len(raw))
    items = ["a1", "a2", "a3", "b1", "b2"]
    vals = res.data[items]
    a = vals[["a1", "a2", "a3"]].to_numpy(dtype=float)
    b = vals[["b1", "b2"]].to_numpy(dtype=float)
    assert not ((a < 1) | (a > 5)).any() and not ((b < 1) | (b > 7)).any()  # NaN compares False
    if missing == "listwise":
        assert not vals.isna().any().any()
    assert set(res.exclusions["row"]).isdisjoint(set(res.flags.loc[~res.flags["excluded"], "row"]))


# ---- real data --------------------------------------------------------------------------


def _scale(prefix, n, low, high, start=1):
    return {
        "label": prefix,
        "role": "other",
        "items": [f"{prefix}{i}" for i in range(start, start + n)],
        "range": [low, high],
    }


MBI = parse_codebook(
    {
        "scales": {
            "EE": {
                "label": "EE",
                "role": "burnout",
                "items": [f"ITEM{i}" for i in (1, 2, 3, 6, 8, 13, 14, 16, 20)],
                "range": [0, 7],
            },
            "DP": {
                "label": "DP",
                "role": "burnout",
                "items": [f"ITEM{i}" for i in (5, 10, 11, 15, 22)],
                "range": [0, 7],
            },
            "PA": {
                "label": "PA",
                "role": "burnout",
                "items": [f"ITEM{i}" for i in (4, 7, 9, 12, 17, 18, 19, 21)],
                "range": [0, 7],
            },
        }
    }
)
BYRNE_PARCELS = parse_codebook(
    {
        "scales": {
            name: _scale(name, k, 1, 7)
            for name, k in [
                ("ROLEA", 2),
                ("ROLEC", 2),
                ("WORK", 2),
                ("CCLIM", 4),
                ("DEC", 2),
                ("SSUP", 2),
                ("PSUP", 2),
                ("SELF", 3),
                ("ELC", 5),
                ("EE", 3),
                ("DP", 2),
                ("PA", 3),
            ]
        }
    }
)
PRASOJO = parse_codebook(
    {
        "scales": {
            name: _scale(name, k, 1, 5)
            for name, k in [("TSC", 5), ("TE", 5), ("EE", 5), ("DE", 3), ("RPA", 5)]
        }
    }
)
STRESS = parse_codebook(
    {
        "scales": {
            "ZD": {
                "label": "ZD",
                "role": "stressor",
                "items": ["zd1", "zd2", "zd6"],
                "range": [1, 7],
            },
            "AOP": {
                "label": "AOP",
                "role": "stressor",
                "items": ["aop3", "aop4", "aop8"],
                "range": [1, 7],
            },
            "BF": _scale("bf", 20, 1, 7),
            "EE": {
                "label": "EE",
                "role": "burnout",
                "items": ["bo1", "bo6", "bo12", "bo19"],
                "range": [1, 7],
            },
            "PA": {
                "label": "PA",
                "role": "burnout",
                "items": ["bo7", "bo8", "bo21"],
                "range": [1, 7],
            },
        },
        "demographics": {
            "sex": {"label": "Sex", "type": "categorical", "levels": {1: "f", 2: "m"}}
        },
    }
)
PASKVAN = parse_codebook(
    {
        "scales": {
            "S": {
                "label": "S",
                "role": "other",
                "items": ["pclimate", "wintense", "cogapp", "emotion"],
                "range": [1, 7],
            }
        }
    }
)
REAL = [
    ("byrne_teacher_burnout/ELEMM1.CSV", MBI),
    ("byrne_teacher_burnout/MBIELM1.CSV", MBI),
    ("byrne_teacher_burnout/MBISEC1.CSV", MBI),
    ("byrne_teacher_burnout/ELEMIND1.CSV", BYRNE_PARCELS),
    ("byrne_teacher_burnout/ELEMIND2.CSV", BYRNE_PARCELS),
    ("byrne_teacher_burnout/ALLSEC.CSV", BYRNE_PARCELS),
    ("prasojo2020_teacher_burnout/teachers_burnout_prasojo2020.csv", PRASOJO),
    ("prasojo2020_teacher_burnout/Response.xlsx", PRASOJO),
    ("stress_at_work/StressAtWork.csv", STRESS),
    ("paskvan2016_work_intensification/Paskvan.csv", PASKVAN),
]
needs_real = pytest.mark.skipif(
    not REALDATA.exists(), reason="../shared/realdata is absent (fresh clone)"
)


@needs_real
@pytest.mark.parametrize("rel,cb", REAL, ids=[r for r, _ in REAL])
@pytest.mark.parametrize("missing", ["listwise", "fiml"])
def test_ledger_invariant_on_real_data(rel, cb, missing):
    raw = read_survey(REALDATA / rel)
    res = run(raw, cb=cb, id_column=None, missing=missing, drop_duplicate_rows=True)
    assert_ledger(res, len(raw))
    assert len(res.data) > 0.5 * len(raw)


@needs_real
def test_real_data_known_facts():
    # MBIELM1 codes 0..6: on a 0..7 range nothing is fixed; on 1..7 every 0 is logged
    raw = read_survey(REALDATA / "byrne_teacher_burnout/MBIELM1.CSV")
    res = run(raw, cb=MBI, id_column=None, exclude=[], missing="fiml")
    assert res.cell_fixes.empty and len(res.data) == 580
    shifted = parse_codebook(
        {
            "scales": {
                "EE": {
                    "label": "EE",
                    "role": "burnout",
                    "items": [f"ITEM{i}" for i in range(1, 23)],
                    "range": [1, 7],
                }
            }
        }
    )
    res1 = run(raw, cb=shifted, id_column=None, exclude=[], missing="fiml")
    n_zero = int((raw[[f"ITEM{i}" for i in range(1, 23)]].astype(float) == 0).sum().sum())
    assert n_zero > 0 and len(res1.cell_fixes) == n_zero
    assert set(res1.cell_fixes["reason"]) == {"out_of_range"}
    # Prasojo: identical answer rows exist (no id); flagged as duplicate rows
    p = run(
        read_survey(REALDATA / "prasojo2020_teacher_burnout/Response.xlsx"),
        cb=PRASOJO,
        id_column=None,
        exclude=[],
        missing="fiml",
    )
    assert p.flags["flag_duplicate_row"].sum() > 0
    assert (p.flags["longstring"] == 23).sum() == (p.flags["irv"] == 0).sum()


@needs_real
def test_real_data_gbk_copy(tmp_path):
    src = REALDATA / "stress_at_work/StressAtWork.csv"
    text = src.read_text(encoding="utf-8").replace("sex", "性别", 1)
    gbk = tmp_path / "stress_gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    raw = read_survey(gbk)
    assert "性别" in raw.columns
    cb = parse_codebook(
        {
            "scales": {
                "ZD": {
                    "label": "ZD",
                    "role": "stressor",
                    "items": ["zd1", "zd2", "zd6"],
                    "range": [1, 7],
                }
            },
            "demographics": {
                "性别": {"label": "性别", "type": "categorical", "levels": {1: "女", 2: "男"}}
            },
        }
    )
    res = run(raw, cb=cb, id_column=None)
    assert_ledger(res, 305)
    ref = run(read_survey(src), cb=STRESS, id_column=None, exclude=[], missing="fiml")
    np.testing.assert_array_equal(res.flags["row"], ref.flags["row"])


# ---- the default study ------------------------------------------------------------------

DEFAULT_DATA = ROOT / "data" / "raw" / "survey.csv"
DEFAULT_CODEBOOK = ROOT / "data" / "codebook.yaml"


@pytest.mark.skipif(
    not (DEFAULT_DATA.exists() and DEFAULT_CODEBOOK.exists()),
    reason="default data not generated yet",
)
def test_ledger_invariant_on_default_data():
    import yaml

    cfg = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    cb = parse_codebook(
        yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8")), str(DEFAULT_CODEBOOK)
    )
    raw = read_survey(DEFAULT_DATA)
    cl = cfg["cleaning"]
    res = run(
        raw,
        cb=cb,
        id_column=cfg["data"].get("id_column"),
        exclude=cl["exclude"],
        drop_duplicate_rows=cl["drop_duplicate_rows"],
        max_missing_share=cl["max_missing_share"],
        longstring_max=cl["longstring_max"],
        mahalanobis_p=cl["mahalanobis_p"],
        min_duration_sec=cl["min_duration_sec"],
        missing=cfg["analysis"]["missing"],
    )
    assert_ledger(res, len(raw))
    assert len(res.data) > 0
