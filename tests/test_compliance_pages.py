"""The auditor's pages built from the check registry: rule catalogue, dashboard, institution summary,
and the indicator page's links to rules. Read from the real sample site and the registry."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from htmlquery import parse
from markupsafe import escape

from generator import urls
from generator.check import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    WARN,
    Auditor,
    checked_indicators,
    load_audit_settings,
    rules_in_order,
    worst,
)
from generator.clock import build_today
from generator.names import CHECK_STATUS_NAMES, OVERALL_NAMES
from generator.pipeline import load_catalog, read_git_facts
from generator.reference.indicators import indicator_system
from generator.render.pages import SiteContext, render_page, site_pages
from generator.views.dashboard import dashboard_facets, filter_css


@pytest.fixture(scope="module")
def audited():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    today = build_today()
    mp.undo()
    return audited_catalog(today), today


def audited_catalog(today):
    """The catalog as the build audits it: portal.toml's settings and the git history of main."""
    root = ROOT / "institutions"
    settings = load_audit_settings(root)
    git = read_git_facts(root, settings.branch)
    return load_catalog(root, git=git, audit=Auditor(today, git.history, settings))


def read(site, path):
    return (site / path / "index.html").read_text("utf-8")


def test_every_rule_has_its_page(audited, built_site):
    catalog, today = audited
    pages = {p.path: p for p in site_pages(SiteContext(catalog, today))}
    rules = rules_in_order()
    assert len(rules) >= 10
    for rule in rules:
        page = pages.get(f"rules/{rule.id}/")
        assert page is not None, f"rule {rule.id} has no page"
        body = render_page(page, today)
        for part in (rule.title, rule.why, rule.bad_example, rule.fix_example, "督导指标"):
            assert str(escape(part)) in body, (rule.id, part)
        assert f'indicators/#indicator-{rule.indicator}"' in body
        assert (built_site / "rules" / rule.id / "index.html").is_file()
    index = read(built_site, "rules")
    assert all(f'href="../rules/{r.id}/"' in index for r in rules)


def test_indicator_page_claims_checks_only_where_rules_exist(built_site):
    html = read(built_site, "indicators")
    checked = {i.number for i in checked_indicators()}
    for number in indicator_system().indicators:
        start = html.index(f'id="indicator-{number}"')
        item = html[start : html.index("</li>", start)]
        assert ("自动检查" in item) == (number in checked), number
        for rule in (r for r in rules_in_order() if r.indicator == number):
            assert f'href="../rules/{rule.id}/"' in item
    assert "可从公示信息核查" not in html


def test_dashboard_cells_are_the_worst_finding_and_link_to_the_evidence(audited, built_site):
    catalog, _ = audited
    status_of = {name: status for status, name in CHECK_STATUS_NAMES.items()}
    numbers = [i.number for i in checked_indicators()]
    rows = {}
    for code in sorted({i.region_code[:2] for i in catalog.institutions}):  # each province's page
        table = parse(read(built_site, f"compliance/{code}")).get_by_role("table", re.compile("^各机构的检查结果"))
        rows |= {
            row["机构"].links()[0].href_path(f"compliance/{code}/"): list(row.values()) for row in table.row_cells()
        }
    shown = set()
    for inst in catalog.institutions:
        here = f"compliance/{inst.region_code[:2]}/"
        row = rows[f"institutions/{inst.credit_code}/"]
        cells = row[1:-1]  # one per checked indicator, between the institution and the latest inspection
        assert len(cells) == len(numbers), inst.credit_code
        for number, cell in zip(numbers, cells, strict=True):
            link = cell.get_by_role("link")
            expected = worst(f.status for f in inst.findings if f.indicator == number)
            assert link.href_path(here) == f"institutions/{inst.credit_code}/#check-{number}"
            assert status_of[link.text] == expected, (inst.credit_code, number)
            shown.add(expected)
        last = row[-1]
        if inst.inspections:
            latest = inst.inspections[-1]
            link = last.get_by_role("link")
            assert link.href_path(here).endswith(f"#inspection-{latest.date.isoformat()}")
            assert OVERALL_NAMES[latest.overall] in link.text
        else:
            assert last.text == "无记录"
        page = parse(read(built_site, f"institutions/{inst.credit_code}"))
        for number in {f.indicator for f in inst.findings}:
            assert page.by_id(f"check-{number}") is not None
    assert {PASS, FAIL, WARN} <= shown  # the sample data shows a realistic mix


def test_dashboard_counts_per_indicator(audited, built_site):
    catalog, _ = audited
    html = read(built_site, "compliance")
    table = html[html.index('id="per-indicator"') :]
    for indicator in checked_indicators():
        verdicts = [
            worst(f.status for f in i.findings if f.indicator == indicator.number) for i in catalog.institutions
        ]
        start = table.index(f'#indicator-{indicator.number}"')
        row = table[start : table.index("</tr>", start)]
        counts = [int(x) for x in re.findall(r'<td data-label="[^"]+">(\d+)</td>', row)]
        assert counts == [verdicts.count(s) for s in (PASS, FAIL, WARN, NOT_APPLICABLE)], indicator.number


def test_institution_summary_counts_the_checked_indicators(audited, built_site):
    catalog, _ = audited
    for inst in catalog.institutions:
        html = read(built_site, f"institutions/{inst.credit_code}")
        summary = html[html.index('id="checks"') : html.index('id="query-complaint"')]
        verdicts = {}
        for f in inst.findings:
            verdicts[f.indicator] = worst([verdicts.get(f.indicator, NOT_APPLICABLE), f.status])
        passed = sum(v == PASS for v in verdicts.values())
        assert f"核查了 {len(verdicts)} 项督导指标" in summary and f"{passed} 项符合" in summary
        for f in inst.findings:
            if f.status in (FAIL, WARN):
                assert str(escape(f.message)) in summary, f.rule
        assert html.index('id="checks"') < html.index('id="query-complaint"')  # it opens the page


def test_filter_css_only_takes_codes():
    facets = [{"key": "province", "options": [{"value": '44"] , body {x'}]}]
    with pytest.raises(ValueError):
        filter_css(facets, "#x")


def test_filter_css_has_one_rule_per_choice(audited):
    catalog, _ = audited
    numbers = [i.number for i in checked_indicators()]
    facets = dashboard_facets(catalog.institutions, numbers)
    css = filter_css(facets, "#portal-dashboard")
    provinces = {i.region_code[:2] for i in catalog.institutions}
    assert all(f'[data-province~="{p}"]' in css for p in provinces)
    assert f'[data-results~="{numbers[0]}-fail"]' in css and '[data-results~="warn"]' in css


def test_rule_page_lists_the_institutions_it_flags(audited, built_site):
    catalog, _ = audited
    flagged_somewhere = False
    for rule in rules_in_order():
        html = read(built_site, f"rules/{rule.id}")
        findings = [f for i in catalog.institutions for f in i.findings if f.rule == rule.id]
        assert f"本次核查 {len(findings)} 家机构" in html
        for inst in catalog.institutions:
            for f in inst.findings:
                if f.rule == rule.id and f.status in (FAIL, WARN):
                    flagged_somewhere = True
                    assert f'href="../../institutions/{inst.credit_code}/#check-{rule.indicator}"' in html
                    assert str(escape(f.message)) in html
    assert flagged_somewhere


def test_pages_listing_every_name_stay_out_of_search(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    from generator.build import prepare_build

    hidden = prepare_build(ROOT / "institutions").not_indexed()
    assert {"compliance/", "inspections/"} <= set(hidden)
    for searchable in ("", "rules/", "rules/plan-notice-period/"):
        assert not (searchable + "index.html").startswith(hidden), searchable
    # Institutions are found by their facts in the search parts, which link to their pages.
    assert not urls.search_part("44", 1).startswith(hidden)


def test_phone_labels_name_every_indicator_column_once(built_site):
    html = read(built_site, "compliance/44")
    style = html[html.index("<style>") : html.index("</style>")]
    for index, indicator in enumerate(checked_indicators(), start=2):
        assert f'td:nth-child({index})::before {{ content: "{indicator.number} {indicator.title}："; }}' in style
    table = html[html.index('id="portal-dashboard-table"') :]
    assert "data-label" not in table[: table.index("</table>")]


def test_dashboard_index_links_each_province_with_its_failing_count(audited, built_site):
    catalog, _ = audited
    index = parse(read(built_site, "compliance"))
    rows = {row["省份"]: row for row in index.get_by_role("table", "各省份机构的检查结果").rows()}
    for name in {i.province for i in catalog.institutions}:
        here = [i for i in catalog.institutions if i.province == name]
        assert rows[name]["机构数"] == str(len(here))
        assert rows[name]["有不符合项的机构"] == str(sum(any(f.status == FAIL for f in i.findings) for i in here))
