"""Inspection records: overdue counted from the build's today, the institution section, the portal-wide
page and the change-feed entries, read from the sample data and from small hostile or edge cases."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from htmlquery import parse

from generator.clock import build_today
from generator.feeds.atom import changes_feed
from generator.feeds.changes import catalog_changes
from generator.model import Rectification
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, render_page, site_pages
from generator.views.inspections import institution_inspections

CATALOG = load_catalog(ROOT / "institutions")
BY_CODE = {i.credit_code: i for i in CATALOG.institutions}
TODAY = dt.date(2026, 11, 24)
GUANGZHOU = "52440106MJL0001001"


def _item(status="open", deadline=dt.date(2026, 10, 31), done_date=None):
    return Rectification(24, "安排督导员", deadline, status, done_date)


@pytest.mark.parametrize(
    "today, state",
    [
        (dt.date(2026, 10, 30), "open"),
        (dt.date(2026, 10, 31), "open"),  # the deadline day itself is still in time
        (dt.date(2026, 11, 1), "overdue"),
    ],
)
def test_an_open_item_is_overdue_only_after_its_deadline_day(today, state):
    assert _item().state(today) == state


def test_a_done_item_is_never_overdue():
    assert _item("done", done_date=dt.date(2026, 11, 20)).state(dt.date(2027, 1, 1)) == "done"


def test_today_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    assert build_today() == TODAY
    section = institution_inspections(BY_CODE[GUANGZHOU], build_today())
    assert (section["open_count"], section["overdue_count"]) == (2, 1)
    later = institution_inspections(BY_CODE[GUANGZHOU], dt.date(2026, 12, 16))
    assert later["overdue_count"] == 2  # the item due 2026-12-15 is now late too


def test_sample_inspections_are_loaded_into_the_model():
    inspected = {code: inst.inspections for code, inst in BY_CODE.items() if inst.inspections}
    assert len(inspected) >= 4
    nanjing = inspected["12320100MB0A123454"]
    assert [i.date for i in nanjing] == [dt.date(2025, 11, 12), dt.date(2026, 11, 2)]  # oldest first
    latest = nanjing[-1]
    assert (latest.kind, latest.overall, latest.score) == ("routine", "basic_pass", 86.5)
    assert [r.indicator for r in latest.results] == [1, 11, 14, 29, 33]
    assert latest.file == "12320100MB0A123454/inspections/2026-11-02.yaml"
    states = {r.state(TODAY) for i in inspected.values() for x in i for r in x.rectifications}
    assert states == {"open", "done", "overdue"}  # the sample shows a realistic mix


def test_overview_counts_by_province_and_province_pages_list_overdue_first():
    pages = site_pages(SiteContext(CATALOG, TODAY))
    views = {
        p.path: p.context() if callable(p.context) else p.context for p in pages if p.path.startswith("inspections/")
    }
    index = views["inspections/"]
    codes = [p["code"] for p in index["provinces"]]
    assert codes == sorted(codes)
    expected_open = sum(
        r.status == "open" for i in CATALOG.institutions for x in i.inspections for r in x.rectifications
    )
    assert index["figures"]["open"] == expected_open == sum(p["open"] for p in index["provinces"])
    recent = []
    for province in index["provinces"]:
        view = views[province["url"]]
        assert len(view["rectifications"]) == province["open"] and len(view["recent"]) == province["recent"]
        states = [r["state"] for r in view["rectifications"]]
        assert states == sorted(states, key=lambda s: s != "overdue")
        assert all(r["institution"]["url"].startswith("institutions/") for r in view["rectifications"])
        dates = [r["date"] for r in view["recent"]]
        assert dates == sorted(dates, reverse=True)
        recent += dates
    assert index["figures"]["recent"] == len(recent) > 0
    assert all(TODAY - dt.timedelta(days=365) < d <= TODAY for d in recent)
    assert dt.date(2025, 11, 12) not in recent  # more than a year old: only on the institution page


def test_institution_page_shows_latest_outcome_results_and_rectifications(built_site):
    html = (built_site / "institutions" / GUANGZHOU / "index.html").read_text("utf-8")
    section = re.sub(r"<[^>]+>", "", html[html.index('id="inspections"') : html.index('id="scope"')])
    for phrase in [
        "最近一次督导：2026年9月15日",
        "基本合格",
        "得分 82 分",
        "24 质量督导",
        "不符合",
        "抽查的 3 个批次均未安排内部督导员到场。",
        "逾期 24 天",
        "整改中",
        "已完成",
        "2026年10月9日",
        "有 1 项整改要求已过整改期限仍未完成",
    ]:
        assert phrase in section, phrase
    nanjing = (built_site / "institutions" / "12320100MB0A123454" / "index.html").read_text("utf-8")
    assert "往次督导（1）" in nanjing and 'id="inspection-2025-11-12"' in nanjing
    plain = (built_site / "institutions" / "52510107MJ0B234568" / "index.html").read_text("utf-8")
    assert "暂无监管部门的督导记录" in plain


def test_portal_pages_list_recent_inspections_and_every_open_item(built_site):
    pages = sorted((built_site / "inspections").glob("[0-9][0-9]/index.html"))
    html = "".join(page.read_text("utf-8") for page in pages)
    for inst in CATALOG.institutions:
        for inspection in inst.inspections:
            for item in inspection.rectifications:
                assert (item.requirement in html) == (item.status == "open"), item.requirement
    overdue = sum(len(re.findall(r"逾期 \d+ 天", parse(p.read_text("utf-8")).text)) for p in pages)
    assert overdue == 4  # the overdue items, each with its days late
    index = (built_site / "inspections" / "index.html").read_text("utf-8")
    assert index.index("北京市") < index.index("江苏省") < index.index("广东省")


def test_feed_has_inspection_and_newly_overdue_entries():
    changes = {c.key: c for c in catalog_changes(CATALOG, TODAY)}
    entry = changes[f"inspection/{GUANGZHOU}/2026-09-15"]
    assert entry.date == dt.date(2026, 9, 15) and "基本合格" in entry.title
    overdue = changes[f"overdue/{GUANGZHOU}/2026-09-15/1"]
    assert overdue.date == dt.date(2026, 11, 1) and "24 质量督导" in overdue.title
    assert f"overdue/{GUANGZHOU}/2026-09-15/2" not in changes  # due 2026-12-15: not late yet
    assert f"overdue/{GUANGZHOU}/2026-09-15/0" not in changes  # done in time
    shenzhen = "overdue/91440300MA5GX1D2PL/2026-11-10/0"
    assert shenzhen in changes and shenzhen not in {c.key for c in catalog_changes(CATALOG, dt.date(2026, 11, 20))}


def test_atom_feed_file_carries_the_new_entry_topics(built_site):
    feed = ET.parse(built_site / "data" / "changes.atom").getroot()
    labels = {c.get("term"): c.get("label") for c in feed.iter("{http://www.w3.org/2005/Atom}category")}
    assert labels["inspection"] == "督导结果" and labels["overdue"] == "整改逾期"


def test_hostile_inspection_text_stays_text(tmp_path):
    folder = tmp_path / "institutions" / GUANGZHOU
    shutil.copytree(ROOT / "institutions" / GUANGZHOU, folder)
    record = folder / "inspections" / "2026-09-15.yaml"
    text = record.read_text("utf-8").replace("抽查的 3 个批次均未安排内部督导员到场。", '"<script>alert(1)</script>"')
    text = text.replace("inspector: 广州市人力资源和社会保障局", 'inspector: "<img src=x onerror=alert(1)>"')
    record.write_text(text, "utf-8")
    catalog = load_catalog(tmp_path / "institutions")
    assert catalog.errors == []
    pages = {p.path: p for p in site_pages(SiteContext(catalog, TODAY))}
    for path in (f"institutions/{GUANGZHOU}/", "inspections/44/"):
        html = render_page(pages[path], TODAY)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    feed = changes_feed(catalog_changes(catalog, TODAY), "https://pingjia.example.org/", TODAY)
    entries = ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}summary")
    assert any("<img src=x onerror=alert(1)>" in (e.text or "") for e in entries)  # plain text, parsed back
