"""The real site built from the sample data: pages, content, escaping, search index, determinism."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from htmlquery import parse_file
from sitebuild import build_from

from generator.index.parts import fragments
from generator.model import STATUS_NAMES
from generator.pipeline import load_catalog
from generator.reference.indicators import indicator_system
from generator.schemas import SCHEMAS, load_schema, schema_file_name

CATALOG = load_catalog(ROOT / "institutions")


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_sample_catalog_is_valid_and_nonempty():
    assert CATALOG.errors == []
    assert len(CATALOG.institutions) >= 3


def test_every_institution_has_a_page_with_its_core_facts(built_site):
    for inst in CATALOG.institutions:
        page = parse_file(built_site / f"institutions/{inst.credit_code}/index.html")
        page.get_by_role("heading", inst.name, level=1)
        for section in ("成绩、证书查询与投诉", "收费标准（现行）", "备案评价范围"):
            page.get_by_role("heading", section, level=2)
        assert inst.credit_code in page.text and "信息更新日期" in page.text
        scope = page.get_by_role("heading", "备案评价范围").under().text
        for entry in inst.scope:
            assert entry.occupation in scope


def test_fee_table_shows_yuan_amounts(built_site):
    inst = next(i for i in CATALOG.institutions if i.fees)
    page = parse_file(built_site / f"institutions/{inst.credit_code}/index.html")
    table = page.get_by_role("heading", "收费标准（现行）").under().get_by_role("table", re.compile("^现行收费标准"))
    rows = table.rows()
    assert rows and all(re.match(r"¥\d", row["合计"]) for row in rows)


@pytest.mark.parametrize("status", ["suspended", "removed"])
def test_suspended_and_removed_institutions_are_marked(built_site, status):
    marked = [i for i in CATALOG.institutions if i.status == status]
    assert marked, f"sample data should contain a {status} institution"
    for inst in marked:
        province_page = parse_file(built_site / f"institutions/{inst.region_code[:2]}/index.html")
        directory = {row["机构名称"]: row for row in province_page.get_by_role("table", re.compile("机构")).rows()}
        page = parse_file(built_site / f"institutions/{inst.credit_code}/index.html")
        assert f"目录状态：{STATUS_NAMES[status]}" in page.get_by_role("alert").text
        assert directory[inst.name]["目录状态"] == STATUS_NAMES[status]


def test_directory_links_every_institution_through_its_province(built_site):
    index = parse_file(built_site / "institutions/index.html")
    for inst in CATALOG.institutions:
        province = f"institutions/{inst.region_code[:2]}/"
        assert index.get_by_role("link", inst.province).href_path("institutions/") == province
        page = parse_file(built_site / province / "index.html")
        assert page.get_by_role("link", inst.name).href_path(province) == f"institutions/{inst.credit_code}/"


def test_institution_pages_stay_out_of_the_nav(built_site):
    """mkdocs-material repeats the nav in every page: institutions there would make the site grow with N²."""
    navigations = parse_file(built_site / "index.html").all_by_role("navigation")
    assert navigations
    linked = {link.href_path("") for nav in navigations for link in nav.links()}
    assert "institutions/" in linked
    for inst in CATALOG.institutions:
        assert f"institutions/{inst.credit_code}/" not in linked


def test_indicator_page_lists_all_33_and_marks_the_truncated_one(built_site):
    html = read(built_site, "indicators/index.html")
    for number in range(1, 34):
        assert f'id="indicator-{number}"' in html
    assert "原文在参考文本中残缺" in html
    assert indicator_system().indicators[16].title in html


def test_hand_written_pages_exist(built_site):
    for path, phrase in [
        ("about/index.html", "关于本平台"),
        ("submit/index.html", "portal check"),
        ("privacy/index.html", "隐私说明"),
    ]:
        assert phrase in read(built_site, path)


def test_schemas_are_published_unchanged_but_for_an_absolute_id(built_site):
    for schema_name in SCHEMAS:
        published = json.loads((built_site / "schema" / schema_file_name(schema_name)).read_text("utf-8"))
        shipped = json.loads((ROOT / "generator" / "schemas" / schema_file_name(schema_name)).read_text("utf-8"))
        assert published.pop("$id") == f"https://pingjia.example.org/schema/{schema_file_name(schema_name)}"
        shipped.pop("$id")
        assert published == shipped


def _schema_nodes(node, path="$"):
    if isinstance(node, dict):
        for key, child in (node.get("properties") or {}).items():
            yield f"{path}.{key}", child
            yield from _schema_nodes(child, f"{path}.{key}")
        for key in ("items",):
            if isinstance(node.get(key), dict):
                yield from _schema_nodes(node[key], f"{path}[]")
        for key, child in (node.get("$defs") or {}).items():
            yield from _schema_nodes(child, f"{path}#{key}")


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_every_schema_key_has_a_chinese_title_and_description(schema_name):
    for path, node in _schema_nodes(load_schema(schema_name)):
        if "$ref" in node and "title" not in node:
            continue  # titled by its definition
        assert re.search(r"[\u4e00-\u9fff]", node.get("title", "")), f"{schema_name}{path} has no Chinese title"
        if "$ref" not in node:
            assert re.search(r"[\u4e00-\u9fff]", node.get("description", "")), f"{schema_name}{path} has no description"


def test_schema_page_documents_every_key(built_site):
    html = read(built_site, "schema/index.html")
    for key in (
        "credit_code",
        "region.code",
        "channels.supervisor_complaints",
        "fees[].effective_until",
        "plans[].registration.from",
        "years[].satisfaction.satisfied",
    ):
        assert f"<code>{key}</code>" in html


def test_sample_yaml_files_point_editors_at_their_schema():
    for path in (ROOT / "institutions").glob("*/*.yaml"):
        first = path.read_text("utf-8").splitlines()[0]
        schema_name = path.stem
        assert first == f"# yaml-language-server: $schema=../../generator/schemas/{schema_name}.schema.json", path


def test_search_index_is_chinese_and_skips_private_pages(built_site):
    entry = json.loads(read(built_site, "pagefind/pagefind-entry.json"))
    assert "zh" in entry["languages"]
    # Institutions are found in search parts (generator/views/search_parts.py), not one page each (issue F8).
    indexed = {record["url"] for _, record in fragments(built_site / "pagefind")}
    assert not [u for u in indexed if re.fullmatch(r"/institutions/[0-9A-Z]{18}/", u)]
    assert entry["languages"]["zh"]["page_count"] == len(indexed)
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    # Pagefind's ready-made UIs render index values as HTML: only its search API is published.
    assert not list((built_site / "pagefind").glob("pagefind-*ui*"))
    # Facets are ours, not Pagefind filters (see generator/index/facets.py).
    assert not list((built_site / "pagefind").glob("**/*.pf_filter"))


class _ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "preconnect", "manifest"):
            self.urls.append(attrs.get("href", ""))


def test_pages_load_nothing_from_other_hosts(built_site):
    for page in built_site.rglob("*.html"):
        collector = _ResourceCollector()
        collector.feed(page.read_text("utf-8"))
        external = [u for u in collector.urls if re.match(r"^(https?:)?//", u)]
        assert external == [], f"{page}: {external}"


def test_mkdocs_build_strict_has_no_warnings(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SAMPLE_EPOCH}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def _hostile_institution(tmp_path: Path) -> Path:
    root = tmp_path / "institutions"
    source = ROOT / "institutions" / CATALOG.institutions[0].credit_code
    target = root / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sealed"))
    text = (target / "institution.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^name: .*$", f"name: '{HOSTILE_NAME}'", text, count=1)
    text = re.sub(r"(?m)^short_name: .*$", f"short_name: '{HOSTILE_NAME}'", text, count=1)
    text = text.replace(
        "publicity:\n",
        'publicity:\n  - title: "<img src=x onerror=alert(2)>"\n'
        '    text: "**粗体** [链接](javascript:alert(3)) {{ 7*7 }} <b>b</b>"\n',
        1,
    )
    (target / "institution.yaml").write_text(text, "utf-8")
    return root


HOSTILE_NAME = "示例</title><script>alert(1)</script>&amp;"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    return build_from(_hostile_institution(tmp), tmp / "site", tmp / "work")


def test_submitted_text_is_escaped_everywhere(hostile_site):
    site = hostile_site
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert(1)" not in html, page
        assert "<img src=x" not in html, page
        assert "javascript:alert" not in html.replace("[链接](javascript:alert(3))", ""), page
        assert "<b>b</b>" not in html, page
    inst_page = next(site.glob("institutions/*/index.html")).read_text("utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in inst_page
    assert "{{ 7*7 }}" in inst_page and "49" not in inst_page.split("{{ 7*7 }}")[0][-5:]
    assert "<title>示例＜/title＞＜script＞alert(1)＜/script＞＆amp; - " in inst_page


def test_machine_readable_outputs_carry_hostile_text_as_plain_data(hostile_site):
    import xml.etree.ElementTree as ET

    from icalendar import Calendar

    atom = ET.parse(hostile_site / "data" / "changes.atom").getroot()  # well-formed XML
    titles = [e.text or "" for e in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(HOSTILE_NAME in t for t in titles)
    from test_opendata import part_paths, read_json

    feeds = [
        Calendar.from_ical((hostile_site / path).read_bytes()) for path in part_paths(hostile_site, "calendar.ics")
    ]
    summaries = [str(e.get("SUMMARY")) for feed in feeds for e in feed.walk("VEVENT")]
    assert any(HOSTILE_NAME in s for s in summaries)
    assert HOSTILE_NAME in [i["name"] for i in read_json(hostile_site, "institutions.json", "institutions")]


def test_invalid_data_stops_the_build_with_chinese_problems(tmp_path):
    root = _hostile_institution(tmp_path)
    plans = next(root.glob("*/plans.yaml"))
    plans.write_text(plans.read_text("utf-8").replace("schema_version: 1", "schema_version: 1\nbogus: 1"), "utf-8")
    from generator.problems import PortalError

    with pytest.raises(PortalError) as caught:
        build_from(root, tmp_path / "site", tmp_path / "work")
    assert "未知字段 “bogus”" in caught.value.message
    assert "plans.yaml:" in caught.value.message


def test_same_inputs_give_a_byte_identical_site(tmp_path, monkeypatch, built_site):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    from generator.site import build_site

    again = tmp_path / "again"
    build_site(ROOT, again)
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert any(p.parts[0] == "pagefind" for p in first), "the search index is compared too"
    differing = [str(p) for p in first if first[p] != second[p]]
    assert differing == []
