"""The reproducibility record."""

import hashlib

import pytest

from surveysem.report.provenance import collect_provenance


def test_collect_provenance(tmp_path):
    f = tmp_path / "d.csv"
    f.write_bytes(b"a,b\n1,2\n")
    p = collect_provenance(
        {"data": f}, data_file=f, seed=3, repo_dir=tmp_path, source_date_epoch="86400"
    )
    assert p["files"][0]["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert p["data_date"] == "1970-01-02" and p["data_date_source"] == "epoch"
    assert p["git_state"] == "no_git"
    assert p["packages"][0]["name"] == "Python"
    with pytest.raises(ValueError, match="does not exist"):
        collect_provenance({"data": tmp_path / "nope.csv"}, data_file=f, seed=3, repo_dir=tmp_path)
