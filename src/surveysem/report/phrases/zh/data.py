"""实证分析（一）：数据筛查、样本特征、现状与相关。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import ALPHA_LEVEL, MIN_CELL, size_label

CORR_SIZE = {"negligible": "微弱", "small": "弱", "medium": "中等程度的", "large": "强"}

CHAPTER = "实证分析"
SCREENING = "数据筛查"
SAMPLE = "样本特征"
LEVELS = "职业倦怠及其来源的现状"
DESCRIPTIVES = "相关分析"
FIG_FLOW = "被调查者经数据筛查的流程"
FIG_CORR = "量表得分之间的相关"
FIG_ITEMS = "各题项的作答分布"
FIG_ITEMS_REVERSED = "各题项的作答分布（反向计分后）"


def screening(counts, names) -> list[str]:
    n0, n1 = counts.received, counts.analysed
    out = [
        f"在回收的{fmt.num(n0, 'int')}份问卷中，{fmt.num(n1, 'int')}份"
        f"（{fmt.pct(n1 / n0 if n0 else float('nan'))}）纳入分析，{fmt.num(n0 - n1, 'int')}份被"
        f"{len(counts.screens)}道筛查剔除（{{fig:flow}}，{{tab:flow}}）。"
    ]
    top = counts.largest
    if top is not None:
        out.append(
            f"剔除人数最多的筛查是“{names.label('step', top.step)}”（{fmt.num(top.n_excluded, 'int')}份，"
            f"占进入该步骤问卷的{fmt.pct(top.n_excluded / top.n_before)}）。"
        )
    if counts.n_fixes:
        out.append(
            f"筛查之前，有{fmt.num(counts.n_fixes, 'int')}个作答因不是数值或超出量表范围而被记为缺失"
            "（{tab:fixes}）。"
        )
    out.append("本报告不出现任何被调查者的编号或逐行作答。")
    return out


def sample(n: int) -> str:
    return (
        f"{{tab:sample}}描述了纳入分析的{fmt.num(n, 'int')}名被调查者。为保护匿名性，人数少于"
        f"{MIN_CELL}的组别显示为“< {MIN_CELL}”。"
    )


def _level(names, r) -> str:
    where = (
        f"显著{'高' if r['t_midpoint'] > 0 else '低'}于中点"
        if r["p_midpoint"] < ALPHA_LEVEL
        else "与中点无显著差异"
    )
    return (
        f"{names.scale(r['scale'])} *M* = {fmt.num(r['mean'], 'mean')}（*SD* = {fmt.num(r['sd'], 'mean')}，"
        f"{fmt.pct(r['share_above_midpoint'])}的被调查者高于中点，{where}，"
        f"*t*({fmt.num(r['df_midpoint'], 'df')}) = {fmt.num(r['t_midpoint'], 'stat')}，"
        f"*p* {fmt.p_value(r['p_midpoint'])}，*d* = {fmt.num(r['d_midpoint'], 'es')}）"
    )


def levels(names, desc, burnout: list[str], sources: list[str]) -> list[str]:
    d = desc.set_index("scale")
    lo, hi = desc["scale_min"].iloc[0], desc["scale_max"].iloc[0]
    uniform = desc["scale_min"].nunique() == 1 and desc["scale_max"].nunique() == 1
    where = (
        f"在{fmt.num(lo, 'int')}～{fmt.num(hi, 'int')}的作答量尺上（中点为{fmt.num((lo + hi) / 2, 'mean')}），"
        if uniform
        else "各自以其量尺中点为参照，"
    )
    out = []
    if burnout:
        parts = "；".join(_level(names, d.loc[s].to_dict() | {"scale": s}) for s in burnout)
        out.append(f"{where}职业倦怠各维度的水平如下：{parts}（{{tab:levels}}）。")
    if sources:
        src = desc[desc["scale"].isin(sources)].sort_values("mean")
        top, bottom = src.iloc[-1], src.iloc[0]
        out.append(
            f"在各压力源与资源中，{names.scale(top['scale'])}的均值最高（{fmt.num(top['mean'], 'mean')}），"
            f"{names.scale(bottom['scale'])}的均值最低（{fmt.num(bottom['mean'], 'mean')}）。"
        )
    return out


def corr_intro(reversed_items: bool) -> str:
    return (
        "{tab:corr}列出了各量表得分（题项均值"
        + ("，反向计分后" if reversed_items else "")
        + "）的均值、标准差和相关系数。"
    )


def strongest_correlation(names, a: str, b: str, r: float) -> str:
    return (
        f"相关最强的是{names.scale(a)}与{names.scale(b)}（*r* = {fmt.num(r, 'r')}），按[!cohen1988]"
        f"的标准属于{CORR_SIZE.get(size_label(r, 'r'), '')}相关。{{fig:correlations}}以热图展示各相关，"
        "{fig:item_shares}展示各题项的作答分布。"
    )
