"""The check stage in the built sample site: compliance open data and the change history pages."""

from __future__ import annotations

import json

from conftest import ROOT
from htmlquery import parse_file
from test_opendata import part_paths, read_csv, read_json

from generator.check import RULES, STATUSES

SHENZHEN = "91440300MA5GX1D2PL"


def test_compliance_json_has_one_finding_per_institution_and_rule(built_site):
    for path in part_paths(built_site, "compliance.json"):
        rules = json.loads((built_site / path).read_text("utf-8"))["rules"]
        assert {r["id"] for r in rules} == set(RULES)
    institutions = read_json(built_site, "institutions.json", "institutions")
    findings = read_json(built_site, "compliance.json", "findings")
    assert len(findings) == len(institutions) * len(RULES)
    assert {f["status"] for f in findings} <= set(STATUSES)
    capacity = next(f for f in findings if f["credit_code"] == SHENZHEN and f["rule"] == "plan-capacity")
    assert capacity["status"] == "fail" and "SZ-2026-12-DG4 计划 90 人" in capacity["message"]
    assert capacity["evidence"][0]["file"] == f"institutions/{SHENZHEN}/plans.yaml"


def test_compliance_csv_matches_the_json(built_site):
    rows = read_csv(built_site, "compliance.csv")
    findings = read_json(built_site, "compliance.json", "findings")
    assert [(r["credit_code"], r["rule"], r["status"]) for r in rows] == [
        (f["credit_code"], f["rule"], f["status"]) for f in findings
    ]
    chengdu = next(
        r for r in rows if r["credit_code"] == "52510107MJ0B234568" and r["rule"] == "publicity-banned-words"
    )
    assert chengdu["status"] == "fail" and "【包过】" in chengdu["message"]


def test_every_institution_page_links_its_change_history(built_site):
    pages = [p for p in (built_site / "institutions").glob("*/index.html") if len(p.parent.name) == 18]
    assert len(pages) == len(list((ROOT / "institutions").iterdir())), "province pages are not institution pages"
    for page in pages:
        code = page.parent.name
        links = {link.href_path(f"institutions/{code}/") for link in parse_file(page).links()}
        assert f"institutions/{code}/history/" in links, code
        history = (page.parent / "history" / "index.html").read_text("utf-8")
        assert "变更记录" in history and "首次公布机构信息" in history
