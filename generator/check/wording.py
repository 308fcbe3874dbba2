"""How findings word dates, money and evaluations (the check stage may not import render)."""

from __future__ import annotations

import datetime as dt

from ..model import Evaluation, Institution


def day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def money(amount) -> str:
    amount = float(amount)
    return f"¥{int(amount):,}" if amount.is_integer() else f"¥{amount:,.2f}"


def evaluation(inst: Institution, ev: Evaluation) -> str:
    """电工 四级"""
    return f"{inst.occupation_name(ev.occupation_code)} {ev.level_short}"


def listing(items, limit: int = 5) -> str:
    """A、B、C 等 7 项"""
    items = list(items)
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 项" if len(items) > limit else "")
