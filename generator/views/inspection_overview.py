"""The portal-wide supervision page: recent inspections, and every open rectification item by province."""

from __future__ import annotations

import datetime as dt

from .. import urls
from ..model import Institution
from ..reference.codes import PROVINCES
from .inspections import inspection_row, open_deadlines, open_rectifications

RECENT_DAYS = 365  # the page lists the last year's inspections; older ones stay on the institution pages


def inspections_overview(institutions: list[Institution], today: dt.date) -> dict:
    """The portal-wide page: recent inspections, newest first, and open rectification items by province."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    recent: list[dict] = []
    provinces: dict[str, dict] = {}
    for inst in sorted(institutions, key=lambda i: (i.region_code, i.credit_code)):
        who = {"name": inst.name, "url": urls.institution(inst.credit_code), "region": inst.region_text}
        for inspection in inst.inspections:
            if since < inspection.date <= today:
                recent.append({**inspection_row(inspection, today), "institution": who})
        items = open_rectifications(inst, today)
        if items:
            code = inst.region_code[:2]
            group = provinces.setdefault(
                code, {"code": code, "name": PROVINCES.get(code, inst.province), "rectifications": [], "overdue": 0}
            )
            group["rectifications"] += [{**item, "institution": who} for item in items]
            group["overdue"] += sum(item["state"] == "overdue" for item in items)
    for group in provinces.values():
        group["rectifications"].sort(key=lambda r: (r["state"] != "overdue", r["deadline"], r["institution"]["url"]))
        group["open_deadlines"] = open_deadlines(group["rectifications"])
    recent.sort(key=lambda r: (-r["date"].toordinal(), r["institution"]["url"]))
    groups = list(provinces.values())
    return {
        "recent": recent,
        "recent_days": RECENT_DAYS,
        "provinces": groups,
        "open_total": sum(len(g["rectifications"]) for g in groups),
        "overdue_total": sum(g["overdue"] for g in groups),
        "open_deadlines": " ".join(g["open_deadlines"] for g in groups),
    }
