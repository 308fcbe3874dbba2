"""The list pages that name every institution stay bounded as the number of institutions grows (issue F8):
national index pages of provinces, and province pages of at most ROWS_PER_PAGE rows, paginated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from generator import urls
from generator.model import Catalog, Inspection, Rectification
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, render_page, site_pages
from generator.views.split import ROWS_PER_PAGE, ListPart, city_starts, list_parts, pager

GOLDEN = load_catalog(Path(__file__).resolve().parent / "golden" / "institutions").institutions[0]
TODAY = dt.date(2026, 11, 24)
# Every list page: its national index, and the template of its province pages.
INDEXES = {
    "directory.html": "directory_province.html",
    "complaints.html": "complaints_province.html",
    "calendar.html": "calendar_province.html",
    "compliance.html": "compliance_province.html",
    "inspections.html": "inspections_province.html",
    "fee_comparison.html": "fee_comparison_province.html",
}
PLACES = [
    ("440106", "广东省", "广州市"),
    ("440304", "广东省", "深圳市"),
    ("110105", "北京市", "北京市"),
    ("510107", "四川省", "成都市"),
]


INSPECTION = Inspection(
    date=dt.date(2026, 6, 1),
    inspector="示例市人力资源和社会保障局",
    kind="routine",
    overall="basic_pass",
    score=None,
    results=(),
    rectifications=(Rectification(14, "补充公示投诉渠道", dt.date(2026, 9, 1), "open", None),),
    file="x/inspections/2026-06-01.yaml",
)


def catalog_of(n: int) -> Catalog:
    """n copies of the golden institution (with an inspection that left an overdue rectification item),
    spread over four cities in three provinces."""
    institutions = []
    for index in range(n):
        region, province, city = PLACES[index % len(PLACES)]
        institutions.append(
            dataclasses.replace(
                GOLDEN,
                credit_code=f"C{index:07d}",
                name=f"示例评价机构{index:05d}",
                region_code=region,
                province=province,
                city=city,
                inspections=(INSPECTION,),
            )
        )
    return Catalog(institutions)


def list_page_sizes(n: int) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]]]:
    """HTML bytes of each list's index page (the largest, for fee comparisons) and of its largest province page,
    and the paths of the province pages by template."""
    index, largest, paths = defaultdict(int), defaultdict(int), defaultdict(list)
    provinces = set(INDEXES.values())
    for page in site_pages(SiteContext(catalog_of(n), TODAY)):
        if page.template in INDEXES or page.template in provinces:
            size = len(render_page(page, TODAY).encode())
            target = index if page.template in INDEXES else largest
            target[page.template] = max(target[page.template], size)
            paths[page.template].append(page.path)
    return dict(index), dict(largest), dict(paths)


@pytest.fixture(scope="module")
def sizes():
    return {n: list_page_sizes(n) for n in (200, 2000)}


def test_index_pages_do_not_grow_with_the_number_of_institutions(sizes):
    small, large = sizes[200][0], sizes[2000][0]
    assert set(small) == set(INDEXES)
    for template in INDEXES:
        # Only the digits of counts (3 vs 4 digits, a few dozen counts on a page) may differ.
        assert large[template] - small[template] < 400, (template, small[template], large[template])
        assert large[template] < 40_000, (template, large[template])


def test_province_pages_stop_growing_at_the_row_limit(sizes):
    small, large = sizes[200][1], sizes[2000][1]
    assert set(large) == set(INDEXES.values())
    for template in INDEXES.values():
        # 200 institutions fill one province page of 100 rows already (广东省 has 100); 2,000 add pages, not
        # rows: what differs is the pager (above and below the rows, at most 7 page links) and which
        # institutions fill the rows, not their number.
        assert large[template] < small[template] * 1.05 + 3_000, (template, small[template], large[template])


def test_a_large_province_is_paginated_and_the_pages_link_each_other(sizes):
    paths = sizes[2000][2]["directory_province.html"]
    guangdong = [p for p in paths if p.startswith(urls.directory_province("44"))]
    # 2,000 institutions, half of them in 广东省: 1,000 rows, 10 pages
    assert guangdong == [urls.directory_province("44", n) for n in range(1, 11)]
    assert urls.directory_province("44", 1) == urls.directory() + "44/"


def test_the_pager_says_where_you_are_in_chinese_with_previous_and_next():
    items = list(range(5 * ROWS_PER_PAGE - 3))
    parts = list_parts("44", items)
    assert [len(p.items) for p in parts] == [ROWS_PER_PAGE] * 4 + [ROWS_PER_PAGE - 3]
    second = pager(parts[1], urls.complaints_province)
    assert (second["number"], second["count"], second["first_row"], second["last_row"]) == (2, 5, 101, 200)
    assert second["previous"] == urls.complaints_province("44") and second["next"] == urls.complaints_province("44", 3)
    assert pager(parts[0], urls.complaints_province)["previous"] is None
    assert pager(parts[4], urls.complaints_province)["next"] is None
    # Far pages are left out ("…"), so the pager itself stays small for a province of thousands.
    many = list_parts("44", list(range(40 * ROWS_PER_PAGE)))
    shown = [p.get("number") for p in pager(many[19], urls.complaints_province)["pages"]]
    assert shown == [1, None, 18, 19, 20, 21, 22, None, 40]


def test_rendered_pager_and_city_links():
    catalog = catalog_of(450)
    pages = {p.path: p for p in site_pages(SiteContext(catalog, TODAY))}
    html = render_page(pages[urls.directory_province("44", 2)], TODAY)
    assert "第 2 页，共 3 页" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert re.search(r'href="(\.\./)+institutions/44/3/" rel="next"', html)
    # 广州市 starts on page 1, 深圳市 rows alternate with it: both cities are on every page of 广东省
    assert "按城市：" in html and "广州市" in html and "深圳市" in html
    small = {p.path: p for p in site_pages(SiteContext(catalog_of(8), TODAY))}
    one_page = render_page(small[urls.directory_province("11")], TODAY)
    assert "共 1 页" not in one_page and 'rel="next"' not in one_page


def test_city_links_point_to_the_page_where_the_city_starts():
    rows = [("4401", "广州市")] * 150 + [("4403", "深圳市")] * 60
    cities = city_starts(rows, lambda r: r, urls.directory_province)
    assert [(c["name"], c["count"], c["page"]) for c in cities] == [("广州市", 150, 1), ("深圳市", 60, 2)]
    assert cities[1]["url"] == urls.directory_province("44", 2) + "#city-4403"


def test_province_pages_stay_out_of_the_nav_and_the_search_index():
    pages = site_pages(SiteContext(catalog_of(8), TODAY))
    by_template = defaultdict(list)
    for page in pages:
        by_template[page.template].append(page)
    for index, province in INDEXES.items():
        assert by_template[province], province
        assert not any(p.in_nav or p.searchable for p in by_template[province])
        if index != "fee_comparison.html":
            assert all(p.in_nav for p in by_template[index])


def test_list_parts_keeps_an_empty_province_as_one_empty_page():
    assert list_parts("44", []) == [ListPart("44", 1, 1, 0, (), 1)]
