"""The lever ranking and the measure catalogue (surveysem.recommend)."""

from pathlib import Path

import pandas as pd
import pytest
import yaml
from jsonschema import validate

from surveysem.codebook import LEVELS, parse_codebook
from surveysem.outputs import check_columns
from surveysem.recommend import check_library, rank_levers, select_measures

ROOT = Path(__file__).resolve().parents[1]

CB = parse_codebook(
    {
        "scales": {
            "WL": {"label": "Workload", "role": "stressor", "level": "organizational", "items": ["w1", "w2"], "range": [1, 5]},
            "WF": {"label": "Work-family", "role": "stressor", "level": "individual", "items": ["f1", "f2"], "range": [1, 5]},
            "AP": {"label": "Appraisal", "role": "stressor", "level": "organizational", "items": ["a1", "a2"], "range": [1, 5]},
            "SS": {"label": "Support", "role": "resource", "level": "social", "items": ["s1", "s2"], "range": [1, 5]},
            "SR": {"label": "Self-regulation", "role": "resource", "level": "individual", "items": ["r1", "r2"], "range": [1, 5]},
            "EE": {"label": "Exhaustion", "role": "burnout", "items": ["e1", "e2"], "range": [1, 5]},
            "WI": {"label": "Initiative", "role": "outcome", "items": ["i1", "i2"], "range": [1, 5]},
        }
    }
)  # fmt: skip


def effects(rows):
    """An effects table with the producer's columns (total rows only)."""
    recs = []
    for eff, est, lo, hi, std, slo, shi in rows:
        recs.append({"effect": eff, "kind": "total", "est": est, "se": 0.05, "ci_low": lo, "ci_high": hi,
                     "std_all": std, "method": "percentile bootstrap, 100 resamples", "n_failed": 0,
                     "z": 3.0, "pvalue": 0.01, "std_ci_low": slo, "std_ci_high": shi, "n_boot": 100})  # fmt: skip
    return check_columns("sem/effects", pd.DataFrame(recs))


TOTALS = effects(
    [
        ("WL -> EE", 0.30, 0.20, 0.40, 0.25, 0.17, 0.33),
        ("WF -> EE", 0.25, 0.15, 0.35, 0.22, 0.14, 0.30),  # .25 inside WF's CI: same tier
        ("AP -> EE", 0.05, -0.02, 0.12, 0.04, -0.02, 0.10),  # CI includes zero: not supported
        ("SS -> EE", -0.10, -0.16, -0.04, -0.09, -0.14, -0.04),  # below WL's CI: next tier
        (
            "SR -> EE",
            0.10,
            0.03,
            0.17,
            0.09,
            0.03,
            0.15,
        ),  # reliable but the wrong way for a resource
        ("SR -> WI", 0.12, 0.05, 0.19, 0.11, 0.05, 0.17),  # helpful on an outcome instead
    ]
)


def test_rank_levers_by_total_effect_tier_and_level():
    lev = check_columns("recommend/levers", rank_levers(TOTALS, CB)).set_index("lever")
    assert lev.loc["WL", "strength_rank"] == 1 and lev.loc["WF", "strength_rank"] == 2
    assert lev.loc["WL", "tier"] == lev.loc["WF", "tier"] == 1
    assert lev.loc["SS", "tier"] == 2
    # within tier 1, the organizational lever comes before the individual one
    assert lev.loc["WL", "rank"] == 1 and lev.loc["WF", "rank"] == 2
    assert not lev.loc["AP", "supported"] and lev.loc["AP", "reason"] == "not_reliable"
    # SR raises exhaustion (unhelpful) but raises initiative (helpful): evidence is the outcome
    assert lev.loc["SR", "supported"] and lev.loc["SR", "target"] == "WI"
    assert lev.loc["SR", "target_role"] == "outcome"
    # evidence on burnout ranks first: SR (.11, on an outcome) comes after SS (.09, on burnout)
    assert lev.loc["SR", "rank"] > lev.loc["SS", "rank"]
    assert lev.loc["SR", "strength_rank"] > lev.loc["SS", "strength_rank"]
    # what the effects on burnout show, whatever the verdict (the report reads it)
    assert lev.loc["WL", "burnout_effect"] == "helps" and lev.loc["WL", "opposite_target"] == ""
    assert lev.loc["SR", "burnout_effect"] == "opposite" and lev.loc["SR", "opposite_target"] == "EE"
    assert lev.loc["AP", "burnout_effect"] == "not_reliable"


def test_a_lever_reliable_only_against_its_measure_is_named_with_that_target():
    tot = effects([("SS -> EE", 0.30, 0.20, 0.40, 0.28, 0.19, 0.37)])  # support, more burnout
    lev = rank_levers(tot, CB).set_index("lever")
    assert not lev.loc["SS", "supported"] and lev.loc["SS", "reason"] == "wrong_direction"
    assert lev.loc["SS", "burnout_effect"] == "opposite" and lev.loc["SS", "opposite_target"] == "EE"
    assert lev.loc["WL", "burnout_effect"] == "none"  # no total effect on burnout in the model


def test_levers_without_a_burnout_scale_are_judged_on_the_outcomes():
    cb = parse_codebook(
        {"scales": {"SS": {"label": "Support", "role": "resource", "items": ["s1", "s2"], "range": [1, 5]},
                    "WI": {"label": "Initiative", "role": "outcome", "items": ["i1", "i2"], "range": [1, 5]}}}
    )  # fmt: skip
    lev = rank_levers(effects([("SS -> WI", 0.2, 0.1, 0.3, 0.2, 0.1, 0.3)]), cb).set_index("lever")
    assert lev.loc["SS", "supported"] and lev.loc["SS", "target_role"] == "outcome"
    assert lev.loc["SS", "burnout_effect"] == "none"


def test_organizational_first_only_when_comparable():
    tot = effects(
        [
            ("WF -> EE", 0.40, 0.30, 0.50, 0.38, 0.30, 0.46),
            ("WL -> EE", 0.10, 0.04, 0.16, 0.09, 0.04, 0.14),  # clearly weaker: its own tier
        ]
    )
    lev = rank_levers(tot, CB).set_index("lever")
    assert lev.loc["WF", "rank"] == 1 and lev.loc["WL", "rank"] == 2


def test_library_schema_levels_are_the_codebooks():
    schema = yaml.safe_load((ROOT / "workflow/schemas/recommendations.schema.yaml").read_text())
    enum = schema["properties"]["measures"]["items"]["properties"]["level"]["enum"]
    assert tuple(enum) == LEVELS


def test_default_library_is_valid_and_has_one_measure_per_lever():
    schema = yaml.safe_load((ROOT / "workflow/schemas/recommendations.schema.yaml").read_text())
    lib = yaml.safe_load((ROOT / "data/recommendations.yaml").read_text())
    validate(lib, schema)
    cb = parse_codebook(yaml.safe_load((ROOT / "data/codebook.yaml").read_text()))
    measures = check_library(lib, cb, "data/recommendations.yaml")
    levers = [m["lever"] for m in measures]
    assert len(levers) == len(set(levers))
    assert set(levers) == {s.name for s in cb.scales if s.role in ("stressor", "resource")}


def test_library_errors_name_the_measure():
    lib = {
        "seeds": {"S0": "x"},
        "measures": [
            {"id": "a", "lever": "WL", "level": "organizational", "action": "reduce", "title": "A",
             "text": "t", "actor": "x", "target": "y", "indicator": "z", "seeds": ["S9"]},
            {"id": "b", "lever": "WL", "level": "organizational", "action": "reduce", "title": "B",
             "text": "t", "actor": "x", "target": "y", "indicator": "z"},
            {"id": "c", "lever": "SS", "level": "social", "action": "reduce", "title": "C",
             "text": "t", "actor": "x", "target": "y", "indicator": "z"},
            {"id": "d", "lever": "EE", "level": "social", "action": "reduce", "title": "D",
             "text": "t", "actor": "x", "target": "y", "indicator": "z"},
        ],
    }  # fmt: skip
    with pytest.raises(ValueError) as err:
        check_library(lib, CB, "lib.yaml")
    msg = str(err.value)
    assert "lib.yaml: measures[1] (a): seeds S9 are not listed under `seeds`" in msg
    assert "measures[2] (b): lever WL already has measure 'a'" in msg
    assert "measures[3] (c): action 'reduce' does not fit SS, a resource; use 'strengthen'" in msg
    assert "measures[4] (d): lever 'EE' is not a stressor or resource scale" in msg


def test_select_measures_ranks_by_tier_then_measure_level():
    lev = rank_levers(TOTALS, CB)
    ms = [
        {"id": "m_wf", "lever": "WF", "level": "organizational", "action": "reduce", "title": "Rosters",
         "text": "t", "actor": "a", "target": "b", "indicator": "c"},
        {"id": "m_wl", "lever": "WL", "level": "organizational", "action": "reduce", "title": "Cap",
         "text": "t", "actor": "a", "target": "b", "indicator": "c"},
        {"id": "m_ap", "lever": "AP", "level": "organizational", "action": "reduce", "title": "Appraisal",
         "text": "t", "actor": "a", "target": "b", "indicator": "c"},
        {"id": "m_ss", "lever": "SS", "level": "social", "action": "strengthen", "title": "Talks",
         "text": "t", "actor": "a", "target": "b", "indicator": "c"},
    ]  # fmt: skip
    out = check_columns("recommend/measures", select_measures(lev, ms))
    assert list(out["id"]) == ["m_wl", "m_wf", "m_ss", "m_ap"]
    assert list(out["rank"].iloc[:3]) == [1, 2, 3] and pd.isna(out["rank"].iloc[3])
    assert not out.set_index("id").loc["m_ap", "supported"]
