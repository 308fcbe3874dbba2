"""What changed in the catalog, and when: new institutions, new plans, fee changes, directory status changes.

Every date comes from the data or from git, never from the build's clock:
- a new institution: its filing date (filing.date);
- a new plan: its announcement date (plans[].announced);
- a fee change: the effective_from of a row that replaces an earlier row for the same occupation,
  level and item (the earlier row ended before it);
- a directory status change: the data has no date for it, so it is the date of the commit that set
  the status (Institution.status_history, read from git once by the build). An institution that first appears with a status other
  than 正常 counts as a change on that commit. Outside a git checkout status changes are left out:
  their date is unknown, and the build's own date would move the entry on every build.
- an inspection: its date (inspections/YYYY-MM-DD.yaml);
- a rectification that became overdue: the day after its deadline, for an item still open, or one
  finished after its deadline (it was overdue then, and the entry must not vanish once it is done).
Changes dated after the build's day are left out until that day comes (a fee change announced for
next month appears the day it takes effect).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from .. import urls
from ..format import date_cn, yuan
from ..model import Catalog, Fee, Institution
from ..names import (
    FEE_ITEM_NAMES,
    INSPECTION_KIND_NAMES,
    INSTITUTION_KIND_NAMES,
    OVERALL_NAMES,
    PLAN_STATUS_NAMES,
    STATUS_NAMES,
)
from ..reference.indicators import indicator_label

TOPIC_ORDER = {"overdue": 0, "inspection": 1, "status": 2, "fee": 3, "plan": 4, "institution": 5}


@dataclass(frozen=True)
class Change:
    date: dt.date
    topic: str  # institution, plan, fee, status, inspection, overdue (the Atom category)
    key: str  # stable and unique: the tail of the entry's tag: URI
    title: str
    summary: str
    path: str  # site-relative page the change is shown on


def institution_added(inst: Institution) -> Change:
    occupations = "、".join(dict.fromkeys(s.occupation for s in inst.scope))
    return Change(
        inst.filing_date,
        "institution",
        f"institution/{inst.credit_code}",
        f"新收录机构：{inst.name}",
        f"{inst.region_text} · {INSTITUTION_KIND_NAMES[inst.kind]}；{date_cn(inst.filing_date)}由{inst.filing['authority']}备案；"
        f"评价职业：{occupations}。",
        urls.institution(inst.credit_code),
    )


def plans_added(inst: Institution) -> list[Change]:
    changes = []
    for plan in inst.plans:
        occupation = inst.occupation_name(plan.evaluation.occupation_code)
        venue = inst.venue(plan.venue_id)
        summary = (
            "考评日期："
            + "、".join(date_cn(d) for d in plan.exam_dates)
            + f"；报名时间：{date_cn(plan.registration_from)}至{date_cn(plan.registration_to)}"
            + f"；场地：{venue.name if venue else plan.venue_id}；计划人数：{plan.candidates} 人"
            + f"；状态：{PLAN_STATUS_NAMES[plan.status]}。"
        )
        if plan.note:
            summary += f"说明：{plan.note}"
        cancelled = "（已取消）" if plan.status == "cancelled" else ""
        changes.append(
            Change(
                plan.announced,
                "plan",
                f"plan/{inst.credit_code}/{plan.id}",
                f"新评价计划{cancelled}：{inst.display_name} · {occupation}（{plan.evaluation.level_name}）",
                summary,
                urls.institution(inst.credit_code, "plans"),
            )
        )
    return changes


def fee_replacements(fees: tuple[Fee, ...]) -> list[tuple[Fee, Fee]]:
    """(earlier row, row replacing it) for each occupation, level and item."""
    pairs = []
    series: dict[tuple, list[Fee]] = {}
    for fee in fees:
        series.setdefault((fee.evaluation, fee.item), []).append(fee)
    for rows in series.values():
        rows.sort(key=lambda f: f.effective_from)
        for before, after in pairwise(rows):
            if before.effective_until is not None and before.effective_until < after.effective_from:
                pairs.append((before, after))
    return pairs


def fees_changed(inst: Institution) -> list[Change]:
    changes = []
    for before, after in fee_replacements(inst.fees):
        occupation = inst.occupation_name(after.evaluation.occupation_code)
        what = f"{occupation}（{after.evaluation.level_name}）{FEE_ITEM_NAMES[after.item]}"
        if before.amount != after.amount:
            amounts = f"{yuan(before.amount)} → {yuan(after.amount)}"
        else:
            amounts = f"金额不变（{yuan(after.amount)}），收费依据更新"
        evaluation = after.evaluation
        changes.append(
            Change(
                after.effective_from,
                "fee",
                f"fee/{inst.credit_code}/{evaluation.slug}/{after.item}/{after.effective_from.isoformat()}",
                f"收费调整：{inst.display_name} · {what} {amounts}",
                f"自{date_cn(after.effective_from)}起，{what}收费 {yuan(after.amount)}（原 {yuan(before.amount)}）；"
                f"收费依据：{after.basis}。",
                urls.institution(inst.credit_code, "fees"),
            )
        )
    return changes


def status_changed(inst: Institution) -> list[Change]:
    changes = []
    for index, (day, status) in enumerate(inst.status_history):
        if index == 0 and status == "active":
            continue  # appearing as 正常 is the institution being added, not a status change
        note = inst.filing.get("status_note") if status == inst.status else None
        summary = f"{inst.name}的目录状态{'变更' if index else ''}为“{STATUS_NAMES[status]}”。"
        changes.append(
            Change(
                day,
                "status",
                f"status/{inst.credit_code}/{day.isoformat()}/{status}",
                f"目录状态：{inst.name} {STATUS_NAMES[status]}",
                summary + (f"说明：{note}" if note else ""),
                urls.institution(inst.credit_code),
            )
        )
    return changes


def inspections_added(inst: Institution) -> list[Change]:
    changes = []
    for inspection in inst.inspections:
        score = f"，得分 {inspection.score:g}" if inspection.score is not None else ""
        asked = (
            f"提出 {len(inspection.rectifications)} 项整改要求。" if inspection.rectifications else "未提出整改要求。"
        )
        changes.append(
            Change(
                inspection.date,
                "inspection",
                f"inspection/{inst.credit_code}/{inspection.date.isoformat()}",
                f"督导结果：{inst.display_name} {OVERALL_NAMES[inspection.overall]}",
                f"{date_cn(inspection.date)}，{inspection.inspector}对{inst.name}开展{INSPECTION_KIND_NAMES[inspection.kind]}，"
                f"总体结论：{OVERALL_NAMES[inspection.overall]}{score}；{asked}",
                urls.institution(inst.credit_code, f"inspection-{inspection.date.isoformat()}"),
            )
        )
    return changes


def rectifications_overdue(inst: Institution) -> list[Change]:
    changes = []
    for inspection in inst.inspections:
        for index, item in enumerate(inspection.rectifications):
            late = item.status == "open" or (item.done_date is not None and item.done_date > item.deadline)
            if not late:
                continue
            changes.append(
                Change(
                    item.deadline + dt.timedelta(days=1),
                    "overdue",
                    f"overdue/{inst.credit_code}/{inspection.date.isoformat()}/{index}",
                    f"整改逾期：{inst.display_name} · 指标 {indicator_label(item.indicator)}",
                    f"{date_cn(inspection.date)}督导提出的整改要求“{item.requirement}”，整改期限为{date_cn(item.deadline)}，"
                    "期限已过仍未完成。",
                    urls.institution(inst.credit_code, f"inspection-{inspection.date.isoformat()}"),
                )
            )
    return changes


def catalog_changes(catalog: Catalog, today: dt.date) -> list[Change]:
    """Every change dated up to today, newest first."""
    changes: list[Change] = []
    for inst in catalog.institutions:
        changes.append(institution_added(inst))
        changes.extend(plans_added(inst))
        changes.extend(fees_changed(inst))
        changes.extend(status_changed(inst))
        changes.extend(inspections_added(inst))
        changes.extend(rectifications_overdue(inst))
    changes = [c for c in changes if c.date <= today]
    return sorted(changes, key=lambda c: (-c.date.toordinal(), TOPIC_ORDER[c.topic], c.key))
