"""surveysem.draft: a starter codebook and study file from a survey file."""

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from surveysem.codebook import check_against_data, parse_codebook
from surveysem.draft import (
    draft_codebook,
    draft_study,
    find_id_column,
    find_scales,
    is_cjk,
    label_stem,
    main,
    placeholders,
    study_text,
)
from surveysem.ingest import read_survey
from surveysem.validate import check_schema, load_inputs

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "workflow" / "schemas"


def _sav(tmp_path):
    df = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "gender": [1, 2, 2, 1],
            "age": [25, 31, 44, 52],
            "wl1": [1, 2, 3, 4],
            "wl2": [2, 2, 3, 5],
            "wl3": [1, 3, 3, 4],
            "ee_1": [1, 5, 4, 4],
            "ee_2": [2, 5, 4, 3],
            "ee_3": [1, 4, 5, 4],
        }
    )
    likert = {1: "never", 2: "rarely", 3: "sometimes", 4: "often", 5: "always"}
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(
        df,
        str(path),
        column_labels=[
            "ID",
            "Gender",
            "Age",
            "I work overtime",
            "Too many tasks",
            "No breaks",
            "我感到情绪枯竭",
            "工作让我筋疲力尽",
            "Tired",
        ],  # fmt: skip
        variable_value_labels={"gender": {1: "male", 2: "female"}}
        | {c: likert for c in ["wl1", "wl2", "wl3", "ee_1", "ee_2", "ee_3"]},
    )
    return path


def test_scales_from_prefixes_and_ranges_from_value_labels(tmp_path):
    data = read_survey(_sav(tmp_path))
    book = draft_codebook(data)
    assert set(book["scales"]) == {"WL", "EE"}
    assert book["scales"]["EE"]["items"] == ["ee_1", "ee_2", "ee_3"]
    assert book["scales"]["WL"]["range"] == [1, 5]
    assert book["scales"]["WL"]["item_text"]["wl1"] == "I work overtime"
    assert book["demographics"]["gender"]["levels"] == {1: "male", 2: "female"}
    assert book["demographics"]["age"]["type"] == "numeric"
    cb = parse_codebook(yaml.safe_load(yaml.safe_dump(book)))
    check_against_data(cb, data)


def test_cjk_labels_go_to_the_zh_fields_and_the_id_is_not_a_demographic(tmp_path):
    draft = draft_study(read_survey(_sav(tmp_path)))
    ee = draft.codebook["scales"]["EE"]
    assert ee["item_text_zh"] == {"ee_1": "我感到情绪枯竭", "ee_2": "工作让我筋疲力尽"}
    assert ee["item_text"] == {"ee_3": "Tired"}
    assert draft.id_column == "id"
    assert "id" not in draft.codebook["demographics"]


def test_stems_and_ids():
    cols = ["编号", "性别", "自我概念1", "自我概念2", "自我概念3", "TSC_1", "tsc2", "TSC3",
            "Q5_1", "Q5_2", "Q5_3", "x1", "x2", "2020"]  # fmt: skip
    assert find_scales(cols) == {
        "自我概念": ["自我概念1", "自我概念2", "自我概念3"],
        "TSC": ["TSC_1", "tsc2", "TSC3"],
        "Q5": ["Q5_1", "Q5_2", "Q5_3"],
    }
    assert find_scales(cols, min_items=2)["x"] == ["x1", "x2"]
    assert is_cjk("自我概念") and not is_cjk("self-concept")
    frame = pd.DataFrame({"no": [3, 4, 5], "序号": [1, 1, 2], "sex": [1, 2, 1]})
    assert find_id_column(frame, set()) == "no"  # distinct consecutive whole numbers
    assert find_id_column(frame.rename(columns={"sex": "Respondent_ID"}), {"no"}) is None
    named = pd.DataFrame({"sex": [1, 2, 1], "respondent_id": ["a7", "b2", "c9"]})
    assert find_id_column(named, set()) == "respondent_id"


def test_placeholders_are_found_by_key_path():
    raw = {"title": "(edit: the study's title)", "scales": {"S1": {"label": "(edit: x)"}},
           "levels": ["ok", "(edit: y)"]}  # fmt: skip
    assert placeholders(raw) == ["title", "scales.S1.label", "levels[1]"]


def _gbk_survey(path: Path) -> None:
    rows = []
    for i in range(12):
        row = {"编号": i + 1, "性别": 1 + i % 2, "年龄": 22 + 3 * i}
        for stem, k in (("自我概念", 5), ("教学效能", 4), ("情绪衰竭", 5)):
            for j in range(1, k + 1):
                row[f"{stem}{j}"] = 1 + (i + j) % 5
        row["备注"] = "无"
        rows.append(row)
    pd.DataFrame(rows).to_csv(path, index=False, encoding="gbk")


GBK_SUMMARY = """\
Read survey.csv: 12 respondents.
Scales found: 3 (columns sharing a stem, ending in a number)
  S1: 5 items (自我概念1 … 自我概念5), range 1-5, from '自我概念'
  S2: 4 items (教学效能1 … 教学效能4), range 1-5, from '教学效能'
  S3: 5 items (情绪衰竭1 … 情绪衰竭5), range 1-5, from '情绪衰竭'
Id column: 编号
Demographics: 性别 (categorical, 2 codes), 年龄 (numeric)
Not used (text or constant): 备注
Language: zh, as most labels are Chinese: the thesis is written in Chinese. The English placeholders must still be filled (the codebook requires English labels); language: [zh, en] in the study file writes an English thesis too.
Wrote mystudy/codebook.yaml and mystudy/study.yaml.
Next steps:
  1. In the codebook, replace the 7 '(edit: ...)' placeholders, set each scale's role \
(stressor, burnout, outcome, resource) and level, and list reverse-keyed items.
  2. In the study file, write the title, the structural model and the hypotheses.
  3. Run: .venv/bin/snakemake --cores 2 --configfile=mystudy/study.yaml
"""


def test_a_gbk_csv_with_chinese_column_names(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _gbk_survey(tmp_path / "survey.csv")
    assert main(["survey.csv", "mystudy/codebook.yaml"]) == 0  # the folder is created
    assert capsys.readouterr().out == GBK_SUMMARY
    book = yaml.safe_load((tmp_path / "mystudy/codebook.yaml").read_text(encoding="utf-8"))
    assert list(book["scales"]) == ["S1", "S2", "S3"]
    s1 = book["scales"]["S1"]
    assert s1["label_zh"] == "自我概念" and s1["label"] == "(edit: what the scale measures)"
    assert s1["items"] == [f"自我概念{j}" for j in range(1, 6)] and s1["range"] == [1, 5]
    assert book["demographics"]["性别"] == {
        "label": "(edit: English label)", "label_zh": "性别", "type": "categorical",
        "levels": {1: "(edit: what code 1 means)", 2: "(edit: what code 2 means)"},
    }  # fmt: skip
    assert book["demographics"]["年龄"]["range"] == [22, 55]
    study = yaml.safe_load((tmp_path / "mystudy/study.yaml").read_text(encoding="utf-8"))
    assert study["data"] == {"path": "survey.csv", "id_column": "编号"}
    assert study["language"] == "zh"
    assert study["codebook"] == "mystudy/codebook.yaml"
    assert study["model"]["structural"].strip() == "S3 ~ S1 + S2"
    check_schema(study, SCHEMAS / "config.schema.yaml", "study file")
    check_schema(book, SCHEMAS / "codebook.schema.yaml", "codebook")


def test_the_run_refuses_the_unedited_draft_and_accepts_it_edited(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _gbk_survey(tmp_path / "survey.csv")
    assert main(["survey.csv", "codebook.yaml"]) == 0
    study = yaml.safe_load(Path("study.yaml").read_text(encoding="utf-8"))
    check_schema(study, SCHEMAS / "config.schema.yaml", "study file")
    with pytest.raises(ValueError) as err:
        load_inputs(study, "study.yaml", SCHEMAS)
    assert str(err.value) == (
        "codebook codebook.yaml: 7 value(s) still read '(edit: ...)' as surveysem.draft left "
        "them: scales.S1.label, scales.S2.label, scales.S3.label, demographics.性别.label, "
        "demographics.性别.levels.1, demographics.性别.levels.2, demographics.年龄.label; write "
        "what each one means, then run again\n"
        "study file study.yaml: 1 value(s) still read '(edit: ...)' as surveysem.draft left "
        "them: title; write what each one means, then run again"
    )
    edited = Path("codebook.yaml").read_text(encoding="utf-8").replace("(edit: ", "(")
    Path("codebook.yaml").write_text(edited, encoding="utf-8")
    study["title"] = "Teacher burnout"
    book = load_inputs(study, "study.yaml", SCHEMAS)
    assert book.scale("S1").label_zh == "自我概念"


def test_no_scale_found_is_a_warning_and_a_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    pd.DataFrame({"name": ["a", "b"], "score": [3, 4], "age": [30, 40]}).to_csv(
        "flat.csv", index=False
    )
    assert main(["flat.csv", "codebook.yaml"]) == 1
    assert capsys.readouterr().err == (
        "surveysem.draft: warning: no scale found in flat.csv: a scale is 3 or more columns "
        "whose names share a stem and end in a number (wl1, wl2, wl3 or 自我概念1, 自我概念2, "
        "自我概念3); rename the item columns or lower --min-items. Nothing written.\n"
    )
    assert not Path("codebook.yaml").exists() and not Path("study.yaml").exists()


def test_help_and_existing_files(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m surveysem.draft")
    monkeypatch.chdir(tmp_path)
    _gbk_survey(tmp_path / "survey.csv")
    Path("codebook.yaml").write_text("# mine\n")
    assert main(["survey.csv"]) == 1
    assert "codebook.yaml already there; nothing written" in capsys.readouterr().err
    assert Path("codebook.yaml").read_text() == "# mine\n"
    assert main(["survey.csv", "--force"]) == 0


def test_command_writes_a_yaml_file(tmp_path):
    out = tmp_path / "codebook.yaml"
    assert main([str(_sav(tmp_path)), str(out)]) == 0
    assert "Codebook drafted by surveysem.draft" in out.read_text()
    assert "WL" in yaml.safe_load(out.read_text())["scales"]
    assert (tmp_path / "study.yaml").is_file()


def test_latin_value_labels_are_the_anchors_and_an_english_survey_drafts_english(tmp_path):
    draft = draft_study(read_survey(_sav(tmp_path)))
    wl = draft.codebook["scales"]["WL"]
    assert wl["anchors"] == {1: "never", 2: "rarely", 3: "sometimes", 4: "often", 5: "always"}
    assert "anchors_zh" not in wl and "label_zh" not in wl
    assert "label_zh" not in draft.codebook["scales"]["EE"]  # CJK labels with no common stem
    assert "levels_zh" not in draft.codebook["demographics"]["gender"]
    assert draft.language == "en"
    assert "\nlanguage: en\n" in study_text(draft, "s.sav", "codebook.yaml")


def test_label_stems():
    assert label_stem("自我概念3") == "自我概念"
    assert label_stem("成就感低落 12") == "成就感低落"
    assert label_stem("自我概念（3）") == "自我概念"
    assert label_stem("自我概念_3：我觉得自己是个好老师") == "自我概念"
    assert label_stem("Self-concept 3: I am a good teacher") == "Self-concept"
    for text in ("我感到紧张", "我每周工作3天", "2020", "", None, "1. 我觉得"):
        assert label_stem(text) is None, text


def test_mixed_value_labels_split_by_script_and_chinese_levels_go_to_levels_zh():
    data = pd.DataFrame({"a1": [1, 2, 3], "a2": [2, 3, 1], "a3": [3, 1, 2], "sex": [2, 1, 2]})
    anchors = {1: "非常不同意", 2: "agree", 3: "非常同意"}
    book = draft_codebook(
        data,
        value_labels={"a1": anchors, "a2": {4: "extra"}, "sex": {2.0: "女", 1.0: "男"}},
        column_labels={},
    )
    assert book["scales"]["A"]["anchors_zh"] == {1: "非常不同意", 3: "非常同意"}
    assert book["scales"]["A"]["anchors"] == {2: "agree", 4: "extra"}
    assert book["demographics"]["sex"]["levels"] == {
        1: "(edit: English label)",
        2: "(edit: English label)",
    }
    assert book["demographics"]["sex"]["levels_zh"] == {1: "男", 2: "女"}


BURNOUT = (("TSC", "自我概念", 5), ("TE", "教学效能", 5), ("EE", "情绪衰竭", 5),
           ("DE", "去人性化", 3), ("RPA", "成就感低落", 5))  # fmt: skip
LIKERT_ZH = {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意"}


def _zh_sav(path: Path, by_question: bool = False) -> Path:
    """A .sav with English (or Q1 … Q23) column names and Chinese labels, as SPSS exports it."""
    n = 12
    cols = {"id": [1001.0 + i for i in range(n)], "gender": [1.0 + i % 2 for i in range(n)],
            "age": [22.0 + 3 * i for i in range(n)]}  # fmt: skip
    labels = ["编号", "性别", "年龄"]
    value_labels = {"gender": {1.0: "男", 2.0: "女"}}
    q = 0
    for name, zh, k in BURNOUT:
        for j in range(1, k + 1):
            q += 1
            col = f"Q{q}" if by_question else f"{name}{j}"
            cols[col] = [float(1 + (i + j + q) % 5) for i in range(n)]
            labels.append(f"{zh}{j}")
            value_labels[col] = LIKERT_ZH
    pyreadstat.write_sav(
        pd.DataFrame(cols), str(path), column_labels=labels, variable_value_labels=value_labels
    )
    return path


ZH_SAV_SUMMARY = """\
Read survey.sav: 12 respondents.
Scales found: 5 (columns sharing a stem, ending in a number)
  TSC: 5 items (TSC1 … TSC5), range 1-5, from 'TSC'
  TE: 5 items (TE1 … TE5), range 1-5, from 'TE'
  EE: 5 items (EE1 … EE5), range 1-5, from 'EE'
  DE: 3 items (DE1 … DE3), range 1-5, from 'DE'
  RPA: 5 items (RPA1 … RPA5), range 1-5, from 'RPA'
Answer labels (value labels -> anchors_zh): 1 = 非常不同意 … 5 = 非常同意, the same for every scale
Id column: id
Demographics: gender (categorical, 2 codes), age (numeric)
Language: zh, as most labels are Chinese: the thesis is written in Chinese. The English \
placeholders must still be filled (the codebook requires English labels); language: [zh, en] in \
the study file writes an English thesis too.
Wrote new/codebook.yaml and new/study.yaml.
Next steps:
  1. In the codebook, replace the 7 '(edit: ...)' placeholders, set each scale's role \
(stressor, burnout, outcome, resource) and level, and list reverse-keyed items.
  2. In the study file, write the title, the structural model and the hypotheses.
  3. Run: .venv/bin/snakemake --cores 2 --configfile=new/study.yaml
"""


def test_a_sav_with_english_names_and_chinese_labels(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _zh_sav(tmp_path / "survey.sav")
    assert main(["survey.sav", "new/codebook.yaml"]) == 0
    assert capsys.readouterr().out == ZH_SAV_SUMMARY
    book = yaml.safe_load(Path("new/codebook.yaml").read_text(encoding="utf-8"))
    assert list(book["scales"]) == ["TSC", "TE", "EE", "DE", "RPA"]
    tsc = book["scales"]["TSC"]
    assert tsc["label"] == "(edit: what the scale measures)" and tsc["label_zh"] == "自我概念"
    assert [s["label_zh"] for s in book["scales"].values()] == [zh for _, zh, _ in BURNOUT]
    assert tsc["anchors_zh"] == LIKERT_ZH and "anchors" not in tsc
    assert tsc["item_text_zh"]["TSC1"] == "自我概念1"
    assert book["demographics"]["gender"] == {
        "label": "gender", "label_zh": "性别", "type": "categorical",
        "levels": {1: "(edit: English label)", 2: "(edit: English label)"},
        "levels_zh": {1: "男", 2: "女"},
    }  # fmt: skip
    check_schema(book, SCHEMAS / "codebook.schema.yaml", "codebook")
    study = yaml.safe_load(Path("new/study.yaml").read_text(encoding="utf-8"))
    assert study["language"] == "zh" and study["data"]["id_column"] == "id"
    check_schema(study, SCHEMAS / "config.schema.yaml", "study file")
    edited = Path("new/codebook.yaml").read_text(encoding="utf-8").replace("(edit: ", "(")
    Path("new/codebook.yaml").write_text(edited, encoding="utf-8")
    study["title"] = "Teacher burnout"
    parsed = load_inputs(study, "new/study.yaml", SCHEMAS)
    assert parsed.scale("TSC").anchors_zh == {float(k): v for k, v in LIKERT_ZH.items()}
    assert parsed.demographic("gender").levels_zh == {1.0: "男", 2.0: "女"}
    check_against_data(parsed, read_survey("survey.sav"))


def test_question_numbered_columns_are_split_by_their_label_stems(tmp_path):
    draft = draft_study(read_survey(_zh_sav(tmp_path / "q.sav", by_question=True)))
    scales = draft.codebook["scales"]
    assert list(scales) == ["S1", "S2", "S3", "S4", "S5"]
    assert [s["label_zh"] for s in scales.values()] == [zh for _, zh, _ in BURNOUT]
    assert [i for s in scales.values() for i in s["items"]] == [f"Q{q}" for q in range(1, 24)]
    assert scales["S4"]["items"] == ["Q16", "Q17", "Q18"]
    assert draft.stems["S1"] == "自我概念" and draft.split["S1"] == "Q"
    assert scales["S1"]["anchors_zh"] == LIKERT_ZH


def test_a_split_leaves_out_the_columns_whose_labels_name_no_scale():
    data = pd.DataFrame({f"V{j}": [1, 2, 3, 1] for j in range(1, 9)})
    labels = {"V1": "Gender", "V2": "Workload 1", "V3": "Workload 2", "V4": "Workload 3",
              "V5": "Exhaustion 1: tired", "V6": "Exhaustion 2: drained",
              "V7": "Exhaustion 3: empty", "V8": "Workload 4"}  # fmt: skip
    draft = draft_study(data, value_labels={}, column_labels=labels)
    scales = draft.codebook["scales"]
    assert {n: s["items"] for n, s in scales.items()} == {
        "WORKLOAD": ["V2", "V3", "V4", "V8"],
        "EXHAUSTION": ["V5", "V6", "V7"],
    }
    assert "label_zh" not in scales["WORKLOAD"]
    assert scales["WORKLOAD"]["label"] == "(edit: what the scale measures)"
    assert list(draft.codebook["demographics"]) == ["V1"]
    one_stem = {c: f"Workload {j}" for j, c in enumerate(data.columns, start=1)}
    assert list(draft_codebook(data, {}, one_stem)["scales"]) == ["V"]  # one stem: no split


def test_output_folders_are_created(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _gbk_survey(tmp_path / "survey.csv")
    assert main(["survey.csv", "a/b/codebook.yaml", "--study", "c/study.yaml"]) == 0
    assert Path("a/b/codebook.yaml").is_file() and Path("c/study.yaml").is_file()
    Path("file").write_text("x")
    assert main(["survey.csv", "file/codebook.yaml"]) == 1
    assert capsys.readouterr().err.startswith("surveysem.draft: cannot create the folder file")
