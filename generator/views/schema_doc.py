"""The disclosure format explained field by field, read straight from the JSON Schemas."""

from __future__ import annotations

from .. import urls
from ..names import TYPE_NAMES
from ..schemas import load_schema, resolve, schema_file_name

DOCUMENTED_SCHEMAS = ("institution", "fees", "plans", "statistics", "inspection")


def _type_text(node: dict) -> str:
    if "const" in node:
        return f"固定为 {node['const']}"
    if node.get("format") == "date":
        return "日期"
    text = TYPE_NAMES.get(node.get("type") or "", "")
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        item_type = resolve(node["items"]).get("type")
        if item_type and item_type != "object":
            text += f"（每项为{TYPE_NAMES.get(item_type, item_type)}）"
    return text


def field_rows(schema_name: str) -> list[dict]:
    """Every key of one schema, depth first, with its Chinese title, type, whether required and choices."""
    rows: list[dict] = []

    def walk(node: dict, prefix: str, required: bool):
        node = resolve(node)
        if prefix:
            chooser = resolve(node["items"]) if isinstance(node.get("items"), dict) else node
            chooser = chooser if "enum" in chooser else node
            enum_titles = chooser.get("x-enum-titles", {})
            choices = [f"{v}（{enum_titles[v]}）" if v in enum_titles else str(v) for v in chooser.get("enum", ())]
            rows.append(
                {
                    "key": prefix,
                    "title": node.get("title", ""),
                    "type": _type_text(node),
                    "required": required,
                    "description": node.get("description", ""),
                    "choices": choices,
                }
            )
        target = node
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            target = resolve(node["items"])
            if target.get("type") == "array":  # nested lists are not part of the format
                return
            if target.get("type") == "object" or "properties" in target:
                prefix += "[]"
        if "properties" in target:
            needed = set(target.get("required", ()))
            for key, child in target["properties"].items():
                walk(child, f"{prefix}.{key}" if prefix else key, key in needed)

    walk(load_schema(schema_name), "", True)
    return rows


def schema_view() -> dict:
    """Context of schema.html: every documented file, and the shared definitions they refer to."""
    return {"docs": schema_docs(), "common_schema": urls.schema_file(schema_file_name("common"))}


def schema_docs() -> list[dict]:
    return [
        {
            "schema_name": schema_name,
            "file": schema_file_name(schema_name),
            "url": urls.schema_file(schema_file_name(schema_name)),
            "title": load_schema(schema_name)["title"],
            "description": load_schema(schema_name)["description"],
            "rows": field_rows(schema_name),
        }
        for schema_name in DOCUMENTED_SCHEMAS
    ]
