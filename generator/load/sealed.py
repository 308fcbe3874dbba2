"""Read the non-personal summary that `portal seal` writes next to the sealed records.

It arrives by pull request like everything else, so its shape is checked before anything shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem

SUMMARY_FILE = "sealed/summary.json"
OUTCOMES = {"certificates": ("by_status", ("valid", "revoked")), "results": ("by_result", ("pass", "fail", "absent"))}
GROUPS = {"certificates": "by_evaluation", "results": "by_plan"}


@dataclass(frozen=True)
class SealedCounts:
    kind: str  # "certificates" or "results"
    total: int
    outcomes: dict[str, int]
    groups: tuple[dict, ...]  # per evaluation (certificates) or per plan (results), counts only


class _Malformed(Exception):
    def __init__(self, key: str):
        self.key = key


def read_sealed_summary(folder: Path, shown: str) -> tuple[dict[str, SealedCounts], list[Problem]]:
    path = Path(folder) / SUMMARY_FILE
    if not path.is_file():
        return {}, []
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise _Malformed("")
        return {kind: _section(kind, data[kind]) for kind in OUTCOMES if kind in data}, []
    except (ValueError, UnicodeDecodeError):
        key = ""
    except _Malformed as exc:
        key = exc.key
    return {}, [Problem(f"{shown}/{SUMMARY_FILE}", 1, 1, key, "封存摘要", "格式不正确",
                        "该文件由 portal seal 生成，请不要手工修改；用 portal seal 重新生成")]


def _count(value, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Malformed(key)
    return value


def _section(kind: str, section) -> SealedCounts:
    if not isinstance(section, dict):
        raise _Malformed(kind)
    outcome_key, outcomes = OUTCOMES[kind]
    counts = section.get(outcome_key)
    if not isinstance(counts, dict):
        raise _Malformed(f"{kind}.{outcome_key}")
    groups = section.get(GROUPS[kind], [])
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise _Malformed(f"{kind}.{GROUPS[kind]}")
    return SealedCounts(
        kind=kind,
        total=_count(section.get("total"), f"{kind}.total"),
        outcomes={o: _count(counts.get(o, 0), f"{kind}.{outcome_key}.{o}") for o in outcomes},
        groups=tuple(_group(kind, g, outcomes) for g in groups),
    )


def _group(kind: str, group: dict, outcomes) -> dict:
    key = f"{kind}.{GROUPS[kind]}"
    code, level = group.get("occupation_code"), group.get("level")
    if not isinstance(code, str) or not isinstance(level, int) or not 1 <= level <= 5:
        raise _Malformed(key)
    plan = group.get("plan_id")
    if kind == "results" and not isinstance(plan, str):
        raise _Malformed(key)
    return {"occupation_code": code, "level": level, "plan_id": plan, "total": _count(group.get("total"), key),
            **{o: _count(group.get(o, 0), key) for o in outcomes}}

