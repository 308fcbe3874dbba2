"""An institution's change history in words: "电工 四级 收费 ¥380 → ¥410，2026年7月1日起"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..load.history import HistoryChange
from ..model import FEE_ITEM_NAMES, PLAN_STATUS_NAMES, STATUS_NAMES, Evaluation, Institution
from .channels_text import CHANNEL_GROUP_NAMES, channel_type_name
from .wording import day, evaluation, money

CHANGE_TYPE_LABELS = {
    "institution_added": "机构信息",
    "fees_published": "收费标准",
    "fee_added": "收费标准",
    "fee_replaced": "收费标准",
    "fee_changed": "收费标准",
    "fee_removed": "收费标准",
    "plan_added": "评价计划",
    "plan_changed": "评价计划",
    "plan_removed": "评价计划",
    "channel_added": "查询与投诉渠道",
    "channel_removed": "查询与投诉渠道",
    "status": "目录状态",
}
PLAN_FIELD_NAMES = {
    "exam_dates": "考评日期",
    "registration": "报名时间",
    "venue": "场地",
    "candidates": "计划人数",
    "status": "状态",
    "announced": "公布日期",
}


def _date(value) -> str:
    try:
        return day(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _fee_subject(inst: Institution, subject: tuple) -> str:
    code, level, item, _ = subject
    item_name = "收费" if item == "total" else f"{FEE_ITEM_NAMES.get(item, item)}收费"
    try:
        return f"{evaluation(inst, Evaluation(code, int(level)))} {item_name}"
    except (KeyError, TypeError, ValueError):
        return f"{code} {level} {item_name}"


def _money(value) -> str:
    try:
        return money(value)
    except (TypeError, ValueError):
        return str(value)


def _plan_value(name: str, value) -> str:
    if value is None:
        return "（无）"
    if name == "exam_dates" and isinstance(value, list):
        return "、".join(_date(d) for d in value)
    if name == "registration" and isinstance(value, dict):
        return f"{_date(value.get('from'))}至{_date(value.get('to'))}"
    if name == "status":
        return PLAN_STATUS_NAMES.get(value, str(value))
    if name == "announced":
        return _date(value)
    return str(value)


def describe(change: HistoryChange, inst: Institution) -> str:
    change_type, subject = change.change_type, change.subject
    if change_type == "institution_added":
        return "首次公布机构信息"
    if change_type == "fees_published":
        return f"首次公布收费标准（{change.after} 条）"
    if change_type in ("fee_added", "fee_replaced", "fee_changed", "fee_removed"):
        what, since = _fee_subject(inst, subject), _date(subject[3])
        if change_type == "fee_added":
            return f"{what} {_money(change.after)}，{since}起（新增）"
        if change_type == "fee_replaced":
            return f"{what} {_money(change.before)} → {_money(change.after)}，{since}起"
        if change_type == "fee_changed":
            return f"{what} {_money(change.before)} → {_money(change.after)}，{since}起（改动已公布的标准）"
        return f"{what} {_money(change.before)}（{since}起）撤下"
    if change_type == "plan_added":
        plan: Any = change.after or {}
        try:
            what = evaluation(inst, Evaluation(str(plan.get("occupation_code")), int(plan.get("level"))))
        except (KeyError, TypeError, ValueError):
            what = str(plan.get("occupation_code"))
        return f"公布评价计划 {subject[0]}（{what}，考评日期 {_plan_value('exam_dates', plan.get('exam_dates'))}）"
    if change_type == "plan_changed":
        plan_id, name = subject
        return (
            f"评价计划 {plan_id} {PLAN_FIELD_NAMES.get(name, name)} "
            f"{_plan_value(name, change.before)} → {_plan_value(name, change.after)}"
        )
    if change_type == "plan_removed":
        return f"撤下评价计划 {subject[0]}"
    if change_type in ("channel_added", "channel_removed"):
        group = CHANNEL_GROUP_NAMES.get(subject[0], subject[0])
        channel: Any = change.after if change_type == "channel_added" else change.before
        type_, value = channel
        verb = "新增" if change_type == "channel_added" else "撤下"
        return f"{verb}{group}：{channel_type_name(subject[0], type_)} {value}"
    if change_type == "status":
        before, after = str(change.before or ""), str(change.after)
        return f"目录状态 {STATUS_NAMES.get(before, '（无）')} → {STATUS_NAMES.get(after, after)}"
    return change_type
