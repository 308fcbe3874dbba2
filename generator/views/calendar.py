"""The evaluation calendar: a national index by province, and each province's upcoming batches by month of
the first exam day (see split.py)."""

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
from .plans import is_upcoming, registration_state
from .split import ListPart, part_context


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


def upcoming_plans(catalog: Catalog, today: dt.date) -> list[tuple[Institution, Plan]]:
    """All institutions' batches still ahead (cancelled ones included), by first exam day."""
    plans = [(inst, plan) for inst in catalog.institutions for plan in inst.plans if is_upcoming(plan, today)]
    return sorted(plans, key=lambda p: (p[1].first_exam, p[0].credit_code, p[1].id))


def upcoming_entries(catalog: Catalog, today: dt.date) -> list[dict]:
    return [calendar_entry(inst, plan, today) for inst, plan in upcoming_plans(catalog, today)]


def by_month(entries: list[dict]) -> list[dict]:
    months = []
    for (year, month), group in groupby(entries, key=lambda e: (e["first_exam"].year, e["first_exam"].month)):
        first = dt.date(year, month, 1)
        months.append({"key": f"{year}-{month:02d}", "label": month_cn(first), "entries": list(group)})
    return months


def filter_facets(catalog: Catalog, entries: list[dict]) -> list[dict]:
    """The select boxes of a province page: only values some batch on the page has."""
    names = occupation_names(catalog.institutions)
    occupations = sorted({e["occupation_code"] for e in entries})
    levels = sorted({e["level"] for e in entries}, reverse=True)
    return [
        facet("occupation", "职业", "全部职业", [option(c, f"{names[c]}（{c}）") for c in occupations]),
        facet("level", "等级", "全部等级", [option(str(lv), LEVEL_NAMES[lv]) for lv in levels]),
    ]


def occupation_feeds(catalog: Catalog, upcoming: Counter, site_url: str = "") -> list[dict]:
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


def _plan_counts(plans: list[tuple[Institution, Plan]], today: dt.date) -> Counter:
    return Counter(registration_state(plan, today) for _, plan in plans)


def open_count(plans: list[tuple[Institution, Plan]], today: dt.date) -> int:
    return _plan_counts(plans, today)["open"]


def calendar_index_view(
    catalog: Catalog, plans: list[tuple[Institution, Plan]], provinces: list[dict], today: dt.date, site_url: str = ""
) -> dict:
    """The national index: how many batches are ahead, by province, and the calendar feeds to subscribe to.
    The batches themselves are on the province pages (a national list would grow with the institutions)."""
    states = _plan_counts(plans, today)
    upcoming = Counter(plan.evaluation.occupation_code for _, plan in plans)
    return {
        "total": len(plans),
        "open_count": states["open"],
        "cancelled_count": states["cancelled"],
        "provinces": provinces,
        "province_feeds": urls.data() + "#provinces",  # every plan, one calendar per province (part)
        "occupation_feeds": occupation_feeds(catalog, upcoming, site_url),
    }


def calendar_part_view(catalog: Catalog, today: dt.date, part: ListPart, cities: list[dict] | None) -> dict:
    """One page of one province's batches, by month of the first exam day, with on-page filters."""
    entries = [calendar_entry(inst, plan, today) for inst, plan in part.items]
    return {
        **part_context(part, urls.calendar_province),
        "total": len(entries),
        "open_count": sum(1 for e in entries if e["state"] == "open"),
        "cancelled_count": sum(1 for e in entries if e["state"] == "cancelled"),
        "with_how": sum(1 for e in entries if e["shows_how"] and (e["registration_url"] or e["registration_text"])),
        "months": by_month(entries),
        "facets": filter_facets(catalog, entries),
        "province_feeds": urls.data() + "#provinces",
        # the feeds of the occupations on this page, so that choosing one offers its subscription
        "occupation_feeds": [
            f for f in occupation_feeds(catalog, Counter(e["occupation_code"] for e in entries)) if f["upcoming"]
        ],
    }
