"""The rule registry: what a compliance check is, what it reports, and the one list of all checks.

Modelled on ruff's rule catalogue: every rule has an id, the indicator it serves, a Chinese title,
why it matters, an example of a violation and its fix. The registry is the single source for the
`portal audit` output, `portal check`'s warnings, the compliance data and the rule pages.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from ..names import CHECK_STATUS_NAMES
from ..reference.indicators import Indicator, indicator_system

PASS = "pass"
FAIL = "fail"
WARN = "warn"  # a person must look: the files alone cannot settle it
NOT_APPLICABLE = "not_applicable"
STATUSES = (PASS, FAIL, WARN, NOT_APPLICABLE)
STATUS_NAMES = {status: CHECK_STATUS_NAMES[status] for status in STATUSES}  # one vocabulary with inspections
# Which status wins when a rule looks at several items (plans, fees…): the worst one.
_SEVERITY = {NOT_APPLICABLE: 0, PASS: 1, WARN: 2, FAIL: 3}


def worst(statuses) -> str:
    """The most serious of several statuses; not_applicable when there are none."""
    return max(statuses, key=_SEVERITY.__getitem__, default=NOT_APPLICABLE)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the proof is: a file and line in the disclosure, the value found there, and for facts
    that come from git (when a plan first appeared on main) the commit and its date."""

    file: str
    line: int
    value: str
    commit: str | None = None
    date: dt.date | None = None

    def __post_init__(self) -> None:
        # Every rule names the same few files, and many the same values: one string each, so that a
        # catalog of 50,000 audited institutions (about 20 pieces of evidence each) holds them once
        # and a worker's batch pickles them once.
        for name in ("file", "value", "commit"):
            text = getattr(self, name)
            if type(text) is str:
                object.__setattr__(self, name, sys.intern(text))

    def as_dict(self) -> dict:
        record = {"file": self.file, "line": self.line, "value": self.value}
        if self.commit:
            record["commit"] = self.commit
        if self.date:
            record["date"] = self.date.isoformat()
        return record


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule function returns for one institution; the registry adds who and which rule."""

    status: str
    message: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one institution, with a message the institution can act on."""

    credit_code: str
    indicator: int
    rule: str
    status: str
    message: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    def as_dict(self) -> dict:
        return {
            "credit_code": self.credit_code,
            "indicator": self.indicator,
            "rule": self.rule,
            "status": self.status,
            "message": self.message,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # stable, used in URLs (rules/<id>/) and in the JSON output
    indicator: int  # 1–33, see generator/reference
    title: str  # what it checks, in Chinese
    why: str  # why it matters
    bad_example: str  # a violation as it would be written in the YAML files
    fix_example: str  # the same, fixed
    check: Callable = field(compare=False, repr=False)  # (RuleContext) -> Outcome
    explanation: str = ""  # how the rule decides, when that is not obvious (shown on its page)

    @property
    def indicator_info(self) -> Indicator:
        return indicator_system().indicators[self.indicator]

    def run(self, ctx) -> Finding:
        outcome = self.check(ctx)
        return Finding(
            ctx.inst.credit_code,
            self.indicator,
            self.id,
            outcome.status,
            sys.intern(outcome.message),  # many institutions get the same verdict, word for word
            tuple(outcome.evidence),
        )


RULES: dict[str, Rule] = {}


def rule(id: str, indicator: int, title: str, *, why: str, bad: str, fix: str, explanation: str = ""):
    """Register the decorated function as a rule. The rule modules are imported by generator.check."""

    def register(function: Callable) -> Callable:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        if indicator not in indicator_system().indicators:
            raise ValueError(f"rule {id}: no indicator {indicator}")
        RULES[id] = Rule(
            id, indicator, title, why.strip(), bad.strip("\n"), fix.strip("\n"), function, explanation.strip()
        )
        return function

    return register


def rules_in_order() -> list[Rule]:
    """All rules, by indicator and then in the order they were registered."""
    order = {rule_id: n for n, rule_id in enumerate(RULES)}
    return sorted(RULES.values(), key=lambda r: (r.indicator, order[r.id]))


def checked_indicators() -> list[Indicator]:
    """The indicators at least one rule serves, in number order."""
    numbers = sorted({r.indicator for r in RULES.values()})
    indicators = indicator_system().indicators
    return [indicators[n] for n in numbers]
