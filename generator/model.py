"""Typed, validated institution data: what every later stage (check, views, render, seal) reads.

Objects are built only from data that passed validation, so they trust their input.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Display names live in generator.names; re-exported here for callers that read them with the model.
from .names import (  # noqa: F401
    COMPLAINT_CHANNEL_NAMES,
    FEE_ITEM_NAMES,
    INSTITUTION_KIND_NAMES,
    LEVEL_NAMES,
    LEVEL_SHORT,
    LICENSE_NAMES,
    METHOD_NAMES,
    PLAN_STATUS_NAMES,
    QUERY_CHANNEL_NAMES,
    STATUS_NAMES,
)
from .problems import ERROR, Problem


def _date(value: str) -> dt.date:
    """A required date: validation has made sure it is there and ISO."""
    return dt.date.fromisoformat(value)


def _optional_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One occupation at one level: the unit fees, plans and certificates refer to."""

    occupation_code: str
    level: int

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def level_short(self) -> str:
        return LEVEL_SHORT[self.level]

    @property
    def slug(self) -> str:
        return f"{self.occupation_code}-{self.level}"


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    occupation_code: str
    occupation: str
    work_type: str | None
    levels: tuple[int, ...]

    @property
    def evaluations(self) -> list[Evaluation]:
        return [Evaluation(self.occupation_code, level) for level in self.levels]


@dataclass(frozen=True, slots=True)
class Venue:
    id: str
    name: str
    address: str
    capacity: int


@dataclass(frozen=True, slots=True)
class Channel:
    type: str
    value: str
    hours: str | None = None
    handler: str | None = None


@dataclass(frozen=True, slots=True)
class Publicity:
    title: str
    text: str
    url: str | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Fee:
    evaluation: Evaluation
    item: str
    amount: float
    basis: str
    effective_from: dt.date
    effective_until: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    evaluation: Evaluation
    methods: tuple[str, ...]
    registration_from: dt.date
    registration_to: dt.date
    exam_dates: tuple[dt.date, ...]
    venue_id: str
    candidates: int
    evaluators: int
    supervisors: int
    announced: dt.date
    status: str
    note: str | None
    registration_how: dict | None = None  # {url?, text?}: how to register, when the institution says

    @property
    def first_exam(self) -> dt.date:
        return min(self.exam_dates)

    @property
    def last_exam(self) -> dt.date:
        return max(self.exam_dates)


@dataclass(frozen=True, slots=True)
class YearStatistics:
    year: int
    evaluated: int
    certified: int
    by_occupation: tuple[dict, ...]
    complaints: dict | None
    satisfaction: dict | None


@dataclass(slots=True)
class Institution:
    credit_code: str
    name: str
    short_name: str | None
    kind: str
    region_code: str
    province: str
    city: str
    district: str | None
    address: str
    phone: str
    website: str | None
    filing: dict
    license: dict
    commitment: dict
    scope: tuple[ScopeEntry, ...]
    venues: tuple[Venue, ...]
    channels: dict[str, tuple[Channel, ...]]
    publicity: tuple[Publicity, ...]
    fees: tuple[Fee, ...]
    refund_policy: str | None
    plans: tuple[Plan, ...]
    statistics: tuple[YearStatistics, ...]
    folder: Path
    last_updated: dt.date | None = None  # from git history when available
    sealed: dict = field(default_factory=dict)  # dataset -> load.sealed.SealedCounts (counts only)
    # the directory statuses (filing.status) it has had, oldest first, each with the day git recorded it
    status_history: tuple[tuple[dt.date, str], ...] = ()
    inspections: tuple[Inspection, ...] = ()  # oldest first; written by the supervisory department
    findings: list = field(default_factory=list)  # check.Finding per rule, when the catalog was audited

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def status(self) -> str:
        return self.filing["status"]

    @property
    def filing_date(self) -> dt.date:
        return self.filing["date"]

    @property
    def region_text(self) -> str:
        """广东省广州市天河区; a municipality is named once (北京市朝阳区, not 北京市北京市朝阳区)."""
        parts = [self.province] + [x for x in (self.city, self.district) if x and x != self.province]
        return "".join(parts)

    def occupation_name(self, code: str) -> str:
        for entry in self.scope:
            if entry.occupation_code == code:
                return entry.occupation
        return code

    def venue(self, venue_id: str) -> Venue | None:
        return next((v for v in self.venues if v.id == venue_id), None)

    @property
    def evaluations(self) -> list[Evaluation]:
        return [e for entry in self.scope for e in entry.evaluations]


@dataclass
class Catalog:
    """Every institution that passed validation, and every problem found on the way."""

    institutions: list[Institution] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def occupation_names(institutions: list[Institution]) -> dict[str, str]:
    """Code → the name most institutions use (ties: the first in code-point order), sorted by code.

    Portal-wide pages and feeds name an occupation once, whichever institution they show."""
    counts = Counter((s.occupation_code, s.occupation) for i in institutions for s in i.scope)
    names: dict[str, str] = {}
    for (code, name), _ in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        names.setdefault(code, name)
    return names


def _scope(entries: list[dict]) -> tuple[ScopeEntry, ...]:
    return tuple(
        ScopeEntry(s["occupation_code"], s["occupation"], s.get("work_type"), tuple(sorted(s["levels"], reverse=True)))
        for s in entries
    )


def _fees(rows: list[dict]) -> tuple[Fee, ...]:
    return tuple(
        Fee(
            Evaluation(f["occupation_code"], f["level"]),
            f["item"],
            float(f["amount"]),
            f["basis"],
            _date(f["effective_from"]),
            _optional_date(f.get("effective_until")),
        )
        for f in rows
    )


def _statistics(stats: dict | None) -> tuple[YearStatistics, ...]:
    return tuple(
        YearStatistics(
            y["year"],
            y["evaluated"],
            y["certified"],
            tuple(y.get("by_occupation") or ()),
            y.get("complaints"),
            y.get("satisfaction"),
        )
        for y in (stats or {}).get("years", ())
    )


def build_institution(
    folder: Path,
    inst: dict,
    fees: dict,
    plans: dict,
    stats: dict | None,
    *,
    sealed: dict | None = None,
    last_updated: dt.date | None = None,
    status_history: tuple[tuple[dt.date, str], ...] = (),
    inspections: tuple[Inspection, ...] = (),
) -> Institution:
    """The institution from its validated files, with what the sealed summary and git say about it."""
    filing = dict(inst["filing"])
    filing["date"] = _date(filing["date"])
    license_ = dict(inst["license"])
    license_["valid_until"] = _optional_date(license_.get("valid_until"))
    commitment = dict(inst.get("commitment") or {})
    commitment["signed"] = _optional_date(commitment.get("signed"))
    region = inst["region"]
    return Institution(
        credit_code=inst["credit_code"],
        name=inst["name"],
        short_name=inst.get("short_name"),
        kind=inst["kind"],
        region_code=region["code"],
        province=region["province"],
        city=region["city"],
        district=region.get("district"),
        address=inst["address"],
        phone=inst["phone"],
        website=inst.get("website"),
        filing=filing,
        license=license_,
        commitment=commitment,
        scope=_scope(inst["scope"]),
        venues=tuple(Venue(v["id"], v["name"], v["address"], v["capacity"]) for v in inst["venues"]),
        channels={
            group: tuple(Channel(c["type"], c["value"], c.get("hours"), c.get("handler")) for c in items)
            for group, items in inst["channels"].items()
        },
        publicity=tuple(
            Publicity(p["title"], p["text"], p.get("url"), _optional_date(p.get("date")))
            for p in inst.get("publicity") or ()
        ),
        fees=_fees(fees["fees"]),
        refund_policy=fees.get("refund_policy"),
        plans=tuple(_build_plan(p) for p in plans["plans"]),
        statistics=_statistics(stats),
        folder=Path(folder),
        last_updated=last_updated,
        sealed=sealed or {},
        status_history=tuple(status_history),
        inspections=tuple(inspections),
    )


def _build_plan(p: dict) -> Plan:
    return Plan(
        id=p["id"],
        evaluation=Evaluation(p["occupation_code"], p["level"]),
        methods=tuple(p["methods"]),
        registration_from=_date(p["registration"]["from"]),
        registration_to=_date(p["registration"]["to"]),
        exam_dates=tuple(sorted(_date(d) for d in p["exam_dates"])),
        venue_id=p["venue"],
        candidates=p["candidates"],
        evaluators=p["evaluators"],
        supervisors=p["supervisors"],
        announced=_date(p["announced"]),
        status=p["status"],
        note=p.get("note"),
        registration_how=p["registration"].get("how"),
    )


@dataclass(frozen=True, slots=True)
class InspectionResult:
    indicator: int
    result: str
    finding: str | None


@dataclass(frozen=True, slots=True)
class Rectification:
    indicator: int
    requirement: str
    deadline: dt.date
    status: str  # open, done
    done_date: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        """Still open after its deadline day has passed."""
        return self.status == "open" and self.deadline < today

    def state(self, today: dt.date) -> str:
        """open, done or overdue: the status as of `today`."""
        return "overdue" if self.overdue(today) else self.status


@dataclass(frozen=True, slots=True)
class Inspection:
    date: dt.date
    inspector: str
    kind: str
    overall: str
    score: float | None
    results: tuple[InspectionResult, ...]
    rectifications: tuple[Rectification, ...]
    file: str  # "<credit_code>/inspections/YYYY-MM-DD.yaml", the evidence


def build_inspection(data: dict, file: str) -> Inspection:
    return Inspection(
        date=_date(data["date"]),
        inspector=data["inspector"],
        kind=data["kind"],
        overall=data["overall"],
        score=data.get("score"),
        results=tuple(
            InspectionResult(r["indicator"], r["result"], r.get("finding"))
            for r in sorted(data.get("results") or (), key=lambda r: r["indicator"])
        ),
        rectifications=tuple(
            Rectification(
                r["indicator"], r["requirement"], _date(r["deadline"]), r["status"], _optional_date(r.get("done_date"))
            )
            for r in data.get("rectifications") or ()
        ),
        file=file,
    )
