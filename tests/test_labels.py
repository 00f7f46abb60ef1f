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
