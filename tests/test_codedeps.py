"""Each rule depends on exactly the library modules its script runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from surveysem.codedeps import imported_modules, module_files

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "surveysem"
SCRIPTS = sorted((ROOT / "workflow" / "scripts").glob("*.py"))


def test_relative_and_absolute_imports_are_found(tmp_path):
    pkg = tmp_path / "surveysem"
    (pkg / "report").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("import numpy\nfrom surveysem import b\n")
    (pkg / "b.py").write_text("def f():\n    from surveysem.report import c\n")
    (pkg / "report" / "__init__.py").write_text("from .c import x\n")
    (pkg / "report" / "c.py").write_text("x = 1\n")
    files = {Path(f).relative_to(pkg).as_posix() for f in module_files(pkg / "a.py", pkg)}
    assert files == {"b.py", "report/__init__.py", "report/c.py"}
    assert imported_modules(pkg / "report" / "__init__.py") == {"report.c", "report.c.x"}


def _runtime_modules(script: Path) -> set[str]:
    """The surveysem modules that importing a script's imports actually loads."""
    tree = ast.parse(script.read_text())
    lines = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    code = (
        "\n".join(lines)
        + "\nimport sys\nprint('\\n'.join(m for m in sys.modules if m.startswith('surveysem')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {m for m in out.split() if m != "surveysem"}


def _file(module: str) -> Path:
    base = SRC.joinpath(*module.split(".")[1:])
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_every_module_a_script_loads_is_a_declared_input(script):
    declared = {Path(f).resolve() for f in module_files(script, SRC)}
    loaded = {_file(m).resolve() for m in _runtime_modules(script)}
    assert loaded <= declared, sorted(str(p.relative_to(SRC)) for p in loaded - declared)


def test_invariance_rule_depends_on_study_py():
    files = {
        Path(f).name for f in module_files(ROOT / "workflow/scripts/assess_invariance.py", SRC)
    }
    assert "study.py" in files
