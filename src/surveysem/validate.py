"""Start-up checks with messages a new user can act on: one line per problem.

The study file and the codebook are checked against their JSON schemas
(``workflow/schemas/``); each schema error becomes one line that names the file, the key path,
what was expected and, for a misspelled or misplaced key, the nearest valid one ("did you mean
`structural`?"). The data file's header is checked against the codebook before any rule runs,
and a command line that hands a target to ``--configfile`` is caught before Snakemake tries to
read the target as a study file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from surveysem.codebook import Codebook

_TYPE_NAMES = {
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def closest(name: str, options: Iterable[Any], cutoff: float = 0.6) -> str | None:
    """The option most like ``name`` (for "did you mean ..."), or None when none is close.

    Notes
    -----
    :func:`difflib.get_close_matches` (Ratcliff/Obershelp similarity of at least ``cutoff``).
    """
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=cutoff)
    return close[0] if close else None


def _key_path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_text(types: str | Sequence[str]) -> str:
    types = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_NAMES.get(t, t) for t in types)


def describe_schema(schema: Mapping[str, Any]) -> str:
    """What a (sub)schema accepts, in words (``"one of `ML`, `MLR`"``, ``"a list of texts"``).

    Parameters
    ----------
    schema : mapping
        A JSON schema or part of one.

    Returns
    -------
    str
        From its ``enum``, ``examples``, ``type`` (with ``minimum``) and list ``items``.
    """
    if "enum" in schema:
        values = [f"`{v}`" for v in schema["enum"]]
        return values[0] if len(values) == 1 else "one of " + ", ".join(values)
    if "examples" in schema:
        return f"{_type_text(schema.get('type', 'string'))} like `{schema['examples'][0]}`"
    if schema.get("type") == "array" and isinstance(schema.get("items"), Mapping):
        inner = describe_schema(schema["items"])
        simple = {"a text": "texts", "a number": "numbers", "a whole number": "whole numbers"}
        return f"a list of {simple[inner]}" if inner in simple else f"a list (each {inner})"
    if "type" in schema:
        text = _type_text(schema["type"])
        if "minimum" in schema:
            text += f" of at least {schema['minimum']}"
        return text
    return "a valid value"


def _all_keys(schema: Mapping[str, Any], prefix: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """Every named key of a schema with the path of the mapping it belongs to."""
    for name, sub in (schema.get("properties") or {}).items():
        yield prefix, name
        if isinstance(sub, Mapping):
            yield from _all_keys(sub, (*prefix, name))
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping):
        yield from _all_keys(extra, (*prefix, "<name>"))
    items = schema.get("items")
    if isinstance(items, Mapping):
        yield from _all_keys(items, (*prefix, "[]"))


def _unknown_key(root: Mapping, schema: Mapping, path: tuple, key: str) -> tuple[str, str | None]:
    """The message for an unknown key, and the allowed key it was probably meant to be."""
    allowed = list(schema.get("properties") or {})
    close = closest(key, allowed)
    where = f"keys of {_key_path(path)}" if path else "top-level keys"
    listed = f" ({where}: {', '.join(allowed)})" if allowed else ""
    if close:
        return f"unknown key; did you mean `{close}`?{listed}", close
    elsewhere = [
        _key_path((*p, key)) for p, name in _all_keys(root) if name == key and p != tuple(path)
    ]
    if not elsewhere:  # misspelled and misplaced: the nearest key anywhere in the schema
        names = {name for p, name in _all_keys(root) if p != tuple(path)}
        near = closest(key, sorted(names), cutoff=0.8)
        elsewhere = [_key_path((*p, near)) for p, name in _all_keys(root) if near and name == near]
    if elsewhere and "." in elsewhere[0]:
        return (
            f"unknown key here; did you mean `{elsewhere[0]}`? (move it under "
            f"`{elsewhere[0].rsplit('.', 1)[0]}:`){listed}",
            None,
        )
    return f"unknown key{listed}", None


def _one_of(error, value: Any) -> str:
    subs = error.validator_value
    if all(set(s) == {"required"} for s in subs):
        keys = [k for s in subs for k in s["required"]]
        return f"give exactly one of {', '.join(f'`{k}`' for k in keys)}"
    return f"expected {' or '.join(describe_schema(s) for s in subs)}, got {_shown(value)}"


def _problem(error) -> str:
    """One schema error in words (without the file and key path)."""
    kind, spec, value = error.validator, error.validator_value, error.instance
    if kind == "enum":
        close = closest(value, spec, cutoff=0.5)
        hint = f"; did you mean `{close}`?" if close else ""
        return f"{_shown(value)} is not allowed; expected one of {', '.join(map(str, spec))}{hint}"
    if kind == "type":
        return f"expected {_type_text(spec)}, got {_shown(value)}"
    if kind in ("minLength", "minItems", "minProperties"):
        return f"must not be empty (expected {describe_schema(error.schema)})"
    if kind == "maxItems":
        return f"expected at most {spec} entries, got {len(value)}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
        return f"expected a number {sign[kind]} {spec}, got {_shown(value)}"
    if kind == "pattern":
        return f"{_shown(value)} does not have the expected form; expected {describe_schema(error.schema)}"
    if kind in ("oneOf", "anyOf"):
        return _one_of(error, value)
    return error.message.splitlines()[0]


def schema_problems(instance: Any, schema: Mapping[str, Any], source: str) -> list[str]:
    """Every way ``instance`` breaks ``schema``, one line each.

    Parameters
    ----------
    instance : any
        The study file or codebook as read from YAML.
    schema : mapping
        Its JSON schema (draft 2020-12).
    source : str
        How the file is named in the messages, e.g. ``"study file study.yaml"``.

    Returns
    -------
    list of str
        ``"<source>: <key path>: <problem>"``, sorted by key path. An unknown key that is a
        misspelling of a missing required key gives one line (the misspelling), not two.
    """
    lines: dict[tuple, str] = {}
    meant: set[tuple] = set()
    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=lambda e: e.json_path)
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, Mapping):
            allowed = set(err.schema.get("properties") or {})
            for key in [k for k in err.instance if k not in allowed]:
                text, close = _unknown_key(schema, err.schema, path, str(key))
                lines[(*path, key)] = f"{source}: {_key_path((*path, key))}: {text}"
                if close:
                    meant.add((*path, close))
        elif err.validator == "required":
            for key in [k for k in err.validator_value if k not in err.instance]:
                lines.setdefault(
                    (*path, key, "?"), f"{source}: {_key_path((*path, key))}: missing (required)"
                )
        elif "propertyNames" in err.relative_schema_path:
            hint = err.schema.get("description") or describe_schema(err.schema)
            lines[(*path, str(err.instance))] = (
                f"{source}: {_key_path((*path, str(err.instance)))}: the name "
                f"{_shown(err.instance)} is not allowed; expected {hint}"
            )
        else:
            lines.setdefault(path, f"{source}: {_key_path(path)}: {_problem(err)}")
    keep = [k for k in lines if not (k[-1] == "?" and k[:-1] in meant)]
    return [
        _with_ids(lines[k], instance, k) for k in sorted(keep, key=lambda k: tuple(map(str, k)))
    ]


def _with_ids(line: str, instance: Any, path: tuple) -> str:
    """``hypotheses[1]`` in a message becomes ``hypotheses[H2]`` when the entry has an id."""
    node, parts = instance, []
    for p in path:
        if isinstance(p, int) and isinstance(node, list) and p < len(node):
            node = node[p]
            ident = node.get("id") if isinstance(node, Mapping) else None
            parts.append((p, ident))
        elif isinstance(node, Mapping) and p in node:
            node = node[p]
        else:
            break
    for p, ident in parts:
        if ident is not None:
            line = line.replace(f"[{p}]", f"[{ident}]", 1)
    return line


def read_yaml(path: str | Path, what: str) -> Any:
    """A YAML file, or a one-line ``ValueError`` naming the file and the line that is wrong."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{what} {path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{what} {path}: not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        start = getattr(err, "context_mark", None)
        if (
            getattr(err, "context", None)
            and start is not None
            and (mark is None or start.line != mark.line)
        ):
            problem += f" ({err.context} that starts at line {start.line + 1})"
        raise ValueError(
            f"{what} {path}: not valid YAML at {where}{problem} (indent with spaces, not tabs; "
            "quote texts that contain `: ` or start with a special character)"
        ) from None


def check_schema(instance: Any, schema_path: str | Path, source: str) -> None:
    """Raise one ``ValueError`` listing every schema problem, one line each.

    Parameters
    ----------
    instance : any
        The file's content.
    schema_path : str or Path
        ``workflow/schemas/config.schema.yaml`` or ``codebook.schema.yaml``.
    source : str
        The file as named in the messages (``"study file x.yaml"``, ``"codebook y.yaml"``).

    Raises
    ------
    ValueError
        With one line per problem (see :func:`schema_problems`).
    """
    import yaml

    if not isinstance(instance, Mapping):
        raise ValueError(f"{source}: expected `key: value` lines, got {_shown(instance)}")
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    problems = schema_problems(instance, schema, source)
    if problems:
        raise ValueError("\n".join(problems))


def placeholder_problem(found: Sequence[str], source: str) -> str | None:
    """The message refusing a file that still holds the drafter's ``(edit: ...)`` placeholders.

    Parameters
    ----------
    found : sequence of str
        Key paths still holding a placeholder (:func:`surveysem.draft.placeholders`).
    source : str
        The file as named in the message.

    Returns
    -------
    str or None
        One line naming every key path (the first 12, then how many more); None when there
        is none.
    """
    if not found:
        return None
    shown = ", ".join(found[:12]) + (f" and {len(found) - 12} more" if len(found) > 12 else "")
    return (
        f"{source}: {len(found)} value(s) still read '(edit: ...)' as surveysem.draft left "
        f"them: {shown}; write what each one means, then run again"
    )


def _nearest(name: str, columns: Sequence[str]) -> str:
    close = closest(name, columns)
    return f"; nearest column: {close}" if close else ""


def check_data_columns(
    codebook: Codebook,
    columns: Sequence[str],
    data_file: str,
    codebook_file: str,
    id_column: str | None = None,
) -> None:
    """Check the data file's header against the codebook (and ``data.id_column``).

    Parameters
    ----------
    codebook : Codebook
    columns : sequence of str
        The data file's column names (:func:`surveysem.ingest.survey_columns`).
    data_file, codebook_file : str
        The files as named in the message.
    id_column : str or None
        ``data.id_column`` of the study file.

    Raises
    ------
    ValueError
        One line naming every missing column with what it is (item of which scale,
        demographic, attention check, duration column, id column) and the nearest existing
        column, then every column the data file has.
    """
    have = set(columns)
    wanted = [(i, f"item of scale {s.name}") for s in codebook.scales for i in s.items]
    wanted += [(d.name, "demographic") for d in codebook.demographics]
    wanted += [(a, "attention check") for a in codebook.attention]
    if codebook.duration_column:
        wanted.append((codebook.duration_column, "checks.duration_column"))
    if id_column is not None:
        wanted.append((id_column, "data.id_column of the study file"))
    missing = [f"{n} ({what}{_nearest(n, columns)})" for n, what in wanted if n not in have]
    if missing:
        raise ValueError(
            f"data file {data_file}: "
            + (
                f"{len(missing)} columns named in the codebook {codebook_file} are not in the data: "
                if len(missing) > 1
                else f"a column named in the codebook {codebook_file} is not in the data: "
            )
            + f"{', '.join(missing)}. The data file has: "
            f"{', '.join(columns)}. Make the names in the codebook and the data file agree"
        )


_TARGET = re.compile(r"^(\./)?(results|reports|logs)/|\.(csv|pdf|html|svg|log)$", re.I)


def configfile_problem(argv: Sequence[str]) -> str | None:
    """A one-line message when ``--configfile`` would swallow a target, or names a study
    file that is not valid YAML; else None.

    Snakemake reads ``--configfile`` with ``nargs='+'``: every word after it up to the next
    option is taken as a config file, so ``snakemake --configfile s.yaml results/sem/fit.csv``
    tries to read the target as a second study file. And Snakemake's own message for a study
    file it cannot parse names neither the file nor the line.

    Parameters
    ----------
    argv : sequence of str
        The command line without the program name.

    Returns
    -------
    str or None
        The message: the target and both forms that work; or the file, line and column of
        the YAML error (:func:`read_yaml`).
    """
    for i, word in enumerate(argv):
        if word not in ("--configfile", "--configfiles"):
            continue
        files = _until_option(argv[i + 1 :])
        targets = [f for f in files if _TARGET.search(f)]
        studies = [f for f in files if f not in targets] or ["study.yaml"]
        if targets:
            t = " ".join(targets)
            return (
                f"--configfile reads every word after it as a study file, so the target {t} "
                f"was taken for one; put the targets first (snakemake --cores 2 {t} "
                f"--configfile {studies[0]}) or write --configfile={studies[0]} {t}"
            )
    return _study_yaml_problem(argv)


def _study_yaml_problem(argv: Sequence[str]) -> str | None:
    """The one-line YAML error of a study file named by ``--configfile``, else None.

    Snakemake's own message ("Config file is not valid JSON or YAML") names neither the file
    nor the line; :func:`read_yaml` names both.
    """
    files = []
    for i, word in enumerate(argv):
        if word.startswith(("--configfile=", "--configfiles=")):
            files.append(word.split("=", 1)[1])
        elif word in ("--configfile", "--configfiles"):
            files += _until_option(argv[i + 1 :])
    for f in files:
        if Path(f).is_file():
            try:
                read_yaml(f, "study file")
            except ValueError as err:
                return str(err)
    return None


def _until_option(words: Sequence[str]) -> list[str]:
    out = []
    for w in words:
        if w.startswith("-"):
            break
        out.append(w)
    return out


def shown_path(path: str | Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _nearest_file(path: Path) -> str:
    """`` (did you mean `x`?)`` for the closest file name in the path's folder, or ``""``."""
    folder = path.parent
    if not folder.is_dir():
        return f" (the folder {str(folder)!r} does not exist)"
    names = sorted(f.name for f in folder.iterdir() if f.is_file())
    close = closest(path.name, names)
    return f" (did you mean `{folder / close}`?)" if close else ""


def load_inputs(config: Mapping[str, Any], study_file: str, schema_dir: str | Path) -> Codebook:
    """Check everything a run needs before any rule runs, and parse the codebook.

    The study file must already have passed :func:`check_schema` (with its defaults filled
    in). Then, in order: the data file exists; the codebook is valid YAML, passes its schema
    and parses; neither file still holds a drafter placeholder; the study file's names exist
    in the codebook; the data file's header has every column the codebook names.

    Parameters
    ----------
    config : mapping
        The study file.
    study_file : str
        Its path, for the messages.
    schema_dir : str or Path
        ``workflow/schemas``.

    Returns
    -------
    Codebook

    Raises
    ------
    ValueError
        The first check that fails, with one line per problem.
    """
    from surveysem.codebook import parse_codebook
    from surveysem.draft import placeholders
    from surveysem.ingest import survey_columns
    from surveysem.study import check_study

    study = f"study file {shown_path(study_file)}"
    data_file = Path(config["data"]["path"])
    if not data_file.is_file():
        raise ValueError(
            f"{study}: data.path: file {str(data_file)!r} not found{_nearest_file(data_file)}; "
            "give the survey file's path relative to the working directory "
            f"({Path.cwd()}), or an absolute path"
        )
    book_file = shown_path(config["codebook"])
    source = f"codebook {book_file}"
    if not Path(config["codebook"]).is_file():
        raise ValueError(
            f"{study}: codebook: file {config['codebook']!r} not found"
            f"{_nearest_file(Path(config['codebook']))}; give the codebook's path relative to "
            f"the working directory ({Path.cwd()}), or an absolute path"
        )
    raw = read_yaml(config["codebook"], "codebook")
    check_schema(raw, Path(schema_dir) / "codebook.schema.yaml", source)
    left = [
        placeholder_problem(placeholders(raw), source),
        placeholder_problem(placeholders(dict(config)), study),
    ]
    if any(left):
        raise ValueError("\n".join(m for m in left if m))
    codebook = parse_codebook(raw, source=source)
    check_study(config, codebook, source=study)
    check_data_columns(
        codebook,
        survey_columns(data_file, sheet=config["data"].get("sheet")),
        shown_path(data_file),
        book_file,
        id_column=config["data"].get("id_column"),
    )
    return codebook


#: Font families a report in a language needs (surveysem.figures.FONTS and thesis.<lang>.css).
REPORT_FONTS = {"zh": ("Noto Serif CJK SC", "Noto Sans CJK SC")}


def missing_fonts(langs: Sequence[str], installed: Sequence[str] | None = None) -> str | None:
    """A message when a report language lacks its fonts, or None.

    Parameters
    ----------
    langs : sequence of str
        The study's report languages.
    installed : sequence of str, optional
        Installed font families; by default asked of fontconfig (``fc-list``). When
        fontconfig cannot be asked, nothing is reported.
    """
    need = [f for lang in langs for f in REPORT_FONTS.get(lang, ())]
    if not need:
        return None
    if installed is None:
        import shutil
        import subprocess

        if not shutil.which("fc-list"):
            return None
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        installed = [x.strip() for line in out.splitlines() for x in line.split(",")]
    absent = [f for f in need if f not in set(installed)]
    if not absent:
        return None
    return (
        f"language: the Chinese thesis needs the fonts {', '.join(absent)}, which are not "
        "installed; run `make report` (it installs them as root), or `apt-get install "
        "fonts-noto-cjk fonts-liberation2`, or set `language: en`"
    )
