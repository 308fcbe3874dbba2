"""The evaluation calendar page, read as HTML and used in Chromium, checked against the sample plans."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from generator.model import STATUS_NAMES
from generator.pipeline import load_catalog
from generator.render.format import date_cn, month_cn
from generator.views.plans import is_upcoming

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.date(2026, 11, 24)  # the tests' build day (conftest.SAMPLE_EPOCH)
UPCOMING = [(i, p) for i in CATALOG.institutions for p in i.plans if is_upcoming(p, TODAY)]
_ITEM = re.compile(r'<li id="plan-(?P<code>[^-"]+)-(?P<plan>[^"]+)" class="portal-cal-item[^"]*"(?P<attrs>[^>]*)>'
                   r"(?P<body>.*?)</li>", re.S)


def calendar_html(site: Path) -> str:
    return (site / "calendar" / "index.html").read_text("utf-8")


def items(html: str) -> dict[tuple[str, str], dict]:
    """(credit code, plan id) → the item's data attributes and inner HTML."""
    found = {}
    for m in _ITEM.finditer(html):
        attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', m["attrs"]))
        found[(m["code"], m["plan"])] = {**attrs, "body": m["body"], "start": m.start()}
    return found


def plan_by_id(plan_id: str):
    return next((i, p) for i, p in UPCOMING if p.id == plan_id)


def test_every_upcoming_batch_is_listed_once_under_the_month_of_its_first_exam(built_site):
    html = calendar_html(built_site)
    listed = items(html)
    assert len(UPCOMING) >= 10 and len(listed) == len(UPCOMING) == html.count('class="portal-cal-item ')
    months = [(m.start(), m[1]) for m in re.finditer(r'<h2 id="month-[0-9-]+">([^<]+)</h2>', html)]
    assert [label for _, label in months] == sorted({month_cn(p.first_exam) for _, p in UPCOMING},
                                                    key=lambda t: tuple(map(int, re.findall(r"\d+", t))))
    for inst, plan in UPCOMING:
        item = listed[(inst.credit_code, plan.id)]
        assert item["occupation"] == plan.evaluation.occupation_code and item["level"] == str(plan.evaluation.level)
        assert item["province"] == inst.province
        body = item["body"]
        assert f'href="../institutions/{inst.credit_code}/#plans">{inst.name}</a>' in body
        assert inst.occupation_name(plan.evaluation.occupation_code) in body and plan.evaluation.level_name in body
        for day in plan.exam_dates:
            assert f'<time datetime="{day.isoformat()}">{date_cn(day)}</time>' in body
        assert f"{date_cn(plan.registration_from)} 至 {date_cn(plan.registration_to)}" in body
        venue = inst.venue(plan.venue_id)
        assert venue.name in body and venue.address in body
        heading = [label for start, label in months if start < item["start"]][-1]
        assert heading == month_cn(plan.first_exam)


def test_past_and_completed_batches_stay_off_the_calendar(built_site):
    listed = items(calendar_html(built_site))
    gone = [(i, p) for i in CATALOG.institutions for p in i.plans if p.status == "completed" or p.last_exam < TODAY]
    assert gone
    for inst, plan in gone:
        assert (inst.credit_code, plan.id) not in listed


@pytest.mark.parametrize("plan_id, state, words", [
    ("2026-12-DG4", "open", "正在报名，2026年11月30日截止"),  # registration 11-01 … 11-30
    ("CD-2026-11-YL4", "open", "正在报名，2026年11月26日截止"),
    ("NJ-2027-01-CG3", "not_yet", "尚未开始报名，2026年12月1日开始"),
    ("SH-2026-11-PS5", "closed", "报名已截止"),  # registration ended 11-20, exams 11-28
    ("BJ-2026-12-RL3", "cancelled", "已取消"),
])
def test_registration_is_marked_against_the_build_day(built_site, plan_id, state, words):
    inst, plan = plan_by_id(plan_id)
    item = items(calendar_html(built_site))[(inst.credit_code, plan.id)]
    assert item["state"] == state
    assert words in item["body"]


def test_every_batch_carries_the_state_its_dates_give_on_the_build_day(built_site):
    listed = items(calendar_html(built_site))
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
    html = calendar_html(built_site)
    open_count = sum(1 for item in listed.values() if item["state"] == "open")
    assert f"共 {len(UPCOMING)} 个批次，其中 {open_count} 个正在报名" in html


def test_cancelled_batch_is_struck_through_with_its_note_and_the_institution_status(built_site):
    cancelled = [(i, p) for i, p in UPCOMING if p.status == "cancelled"]
    assert cancelled, "the sample data should hold an upcoming cancelled batch"
    listed = items(calendar_html(built_site))
    for inst, plan in cancelled:
        body = listed[(inst.credit_code, plan.id)]["body"]
        occupation = inst.occupation_name(plan.evaluation.occupation_code)
        assert f"<s>{occupation} · {plan.evaluation.level_name}</s>" in body
        assert '<span class="portal-badge portal-badge--cancelled">已取消</span>' in body
        assert f"<dt>取消说明</dt><dd>{plan.note}</dd>" in body
        if inst.status != "active":
            assert f"机构目录状态：{STATUS_NAMES[inst.status]}" in body


def test_active_institutions_carry_no_status_badge(built_site):
    listed = items(calendar_html(built_site))
    for inst, plan in UPCOMING:
        assert ("机构目录状态" in listed[(inst.credit_code, plan.id)]["body"]) == (inst.status != "active")


def _occupation_with_most_batches() -> tuple[str, list]:
    codes = sorted({p.evaluation.occupation_code for _, p in UPCOMING})
    code = max(codes, key=lambda c: sum(p.evaluation.occupation_code == c for _, p in UPCOMING))
    return code, [(i, p) for i, p in UPCOMING if p.evaluation.occupation_code == code]


@pytest.mark.browser
def test_choosing_an_occupation_leaves_only_its_batches(page, site_url):
    code, expected = _occupation_with_most_batches()
    assert 1 < len(expected) < len(UPCOMING)
    page.goto(site_url + "calendar/")
    assert page.locator(".portal-cal-item:visible").count() == len(UPCOMING)
    page.get_by_label("职业", exact=True).select_option(code)
    count = page.locator("#portal-cal-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"符合条件的批次 {len(expected)} 个（共 {len(UPCOMING)} 个）"
    visible = page.locator(".portal-cal-item:visible")
    assert visible.count() == len(expected)
    assert {visible.nth(n).get_attribute("id") for n in range(visible.count())} == {
        f"plan-{i.credit_code}-{p.id}" for i, p in expected}
    months_left = {month_cn(p.first_exam) for _, p in expected}
    assert set(page.locator(".portal-cal-month:visible h2").all_inner_texts()) == months_left
    feed = page.locator("#portal-cal-occupation-feed a")
    assert feed.is_visible() and feed.get_attribute("href").endswith(f"calendar/occupations/{code}.ics")
    assert f"occupation={code}" in page.url  # a filtered view can be shared
    page.get_by_role("button", name="清除筛选").click()
    expect(page.locator(".portal-cal-item:visible")).to_have_count(len(UPCOMING))


@pytest.mark.browser
def test_a_shared_link_with_filters_opens_filtered(page, site_url):
    inst, _ = next((i, p) for i, p in UPCOMING if i.province == "广东省")
    expected = [p for i, p in UPCOMING if i.province == inst.province and p.evaluation.level == 4]
    page.goto(site_url + "calendar/?province=广东省&level=4")
    assert page.get_by_label("省份", exact=True).input_value() == "广东省"
    assert page.locator(".portal-cal-item:visible").count() == len(expected) > 0


@pytest.mark.browser
def test_without_javascript_the_complete_list_shows_and_the_filters_stay_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + "calendar/")
        assert page.locator(".portal-cal-item:visible").count() == len(UPCOMING)
        assert not page.locator("#portal-cal-filters").is_visible()
        assert page.locator("#portal-cal-count").inner_text() == f"共 {len(UPCOMING)} 个批次"
    finally:
        context.close()
