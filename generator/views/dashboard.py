"""The compliance dashboard: institutions × checked indicators, one verdict per cell.

It works without JavaScript: the filter boxes drive CSS rules (`:has(option:checked)`) generated here
from the same facets, so choosing a province hides the other rows with no script at all; the script
only adds the count of shown rows, keeps the choice in the address and offers the chosen province's
cities. Every value that reaches a CSS selector is a code (region digits, enum names, indicator
numbers), never submitted text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .. import urls
from ..check import FAIL, NOT_APPLICABLE, PASS, STATUS_NAMES, STATUSES, WARN, checked_indicators, rules_in_order
from ..model import Institution
from ..names import INSTITUTION_KIND_NAMES, OVERALL_NAMES
from .directory import directory_facets
from .facets import facet, option
from .findings import check_anchor, indicator_verdicts
from .split import ListPart, city_anchors, part_context

RESULTS = (FAIL, WARN, PASS)  # what the result filter offers, the most urgent first
RESULT_FILTER_NAMES = {FAIL: "有" + STATUS_NAMES[FAIL], WARN: STATUS_NAMES[WARN], PASS: STATUS_NAMES[PASS]}


def latest_inspection(inst: Institution) -> dict | None:
    """The on-site verdict next to the automatic ones: the latest inspection's outcome."""
    if not inst.inspections:
        return None
    latest = inst.inspections[-1]
    return {
        "overall": latest.overall,
        "overall_name": OVERALL_NAMES[latest.overall],
        "date": latest.date,
        "href": urls.institution(inst.credit_code, f"inspection-{latest.date.isoformat()}"),
    }


def dashboard_row(inst: Institution, numbers: list[int]) -> dict:
    verdicts = {v["number"]: v for v in indicator_verdicts(inst.findings)}
    cells: list[dict] = []
    for number in numbers:
        status = verdicts[number]["status"] if number in verdicts else NOT_APPLICABLE
        cells.append(
            {
                "number": number,
                "status": status,
                "status_name": STATUS_NAMES[status],
                "href": urls.institution(inst.credit_code, check_anchor(number)),
            }
        )
    present = {c["status"] for c in cells}
    return {
        "name": inst.name,
        "url": urls.institution(inst.credit_code),
        "region": inst.region_text,
        "kind_name": INSTITUTION_KIND_NAMES[inst.kind],
        "cells": cells,
        "inspection": latest_inspection(inst),
        "fails": sum(c["status"] == FAIL for c in cells),
        "warns": sum(c["status"] == WARN for c in cells),
        "data": {
            "province": inst.region_code[:2],
            "city": inst.region_code[:4],
            "kind": inst.kind,
            # "fail 14-fail 16-pass …": the result filter matches the first sort of token, result with
            # an indicator chosen the second
            "results": " ".join([*sorted(present), *(f"{c['number']}-{c['status']}" for c in cells)]),
        },
    }


def indicator_columns(rows: Iterable[dict], numbers: list[int]) -> list[dict]:
    """Each checked indicator with how many rows have each verdict; rows are read once (may be a generator)."""
    rules = rules_in_order()
    tallies: list[Counter[str]] = [Counter() for _ in numbers]
    for row in rows:
        for tally, cell in zip(tallies, row["cells"], strict=True):
            tally[cell["status"]] += 1
    columns = []
    for number, counts in zip(numbers, tallies, strict=True):
        indicator = next(i for i in checked_indicators() if i.number == number)
        columns.append(
            {
                "number": number,
                "title": indicator.title,
                "counts": {status: counts[status] for status in STATUSES},
                "rules": [{"id": r.id, "title": r.title} for r in rules if r.indicator == number],
            }
        )
    return columns


def dashboard_facets(institutions: list[Institution], numbers: list[int]) -> list[dict]:
    """Where and what institution kind, as the directory offers them; then which indicator and which result."""
    titles = {i.number: i.title for i in checked_indicators()}
    return [
        *(f for f in directory_facets(institutions) if f["key"] in ("province", "city", "kind")),
        facet("indicator", "督导指标", "任一指标", [option(str(n), f"{n} {titles[n]}") for n in numbers]),
        facet("result", "检查结果", "全部结果", [option(r, RESULT_FILTER_NAMES[r]) for r in RESULTS]),
    ]


_TOKEN = re.compile(r"^[A-Za-z0-9_]*$")


def filter_css(facets: list[dict], scope: str) -> str:
    """One rule per choice: while that option is selected, rows without its token are hidden."""
    by_key = {f["key"]: f for f in facets}
    for f in facets:
        for o in f["options"]:
            if not _TOKEN.match(o["value"]):
                raise ValueError(f"filter value {o['value']!r} cannot go into a CSS selector")
    rules = []

    def chosen(key: str, value: str) -> str:
        return f':has(#dash-{key} option[value="{value}"]:checked)'

    for key in ("province", "city", "kind"):
        for o in by_key[key]["options"] if key in by_key else ():
            rules.append(f'{scope}{chosen(key, o["value"])} tbody tr:not([data-{key}~="{o["value"]}"])')
    for o in by_key["result"]["options"]:
        result = o["value"]
        rules.append(
            f'{scope}{chosen("indicator", "")}{chosen("result", result)} tbody tr:not([data-results~="{result}"])'
        )
        for n in by_key["indicator"]["options"]:
            rules.append(
                f"{scope}{chosen('indicator', n['value'])}{chosen('result', result)} "
                f'tbody tr:not([data-results~="{n["value"]}-{result}"])'
            )
    return ",\n".join(rules) + " { display: none !important; }" if rules else ""


PHONE = "(max-width: 44.9375em)"  # Material's breakpoint, as in portal.css


def label_css(columns: list[dict], table: str) -> str:
    """On phones each cell is labelled with its indicator. The labels live once in CSS, not in every
    cell (a directory of 10,000 institutions has 120,000 cells). Titles come from the reference text."""
    rules = []
    for index, column in enumerate(columns, start=2):  # column 1 is the institution
        label = f"{column['number']} {column['title']}".replace("\\", "").replace('"', "")
        rules.append(f'  {table} td:nth-child({index})::before {{ content: "{label}："; }}')
    rules.append(f'  {table} td:last-child::before {{ content: "最近督导："; }}')
    return f"@media screen and {PHONE} {{\n" + "\n".join(rules) + "\n}" if rules else ""


def dashboard_index_view(institutions: list[Institution], provinces: list[dict]) -> dict:
    """National figures, per-indicator counts and the provinces; the table itself is on the province pages.
    Rows are computed one at a time and not kept, so the index costs no memory per institution."""
    numbers = [i.number for i in checked_indicators()]
    totals: Counter = Counter()
    failing = 0

    def rows():
        nonlocal failing
        for inst in institutions:
            row = dashboard_row(inst, numbers)
            totals.update(c["status"] for c in row["cells"])
            failing += bool(row["fails"])
            yield row

    columns = indicator_columns(rows(), numbers)
    return {
        "institution_count": len(institutions),
        "columns": columns,
        "provinces": provinces,
        "status_names": STATUS_NAMES,
        "statuses": STATUSES,
        "totals": {status: totals[status] for status in STATUSES},
        "failing_institutions": failing,
        "rule_count": len(rules_in_order()),
    }


def failing_count(institutions: list[Institution]) -> int:
    """Institutions with at least one failed indicator."""
    return sum(1 for inst in institutions if any(v["status"] == FAIL for v in indicator_verdicts(inst.findings)))


def dashboard_part_view(part: ListPart, cities: list[dict] | None) -> dict:
    """One page of one province's institutions × checked indicators; the filters act on this page's rows."""
    institutions = list(part.items)
    numbers = [i.number for i in checked_indicators()]
    rows = [dashboard_row(inst, numbers) for inst in institutions]
    for row, anchor in zip(rows, city_anchors(institutions, lambda i: i.region_code[:4]), strict=True):
        row["anchor"] = anchor
    facets = [f for f in dashboard_facets(institutions, numbers) if f["key"] != "province"]
    columns = indicator_columns(rows, numbers)
    return {
        **part_context(part, urls.compliance_province, cities),
        "rows": rows,
        "columns": columns,
        "label_css": label_css(columns, "#portal-dashboard-table"),
        "facets": facets,
        "filter_css": filter_css(facets, "#portal-dashboard"),
        "status_names": STATUS_NAMES,
    }
