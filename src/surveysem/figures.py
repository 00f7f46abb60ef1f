"""Figures for the report: path diagram, correlation heat map, item distributions, group profile
and screening flow.

Every function takes tables and returns a :class:`matplotlib.figure.Figure`; nothing is written
here. :func:`figure_svg` turns a figure into SVG bytes that are identical from run to run (fixed
``svg.hashsalt``, no date in the metadata, text drawn as paths in DejaVu Sans).
:func:`make_figures` builds them all from the result tables; it is what the workflow calls.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

from surveysem.narrative import ci_excludes_zero, fmt_bounded, fmt_int, stars

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "surveysem",
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}
ROLE_COLUMN = {"stressor": 0, "resource": 0, "other": 0, "burnout": 1, "outcome": 2}
FILL = {"stressor": "#f2d7d5", "resource": "#d5e8d4", "burnout": "#dae8fc", "outcome": "#fff2cc"}
STEP_LABELS = {
    "raw": "Responses received",
    "duplicate_id": "Duplicate respondent ID",
    "duplicate_row": "Duplicate answer row",
    "attention_check": "Failed attention check",
    "speeder": "Completed too fast (speeder)",
    "longstring": "Long run of identical answers",
    "irv": "Low intra-individual response variability",
    "mahalanobis": "Multivariate outlier (Mahalanobis)",
    "too_many_missing": "Too many missing answers",
    "out_of_range": "Out-of-range answers",
}


def figure_svg(fig: Figure) -> bytes:
    """Render a figure to SVG bytes, identical across runs.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    bytes
        The SVG document. No creation date, a fixed hash salt for element ids.
    """
    buf = io.BytesIO()
    with mpl.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


def _scale_role(codebook, name: str) -> str:
    try:
        return codebook.scale(name).role
    except (ValueError, AttributeError):
        return "other"


def scale_scores(data: pd.DataFrame, codebook) -> pd.DataFrame:
    """Scale scores as the mean of each scale's (already reverse-scored) items.

    Parameters
    ----------
    data : DataFrame
        ``clean/data.csv``.
    codebook : Codebook

    Returns
    -------
    DataFrame
        One column per scale whose items are all present, one row per respondent; a score is
        the mean of the answered items.
    """
    out = {}
    for s in codebook.scales:
        if all(i in data.columns for i in s.items):
            out[s.name] = data[list(s.items)].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    return pd.DataFrame(out, index=data.index)


# --------------------------------------------------------------------------- path diagram


def _layout(paths: pd.DataFrame, codebook) -> dict[str, tuple[float, float]]:
    """Node positions: columns by role (exogenous -> burnout -> outcome), then by depth."""
    nodes: list[str] = []
    for v in list(paths["rhs"]) + list(paths["lhs"]):
        if v not in nodes:
            nodes.append(v)
    preds: dict[str, set[str]] = {n: set() for n in nodes}
    for lhs, rhs in zip(paths["lhs"], paths["rhs"], strict=False):
        preds[lhs].add(rhs)
    depth: dict[str, int] = {}

    def d(n: str, seen: frozenset = frozenset()) -> int:
        if n in depth:
            return depth[n]
        if not preds[n] or n in seen:
            return 0
        depth[n] = 1 + max(d(p, seen | {n}) for p in preds[n])
        return depth[n]

    for n in nodes:
        d(n)
    group = {}
    for n in nodes:
        role = _scale_role(codebook, n)
        col = ROLE_COLUMN.get(role, 0)
        if not preds[n]:
            col = 0
        elif col == 0:
            col = 1
        group[n] = col
    # within a role column, sub-columns by depth
    columns: list[list[str]] = []
    for col in sorted(set(group.values())):
        members = [n for n in nodes if group[n] == col]
        for dep in sorted({depth.get(n, 0) for n in members}):
            columns.append([n for n in members if depth.get(n, 0) == dep])
    # the first column (exogenous) is stacked one unit apart; later columns are spread over the
    # height so that their labels have room, and single-node columns after the first alternate
    # above and below the centre line so that an arrow skipping a column does not run through it
    nrow = max((len(m) for m in columns), default=1)
    pos = {}
    singles = 0
    for ci, members in enumerate(columns):
        k = len(members)
        step = 1.0 if ci == 0 else max(1.0, min(3.0, (nrow - 1) / k))
        shift = 0.0
        if ci > 0 and k == 1:
            shift = (0.0, 0.7, -0.7)[singles % 3]
            singles += 1
        for j, n in enumerate(members):
            y = ((k - 1) / 2 - j) * step + shift
            pos[n] = (float(ci) + (0.6 if ci > 0 else 0.0), float(y))
    return pos


def path_diagram(
    estimates: pd.DataFrame,
    codebook,
    r2: pd.DataFrame | None = None,
    ci_level: float = 0.95,
) -> Figure:
    """Path diagram of the structural model with standardized coefficients.

    Parameters
    ----------
    estimates : DataFrame
        ``sem/estimates.csv``; the ``~`` rows are drawn (``std_all``, ``pvalue``, CIs).
    codebook : Codebook
        Scale roles decide the columns (stressors and resources -> burnout -> outcomes).
    r2 : DataFrame, optional
        ``sem/r2.csv`` (``variable``, ``r2``), printed inside the endogenous ellipses.
    ci_level : float
        Only used in the legend text.

    Returns
    -------
    Figure
        Solid arrows: CI excludes zero; dashed grey: it does not. Labels: β with stars
        (* p < .05, ** p < .01, *** p < .001).

    Raises
    ------
    ValueError
        If the estimates hold no regression (``~``) rows.
    """
    paths = estimates[estimates["op"] == "~"].reset_index(drop=True)
    if paths.empty:
        raise ValueError(
            "sem/estimates.csv has no regression rows (op '~'); the path diagram needs the "
            "structural model's paths"
        )
    pos = _layout(paths, codebook)
    xs = sorted({x for x, _ in pos.values()})
    ncol = len(xs)
    xmax = xs[-1]
    nrow = max(sum(1 for p in pos.values() if p[0] == c) for c in xs)
    width = 7.2
    height = max(3.0, min(9.0, 0.72 * nrow + 1.0))
    r2map = {}
    if r2 is not None and not r2.empty:
        r2map = dict(zip(r2["variable"].astype(str), r2["r2"].astype(float), strict=False))
    with mpl.rc_context(RC):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-0.45, xmax + 0.45)
        ymax = (nrow - 1) / 2 + 0.6
        ax.set_ylim(-ymax - 0.35, ymax)
        ax.axis("off")
        ew, eh = 0.42 * min(1.0, 5 / max(ncol, 1)) + 0.1, 0.46
        patches = {}
        for n, (x, y) in pos.items():
            role = _scale_role(codebook, n)
            e = Ellipse(
                (x, y),
                ew,
                eh,
                facecolor=FILL.get(role, "#eeeeee"),
                edgecolor="black",
                lw=0.8,
                zorder=3,
            )
            ax.add_patch(e)
            patches[n] = e
            if n in r2map:
                ax.text(
                    x, y + 0.07, n, ha="center", va="center", fontsize=9, weight="bold", zorder=4
                )
                ax.text(
                    x,
                    y - 0.11,
                    f"R² = {fmt_bounded(r2map[n])}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    zorder=4,
                )
            else:
                ax.text(x, y, n, ha="center", va="center", fontsize=9, weight="bold", zorder=4)
        # labels: greedy placement along each edge, avoiding nodes and earlier labels
        sx, sy = width / (xmax + 0.9), height / (2 * ymax + 0.35)  # inches per data unit
        lw_in, lh_in = 0.42, 0.15
        taken: list[tuple[float, float, float, float]] = [
            (x - ew / 2, y - eh / 2, x + ew / 2, y + eh / 2) for x, y in pos.values()
        ]

        def free(cx: float, cy: float) -> bool:
            hw, hh = lw_in / sx / 2, lh_in / sy / 2
            return all(
                cx + hw < x0 or cx - hw > x1 or cy + hh < y0 or cy - hh > y1
                for x0, y0, x1, y1 in taken
            )

        order = sorted(
            range(len(paths)),
            key=lambda i: (
                not ci_excludes_zero(paths.loc[i, "ci_low"], paths.loc[i, "ci_high"]),
                i,
            ),
        )
        for i in order:
            r = paths.loc[i]
            a, b = pos[r["rhs"]], pos[r["lhs"]]
            rel = ci_excludes_zero(r.get("ci_low"), r.get("ci_high"))
            same_col = a[0] == b[0]
            rad = 0.35 if same_col else 0.0
            beta = r.get("std_all")
            lw = 0.6 + 2.2 * min(abs(float(beta)), 1.0) if rel and not _nan(beta) else 0.7
            arrow = FancyArrowPatch(
                posA=a,
                posB=b,
                patchA=patches[r["rhs"]],
                patchB=patches[r["lhs"]],
                arrowstyle="-|>",
                mutation_scale=9,
                connectionstyle=f"arc3,rad={rad}",
                lw=lw,
                color="black" if rel else "#888888",
                linestyle="-" if rel else (0, (4, 2)),
                zorder=2,
            )
            ax.add_patch(arrow)
            cands = (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.35, 0.45, 0.55, 0.65)
            lx = ly = None
            for t in cands:
                cx, cy = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
                if same_col:
                    cx += 0.18
                if free(cx, cy):
                    lx, ly = cx, cy
                    break
            if lx is None:
                lx, ly = (
                    a[0] + 0.5 * (b[0] - a[0]) + (0.18 if same_col else 0),
                    a[1] + 0.5 * (b[1] - a[1]),
                )
            hw, hh = lw_in / sx / 2, lh_in / sy / 2
            taken.append((lx - hw, ly - hh, lx + hw, ly + hh))
            label = fmt_bounded(beta) + stars(r.get("pvalue"))
            ax.text(
                lx,
                ly,
                label,
                ha="center",
                va="center",
                fontsize=6.8,
                color="black" if rel else "#666666",
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9},
                zorder=5,
            )
        lev = round(100 * ci_level)
        ax.text(
            -0.4,
            -ymax - 0.2,
            f"Standardized coefficients. Solid: {lev}% CI excludes zero; dashed: it does not. "
            "* p < .05, ** p < .01, *** p < .001.",
            fontsize=6.8,
            ha="left",
            va="center",
            color="#333333",
        )
    return fig


def _nan(x) -> bool:
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


# --------------------------------------------------------------------------- heat map


def correlation_heatmap(scores: pd.DataFrame) -> Figure:
    """Heat map of the Pearson correlations between scale scores (lower triangle).

    Parameters
    ----------
    scores : DataFrame
        One column per scale (see :func:`scale_scores`).

    Returns
    -------
    Figure
        Cells coloured on a diverging scale from −1 to 1, with r printed without leading zero.
    """
    corr = scores.corr(method="pearson")
    k = len(corr)
    size = min(7.0, 1.2 + 0.42 * k)
    with mpl.rc_context(RC):
        fig = Figure(figsize=(size, size * 0.9))
        ax = fig.add_subplot(1, 1, 1)
        mat = corr.to_numpy(dtype=float).copy()
        mask = np.triu(np.ones_like(mat, dtype=bool), k=1)
        shown = np.where(mask, np.nan, mat)
        # pcolormesh keeps the SVG pure vector (imshow would embed a PNG as a data: URL)
        im = ax.pcolormesh(
            np.arange(k + 1) - 0.5,
            np.arange(k + 1) - 0.5,
            np.ma.masked_invalid(shown),
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
        )
        ax.set_xlim(-0.5, k - 0.5)
        ax.set_ylim(k - 0.5, -0.5)
        ax.set_aspect("equal")
        for i in range(k):
            for j in range(i + 1):
                v = mat[i, j]
                if i == j or np.isnan(v):
                    continue
                ax.text(
                    j,
                    i,
                    fmt_bounded(v),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if abs(v) > 0.6 else "black",
                )
        ax.set_xticks(range(k), corr.columns, rotation=90, fontsize=7.5)
        ax.set_yticks(range(k), corr.index, fontsize=7.5)
        ax.spines[:].set_visible(False)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.solids.set_rasterized(False)  # keep the SVG free of embedded images
        cb.set_label("Pearson r", fontsize=8)
        cb.ax.tick_params(labelsize=7)
    return fig


# --------------------------------------------------------------------------- items


def item_distributions(data: pd.DataFrame, codebook) -> Figure:
    """Stacked horizontal bars of the answer shares of every item, grouped by scale.

    Parameters
    ----------
    data : DataFrame
        ``clean/data.csv`` (items already reverse-scored).
    codebook : Codebook
        Items, scales and answer ranges.

    Returns
    -------
    Figure
        One bar per item; segments are the shares of each answer category (values are rounded to
        the nearest category so item parcels can be shown). Missing answers are left out.
    """
    rows: list[tuple[str, pd.Series, float, float]] = []
    for s in codebook.scales:
        for it in s.items:
            if it in data.columns:
                rows.append(
                    (f"{s.name} · {it}", pd.to_numeric(data[it], errors="coerce"), s.low, s.high)
                )
    if not rows:
        raise ValueError("clean/data.csv holds none of the codebook's items; nothing to plot")
    lo = int(math.floor(min(r[2] for r in rows)))
    hi = int(math.ceil(max(r[3] for r in rows)))
    cats = list(range(lo, hi + 1))
    cmap = mpl.colormaps["RdYlBu_r"]
    colors = [cmap(x) for x in np.linspace(0.1, 0.9, len(cats))]
    n = len(rows)
    with mpl.rc_context(RC):
        fig = Figure(figsize=(6.8, min(9.6, 0.9 + 0.15 * n)))
        ax = fig.add_subplot(1, 1, 1)
        for yi, (_, vals, _, _) in enumerate(rows):
            v = vals.dropna().round().clip(lo, hi)
            shares = v.value_counts(normalize=True)
            left = 0.0
            for c, col in zip(cats, colors, strict=True):
                w = float(shares.get(float(c), 0.0))
                if w > 0:
                    ax.barh(yi, w, left=left, color=col, height=0.8, edgecolor="white", lw=0.3)
                left += w
        ax.set_yticks(range(n), [r[0] for r in rows], fontsize=max(4.5, min(7.5, 400 / n)))
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("Share of answers")
        handles = [
            mpl.patches.Patch(color=c, label=str(k)) for k, c in zip(cats, colors, strict=True)
        ]
        ax.legend(
            handles=handles,
            title="Answer",
            ncol=len(cats),
            fontsize=7,
            title_fontsize=7,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            frameon=False,
        )
    return fig


# --------------------------------------------------------------------------- group profile


def group_profile(descriptives: pd.DataFrame, codebook, min_n: int = 5) -> Figure:
    """Mean burnout by group level, one panel per grouping variable.

    Parameters
    ----------
    descriptives : DataFrame
        ``groups/descriptives.csv``: ``outcome``, ``group_var``, ``level``, ``n``, ``mean``,
        ``sd``, ``suppressed``.
    codebook : Codebook
        Burnout scales (role ``burnout``) are plotted; if there are none, every outcome is.
    min_n : int
        Cells with fewer respondents (or flagged ``suppressed``) are not drawn.

    Returns
    -------
    Figure
        Grouped bars (scale x level) per grouping variable; suppressed cells are marked "n<5".
    """
    d = descriptives.copy()
    burn = [s.name for s in codebook.scales if s.role == "burnout"]
    if burn and d["outcome"].isin(burn).any():
        d = d[d["outcome"].isin(burn)]
    outcomes = list(dict.fromkeys(d["outcome"].astype(str)))
    gvars = list(dict.fromkeys(d["group_var"].astype(str)))
    if not gvars:
        raise ValueError("groups/descriptives.csv is empty; no group profile can be drawn")
    ncols = min(2, len(gvars))
    nrows = math.ceil(len(gvars) / ncols)
    sup = d["suppressed"].astype(str).str.lower().isin(["true", "1"]) | (
        d["n"].astype(float) < min_n
    )
    with mpl.rc_context(RC):
        fig = Figure(figsize=(6.8, 2.75 * nrows + 0.4), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        cmap = mpl.colormaps["tab10"]
        for k, g in enumerate(gvars):
            ax = axes[k // ncols][k % ncols]
            sub = d[d["group_var"].astype(str) == g]
            levels = list(dict.fromkeys(sub["level"].astype(str)))
            w = 0.8 / max(len(levels), 1)
            for li, lev in enumerate(levels):
                for oi, o in enumerate(outcomes):
                    cell = sub[
                        (sub["level"].astype(str) == lev) & (sub["outcome"].astype(str) == o)
                    ]
                    if cell.empty:
                        continue
                    x = oi - 0.4 + w * (li + 0.5)
                    if bool(sup.loc[cell.index[0]]):
                        ax.text(
                            x,
                            0.05,
                            "n<5",
                            rotation=90,
                            fontsize=5.5,
                            ha="center",
                            va="bottom",
                            transform=ax.get_xaxis_transform(),
                        )
                        continue
                    ax.bar(
                        x,
                        float(cell["mean"].iloc[0]),
                        width=w * 0.95,
                        color=cmap(li % 10),
                        label=lev if oi == 0 else None,
                    )
            ax.set_xticks(range(len(outcomes)), outcomes)
            try:
                lab = codebook.demographic(g).label
            except ValueError:
                lab = g
            ax.set_title(lab, fontsize=8.5)
            ax.set_ylabel("Mean", fontsize=7.5)
            ax.tick_params(labelsize=7)
            ax.legend(
                fontsize=6,
                frameon=False,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.12),
                ncol=min(2 if max(len(x) for x in levels) > 14 else 3, max(len(levels), 1)),
                handlelength=1.0,
                columnspacing=0.8,
            )
        for k in range(len(gvars), nrows * ncols):
            axes[k // ncols][k % ncols].axis("off")
    return fig


# --------------------------------------------------------------------------- flow


def screening_flow(flow: pd.DataFrame) -> Figure:
    """CONSORT-style flow of respondents through the data screens.

    Parameters
    ----------
    flow : DataFrame
        ``clean/flow.csv``: ``step``, ``n_before``, ``n_excluded``, ``n_after``, in order.

    Returns
    -------
    Figure
        A main column of boxes (received, after each screen that excluded someone, analysed)
        with side boxes giving the exclusions per screen.
    """
    if flow is None or flow.empty:
        raise ValueError("clean/flow.csv is empty; the screening flow needs at least one step")
    steps = flow.reset_index(drop=True)
    n0 = steps["n_before"].iloc[0]
    nfinal = steps["n_after"].iloc[-1]
    # the "raw" step only restates the number received, which the top box already shows
    steps = steps[steps["step"].astype(str) != "raw"].reset_index(drop=True)
    k = len(steps)
    with mpl.rc_context(RC):
        fig = Figure(figsize=(6.4, 0.9 + 0.5 * (k + 1)))
        ax = fig.add_axes((0, 0, 1, 1))
        total_h = k + 1
        ax.set_xlim(0, 10)
        ax.set_ylim(-total_h - 0.45, 0.45)
        ax.axis("off")

        def box(x, y, w, h, text, fc):
            ax.add_patch(
                FancyBboxPatch(
                    (x - w / 2, y - h / 2),
                    w,
                    h,
                    boxstyle="round,pad=0.05",
                    fc=fc,
                    ec="black",
                    lw=0.7,
                )
            )
            ax.text(x, y, text, ha="center", va="center", fontsize=8)

        box(2.6, 0, 4.4, 0.55, f"Responses received\nn = {fmt_int(n0)}", "#eef3fb")
        y = 0.0
        for _, r in steps.iterrows():
            y -= 1
            label = STEP_LABELS.get(str(r["step"]), str(r["step"]).replace("_", " ").capitalize())
            ax.annotate(
                "",
                xy=(2.6, y + 0.3),
                xytext=(2.6, y + 0.72),
                arrowprops={"arrowstyle": "-|>", "lw": 0.7, "color": "black"},
            )
            ax.plot([2.6, 5.5], [y + 0.5, y + 0.5], color="black", lw=0.7)
            box(
                7.6,
                y + 0.5,
                4.2,
                0.42,
                "\n".join(textwrap.wrap(f"{label}: n = {fmt_int(r['n_excluded'])}", 42)),
                "#fbeeee",
            )
            ax.text(
                2.6,
                y,
                f"n = {fmt_int(r['n_after'])}",
                ha="center",
                va="center",
                fontsize=7.5,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "lw": 0.5},
            )
        y -= 1
        ax.annotate(
            "",
            xy=(2.6, y + 0.3),
            xytext=(2.6, y + 0.85),
            arrowprops={"arrowstyle": "-|>", "lw": 0.7, "color": "black"},
        )
        box(2.6, y, 4.4, 0.55, f"Analysed\nn = {fmt_int(nfinal)}", "#e8f4e8")
    return fig


# --------------------------------------------------------------------------- all


FIGURES = ("flow", "path_diagram", "correlations", "item_shares", "group_profile")


def make_figures(
    tables: Mapping[str, pd.DataFrame], codebook, ci_level: float = 0.95
) -> dict[str, Figure]:
    """Every report figure that the available tables allow.

    Parameters
    ----------
    tables : mapping
        Keys ``clean/flow``, ``clean/data``, ``sem/estimates``, ``sem/r2``,
        ``groups/descriptives`` (the file names without ``.csv``); missing or empty tables
        skip their figure.
    codebook : Codebook
    ci_level : float

    Returns
    -------
    dict
        Figure name (one of :data:`FIGURES`) -> Figure.
    """

    def have(key: str) -> bool:
        t = tables.get(key)
        return t is not None and not t.empty

    out: dict[str, Figure] = {}
    if have("clean/flow"):
        out["flow"] = screening_flow(tables["clean/flow"])
    if have("sem/estimates"):
        out["path_diagram"] = path_diagram(
            tables["sem/estimates"], codebook, tables.get("sem/r2"), ci_level
        )
    if have("clean/data"):
        scores = scale_scores(tables["clean/data"], codebook)
        if scores.shape[1] >= 2:
            out["correlations"] = correlation_heatmap(scores)
        out["item_shares"] = item_distributions(tables["clean/data"], codebook)
    if have("groups/descriptives"):
        out["group_profile"] = group_profile(tables["groups/descriptives"], codebook)
    return out


def placeholder_figure(message: str) -> Figure:
    """A small figure that states why a figure is missing (so every declared output exists).

    Parameters
    ----------
    message : str

    Returns
    -------
    Figure
    """
    with mpl.rc_context(RC):
        fig = Figure(figsize=(6.0, 1.0))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.axis("off")
        ax.text(
            0.5, 0.5, "\n".join(textwrap.wrap(message, 90)), ha="center", va="center", fontsize=9
        )
    return fig
