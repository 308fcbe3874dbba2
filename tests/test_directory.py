"""The institution directory: a national index of provinces (GB/T 2260 order) whose filter form leads to the
search page, and one page per province with its institutions, working without JavaScript."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from searchui import result_titles, wait_for_results

from generator.pipeline import load_catalog
from generator.reference.codes import PROVINCES

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")


def province_rows(page) -> list[list[str]]:
    return [
        [cell.strip() for cell in row]
        for row in page.get_by_role("table", name="各省份的评价机构")
        .locator("tbody tr")
        .evaluate_all("rows => rows.map(r => Array.from(r.cells, c => c.textContent))")
    ]


def table_names(page) -> list[str]:
    """The institutions a province page shows: the row headers of its table."""
    table = page.get_by_role("table", name=re.compile("的技能人才评价机构"))
    return table.get_by_role("rowheader").all_inner_texts()


def test_index_lists_every_province_with_its_count_in_code_order(page, site_url):
    page.goto(site_url + "institutions/")
    codes = sorted({i.region_code[:2] for i in CATALOG.institutions}, key=list(PROVINCES).index)
    expected = [[PROVINCES[c], str(sum(i.region_code[:2] == c for i in CATALOG.institutions))] for c in codes]
    assert province_rows(page) == expected
    assert f"共收录 {len(CATALOG.institutions)} 家" in page.locator("article").inner_text()
    assert not page.get_by_role("table", name=re.compile("的技能人才评价机构")).count(), "no table of institutions"


def test_filter_by_province_and_occupation_leads_to_the_search_page(page, site_url):
    page.goto(site_url + "institutions/")
    page.get_by_label("省份", exact=True).select_option(label="广东省")
    page.get_by_label("评价职业", exact=True).select_option(label="机修钳工")
    page.get_by_role("button", name="筛选机构").click()
    expect(page).to_have_url(re.compile(r"/search/\?.*province=44"))
    assert "occupations=6-31-01-02" in page.url
    wait_for_results(page)
    both = {
        i.name
        for i in CATALOG.institutions
        if i.province == "广东省" and any(s.occupation == "机修钳工" for s in i.scope)
    }
    assert both and set(result_titles(page)) == both
    assert page.get_by_label("省份", exact=True).input_value() == "44", "the search page shows the chosen filters"


def test_province_page_lists_its_institutions_in_region_order_without_javascript(browser, site_url):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "institutions/")
        page.get_by_role("link", name="广东省", exact=True).click()
        expect(page).to_have_url(re.compile(r"/institutions/44/$"))
        in_province = sorted(
            (i for i in CATALOG.institutions if i.region_code[:2] == "44"), key=lambda i: (i.region_code, i.credit_code)
        )
        assert table_names(page) == [i.name for i in in_province]
        assert page.get_by_role("heading", level=1).inner_text() == "广东省的评价机构"
        # the city jump links lead to the first row of each city
        cities = {i.region_code[:4]: i.city for i in in_province}
        jump = page.get_by_role("navigation", name="按城市跳转")
        assert jump.get_by_role("link").all_inner_texts() == [
            f"{name}（{sum(i.region_code[:4] == code for i in in_province)}）" for code, name in cities.items()
        ]
        last = list(cities)[-1]
        jump.get_by_role("link", name=re.compile(cities[last])).click()
        assert page.url.endswith(f"#city-{last}")
        assert cities[last] in page.locator(f"#city-{last}").inner_text()
        # the way back
        page.get_by_role("navigation", name="当前位置").get_by_role("link", name="机构名录").click()
        expect(page).to_have_url(re.compile(r"/institutions/$"))
    finally:
        context.close()


def test_province_filter_form_searches_within_the_province(page, site_url):
    page.goto(site_url + "institutions/44/")
    page.get_by_text("在广东省筛选机构").click()
    cities = page.get_by_label("城市", exact=True).locator("option").all_inner_texts()
    assert sorted(cities[1:]) == sorted({i.city for i in CATALOG.institutions if i.region_code[:2] == "44"})
    page.get_by_label("评价职业", exact=True).select_option(label="机修钳工")
    page.get_by_role("button", name="筛选机构").click()
    wait_for_results(page)
    assert set(result_titles(page)) == {
        i.name
        for i in CATALOG.institutions
        if i.province == "广东省" and any(s.occupation == "机修钳工" for s in i.scope)
    }


def test_institution_and_province_pages_are_not_in_the_nav(page, site_url):
    page.goto(site_url + "institutions/")
    nav_links = page.get_by_role("navigation").get_by_role("link").evaluate_all("els => els.map(e => e.href)")
    assert nav_links and not [h for h in nav_links if re.search(r"/institutions/[0-9A-Z]{18}/", h)]
    navigation = page.locator("nav.md-nav").first.evaluate("n => n.textContent")
    assert "机构名录" in navigation and "广东省" not in navigation
