"""The sample site as a person uses it: served on 127.0.0.1 and driven in headless Chromium."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from searchui import result_titles, show_all, type_query, wait_for_results

from generator.pipeline import load_catalog

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")


def offering(occupation: str):
    return [i for i in CATALOG.institutions if any(s.occupation == occupation for s in i.scope)]


def search(page, site_url, query: str):
    page.goto(site_url + "search/")
    type_query(page, query)
    return page


def test_searching_dian_gong_finds_an_institution_that_offers_it(page, site_url):
    expected = {i.name for i in offering("电工")}
    assert expected
    search(page, site_url, "电工")
    show_all(page)
    assert expected & set(result_titles(page))


def test_search_by_short_name_finds_the_institution(page, site_url):
    inst = next(i for i in CATALOG.institutions if i.short_name)
    search(page, site_url, inst.short_name)
    assert inst.name in result_titles(page)[:3]


def test_province_filter_narrows_results(page, site_url):
    electricians = offering("电工")
    province = electricians[0].province
    search(page, site_url, "电工")
    page.get_by_label("省份", exact=True).select_option(electricians[0].region_code[:2])
    wait_for_results(page, "电工")
    show_all(page)
    titles = set(result_titles(page))
    names_in_province = {i.name for i in CATALOG.institutions if i.province == province}
    assert titles and titles <= names_in_province
    assert {i.name for i in electricians if i.province == province} <= titles


def test_search_result_opens_the_institution_page_with_its_fee_table(page, site_url):
    inst = next(i for i in offering("电工") if i.fees)
    search(page, site_url, inst.name)
    page.locator("#portal-search-results a", has_text=inst.name).first.click()
    page.wait_for_url(re.compile(rf".*/institutions/{inst.credit_code}/"))
    fees = page.get_by_role("table", name=re.compile("^现行收费标准"))
    assert fees.is_visible()
    assert fees.get_by_role("columnheader", name="合计").is_visible()
    assert re.search(r"¥\d", fees.inner_text())


@pytest.mark.parametrize("path", ["", "search/", "institutions/", "indicators/"])
def test_pages_make_no_request_to_other_hosts(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if path == "search/":
        type_query(page, "电工")
        page.wait_for_load_state("networkidle")
    outside = [u for u in page.requested_urls if not u.startswith(site_url) and not u.startswith("data:")]
    assert outside == []


def test_institution_page_makes_no_request_to_other_hosts(page, site_url):
    inst = CATALOG.institutions[0]
    page.goto(f"{site_url}institutions/{inst.credit_code}/")
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requested_urls if not u.startswith(site_url) and not u.startswith("data:")] == []
