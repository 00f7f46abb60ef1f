"""`make verify`: rerun the whole pipeline from scratch in a temporary copy of the repository and
compare every file in ``results/`` and the report with the run already in the working tree.

Usage: ``python -m surveysem.verify [--keep] [--cores N] [--configfile study.yaml]``.
Exit status 0 when every file is byte-identical, 1 otherwise (each differing, missing or extra
file is named).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = {".venv", "results", "logs", ".snakemake", ".pytest_cache", ".ruff_cache", ".hypothesis"}
COMPARED = ("results", "reports")


def _copy_tree(src: Path, dst: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        out = {n for n in names if here == src and n in SKIP}
        if here == src / "reports":
            out |= {n for n in names if n.startswith("thesis.")}
        return out | {n for n in names if n == "__pycache__"}

    shutil.copytree(src, dst, ignore=ignore, symlinks=True)


def compare_runs(reference: Path, fresh: Path) -> list[str]:
    """Files under ``results/`` and ``reports/`` that differ between two run directories.

    Returns
    -------
    list of str
        One line per differing, missing or extra file (relative path and what is wrong).
    """
    problems: list[str] = []
    for sub in COMPARED:
        a_files = {p.relative_to(reference) for p in (reference / sub).rglob("*") if p.is_file()}
        b_files = {p.relative_to(fresh) for p in (fresh / sub).rglob("*") if p.is_file()}
        for rel in sorted(a_files - b_files):
            problems.append(f"{rel}: missing from the fresh run")
        for rel in sorted(b_files - a_files):
            problems.append(f"{rel}: produced by the fresh run but not in the reference run")
        for rel in sorted(a_files & b_files):
            if not filecmp.cmp(reference / rel, fresh / rel, shallow=False):
                problems.append(f"{rel}: differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cores", default="2")
    ap.add_argument("--configfile", default="config.yaml")
    ap.add_argument("--keep", action="store_true", help="keep the temporary run directory")
    args = ap.parse_args(argv)
    root = Path.cwd()
    if not (root / "results").is_dir() or not (root / "reports" / "thesis.pdf").is_file():
        print("verify: no previous run here; run `make report` first", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="surveysem-verify-"))
    work = tmp / root.name
    try:
        _copy_tree(root, work)
        snakemake = Path(sys.executable).parent / "snakemake"
        cmd = [str(snakemake), "--cores", args.cores, "--configfile", args.configfile]
        print(f"verify: rerunning from scratch in {work}", flush=True)
        env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
        run = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr[-3000:], file=sys.stderr)
            print("verify: the fresh run failed", file=sys.stderr)
            return 1
        problems = compare_runs(root, work)
        n = sum(1 for sub in COMPARED for p in (root / sub).rglob("*") if p.is_file())
        if problems:
            print(f"verify: {len(problems)} of {n} files differ from the fresh run:")
            for line in problems:
                print(f"  {line}")
            return 1
        print(f"verify: all {n} files in results/ and reports/ are byte-identical")
        return 0
    finally:
        if args.keep:
            print(f"verify: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
