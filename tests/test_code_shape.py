"""The shape of the code: short functions in the report layer, no private names across modules."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "surveysem"
REPORT_CODE = [SRC / "report", SRC / "figures.py", SRC / "fmt.py", SRC / "labels.py"]


def _functions(path: Path):
    tree = ast.parse(path.read_text())
    for n in ast.walk(tree):
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
            yield n


def test_no_report_function_is_longer_than_80_lines():
    files = [f for p in REPORT_CODE for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
    long = [
        f"{f.relative_to(SRC)}:{n.lineno} {n.name} ({n.end_lineno - n.lineno + 1} lines)"
        for f in files
        for n in _functions(f)
        if n.end_lineno - n.lineno + 1 > 80
    ]
    assert not long, long


def test_no_module_imports_another_modules_private_names():
    bad = []
    for f in SRC.rglob("*.py"):
        for n in ast.walk(ast.parse(f.read_text())):
            if isinstance(n, ast.ImportFrom) and (
                n.level or (n.module or "").startswith("surveysem")
            ):
                bad += [
                    f"{f.relative_to(SRC)}: {n.module}.{a.name}"
                    for a in n.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert not bad, bad
