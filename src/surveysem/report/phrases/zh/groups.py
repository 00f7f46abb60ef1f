"""实证分析（四）：测量等值性与群体差异（含差异方向）。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import ALPHA_LEVEL
from surveysem.report.phrases.zh.common import SIZE, join, p

GROUPS = "群体差异分析"
FIG_PROFILE = "各组的量表均值及其95%置信区间"
FIG_PROFILE_NOTE = "每个子图对应一个分组变量；纵轴覆盖作答量尺的全距。人数少于5人的组别不予绘制。"


def _es(d, names) -> str:
    kind = "es2" if d.es_name in ("omega_squared", "eta_squared", "epsilon_squared") else "es"
    return f"{names.label('es', d.es_name)} = {fmt.num(d.es, kind)}"


def _test(d, names) -> str:
    df = (
        f"({fmt.num(d.df1, 'dfr')})"
        if d.test == "welch_t"
        else f"({fmt.num(d.df1, 'df')}, {fmt.num(d.df2, 'dfr')})"
    )
    stat = {"welch_t": "*t*", "welch_anova": "*F*"}.get(d.test, names.label("test", d.test))
    return (
        f"{names.label('test', d.test)}，{stat}{df} = {fmt.num(d.statistic, 'stat')}，"
        f"*p*<sub>Holm</sub> {fmt.p_value(d.p_holm)}，{_es(d, names)}"
    )


def invariance_scope(names, scales: list[str]) -> str:
    return (
        f"等值性检验的模型包含了下文比较均值的全部量表（{join([names.scale(s) for s in scales])}），"
        "因此检验结论适用于这些量表（{tab:invariance}）。"
    )


LEVEL_WORDS = {"scalar": "强等值", "partial_scalar": "部分强等值", "metric": "弱等值"}


def invariance_held(names, groups: list[str], level: str) -> str:
    return f"在{join([names.demo(g) for g in groups])}上，{LEVEL_WORDS[level]}成立，各组在这些量表上的均值可以比较。"


def invariance_partial(names, g: str, freed: str, ordinal: bool = False) -> str:
    items = join([x.replace("~1", "") for x in freed.split("; ") if x])
    if ordinal:
        return f"在{names.demo(g)}上，允许{items}的阈值在组间整体平移（即释放其潜在反应变量的截距）后，强等值才成立。"
    return f"在{names.demo(g)}上，释放{items}的截距后强等值才成立。"


def invariance_ordinal() -> str:
    return (
        "由于题项按有序类别处理（WLSMV），弱等值模型限定各题项的因子载荷与阈值跨组相等，"
        "强等值模型进一步限定其潜在反应变量的截距相等[@wu2016]；表中χ²、CFI与RMSEA均为均值与方差"
        "校正（scaled-shifted）后的值，Δχ²为相应校正的差异检验。"
    )


def invariance_left_out(names, g: str, levels: list, min_n: int) -> str:
    what = join([f"{lab}（*n* = {fmt.num(n, 'int')}）" for lab, n in levels])
    return (
        f"在{names.demo(g)}的等值性检验中，{what}因完整作答人数不足{fmt.num(min_n, 'int')}人而未纳入；"
        "上述结论仅适用于其余各组，涉及未纳入组别的比较缺乏测量等值性的检验。"
    )


def invariance_metric(names, g: str) -> str:
    return (
        f"在{names.demo(g)}上，弱等值成立而强等值不成立：各组之间可以比较变量间的关系，但均值差异"
        "可能部分反映题项在各组中的作用不同，下文对其均值差异的解读应当谨慎。"
    )


def invariance_failed(names, g: str, step: str) -> str:
    steps = {
        "configural": "形态等值",
        "metric": "弱等值",
        "scalar": "强等值",
        "partial_scalar": "部分强等值",
    }
    return f"在{names.demo(g)}上，等值性在{steps.get(step, step)}一步即未成立，各组之间的关系和均值都不能严格比较。"


def invariance_untested(names, g: str, min_n: int, left: list, reason: str) -> str:
    """未检验等值性的分组变量：``min_n`` > 0 表示完整作答人数达到``min_n``的组别不足两个，
    ``left``为未纳入组别的（名称, 人数）；其他原因（``reason``为英文说明）不予照录。"""
    if not min_n:
        return f"{names.demo(g)}上的等值性未检验。"
    what = "、".join(f"“{lab}”（*n* = {fmt.num(n, 'int')}）" for lab, n in left)
    return (
        f"{names.demo(g)}上的等值性未检验：完整作答人数不少于{fmt.num(min_n, 'int')}人的组别不足两个"
        + (f"（未纳入：{what}）" if left else "")
        + "。"
    )


def invariance_fiml() -> str:
    return "与结构模型不同，多组模型未采用全信息最大似然估计：每个多组模型只使用完整作答所检验量表全部题项的被调查者。"


def paths_compared(k: int, n: int, n_paths: int, n_groups: int) -> str:
    what = f"{fmt.num(n, 'int')}次假设路径的跨组比较（{n_paths}条路径、{n_groups}个分组变量）"
    if not k:
        return f"在{what}中，将路径限定为各组相等均未使模型拟合显著变差（Holm校正的Δχ²检验；{{tab:invariance-paths}}），即没有路径在组间存在可靠差异，但这并不能证明各路径在各组中相等。"
    return f"在{what}中，有{fmt.num(k, 'int')}次将路径限定为各组相等使拟合显著变差（Holm校正的Δχ²检验；{{tab:invariance-paths}}）。"


def not_compared(names, g: str, levels: list) -> str:
    """无法进行比较的分组变量：纳入分析的被调查者中，可供比较的组别不足两个（``levels``：各组别的
    （名称, 人数））。"""
    what = "；".join(f"“{lab}”：*n* = {fmt.num(n, 'int')}" for lab, n in levels)
    return (
        f"无法按{names.demo(g)}进行比较：纳入分析的被调查者中，可供比较的组别不足两个"
        + (f"（{what}）" if what else "")
        + f"，因此本数据无法说明各量表在{names.demo(g)}上是否存在差异。"
    )


def none_reliable(n: int) -> str:
    what = "该比较无显著差异" if n == 1 else f"{fmt.num(n, 'int')}次比较均无显著差异"
    return f"经Holm校正后，{what}（{{tab:groups-all}}）。"


def n_reliable(k: int, n: int) -> str:
    return f"经Holm校正后，在{fmt.num(n, 'int')}次比较中有{fmt.num(k, 'int')}次差异显著（{{tab:groups}}；均值见{{fig:group_profile}}）。"


def difference(names, d, caution: bool) -> str:
    hi, lo = d.means[0], d.means[-1]
    size = SIZE.get(d.size, "")
    head = f"{names.scale(d.outcome)}在{names.demo(d.group_var)}上存在差异（{_test(d, names)}，效应{size}）"
    if len(d.means) == 2:
        s = f"{head}：“{names.level(d.group_var, hi.level)}”组（*M* = {fmt.num(hi.mean, 'mean')}）高于“{names.level(d.group_var, lo.level)}”组（*M* = {fmt.num(lo.mean, 'mean')}）"
    else:
        s = f"{head}：“{names.level(d.group_var, hi.level)}”组均值最高（*M* = {fmt.num(hi.mean, 'mean')}），“{names.level(d.group_var, lo.level)}”组最低（*M* = {fmt.num(lo.mean, 'mean')}）"
    if caution:
        s += "，但等值性并不完全支持对该均值差异的比较"
    return s + "。"


def posthoc(pairs) -> str:
    parts = [
        f"“{b}”组比“{a}”组{'低' if diff < 0 else '高'}{fmt.num(abs(diff), 'mean')}（{p(pv)}）"
        for a, b, diff, pv in pairs
    ]
    return "Games–Howell事后比较显示，" + "；".join(parts) + "。"


def no_posthoc() -> str:
    return "Games–Howell事后比较中没有任何两组的差异显著。"


def regression(names, d) -> str:
    rel = [(lvl, b, pv, ag) for lvl, b, pv, ag in d.regression if pv < ALPHA_LEVEL]
    if any(not ag for _, _, _, ag in rel):
        return "在以全部人口学变量为预测变量的回归中，控制其他人口学变量后该差异的方向发生了反转（{tab:regression}）。"
    if rel:
        lvl, b, pv, _ = rel[0]
        what = f"“{names.level(d.group_var, lvl)}”：" if lvl else ""
        return f"以全部人口学变量为预测变量的回归结果与此一致（{what}*B* = {fmt.num(b, 'coef')}，{p(pv)}；{{tab:regression}}）。"
    return "在以全部人口学变量为预测变量的回归中，控制其他人口学变量后该差异不再显著（{tab:regression}）。"


def rank_disagrees() -> str:
    return "对同一比较进行的秩和检验未能证实该差异。"


def collinearity(terms: list[str], top: float) -> str:
    return (
        f"在人口学变量回归中，{join(terms)}的方差膨胀因子超过10（最高为{fmt.num(top, 'vif')}[-@hair2019]）："
        "人口学变量之间相互重叠，这些项的单独系数不稳定，不予解释。"
    )


def classic_intro() -> str:
    return (
        "按国内学位论文的惯例，另以独立样本*t*检验（方差不齐时采用校正的*t*′检验）或单因素方差分析比较各组，先以Levene方差齐性检验"
        "（以中位数为中心）判断方差是否齐性：方差齐性时采用LSD法与Scheffé法进行事后多重比较，方差不齐时"
        "采用Tamhane's T2法。这些结果仅供比较，上文结论以Welch检验及Holm校正为准"
        "[@welch1947; @welch1951; @holm1979]。"
    )


def classic(names, c, means, pairs) -> str:
    """一项经典比较：各组*M* ± *SD*、方差齐性检验、*t*或*F*及差异方向、显著的事后比较。"""
    g = c["group_var"]
    ms = "；".join(
        f"“{names.level(g, lv)}”{fmt.num(m, 'mean')} ± {fmt.num(sd, 'mean')}" for lv, m, sd in means
    )
    lev = (
        f"Levene *F*({fmt.num(c['levene_df1'], 'df')}, {fmt.num(c['levene_df2'], 'df')}) = "
        f"{fmt.num(c['levene_statistic'], 'stat')}，{p(c['levene_pvalue'])}，方差"
        + ("齐性" if c["equal_var"] else "不齐")
    )
    if c["test"] == "student_t":
        test = f"*t*({fmt.num(c['df1'], 'df')}) = {fmt.num(c['statistic'], 'stat')}"
    elif c["test"] == "welch_t":  # unequal variances: Welch's t', fractional df
        test = f"*t*′({fmt.num(c['df1'], 'dfr')}) = {fmt.num(c['statistic'], 'stat')}"
    else:
        test = (
            f"*F*({fmt.num(c['df1'], 'df')}, {fmt.num(c['df2'], 'df')}) = "
            f"{fmt.num(c['statistic'], 'stat')}"
        )
    s = f"不同{names.demo(g)}的{names.scale(c['outcome'])}（*M* ± *SD*：{ms}；{lev}）：{test}，{p(c['pvalue'])}"
    if c["pvalue"] < ALPHA_LEVEL and means:
        hi, lo = max(means, key=lambda x: x[1]), min(means, key=lambda x: x[1])
        s += f"，“{names.level(g, hi[0])}”高于“{names.level(g, lo[0])}”"
    if pairs:
        s += "；" + "，".join(
            f"{m}法：“{names.level(g, b)}”{'高于' if d > 0 else '低于'}“{names.level(g, a)}”（{p(pv)}）"
            for a, b, d, m, pv in pairs
        )
    return s + "。"
