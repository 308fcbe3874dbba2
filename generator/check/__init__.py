"""The check stage: indicator rules that judge each institution's published files, with evidence.

Public API (used by `portal audit`, `portal check`, the build and the auditor pages):

- `RULES` / `rules_in_order()`: the registry of `Rule` (id, indicator, title, why, bad_example,
  fix_example, check, explanation); `checked_indicators()`: the indicators a rule serves.
- `Finding(credit_code, indicator, rule, status, message, evidence)` with `Evidence(file, line, value,
  commit=None, date=None)`; status is one of PASS, FAIL, WARN, NOT_APPLICABLE (`STATUS_NAMES` in Chinese).
- `Auditor(today, history, settings)`: pass to `load_catalog(..., audit=...)` so that every
  institution carries `inst.findings`; `audit_catalog(catalog, today, history)` and
  `audit_institution(...)` for a catalog or institution loaded without it.
- `read_history` (generator.load.history) gives the History; `load_audit_settings()` reads
  portal.toml's [history] and [repository].

The indicators themselves are data in generator.reference.indicators (number, area, title, text,
truncated), shared with the pages and the inspection forms.
"""

from . import rules as _rules  # noqa: F401 - importing the rule modules registers them
from .audit import Auditor, audit_catalog, audit_institution, status_counts
from .registry import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    RULES,
    STATUS_NAMES,
    STATUSES,
    WARN,
    Evidence,
    Finding,
    Outcome,
    Rule,
    checked_indicators,
    rules_in_order,
    worst,
)
from .settings import AuditSettings, load_audit_settings

__all__ = [
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "RULES",
    "STATUS_NAMES",
    "STATUSES",
    "WARN",
    "AuditSettings",
    "Auditor",
    "Evidence",
    "Finding",
    "Outcome",
    "Rule",
    "audit_catalog",
    "audit_institution",
    "checked_indicators",
    "load_audit_settings",
    "rules_in_order",
    "status_counts",
    "worst",
]
