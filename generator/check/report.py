"""Findings as text for people (a table), and as JSON and CSV for scripts and open data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..model import Institution
from ..problems import WARNING, Problem
from .registry import RULES, STATUS_NAMES, STATUSES, Evidence, Finding
from .wording import day

CSV_HEADER = ["credit_code", "indicator", "rule", "status", "message", "evidence"]


def evidence_text(evidence: Evidence) -> str:
    """institutions/…/plans.yaml:42 “2026-11-06”（提交 1a2b3c4d5e6f，2026年11月6日）"""
    text = f"{evidence.file}:{evidence.line} “{evidence.value}”"
    if evidence.commit:
        text += f"（提交 {evidence.commit[:12]}" + (f"，{day(evidence.date)}" if evidence.date else "") + "）"
    return text


def findings_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def finding_row(finding: Finding) -> list:
    return [finding.credit_code, finding.indicator, finding.rule, finding.status, finding.message,
            "；".join(evidence_text(e) for e in finding.evidence)]


def findings_csv(findings: Iterable[Finding]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(finding_row(f) for f in findings)
    return buffer.getvalue()


def institution_table(inst: Institution, findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.status == s) for s in STATUSES}
    summary = "，".join(f"{STATUS_NAMES[s]} {counts[s]}" for s in STATUSES if counts[s])
    lines = [f"{inst.name}（{inst.credit_code}）：{summary}"]
    for finding in findings:
        rule = RULES[finding.rule]
        lines.append(f"  [{finding.status_name}] 指标{finding.indicator} {rule.title}（{rule.id}）")
        lines.append(f"      {finding.message}")
        for evidence in finding.evidence if finding.status != "pass" else ():
            lines.append(f"      证据：{evidence_text(evidence)}")
    return "\n".join(lines)


def finding_warning(finding: Finding) -> Problem:
    """A finding that is not a pass, as a warning of `portal check`: shown before merge, never blocking it."""
    rule = RULES[finding.rule]
    where = finding.evidence[0] if finding.evidence else None
    return Problem(where.file if where else finding.credit_code, where.line if where else 1, 1, finding.rule,
                   f"指标{finding.indicator} {rule.title}", f"［{finding.status_name}］{finding.message}",
                   severity=WARNING)
