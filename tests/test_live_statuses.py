"""Registration states are recomputed in the browser from the ISO dates on the page; the built text is the no-JS answer."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, SAMPLE_EPOCH

from generator import urls
from generator.clock import CHINA
from generator.pipeline import load_catalog
from generator.views.plans import registration_state

CATALOG = load_catalog(ROOT / "institutions")
BUILT_ON = dt.datetime.fromtimestamp(int(SAMPLE_EPOCH), tz=CHINA).date()
INST, PLAN = next((i, p) for i in CATALOG.institutions for p in i.plans if registration_state(p, BUILT_ON) == "open")


def badge_text(
    browser, site_url, path, selector, day: dt.date | None, javascript: bool = True, width: int = 1280
) -> str:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        if day is not None:
            page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(10), tzinfo=CHINA))
        page.goto(site_url + path)
        return page.locator(selector).first.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", (390, 1280))
def test_institution_page_says_closed_once_the_deadline_has_passed_without_a_rebuild(browser, site_url, width):
    selector = f'[aria-label="批次 {PLAN.id}"] [data-state]'
    path = urls.institution(INST.credit_code)
    assert badge_text(browser, site_url, path, selector, BUILT_ON, width=width) == "正在报名"
    after = PLAN.registration_to + dt.timedelta(days=1)
    assert badge_text(browser, site_url, path, selector, after, width=width) == "报名已截止"
    before = PLAN.registration_from - dt.timedelta(days=1)
    assert badge_text(browser, site_url, path, selector, before, width=width) == "尚未开始报名"


def test_without_javascript_the_built_status_stays(browser, site_url):
    selector = f'[aria-label="批次 {PLAN.id}"] [data-state]'
    assert (
        badge_text(browser, site_url, urls.institution(INST.credit_code), selector, None, javascript=False)
        == "正在报名"
    )


def test_calendar_badge_and_detail_follow_today(browser, site_url):
    item = f"#plan-{INST.credit_code}-{PLAN.id}"
    after = PLAN.registration_to + dt.timedelta(days=1)
    assert badge_text(browser, site_url, urls.calendar(), f"{item} [data-state]", after) == "报名已截止"
    assert "正在报名" not in badge_text(browser, site_url, urls.calendar(), item, after)
