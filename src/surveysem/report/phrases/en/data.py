"""Results on the data: screening, the sample, scale levels and correlations."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import ALPHA_LEVEL, MIN_CELL, size_label
from surveysem.report.phrases.en.common import join, lc, plural, size_words

CHAPTER = "Results"
SCREENING = "Data screening"
SAMPLE = "Sample profile"
DESCRIPTIVES = "Scale levels and correlations"
FIG_FLOW = "Flow of respondents through the data screens"
FIG_CORR = "Correlations between the scale scores"
FIG_ITEMS = "Distribution of the answers to every item"
FIG_ITEMS_REVERSED = "Distribution of the answers to every item (after reverse scoring)"


def screening(counts, names) -> list[str]:
    n0, n1 = counts.received, counts.analysed
    out = [
        f"Of the {fmt.num(n0, 'int')} responses received, {fmt.num(n1, 'int')} "
        f"({fmt.pct(n1 / n0 if n0 else float('nan'))}) were analysed and "
        f"{fmt.num(n0 - n1, 'int')} excluded by the {plural(len(counts.screens), 'screen')} "
        "({fig:flow}, {tab:flow})."
    ]
    top = counts.largest
    if top is not None:
        out.append(
            f"The screen that excluded most respondents was "
            f"“{lc(names.label('step', top.step))}” ({fmt.num(top.n_excluded, 'int')}, "
            f"{fmt.pct(top.n_excluded / top.n_before)} of the responses that reached it)."
        )
    if counts.n_fixes:
        out.append(
            f"Before the screens, {plural(counts.n_fixes, 'answer')} "
            f"{'was' if counts.n_fixes == 1 else 'were'} set to missing because "
            f"{'it was' if counts.n_fixes == 1 else 'they were'} not a number or lay outside "
            "the scale's range ({tab:fixes})."
        )
    out.append("No respondent identifier or answer row appears in this report.")
    return out


def sample(n: int) -> str:
    return (
        f"{{tab:sample}} describes the {fmt.num(n, 'int')} analysed respondents. Groups with "
        f"fewer than {MIN_CELL} respondents are shown as “< {MIN_CELL}” to protect their "
        "anonymity."
    )


def levels(names, desc, reversed_items: bool) -> list[str]:
    """Scale levels against the midpoint of the answer scale (one sentence for all scales)."""
    hi = desc.loc[desc["mean"].idxmax()]
    lo = desc.loc[desc["mean"].idxmin()]
    above = [
        lc(names.scale(s))
        for s, p, t in zip(desc["scale"], desc["p_midpoint"], desc["t_midpoint"], strict=True)
        if p < ALPHA_LEVEL and t > 0
    ]  # noqa: E501
    s = (
        f"{{tab:corr}} gives the means, standard deviations and correlations of the scale "
        f"scores (item means{', after reverse scoring' if reversed_items else ''}). Means "
        "ranged from "
        f"{fmt.num(lo['mean'], 'mean')} for {lc(names.scale(lo['scale']))} to "
        f"{fmt.num(hi['mean'], 'mean')} for {lc(names.scale(hi['scale']))}"
    )
    if desc["scale_min"].nunique() == 1 and desc["scale_max"].nunique() == 1:
        s += (
            f", on answer scales from {fmt.num(desc['scale_min'].iloc[0], 'int')} to "
            f"{fmt.num(desc['scale_max'].iloc[0], 'int')}"
        )
    out = [s + "."]
    if above:
        out.append(
            "The means of "
            + join(above)
            + " lay reliably above the midpoint of the answer scale (one-sample *t* tests, "
            "*p* < .05)."
        )
    return out


def strongest_correlation(names, a: str, b: str, r: float) -> str:
    return (
        f"The strongest correlation was between {lc(names.scale(a))} and "
        f"{lc(names.scale(b))} (*r* = {fmt.num(r, 'r')}), {size_words(size_label(r, 'r'))} "
        "correlation by the benchmarks of [!cohen1988]. {fig:correlations} shows the "
        "correlations as a heat map and {fig:item_shares} the answers to every item."
    )
