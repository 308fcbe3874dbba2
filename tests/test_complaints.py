"""Complaint and query channels: prominent on every institution page, all together on complaints/."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from conftest import ROOT
from generator.pipeline import load_catalog
from generator.validate.codes import PROVINCES

CATALOG = load_catalog(ROOT / "institutions")
# A link a phone can act on, or a page of this portal.
ACTIONABLE = re.compile(r"^(tel:\+?\d+|mailto:[^@\s]+@[^@\s]+|https?://\S+|(\.\./)*[a-z][a-z0-9/_-]*/)$")


def read(site, path: str) -> str:
    return (site / path).read_text("utf-8")


def card_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    end = html.find('<div class="portal-card', start)
    return html[start: end if end != -1 else len(html)]


def test_complaints_page_explains_the_route_and_is_in_the_nav(built_site):
    html = read(built_site, "complaints/index.html")
    steps = [html.index(text) for text in ("第一步：向评价机构反映", "第二步：向监管部门反映", "准备什么", "注意时间")]
    assert steps == sorted(steps)
    assert 'href="tel:12333"' in html
    assert "不受理投诉" in html
    home = read(built_site, "index.html")
    assert re.search(r'<a href="complaints/" class="md-tabs__link">\s*投诉与查询\s*</a>', home)


def test_complaints_page_lists_every_institution_under_its_province(built_site):
    html = read(built_site, "complaints/index.html")
    provinces = sorted({i.region_code[:2] for i in CATALOG.institutions})
    positions = [html.index(f'<h3 id="province-{code}" class="portal-province">{PROVINCES[code]}</h3>') for code in provinces]
    assert positions == sorted(positions), "provinces in region-code order"
    bounds = dict(zip(provinces, pairwise([*positions, len(html)]), strict=True))
    for inst in CATALOG.institutions:
        start, end = bounds[inst.region_code[:2]]
        assert f'href="../institutions/{inst.credit_code}/">{inst.name}</a>' in html[start:end]


def test_every_channel_link_is_phone_mail_web_or_this_portal(built_site):
    html = read(built_site, "complaints/index.html")
    channel_links = re.findall(r'<a class="portal-channel-link" href="([^"]+)"', html)
    assert len(channel_links) >= len(CATALOG.institutions)
    assert [h for h in channel_links if not ACTIONABLE.match(h)] == []
    for inst in CATALOG.institutions:
        for channel in inst.channels.get("complaints", ()):
            if channel.type == "phone":
                assert f'href="tel:{re.sub(r"[^0-9+]", "", channel.value.split("转")[0])}"' in html


@pytest.mark.parametrize("group,text", [("complaints", "未公示投诉监督渠道"), ("results", "未公示评价结果查询渠道")])
def test_institutions_without_a_channel_are_marked_on_both_pages(built_site, group, text):
    missing = [i for i in CATALOG.institutions if not i.channels.get(group)]
    assert missing, f"sample data should contain an institution without {group} channels"
    complaints = read(built_site, "complaints/index.html")
    for inst in missing:
        assert text in read(built_site, f"institutions/{inst.credit_code}/index.html")
        assert text in card_of(complaints, inst.name)
    complete = [i for i in CATALOG.institutions if i.channels.get(group)]
    for inst in complete:
        assert text not in card_of(complaints, inst.name)


@pytest.mark.browser
def test_tapping_a_complaint_phone_number_dials_it(browser, site_url):
    inst = next(i for i in CATALOG.institutions if any(c.type == "phone" for c in i.channels.get("complaints", ())))
    phone = next(c.value for c in inst.channels["complaints"] if c.type == "phone")
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
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
