"""The open data page: every download (by province, from data/index.json) with its size, and every column
explained from the JSON Schemas."""

from __future__ import annotations

import json

from .. import urls
from ..feeds.opendata import (
    CALENDAR_NAME,
    COMPLIANCE_JSON_NAME,
    CSV_TABLES,
    FILE_NAMES,
    JSON_KEYS,
    JSON_NAME,
    LIST_SEPARATOR,
    Column,
)
from ..feeds.shards import INSTITUTIONS_PER_PART
from ..model import Catalog
from ..names import TYPE_NAMES
from .schema_doc import field_rows


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def column_doc(column: Column, schema_rows: dict[tuple[str, str], dict]) -> dict:
    row: dict
    if column.schema is None:
        row = {
            "title": column.title,
            "type": TYPE_NAMES["array" if column.multi else "string"],
            "description": column.description,
            "choices": [],
        }
    else:
        row = schema_rows[column.schema]
    multi = str(row["type"]).startswith(TYPE_NAMES["array"])
    return {
        "name": column.name,
        "title": row["title"],
        "type": f"{row['type']}，多个值以 {LIST_SEPARATOR} 分隔" if multi else row["type"],
        "description": row["description"],
        "choices": row["choices"],
    }


def _schema_rows() -> dict[tuple[str, str], dict]:
    schema_names = ("institution", "fees", "plans")
    return {(schema_name, row["key"]): row for schema_name in schema_names for row in field_rows(schema_name)}


FILE_TITLES = {
    JSON_NAME: "全部公开信息（JSON）：机构基本信息、评价范围、场地、查询投诉渠道、收费标准、评价计划、年度统计",
    COMPLIANCE_JSON_NAME: "指标检查结果（JSON）：每家机构、每条检查规则的结果、说明和证据",
    CALENDAR_NAME: "全部评价计划（iCalendar），可订阅到手机日历",
    **{t.name: f"{t.title}（CSV）：{t.description}" for t in CSV_TABLES},
}
RECORD_UNITS = {JSON_NAME: "家机构", COMPLIANCE_JSON_NAME: "条结果", CALENDAR_NAME: "个批次"}


def _file_cell(entry: dict) -> dict:
    return {
        "path": entry["path"],
        "name": entry["path"].rsplit("/", 1)[-1],
        "size": size_text(entry["bytes"]),
        "bytes": entry["bytes"],
        "records": entry["records"],
        "webcal": None,
    }


def data_view(catalog: Catalog, index_file: bytes, site_url: str = "") -> dict:
    """index_file: the published data/index.json, which lists every part with its size and record count."""
    index = json.loads(index_file)
    parts = [
        {
            "province": province["name"],
            "part": part["part"],
            "count": len(province["parts"]),
            "institutions": part["institutions"],
            "files": {f["name"]: _file_cell(f) for f in part["files"]},
        }
        for province in index["provinces"]
        for part in province["parts"]
    ]
    downloads = [
        {
            "name": name,
            "title": FILE_TITLES[name],
            "records": sum(p["files"][name]["records"] for p in parts),
            "unit": RECORD_UNITS.get(name, "行"),
            "size": size_text(sum(p["files"][name]["bytes"] for p in parts)),
            "largest": size_text(max((p["files"][name]["bytes"] for p in parts), default=0)),
        }
        for name in FILE_NAMES
    ]
    for part in parts:
        calendar = part["files"][CALENDAR_NAME]
        calendar["webcal"] = urls.webcal(site_url, calendar["path"])
    rows = _schema_rows()
    tables = [
        {
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "columns": [column_doc(c, rows) for c in table.columns],
        }
        for table in CSV_TABLES
    ]
    return {
        "index_path": urls.data_index(),
        "index_size": size_text(len(index_file)),
        "per_part": INSTITUTIONS_PER_PART,
        "downloads": downloads,
        "file_names": FILE_NAMES,
        "calendar_name": CALENDAR_NAME,
        "parts": parts,
        "institutions": len(catalog.institutions),
        "json": {"name": JSON_NAME, "fields": JSON_KEYS},
        "tables": tables,
        "atom_path": urls.changes_feed(),
        "calendar_path": urls.calendar(),
    }
