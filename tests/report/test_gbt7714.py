"""GB/T 7714 entries against the standard's own examples (2015 and 2025), and the bibliography.

Expected strings are examples printed in the standards; the clause is named in each test. The
examples are read from GB/T 7714-2015 and from the 2025 examples as transcribed in
zepinglee/gbt7714-bibtex-style (tests/testfiles/2015-numeric.tlg, 2025-numeric.tlg, keys
``gbt7714.<clause>:<n>``). Inputs are written the way data/references.yaml writes a work (APA
author strings and sentence-case titles), so the tests also exercise the conversion.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from surveysem.report.gbt7714 import (
    EDITIONS,
    editor_names,
    format_reference,
    in_text,
    narrative,
    western_names,
)

ROOT = Path(__file__).resolve().parents[2]
REFS = yaml.safe_load((ROOT / "data/references.yaml").read_text(encoding="utf-8"))["references"]
BY_KEY = {r["key"]: r for r in REFS}

KANAMORI = {
    "key": "kanamori1998",
    "authors": "Kanamori, H.",
    "year": 1998,
    "title": "Shaking without quaking",
    "journal": "Science",
    "volume": 279,
    "issue": 5359,
    "pages": "2063",
}
DES_MARAIS = {
    "key": "desmarais1992",
    "authors": "Des Marais, D. J., Strauss, H., Summons, R. E., & Hayes, J. M.",
    "year": 1992,
    "title": "Carbon isotope evidence for the stepwise oxidation of the Proterozoic environment",
    "journal": "Nature",
    "volume": 359,
    "pages": "605–609",
}
YU = {
    "key": "yu2012",
    "lang": "zh",
    "authors": "Yu, X., Liu, Y., Chai, Y., & Sun, H.",
    "authors_zh": "于潇, 刘义, 柴跃廷, 孙宏波",
    "year": 2012,
    "title": "A subject qualification audit and filing model",
    "title_zh": "互联网药品可信交易环境中主体资质审核备案模式",
    "journal": "Journal of Tsinghua University (Science and Technology)",
    "journal_zh": "清华大学学报(自然科学版)",
    "volume": 52,
    "issue": 11,
    "pages": "1518–1523",
}
CHENG = {
    "key": "cheng1999",
    "lang": "zh",
    "authors": "Cheng, G.",
    "authors_zh": "程根伟",
    "year": 1999,
    "title": "Causes of the 1998 Yangtze flood",
    "title_zh": "1998年长江洪水的成因与减灾对策",
    "booktitle": "Floods in the Yangtze basin",
    "booktitle_zh": "长江流域洪涝灾害与科技对策",
    "editors": "H. Xu & Q. Zhao",
    "editors_zh": "许厚泽, 赵其国",
    "place": "Beijing",
    "place_zh": "北京",
    "publisher": "Science Press",
    "publisher_zh": "科学出版社",
    "pages": "32–36",
}
WEINSTEIN = {
    "key": "weinstein1974",
    "authors": "Weinstein, L., & Swartz, M. N.",
    "year": 1974,
    "title": "Pathogenic properties of invading microorganisms",
    "booktitle": "Pathologic physiology: Mechanisms of disease",
    "editors": "W. A. Sodeman Jr. & W. A. Sodeman",
    "place": "Philadelphia",
    "publisher": "Saunders",
    "pages": "457–472",
}
CAIRNS = {
    "key": "cairns1965",
    "type": "thesis",
    "authors": "Cairns, B. R.",
    "year": 1965,
    "title": "Infrared spectroscopic studies on solid oxygen",
    "school": "Univ. of California",
    "place": "Berkeley",
}


# --- GB/T 7714-2015 -----------------------------------------------------------------------


def test_2015_journal_article_clause_4_4_2_example_6():
    assert format_reference(KANAMORI) == (
        "KANAMORI H. Shaking without quaking[J]. Science, 1998, 279(5359): 2063."
    )


def test_2015_more_than_three_western_authors_clause_a8_example_5():
    assert format_reference(DES_MARAIS) == (
        "DES MARAIS D J, STRAUSS H, SUMMONS R E, et al. Carbon isotope evidence for the "
        "stepwise oxidation of the Proterozoic environment[J]. Nature, 1992, 359: 605-609."
    )


def test_2015_more_than_three_authors_names_clause_8_1_2():
    four = dict(KANAMORI, authors="Fordham, E. W., Ali, A., Turner, D. A., & Charters, J. R.")
    assert format_reference(four).startswith("FORDHAM E W, ALI A, TURNER D A, et al. Shaking")
    three = dict(KANAMORI, lang="zh", authors_zh="李四光, 华罗庚, 茅以升", title_zh="题",
                 journal_zh="刊")  # fmt: skip
    assert format_reference(three).startswith("李四光, 华罗庚, 茅以升. 题[J]")


def test_2015_more_than_three_chinese_authors_clause_a8_example_3():
    assert format_reference(YU) == (
        "于潇, 刘义, 柴跃廷, 等. 互联网药品可信交易环境中主体资质审核备案模式[J]. "
        "清华大学学报(自然科学版), 2012, 52(11): 1518-1523."
    )


def test_2015_book_with_edition_clause_a1_example_14():
    ref = {
        "key": "obrien1994",
        "authors": "O'Brien, J. A.",
        "year": 1994,
        "title": "Introduction to information systems",
        "edition": "7th",
        "place": "Burr Ridge, IL",
        "publisher": "Irwin",
    }
    assert format_reference(ref) == (
        "O'BRIEN J A. Introduction to information systems[M]. 7th ed. Burr Ridge, IL: Irwin, 1994."
    )


def test_2015_book_subtitle_lower_cased_clause_a1_example_12():
    ref = {
        "key": "crawford1995",
        "authors": "Crawford, W., & Gorman, M.",
        "year": 1995,
        "title": "Future libraries: Dreams, madness, & reality",
        "place": "Chicago",
        "publisher": "American Library Association",
    }
    assert format_reference(ref) == (
        "CRAWFORD W, GORMAN M. Future libraries: dreams, madness, & reality[M]. "
        "Chicago: American Library Association, 1995."
    )


def test_2015_chapter_in_a_chinese_book_clause_4_2_2_example_2():
    assert format_reference(CHENG) == (
        "程根伟. 1998年长江洪水的成因与减灾对策[M]//许厚泽, 赵其国. 长江流域洪涝灾害与科技对策. "
        "北京: 科学出版社, 1999: 32-36."
    )


def test_2015_chapter_with_a_junior_editor_clause_4_2_2_example_6():
    assert format_reference(WEINSTEIN) == (
        "WEINSTEIN L, SWARTZ M N. Pathogenic properties of invading microorganisms[M]//"
        "SODEMAN W A, Jr, SODEMAN W A. Pathologic physiology: mechanisms of disease. "
        "Philadelphia: Saunders, 1974: 457-472."
    )


def test_2015_thesis_clause_a4_example_3():
    assert format_reference(CAIRNS) == (
        "CAIRNS B R. Infrared spectroscopic studies on solid oxygen[D]. "
        "Berkeley: Univ. of California, 1965."
    )


def test_2015_online_thesis_with_cited_page_clause_a4_example_1():
    url = "http://www.cnki.net/kcms/detail/detail.aspx?filename=1012035905.nh"
    ref = {
        "key": "ma2011",
        "lang": "zh",
        "type": "thesis",
        "authors": "Ma, H.",
        "authors_zh": "马欢",
        "year": 2011,
        "title": "Water cycle in the Haihe basin",
        "title_zh": "人类活动影响下海河流域典型区水循环变化分析",
        "school": "Tsinghua University",
        "school_zh": "清华大学",
        "place": "Beijing",
        "place_zh": "北京",
        "pages": "27",
        "url": url,
        "accessed": "2013-10-14",
    }
    assert format_reference(ref) == (
        f"马欢. 人类活动影响下海河流域典型区水循环变化分析[D/OL]. 北京: 清华大学, 2011: 27"
        f"[2013-10-14]. {url}."
    )


def test_2015_doi_clause_a8_example_4():
    url = "http://d.g.wanfangdata.com.cn/Periodical_hunandz201010038.aspx"
    ref = {
        "key": "chen2010",
        "lang": "zh",
        "authors": "Chen, J.",
        "authors_zh": "陈建军",
        "year": 2010,
        "title": "From digital earth to smart earth",
        "title_zh": "从数字地球到智慧地球",
        "journal": "Land and Resources Herald",
        "journal_zh": "国土资源导刊",
        "volume": 7,
        "issue": 10,
        "pages": "93",
        "url": url,
        "accessed": "2013-03-20",
        "doi": "10.3969/j.issn.1672-5603.2010.10.038",
    }
    assert format_reference(ref) == (
        f"陈建军. 从数字地球到智慧地球[J/OL]. 国土资源导刊, 2010, 7(10): 93[2013-03-20]. {url}. "
        "DOI:10.3969/j.issn.1672-5603.2010.10.038."
    )


def test_2015_printed_article_with_doi_follows_the_format_of_clause_4_4_1():
    ref = BY_KEY["bakker2007"]
    assert format_reference(ref) == (
        "BAKKER A B, DEMEROUTI E. The Job Demands-Resources model: state of the art[J]. "
        "Journal of Managerial Psychology, 2007, 22(3): 309-328. DOI:10.1108/02683940710733115."
    )


def test_2015_web_page_with_update_and_access_date_clause_4_6_2_example_3():
    url = "http://www.soi.city.ac.uk/~dbawden/digital%20literacy%20chapter.pdf"
    ref = {
        "key": "bawden2008",
        "type": "webpage",
        "authors": "Bawden, D.",
        "title": "Origins and concepts of digital literacy",
        "updated": "2008-05-04",
        "accessed": "2013-03-08",
        "url": url,
    }
    assert format_reference(ref) == (
        f"BAWDEN D. Origins and concepts of digital literacy[EB/OL]. (2008-05-04)[2013-03-08]. {url}."
    )


def test_2015_drops_the_hyphen_of_initials_clause_a8_example_9():
    ref = dict(KANAMORI, authors="Park, J.-R., & Tosaka, Y.")
    assert format_reference(ref).startswith("PARK J R, TOSAKA Y. ")


# --- GB/T 7714-2025 -----------------------------------------------------------------------


def test_2025_names_not_capitalised_and_etal_clause_7_1_2_example_4():
    four = dict(KANAMORI, authors="Fordham, E. W., Ali, A., Turner, D. A., & Charters, J. R.")
    assert format_reference(four, "2025").startswith("Fordham E W，Ali A，Turner D A，et al. ")


def test_2025_keeps_the_hyphen_of_initials_clause_7_1_1_example_11():
    ref = dict(KANAMORI, authors="Godard, J.-L.")
    assert format_reference(ref, "2025").startswith("Godard J-L. Shaking")


def test_2025_journal_article_clause_8_1_example_4():
    ref = {
        "key": "caplan1993",
        "authors": "Caplan, P.",
        "year": 1993,
        "title": "Cataloging internet resources",
        "journal": "The Public-Access Computer Systems Review",
        "volume": 4,
        "issue": 2,
        "pages": "61–66",
    }
    assert format_reference(ref, "2025") == (
        "Caplan P. Cataloging internet resources[J]. The Public-Access Computer Systems Review，"
        "1993，4（2）：61-66."
    )


def test_2025_more_than_three_chinese_authors_clause_8_5_3_example_3():
    ref = dict(YU, journal_zh="清华大学学报（自然科学版）")
    assert format_reference(ref, "2025") == (
        "于潇，刘义，柴跃廷，等. 互联网药品可信交易环境中主体资质审核备案模式[J]. "
        "清华大学学报（自然科学版），2012，52（11）：1518-1523."
    )


def test_2025_chapter_clauses_8_1_example_2_and_8_3_2_example_4():
    assert format_reference(CHENG, "2025") == (
        "程根伟. 1998年长江洪水的成因与减灾对策[M]//许厚泽，赵其国. 长江流域洪涝灾害与科技对策. "
        "北京：科学出版社，1999：32-36."
    )
    assert format_reference(dict(WEINSTEIN, edition="5th"), "2025") == (
        "Weinstein L，Swartz M N. Pathogenic properties of invading microorganisms[M]//"
        "Sodeman W A，Jr，Sodeman W A. Pathologic physiology：mechanisms of disease. 5th ed. "
        "Philadelphia：Saunders，1974：457-472."
    )


def test_2025_thesis_clause_8_7_2_example_1():
    ref = {
        "key": "wang2022",
        "lang": "zh",
        "type": "thesis",
        "authors": "Wang, Q.",
        "authors_zh": "王琦",
        "year": 2022,
        "title": "Soil moisture from GNSS-R and SAR",
        "title_zh": "融合星载GNSS-R和SAR数据的高时空分辨率土壤湿度反演方法研究",
        "school": "Wuhan University",
        "school_zh": "武汉大学",
        "place": "Wuhan",
        "place_zh": "武汉",
        "pages": "87",
    }
    assert format_reference(ref, "2025") == (
        "王琦. 融合星载GNSS-R和SAR数据的高时空分辨率土壤湿度反演方法研究[D]. 武汉：武汉大学，2022：87."
    )


def test_2025_doi_clause_7_8_example_1():
    ref = {
        "key": "chu2010",
        "lang": "zh",
        "authors": "Chu, D.",
        "authors_zh": "储大同",
        "year": 2010,
        "title": "Targeted drugs",
        "title_zh": "恶性肿瘤个体化治疗靶向药物的临床表现",
        "journal": "Chinese Journal of Oncology",
        "journal_zh": "中华肿瘤杂志",
        "volume": 32,
        "issue": 10,
        "pages": "721–724",
        "url": "https://rs.yiigle.com/cmaid/37528",
        "doi": "10.3760/cma.j.issn.0253-3766.2010.10.001",
    }
    assert format_reference(ref, "2025") == (
        "储大同. 恶性肿瘤个体化治疗靶向药物的临床表现[J/OL]. 中华肿瘤杂志，2010，32（10）：721-724. "
        "https://rs.yiigle.com/cmaid/37528. DOI:10.3760/cma.j.issn.0253-3766.2010.10.001."
    )


def test_2025_software_clause_8_11_3_2_example_5():
    ref = {
        "key": "zotero",
        "type": "software",
        "corporate": True,
        "authors": "Zotero",
        "title": "[Zotero download]",
        "accessed": "2024-04-08",
        "url": "https://www.zotero.org/download/",
    }
    assert format_reference(ref, "2025") == (
        "Zotero. [Zotero download][CP/OL]. [2024-04-08]. https://www.zotero.org/download/."
    )


def test_punctuation_can_be_chosen_for_either_edition():
    assert format_reference(KANAMORI, "2015", punct="full") == (
        "KANAMORI H. Shaking without quaking[J]. Science，1998，279（5359）：2063."
    )
    assert format_reference(KANAMORI, "2025", punct="half") == (
        "Kanamori H. Shaking without quaking[J]. Science, 1998, 279(5359): 2063."
    )
    with pytest.raises(ValueError, match="punct 'wide'"):
        format_reference(KANAMORI, punct="wide")
    with pytest.raises(ValueError, match="edition '2005'"):
        format_reference(KANAMORI, "2005")


# --- the rules on their own ---------------------------------------------------------------


def test_missing_place_and_publisher_are_marked_as_the_standard_says_clause_8_4():
    book = {"key": "x", "authors": "Doe, J.", "year": 2000, "title": "T"}
    assert format_reference(dict(book, publisher="P")) == "DOE J. T[M]. [S.l.]: P, 2000."
    zh = {"key": "y", "lang": "zh", "authors": "Li, S.", "authors_zh": "李四", "year": 2013,
          "title": "T", "title_zh": "题", "type": "book", "place": "Harbin", "place_zh": "哈尔滨"}  # fmt: skip
    assert format_reference(zh) == "李四. 题[M]. 哈尔滨: [出版者不详], 2013."


def test_a_chinese_edition_reads_n_ban_clause_8_3():
    zh = {"key": "y", "lang": "zh", "authors": "Feng, Y.", "authors_zh": "冯友兰", "year": 2008,
          "title": "T", "title_zh": "冯友兰自选集", "edition": "2", "place": "Beijing",
          "place_zh": "北京", "publisher": "P", "publisher_zh": "首都师范大学出版社"}  # fmt: skip
    assert format_reference(zh) == "冯友兰. 冯友兰自选集[M]. 2版. 北京: 首都师范大学出版社, 2008."


def test_title_gbt_overrides_the_subtitle_rule():
    ref = dict(KANAMORI, title="Quakes: Chile and Peru")
    assert "Quakes: chile and Peru[J]" in format_reference(ref)  # the rule misreads a proper noun
    fixed = dict(ref, title_gbt="Quakes: Chile and Peru")
    assert "Quakes: Chile and Peru[J]" in format_reference(fixed)


def test_errors_name_the_entry_and_the_field():
    with pytest.raises(ValueError, match=r"'yu2012'.*journal_zh"):
        format_reference({k: v for k, v in YU.items() if k != "journal_zh"})
    with pytest.raises(ValueError, match=r"'kanamori1998'.*cannot read 'Kanamori H'"):
        format_reference(dict(KANAMORI, authors="Kanamori H"))
    with pytest.raises(ValueError, match=r"'kanamori1998'.*year"):
        format_reference({k: v for k, v in KANAMORI.items() if k != "year"})
    with pytest.raises(ValueError, match=r"type 'poem'"):
        format_reference(dict(KANAMORI, type="poem"))


def test_name_parsers():
    assert western_names("Hau, K.-T., & Wen, Z.") == [("Hau", "K.-T.", ""), ("Wen", "Z.", "")]
    assert western_names("Sodeman, W. A., Jr., & Sodeman, W. A.") == [
        ("Sodeman", "W. A.", "Jr."),
        ("Sodeman", "W. A.", ""),
    ]
    assert editor_names("K. A. Bollen & J. S. Long") == [
        ("Bollen", "K. A.", ""),
        ("Long", "J. S.", ""),
    ]
    with pytest.raises(ValueError, match="initials first"):
        editor_names("Bollen & Long")


# --- the bibliography ---------------------------------------------------------------------

EMPTY_PARTS = re.compile(
    r"\.\s*\.|[,，]\s*[,，]|\(\s*\)|（\s*）|\[\s*\]|None|\bnan\b|:\s*[,.]|//\."
)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("key", sorted(BY_KEY))
def test_every_bibliography_entry_formats_without_empty_parts(key, edition):
    ref = BY_KEY[key]
    out = format_reference(ref, edition)
    assert out.endswith(".") and not EMPTY_PARTS.search(out.replace("et al.", "et al")), out
    assert "[S.l.]" not in out and "[s.n.]" not in out and "不详" not in out, out
    assert str(ref["year"]) in out and "*" not in out, out
    if ref.get("lang") == "zh":
        assert ref["title_zh"] in out.replace(": ", "：") and ref["authors"] not in out, out
    if "doi" in ref:
        assert out.endswith(f"DOI:{ref['doi']}."), out


def test_every_book_and_chapter_has_a_place():
    books = [r for r in REFS if "publisher" in r]
    assert books, "the bibliography should hold books"
    assert not [r["key"] for r in books if not str(r.get("place", "")).strip()]


def test_the_chinese_references_the_thesis_relies_on_are_present():
    for key, authors in [
        ("li2003", "李超平, 时勘"),
        ("wen2014", "温忠麟, 叶宝娟"),
        ("zhou2004", "周浩, 龙立荣"),
    ]:
        ref = BY_KEY[key]
        assert ref["lang"] == "zh" and ref["authors_zh"] == authors, key
    assert format_reference(BY_KEY["zhou2004"]) == (
        "周浩, 龙立荣. 共同方法偏差的统计检验与控制方法[J]. 心理科学进展, 2004, 12(6): 942-950."
    )


# --- citations in the text ----------------------------------------------------------------


def test_in_text_ranges_clause_10_1_3():
    assert in_text([255, 256]) == "[255-256]"  # the standard's own example
    assert in_text([1]) == "[1]"
    assert in_text([3, 1, 2]) == "[1-3]"
    assert in_text([5, 1, 3]) == "[1,3,5]"
    assert in_text([8, 10, 11, 12, 13, 14]) == "[8,10-14]"
    assert in_text([2, 2, 3, 7]) == "[2-3,7]"
    for bad in ([], [0], [-1, 2]):
        with pytest.raises(ValueError, match="positive integers"):
            in_text(bad)


def test_narrative_forms():
    assert narrative(BY_KEY["cohen1988"], "zh") == "Cohen"
    assert narrative(BY_KEY["meade2012"], "zh") == "Meade和Craig"
    assert narrative(BY_KEY["demerouti2001"], "zh") == "Demerouti等"
    assert narrative(BY_KEY["li2003"], "zh") == "李超平和时勘"
    assert narrative(YU, "zh") == "于潇等"
    assert narrative(dict(YU, authors_zh="于潇"), "zh") == "于潇"
    assert narrative(BY_KEY["meade2012"], "en") == "Meade and Craig"
    assert narrative(BY_KEY["demerouti2001"], "en") == "Demerouti et al."
    assert narrative(BY_KEY["li2003"], "en") == "Li and Shi"
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        narrative(BY_KEY["cohen1988"], "de")
