"""The study-file and codebook references in ``docs/``, generated from the JSON schemas.

``python -m surveysem.docs`` rewrites ``docs/study-file.md`` and ``docs/codebook.md`` from
``workflow/schemas/config.schema.yaml`` and ``codebook.schema.yaml``; ``--check`` only
compares them and exits 1 when they differ (the test suite does the same), so that the
reference cannot drift from what the start-up validation accepts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from surveysem.validate import describe_schema

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "study-file.md": ("config.schema.yaml", "Study file reference"),
    "codebook.md": ("codebook.schema.yaml", "Codebook reference"),
}


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    """``node`` with every local ``$ref`` (``#/$defs/name``) replaced by its definition."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return _inline_refs({**defs[ref.rsplit("/", 1)[1]], **rest}, defs)
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _type_of(schema: Mapping[str, Any]) -> str:
    if "oneOf" in schema and "type" not in schema:
        return " or ".join(_type_of(s) for s in schema["oneOf"])
    items = schema.get("items")
    if isinstance(items, Mapping) and "oneOf" in items and "type" not in items:
        return f"a list (each {_type_of(items)})"
    extra = schema.get("additionalProperties")
    if schema.get("type") == "object" and isinstance(extra, Mapping) and "properties" not in extra:
        return f"a mapping (each value {describe_schema(extra)})"
    plain = {k: v for k, v in schema.items() if k not in ("minimum", "examples")}
    if isinstance(schema.get("items"), Mapping):
        plain["items"] = {k: v for k, v in schema["items"].items() if k != "minimum"}
    return describe_schema(plain)


def _default(schema: Mapping[str, Any]) -> str:
    if "default" not in schema:
        return ""
    return f"`{json.dumps(schema['default'], ensure_ascii=False)}`"


def _limits(schema: Mapping[str, Any]) -> str:
    out = []
    for key, word in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("exclusiveMaximum", "<"),
    ):
        if key in schema:
            out.append(f"{word} {schema[key]}")
    if schema.get("minLength") or schema.get("minProperties") or schema.get("minItems") == 1:
        out.append("not empty")
    if "maxLength" in schema:
        out.append(f"at most {schema['maxLength']} characters")
    item_limits = {
        k: v for k, v in (schema.get("items") or {}).items() if k in ("minimum", "maximum")
    }
    if isinstance(schema.get("items"), Mapping) and item_limits:
        out.append("each " + _limits(item_limits))
    low, high = schema.get("minItems", 0), schema.get("maxItems")
    if high is not None:
        out.append(f"exactly {high} entries" if low == high else f"at most {high} entries")
    elif low > 1:
        out.append(f"at least {low} entries")
    if "examples" in schema:
        out.append(f"like `{schema['examples'][0]}`")
    return ", ".join(out)


def schema_rows(
    schema: Mapping[str, Any], prefix: str = "", required: bool = False
) -> Iterator[tuple[str, ...]]:
    """One row per key of a schema: key path, required, what it takes, default, description.

    Parameters
    ----------
    schema : mapping
        A JSON schema (the part at ``prefix``).
    prefix : str
        The key path of ``schema`` (``""`` at the top).
    required : bool
        Whether ``prefix`` is a required key.

    Returns
    -------
    iterator of tuple of str
        ``(key, required, takes, default, description)`` in schema order, nested keys after
        their parent; a mapping of names appears as ``<name>``, a list's entries as ``[]``.
    """
    if prefix:
        takes = ", ".join(s for s in (_type_of(schema), _limits(schema)) if s)
        desc = " ".join(str(schema.get("description", "")).split())
        yield f"`{prefix}`", "yes" if required else "", takes, _default(schema), desc
    needed = set(schema.get("required") or [])
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield from schema_rows(sub, path, name in needed)
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping) and "properties" in extra:
        names = schema.get("propertyNames", {}).get("description")
        about = f"one entry per name: {names}" if names else "one entry per column of the data"
        yield from schema_rows({**extra, "description": about}, f"{prefix}.<name>", False)
    items = schema.get("items")
    if isinstance(items, Mapping) and "properties" in items:
        variants = [v.get("required", []) for v in items.get("oneOf", []) if set(v) == {"required"}]
        about = "one entry" + (
            f"; give exactly one of {', '.join(f'`{k}`' for v in variants for k in v)}"
            if variants
            else ""
        )
        yield from schema_rows({**items, "description": about}, f"{prefix}[]", False)


def render_page(schema: Mapping[str, Any], title: str, source: str) -> str:
    """The Markdown reference page of one schema."""
    lines = [
        f"# {title}",
        "",
        f"<!-- Generated by `python -m surveysem.docs` from `{source}`; do not edit by hand. -->",
        "",
        " ".join(str(schema.get("description", "")).split())
        + " A complete, commented example: [example/](example/).",
        "",
        "Every key is checked when a run starts. A key that is not listed here, or a value of "
        "the wrong kind, stops the run with one line naming the file, the key and what is "
        "expected. Keys with a default may be left out.",
        "",
        "| key | required | takes | default | meaning |",
        "|---|---|---|---|---|",
    ]
    for row in schema_rows(schema):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n"


def pages(root: Path = ROOT) -> dict[Path, str]:
    """Every generated page: its path under ``docs/`` and its text."""
    import yaml

    out = {}
    for page, (schema_file, title) in PAGES.items():
        source = f"workflow/schemas/{schema_file}"
        schema = yaml.safe_load((root / source).read_text(encoding="utf-8"))
        schema = _inline_refs(schema, schema.get("$defs") or {})
        out[root / "docs" / page] = render_page(schema, title, source)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m surveysem.docs", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 if out of date")
    args = ap.parse_args(argv)
    stale = []
    for path, text in pages().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "out of date" if args.check else "written"
        print(f"{path.relative_to(ROOT)}: {verb}", file=sys.stderr if args.check else sys.stdout)
    if args.check and stale:
        print("run `python -m surveysem.docs` to regenerate", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
