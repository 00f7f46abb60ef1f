"""Numbers as the reader sees them: one formatting rule per kind of quantity.

Tables, sentences and figure labels all format through :func:`num`, with a *kind* that fixes
the number of decimals and whether the leading zero is dropped (APA 7 drops it for values
that cannot exceed 1). So a number printed twice is printed the same way twice. A value that
is compared with a cut-off is printed by :func:`against`, which adds decimals until the
printed value falls on the same side of the cut-off as the value itself (an AVE of .4996 is
printed ".4996", not ".50", next to "below .50").

Nothing upstream is rounded; this module is the only place numbers become text.
"""

from __future__ import annotations

from typing import Any

from surveysem.criteria import Cut, isnum

MINUS = "\u2212"
DASH = "\u2014"

#: kind -> (decimals, bounded: drop the leading zero)
KINDS: dict[str, tuple[int, bool]] = {
    "coef": (3, False),  # unstandardized coefficients, their SEs and CIs (B)
    "std": (3, True),  # standardized coefficients and effects (β) and their CIs
    "fit": (3, True),  # CFI, TLI, RMSEA, SRMR and their changes
    "chisq": (2, False),  # χ², Δχ², test statistics (z, t, F)
    "stat": (2, False),
    "df": (0, False),
    "dfr": (1, False),  # fractional (Welch) degrees of freedom
    "mean": (2, False),  # M, SD, scale scores, mean differences
    "r": (2, True),  # correlations, loadings, HTMT, MSA
    "rel": (2, True),  # alpha, omega, CR, AVE
    "es": (2, False),  # g, d
    "es2": (3, True),  # ω², η², ε² (small values)
    "r2": (3, True),  # R²
    "vif": (2, False),
    "ic": (1, False),  # AIC, BIC
    "int": (0, False),
}


def _plain(x: float, digits: int) -> str:
    s = f"{x:,.{digits}f}" if abs(x) >= 10000 else f"{x:.{digits}f}"
    if float(s.replace(",", "")) == 0:
        s = s.lstrip("-")
    return s.replace("-", MINUS)


def _unlead(s: str) -> str:
    if s.startswith("0."):
        return s[1:]
    if s.startswith(MINUS + "0."):
        return MINUS + s[2:]
    return s


def fixed(x: Any, digits: int, bounded: bool = False) -> str:
    """``x`` with ``digits`` decimals, a typographic minus, and no leading zero if bounded.

    Missing values print as an em dash; ``-0.000`` prints as ``0.000``. Values outside
    [-1, 1] keep their leading digit even when bounded, so a Heywood case is not misread.
    """
    if not isnum(x):
        return DASH
    s = _plain(float(x), digits)
    return _unlead(s) if bounded else s


def num(x: Any, kind: str) -> str:
    """Format ``x`` by the rule of its kind (see :data:`KINDS`)."""
    try:
        digits, bounded = KINDS[kind]
    except KeyError:
        raise ValueError(
            f"number kind {kind!r} is unknown; use one of {', '.join(KINDS)}"
        ) from None
    if kind == "int":
        return DASH if not isnum(x) else f"{round(float(x)):,}"
    if kind == "dfr" and isnum(x) and float(x).is_integer():
        return fixed(x, 0)  # an integer df (ANOVA) next to a Welch df
    return fixed(x, digits, bounded)


def against(x: Any, kind: str, cut: Cut, max_digits: int = 6) -> str:
    """Format ``x`` so that the printed value passes ``cut`` exactly when ``x`` does.

    Parameters
    ----------
    x : float
    kind : str
        The kind of the quantity (its usual decimals).
    cut : Cut
        The cut-off the text or table compares ``x`` with.
    max_digits : int
        Upper limit on the decimals added.

    Returns
    -------
    str
    """
    if not isnum(x):
        return DASH
    digits, bounded = KINDS[kind]
    passes = cut.ok(x)
    while True:
        shown = float(_plain(float(x), digits).replace(MINUS, "-").replace(",", ""))
        if cut.ok(shown) == passes or digits >= max_digits:
            return fixed(x, digits, bounded)
        digits += 1


def p_value(p: Any, relation: bool = True) -> str:
    """An APA p value: three decimals, no leading zero, ``< .001`` below .001.

    With ``relation`` the text includes ``=`` (``"= .032"``), so a sentence reads
    ``*p* {p_value(p)}``; without, it is a table cell (``".032"``, ``"< .001"``).
    """
    if not isnum(p):
        return DASH
    p = float(p)
    if p < 0.001:
        return "< .001"
    if p > 0.999:
        return "> .999"
    s = fixed(p, 3, True)
    return f"= {s}" if relation else s


def ci(low: Any, high: Any, kind: str) -> str:
    """A confidence interval in APA brackets, both bounds by the rule of ``kind``."""
    if not (isnum(low) and isnum(high)):
        return DASH
    return f"[{num(low, kind)}, {num(high, kind)}]"


def pct(x: Any, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``0.256`` -> ``25.6%``."""
    if not isnum(x):
        return DASH
    return fixed(100 * float(x), digits) + "%"


def stars(p: Any) -> str:
    """Significance stars: ``*`` p < .05, ``**`` p < .01, ``***`` p < .001."""
    if not isnum(p):
        return ""
    p = float(p)
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""
