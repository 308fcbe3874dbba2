"""The rule catalogue: an index and one page per rule of the check registry, and the rules of each
indicator for the indicator page. Generated from the registry, so a new rule gets its page."""

from __future__ import annotations

from .. import urls
from ..check import FAIL, NOT_APPLICABLE, PASS, STATUS_NAMES, STATUSES, WARN, Rule, rules_in_order
from ..model import Institution
from ..reference.indicators import indicator_system
from .findings import check_anchor

STATUS_NOTES = {
    PASS: "",
    FAIL: "（机构需要改正公示材料）",
    WARN: "（仅凭公示材料无法判断，需要有人查看）",
    NOT_APPLICABLE: "（例如没有评价计划时，不检查计划）",
}


def rule_entry(rule: Rule) -> dict:
    indicator = indicator_system().indicators[rule.indicator]
    return {
        "id": rule.id,
        "path": urls.rule(rule.id),
        "title": rule.title,
        "indicator": rule.indicator,
        "indicator_title": indicator.title,
        "indicator_text": indicator.text,
        "indicator_truncated": indicator.truncated,
        "why": rule.why,
        "explanation": rule.explanation,
        "bad_example": rule.bad_example,
        "fix_example": rule.fix_example,
    }


def rules_index_view() -> dict:
    """Rules grouped by indicator, in indicator order."""
    groups: dict[int, dict] = {}
    for rule in rules_in_order():
        entry = rule_entry(rule)
        group = groups.setdefault(
            rule.indicator, {"number": rule.indicator, "title": entry["indicator_title"], "rules": []}
        )
        group["rules"].append(entry)
    return {
        "groups": list(groups.values()),
        "rule_count": sum(len(g["rules"]) for g in groups.values()),
        "statuses": STATUSES,
        "status_names": STATUS_NAMES,
        "status_notes": STATUS_NOTES,
    }


def rule_results(rule: Rule, institutions: list[Institution]) -> dict:
    """How the published institutions fare under this rule: counts, and who must fix or be looked at."""
    counts = dict.fromkeys(STATUSES, 0)
    flagged = []
    for inst in sorted(institutions, key=lambda i: (i.region_code, i.credit_code)):
        for finding in inst.findings:
            if finding.rule != rule.id:
                continue
            counts[finding.status] += 1
            if finding.status in (FAIL, WARN):
                flagged.append(
                    {
                        "name": inst.name,
                        "status": finding.status,
                        "status_name": STATUS_NAMES[finding.status],
                        "message": finding.message,
                        "url": urls.institution(inst.credit_code, check_anchor(rule.indicator)),
                    }
                )
    flagged.sort(key=lambda f: f["status"] != FAIL)
    return {"counts": counts, "flagged": flagged, "checked": sum(counts.values())}


def rule_view(rule: Rule, institutions: list[Institution]) -> dict:
    others = [rule_entry(r) for r in rules_in_order() if r.indicator == rule.indicator and r.id != rule.id]
    return {"rule": rule_entry(rule), "siblings": others, "results": rule_results(rule, institutions)}


def rules_by_indicator() -> dict[int, list[dict]]:
    """Indicator number → its rules (id, title, path), for the indicator page."""
    found: dict[int, list[dict]] = {}
    for rule in rules_in_order():
        found.setdefault(rule.indicator, []).append({"id": rule.id, "title": rule.title, "path": urls.rule(rule.id)})
    return found
