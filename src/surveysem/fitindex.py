"""The fit indices AMOS users report beside CFI, TLI, RMSEA and SRMR.

NFI, IFI, RFI and PNFI from the model's and the baseline (independence) model's chi-square,
exactly as lavaan 0.6-14 ``fitMeasures`` computes them (``lav_fit_nfi`` etc.), and the
chi-square / df ratio. GFI and AGFI come with the ML fit (:mod:`surveysem.sem`).
"""

from __future__ import annotations

import math

import pandas as pd

from surveysem.criteria import chisq_df_names, isnum

#: The indices this module adds, in the order they are appended to a fit table.
AMOS_INDICES = ("nfi", "ifi", "rfi", "pnfi")


def _num(x) -> float:
    return float(x) if isnum(x) else math.nan


def nfi(x2: float, df: float, x2_0: float, df_0: float) -> float:
    """Normed fit index (Bentler & Bonett, 1980): ``(X2_0 - X2) / X2_0``.

    NaN when ``df > df_0`` or ``X2_0 == 0``; 1 for a saturated model (lavaan's rules).
    """
    if any(math.isnan(v) for v in (x2, df, x2_0, df_0)):
        return math.nan
    if df > df_0 or math.isclose(x2_0, 0.0, abs_tol=1.5e-8):
        return math.nan
    return (x2_0 - x2) / x2_0 if df > 0 else 1.0


def ifi(x2: float, df: float, x2_0: float, df_0: float) -> float:
    """Incremental fit index (Bollen, 1989): ``(X2_0 - X2) / (X2_0 - df)``.

    1 when the denominator is negative, NaN when it is zero (lavaan's rules).
    """
    if any(math.isnan(v) for v in (x2, df, x2_0, df_0)):
        return math.nan
    t1, t2 = x2_0 - x2, x2_0 - df
    if t2 < 0:
        return 1.0
    if math.isclose(t2, 0.0, abs_tol=1.5e-8):
        return math.nan
    return t1 / t2


def rfi(x2: float, df: float, x2_0: float, df_0: float) -> float:
    """Relative fit index (Bollen, 1986): ``(X2_0/df_0 - X2/df) / (X2_0/df_0)``.

    NaN when ``df > df_0``; 1 for a saturated model and (as lavaan) when the numerator is
    negative.
    """
    if any(math.isnan(v) for v in (x2, df, x2_0, df_0)):
        return math.nan
    if df > df_0:
        return math.nan
    if df > 0 and df_0 > 0:
        t2 = x2_0 / df_0
        t1 = t2 - x2 / df
        return 1.0 if (t1 < 0 or t2 < 0) else t1 / t2
    return 1.0


def pnfi(x2: float, df: float, x2_0: float, df_0: float) -> float:
    """Parsimony normed fit index (James, Mulaik & Brett, 1982): ``(df / df_0) * NFI``."""
    if any(math.isnan(v) for v in (x2, df, x2_0, df_0)):
        return math.nan
    if df_0 > 0 and x2_0 > 0:
        return (df / df_0) * (x2_0 - x2) / x2_0
    return math.nan


def amos_indices(fit: pd.DataFrame) -> pd.DataFrame:
    """A fit table with NFI, IFI, RFI, PNFI and the chi-square / df ratio appended.

    Parameters
    ----------
    fit : DataFrame
        ``index``, ``value`` with at least ``chisq``, ``df``, ``baseline_chisq`` and
        ``baseline_df`` (a ``SemFit.fit``); under MLR and WLSMV also ``chisq_scaled`` and
        ``baseline_chisq_scaled``.

    Returns
    -------
    DataFrame
        ``index``, ``value``: ``fit`` followed by ``nfi``, ``ifi``, ``rfi``, ``pnfi`` (from
        the ML / unscaled chi-squares), with a scaled chi-square also ``nfi_scaled``,
        ``ifi_scaled``, ``rfi_scaled``, ``pnfi_scaled`` (lavaan's ``*.scaled``), and
        ``chisq_df``. Indices already in ``fit`` are not repeated.

    Notes
    -----
    NFI = (χ²₀ − χ²) / χ²₀ (Bentler & Bonett, 1980); IFI = (χ²₀ − χ²) / (χ²₀ − df)
    (Bollen, 1989); RFI = (χ²₀/df₀ − χ²/df) / (χ²₀/df₀) (Bollen, 1986); PNFI = (df/df₀)·NFI
    (James, Mulaik & Brett, 1982); χ²₀, df₀ of the independence model. The edge cases are
    lavaan's. ``chisq_df`` = χ²/df of the chi-square the report shows
    (:func:`surveysem.criteria.chisq_df_names`: the scaled statistic with its df under MLR
    and WLSMV, the ML one otherwise).
    """
    v = dict(zip(fit["index"], fit["value"], strict=True))
    base = (_num(v.get("baseline_chisq")), _num(v.get("baseline_df")))
    rows = []
    versions = [("", _num(v.get("chisq")), _num(v.get("df")), base[0])]
    if isnum(v.get("chisq_scaled")):
        df_s = _num(v.get("df_scaled", v.get("df")))
        versions.append(("_scaled", _num(v["chisq_scaled"]), df_s,
                         _num(v.get("baseline_chisq_scaled"))))  # fmt: skip
    for suffix, x2, df, x2_0 in versions:
        for name, f in (("nfi", nfi), ("ifi", ifi), ("rfi", rfi), ("pnfi", pnfi)):
            rows.append((name + suffix, f(x2, df, x2_0, base[1])))
    c, d = chisq_df_names(v)
    rows.append(("chisq_df", _num(v.get(c)) / _num(v.get(d)) if _num(v.get(d)) > 0 else math.nan))
    new = pd.DataFrame([r for r in rows if r[0] not in v], columns=["index", "value"])
    return pd.concat([fit, new], ignore_index=True) if not new.empty else fit
