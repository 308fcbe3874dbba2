"""Fee standards as the public reads them: what one evaluation costs on a given day, and what it cost before."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import Evaluation, Fee, Institution
from ..names import FEE_ITEM_NAMES

TOTAL = "total"


@dataclass(frozen=True)
class FeeStandard:
    evaluation: Evaluation
    items: tuple[Fee, ...]  # per-method items in force (theory, practical, comprehensive)
    total: float
    total_declared: bool  # True when the institution published a `total` row
    effective_from: dt.date  # when the latest of these rows took effect
    bases: tuple[str, ...]
    previous_total: float | None  # the total the day before the latest change, if it differed
    changed_on: dt.date | None
    valid_until: dt.date | None  # its last day, when a row ends or a later standard is already published


def fees_in_force(fees: tuple[Fee, ...], evaluation: Evaluation, day: dt.date) -> list[Fee]:
    return [f for f in fees if f.evaluation == evaluation and f.in_force(day)]


def _total(rows: list[Fee]) -> tuple[float, bool] | None:
    declared = [f.amount for f in rows if f.item == TOTAL]
    if declared:
        return declared[0], True
    if not rows:
        return None
    return round(sum(f.amount for f in rows), 2), False


def distinct_bases(bases) -> tuple[str, ...]:
    """Each basis once, in first-seen order: rows often cite "A" and "A；B", which reads as A；A；B when joined."""
    parts = (part.strip() for basis in bases for part in re.split(r"[；;]", basis))
    return tuple(dict.fromkeys(part for part in parts if part))


def valid_until(fees: tuple[Fee, ...], evaluation: Evaluation, day: dt.date) -> dt.date | None:
    """The last day the standard in force on `day` stays as it is: the earliest end of one of its rows, or
    the day before a row published for later takes effect (None: open-ended)."""
    ends = [f.effective_until for f in fees_in_force(fees, evaluation, day) if f.effective_until is not None]
    ends += [
        f.effective_from - dt.timedelta(days=1) for f in fees if f.evaluation == evaluation and f.effective_from > day
    ]
    return min(ends, default=None)


def fee_standard(fees: tuple[Fee, ...], evaluation: Evaluation, day: dt.date) -> FeeStandard | None:
    rows = fees_in_force(fees, evaluation, day)
    total = _total(rows)
    if total is None:
        return None
    latest = max(f.effective_from for f in rows)
    before = _total(fees_in_force(fees, evaluation, latest - dt.timedelta(days=1)))
    previous = before[0] if before is not None else None
    changed = previous is not None and previous != total[0]
    return FeeStandard(
        evaluation=evaluation,
        items=tuple(sorted((f for f in rows if f.item != TOTAL), key=lambda f: _ITEM_ORDER[f.item])),
        total=total[0],
        total_declared=total[1],
        effective_from=latest,
        bases=distinct_bases(f.basis for f in rows),
        previous_total=previous if changed else None,
        changed_on=latest if changed else None,
        valid_until=valid_until(fees, evaluation, day),
    )


_ITEM_ORDER = {"theory": 0, "practical": 1, "comprehensive": 2, TOTAL: 3}


def current_fee_standards(inst: Institution, day: dt.date) -> dict[Evaluation, FeeStandard | None]:
    """Every evaluation in scope, with its fee standard on `day` (None: no fee published)."""
    return {e: fee_standard(inst.fees, e, day) for e in inst.evaluations}


def fee_fields(standard: FeeStandard) -> dict:
    """A fee standard as template fields: item amounts, total, bases, and the change if any."""
    return {
        "parts": [(FEE_ITEM_NAMES[f.item], f.amount) for f in standard.items],
        "total": standard.total,
        "total_declared": standard.total_declared,
        "bases": standard.bases,
        "effective_from": standard.effective_from,
        "previous_total": standard.previous_total,
        "changed_on": standard.changed_on,
        "valid_until": standard.valid_until,
    }
