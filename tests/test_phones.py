"""Phone numbers are tap-to-call; the supervisory line 12333 carries the institution city's area code."""

from __future__ import annotations

import pytest
from conftest import ROOT
from htmlquery import parse_file

from generator import urls
from generator.pipeline import load_catalog
from generator.reference.area_codes import supervisory_hotline

CATALOG = load_catalog(ROOT / "institutions")


def test_hotline_with_area_code_by_city_and_plain_where_unknown():
    assert supervisory_hotline("440106") == {"number": "020-12333", "tel": "tel:02012333", "local": True}
    assert supervisory_hotline("320104")["number"] == "025-12333"
    assert supervisory_hotline("440305")["number"] == "0755-12333"
    assert supervisory_hotline("659001") == {"number": "12333", "tel": "tel:12333", "local": False}


@pytest.mark.parametrize("inst", CATALOG.institutions, ids=lambda i: i.credit_code)
def test_institution_page_dials_its_own_citys_12333_and_its_phone(built_site, inst):
    path = urls.institution(inst.credit_code)
    page = parse_file(built_site / path / "index.html")
    hotline = supervisory_hotline(inst.region_code)
    complaint = page.by_id("query-complaint").under()
    assert hotline["tel"] in [a.attrs.get("href") for a in complaint.links()]
    assert hotline["local"], f"every sample city has a known area code ({inst.city})"
    digits = "".join(c for c in inst.phone.split("转")[0] if c.isdigit())
    basic = page.by_id("basic").under()
    assert basic.get_by_role("link", inst.phone).attrs["href"] == f"tel:{digits}"
    assert {a.attrs["href"] for a in page.all_by_role("link", inst.phone)} == {f"tel:{digits}"}


def test_home_page_12333_is_tap_to_call(built_site):
    page = parse_file(built_site / "index.html")
    assert page.get_by_role("link", "12333").attrs["href"] == "tel:12333"
