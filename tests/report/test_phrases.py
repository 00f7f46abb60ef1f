"""The Chinese phrase package offers everything the English one does, with the same signatures."""

from __future__ import annotations

import inspect

import pytest

from surveysem.report.context import phrases

EN = phrases("en")
ZH = phrases("zh")
MODULES = [m for m in EN.__all__ if inspect.ismodule(getattr(EN, m))]


@pytest.mark.parametrize("module", MODULES)
def test_zh_has_every_english_phrase(module):
    en, zh = getattr(EN, module), getattr(ZH, module)
    public = {n for n in vars(en) if not n.startswith("_") and n.isidentifier()}
    own = {n for n in public if getattr(getattr(en, n), "__module__", en.__name__) == en.__name__}
    missing = sorted(n for n in own if not hasattr(zh, n))
    assert not missing, f"zh.{module} lacks {missing}"


@pytest.mark.parametrize("module", MODULES)
def test_same_signatures(module):
    en, zh = getattr(EN, module), getattr(ZH, module)
    for name, fn in vars(en).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != en.__name__:
            continue
        other = getattr(zh, name)
        assert list(inspect.signature(fn).parameters) == list(
            inspect.signature(other).parameters
        ), f"{module}.{name}"


@pytest.mark.parametrize("module", MODULES)
def test_same_keys(module):
    en, zh = getattr(EN, module), getattr(ZH, module)
    for name, value in vars(en).items():
        if isinstance(value, dict) and not name.startswith("_"):
            assert set(value) <= set(getattr(zh, name)), f"{module}.{name}"


def test_table_notes_cover_the_same_keys():
    for key in EN.tables.TITLES:
        assert key in ZH.tables.TITLES
        assert isinstance(ZH.tables.note(key, n=10), str)


def test_plan_has_the_same_builders_available():
    from surveysem.report.outline import CHAPTERS

    for lang in (EN, ZH):
        assert set(lang.OUTLINE) <= set(CHAPTERS)
        assert lang.HYPOTHESES_IN in lang.OUTLINE


def test_chapter_numbers_in_chinese():
    from surveysem.report.doc import Section

    num = ZH.NUMBERING
    assert num.section(Section(id="x", title="t", kind="chapter", number="4")) == "第四章"
    assert num.section(Section(id="x", title="t", kind="chapter", number="12")) == "第十二章"
    assert num.table("4-1") == "表4-1"
