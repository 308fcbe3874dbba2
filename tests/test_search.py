"""Search as people use it: type into the box on the home page or the search page, choose filters, open a
result and come back; at phone and desktop width, at the site root and under a sub-path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, serve_directory
from playwright.sync_api import expect
from searchui import (
    DESKTOP,
    PHONE,
    new_page,
    result_categories,
    result_titles,
    show_all,
    status,
    type_query,
    wait_for_results,
)

from generator import urls
from generator.pipeline import load_catalog

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")
SCREENSHOTS = ROOT / "test-results"


def offering(occupation: str, level: int | None = None) -> set[str]:
    return {
        i.name
        for i in CATALOG.institutions
        if any(s.occupation == occupation and (level is None or level in s.levels) for s in i.scope)
    }


@pytest.fixture(params=[PHONE, DESKTOP], ids=["390px", "1280px"])
def sized_page(browser, request):
    page = new_page(browser, request.param)
    yield page
    page.context.close()


def options(page, label: str) -> list[str]:
    """The choices a person can pick in a filter box (hidden, unavailable ones left out)."""
    return page.get_by_label(label, exact=True).locator("option:not([disabled])").all_inner_texts()


def choose(page, label: str, option_start: str):
    """Pick a filter value and wait for the results it gives."""
    box = page.get_by_label(label, exact=True)
    value = box.locator("option:not([disabled])", has_text=option_start).first.get_attribute("value")
    box.select_option(value)
    wait_for_results(page)


# ---- F4 item 1: every search box answers, at every depth and under a sub-path ----


def test_home_page_search_box_answers(sized_page, site_url):
    page = sized_page
    page.goto(site_url)
    type_query(page, "电工")
    wait_for_results(page)
    assert offering("电工") <= set(result_titles(page)) | set(), result_titles(page)
    assert page.errors == []


@pytest.fixture(scope="module")
def sub_path_url(built_site, tmp_path_factory):
    """The built site deployed under /sub/path/ of a host."""
    root = tmp_path_factory.mktemp("host")
    (root / "sub").mkdir()
    (root / "sub" / "path").symlink_to(built_site, target_is_directory=True)
    server = serve_directory(root)
    yield f"http://127.0.0.1:{server.server_address[1]}/sub/path/"
    server.shutdown()


@pytest.mark.parametrize("start", ["", "search/"])
def test_search_works_under_a_sub_path(browser, sub_path_url, start):
    page = new_page(browser, DESKTOP)
    try:
        page.goto(sub_path_url + start)
        type_query(page, "育婴员")
        wait_for_results(page)
        assert set(result_titles(page)) >= offering("育婴员")
        results = page.locator("#portal-search-results")
        results.get_by_role("link", name=sorted(offering("育婴员"))[0], exact=True).click()
        page.wait_for_url(re.compile(r".*/sub/path/institutions/[0-9A-Z]{18}/$"))
        assert all("/sub/path/" in u for u in page.requested_urls if "/pagefind/" in u)
        assert page.errors == []
    finally:
        page.context.close()


def test_enter_on_the_home_page_opens_the_search_page_with_the_query(page, site_url):
    page.goto(site_url)
    box = page.get_by_role("searchbox")
    box.fill("养老护理员")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q="))
    wait_for_results(page)
    assert page.get_by_role("searchbox").input_value() == "养老护理员"
    assert set(result_titles(page)) >= offering("养老护理员")


# ---- F4 item 3: nothing found says so; institutions first; ordered, non-empty filters; URL state ----


@pytest.mark.parametrize("query", ["家政保洁服务", "电工 家政"])
def test_a_query_absent_from_the_data_finds_nothing(page, site_url, query):
    page.goto(site_url + "search/")
    type_query(page, query)
    wait_for_results(page)
    assert status(page).inner_text().startswith("没有找到")
    assert result_titles(page) == []


@pytest.mark.parametrize("query", ["天河示例评价中心", "天河实训楼", "示例路", "穗人社评备"])
def test_an_institution_is_found_by_its_summary(page, site_url, query):
    """Short name, venue, address, filing number: the summary an institution page indexes."""
    page.goto(site_url + "search/")
    type_query(page, query)
    wait_for_results(page)
    assert "广州市天河区示例职业技能评价中心" in result_titles(page)


@pytest.mark.parametrize("query", ["招生简章", "全额退费", "质量管理部"])
def test_an_institution_page_indexes_its_summary_not_its_long_sections(page, site_url, built_site, query):
    """Publicity, refund policy, channels: shown on the institution page but not indexed (issue F8: Pagefind's
    memory grows with the indexed text), so no institution page is found by them."""
    page.goto(site_url + "search/")
    type_query(page, query)
    wait_for_results(page)
    assert "机构" not in result_categories(page), result_titles(page)
    pages = (built_site / "institutions").glob("*/index.html")
    assert any(query in p.read_text("utf-8") for p in pages), "the words are on an institution page"


def test_an_occupation_lists_the_institutions_offering_it_before_other_pages(sized_page, site_url):
    page = sized_page
    page.goto(site_url + "search/")
    type_query(page, "电工")
    wait_for_results(page)
    show_all(page)
    titles = result_titles(page)
    expected = offering("电工")
    assert set(titles[: len(expected)]) == expected, titles
    assert len(titles) > len(expected), "fee and calendar pages follow"
    categories = result_categories(page)
    assert categories[: len(expected)] == ["机构"] * len(expected) and "机构" not in categories[len(expected) :]


def test_two_words_must_both_be_on_the_page(page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "电工 西湖")
    wait_for_results(page)
    titles = result_titles(page)
    assert "杭州市西湖区示例职业技能培训学校" in titles
    assert "南京市示例技师学院" not in titles


def test_filter_values_are_in_a_meaningful_order_and_empty_ones_are_not_offered(sized_page, site_url):
    page = sized_page
    page.goto(site_url + "search/")
    type_query(page, "电工")
    wait_for_results(page)
    page.get_by_label("省份", exact=True).focus()  # opening a filter loads the national counts
    expect(page.locator(".portal-search__note")).to_contain_text("全国的机构数")
    levels = [re.sub(r"（全国 \d+）$", "", o) for o in options(page, "等级")]
    assert levels == ["全部等级", "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"], levels
    provinces = options(page, "省份")[1:]
    by_code = sorted({(i.region_code[:2], i.province) for i in CATALOG.institutions})
    counts = {name: sum(1 for i in CATALOG.institutions if i.province == name) for _, name in by_code}
    assert provinces == [f"{name}（全国 {counts[name]}）" for _, name in by_code]
    assert not [o for o in options(page, "评价职业")[1:] if not re.search(r"（全国 [1-9]\d*）$", o)]


def test_unfiltered_search_fetches_no_filter_data_and_a_filter_only_its_own_lists(page, site_url, built_site):
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(site_url + "search/")
    type_query(page, "电工")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    assert fetched and not [u for u in fetched if "portal-facets" in u]
    fetched.clear()
    choose(page, "省份", "广东省")
    page.wait_for_load_state("networkidle")
    index = json.loads((built_site / urls.search_facets()).read_text("utf-8"))["facets"]
    facet_files = sorted(u.rsplit("/", 1)[1] for u in fetched if "portal-facets" in u)
    assert facet_files == sorted(["index.json", index["province"]["44"]["file"]])
    assert set(result_titles(page)) <= {i.name for i in CATALOG.institutions if i.province == "广东省"}


def test_search_address_runs_the_search_and_back_restores_it(page, site_url):
    page.goto(site_url + "search/?q=电工")
    wait_for_results(page)
    assert page.get_by_role("searchbox").input_value() == "电工"
    assert set(result_titles(page)) >= offering("电工")
    choose(page, "省份", "广东省")
    expect(page).to_have_url(re.compile(r"[?&]province=44"))
    wanted = result_titles(page)
    assert wanted and set(wanted) <= {i.name for i in CATALOG.institutions if i.province == "广东省"}
    page.locator("#portal-search-results a").first.click()
    page.wait_for_url(re.compile(r".*/institutions/[0-9A-Z]{18}/$"))
    page.go_back()
    wait_for_results(page)
    assert page.get_by_role("searchbox").input_value() == "电工"
    assert page.get_by_label("省份", exact=True).input_value() == "44"
    assert result_titles(page) == wanted


# ---- F4 item 4: occupation + level = "evaluates this occupation at this level" ----


def fee_page_count(built_site: Path, slug: str) -> int:
    html = (built_site / "fees" / slug / "index.html").read_text("utf-8")
    return int(re.search(r"开展该等级评价的机构共 (\d+) 家", html).group(1))


def test_search_occupation_and_level_together(sized_page, site_url, built_site):
    page = sized_page
    page.goto(site_url + "search/")
    type_query(page, "示例")
    wait_for_results(page)
    choose(page, "评价职业", "育婴员")
    choose(page, "等级", "三级")
    expect(status(page)).to_contain_text("找到 1 个")
    assert result_titles(page) == sorted(offering("育婴员", 3)) == ["成都市武侯区示例家庭服务职业技能评价中心"]
    choose(page, "评价职业", "电工")
    expected = offering("电工", 3)
    expect(status(page)).to_contain_text(f"找到 {len(expected)} 个")
    assert set(result_titles(page)) == expected
    assert len(expected) == fee_page_count(built_site, "6-31-01-03-3")


def test_filters_without_a_query_list_the_institutions(page, site_url):
    page.goto(site_url + "search/?occupations=6-31-01-03&levels=3")
    wait_for_results(page)
    expect(status(page)).to_contain_text("符合筛选条件")
    assert set(result_titles(page)) == offering("电工", 3)
    assert "杭州市西湖区示例职业技能培训学校" not in result_titles(page)


def test_directory_occupation_and_level_together(page, site_url, built_site):
    """The directory's national filter form leads to the search page, which lists the matching institutions."""
    page.goto(site_url + "institutions/")
    page.get_by_label("评价职业", exact=True).select_option(label="育婴员")
    page.get_by_label("等级", exact=True).select_option(label="三级/高级工")
    page.get_by_role("button", name="筛选机构").click()
    expect(page).to_have_url(re.compile(r"/search/\?.*occupations=4-10-01-02"))
    wait_for_results(page)
    assert result_titles(page) == ["成都市武侯区示例家庭服务职业技能评价中心"]
    page.go_back()
    page.get_by_label("评价职业", exact=True).select_option(label="电工")
    page.get_by_label("等级", exact=True).select_option(label="三级/高级工")
    page.get_by_role("button", name="筛选机构").click()
    wait_for_results(page)
    expect(status(page)).to_contain_text(f"找到 {len(offering('电工', 3))} 个")
    assert set(result_titles(page)) == offering("电工", 3)
    assert len(offering("电工", 3)) == fee_page_count(built_site, "6-31-01-03-3") == 4


# ---- F4 item 13: the phone menu is not covered by the search box ----


def test_phone_menu_items_are_on_top_of_the_home_page(browser, site_url):
    page = new_page(browser, PHONE)
    try:
        page.goto(site_url)
        # The theme's menu button is a label for its drawer switch, with an icon and no name of its own.
        page.get_by_role("banner").locator('label[for="__drawer"]').click()
        drawer = page.get_by_role("navigation", name="导航栏")
        expect(drawer).to_be_visible()
        page.wait_for_timeout(400)  # the drawer slides in
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "home-phone-menu-390.png"))
        # Nothing of the page may show on top of the open menu: it must look the same with the page's
        # content hidden (the old search box's icon, z-index 9, was drawn over the menu items).
        clip = drawer.bounding_box()
        with_content = page.screenshot(clip=clip)
        page.add_style_tag(content="article { visibility: hidden !important; }")
        page.wait_for_timeout(100)
        without_content = page.screenshot(clip=clip)
        covered = with_content != without_content
        assert not covered, "part of the page is drawn over the open menu"
    finally:
        page.context.close()


# ---- F9: the search UI loads only when used; nothing from other hosts ----


def test_search_code_loads_only_when_the_box_is_used(page, site_url):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requested_urls if "/pagefind/" in u or u.endswith("/search.js")]
    type_query(page, "电工")
    wait_for_results(page)
    assert any(u.endswith("/pagefind/pagefind.js") for u in page.requested_urls)
    assert [u for u in page.requested_urls if not u.startswith(site_url) and not u.startswith("data:")] == []


def test_search_page_screenshots(browser, site_url):
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page = new_page(browser, viewport)
        try:
            page.goto(site_url + "search/?q=电工&levels=3")
            wait_for_results(page)
            assert page.errors == []
            page.screenshot(path=str(SCREENSHOTS / f"search-{name}.png"), full_page=True)
        finally:
            page.context.close()
