"""Date-dependent words (registration, overdue rectification, fee standards that end) are recomputed in the browser
from the ISO dates on the page; the built text is the no-JS answer."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ROOT, SAMPLE_EPOCH

from generator import urls
from generator.clock import CHINA
from generator.pipeline import load_catalog
from generator.views.plans import is_upcoming, registration_state

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
    calendar = urls.calendar_province(INST.region_code[:2])  # the batches are on the province's page
    assert badge_text(browser, site_url, calendar, f"{item} [data-state]", after) == "报名已截止"
    assert "正在报名" not in badge_text(browser, site_url, calendar, item, after)


# ---- Rectification deadlines: 整改中 / 逾期 N 天 and the overdue counts follow the reader's today ----

GUANGZHOU = "52440106MJL0001001"


def open_items(inst):
    return [(x, r) for x in inst.inspections for r in x.rectifications if r.status == "open"]


def expected_badge(item, day: dt.date) -> str:
    return f"逾期 {(day - item.deadline).days} 天" if item.overdue(day) else "整改中"


def read_page(browser, site_url, path, day: dt.date | None, width: int, script: str, javascript: bool = True):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        if day is not None:
            page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(10), tzinfo=CHINA))
        page.goto(site_url + path)
        return page.evaluate(script)
    finally:
        context.close()


# What a person reads in the latest inspection's rectification table, and the notice above it.
READ_INSTITUTION = """() => {
  const section = document.getElementById('inspections').parentElement;
  const rows = [...document.querySelectorAll('tr[class*="portal-rectification--"]')]
    .filter(r => r.offsetParent !== null)
    .map(r => [r.querySelector('th').innerText.trim(), r.querySelector('td[data-label="状态"]').innerText.trim()]);
  const notice = [...document.querySelectorAll('.admonition')].find(a => a.innerText.includes('整改逾期'));
  const lead = [...document.querySelectorAll('p.portal-lead')].find(p => p.innerText.includes('最近一次督导'));
  return {rows, notice: notice && notice.offsetParent !== null ? notice.innerText : null, lead: lead.innerText};
}"""


@pytest.mark.parametrize("width", (390, 1280))
def test_rectification_turns_overdue_after_its_deadline_without_a_rebuild(browser, site_url, width):
    inst = next(i for i in CATALOG.institutions if i.credit_code == GUANGZHOU)
    items = open_items(inst)
    later = max(r.deadline for _, r in items) + dt.timedelta(days=5)  # every open item is late now
    for day in (BUILT_ON, later):
        seen = read_page(browser, site_url, urls.institution(GUANGZHOU), day, width, READ_INSTITUTION)
        rows = dict(seen["rows"])
        overdue = [r for _, r in items if r.overdue(day)]
        for _, item in items:
            assert rows[item.requirement] == expected_badge(item, day), (day, item.requirement)
        assert f"有 {len(overdue)} 项整改要求已过整改期限仍未完成（截至 {day.year}年{day.month}月{day.day}日）" in (
            seen["notice"] or ""
        )
        assert f"其中 {len(overdue)} 项逾期" in seen["lead"]
    assert (
        "逾期 5 天"
        in dict(
            read_page(browser, site_url, urls.institution(GUANGZHOU), later, width, READ_INSTITUTION)["rows"]
        ).values()
    )


def test_before_any_deadline_nothing_is_overdue_and_the_notice_is_gone(browser, site_url):
    inst = next(i for i in CATALOG.institutions if i.credit_code == GUANGZHOU)
    early = min(r.deadline for _, r in open_items(inst)) - dt.timedelta(days=1)
    seen = read_page(browser, site_url, urls.institution(GUANGZHOU), early, 390, READ_INSTITUTION)
    rows = dict(seen["rows"])
    assert {rows[item.requirement] for _, item in open_items(inst)} == {"整改中"}
    assert seen["notice"] is None and "逾期" not in seen["lead"]


def test_without_javascript_the_built_overdue_words_stay(browser, site_url):
    inst = next(i for i in CATALOG.institutions if i.credit_code == GUANGZHOU)
    later = max(r.deadline for _, r in open_items(inst)) + dt.timedelta(days=30)
    seen = read_page(browser, site_url, urls.institution(GUANGZHOU), later, 1280, READ_INSTITUTION, javascript=False)
    rows = dict(seen["rows"])
    for _, item in open_items(inst):
        assert rows[item.requirement] == expected_badge(item, BUILT_ON)
    assert f"（截至 {BUILT_ON.year}年{BUILT_ON.month}月{BUILT_ON.day}日）" in seen["notice"]


READ_PROVINCE = """() => ({
  heading: document.getElementById('rectifications').innerText,
  badges: [...document.querySelectorAll('[data-rectification-deadline]')].map(b => b.innerText),
  recent: [...document.querySelectorAll('td[data-label="整改"]')].map(td => td.innerText),
})"""


@pytest.mark.parametrize("width", (390, 1280))
def test_inspections_province_pages_recount_overdue_items_from_today(browser, site_url, width):
    every = [(i, x, r) for i in CATALOG.institutions for x, r in open_items(i)]
    later = dt.date(2026, 12, 20)
    assert {r.overdue(later) for _, _, r in every} == {True, False}  # some turned late since the build
    late_seen = 0
    for code in sorted({i.region_code[:2] for i, _, _ in every}):
        seen = read_page(browser, site_url, urls.inspections_province(code), later, width, READ_PROVINCE)
        in_province = [r for i, _, r in every if i.region_code[:2] == code]
        late_here = sum(r.overdue(later) for r in in_province)
        assert sorted(seen["badges"]) == sorted(expected_badge(r, later) for r in in_province)
        heading = seen["heading"]
        assert heading.endswith(f"，逾期 {late_here} 项" if late_here else f"{len(in_province)} 项"), heading
        late_seen += sum(int(t.split("逾期 ")[1].split(" 项")[0]) for t in seen["recent"] if "逾期" in t)
    assert late_seen == sum(r.overdue(later) for _, _, r in every)


def test_calendar_counts_batches_open_for_registration_today(browser, site_url):
    read = "() => document.querySelector('[data-registration-open-count]').innerText"
    page = urls.calendar_province("44")
    after_everything = max(p.registration_to for i in CATALOG.institutions for p in i.plans) + dt.timedelta(days=1)
    assert read_page(browser, site_url, page, after_everything, 390, read) == "0"
    built = read_page(browser, site_url, page, BUILT_ON, 1280, read)
    assert int(built) == sum(
        registration_state(p, BUILT_ON) == "open"
        for i in CATALOG.institutions
        for p in i.plans
        if is_upcoming(p, BUILT_ON) and i.region_code[:2] == "44"
    )


# ---- A fee standard that ends: 有效至 … until that day, then 已于 … 失效 ----


@pytest.fixture(scope="module")
def ending_fee_site(tmp_path_factory):
    """The sample with one fee standard ending after the build day (2026-12-31), served on 127.0.0.1."""
    from conftest import serve_directory
    from sitebuild import build_from

    tmp = tmp_path_factory.mktemp("ending-fee")
    shutil.copytree(ROOT / "institutions", tmp / "institutions")
    fees = tmp / "institutions" / "91370202MA3C4D5E6T" / "fees.yaml"
    fees.write_text(
        fees.read_text("utf-8").replace("effective_until: 2026-07-31", "effective_until: 2026-12-31"), "utf-8"
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    try:
        site = build_from(tmp / "institutions", tmp / "site", tmp / "work")
    finally:
        mp.undo()
    server = serve_directory(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


READ_FEE_DATES = """() => [...document.querySelectorAll('td[data-label="生效日期"]')]
  .filter(td => td.querySelector('.portal-fee-validity')).map(td => td.innerText.replace(/\\s+/g, ' ').trim())"""


@pytest.mark.parametrize("width", (390, 1280))
def test_fee_standard_says_when_it_ended_without_a_rebuild(browser, ending_fee_site, width):
    path = urls.institution("91370202MA3C4D5E6T")
    before = read_page(browser, ending_fee_site, path, BUILT_ON, width, READ_FEE_DATES)
    assert before and all(t.endswith("有效至 2026年12月31日") for t in before)
    after = read_page(browser, ending_fee_site, path, dt.date(2027, 1, 2), width, READ_FEE_DATES)
    assert after and all(t.endswith("已于 2026年12月31日 失效，请向机构核实现行收费") for t in after)
    no_js = read_page(browser, ending_fee_site, path, dt.date(2027, 1, 2), width, READ_FEE_DATES, javascript=False)
    assert no_js == before


def test_statuses_js_words_match_the_views():
    """The browser recomputes with the same words the build writes."""
    from generator.views.plans import REGISTRATION_STATES

    script = (ROOT / "theme" / "assets" / "statuses.js").read_text("utf-8")
    for state in ("open", "not_yet", "closed"):
        assert f'{state}: "{REGISTRATION_STATES[state]}"' in script
