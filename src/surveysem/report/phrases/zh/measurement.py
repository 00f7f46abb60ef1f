"""实证分析（二）：信度与效度、共同方法偏差、测量模型。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import (
    ALPHA_MIN,
    AVE_MIN,
    CR_MIN,
    HTMT_MAX,
    ITEM_CR_MIN,
    ITEM_TOTAL_MIN,
    LOADING_MIN,
    ULMC_DELTA,
    isnum,
)
from surveysem.report.phrases.zh.common import join, p

RELIABILITY = "信度与效度检验"
CMB = "共同方法偏差检验"
MEASUREMENT = "验证性因子分析"


def _range(values, kind, cut) -> tuple[str, str]:
    return fmt.against(min(values), kind, cut), fmt.against(max(values), kind, cut)


def reliability(m) -> list[str]:
    sc = m.scales
    lo, hi = _range(sc["alpha"], "rel", ALPHA_MIN)
    s = f"各量表的Cronbach's α系数介于{lo}～{hi}之间"
    s += (
        f"，其中{join(list(m.alpha_low))}低于常用标准.70[@nunnally1978]。"
        if m.alpha_low
        else "，均达到常用标准.70[@nunnally1978]。"
    )
    cr_lo, cr_hi = _range(sc["cr"], "rel", CR_MIN)
    ave_lo, ave_hi = _range(sc["ave"], "rel", AVE_MIN)
    s2 = f"组合信度（CR）介于{cr_lo}～{cr_hi}之间，平均方差抽取量（AVE）介于{ave_lo}～{ave_hi}之间（{{tab:reliability}}）"
    probs = []
    if m.cr_low:
        probs.append(f"{join(list(m.cr_low))}的组合信度低于.70")
    if m.ave_low:
        probs.append(f"{join(list(m.ave_low))}的AVE低于.50，即构念所解释的题项方差不足一半")
    s2 += (
        ("；" + "，".join(probs))
        if probs
        else "；各量表均满足CR ≥ .70、AVE ≥ .50的标准[@fornell1981]"
    )
    return [s, s2 + "。"]


def discriminant(m, names) -> list[str]:
    out = []
    if m.htmt_max is not None:
        a, b, v = m.htmt_max
        s = f"HTMT的最大值为{fmt.against(v, 'r', HTMT_MAX)}（{a}–{b}；{{tab:htmt}}）"
        if m.htmt_fail:
            s += f"，{join([f'{x}–{y}' for x, y, _ in m.htmt_fail])}达到.85，其区分效度存疑。"
        else:
            s += "，所有构念对均低于.85，支持区分效度[@henseler2015]。"
        out.append(s)
    if m.fl_fail:
        out.append(
            f"按Fornell–Larcker准则（{{tab:fl}}），{join(list(m.fl_fail))}的AVE平方根并未超过其与其他因子的全部相关。"
        )
    else:
        out.append(
            "按Fornell–Larcker准则（{tab:fl}），各量表AVE的平方根均大于其与其他因子的相关系数。"
        )
    return out


def item_pool(m) -> list[str]:
    out = []
    if m.kmo is not None and m.bartlett is not None:
        b = m.bartlett
        out.append(
            f"题项总体适合进行因子分析：KMO值为{fmt.num(m.kmo, 'r')}，Bartlett球形检验显著"
            f"（χ²({fmt.num(b['df'], 'df')}) = {fmt.num(b['chisq'], 'chisq')}，{p(b['pvalue'])}）。"
        )
    crit = []
    if m.n_pc is not None:
        crit.append(f"平行分析保留{m.n_pc}个主成分")
    if m.n_fa is not None:
        crit.append(f"按公因子标准保留{m.n_fa}个因子")
    if m.n_kaiser is not None:
        crit.append(f"特征值大于1的成分有{m.n_kaiser}个")
    if crit:
        counts = {m.n_pc, m.n_fa, m.n_kaiser} - {None}
        s = f"关于因子数，{join(crit, '，')}，而问卷包含{m.n_factors_theory}个量表"
        s += (
            "；各标准与问卷结构一致。"
            if counts == {m.n_factors_theory}
            else "；各标准之间或与问卷结构之间并不一致，因此结构的检验以下文的验证性模型为准，"
            "而不以探索性的因子数为准。"
        )
        out.append(s)
    return out


def cmb(m) -> list[str]:
    out = []
    if m.harman_share is not None:
        cut = fmt.pct(m.harman_threshold, 0) if m.harman_threshold is not None else "50%"
        out.append(
            f"Harman单因子检验中，未旋转的第一个主成分解释了全部题项{fmt.pct(m.harman_share)}的方差，"
            + ("高于" if m.harman_exceeds else "低于")
            + f"{cut}的临界标准[@podsakoff2003; @zhou2004]，"
            + ("说明存在一个解释力特别大的公因子，共同方法偏差不容忽视。"
               if m.harman_exceeds else "说明不存在解释力特别大的公因子。")
        )  # fmt: skip
    if m.cmb is not None:
        c = m.cmb
        stats = (
            f"单因子模型：CFI = {fmt.num(c['one_cfi'], 'fit')}，RMSEA = {fmt.num(c['one_rmsea'], 'fit')}；"
            f"测量模型：CFI = {fmt.num(c['cfi'], 'fit')}，RMSEA = {fmt.num(c['rmsea'], 'fit')}；"
            f"Δχ²({fmt.num(c['delta_df'], 'df')}) = {fmt.num(c['delta_chisq'], 'chisq')}，{p(c['delta_pvalue'])}"
        )
        out.append(
            f"单因子模型的拟合远差于测量模型（{stats}；{{tab:cmb}}），说明共同方法变异不太可能解释"
            "构念之间的关系；但这两种检验的检验力都较弱[@podsakoff2003]。"
            if m.cmb_worse
            else f"单因子模型与测量模型的拟合相近（{stats}；{{tab:cmb}}），共同方法变异可能夸大了下文"
            "报告的关系[@podsakoff2003]。"
        )
    if m.ulmc is not None:
        out.append(ulmc(m.ulmc))
    return out


def ulmc(u) -> str:
    """不可测量潜在方法因子（ULMC）检验：拟合指标的变化及结论。"""
    if not isnum(u.get("cfi")):
        return "在测量模型中加入不可测量潜在方法因子后模型无法估计，故未能进行该项检验[@podsakoff2003]。"
    d = (
        f"ΔCFI = {fmt.num(u['delta_cfi'], 'fit')}，ΔTLI = {fmt.num(u['delta_tli'], 'fit')}，"
        f"ΔRMSEA = {fmt.num(u['delta_rmsea'], 'fit')}，ΔSRMR = {fmt.num(u['delta_srmr'], 'fit')}"
    )
    rule = (
        f"CFI或TLI提高超过{fmt.num(ULMC_DELTA['cfi'], 'fit')}、RMSEA或SRMR降低超过"
        f"{fmt.num(ULMC_DELTA['rmsea'], 'fit')}"
    )
    s = (
        "进一步采用不可测量潜在方法因子效应控制法，在测量模型中加入一个负荷于全部题项、与各构念"
        f"不相关的方法因子[@podsakoff2003; @zhou2004]。加入后模型拟合的变化为{d}（{{tab:ulmc}}）"
    )
    s += (
        f"，超过了国内研究常用的判断标准（{rule}），说明共同方法偏差较为严重，下文报告的关系需谨慎解读。"
        if u["flagged"]
        else f"，未达到国内研究常用的判断标准（{rule}），说明加入方法因子后模型拟合并未明显改善，"
        "不存在明显的共同方法偏差。"
    )
    if not u["admissible"]:
        s += "方法因子模型未得到合理解（出现负方差或未收敛），这在方法变异很小时较为常见。"
    elif isnum(u.get("method_variance")):
        s += f"方法因子平均解释了各题项{fmt.pct(u['method_variance'])}的方差。"
    return s


FIT_WORDS = {"good": "拟合良好", "acceptable": "拟合可以接受", "poor": "拟合欠佳"}


def fit_stats(fit) -> str:
    """χ²(df) = ..., p ..., CFI = ..., TLI = ..., RMSEA = ... [90% CI], SRMR = ...: the versions
    the verdict uses (robust under MLR and WLSMV, the scaled test statistic)."""
    v = fit.value
    parts = [f"χ²({fmt.num(v('df'), 'df')}) = {fmt.num(v('chisq'), 'chisq')}，{p(v('pvalue'))}"]
    parts += [f"{lab} = {fmt.num(v(k), 'fit')}" for k, lab in (("cfi", "CFI"), ("tli", "TLI"))]
    s = f"RMSEA = {fmt.num(v('rmsea'), 'fit')}"
    lo, hi = fit.rmsea_ci
    if isnum(lo) and isnum(hi):
        s += f"，90% CI {fmt.ci(lo, hi, 'fit')}"
    parts += [s, f"SRMR = {fmt.num(v('srmr'), 'fit')}"]
    version = {"robust": "稳健指数", "scaled": "校正指数"}.get(fit.version, "")
    return "，".join(parts) + ("；" + version if version else "")


def model_fit(fit) -> str:
    subject = "测量模型" if fit.model == "measurement" else "结构模型"
    return f"{subject}{FIT_WORDS.get(fit.verdict, '的拟合结果如下')}（{fit_stats(fit)}；{{tab:fit}}）。"


def loadings(m) -> str:
    lo = fmt.against(m.loading_min, "r", LOADING_MIN)
    hi = fmt.against(m.loading_max, "r", LOADING_MIN)
    s = f"标准化因子载荷介于{lo}～{hi}之间（{{tab:loadings}}）"
    if m.weak_items:
        return s + f"，{join(list(m.weak_items))}的载荷低于.50[@hair2019]。"
    return s + "，均不低于.50[@hair2019]。"


def modification(row) -> str:
    return (
        f"最大的修正指数为{fmt.num(row['mi'], 'chisq')}，对应{row['lhs']} {row['op']} {row['rhs']}"
        f"（标准化期望参数改变量为{fmt.num(row['sepc_all'], 'std')}；{{tab:mi}}）；修正指数仅供参考，"
        "未据此释放任何参数。"
    )


def ordinal_reliability(m) -> str:
    sc = m.scales
    a = (fmt.num(min(sc["alpha_ordinal"]), "rel"), fmt.num(max(sc["alpha_ordinal"]), "rel"))
    w = (fmt.num(min(sc["omega_categorical"]), "rel"), fmt.num(max(sc["omega_categorical"]), "rel"))
    return (
        f"基于多分格相关，有序α系数介于{a[0]}～{a[1]}之间[@zumbo2007]，类别ω系数介于{w[0]}～{w[1]}之间"
        "[@green2009]。有序α系数描述的是作答背后的潜在反应的信度，而非由作答计算的量表得分的信度，"
        "其用法尚有争议[@chalmers2018]；因此本研究同时报告两类系数，量表得分的信度以α与ω为准。"
    )


def item_analysis(it) -> str:
    """项目分析：决断值与题项—总分相关的范围，以及被标记的题项。"""
    cr = f"CR = {fmt.num(it['cr_min'], 'stat')}～{fmt.num(it['cr_max'], 'stat')}，最大的{p(it['p_max'])}"
    r = f"*r*<sub>it</sub> = {fmt.num(it['r_min'], 'r')}～{fmt.num(it['r_max'], 'r')}"
    s = (
        "项目分析中，按各量表总分将被调查者排序，取最高与最低的27%为高分组与低分组，以独立样本*t*检验"
        f"比较两组在各题项上的均值（决断值{cr}），并计算各题项与所属量表其余题项之和的相关（{r}；"
        "{tab:item-analysis}）。"
    )
    if it["flagged"]:
        return s + (
            f"{join(list(it['flagged']))}的决断值低于{fmt.num(ITEM_CR_MIN.value, 'int')}或题项—总分相关"
            f"低于{fmt.num(ITEM_TOTAL_MIN.value, 'r')}，但仍予保留，量表结构以下文的验证性模型为准。"
        )
    return s + (
        f"所有题项的决断值均不低于{fmt.num(ITEM_CR_MIN.value, 'int')}，题项—总分相关均不低于"
        f"{fmt.num(ITEM_TOTAL_MIN.value, 'r')}，说明各题项具有良好的区分度，全部予以保留。"
    )
