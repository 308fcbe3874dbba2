"""Findings as text for people (a table), and as JSON and CSV for scripts and open data."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from typing import TextIO

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


def finding_row(finding: Finding) -> list:
    return [
        finding.credit_code,
        finding.indicator,
        finding.rule,
        finding.status,
        finding.message,
        "；".join(evidence_text(e) for e in finding.evidence),
    ]


class AuditWriter:
    """`portal audit`'s output, written institution by institution so that an audit of any size streams:
    a table for people, a JSON array or CSV rows for scripts."""

    def __init__(self, fmt: str, out: TextIO):
        self.fmt, self.out = fmt, out
        self.counts: Counter[str] = Counter()
        self.institutions = 0
        self.csv = csv.writer(out) if fmt == "csv" else None
        if self.csv:
            self.csv.writerow(CSV_HEADER)
        self.first = True

    def add(self, inst) -> None:
        """inst: anything with credit_code, name and findings (an Institution or a run.AuditedInstitution)."""
        self.institutions += 1
        self.counts.update(f.status for f in inst.findings)
        if self.fmt == "json":
            for finding in inst.findings:
                self.out.write(("[\n" if self.first else ",\n") + json.dumps(finding.as_dict(), ensure_ascii=False))
                self.first = False
        elif self.csv:
            self.csv.writerows(finding_row(f) for f in inst.findings)
        else:
            self.out.write(institution_table(inst, list(inst.findings)) + "\n\n")

    def close(self, today: dt.date) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.first else "\n]\n")
        elif not self.csv:
            self.out.write(
                f"检查了 {self.institutions} 个机构（{today.isoformat()}）：符合 {self.counts['pass']} 项，"
                f"不符合 {self.counts['fail']} 项，需人工核查 {self.counts['warn']} 项。\n"
            )


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
    return Problem(
        where.file if where else finding.credit_code,
        where.line if where else 1,
        1,
        finding.rule,
        f"指标{finding.indicator} {rule.title}",
        f"［{finding.status_name}］{finding.message}",
        severity=WARNING,
    )
