"""第3章 研究设计：研究对象与程序、研究工具、数据筛查与分析策略。"""

from __future__ import annotations

from surveysem import fmt
from surveysem.report.phrases.zh.common import join, level_pct

CHAPTER = "研究设计"
PARTICIPANTS = "研究对象与调查程序"
INSTRUMENTS = "研究工具"
SCREENING = "数据筛查"
ANALYSIS = "分析策略"

ESTIMATORS = {
    "ML": "最大似然法（ML）",
    "MLR": "稳健最大似然法（MLR，采用Huber–White稳健标准误和Yuan–Bentler校正卡方[@yuan2000]）",
    "WLSMV": "均值与方差校正的加权最小二乘法（WLSMV：对角加权最小二乘估计，稳健标准误，均值与方差"
    "校正的卡方统计量），通过阈值和多分格相关将题项作为有序分类变量处理[@flora2004]",
    "ULSMV": "均值与方差校正的未加权最小二乘法（ULSMV），通过阈值和多分格相关将题项作为有序分类变量处理",
}
MISSING = {
    "listwise": "存在缺失题项的被调查者被剔除（列删除）",
    "fiml": "不完整作答予以保留，并以全信息最大似然法估计[@enders2010]",
    "pairwise": "不完整作答予以保留，每个多分格相关系数使用同时作答两个题项的被调查者（成对删除，与lavaan相同）",
}


def participants(
    received: int, analysed: int, population: str, simulated: bool, profile: bool
) -> list[str]:
    who = population or "被调查者"
    s = (
        f"本次调查共回收{who}的问卷{fmt.num(received, 'int')}份，经{{sec:m-screening}}所述的"
        f"筛查后纳入分析{fmt.num(analysed, 'int')}份"
    )
    out = [s + ("，其人口学特征见{sec:r-sample}。" if profile else "。")]
    if not profile:
        out.append("问卷未包含可用于描述样本的人口学题目。")
    if simulated:
        out.append(
            "本研究的作答数据由有文档说明的总体模型模拟生成，仅用于演示分析方法，不描述任何真实被调查者。"
        )
    return out


def administration(survey) -> list[str]:
    """问卷发放情况：发放、回收与有效问卷数，回收率与有效回收率，调查时间、抽样与伦理审查；
    研究文件未记录的信息注明不详。"""
    if not survey:
        return [
            "本研究未记录问卷的发放与回收数量、调查时间、抽样方式及伦理审查情况，因此回收率不详。"
        ]
    out, d, r, v = [], survey.get("distributed"), survey.get("returned"), survey.get("valid")
    if d:
        s = f"本研究共发放问卷{fmt.num(d, 'int')}份"
        if r is not None:
            s += f"，回收{fmt.num(r, 'int')}份，回收率为{fmt.pct(r / d)}"
        if v is not None:
            s += f"；其中有效问卷{fmt.num(v, 'int')}份，有效回收率为{fmt.pct(v / d)}"
        out.append(s + "。")
    else:
        out.append("本研究未记录问卷发放数量，因此回收率不详。")
    for key, lead in (
        ("period", "调查时间："),
        ("sampling", "抽样方式："),
        ("ethics", "伦理审查："),
    ):
        if survey.get(key):
            out.append(f"{lead}{str(survey[key]).rstrip('。')}。")
    missing = [w for k, w in (("period", "调查时间"), ("sampling", "抽样方式"), ("ethics", "伦理审查情况"))
               if not survey.get(k)]  # fmt: skip
    if missing:
        out.append(f"本研究未记录{join(missing)}。")
    return out


def instruments(n_scales: int, n_items: int, n_reversed: int) -> str:
    s = (
        f"问卷包含{n_scales}个多题项量表，共{n_items}个题项（{{tab:instruments}}），全部题项内容见"
        "{sec:app-items}。"
    )
    if n_reversed:
        s += f"其中{n_reversed}个反向表述的题项在分析前进行了反向计分（新值 = 最小值 + 最大值 − 原值）。"
    return s


SCREEN_RULES = {
    "duplicate_row": "与此前某一行作答完全相同",
    "duplicate_id": "被调查者编号此前已经出现（保留第一次作答）",
    "attention_check": "对注意力检测题给出了错误答案",
    "longstring": "连续相同作答超过{longstring}题[@johnson2005; @curran2016]",
    "irv": "所有题项作答完全相同[@curran2016]",
    "mahalanobis": "与样本中心的马氏距离 *p* < {mahalanobis}[@meade2012]",
    "too_many_missing": "任一量表中未作答题项超过{missing_share}",
    "listwise_incomplete": "存在未作答的量表题项（模型采用完整个案）",
    "speeder": "作答时间少于{speed}秒",
}


def screening(names, steps: list[str], params: dict) -> tuple[str, list[str], str]:
    """按执行顺序列出各筛查步骤及其规则（步骤数即 ``len(steps)``）。"""
    items = []
    for s in steps:
        rule = SCREEN_RULES.get(s, s)
        if s == "speeder" and params.get("speed") is None:
            rule = "未设定作答时间下限"
        items.append(f"{names.label('step', s)}：{rule.format(**params)}。")
    intro = f"在分析之前，作答数据依次经过以下{len(steps)}道筛查："
    outro = (
        "被某一步骤剔除的被调查者只计入该步骤，不再计入后续步骤。筛查方法参照[!meade2012]"
        "关于不认真作答的建议。"
    )
    return intro, items, outro


def software(version: str, lavaan: str, semopy: str) -> str:
    return (
        f"全部分析在开源的Snakemake工作流surveysem {version}中完成[@molder2021]。其结构方程"
        f"引擎在估计值、标准误和拟合指数上与lavaan {lavaan}[@rosseel2012]的结果至少在小数点后"
        f"三位一致；模型语法的读取和模型矩阵的构建借助semopy {semopy}[@igolkina2020]，估计、"
        "标准误、拟合指数、效应分解和Bootstrap法均由其自身代码完成。"
    )


def measurement_strategy() -> str:
    return (
        "信度以Cronbach's α[@cronbach1951]、McDonald's ω[@mcdonald1999]和组合信度（CR）评价，"
        "聚合效度以平均方差抽取量（AVE）评价，区分效度以Fornell–Larcker准则[@fornell1981]和"
        "异质—单质比率（HTMT）[@henseler2015]评价。题项总体的因子分析适宜性以KMO值[@kaiser1974]"
        "和Bartlett球形检验[@bartlett1950]检验，因子数以平行分析[@horn1965]判断。共同方法偏差"
        "以Harman单因子检验、单因子验证性模型和不可测量潜在方法因子模型检验[@podsakoff2003; @zhou2004]。"
    )


def model_strategy(estimator: str, missing: str) -> str:
    return (
        "以验证性因子分析检验测量模型，以结构方程模型检验假设路径，均采用lavaan的默认设定（每个"
        f"因子的第一个载荷固定为1，外生潜变量之间的协方差自由估计），估计方法为{ESTIMATORS[estimator]}；"
        f"{MISSING[missing]}。模型拟合参照[!hu1999]的良好拟合标准（CFI和TLI ≥ .95，RMSEA ≤ .06，"
        "SRMR ≤ .08），以及[!browne1993]和[!marsh2004]较宽松的可接受标准（CFI和TLI ≥ .90，"
        "RMSEA ≤ .08，SRMR ≤ .10）。"
    )


def item_treatment(names, est, sensitivity: bool) -> str:
    """题项作为有序变量还是连续变量处理，及其理由（cfa/estimator.csv中的决定）。"""
    rule = (
        "若某量表题项的实际作答类别不超过5个，或某一题项偏度的绝对值超过2，则将该量表视为有序"
        "分类变量[@rhemtulla2012; @curran1996]"
    )
    met = join([names.scale(x) for x in est.meeting_rule])
    if est.requested in ("WLSMV", "ULSMV"):
        s = f"研究设定指定采用{est.requested}，因此全部题项均作为有序分类变量处理。"
    elif est.setting == "true":
        s = "研究设定将题项指定为有序变量，因此全部题项均作为有序分类变量处理。"
    elif est.setting == "auto" and est.ordinal:
        s = f"估计方法按预先设定的规则选择：{rule}。{met}符合该规则，因此整个模型采用{est.estimator}估计。"
    elif est.setting == "auto" and met:
        s = (
            f"估计方法按预先设定的规则选择：{rule}。{met}符合该规则，但模型中含有连续的合成变量，"
            f"该估计方法无法将其与有序题项合并处理，因此仍采用{est.estimator}。"
        )
    elif est.setting == "auto":
        s = f"估计方法按预先设定的规则选择：{rule}。没有量表符合该规则，因此题项作为连续变量处理。"
    else:
        s = (
            "题项作为连续变量处理：作答类别在5个及以上且偏度适中时，这样得到的估计值与有序模型"
            "相近[@rhemtulla2012]。"
        )
    if sensitivity:
        other = "将题项作为连续变量（ML）" if est.ordinal else "将题项作为有序变量（WLSMV）"
        s += f"作为稳健性检验，另{other}重新估计了结构模型（{{tab:sensitivity}}）。"
    return s


def effects_strategy(bootstrap: int, ci_level: float) -> str:
    lev = level_pct(ci_level)
    boot = (
        f"效应的{lev}置信区间采用对被调查者重复抽样{fmt.num(bootstrap, 'int')}次的百分位"
        "Bootstrap法[@preacher2008; @wen2014]，非标准化效应（*B*）和标准化效应（β）均如此；路径的"
        "检验及其*B*的区间采用所拟合模型的Wald检验与Wald区间。"
        if bootstrap
        else f"效应的{lev}置信区间为基于Delta法标准误的Wald区间[@sobel1982]。"
    )
    return (
        "一个变量对另一个变量的直接效应即其路径系数；间接效应是经由中介变量的各段路径系数之积；"
        "总效应是直接效应与全部间接效应之和[@bollen1987]。" + boot + "这些效应是模型所隐含的"
        "关联，横断面数据不能据此确定因果关系。"
    )


def verdict_rule(ci_level: float) -> str:
    lev = level_pct(ci_level)
    return (
        f"所有假设采用同一判定规则：当估计值的{lev}置信区间不包含0且估计值方向与预期一致时，"
        "假设成立；路径依据其Wald区间判定，间接效应依据其Bootstrap区间判定。置信区间不包含0的"
        "效应称为可靠的效应。效应大小另行判断，采用[!cohen1988]对标准化系数的标准：低于.10为"
        "可忽略，.10及以上为小，.30及以上为中等，.50及以上为大。因此，一项成立的假设其效应仍"
        "可能小到可以忽略。"
    )


def groups_strategy(
    names, groups: list[str], scales: list[str], tested: bool, regression: bool = True
) -> str:
    """``regression``：以各倦怠维度对人口学变量进行了回归（设有职业倦怠量表）。"""
    s = (
        f"采用Welch *t*检验[@welch1947]或Welch方差分析[@welch1951]比较{join([names.scale(x) for x in scales])}"
        f"在{join([names.demo(g) for g in groups])}上的差异，并以Games–Howell事后比较[@games1976]"
        "和秩和检验作为核验；效应量采用Hedges' *g*[@hedges1981]和ω²，全部比较的*p*值以Holm法"
        "[@holm1979]校正。"
    )
    if regression:
        s += "另以各倦怠维度对全部人口学变量进行回归，考察控制其他人口学变量后差异是否仍然存在。"
    if tested:
        s += (
            "在比较均值之前，先检验上述量表的测量模型在各组之间的形态等值、弱等值和强等值：CFI"
            "下降不超过.010[@cheung2002]且RMSEA上升不超过.015[@chen2007]时认为该步成立；强等值"
            "不成立时逐个释放截距（部分等值[-@byrne1989]）。"
        )
    return s


def model_syntax_intro() -> str:
    return "结构模型的lavaan语法如下："


def mediation_strategy(ci_level: float, competing: bool) -> str:
    s = (
        "中介效应检验参照温忠麟和叶宝娟[@wen2014]的程序：分别报告各中介假设的直接效应、间接效应与"
        f"总效应；效应占比（间接效应 / 总效应）仅在总效应的{level_pct(ci_level)}置信区间不包含0"
        "且二者方向一致时报告。间接效应显著时，若直接效应的置信区间包含0，为完全中介；若直接效应"
        "显著且与间接效应同号，为部分中介；若二者符号相反，则为遮掩效应。"
    )
    if competing:
        s += (
            "此外，在结构模型中加入中介假设所蕴含而模型未设定的直接路径，构建竞争模型（部分中介"
            "模型），采用相同的估计方法拟合，并以卡方差异检验比较两个模型（MLR下采用校正的卡方差异"
            f"检验[@satorra2001]）；除非差异检验在α = {fmt.fixed(1 - ci_level, 2, True)}水平上显著，"
            "否则保留更简约的假设模型。"
        )
    return s
