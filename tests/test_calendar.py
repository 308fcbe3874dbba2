"""The evaluation calendar page, read as HTML and used in Chromium, checked against the sample plans."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT
from htmlquery import parse_file
from playwright.sync_api import expect

from generator.format import date_cn, month_cn
from generator.model import STATUS_NAMES
from generator.pipeline import load_catalog
from generator.views.plans import is_upcoming

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.date(2026, 11, 24)  # the tests' build day (conftest.SAMPLE_EPOCH)
UPCOMING = [(i, p) for i in CATALOG.institutions for p in i.plans if is_upcoming(p, TODAY)]
MONTH = re.compile(r"^\d{4}年\d{1,2}月$")


def province_pages(site: Path) -> dict[str, object]:
    """The calendar's province pages by province code (the sample has fewer than 100 batches per province)."""
    return {page.parent.name: parse_file(page) for page in sorted((site / "calendar").glob("[0-9][0-9]/index.html"))}


def all_items(site: Path) -> dict[tuple[str, str], dict]:
    return {key: item for page in province_pages(site).values() for key, item in items(page).items()}


def items(page) -> dict[tuple[str, str], dict]:
    """(credit code, plan id) → the batch's data-* values (what the filter script reads), its text and element.

    A batch is a list item with the anchor plan-<credit code>-<plan id> that other pages link to."""
    found = {}
    for li in page.iter("li"):
        anchor = li.attrs.get("id", "")
        if anchor.startswith("plan-"):
            code, plan = anchor.removeprefix("plan-").split("-", 1)
            data = {k.removeprefix("data-"): v for k, v in li.attrs.items() if k.startswith("data-")}
            found[(code, plan)] = {**data, "body": li.text, "element": li}
    return found


def plan_by_id(plan_id: str):
    return next((i, p) for i, p in UPCOMING if p.id == plan_id)


def test_index_counts_each_province_and_links_its_page(built_site):
    index = parse_file(built_site / "calendar" / "index.html")
    rows = {row["省份"]: row for row in index.get_by_role("table", "各省份待开展的评价批次").rows()}
    expected = {}
    for inst, _ in UPCOMING:
        expected[inst.province] = expected.get(inst.province, 0) + 1
    assert {name: int(row["待开展批次"]) for name, row in rows.items()} == expected
    assert f"全国共 {len(UPCOMING)} 个批次" in index.text
    assert not items(index), "the national index lists no batches (it would grow with the institutions)"


def test_every_upcoming_batch_is_listed_once_under_the_month_of_its_first_exam(built_site):
    pages = province_pages(built_site)
    listed = all_items(built_site)
    assert len(UPCOMING) >= 10 and len(listed) == len(UPCOMING)
    month_of = {}
    for code, page in pages.items():
        month_headings = page.all_by_role("heading", MONTH, level=2)
        here = [p for i, p in UPCOMING if i.region_code[:2] == code]
        assert [h.name for h in month_headings] == sorted(
            {month_cn(p.first_exam) for p in here}, key=lambda t: tuple(map(int, re.findall(r"\d+", t)))
        )
        month_of |= {li.attrs.get("id"): h.name for h in month_headings for li in h.under().iter("li")}
    for inst, plan in UPCOMING:
        item = listed[(inst.credit_code, plan.id)]
        assert item["occupation"] == plan.evaluation.occupation_code and item["level"] == str(plan.evaluation.level)
        assert item["province"] == inst.province
        body = item["body"]
        link = item["element"].get_by_role("link", inst.name)
        assert link.href_path(f"calendar/{inst.region_code[:2]}/") == f"institutions/{inst.credit_code}/#plans"
        assert inst.occupation_name(plan.evaluation.occupation_code) in body and plan.evaluation.level_name in body
        times = {t.attrs["datetime"]: t.text for t in item["element"].iter("time")}
        for day in plan.exam_dates:
            assert times[day.isoformat()] == date_cn(day)
        assert f"{date_cn(plan.registration_from)} 至 {date_cn(plan.registration_to)}" in body
        venue = inst.venue(plan.venue_id)
        assert venue.name in body and venue.address in body
        assert month_of[item["element"].attrs["id"]] == month_cn(plan.first_exam)


def test_past_and_completed_batches_stay_off_the_calendar(built_site):
    listed = all_items(built_site)
    gone = [(i, p) for i in CATALOG.institutions for p in i.plans if p.status == "completed" or p.last_exam < TODAY]
    assert gone
    for inst, plan in gone:
        assert (inst.credit_code, plan.id) not in listed


@pytest.mark.parametrize(
    "plan_id, state, words",
    [
        ("2026-12-DG4", "open", "正在报名，2026年11月30日截止"),  # registration 11-01 … 11-30
        ("CD-2026-11-YL4", "open", "正在报名，2026年11月26日截止"),
        ("NJ-2027-01-CG3", "not_yet", "尚未开始报名，2026年12月1日开始"),
        ("SH-2026-11-PS5", "closed", "报名已截止"),  # registration ended 11-20, exams 11-28
        ("BJ-2026-12-RL3", "cancelled", "已取消"),
    ],
)
def test_registration_is_marked_against_the_build_day(built_site, plan_id, state, words):
    inst, plan = plan_by_id(plan_id)
    item = all_items(built_site)[(inst.credit_code, plan.id)]
    assert item["state"] == state
    assert words in item["body"]


def test_every_batch_carries_the_state_its_dates_give_on_the_build_day(built_site):
    listed = all_items(built_site)
    for inst, plan in UPCOMING:
        if plan.status == "cancelled":
            expected = "cancelled"
        elif plan.registration_from > TODAY:
            expected = "not_yet"
        elif plan.registration_to >= TODAY:
            expected = "open"
        else:
            expected = "closed"
        assert listed[(inst.credit_code, plan.id)]["state"] == expected, plan.id
    open_count = sum(1 for item in listed.values() if item["state"] == "open")
    assert (
        f"全国共 {len(UPCOMING)} 个批次，其中 {open_count} 个正在报名"
        in parse_file(built_site / "calendar/index.html").text
    )


def test_cancelled_batch_is_struck_through_with_its_note_and_the_institution_status(built_site):
    cancelled = [(i, p) for i, p in UPCOMING if p.status == "cancelled"]
    assert cancelled, "the sample data should hold an upcoming cancelled batch"
    listed = all_items(built_site)
    for inst, plan in cancelled:
        item = listed[(inst.credit_code, plan.id)]
        body = item["body"]
        occupation = inst.occupation_name(plan.evaluation.occupation_code)
        # <s>: the browser and screen readers present the evaluation as no longer happening
        assert [s.text for s in item["element"].iter("s")] == [f"{occupation} · {plan.evaluation.level_name}"]
        assert "已取消" in body
        assert next(item["element"].iter("dl")).definitions()["取消说明"] == plan.note
        if inst.status != "active":
            assert f"机构目录状态：{STATUS_NAMES[inst.status]}" in body


def test_active_institutions_carry_no_status_badge(built_site):
    listed = all_items(built_site)
    for inst, plan in UPCOMING:
        assert ("机构目录状态" in listed[(inst.credit_code, plan.id)]["body"]) == (inst.status != "active")


GUANGDONG = [(i, p) for i, p in UPCOMING if i.region_code[:2] == "44"]


def _occupation_with_most_batches() -> tuple[str, list]:
    codes = sorted({p.evaluation.occupation_code for _, p in GUANGDONG})
    code = max(codes, key=lambda c: sum(p.evaluation.occupation_code == c for _, p in GUANGDONG))
    return code, [(i, p) for i, p in GUANGDONG if p.evaluation.occupation_code == code]


def shown_batches(page):
    """The batches a reader sees: the list items under the month sections still shown."""
    return page.get_by_role("region", name=MONTH).get_by_role("listitem")


@pytest.mark.browser
def test_choosing_an_occupation_leaves_only_its_batches(page, site_url):
    code, expected = _occupation_with_most_batches()
    assert 1 < len(expected) < len(GUANGDONG)
    page.goto(site_url + "calendar/")
    page.get_by_role("link", name="广东省", exact=True).click()
    expect(page).to_have_url(re.compile(r"/calendar/44/$"))
    assert shown_batches(page).count() == len(GUANGDONG)
    page.get_by_label("职业", exact=True).select_option(code)
    count = page.locator("#portal-cal-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"符合条件的批次 {len(expected)} 个（共 {len(GUANGDONG)} 个）"
    visible = shown_batches(page)
    assert visible.count() == len(expected)
    assert {visible.nth(n).get_attribute("id") for n in range(visible.count())} == {
        f"plan-{i.credit_code}-{p.id}" for i, p in expected
    }
    months_left = {month_cn(p.first_exam) for _, p in expected}
    assert set(page.get_by_role("region", name=MONTH).get_by_role("heading", level=2).all_inner_texts()) == months_left
    feed = page.get_by_role("link", name=re.compile(r"^订阅“.+”的评价计划（\.ics）$"))
    assert feed.is_visible() and feed.get_attribute("href").endswith(f"calendar/occupations/{code}.ics")
    assert f"occupation={code}" in page.url  # a filtered view can be shared
    page.get_by_role("button", name="清除筛选").click()
    expect(shown_batches(page)).to_have_count(len(GUANGDONG))


@pytest.mark.browser
def test_a_shared_link_with_filters_opens_filtered(page, site_url):
    code, expected = _occupation_with_most_batches()
    page.goto(site_url + f"calendar/44/?occupation={code}")
    assert page.get_by_label("职业", exact=True).input_value() == code
    assert shown_batches(page).count() == len(expected) > 0


@pytest.mark.browser
def test_without_javascript_the_complete_list_shows_and_the_filters_stay_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + "calendar/")
        page.get_by_role("link", name="广东省", exact=True).click()
        assert shown_batches(page).count() == len(GUANGDONG)
        assert not page.get_by_role("search", name="筛选评价计划").is_visible()
        assert page.locator("#portal-cal-count").inner_text() == f"共 {len(GUANGDONG)} 个批次"
    finally:
        context.close()
