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
