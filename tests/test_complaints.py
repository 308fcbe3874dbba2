"""Complaint and query channels: prominent on every institution page, by province under complaints/."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from htmlquery import parse_file

from generator.pipeline import load_catalog
from generator.reference.codes import PROVINCES

CATALOG = load_catalog(ROOT / "institutions")
# A link a phone can act on, or a page of this portal.
ACTIONABLE = re.compile(r"^(tel:\+?\d+|mailto:[^@\s]+@[^@\s]+|https?://\S+|(\.\./)*[a-z][a-z0-9/_-]*/)$")


def complaints_page(site):
    return parse_file(site / "complaints/index.html")


def province_page(site, inst):
    """The complaints page of the institution's province (the sample has fewer than 100 per province)."""
    return parse_file(site / f"complaints/{inst.region_code[:2]}/index.html")


def card_of(site, inst):
    """An institution's card on its province page: what its heading heads."""
    return province_page(site, inst).get_by_role("heading", inst.name, level=2).under()


def test_complaints_page_explains_the_route_and_is_in_the_nav(built_site):
    page = complaints_page(built_site)
    steps = [h.name for h in page.all_by_role("heading", level=2)]
    assert steps[:4] == ["第一步：向评价机构反映", "第二步：向监管部门反映", "准备什么", "注意时间"]
    supervisor = page.get_by_role("heading", "第二步：向监管部门反映").under()
    assert supervisor.get_by_role("link", "12333").attrs["href"] == "tel:12333"
    assert "不受理投诉" in page.text
    navigations = parse_file(built_site / "index.html").all_by_role("navigation")
    assert "complaints/" in {
        link.href_path("") for nav in navigations for link in nav.all_by_role("link", "投诉与查询")
    }


def test_complaints_index_links_every_province_and_its_page_every_institution(built_site):
    page = complaints_page(built_site)
    provinces = sorted({i.region_code[:2] for i in CATALOG.institutions}, key=list(PROVINCES).index)
    table = page.get_by_role("table", "各省份机构的查询与投诉渠道")
    assert [link.name for link in table.links()] == [PROVINCES[code] for code in provinces], "GB/T 2260 order"
    for code in provinces:
        assert table.get_by_role("link", PROVINCES[code]).href_path("complaints/") == f"complaints/{code}/"
    for inst in CATALOG.institutions:
        link = province_page(built_site, inst).get_by_role("link", inst.name)
        assert link.href_path(f"complaints/{inst.region_code[:2]}/") == f"institutions/{inst.credit_code}/"


def test_every_channel_link_is_phone_mail_web_or_this_portal(built_site):
    for inst in CATALOG.institutions:
        card = card_of(built_site, inst)
        channel_links = {link.name: link.attrs["href"] for link in card.links()}
        assert [h for h in channel_links.values() if not ACTIONABLE.match(h)] == []
        for channel in inst.channels.get("complaints", ()):
            if channel.type == "phone":
                assert channel_links[channel.value] == "tel:" + re.sub(r"[^0-9+]", "", channel.value.split("转")[0])


@pytest.mark.parametrize("group,text", [("complaints", "未公示投诉监督渠道"), ("results", "未公示评价结果查询渠道")])
def test_institutions_without_a_channel_are_marked_on_both_pages(built_site, group, text):
    missing = [i for i in CATALOG.institutions if not i.channels.get(group)]
    assert missing, f"sample data should contain an institution without {group} channels"
    for inst in missing:
        assert text in parse_file(built_site / f"institutions/{inst.credit_code}/index.html").text
        assert text in card_of(built_site, inst).text
    complete = [i for i in CATALOG.institutions if i.channels.get(group)]
    for inst in complete:
        assert text not in card_of(built_site, inst).text


@pytest.mark.browser
def test_tapping_a_complaint_phone_number_dials_it(browser, site_url):
    inst = next(i for i in CATALOG.institutions if any(c.type == "phone" for c in i.channels.get("complaints", ())))
    phone = next(c.value for c in inst.channels["complaints"] if c.type == "phone")
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{site_url}institutions/{inst.credit_code}/")
        link = page.locator("#ch-complaints ~ ul").get_by_role("link", name=phone)
        box = link.bounding_box()
        assert box["y"] < 2 * 844, "the complaint number is near the top of the page"
        assert box["height"] >= 24 and box["x"] + box["width"] <= 390
        expected = "tel:" + re.sub(r"[^0-9+]", "", phone.split("转")[0])
        assert link.get_attribute("href") == expected
        link.tap()
        page.wait_for_timeout(300)
        assert expected in requested
    finally:
        context.close()
