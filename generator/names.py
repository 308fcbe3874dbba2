"""The Chinese name of every code value the site shows, each from one source.

- Disclosure codes (kind, status, license, method, fee item, plan status, channel types): the JSON
  Schemas' `x-enum-titles`, the same text the validator's hints and the 数据格式 page show.
- Skill levels: the national table in generator/reference/codes.py.
- Lookup results (pass, fail, absent): the lookup record format; the browser receives them
  from the lookup page as data (see lookup_names), never as its own copy.
- JSON types, for the format page and the validator's messages.
tests/test_names.py fails when a name is typed a second time anywhere in generator/ or theme/assets/.
"""

from __future__ import annotations

from .reference.codes import LEVEL_NAMES, LEVEL_SHORT
from .schemas import load_schema

__all__ = [
    "INSTITUTION_KIND_NAMES",
    "STATUS_NAMES",
    "LICENSE_NAMES",
    "METHOD_NAMES",
    "FEE_ITEM_NAMES",
    "PLAN_STATUS_NAMES",
    "QUERY_CHANNEL_NAMES",
    "COMPLAINT_CHANNEL_NAMES",
    "LEVEL_NAMES",
    "LEVEL_SHORT",
    "RESULT_NAMES",
    "TYPE_NAMES",
    "INSPECTION_KIND_NAMES",
    "OVERALL_NAMES",
    "INSPECTION_RESULT_NAMES",
    "RECTIFICATION_STATUS_NAMES",
    "RECTIFICATION_STATE_NAMES",
    "CHECK_STATUS_NAMES",
    "enum_titles",
    "lookup_names",
]


def enum_titles(schema_name: str, pointer: str) -> dict[str, str]:
    """Value → Chinese title of the enum at a JSON pointer in a schema, in the schema's enum order."""
    node = load_schema(schema_name)
    for part in pointer.strip("/").split("/"):
        node = node[part]
    titles = node["x-enum-titles"]
    if set(titles) != set(node["enum"]):
        raise ValueError(f"{schema_name}.schema.json{pointer}: x-enum-titles must name every enum value exactly once")
    return {value: titles[value] for value in node["enum"]}


INSTITUTION_KIND_NAMES = enum_titles("institution", "/properties/kind")
STATUS_NAMES = enum_titles("institution", "/properties/filing/properties/status")
LICENSE_NAMES = enum_titles("institution", "/properties/license/properties/type")
METHOD_NAMES = enum_titles("plans", "/properties/plans/items/properties/methods/items")
FEE_ITEM_NAMES = enum_titles("fees", "/properties/fees/items/properties/item")
PLAN_STATUS_NAMES = enum_titles("plans", "/properties/plans/items/properties/status")
QUERY_CHANNEL_NAMES = enum_titles("common", "/$defs/query_channel/properties/type")
COMPLAINT_CHANNEL_NAMES = enum_titles("common", "/$defs/complaint_channel/properties/type")

# Inspection records (inspections/YYYY-MM-DD.yaml). An open rectification past its deadline is 逾期:
# a state the portal derives from the build's today, not a value anyone writes.
INSPECTION_KIND_NAMES = enum_titles("inspection", "/properties/kind")
OVERALL_NAMES = enum_titles("inspection", "/properties/overall")
INSPECTION_RESULT_NAMES = enum_titles("inspection", "/properties/results/items/properties/result")
RECTIFICATION_STATUS_NAMES = enum_titles("inspection", "/properties/rectifications/items/properties/status")
RECTIFICATION_STATE_NAMES = {**RECTIFICATION_STATUS_NAMES, "overdue": "逾期"}
# The check stage's verdict on an indicator uses the inspection's words where they mean the same.
CHECK_STATUS_NAMES = {
    "pass": INSPECTION_RESULT_NAMES["compliant"],
    "fail": INSPECTION_RESULT_NAMES["non_compliant"],
    "warn": "需人工核查",
    "not_applicable": INSPECTION_RESULT_NAMES["not_applicable"],
}

# The result a lookup record carries (generator/seal), as the lookup page and the institution page say it.
RESULT_NAMES = {"pass": "合格", "fail": "不合格", "absent": "缺考"}

TYPE_NAMES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "array": "列表",
    "object": "字段映射（键: 值）",
    "boolean": "是/否",
    "null": "空值",
}


def lookup_names() -> dict[str, dict]:
    """What theme/assets/lookup.js needs to word a record, handed to it as JSON by the lookup page."""
    return {
        "levels": {str(level): name for level, name in LEVEL_NAMES.items()},
        "methods": METHOD_NAMES,
        "results": RESULT_NAMES,
    }
