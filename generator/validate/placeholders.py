"""Placeholders left by `portal new`: a value that still says "请填写…" is reported where it stands.

No real disclosure begins with "请填写", so such a value is always an unfinished form. It is reported
once, as itself, and the schema or rule complaints about the same value (wrong type, not in the enum,
not in scope) are dropped: they would only repeat, less clearly, that the field is still empty.
"""

from __future__ import annotations

from ..load.folder import InstitutionFiles
from ..problems import Problem
from .schema import problem_at, schema_at

PLACEHOLDER_PREFIX = "请填写"


def placeholder_problems(files: InstitutionFiles) -> list[Problem]:
    problems = []
    for schema_name, doc in files.docs.items():
        for path, text in doc.texts():
            if not text.startswith(PLACEHOLDER_PREFIX):
                continue
            node = schema_at(schema_name, path) or {}
            hint = "这是 portal new 生成的占位内容，请换成真实信息"
            if node.get("description"):
                hint += "：" + node["description"]
            problems.append(problem_at(doc, schema_name, path, text, hint))
    return problems


def _within(key: str, container: str) -> bool:
    return key == container or key.startswith(container + ".") or key.startswith(container + "[")


def drop_placeholder_echoes(problems: list[Problem], placeholders: list[Problem]) -> list[Problem]:
    """The other problems, less those about a placeholder itself or about an entry that holds one
    (a fee row whose level is still a placeholder is not "outside the scope")."""
    spots = {(p.path, p.key) for p in placeholders}
    kept = [
        problem
        for problem in problems
        if not (problem.key and any(path == problem.path and _within(key, problem.key) for path, key in spots))
    ]
    return kept + placeholders
