"""Labels: every language labels the same things, and an unknown language is an error."""

import pytest

from surveysem import labels


def test_every_language_has_every_label():
    groups = labels.TABLES
    en = groups["en"]
    for lang, table in groups.items():
        assert set(table) == set(en), lang
        for g in en:
            assert set(table[g]) == set(en[g]), (lang, g, set(en[g]) ^ set(table[g]))
            assert all(isinstance(v, str) for v in table[g].values())


def test_unknown_keys_read_as_words_and_unknown_languages_fail():
    assert labels.label("step", "new_screen") == "New screen"
    assert labels.label("step", "raw", "zh") == "回收问卷"
    with pytest.raises(ValueError, match="language 'fr'"):
        labels.label("step", "raw", "fr")


def test_untranslated_lists_every_field_without_a_chinese_text():
    from surveysem.codebook import parse_codebook
    from surveysem.labels import localized, untranslated

    cb = parse_codebook(
        {
            "scales": {
                "EE": {"label": "Exhaustion", "label_zh": "情绪衰竭", "role": "burnout",
                       "items": ["e1", "e2"], "range": [1, 5],
                       "item_text": {"e1": "Tired.", "e2": "Worn out."},
                       "item_text_zh": {"e1": "疲惫。"}},
            },
            "demographics": {"g": {"label": "Gender", "type": "categorical",
                                   "levels": {1: "male", 2: "female"}, "levels_zh": {1: "男"}}},
        }
    )  # fmt: skip
    config = {"title": "T", "title_zh": "题", "report": {"population": "officers"},
              "hypotheses": [{"id": "H1", "text": "x"}]}  # fmt: skip
    keys = untranslated(config, cb, [{"id": "m1", "title": "Do", "title_zh": "做", "text": "t"}])
    assert keys == [
        "report.population", "hypotheses[H1].text", "scales.EE.item_text.e2",
        "demographics.g.label", "demographics.g.levels.2", "measures[m1].text",
    ]  # fmt: skip
    assert untranslated(config, cb, [], "en") == []
    assert localized(config, "title", "zh") == "题" and localized(config, "title", "en") == "T"
    assert localized(config["report"], "population", "zh") == "officers"  # visible fallback


def test_chinese_written_in_the_english_fields_is_named_not_called_english():
    from surveysem.codebook import parse_codebook
    from surveysem.labels import chinese_in_english_fields, untranslated

    cb = parse_codebook(
        {
            "scales": {
                "S1": {"label": "自我概念", "role": "resource", "items": ["a1", "a2"],
                       "range": [1, 5], "item_text": {"a1": "我喜欢教书。", "a2": "Teaching."}},
            },
        }
    )  # fmt: skip
    config = {"title": "教师职业倦怠研究", "report": {"keywords": ["职业倦怠", "teachers"]},
              "hypotheses": [{"id": "H1", "text": "自我概念负向影响情绪衰竭。"}]}  # fmt: skip
    # in a Chinese thesis these print in Chinese: not untranslated ...
    assert untranslated(config, cb, [], "zh") == ["scales.S1.item_text.a2"]
    # ... but the English abstract would print them as they are
    assert chinese_in_english_fields(config, cb) == [
        "title", "report.keywords", "hypotheses[H1].text", "scales.S1.label",
        "scales.S1.item_text.a1",
    ]  # fmt: skip
