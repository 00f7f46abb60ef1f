"""Figures for the report: screening flow, path diagram, correlation heat map, item
distributions, group profiles, and for a model with a product term the simple slopes and the
Johnson–Neyman plot.

Every function takes tables and returns a :class:`matplotlib.figure.Figure`; nothing is written
here. :func:`figure_svg` turns a figure into SVG bytes that are identical from run to run (fixed
``svg.hashsalt``, no date in the metadata, text drawn as paths in DejaVu Sans).
:func:`make_figures` builds them all from the result tables; it is what the workflow calls.
Figures are drawn to be read in grayscale: significance is shown by line style and weight,
groups by marker shape, not by colour alone.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping
from statistics import NormalDist

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

from surveysem import fmt
from surveysem.criteria import ci_excludes_zero, truthy
from surveysem.labels import demographic_label, label, level_label

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "surveysem",
    "svg.fonttype": "none",  # text as text: small SVGs, fast to print, searchable
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}
#: Fonts for the figures' text in a language, tried in order (CJK glyphs from Noto, as in the PDF).
FONTS = {"en": ["DejaVu Sans"], "zh": ["DejaVu Sans", "Noto Sans CJK SC"]}
FILL = {"stressor": "#e6e6e6", "resource": "#ffffff", "burnout": "#cccccc", "outcome": "#f2f2f2"}


def rc(lang: str = "en") -> dict:
    """The matplotlib settings of the figures in a language (``RC`` with its fonts)."""
    return {**RC, "font.family": FONTS.get(lang, FONTS["en"])}


def figure_svg(fig: Figure, lang: str = "en") -> bytes:
    """Render a figure to SVG bytes, identical across runs.

    Parameters
    ----------
    fig : Figure
    lang : str
        The language of its text: Chinese text is set in Noto Sans CJK SC (``FONTS``).

    Returns
    -------
    bytes
        The SVG document. No creation date, a fixed hash salt for element ids.
    """
    buf = io.BytesIO()
    with mpl.rc_context(rc(lang)):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


def _scale_role(codebook, name: str) -> str:
    try:
        return codebook.scale(name).role
    except (ValueError, AttributeError):
        return "other"


# --------------------------------------------------------------------------- path diagram


def _depths(paths: pd.DataFrame) -> dict[str, int]:
    nodes = list(dict.fromkeys(list(paths["rhs"]) + list(paths["lhs"])))
    preds: dict[str, set[str]] = {n: set() for n in nodes}
    for y, x in zip(paths["lhs"], paths["rhs"], strict=True):
        preds[y].add(x)
    depth: dict[str, int] = {}

    def d(n: str, seen: frozenset = frozenset()) -> int:
        if n not in depth:
            depth[n] = (
                0 if not preds[n] or n in seen else 1 + max(d(q, seen | {n}) for q in preds[n])
            )
        return depth[n]

    for n in nodes:
        d(n)
    return depth


def path_layout(paths: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Columns by depth; each column ordered by its predecessors' mean height and spread out;
    single-node columns alternate above and below the centre so that an arrow that skips a
    column does not run through the node in it."""
    depth = _depths(paths)
    cols: dict[int, list[str]] = {}
    for n, k in depth.items():
        cols.setdefault(k, []).append(n)
    preds: dict[str, list[str]] = {}
    for y, x in zip(paths["lhs"], paths["rhs"], strict=True):
        preds.setdefault(y, []).append(x)
    nrow = max(len(v) for v in cols.values())
    pos: dict[str, tuple[float, float]] = {}
    singles = 0
    for k in sorted(cols):
        members = cols[k]
        if k > 0:
            members.sort(key=lambda n: -np.mean([pos[q][1] for q in preds[n] if q in pos]))
        m = len(members)
        step = 1.0 if k == 0 else max(1.3, min(3.0, (nrow - 1) / max(m, 1)))
        shift = 0.0
        if k > 0 and m == 1:
            shift = (0.0, 1.1, -1.1)[singles % 3]
            singles += 1
        for j, n in enumerate(members):
            pos[n] = (k * 1.55, ((m - 1) / 2 - j) * step + shift)
    return pos


def _label_spot(a, b, sx, sy, taken, nodes, ew, eh):
    """A point on the segment a-b for the label: near its middle, clear of nodes and labels."""
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.28, 0.72, 0.22, 0.78, 0.38, 0.46, 0.54, 0.62):
        cx, cy = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        clear_nodes = all(
            ((cx - x) / (ew * 0.75)) ** 2 + ((cy - y) / (eh * 0.9)) ** 2 > 1 for x, y in nodes
        )
        clear_labels = all(math.hypot((cx - x) * sx, (cy - y) * sy) > 0.34 for x, y in taken)
        if clear_nodes and clear_labels:
            return cx, cy
    return a[0] + 0.5 * (b[0] - a[0]), a[1] + 0.5 * (b[1] - a[1])


def path_diagram(
    estimates: pd.DataFrame,
    codebook,
    r2: pd.DataFrame | None = None,
    ci_level: float = 0.95,
    lang: str = "en",
) -> Figure:
    """Path diagram of the structural model with standardized direct effects.

    Parameters
    ----------
    estimates : DataFrame
        ``sem/estimates.csv``; the ``~`` rows are drawn (``std_all``, ``pvalue``, CIs), except
        product terms ``X:W``.
    codebook : Codebook
        Scale roles decide the fill of the nodes.
    r2 : DataFrame, optional
        ``sem/r2.csv`` (``variable``, ``r2``), printed inside the endogenous ellipses.
    ci_level : float
        Only used in the legend text.
    lang : str
        Language of the legend.

    Returns
    -------
    Figure
        Nodes in columns by their depth in the model. Solid black arrows: the CI of the path
        excludes zero (line width grows with |β|); dashed grey: it does not. Each label (β
        with stars) sits on its own arrow, turned to the arrow's direction.

    Raises
    ------
    ValueError
        If the estimates hold no regression (``~``) rows.
    """
    paths = estimates[estimates["op"] == "~"]
    # a product term X:W has its own figures (simple slopes, Johnson-Neyman), not a node here
    paths = paths[~paths["rhs"].astype(str).str.contains(":")].reset_index(drop=True)
    if paths.empty:
        raise ValueError(
            "sem/estimates.csv has no regression rows (op '~'); the path diagram needs the "
            "structural model's paths"
        )
    pos = path_layout(paths)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    x0, x1, y0, y1 = min(xs) - 0.5, max(xs) + 0.5, min(ys) - 0.75, max(ys) + 0.45
    width, height = 7.0, max(3.5, min(8.6, 0.62 * (y1 - y0)))
    sx, sy = width / (x1 - x0), height / (y1 - y0)
    r2map = {}
    if r2 is not None and not r2.empty:
        r2map = dict(zip(r2["variable"].astype(str), r2["r2"].astype(float), strict=False))
    ew, eh = 0.62, 0.5
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.axis("off")
        patches = _draw_nodes(ax, pos, codebook, r2map, ew, eh)
        _draw_paths(ax, paths, pos, patches, (sx, sy), (ew, eh))
        lev = round(100 * ci_level)
        legend = {
            "en": f"Standardized direct effects. Solid: {lev}% CI excludes zero; dashed: it "
            "does not. * p < .05, ** p < .01, *** p < .001.",
        }.get(lang, "")
        ax.text(x0 + 0.05, y0 + 0.2, legend, fontsize=6.8, ha="left", va="center", color="#222222")
    return fig


def _draw_nodes(ax, pos, codebook, r2map, ew, eh) -> dict:
    """The latent variables as ellipses, with R² inside the endogenous ones."""
    patches = {}
    for n, (x, y) in pos.items():
        fill = FILL.get(_scale_role(codebook, n), "#ffffff")
        e = Ellipse((x, y), ew, eh, facecolor=fill, edgecolor="black", lw=0.8, zorder=3)
        ax.add_patch(e)
        patches[n] = e
        dy = 0.07 if n in r2map else 0
        ax.text(x, y + dy, n, ha="center", va="center", fontsize=9, weight="bold", zorder=4)
        if n in r2map:
            r2 = f"R² = {fmt.num(r2map[n], 'r2')}"
            ax.text(x, y - 0.12, r2, ha="center", va="center", fontsize=6.5, zorder=4)
    return patches


def _draw_paths(ax, paths, pos, patches, scale, size) -> None:
    """Arrows (solid when the CI excludes zero), each with its β turned along it."""
    sx, sy = scale
    taken: list[tuple[float, float]] = []
    reliable = [
        ci_excludes_zero(lo, hi) for lo, hi in zip(paths["ci_low"], paths["ci_high"], strict=True)
    ]
    for i in sorted(range(len(paths)), key=lambda i: (not reliable[i], i)):
        r, rel = paths.loc[i], reliable[i]
        a, b = pos[r["rhs"]], pos[r["lhs"]]
        beta = float(r["std_all"])
        arrow = FancyArrowPatch(
            posA=a, posB=b, patchA=patches[r["rhs"]], patchB=patches[r["lhs"]], arrowstyle="-|>",
            mutation_scale=9, lw=0.6 + 2.0 * min(abs(beta), 1.0) if rel else 0.7,
            color="black" if rel else "#808080", linestyle="-" if rel else (0, (4, 2)), zorder=2,
        )  # fmt: skip
        ax.add_patch(arrow)
        lx, ly = _label_spot(a, b, sx, sy, taken, list(pos.values()), *size)
        taken.append((lx, ly))
        ang = math.degrees(math.atan2((b[1] - a[1]) * sy, (b[0] - a[0]) * sx))
        ang = ang - 180 if ang > 90 else ang + 180 if ang < -90 else ang
        ax.text(
            lx, ly, fmt.num(beta, "std") + fmt.stars(r["pvalue"]), ha="center", va="center",
            fontsize=6.8, rotation=ang, rotation_mode="anchor", color="black" if rel else "#555555",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"}, zorder=5,
        )  # fmt: skip


# --------------------------------------------------------------------------- heat map


def correlation_heatmap(correlations: pd.DataFrame, names: list[str], lang: str = "en") -> Figure:
    """Heat map of the correlations between scale scores (lower triangle).

    Parameters
    ----------
    correlations : DataFrame
        ``scores/correlations.csv`` (``scale_a``, ``scale_b``, ``r``).
    names : list of str
        The scales, in the order of the axes.
    lang : str

    Returns
    -------
    Figure
        Cells shaded by |r| on a gray scale (darker = stronger), with r printed in each cell
        without its leading zero, so the sign is read from the number.
    """
    k = len(names)
    idx = {n: i for i, n in enumerate(names)}
    mat = np.full((k, k), np.nan)
    for a, b, r in zip(
        correlations["scale_a"], correlations["scale_b"], correlations["r"], strict=True
    ):
        i, j = sorted((idx[a], idx[b]), reverse=True)
        mat[i, j] = r
    size = min(7.0, 1.2 + 0.42 * k)
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(size, size * 0.9))
        ax = fig.add_subplot(1, 1, 1)
        # pcolormesh keeps the SVG pure vector (imshow would embed a PNG as a data: URL)
        im = ax.pcolormesh(np.arange(k + 1) - 0.5, np.arange(k + 1) - 0.5,
                           np.ma.masked_invalid(np.abs(mat)), cmap="Greys", vmin=0, vmax=1)  # fmt: skip
        ax.set_xlim(-0.5, k - 1.5)
        ax.set_ylim(k - 0.5, 0.5)
        ax.set_aspect("equal")
        for i in range(k):
            for j in range(i):
                v = mat[i, j]
                if not np.isnan(v):
                    ax.text(j, i, fmt.num(v, "r"), ha="center", va="center", fontsize=6.5,
                            color="white" if abs(v) > 0.55 else "black")  # fmt: skip
        ax.set_xticks(range(k - 1), names[:-1], rotation=90, fontsize=7.5)
        ax.set_yticks(range(1, k), names[1:], fontsize=7.5)
        ax.spines[:].set_visible(False)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.solids.set_rasterized(False)  # keep the SVG free of embedded images
        cb.set_label("|r|", fontsize=8)
        cb.ax.tick_params(labelsize=7)
    return fig


# --------------------------------------------------------------------------- group profile
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def group_profile(descriptives: pd.DataFrame, codebook, lang: str = "en") -> Figure:
    """Scale means by group level with their confidence intervals, one panel per variable.

    Parameters
    ----------
    descriptives : DataFrame
        ``groups/descriptives.csv``: ``outcome``, ``group_var``, ``level``, ``n``, ``mean``,
        ``suppressed``, ``ci_low``, ``ci_high``.
    codebook : Codebook
        The vertical axis spans the answer range of the scales (their ``range``).
    lang : str
        Language of the labels.

    Returns
    -------
    Figure
        Per grouping variable: for each scale, the levels' means as markers of different
        shapes, side by side, with error bars for the CI; cells with fewer than
        :data:`~surveysem.criteria.MIN_CELL` respondents are not drawn.
    """
    d = descriptives[~descriptives["suppressed"].map(truthy)]
    outcomes = list(dict.fromkeys(descriptives["outcome"].astype(str)))
    gvars = list(dict.fromkeys(descriptives["group_var"].astype(str)))
    if not gvars:
        raise ValueError("groups/descriptives.csv is empty; no group profile can be drawn")
    lo = min(codebook.scale(o).low for o in outcomes)
    hi = max(codebook.scale(o).high for o in outcomes)
    ncols = min(2, len(gvars))
    nrows = math.ceil(len(gvars) / ncols)
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(6.8, 2.6 * nrows + 0.3), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for k, g in enumerate(gvars):
            ax = axes[k // ncols][k % ncols]
            sub = d[d["group_var"].astype(str) == g]
            levels = list(
                dict.fromkeys(descriptives.loc[descriptives["group_var"] == g, "level"].astype(str))
            )
            w = 0.7 / max(len(levels), 1)
            for li, lev in enumerate(levels):
                cell = sub[sub["level"].astype(str) == lev].set_index("outcome")
                xs = [
                    oi - 0.35 + w * (li + 0.5) for oi, o in enumerate(outcomes) if o in cell.index
                ]
                os_ = [o for o in outcomes if o in cell.index]
                if not os_:
                    continue
                m = cell.loc[os_, "mean"].to_numpy(float)
                err = np.vstack(
                    [
                        m - cell.loc[os_, "ci_low"].to_numpy(float),
                        cell.loc[os_, "ci_high"].to_numpy(float) - m,
                    ]
                )
                ax.errorbar(xs, m, yerr=err, fmt=MARKERS[li % len(MARKERS)], color="black",
                            mfc="white" if li % 2 else "black", ms=4, lw=0.8, capsize=2, label=level_label(codebook, g, lev, lang))  # fmt: skip
            ax.set_xticks(range(len(outcomes)), outcomes)
            ax.set_ylim(lo, hi)
            ax.set_title(demographic_label(codebook, g, lang), fontsize=8.5)
            ax.tick_params(labelsize=7)
            ax.grid(axis="y", color="#dddddd", lw=0.5)
            ax.legend(fontsize=6, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1),
                      ncol=min(3, max(len(levels), 1)), handlelength=1.2, columnspacing=0.8)  # fmt: skip
        for k in range(len(gvars), nrows * ncols):
            axes[k // ncols][k % ncols].axis("off")
    return fig


# --------------------------------------------------------------------------- items


def item_distributions(data: pd.DataFrame, codebook, lang: str = "en") -> Figure:
    """Stacked horizontal bars of the answer shares of every item, grouped by scale.

    Parameters
    ----------
    data : DataFrame
        ``clean/data.csv`` (items already reverse-scored).
    codebook : Codebook
    lang : str
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
    cmap = mpl.colormaps["cividis"]  # luminance rises with the answer: readable in grayscale
    colors = [cmap(x) for x in np.linspace(0.1, 0.9, len(cats))]
    n = len(rows)
    with mpl.rc_context(rc(lang)):
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
        ax.set_xlabel(label("misc", "share_of_answers", lang))
        handles = [
            mpl.patches.Patch(color=c, label=str(k)) for k, c in zip(cats, colors, strict=True)
        ]
        ax.legend(
            handles=handles,
            title=label("misc", "answer", lang),
            ncol=len(cats),
            fontsize=7,
            title_fontsize=7,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            frameon=False,
        )
    return fig


# --------------------------------------------------------------------------- flow


def screening_flow(flow: pd.DataFrame, lang: str = "en") -> Figure:
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
    arrow = {"arrowstyle": "-|>", "lw": 0.7, "color": "black"}
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(6.4, 0.9 + 0.5 * (k + 1)))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 10)
        ax.set_ylim(-(k + 1) - 0.45, 0.45)
        ax.axis("off")
        _box(ax, 2.6, 0, 4.4, 0.55, f"{label('step', 'raw', lang)}\nn = {fmt.num(n0, 'int')}")
        y = 0.0
        for _, r in steps.iterrows():
            y -= 1
            name = label("step", r["step"], lang)
            ax.annotate("", xy=(2.6, y + 0.3), xytext=(2.6, y + 0.72), arrowprops=arrow)
            ax.plot([2.6, 5.5], [y + 0.5, y + 0.5], color="black", lw=0.7)
            side = "\n".join(textwrap.wrap(f"{name}: n = {fmt.num(r['n_excluded'], 'int')}", 42))
            _box(ax, 7.6, y + 0.5, 4.2, 0.42, side, "#eeeeee")
            ax.text(2.6, y, f"n = {fmt.num(r['n_after'], 'int')}", ha="center", va="center",
                    fontsize=7.5, bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "lw": 0.5})  # fmt: skip
        y -= 1
        ax.annotate("", xy=(2.6, y + 0.3), xytext=(2.6, y + 0.85), arrowprops=arrow)
        _box(
            ax,
            2.6,
            y,
            4.4,
            0.55,
            f"{label('misc', 'analysed', lang)}\nn = {fmt.num(nfinal, 'int')}",
        )
    return fig


def _box(ax, x, y, w, h, text, fc="#ffffff") -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05", fc=fc, ec="black", lw=0.7
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=8)


# --------------------------------------------------------------------------- moderation
LINESTYLES = ("--", "-", ":")
PERCENTILE_LEVELS = {"p16": "P16", "p50": "P50", "p84": "P84"}


def interaction_of(estimates: pd.DataFrame, conditional: pd.DataFrame) -> tuple[str, str, str]:
    """The focal predictor, moderator and outcome of the first product term ``X:W``.

    The focal predictor is the one whose conditional effects ``sem/conditional.csv`` gives;
    without such rows, the first factor of the term.

    Raises
    ------
    ValueError
        If ``sem/estimates.csv`` has no product term.
    """
    rows = estimates[(estimates["op"] == "~") & estimates["rhs"].astype(str).str.contains(":")]
    if rows.empty:
        raise ValueError(
            "sem/estimates.csv has no product term (rhs X:W); the moderation figures need one"
        )
    y, term = str(rows["lhs"].iloc[0]), str(rows["rhs"].iloc[0]).replace(" ", "")
    a, b = term.split(":", 1)
    pairs = zip(
        conditional["effect"].astype(str), conditional["moderator"].astype(str), strict=True
    )
    for e, m in pairs:
        parts = [p.strip() for p in e.split("->")]
        if len(parts) == 2 and parts[1] == y and {parts[0], m} == {a, b}:
            return parts[0], m, y
    return a, b, y


def _slopes(conditional: pd.DataFrame, x: str, w: str, y: str) -> pd.DataFrame:
    eff = conditional["effect"].astype(str).str.replace(" ", "")
    rows = conditional[(eff == f"{x}->{y}") & (conditional["moderator"].astype(str) == w)]
    if rows.empty:
        raise ValueError(
            f"sem/conditional.csv has no conditional effect of {x} on {y} at values of {w}"
        )
    return rows.sort_values("moderator_value").reset_index(drop=True)


def _level_text(level: str, lang: str) -> str:
    if level in PERCENTILE_LEVELS:
        return PERCENTILE_LEVELS[level]
    return label("misc", "mean_level" if level == "mean" else level, lang)


def simple_slopes(
    conditional: pd.DataFrame,
    estimates: pd.DataFrame,
    descriptives: pd.DataFrame | None,
    x: str,
    w: str,
    y: str,
    lang: str = "en",
) -> Figure:
    """Simple slopes: predicted ``y`` against ``x`` at the probed values of ``w``, with bands.

    Parameters
    ----------
    conditional : DataFrame
        ``sem/conditional.csv``; the rows ``x -> y`` with moderator ``w`` give the slopes
        (``est``, ``ci_low``, ``ci_high``) at ``moderator_value`` (centred).
    estimates : DataFrame
        ``sem/estimates.csv``: the main effect of ``w`` on ``y`` (``y ~ w``) and, when the
        outcome has one, its intercept (``y ~1``; else 0, the mean of a centred or latent
        outcome) give each line's height at ``x = 0``.
    descriptives : DataFrame, optional
        ``scores/descriptives.csv``: the SD of ``x``'s scale score sets the range drawn (±2 SD
        around the mean; ±1 without it). For a latent ``x`` the score's SD approximates the
        latent one.
    x, w, y : str
        Focal predictor, moderator and outcome (:func:`interaction_of`).
    lang : str

    Returns
    -------
    Figure
        One line per moderator value, ``ŷ = b0 + b_w w + θ(w) x`` with ``θ(w)`` the
        conditional effect; the band spans the slopes of its CI (``ci_low · x`` to
        ``ci_high · x``), i.e. the uncertainty of the slope, not of the intercept. Line styles
        differ, so the figure reads in grayscale.
    """
    sl = _slopes(conditional, x, w, y)
    reg = estimates[(estimates["lhs"] == y) & (estimates["op"] == "~")]
    bw = reg.loc[reg["rhs"].astype(str) == w, "est"]
    b_w = float(bw.iloc[0]) if len(bw) else 0.0
    icpt = estimates[(estimates["lhs"] == y) & (estimates["op"] == "~1")]["est"]
    b0 = float(icpt.iloc[0]) if len(icpt) else 0.0
    sd = 1.0
    if descriptives is not None and not descriptives.empty:
        hit = descriptives.loc[descriptives["scale"].astype(str) == x, "sd"]
        sd = float(hit.iloc[0]) if len(hit) and np.isfinite(hit.iloc[0]) else 1.0
    xs = np.linspace(-2 * sd, 2 * sd, 41)
    cen = label("misc", "centred", lang)
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(5.6, 3.6), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        for i, r in sl.iterrows():
            a = b0 + b_w * float(r["moderator_value"])
            ls = LINESTYLES[i % len(LINESTYLES)] if len(sl) == 3 else LINESTYLES[i % 3]
            gray = str(0.55 * i / max(len(sl) - 1, 1))
            lo = a + np.minimum(r["ci_low"] * xs, r["ci_high"] * xs)
            hi = a + np.maximum(r["ci_low"] * xs, r["ci_high"] * xs)
            ax.fill_between(xs, lo, hi, color=gray, alpha=0.15, lw=0)
            text = (
                f"{w} {_level_text(str(r['moderator_level']), lang)}: "
                f"B = {fmt.num(r['est'], 'coef')}{fmt.stars(r['pvalue'])}"
            )
            ax.plot(xs, a + r["est"] * xs, ls, color=gray, lw=1.4, label=text)
        ax.set_xlabel(f"{x} ({cen})")
        ax.set_ylabel(f"{y} ({cen})" if not len(icpt) else y)
        ax.grid(color="#e5e5e5", lw=0.5)
        ax.legend(fontsize=7, frameon=False, title=label("misc", "moderator", lang) + f": {w}",
                  title_fontsize=7)  # fmt: skip
    return fig


def jn_curve(sl: pd.DataFrame) -> tuple[np.poly1d, np.poly1d]:
    """The conditional effect and its variance as functions of the moderator, from the probes.

    Parameters
    ----------
    sl : DataFrame
        Rows of ``sem/conditional.csv`` for one effect ``x -> y`` (``moderator_value``,
        ``est``, ``se``), at least three.

    Returns
    -------
    (poly1d, poly1d)
        θ(w) and Var θ(w).

    Notes
    -----
    The effect is linear in ``w`` (``b1 + b3 w``) and its delta-method variance quadratic
    (``Var b1 + 2 w Cov(b1, b3) + w² Var b3``); three probes fix both exactly.
    """
    w = sl["moderator_value"].to_numpy(float)
    est = np.polyfit(w, sl["est"].to_numpy(float), 1)
    var = np.polyfit(w, sl["se"].to_numpy(float) ** 2, min(2, len(w) - 1))
    return np.poly1d(est), np.poly1d(var)


def _jn_bounds(ax, roots, lo_w: float, hi_w: float, lang: str) -> None:
    """The bounds inside the drawn range as dashed lines; the others written in the corner."""
    first = True
    for v in roots:
        if lo_w <= v <= hi_w:
            ax.axvline(v, color="black", ls="--", lw=0.9,
                       label=label("misc", "jn_bound", lang) if first else None)  # fmt: skip
            first = False
    far = [v for v in roots if not lo_w <= v <= hi_w]
    if far:
        text = "; ".join(label("misc", "jn_outside", lang).format(v=fmt.num(v, "coef"))
                         for v in far)  # fmt: skip
        ax.text(0.99, 0.02, text, transform=ax.transAxes, ha="right", va="bottom",
                fontsize=7, color="#333333")  # fmt: skip


def johnson_neyman_plot(
    conditional: pd.DataFrame,
    jn: pd.DataFrame,
    x: str,
    w: str,
    y: str,
    ci_level: float = 0.95,
    lang: str = "en",
) -> Figure:
    """The conditional effect of ``x`` across the moderator, with its band and the JN bounds.

    Parameters
    ----------
    conditional : DataFrame
        ``sem/conditional.csv``; the effect and its delta-method SE at three or more probe
        values of ``w`` (``x -> y``) fix the effect line and its variance (see Notes).
    jn : DataFrame
        ``sem/johnson_neyman.csv`` (``lower``, ``upper``, ``observed_min``, ``observed_max``).
    x, w, y : str
    ci_level : float
        The band is ``θ(w) ± z · SE(w)``, the Wald interval with which the bounds are found.
    lang : str

    Returns
    -------
    Figure
        The effect line with its band, the zero line, the observed range of ``w`` shaded and
        the bounds as dashed vertical lines; a bound beyond the range drawn (the observed
        range and a margin) is written in the corner instead.

    Notes
    -----
    θ(w) = b1 + b3·w; Var θ(w) = Var b1 + 2w Cov(b1, b3) + w² Var b3 (Bauer & Curran, 2005),
    recovered exactly from the SEs at the probe values.
    """
    sl = _slopes(conditional, x, w, y)
    if len(sl) < 3:
        raise ValueError(
            f"sem/conditional.csv has {len(sl)} probe value(s) of {w} for {x} -> {y}; the "
            "Johnson-Neyman plot needs three"
        )
    row = jn[(jn["effect"].astype(str).str.replace(" ", "") == f"{x}->{y}")
             & (jn["moderator"].astype(str) == w)]  # fmt: skip
    if row.empty:
        raise ValueError(f"sem/johnson_neyman.csv has no row for {x} -> {y} by {w}")
    r = row.iloc[0]
    omin, omax = float(r["observed_min"]), float(r["observed_max"])
    observed = bool(np.isfinite(omin) and np.isfinite(omax))
    if not observed:  # a latent moderator: ±2.5 SD of its model-implied distribution
        sd = float(np.max(np.abs(sl["moderator_value"].astype(float))))
        omin, omax = -2.5 * sd, 2.5 * sd
    pad = 0.15 * (omax - omin)
    lo_w, hi_w = omin - pad, omax + pad
    roots = [float(v) for v in (r["lower"], r["upper"]) if pd.notna(v)]
    near = [v for v in roots if omin - (omax - omin) <= v <= omax + (omax - omin)]
    if near:
        lo_w, hi_w = min([lo_w, *near]) - pad / 3, max([hi_w, *near]) + pad / 3
    theta, var = jn_curve(sl)
    z = float(NormalDist().inv_cdf(0.5 + ci_level / 2))
    ws = np.linspace(lo_w, hi_w, 201)
    se = np.sqrt(np.clip(var(ws), 0, None))
    with mpl.rc_context(rc(lang)):
        fig = Figure(figsize=(5.6, 3.4), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        if observed:
            ax.axvspan(
                omin, omax, color="#ebebeb", lw=0, label=label("misc", "observed_range", lang)
            )
        ax.fill_between(ws, theta(ws) - z * se, theta(ws) + z * se, color="#999999", alpha=0.35,
                        lw=0)  # fmt: skip
        ax.plot(ws, theta(ws), color="black", lw=1.4)
        ax.axhline(0, color="black", lw=0.7)
        _jn_bounds(ax, roots, lo_w, hi_w, lang)
        ax.set_xlim(lo_w, hi_w)
        ax.set_xlabel(f"{w} ({label('misc', 'centred', lang)})")
        ax.set_ylabel(label("misc", "conditional_effect", lang).format(x=x, y=y))
        ax.legend(fontsize=7, frameon=False, loc="best")
    return fig


# --------------------------------------------------------------------------- all


def make_figures(
    tables: Mapping[str, pd.DataFrame], codebook, ci_level: float = 0.95, lang: str = "en"
) -> dict[str, Figure]:
    """Every report figure, from the result tables.

    Parameters
    ----------
    tables : mapping
        Registry keys (``clean/flow``, ``clean/data``, ``scores/correlations``,
        ``sem/estimates``, ``sem/r2``, and ``groups/descriptives`` when groups are compared).
    codebook : Codebook
    ci_level : float
    lang : str

    Returns
    -------
    dict
        Figure name -> Figure: ``flow``, ``path_diagram``, ``correlations``, ``item_shares``,
        ``group_profile`` when ``groups/descriptives`` is given, and ``simple_slopes`` and
        ``johnson_neyman`` when ``sem/conditional`` (and ``sem/johnson_neyman``) are: a model
        with a product term, whose first term they draw.
    """
    out = {
        "flow": screening_flow(tables["clean/flow"], lang),
        "path_diagram": path_diagram(
            tables["sem/estimates"], codebook, tables["sem/r2"], ci_level, lang
        ),
        "correlations": correlation_heatmap(
            tables["scores/correlations"], codebook.scale_names, lang
        ),
        "item_shares": item_distributions(tables["clean/data"], codebook, lang),
    }
    if "groups/descriptives" in tables:
        out["group_profile"] = group_profile(tables["groups/descriptives"], codebook, lang)
    cond = tables.get("sem/conditional")
    if cond is not None and not cond.empty:
        x, w, y = interaction_of(tables["sem/estimates"], cond)
        out["simple_slopes"] = simple_slopes(
            cond, tables["sem/estimates"], tables.get("scores/descriptives"), x, w, y, lang
        )
        if "sem/johnson_neyman" in tables:
            out["johnson_neyman"] = johnson_neyman_plot(
                cond, tables["sem/johnson_neyman"], x, w, y, ci_level, lang
            )
    return out
