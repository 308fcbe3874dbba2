"""Open data files read back the way their users read them (json, csv with utf-8-sig) and compared with
what the institutions submitted; the data page documents and sizes every file."""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import io
import json
import re
from functools import partial
from pathlib import Path

from conftest import ROOT
from htmlquery import parse_file

from generator import urls
from generator.feeds.ical import calendar_files
from generator.feeds.opendata import CSV_TABLES, opendata_files
from generator.load.folder import read_institution_folder
from generator.pipeline import Catalog, load_catalog

CATALOG = load_catalog(ROOT / "institutions")


def submitted(inst) -> dict:
    """The institution's YAML files as loaded, in the published shape (levels high to low, exam days in order)."""
    docs = {
        schema_name: copy.deepcopy(doc.data) for schema_name, doc in read_institution_folder(inst.folder).docs.items()
    }
    for doc in docs.values():
        doc.pop("schema_version")
    for entry in docs["institution"]["scope"]:
        entry["levels"] = sorted(entry["levels"], reverse=True)
    for plan in docs["plans"]["plans"]:
        plan["exam_dates"] = sorted(plan["exam_dates"])
    return docs


def part_paths(site: Path, name: str) -> list[str]:
    """The site paths of every province part of one file ("fees.csv", "calendar.ics"), as data/index.json lists them."""
    index = json.loads((site / "data" / "index.json").read_text("utf-8"))
    return [f["path"] for p in index["provinces"] for part in p["parts"] for f in part["files"] if f["name"] == name]


def read_csv(site: Path, name: str) -> list[dict]:
    """The rows of every province part of a CSV file, in index order."""
    rows = []
    for path in part_paths(site, name):
        raw = (site / path).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
        rows += csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    return rows


def read_json(site: Path, name: str, key: str) -> list:
    """The list under `key` of every province part of a JSON file, in index order; each part checked."""
    items = []
    for path in part_paths(site, name):
        document = json.loads((site / path).read_text("utf-8"))
        assert document["schema_version"] == 1
        items += document[key]
    return items


def test_institutions_json_holds_everything_submitted(built_site):
    for path in part_paths(built_site, "institutions.json"):
        assert json.loads((built_site / path).read_text("utf-8"))["generated"] == "2026-11-24"
    records = sorted(read_json(built_site, "institutions.json", "institutions"), key=lambda r: r["credit_code"])
    assert [r["credit_code"] for r in records] == sorted(i.credit_code for i in CATALOG.institutions)
    for inst, record in zip(CATALOG.institutions, records, strict=True):
        docs = submitted(inst)
        for key, value in docs["institution"].items():
            assert record[key] == value, (inst.credit_code, key)
        assert record["fees"] == docs["fees"]["fees"]
        assert record.get("refund_policy") == docs["fees"].get("refund_policy")
        assert record["plans"] == docs["plans"]["plans"]
        assert record.get("statistics") == docs.get("statistics")
        assert record["url"] == f"institutions/{inst.credit_code}/"
        extra = set(record) - set(docs["institution"]) - {"fees", "refund_policy", "plans", "statistics"}
        assert extra <= {"url", "last_updated"}


def test_institutions_csv_has_one_row_per_institution(built_site):
    rows = sorted(read_csv(built_site, "institutions.csv"), key=lambda r: r["credit_code"])
    assert [r["credit_code"] for r in rows] == sorted(i.credit_code for i in CATALOG.institutions)
    for inst, row in zip(CATALOG.institutions, rows, strict=True):
        assert row["name"] == inst.name and row["region.province"] == inst.province
        assert row["filing.status"] == inst.status and row["filing.date"] == inst.filing_date.isoformat()
        assert row["filing.status_note"] == (inst.filing.get("status_note") or "")
        assert row["occupation_codes"].split(";") == list(dict.fromkeys(s.occupation_code for s in inst.scope))


def test_fees_csv_has_every_fee_row_with_plain_amounts(built_site):
    rows = read_csv(built_site, "fees.csv")
    published = {
        (
            r["credit_code"],
            r["occupation_code"],
            int(r["level"]),
            r["item"],
            float(r["amount"]),
            r["effective_from"],
            r["effective_until"] or None,
        )
        for r in rows
    }
    expected = {
        (
            i.credit_code,
            f.evaluation.occupation_code,
            f.evaluation.level,
            f.item,
            f.amount,
            f.effective_from.isoformat(),
            f.effective_until and f.effective_until.isoformat(),
        )
        for i in CATALOG.institutions
        for f in i.fees
    }
    assert len(rows) == len(expected) and published == expected
    assert all(re.fullmatch(r"\d+(\.\d{1,2})?", r["amount"]) for r in rows)  # 380, not 380.0


def test_plans_csv_has_every_plan_with_its_dates_and_venue(built_site):
    rows = {(r["credit_code"], r["id"]): r for r in read_csv(built_site, "plans.csv")}
    plans = [(i, p) for i in CATALOG.institutions for p in i.plans]
    assert len(rows) == len(plans)
    for inst, plan in plans:
        row = rows[(inst.credit_code, plan.id)]
        assert row["exam_dates"].split(";") == [d.isoformat() for d in plan.exam_dates]
        assert (row["registration.from"], row["registration.to"]) == (
            plan.registration_from.isoformat(),
            plan.registration_to.isoformat(),
        )
        assert row["status"] == plan.status and row["note"] == (plan.note or "")
        assert row["methods"].split(";") == list(plan.methods)
        assert row["venue_name"] == inst.venue(plan.venue_id).name
        assert row["occupation"] == inst.occupation_name(plan.evaluation.occupation_code)
    cancelled = [r for r in rows.values() if r["status"] == "cancelled"]
    assert cancelled and all(r["note"] for r in cancelled)


def test_data_page_links_sizes_and_documents_every_file(built_site):
    page = parse_file(built_site / "data" / "index.html")
    index = json.loads((built_site / "data" / "index.json").read_text("utf-8"))
    table = page.get_by_role("table", re.compile("^各省份的数据文件"))
    links = {link.href_path("data/"): link for link in table.links() if not link.attrs["href"].startswith("webcal:")}
    listed = [f for p in index["provinces"] for part in p["parts"] for f in part["files"]]
    assert {f["path"] for f in listed} == set(links)
    for f in listed:
        assert f["bytes"] == (built_site / f["path"]).stat().st_size, f["path"]
        assert links[f["path"]].attrs["data-bytes"] == str(f["bytes"]), f["path"]
    provinces = {row["省份"].text: row for row in table.row_cells()}
    assert provinces["广东省"]["机构"].text == f"{sum(i.province == '广东省' for i in CATALOG.institutions)} 家"
    downloads = {row["文件"].text: row for row in page.get_by_role("table", re.compile("^文件种类")).row_cells()}
    assert downloads["fees.csv"]["全国条数"].text == f"{sum(len(i.fees) for i in CATALOG.institutions)} 行"
    for table in CSV_TABLES:
        header = read_csv(built_site, table.name)[0].keys()
        documented = {
            row["列名"]: row
            for row in page.get_by_role("heading", re.compile(f"^{re.escape(table.name)}："), level=3)
            .under()
            .get_by_role("table")
            .rows()
        }
        assert list(documented) == list(header), table.name
    plans_doc = page.get_by_role("heading", re.compile("^plans.csv：")).under().get_by_role("table").rows()
    assert {"列名": "registration.from", "中文名": "报名开始日期"}.items() <= next(
        r for r in plans_doc if r["列名"] == "registration.from"
    ).items()  # title from the JSON Schema
    assert "planned（计划中）" in page.text and "suspended（暂停）" in page.text  # codes explained
    assert "按省份分文件发布" in page.text and "每部分最多 1000 家机构" in page.text
    linked = {link.href_path("data/") for link in page.links()}
    assert {"data/changes.atom", "data/index.json", *part_paths(built_site, "calendar.ics")} <= linked


def test_submitted_text_never_becomes_a_spreadsheet_formula():
    inst = next(i for i in CATALOG.institutions if i.plans)
    plan = dataclasses.replace(inst.plans[0], note='=HYPERLINK("http://evil.example","点此")')
    hostile = dataclasses.replace(inst, name="@SUM(1+1)*cmd", phone="+86 10 12345678", plans=(plan,))
    calendar_sizes = {path: len(content) for path, content in calendar_files(Catalog([hostile]), "")}
    files = dict(opendata_files(Catalog([hostile]), dt.date(2026, 11, 24), calendar_sizes))
    part = partial(urls.province_data_file, hostile.region_code[:2], 1)
    plans = list(csv.DictReader(io.StringIO(files[part("plans.csv")].decode("utf-8-sig"), newline="")))
    institutions = list(csv.DictReader(io.StringIO(files[part("institutions.csv")].decode("utf-8-sig"), newline="")))
    assert plans[0]["note"] == '\'=HYPERLINK("http://evil.example","点此")'
    assert plans[0]["institution_name"] == "'@SUM(1+1)*cmd"
    assert institutions[0]["phone"] == "'+86 10 12345678"
    assert (
        json.loads(files[part("institutions.json")])["institutions"][0]["name"] == "@SUM(1+1)*cmd"
    )  # JSON stays as is
