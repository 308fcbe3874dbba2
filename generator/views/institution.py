"""View model of one institution's page: everything the template shows, already decided."""

from __future__ import annotations

import datetime as dt

from .. import urls
from ..format import safe_http_url, tel_href
from ..model import Institution, Plan
from ..names import (
    INSTITUTION_KIND_NAMES,
    LEVEL_NAMES,
    LICENSE_NAMES,
    METHOD_NAMES,
    PLAN_STATUS_NAMES,
    RESULT_NAMES,
    STATUS_NAMES,
)
from ..reference.area_codes import supervisory_hotline
from .channels import channel_groups, missing_channel_groups
from .fees import current_fee_standards, fee_fields
from .inspections import institution_inspections
from .plans import REGISTRATION_STATES, registration_state, split_plans

STATUS_WARNINGS = {
    "suspended": "该机构的评价资格已被暂停：暂停期间不得开展评价活动，所发证书以监管部门公告为准。",
    "removed": "该机构已被移出评价机构目录：不得再开展评价活动或颁发职业技能等级证书。",
}


def registration_how(plan: Plan) -> dict:
    """How to register as the institution published it (only an http(s) address becomes a link)."""
    how = plan.registration_how or {}
    return {"registration_url": safe_http_url(how.get("url")), "registration_text": how.get("text")}


def plan_row(inst: Institution, plan: Plan, today: dt.date) -> dict:
    venue = inst.venue(plan.venue_id)
    state = registration_state(plan, today)
    return {
        "id": plan.id,
        "occupation": inst.occupation_name(plan.evaluation.occupation_code),
        "occupation_code": plan.evaluation.occupation_code,
        "level_name": plan.evaluation.level_name,
        "methods": [METHOD_NAMES[m] for m in plan.methods],
        "registration_from": plan.registration_from,
        "registration_to": plan.registration_to,
        "exam_dates": plan.exam_dates,
        "venue_name": venue.name if venue else plan.venue_id,
        "venue_address": venue.address if venue else "",
        "candidates": plan.candidates,
        "evaluators": plan.evaluators,
        "supervisors": plan.supervisors,
        "status": plan.status,
        "status_name": PLAN_STATUS_NAMES[plan.status],
        "state": state,
        "state_name": REGISTRATION_STATES[state],
        "announced": plan.announced,
        "institution_phone": inst.phone,
        "institution_tel": tel_href(inst.phone),
        "note": plan.note,
        **registration_how(plan),
    }


def fee_rows(inst: Institution, today: dt.date) -> tuple[list[dict], list[dict]]:
    """Current fee standards, and the evaluations in scope that have none published."""
    rows, missing = [], []
    for evaluation, standard in current_fee_standards(inst, today).items():
        base = {
            "occupation": inst.occupation_name(evaluation.occupation_code),
            "occupation_code": evaluation.occupation_code,
            "level_name": evaluation.level_name,
            "slug": evaluation.slug,
            "url": urls.fee_comparison(evaluation.slug),
        }
        if standard is None:
            missing.append(base)
            continue
        rows.append({**base, **fee_fields(standard)})
    return rows, missing


def sealed_view(inst: Institution) -> dict | None:
    """Counts of the records a person can verify on this portal (never the records themselves)."""
    if not inst.sealed:
        return None
    certificates, results = inst.sealed.get("certificates"), inst.sealed.get("results")
    return {
        "certificates": certificates,
        "results": results,
        "result_counts": [(name, results.outcomes.get(result, 0)) for result, name in RESULT_NAMES.items()]
        if results
        else [],
        "evaluations": [
            {"occupation": inst.occupation_name(g["occupation_code"]), "level_name": LEVEL_NAMES[g["level"]], **g}
            for g in (certificates.groups if certificates else ())
        ],
    }


def institution_view(inst: Institution, today: dt.date) -> dict:
    upcoming, past = split_plans(inst.plans, today)
    fees, fees_missing = fee_rows(inst, today)
    return {
        "inst": inst,
        "calendar_feed": urls.institution_calendar(inst.credit_code),
        "kind_name": INSTITUTION_KIND_NAMES[inst.kind],
        "status_name": STATUS_NAMES[inst.status],
        "status_warning": STATUS_WARNINGS.get(inst.status),
        "license_name": LICENSE_NAMES[inst.license["type"]],
        "license_valid_until": inst.license.get("valid_until"),
        "filing_number": inst.filing.get("number"),
        "status_note": inst.filing.get("status_note"),
        "commitment_signed": inst.commitment.get("signed"),
        "region": inst.region_text,
        "website": safe_http_url(inst.website),
        "phone_tel": tel_href(inst.phone),
        "hotline": supervisory_hotline(inst.region_code),
        "commitment_url": safe_http_url(inst.commitment.get("url")),
        "scope": [
            {
                "code": s.occupation_code,
                "occupation": s.occupation,
                "work_type": s.work_type,
                "levels": [e.level_name for e in s.evaluations],
            }
            for s in inst.scope
        ],
        "venues": inst.venues,
        "fees": fees,
        "fees_missing": fees_missing,
        "refund_policy": inst.refund_policy,
        "upcoming": [plan_row(inst, p, today) for p in upcoming],
        "past": [plan_row(inst, p, today) for p in past],
        "channels": channel_groups(inst.channels),
        "channels_missing": missing_channel_groups(inst.channels),
        "publicity": [
            {"title": p.title, "text": p.text, "url": safe_http_url(p.url), "date": p.date} for p in inst.publicity
        ],
        "sealed": sealed_view(inst),
        "last_updated": inst.last_updated,
        "inspections": institution_inspections(inst, today),
    }
