"""What the report says, checked against the tables it says it from, on three result sets.

* the default study (simulated police survey);
* a real-data study (Prasojo et al., 2020, teachers);
* a constructed edge case: a null direct path with a reliable total effect, a failed metric
  invariance step, a hypothesis whose interval includes zero.

Every assertion reads a number or a verdict from ``results/`` and checks the sentence that
states it, formatted by the same rule (:mod:`surveysem.fmt`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers.runs import html_text, paragraphs, prose

from surveysem import fmt
from surveysem.codebook import read_codebook

pytestmark = pytest.mark.slow
RUNS = ["default_run", "prasojo_run", "edge_run"]


@pytest.fixture(params=RUNS)
def run(request) -> Path:
    return request.getfixturevalue(request.param)


def tables(run: Path, key: str) -> pd.DataFrame:
    return pd.read_csv(run / "results" / f"{key}.csv")


def text(run: Path) -> str:
    return html_text(run / "reports" / "thesis.html")


def labels(run: Path) -> dict[str, str]:
    cfg = yaml.safe_load((run / "study.yaml").read_text())
    cb = read_codebook(cfg["codebook"])
    return {s.name: s.label for s in cb.scales}


def labels_of_demographics(run: Path) -> dict[str, str]:
    cfg = yaml.safe_load((run / "study.yaml").read_text())
    return {d.name: d.label for d in read_codebook(cfg["codebook"]).demographics}


def lc(label: str) -> str:
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def beta(std, lo=None, hi=None) -> str:
    s = f"β = {fmt.num(std, 'std')}"
    if lo is not None and pd.notna(lo):
        s += f", 95% CI {fmt.ci(lo, hi, 'std')}"
    return s


# --------------------------------------------------------------------------- hypotheses
def test_every_hypothesis_sentence_states_its_verdict_and_numbers(run):
    hyp = tables(run, "sem/hypotheses")
    body = text(run)
    for h in hyp.itertuples():
        verdict = "was supported" if h.supported else "was not supported"
        verdicts = [p for p in prose(run / "reports/thesis.html") if "expected sign" not in p]
        line = next((p for p in verdicts if p.startswith(f"{h.id} (")), None)
        assert line is not None, f"no sentence judges {h.id}"
        assert verdict in line, line
        if "|" in str(h.path_or_effect):  # an index of moderated mediation has no β: B and its CI
            assert f"B = {fmt.num(h.est, 'coef')}" in line.replace("*", ""), line
            assert fmt.ci(h.ci_low, h.ci_high, "coef") in line, line
        else:  # β is printed with the CI of β (the bootstrap's), never with the CI of B
            assert beta(h.std_all, h.std_ci_low, h.std_ci_high) in line, line
        if not h.supported and not ((h.ci_low > 0) or (h.ci_high < 0)):
            assert "includes zero" in line
        if h.supported and h.size == "negligible":
            assert "negligible in size" in line
        if h.fragile:
            assert "fragile" in line
    assert "(table not available)" not in body


def test_the_summary_counts_match_the_verdicts(run):
    hyp = tables(run, "sem/hypotheses")
    n, k = len(hyp), int(hyp["supported"].sum())
    body = text(run)
    if 0 < k < n:
        assert f"Of the {n} hypotheses, {k} {'was' if k == 1 else 'were'} supported" in body
    elif k == n:
        said = {1: "The hypothesis was", 2: "Both hypotheses were"}.get(
            n, f"All {n} hypotheses were"
        )
        assert f"{said} supported" in body
    else:
        said = {1: "The hypothesis was not", 2: "Neither hypothesis was"}.get(
            n, f"None of the {n} hypotheses was"
        )
        assert f"{said} supported" in body
    assert not re.search(r"\b1 were\b|All [12] hypotheses|Of the 1 hypotheses", body)


def test_failed_hypotheses_and_levers_are_summarised_by_why_they_failed(run):
    """A reliable effect opposite to the expected direction is never called
    indistinguishable from zero or absent (the Prasojo data: efficacy and self-concept went
    with more burnout, against H1 and H2 and against their measures)."""
    hyp = tables(run, "sem/hypotheses")
    lev = tables(run, "recommend/levers")
    eff = tables(run, "sem/effects")
    said = [s for p in prose(run / "reports/thesis.html") for s in re.split(r"(?<=\.)\s+", p)]
    body = text(run)
    for h in hyp[hyp["reason"] == "opposite_reliable"].itertuples():
        about = [s for s in said if re.search(rf"\b{h.id}\b", s)]
        assert any("opposite in sign" in s for s in about), (h.id, about)
        assert not any("distinguish" in s and "opposite" not in s for s in about), h.id
    for h in hyp[~hyp["supported"] & (hyp["reason"] != "opposite_reliable")].itertuples():
        assert any(re.search(rf"\b{h.id}\b", s) and "from zero" in s for s in said), h.id
    opposite = lev[lev["burnout_effect"] == "opposite"]
    for r in opposite.itertuples():
        t = eff[(eff["effect"] == f"{r.lever} -> {r.opposite_target}") & (eff["kind"] == "total")]
        t = t.iloc[0]
        assert beta(t.std_all, t.std_ci_low, t.std_ci_high) in body, r.lever
        name = lc(labels(run)[r.lever])
        assert not any(name in s and "had no reliable total effect" in s for s in said), name
    if not opposite.empty and not lev["supported"].any():
        assert "No stressor or resource had a reliable total effect on burnout." not in body
    if run.name.startswith("prasojo"):
        assert not hyp.loc[hyp["reason"] == "opposite_reliable"].empty and not opposite.empty


# --------------------------------------------------------------------------- effects
def test_null_direct_paths_are_not_called_null_effects_when_the_total_is_reliable(run):
    est = tables(run, "sem/estimates")
    eff = tables(run, "sem/effects")
    lab = labels(run)
    body = text(run)
    paths = est[est["op"] == "~"]
    found = 0
    for p in paths.itertuples():
        null = not (p.ci_low > 0 or p.ci_high < 0)
        tot = eff[(eff["effect"] == f"{p.rhs} -> {p.lhs}") & (eff["kind"] == "total")]
        ind = eff[(eff["kind"] == "indirect") & eff["effect"].str.startswith(f"{p.rhs} -> ")
                  & eff["effect"].str.endswith(f" -> {p.lhs}")]  # fmt: skip
        if not null or tot.empty or ind.empty:
            continue
        t = tot.iloc[0]
        if t.ci_low > 0 or t.ci_high < 0:
            found += 1
            x, y = lab[p.rhs], lc(lab[p.lhs])
            assert f"{x} had no reliable direct effect on {y}" in body
            assert beta(t.std_all, t.std_ci_low, t.std_ci_high) in body
            assert f"{x} had no reliable effect on {y}" not in body
    if run.name.startswith("edge"):
        assert found >= 1  # the constructed case: DM -> CY null, DM -> EX -> CY reliable


def test_counts_of_indirect_effects(run):
    eff = tables(run, "sem/effects")
    ind = eff[eff["kind"] == "indirect"]
    rel = ind[(ind["ci_low"] > 0) | (ind["ci_high"] < 0)]
    assert f"implies {len(ind)} specific indirect effect" in text(run)
    assert f"the confidence intervals of {len(rel)} of them" in text(run)


# --------------------------------------------------------------------------- one criterion
def test_the_strongest_lever_is_the_same_everywhere(run):
    lev = tables(run, "recommend/levers")
    sup = lev[lev["supported"]].sort_values("strength_rank")
    body = text(run)
    if sup.empty:
        return
    top = sup.iloc[0]
    name = lc(labels(run)[top.lever])
    tied = sup[(sup["tier"] == top.tier) & (sup["lever"] != top.lever)]
    if tied.empty:
        said = re.findall(rf"{re.escape(name)} \(on [^)]*\)\) had the largest total effect", body)
        said += re.findall(rf"{re.escape(name)} \(on [^)]*\) had the largest total effect", body)
        assert len(said) >= 2, said  # the abstract and the discussion
    else:  # rivals of comparable size: no single "largest"
        assert f"the largest total effects on burnout were those of {name}" in body
        assert "do not rank" in body
        assert not re.search(rf"{re.escape(name)} \(on [^)]*\)+ had the largest", body)
    assert beta(top.std_all, top.std_ci_low, top.std_ci_high) in body


def test_measures_follow_the_ranking_table(default_run):
    ms = tables(default_run, "recommend/measures")
    ranked = ms[ms["supported"]].sort_values("rank")
    body = text(default_run)
    positions = [body.find(f"{int(r.rank)}. {r.title}") for r in ranked.itertuples()]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    for r in ms[~ms["supported"]].itertuples():
        assert f"{r.title} (" in body and "not proposed" in body


def test_every_reliable_lever_has_a_measure_or_is_named(default_run):
    lev = tables(default_run, "recommend/levers")
    ms = tables(default_run, "recommend/measures")
    covered = set(ms["lever"])
    for lv in lev[lev["supported"]].itertuples():
        assert lv.lever in covered


# --------------------------------------------------------------------------- counts once
def test_screen_counts_agree_between_method_results_and_table(run):
    flow = tables(run, "clean/flow")
    k = int((flow["step"] != "raw").sum())
    body = text(run)
    assert f"passed through {k} screen" in body
    assert f"excluded by the {k} screen" in body
    n0, n1 = int(flow["n_before"].iloc[0]), int(flow["n_after"].iloc[-1])
    assert f"Of the {n0:,} responses received, {n1:,}" in body


# --------------------------------------------------------------------------- groups
def test_group_differences_carry_their_direction(run):
    if not (run / "results/groups/differences.csv").exists():
        return
    diffs = tables(run, "groups/differences")
    desc = tables(run, "groups/descriptives")
    sig = diffs[(diffs["family"] == "parametric") & (diffs["p_holm"] < 0.05)]
    body = text(run)
    for d in sig.itertuples():
        cells = desc[
            (desc["outcome"] == d.outcome)
            & (desc["group_var"] == d.group_var)
            & ~desc["suppressed"]
        ]
        hi, lo = cells.loc[cells["mean"].idxmax()], cells.loc[cells["mean"].idxmin()]
        assert f"“{hi.level}”" in body and fmt.num(hi["mean"], "mean") in body
        assert f"“{lo.level}”" in body and fmt.num(lo["mean"], "mean") in body


def test_invariance_claims_cover_only_the_tested_scales(run):
    path = run / "results/groups/invariance_verdicts.csv"
    if not path.exists():
        return
    ver = pd.read_csv(path)
    compared = set(tables(run, "groups/differences")["outcome"])
    for v in ver[ver["tested"]].itertuples():
        assert compared <= set(str(v.scales).split(";"))
    body = text(run)
    for v in ver[ver["tested"] & ~ver["means_comparable"]].itertuples():
        label = lc(labels_of_demographics(run)[v.group_var])
        assert f"Across {label}, invariance failed at the" in body or (
            f"Across {label}, metric but not scalar" in body
        )


def test_edge_case_failed_invariance_is_stated(edge_run):
    ver = tables(edge_run, "groups/invariance_verdicts")
    row = ver.set_index("group_var").loc["site"]
    assert not row["means_comparable"]
    assert "Across site, invariance failed at the metric step" in text(edge_run)


# --------------------------------------------------------------------------- the study's own
POLICE = re.compile(r"\b(police|officers?|station|Dutch|online opinion|window)\b", re.I)


def test_a_real_data_study_says_nothing_about_police(prasojo_run):
    body = text(prasojo_run)
    assert not POLICE.findall(body), POLICE.findall(body)[:5]
    default_only = ["workload", "appraisal", "self-regulation", "pay", "promotion", "support"]
    for word in default_only:
        assert word not in body.lower().replace("supported", "").replace(
            "supports discriminant", ""
        ).replace("support discriminant", ""), word
    assert "Recommendations" not in [p for p in paragraphs(prasojo_run / "reports/thesis.html")]


def test_the_edge_study_says_nothing_about_police(edge_run):
    assert not POLICE.findall(text(edge_run))


# --------------------------------------------------------------------------- language
JARGON = re.compile(
    r"study file|results folder|results/|\blibrary\b|seed \d\d\d|\bcells?\b|pipeline|"
    r"does not offer it yet|Snakefile|\.csv\b",
    re.I,
)
CAUSAL = re.compile(
    r"\b(followed by|leads? to|led to|caused|results? in|drives?|produces?)\b", re.I
)


def _generated(run: Path) -> list[str]:
    """Paragraphs minus the ones quoting the study's own words (hypotheses, background)."""
    cfg = yaml.safe_load((run / "study.yaml").read_text())
    own = [h["text"] for h in cfg.get("hypotheses", [])] + cfg.get("report", {}).get(
        "background", []
    )
    return [p for p in prose(run / "reports/thesis.html") if not any(o[:40] in p for o in own)]


def test_no_tool_jargon(run):
    hits = [
        p for p in _generated(run) if JARGON.search(p) and not p.startswith(("Every number", "SHA"))
    ]
    hits = [h for h in hits if "surveysem" not in h]  # the software appendix names the tool
    assert not hits, hits[:3]


def test_no_causal_or_temporal_claims(run):
    theory = "Demands drive an energy-depleting process"  # the theory's own statement
    hits = [p for p in _generated(run) if CAUSAL.search(p) and theory not in p]
    assert not hits, hits[:3]


def test_no_sentence_starts_with_a_numeral(run):
    bad = []
    for p in _generated(run):
        for s in re.split(r"(?<=[.!?])\s+", p.replace("et al.", "et al")):
            if re.match(r"^[−-]?\d", s) and len(s) > 20:
                bad.append(s)
    assert not bad, bad[:3]


# --------------------------------------------------------------------------- mediation
MEDIATION_WORDS = {"full": "full mediation", "partial": "partial mediation",
                   "suppression": "a suppression effect", "none": "no mediation"}  # fmt: skip


def _stats(est, lo, hi, std, slo, shi) -> str:
    if pd.notna(slo) and pd.notna(shi):
        return beta(std, slo, shi)
    return f"*B* = {fmt.num(est, 'coef')}, 95% CI {fmt.ci(lo, hi, 'coef')}, {beta(std)}".replace(
        "*", ""
    )


def _segment(paras: list[str], start: str) -> str:
    para_ = next((p for p in paras if start in p), None)
    assert para_ is not None, f"no sentence starts {start!r}"
    seg = para_[para_.index(start) :]
    nxt = seg.find(" For H", 1)
    return seg if nxt < 0 else seg[:nxt]


def test_every_mediation_sentence_states_its_effects_share_and_type(run):
    med = tables(run, "sem/mediation")
    if med.empty:
        pytest.skip("no mediation hypotheses in this study")
    paras = prose(run / "reports/thesis.html")
    for m in med.itertuples():
        seg = _segment(paras, f"For {m.id}, the indirect effect")
        k = ("est", "ci_low", "ci_high", "std", "std_ci_low", "std_ci_high")
        for part in ("indirect", "total"):
            assert _stats(*(getattr(m, f"{part}_{c}") for c in k)) in seg, (part, seg)
        if m.direct_source == "fixed to 0 by the model":
            assert "zero by the model" in seg
        else:
            assert _stats(*(getattr(m, f"direct_{c}") for c in k)) in seg, ("direct", seg)
            assert ("competing partial-mediation model" in seg) == (
                m.direct_source == "competing model"
            )
        if pd.notna(m.proportion_mediated):
            assert f"is {fmt.pct(m.proportion_mediated)} of the total effect" in seg
        else:
            assert "No proportion mediated is given" in seg
        assert f"This is {MEDIATION_WORDS[m.mediation_type]}" in seg


def test_the_competing_model_sentence_states_the_test_and_the_verdict(run):
    comp = tables(run, "sem/competing")
    if comp.empty:
        pytest.skip("the model has every direct path its mediation hypotheses imply")
    c = comp.set_index("model").loc["competing"]
    line = next(
        p
        for p in prose(run / "reports/thesis.html")
        if "competing partial-mediation model adds" in p
    )
    assert f"Δχ²({fmt.num(c.delta_df, 'df')}) = {fmt.num(c.delta_chisq, 'chisq')}" in line
    assert f"p {fmt.p_value(c.delta_pvalue)}" in line
    assert f"ΔCFI = {fmt.num(c.delta_cfi, 'fit')}" in line
    favoured = (
        "the partial-mediation model" if c.preferred else "the more parsimonious hypothesized"
    )
    assert f"The data favor {favoured}" in line
    lab = labels(run)
    for path in c.paths_added.split("; "):
        y, x = (s.strip() for s in path.split("~"))
        assert f"from {lc(lab[x])} to {lc(lab[y])}" in line


def test_the_chinese_mediation_text_states_the_same_shares_and_verdict(default_run):
    zh = " ".join(prose(default_run / "reports/thesis.zh.html"))
    med = tables(default_run, "sem/mediation")
    assert "中介效应检验" in zh and "效应占比" in zh
    types = {"full": "完全中介", "partial": "部分中介", "suppression": "遮掩效应", "none": "不成立"}
    for m in med.itertuples():
        start = zh.index(f"{m.id}：", zh.index("中介效应检验程序"))
        seg = zh[start:][:600]
        if pd.notna(m.proportion_mediated):
            assert f"间接效应占总效应的{fmt.pct(m.proportion_mediated)}（效应占比）" in seg
        assert types[m.mediation_type] in seg
    comp = tables(default_run, "sem/competing").set_index("model")
    if not comp.empty:
        verdict = (
            "数据支持竞争模型" if comp.loc["competing", "preferred"] else "数据支持更简约的假设模型"
        )
        assert verdict in zh


# --------------------------------------------------------------------------- committee items
def _fit_values(run: Path, key: str) -> dict:
    t = tables(run, key)
    return dict(zip(t["index"], t["value"], strict=True))


def test_amos_indices_table_shows_the_fit_tables_values(run):
    from surveysem.criteria import FIT_AMOS, fit_index_names

    html = (run / "reports" / "thesis.html").read_text(encoding="utf-8")
    table = re.search(r"<table[^>]*>(?:(?!</table>).)*NFI.*?</table>", html, flags=re.S)
    assert table, "no table of the AMOS-style indices"
    cells = html_text_of(table.group(0))
    for key in ("cfa/fit", "sem/fit"):
        v = _fit_values(run, key)
        names = fit_index_names(v)
        for k, cut in FIT_AMOS.items():
            if k in v or names[k] in v:
                kind = "chisq" if k == "chisq_df" else "fit"
                assert fmt.against(v[names[k]], kind, cut) in cells, (key, k)
    body = text(run)
    assert "Conventional cut-offs: χ²/df < 3" in body


def html_text_of(fragment: str) -> str:
    t = re.sub(r"<[^>]+>", " ", fragment)
    return t.replace("\u00a0", " ").replace("\u2060", "").replace("&lt;", "<").replace("&gt;", ">")


def test_common_method_sentences_state_the_tables(run):
    harman = tables(run, "efa/harman")
    pc = harman[harman["method"].str.contains("principal")].iloc[0]
    body = text(run)
    side = "above" if pc["exceeds"] else "below"
    assert (
        f"explained {fmt.pct(pc['share'])} of the variance of all items, {side} the "
        f"{fmt.pct(pc['threshold'], 0)}" in body
    )
    u = tables(run, "cfa/ulmc").set_index("model").loc["with method factor"]
    if pd.isna(u["cfi"]):
        assert "could not be estimated" in body
        return
    assert (
        f"ΔCFI = {fmt.num(u['delta_cfi'], 'fit')}, ΔTLI = {fmt.num(u['delta_tli'], 'fit')}" in body
    )
    assert f"ΔRMSEA = {fmt.num(u['delta_rmsea'], 'fit')}" in body
    verdict = "is a serious concern" if u["flagged"] else "does not improve the fit materially"
    assert verdict in body
    if not u["admissible"]:
        assert "was not proper" in body


def test_item_analysis_sentence_states_the_table(run):
    t = tables(run, "reliability/item_analysis")
    body = text(run)
    cr = f"CR = {fmt.num(t['cr'].min(), 'stat')} to {fmt.num(t['cr'].max(), 'stat')}"
    assert cr in body
    r = f"rit = {fmt.num(t['item_total_r'].min(), 'r')} to {fmt.num(t['item_total_r'].max(), 'r')}"
    assert r in body
    flagged = list(t.loc[t["flagged"], "item"])
    if flagged:
        assert all(i in body for i in flagged)
        assert "fell short of a critical ratio" in body
    else:
        assert "Every item reached a critical ratio" in body


def test_method_chapter_states_the_administration_or_that_it_is_unknown(run):
    cfg = yaml.safe_load((run / "study.yaml").read_text())
    body = text(run)
    survey = cfg.get("survey")
    if not survey:
        assert "so the response rate is unknown" in body
        return
    d, v = survey.get("distributed"), survey.get("valid")
    if d and v is not None:
        assert f"valid response rate {fmt.pct(v / d)}" in body


def test_classic_group_tests_are_stated_with_their_numbers(run):
    path = run / "results/groups/classic.csv"
    if not path.exists() or pd.read_csv(path).empty:
        return
    body = text(run)
    assert "(median-centred) deciding the variances and the post hoc tests" in body
    for c in pd.read_csv(path).itertuples():
        lev = f"Levene's F({fmt.num(c.levene_df1, 'df')}, {fmt.num(c.levene_df2, 'df')}) = {fmt.num(c.levene_statistic, 'stat')}"
        assert lev in body, lev
        if c.test == "student_t":
            stat = f"t({fmt.num(c.df1, 'df')}) = {fmt.num(c.statistic, 'stat')}"
        elif c.test == "welch_t":
            stat = f"t′({fmt.num(c.df1, 'dfr')}) = {fmt.num(c.statistic, 'stat')}"
        else:
            stat = f"F({fmt.num(c.df1, 'df')}, {fmt.num(c.df2, 'df')}) = {fmt.num(c.statistic, 'stat')}"
        assert stat in body, stat
        assert ("variances equal" if c.equal_var else "variances unequal") in body
