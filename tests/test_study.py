"""surveysem.study: cross-checks of the study file against the codebook; composites."""

import pandas as pd
import pytest

from surveysem.codebook import parse_codebook
from surveysem.study import add_composites, check_study, model_spec

CODEBOOK = parse_codebook(
    {
        "scales": {
            "WL": {"label": "w", "role": "stressor", "items": ["w1", "w2", "w3"], "range": [1, 5]},
            "EE": {"label": "e", "role": "burnout", "items": ["e1", "e2", "e3"], "range": [1, 5]},
            "DP": {"label": "d", "role": "burnout", "items": ["d1", "d2", "d3"], "range": [1, 5]},
        },
        "demographics": {
            "gender": {"label": "g", "type": "categorical", "levels": {1: "m", 2: "f"}},
            "age": {"label": "a", "type": "numeric", "range": [18, 70]},
        },
    }
)


def study(**over):
    cfg = {
        "model": {
            "structural": "EE ~ WL\nDP ~ EE",
            "extra": "",
            "composites": [],
            "indirect": "auto",
        },
        "hypotheses": [{"id": "H1", "path": "EE ~ WL", "sign": "+", "text": "t"}],
        "analysis": {"groups": ["gender"]},
    }
    cfg.update(over)
    return cfg


def test_a_consistent_study_passes_and_defines_the_model():
    check_study(study(), CODEBOOK)
    spec = model_spec(study(), CODEBOOK)
    assert set(spec.measurement) == {"WL", "EE", "DP"}
    assert spec.regressions() == [("EE", "WL"), ("DP", "EE")]


def test_every_problem_is_listed_at_once():
    bad = study(
        model={
            "structural": "EE ~ XX\nDP ~ EE",
            "extra": "",
            "composites": ["YY"],
            "indirect": "auto",
        },
        hypotheses=[{"id": "H2", "effect": "WL -> DP", "sign": "+", "text": "t"}],
        analysis={"groups": ["age", "rank"]},
    )
    with pytest.raises(ValueError) as err:
        check_study(bad, CODEBOOK, source="s.yaml")
    msg = str(err.value)
    for needle in ("'XX'", "'YY'", "H2", "'age' is numeric", "'rank'", "s.yaml"):
        assert needle in msg


def test_composites_enter_as_item_means():
    cfg = study(
        model={
            "structural": "EE ~ WL\nDP ~ EE",
            "extra": "",
            "composites": ["WL"],
            "indirect": "auto",
        }
    )
    spec = model_spec(cfg, CODEBOOK)
    assert "WL" not in spec.measurement and "WL" in spec.observed()
    data = pd.DataFrame({"w1": [1, 2], "w2": [3, None], "w3": [5, 4]})
    assert add_composites(data, CODEBOOK, ["WL"])["WL"].tolist() == [3.0, 3.0]


def test_pairwise_deletion_needs_ordinal_items():
    ml = study(
        analysis={"groups": ["gender"], "estimator": "ML", "missing": "pairwise", "ordinal": False}
    )
    with pytest.raises(ValueError, match="pairwise needs ordinal items"):
        check_study(ml, CODEBOOK)
    for ok in ({"estimator": "WLSMV"}, {"ordinal": True}, {"ordinal": "auto"}):
        check_study(study(analysis={"groups": ["gender"], "missing": "pairwise", **ok}), CODEBOOK)


def test_survey_counts_out_of_order_name_the_keys():
    from surveysem.study import survey_problems

    assert survey_problems({"distributed": 100, "returned": 90, "valid": 80}) == []
    assert survey_problems({}) == []
    (msg,) = survey_problems({"distributed": 100, "returned": 120})
    assert "survey.returned (120)" in msg and "survey.distributed (100)" in msg
    (msg,) = survey_problems({"returned": 50, "valid": 60})
    assert "survey.valid" in msg


def test_administration_sentences_state_the_rates():
    from surveysem.report.context import _survey
    from surveysem.report.phrases.en.method import administration as en
    from surveysem.report.phrases.zh.method import administration as zh

    block = {"distributed": 1200, "returned": 1104, "valid": 1058, "sampling": "cluster sampling",
             "sampling_zh": "整群抽样"}  # fmt: skip
    text = " ".join(en(_survey(block, "en")))
    assert "1,200 questionnaires were distributed and 1,104 returned (response rate 92.0%)" in text
    assert "1,058 were valid (valid response rate 88.2%)" in text
    assert "The period and the ethics approval are not recorded." in text
    z = "".join(zh(_survey(block, "zh")))
    assert "回收率为92.0%" in z and "有效回收率为88.2%" in z and "抽样方式：整群抽样。" in z
    assert "response rate is unknown" in " ".join(en(None))
    assert "回收率不详" in "".join(zh(None))
