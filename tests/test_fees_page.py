"""Fee comparison pages: one per occupation and level, every offering institution, cheapest first."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from html.parser import HTMLParser

import pytest

from conftest import ROOT, SAMPLE_EPOCH
from generator.clock import CHINA
from generator.pipeline import load_catalog
from generator.render.format import date_cn, yuan

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.datetime.fromtimestamp(int(SAMPLE_EPOCH), tz=CHINA).date()


def current_total(inst, code: str, level: int) -> float | None:
    """The total an institution charges today, computed straight from its fee rows (independent of the views)."""
    rows = [f for f in inst.fees if (f.evaluation.occupation_code, f.evaluation.level) == (code, level)
            and f.effective_from <= TODAY and (f.effective_until is None or f.effective_until >= TODAY)]
    declared = [f.amount for f in rows if f.item == "total"]
    if declared:
        return declared[0]
    return round(sum(f.amount for f in rows), 2) if rows else None


def offering(code: str, level: int):
    return [i for i in CATALOG.institutions if any(s.occupation_code == code and level in s.levels for s in i.scope)]


def all_evaluations() -> list[tuple[str, int]]:
    return sorted({(s.occupation_code, lv) for i in CATALOG.institutions for s in i.scope for lv in s.levels})


def read(site, path: str) -> str:
    return (site / path).read_text("utf-8")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def rows_of(html: str) -> list[str]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return body.split("</tr>")[:-1]


def test_there_is_one_page_per_offered_occupation_and_level(built_site):
    expected = {f"{code}-{level}" for code, level in all_evaluations()}
    built = {p.name for p in (built_site / "fees").iterdir() if p.is_dir()}
    assert built == expected


def test_every_evaluation_on_an_institution_page_links_to_an_existing_comparison(built_site):
    for inst in CATALOG.institutions:
        html = read(built_site, f"institutions/{inst.credit_code}/index.html")
        fee_part = html[html.index('id="fees"'):html.index('id="plans"')]
        targets = {h for h in links(fee_part) if "fees/" in h}
        slugs = {f"{s.occupation_code}-{lv}" for s in inst.scope for lv in s.levels}
        assert targets == {f"../../fees/{slug}/" for slug in slugs}, inst.credit_code
        for target in targets:
            assert (built_site / "institutions" / inst.credit_code / target / "index.html").resolve().is_file()


@pytest.mark.parametrize("code,level", all_evaluations())
def test_comparison_lists_every_offering_institution_in_fee_order(built_site, code, level):
    rows = rows_of(read(built_site, f"fees/{code}-{level}/index.html"))
    expected = {i.name: current_total(i, code, level) for i in offering(code, level)}
    shown = {}
    for row in rows:
        name = re.search(r">([^<]+)</a>", row).group(1)
        money = re.search(r'<span class="portal-money">([^<]+)</span>', row)
        shown[name] = money.group(1) if money else None
        if money is None:
            assert "未公示收费标准" in row
    assert len(rows) == len(expected)
    assert shown == {name: (yuan(total) if total is not None else None) for name, total in expected.items()}
    in_page_order = [expected[name] for name in shown]
    priced = [t for t in in_page_order if t is not None]
    assert in_page_order == priced + [None] * (len(rows) - len(priced)), "institutions without a fee come last"
    assert priced == sorted(priced)


def test_lowest_median_highest_count_only_institutions_in_good_standing(built_site):
    code, level = "6-31-01-03", 4
    totals = [current_total(i, code, level) for i in offering(code, level) if i.status == "active"]
    totals = sorted(t for t in totals if t is not None)
    assert len(totals) >= 3, "sample data should let the electrician level 4 page show a real median"
    html = read(built_site, f"fees/{code}-{level}/index.html")
    summary = html[html.index('class="portal-fee-summary"'):html.index("</dl>")]
    shown = re.findall(r'<dd class="portal-money">([^<]+)</dd>', summary)
    assert shown == [yuan(totals[0]), yuan(statistics.median(totals)), yuan(totals[-1])]


def test_a_changed_fee_shows_the_previous_amount_and_the_date(built_site):
    from generator.views.fees import fee_standard

    changed = [(i, e, s) for i in CATALOG.institutions for e in i.evaluations
               if (s := fee_standard(i.fees, e, TODAY)) and s.previous_total is not None]
    assert changed, "sample data should contain a fee that changed"
    for inst, evaluation, standard in changed:
        row = next(r for r in rows_of(read(built_site, f"fees/{evaluation.slug}/index.html")) if inst.name in r)
        assert f"原 {yuan(standard.previous_total)}，{date_cn(standard.changed_on)}起调整" in row


@pytest.mark.parametrize("status,name", [("suspended", "暂停"), ("removed", "移出目录")])
def test_suspended_and_removed_institutions_stay_listed_and_marked(built_site, status, name):
    marked = [i for i in CATALOG.institutions if i.status == status]
    assert marked
    for inst in marked:
        for entry in inst.scope:
            for level in entry.levels:
                html = read(built_site, f"fees/{entry.occupation_code}-{level}/index.html")
                row = next(r for r in rows_of(html) if inst.name in r)
                assert f"portal-row--{status}" in row and f">{name}</span>" in row


def test_fee_index_groups_every_level_under_its_occupation_and_is_in_the_nav(built_site):
    html = read(built_site, "fees/index.html")
    for code, level in all_evaluations():
        section = html[html.index(f'id="occ-{code}"'):]
        section = section[: section.index("</section>")]
        assert f'href="../fees/{code}-{level}/"' in section
    home = read(built_site, "index.html")
    tabs = home[home.index('<nav class="md-tabs"'):]
    assert re.search(r'<a href="fees/" class="md-tabs__link">\s*收费对比\s*</a>', tabs[: tabs.index("</nav>")])


@pytest.mark.browser
def test_clicking_an_occupation_on_an_institution_page_opens_its_comparison_in_fee_order(page, site_url):
    inst = next(i for i in CATALOG.institutions if i.credit_code == "52440106MJL0001001")
    code, level = "6-31-01-03", 4
    page.goto(f"{site_url}institutions/{inst.credit_code}/")
    row = page.locator("#fees + .portal-table-wrap tbody tr").filter(has_text="四级/中级工").filter(has_text="电工")
    row.get_by_role("link", name="电工").click()
    page.wait_for_url(re.compile(rf".*/fees/{code}-{level}/$"))
    assert page.locator("h1").inner_text() == "电工（四级/中级工）收费对比"

    shown = [float(t.replace("¥", "").replace(",", ""))
             for t in page.locator("tbody .portal-fee-total .portal-money").all_inner_texts()]
    assert shown == sorted(shown)
    expected = sorted(t for i in offering(code, level) if (t := current_total(i, code, level)) is not None)
    assert shown == expected
    unpublished = [i.name for i in offering(code, level) if current_total(i, code, level) is None]
    for name in unpublished:
        assert "未公示收费标准" in page.locator("tbody tr").filter(has_text=name).inner_text()
    page.get_by_role("link", name=inst.name).click()
    page.wait_for_url(re.compile(rf".*/institutions/{inst.credit_code}/$"))
