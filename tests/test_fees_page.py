"""Fee comparison pages: one per occupation and level with each province's count and median, and per
province every offering institution, cheapest first."""

from __future__ import annotations

import datetime as dt
import re
import statistics

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from htmlquery import parse_file

from generator.clock import CHINA
from generator.format import date_cn, yuan
from generator.pipeline import load_catalog

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.datetime.fromtimestamp(int(SAMPLE_EPOCH), tz=CHINA).date()


def current_total(inst, code: str, level: int) -> float | None:
    """The total an institution charges today, computed straight from its fee rows (independent of the views)."""
    rows = [
        f
        for f in inst.fees
        if (f.evaluation.occupation_code, f.evaluation.level) == (code, level)
        and f.effective_from <= TODAY
        and (f.effective_until is None or f.effective_until >= TODAY)
    ]
    declared = [f.amount for f in rows if f.item == "total"]
    if declared:
        return declared[0]
    return round(sum(f.amount for f in rows), 2) if rows else None


def offering(code: str, level: int):
    return [i for i in CATALOG.institutions if any(s.occupation_code == code and level in s.levels for s in i.scope)]


def all_evaluations() -> list[tuple[str, int]]:
    return sorted({(s.occupation_code, lv) for i in CATALOG.institutions for s in i.scope for lv in s.levels})


COMPARISON = re.compile("^各机构现行收费")
MONEY = re.compile(r"^¥[\d,]+(\.\d+)?")


def province_rows(site, slug: str) -> dict[str, list[dict]]:
    """Each province page's comparison table rows as {column: cell}, read through the table's caption and
    headers, by province code (the sample has fewer than 100 per page, so one page per province)."""
    return {
        page.parent.name: parse_file(page).get_by_role("table", re.compile("^.{2,8}各机构现行收费")).row_cells()
        for page in sorted((site / "fees" / slug).glob("[0-9][0-9]/index.html"))
    }


def comparison_rows(site, slug: str) -> list[dict]:
    """Every offering institution's row, across the province pages."""
    return [row for rows in province_rows(site, slug).values() for row in rows]


def institution_of(row: dict) -> str:
    return row["机构与目录状态"].links()[0].name


def test_there_is_one_page_per_offered_occupation_and_level(built_site):
    expected = {f"{code}-{level}" for code, level in all_evaluations()}
    built = {p.name for p in (built_site / "fees").iterdir() if p.is_dir()}
    assert built == expected


def test_every_evaluation_on_an_institution_page_links_to_an_existing_comparison(built_site):
    for inst in CATALOG.institutions:
        page_path = f"institutions/{inst.credit_code}/"
        fees = parse_file(built_site / page_path / "index.html").get_by_role("heading", "收费标准（现行）").under()
        targets = {link.href_path(page_path) for link in fees.links()} - {"complaints/"}
        slugs = {f"{s.occupation_code}-{lv}" for s in inst.scope for lv in s.levels}
        assert targets == {f"fees/{slug}/" for slug in slugs}, inst.credit_code
        for target in targets:
            assert (built_site / target / "index.html").is_file()


@pytest.mark.parametrize("code,level", all_evaluations())
def test_comparison_lists_every_offering_institution_in_fee_order(built_site, code, level):
    """Across the province pages: every offering institution once, each province's cheapest first."""
    expected = {i.name: current_total(i, code, level) for i in offering(code, level)}
    shown = {}
    for province, rows in province_rows(built_site, f"{code}-{level}").items():
        in_province = {}
        for row in rows:
            money = MONEY.match(row["合计"].text) if "合计" in row else None
            in_province[institution_of(row)] = money.group(0) if money else None
            if money is None:
                assert "未公示收费标准" in " ".join(cell.text for cell in row.values())
        assert {i.region_code[:2] for i in offering(code, level) if i.name in in_province} == {province}
        in_page_order = [expected[name] for name in in_province]
        priced = [t for t in in_page_order if t is not None]
        assert in_page_order == priced + [None] * (len(rows) - len(priced)), "institutions without a fee come last"
        assert priced == sorted(priced)
        shown |= in_province
    assert shown == {name: (yuan(total) if total is not None else None) for name, total in expected.items()}


@pytest.mark.parametrize("code,level", [("6-31-01-03", 4), ("6-31-01-03", 3)])
def test_national_page_gives_each_province_its_count_and_median(built_site, code, level):
    table = parse_file(built_site / f"fees/{code}-{level}/index.html").get_by_role("table", re.compile("^各省份开展"))
    by_province: dict[str, list] = {}
    for inst in offering(code, level):
        by_province.setdefault(inst.province, []).append(inst)
    rows = {row["省份"].text: row for row in table.row_cells()}
    assert set(rows) == set(by_province)
    for province, institutions in by_province.items():
        row = rows[province]
        assert row["开展机构"].text == str(len(institutions))
        totals = [t for i in institutions if i.status == "active" and (t := current_total(i, code, level)) is not None]
        if totals:
            assert row["中位数"].text == yuan(statistics.median(totals))


def test_lowest_median_highest_count_only_institutions_in_good_standing(built_site):
    code, level = "6-31-01-03", 4
    totals = [current_total(i, code, level) for i in offering(code, level) if i.status == "active"]
    totals = sorted(t for t in totals if t is not None)
    assert len(totals) >= 3, "sample data should let the electrician level 4 page show a real median"
    summary = parse_file(built_site / f"fees/{code}-{level}/index.html").get_by_label("收费概况").definitions()
    assert summary == {"最低": yuan(totals[0]), "中位数": yuan(statistics.median(totals)), "最高": yuan(totals[-1])}


def test_a_changed_fee_shows_the_previous_amount_and_the_date(built_site):
    from generator.views.fees import fee_standard

    changed = [
        (i, e, s)
        for i in CATALOG.institutions
        for e in i.evaluations
        if (s := fee_standard(i.fees, e, TODAY)) and s.previous_total is not None
    ]
    assert changed, "sample data should contain a fee that changed"
    for inst, evaluation, standard in changed:
        row = next(r for r in comparison_rows(built_site, evaluation.slug) if institution_of(r) == inst.name)
        assert f"原 {yuan(standard.previous_total)}，{date_cn(standard.changed_on)}起调整" in row["合计"].text


@pytest.mark.parametrize("status,name", [("suspended", "暂停"), ("removed", "移出目录")])
def test_suspended_and_removed_institutions_stay_listed_and_marked(built_site, status, name):
    marked = [i for i in CATALOG.institutions if i.status == status]
    assert marked
    for inst in marked:
        for entry in inst.scope:
            for level in entry.levels:
                rows = comparison_rows(built_site, f"{entry.occupation_code}-{level}")
                row = next(r for r in rows if institution_of(r) == inst.name)
                assert row["机构与目录状态"].text == f"{inst.name} {name}"


def test_fee_index_groups_every_level_under_its_occupation_and_is_in_the_nav(built_site):
    index = parse_file(built_site / "fees/index.html")
    for code, level in all_evaluations():
        group = index.get_by_role("region", re.compile(f" {code}$"))
        assert f"fees/{code}-{level}/" in {link.href_path("fees/") for link in group.links()}
    navigations = parse_file(built_site / "index.html").all_by_role("navigation")
    assert "fees/" in {link.href_path("") for nav in navigations for link in nav.all_by_role("link", "收费对比")}


@pytest.mark.browser
def test_clicking_an_occupation_on_an_institution_page_opens_its_comparison_in_fee_order(page, site_url):
    inst = next(i for i in CATALOG.institutions if i.credit_code == "52440106MJL0001001")
    code, level = "6-31-01-03", 4
    page.goto(f"{site_url}institutions/{inst.credit_code}/")
    fees = page.get_by_role("table", name=re.compile("^现行收费标准"))
    row = fees.get_by_role("row").filter(has_text="四级/中级工").filter(has_text="电工")
    row.get_by_role("link", name="电工").click()
    page.wait_for_url(re.compile(rf".*/fees/{code}-{level}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "电工（四级/中级工）收费对比"
    page.get_by_role("table", name=re.compile("^各省份开展")).get_by_role("link", name=inst.province).click()
    page.wait_for_url(re.compile(rf".*/fees/{code}-{level}/{inst.region_code[:2]}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == f"电工（四级/中级工）收费对比 · {inst.province}"
    offering_here = [i for i in offering(code, level) if i.region_code[:2] == inst.region_code[:2]]

    table = page.get_by_role("table", name=re.compile("各机构现行收费"))
    total_column = [h.inner_text() for h in table.get_by_role("columnheader").all()].index("合计")
    cells = [row.get_by_role("cell").all_inner_texts() for row in table.get_by_role("row").all()[1:]]
    totals = [texts[total_column - 1] for texts in cells if len(texts) >= total_column]  # the row header is not a cell
    shown = [float(MONEY.match(text).group(0).replace("¥", "").replace(",", "")) for text in totals]
    assert shown == sorted(shown)
    expected = sorted(t for i in offering_here if (t := current_total(i, code, level)) is not None)
    assert len(shown) >= 2 and shown == expected
    unpublished = [i.name for i in offering_here if current_total(i, code, level) is None]
    for name in unpublished:
        assert "未公示收费标准" in page.locator("tbody tr").filter(has_text=name).inner_text()
    page.get_by_role("link", name=inst.name).click()
    page.wait_for_url(re.compile(rf".*/institutions/{inst.credit_code}/$"))
