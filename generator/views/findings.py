"""An institution's indicator findings (from the check stage) as readers see them: a summary in
words the institution can act on, and per indicator the rules' verdicts with their evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..check import FAIL, NOT_APPLICABLE, PASS, RULES, STATUS_NAMES, WARN, Evidence, Finding, worst
from ..reference.indicators import indicator_label

EvidenceLink = Callable[[Evidence], "str | None"]  # evidence -> link to the file at that commit, or None


def check_anchor(indicator: int) -> str:
    """The place on an institution page that shows one indicator's findings (dashboard cells link here)."""
    return f"check-{indicator}"


def evidence_row(evidence: Evidence, link: EvidenceLink | None = None) -> dict:
    return {
        "file": evidence.file,
        "line": evidence.line,
        "value": evidence.value,
        "commit": evidence.commit[:10] if evidence.commit else None,
        "date": evidence.date,
        "url": link(evidence) if link else None,
    }


def finding_row(finding: Finding, link: EvidenceLink | None = None) -> dict:
    rule = RULES.get(finding.rule)
    return {
        "rule": finding.rule,
        "rule_title": rule.title if rule else finding.rule,
        "status": finding.status,
        "status_name": STATUS_NAMES[finding.status],
        "message": finding.message,
        "evidence": [evidence_row(e, link) for e in finding.evidence],
    }


def indicator_verdicts(findings: list[Finding], link: EvidenceLink | None = None) -> list[dict]:
    """Per checked indicator (number order): the worst verdict of its rules and each rule's finding."""
    by_indicator: dict[int, list[Finding]] = {}
    for finding in findings:
        by_indicator.setdefault(finding.indicator, []).append(finding)
    verdicts = []
    for number in sorted(by_indicator):
        status = worst(f.status for f in by_indicator[number])
        verdicts.append(
            {
                "number": number,
                "label": indicator_label(number),
                "anchor": check_anchor(number),
                "status": status,
                "status_name": STATUS_NAMES[status],
                "findings": [finding_row(f, link) for f in by_indicator[number]],
            }
        )
    return verdicts


def findings_summary(findings: list[Finding], link: EvidenceLink | None = None) -> dict | None:
    """The summary that opens an institution's disclosure: how many checked indicators pass, and
    what to fix (fail) or what a person must look at (warn), each with the rule's own message."""
    if not findings:
        return None
    verdicts = indicator_verdicts(findings, link)
    counts = Counter(v["status"] for v in verdicts)
    judged = len(verdicts) - counts[NOT_APPLICABLE]
    return {
        "verdicts": verdicts,
        "indicator_count": len(verdicts),
        "judged": judged,
        "counts": {status: counts[status] for status in (PASS, FAIL, WARN, NOT_APPLICABLE)},
        "to_fix": [{**finding_row(f, link), "indicator": f.indicator} for f in findings if f.status == FAIL],
        "to_check": [{**finding_row(f, link), "indicator": f.indicator} for f in findings if f.status == WARN],
        "rule_count": len(findings),
    }
