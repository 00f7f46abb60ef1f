"""Which ``surveysem`` modules a workflow script runs: derived from the imports, never copied.

Each Snakemake rule lists the library files its script executes as inputs, so that editing a
module reruns exactly the rules that use it. The list is the transitive closure of the
``surveysem`` imports (module level and inside functions) of the script, read with :mod:`ast`.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = "surveysem"


def imported_modules(path: str | Path) -> set[str]:
    """The ``surveysem`` modules one Python file imports, anywhere in the file.

    Parameters
    ----------
    path : str or Path
        A Python source file.

    Returns
    -------
    set of str
        Dotted module names relative to the package (``"sem"``, ``"report.sections"``); a
        ``from surveysem import x`` counts as module ``x``.
    """
    p = Path(path)
    stat = p.stat()
    return set(_parsed_imports(str(p), stat.st_mtime_ns, stat.st_size))


@cache
def _parsed_imports(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    """Parse once per file version: every rule's ``code()`` walks the same modules."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)
    here = _module_name(Path(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    out.add(alias.name.partition(".")[2])
        elif isinstance(node, ast.ImportFrom):
            mod = _absolute(node, here)
            if mod is None:
                continue
            rel = mod.partition(".")[2]
            if rel:
                out.add(rel)
            for alias in node.names:  # `from surveysem import sem` or `from .report import x`
                out.add(f"{rel}.{alias.name}" if rel else alias.name)
    return frozenset(m for m in out if m)


def _module_name(path: Path) -> str | None:
    parts = path.with_suffix("").parts
    if PACKAGE not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index(PACKAGE)
    return ".".join(parts[i:])


def _absolute(node: ast.ImportFrom, here: str | None) -> str | None:
    if node.level == 0:
        mod = node.module or ""
        return mod if mod.split(".")[0] == PACKAGE else None
    if here is None:
        return None
    base = here.split(".")[: -node.level]
    return ".".join(base + ([node.module] if node.module else []))


def module_files(script: str | Path, src_dir: str | Path) -> list[str]:
    """The source files of every ``surveysem`` module a script runs, directly or indirectly.

    Parameters
    ----------
    script : str or Path
        The workflow script (or any Python file).
    src_dir : str or Path
        The package folder (``src/surveysem``).

    Returns
    -------
    list of str
        Sorted paths of the modules' files (``sem.py``, ``report/__init__.py``, ...),
        including every package ``__init__.py`` on the way.
    """
    src = Path(src_dir)
    seen: set[Path] = set()
    todo = [Path(script)]
    while todo:
        f = todo.pop()
        for mod in imported_modules(f):
            for p in _files_of(mod, src):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
    return sorted(str(p) for p in seen)


def _files_of(mod: str, src: Path) -> list[Path]:
    """The file of a module and the ``__init__.py`` of each package on its path."""
    parts = mod.split(".")
    out = []
    for k in range(1, len(parts) + 1):
        base = src.joinpath(*parts[:k])
        if (base / "__init__.py").is_file():
            out.append(base / "__init__.py")
        elif base.with_suffix(".py").is_file():
            out.append(base.with_suffix(".py"))
    return out
