"""The institution directory: a complete table without JavaScript, instant filters with it."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from generator.pipeline import load_catalog

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")


def visible_names(page) -> list[str]:
    """The institutions in the rows still shown: each row is headed by the institution's linked name."""
    table = page.get_by_role("table", name="技能人才评价机构名录")
    return table.get_by_role("rowheader").get_by_role("link").all_inner_texts()


def choose(page, label: str, option: str):
    page.get_by_label(label, exact=True).select_option(label=option)


def test_filtering_by_province_then_occupation_shows_exactly_the_matching_institutions(page, site_url):
    page.goto(site_url + "institutions/")
    count = page.locator("#portal-directory-count")
    assert count.inner_text() == f"显示 {len(CATALOG.institutions)} / {len(CATALOG.institutions)} 家"
    assert count.get_attribute("role") == "status"

    province = "广东省"
    choose(page, "省份", province)
    in_province = sorted(i.name for i in CATALOG.institutions if i.province == province)
    assert sorted(visible_names(page)) == in_province
    assert count.inner_text() == f"显示 {len(in_province)} / {len(CATALOG.institutions)} 家"

    choose(page, "评价职业", "机修钳工")
    both = sorted(
        i.name
        for i in CATALOG.institutions
        if i.province == province and any(s.occupation == "机修钳工" for s in i.scope)
    )
    assert both and len(both) < len(in_province)
    assert sorted(visible_names(page)) == both
    assert re.search(r"[?&]province=44(&|$)", page.url) and "occupations=6-31-01-02" in page.url

    page.reload()
    assert sorted(visible_names(page)) == both, "the filter survives a reload (shareable address)"
    page.get_by_role("button", name="清除筛选").click()
    expect(count).to_have_text(f"显示 {len(CATALOG.institutions)} / {len(CATALOG.institutions)} 家")
    assert len(visible_names(page)) == len(CATALOG.institutions)
    assert page.url.endswith("/institutions/")


def test_city_choices_follow_the_province_and_no_match_says_so(page, site_url):
    page.goto(site_url + "institutions/")
    choose(page, "省份", "广东省")
    cities = page.locator('select[name="city"] option:not([disabled])').all_inner_texts()
    assert sorted(cities[1:]) == sorted({i.city for i in CATALOG.institutions if i.province == "广东省"})
    assert not page.locator("#portal-directory-empty").is_visible()
    assert not any(i.province == "广东省" and i.status == "removed" for i in CATALOG.institutions)
    choose(page, "目录状态", "移出目录")
    assert visible_names(page) == []
    assert page.locator("#portal-directory-empty").is_visible()
    assert page.locator("#portal-directory-count").inner_text() == f"显示 0 / {len(CATALOG.institutions)} 家"


def test_sorting_by_name_uses_chinese_collation(page, site_url):
    page.goto(site_url + "institutions/")
    choose(page, "排序", "按机构名称")
    names = visible_names(page)
    expected = page.evaluate("names => names.slice().sort(new Intl.Collator('zh-CN').compare)", names)
    assert names == expected
    assert names != sorted(names), "pinyin order, not code-point order"
    choose(page, "排序", "按所在地")
    by_region = sorted(CATALOG.institutions, key=lambda i: (i.region_code, i.credit_code))
    assert visible_names(page) == [i.name for i in by_region]


def test_without_javascript_the_whole_table_and_the_province_links_work(browser, site_url):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "institutions/")
        assert sorted(visible_names(page)) == sorted(i.name for i in CATALOG.institutions)
        assert not page.locator("#portal-directory-filters").is_visible()
        jump = page.get_by_role("navigation", name="按省份跳转")
        province = CATALOG.institutions[0].province
        jump.get_by_role("link", name=re.compile(province)).click()
        first = page.locator(f"#province-{CATALOG.institutions[0].region_code[:2]}")
        assert province in first.inner_text()
        assert first.is_visible()
    finally:
        context.close()


def test_institution_pages_are_not_in_the_nav(page, site_url):
    page.goto(site_url + "institutions/")
    nav_links = page.get_by_role("navigation").get_by_role("link").evaluate_all("els => els.map(e => e.href)")
    assert nav_links and not [h for h in nav_links if re.search(r"/institutions/[0-9A-Z]{18}/", h)]
