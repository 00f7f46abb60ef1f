"""surveysem.draft: a starter codebook from an SPSS file's labels."""

import pandas as pd
import pyreadstat
import yaml

from surveysem.codebook import check_against_data, parse_codebook
from surveysem.draft import draft_codebook, main
from surveysem.ingest import read_survey


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
            "Drained",
            "Used up",
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
    assert book["scales"]["WL"]["range"] == [1.0, 5.0]
    assert book["scales"]["WL"]["item_text"]["wl1"] == "I work overtime"
    assert book["demographics"]["gender"]["levels"] == {1: "male", 2: "female"}
    assert book["demographics"]["age"]["type"] == "numeric"
    cb = parse_codebook(yaml.safe_load(yaml.safe_dump(book)))
    check_against_data(cb, data)


def test_command_writes_a_yaml_file(tmp_path):
    out = tmp_path / "codebook.yaml"
    assert main([str(_sav(tmp_path)), str(out)]) == 0
    assert "Starter codebook" in out.read_text()
    assert "WL" in yaml.safe_load(out.read_text())["scales"]
