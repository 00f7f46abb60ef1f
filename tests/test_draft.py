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
    main,
    placeholders,
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
    (tmp_path / "mystudy").mkdir()
    assert main(["survey.csv", "mystudy/codebook.yaml"]) == 0
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
