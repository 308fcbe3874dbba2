"""Incremental sealing: a corrected or revoked record replaces exactly its own entries; summary.json."""

from __future__ import annotations

import json
import os
import random
import stat

import pytest
from seal_support import TEST_CONFIG, TODAY, certificate, copy_institution, result, write_csv

from generator.problems import PortalError
from generator.seal.config import SealConfig
from generator.seal.lookup import lookup
from generator.seal.publish import publish_lookup
from generator.seal.sealer import seal_csv
from generator.seal.synthetic import random_person

LI = ("李四", "440106199003151282")
ZHANG = ("张小三", "11010519491231002X")


@pytest.fixture()
def inst(tmp_path):
    return copy_institution(tmp_path)


def seal(dataset, rows, inst, tmp_path, name="in.csv", **kw):
    path = write_csv(tmp_path / name, dataset, rows) if rows is not None else None
    kw.setdefault("secret_path", tmp_path / "keys" / "k.key")
    return seal_csv(dataset, path, inst, TEST_CONFIG, today=TODAY, **kw)


def lines(inst, dataset="certificates"):
    text = (inst / "sealed" / f"{dataset}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def published(inst, tmp_path):
    site = tmp_path / "site"
    publish_lookup([inst], site)
    return site


def test_revocation_replaces_both_entries_and_keeps_the_other_certificate(inst, tmp_path):
    electric = certificate("S000144440106264000001", *LI)
    nursery = certificate("S000144440106265000002", *LI, code="4-10-01-02", occupation="育婴员", level=5)
    other = certificate("S000144440106264000003", *ZHANG)
    report = seal("certificates", [electric, nursery, other], inst, tmp_path)
    assert (report.added, report.total, report.key_created) == (3, 3, True)
    before = {line["id"]: line for line in lines(inst)}

    revocation = dict(electric, status="revoked", status_date="2026-11-10", status_reason="以不正当手段取得")
    report = seal("certificates", [revocation], inst, tmp_path, name="fix.csv")
    assert (report.added, report.replaced, report.kept, report.total) == (0, 1, 2, 3)
    after = {line["id"]: line for line in lines(inst)}
    assert after.keys() == before.keys()
    changed = [rid for rid in after if after[rid] != before[rid]]
    assert len(changed) == 1
    assert all(a != b for a, b in zip(after[changed[0]]["e"], before[changed[0]]["e"], strict=True))  # both entries new

    site = published(inst, tmp_path)
    [revoked] = lookup(site, "c.no", electric["certificate_no"], LI[0], TEST_CONFIG)
    assert (revoked["status"], revoked["status_date"], revoked["status_reason"]) == (
        "revoked",
        "2026-11-10",
        "以不正当手段取得",
    )
    by_id = lookup(site, "c.id", LI[1], LI[0], TEST_CONFIG)
    assert sorted((r["certificate_no"], r["status"]) for r in by_id) == [
        ("S000144440106264000001", "revoked"),
        ("S000144440106265000002", "valid"),
    ]
    [kept] = lookup(site, "c.no", nursery["certificate_no"], LI[0], TEST_CONFIG)
    assert kept["status"] == "valid" and "status_date" not in kept and "status_reason" not in kept
    assert [r["status"] for r in lookup(site, "c.id", ZHANG[1], ZHANG[0], TEST_CONFIG)] == ["valid"]
    summary = json.loads((inst / "sealed" / "summary.json").read_text(encoding="utf-8"))
    assert summary["certificates"]["by_status"] == {"valid": 2, "revoked": 1}


def test_correcting_a_name_removes_the_old_lookup_paths(inst, tmp_path):
    row = certificate("S000144440106264000001", "李肆", LI[1])
    seal("certificates", [row], inst, tmp_path)
    seal("certificates", [dict(row, name=LI[0])], inst, tmp_path, name="fix.csv")
    site = published(inst, tmp_path)
    assert lookup(site, "c.no", row["certificate_no"], "李肆", TEST_CONFIG) == []
    assert lookup(site, "c.id", LI[1], "李肆", TEST_CONFIG) == []
    assert lookup(site, "c.no", row["certificate_no"], LI[0], TEST_CONFIG)[0]["masked_name"] == "李*"


def test_remove_and_replace_all(inst, tmp_path):
    rows = [certificate(f"S00014444010626400000{i}", *ZHANG) for i in range(1, 4)]
    seal("certificates", rows, inst, tmp_path)
    report = seal("certificates", None, inst, tmp_path, remove=["s000144440106264000002", "S000144440106264000009"])
    assert (report.removed, report.total, report.not_found) == (1, 2, ["S000144440106264000009"])
    report = seal("certificates", rows[:1], inst, tmp_path, name="all.csv", replace_all=True)
    assert (report.total, report.removed) == (1, 2)
    assert len(lines(inst)) == 1


def test_a_different_local_key_cannot_update_incrementally(inst, tmp_path):
    seal("certificates", [certificate("S000144440106264000001", *ZHANG)], inst, tmp_path)
    with pytest.raises(PortalError, match=r"找不到本机封存密钥 .*增量更新需要同一把密钥"):
        seal(
            "certificates",
            [certificate("S000144440106264000002", *ZHANG)],
            inst,
            tmp_path,
            secret_path=tmp_path / "other.key",
        )
    (tmp_path / "other.key").write_text("ab" * 32 + "\n", encoding="utf-8")
    with pytest.raises(PortalError, match="密钥不同，无法增量更新"):
        seal(
            "certificates",
            [certificate("S000144440106264000002", *ZHANG)],
            inst,
            tmp_path,
            secret_path=tmp_path / "other.key",
        )
    report = seal(
        "certificates",
        [certificate("S000144440106264000002", *ZHANG)],
        inst,
        tmp_path,
        secret_path=tmp_path / "other.key",
        replace_all=True,
    )
    assert report.total == 1


def test_changed_kdf_parameters_need_a_full_reseal(inst, tmp_path):
    seal("certificates", [certificate("S000144440106264000001", *ZHANG)], inst, tmp_path)
    changed = SealConfig(iterations=2000, salt=TEST_CONFIG.salt)
    with pytest.raises(PortalError, match=r"查询参数（迭代次数、盐）与 portal\.toml 不同"):
        seal_csv(
            "certificates",
            write_csv(tmp_path / "x.csv", "certificates", []),
            inst,
            changed,
            secret_path=tmp_path / "keys" / "k.key",
            today=TODAY,
        )


def test_key_file_is_private_and_never_inside_the_repository(inst, tmp_path):
    seal("certificates", [certificate("S000144440106264000001", *ZHANG)], inst, tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / "keys" / "k.key").st_mode)
    assert mode == 0o600
    (tmp_path / ".git").mkdir()
    with pytest.raises(PortalError, match="位于仓库文件夹内"):
        seal(
            "certificates",
            [certificate("S000144440106264000002", *ZHANG)],
            inst,
            tmp_path,
            secret_path=tmp_path / "repo.key",
        )


def test_sealed_files_hold_no_personal_data(inst, tmp_path):
    seal("certificates", [certificate("S000144440106264000001", *ZHANG)], inst, tmp_path)
    seal("results", [result("T-2026-05-DG4-001", *ZHANG)], inst, tmp_path, name="r.csv")
    for path in (inst / "sealed").iterdir():
        text = path.read_text(encoding="utf-8")
        for secret in ("张小三", "11010519491231002X", "S000144440106264000001", "T-2026-05-DG4-001", "张*三"):
            assert secret not in text, (path.name, secret)


def test_summary_counts_per_year_occupation_level_and_status(inst, tmp_path):
    seal(
        "certificates",
        [
            certificate("S000144440106264000001", *ZHANG),
            certificate("S000144440106254000002", *LI, issued="2025-12-30"),
            certificate(
                "S000144440106265000003", *LI, code="4-10-01-02", occupation="育婴员", level=5, status="revoked"
            ),
        ],
        inst,
        tmp_path,
    )
    seal(
        "results",
        [
            result("T-1", *ZHANG),
            result("T-2", *LI, theory="40", outcome="fail"),
            result("T-3", "王五", "110105194912310011", theory="", practical="", outcome="absent"),
            result("T-4", *LI, plan="T-2026-06-YY5", code="4-10-01-02", level=5),
        ],
        inst,
        tmp_path,
        name="r.csv",
    )
    summary = json.loads((inst / "sealed" / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema_version"] == 1
    certificates = summary["certificates"]
    assert certificates["kdf"] == TEST_CONFIG.kdf
    assert certificates["total"] == 3
    assert certificates["by_status"] == {"valid": 2, "revoked": 1}
    assert certificates["by_year"] == {"2025": 1, "2026": 2}
    assert certificates["by_evaluation"] == [
        {"occupation_code": "4-10-01-02", "level": 5, "total": 1, "valid": 0, "revoked": 1},
        {"occupation_code": "6-31-01-03", "level": 4, "total": 2, "valid": 2, "revoked": 0},
    ]
    assert certificates["rows"] == [
        {"year": 2025, "occupation_code": "6-31-01-03", "level": 4, "status": "valid", "count": 1},
        {"year": 2026, "occupation_code": "4-10-01-02", "level": 5, "status": "revoked", "count": 1},
        {"year": 2026, "occupation_code": "6-31-01-03", "level": 4, "status": "valid", "count": 1},
    ]
    results = summary["results"]
    assert results["total"] == 4
    assert results["by_result"] == {"pass": 2, "fail": 1, "absent": 1}
    assert results["by_plan"] == [
        {
            "plan_id": "T-2026-05-DG4",
            "occupation_code": "6-31-01-03",
            "level": 4,
            "total": 3,
            "pass": 1,
            "fail": 1,
            "absent": 1,
        },
        {
            "plan_id": "T-2026-06-YY5",
            "occupation_code": "4-10-01-02",
            "level": 5,
            "total": 1,
            "pass": 1,
            "fail": 0,
            "absent": 0,
        },
    ]
    assert results["by_year"] == {"2026": 4}
    text = json.dumps(summary, ensure_ascii=False)
    assert "张" not in text and "李" not in text and "440106199003151282" not in text


def test_results_lookup_by_ticket_and_by_id(inst, tmp_path):
    seal(
        "results",
        [
            result("T-2026-05-DG4-001", *ZHANG, theory="88.5"),
            result("T-2026-06-YY5-007", *ZHANG, plan="T-2026-06-YY5", code="4-10-01-02", level=5),
        ],
        inst,
        tmp_path,
        name="r.csv",
    )
    site = published(inst, tmp_path)
    found = lookup(site, "r.no", "t-2026-05-dg4-001", "张 小三", TEST_CONFIG)
    assert found == [
        {
            "record_type": "r",
            "masked_name": "张*三",
            "masked_id": "110***********002X",
            "ticket_no": "T-2026-05-DG4-001",
            "plan_id": "T-2026-05-DG4",
            "exam_dates": ["2026-05-16", "2026-05-17"],
            "occupation_code": "6-31-01-03",
            "occupation": "电工",
            "level": 4,
            "scores": {"theory": 88.5, "practical": 75},
            "result": "pass",
            "credit_code": "52440106MJT000001K",
            "institution_name": "测试用虚构职业技能评价中心",
        }
    ]
    assert len(lookup(site, "r.id", ZHANG[1], ZHANG[0], TEST_CONFIG)) == 2
    assert lookup(site, "c.id", ZHANG[1], ZHANG[0], TEST_CONFIG) == []  # certificates are a separate namespace


def test_parallel_sealing_gives_the_same_records(inst, tmp_path):
    rng = random.Random(3)
    people = [random_person(rng) for _ in range(40)]
    rows = [certificate(f"S000144440106264{i:06d}", p.name, p.id_number) for i, p in enumerate(people, 1)]
    report = seal("certificates", rows, inst, tmp_path, jobs=2)
    assert (report.jobs, report.total) == (2, 40)
    sealed = lines(inst)
    assert [line["id"] for line in sealed] == sorted(line["id"] for line in sealed)
    site = published(inst, tmp_path)
    for row in rows[::13]:
        found = lookup(site, "c.no", row["certificate_no"], row["name"], TEST_CONFIG)
        assert [r["certificate_no"] for r in found] == [row["certificate_no"]]
