"""A clean institution for the indicator-check tests: every rule passes on it, so each test seeds
exactly one violation and asserts exactly what the rule says about it."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
from pathlib import Path

import yaml

from generator.check import Auditor, AuditSettings
from generator.pipeline import load_catalog

TODAY = dt.date(2026, 11, 24)
CODE = "52440106MJL0001001"

CLEAN = {
    "institution.yaml": {
        "schema_version": 1,
        "credit_code": CODE,
        "name": "广州市示例职业技能评价中心",
        "short_name": "示例评价中心",
        "kind": "social_training_org",
        "region": {"code": "440106", "province": "广东省", "city": "广州市", "district": "天河区"},
        "address": "广州市天河区中华路 1 号",
        "phone": "020-12345678",
        "filing": {"authority": "广州市人力资源和社会保障局", "date": "2024-03-15", "status": "active"},
        "license": {"type": "private_non_enterprise", "valid_until": "2030-12-31"},
        "commitment": {"signed": "2024-03-01", "url": "https://example.org/commitment.pdf"},
        "scope": [{"occupation_code": "6-31-01-03", "occupation": "电工", "levels": [5, 4]}],
        "venues": [{"id": "main", "name": "实训楼", "address": "广州市天河区中华路 1 号", "capacity": 40}],
        "channels": {
            "results": [{"type": "portal", "value": "本门户成绩查询"}],
            "certificates": [{"type": "portal", "value": "本门户证书查询"}],
            "complaints": [{"type": "phone", "value": "020-12345679", "handler": "质量管理部"}],
            "supervisor_complaints": [{"type": "phone", "value": "12333"}],
        },
        "publicity": [
            {
                "title": "电工职业技能等级认定招生简章",
                "text": "本中心依据国家职业标准开展电工五级、四级评价，地址：中华路 1 号。合格者取得职业技能等级证书。",
                "date": "2026-09-01",
            }
        ],
    },
    "fees.yaml": {
        "schema_version": 1,
        "fees": [
            {
                "occupation_code": "6-31-01-03",
                "level": 5,
                "item": "total",
                "amount": 280,
                "basis": "依据国家职业标准自主定价并备案",
                "effective_from": "2024-01-01",
            },
            {
                "occupation_code": "6-31-01-03",
                "level": 4,
                "item": "total",
                "amount": 380,
                "basis": "自主定价并备案",
                "effective_from": "2024-01-01",
            },
        ],
    },
    "plans.yaml": {
        "schema_version": 1,
        "plans": [
            {
                "id": "GZ-2026-11-DG4",
                "occupation_code": "6-31-01-03",
                "level": 4,
                "methods": ["theory", "practical"],
                "registration": {"from": "2026-10-08", "to": "2026-11-06"},
                "exam_dates": ["2026-11-14"],
                "venue": "main",
                "candidates": 40,
                "evaluators": 4,
                "supervisors": 1,
                "announced": "2026-09-28",
                "status": "completed",
            },
            {
                "id": "GZ-2026-12-DG5",
                "occupation_code": "6-31-01-03",
                "level": 5,
                "methods": ["theory", "practical"],
                "registration": {"from": "2026-11-02", "to": "2026-12-04"},
                "exam_dates": ["2026-12-12", "2026-12-13"],
                "venue": "main",
                "candidates": 70,
                "evaluators": 6,
                "supervisors": 1,
                "announced": "2026-10-30",
                "status": "planned",
            },
        ],
    },
    "statistics.yaml": {
        "schema_version": 1,
        "years": [
            {
                "year": 2025,
                "evaluated": 300,
                "certified": 260,
                "complaints": {"received": 4, "resolved": 4, "resolved_in_time": 4},
                "satisfaction": {"surveyed": 200, "satisfied": 180},
            }
        ],
    },
}


def clean() -> dict:
    return copy.deepcopy(CLEAN)


def write_institution(root: Path, files: dict, code: str = CODE) -> Path:
    folder = Path(root) / code
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def audit(folder: Path, today: dt.date = TODAY, history=None, settings: AuditSettings | None = None) -> dict:
    """rule id -> Finding for one institution folder; fails the test when the data does not validate."""
    catalog = load_catalog(folder.parent, [folder], audit=Auditor(today, history, settings or AuditSettings()))
    assert not catalog.errors, [p.format() for p in catalog.errors]
    return {f.rule: f for f in catalog.institutions[0].findings}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in repo; `date` (e.g. "2026-03-01T10:00:00+08:00") sets both author and committer dates."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def commit_all(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path
