"""Counts in sentences agree in number with what they count (English) and read naturally
for one, two and many (Chinese)."""

from __future__ import annotations

import pytest

from surveysem.report.phrases.en import closing, front, groups, models, recommend
from surveysem.report.phrases.en.common import count_of
from surveysem.report.phrases.zh import front as zh_front
from surveysem.report.phrases.zh import models as zh_models
from surveysem.report.phrases.zh.common import count_of as zh_count_of


@pytest.mark.parametrize(
    ("k", "n", "said"),
    [
        (1, 1, "The hypothesis was supported"),
        (0, 1, "The hypothesis was not supported"),
        (2, 2, "Both hypotheses were supported"),
        (0, 2, "Neither hypothesis was supported"),
        (1, 2, "Of the 2 hypotheses, 1 was supported"),
        (4, 4, "All 4 hypotheses were supported"),
        (0, 4, "None of the 4 hypotheses was supported"),
        (1, 4, "Of the 4 hypotheses, 1 was supported"),
        (3, 4, "Of the 4 hypotheses, 3 were supported"),
    ],
)
def test_count_of_agrees_in_number(k, n, said):
    assert count_of(k, n, "hypothesis", "supported", "hypotheses") == said


def test_the_abstract_counts_the_hypotheses_in_good_english():
    assert front.hypotheses(4, ["H1"], ["H2", "H3", "H4"]) == (
        "Of the 4 hypotheses, 1 was supported; the exceptions were H2, H3, and H4."
    )
    assert front.hypotheses(2, ["H1", "H2"], []) == "Both hypotheses were supported."
    assert front.hypotheses(4, ["H1", "H2", "H3"], ["H4"]) == (
        "Of the 4 hypotheses, 3 were supported; the exception was H4."
    )
    assert front.hypotheses(1, [], ["H1"]) == "The hypothesis was not supported."


def test_results_and_conclusions_count_in_good_english():
    assert models.hypotheses_summary(4, ["H1"], ["H2", "H3", "H4"]).startswith(
        "Of the 4 hypotheses, 1 was supported and 3 were not (H2, H3, and H4;"
    )
    assert models.hypotheses_summary(2, ["H1", "H2"], []).startswith(
        "Both hypotheses were supported"
    )
    assert closing.findings_hypotheses(4, 1) == "Of the 4 hypotheses, 1 was supported."
    assert closing.findings_mediation(2, 2) == "Both specific indirect effects were reliable."
    assert models.indirect_summary(1, 1, "percentile bootstrap").startswith(
        "The model implies 1 specific indirect effect; its confidence interval"
    )
    assert groups.none_reliable(1).startswith("The comparison was not reliable")
    assert groups.none_reliable(2).startswith("Neither comparison was reliable")
    assert groups.n_reliable(1, 4).startswith("Of the 4 comparisons, 1 was reliable")
    assert closing.small_groups(1, 5).startswith("One group was very small")
    assert recommend.overview(1, 1, ["Cut overtime"]).startswith(
        "The one measure considered is supported"
    )
    for s in (groups.none_reliable(3), closing.findings_mediation(1, 3)):
        assert " 1 were " not in s and "All 2 " not in s and "of the 1 " not in s.lower()


def test_chinese_counts_use_jun_only_for_several():
    assert zh_count_of(1, 1, "项研究假设", "成立") == "1项研究假设成立"
    assert zh_count_of(3, 3, "项研究假设", "成立") == "3项研究假设均成立"
    assert zh_count_of(0, 2, "项研究假设", "成立") == "2项研究假设均不成立"
    assert zh_count_of(1, 4, "项研究假设", "成立") == "在4项研究假设中，1项成立"
    assert zh_front.hypotheses(4, ["H1"], ["H2", "H3", "H4"]) == (
        "在4项研究假设中，1项成立，H2、H3和H4不成立。"
    )
    assert zh_front.hypotheses(1, ["H1"], []) == "所提出的1项研究假设成立。"
    assert "均" not in zh_models.hypotheses_summary(1, ["H1"], [])
    from surveysem.report.phrases.zh import groups as zh_groups

    assert zh_groups.none_reliable(1).startswith("经Holm校正后，该比较无显著差异")
    assert "3次比较均无显著差异" in zh_groups.none_reliable(3)
