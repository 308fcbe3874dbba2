"""Imports run one way: each part of generator/ imports only parts below it (parsed with ast, not run).

    base (problems, clock, urls, format, reference, recordformat, timings, parallel) → schemas, output → names → model → load → validate
    → pipeline → check, submit → feeds → views → render → index, seal → build → site, mkdocs_plugin → cli

Two parts on the same step (index and seal) do not import each other. A new part must be placed here.
A part's own cli.py (seal/cli.py, check/cli.py: the `add_<x>_commands` of COMMON.md) is a command
shell and belongs to the cli step.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
LAYERS = [
    {"problems", "clock", "urls", "format", "reference", "recordformat", "timings", "parallel"},
    {"schemas", "output"},
    {"names"},
    {"model"},
    {"load"},
    {"validate"},
    {"pipeline"},
    {"check", "submit"},
    {"feeds"},
    {"views"},
    {"render"},
    {"index", "seal"},
    {"build"},
    {"site", "mkdocs_plugin", "demo"},
    {"cli"},
]
LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def _part(module: Path) -> str:
    """generator/views/x.py → views; generator/model.py → model."""
    relative = module.relative_to(GENERATOR)
    if relative.name == "cli.py":
        return "cli"
    return relative.parts[0].removesuffix(".py")


def _imported_parts(module: Path) -> set[tuple[str, int]]:
    """(part, line) of every import of another module of the package, at any depth (lazy imports too)."""
    package = module.relative_to(GENERATOR.parent).with_suffix("").parts[:-1]  # ("generator", "views")
    found = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            else:
                target = (node.module or "").split(".")
            if target[0] != "generator":
                continue
            if len(target) == 1:  # from generator import urls / from .. import names
                found |= {(alias.name, node.lineno) for alias in node.names}
            else:
                found.add((target[1], node.lineno))
        elif isinstance(node, ast.Import):
            found |= {
                (a.name.split(".")[1], node.lineno)
                for a in node.names
                if a.name.startswith("generator.") and a.name.count(".") >= 1
            }
    return found


def _modules() -> list[Path]:
    return sorted(p for p in GENERATOR.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_part_has_a_place_in_the_layers():
    parts = {_part(m) for m in _modules()} - {"__init__"}
    assert parts - set(LEVEL) == set(), "place the new part in LAYERS (tests/test_layers.py)"


def test_imports_only_go_down():
    wrong = []
    for module in _modules():
        source = _part(module)
        if source == "__init__":
            continue
        for target, line in sorted(_imported_parts(module)):
            if target == source or target not in LEVEL:
                continue
            if LEVEL[target] >= LEVEL[source]:
                wrong.append(f"{module.relative_to(GENERATOR)}:{line}: {source} imports {target}")
    assert wrong == []


def test_the_layer_check_sees_relative_and_lazy_imports():
    """Guard against a parser that finds nothing: the build really imports pipeline, render and seal."""
    assert {"pipeline", "render", "seal", "urls"} <= {p for p, _ in _imported_parts(GENERATOR / "build.py")}
    assert "names" in {p for p, _ in _imported_parts(GENERATOR / "views" / "institution.py")}


def test_the_readme_directory_map_names_every_part():
    readme = (GENERATOR.parent / "README.md").read_text("utf-8")
    tree = readme[readme.index("## 目录结构") :]
    parts = {_part(m) for m in _modules()} - {"__init__"}
    spelled = {p: (f"{p}/" if (GENERATOR / p).is_dir() else f"{p}.py") for p in parts}
    assert [name for name in sorted(spelled.values()) if name not in tree] == []


def test_no_function_in_the_package_is_longer_than_60_lines():
    long = []
    for module in sorted(GENERATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{module.relative_to(GENERATOR)}:{node.lineno} {node.name} ({length} lines)")
    assert long == []
