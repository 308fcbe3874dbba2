"""Evaluation plans in time: which are upcoming, whether registration is open today."""

from __future__ import annotations

import datetime as dt

from ..model import Plan
from ..names import PLAN_STATUS_NAMES

REGISTRATION_STATES = {
    "open": "正在报名",
    "not_yet": "尚未开始报名",
    "closed": "报名已截止",
    # a batch that is over or called off says so in the plan status' own words
    "cancelled": PLAN_STATUS_NAMES["cancelled"],
    "completed": PLAN_STATUS_NAMES["completed"],
}


def registration_state(plan: Plan, today: dt.date) -> str:
    if plan.status in ("cancelled", "completed"):
        return plan.status
    if today < plan.registration_from:
        return "not_yet"
    if today <= plan.registration_to:
        return "open"
    return "closed"


def is_upcoming(plan: Plan, today: dt.date) -> bool:
    """Still ahead of us: not completed and its last exam day not yet past (cancelled ones stay visible)."""
    return plan.status != "completed" and plan.last_exam >= today


def split_plans(plans, today: dt.date) -> tuple[list[Plan], list[Plan]]:
    upcoming = sorted((p for p in plans if is_upcoming(p, today)), key=lambda p: (p.first_exam, p.id))
    past = sorted((p for p in plans if not is_upcoming(p, today)), key=lambda p: (p.first_exam, p.id), reverse=True)
    return upcoming, past
