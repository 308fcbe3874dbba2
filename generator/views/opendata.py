"""The open data page: every download with its size, and every column explained from the JSON Schemas."""

from __future__ import annotations

from .. import urls
from ..feeds.opendata import CSV_TABLES, JSON_KEYS, JSON_PATH, LIST_SEPARATOR, Column
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


def data_view(catalog: Catalog, files: dict[str, bytes]) -> dict:
    """`files`: the published download files (path → bytes), whose sizes the page shows."""
    rows = _schema_rows()
    tables = [
        {
            "path": table.path,
            "name": table.path.rsplit("/", 1)[-1],
            "title": table.title,
            "description": table.description,
            "size": size_text(len(files[table.path])),
            "bytes": len(files[table.path]),
            "count": len(table.rows(catalog)),
            "columns": [column_doc(c, rows) for c in table.columns],
        }
        for table in CSV_TABLES
    ]
    return {
        "json": {
            "path": JSON_PATH,
            "name": JSON_PATH.rsplit("/", 1)[-1],
            "size": size_text(len(files[JSON_PATH])),
            "bytes": len(files[JSON_PATH]),
            "count": len(catalog.institutions),
            "fields": JSON_KEYS,
        },
        "tables": tables,
        "atom_path": urls.changes_feed(),
        "calendar_path": urls.calendar(),
        "all_feed": urls.all_calendar(),
    }
