"""View-model rules, checked without building a site."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import ROOT

from generator.format import date_cn, mailto_href, page_title, safe_http_url, tel_href, yuan
from generator.model import Evaluation, Fee, Plan
from generator.pipeline import load_catalog
from generator.views.fees import fee_standard
from generator.views.plans import registration_state, split_plans

D = dt.date
E = Evaluation("6-31-01-03", 4)


def fee(item, amount, start, end=None):
    return Fee(E, item, amount, "依据", start, end)


def test_fee_standard_sums_items_and_reports_the_previous_total():
    fees = (
        fee("theory", 150, D(2024, 1, 1), D(2026, 6, 30)),
        fee("theory", 160, D(2026, 7, 1)),
        fee("practical", 260, D(2024, 1, 1)),
    )
    now = fee_standard(fees, E, D(2026, 11, 24))
    assert (now.total, now.total_declared, now.previous_total, now.changed_on) == (420, False, 410, D(2026, 7, 1))
    before = fee_standard(fees, E, D(2026, 6, 30))
    assert (before.total, before.previous_total) == (410, None)


def test_a_declared_total_wins_and_no_fee_means_none():
    fees = (fee("theory", 100, D(2026, 1, 1)), fee("total", 380, D(2026, 1, 1)))
    assert fee_standard(fees, E, D(2026, 11, 24)).total == 380
    assert fee_standard(fees, E, D(2025, 12, 31)) is None


def _plan(**changes) -> Plan:
    base = Plan(
        "P1",
        E,
        ("theory",),
        D(2026, 11, 1),
        D(2026, 11, 30),
        (D(2026, 12, 12),),
        "main",
        10,
        2,
        1,
        D(2026, 10, 20),
        "planned",
        None,
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 10, 31), "not_yet"),
        (D(2026, 11, 1), "open"),
        (D(2026, 11, 30), "open"),
        (D(2026, 12, 1), "closed"),
    ],
)
def test_registration_state_follows_the_window(today, expected):
    assert registration_state(_plan(), today) == expected


def test_cancelled_upcoming_plans_stay_visible_and_completed_ones_move_to_the_past():
    cancelled, completed = _plan(id="C", status="cancelled"), _plan(id="D", status="completed")
    upcoming, past = split_plans([cancelled, completed], D(2026, 11, 24))
    assert [p.id for p in upcoming] == ["C"] and [p.id for p in past] == ["D"]
    assert registration_state(cancelled, D(2026, 11, 24)) == "cancelled"


def test_region_text_names_a_municipality_once():
    catalog = load_catalog(ROOT / "institutions")
    beijing = next(i for i in catalog.institutions if i.province == "北京市")
    assert beijing.region_text.startswith("北京市") and "北京市北京市" not in beijing.region_text
    guangzhou = next(i for i in catalog.institutions if i.city == "广州市")
    assert guangzhou.region_text == "广东省广州市天河区"


def test_formats_are_chinese():
    assert date_cn(D(2026, 12, 12)) == "2026年12月12日"
    assert (yuan(380), yuan(380.5), yuan(12000)) == ("¥380", "¥380.50", "¥12,000")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://x.example", "http://x.example"),
        ("javascript:alert(1)", None),
        ("HTTPS://EX.ORG", "HTTPS://EX.ORG"),
        ('https://x.org/"onmouseover', None),
        ("data:text/html,hi", None),
        ("//evil.example", None),
    ],
)
def test_only_http_links_become_hrefs(url, expected):
    assert safe_http_url(url) == expected


def test_phone_and_mail_links():
    assert tel_href("020-1234 5678转801") == "tel:02012345678"
    assert tel_href("12333") == "tel:12333"
    assert mailto_href("tousu@example.org") == "mailto:tousu@example.org"
    assert mailto_href("javascript:alert(1)//@x.org") is None


def test_titles_cannot_carry_markup():
    assert page_title("示例</title><script>") == "示例＜/title＞＜script＞"
