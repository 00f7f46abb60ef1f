"""The thesis report: context from result tables, Jinja2 HTML, WeasyPrint PDF.

:func:`build_context` is pure: it turns the result tables, the study file, the codebook and the
provenance record into one dictionary of raw numbers, table specifications and generated
sentences. Numbers are *not* formatted here; the templates format them through the filters in
:data:`FILTERS` (APA 7). :func:`render_html` renders the templates; :func:`html_to_pdf` prints
the HTML with WeasyPrint, fetching local files only. :func:`collect_provenance` gathers hashes,
package versions, the git state and a data-derived date for the reproducibility appendix.
"""

from __future__ import annotations

import hashlib
import math
import platform
import re
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup, escape
from scipy import stats as sps

from surveysem import narrative as nar
from surveysem.narrative import _isnum, ci_excludes_zero

PACKAGES = (
    "surveysem",
    "snakemake",
    "pandas",
    "numpy",
    "scipy",
    "semopy",
    "statsmodels",
    "pingouin",
    "scikit-learn",
    "matplotlib",
    "jinja2",
    "weasyprint",
    "pyyaml",
)
MIN_CELL = 5
LEVELS = ("organizational", "social", "individual")

# --------------------------------------------------------------------------- tables

_LABELS = {
    "scale": "Scale",
    "item": "Item",
    "n_items": "Items",
    "n": "n",
    "mean": "M",
    "sd": "SD",
    "alpha": "α",
    "omega": "ω",
    "cr": "CR",
    "ave": "AVE",
    "item_total_r": "r(it)",
    "alpha_if_deleted": "α if deleted",
    "loading_std": "λ",
    "lhs": "Left",
    "op": "Op",
    "rhs": "Right",
    "est": "B",
    "se": "SE",
    "z": "z",
    "pvalue": "p",
    "p_holm": "p (Holm)",
    "std_all": "β",
    "mi": "MI",
    "epc": "EPC",
    "sepc_all": "SEPC",
    "chisq": "χ²",
    "df": "df",
    "cfi": "CFI",
    "tli": "TLI",
    "rmsea": "RMSEA",
    "srmr": "SRMR",
    "kmo": "KMO",
    "eigenvalue": "Eigenvalue",
    "r2": "R²",
}
_BOUNDED = {
    "alpha",
    "omega",
    "cr",
    "ave",
    "item_total_r",
    "alpha_if_deleted",
    "loading_std",
    "std_all",
    "sepc_all",
    "cfi",
    "tli",
    "rmsea",
    "srmr",
    "kmo",
    "r2",
    "adj_r2",
    "htmt",
    "r",
    "loading",
    "alpha_ci_low",
    "alpha_ci_high",
    "delta_cfi",
    "delta_rmsea",
    "share",
    "variance_share",
    "proportion",
    "cumulative",
    "communality",
    "uniqueness",
    "h2",
    "u2",
}
_PCOLS = {"pvalue", "p", "p_holm", "delta_pvalue", "p_value", "p_adj"}


def _guess_fmt(name: str, series: pd.Series) -> str:
    lname = name.lower()
    if lname in _PCOLS or lname.startswith("p_"):
        return "p"
    if pd.api.types.is_bool_dtype(series):
        return "yesno"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        if lname in ("n", "df", "n_items", "df1", "n_excluded", "n_before", "n_after"):
            return "num0" if (series.dropna() % 1 == 0).all() else "num2"
        if lname in _BOUNDED or lname.endswith(("_std", "_r")) or lname.startswith("loading"):
            return "b2"
        return "num2"
    return "text"


def table_from_frame(
    df: pd.DataFrame | None,
    columns: Sequence[tuple[str, str, str]] | None = None,
    *,
    id: str,
    title: str,
    note: str = "",
    group_by: str | None = None,
    drop: Sequence[str] = ("id", "row", "respondent_id"),
    max_rows: int | None = None,
) -> dict:
    """A table specification for the APA table macro.

    Parameters
    ----------
    df : DataFrame or None
        The data. ``None`` or empty gives a table with no rows (rendered as a sentence saying
        so).
    columns : sequence of (key, label, fmt), optional
        Which columns to show and how. ``fmt`` is one of ``text``, ``int``, ``num0``..``num3``,
        ``b2``/``b3`` (bounded, no leading zero), ``p`` (APA p), ``pct``, ``yesno``, ``stars``,
        ``ci``/``bci`` (key is ``"low|high"``). Without a spec every column is shown with a
        format guessed from its name and type (used for tables whose columns are not fixed).
    id, title, note : str
        Anchor id, APA title (italic) and the note printed under the table.
    group_by : str, optional
        A column whose value changes start a new group (printed as a spanning row).
    drop : sequence of str
        Columns never shown (respondent identifiers).
    max_rows : int, optional
        Cut the table after this many rows (the note says so).

    Returns
    -------
    dict
        ``id``, ``title``, ``note``, ``columns`` (list of dicts ``key``, ``label``, ``fmt``),
        ``rows`` (list of dicts of raw values), ``group_by``, ``number`` (None until numbered).
    """
    if df is None:
        df = pd.DataFrame()
    df = df.drop(columns=[c for c in drop if c in df.columns])
    if columns is None and "citation" in df.columns:
        cites = "; ".join(dict.fromkeys(str(c) for c in df["citation"].dropna()))
        df = df.drop(columns=["citation"])
        if cites:
            note = (note + " " if note else "") + f"Method: {cites}."
    if columns is None:
        columns = [
            (c, _LABELS.get(c, c.replace("_", " ").capitalize()), _guess_fmt(c, df[c]))
            for c in df.columns
        ]
    cols = [{"key": k, "label": lab, "fmt": f} for k, lab, f in columns]
    truncated = max_rows is not None and len(df) > max_rows
    if truncated:
        df = df.head(max_rows)
    rows = [_plain(r) for r in df.to_dict(orient="records")]
    if truncated:
        note = (note + " " if note else "") + f"Only the first {max_rows} rows are shown."
    return {
        "id": id,
        "title": title,
        "note": note,
        "columns": cols,
        "rows": rows,
        "group_by": group_by,
        "number": None,
    }


def _plain(row: Mapping[str, Any]) -> dict:
    out = {}
    for k, v in row.items():
        if isinstance(v, np.generic):
            v = v.item()
        out[k] = v
    return out


def fmt_cell(row: Mapping[str, Any], col: Mapping[str, str]) -> str:
    """Format one table cell by its column's ``fmt`` (a Jinja filter: ``row|cell(col)``)."""
    key, f = col["key"], col["fmt"]
    sup = row.get("_suppressed") or ()
    if key in sup:
        return "< 5" if f in ("int", "num0") else nar.DASH + "ᵃ"
    if f in ("ci", "bci", "ci3"):
        lo, hi = key.split("|")
        if not (_isnum(row.get(lo)) and _isnum(row.get(hi))):
            return nar.DASH
        return nar.fmt_ci(row.get(lo), row.get(hi), 3 if f == "ci3" else 2, f == "bci")
    v = row.get(key)
    if f in ("text", "label"):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return str(v)
    if f == "int":
        return nar.fmt_int(v)
    if f.startswith("num"):
        return nar.fmt_num(v, int(f[3:] or 2))
    if f in ("b2", "b3"):
        return nar.fmt_bounded(v, int(f[1]))
    if f == "m2":
        return nar.fmt_bounded(v, 2) if _isnum(v) else ""
    if f == "p":
        return nar.apa_p_cell(v)
    if f == "pct":
        return nar.fmt_pct(v)
    if f == "yesno":
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return nar.DASH
        return "Yes" if nar._truthy(v) else "No"
    if f == "stars":
        return nar.stars(v)
    if f == "corr":
        return _with_stars(nar.fmt_bounded(v), row.get("p" + key[1:])) if _isnum(v) else ""
    if f == "beta_stars":
        return _with_stars(nar.fmt_bounded(v), row.get("pvalue"))
    raise ValueError(
        f"table column {key!r}: unknown format {f!r}; use text, int, num0-num3, b2, b3, p, "
        "pct, yesno, stars, beta_stars, corr, ci, ci3 or bci"
    )


def _with_stars(value: str, p: Any) -> Markup:
    """A formatted value with its significance stars set as a superscript."""
    st = nar.stars(p)
    return escape(value) + (Markup("<sup>") + st + Markup("</sup>") if st else Markup(""))


_WJ = "\u2060"  # WORD JOINER: forbids a line break, prints nothing


def glue_numbers(text: str) -> str:
    """Forbid line breaks inside ``β = −.24``-style expressions.

    Unicode line breaking allows a break after a decimal point that starts a number (``.``
    before digits) and after a minus sign, so ``= .999`` could be split as ``= .`` / ``999``.
    A word joiner is put after such a point or minus, and the spaces around ``=``, ``<``,
    ``>`` become no-break spaces.
    """
    s = re.sub(r" ([=<>≤≥]) ", "\u00a0\\1\u00a0", str(text))
    s = re.sub(r"([=<>≤≥]) (?=[−\d.])", "\\1\u00a0", s)
    s = re.sub(r"−(?=[.\d])", "−" + _WJ, s)
    return re.sub(r"(?<!\d)\.(?=\d)", "." + _WJ, s)


def prose(text: Any) -> Markup:
    """Escape a generated sentence and keep each number with its sign and relation together."""
    return escape(glue_numbers(str(text)))


def _nw(fn):
    def wrapped(*args, **kwargs):
        return glue_numbers(fn(*args, **kwargs))

    return wrapped


FILTERS = {
    "prose": prose,
    "num": _nw(nar.fmt_num),
    "b": _nw(nar.fmt_bounded),
    "apa_p": _nw(nar.apa_p),
    "p_cell": nar.apa_p_cell,
    "ci": _nw(nar.fmt_ci),
    "int": nar.fmt_int,
    "pct": nar.fmt_pct,
    "stars": nar.stars,
    "cell": fmt_cell,
    "fmt_num": nar.fmt_num,
}


# --------------------------------------------------------------------------- helpers


def _get(tables: Mapping[str, pd.DataFrame], key: str) -> pd.DataFrame:
    t = tables.get(key)
    return t if t is not None else pd.DataFrame()


def _label(codebook, name: str) -> str:
    try:
        return codebook.scale(name).label
    except ValueError:
        return name


def _fit(df: pd.DataFrame) -> dict[str, float]:
    return nar._fit_dict(df)


def _chain(effect: str) -> list[str]:
    return [s.strip() for s in str(effect).split("->")]


def scale_scores(data: pd.DataFrame, codebook) -> pd.DataFrame:
    """Scale scores: the mean of each scale's items (columns = scale names)."""
    out = {}
    for s in codebook.scales:
        if all(i in data.columns for i in s.items):
            out[s.name] = data[list(s.items)].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    return pd.DataFrame(out, index=data.index)


def correlation_table(data: pd.DataFrame, codebook, scales_rel: pd.DataFrame) -> pd.DataFrame:
    """Means, SDs and the lower triangle of Pearson correlations between scale scores.

    Returns
    -------
    DataFrame
        ``scale``, ``label``, ``mean``, ``sd``, ``alpha`` and one column ``c<j>`` per scale
        (the correlation with scale j, lower triangle only) plus ``p<j>`` (two-sided p of the
        correlation, t test with n − 2 df).
    """
    sc = scale_scores(data, codebook)
    if sc.empty:
        return pd.DataFrame()
    corr = sc.corr()
    n = sc.notna().sum()
    alpha = {}
    if not scales_rel.empty and "alpha" in scales_rel:
        alpha = dict(zip(scales_rel["scale"], scales_rel["alpha"], strict=False))
    rows = []
    names = list(sc.columns)
    for i, a in enumerate(names):
        row = {
            "num": i + 1,
            "scale": a,
            "label": _label(codebook, a),
            "mean": sc[a].mean(),
            "sd": sc[a].std(),
            "alpha": alpha.get(a, np.nan),
        }
        for j, b in enumerate(names):
            if j < i:
                r = float(corr.loc[a, b])
                m = int(min(n[a], n[b]))
                t = r * math.sqrt((m - 2) / max(1e-300, 1 - r * r))
                row[f"c{j + 1}"] = r
                row[f"p{j + 1}"] = float(2 * sps.t.sf(abs(t), m - 2))
        rows.append(row)
    return pd.DataFrame(rows)


def sample_profile(data: pd.DataFrame, codebook, min_cell: int = MIN_CELL) -> pd.DataFrame:
    """Frequencies of the categorical demographics and M/SD of the numeric ones.

    Returns
    -------
    DataFrame
        ``variable``, ``level``, ``n``, ``share``, ``mean``, ``sd``, ``suppressed`` (counts below
        ``min_cell`` are flagged and later shown as "< 5").
    """
    rows = []
    for d in codebook.demographics:
        if d.name not in data.columns:
            continue
        col = pd.to_numeric(data[d.name], errors="coerce")
        if d.levels:
            total = int(col.notna().sum())
            for code, lab in d.levels.items():
                k = int((col == code).sum())
                rows.append(
                    {
                        "variable": d.label,
                        "level": lab,
                        "n": k,
                        "share": k / total if total else np.nan,
                        "mean": np.nan,
                        "sd": np.nan,
                        "suppressed": 0 < k < min_cell,
                    }
                )
            miss = int(col.isna().sum())
            if miss:
                rows.append(
                    {
                        "variable": d.label,
                        "level": "missing",
                        "n": miss,
                        "share": np.nan,
                        "mean": np.nan,
                        "sd": np.nan,
                        "suppressed": miss < min_cell,
                    }
                )
        else:
            rows.append(
                {
                    "variable": d.label,
                    "level": "M (SD)",
                    "n": int(col.notna().sum()),
                    "share": np.nan,
                    "mean": col.mean(),
                    "sd": col.std(),
                    "suppressed": False,
                }
            )
    return pd.DataFrame(rows)


def _suppress(df: pd.DataFrame, cols: Sequence[str], min_cell: int = MIN_CELL) -> list[dict]:
    """Rows with a ``_suppressed`` set for cells with n < min_cell (or flagged suppressed)."""
    rows = []
    for r in df.to_dict(orient="records"):
        r = _plain(r)
        flagged = nar._truthy(r.get("suppressed")) or (
            _isnum(r.get("n")) and 0 < float(r["n"]) < min_cell
        )
        if flagged:
            r["_suppressed"] = tuple(cols)
            for c in cols:
                if c != "n":
                    r[c] = None
        rows.append(r)
    return rows


# --------------------------------------------------------------------------- recommendations


def rank_recommendations(
    library: Sequence[Mapping[str, Any]],
    effects: pd.DataFrame,
    estimates: pd.DataFrame,
    codebook,
) -> pd.DataFrame:
    """Rank recommendations by the estimated effects of the constructs they act on.

    Parameters
    ----------
    library : sequence of mapping
        Entries of ``data/recommendations.yaml``: ``id``, ``level``, ``title``, ``text``,
        ``constructs`` (scale names), ``action`` (``reduce`` or ``strengthen``: which way the
        measure moves its constructs), ``seeds``.
    effects : DataFrame
        ``sem/effects.csv``; ``kind == "total"`` rows give the total effect of a construct
        (first element of ``effect``) on a target (last element).
    estimates : DataFrame
        ``sem/estimates.csv``; a ``~`` path is used when no total effect was estimated.
    codebook : Codebook
        Roles: targets with role ``burnout`` (higher = more burnout) rank first, then role
        ``outcome`` (higher = better).

    Returns
    -------
    DataFrame
        One row per recommendation: ``id``, ``level``, ``title``, ``text``, ``constructs``
        (comma-separated), ``action``, ``seeds``, ``basis`` (e.g. ``WL → EE (total effect)``),
        ``target``, ``est``, ``std_all``, ``ci_low``, ``ci_high``, ``supported`` (bool),
        ``reason`` (why not, when unsupported), ``rank`` (1 = strongest; NaN when unsupported).

    Notes
    -----
    A recommendation is supported when at least one of its constructs has an effect on a
    burnout or outcome scale whose CI excludes zero and whose sign means the recommended action
    helps: reducing a construct helps when its effect on burnout is positive (on an outcome,
    negative); strengthening helps when its effect on burnout is negative (on an outcome,
    positive). Supported recommendations are ranked by the largest such |β| on burnout, then on
    the outcomes.
    """
    roles = {s.name: s.role for s in codebook.scales}
    burnout = [s for s, r in roles.items() if r == "burnout"]
    outcomes = [s for s, r in roles.items() if r == "outcome"]
    ev: dict[tuple[str, str], dict] = {}
    if estimates is not None and not estimates.empty:
        for _, r in estimates[estimates["op"] == "~"].iterrows():
            ev[(str(r["rhs"]), str(r["lhs"]))] = {
                "kind": "direct path",
                "est": r["est"],
                "std_all": r["std_all"],
                "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
            }
    if effects is not None and not effects.empty:
        for _, r in effects[effects["kind"] == "total"].iterrows():
            ch = _chain(r["effect"])
            ev[(ch[0], ch[-1])] = {
                "kind": "total effect",
                "est": r["est"],
                "std_all": r["std_all"],
                "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
            }
    in_model = {a for a, _ in ev} | {b for _, b in ev}
    rows = []
    for rec in library:
        cons = [str(c) for c in rec.get("constructs", [])]
        action = str(rec.get("action", "reduce"))
        if action not in ("reduce", "strengthen"):
            raise ValueError(
                f"recommendation {rec.get('id')!r}: action {action!r} is not 'reduce' or "
                "'strengthen'; say which way the measure moves its constructs"
            )
        best = {"burnout": None, "outcome": None}
        any_reliable = False
        for c in cons:
            for tgt_set, role in ((burnout, "burnout"), (outcomes, "outcome")):
                for t in tgt_set:
                    e = ev.get((c, t))
                    if e is None or c == t:
                        continue
                    if not ci_excludes_zero(e["ci_low"], e["ci_high"]):
                        continue
                    any_reliable = True
                    pos = float(e["est"]) > 0
                    helps = pos if action == "reduce" else not pos
                    if role == "outcome":
                        helps = not helps
                    if not helps:
                        continue
                    cand = {**e, "source": c, "target": t}
                    cur = best[role]
                    if cur is None or abs(float(cand["std_all"])) > abs(float(cur["std_all"])):
                        best[role] = cand
        chosen = best["burnout"] or best["outcome"]
        if chosen is not None:
            reason = ""
        elif not any(c in in_model for c in cons):
            reason = "its constructs are not in the structural model"
        elif any_reliable:
            reason = "the reliable effects of its constructs run against the intended direction"
        else:
            reason = "no effect of its constructs has a confidence interval that excludes zero"
        row = {
            "id": rec.get("id"),
            "level": rec.get("level"),
            "title": rec.get("title"),
            "text": rec.get("text", ""),
            "constructs": ", ".join(cons),
            "action": action,
            "seeds": ", ".join(str(s) for s in rec.get("seeds", [])),
            "basis": "",
            "target": None,
            "est": np.nan,
            "std_all": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "supported": chosen is not None,
            "reason": reason,
            "_k1": abs(float(best["burnout"]["std_all"])) if best["burnout"] else -1.0,
            "_k2": abs(float(best["outcome"]["std_all"])) if best["outcome"] else -1.0,
        }
        if chosen is not None:
            row.update(
                basis=f"{chosen['source']} → {chosen['target']} ({chosen['kind']})",
                target=chosen["target"],
                est=chosen["est"],
                std_all=chosen["std_all"],
                ci_low=chosen["ci_low"],
                ci_high=chosen["ci_high"],
            )
        rows.append(row)
    cols = [
        "id",
        "level",
        "title",
        "text",
        "constructs",
        "action",
        "seeds",
        "basis",
        "target",
        "est",
        "std_all",
        "ci_low",
        "ci_high",
        "supported",
        "reason",
        "rank",
    ]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out = out.sort_values(["supported", "_k1", "_k2"], ascending=False, kind="stable").reset_index(
        drop=True
    )
    out["rank"] = np.where(out["supported"], np.arange(1, len(out) + 1), np.nan)
    return out[cols]


# --------------------------------------------------------------------------- context


def _research_questions(config: Mapping, codebook, struct: pd.DataFrame) -> list[str]:
    rq = []
    burn = [s.name for s in codebook.scales if s.role == "burnout"]
    outc = [s.name for s in codebook.scales if s.role == "outcome"]
    if not struct.empty:
        exo = [v for v in dict.fromkeys(struct["rhs"]) if v not in set(struct["lhs"])]
        if exo:
            rq.append(
                "Which occupational stressors and resources ("
                + nar._join([_label(codebook, e).lower() for e in exo])
                + ") are associated with job burnout"
                + (
                    " (" + nar._join([_label(codebook, b).lower() for b in burn]) + ")"
                    if burn
                    else ""
                )
                + "?"
            )
        med = [v for v in dict.fromkeys(struct["lhs"]) if v in set(struct["rhs"])]
        if med:
            labs = [_label(codebook, m).lower() for m in med]
            sep = "; " if any(" and " in x for x in labs) else ", "
            rq.append(
                (
                    "Does " + labs[0]
                    if len(labs) == 1
                    else "Do the intermediate variables (" + sep.join(labs) + ")"
                )
                + " carry the effects of the stressors and resources on to the later variables of the model"
                + (
                    ", including " + nar._join([_label(codebook, o).lower() for o in outc])
                    if outc
                    else ""
                )
                + "?"
            )
    groups = config.get("analysis", {}).get("groups", [])
    if groups:
        labs = []
        for g in groups:
            try:
                labs.append(codebook.demographic(g).label.lower())
            except ValueError:
                labs.append(g)
        rq.append(f"Does burnout differ by {nar._join(labs)}?")
    rq.append("Which organizational, social and individual measures do these estimates support?")
    return rq


def build_context(
    tables: Mapping[str, pd.DataFrame],
    config: Mapping[str, Any],
    codebook,
    provenance: Mapping[str, Any],
    *,
    recommendations: Sequence[Mapping[str, Any]] | None = None,
    references: Sequence[Mapping[str, Any]] | None = None,
    seeds: Mapping[str, str] | None = None,
    figures: Mapping[str, str] | None = None,
) -> dict:
    """Everything the templates need, from the result tables (pure; no formatting).

    Parameters
    ----------
    tables : mapping
        Result tables keyed by ``"<stage>/<name>"`` (the path under ``results/`` without
        ``.csv``), e.g. ``"sem/estimates"``, ``"clean/flow"``. Missing tables give empty
        sections that say the analysis was not available.
    config : mapping
        The validated study file (defaults filled).
    codebook : Codebook
    provenance : mapping
        From :func:`collect_provenance` (hashes, versions, git state, seed, data date).
    recommendations : sequence of mapping, optional
        ``recommendations`` entries of the library (see :func:`rank_recommendations`).
    references : sequence of mapping, optional
        Bibliography entries (``key``, ``authors``, ``year``, ``title``, ``source`` ...).
    seeds : mapping, optional
        Seed id -> description of the seed study a recommendation is drawn from.
    figures : mapping, optional
        Figure name -> path of the SVG relative to the HTML file.

    Returns
    -------
    dict
        Keys: ``study``, ``n``, ``abstract``, ``keywords``, ``research_questions``,
        ``hypotheses``, ``method``, ``instruments``, ``text`` (section -> list of sentences),
        ``tables`` (id -> table spec with ``number``), ``table_list``, ``figures``
        (id -> ``number``, ``src``, ``caption``), ``figure_list``, ``recommendations``
        (level -> list of rows), ``unsupported``, ``references``, ``seeds``, ``items``,
        ``provenance``, ``settings``.
    """
    analysis = config.get("analysis", {})
    ci_level = float(analysis.get("ci_level", 0.95))
    lev = f"{round(100 * ci_level)}%"
    flow = _get(tables, "clean/flow")
    data = _get(tables, "clean/data")
    scales_rel = _get(tables, "reliability/scales")
    sem_est = _get(tables, "sem/estimates")
    cfa_est = _get(tables, "cfa/estimates")
    effects = _get(tables, "sem/effects")
    hyp = _get(tables, "sem/hypotheses")
    diffs = _get(tables, "groups/differences")
    struct = (
        sem_est[sem_est["op"] == "~"] if not sem_est.empty else pd.DataFrame(columns=["lhs", "rhs"])
    )

    n_received = (
        int(flow["n_before"].iloc[0]) if not flow.empty else (len(data) if not data.empty else None)
    )
    n_analysed = (
        int(flow["n_after"].iloc[-1]) if not flow.empty else (len(data) if not data.empty else None)
    )
    fit_sem, fit_cfa = _fit(_get(tables, "sem/fit")), _fit(_get(tables, "cfa/fit"))

    T: dict[str, dict] = {}
    F: dict[str, dict] = {}
    text: dict[str, list[str]] = {}
    text["item_treatment"] = nar.describe_item_treatment(
        _get(tables, "clean/data"), codebook, str(config.get("analysis", {}).get("estimator", "ML"))
    )

    def add(t: dict) -> None:
        T[t["id"]] = t

    # --- method
    instruments = []
    for s in codebook.scales:
        a = (
            scales_rel.loc[scales_rel["scale"] == s.name, "alpha"]
            if not scales_rel.empty
            else pd.Series(dtype=float)
        )
        instruments.append(
            {
                "scale": s.name,
                "label": s.label,
                "role": s.role,
                "level": s.level or "",
                "n_items": len(s.items),
                "reverse": len(s.reverse),
                "low": s.low,
                "high": s.high,
                "alpha": float(a.iloc[0]) if len(a) else np.nan,
            }
        )
    add(
        table_from_frame(
            pd.DataFrame(instruments),
            [
                ("scale", "Scale", "text"),
                ("label", "Construct", "text"),
                ("role", "Role", "text"),
                ("level", "Level", "text"),
                ("n_items", "Items", "int"),
                ("reverse", "Reversed", "int"),
                ("low", "Min", "num0"),
                ("high", "Max", "num0"),
                ("alpha", "α", "b2"),
            ],
            id="tab-instruments",
            title="Scales of the questionnaire",
            note="Items are listed in Appendix A. α = Cronbach's alpha in the analysed sample.",
        )
    )

    # --- screening
    exc = _get(tables, "clean/exclusions")
    if not flow.empty:
        F["flow"] = {"caption": "Flow of respondents through the data screens"}
        fl = flow.copy()
        fl["step"] = [_step_label(s) for s in fl["step"]]
        add(
            table_from_frame(
                fl,
                [
                    ("step", "Screen", "text"),
                    ("n_before", "Before", "int"),
                    ("n_excluded", "Excluded", "int"),
                    ("n_after", "After", "int"),
                ],
                id="tab-flow",
                title="Data screening steps",
                note="Screens run in the order shown; a respondent is counted at the first screen that excludes them.",
            )
        )
    text["screening"] = _screening_text(flow, exc, _get(tables, "clean/cell_fixes"), config)
    fixes = _get(tables, "clean/cell_fixes")
    if not fixes.empty and "reason" in fixes:
        fx = fixes.groupby("reason", sort=True).size().rename("n").reset_index()
        fx["reason"] = [
            FIX_LABELS.get(str(r), str(r).replace("_", " ").capitalize()) for r in fx["reason"]
        ]
        add(
            table_from_frame(
                fx,
                [("reason", "Correction", "text"), ("n", "Cells", "int")],
                id="tab-fixes",
                title="Cell corrections made before screening",
                note="Counts only; the affected respondents are listed in results/clean/cell_fixes.csv, not in this report.",
            )
        )
    missing = _get(tables, "clean/missing")
    if not missing.empty:
        ms = missing[missing["level"] == "scale"] if "level" in missing else missing
        spec = [
            ("scale", "Scale", "text"),
            ("n_cells_raw", "Cells (raw)", "int"),
            ("share_raw", "Missing (raw)", "pct"),
            ("n_cells", "Cells (screened)", "int"),
            ("share", "Missing (screened)", "pct"),
            ("n_incomplete", "Incomplete respondents", "int"),
        ]
        if not all(k in ms.columns for k, _, _ in spec):
            spec = None
        add(
            table_from_frame(
                ms,
                spec,
                id="tab-missing",
                title="Missing answers by scale",
                note="Raw = all responses received; screened = after the respondent screens. "
                "Item-level counts are in results/clean/missing.csv.",
                max_rows=120,
            )
        )

    # --- sample profile
    prof = sample_profile(data, codebook) if not data.empty else pd.DataFrame()
    if not prof.empty:
        t = table_from_frame(
            prof,
            [
                ("level", "Level", "text"),
                ("n", "n", "int"),
                ("share", "%", "pct"),
                ("mean", "M", "num2"),
                ("sd", "SD", "num2"),
            ],
            id="tab-sample",
            title="Sample profile",
            group_by="variable",
            note=f"N = {n_analysed} analysed respondents. Counts below {MIN_CELL} are shown as “< 5” and their percentages suppressed.",
        )
        t["rows"] = _suppress(prof, ["n", "share"])
        # keep the count hidden but the row visible
        add(t)

    # --- descriptives and correlations
    ct = correlation_table(data, codebook, scales_rel) if not data.empty else pd.DataFrame()
    if not ct.empty:
        k = len(ct)
        cols = [
            ("num", "", "int"),
            ("scale", "Scale", "text"),
            ("mean", "M", "num2"),
            ("sd", "SD", "num2"),
        ]
        cols += [(f"c{j}", str(j), "rstar") for j in range(1, k)]
        t = table_from_frame(
            ct,
            cols,
            id="tab-corr",
            title="Means, standard deviations and correlations of the scale scores",
            note=f"N = {n_analysed}. Scale scores are item means after reverse scoring. * p < .05. ** p < .01. *** p < .001 (two-sided).",
        )
        for c in t["columns"]:
            if c["fmt"] == "rstar":
                c["fmt"] = "corr"
        add(t)
        corr = scale_scores(data, codebook).corr()
        text["descriptives"] = [s for s in [nar.describe_correlations(corr, codebook)] if s]
        F["correlations"] = {"caption": "Correlations between the scale scores"}
        F["item_shares"] = {
            "caption": "Distribution of the answers to every item (after reverse scoring)"
        }
    else:
        text["descriptives"] = []

    # --- reliability and validity
    if not scales_rel.empty:
        add(
            table_from_frame(
                scales_rel,
                [
                    ("scale", "Scale", "text"),
                    ("n_items", "Items", "int"),
                    ("alpha", "α", "b2"),
                    ("alpha_ci_low|alpha_ci_high", f"α {lev} CI", "bci"),
                    ("omega", "ω", "b2"),
                    ("cr", "CR", "b2"),
                    ("ave", "AVE", "b2"),
                ],
                id="tab-reliability",
                title="Reliability and convergent validity",
                note="α = Cronbach's alpha (Cronbach, 1951); ω = McDonald's omega (McDonald, 1999); CR = composite reliability; AVE = average variance extracted (Fornell & Larcker, 1981). Criteria: α, CR ≥ .70; AVE ≥ .50.",
            )
        )
    text["reliability"] = nar.describe_reliability(scales_rel)
    htmt = _get(tables, "reliability/htmt")
    if not htmt.empty:
        s = nar.describe_htmt(htmt)
        if s:
            text["reliability"].append(s)
        add(
            _matrix_table(
                htmt,
                "tab-htmt",
                "Heterotrait–monotrait ratios (HTMT)",
                "Values below .85 support discriminant validity (Henseler et al., 2015).",
            )
        )
    fl = _get(tables, "reliability/fornell_larcker")
    if not fl.empty:
        add(
            _matrix_table(
                fl,
                "tab-fl",
                "Fornell–Larcker criterion",
                "Diagonal: square root of the AVE; off-diagonal: correlations between latent variables. Discriminant validity holds when each diagonal value exceeds the correlations in its row and column (Fornell & Larcker, 1981).",
            )
        )
    items_rel = _get(tables, "reliability/items")
    if not items_rel.empty:
        add(
            table_from_frame(
                items_rel,
                [
                    ("item", "Item", "text"),
                    ("mean", "M", "num2"),
                    ("sd", "SD", "num2"),
                    ("item_total_r", "r(it)", "b2"),
                    ("alpha_if_deleted", "α if deleted", "b2"),
                    ("loading_std", "λ", "b2"),
                ],
                id="tab-items-rel",
                title="Item statistics",
                group_by="scale",
                note="r(it) = corrected item–total correlation; λ = standardized CFA loading.",
            )
        )

    # --- EFA / common method bias
    efa_tabs = []
    efa_specs = {
        "kmo": (
            "Kaiser–Meyer–Olkin measure of sampling adequacy",
            [("item", "Item", "text"), ("msa", "MSA", "b2"), ("label", "Kaiser's label", "text")],
            "MSA ≥ .60 is adequate, ≥ .90 marvelous (Kaiser, 1974).",
        ),
        "bartlett": ("Bartlett's test of sphericity", None, ""),
        "parallel": (
            "Parallel analysis (eigenvalues of the first factors)",
            [
                ("index", "Factor", "int"),
                ("pc_observed", "PC observed", "num2"),
                ("pc_sim_quantile", "PC simulated", "num2"),
                ("pc_retain", "Retain (PC)", "yesno"),
                ("fa_observed", "FA observed", "num2"),
                ("fa_sim_quantile", "FA simulated", "num2"),
                ("fa_retain", "Retain (FA)", "yesno"),
            ],
            "Observed eigenvalues against the 95th percentile of eigenvalues from random data of "
            "the same size (Horn, 1965; Glorfeld, 1995). PC = principal components; FA = common "
            "factors.",
        ),
        "variance": (
            "Variance explained by the extracted factors",
            [
                ("factor", "Factor", "text"),
                ("eigenvalue", "Eigenvalue", "num2"),
                ("ss_loadings", "SS loadings", "num2"),
                ("prop", "Share", "b3"),
                ("cum_prop", "Cumulative", "b3"),
            ],
            "Minimum-residual extraction, oblimin rotation; SS loadings after rotation.",
        ),
        "harman": (
            "Harman's single-factor test",
            [
                ("method", "Extraction", "text"),
                ("n_items", "Items", "int"),
                ("first_factor_variance", "First factor variance", "num2"),
                ("share", "Share", "b3"),
                ("exceeds", "Above 50%", "yesno"),
                ("n_eigen_above_1", "Eigenvalues > 1", "int"),
            ],
            "A first factor explaining more than half of the variance would suggest common method "
            "variance (Podsakoff et al., 2003).",
        ),
        "loadings": (
            "Exploratory factor loadings (primary loading of each item)",
            [
                ("item", "Item", "text"),
                ("scale", "Scale", "text"),
                ("factor", "Factor", "text"),
                ("loading", "Loading", "b2"),
                ("communality", "h²", "b2"),
            ],
            "Pattern loadings after oblimin rotation; h² = communality.",
        ),
    }
    for name, (title, spec, enote) in efa_specs.items():
        df = _get(tables, f"efa/{name}")
        if df.empty:
            continue
        if name == "loadings" and "primary" in df.columns:
            df = df[df["primary"].astype(str).str.lower().isin(["true", "1"])]
        if name == "parallel" and "pc_retain" in df.columns:
            keep = df["pc_retain"].astype(str).str.lower().isin(["true", "1"]) | df[
                "fa_retain"
            ].astype(str).str.lower().isin(["true", "1"])
            df = df.head(max(int(keep.sum()) + 3, 5))
        if spec is not None and not all(k.split("|")[0] in df.columns for k, _, _ in spec):
            spec = None
        t = table_from_frame(df, spec, id=f"tab-efa-{name}", title=title, max_rows=120)
        if enote:
            t["note"] = (enote + " " + t["note"]).strip()
        add(t)
        efa_tabs.append(f"tab-efa-{name}")
    cmb = _get(tables, "cfa/cmb")
    if not cmb.empty:
        add(
            table_from_frame(
                cmb,
                [
                    ("model", "Model", "text"),
                    ("chisq", "χ²", "num2"),
                    ("df", "df", "num0"),
                    ("cfi", "CFI", "b3"),
                    ("tli", "TLI", "b3"),
                    ("rmsea", "RMSEA", "b3"),
                    ("srmr", "SRMR", "b3"),
                    ("delta_chisq", "Δχ²", "num2"),
                    ("delta_df", "Δdf", "num0"),
                    ("delta_pvalue", "p", "p"),
                ],
                id="tab-cmb",
                title="Common method bias: one-factor model against the measurement model",
                note="Δχ² compares the one-factor model with the measurement model (Podsakoff et al., 2003).",
            )
        )
    text["cmb"] = [s for s in [nar.describe_cmb(cmb)] if s]

    # --- measurement and structural model fit
    fits = []
    for key, lab in (("cfa/fit", "Measurement model (CFA)"), ("sem/fit", "Structural model (SEM)")):
        f = _fit(_get(tables, key))
        if f:
            fits.append({"model": lab, **f})
    if fits:
        fdf = pd.DataFrame(fits)
        robust = "cfi_robust" in fdf
        cols = [
            ("model", "Model", "text"),
            ("chisq", "χ²", "num2"),
            ("df", "df", "num0"),
            ("pvalue", "p", "p"),
            ("cfi", "CFI", "b3"),
            ("tli", "TLI", "b3"),
            ("rmsea", "RMSEA", "b3"),
            ("rmsea_ci_low|rmsea_ci_high", "90% CI", "bci"),
            ("srmr", "SRMR", "b3"),
            ("aic", "AIC", "num1"),
            ("bic", "BIC", "num1"),
        ]
        if robust:
            cols[1:1] = [("chisq_scaled", "χ² (scaled)", "num2")]
            cols += [
                ("cfi_robust", "CFI (robust)", "b3"),
                ("tli_robust", "TLI (robust)", "b3"),
                ("rmsea_robust", "RMSEA (robust)", "b3"),
            ]
        add(
            table_from_frame(
                fdf,
                cols,
                id="tab-fit",
                title="Fit of the measurement and structural models",
                note="Criteria: CFI, TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08 good (Hu & Bentler, 1999); CFI, TLI ≥ .90, RMSEA ≤ .08 acceptable (Browne & Cudeck, 1993; Marsh et al., 2004).",
            )
        )
    text["measurement"] = []
    if fit_cfa:
        text["measurement"].append(
            nar.describe_fit(_get(tables, "cfa/fit"), "The measurement model")
        )
    load = cfa_est[cfa_est["op"] == "=~"] if not cfa_est.empty else pd.DataFrame()
    if not load.empty:
        lo = load["std_all"].astype(float)
        weak = load.loc[lo < 0.5, "rhs"].tolist()
        s = f"Standardized loadings ranged from {nar.fmt_bounded(lo.min())} to {nar.fmt_bounded(lo.max())}"
        s += f"; {nar._join(weak)} loaded below .50." if weak else ", all above .50."
        text["measurement"].append(s)
        add(
            table_from_frame(
                load,
                [
                    ("rhs", "Item", "text"),
                    ("est", "B", "num2"),
                    ("se", "SE", "num2"),
                    ("z", "z", "num2"),
                    ("pvalue", "p", "p"),
                    ("std_all", "λ", "b2"),
                ],
                id="tab-loadings",
                title="Standardized factor loadings of the measurement model",
                group_by="lhs",
                note="The first loading of each factor is fixed to 1 (lavaan's default), so it has no SE or test.",
            )
        )
    mi = _get(tables, "cfa/mi")
    if not mi.empty:
        mi = mi.sort_values("mi", ascending=False, kind="stable")
        add(
            table_from_frame(
                mi,
                [
                    ("lhs", "Left", "text"),
                    ("op", "Op", "text"),
                    ("rhs", "Right", "text"),
                    ("mi", "MI", "num2"),
                    ("epc", "EPC", "num3"),
                    ("sepc_all", "SEPC", "b3"),
                ],
                id="tab-mi",
                title="Largest modification indices of the measurement model",
                max_rows=10,
                note="For information only; no parameter was freed. MI = expected drop in χ² if "
                "the parameter were freed; EPC = expected parameter change; SEPC = its "
                "standardized (std.all) value. =~ loading, ~~ (residual) covariance.",
            )
        )
        top = mi.iloc[0]
        text["measurement"].append(
            f"The largest modification index was {nar.fmt_num(top['mi'])} for "
            f"{top['lhs']} {top['op']} {top['rhs']} (standardized expected change "
            f"{nar.fmt_bounded(top['sepc_all'], 3)})."
        )

    # --- structural model
    text["structural"] = []
    if fit_sem:
        text["structural"].append(nar.describe_fit(_get(tables, "sem/fit"), "The structural model"))
    r2 = _get(tables, "sem/r2")
    if not struct.empty:
        F["path_diagram"] = {"caption": "Structural model with standardized path coefficients"}
        for dv in dict.fromkeys(struct["lhs"]):
            s = nar.describe_predictors(sem_est, dv, codebook, ci_level)
            if s:
                text["structural"].append(s)
        sp = struct.copy()
        if not r2.empty:
            sp = sp.merge(r2.rename(columns={"variable": "lhs"}), on="lhs", how="left")
        sp["path"] = [f"{r} → {lh}" for lh, r in zip(sp["lhs"], sp["rhs"], strict=False)]
        add(
            table_from_frame(
                sp,
                [
                    ("path", "Path", "text"),
                    ("est", "B", "num2"),
                    ("se", "SE", "num2"),
                    ("ci_low|ci_high", f"{lev} CI", "ci"),
                    ("pvalue", "p", "p"),
                    ("std_all", "β", "beta_stars"),
                ],
                id="tab-paths",
                title="Structural paths",
                note=f"B = unstandardized, β = standardized (std.all) coefficient; {lev} CI of B. * p < .05. ** p < .01. *** p < .001."
                + (
                    " R² of the endogenous variables: "
                    + "; ".join(
                        f"{v} {nar.fmt_bounded(x)}"
                        for v, x in zip(r2["variable"], r2["r2"], strict=False)
                        if v in set(struct["lhs"])
                    )
                    + "."
                    if not r2.empty and r2["variable"].isin(set(struct["lhs"])).any()
                    else ""
                ),
            )
        )
    # --- effects and hypotheses
    text["effects"] = summarize_indirect(effects, hyp, codebook, ci_level)
    if not effects.empty:
        method = str(effects["method"].iloc[0]) if "method" in effects else ""
        eff_cols = [
            ("effect", "Effect", "text"),
            ("est", "B", "num3"),
            ("se", "SE", "num3"),
            ("ci_low|ci_high", f"{lev} CI", "ci3"),
            ("std_all", "β", "b3"),
        ]
        key = key_indirect_effects(effects, hyp)
        if not key.empty:
            key = key.assign(effect=[_arrow(e) for e in key["effect"]])
            n_ind = int((effects["kind"] == "indirect").sum())
            add(
                table_from_frame(
                    key,
                    eff_cols,
                    id="tab-effects",
                    title="Key indirect effects",
                    note=(f"CIs: {method}. " if method else "")
                    + f"Shown: the indirect effects named in the hypotheses and the largest "
                    f"reliable ones by |β|; all {n_ind} indirect effects and the direct and "
                    "total effects are listed in Appendix B.",
                )
            )
        allf = effects.copy()
        allf["effect"] = [_arrow(e) for e in allf["effect"]]
        add(
            table_from_frame(
                allf,
                eff_cols,
                id="tab-effects-full",
                title="All direct, indirect and total effects",
                group_by="kind",
                note=f"CIs: {method}." if method else "",
            )
        )
    hyp_rows = []
    if not hyp.empty:
        hyp_rows = [_plain(r) for r in hyp.to_dict(orient="records")]
        for r in hyp_rows:
            r["supported"] = nar._truthy(r.get("supported"))
            r["verdict"] = "Supported" if r["supported"] else "Not supported"
            r["path_or_effect"] = _arrow(r.get("path_or_effect", ""))
            r["expected_sign"] = str(r.get("expected_sign", "")).replace("-", nar.MINUS)
            r["sentence"] = nar.describe_hypothesis(r, ci_level)
        ht = table_from_frame(
            hyp,
            [
                ("id", "H", "text"),
                ("path_or_effect", "Path or effect", "text"),
                ("expected_sign", "Sign", "text"),
                ("std_all", "β", "b3"),
                ("est", "B", "num3"),
                ("ci_low|ci_high", f"{lev} CI", "ci3"),
                ("pvalue", "p", "p"),
                ("verdict", "Verdict", "text"),
            ],
            id="tab-hypotheses",
            title="Hypotheses and verdicts",
            note=f"Sign = expected sign. A hypothesis is supported when the {lev} CI excludes "
            "zero and the estimate has the expected sign; CIs of paths are Wald intervals, "
            "those of indirect effects come from the bootstrap.",
        )
        ht["rows"] = hyp_rows
        add(ht)
    text["hypotheses"] = [nar.describe_hypotheses(hyp)] + [r["sentence"] for r in hyp_rows]

    # --- group differences
    inv = _get(tables, "groups/invariance")
    inv_paths = _get(tables, "groups/invariance_paths")
    text["invariance"] = invariance_sentences(inv, codebook)
    if not inv.empty:
        iv = inv.copy()
        iv["group_var"] = [_demo_label(codebook, g) for g in iv["group_var"]]
        iv["model"] = [INVARIANCE_MODELS.get(str(m), str(m)) for m in iv["model"]]
        if "freed" in iv:
            iv["freed"] = iv["freed"].fillna("").astype(str)
        add(
            table_from_frame(
                iv,
                [
                    ("model", "Model", "text"),
                    *([("n", "n", "int")] if "n" in iv else []),
                    ("chisq", "χ²", "num2"),
                    ("df", "df", "num0"),
                    ("cfi", "CFI", "b3"),
                    ("rmsea", "RMSEA", "b3"),
                    ("srmr", "SRMR", "b3"),
                    ("delta_chisq", "Δχ²", "num2"),
                    ("delta_df", "Δdf", "num0"),
                    ("delta_pvalue", "p", "p"),
                    ("delta_cfi", "ΔCFI", "b3"),
                    ("delta_rmsea", "ΔRMSEA", "b3"),
                    ("freed", "Freed", "text"),
                ],
                id="tab-invariance",
                title="Measurement invariance across groups",
                group_by="group_var",
                note="Each model adds equality constraints to the one above it: configural (same "
                "structure), metric (equal loadings), scalar (equal intercepts), partial scalar "
                "(some intercepts freed, listed under Freed). A step holds when CFI drops by no "
                "more than .010 (Cheung & Rensvold, 2002) and RMSEA rises by no more than .015 "
                "(Chen, 2007)."
                + (
                    " Unlike the structural model, the multi-group models are not estimated with "
                    "full-information maximum likelihood: each uses the n respondents who "
                    "answered every item of the tested scales and the grouping variable."
                    if analysis.get("missing") == "fiml"
                    else ""
                ),
            )
        )
    if not inv_paths.empty:
        ip = inv_paths.copy()
        ip["group_var"] = [_demo_label(codebook, g) for g in ip["group_var"]]
        ip["path"] = [_arrow(p) for p in ip["path"]]
        pcol = "p_holm" if "p_holm" in ip else "delta_pvalue"
        add(
            table_from_frame(
                ip,
                [
                    ("path", "Path", "text"),
                    ("group", "Group", "text"),
                    ("n", "n", "int"),
                    ("est", "B", "num2"),
                    ("std_all", "β", "b2"),
                    ("pvalue", "p", "p"),
                    ("delta_chisq", "Δχ²", "num2"),
                    ("delta_df", "Δdf", "num0"),
                    (pcol, "p (Holm)" if pcol == "p_holm" else "p (Δχ²)", "p"),
                ],
                id="tab-invariance-paths",
                title="Structural paths by group",
                group_by="group_var",
                note="Δχ² tests holding the path equal across the groups of the variable "
                "(multi-group model); p (Holm) is adjusted across the paths tested (Holm, 1979).",
            )
        )
    text["groups"] = describe_group_differences(diffs, codebook)
    if not diffs.empty:
        d = diffs.copy()
        d["outcome"] = [_label(codebook, o) for o in d["outcome"]]
        d["group_var"] = [_demo_label(codebook, g) for g in d["group_var"]]
        d["test"] = [TEST_LABELS.get(str(t), str(t)) for t in d["test"]]
        d["es_name"] = [
            nar.ES_SYMBOL.get(str(x).lower(), str(x))
            for x in d.get("effect_size_name", pd.Series([""] * len(d)))
        ]
        add(
            table_from_frame(
                d,
                [
                    ("outcome", "Scale", "text"),
                    ("test", "Test", "text"),
                    ("statistic", "Statistic", "num2"),
                    ("df1", "df1", "num0"),
                    ("df2", "df2", "num1"),
                    ("pvalue", "p", "p"),
                    ("p_holm", "p (Holm)", "p"),
                    ("es_name", "ES", "text"),
                    ("effect_size", "Value", "num3"),
                    ("es_ci_low|es_ci_high", "ES CI", "ci"),
                ],
                id="tab-groups-full",
                title="All group comparisons of burnout and outcomes",
                group_by="group_var",
                note="p (Holm) = p adjusted for multiple comparisons (Holm, 1979). ES = effect "
                "size: g = Hedges' g; ω² = omega squared; ε² = epsilon squared.",
            )
        )
        mat = group_matrix(diffs, codebook)
        if not mat.empty:
            gcols = [c for c in mat.columns if c != "scale"]
            add(
                table_from_frame(
                    mat,
                    [("scale", "Scale", "text")] + [(c, c, "label") for c in gcols],
                    id="tab-groups",
                    title="Group differences in burnout and outcomes: effect sizes",
                    note="Parametric tests (Welch's t or Welch's ANOVA); g = Hedges' g, ω² = omega "
                    "squared. * p < .05 after Holm's correction across all comparisons. The "
                    "test statistics, the rank-based tests and the CIs are in Appendix B.",
                )
            )
    desc = _get(tables, "groups/descriptives")
    if not desc.empty:
        dd = desc.copy()
        dd["group_var"] = [_demo_label(codebook, g) for g in dd["group_var"]]
        t = table_from_frame(
            dd,
            [
                ("outcome", "Scale", "text"),
                ("level", "Level", "text"),
                ("n", "n", "int"),
                ("mean", "M", "num2"),
                ("sd", "SD", "num2"),
            ],
            id="tab-group-desc",
            title="Scale means by group",
            group_by="group_var",
            note=f"ᵃ Suppressed: fewer than {MIN_CELL} respondents in the cell.",
        )
        t["rows"] = _suppress(dd, ["mean", "sd"])
        add(t)
        F["group_profile"] = {
            "caption": "Burnout profile by group (means; cells with n < 5 are not drawn)"
        }
    post = _get(tables, "groups/posthoc")
    if not post.empty:
        pp = post.copy()
        pp["group_var"] = [_demo_label(codebook, g) for g in pp["group_var"]]
        pp["pair"] = [f"{a} vs {b}" for a, b in zip(pp["level_a"], pp["level_b"], strict=False)]
        add(
            table_from_frame(
                pp,
                [
                    ("outcome", "Scale", "text"),
                    ("pair", "Comparison", "text"),
                    ("diff", "Diff.", "num2"),
                    ("se", "SE", "num2"),
                    ("t", "t", "num2"),
                    ("df", "df", "num1"),
                    ("pvalue", "p", "p"),
                    ("ci_low|ci_high", f"{lev} CI", "ci"),
                    ("hedges_g", "g", "num2"),
                ],
                id="tab-posthoc",
                title="Post-hoc comparisons between group levels",
                group_by="group_var",
                note="Games–Howell comparisons of the scale means; Diff. = mean of the first level "
                "minus mean of the second; g = Hedges' g.",
            )
        )
    reg = _get(tables, "groups/regression")
    if not reg.empty:
        rg = reg.copy()
        rg["term"] = [
            "Intercept" if str(t) == "(Intercept)" else _term_label(codebook, v, lv)
            for t, v, lv in zip(rg["term"], rg["variable"], rg["level"], strict=False)
        ]
        add(
            table_from_frame(
                rg,
                [
                    ("term", "Predictor", "text"),
                    ("b", "B", "num2"),
                    ("se", "SE", "num2"),
                    ("t", "t", "num2"),
                    ("pvalue", "p", "p"),
                    ("ci_low|ci_high", f"{lev} CI", "ci"),
                    ("beta", "β", "b2"),
                    ("vif", "VIF", "num2"),
                ],
                id="tab-regression",
                title="Regression of burnout on the demographics",
                group_by="outcome",
                note="OLS regression of each burnout scale on all demographics; categorical "
                "predictors are dummy-coded against their first level. VIF = variance inflation "
                "factor.",
            )
        )
    regfit = _get(tables, "groups/regression_fit")
    if not regfit.empty:
        add(
            table_from_frame(
                regfit,
                [
                    ("outcome", "Scale", "text"),
                    ("n", "n", "int"),
                    ("n_predictors", "Predictors", "int"),
                    ("r2", "R²", "b3"),
                    ("adj_r2", "Adj. R²", "b3"),
                    ("f", "F", "num2"),
                    ("df1", "df1", "num0"),
                    ("df2", "df2", "num0"),
                    ("pvalue", "p", "p"),
                ],
                id="tab-regression-fit",
                title="Fit of the demographic regressions",
            )
        )

    # --- recommendations
    rec = rank_recommendations(recommendations or [], effects, sem_est, codebook)
    rec_rows = [_plain(r) for r in rec.to_dict(orient="records")]
    by_level = {lv: [r for r in rec_rows if r["level"] == lv and r["supported"]] for lv in LEVELS}
    unsupported = [r for r in rec_rows if not r["supported"]]
    if rec_rows:
        rt = table_from_frame(
            rec[rec["supported"]],
            [
                ("rank", "Rank", "num0"),
                ("title", "Recommendation", "text"),
                ("level", "Level", "text"),
                ("basis", "Evidence", "text"),
                ("std_all", "β", "b2"),
                ("ci_low|ci_high", f"{lev} CI of B", "ci"),
            ],
            id="tab-recommendations",
            title="Recommendations ranked by the estimated effect of the constructs they act on",
            note="Ranked by the largest reliable standardized total effect on a burnout dimension, then on an outcome. Recommendations without a reliable effect in the helpful direction are listed separately in the text.",
        )
        add(rt)
    text["recommendations"] = _recommendation_text(rec_rows, codebook)

    # --- appendix tables
    for key, tid, title in (
        ("cfa/estimates", "tab-cfa-full", "All parameter estimates of the measurement model"),
        ("sem/estimates", "tab-sem-full", "All parameter estimates of the structural model"),
    ):
        df = _get(tables, key)
        if not df.empty:
            add(
                table_from_frame(
                    df,
                    [
                        ("lhs", "Left", "text"),
                        ("op", "Op", "text"),
                        ("rhs", "Right", "text"),
                        ("est", "B", "num3"),
                        ("se", "SE", "num3"),
                        ("z", "z", "num2"),
                        ("pvalue", "p", "p"),
                        ("ci_low|ci_high", f"{lev} CI", "ci"),
                        ("std_all", "β", "b3"),
                    ],
                    id=tid,
                    title=title,
                )
            )
    diag = _get(tables, "sem/diagnostics")
    if not diag.empty:
        add(
            table_from_frame(
                diag,
                [
                    ("check", "Check", "text"),
                    ("severity", "Severity", "text"),
                    ("detail", "Detail", "text"),
                ],
                id="tab-diagnostics",
                title="Estimation diagnostics",
            )
        )
    items = []
    for s in codebook.scales:
        for it in s.items:
            items.append(
                {
                    "scale": f"{s.name} — {s.label}",
                    "item": it,
                    "text": s.item_text.get(it, ""),
                    "reverse": "R" if it in s.reverse else "",
                }
            )
    add(
        table_from_frame(
            pd.DataFrame(items),
            [("item", "Item", "text"), ("text", "Wording", "text"), ("reverse", "Keying", "text")],
            id="tab-questionnaire",
            title="Questionnaire items",
            group_by="scale",
            note="R = reverse-scored (new = min + max − old).",
        )
    )
    prov_pk = pd.DataFrame(provenance.get("packages", []))
    add(
        table_from_frame(
            prov_pk,
            [("name", "Package", "text"), ("version", "Version", "text")],
            id="tab-packages",
            title="Software versions",
        )
    )
    prov_files = pd.DataFrame(provenance.get("files", []))
    add(
        table_from_frame(
            prov_files,
            [("role", "File", "text"), ("path", "Path", "text"), ("sha256", "SHA-256", "text")],
            id="tab-hashes",
            title="Input files and their SHA-256 digests",
        )
    )

    # --- numbering in document order
    order = [
        "tab-instruments",
        "tab-flow",
        "tab-fixes",
        "tab-sample",
        "tab-corr",
        "tab-reliability",
        "tab-htmt",
        "tab-fl",
        "tab-efa-bartlett",
        "tab-efa-harman",
        "tab-cmb",
        "tab-fit",
        "tab-mi",
        "tab-paths",
        "tab-hypotheses",
        "tab-effects",
        "tab-invariance",
        "tab-invariance-paths",
        "tab-groups",
        "tab-recommendations",
        "tab-questionnaire",
        "tab-items-rel",
        "tab-loadings",
        "tab-missing",
        "tab-efa-kmo",
        "tab-efa-parallel",
        "tab-efa-variance",
        "tab-efa-loadings",
        "tab-effects-full",
        "tab-cfa-full",
        "tab-sem-full",
        "tab-diagnostics",
        "tab-group-desc",
        "tab-groups-full",
        "tab-posthoc",
        "tab-regression",
        "tab-regression-fit",
        "tab-packages",
        "tab-hashes",
    ]
    extra = [k for k in T if k not in order]
    if extra:
        raise ValueError(
            f"report tables {extra} have no place in the document order; add them to `order`"
        )
    table_list = []
    for i, tid in enumerate([t for t in order if t in T], start=1):
        T[tid]["number"] = i
        table_list.append(T[tid])
    fig_order = ["flow", "correlations", "item_shares", "path_diagram", "group_profile"]
    figures = figures or {}
    figure_list = []
    for name in fig_order:
        if name in F and name in figures:
            F[name].update(number=len(figure_list) + 1, src=figures[name], id=f"fig-{name}")
            figure_list.append(F[name])
    F = {k: v for k, v in F.items() if "number" in v}

    # --- abstract and keywords
    keywords = ["job burnout", "occupational stress", "structural equation modeling"]
    top = [r for r in rec_rows if r["supported"]]
    strongest = _strongest_predictors(sem_est, codebook)
    keywords += [_label(codebook, s).lower() for s in strongest[:2]]
    abstract = _abstract(
        config,
        codebook,
        n_analysed,
        fit_cfa,
        _get(tables, "cfa/fit"),
        _get(tables, "sem/fit"),
        hyp,
        strongest,
        sem_est,
        top,
        ci_level,
    )
    text["discussion"] = _discussion(codebook, sem_est, hyp, effects, diffs, strongest, ci_level)
    text["limitations"] = _limitations(
        config, cmb, _get(tables, "sem/fit"), _get(tables, "sem/diagnostics"), n_analysed, prof
    )

    method = {
        "estimator": analysis.get("estimator", "ML"),
        "missing": analysis.get("missing", "listwise"),
        "bootstrap": int(analysis.get("bootstrap", 0)),
        "ci_level": ci_level,
        "seed": analysis.get("seed"),
        "groups": [_demo_label(codebook, g) for g in analysis.get("groups", [])],
        "exclude": [
            _lower_first(_step_label(x)) for x in config.get("cleaning", {}).get("exclude", [])
        ],
        "cleaning": dict(config.get("cleaning", {})),
        "structural": str(config.get("model", {}).get("structural", "")).strip(),
        "extra": str(config.get("model", {}).get("extra", "") or "").strip(),
        "composites": list(config.get("model", {}).get("composites", []) or []),
        "n_scales": len(codebook.scales),
        "n_items": len(codebook.items),
    }
    hyps_cfg = [
        {
            **dict(h),
            "what": _arrow(h.get("path") or h.get("effect") or ""),
            "sign": str(h.get("sign", "")).replace("-", nar.MINUS),
        }
        for h in config.get("hypotheses", [])
    ]
    return {
        "study": {
            "title": config.get("title", ""),
            "running_head": _running_head(str(config.get("title", ""))),
            "author": config.get("author", ""),
            "institution": config.get("institution", ""),
            "simulated": bool(config.get("simulated", False)),
            "language": config.get("language", "en"),
            "data_date": provenance.get("data_date", ""),
            "data_timestamp": provenance.get("data_timestamp", ""),
        },
        "n": {
            "received": n_received,
            "analysed": n_analysed,
            "excluded": (n_received - n_analysed)
            if n_received is not None and n_analysed is not None
            else None,
        },
        "abstract": abstract,
        "keywords": keywords,
        "research_questions": _research_questions(config, codebook, struct),
        "hypotheses": hyps_cfg,
        "hypothesis_results": hyp_rows,
        "method": method,
        "instruments": instruments,
        "text": text,
        "tables": T,
        "table_list": table_list,
        "figures": F,
        "figure_list": figure_list,
        "recommendations": by_level,
        "unsupported": unsupported,
        "references": sorted(
            references or [],
            key=lambda r: (str(r.get("authors", "")).lower(), str(r.get("year", ""))),
        ),
        "seeds": dict(seeds or {}),
        "provenance": dict(provenance),
        "settings": {"ci_level": ci_level, "min_cell": MIN_CELL, "efa_tables": efa_tabs},
    }


def _running_head(title: str, limit: int = 50) -> str:
    """APA running head: the title cut at a word boundary to at most ``limit`` characters."""
    if len(title) <= limit:
        return title.upper()
    cut = title[: limit + 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:").upper() + "…"


def _demo_label(codebook, g: str) -> str:
    try:
        return codebook.demographic(g).label
    except ValueError:
        return g


FIX_LABELS = {
    "non_numeric": "Non-numeric answer set to missing",
    "out_of_range": "Answer outside the scale's range set to missing",
    "fullwidth": "Full-width digits converted",
    "whitespace": "Stray spaces removed",
}
TEST_LABELS = {
    "welch_t": "Welch's t",
    "welch_anova": "Welch's ANOVA",
    "kruskal_wallis": "Kruskal–Wallis",
    "t": "t test",
    "anova": "ANOVA",
    "mann_whitney": "Mann–Whitney U",
    "chisq": "χ² test",
}
INVARIANCE_MODELS = {
    "configural": "Configural",
    "metric": "Metric",
    "scalar": "Scalar",
    "partial_scalar": "Partial scalar",
}
_INV_ORDER = ("configural", "metric", "scalar", "partial_scalar")


def _arrow(expr: Any) -> str:
    """``EE ~ WL`` -> ``WL → EE``; ``WL -> EE -> DP`` -> ``WL → EE → DP``."""
    s = str(expr).strip()
    if "->" in s:
        return " → ".join(_chain(s))
    if "~" in s and "~~" not in s:
        lhs, rhs = (x.strip() for x in s.split("~", 1))
        return f"{rhs} → {lhs}"
    return s


def _term_label(codebook, variable: Any, level: Any) -> str:
    lab = _demo_label(codebook, str(variable))
    if isinstance(level, str) and level:
        return f"{lab}: {level}"
    return lab


def invariance_verdicts(inv: pd.DataFrame) -> pd.DataFrame:
    """The highest level of measurement invariance that holds for each grouping variable.

    Parameters
    ----------
    inv : DataFrame
        ``groups/invariance.csv``: ``group_var``, ``model``, ``delta_cfi``, ``delta_rmsea``.

    Returns
    -------
    DataFrame
        ``group_var``, ``level`` (``none``, ``configural``, ``metric``, ``scalar`` or
        ``partial_scalar``: the last model in the sequence whose step holds), ``means_comparable``
        (bool: scalar or partial scalar invariance holds, so latent means may be compared).

    Notes
    -----
    A step holds when ΔCFI ≥ −.010 (Cheung & Rensvold, 2002) and ΔRMSEA ≤ .015 (Chen, 2007).
    The configural model is taken to hold when it was estimated. Partial scalar invariance
    replaces a failed scalar step when its own step (against the metric model) holds.
    """
    rows = []
    if inv is None or inv.empty:
        return pd.DataFrame(columns=["group_var", "level", "means_comparable"])
    for g, sub in inv.groupby("group_var", sort=False):
        by = {str(m): r for m, r in zip(sub["model"], sub.to_dict("records"), strict=False)}

        def holds(m: str, by: dict = by) -> bool:
            r = by.get(m)
            if r is None:
                return False
            dc, dr = r.get("delta_cfi"), r.get("delta_rmsea")
            ok = True
            if _isnum(dc):
                ok = ok and float(dc) >= -0.01
            if _isnum(dr):
                ok = ok and float(dr) <= 0.015
            return ok and (_isnum(dc) or _isnum(dr))

        level = "configural" if "configural" in by else "none"
        if level == "configural" and holds("metric"):
            level = "metric"
            if holds("scalar"):
                level = "scalar"
            elif holds("partial_scalar"):
                level = "partial_scalar"
        rows.append(
            {
                "group_var": g,
                "level": level,
                "means_comparable": level in ("scalar", "partial_scalar"),
            }
        )
    return pd.DataFrame(rows)


def invariance_sentences(inv: pd.DataFrame, codebook) -> list[str]:
    """Sentences with the invariance verdict per grouping variable (see invariance_verdicts)."""
    v = invariance_verdicts(inv)
    if v.empty:
        return []
    out = []
    ok = v[v["means_comparable"].astype(bool)]
    if len(ok) > 1 and ok["level"].nunique() == 1:
        labs = [_demo_label(codebook, str(g)).lower() for g in ok["group_var"]]
        lvl = str(ok["level"].iloc[0]).replace("_", " ")
        out.append(
            f"{lvl.capitalize()} invariance held across {', '.join(labs[:-1])} and {labs[-1]}, "
            "so the groups' scale means can be compared."
        )
        v = v[~v["means_comparable"].astype(bool)]
    for _, r in v.iterrows():
        lab = _demo_label(codebook, str(r["group_var"])).lower()
        lvl = str(r["level"])
        if r["means_comparable"]:
            out.append(
                f"Across {lab}, {lvl.replace('_', ' ')} invariance held, so the groups' scale "
                "means can be compared."
            )
        elif lvl == "metric":
            out.append(
                f"Across {lab}, metric but not scalar invariance held: loadings are equal, so "
                "relations may be compared, but differences in means may reflect item bias and "
                "are interpreted with caution."
            )
        else:
            out.append(
                f"Across {lab}, invariance did not hold beyond the {lvl} level, so neither "
                "relations nor means are strictly comparable across its groups."
            )
    return out


def _parametric(diffs: pd.DataFrame) -> pd.DataFrame:
    if "family" in diffs:
        sub = diffs[diffs["family"].astype(str) == "parametric"]
        if not sub.empty:
            return sub
    return diffs.drop_duplicates(["outcome", "group_var"], keep="first")


def group_matrix(diffs: pd.DataFrame, codebook) -> pd.DataFrame:
    """Scales by grouping variables: the effect size of each parametric comparison.

    Returns
    -------
    DataFrame
        ``scale`` (label) and one text column per grouping variable (its label) holding
        ``g = 0.19*``-style cells (* = Holm-adjusted p < .05).
    """
    if diffs is None or diffs.empty:
        return pd.DataFrame()
    par = _parametric(diffs)
    pcol = "p_holm" if "p_holm" in par else "pvalue"
    groups = list(dict.fromkeys(par["group_var"]))
    rows = []
    for o in dict.fromkeys(par["outcome"]):
        row = {"scale": _label(codebook, str(o))}
        for g in groups:
            r = par[(par["outcome"] == o) & (par["group_var"] == g)]
            cell = nar.DASH
            if not r.empty:
                r = r.iloc[0]
                sym = nar.ES_SYMBOL.get(str(r.get("effect_size_name", "")).lower(), "ES")
                val = r.get("effect_size")
                fmt = nar.fmt_bounded if sym in ("ω²", "ε²", "η²", "η²p", "r", "V") else nar.fmt_num
                cell = f"{sym} = {fmt(val)}" + ("*" if float(r[pcol]) < 0.05 else "")
            row[_demo_label(codebook, str(g))] = cell
        rows.append(row)
    return pd.DataFrame(rows)


def describe_group_differences(diffs: pd.DataFrame, codebook) -> list[str]:
    """Sentences on group differences from the parametric tests, with labels and sizes.

    Notes
    -----
    A difference is reliable when its Holm-adjusted p (Holm, 1979) is below .05; its size is read
    with Cohen's (1988) benchmarks for its effect-size measure. When a rank-based test of the
    same comparison exists, the sentence says whether it agrees.
    """
    if diffs is None or diffs.empty:
        return []
    par = _parametric(diffs)
    pcol = "p_holm" if "p_holm" in par else "pvalue"
    sig = par[par[pcol].astype(float) < 0.05]
    out = []
    for _, r in sig.iterrows():
        name = str(r.get("effect_size_name", ""))
        sym = nar.ES_SYMBOL.get(name.lower(), name)
        size = nar.size_label(r.get("effect_size"), name)
        fmt = nar.fmt_bounded if sym in ("ω²", "ε²", "η²", "η²p", "r", "V") else nar.fmt_num
        s = (
            f"{_label(codebook, str(r['outcome']))} differed by "
            f"{_demo_label(codebook, str(r['group_var'])).lower()} "
            f"({TEST_LABELS.get(str(r['test']), str(r['test']))}, p(Holm) {nar.apa_p(r[pcol])}, "
            f"{sym} = {fmt(r['effect_size'])})"
            + (f", {nar._article(size)} {size} difference" if size else "")
        )
        other = diffs[
            (diffs["outcome"] == r["outcome"])
            & (diffs["group_var"] == r["group_var"])
            & (diffs["test"] != r["test"])
        ]
        if not other.empty:
            o = other.iloc[0]
            agree = float(o[pcol]) < 0.05
            s += f"; the {TEST_LABELS.get(str(o['test']), str(o['test']))} test " + (
                "agreed" if agree else f"did not confirm it (p(Holm) {nar.apa_p(o[pcol])})"
            )
        out.append(s + ".")
    n = len(par)
    if not out:
        out.append(
            f"None of the {n} parametric group comparisons was significant after Holm's "
            "correction, so burnout and the outcomes did not differ reliably between the groups."
        )
    else:
        out.append(
            f"The other {n - len(out)} of the {n} parametric comparisons were not significant "
            "after Holm's correction."
        )
    return out


def key_indirect_effects(
    effects: pd.DataFrame, hyp: pd.DataFrame | None = None, top: int = 10
) -> pd.DataFrame:
    """The indirect effects worth a place in the chapter.

    Returns
    -------
    DataFrame
        The rows of ``effects`` (same columns) with ``kind == "indirect"`` that a hypothesis
        names, followed by the ``top`` largest other reliable ones by |β| (CI excludes zero).
    """
    if effects is None or effects.empty:
        return pd.DataFrame()
    ind = effects[effects["kind"] == "indirect"]
    named: list[str] = []
    if hyp is not None and not hyp.empty and "path_or_effect" in hyp:
        named = [str(x) for x in hyp["path_or_effect"] if "->" in str(x)]
    norm = {" -> ".join(_chain(e)): e for e in ind["effect"]}
    named_eff = [norm[" -> ".join(_chain(n))] for n in named if " -> ".join(_chain(n)) in norm]
    first = ind[ind["effect"].isin(named_eff)]
    rest = ind[~ind["effect"].isin(named_eff)]
    rest = rest[
        [ci_excludes_zero(a, b) for a, b in zip(rest["ci_low"], rest["ci_high"], strict=False)]
    ]
    rest = rest.reindex(rest["std_all"].abs().sort_values(ascending=False, kind="stable").index)
    return pd.concat([first, rest.head(top)])


def summarize_indirect(
    effects: pd.DataFrame, hyp: pd.DataFrame | None, codebook, ci_level: float = 0.95
) -> list[str]:
    """A short paragraph on the indirect effects: how many are reliable and the largest ones.

    Notes
    -----
    An indirect effect is reliable when its (bootstrap) CI excludes zero (Preacher & Hayes,
    2008). The sentences name the three largest reliable effects by |β| and every reliable
    total effect of an exogenous construct on a burnout scale is left to the tables.
    """
    if effects is None or effects.empty:
        return []
    ind = effects[effects["kind"] == "indirect"]
    if ind.empty:
        return ["The model implies no indirect effects."]
    lev = f"{round(100 * ci_level)}%"
    ok = [ci_excludes_zero(a, b) for a, b in zip(ind["ci_low"], ind["ci_high"], strict=False)]
    rel = ind[ok]
    method = str(ind["method"].iloc[0]) if "method" in ind else ""
    out = [
        f"The model implies {len(ind)} indirect effects; for {len(rel)} of them the {lev} "
        "confidence interval" + (f" ({method})" if method else "") + " excluded zero."
    ]
    if not rel.empty:
        big = rel.reindex(rel["std_all"].abs().sort_values(ascending=False, kind="stable").index)
        parts = []
        for _, r in big.head(3).iterrows():
            ch = _chain(r["effect"])
            via = nar._join([_label(codebook, c).lower() for c in ch[1:-1]])
            parts.append(
                f"{_label(codebook, ch[0]).lower()} on {_label(codebook, ch[-1]).lower()} "
                f"through {via} (β = {nar.fmt_bounded(r['std_all'], 3)}, "
                f"{lev} CI {nar.fmt_ci(r['ci_low'], r['ci_high'], 3)})"
            )
        out.append("The largest were those of " + nar._join(parts) + ".")
    small = rel[rel["std_all"].abs() < 0.1] if not rel.empty else rel
    if len(small):
        out.append(
            f"{len(small)} of the reliable indirect effects were below .10 in standardized size, "
            "too small to matter in practice by Cohen's (1988) benchmarks."
        )
    return out


def _lower_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym."""
    w = s.split(" ", 1)[0]
    return s if w.isupper() else s[:1].lower() + s[1:]


def _step_label(step: str) -> str:
    from surveysem.figures import STEP_LABELS

    return STEP_LABELS.get(str(step), str(step).replace("_", " ").capitalize())


def _matrix_table(df: pd.DataFrame, tid: str, title: str, note: str) -> dict:
    """A lower-triangular matrix table from a long (``scale_a``, ``scale_b``, value) table.

    The diagonal is shown when the table has rows with ``scale_a == scale_b`` (e.g. the square
    root of the AVE in the Fornell–Larcker table); cells above it are left blank.
    """
    cols = list(df.columns)
    valcol = next((c for c in ("htmt", "value") if c in cols), None)
    if valcol is not None and {"scale_a", "scale_b"} <= set(cols):
        names = list(dict.fromkeys(list(df["scale_a"]) + list(df["scale_b"])))
        val = {}
        for a, b, v in zip(df["scale_a"], df["scale_b"], df[valcol], strict=False):
            val[(a, b)] = v
            val.setdefault((b, a), v)
        has_diag = any(a == b for a, b in zip(df["scale_a"], df["scale_b"], strict=False))
        rows = []
        for i, a in enumerate(names):
            row = {"scale": a}
            for j, b in enumerate(names):
                if j < i or (j == i and has_diag):
                    row[b] = val.get((a, b), np.nan)
                else:
                    row[b] = None
            rows.append(row)
        out = pd.DataFrame(rows)
        shown = names if has_diag else names[:-1]
        if not has_diag:
            out = out.iloc[1:]
        spec = [("scale", "", "text")] + [(b, b, "m2") for b in shown]
        return table_from_frame(out, spec, id=tid, title=title, note=note)
    out = df.copy()
    first = out.columns[0]
    spec = [(first, "", "text")] + [(c, str(c), "m2") for c in out.columns[1:]]
    return table_from_frame(out, spec, id=tid, title=title, note=note)


def _screening_text(flow, exc, fixes, config) -> list[str]:
    if flow.empty:
        return ["The screening stage produced no flow table."]
    n0, n1 = int(flow["n_before"].iloc[0]), int(flow["n_after"].iloc[-1])
    out = [
        f"Of the {n0:,} responses received, {n1:,} ({nar.fmt_pct(n1 / n0 if n0 else float('nan'))}) "
        f"remained for analysis after {len(flow)} screens; {n0 - n1:,} were excluded."
    ]
    ex = flow[flow["n_excluded"] > 0]
    if not ex.empty:
        top = ex.sort_values("n_excluded", ascending=False).iloc[0]
        out.append(
            f"The screen that removed most respondents was “{_step_label(top['step']).lower()}” ({int(top['n_excluded']):,})."
        )
    if not fixes.empty:
        out.append(
            f"Before screening, {len(fixes):,} cell(s) were corrected (for example full-width digits or stray spaces); the corrections are counted in a table below and listed in the results folder."
        )
    return out


def _strongest_predictors(sem_est: pd.DataFrame, codebook) -> list[str]:
    """Exogenous constructs with a reliable path to a burnout scale, by largest |β|."""
    if sem_est.empty:
        return []
    burn = {s.name for s in codebook.scales if s.role == "burnout"}
    p = sem_est[(sem_est["op"] == "~") & sem_est["lhs"].isin(burn) & ~sem_est["rhs"].isin(burn)]
    p = p[[ci_excludes_zero(a, b) for a, b in zip(p["ci_low"], p["ci_high"], strict=False)]]
    if p.empty:
        return []
    p = p.assign(a=p["std_all"].abs()).sort_values("a", ascending=False)
    return list(dict.fromkeys(p["rhs"]))


def _abstract(
    config, codebook, n, fit_cfa, cfa_fit, sem_fit, hyp, strongest, sem_est, top, ci_level
) -> list[str]:
    out = []
    title = str(config.get("title", "")).rstrip(".")
    out.append(
        f"This study examined {title[:1].lower() + title[1:]} with a questionnaire of "
        f"{len(codebook.scales)} scales ({len(codebook.items)} items)"
        + (f" answered by {n:,} respondents who passed the data screens." if n else ".")
    )
    if fit_cfa:
        v = nar.judge_fit(cfa_fit)
        out.append(
            f"Confirmatory factor analysis showed {v or 'undetermined'} fit of the measurement model."
        )
    if not sem_fit.empty:
        v = nar.judge_fit(sem_fit)
        out.append(
            f"The structural equation model fitted the data {({'good': 'well', 'acceptable': 'acceptably', 'poor': 'poorly'}).get(v, 'to an undetermined degree')}."
        )
    if strongest:
        burn = [s.name for s in codebook.scales if s.role == "burnout"]
        rows = sem_est[
            (sem_est["op"] == "~") & (sem_est["rhs"] == strongest[0]) & sem_est["lhs"].isin(burn)
        ]
        r = rows.assign(a=rows["std_all"].abs()).sort_values("a", ascending=False).iloc[0]
        out.append(
            f"The strongest reliable predictor of burnout was {_label(codebook, strongest[0]).lower()} "
            f"(on {_label(codebook, r['lhs']).lower()}: β = {nar.fmt_bounded(r['std_all'])}, "
            f"{round(100 * ci_level)}% CI of B {nar.fmt_ci(r['ci_low'], r['ci_high'])})."
        )
    else:
        out.append("No stressor or resource had a reliable effect on burnout.")
    if not hyp.empty:
        out.append(nar.describe_hypotheses(hyp))
    if top:
        out.append(
            "The measures best supported by the estimates are to "
            + nar._join([str(t["title"])[:1].lower() + str(t["title"])[1:] for t in top[:3]])
            + "."
        )
    else:
        out.append(
            "None of the recommendations in the library is supported by a reliable effect in these data."
        )
    return out


def _discussion(codebook, sem_est, hyp, effects, diffs, strongest, ci_level) -> list[str]:
    out = []
    if strongest:
        labs = [_label(codebook, s).lower() for s in strongest]
        out.append(
            f"Among the demands and resources in the model, {nar._join(labs[:3])} "
            f"{'was' if len(labs[:3]) == 1 else 'were'} most closely tied to burnout. "
            "In the terms of the job demands–resources model, these are the levers that the estimates point to."
        )
    burn = {s.name for s in codebook.scales if s.role == "burnout"}
    res = {s.name for s in codebook.scales if s.role == "resource"}
    if not sem_est.empty:
        rp = sem_est[(sem_est["op"] == "~") & sem_est["rhs"].isin(res) & sem_est["lhs"].isin(burn)]
        rp = rp[[ci_excludes_zero(a, b) for a, b in zip(rp["ci_low"], rp["ci_high"], strict=False)]]
        neg = rp[rp["est"] < 0]
        if not neg.empty:
            out.append(
                "Resources were associated with lower burnout, as the job demands–resources "
                "model predicts: "
                + nar._join(
                    [
                        f"{_label(codebook, r).lower()} on {_label(codebook, lh).lower()} (β = {nar.fmt_bounded(b)})"
                        for r, lh, b in zip(neg["rhs"], neg["lhs"], neg["std_all"], strict=False)
                    ]
                )
                + "."
            )
        elif res:
            out.append(
                "No resource in the model had a reliable protective effect on burnout, contrary "
                "to the job demands–resources model's prediction that resources lower strain."
            )
        ee_dp = sem_est[
            (sem_est["op"] == "~") & sem_est["lhs"].isin(burn) & sem_est["rhs"].isin(burn)
        ]
        for _, r in ee_dp.iterrows():
            rel = ci_excludes_zero(r["ci_low"], r["ci_high"])
            out.append(
                f"{_label(codebook, r['rhs'])} {'was' if rel else 'was not reliably'} followed by "
                f"{'higher' if rel and r['est'] > 0 else 'lower' if rel else 'different'} scores on {_label(codebook, r['lhs']).lower()}"
                f" (β = {nar.fmt_bounded(r['std_all'])}), "
                + (
                    "in line with Maslach's sequential view of the burnout dimensions."
                    if rel and r["est"] > 0
                    else "which does not match Maslach's sequential view of the burnout dimensions."
                )
            )
    if not hyp.empty:
        n_sup = sum(nar._truthy(x) for x in hyp["supported"])
        out.append(f"Overall, {n_sup} of {len(hyp)} hypotheses held in these data.")
        for _, h in hyp.iterrows():
            if not nar._truthy(h["supported"]):
                why = (
                    "its confidence interval included zero"
                    if not ci_excludes_zero(h["ci_low"], h["ci_high"])
                    else "its estimate had the opposite sign"
                )
                out.append(
                    f"{h['id']} ({_arrow(h['path_or_effect'])}) was not supported: {why} "
                    f"(β = {nar.fmt_bounded(h['std_all'])}), so these data give no evidence "
                    "for it; they do not show that the effect is absent."
                )
    if not effects.empty:
        ind = effects[effects["kind"] == "indirect"]
        k = sum(ci_excludes_zero(a, b) for a, b in zip(ind["ci_low"], ind["ci_high"], strict=False))
        if len(ind):
            out.append(
                f"{k} of {len(ind)} indirect effects had a confidence interval excluding zero"
                + (
                    ", consistent with the mediating role the model gives to its intermediate "
                    "variables; with cross-sectional data this is compatible with mediation but "
                    "does not prove it."
                    if k
                    else ", so the data give no evidence of mediation."
                )
            )
    if diffs is not None and not diffs.empty:
        par = _parametric(diffs)
        pcol = "p_holm" if "p_holm" in par else "pvalue"
        sig = par[par[pcol].astype(float) < 0.05]
        if sig.empty:
            out.append(
                f"None of the {len(par)} parametric group comparisons remained significant after "
                "Holm's correction; burnout and the outcomes appeared similar across the groups "
                "compared."
            )
        else:
            sizes = [
                nar.size_label(e, str(n))
                for e, n in zip(sig["effect_size"], sig["effect_size_name"], strict=False)
            ]
            rank = {"negligible": 0, "small": 1, "medium": 2, "large": 3}
            largest = max(sizes, key=lambda z: rank.get(z, -1))
            out.append(
                f"{len(sig)} of {len(par)} parametric group comparisons remained significant "
                f"after Holm's correction; the largest of these effects was {largest or 'of unknown size'} "
                "by Cohen's (1988) benchmarks"
                + (
                    ", so group membership explains little of the variation in burnout."
                    if rank.get(largest, -1) <= 1
                    else ", so measures may need to be targeted at the groups concerned."
                )
            )
    return out


def _limitations(config, cmb, sem_fit, diag, n, prof) -> list[str]:
    out = []
    if config.get("simulated"):
        out.append(
            "The data are simulated for demonstration. The estimates show what the pipeline does; "
            "they say nothing about real officers, and no recommendation here should be acted on."
        )
    out.append(
        "The design is cross-sectional: the paths are consistent with the causal order the model "
        "assumes but cannot establish it; a longitudinal or cross-lagged design would be needed."
    )
    s = nar.describe_cmb(cmb)
    if s and "about as well" in s:
        out.append(
            "All constructs were measured by self-report in one questionnaire, and the one-factor test did not rule out common method variance."
        )
    else:
        out.append(
            "All constructs were measured by self-report in one questionnaire; although the one-factor test argued against a dominant method factor, that test is weak (Podsakoff et al., 2003)."
        )
    if nar.judge_fit(sem_fit) == "poor":
        out.append(
            "The structural model did not fit well, so its coefficients should be read with caution."
        )
    if diag is not None and not diag.empty and "severity" in diag:
        k = int(diag["severity"].isin(["warning", "error"]).sum())
        if k:
            out.append(
                f"Estimation raised {k} warning(s) (Appendix B), which qualify the affected estimates."
            )
    if prof is not None and not prof.empty:
        small = prof[prof["suppressed"].astype(bool)]
        if not small.empty:
            out.append(
                f"Some groups were very small ({len(small)} categor{'y' if len(small) == 1 else 'ies'} with fewer than {MIN_CELL} respondents), "
                "so comparisons involving them are uninformative and their statistics are suppressed."
            )
    out.append(
        "The sample was drawn from one setting and is not a probability sample of public-sector workers; "
        "the findings generalize to other regions and occupations only as far as those settings resemble it."
    )
    return out


def _recommendation_text(rows: list[dict], codebook) -> list[str]:
    sup = [r for r in rows if r["supported"]]
    if not rows:
        return ["No recommendation library was given in the study file (report.recommendations)."]
    out = [
        f"Of the {len(rows)} recommendations in the library, {len(sup)} {'is' if len(sup) == 1 else 'are'} supported by a reliable effect of the constructs they act on."
    ]
    if sup:
        t = sup[0]
        out.append(
            f"The best supported is “{t['title']}”: {t['basis']}, β = {nar.fmt_bounded(t['std_all'])}, "
            f"CI of B {nar.fmt_ci(t['ci_low'], t['ci_high'])}."
        )
    return out


# --------------------------------------------------------------------------- rendering


def render_html(context: Mapping[str, Any], template_dir: str | Path) -> str:
    """Render the report templates to one HTML string.

    Parameters
    ----------
    context : mapping
        From :func:`build_context`.
    template_dir : str or Path
        Folder with ``thesis.html.j2`` (the base layout), the chapter templates and
        ``thesis.css``.

    Returns
    -------
    str
        The HTML document (autoescaped; an undefined variable raises).
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    css = (Path(template_dir) / "thesis.css").read_text(encoding="utf-8")
    return env.get_template("thesis.html.j2").render(**context, css=css)


def make_report(
    tables: Mapping[str, pd.DataFrame],
    config: Mapping[str, Any],
    codebook,
    provenance: Mapping[str, Any],
    *,
    template_dir: str | Path,
    **kwargs: Any,
) -> str:
    """Build the context and render the HTML in one call (what the workflow script calls).

    Parameters
    ----------
    tables, config, codebook, provenance
        As for :func:`build_context`.
    template_dir : str or Path
        As for :func:`render_html`.
    **kwargs
        ``recommendations``, ``references``, ``seeds``, ``figures`` for :func:`build_context`.

    Returns
    -------
    str
        The HTML.
    """
    return render_html(build_context(tables, config, codebook, provenance, **kwargs), template_dir)


def _refuse(url: str) -> None:
    raise RemoteURLRefused(
        f"the report tried to load {url!r}; only local files (file:) may be fetched. "
        "Reference figures and styles by relative paths."
    )


try:  # pragma: no branch
    from weasyprint.urls import FatalURLFetchingError as _Fatal
    from weasyprint.urls import URLFetcher as _URLFetcher
except ImportError:  # pragma: no cover
    _Fatal, _URLFetcher = Exception, object


class RemoteURLRefused(_Fatal):
    """A non-local URL was requested while printing the report."""


class LocalOnlyFetcher(_URLFetcher):
    """A WeasyPrint URL fetcher that serves ``file:`` URLs and refuses everything else.

    Refusal raises :class:`RemoteURLRefused` (a fatal fetching error), so the print stops
    instead of silently leaving a resource out.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url, headers=None):  # noqa: D401
        if not str(url).lower().startswith("file:"):
            _refuse(url)
        return super().fetch(url, headers)


def local_url_fetcher(url: str):
    """Function form of :class:`LocalOnlyFetcher`: fetch ``url`` if it is a ``file:`` URL."""
    return LocalOnlyFetcher().fetch(url)


def html_to_pdf(html: str, base_url: str | Path, out_path: str | Path) -> None:
    """Print HTML to PDF with WeasyPrint, reproducibly and without network access.

    Parameters
    ----------
    html : str
        The rendered report; its ``dcterms.created``/``dcterms.modified`` meta tags set the
        PDF dates (the templates derive them from the data date).
    base_url : str or Path
        Folder that relative URLs (figures) are resolved against.
    out_path : str or Path
        The PDF to write.

    Notes
    -----
    The PDF identifier is the SHA-256 of the HTML, and ``SOURCE_DATE_EPOCH`` is pinned to the
    document's ``dcterms.created`` date while printing (fontTools stamps subset fonts with it),
    so identical HTML gives identical bytes.
    """
    import os
    import re

    import weasyprint

    base = Path(base_url).resolve()
    doc = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=LocalOnlyFetcher())
    ident = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set:
    # pin it to the document's own date for the duration of the print
    m = re.search(r'name="dcterms.created" content="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"', html)
    epoch = 0
    if m:
        epoch = int(
            datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
        )
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        doc.write_pdf(str(out_path), pdf_identifier=ident)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


# --------------------------------------------------------------------------- provenance


def sha256_file(path: str | Path) -> str:
    """SHA-256 hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return r.stdout.strip()


def collect_provenance(
    files: Mapping[str, str | Path],
    *,
    data_file: str | Path,
    seed: Any,
    repo_dir: str | Path = ".",
    packages: Sequence[str] = PACKAGES,
    source_date_epoch: str | None = None,
) -> dict:
    """Hashes, versions, git state and a data-derived date for the reproducibility appendix.

    Parameters
    ----------
    files : mapping
        Role (e.g. ``"raw data"``) -> path (as given, relative to the repository root).
    data_file : str or Path
        The raw data; its date is the report's date.
    seed : int
        The analysis seed.
    repo_dir : str or Path
        The repository root (for git).
    packages : sequence of str
        Distributions whose versions are listed.
    source_date_epoch : str, optional
        ``SOURCE_DATE_EPOCH`` (seconds), used when the data file has no git history.

    Returns
    -------
    dict
        ``files`` (list of ``role``, ``path``, ``sha256``), ``packages`` (``name``,
        ``version``), ``python``, ``git_commit``, ``git_state`` (``clean``, ``dirty`` or
        ``not a git repository``), ``seed``, ``data_date`` (YYYY-MM-DD),
        ``data_timestamp`` (ISO 8601, UTC), ``data_date_source``.

    Notes
    -----
    The date is the commit date of the last commit that touched the data file; failing that,
    ``SOURCE_DATE_EPOCH``; failing that, the file's modification time. Wall-clock time is never
    used. The tree counts as dirty when tracked files differ from the commit (untracked files,
    such as the outputs being produced, are ignored).
    """
    repo = Path(repo_dir)
    recs = []
    for role, p in files.items():
        pp = Path(p)
        if not pp.exists():
            raise ValueError(f"provenance: {role} file {str(p)!r} does not exist")
        recs.append({"role": role, "path": str(p), "sha256": sha256_file(pp)})
    vers = []
    for name in packages:
        try:
            vers.append({"name": name, "version": importlib_metadata.version(name)})
        except importlib_metadata.PackageNotFoundError:
            vers.append({"name": name, "version": "not installed"})
    vers.insert(0, {"name": "Python", "version": platform.python_version()})
    commit = _git(["rev-parse", "HEAD"], repo)
    if commit is None:
        state = "not a git repository"
    else:
        status = _git(["status", "--porcelain", "--untracked-files=no"], repo)
        state = "clean" if status == "" else "dirty"
    ts, src = None, ""
    rel = Path(data_file)
    iso = _git(["log", "-1", "--format=%cI", "--", str(rel)], repo)
    if iso:
        ts, src = datetime.fromisoformat(iso).astimezone(UTC), "git commit date of the data file"
    elif source_date_epoch:
        ts, src = datetime.fromtimestamp(int(source_date_epoch), UTC), "SOURCE_DATE_EPOCH"
    else:
        ts = datetime.fromtimestamp(int(Path(data_file).stat().st_mtime), UTC)
        src = "modification time of the data file"
    return {
        "files": recs,
        "packages": vers,
        "python": platform.python_version(),
        "git_commit": commit or "",
        "git_state": state,
        "seed": seed,
        "data_date": ts.strftime("%Y-%m-%d"),
        "data_timestamp": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_date_source": src,
    }
