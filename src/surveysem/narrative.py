"""Running text generated from the numbers: formatting rules and sentence builders.

Two kinds of functions live here.

* APA 7 number formatting (:func:`fmt_num`, :func:`fmt_bounded`, :func:`apa_p`, :func:`fmt_ci`,
  :func:`fmt_int`, :func:`stars`). These are the *only* place numbers are turned into text: the
  report registers them as Jinja filters, and the sentence builders below use the same functions,
  so a number reads the same in a table and in the prose. Nothing upstream is rounded.
* Sentence builders (``describe_*``). Each takes result tables and returns plain sentences whose
  claims (direction, size, whether a confidence interval excludes zero, which hypotheses hold)
  are decided from the numbers, never typed.

Size conventions (stated in the report's method chapter): standardized coefficients and
correlations are read with Cohen's (1988) benchmarks for r (|r| < .10 negligible, .10 small,
.30 medium, .50 large); eta squared .01/.06/.14; Cohen's d .20/.50/.80. Model fit is judged
against Hu and Bentler (1999) (CFI and TLI >= .95, RMSEA <= .06, SRMR <= .08 good) and the
looser acceptable bounds of Browne and Cudeck (1993) and Marsh et al. (2004) (CFI and TLI >= .90,
RMSEA <= .08, SRMR <= .10).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

MINUS = "\u2212"
DASH = "\u2014"

# --------------------------------------------------------------------------- formatting


def _isnum(x: Any) -> bool:
    if x is None or isinstance(x, bool):
        return False
    try:
        return not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def fmt_num(x: Any, digits: int = 2) -> str:
    """Format a number with ``digits`` decimals and a typographic minus.

    Missing values (None, NaN, non-numbers) become an em dash. ``-0.00`` prints as ``0.00``.
    """
    if not _isnum(x):
        return DASH
    s = f"{float(x):.{digits}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return s.replace("-", MINUS)


def fmt_bounded(x: Any, digits: int = 2) -> str:
    """Format a value that cannot exceed 1 in absolute value without the leading zero (APA 7).

    Used for correlations, standardized coefficients, alpha, omega, CFI, TLI, RMSEA, SRMR and
    loadings: ``0.325`` -> ``.33``, ``-0.05`` -> ``−.05``. Values outside [-1, 1] (a Heywood
    case) keep their leading digit so they are not misread.
    """
    s = fmt_num(x, digits)
    if s == DASH:
        return s
    if s.startswith("0."):
        return s[1:]
    if s.startswith(MINUS + "0."):
        return MINUS + s[2:]
    return s


def apa_p(p: Any) -> str:
    """Format a p value as APA 7 does: three decimals, no leading zero, ``< .001`` below .001.

    Returns the text *including* the relation, e.g. ``"= .032"`` or ``"< .001"``, so that a
    sentence reads ``p {{ p|apa_p }}``. Use :func:`apa_p_cell` inside tables.
    """
    if not _isnum(p):
        return DASH
    p = float(p)
    if p < 0.001:
        return "< .001"
    if p > 0.999:
        return "> .999"
    return "= " + fmt_bounded(p, 3)


def apa_p_cell(p: Any) -> str:
    """A p value for a table cell: ``.032``, ``< .001``, ``> .999``."""
    s = apa_p(p)
    return s[2:] if s.startswith("= ") else s


def fmt_ci(low: Any, high: Any, digits: int = 2, bounded: bool = False) -> str:
    """A confidence interval in APA brackets: ``[0.12, 0.40]`` (``[.12, .40]`` if bounded)."""
    f = fmt_bounded if bounded else fmt_num
    return f"[{f(low, digits)}, {f(high, digits)}]"


def fmt_int(x: Any) -> str:
    """An integer with thousands separators; em dash when missing."""
    if not _isnum(x):
        return DASH
    return f"{round(float(x)):,}"


def fmt_pct(x: Any, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``0.256`` -> ``25.6%``."""
    if not _isnum(x):
        return DASH
    return fmt_num(100 * float(x), digits) + "%"


def stars(p: Any) -> str:
    """Significance stars: ``*`` p < .05, ``**`` p < .01, ``***`` p < .001."""
    if not _isnum(p):
        return ""
    p = float(p)
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


# --------------------------------------------------------------------------- conventions

R_BENCHMARKS = ((0.5, "large"), (0.3, "medium"), (0.1, "small"))
ES_BENCHMARKS: dict[str, tuple[tuple[float, str], ...]] = {
    "eta_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "partial_eta_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "epsilon_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "omega_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "cohens_d": ((0.8, "large"), (0.5, "medium"), (0.2, "small")),
    "hedges_g": ((0.8, "large"), (0.5, "medium"), (0.2, "small")),
    "r": R_BENCHMARKS,
    "rank_biserial": R_BENCHMARKS,
    "cramers_v": R_BENCHMARKS,
}
ES_SYMBOL = {
    "eta_squared": "η²",
    "partial_eta_squared": "η²p",
    "epsilon_squared": "ε²",
    "omega_squared": "ω²",
    "cohens_d": "d",
    "hedges_g": "g",
    "r": "r",
    "rank_biserial": "r_rb",
    "cramers_v": "V",
}


def size_label(value: Any, kind: str = "r") -> str:
    """Verbal size of an effect by a stated convention.

    Parameters
    ----------
    value : float
        The effect size (sign ignored).
    kind : str
        ``"r"`` for correlations and standardized coefficients (Cohen, 1988: .10 small, .30
        medium, .50 large) or an ``effect_size_name`` from ``groups/differences.csv``.

    Returns
    -------
    str
        ``"negligible"``, ``"small"``, ``"medium"``, ``"large"``, or ``""`` when the value is
        missing or the convention for ``kind`` is unknown.
    """
    if not _isnum(value):
        return ""
    bench = ES_BENCHMARKS.get(str(kind).lower())
    if bench is None:
        return ""
    v = abs(float(value))
    for cut, label in bench:
        if v >= cut:
            return label
    return "negligible"


def ci_excludes_zero(low: Any, high: Any) -> bool:
    """True when both bounds are numbers on the same side of zero."""
    return _isnum(low) and _isnum(high) and (float(low) > 0 or float(high) < 0)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _label(codebook: Any, name: str) -> str:
    try:
        return codebook.scale(name).label
    except (ValueError, AttributeError):
        return name


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return f"{words[0]} and {words[1]}"
    return ", ".join(words[:-1]) + f", and {words[-1]}"


def _fit_dict(fit: pd.DataFrame) -> dict[str, float]:
    if fit is None or fit.empty:
        return {}
    out = {}
    for idx, val in zip(fit["index"], fit["value"], strict=False):
        try:
            out[str(idx)] = float(val)
        except (TypeError, ValueError):
            continue
    return out


# --------------------------------------------------------------------------- sentences


def judge_fit(fit: pd.DataFrame) -> str:
    """Classify model fit as ``"good"``, ``"acceptable"`` or ``"poor"``.

    Notes
    -----
    Good when CFI >= .95, TLI >= .95, RMSEA <= .06 and SRMR <= .08 (Hu & Bentler, 1999);
    acceptable when CFI >= .90, TLI >= .90, RMSEA <= .08 and SRMR <= .10 (Browne & Cudeck,
    1993; Marsh, Hau, & Wen, 2004); poor otherwise. Robust indices are used when present
    (MLR). Returns ``""`` when an index is missing.
    """
    f = _fit_dict(fit)
    cfi = f.get("cfi_robust", f.get("cfi"))
    tli = f.get("tli_robust", f.get("tli"))
    rmsea = f.get("rmsea_robust", f.get("rmsea"))
    srmr = f.get("srmr")
    if not all(_isnum(v) for v in (cfi, tli, rmsea, srmr)):
        return ""
    if cfi >= 0.95 and tli >= 0.95 and rmsea <= 0.06 and srmr <= 0.08:
        return "good"
    if cfi >= 0.90 and tli >= 0.90 and rmsea <= 0.08 and srmr <= 0.10:
        return "acceptable"
    return "poor"


def fit_statistics(fit: pd.DataFrame) -> str:
    """The fit indices in one APA parenthetical: χ²(df) = ..., p ..., CFI = ..., and so on."""
    f = _fit_dict(fit)
    if not f:
        return ""
    robust = "cfi_robust" in f
    parts = []
    chisq = f.get("chisq_scaled", f.get("chisq")) if robust else f.get("chisq")
    if _isnum(chisq) and _isnum(f.get("df")):
        parts.append(f"χ²({fmt_int(f['df'])}) = {fmt_num(chisq, 2)}, p {apa_p(f.get('pvalue'))}")
    for key, lab in (("cfi", "CFI"), ("tli", "TLI")):
        v = f.get(f"{key}_robust", f.get(key))
        if _isnum(v):
            parts.append(f"{lab} = {fmt_bounded(v, 3)}")
    rm = f.get("rmsea_robust", f.get("rmsea"))
    if _isnum(rm):
        s = f"RMSEA = {fmt_bounded(rm, 3)}"
        if not robust and _isnum(f.get("rmsea_ci_low")):
            s += f", 90% CI {fmt_ci(f['rmsea_ci_low'], f['rmsea_ci_high'], 3, True)}"
        parts.append(s)
    if _isnum(f.get("srmr")):
        parts.append(f"SRMR = {fmt_bounded(f['srmr'], 3)}")
    return ", ".join(parts)


def describe_fit(fit: pd.DataFrame, model: str = "The model") -> str:
    """One sentence on model fit with the verdict of :func:`judge_fit` and the indices.

    Parameters
    ----------
    fit : DataFrame
        ``index``, ``value`` (``cfa/fit.csv`` or ``sem/fit.csv``).
    model : str
        Subject of the sentence, e.g. ``"The measurement model"``.

    Returns
    -------
    str
    """
    verdict = judge_fit(fit)
    stats = fit_statistics(fit)
    if not stats:
        return f"{model} could not be evaluated: no fit indices were produced."
    if not verdict:
        return f"{model} yielded {stats}."
    words = {
        "good": "fitted the data well",
        "acceptable": "fitted the data acceptably",
        "poor": "did not fit the data well",
    }
    return f"{model} {words[verdict]} ({stats})."


def describe_path(row: Mapping[str, Any], codebook: Any = None, ci_level: float = 0.95) -> str:
    """One sentence on a regression path (a ``~`` row of ``sem/estimates.csv``).

    The sentence states direction, size by Cohen's (1988) benchmarks for the standardized
    coefficient, the unstandardized estimate with its CI, and whether the CI excludes zero.
    """
    dv, iv = str(row["lhs"]), str(row["rhs"])
    beta, est = row.get("std_all"), row.get("est")
    lo, hi = row.get("ci_low"), row.get("ci_high")
    reliable = ci_excludes_zero(lo, hi)
    lev = f"{round(100 * ci_level)}%"
    size = size_label(beta)
    direction = "positive" if _isnum(beta) and float(beta) > 0 else "negative"
    stats = (
        f"β = {fmt_bounded(beta)}, B = {fmt_num(est)}, {lev} CI {fmt_ci(lo, hi)}, "
        f"p {apa_p(row.get('pvalue'))}"
    )
    src, dst = _label(codebook, iv), _label(codebook, dv).lower()
    if reliable:
        return f"{src} had {_article(size)} {size} {direction} effect on {dst} ({stats})."
    return (
        f"{src} had no reliable effect on {dst}: the {lev} confidence interval includes "
        f"zero ({stats})."
    )


def describe_hypothesis(row: Mapping[str, Any], ci_level: float = 0.95) -> str:
    """One sentence with the verdict on one hypothesis (a row of ``sem/hypotheses.csv``).

    Notes
    -----
    A hypothesis counts as supported when ``supported`` is true in the table (the SEM stage
    judges it: the CI excludes zero and the estimate has the expected sign). The sentence gives
    the reason when it is not: the wrong sign, or a CI that includes zero.
    """
    hid = str(row.get("id", ""))
    supported = _truthy(row.get("supported"))
    lev = f"{round(100 * ci_level)}%"
    est, beta = row.get("est"), row.get("std_all")
    lo, hi = row.get("ci_low"), row.get("ci_high")
    stats = f"β = {fmt_bounded(beta)}, B = {fmt_num(est)}, {lev} CI {fmt_ci(lo, hi)}"
    if _isnum(row.get("pvalue")):
        stats += f", p {apa_p(row.get('pvalue'))}"
    what = str(row.get("path_or_effect", ""))
    if supported:
        return f"{hid} ({what}) was supported ({stats})."
    sign = str(row.get("expected_sign", ""))
    if not ci_excludes_zero(lo, hi):
        why = "the confidence interval includes zero"
    elif _isnum(est) and ((float(est) > 0) != (sign == "+")):
        why = "the estimate has the opposite sign to the one expected"
    else:
        why = "the estimate did not meet the criterion"
    return f"{hid} ({what}) was not supported: {why} ({stats})."


def _truthy(x: Any) -> bool:
    if isinstance(x, str):
        return x.strip().lower() in ("true", "1", "yes")
    if _isnum(x):
        return bool(float(x))
    return bool(x) if isinstance(x, bool) else False


def describe_hypotheses(hyp: pd.DataFrame) -> str:
    """A summary sentence: how many hypotheses were supported and which."""
    if hyp is None or hyp.empty:
        return "No hypotheses were specified in the study file."
    sup = [str(r["id"]) for _, r in hyp.iterrows() if _truthy(r["supported"])]
    nsup = [str(r["id"]) for _, r in hyp.iterrows() if not _truthy(r["supported"])]
    n = len(hyp)
    if not sup:
        return f"None of the {n} hypotheses was supported ({_join(nsup)})."
    if not nsup:
        return f"All {n} hypotheses were supported ({_join(sup)})."
    return (
        f"Of the {n} hypotheses, {len(sup)} {'was' if len(sup) == 1 else 'were'} supported "
        f"({_join(sup)}) and {len(nsup)} {'was' if len(nsup) == 1 else 'were'} not "
        f"({_join(nsup)})."
    )


def describe_predictors(
    estimates: pd.DataFrame, outcome: str, codebook: Any = None, ci_level: float = 0.95
) -> str:
    """A sentence ranking the reliable predictors of one endogenous variable by |β|."""
    if estimates is None or estimates.empty:
        return ""
    paths = estimates[(estimates["op"] == "~") & (estimates["lhs"] == outcome)]
    if paths.empty:
        return ""
    rel = paths[
        [ci_excludes_zero(a, b) for a, b in zip(paths["ci_low"], paths["ci_high"], strict=False)]
    ]
    rel = rel.reindex(rel["std_all"].abs().sort_values(ascending=False).index)
    name = _label(codebook, outcome).lower()
    nonrel = [_label(codebook, r).lower() for r in paths["rhs"] if r not in set(rel["rhs"])]
    if rel.empty:
        return f"None of the {len(paths)} predictors of {name} had a reliable effect."
    parts = [
        f"{_label(codebook, r['rhs']).lower()} (β = {fmt_bounded(r['std_all'])})"
        for _, r in rel.iterrows()
    ]
    s = f"The reliable predictors of {name}, strongest first, were {_join(parts)}"
    if nonrel:
        s += f"; {_join(nonrel)} had no reliable effect"
    return s + "."


def describe_item_treatment(data: pd.DataFrame, codebook, estimator: str) -> str:
    """How the Likert items were treated, from the number of answer categories observed.

    Notes
    -----
    With five or more ordered categories, treating items as continuous under (robust) ML gives
    little bias; with fewer, categorical estimators (polychoric correlations, WLSMV) are
    preferable (Rhemtulla, Brosseau-Liard & Savalei, 2012).
    """
    counts = {}
    for sc in codebook.scales:
        items = [i for i in sc.items if i in data.columns]
        if not items:
            continue
        vals = pd.to_numeric(data[items].stack(), errors="coerce").dropna()
        counts[sc.name] = int(vals.nunique())
    if not counts:
        return ""
    lo, hi = min(counts.values()), max(counts.values())
    span = f"{lo}" if lo == hi else f"{lo} to {hi}"
    est = "maximum likelihood" if estimator == "ML" else "robust maximum likelihood (MLR)"
    few = sorted(k for k, v in counts.items() if v < 5)
    text = (
        f"The items were answered on ordered scales with {span} observed answer categories and "
        f"were treated as continuous, estimated by {est}; with five or more categories this "
        "introduces little bias (Rhemtulla, Brosseau-Liard, & Savalei, 2012)."
    )
    if few:
        text += (
            f" The scale(s) {', '.join(few)} have fewer than five categories, for which "
            "categorical estimation (polychoric correlations, WLSMV) would be preferable; the "
            "pipeline does not offer it yet, so their estimates should be read with care."
        )
    return text


def describe_reliability(scales: pd.DataFrame) -> list[str]:
    """Sentences on internal consistency and convergent validity.

    Notes
    -----
    Criteria: Cronbach's alpha and composite reliability >= .70 (Nunnally, 1978; Hair et al.,
    2019); average variance extracted >= .50 (Fornell & Larcker, 1981).
    """
    if scales is None or scales.empty:
        return []
    out = []
    a = scales["alpha"].astype(float)
    low = scales.loc[a < 0.70, "scale"].tolist()
    s = f"Cronbach's alpha ranged from {fmt_bounded(a.min())} to {fmt_bounded(a.max())}"
    if low:
        s += f"; {_join(low)} fell below the conventional .70"
    else:
        s += ", all at or above the conventional .70"
    out.append(s + ".")
    if "cr" in scales and "ave" in scales:
        cr = scales["cr"].astype(float)
        ave = scales["ave"].astype(float)
        lo_cr = scales.loc[cr < 0.70, "scale"].tolist()
        lo_ave = scales.loc[ave < 0.50, "scale"].tolist()
        s = (
            f"Composite reliability ranged from {fmt_bounded(cr.min())} to "
            f"{fmt_bounded(cr.max())} and the average variance extracted from "
            f"{fmt_bounded(ave.min())} to {fmt_bounded(ave.max())}"
        )
        if not lo_cr and not lo_ave:
            s += "; every scale met both criteria (CR ≥ .70, AVE ≥ .50)"
        else:
            probs = []
            if lo_cr:
                probs.append(f"CR below .70 for {_join(lo_cr)}")
            if lo_ave:
                probs.append(f"AVE below .50 for {_join(lo_ave)}")
            s += "; " + " and ".join(probs)
        out.append(s + ".")
    return out


def describe_htmt(htmt: pd.DataFrame, threshold: float = 0.85) -> str:
    """One sentence on discriminant validity from an HTMT matrix or long table.

    Notes
    -----
    Henseler, Ringle and Sarstedt (2015): HTMT below .85 supports discriminant validity.
    Accepts a long table with a numeric column named ``htmt`` or ``value`` and two name
    columns, or a square matrix whose first column holds row names.
    """
    pairs = htmt_pairs(htmt)
    if not pairs:
        return ""
    worst = max(pairs, key=lambda t: abs(t[2]))
    above = [f"{a}–{b}" for a, b, v in pairs if abs(v) >= threshold]
    s = f"The largest heterotrait–monotrait ratio was {fmt_bounded(worst[2])} ({worst[0]}–{worst[1]})"
    if above:
        return (
            s
            + f"; {len(above)} pair(s) reached .85 ({_join(above)}), so discriminant validity is in doubt for them."
        )
    return (
        s
        + ", below .85 for every pair, which supports discriminant validity (Henseler et al., 2015)."
    )


def htmt_pairs(htmt: pd.DataFrame) -> list[tuple[str, str, float]]:
    """Scale pairs and HTMT values from a long or square HTMT table."""
    if htmt is None or htmt.empty:
        return []
    cols = list(htmt.columns)
    valcol = next((c for c in ("htmt", "value") if c in cols), None)
    pairs: list[tuple[str, str, float]] = []
    if valcol is not None:
        names = [c for c in cols if c != valcol and not pd.api.types.is_numeric_dtype(htmt[c])][:2]
        if len(names) == 2:
            for _, r in htmt.iterrows():
                if _isnum(r[valcol]) and r[names[0]] != r[names[1]]:
                    pairs.append((str(r[names[0]]), str(r[names[1]]), float(r[valcol])))
            return pairs
    first = cols[0]
    rows = [str(x) for x in htmt[first]]
    for i, rn in enumerate(rows):
        for cn in cols[1:]:
            if cn == rn or str(cn) not in rows or rows.index(str(cn)) >= i:
                continue
            v = htmt.iloc[i][cn]
            if _isnum(v):
                pairs.append((str(cn), rn, float(v)))
    return pairs


def describe_cmb(cmb: pd.DataFrame) -> str:
    """A sentence on common method bias from the one-factor vs measurement-model comparison.

    Notes
    -----
    Harman's single-factor test in its CFA form (Podsakoff, MacKenzie, Lee, & Podsakoff, 2003):
    if one common factor fitted about as well as the hypothesized measurement model, method
    variance could explain the covariation. The one-factor model is taken to fit *worse* when
    the chi-square difference test is significant (p < .05) and its CFI is lower.
    """
    if cmb is None or cmb.empty or "model" not in cmb:
        return ""
    one = cmb[cmb["model"].astype(str).str.contains("one|single|harman", case=False)]
    meas = cmb[~cmb.index.isin(one.index)]
    if one.empty or meas.empty:
        return ""
    o, m = one.iloc[0], meas.iloc[0]
    dp = o.get("delta_pvalue") if _isnum(o.get("delta_pvalue")) else m.get("delta_pvalue")
    dc = o.get("delta_chisq") if _isnum(o.get("delta_chisq")) else m.get("delta_chisq")
    ddf = o.get("delta_df") if _isnum(o.get("delta_df")) else m.get("delta_df")
    worse = _isnum(dp) and float(dp) < 0.05 and float(o["cfi"]) < float(m["cfi"])
    stats = (
        f"one factor: CFI = {fmt_bounded(o['cfi'], 3)}, RMSEA = {fmt_bounded(o['rmsea'], 3)}; "
        f"measurement model: CFI = {fmt_bounded(m['cfi'], 3)}, RMSEA = {fmt_bounded(m['rmsea'], 3)}; "
        f"Δχ²({fmt_int(ddf)}) = {fmt_num(dc)}, p {apa_p(dp)}"
    )
    if worse:
        return (
            "A single common factor fitted the data much worse than the measurement model "
            f"({stats}), so common method variance is unlikely to account for the relations "
            "among the constructs (Podsakoff et al., 2003)."
        )
    return (
        "A single common factor fitted the data about as well as the measurement model "
        f"({stats}); common method variance may inflate the relations reported below "
        "(Podsakoff et al., 2003)."
    )


def describe_effects(
    effects: pd.DataFrame, codebook: Any = None, ci_level: float = 0.95, kind: str = "indirect"
) -> list[str]:
    """Sentences on the indirect (mediated) effects whose bootstrap CI excludes zero.

    Returns one sentence per reliable effect of ``kind`` (strongest |β| first) and a closing
    sentence counting the effects whose CI includes zero.
    """
    if effects is None or effects.empty:
        return []
    sub = effects[effects["kind"] == kind]
    if sub.empty:
        return []
    lev = f"{round(100 * ci_level)}%"
    rel = sub[[ci_excludes_zero(a, b) for a, b in zip(sub["ci_low"], sub["ci_high"], strict=False)]]
    rel = rel.reindex(rel["std_all"].abs().sort_values(ascending=False).index)
    out = []
    for _, r in rel.iterrows():
        chain = [s.strip() for s in str(r["effect"]).split("->")]
        via = _join([_label(codebook, c).lower() for c in chain[1:-1]])
        d = "positive" if float(r["est"]) > 0 else "negative"
        out.append(
            f"{_label(codebook, chain[0])} had a {d} {kind} effect on "
            f"{_label(codebook, chain[-1]).lower()}"
            + (f" through {via}" if via else "")
            + f" (β = {fmt_bounded(r['std_all'])}, B = {fmt_num(r['est'])}, {lev} CI "
            f"{fmt_ci(r['ci_low'], r['ci_high'])})."
        )
    n_none = len(sub) - len(rel)
    if n_none:
        out.append(
            f"For {n_none} of the {len(sub)} {kind} effects the {lev} confidence interval "
            "included zero."
        )
    elif not out:
        out.append(f"No {kind} effects were estimated.")
    return out


def describe_groups(differences: pd.DataFrame, codebook: Any = None) -> list[str]:
    """Sentences on group differences: which survive Holm's correction, and their size.

    Notes
    -----
    A difference is called reliable when the Holm-adjusted p (Holm, 1979) is below .05; its
    size is read with the benchmarks for its effect-size measure (see :func:`size_label`).
    """
    if differences is None or differences.empty:
        return []
    out = []
    pcol = "p_holm" if "p_holm" in differences else "pvalue"
    sig = differences[differences[pcol].astype(float) < 0.05]
    for _, r in sig.iterrows():
        name = str(r.get("effect_size_name", ""))
        sym = ES_SYMBOL.get(name.lower(), name)
        size = size_label(r.get("effect_size"), name)
        es = f"{sym} = {fmt_num(r['effect_size'])}" if _isnum(r.get("effect_size")) else ""
        out.append(
            f"{_label(codebook, str(r['outcome']))} differed by {r['group_var']} "
            f"({r['test']}, p(Holm) {apa_p(r[pcol])}"
            + (f", {es}" if es else "")
            + ")"
            + (f", {_article(size)} {size} difference." if size else ".")
        )
    n_ns = len(differences) - len(sig)
    if not out:
        out.append(
            f"None of the {len(differences)} group comparisons was significant after Holm's "
            "correction."
        )
    elif n_ns:
        out.append(
            f"The remaining {n_ns} comparison(s) were not significant after Holm's correction."
        )
    return out


def describe_correlations(corr: pd.DataFrame, codebook: Any = None) -> str:
    """A sentence naming the strongest correlation between two scale scores."""
    if corr is None or corr.empty or len(corr) < 2:
        return ""
    best = (None, None, 0.0)
    names = list(corr.columns)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            v = corr.loc[a, b]
            if _isnum(v) and abs(v) > abs(best[2]):
                best = (a, b, float(v))
    if best[0] is None:
        return ""
    size = size_label(best[2])
    return (
        f"The strongest correlation was between {_label(codebook, best[0]).lower()} and "
        f"{_label(codebook, best[1]).lower()} (r = {fmt_bounded(best[2])}, {size} by Cohen's "
        "1988 benchmarks)."
    )
