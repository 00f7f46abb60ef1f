"""What the summaries say about hypotheses and levers that failed, checked against the
verdict tables: an effect that is reliable but opposite to the expected direction is said
to be so (with its numbers), never called indistinguishable from zero or absent; and a
study without a burnout scale gets a report that says so.

Result sets: the default study's tables (tests/fixtures/moderation_results) and variants
built from them by the producers' functions (tests/helpers/variants.py): the two resources
reverse-scored (some levers supported, two reliable against their measures), every
stressor and resource reverse-scored (no lever supported, as in a real study of teachers
whose self-concept and efficacy went with more burnout), and the burnout scales given
role ``outcome``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml
from helpers.moderation import ROOT, base_frames, config
from helpers.variants import codebook_with_roles, reversed_scales, without_burnout

from surveysem import fmt
from surveysem.codebook import read_codebook
from surveysem.recommend import MEASURE_COLUMNS, rank_levers
from surveysem.report.doc import Bullets, Para, walk
from surveysem.report.outline import build_document, make_context
from surveysem.report.results import from_frames

REFS = yaml.safe_load((ROOT / "data/references.yaml").read_text(encoding="utf-8"))["references"]
CFG = config()
CB = read_codebook(CFG["codebook"])
BASE = base_frames()
LEVERS = [s.name for s in CB.scales if s.role in ("stressor", "resource")]
SETS = {
    "default": BASE,
    "resources_reversed": reversed_scales(BASE, ["SS", "SR"], CFG, CB),
    "all_reversed": reversed_scales(BASE, LEVERS, CFG, CB),
}
ZERO = {"en": "distinguish", "zh": "无法将其与0区分开来"}
ABSENT = {"en": "had no reliable total effect", "zh": "没有可靠的总效应"}


def build(frames, lang, codebook=CB):
    ctx = make_context(from_frames(frames), CFG, codebook, {}, {}, lang)
    front, doc = build_document(ctx, REFS)
    return ctx, front, doc


def text_of(section) -> str:
    out = []
    for s, _ in walk([section]):
        for b in s.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out += list(b.items)
    return " ".join(out)


def section(doc, sid: str) -> str:
    return next((text_of(s) for s, _ in walk(doc.sections) if s.id == sid), "")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.。])\s*", text) if s]


def names_id(hid: str, s: str) -> bool:
    """The sentence names hypothesis ``hid`` (H1 but not H13; also beside Chinese text)."""
    return re.search(rf"(?<![A-Za-z0-9]){hid}(?![0-9])", s) is not None


@pytest.fixture(scope="module", params=[(s, lang) for s in SETS for lang in ("en", "zh")])
def built(request):
    name, lang = request.param
    ctx, front, doc = build(SETS[name], lang)
    return name, lang, SETS[name], ctx, front, doc


def _summaries(lang, front, doc) -> dict[str, str]:
    out = {"abstract": text_of(front.abstract), "discussion": section(doc, "discussion")}
    out["recommendations"] = section(doc, "recommendations")
    if lang == "zh":
        out["conclusion"] = section(doc, "c-findings")
    return out


# --------------------------------------------------------------------------- hypotheses
def test_contradicted_hypotheses_are_not_called_indistinguishable_from_zero(built):
    name, lang, frames, ctx, front, doc = built
    hyp = frames["sem/hypotheses"]
    contra = list(hyp.loc[hyp["reason"] == "opposite_reliable", "id"])
    zero = list(hyp.loc[~hyp["supported"] & (hyp["reason"] != "opposite_reliable"), "id"])
    texts = _summaries(lang, front, doc)
    for where in ("discussion", "abstract") + (("conclusion",) if lang == "zh" else ()):
        said = sentences(texts[where])
        for hid in contra:
            about = [s for s in said if names_id(hid, s)]
            assert about, (where, hid)
            assert not any(ZERO[lang] in s and "opposite" not in s and "相反" not in s
                           for s in about), (where, hid, about)  # fmt: skip
            assert any("opposite" in s or "相反" in s for s in about), (where, hid, about)
    disc = sentences(texts["discussion"])
    for hid in zero:  # the ones whose interval includes zero keep their sentence
        assert any(names_id(hid, s) and ZERO[lang] in s for s in disc), hid
    if name == "default":
        assert not contra and not any("opposite" in s or "相反" in s for s in disc)


# --------------------------------------------------------------------------- levers
def test_levers_against_their_measures_are_stated_with_their_effects(built):
    name, lang, frames, ctx, front, doc = built
    lev = frames["recommend/levers"]
    eff = frames["sem/effects"]
    opposite = lev[lev["burnout_effect"] == "opposite"]
    texts = _summaries(lang, front, doc)
    for r in opposite.itertuples():
        label = ctx.names.scale(r.lever)
        low = label if lang == "zh" else label[:1].lower() + label[1:]
        tot = eff[(eff["effect"] == f"{r.lever} -> {r.opposite_target}") & (eff["kind"] == "total")]
        t = tot.iloc[0]
        stats = (f"β = {fmt.num(t.std_all, 'std')}, 95% CI "
                 f"{fmt.ci(t.std_ci_low, t.std_ci_high, 'std')}")  # fmt: skip
        for where in ("abstract", "discussion"):
            assert low in texts[where] and stats in texts[where], (where, r.lever, stats)
            for s in sentences(texts[where]):  # never called absent
                assert not (low in s and ABSENT[lang] in s and "方向" not in s
                            and "direction" not in s), (where, s)  # fmt: skip
    sup = lev[lev["supported"]]
    for where in ("abstract", "discussion", "recommendations"):
        t = texts[where]
        if sup.empty and not opposite.empty:  # no lever, but not for want of reliable effects
            assert ("No stressor or resource had a reliable total effect on burnout." not in t
                    and "没有任何压力源或资源对职业倦怠具有可靠的总效应" not in t), where  # fmt: skip
    if name == "all_reversed":
        assert sup.empty and len(opposite) >= 5


def test_the_levers_table_shows_the_effects_against_the_measures():
    ctx, front, doc = build(SETS["all_reversed"], "en")
    tab = next(t for t in doc.tables if t.id == "levers")
    rows = {r["lever"]: r for r in tab.rows}
    for lv, e in ctx.facts.opposite:
        row = rows[ctx.names.scale(lv.lever)]
        assert row["std_all"] == e.std and row["target"] == ctx.names.scale(e.chain[-1])
    assert "runs against the direction its measure needs" in tab.note


# --------------------------------------------------------------------------- no burnout scale
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_codebook_without_burnout_scales_renders_and_says_so(lang):
    frames, cb = without_burnout(BASE, CFG, CB)
    ctx, front, doc = build(frames, lang, cb)  # KeyError 'outcome' before
    abstract, disc = text_of(front.abstract), section(doc, "discussion")
    said = {"en": "The codebook marks no scale as a burnout dimension",
            "zh": "编码手册未将任何量表设为职业倦怠维度"}[lang]  # fmt: skip
    assert said in abstract and said in disc
    tab = next(t for t in doc.tables if t.id == "levers")
    assert {"en": "no scale as a burnout dimension", "zh": "未将任何量表设为职业倦怠维度"}[
        lang
    ] in tab.note
    findings = {"en": "The codebook marks no burnout scale", "zh": "编码手册未设职业倦怠量表"}[lang]
    if lang == "zh":
        assert findings in section(doc, "c-findings")
    wrong = {"en": "had the largest total effect on burnout", "zh": "对职业倦怠的总效应最大"}[lang]
    assert wrong not in abstract and wrong not in disc
    ids = [s.id for s, _ in walk(doc.sections)]
    assert not [t for t in doc.tables if t.id in ("regression", "regression-fit")]
    assert "discussion" in ids and "recommendations" in ids
    regress = {"en": "regression of each burnout scale", "zh": "以各倦怠维度对全部人口学变量"}[lang]
    assert regress not in section(doc, "method") and regress not in section(doc, "m-analysis")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_codebook_without_levers_says_no_lever_was_assessed(lang):
    roles = {s.name: "other" for s in CB.scales if s.role in ("stressor", "resource")}
    cb = codebook_with_roles(CFG["codebook"], roles)
    f = {k: v.copy() for k, v in BASE.items()}
    f["recommend/levers"] = rank_levers(f["sem/effects"], cb)  # no rows: no lever scale
    f["recommend/measures"] = pd.DataFrame(columns=MEASURE_COLUMNS)
    ctx, front, doc = build(f, lang, cb)
    said = {"en": "marks no scale as a stressor or resource",
            "zh": "未将任何量表设为压力源或资源"}[lang]  # fmt: skip
    assert said in text_of(front.abstract)
    assert "No stressor or resource had" not in text_of(front.abstract)
