"""Tests for surveysem.figures: every figure builds, SVG output is deterministic."""

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle
from test_report import CODEBOOK, result_tables

from surveysem import figures


@pytest.fixture(scope="module")
def tables():
    return result_tables(True)


def test_make_figures_builds_all(tables):
    figs = figures.make_figures(tables, CODEBOOK)
    assert set(figs) == set(figures.FIGURES)
    assert all(isinstance(f, Figure) for f in figs.values())


def test_svg_is_deterministic_and_undated(tables):
    a = figures.figure_svg(
        figures.path_diagram(tables["sem/estimates"], CODEBOOK, tables["sem/r2"])
    )
    b = figures.figure_svg(
        figures.path_diagram(tables["sem/estimates"], CODEBOOK, tables["sem/r2"])
    )
    assert a == b
    assert b"<dc:date>" not in a
    assert b"data:image" not in figures.figure_svg(
        figures.correlation_heatmap(figures.scale_scores(tables["clean/data"], CODEBOOK))
    )


def test_path_diagram_columns_and_arrows(tables):
    est = tables["sem/estimates"]
    fig = figures.path_diagram(est, CODEBOOK)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == int((est["op"] == "~").sum())
    pos = figures._layout(est[est["op"] == "~"], CODEBOOK)
    assert pos["WL"][0] == pos["SS"][0] < pos["EE"][0] < pos["WI"][0]
    # reliable paths are solid black, the others dashed grey
    solid = [a for a in arrows if a.get_linestyle() == "-"]
    assert len(solid) == 3
    weak = result_tables(False)["sem/estimates"]
    arrows = [
        p
        for p in figures.path_diagram(weak, CODEBOOK).axes[0].patches
        if isinstance(p, FancyArrowPatch)
    ]
    assert len([a for a in arrows if a.get_linestyle() == "-"]) == 1
    with pytest.raises(ValueError, match="no regression rows"):
        figures.path_diagram(est[est["op"] != "~"], CODEBOOK)


def test_group_profile_skips_small_cells(tables):
    d = tables["groups/descriptives"]
    fig = figures.group_profile(d, CODEBOOK)
    bars = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(bars) == 2  # male and female drawn; "other" (n = 3) suppressed
    big = d.assign(n=[40, 17, 30])
    bars = [
        p for p in figures.group_profile(big, CODEBOOK).axes[0].patches if isinstance(p, Rectangle)
    ]
    assert len(bars) == 3


def test_item_distributions_shares(tables):
    fig = figures.item_distributions(tables["clean/data"], CODEBOOK)
    ax = fig.axes[0]
    assert len(ax.get_yticks()) == len(CODEBOOK.items)
    widths = {}
    for p in ax.patches:
        widths.setdefault(round(p.get_y() + p.get_height() / 2), 0.0)
        widths[round(p.get_y() + p.get_height() / 2)] += p.get_width()
    assert all(abs(w - 1) < 1e-9 for w in widths.values())
    with pytest.raises(ValueError, match="none of the codebook's items"):
        figures.item_distributions(pd.DataFrame({"x": [1]}), CODEBOOK)


def test_screening_flow_and_placeholder(tables):
    fig = figures.screening_flow(tables["clean/flow"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Responses received\nn = 70" in texts and "Analysed\nn = 60" in texts
    with pytest.raises(ValueError, match="empty"):
        figures.screening_flow(pd.DataFrame(columns=["step", "n_before", "n_excluded", "n_after"]))
    assert isinstance(figures.placeholder_figure("x"), Figure)


def test_flow_leaves_out_the_raw_step():
    flow = pd.DataFrame(
        {
            "step": ["raw", "attention_check"],
            "n_before": [70, 70],
            "n_excluded": [0, 10],
            "n_after": [70, 60],
        }
    )
    texts = [t.get_text() for t in figures.screening_flow(flow).axes[0].texts]
    assert not any(t.startswith("Responses received:") for t in texts)
    assert "Failed attention check: n = 10" in texts


def test_layout_keeps_skipped_nodes_off_the_arrows():
    # WL -> EE -> WI and EE -> DP -> WI: no node may sit on the straight line of an arrow
    # that passes it by (e.g. EE -> WI running through DP)
    paths = pd.DataFrame({"lhs": ["EE", "DP", "WI", "WI"], "rhs": ["WL", "EE", "DP", "EE"]})
    cb = CODEBOOK
    pos = figures._layout(paths, cb)
    (x0, y0), (x1, y1) = pos["EE"], pos["WI"]
    xd, yd = pos["DP"]
    assert x0 < xd < x1
    y_on_line = y0 + (y1 - y0) * (xd - x0) / (x1 - x0)
    assert abs(yd - y_on_line) > 0.3
