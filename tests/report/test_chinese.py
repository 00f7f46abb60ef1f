"""The Chinese thesis: its parts, its fonts, its citations, and the same numbers as the English one."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from helpers.runs import prose
from pypdf import PdfReader

KEYWORDS = ["摘要", "关键词", "研究假设", "信度", "效度", "验证性因子分析", "结构方程模型", "中介效应",
            "对策建议", "参考文献", "Abstract"]  # fmt: skip
NUMBER = re.compile(r"[−-]?(?:\d{1,3}(?:,\d{3})+|\d+)?\.\d+|\d{1,3}(?:,\d{3})+")


def _cjk_fonts() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return "Noto Serif CJK SC" in out and "Noto Sans CJK SC" in out


needs_fonts = pytest.mark.skipif(
    not _cjk_fonts(),
    reason="the CJK fonts (Debian fonts-noto-cjk) are not installed; `make` installs them",
)


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


def _fonts(path: Path) -> dict[str, bool]:
    """Base font name -> whether its font program is embedded."""
    out = {}
    for page in PdfReader(path).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[str(f.get("/BaseFont")).split("+")[-1]] = embedded
    return out


def _tables(html: str) -> dict[str, list[str]]:
    """Table id -> the numbers of its numeric body cells, in order (text cells, such as
    level labels like "<5 years", are words and are translated)."""
    out = {}
    for m in re.finditer(r'<div class="apa-table[^"]*" id="(tab-[\w-]+)">(.*?)</div>', html, re.S):
        cells = " ".join(re.findall(r'<td class="num">(.*?)</td>', m.group(2), re.S))
        out[m.group(1)] = NUMBER.findall(re.sub(r"<[^>]+>", " ", cells).replace("\u2060", ""))
    return out


@pytest.mark.slow
@needs_fonts
def test_the_chinese_pdf_has_every_part_and_no_replacement_characters(default_run):
    text = _pdf_text(default_run / "reports/thesis.zh.pdf")
    missing = [k for k in KEYWORDS if k not in text]
    assert not missing, missing
    assert "\ufffd" not in text
    assert re.search(r"表4-1", text) and re.search(r"图4-1", text)  # numbered by chapter
    assert "第四章" in text and "结论与展望" in text


@pytest.mark.slow
@needs_fonts
def test_the_chinese_pdf_embeds_its_cjk_fonts_with_real_bold(default_run):
    fonts = _fonts(default_run / "reports/thesis.zh.pdf")
    assert all(fonts.values()), [f for f, e in fonts.items() if not e]
    names = set(fonts)
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"} <= names, sorted(names)
    assert any(n.startswith("Liberation-Serif") for n in names), sorted(names)


@pytest.mark.slow
def test_every_table_number_is_the_same_in_both_languages(default_run):
    en = _tables((default_run / "reports/thesis.html").read_text(encoding="utf-8"))
    zh = _tables((default_run / "reports/thesis.zh.html").read_text(encoding="utf-8"))
    assert set(en) == set(zh)
    differ = [t for t in en if en[t] != zh[t]]
    assert not differ, differ
    assert sum(len(v) for v in en.values()) > 1000


@pytest.mark.slow
@pytest.mark.parametrize("name", ["default_run", "prasojo_run"])
def test_every_number_the_chinese_text_states_is_in_the_english_report(name, request):
    run = request.getfixturevalue(name)
    en_html = (run / "reports/thesis.html").read_text(encoding="utf-8")
    en = Counter(NUMBER.findall(re.sub(r"<[^>]+>", " ", en_html).replace("\u2060", "")))
    zh = NUMBER.findall(" ".join(prose(run / "reports/thesis.zh.html", references=False)))
    assert len(zh) > 50
    strays = sorted({x for x in zh if x not in en})
    assert not strays, strays[:20]


@pytest.mark.slow
def test_chinese_citations_are_numbered_in_order_and_all_listed(default_run):
    html = (default_run / "reports/thesis.zh.html").read_text(encoding="utf-8")
    refs = re.search(r'<ul class="refs numbered">(.*?)</ul>', html, re.S).group(1)
    labels = [int(n) for n in re.findall(r'<span class="refnum">\[(\d+)\]</span>', refs)]
    assert labels == list(range(1, len(labels) + 1))
    body = html.split('<ul class="refs numbered">')[0] + html.split("</ul>", 1)[-1]
    cited = {int(x) for grp in re.findall(r"<sup>\[([\d,\-]+)\]</sup>", body) for x in _expand(grp)}
    assert cited == set(labels)
    first = [int(_expand(g)[0]) for g in re.findall(r"<sup>\[([\d,\-]+)\]</sup>", body)]
    assert first[0] == 1  # numbered by first citation
    assert "[J]." in refs and "[M]." in refs
    assert "李超平" in refs or "温忠麟" in refs


def _expand(group: str) -> list[int]:
    out = []
    for part in group.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


@pytest.mark.slow
def test_the_chinese_hypotheses_table_says_cheng_li(default_run):
    html = (default_run / "reports/thesis.zh.html").read_text(encoding="utf-8")
    tab = re.search(r'id="tab-hypotheses">(.*?)</div>', html, re.S).group(1)
    hyp = pd.read_csv(default_run / "results/sem/hypotheses.csv")
    assert "成立" in tab
    assert ("不成立" in tab) == (not hyp["supported"].astype(bool).all())
    assert "研究假设" in html


@pytest.mark.slow
def test_chinese_figure_captions_are_below_and_table_captions_above(default_run):
    html = (default_run / "reports/thesis.zh.html").read_text(encoding="utf-8")
    fig = re.search(r'<figure id="fig-path_diagram".*?</figure>', html, re.S).group(0)
    assert fig.index("<img") < fig.index('class="fcap"')
    tab = re.search(r'<div class="apa-table[^"]*" id="tab-fit">.*?</div>', html, re.S).group(0)
    assert tab.index('class="tcap"') < tab.index("<table")
    en = (default_run / "reports/thesis.html").read_text(encoding="utf-8")
    fig = re.search(r'<figure id="fig-path_diagram".*?</figure>', en, re.S).group(0)
    assert fig.index('class="fcap"') < fig.index("<img")  # APA: above


@pytest.mark.slow
def test_the_chinese_questionnaire_appendix_is_the_questionnaire(default_run):
    html = (default_run / "reports/thesis.zh.html").read_text(encoding="utf-8")
    app = html.split('id="sec-app-items"')[1].split("</section>")[0]
    for s in ("尊敬的民警同志", "您的性别", "□男", "非常不同意", "注意力检测题", "反向"):
        assert s in app, s
    assert "wording not given" not in app and "编码本未给出" not in app


@pytest.mark.slow
@needs_fonts
def test_a_real_data_study_renders_in_chinese(prasojo_run):
    pdf = prasojo_run / "reports/thesis.zh.pdf"
    text = _pdf_text(pdf)
    assert "教师效能感" in text and "参考文献" in text and "\ufffd" not in text
    body = " ".join(prose(prasojo_run / "reports/thesis.zh.html", references=False))
    body = body.split("Abstract")[0] + body.split("Keywords:")[-1]  # without the English abstract
    assert "Teacher efficacy" not in body and "教师效能感" in body
    assert "WLSMV" in body  # the ordinal items' estimator, said in the Chinese text
