"""`portal demo-data`: synthetic institutions that the real `portal check` accepts and the real build builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import build_from

from generator.validate.codes import PROVINCES, credit_code_error

EPOCH = "1795449600"  # 2026-11-24


def portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [str(Path(sys.executable).parent / "portal"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "project"
    run = portal(
        "demo-data",
        "--institutions",
        "30",
        "--certificates",
        "300",
        "--seed",
        "7",
        "--history",
        str(out),
        cwd=Path.cwd(),
    )
    assert run.returncode == 0, run.stderr
    assert "生成机构：30/30" in run.stderr  # progress in Chinese on stderr
    return out


def yaml_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "institutions").rglob("*.yaml"))}


def test_real_check_accepts_every_generated_institution(demo):
    run = portal("check", "--format", "json", cwd=demo)
    report = json.loads(run.stdout)
    assert run.returncode == 0, run.stdout[-2000:]
    assert report["checked"] == 30
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    # some institutions break a supervision indicator on purpose: the audit must see them
    assert report["indicator_warnings"]


def test_generated_data_is_realistic(demo):
    folders = sorted(p for p in (demo / "institutions").iterdir())
    assert len(folders) == 30
    institution_kinds, statuses = set(), set()
    for folder in folders:
        data = yaml.safe_load((folder / "institution.yaml").read_text("utf-8"))
        assert credit_code_error(data["credit_code"]) is None and folder.name == data["credit_code"]
        assert data["region"]["province"] == PROVINCES[data["region"]["code"][:2]]
        assert any("\u4e00" <= c <= "\u9fff" for c in data["name"] + data["address"])
        assert data["phone"].split("-")[0].startswith("0")
        institution_kinds.add(data["kind"])
        statuses.add(data["filing"]["status"])
    assert len(institution_kinds) >= 3
    assert "active" in statuses


def test_records_are_sealed_and_no_plaintext_remains(demo):
    sealed = list((demo / "institutions").glob("*/sealed/*.jsonl"))
    assert sealed
    summaries = [json.loads(p.read_text("utf-8")) for p in (demo / "institutions").glob("*/sealed/summary.json")]
    total = sum(s[dataset]["total"] for s in summaries for dataset in ("certificates", "results") if dataset in s)
    assert total == 300
    assert not list(demo.rglob("*.csv")) and not list(demo.rglob("*.key"))


def test_history_spreads_commits_over_a_year(demo):
    log = subprocess.run(
        ["git", "log", "--format=%ad", "--date=short"], cwd=demo, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(log) > 10
    assert min(log) <= "2025-11-30" and max(log) == "2026-11-24"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=demo, capture_output=True, text=True, check=True)
    assert status.stdout == ""  # everything written is committed


def test_same_seed_same_output(tmp_path):
    outs = []
    for name, seed in (("a", "3"), ("b", "3"), ("c", "4")):
        run = portal("demo-data", "--institutions", "12", "--seed", seed, str(tmp_path / name), cwd=Path.cwd())
        assert run.returncode == 0, run.stderr
        outs.append(yaml_files(tmp_path / name))
    assert outs[0] == outs[1]
    assert outs[0] != outs[2]


def test_refuses_a_folder_with_content(demo):
    run = portal("demo-data", "--institutions", "2", str(demo), cwd=Path.cwd())
    assert run.returncode == 1
    assert "已存在且不为空" in run.stderr and "Traceback" not in run.stderr


def test_demo_site_builds_and_reports_stage_timings(demo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PORTAL_TIMINGS", "1")
    site = build_from(demo / "institutions", tmp_path / "site", tmp_path / "work")
    stages = {line.split()[1] for line in capsys.readouterr().err.splitlines() if line.startswith("PORTAL_TIMING ")}
    assert {
        "load_validate_check",
        "check",
        "views",
        "render",
        "lookup_publish",
        "pagefind",
        "total",
        "peak_mib",
    } <= stages
    for folder in (demo / "institutions").iterdir():
        assert (site / "institutions" / folder.name / "index.html").is_file()
    manifest = json.loads((site / "lookup" / "manifest.json").read_text("utf-8"))
    assert manifest["certificates"]["bucket_bits"] >= 0 and manifest["results"]
