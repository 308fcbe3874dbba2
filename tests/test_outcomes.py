"""Outcomes (statistics.yaml) on institution pages and fee comparisons, beside the province's median."""

from __future__ import annotations

import dataclasses
import re

from conftest import ROOT
from htmlquery import parse_file

from generator.format import percent
from generator.model import YearStatistics
from generator.pipeline import load_catalog
from generator.views.outcomes import outcomes_view, province_medians

CATALOG = load_catalog(ROOT / "institutions")
WITH_STATS = next(i for i in CATALOG.institutions if i.statistics)
WITHOUT_STATS = next(i for i in CATALOG.institutions if not i.statistics)


def year(y: int, evaluated: int, certified: int, received=None, resolved=None, surveyed=None, satisfied=None):
    complaints = (
        {"received": received, "resolved": resolved, "resolved_in_time": resolved} if received is not None else None
    )
    satisfaction = {"surveyed": surveyed, "satisfied": satisfied} if surveyed is not None else None
    return YearStatistics(y, evaluated, certified, (), complaints, satisfaction)


def in_province(code: str, province: str, *years):
    return dataclasses.replace(WITH_STATS, credit_code=code, province=province, statistics=tuple(years))


def test_rates_and_province_median_come_from_the_same_year_and_province():
    a = in_province("A", "甲省", year(2025, 100, 80, 4, 2, 10, 9), year(2024, 10, 10))
    b = in_province("B", "甲省", year(2025, 100, 90, 0, 0))
    c = in_province("C", "甲省", year(2025, 100, 70, 2, 2))
    other = in_province("D", "乙省", year(2025, 100, 10))
    view = outcomes_view(a, province_medians([a, b, c, other]))
    rows = {r["name"]: r for r in view["comparison"]}
    assert view["latest"]["year"] == 2025 and [y["year"] for y in view["years"]] == [2025, 2024]
    assert rows["取证率（取证人数 / 参评人数）"]["value"] == 0.8
    assert (
        rows["取证率（取证人数 / 参评人数）"]["median"] == 0.8
        and rows["取证率（取证人数 / 参评人数）"]["median_count"] == 3
    )
    # B received no complaints: no resolution rate, so the median is over A (50%) and C (100%)
    assert rows["投诉办结率"]["value"] == 0.5
    assert rows["投诉办结率"]["median"] == 0.75 and rows["投诉办结率"]["median_count"] == 2
    assert rows["满意度"]["value"] == 0.9 and rows["满意度"]["median_count"] == 1


def test_an_institution_without_statistics_is_said_to_publish_none():
    assert outcomes_view(WITHOUT_STATS, province_medians(CATALOG.institutions)) == {
        "published": False,
        "province": WITHOUT_STATS.province,
    }


def test_percent_reads_as_people_write_it():
    assert (percent(0.8871), percent(1.0), percent(0), percent(None)) == ("88.7%", "100%", "0%", "未公布")


def test_institution_page_shows_latest_year_beside_province_median(built_site):
    page = parse_file(built_site / f"institutions/{WITH_STATS.credit_code}/index.html")
    latest = max(WITH_STATS.statistics, key=lambda y: y.year)
    table = page.get_by_role("table", f"{latest.year}年主要比率，与{WITH_STATS.province}各机构的中位数比较")
    rows = {r["指标"]: r for r in table.rows()}
    assert rows["取证率（取证人数 / 参评人数）"]["本机构"] == percent(latest.certified / latest.evaluated)
    peer_rates = [
        y.certified / y.evaluated
        for i in CATALOG.institutions
        if i.province == WITH_STATS.province
        for y in i.statistics
        if y.year == latest.year
    ]
    assert len(peer_rates) == 1, "the sample has one reporting institution in this province"
    assert rows["取证率（取证人数 / 参评人数）"][f"{WITH_STATS.province}中位数"] == "省内仅本机构公布，无可比数据"
    assert f"参评 {latest.evaluated} 人，取证 {latest.certified} 人" in page.by_id("outcomes").under().text


def test_institution_page_says_plainly_when_no_statistics_are_published(built_site):
    page = parse_file(built_site / f"institutions/{WITHOUT_STATS.credit_code}/index.html")
    assert "该机构尚未公布评价统计" in page.by_id("outcomes").under().text


def test_fee_comparison_shows_each_institutions_pass_rate(built_site):
    checked = 0
    for page in sorted((built_site / "fees").glob("*/[0-9][0-9]/index.html")):  # each province's comparison
        table = parse_file(page).get_by_role("table", re.compile("各机构现行收费"))
        for row in table.row_cells():
            if "取证率" not in row:
                continue
            inst = next(i for i in CATALOG.institutions if i.name == row["机构与目录状态"].links()[0].name)
            if inst.statistics:
                latest = max(inst.statistics, key=lambda y: y.year)
                assert row["取证率"].text == f"{percent(latest.certified / latest.evaluated)}（{latest.year}年）"
            else:
                assert row["取证率"].text == "未公布统计"
            checked += 1
    assert checked > 0
