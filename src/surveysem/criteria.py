"""The conventions by which results are read: every cut-off and benchmark, stated once.

The report, the figures and the analysis modules read their verdicts from here (or from the
tables written with them); none of them types a cut-off of its own. Each convention carries the
reference key (``data/references.yaml``) of the work it comes from, so that the text that
applies it can cite it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


def isnum(x: Any) -> bool:
    """True for a finite real number (not None, NaN, a bool or text)."""
    if x is None or isinstance(x, bool):
        return False
    try:
        return not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def truthy(x: Any) -> bool:
    """A boolean read from a CSV cell (``True``, ``true``, ``1``)."""
    if isinstance(x, str):
        return x.strip().lower() in ("true", "1", "yes")
    if isinstance(x, bool):
        return x
    return isnum(x) and bool(float(x))


def ci_excludes_zero(low: Any, high: Any) -> bool:
    """True when both bounds are numbers on the same side of zero."""
    return isnum(low) and isnum(high) and (float(low) > 0 or float(high) < 0)


@dataclass(frozen=True)
class Cut:
    """A cut-off: ``value``, the direction that passes (``">="``, ``"<="``, ``"<"``, ``">"``)."""

    value: float
    passes: str
    cite: tuple[str, ...] = ()

    def ok(self, x: Any) -> bool:
        """Whether ``x`` meets the cut-off (False for a missing value)."""
        if not isnum(x):
            return False
        x = float(x)
        return {
            ">=": x >= self.value,
            "<=": x <= self.value,
            ">": x > self.value,
            "<": x < self.value,
        }[self.passes]


# --------------------------------------------------------------------------- model fit
#: Hu & Bentler (1999): good fit.
FIT_GOOD = {
    "cfi": Cut(0.95, ">=", ("hu1999",)),
    "tli": Cut(0.95, ">=", ("hu1999",)),
    "rmsea": Cut(0.06, "<=", ("hu1999",)),
    "srmr": Cut(0.08, "<=", ("hu1999",)),
}
#: Browne & Cudeck (1993); Marsh, Hau & Wen (2004): acceptable fit.
FIT_ACCEPTABLE = {
    "cfi": Cut(0.90, ">=", ("marsh2004",)),
    "tli": Cut(0.90, ">=", ("marsh2004",)),
    "rmsea": Cut(0.08, "<=", ("browne1993",)),
    "srmr": Cut(0.10, "<=", ("marsh2004",)),
}
FIT_CITES = ("hu1999", "browne1993", "marsh2004")


def fit_index_names(fit: dict[str, float]) -> dict[str, str]:
    """Which version of CFI, TLI, RMSEA and the chi-square a verdict and its table use.

    The robust version when it is present and finite (MLR; WLSMV: Savalei, 2021), else the
    scaled one (WLSMV when the robust one is undefined), else the plain ML one; the test is
    the scaled chi-square with its own df and p when present.

    Returns
    -------
    dict
        ``cfi``, ``tli``, ``rmsea``, ``srmr``, ``chisq``, ``df``, ``pvalue``, and the
        AMOS-style ``nfi``, ``ifi``, ``rfi``, ``pnfi`` (their ``_scaled`` versions beside a
        scaled test), ``chisq_df``, ``gfi``, ``agfi`` -> the name of the ``fit.csv`` index used.
    """
    out = {}
    for k in ("cfi", "tli", "rmsea"):
        out[k] = next((n for n in (f"{k}_robust", f"{k}_scaled", k) if isnum(fit.get(n))), k)
    out["srmr"] = "srmr"
    scaled = isnum(fit.get("chisq_scaled"))
    out["chisq"] = "chisq_scaled" if scaled else "chisq"
    out["df"] = "df_scaled" if scaled and isnum(fit.get("df_scaled")) else "df"
    out["pvalue"] = "pvalue_scaled" if scaled else "pvalue"
    for k in ("nfi", "ifi", "rfi", "pnfi"):  # from the same chi-square as the test
        out[k] = f"{k}_scaled" if scaled and isnum(fit.get(f"{k}_scaled")) else k
    for k in ("chisq_df", "gfi", "agfi"):
        out[k] = k
    return out


def chisq_df_names(fit: dict[str, float]) -> tuple[str, str]:
    """Which chi-square and df the chi-square / df ratio (``chisq_df``) divides.

    The same test the fit table shows (:func:`fit_index_names`): under MLR the Yuan–Bentler
    scaled statistic with its df, under WLSMV the scaled-shifted statistic with its df, and
    the ML statistic otherwise. AMOS prints CMIN/DF of the ML statistic; a ratio of the
    scaled statistic is the one that agrees with the test reported beside it.
    """
    names = fit_index_names(fit)
    return names["chisq"], names["df"]


def fit_indices(fit: dict[str, float]) -> dict[str, float]:
    """The CFI, TLI, RMSEA and SRMR a verdict is based on (see :func:`fit_index_names`)."""
    names = fit_index_names(fit)
    return {k: fit.get(names[k]) for k in ("cfi", "tli", "rmsea", "srmr")}


def judge_fit(fit: dict[str, float]) -> str:
    """``"good"``, ``"acceptable"`` or ``"poor"`` fit; ``""`` when an index is missing.

    Parameters
    ----------
    fit : dict
        Fit indices by name (``fit.csv`` as a dict).

    Returns
    -------
    str

    Notes
    -----
    Good when CFI and TLI >= .95, RMSEA <= .06 and SRMR <= .08 (Hu & Bentler, 1999);
    acceptable when CFI and TLI >= .90, RMSEA <= .08 and SRMR <= .10 (Browne & Cudeck, 1993;
    Marsh, Hau & Wen, 2004); poor otherwise. Robust indices are used when present (MLR,
    WLSMV), scaled ones when the robust ones are undefined (:func:`fit_index_names`).
    """
    ind = fit_indices(fit)
    if not all(isnum(v) for v in ind.values()):
        return ""
    if all(FIT_GOOD[k].ok(v) for k, v in ind.items()):
        return "good"
    if all(FIT_ACCEPTABLE[k].ok(v) for k, v in ind.items()):
        return "acceptable"
    return "poor"


#: The indices AMOS users report beside CFI, TLI, RMSEA and SRMR, with their conventional
#: cut-offs: chi-square / df below 3 (Carmines & McIver, 1981; the laxer 5 goes back to
#: Wheaton et al., 1977), GFI and AGFI at least .90 (Joreskog & Sorbom, 1984), NFI at least
#: .90 (Bentler & Bonett, 1980), IFI (Bollen, 1989) and RFI (Bollen, 1986) at least .90,
#: PNFI at least .50 (James, Mulaik & Brett, 1982; the usual reading of parsimony indices).
FIT_AMOS = {
    "chisq_df": Cut(3.0, "<", ("carmines1981",)),
    "gfi": Cut(0.90, ">=", ("joreskog1984",)),
    "agfi": Cut(0.90, ">=", ("joreskog1984",)),
    "nfi": Cut(0.90, ">=", ("bentler1980",)),
    "ifi": Cut(0.90, ">=", ("bollen1989",)),
    "rfi": Cut(0.90, ">=", ("bollen1986",)),
    "pnfi": Cut(0.50, ">=", ("james1982",)),
}
#: The laxer chi-square / df cut-off some authors use (Wheaton et al., 1977).
CHISQ_DF_LAX = Cut(5.0, "<", ("wheaton1977",))


# --------------------------------------------------------------------------- effect sizes
#: Cohen (1988) for r and standardized coefficients.
R_BENCHMARKS = ((0.5, "large"), (0.3, "medium"), (0.1, "small"))
ES_BENCHMARKS: dict[str, tuple[tuple[float, str], ...]] = {
    "eta_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "partial_eta_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "epsilon_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "omega_squared": ((0.14, "large"), (0.06, "medium"), (0.01, "small")),
    "cohens_d": ((0.8, "large"), (0.5, "medium"), (0.2, "small")),
    "hedges_g": ((0.8, "large"), (0.5, "medium"), (0.2, "small")),
    "r": R_BENCHMARKS,
    "std": R_BENCHMARKS,
    "rank_biserial": R_BENCHMARKS,
    "cramers_v": R_BENCHMARKS,
}
SIZES = ("negligible", "small", "medium", "large")


def size_label(value: Any, kind: str = "std") -> str:
    """Verbal size of an effect by Cohen's (1988) benchmarks for its measure.

    Parameters
    ----------
    value : float
        The effect size (sign ignored).
    kind : str
        ``"std"`` or ``"r"`` (standardized coefficients, correlations: .10 small, .30 medium,
        .50 large), or an ``effect_size_name`` of ``groups/differences.csv``.

    Returns
    -------
    str
        One of :data:`SIZES`, or ``""`` when the value is missing or the measure unknown.
    """
    if not isnum(value):
        return ""
    bench = ES_BENCHMARKS.get(str(kind).lower())
    if bench is None:
        return ""
    v = abs(float(value))
    for cut, label in bench:
        if v >= cut:
            return label
    return "negligible"


# --------------------------------------------------------------------------- measurement
ALPHA_MIN = Cut(0.70, ">=", ("nunnally1978",))
CR_MIN = Cut(0.70, ">=", ("fornell1981",))
AVE_MIN = Cut(0.50, ">=", ("fornell1981",))
HTMT_MAX = Cut(0.85, "<", ("henseler2015",))
LOADING_MIN = Cut(0.50, ">=", ("hair2019",))
#: Item analysis (项目分析): a critical ratio (决断值) of at least 3 with p < .05, and a
#: corrected item-total correlation of at least .30: the conventions of Chinese
#: questionnaire studies (stated as conventions; no single source is cited for them).
ITEM_CR_MIN = Cut(3.0, ">=", ())
ITEM_TOTAL_MIN = Cut(0.30, ">=", ())
KMO_MIN = Cut(0.60, ">=", ("kaiser1974",))
#: A variance inflation factor above 10 signals serious collinearity (Hair et al., 2019).
VIF_MAX = Cut(10.0, "<=", ("hair2019",))
#: Harman's single-factor test: a first unrotated component above 40% of the variance, the
#: criterion Chinese theses apply (the test as Zhou & Long, 2004, introduced it); the study
#: file's ``analysis.harman_threshold`` sets it (0.50: "the majority of the covariance",
#: Podsakoff et al., 2003). The table ``efa/harman`` carries the threshold used.
HARMAN_MAX = Cut(0.40, "<=", ("zhou2004", "podsakoff2003"))
#: ULMC (unmeasured latent method construct, Podsakoff et al., 2003): adding a method factor
#: on every item flags serious common-method bias when CFI or TLI rises by more than .10, or
#: RMSEA or SRMR falls by more than .05: the rule Chinese studies apply to this comparison
#: (stated as a convention, not derived from a simulation study).
ULMC_DELTA = {"cfi": 0.10, "tli": 0.10, "rmsea": 0.05, "srmr": 0.05}
ULMC_CITES = ("podsakoff2003", "zhou2004")


def ulmc_flagged(delta: dict[str, float]) -> bool:
    """Whether a method factor improves fit by more than :data:`ULMC_DELTA` on any index.

    ``delta`` holds the changes (with the method factor minus without) of ``cfi``, ``tli``
    (improvement: a rise) and ``rmsea``, ``srmr`` (improvement: a fall).
    """
    up = any(isnum(delta.get(k)) and delta[k] > ULMC_DELTA[k] for k in ("cfi", "tli"))
    down = any(isnum(delta.get(k)) and -delta[k] > ULMC_DELTA[k] for k in ("rmsea", "srmr"))
    return up or down


#: Cells with fewer respondents are suppressed in every table and figure.
MIN_CELL = 5
#: Multiple comparisons: family-wise level after Holm's (1979) adjustment.
ALPHA_LEVEL = 0.05
