"""表格的标题与注释。"""

from __future__ import annotations

from surveysem.criteria import (
    CHISQ_DF_LAX,
    FIT_AMOS,
    ITEM_CR_MIN,
    ITEM_TOTAL_MIN,
    MIN_CELL,
    ULMC_DELTA,
)
from surveysem.fmt import num
from surveysem.report.phrases.zh.common import level_pct, method_text

TITLES = {
    "instruments": "问卷各量表",
    "flow": "数据筛查步骤",
    "fixes": "筛查前设为缺失的作答",
    "sample": "样本基本特征",
    "levels": "各量表的得分水平：均值与作答量尺中点的比较",
    "corr": "各量表得分的均值、标准差与相关系数",
    "reliability": "信度与聚合效度",
    "htmt": "异质—单质比率（HTMT）",
    "fl": "Fornell–Larcker准则",
    "cmb": "共同方法偏差：单因子模型与测量模型的比较",
    "ulmc": "共同方法偏差：加入潜在方法因子前后的测量模型",
    "fit": "测量模型与结构模型的拟合指标",
    "fit-amos": "测量模型与结构模型的其他拟合指标",
    "mi": "测量模型最大的修正指数",
    "paths": "结构路径（直接效应）",
    "sensitivity": "题项作为连续变量与作为有序变量时的结构路径",
    "hypotheses": "研究假设及检验结果",
    "moderation": "调节变量不同取值下的条件效应",
    "effects": "主要间接效应",
    "levers": "各压力源与资源的总效应（着力点）",
    "invariance": "跨组测量等值性",
    "groups": "群体差异：可靠的比较",
    "recommendations": "按排序规则排列的对策",
    "questionnaire": "调查问卷题项",
    "items": "题项统计量",
    "item-analysis": "项目分析：决断值与校正的题项—总分相关",
    "loadings": "测量模型的标准化因子载荷",
    "missing": "各量表的缺失作答",
    "mediation": "中介效应检验：直接效应、间接效应与总效应",
    "competing": "假设模型与竞争模型（部分中介模型）的比较",
    "effects-all": "直接效应、间接效应与总效应",
    "invariance-paths": "假设路径的跨组比较",
    "group-desc": "各组的量表均值",
    "groups-all": "全部群体比较",
    "posthoc": "组别水平之间的Games–Howell比较",
    "regression": "职业倦怠各维度对人口学变量的回归",
    "regression-fit": "人口学回归的拟合",
    "diagnostics": "估计诊断信息",
    "packages": "软件版本",
    "hashes": "输入文件及其SHA-256摘要",
}

FIT_VERSION = {
    ("MLR", "robust"): "χ²为Yuan–Bentler校正卡方；CFI、TLI和RMSEA为稳健指数。",
    (
        "WLSMV",
        "robust",
    ): "χ²为均值与方差校正卡方；CFI、TLI和RMSEA为适用于类别数据的稳健指数[@savalei2021]。",
    ("WLSMV", "scaled"): "χ²为均值与方差校正卡方；CFI、TLI和RMSEA据其计算（此处稳健指数无定义）。",
    (
        "ULSMV",
        "robust",
    ): "χ²为均值与方差校正卡方；CFI、TLI和RMSEA为适用于类别数据的稳健指数[@savalei2021]。",
    ("ULSMV", "scaled"): "χ²为均值与方差校正卡方；CFI、TLI和RMSEA据其计算。",
}
STARS = "* *p* < .05，** *p* < .01，*** *p* < .001（双侧）。"


def amos_note(kw) -> str:
    """AMOS常用拟合指标的表注：所用卡方、各指标的临界值及其出处。"""
    c = FIT_AMOS
    basis = (
        "χ²/*df*、NFI、IFI、RFI与PNFI均基于{tab:fit}中的校正χ²及其自由度。"
        if kw.get("scaled")
        else "χ²/*df*为{tab:fit}中的χ²除以其自由度。"
    )
    gfi = f"GFI与AGFI ≥ {num(c['gfi'].value, 'fit')}[@joreskog1984]；" if kw.get("gfi") else ""
    return (
        basis
        + f"常用标准：χ²/*df* < {num(c['chisq_df'].value, 'int')}[@carmines1981]"
        + f"（较宽松的标准为 < {num(CHISQ_DF_LAX.value, 'int')}[@wheaton1977]）；{gfi}"
        + f"NFI ≥ {num(c['nfi'].value, 'fit')}[@bentler1980]；IFI ≥ {num(c['ifi'].value, 'fit')}"
        + f"[@bollen1989]；RFI ≥ {num(c['rfi'].value, 'fit')}[@bollen1986]；PNFI ≥ "
        + f"{num(c['pnfi'].value, 'fit')}[@james1982]。这些指标比CFI和RMSEA更易受样本量与模型规模的影响，"
        + "此处列出以便与已有研究比较，模型拟合的判断以{tab:fit}中的指标为准。"
    )


def note(key: str, ci_level: float = 0.95, **kw) -> str:
    lev = level_pct(ci_level)
    rev = "（反向题已反向计分）" if kw.get("reversed") else ""
    notes = {
        "instruments": "α = 分析样本中的Cronbach's α系数。各题项见{sec:app-items}。",
        "flow": "各筛查步骤按所列顺序进行；被调查者计入首个将其排除的步骤。",
        "fixes": "表中为作答数，不识别任何被调查者。",
        "sample": f"*N* = {kw.get('n', '')}。少于{MIN_CELL}的频数显示为“< {MIN_CELL}”，并不报告其百分比。",
        "levels": f"以单样本*t*检验比较各量表均值与作答量尺的中点；*d* = （*M* − 中点）/ *SD*。% = 得分高于中点的被调查者比例。量表得分为题项均值{rev}。",
        "corr": f"*N* = {kw.get('n', '')}。量表得分为题项均值{rev}。{STARS}",
        "reliability": f"α = Cronbach's α系数[@cronbach1951]及其{lev}置信区间；ω = McDonald's ω系数[@mcdonald1999]；"
        + (
            "α<sub>ord</sub> = 基于多分格相关的有序α系数[@zumbo2007]；ω<sub>cat</sub> = 类别ω系数[@green2009]；"
            if kw.get("ordinal")
            else ""
        )
        + "CR = 组合信度；AVE = 平均方差抽取量[@fornell1981]。标准：α与CR ≥ .70，AVE ≥ .50。",
        "htmt": "小于.85表明具有区分效度[@henseler2015]。",
        "fl": "对角线为AVE的平方根，其下为潜变量之间的相关系数。若每个对角线值均大于其所在行与列的相关系数，则具有区分效度[@fornell1981]。",
        "cmb": "Δχ²比较单因子模型与测量模型[@podsakoff2003]。"
        + (
            "题项为有序变量时，此处的χ²、CFI和RMSEA为校正指数，Δχ²为校正的差异检验，因而与{tab:fit}中的稳健指数不同。"
            if kw.get("ordinal")
            else ""
        ),
        "sensitivity": f"β = 标准化系数；*p*为Wald检验的*p*值。{kw.get('study', '')}为本研究采用的估计方法，{kw.get('other', '')}为题项的另一种处理方式。{lev}置信区间不包含0时路径可靠。",
        "fit": FIT_VERSION.get((kw.get("estimator"), kw.get("version")), "")
        + "拟合良好：CFI与TLI ≥ .95，RMSEA ≤ .06，SRMR ≤ .08[@hu1999]；可以接受：CFI与TLI ≥ .90，RMSEA ≤ .08，SRMR ≤ .10[@browne1993; @marsh2004]。",
        "fit-amos": amos_note(kw),
        "item-analysis": f"高分组与低分组分别为量表总分最高与最低的27%被调查者。CR = 决断值，即高分组与低分组的独立样本*t*检验（假定方差齐性，与SPSS一致；Welch *t*检验结果见结果表）。*r*<sub>it</sub> = 校正的题项—总分相关。CR < {num(ITEM_CR_MIN.value, 'int')}或*p* ≥ .05，或*r*<sub>it</sub> < {num(ITEM_TOTAL_MIN.value, 'r')}的题项予以标记。",
        "ulmc": "方法因子负荷于全部题项，且与各构念不相关[@podsakoff2003]。Δ = 加入方法因子后的值减去加入前的值。"
        + ("CFI、TLI和RMSEA为稳健指数，χ²为校正卡方。" if kw.get("robust") else "")
        + f"若CFI或TLI提高超过{num(ULMC_DELTA['cfi'], 'fit')}，或RMSEA或SRMR降低超过{num(ULMC_DELTA['rmsea'], 'fit')}，则认为存在严重的共同方法偏差。",
        "mi": "仅供参考，未据此释放任何参数。MI = 释放该参数后χ²的预期下降量；SEPC = 标准化预期参数变化。=~ 表示载荷；~~ 表示（残差）协方差。",
        "paths": f"*B* = 非标准化系数及其{lev} Wald置信区间；β = 标准化系数及其{lev} Bootstrap置信区间（若进行了Bootstrap）。{STARS}",
        "hypotheses": f"统一规则：{lev}置信区间不包含0且估计值符号与预期一致时，假设得到支持（路径：*B*的Wald区间；效应：Bootstrap区间）。β及其Bootstrap置信区间。效应大小依Cohen对β的标准[@cohen1988]。",
        "moderation": f"调节变量取值为中心化后的数值（潜调节变量为其潜变量尺度）。*B*的标准误与*p*值采用Delta法；{lev}置信区间采用{'；'.join(method_text(m) for m in kw.get('method', '').split('; ') if m)}。",
        "effects": f"先列研究假设涉及的间接效应，再按|β|列出最大的可靠间接效应；β及其{lev} Bootstrap置信区间。全部效应见{{tab:effects-all}}。",
        "levers": (
            f"对每个压力源与资源，列出其对受影响最大的职业倦怠维度的标准化总效应（直接效应加间接效应）及其{lev} Bootstrap置信区间；对职业倦怠没有可靠效应的着力点，列出其对工作结果最强的可靠效应。"
            if kw.get("burnout", True)
            else f"对每个压力源与资源，列出其对受影响最大的工作结果的标准化总效应（直接效应加间接效应）及其{lev} Bootstrap置信区间（编码手册未将任何量表设为职业倦怠维度）。"
        )
        + (
            "可靠总效应与对策所需方向相反的着力点列出该效应，不予排序。"
            if kw.get("opposite")
            else ""
        )
        + "排序 = {sec:recommendations}排序规则的顺序。",
        "invariance": "每个模型在上一个模型的基础上增加等同约束：形态等值（结构相同）、弱等值（载荷相等）、强等值（截距相等）、部分强等值（释放部分截距）。当CFI下降不超过.010[@cheung2002]且RMSEA上升不超过.015[@chen2007]时，该步等值成立。",
        "groups": "经Holm校正（跨全部比较）后可靠的比较[@holm1979]；采用Welch *t*检验或Welch方差分析。*g* = Hedges' *g*；ω²为方差解释比例类效应量。全部比较见{tab:groups-all}。",
        "recommendations": f"β = 着力点对职业倦怠的标准化总效应（若对职业倦怠均不可靠，则为对工作结果的总效应）及其{lev} Bootstrap置信区间。排序依本章规则。",
        "questionnaire": "R = 反向计分（新值 = 最小值 + 最大值 − 原值）。",
        "items": "*r*<sub>it</sub> = 校正的题项—总分相关；λ = 验证性因子分析的标准化载荷。",
        "loadings": "每个因子的第一个载荷固定为1，因此没有*SE*与检验。",
        "missing": "收到 = 全部问卷；分析 = 经被调查者筛查之后。",
        "mediation": f"*B*及其{lev}置信区间；β及其{lev} Bootstrap置信区间（进行了Bootstrap时）。效应占比 = 间接效应 / 总效应，仅在总效应的置信区间不包含0且二者方向一致时报告。假设模型未设定的直接路径取自竞争模型（部分中介模型，Wald区间）；中介类型依据直接效应的置信区间判断[@wen2014]。",
        "competing": "假设模型与增加中介假设所蕴含的直接路径后的竞争模型的拟合指标。Δ = 竞争模型减假设模型（Δχ²为所增路径的差异检验）。除非Δχ²显著，否则保留更简约的模型。",
        "effects-all": f"β及其{lev} Bootstrap置信区间（百分位法）；*B*及其{lev}置信区间。",
        "invariance-paths": "Δχ²检验将路径限定为跨组相等（两个模型中载荷均相等）；*p*<sub>Holm</sub>在同一分组变量的各路径之间校正[@holm1979]。",
        "group-desc": f"各量表在各组的*M*（*SD*）。少于{MIN_CELL}人的组别不予报告。",
        "groups-all": "*p*<sub>Holm</sub>跨全部比较校正[@holm1979]。ES = 效应量：*g* = Hedges' *g*，为{tab:group-desc}中后列组别减前列组别（*g* > 0表示后者得分更高）；ω²、ε²为方差解释比例类效应量；*r*<sub>rb</sub> = 等级二列相关。Welch *t*检验的自由度列于df1。",
        "posthoc": "仅列经Holm校正后可靠的比较。差值 = 第二个水平的均值减去第一个水平的均值；*g* = Hedges' *g*。",
        "regression": f"各职业倦怠维度对全部人口学变量的OLS回归（*B*为非标准化系数）；分类预测变量以其第一个水平为参照进行虚拟编码。VIF = 方差膨胀因子。{STARS}",
        "regression-fit": "",
        "diagnostics": "",
        "packages": "",
        "hashes": "",
    }
    return notes[key]
