"""Rules of an inspection record that its JSON Schema cannot express.

Like the other rules, each reads defensively: a value of the wrong shape was reported by the schema.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..load.inspections import inspection_file_date
from ..load.yamlfile import YamlDocument
from ..problems import Problem
from .schema import parse_date, problem_at

SCHEMA_NAME = "inspection"


def check_inspection_rules(docs: list[YamlDocument]) -> list[Problem]:
    problems: list[Problem] = []
    for doc in docs:
        if isinstance(doc.data, dict):
            problems += _date_matches_file_name(doc, doc.data)
            problems += _indicator_once(doc, doc.data)
            problems += _done_dates(doc, doc.data)
    return problems


def _items(data: dict, key: str):
    values = data.get(key)
    if not isinstance(values, list):
        return []
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)]


def _date_matches_file_name(doc: YamlDocument, data: dict) -> list[Problem]:
    day = parse_date(data.get("date"))
    name = PurePosixPath(doc.path).name
    named = inspection_file_date(name)
    if day is None or named is None or day == named:
        return []
    return [
        problem_at(
            doc,
            SCHEMA_NAME,
            ("date",),
            f"督导日期 {day.isoformat()} 与文件名 {name} 不一致",
            f"文件名必须是督导日期：请把文件改名为 {day.isoformat()}.yaml，或改正 date",
        )
    ]


def _indicator_once(doc: YamlDocument, data: dict) -> list[Problem]:
    first: dict[int, int] = {}
    problems = []
    for i, item in _items(data, "results"):
        number = item.get("indicator")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in first:
            line = doc.where(("results", first[number], "indicator"))[0]
            problems.append(
                problem_at(
                    doc,
                    SCHEMA_NAME,
                    ("results", i, "indicator"),
                    f"督导指标 {number} 重复（第 {line} 行已填写）",
                    "每个指标在逐项结果中只写一次；同一指标的多个问题请合并写在 finding 中",
                )
            )
        else:
            first[number] = i
    return problems


def _done_dates(doc: YamlDocument, data: dict) -> list[Problem]:
    problems = []
    for i, item in _items(data, "rectifications"):
        status = item.get("status")
        if status == "done" and "done_date" not in item:
            problems.append(
                problem_at(
                    doc,
                    SCHEMA_NAME,
                    ("rectifications", i, "status"),
                    "整改状态为已完成（done），但缺少完成日期",
                    "请补充 done_date：整改完成的日期，例如 done_date: 2026-12-12",
                )
            )
        elif status == "open" and "done_date" in item:
            problems.append(
                problem_at(
                    doc,
                    SCHEMA_NAME,
                    ("rectifications", i, "done_date"),
                    "整改状态为整改中（open），却填写了完成日期",
                    "整改已完成请把 status 改为 done；尚未完成请删除 done_date",
                )
            )
    return problems
