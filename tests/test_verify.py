"""surveysem.verify: the comparison behind `make verify`."""

from pathlib import Path

from surveysem.verify import compare_runs


def _run(root: Path, files: dict[str, bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content)
    return root


def test_identical_runs_have_no_differences(tmp_path):
    files = {"results/sem/fit.csv": b"index,value\nchisq,1.5\n", "reports/thesis.pdf": b"%PDF"}
    assert compare_runs(_run(tmp_path / "a", files), _run(tmp_path / "b", files)) == []


def test_an_altered_result_file_is_named(tmp_path):
    a = _run(tmp_path / "a", {"results/sem/fit.csv": b"chisq,1.5\n", "reports/thesis.pdf": b"x"})
    b = _run(tmp_path / "b", {"results/sem/fit.csv": b"chisq,1.6\n", "reports/thesis.pdf": b"x"})
    assert compare_runs(a, b) == ["results/sem/fit.csv: differs"]


def test_missing_and_extra_files_are_named(tmp_path):
    a = _run(tmp_path / "a", {"results/a.csv": b"1", "reports/thesis.pdf": b"x"})
    b = _run(tmp_path / "b", {"results/b.csv": b"1", "reports/thesis.pdf": b"x"})
    assert compare_runs(a, b) == [
        "results/a.csv: missing from the fresh run",
        "results/b.csv: produced by the fresh run but not in the reference run",
    ]
