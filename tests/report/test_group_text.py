"""What the group section and the discussion say when a group variable has a single level
among the analysed respondents (gender = 1 for everyone): that comparison was not possible,
nothing is claimed about it, counts cover only the comparisons that ran, and the Chinese
text is Chinese (the invariance module's English note is not copied into it).

Result sets: the default study's tables and variants in which every respondent is "male"
(tests/helpers/variants.py:one_level), with the other group variables kept or dropped.
"""

from __future__ import annotations

import re

import pytest
import yaml
from helpers.moderation import ROOT, base_frames, config
from helpers.variants import one_level

from surveysem.codebook import read_codebook
from surveysem.report.doc import Bullets, Para, walk
from surveysem.report.outline import build_document, make_context
from surveysem.report.results import from_frames

REFS = yaml.safe_load((ROOT / "data/references.yaml").read_text(encoding="utf-8"))["references"]
CFG = config()
CB = read_codebook(CFG["codebook"])
BASE = base_frames()
ONLY_GENDER = dict(CFG, analysis=dict(CFG["analysis"], groups=["gender"]))
SETS = {
    "gender_one_level": (one_level(BASE, "gender"), CFG),
    "only_gender_one_level": (one_level(BASE, "gender", only=["gender"]), ONLY_GENDER),
}
ENGLISH = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,}){2,}")  # three English words in a row


def build(frames, cfg, lang):
    ctx = make_context(from_frames(frames), cfg, CB, {}, {}, lang)
    return ctx, build_document(ctx, REFS)[1]


def section(doc, sid: str) -> str:
    out = []
    for s, _ in walk(doc.sections):
        if s.id != sid:
            continue
        for sub, _ in walk([s]):
            for b in sub.blocks:
                if isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Bullets):
                    out += list(b.items)
    return " ".join(out)


@pytest.fixture(scope="module", params=[(s, lang) for s in SETS for lang in ("en", "zh")])
def built(request):
    name, lang = request.param
    frames, cfg = SETS[name]
    ctx, doc = build(frames, cfg, lang)
    return name, lang, frames, ctx, doc


def test_the_comparison_by_a_one_level_variable_is_said_to_be_impossible(built):
    name, lang, frames, ctx, doc = built
    groups = section(doc, "r-groups")
    said = {"en": "No comparison by gender was possible", "zh": "无法按性别进行比较"}[lang]
    assert said in groups
    level = {"en": "“male”", "zh": "“男”"}[lang]
    assert level in groups  # the one level there is, with its n
    disc = section(doc, "discussion")
    assert {"en": "differ by gender could not be examined", "zh": "在性别上是否存在差异无法检验"}[
        lang
    ] in disc


def test_counts_cover_only_the_comparisons_that_ran(built):
    name, lang, frames, ctx, doc = built
    d = frames["groups/differences"]
    ran = d[(d["family"] == "parametric") & d["compared"].astype(bool)]
    groups, disc = section(doc, "r-groups"), section(doc, "discussion")
    if ran.empty:  # nothing was compared: no claim that nothing differed
        for wrong in ("comparisons was reliable", "did not differ reliably", "均无显著差异",
                      "没有可靠差异", "次比较"):  # fmt: skip
            assert wrong not in groups and wrong not in disc, wrong
        assert not [t for t in doc.tables if t.id in ("groups", "groups-all")]
        return
    n = len(ran)
    assert (f"{n} comparisons" in groups) or (f"{n}次比较" in groups), n
    assert len(d[d["family"] == "parametric"]) > n  # the rows of gender are not counted


def test_the_chinese_group_section_has_no_english_sentence(built):
    name, lang, frames, ctx, doc = built
    if lang != "zh":
        return
    groups = section(doc, "r-groups")
    text = re.sub(r"\*[^*]+\*|[A-Z][A-Za-z']+(?:[–-][A-Z][A-Za-z]+)*", "", groups)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "fewer than" not in groups and "left out" not in groups
    assert (
        "性别上的等值性未检验：完整作答人数不少于100人的组别不足两个（未纳入：“女”（*n* = 0））"
        in groups
    )


def test_the_untested_variable_is_not_in_the_invariance_table(built):
    name, lang, frames, ctx, doc = built
    tab = next((t for t in doc.tables if t.id == "invariance"), None)
    shown = {r["group_var"] for r in tab.rows} if tab is not None else set()
    assert ctx.names.demo("gender") not in shown
    if name == "only_gender_one_level":
        assert tab is None
