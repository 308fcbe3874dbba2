"""Display names have one source each (generator/names.py): a second copy anywhere fails here."""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator import names
from generator.render.environment import render_template
from generator.schemas import SCHEMAS, load_schema
from generator.urls import PageUrls, lookup
from generator.views.lookup import lookup_view

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
# Where the names are defined: the schemas (JSON), the national tables, and the module that reads both.
SOURCES = {GENERATOR / "names.py", GENERATOR / "reference" / "codes.py"}
TABLES = [
    names.INSTITUTION_KIND_NAMES,
    names.STATUS_NAMES,
    names.LICENSE_NAMES,
    names.METHOD_NAMES,
    names.FEE_ITEM_NAMES,
    names.PLAN_STATUS_NAMES,
    names.QUERY_CHANNEL_NAMES,
    names.COMPLAINT_CHANNEL_NAMES,
    names.RESULT_NAMES,
    names.TYPE_NAMES,
    {str(k): v for k, v in names.LEVEL_NAMES.items()},
    names.INSPECTION_KIND_NAMES,
    names.OVERALL_NAMES,
    names.INSPECTION_RESULT_NAMES,
    names.RECTIFICATION_STATUS_NAMES,
    names.RECTIFICATION_STATE_NAMES,
    names.CHECK_STATUS_NAMES,
]


def _enum_title_nodes(node, where=""):
    if isinstance(node, dict):
        if "x-enum-titles" in node:
            yield where, node
        for key, child in node.items():
            yield from _enum_title_nodes(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _enum_title_nodes(child, f"{where}/{index}")


SCHEMA_ENUMS = [
    (schema_name, where, node) for schema_name in SCHEMAS for where, node in _enum_title_nodes(load_schema(schema_name))
]


def test_every_titled_schema_enum_is_read_by_generator_names():
    read = [dict(t) for t in TABLES]
    missing = [
        f"{schema_name}{where}"
        for schema_name, where, node in SCHEMA_ENUMS
        if {v: node["x-enum-titles"][v] for v in node["enum"]} not in read
    ]
    assert SCHEMA_ENUMS and missing == []


def test_a_code_has_the_same_title_in_every_schema_enum_that_uses_it():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for schema_name, where, node in SCHEMA_ENUMS:
        for value, title in node["x-enum-titles"].items():
            first = seen.setdefault(value, (title, f"{schema_name}{where}"))
            if first[0] != title:
                clashes.append((value, first, (title, f"{schema_name}{where}")))
    assert clashes == []


def _display_names() -> set[str]:
    return {title for table in TABLES for title in table.values()}


def _python_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_python_module_types_a_display_name_again():
    wanted = _display_names()
    copies = {
        str(path.relative_to(ROOT)): [(line, text) for line, text in _python_literals(path) if text in wanted]
        for path in sorted(GENERATOR.rglob("*.py"))
        if path not in SOURCES
    }
    assert {k: v for k, v in copies.items() if v} == {}


def test_no_script_types_a_display_name_again():
    wanted = _display_names()
    literal = re.compile(r"""["']([^"'\n]+)["']""")
    copies = {
        js.name: sorted({m for m in literal.findall(js.read_text("utf-8")) if m in wanted})
        for js in sorted((ROOT / "theme" / "assets").glob("*.js"))
    }
    assert {k: v for k, v in copies.items() if v} == {}


def test_no_template_types_a_display_name_as_a_value():
    """A name standing alone as an element's text or an attribute value; prose may still mention one, and
    two-character names (合计, 电话) are also ordinary words such as column headings."""
    wanted = {name for name in _display_names() if len(name) > 2}
    alone = re.compile(r'[>"]([^<>"{}]+)[<"]')
    copies = {
        t.name: sorted({n for n in alone.findall(t.read_text("utf-8")) if n.strip() in wanted})
        for t in sorted((GENERATOR / "render" / "templates").glob("*.html"))
    }
    assert {k: v for k, v in copies.items() if v} == {}


class _Island(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and "data-lookup-names" in dict(attrs)

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def test_lookup_page_hands_the_browser_the_names_as_data():
    html = render_template("lookup.html", urls=PageUrls(lookup("result")), **lookup_view("result"))
    island = _Island()
    island.feed(html)
    assert json.loads(island.text) == {
        "levels": {"5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师"},
        "methods": names.METHOD_NAMES,
        "results": names.RESULT_NAMES,
    }
