"""Scale scores, their descriptive statistics and their correlations: computed once.

Every part of the pipeline that needs a respondent's score on a scale (group comparisons,
composites in the structural model, the descriptive tables and figures) takes it from
:func:`scale_scores`, with one rule for missing items.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

SCORE_DESCRIPTIVE_COLUMNS = [
    "scale",
    "n",
    "mean",
    "sd",
    "min",
    "max",
    "skew",
    "kurtosis",
    "scale_min",
    "scale_max",
    "midpoint",
    "share_above_midpoint",
    "t_midpoint",
    "df_midpoint",
    "p_midpoint",
    "d_midpoint",
]
CORRELATION_COLUMNS = ["scale_a", "scale_b", "r", "n", "pvalue", "ci_low", "ci_high"]


def scale_scores(data: pd.DataFrame, codebook, min_share: float = 0.5) -> pd.DataFrame:
    """Mean item score per respondent and scale.

    Parameters
    ----------
    data : DataFrame
        One row per respondent with the scale items, already reverse-scored.
    codebook : Codebook
    min_share : float
        Smallest share of a scale's items that must be answered for a score; with fewer
        answered items the score is missing. The workflow passes
        ``1 - cleaning.max_missing_share``.

    Returns
    -------
    DataFrame
        Same index as ``data``; one column per codebook scale (named by the scale), holding the
        mean of the respondent's answered items of that scale, or NaN when fewer than
        ``min_share`` of the items are answered.

    Raises
    ------
    ValueError
        When an item is missing from the data or ``min_share`` is outside (0, 1].

    Notes
    -----
    Person-mean scoring of the available items ("prorating"), the usual treatment of sporadic
    item nonresponse in multi-item scales (Schafer & Graham, 2002). With complete data it is
    the plain item mean.
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must lie in (0, 1], got {min_share!r}")
    out = {}
    for s in codebook.scales:
        missing = [i for i in s.items if i not in data.columns]
        if missing:
            raise ValueError(
                f"scale {s.name}: item column(s) {', '.join(missing)} not found in the data; "
                "check the codebook's `items` against the data file"
            )
        items = data[list(s.items)].apply(pd.to_numeric, errors="coerce")
        answered = items.notna().sum(axis=1)
        mean = items.mean(axis=1, skipna=True)
        out[s.name] = mean.where(answered >= min_share * len(s.items) - 1e-12)
    return pd.DataFrame(out, index=data.index)


def score_descriptives(scores: pd.DataFrame, codebook) -> pd.DataFrame:
    """Level of each scale: distribution and a one-sample test against the scale midpoint.

    Parameters
    ----------
    scores : DataFrame
        From :func:`scale_scores`.
    codebook : Codebook

    Returns
    -------
    DataFrame
        One row per scale: ``scale``, ``n``, ``mean``, ``sd`` (n - 1), ``min``, ``max``,
        ``skew`` (adjusted Fisher-Pearson, as SPSS), ``kurtosis`` (excess, as SPSS),
        ``scale_min``, ``scale_max`` (the answer range), ``midpoint``,
        ``share_above_midpoint`` (share of respondents whose score exceeds the midpoint),
        ``t_midpoint``, ``df_midpoint``, ``p_midpoint`` (two-sided one-sample t test of the
        mean against the midpoint), ``d_midpoint`` (Cohen's d: (mean - midpoint) / sd).

    Notes
    -----
    t = (M - m0) / (SD / sqrt(n)) with n - 1 df (Student, 1908); skewness and kurtosis with the
    small-sample corrections of Joanes & Gill (1998, G1 and G2).
    """
    rows = []
    for s in codebook.scales:
        x = scores[s.name].dropna().to_numpy(dtype=float)
        n = len(x)
        mid = (s.low + s.high) / 2
        mean = float(x.mean()) if n else np.nan
        sd = float(x.std(ddof=1)) if n > 1 else np.nan
        t = (mean - mid) / (sd / np.sqrt(n)) if n > 1 and sd > 0 else np.nan
        rows.append(
            {
                "scale": s.name,
                "n": n,
                "mean": mean,
                "sd": sd,
                "min": float(x.min()) if n else np.nan,
                "max": float(x.max()) if n else np.nan,
                "skew": float(stats.skew(x, bias=False)) if n > 2 else np.nan,
                "kurtosis": float(stats.kurtosis(x, bias=False)) if n > 3 else np.nan,
                "scale_min": s.low,
                "scale_max": s.high,
                "midpoint": mid,
                "share_above_midpoint": float((x > mid).mean()) if n else np.nan,
                "t_midpoint": t,
                "df_midpoint": n - 1,
                "p_midpoint": float(2 * stats.t.sf(abs(t), n - 1)) if np.isfinite(t) else np.nan,
                "d_midpoint": (mean - mid) / sd if n > 1 and sd > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=SCORE_DESCRIPTIVE_COLUMNS)


def score_correlations(scores: pd.DataFrame, ci_level: float = 0.95) -> pd.DataFrame:
    """Pearson correlations between the scale scores (pairwise complete), long form.

    Parameters
    ----------
    scores : DataFrame
        From :func:`scale_scores`.
    ci_level : float
        Level of the confidence interval.

    Returns
    -------
    DataFrame
        One row per pair (a, b) with a before b in codebook order: ``scale_a``, ``scale_b``,
        ``r``, ``n`` (pairwise complete respondents), ``pvalue`` (two-sided, t test with n - 2
        df), ``ci_low``, ``ci_high`` (Fisher z interval).

    Notes
    -----
    t = r sqrt((n - 2) / (1 - r²)); CI tanh(atanh(r) ± z_(1-α/2) / sqrt(n - 3)) (Fisher, 1921),
    as R's ``cor.test``.
    """
    names = list(scores.columns)
    zc = stats.norm.ppf(0.5 + ci_level / 2)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            pair = scores[[a, b]].dropna()
            n = len(pair)
            r = float(np.corrcoef(pair[a], pair[b])[0, 1]) if n > 2 else np.nan
            if n > 3 and abs(r) < 1:
                t = r * np.sqrt((n - 2) / (1 - r * r))
                p = float(2 * stats.t.sf(abs(t), n - 2))
                z = np.arctanh(r)
                lo, hi = np.tanh(z - zc / np.sqrt(n - 3)), np.tanh(z + zc / np.sqrt(n - 3))
            else:
                p, lo, hi = np.nan, np.nan, np.nan
            rows.append(
                {
                    "scale_a": a,
                    "scale_b": b,
                    "r": r,
                    "n": n,
                    "pvalue": p,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
    return pd.DataFrame(rows, columns=CORRELATION_COLUMNS)


SAMPLE_COLUMNS = ["variable", "level", "n", "share", "mean", "sd", "suppressed"]


def sample_profile(data: pd.DataFrame, codebook, min_cell: int = 5) -> pd.DataFrame:
    """Frequencies of the categorical and ordinal demographics, M and SD of the numeric ones.

    Parameters
    ----------
    data : DataFrame
        The analysed respondents (``results/clean/data.csv``).
    codebook : Codebook
    min_cell : int
        Counts below this (but above zero) are flagged for suppression.

    Returns
    -------
    DataFrame
        ``variable`` (the demographic's name), ``level`` (the level's label; ``missing`` for
        unanswered; empty for a numeric variable), ``n``, ``share`` (of the answered, NaN for
        ``missing`` and numeric rows), ``mean``, ``sd`` (n - 1; numeric variables only),
        ``suppressed`` (0 < n < ``min_cell``).
    """
    rows = []
    for d in codebook.demographics:
        if d.name not in data.columns:
            continue
        x = pd.to_numeric(data[d.name], errors="coerce")
        if not d.levels:
            rows.append(
                {"variable": d.name, "level": "", "n": int(x.notna().sum()), "share": np.nan,
                 "mean": x.mean(), "sd": x.std(), "suppressed": False}
            )  # fmt: skip
            continue
        total = int(x.notna().sum())
        for code, lab in d.levels.items():
            k = int((x == code).sum())
            rows.append(
                {"variable": d.name, "level": lab, "n": k, "share": k / total if total else np.nan,
                 "mean": np.nan, "sd": np.nan, "suppressed": 0 < k < min_cell}
            )  # fmt: skip
        miss = int(x.isna().sum())
        if miss:
            rows.append(
                {"variable": d.name, "level": "missing", "n": miss, "share": np.nan,
                 "mean": np.nan, "sd": np.nan, "suppressed": miss < min_cell}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=SAMPLE_COLUMNS)


@dataclass(frozen=True)
class ScoreTables:
    """The tables of :func:`describe_scores` (see the functions above for their columns)."""

    scores: pd.DataFrame
    descriptives: pd.DataFrame
    correlations: pd.DataFrame
    sample: pd.DataFrame


def describe_scores(
    data: pd.DataFrame,
    codebook,
    *,
    min_share: float = 0.5,
    ci_level: float = 0.95,
    id_column: str | None = None,
) -> ScoreTables:
    """Every scale score and the tables describing the scores and the sample.

    Parameters
    ----------
    data : DataFrame
        The analysed respondents (``results/clean/data.csv``).
    codebook : Codebook
    min_share : float
        See :func:`scale_scores`.
    ci_level : float
        Level of the correlations' confidence intervals.
    id_column : str, optional
        The respondent id column, kept in ``scores`` (default: ``id`` when present).

    Returns
    -------
    ScoreTables
        ``scores`` (the id column, then one column per scale), ``descriptives``
        (:func:`score_descriptives`), ``correlations`` (:func:`score_correlations`),
        ``sample`` (:func:`sample_profile`).
    """
    sc = scale_scores(data, codebook, min_share)
    idc = id_column or ("id" if "id" in data.columns else None)
    out = pd.concat([data[[idc]], sc], axis=1) if idc and idc in data.columns else sc
    return ScoreTables(
        scores=out,
        descriptives=score_descriptives(sc, codebook),
        correlations=score_correlations(sc, ci_level),
        sample=sample_profile(data, codebook),
    )
