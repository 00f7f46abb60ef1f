"""Figures: every one builds from the producers' tables, SVG output is deterministic."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from edge_study import CODEBOOK as EDGE_CODEBOOK
from edge_study import simulate
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from surveysem import figures
from surveysem.clean import clean_survey
from surveysem.codebook import parse_codebook
from surveysem.groups import compare_groups
from surveysem.models import fit_structural
from surveysem.scores import describe_scores

CB = parse_codebook(EDGE_CODEBOOK)
MODEL = {"structural": "EX ~ DM + SU\nCY ~ EX + DM\nOU ~ CY + SU\n"}


@pytest.fixture(scope="module")
def tables():
    raw = simulate(300, seed=3).astype(str)
    raw.insert(0, "row", range(1, len(raw) + 1))
    res = clean_survey(raw, CB, id_column="id", exclude=["duplicate_id"])
    data = res.data
    cfg = yaml.safe_load(
        yaml.safe_dump(
            {
                "model": MODEL,
                "analysis": {"estimator": "ML", "missing": "listwise", "ci_level": 0.95},
            }
        )
    )
    fit = fit_structural(data, cfg, CB)
    groups = compare_groups(data, CB, groups=["site"])
    return {
        "clean/flow": res.flow,
        "clean/data": data,
        "scores/correlations": describe_scores(data, CB).correlations,
        "sem/estimates": fit.estimates,
        "sem/r2": fit.r2,
        "groups/descriptives": groups.descriptives,
    }


def test_make_figures_builds_all(tables):
    figs = figures.make_figures(tables, CB)
    assert set(figs) == {"flow", "path_diagram", "correlations", "item_shares", "group_profile"}
    assert all(isinstance(f, Figure) for f in figs.values())
    without = {k: v for k, v in tables.items() if k != "groups/descriptives"}
    assert "group_profile" not in figures.make_figures(without, CB)


def test_svg_is_deterministic_undated_and_vector(tables):
    a = figures.figure_svg(figures.path_diagram(tables["sem/estimates"], CB, tables["sem/r2"]))
    b = figures.figure_svg(figures.path_diagram(tables["sem/estimates"], CB, tables["sem/r2"]))
    assert a == b and b"<dc:date>" not in a
    heat = figures.correlation_heatmap(tables["scores/correlations"], CB.scale_names)
    assert b"data:image" not in figures.figure_svg(heat)


def test_path_diagram_arrows_follow_the_estimates(tables):
    est = tables["sem/estimates"]
    paths = est[est["op"] == "~"]
    fig = figures.path_diagram(est, CB)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(paths)
    reliable = int(((paths["ci_low"] > 0) | (paths["ci_high"] < 0)).sum())
    assert len([a for a in arrows if a.get_linestyle() == "-"]) == reliable
    labels = [t.get_text() for t in fig.axes[0].texts]
    for beta in paths["std_all"]:
        assert any(t.startswith(figures.fmt.num(beta, "std")) for t in labels)
    pos = figures.path_layout(paths)
    assert pos["DM"][0] == pos["SU"][0] < pos["EX"][0] < pos["CY"][0] < pos["OU"][0]
    with pytest.raises(ValueError, match="no regression rows"):
        figures.path_diagram(est[est["op"] != "~"], CB)


def test_group_profile_spans_the_answer_scale_with_error_bars(tables):
    fig = figures.group_profile(tables["groups/descriptives"], CB)
    ax = fig.axes[0]
    assert ax.get_ylim() == (1.0, 5.0)
    assert ax.containers  # errorbar containers: one per level
    assert len(ax.containers) == 2


def test_item_distributions_shares(tables):
    ax = figures.item_distributions(tables["clean/data"], CB).axes[0]
    assert len(ax.get_yticks()) == len(CB.items)
    widths: dict[int, float] = {}
    for p in ax.patches:
        k = round(p.get_y() + p.get_height() / 2)
        widths[k] = widths.get(k, 0.0) + p.get_width()
    assert all(abs(w - 1) < 1e-9 for w in widths.values())
    with pytest.raises(ValueError, match="none of the codebook's items"):
        figures.item_distributions(pd.DataFrame({"x": [1]}), CB)


def test_screening_flow_names_each_screen():
    flow = pd.DataFrame(
        {
            "step": ["raw", "attention_check"],
            "n_before": [70, 70],
            "n_excluded": [0, 10],
            "n_after": [70, 60],
        }
    )
    texts = [t.get_text() for t in figures.screening_flow(flow).axes[0].texts]
    assert "Responses received\nn = 70" in texts and "Analysed\nn = 60" in texts
    assert "Failed attention check: n = 10" in texts
    with pytest.raises(ValueError, match="empty"):
        figures.screening_flow(pd.DataFrame(columns=["step", "n_before", "n_excluded", "n_after"]))


def test_layout_keeps_skipped_nodes_off_the_arrows():
    # WL -> EE -> WI and EE -> DP -> WI: no node may sit on the straight line of an arrow
    # that passes it by (e.g. EE -> WI running through DP)
    paths = pd.DataFrame({"lhs": ["EE", "DP", "WI", "WI"], "rhs": ["WL", "EE", "DP", "EE"]})
    pos = figures.path_layout(paths)
    (x0, y0), (x1, y1) = pos["EE"], pos["WI"]
    xd, yd = pos["DP"]
    assert x0 < xd < x1
    assert abs(yd - (y0 + (y1 - y0) * (xd - x0) / (x1 - x0))) > 0.3


# --------------------------------------------------------------------------- moderation
@pytest.fixture(scope="module")
def moderated_tables():
    from helpers.moderation import CASES, base_frames, moderated

    base = base_frames()
    return {case: moderated(base, **kw) for case, kw in CASES.items()}


def test_the_interaction_is_found_with_its_focal_predictor(moderated_tables):
    t = moderated_tables["supported"]
    assert figures.interaction_of(t["sem/estimates"], t["sem/conditional"]) == ("WL", "SS", "EE")
    with pytest.raises(ValueError, match="no product term"):
        est = t["sem/estimates"]
        figures.interaction_of(est[~est["rhs"].str.contains(":")], t["sem/conditional"])


@pytest.mark.parametrize("case", ["supported", "inside", "noroot"])
def test_the_jn_band_crosses_zero_at_the_bounds_and_passes_through_the_probes(
    moderated_tables, case
):
    from helpers.moderation import CASES, Z

    t = moderated_tables[case]
    sl = t["sem/conditional"][t["sem/conditional"]["effect"] == "WL -> EE"]
    theta, var = figures.jn_curve(sl)
    for r in sl.itertuples():
        assert theta(r.moderator_value) == pytest.approx(r.est, abs=1e-9)
        assert var(r.moderator_value) == pytest.approx(r.se**2, abs=1e-12)
    jn = t["sem/johnson_neyman"].iloc[0]
    for v in (jn.lower, jn.upper):
        if pd.notna(v):  # the band's edge touches zero at each bound
            assert abs(theta(v)) == pytest.approx(Z * var(v) ** 0.5, rel=1e-6)
    kw = CASES[case]
    assert pd.isna(jn.lower) == (case == "noroot"), kw
    for lang in ("en", "zh"):
        fig = figures.johnson_neyman_plot(
            t["sem/conditional"], t["sem/johnson_neyman"], "WL", "SS", "EE", 0.95, lang
        )
        ax = fig.axes[0]
        dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
        lo, hi = ax.get_xlim()
        shown = [v for v in (jn.lower, jn.upper) if pd.notna(v) and lo <= v <= hi]
        assert len(dashed) == len(shown)
        far = [v for v in (jn.lower, jn.upper) if pd.notna(v) and not lo <= v <= hi]
        assert len(ax.texts) == (1 if far else 0)
        assert figures.figure_svg(fig, lang) == figures.figure_svg(fig, lang)


def test_simple_slopes_draws_one_line_per_probe_with_its_slope(moderated_tables):
    t = moderated_tables["inside"]
    fig = figures.simple_slopes(
        t["sem/conditional"], t["sem/estimates"], t["scores/descriptives"], "WL", "SS", "EE"
    )
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) > 2]
    sl = t["sem/conditional"][t["sem/conditional"]["effect"] == "WL -> EE"]
    assert len(lines) == len(sl) == 3
    for ln, est in zip(lines, sl.sort_values("moderator_value")["est"], strict=True):
        x, y = ln.get_xdata(), ln.get_ydata()
        assert (y[-1] - y[0]) / (x[-1] - x[0]) == pytest.approx(est)
    sd = t["scores/descriptives"].set_index("scale").loc["WL", "sd"]
    assert lines[0].get_xdata()[-1] == pytest.approx(2 * sd)


def test_moderation_figures_only_with_a_product_term():
    from surveysem.outputs import figure_paths, has_product_term

    assert has_product_term("EE ~ WL + SS + WL:SS\nDP ~ EE")
    assert not has_product_term("EE ~ WL + SS\nEE =~ ee1 + ee2 # a:b in a comment")
    assert "simple_slopes" not in figure_paths(True)
    assert set(figure_paths(False, moderation=True)) >= {"simple_slopes", "johnson_neyman"}
    assert "group_profile" not in figure_paths(False, moderation=True)
