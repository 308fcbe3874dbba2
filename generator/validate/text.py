"""No text field may hold control characters, bidirectional overrides or other invisible characters.

They would reach HTML, CSV, JSON and the Atom feed (which then is no longer XML), reorder what a
reader sees, or split one occupation into two in search. Every string of every file is checked, at
the character's own line and column; line breaks and tabs are allowed only where the schema marks a
field as multi-line (`"x-multiline": true`).
"""

from __future__ import annotations

from ..load.characters import character_name, forbidden_characters, holds_forbidden_or_break, without_forbidden
from ..load.yamlfile import YamlDocument, format_key_path
from ..problems import Problem, shown_value
from .schema import field_title, schema_at


def check_text_characters(doc: YamlDocument, schema_name: str) -> list[Problem]:
    problems = []
    for path, value in doc.texts():
        if not holds_forbidden_or_break(value):
            continue  # the common case, without looking the field up in the schema
        multiline = bool((schema_at(schema_name, path) or {}).get("x-multiline"))
        found = forbidden_characters(value, multiline)
        if not found:
            continue
        index = found[0][0]
        names = "、".join(dict.fromkeys(character_name(c) for _, c in found))
        more = f"（共 {len(found)} 处）" if len(found) > 1 else ""
        problems.append(
            problem_in_text(
                doc,
                schema_name,
                path,
                value,
                index,
                f"含有不可见或不允许的字符：{names}{more}：“{shown_value(value)}”",
                f"应写为 “{shown_value(without_forbidden(value, multiline).strip())}”（这些字符常见于从网页、Word 或聊天软件"
                "复制的文字" + ("" if multiline else "；本字段只能写一行") + "）",
            )
        )
    return problems


def problem_in_text(
    doc: YamlDocument, schema_name: str, path, value: str, index: int, message: str, hint: str, **kwargs
) -> Problem:
    """A problem pointed at one character inside a text field's value (its own line and column)."""
    line, column = doc.where_char(path, value, index)
    return Problem(
        doc.path, line, column, format_key_path(path), field_title(schema_name, path), message, hint, **kwargs
    )
