"""Way back: breadcrumbs on institution, fee comparison and calendar pages; the directory at the end of an institution page."""

from __future__ import annotations

import pytest
from htmlquery import parse_file

from generator import urls

INSTITUTION = "12320100MB0A123454"
CASES = [
    (urls.institution(INSTITUTION), ["首页", "机构名录"], "南京示例技师学院"),
    (urls.fee_comparison("6-31-01-03-4"), ["首页", "收费对比"], "电工（四级/中级工）"),
    (urls.calendar(), ["首页"], "评价计划"),
]


@pytest.mark.parametrize("path,parents,current", CASES)
def test_breadcrumbs_lead_to_existing_parent_pages(built_site, path, parents, current):
    nav = parse_file(built_site / path / "index.html").get_by_role("navigation", "当前位置")
    links = nav.links()
    assert [a.name for a in links] == parents
    for a in links:
        assert (built_site / a.href_path(path) / "index.html").is_file(), a.attrs["href"]
    assert nav.text.split()[-1] == current


def test_institution_page_ends_with_a_link_back_to_the_directory(built_site):
    page = parse_file(built_site / urls.institution(INSTITUTION) / "index.html")
    back = page.get_by_role("link", "← 返回机构名录")
    assert back.href_path(urls.institution(INSTITUTION)) == urls.directory()


@pytest.mark.parametrize("width", (390, 1280))
def test_breadcrumb_is_visible_and_clicking_it_reaches_the_directory(browser, site_url, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + urls.institution(INSTITUTION))
        crumb = page.get_by_role("navigation", name="当前位置").get_by_role("link", name="机构名录")
        assert crumb.is_visible()
        crumb.click()
        page.wait_for_url(site_url + urls.directory())
        assert page.get_by_role("heading", level=1).inner_text().startswith("机构名录")
    finally:
        context.close()
