"""Run every registered rule over institutions: the check stage between validation and views."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..load.folder import InstitutionFiles
from ..load.history import History
from ..model import Institution
from .context import Locator, RuleContext
from .registry import STATUSES, Finding, rules_in_order
from .settings import AuditSettings
from .workdays import WorkdayCalendar, default_calendar


@dataclass
class Auditor:
    """The audit's fixed inputs. Called by load_catalog for each valid institution while its parsed
    files (and so the line of every value) are still at hand."""

    today: dt.date
    history: History | None = None
    settings: AuditSettings = field(default_factory=AuditSettings)
    calendar: WorkdayCalendar = field(default_factory=default_calendar)

    def __call__(self, inst: Institution, files: InstitutionFiles | None = None) -> list[Finding]:
        locator = Locator.of(files) if files is not None else Locator(inst.folder)
        ctx = RuleContext(inst, self.today, locator, self.history, self.settings, self.calendar)
        return [rule.run(ctx) for rule in rules_in_order()]


def audit_institution(
    inst: Institution, today: dt.date, history: History | None = None, settings: AuditSettings | None = None
) -> list[Finding]:
    return Auditor(today, history, settings or AuditSettings())(inst)


def audit_catalog(
    catalog, today: dt.date, history: History | None = None, settings: AuditSettings | None = None
) -> list[Finding]:
    """Findings for every institution of a catalog, by credit code and rule order. Institutions the
    build already audited (load_catalog with an Auditor) keep their findings."""
    auditor = Auditor(today, history, settings or AuditSettings())
    findings: list[Finding] = []
    for inst in catalog.institutions:
        findings.extend(inst.findings if inst.findings else auditor(inst))
    return findings


def status_counts(findings) -> dict[str, int]:
    counts = Counter(f.status for f in findings)
    return {status: counts.get(status, 0) for status in STATUSES}
