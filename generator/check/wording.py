"""How findings word dates, money and evaluations: "2026年12月12日", "¥380", "电工 四级"."""

from __future__ import annotations

from ..format import date_cn as day
from ..format import yuan as money
from ..model import Evaluation, Institution

__all__ = ["day", "evaluation", "listing", "money"]


def evaluation(inst: Institution, ev: Evaluation) -> str:
    """电工 四级"""
    return f"{inst.occupation_name(ev.occupation_code)} {ev.level_short}"


def listing(items, limit: int = 5) -> str:
    """A、B、C 等 7 项"""
    items = list(items)
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 项" if len(items) > limit else "")
