"""Results on the data: screening, the sample, scale levels and correlations."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import ALPHA_LEVEL, MIN_CELL, size_label
from surveysem.report.phrases.en.common import lc, plural, size_words

CHAPTER = "Results"
SCREENING = "Data screening"
SAMPLE = "Sample profile"
LEVELS = "Levels of burnout and its sources"
DESCRIPTIVES = "Correlations"
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


def _level(names, r) -> str:
    rel = "above" if r["t_midpoint"] > 0 else "below"
    test = (
        f"*t*({fmt.num(r['df_midpoint'], 'df')}) = {fmt.num(r['t_midpoint'], 'stat')}, "
        f"*p* {fmt.p_value(r['p_midpoint'])}, *d* = {fmt.num(r['d_midpoint'], 'es')}"
    )
    where = (
        f"reliably {rel} the midpoint"
        if r["p_midpoint"] < ALPHA_LEVEL
        else "not reliably different from the midpoint"
    )
    return (
        f"{lc(names.scale(r['scale']))} *M* = {fmt.num(r['mean'], 'mean')} "
        f"(*SD* = {fmt.num(r['sd'], 'mean')}; {fmt.pct(r['share_above_midpoint'])} above the "
        f"midpoint; {where}, {test})"
    )


def levels(names, desc, burnout: list[str], sources: list[str]) -> list[str]:
    """The level of each burnout dimension, and the highest and lowest of its sources."""
    d = desc.set_index("scale")
    lo, hi = desc["scale_min"].iloc[0], desc["scale_max"].iloc[0]
    uniform = desc["scale_min"].nunique() == 1 and desc["scale_max"].nunique() == 1
    where = (
        f"On the answer scales from {fmt.num(lo, 'int')} to {fmt.num(hi, 'int')} (midpoint "
        f"{fmt.num((lo + hi) / 2, 'mean')}), the"
        if uniform
        else "Each against the midpoint of its own answer scale, the"
    )
    levels_ = "; ".join(_level(names, d.loc[s].to_dict() | {"scale": s}) for s in burnout)
    out = (
        [f"{where} burnout dimensions had these levels: {levels_} ({{tab:levels}})."]
        if burnout
        else []
    )
    if sources:
        src = desc[desc["scale"].isin(sources)].sort_values("mean")
        top, bottom = src.iloc[-1], src.iloc[0]
        out.append(
            f"Among the stressors and resources, {lc(names.scale(top['scale']))} had the highest "
            f"mean ({fmt.num(top['mean'], 'mean')}) and {lc(names.scale(bottom['scale']))} the "
            f"lowest ({fmt.num(bottom['mean'], 'mean')})."
        )
    return out


def corr_intro(reversed_items: bool) -> str:
    return (
        "{tab:corr} gives the means, standard deviations and correlations of the scale scores "
        f"(item means{', after reverse scoring' if reversed_items else ''})."
    )


def strongest_correlation(names, a: str, b: str, r: float) -> str:
    return (
        f"The strongest correlation was between {lc(names.scale(a))} and "
        f"{lc(names.scale(b))} (*r* = {fmt.num(r, 'r')}), {size_words(size_label(r, 'r'))} "
        "correlation by the benchmarks of [!cohen1988]. {fig:correlations} shows the "
        "correlations as a heat map and {fig:item_shares} the answers to every item."
    )
