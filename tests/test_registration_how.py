"""How to register (plans' registration.how): shown on institution pages and the calendar, and never promised when absent."""

from __future__ import annotations

import dataclasses

from conftest import ROOT
from htmlquery import parse_file

from generator.pipeline import load_catalog
from generator.views.institution import plan_row

CATALOG = load_catalog(ROOT / "institutions")
PLANS = [(i, p) for i in CATALOG.institutions for p in i.plans]
WITH_URL = next((i, p) for i, p in PLANS if p.registration_how and p.registration_how.get("url"))
TEXT_ONLY = next((i, p) for i, p in PLANS if p.registration_how and not p.registration_how.get("url"))


def batch(site, inst, plan):
    page = parse_file(site / f"institutions/{inst.credit_code}/index.html")
    return page.get_by_role("group", f"批次 {plan.id}").definitions()


def test_plan_row_carries_only_http_links():
    inst, plan = WITH_URL
    hostile = dataclasses.replace(plan, registration_how={"url": "javascript:alert(1)", "text": "现场报名"})
    row = plan_row(inst, hostile, plan.announced)
    assert row["registration_url"] is None and row["registration_text"] == "现场报名"


def test_institution_page_shows_registration_link_and_text(built_site):
    inst, plan = WITH_URL
    page = parse_file(built_site / f"institutions/{inst.credit_code}/index.html")
    group = page.get_by_role("group", f"批次 {plan.id}")
    assert plan.registration_how["text"] in group.definitions()["报名方式"]
    assert [a.attrs["href"] for a in group.links()] == [plan.registration_how["url"]]
    inst, plan = TEXT_ONLY
    assert batch(built_site, inst, plan)["报名方式"] == plan.registration_how["text"]


def test_without_registration_how_the_page_says_so_and_gives_the_phone(built_site):
    inst, plan = next((i, p) for i, p in PLANS if not p.registration_how)
    assert batch(built_site, inst, plan)["报名方式"] == f"机构未公示报名方式，请致电机构咨询：{inst.phone}"


def test_calendar_promises_only_what_exists(built_site):
    inst, plan = WITH_URL
    page = parse_file(built_site / f"calendar/{inst.region_code[:2]}/index.html")  # the batches' province page
    text = page.text
    assert "核对收费标准和报名方式" not in text
    assert "未公示报名方式的批次请联系机构报名" in text
    item = page.by_id(f"plan-{inst.credit_code}-{plan.id}")
    assert item is not None and plan.registration_how["url"] in [a.attrs["href"] for a in item.links()]
