"""Unit tests of the view modules (fee comparison, calendar, directory, complaints, channels): small
catalogs made from the frozen golden institution, no site build. What the pages show is decided here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from generator import urls
from generator.model import Catalog, Channel, Evaluation, Fee, Institution, Plan
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, site_pages
from generator.views.calendar import by_month, upcoming_entries
from generator.views.channels import channel_groups, channel_view, missing_channel_groups
from generator.views.complaints import missing_summary
from generator.views.directory import directory_facets
from generator.views.fee_comparison import comparison_part_view, comparison_view, fee_comparisons, fee_index_view
from generator.views.split import list_parts

GOLDEN = load_catalog(Path(__file__).resolve().parent / "golden" / "institutions").institutions[0]
TODAY = dt.date(2026, 11, 24)
ELECTRICIAN_4 = Evaluation("6-31-01-03", 4)


def variant(
    code: str, name: str, region: str = "440106", province: str = "广东省", status: str = "active", **changes
) -> Institution:
    """The golden institution under another code, name, place or directory status."""
    return dataclasses.replace(
        GOLDEN,
        credit_code=code,
        name=name,
        region_code=region,
        province=province,
        filing={**GOLDEN.filing, "status": status},
        **changes,
    )


def page_views(institutions: list[Institution]) -> dict[str, dict]:
    """Every page's view model by site path, as the build computes it."""
    pages = site_pages(SiteContext(Catalog(institutions), TODAY))
    return {p.path: p.context() if callable(p.context) else p.context for p in pages}


def total_fee(amount: float) -> tuple[Fee, ...]:
    return (Fee(ELECTRICIAN_4, "total", amount, "示例依据", dt.date(2024, 1, 1), None),)


# channels ------------------------------------------------------------------------------------------


def test_a_channel_links_only_by_its_own_type_and_portal_channels_lead_to_the_lookup_page():
    assert channel_view(Channel("phone", "020-1234 5678转8"), "complaints").href == "tel:02012345678"
    assert channel_view(Channel("email", "a@example.org"), "complaints").href == "mailto:a@example.org"
    assert channel_view(Channel("url", "javascript:alert(1)"), "results").href is None
    portal = channel_view(Channel("portal", "本门户证书查询"), "certificates")
    assert portal.href is None and portal.portal_path == urls.lookup("certificate")
    assert channel_view(Channel("portal", "本门户成绩查询"), "results").portal_path == urls.lookup("result")
    assert channel_view(Channel("email", "a@example.org"), "complaints").type_name == "电子邮箱"


def test_empty_channel_groups_are_named_and_every_group_is_present():
    channels = {"results": GOLDEN.channels["results"]}
    assert missing_channel_groups(channels) == ["证书查询", "投诉监督（机构）"]
    groups = channel_groups(channels)
    assert list(groups) == ["results", "certificates", "complaints", "supervisor_complaints"]
    assert groups["certificates"] == [] and len(groups["results"]) == 2


# complaints ----------------------------------------------------------------------------------------


def test_complaints_group_institutions_by_province_in_region_code_order():
    institutions = [
        variant("B", "乙", region="110105", province="北京市"),
        variant("C", "丙", region="440106"),
        variant("A", "甲", region="440103", status="suspended"),
    ]
    views = page_views(institutions)
    index = views[urls.complaints()]
    assert [(p["code"], p["name"], p["count"], p["url"]) for p in index["provinces"]] == [
        ("11", "北京市", 1, urls.complaints_province("11")),
        ("44", "广东省", 2, urls.complaints_province("44")),
    ]
    assert index["institution_count"] == 3 and index["missing_summary"] == []
    guangdong = views[urls.complaints_province("44")]
    assert [c["name"] for c in guangdong["cards"]] == ["甲", "丙"]
    card = guangdong["cards"][0]
    assert card["url"] == urls.institution("A") and card["status_name"] == "暂停"


def test_complaints_count_institutions_without_a_channel_group():
    silent = variant("S", "无投诉渠道", channels={**GOLDEN.channels, "complaints": ()})
    assert missing_summary([silent, variant("T", "完整")]) == ["1 家未公示投诉监督（机构）渠道"]


# directory -----------------------------------------------------------------------------------------


def test_directory_index_lists_provinces_and_province_pages_follow_region_codes_with_city_anchors():
    institutions = [
        variant("C", "丙", region="440106"),
        variant("B", "乙", region="110105", province="北京市"),
        variant("A", "甲", region="440103", status="removed"),
    ]
    views = page_views(institutions)
    index = views[urls.directory()]
    assert [(p["name"], p["count"]) for p in index["provinces"]] == [("北京市", 1), ("广东省", 2)]
    assert index["counts"] == ["正常 2 家", "移出目录 1 家"]
    assert index["search_form"]["action"] == urls.search()
    rows = views[urls.directory_province("44")]["rows"]
    assert [r["name"] for r in rows] == ["甲", "丙"]
    assert [r["anchor"] for r in rows] == ["city-4401", None]
    assert rows[0]["url"] == urls.institution("A") and rows[0]["status_name"] == "移出目录"
    assert rows[1]["offers"][0] == "电工（五级、四级、三级）"
    form = views[urls.directory_province("44")]["search_form"]
    assert form["province"] == "44" and "province" not in [f["key"] for f in form["facets"]]


def test_directory_facets_offer_only_values_some_institution_has():
    facets = {f["key"]: f for f in directory_facets([variant("A", "甲")])}
    assert [o["label"] for o in facets["province"]["options"]] == ["广东省"]
    assert [o["value"] for o in facets["status"]["options"]] == ["active"]
    assert [o["label"] for o in facets["levels"]["options"]] == ["五级/初级工", "四级/中级工", "三级/高级工"]
    assert facets["city"]["options"][0]["province"] == "44"


# fee comparison ------------------------------------------------------------------------------------


def test_fee_comparison_lists_cheapest_first_and_unpriced_last():
    institutions = [
        variant("A", "贵", fees=total_fee(500)),
        variant("B", "无价", fees=()),
        variant("C", "便宜", fees=total_fee(300)),
    ]
    comparison = next(c for c in fee_comparisons(institutions, TODAY) if c.evaluation == ELECTRICIAN_4)
    [part] = list_parts("44", comparison.by_province()["44"])
    view = comparison_part_view(comparison, part, None)
    assert [r["name"] for r in view["priced"]] == ["便宜", "贵"]
    assert [r["name"] for r in view["unpriced"]] == ["无价"]
    assert view["title"] == "电工（四级/中级工）收费对比" and view["priced"][0]["url"] == urls.institution("C")


def test_fee_comparison_summarises_each_province_with_its_median():
    institutions = [
        variant("A", "甲", fees=total_fee(500)),
        variant("B", "乙", fees=total_fee(300)),
        variant("C", "丙", region="110105", province="北京市", fees=total_fee(900)),
        variant("D", "丁", region="110105", province="北京市", fees=()),
    ]
    comparison = next(c for c in fee_comparisons(institutions, TODAY) if c.evaluation == ELECTRICIAN_4)
    view = comparison_view(comparison)
    assert (view["summary"].lowest, view["summary"].median, view["summary"].highest) == (300, 500, 900)
    assert [(p["name"], p["offered"], p["priced"], p["summary"].median) for p in view["provinces"]] == [
        ("北京市", 2, 1, 900),
        ("广东省", 2, 2, 400),
    ]
    assert view["provinces"][1]["url"] == urls.fee_comparison_province(comparison.slug, "44")


def test_fee_summary_counts_only_institutions_in_good_standing():
    institutions = [
        variant("A", "甲", fees=total_fee(100), status="suspended"),
        variant("B", "乙", fees=total_fee(300)),
        variant("C", "丙", fees=total_fee(500)),
    ]
    comparison = next(c for c in fee_comparisons(institutions, TODAY) if c.evaluation == ELECTRICIAN_4)
    summary = comparison.summary
    assert (summary.lowest, summary.median, summary.highest, summary.count) == (300, 400, 500, 2)
    assert comparison_view(comparison)["not_counted"] == 1


def test_fee_index_groups_levels_under_their_occupation():
    index = fee_index_view(fee_comparisons([GOLDEN], TODAY))
    electrician = next(g for g in index["groups"] if g["code"] == "6-31-01-03")
    assert [lv["level_name"] for lv in electrician["levels"]] == ["五级/初级工", "四级/中级工", "三级/高级工"]
    assert electrician["levels"][1]["url"] == urls.fee_comparison("6-31-01-03-4")
    assert index["evaluation_count"] == 8


# calendar ------------------------------------------------------------------------------------------


def _plan(plan_id: str, first: dt.date, status: str = "planned") -> Plan:
    return Plan(
        plan_id,
        ELECTRICIAN_4,
        ("theory",),
        first - dt.timedelta(days=30),
        first - dt.timedelta(days=10),
        (first,),
        GOLDEN.plans[0].venue_id,
        10,
        2,
        1,
        first - dt.timedelta(days=40),
        status,
        None,
    )


def test_calendar_keeps_upcoming_and_cancelled_batches_in_exam_order_by_month():
    plans = (
        _plan("P-LATE", dt.date(2027, 1, 9)),
        _plan("P-PAST", dt.date(2026, 10, 1)),
        _plan("P-DONE", dt.date(2026, 12, 1), "completed"),
        _plan("P-OFF", dt.date(2026, 12, 5), "cancelled"),
        _plan("P-SOON", dt.date(2026, 12, 2)),
    )
    catalog = Catalog([variant("A", "甲", plans=plans)])
    entries = upcoming_entries(catalog, TODAY)
    assert [e["id"] for e in entries] == ["P-SOON", "P-OFF", "P-LATE"]
    assert entries[0]["institution_url"] == urls.institution("A", "plans")
    assert [(m["label"], [e["id"] for e in m["entries"]]) for m in by_month(entries)] == [
        ("2026年12月", ["P-SOON", "P-OFF"]),
        ("2027年1月", ["P-LATE"]),
    ]
    views = page_views(catalog.institutions)
    view = views[urls.calendar()]
    assert (view["total"], view["cancelled_count"], view["open_count"]) == (3, 1, 0)
    assert [(p["name"], p["count"]) for p in view["provinces"]] == [("广东省", 3)]
    assert [e["id"] for m in views[urls.calendar_province("44")]["months"] for e in m["entries"]] == [
        "P-SOON",
        "P-OFF",
        "P-LATE",
    ]
    assert view["province_feeds"] == urls.data() + "#provinces"
    assert {f["code"]: f["path"] for f in view["occupation_feeds"]}["6-31-01-03"] == urls.occupation_calendar(
        "6-31-01-03"
    )
