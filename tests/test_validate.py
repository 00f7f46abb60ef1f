"""surveysem.validate: one-line start-up messages (schema, placeholders, data header, CLI)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from surveysem.codebook import parse_codebook
from surveysem.validate import (
    check_data_columns,
    check_schema,
    configfile_problem,
    describe_schema,
    load_inputs,
    placeholder_problem,
    read_yaml,
    schema_problems,
)

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "workflow" / "schemas"
STUDY_SCHEMA = yaml.safe_load((SCHEMAS / "config.schema.yaml").read_text())
BOOK_SCHEMA = yaml.safe_load((SCHEMAS / "codebook.schema.yaml").read_text())
CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text())
BOOK = yaml.safe_load((ROOT / "data" / "codebook.yaml").read_text())


def study_problems(change) -> list[str]:
    cfg = copy.deepcopy(CONFIG)
    change(cfg)
    return schema_problems(cfg, STUDY_SCHEMA, "study file s.yaml")


def book_problems(change) -> list[str]:
    book = copy.deepcopy(BOOK)
    change(book)
    return schema_problems(book, BOOK_SCHEMA, "codebook c.yaml")


def test_the_default_files_have_no_problem():
    assert schema_problems(CONFIG, STUDY_SCHEMA, "s") == []
    assert schema_problems(BOOK, BOOK_SCHEMA, "c") == []


def test_a_misspelled_key_is_one_line_with_the_nearest_valid_key():
    def typo(cfg):
        cfg["model"]["structual"] = cfg["model"].pop("structural")

    # the missing `structural` is the same mistake: one line, not two
    assert study_problems(typo) == [
        "study file s.yaml: model.structual: unknown key; did you mean `structural`? "
        "(keys of model: structural, extra, composites, interaction, indirect)"
    ]


def test_a_misplaced_key_points_to_where_it_belongs():
    assert study_problems(lambda c: c.__setitem__("bootstrap", 500)) == [
        "study file s.yaml: bootstrap: unknown key here; did you mean `analysis.bootstrap`? "
        "(move it under `analysis:`) (top-level keys: title, title_zh, author, author_zh, "
        "institution, institution_zh, language, simulated, data, codebook, model, hypotheses, "
        "cleaning, survey, analysis, report, power)"
    ]


def test_a_misspelled_key_in_the_wrong_place_points_to_the_nearest_key_anywhere():
    def moved(cfg):
        cfg["structual"] = cfg["model"].pop("structural")

    assert study_problems(moved)[-1].startswith(
        "study file s.yaml: structual: unknown key here; did you mean `model.structural`? "
        "(move it under `model:`) (top-level keys: title, "
    )


def test_an_entry_of_a_list_is_named_by_its_id():
    assert study_problems(lambda c: c["hypotheses"][1].__setitem__("sign", "negative")) == [
        "study file s.yaml: hypotheses[H2].sign: 'negative' is not allowed; expected one of +, -"
    ]


def test_values_of_the_wrong_kind_say_what_is_expected():
    assert study_problems(lambda c: c["analysis"].__setitem__("estimator", "MLM")) == [
        "study file s.yaml: analysis.estimator: 'MLM' is not allowed; expected one of ML, MLR, WLSMV, ULSMV; "
        "did you mean `ML`?"
    ]
    assert study_problems(lambda c: c["analysis"].__setitem__("bootstrap", "500")) == [
        "study file s.yaml: analysis.bootstrap: expected a whole number, got '500'"
    ]
    assert study_problems(lambda c: c["analysis"].__setitem__("ci_level", 95)) == [
        "study file s.yaml: analysis.ci_level: expected a number < 1, got 95"
    ]
    assert study_problems(lambda c: c["hypotheses"][1].__setitem__("path", "EE <- CB")) == [
        "study file s.yaml: hypotheses[H2].path: 'EE <- CB' does not have the expected form; "
        "expected a text like `EE ~ WL`"
    ]
    assert study_problems(lambda c: c["model"].__setitem__("indirect", "all")) == [
        "study file s.yaml: model.indirect: expected `auto` or a list (each a text like "
        "`WL -> EE -> DP`), got 'all'"
    ]
    assert study_problems(lambda c: c.pop("codebook")) == [
        "study file s.yaml: codebook: missing (required)"
    ]


def test_codebook_errors_name_the_codebook():
    def bad(book):
        book["scales"]["WL"]["rnage"] = book["scales"]["WL"].pop("range")
        book["scales"]["EE"]["role"] = "burn-out"
        book["scales"]["自我"] = book["scales"].pop("SS")

    assert book_problems(bad) == [
        "codebook c.yaml: scales.EE.role: 'burn-out' is not allowed; expected one of stressor, "
        "burnout, outcome, resource, other; did you mean `burnout`?",
        "codebook c.yaml: scales.WL.rnage: unknown key; did you mean `range`? (keys of "
        "scales.WL: label, label_zh, role, level, items, reverse, range, item_text, "
        "item_text_zh, instructions, instructions_zh, anchors, anchors_zh)",
        "codebook c.yaml: scales.自我: the name '自我' is not allowed; expected a name that "
        "starts with a Latin letter and has only letters, digits and _ (like `WL` or "
        "`self_concept`)",
    ]


def test_check_schema_raises_one_line_per_problem_and_no_schema_dump():
    cfg = copy.deepcopy(CONFIG)
    cfg["analysis"]["estimater"] = "ML"
    cfg["cleaning"]["exclude"] = ["longstrings"]
    with pytest.raises(ValueError) as err:
        check_schema(cfg, SCHEMAS / "config.schema.yaml", "study file s.yaml")
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("study file s.yaml: analysis.estimater: unknown key; did you mean")
    assert lines[1].startswith("study file s.yaml: cleaning.exclude[0]: 'longstrings' is not")
    assert "did you mean `longstring`?" in lines[1]


def test_describe_schema():
    assert describe_schema({"type": "string", "enum": ["en", "zh"]}) == "one of `en`, `zh`"
    assert describe_schema({"type": "array", "items": {"type": "string"}}) == "a list of texts"
    assert describe_schema({"type": ["number", "null"]}) == "a number or null"


def test_yaml_syntax_errors_are_one_line(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("scales:\n  WL:\n\tlabel: x\n")
    with pytest.raises(ValueError) as err:
        read_yaml(path, "codebook")
    assert str(err.value).startswith(f"codebook {path}: not valid YAML at line 3, column 1: ")
    assert "\n" not in str(err.value)


def test_a_study_file_that_is_not_yaml_is_named_with_its_line(tmp_path):
    study = tmp_path / "s.yaml"
    study.write_text('title: "Burnout\nmodel:\n  structural: EE ~ WL\n')
    expected = (
        f"study file {study}: not valid YAML at line 4, column 1: found unexpected end of "
        "stream (while scanning a quoted scalar that starts at line 1) (indent with spaces, "
        "not tabs; quote texts that contain `: ` or start with a special character)"
    )
    assert configfile_problem(["--cores", "2", "--configfile", str(study)]) == expected
    assert configfile_problem([f"--configfile={study}", "-n"]) == expected
    study.write_text("title: x\n")  # valid YAML: the schema check at start-up takes over
    assert configfile_problem(["--configfile", str(study)]) is None
    assert configfile_problem(["--configfile", str(tmp_path / "absent.yaml")]) is None


def test_placeholders_are_refused_in_one_line():
    assert placeholder_problem([], "codebook c.yaml") is None
    assert placeholder_problem(["scales.S1.label", "scales.S2.label"], "codebook c.yaml") == (
        "codebook c.yaml: 2 value(s) still read '(edit: ...)' as surveysem.draft left them: "
        "scales.S1.label, scales.S2.label; write what each one means, then run again"
    )


def test_a_missing_item_is_named_with_the_columns_that_exist():
    book = parse_codebook(
        {
            "scales": {
                "WL": {
                    "label": "W",
                    "role": "stressor",
                    "items": ["wl1", "wl2", "wl9"],
                    "range": [1, 5],
                }
            },  # fmt: skip
            "demographics": {"sex": {"label": "Sex", "type": "categorical", "levels": {1: "m"}}},
        }
    )
    with pytest.raises(ValueError) as err:
        check_data_columns(book, ["id", "gender", "wl1", "wl2", "wl3"], "s.csv", "c.yaml", "id")
    assert str(err.value) == (
        "data file s.csv: 2 columns named in the codebook c.yaml are not in the data: "
        "wl9 (item of scale WL; nearest column: wl3), sex (demographic). The data file has: "
        "id, gender, wl1, wl2, wl3. Make the names in the codebook and the data file agree"
    )
    check_data_columns(book, ["wl1", "wl2", "wl9", "sex"], "s.csv", "c.yaml")


def test_a_target_after_configfile_gets_both_forms_that_work():
    argv = ["--cores", "2", "--configfile", "s.yaml", "results/sem/estimates.csv"]
    assert configfile_problem(argv) == (
        "--configfile reads every word after it as a study file, so the target "
        "results/sem/estimates.csv was taken for one; put the targets first (snakemake --cores 2 "
        "results/sem/estimates.csv --configfile s.yaml) or write --configfile=s.yaml "
        "results/sem/estimates.csv"
    )
    assert configfile_problem(["--configfile", "s.yaml", "reports/thesis.pdf", "-n"])
    assert configfile_problem(["--configfiles", "a.yaml", "b.yaml", "x/y.csv"])
    # the forms that work
    assert configfile_problem(["results/sem/fit.csv", "--configfile", "s.yaml"]) is None
    assert configfile_problem(["--configfile=s.yaml", "results/sem/fit.csv"]) is None
    assert configfile_problem(["--configfile", "s.yaml", "--cores", "2", "reports/x.pdf"]) is None
    assert configfile_problem(["--configfile", "a.yaml", "b.yaml"]) is None


def test_load_inputs_accepts_the_worked_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    cfg = yaml.safe_load((ROOT / "docs" / "example" / "study.yaml").read_text())
    check_schema(cfg, SCHEMAS / "config.schema.yaml", "study file")
    book = load_inputs(cfg, "docs/example/study.yaml", SCHEMAS)
    assert book.scale_names == ["WL", "WF", "SS", "EE", "DP", "RE"]


def test_load_inputs_names_a_missing_data_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = {"data": {"path": "nowhere.csv"}, "codebook": "c.yaml", "model": {"structural": "x"}}
    with pytest.raises(ValueError, match=r"^study file s.yaml: data.path: file 'nowhere.csv' not"):
        load_inputs(cfg, "s.yaml", SCHEMAS)
    (tmp_path / "teachers.sav").write_bytes(b"")
    cfg["data"]["path"] = "teacher.sav"
    with pytest.raises(ValueError) as err:
        load_inputs(cfg, "s.yaml", SCHEMAS)
    assert str(err.value) == (
        "study file s.yaml: data.path: file 'teacher.sav' not found (did you mean "
        f"`teachers.sav`?); give the survey file's path relative to the working directory "
        f"({tmp_path}), or an absolute path"
    )
    cfg["data"]["path"] = "mystudy/survey.sav"
    with pytest.raises(ValueError, match=r"not found \(the folder 'mystudy' does not exist\)"):
        load_inputs(cfg, "s.yaml", SCHEMAS)


def test_a_chinese_report_without_its_fonts_stops_with_what_to_install():
    from surveysem.validate import missing_fonts

    assert missing_fonts(["en"], installed=[]) is None
    assert missing_fonts(["zh"], installed=["Noto Serif CJK SC", "Noto Sans CJK SC"]) is None
    msg = missing_fonts(["en", "zh"], installed=["DejaVu Sans"])
    assert "Noto Serif CJK SC" in msg and "fonts-noto-cjk" in msg and "language: en" in msg


def test_survey_counts_out_of_order_stop_the_run_naming_the_key(tmp_path):
    from surveysem.codebook import parse_codebook
    from surveysem.study import check_study

    cb = parse_codebook(
        {"scales": {"A": {"label": "A", "role": "other", "items": ["a1", "a2"], "range": [1, 5]}}}
    )
    cfg = {"model": {"structural": "", "extra": "", "composites": []}, "analysis": {"groups": []},
           "survey": {"distributed": 100, "returned": 101}}  # fmt: skip
    with pytest.raises(
        ValueError, match=r"survey\.returned \(101\) is larger than survey\.distributed"
    ):
        check_study(cfg, cb, source="study file s.yaml")
