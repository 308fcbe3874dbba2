"""One name per meaning: in generator/, "kind" is the disclosure format's `kind` field only.

The format (disclosure-format.md) has two keys named `kind`: institution.kind (机构类型) and
inspection.kind (督导类型). Everything else that once was a "kind" has its own word: the schema a file
follows is a `schema_name`, a git history change has a `change_type`, a feed entry a `topic`, a sealed
file is a `dataset`. This test reads every module's syntax tree and fails on any other identifier
with "kind" in it. Attribute reads (`x.kind`) are allowed because the only classes with a `kind` field
are the two model classes below (checked here) and mypy checks every attribute read against its class.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"

# Names that say which `kind` they mean.
QUALIFIED = {
    "INSTITUTION_KIND_NAMES",
    "INSPECTION_KIND_NAMES",
    "INSTITUTION_KINDS",
    "institution_kind",
    "institution_kinds",
}
# The dataclasses that mirror the format's two `kind` keys.
KIND_FIELDS = {("generator/model.py", "Institution"), ("generator/model.py", "Inspection")}
# Where `kind=` is passed by keyword: building those dataclasses, and segno's own `save(kind="svg")`.
KIND_KEYWORDS = {"generator/model.py", "generator/seal/qr.py"}


def _identifiers(tree: ast.AST):
    """(node, identifier, role) for every name the code defines or uses."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node, node.id, "name"
        elif isinstance(node, ast.arg):
            yield node, node.arg, "parameter"
        elif isinstance(node, ast.Attribute):
            yield node, node.attr, "attribute"
        elif isinstance(node, ast.keyword) and node.arg:
            yield node, node.arg, "keyword"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node, node.name, "definition"
        elif isinstance(node, ast.alias):
            yield node, node.asname or node.name, "import"


def _class_fields(tree: ast.AST):
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            for item in cls.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    yield cls.name, item.target.id, item


def _misused(module: str, source: str) -> list[str]:
    tree = ast.parse(source)
    fields = {id(node): cls for cls, name, node in _class_fields(tree) if name == "kind"}
    found = []
    for node, identifier, role in _identifiers(tree):
        if "kind" not in identifier.lower() or identifier in QUALIFIED:
            continue
        line = getattr(node, "lineno", 0)
        if identifier == "kind" and role == "attribute":
            continue
        if identifier == "kind" and role == "keyword" and module in KIND_KEYWORDS:
            continue
        if identifier == "kind" and role == "name":
            owner = next((cls for node_id, cls in fields.items() if _is_target_of(tree, node_id, node)), None)
            if owner is not None and (module, owner) in KIND_FIELDS:
                continue
        found.append(f"{module}:{line}: {role} {identifier}")
    return found


def _is_target_of(tree: ast.AST, field_id: int, name: ast.Name) -> bool:
    return any(
        id(node) == field_id and node.target is name for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)
    )


def test_kind_means_only_the_institution_or_inspection_kind_of_the_format():
    misused = [
        hit
        for path in sorted(GENERATOR.rglob("*.py"))
        for hit in _misused(path.relative_to(ROOT).as_posix(), path.read_text("utf-8"))
    ]
    assert misused == [], "“kind” used for something other than institution.kind / inspection.kind:\n" + "\n".join(
        misused
    )


def test_only_the_two_model_classes_have_a_kind_field():
    fields = {
        (path.relative_to(ROOT).as_posix(), cls)
        for path in GENERATOR.rglob("*.py")
        for cls, name, _ in _class_fields(ast.parse(path.read_text("utf-8")))
        if name == "kind"
    }
    assert fields == KIND_FIELDS


def test_the_check_catches_a_second_meaning():
    """The check itself: a schema or change "kind" written the old way is reported, line by line."""
    source = (
        "SCHEMA_KINDS = ()\n"  # line 1
        "def load(kind):\n"  # line 2
        "    return kind\n"  # line 3
        "class Change:\n"
        "    kind: str\n"  # line 5
        "def _kind_of(doc):\n"  # line 6
        "    return doc.kind\n"  # an attribute read: left to mypy and the field check
    )
    assert sorted(_misused("generator/probe.py", source)) == [
        "generator/probe.py:1: name SCHEMA_KINDS",
        "generator/probe.py:2: parameter kind",
        "generator/probe.py:3: name kind",
        "generator/probe.py:5: name kind",
        "generator/probe.py:6: definition _kind_of",
    ]
