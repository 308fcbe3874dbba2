"""The auditor's pages in headless Chromium as people use them: the compliance dashboard filtered by
choosing options (with JavaScript and in a JavaScript-disabled context), on a desktop and a phone,
plus axe-core on every new page."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from test_accessibility import AXE, SCREENSHOTS, _run_axe
from test_compliance_pages import audited_catalog

from generator.check import FAIL, worst
from generator.pipeline import load_catalog

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")


def _audited():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    try:
        from generator.clock import build_today

        today = build_today()
    finally:
        mp.undo()
    return audited_catalog(today)


AUDITED = {i.credit_code: i for i in _audited().institutions}
GUANGZHOU = "52440106MJL0001001"
PAGES = {
    "compliance": "compliance/",
    "compliance-province": "compliance/44/",
    "inspections": "inspections/",
    "inspections-province": "inspections/44/",
    "rules": "rules/",
    "rule": "rules/plan-notice-period/",
    "institution-inspected": f"institutions/{GUANGZHOU}/",
    "indicators": "indicators/",
}
WIDTHS = [1280, 390]


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(width: int, javascript: bool = True):
        context = browser.new_context(
            locale="zh-CN",
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
            is_mobile=width < 500,
            has_touch=width < 500,
        )
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def visible_institutions(page) -> list[str]:
    """The institutions in the rows still shown: each row is headed by the institution's linked name."""
    table = page.get_by_role("table", name=re.compile("^各机构的检查结果"))
    return table.get_by_role("rowheader").get_by_role("link").all_inner_texts()


def names(predicate) -> list[str]:
    ordered = sorted(CATALOG.institutions, key=lambda i: (i.region_code, i.credit_code))
    return [i.name for i in ordered if predicate(i)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_wcag_violations(open_page, site_url, name, width):
    assert AXE.is_file(), "axe-core 未安装：请运行 npm install --prefix tests/.node axe-core@4"
    page = open_page(width)
    page.goto(site_url + PAGES[name])
    violations = _run_axe(page)
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_dashboard_province_page_filters_by_city_kind_indicator_and_result(open_page, site_url, width, javascript):
    page = open_page(width, javascript)
    page.goto(site_url + "compliance/")
    page.get_by_role("link", name="广东省", exact=True).click()
    page.wait_for_url("**/compliance/44/")

    def here(predicate):
        return names(lambda i: i.region_code[:2] == "44" and predicate(i))

    everyone = here(lambda i: True)
    assert visible_institutions(page) == everyone and len(everyone) > 1
    city = next(i.city for i in CATALOG.institutions if i.region_code[:2] == "44")
    page.get_by_label("城市", exact=True).select_option(label=city)
    assert visible_institutions(page) == here(lambda i: i.city == city)
    page.get_by_label("机构类型").select_option(label="社会培训评价组织")
    assert visible_institutions(page) == here(lambda i: i.city == city and i.kind == "social_training_org")
    page.get_by_role("button", name="清除筛选").click()
    assert visible_institutions(page) == everyone
    # "which institutions here fail indicator 18?"
    page.get_by_label("督导指标").select_option(value="18")
    page.get_by_label("检查结果").select_option(label="有不符合")
    shown = visible_institutions(page)
    assert shown == here(
        lambda i: worst(f.status for f in AUDITED[i.credit_code].findings if f.indicator == 18) == FAIL
    )
    assert len(shown) < len(everyone)
    page.get_by_label("督导指标").select_option(value="")  # any indicator failing
    assert len(visible_institutions(page)) >= len(shown)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"compliance-{width}-{'js' if javascript else 'nojs'}.png"), full_page=True)
    if javascript:
        assert page.locator("#portal-dashboard-count").inner_text().startswith("显示")
        assert "result=fail" in page.url


def test_dashboard_filter_in_the_address_is_restored(open_page, site_url):
    page = open_page(1280)
    city = next(i.region_code[:4] for i in CATALOG.institutions if i.region_code[:2] == "44")
    page.goto(site_url + f"compliance/44/?city={city}")
    assert page.get_by_label("城市", exact=True).input_value() == city
    assert visible_institutions(page) == names(lambda i: i.region_code.startswith(city))
    in_province = sum(i.region_code.startswith("44") for i in CATALOG.institutions)
    assert (
        page.locator("#portal-dashboard-count").inner_text()
        == f"显示 {len(visible_institutions(page))} / {in_province} 家机构"
    )


def test_a_cell_leads_to_the_evidence(open_page, site_url):
    page = open_page(390)
    page.goto(site_url + "compliance/44/")
    page.locator(f"tr:has(a[href$='{GUANGZHOU}/']) td a[href$='#check-14']").click()
    page.wait_for_url(f"**/institutions/{GUANGZHOU}/#check-14")
    heading = page.locator("#check-14")
    assert heading.is_visible() and "评价活动的策划" in heading.inner_text()
    section = page.get_by_role("region", name=heading.inner_text())  # the section the heading names
    assert "plans.yaml:" in section.inner_text()  # file and line of the evidence


@pytest.mark.parametrize(
    "path", ["compliance/", "compliance/44/", "inspections/", "inspections/44/", f"institutions/{GUANGZHOU}/"]
)
def test_phone_layout_has_no_sideways_overflow(open_page, site_url, path):
    page = open_page(390)
    page.goto(site_url + path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/').replace('/', '-')}-390.png"), full_page=True)
