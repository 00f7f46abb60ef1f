"""The moderation section and the discussion of buffering, checked against the numbers they
state, on result sets built from the default study's tables (tests/helpers/moderation.py):
buffering supported with both Johnson–Neyman bounds outside the observed range; not supported
with one bound inside it; no real root. The default study (no product term) has no section."""

from __future__ import annotations

import math

import pytest
import yaml
from helpers.moderation import CASES, ROOT, base_frames, config, moderated

from surveysem import fmt
from surveysem.codebook import read_codebook
from surveysem.report.doc import Bullets, Para, walk
from surveysem.report.facts_moderation import JohnsonNeyman, sig_outside
from surveysem.report.outline import build_document, make_context
from surveysem.report.results import from_frames

REFS = yaml.safe_load((ROOT / "data/references.yaml").read_text(encoding="utf-8"))["references"]
CFG = config()
CODEBOOK = read_codebook(CFG["codebook"])
BASE = base_frames()
FRAMES = {case: moderated(BASE, **kw) for case, kw in CASES.items()}


def document(frames, lang):
    ctx = make_context(from_frames(frames), CFG, CODEBOOK, {}, {}, lang)
    return ctx, build_document(ctx, REFS)[1]


def section_text(doc, sid: str) -> str:
    for s, _ in walk(doc.sections):
        if s.id == sid:
            out = []
            for b in s.blocks:
                if isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Bullets):
                    out += list(b.items)
            return " ".join(out)
    return ""


def section_ids(doc) -> list[str]:
    return [s.id for s, _ in walk(doc.sections)]


@pytest.fixture(scope="module", params=[(c, lang) for c in CASES for lang in ("en", "zh")])
def built(request):
    case, lang = request.param
    ctx, doc = document(FRAMES[case], lang)
    return case, lang, FRAMES[case], ctx, doc


# --------------------------------------------------------------------------- no product term
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_default_report_has_no_moderation_section_and_keeps_its_wording(lang):
    ctx, doc = document(BASE, lang)
    assert ctx.facts.moderation is None
    assert "r-moderation" not in section_ids(doc)
    assert not [f for f in doc.figures if f.name in ("simple_slopes", "johnson_neyman")]
    assert "moderation" not in [t.id for t in doc.tables]
    disc = section_text(doc, "discussion")
    open_ = {"en": "The model contains main effects only", "zh": "模型只包含主效应"}[lang]
    assert open_ in disc
    assert {"en": "buffer the effect of the demands", "zh": "缓冲"}[lang] in disc
    assert {"en": "so they did here", "zh": "检验支持这一点"}[lang] not in disc


def test_the_section_sits_after_the_effects():
    _, doc = document(FRAMES["supported"], "en")
    ids = section_ids(doc)
    assert ids.index("hypotheses") < ids.index("r-effects") < ids.index("r-moderation")


# --------------------------------------------------------------------------- the numbers
def test_the_interaction_is_stated_with_the_ci_of_beta_and_the_verdict_of_its_hypothesis(built):
    case, lang, f, ctx, doc = built
    text = section_text(doc, "r-moderation")
    h = f["sem/hypotheses"].set_index("id").loc["H16"]
    est = f["sem/estimates"]
    row = est[est["rhs"] == "WL:SS"].iloc[0]
    # β with the CI of β (the hypothesis row's), never with the CI of B
    assert (
        f"β = {fmt.num(row['std_all'], 'std')}, 95% CI {fmt.ci(h.std_ci_low, h.std_ci_high, 'std')}"
        in text
    )
    assert fmt.ci(row["ci_low"], row["ci_high"], "std") not in text
    assert f"*p* {fmt.p_value(row['pvalue'])}" in text
    r2 = f["sem/r2"].set_index("variable").loc["EE", "r2_change_interaction"]
    assert f"Δ*R*² = {fmt.num(r2, 'r2')}" in text
    said = {
        (
            "en",
            True,
        ): "buffers the effect of workload and overtime on emotional exhaustion; it was supported",
        (
            "en",
            False,
        ): "it was not supported: the confidence interval of the interaction includes zero",
        ("zh", True): "该假设成立",
        ("zh", False): "该假设不成立：交互项的置信区间包含0",
    }[(lang, bool(h.supported))]
    assert said in text
    assert bool(h.supported) == (case == "supported")


def test_every_simple_slope_and_conditional_indirect_effect_is_stated(built):
    case, lang, f, ctx, doc = built
    text = section_text(doc, "r-moderation")
    for r in f["sem/conditional"].itertuples():
        assert f"{fmt.num(r.est, 'coef')} {fmt.ci(r.ci_low, r.ci_high, 'coef')}" in text, r
    tab = next(t for t in doc.tables if t.id == "moderation")
    assert len(tab.rows) == len(f["sem/conditional"])


def test_the_johnson_neyman_region_in_words(built):
    case, lang, f, ctx, doc = built
    text = section_text(doc, "r-moderation")
    jn = f["sem/johnson_neyman"].iloc[0]
    if case == "noroot":
        assert {"en": "no real root", "zh": "方程无实根"}[lang] in text
        assert {"en": "no region of significance", "zh": "不存在显著区域"}[lang] in text
        return
    for v in (jn.lower, jn.upper):
        assert fmt.num(v, "coef") in text
    assert fmt.pct(jn.share_significant) in text
    if case == "supported":  # both bounds above the observed maximum
        assert jn.lower > jn.observed_max
        assert {"en": "Both bounds lie above the highest observed value",
                "zh": "两个临界值高于最大观测值"}[lang] in text  # fmt: skip
        assert {"en": "significant throughout", "zh": "在整个观测范围内，该效应均显著"}[
            lang
        ] in text
    if case == "inside":  # lower bound below the data, upper inside: significant below it
        assert jn.lower < jn.observed_min < jn.upper < jn.observed_max
        assert {"en": "This bound lies below the lowest observed value",
                "zh": "该临界值低于最小观测值"}[lang] in text  # fmt: skip
        seg = {"en": "from {a} to {b}", "zh": "{a}至{b}时该效应显著"}[lang].format(
            a=fmt.num(jn.observed_min, "coef"), b=fmt.num(jn.upper, "coef")
        )
        assert seg in text


def test_the_index_of_moderated_mediation_with_its_bootstrap_ci_and_verdict(built):
    case, lang, f, ctx, doc = built
    text = section_text(doc, "r-moderation")
    eff = f["sem/effects"]
    r = eff[eff["kind"] == "index_moderated_mediation"].iloc[0]
    assert f"*B* = {fmt.num(r.est, 'coef')}, 95% CI {fmt.ci(r.ci_low, r.ci_high, 'coef')}" in text
    h = f["sem/hypotheses"].set_index("id").loc["H17"]
    verdict = {("en", True): "H17, that social and organizational support moderates this "
               "indirect effect, was supported", ("en", False): "was not supported",
               ("zh", True): "H17（社会与组织支持调节该间接效应）成立",
               ("zh", False): "H17（社会与组织支持调节该间接效应）不成立"}[(lang, bool(h.supported))]  # fmt: skip
    assert verdict in text


def test_the_discussion_reads_the_verdict_on_buffering(built):
    case, lang, f, ctx, doc = built
    disc = section_text(doc, "discussion")
    supported = bool(f["sem/hypotheses"].set_index("id").loc["H16", "supported"])
    yes = {"en": "and so they did here", "zh": "本研究的调节效应检验支持这一点"}[lang]
    no = {"en": "these data do not show that social and organizational support buffers",
          "zh": "但本数据未能表明社会与组织支持缓冲了"}[lang]  # fmt: skip
    assert (yes in disc) == supported and (no in disc) == (not supported)
    assert {"en": "main effects only", "zh": "模型只包含主效应"}[lang] not in disc


def test_chinese_uses_the_terms_of_a_chinese_thesis():
    _, doc = document(FRAMES["supported"], "zh")
    text = section_text(doc, "r-moderation")
    titles = {s.id: s.title for s, _ in walk(doc.sections)}
    assert "调节效应" in titles["r-moderation"] and "有调节的中介" in titles["r-moderation"]
    for term in ("简单斜率", "调节效应显著", "有调节的中介效应判定指标", "条件间接效应"):
        assert term in text, term


# --------------------------------------------------------------------------- the side of the bounds
def test_side_of_the_bounds_is_read_from_a_probe():
    class C:
        def __init__(self, value, est, se):
            self.value, self.est, self.se = value, est, se

    # effect 0.08 - 0.06 w, SE² = .0016 + .0012 w²: significant between the roots
    probes = [C(w, 0.08 - 0.06 * w, math.sqrt(0.0016 + 0.0012 * w * w)) for w in (-0.6, 0, 0.6)]
    assert sig_outside(-9.534, 0.026, probes, 0.95) is False
    assert sig_outside(float("nan"), float("nan"), probes, 0.95) is None
    jn = JohnsonNeyman(-9.534, 0.026, -1.86, 1.24, 0.55, False)
    assert jn.outside == (-9.534,)
    assert jn.region() == ((-1.86, 0.026),)
    both = JohnsonNeyman(-0.5, 0.5, -1.0, 1.0, 0.4, True)
    assert both.region() == ((-1.0, -0.5), (0.5, 1.0)) and both.outside == ()


def test_without_the_probe_files_the_section_states_the_interaction_only():
    frames = {k: v for k, v in FRAMES["supported"].items()
              if k not in ("sem/conditional", "sem/johnson_neyman")}  # fmt: skip
    ctx, doc = document(frames, "en")
    text = section_text(doc, "r-moderation")
    assert "The interaction was negative" in text and "Johnson" not in text
    assert "moderation" not in [t.id for t in doc.tables]
    assert not [f for f in doc.figures if f.name in ("simple_slopes", "johnson_neyman")]


def test_percentile_probes_are_named_and_not_put_in_sd_units():
    frames = dict(FRAMES["inside"])
    cond = frames["sem/conditional"].copy()
    cond["moderator_level"] = cond["moderator_level"].map(
        {"-1 SD": "p16", "mean": "p50", "+1 SD": "p84"}
    )
    frames["sem/conditional"] = cond
    for lang, words in (("en", ["at the 16th percentile", "the median", "84th percentile"]),
                        ("zh", ["第16百分位数", "中位数", "第84百分位数"])):  # fmt: skip
        _, doc = document(frames, lang)
        text = section_text(doc, "r-moderation")
        assert all(w in text for w in words), text
        assert "SD*)" not in text and "个标准差" not in text
        # the direction still reads from the median: buffering of a positive effect
        assert {"en": "buffers", "zh": "缓冲"}[lang] in text


@pytest.mark.parametrize("case", list(CASES))
def test_the_chinese_section_states_the_numbers_of_the_english_one(case):
    import re

    texts = {
        lang: section_text(document(FRAMES[case], lang)[1], "r-moderation") for lang in ("en", "zh")
    }
    nums = {lang: re.findall(r"−?\d*\.\d+|\d+(?:\.\d+)?%", t) for lang, t in texts.items()}
    assert nums["zh"] and sorted(nums["zh"]) == sorted(nums["en"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_theory_and_outlook_say_whether_buffering_was_tested(lang):
    tested = {"en": "It tests the buffering hypothesis with interaction terms",
              "zh": "模型以交互项检验资源的缓冲作用"}[lang]  # fmt: skip
    for frames, yes in ((BASE, False), (FRAMES["inside"], True)):
        _, doc = document(frames, lang)
        assert (tested in section_text(doc, "t-jdr")) == yes
        if lang == "zh":  # the closing chapter's outlook (the Chinese plan)
            assert ("需要在模型中" in section_text(doc, "c-outlook")) == (not yes)


def test_a_product_term_is_no_lever_and_reads_as_a_product():
    _, doc = document(FRAMES["supported"], "en")
    rq = section_text(doc, "i-questions")
    assert "×" not in rq.split("__H1__")[0]
    text = section_text(doc, "r-structural")
    assert "workload and overtime × social and organizational support (β = " in text


def test_the_chinese_conclusion_lists_the_buffering_finding():
    for case, words in (("supported", "缓冲假设得到支持"), ("inside", "本数据未能表明")):
        _, doc = document(FRAMES[case], "zh")
        assert words in section_text(doc, "c-findings")
    _, doc = document(BASE, "zh")
    assert "缓冲" not in section_text(doc, "c-findings")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_latent_moderator_has_no_observed_range_and_its_region_is_stated_on_its_scale(lang):
    """The default study's moderator is latent: no 'observed range' claims, the sides named."""
    from types import SimpleNamespace

    from surveysem.report.context import phrases

    jn = JohnsonNeyman(0.6945, 2.1496, math.nan, math.nan, 0.8246, True)
    assert jn.observed is False and jn.outside == ()
    assert jn.region() == ((-math.inf, 0.6945), (2.1496, math.inf))
    names = SimpleNamespace(scale=lambda s: {"WL": "Workload", "EE": "Exhaustion", "SS": "Support"}[s])
    it = SimpleNamespace(x="WL", w="SS", y="EE", jn=jn, sd=0.7509)
    text = phrases(lang).moderation.johnson_neyman(names, it, 0.95)
    assert fmt.num(0.6945, "coef") in text and fmt.num(2.1496, "coef") in text
    assert fmt.pct(0.8246) in text
    assert ("observed range" not in text) if lang == "en" else ("观测范围" not in text)
    assert ("below 0.695" in text and "above 2.150" in text) if lang == "en" else ("低于0.695" in text)
