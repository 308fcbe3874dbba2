"""The portal-wide supervision pages: a national index of provinces, and per province the last year's
inspections and every open rectification item (see split.py)."""

from __future__ import annotations

import datetime as dt

from .. import urls
from ..model import Institution
from .inspections import inspection_row, open_deadlines, open_rectifications
from .split import ListPart, part_context

RECENT_DAYS = 365  # the pages list the last year's inspections; older ones stay on the institution pages


def _recent(inst: Institution, today: dt.date) -> list:
    since = today - dt.timedelta(days=RECENT_DAYS)
    return [inspection for inspection in inst.inspections if since < inspection.date <= today]


def under_supervision(inst: Institution, today: dt.date) -> bool:
    """Whether the institution appears on the supervision pages: a recent inspection or an open item."""
    return bool(_recent(inst, today) or open_rectifications(inst, today))


def supervision_figures(institutions: list[Institution], today: dt.date) -> dict:
    """How many recent inspections, open rectification items and overdue ones these institutions have."""
    recent = open_total = overdue = 0
    for inst in institutions:
        recent += len(_recent(inst, today))
        items = open_rectifications(inst, today)
        open_total += len(items)
        overdue += sum(item["state"] == "overdue" for item in items)
    return {"recent": recent, "open": open_total, "overdue": overdue}


def inspections_index_view(institutions: list[Institution], provinces: list[dict], today: dt.date) -> dict:
    return {
        "recent_days": RECENT_DAYS,
        "figures": supervision_figures(institutions, today),
        "provinces": provinces,
    }


def inspections_part_view(today: dt.date, part: ListPart, cities: list[dict] | None) -> dict:
    """One page of one province's supervised institutions: their recent inspections, newest first, and their
    open rectification items, overdue first."""
    recent: list[dict] = []
    rectifications: list[dict] = []
    for inst in part.items:
        who = {"name": inst.name, "url": urls.institution(inst.credit_code), "region": inst.region_text}
        recent += [{**inspection_row(i, today), "institution": who} for i in _recent(inst, today)]
        rectifications += [{**item, "institution": who} for item in open_rectifications(inst, today)]
    recent.sort(key=lambda r: (-r["date"].toordinal(), r["institution"]["url"]))
    rectifications.sort(key=lambda r: (r["state"] != "overdue", r["deadline"], r["institution"]["url"]))
    return {
        **part_context(part, urls.inspections_province, cities),
        "recent": recent,
        "recent_days": RECENT_DAYS,
        "rectifications": rectifications,
        "overdue": sum(r["state"] == "overdue" for r in rectifications),
        "open_deadlines": open_deadlines(rectifications),  # statuses.js recounts the overdue ones from today
    }
