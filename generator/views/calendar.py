"""The evaluation calendar: every institution's upcoming batches in one list, by month of the first exam day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import groupby

from .. import urls
from ..format import date_cn, month_cn
from ..model import Catalog, Institution, Plan, occupation_names
from ..names import LEVEL_NAMES, STATUS_NAMES
from .facets import facet, option
from .institution import plan_row
from .plans import is_upcoming


def registration_detail(plan: Plan, state: str) -> str | None:
    """While registration is ahead or open: the date that matters (its badge already says closed or cancelled)."""
    if state == "open":
        return f"正在报名，{date_cn(plan.registration_to)}截止"
    if state == "not_yet":
        return f"尚未开始报名，{date_cn(plan.registration_from)}开始"
    return None


def calendar_entry(inst: Institution, plan: Plan, today: dt.date) -> dict:
    row = plan_row(inst, plan, today)
    return {
        **row,
        "level": plan.evaluation.level,
        "credit_code": inst.credit_code,
        "institution": inst.name,
        "institution_url": urls.institution(inst.credit_code, "plans"),
        "province": inst.province,
        "institution_status": inst.status,
        "institution_status_name": STATUS_NAMES[inst.status],
        "registration_detail": registration_detail(plan, row["state"]),
        "shows_how": row["state"] not in ("closed", "cancelled"),  # how to register matters until it closes
        "first_exam": plan.first_exam,
    }


def upcoming_entries(catalog: Catalog, today: dt.date) -> list[dict]:
    """All institutions' batches still ahead (cancelled ones included), by first exam day."""
    entries = [
        calendar_entry(inst, plan, today)
        for inst in catalog.institutions
        for plan in inst.plans
        if is_upcoming(plan, today)
    ]
    return sorted(entries, key=lambda e: (e["first_exam"], e["credit_code"], e["id"]))


def by_month(entries: list[dict]) -> list[dict]:
    months = []
    for (year, month), group in groupby(entries, key=lambda e: (e["first_exam"].year, e["first_exam"].month)):
        first = dt.date(year, month, 1)
        months.append({"key": f"{year}-{month:02d}", "label": month_cn(first), "entries": list(group)})
    return months


def filter_facets(catalog: Catalog, entries: list[dict]) -> list[dict]:
    """The select boxes: only values some upcoming batch has."""
    region_of = {i.province: i.region_code for i in catalog.institutions}
    provinces = sorted({e["province"] for e in entries}, key=lambda p: (region_of[p][:2], p))
    names = occupation_names(catalog.institutions)
    occupations = sorted({e["occupation_code"] for e in entries})
    levels = sorted({e["level"] for e in entries}, reverse=True)
    return [
        facet("province", "省份", "全部省份", [option(p, p) for p in provinces]),
        facet("occupation", "职业", "全部职业", [option(c, f"{names[c]}（{c}）") for c in occupations]),
        facet("level", "等级", "全部等级", [option(str(lv), LEVEL_NAMES[lv]) for lv in levels]),
    ]


def occupation_feeds(catalog: Catalog, entries: list[dict], site_url: str = "") -> list[dict]:
    upcoming = Counter(e["occupation_code"] for e in entries)
    return [
        {
            "code": code,
            "name": name,
            "path": urls.occupation_calendar(code),
            "upcoming": upcoming[code],
            "webcal": urls.webcal(site_url, urls.occupation_calendar(code)),
        }
        for code, name in occupation_names(catalog.institutions).items()
    ]


def calendar_view(catalog: Catalog, today: dt.date, site_url: str = "") -> dict:
    entries = upcoming_entries(catalog, today)
    return {
        "total": len(entries),
        "open_count": sum(1 for e in entries if e["state"] == "open"),
        "cancelled_count": sum(1 for e in entries if e["state"] == "cancelled"),
        "with_how": sum(1 for e in entries if e["shows_how"] and (e["registration_url"] or e["registration_text"])),
        "months": by_month(entries),
        "facets": filter_facets(catalog, entries),
        "province_feeds": urls.data() + "#provinces",  # every plan, one calendar per province (part)
        "occupation_feeds": occupation_feeds(catalog, entries, site_url),
    }
