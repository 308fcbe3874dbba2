"""Validate a loaded file against its published JSON Schema and explain each failure in Chinese.

The JSON Schemas in `generator/schemas/` are the single description of the format: the validator,
the error messages (field titles, enum titles, hints), the editor completion and the data page all
read them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from functools import cache

import fastjsonschema

from ..load.characters import corrected, describe, find_lookalikes, marked
from ..load.yamlfile import YamlDocument, format_key_path
from ..names import TYPE_NAMES
from ..problems import Problem, shown_value
from ..schemas import SCHEMAS, load_schema, resolve, schema_file_name

_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)
# Fixed (not relative to today) so that `portal check` gives the same verdict on any day, and wide
# enough for every real filing, fee and licence date; 9999-12-31 or 0001-01-01 are typing mistakes
# that would overflow the calendar feed.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
# JSON Schema patterns follow ECMA-262, where `$` is the true end of the text. Python's `$` also
# matches before a final newline ("4-10-01-02\n"); fastjsonschema rewrites it to \Z, and so do we.
_DOLLAR = re.compile(r"(?<!\\)\$")


@cache
def _registry():
    from referencing import Registry, Resource  # noqa: PLC0415 - with jsonschema: only for files that fail

    return Registry().with_resources(
        (schema_file_name(schema_name), Resource.from_contents(load_schema(schema_name))) for schema_name in SCHEMAS
    )


def parse_date(value) -> dt.date | None:
    """A strict ISO calendar date (YYYY-MM-DD only) within EARLIEST_DATE..LATEST_DATE, or None."""
    day = _calendar_date(value)
    return day if day is not None and EARLIEST_DATE <= day <= LATEST_DATE else None


def _calendar_date(value) -> dt.date | None:
    if not isinstance(value, str) or not _DATE_SHAPE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _pattern(validator, pattern, instance, schema):
    import jsonschema  # noqa: PLC0415 - loaded by _validator already

    if validator.is_type(instance, "string") and not re.search(_DOLLAR.sub(r"\\Z", pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_date(value) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


@cache
def _validator(schema_name: str):
    """The jsonschema validator that explains failures. Imported on first use: almost every file passes
    the quick check, and the import is a third of the start-up of `portal check` for one institution."""
    import jsonschema  # noqa: PLC0415 - see above

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(_is_date)
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
    return cls(load_schema(schema_name), registry=_registry(), format_checker=formats)


def schema_at(schema_name: str, key_path) -> dict | None:
    """The (resolved) schema that describes the value at key_path, or None outside the schema."""
    node: dict | None = resolve(load_schema(schema_name))
    for part in key_path:
        if node is None:
            return None
        child = node.get("items") if isinstance(part, int) else (node.get("properties") or {}).get(part)
        node = resolve(child) if child is not None else None
    return node


def field_title(schema_name: str, key_path) -> str:
    node = schema_at(schema_name, key_path)
    if node and node.get("title"):
        return node["title"]
    # list items carry no title of their own: name them after their list
    for cut in range(len(key_path) - 1, -1, -1):
        node = schema_at(schema_name, key_path[:cut])
        if node and node.get("title"):
            return node["title"]
    return "字段"


def _inline(node):
    """The schema with every $ref replaced by what it points to: one self-contained document."""
    if isinstance(node, dict):
        node = resolve(node) if "$ref" in node else node
        return {k: _inline(v) for k, v in node.items() if k not in ("$defs", "$id", "$schema")}
    if isinstance(node, list):
        return [_inline(v) for v in node]
    return node


@cache
def _quick_check(schema_name: str):
    """A compiled validator that only answers valid or not, about 10x faster than jsonschema.

    Almost every file in a build is valid, so jsonschema (which explains failures) runs only on the
    few that are not. Both read the same schema; tests/test_validate_fast_path.py holds them to the
    same verdicts."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", **_inline(load_schema(schema_name))}
    return fastjsonschema.compile(schema, formats={"date": _is_date})


def is_valid_quickly(data, schema_name: str) -> bool:
    try:
        _quick_check(schema_name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


# jsonschema errors explained per file; past this the rest are only counted (up to MAX_COUNTED), so
# that a list of 500,000 wrong items costs seconds, not minutes, and prints one summary line.
MAX_EXPLAINED = 200
MAX_COUNTED = 10_000


def validate_against_schema(doc: YamlDocument, schema_name: str) -> list[Problem]:
    if not doc.dropped and is_valid_quickly(doc.data, schema_name):
        return []
    found = (e for e in _validator(schema_name).iter_errors(doc.data) if tuple(e.absolute_path) not in doc.dropped)
    errors = list(itertools.islice(found, MAX_EXPLAINED))
    doc.hidden_problems += sum(1 for _ in itertools.islice(found, MAX_COUNTED))
    # A value of the wrong type also fails its enum or pattern ("no" is False, not a status):
    # the type error alone says what to fix.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    problems = []
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in mistyped:
            continue
        problems.extend(_explain(error, doc, schema_name))
    return problems


def _explain(error, doc: YamlDocument, schema_name: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    explain = _EXPLAINERS.get(error.validator, _explain_other)
    return explain(error, doc, schema_name, path, schema)


def problem_at(doc, schema_name, path, message, hint="", at_key=False) -> Problem:
    line, col = doc.where_key(path) if at_key else doc.where(path)
    return Problem(doc.path, line, col, format_key_path(path), field_title(schema_name, path), message, hint)


def _hint(schema_name, path, schema) -> str:
    node = schema_at(schema_name, path) or schema
    return node.get("x-hint") or schema.get("x-hint") or ""


def _explain_required(error, doc, schema_name, path, schema):
    present = error.instance if isinstance(error.instance, dict) else {}
    problems = []
    for name in error.validator_value:
        if name in present:
            continue
        child = path + (name,)
        node = schema_at(schema_name, child) or {}
        hint = f"请补充 {name}：{node.get('description', '')}".rstrip("：")
        problems.append(problem_at(doc, schema_name, child, "缺少必填字段", hint))
    return problems


def _explain_additional(error, doc, schema_name, path, schema):
    allowed = list((schema.get("properties") or {}).keys())
    problems = []
    for name in error.instance:
        if name in allowed:
            continue
        found = find_lookalikes(str(name))
        if found and corrected(str(name)) in allowed:
            message = f"字段名 “{shown_value(name)}” 含有{describe(found)}"
            hint = f"应写为 “{corrected(str(name))}”（字段名只用英文字母和下划线，缩进只用普通空格）"
        else:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f"是不是要写 “{close[0]}”？" if close else ""
            hint += "此处允许的字段：" + "、".join(allowed)
            message = f"未知字段 “{shown_value(name)}”"
        problems.append(problem_at(doc, schema_name, path + (name,), message, hint, at_key=True))
    return problems


def lookalike_problem(doc, schema_name, path, value, wanted: str = "") -> Problem | None:
    """A value that would be right but for characters typed with a Chinese input method or pasted
    from Excel/Word (４４０１０６, 020－8765, a no-break space): name them where they are, show the fix."""
    if not isinstance(value, str) or not (found := find_lookalikes(value)):
        return None
    line, column = doc.where_char(path, value, found[0][0])
    fixed = corrected(value)
    hint = f"应写为 {wanted.format(fixed=fixed)}" if wanted else f"应写为 “{shown_value(fixed)}”"
    hint += "（这些字符看起来相同，请切换到英文输入法重新输入，或删除不可见的空白）"
    return Problem(
        doc.path,
        line,
        column,
        format_key_path(path),
        field_title(schema_name, path),
        f"含有{describe(found)}：“{shown_value(marked(value))}”",
        hint,
    )


def _describe_value(value) -> str:
    if value is None:
        return TYPE_NAMES["null"]
    if isinstance(value, bool):
        return "是/否值（YAML 把 yes、no、true、false、on、off 当作是/否）"
    if isinstance(value, (int, float)):
        return TYPE_NAMES["number"]
    if isinstance(value, str):
        return TYPE_NAMES["string"]
    if isinstance(value, list):
        return TYPE_NAMES["array"]
    return "字段映射"  # a value, not the expected type: "（键: 值）" would read as a hint here


def _explain_type(error, doc, schema_name, path, schema):
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    if path == () and error.instance is None:
        return [
            problem_at(
                doc, schema_name, path, "文件是空的（或只有注释）", "请按格式说明填写内容，第一行写 schema_version: 1"
            )
        ]
    if ("integer" in names or "number" in names) and (
        mistyped := lookalike_problem(doc, schema_name, path, error.instance, "{fixed}（不加引号）")
    ):
        return [mistyped]
    wanted = "或".join(TYPE_NAMES.get(n, n) for n in names)
    message = f"应为{wanted}，实际是{_describe_value(error.instance)}"
    hint = ""
    if "string" in names and isinstance(error.instance, (bool, int, float)):
        raw = doc.raw_scalars.get(path, str(error.instance))
        hint = f'请加引号写成 "{shown_value(raw)}"，否则 YAML 会把它当作数字或是/否值'
    elif "integer" in names or "number" in names:
        hint = _hint(schema_name, path, schema) or "请填写不带引号和单位的数字"
    elif "array" in names:
        hint = "列表的每一项以“- ”开头；没有内容时写 []"
    return [problem_at(doc, schema_name, path, message, hint)]


def _enum_choices(schema) -> str:
    titles = schema.get("x-enum-titles", {})
    return "、".join(f"{v}（{titles[v]}）" if v in titles else str(v) for v in schema["enum"])


def _explain_enum(error, doc, schema_name, path, schema):
    value = error.instance
    if isinstance(value, str) and find_lookalikes(value) and corrected(value) in schema["enum"]:
        return [lookalike_problem(doc, schema_name, path, value)]
    return [
        problem_at(
            doc, schema_name, path, f"取值 “{shown_value(value)}” 无效", "应为以下之一：" + _enum_choices(schema)
        )
    ]


def _explain_const(error, doc, schema_name, path, schema):
    if mistyped := lookalike_problem(doc, schema_name, path, error.instance, "{fixed}（不加引号）"):
        return [mistyped]
    return [problem_at(doc, schema_name, path, f"应为 {error.validator_value}", _hint(schema_name, path, schema))]


def _explain_pattern(error, doc, schema_name, path, schema):
    if mistyped := lookalike_problem(doc, schema_name, path, error.instance):
        return [mistyped]
    return [
        problem_at(
            doc, schema_name, path, f"格式不正确：“{shown_value(error.instance)}”", _hint(schema_name, path, schema)
        )
    ]


def _explain_format(error, doc, schema_name, path, schema):
    value = error.instance
    if mistyped := lookalike_problem(doc, schema_name, path, value):
        return [mistyped]
    day = _calendar_date(value)
    if day is not None:
        message = f"日期 {value} 超出合理范围（{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}）"
        hint = "请核对年份是否输错" + ("；长期有效的证照不填有效期" if path[-1:] == ("valid_until",) else "")
    elif isinstance(value, str) and _DATE_SHAPE.match(value):
        message, hint = f"日期 {value} 不存在", "请按 YYYY-MM-DD 填写真实存在的日期，例如 2026-12-12"
    else:
        message = f"“{shown_value(value)}” 不是 YYYY-MM-DD 格式的日期"
        hint = "请按 YYYY-MM-DD 填写真实存在的日期，例如 2026-12-12"
    return [problem_at(doc, schema_name, path, message, hint)]


def _explain_min_length(error, doc, schema_name, path, schema):
    return [problem_at(doc, schema_name, path, "不能为空", _hint(schema_name, path, schema) or "请填写内容")]


def _explain_max_length(error, doc, schema_name, path, schema):
    limit = error.validator_value
    return [problem_at(doc, schema_name, path, f"过长（{len(error.instance)} 字，上限 {limit} 字）", "请精简内容")]


def _explain_minimum(error, doc, schema_name, path, schema):
    return [
        problem_at(
            doc,
            schema_name,
            path,
            f"应不小于 {error.validator_value}，实际为 {shown_value(error.instance)}",
            _hint(schema_name, path, schema),
        )
    ]


def _explain_maximum(error, doc, schema_name, path, schema):
    return [
        problem_at(
            doc,
            schema_name,
            path,
            f"应不大于 {error.validator_value}，实际为 {shown_value(error.instance)}",
            _hint(schema_name, path, schema),
        )
    ]


def _explain_min_items(error, doc, schema_name, path, schema):
    return [
        problem_at(
            doc,
            schema_name,
            path,
            f"至少需要 {error.validator_value} 项",
            (schema_at(schema_name, path) or schema).get("description", ""),
        )
    ]


def _explain_unique(error, doc, schema_name, path, schema):
    return [problem_at(doc, schema_name, path, "列表中有重复项", "每个值只能出现一次，请删除重复项")]


def _explain_other(error, doc, schema_name, path, schema):
    return [problem_at(doc, schema_name, path, "不符合格式要求", _hint(schema_name, path, schema))]


_EXPLAINERS = {
    "required": _explain_required,
    "additionalProperties": _explain_additional,
    "type": _explain_type,
    "enum": _explain_enum,
    "const": _explain_const,
    "pattern": _explain_pattern,
    "format": _explain_format,
    "minLength": _explain_min_length,
    "maxLength": _explain_max_length,
    "minimum": _explain_minimum,
    "maximum": _explain_maximum,
    "minItems": _explain_min_items,
    "minProperties": _explain_min_length,
    "uniqueItems": _explain_unique,
}
