"""Supervision records as readers see them: the inspection section of an institution's page.

A rectification item is 逾期 (overdue) when it is still open after its deadline day, counted from the
build's "today" (generator.clock), so the same inputs and SOURCE_DATE_EPOCH give the same page. The pages
also carry the open items' deadlines (open_deadlines), from which theme/assets/statuses.js recounts in the
reader's browser, so the words stay true between builds.
"""

from __future__ import annotations

import datetime as dt

from ..model import Inspection, Institution, Rectification
from ..names import INSPECTION_KIND_NAMES, INSPECTION_RESULT_NAMES, OVERALL_NAMES, RECTIFICATION_STATE_NAMES
from ..reference.indicators import indicator_label


def rectification_row(item: Rectification, today: dt.date) -> dict:
    state = item.state(today)
    return {
        "indicator": item.indicator,
        "indicator_label": indicator_label(item.indicator),
        "requirement": item.requirement,
        "deadline": item.deadline,
        "done_date": item.done_date,
        "state": state,
        "state_name": RECTIFICATION_STATE_NAMES[state],
        "days_overdue": (today - item.deadline).days if state == "overdue" else 0,
        "open_name": RECTIFICATION_STATE_NAMES["open"],  # what the browser says until the deadline has passed
    }


def open_deadlines(rows: list[dict]) -> str:
    """The deadlines of the rows still open (overdue or not), as ISO dates separated by spaces."""
    return " ".join(r["deadline"].isoformat() for r in rows if r["state"] != "done")


def inspection_row(inspection: Inspection, today: dt.date) -> dict:
    rectifications = [rectification_row(r, today) for r in inspection.rectifications]
    return {
        "date": inspection.date,
        "inspector": inspection.inspector,
        "kind_name": INSPECTION_KIND_NAMES[inspection.kind],
        "overall": inspection.overall,
        "overall_name": OVERALL_NAMES[inspection.overall],
        "score": _score_text(inspection.score),
        "results": [
            {
                "indicator": r.indicator,
                "indicator_label": indicator_label(r.indicator),
                "result": r.result,
                "result_name": INSPECTION_RESULT_NAMES[r.result],
                "finding": r.finding,
            }
            for r in inspection.results
        ],
        "rectifications": rectifications,
        "open_count": sum(r["state"] != "done" for r in rectifications),
        "overdue_count": sum(r["state"] == "overdue" for r in rectifications),
        "open_deadlines": open_deadlines(rectifications),
        "file": inspection.file,
        "anchor": f"inspection-{inspection.date.isoformat()}",
    }


def _score_text(score: float | None) -> str | None:
    if score is None:
        return None
    return f"{score:g} 分"


def institution_inspections(inst: Institution, today: dt.date) -> dict:
    """The institution page's inspection section: newest inspection first."""
    rows = [inspection_row(i, today) for i in reversed(inst.inspections)]
    return {
        "latest": rows[0] if rows else None,
        "earlier": rows[1:],
        "open_count": sum(r["open_count"] for r in rows),
        "overdue_count": sum(r["overdue_count"] for r in rows),
        "open_deadlines": " ".join(r["open_deadlines"] for r in rows if r["open_deadlines"]),
    }


def open_rectifications(inst: Institution, today: dt.date) -> list[dict]:
    """Every item still open, overdue first, then by deadline."""
    rows = []
    for inspection in inst.inspections:
        for item in inspection.rectifications:
            if item.status == "open":
                rows.append(
                    {
                        **rectification_row(item, today),
                        "inspection_date": inspection.date,
                        "inspection_anchor": f"inspection-{inspection.date.isoformat()}",
                    }
                )
    return sorted(rows, key=lambda r: (r["state"] != "overdue", r["deadline"], r["indicator"]))
