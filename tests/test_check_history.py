"""Git history read in one pass, in a temporary repository with commits at chosen dates; what the
rules make of it; and `portal audit --as-of` on that repository."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from auditdata import CODE, audit, clean, commit_all, git, new_repo, write_institution

from generator.check import FAIL, PASS, RULES, AuditSettings
from generator.check.history_text import describe
from generator.cli import main
from generator.load.history import read_history
from generator.pipeline import load_catalog

D = dt.date


def _plan(plan_id, exam, registration_from, announced, **extra):
    return {
        "id": plan_id,
        "occupation_code": "6-31-01-03",
        "level": 4,
        "methods": ["theory", "practical"],
        "registration": {"from": registration_from, "to": str(D.fromisoformat(exam) - dt.timedelta(days=3))},
        "exam_dates": [exam],
        "venue": "main",
        "candidates": 30,
        "evaluators": 3,
        "supervisors": 1,
        "announced": announced,
        "status": "planned",
        **extra,
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """main: 3-01 institution; 6-20 two plans (one declared 6-01); 7-05 fee rise 380 → 410 from 7-01;
    7-10 a plan 2 working days before its exam; 8-01 status suspended."""
    root = new_repo(tmp_path_factory.mktemp("repo"))
    files = clean()
    files["plans.yaml"]["plans"] = []
    del files["statistics.yaml"]
    institutions = root / "institutions"
    write_institution(institutions, files)
    commits = {"03-01": commit_all(root, "add institution", "2026-03-01T10:00:00+08:00")}

    files["plans.yaml"]["plans"] = [
        _plan("P1", "2026-07-04", "2026-06-01", "2026-06-01"),
        _plan("P2", "2026-07-18", "2026-06-22", "2026-06-20"),
    ]
    write_institution(institutions, files)
    commits["06-20"] = commit_all(root, "plans", "2026-06-20T09:00:00+08:00")

    fees = files["fees.yaml"]["fees"]
    fees[1]["effective_until"] = "2026-06-30"
    fees.append(
        {
            "occupation_code": "6-31-01-03",
            "level": 4,
            "item": "total",
            "amount": 410,
            "basis": "自主定价并备案",
            "effective_from": "2026-07-01",
        }
    )
    write_institution(institutions, files)
    commits["07-05"] = commit_all(root, "fee rise", "2026-07-05T20:00:00+08:00")

    files["plans.yaml"]["plans"].append(_plan("P3", "2026-07-14", "2026-07-10", "2026-07-09"))
    write_institution(institutions, files)
    commits["07-10"] = commit_all(root, "late plan", "2026-07-10T11:00:00+08:00")

    files["institution.yaml"]["filing"]["status"] = "suspended"
    files["institution.yaml"]["channels"]["complaints"].append({"type": "email", "value": "ts@example.org"})
    write_institution(institutions, files)
    commits["08-01"] = commit_all(root, "suspend", "2026-08-01T23:30:00+08:00")  # 15:30 UTC: still 8-01 in China
    return root, commits


def test_one_pass_finds_first_appearance_of_each_plan_and_fee(repo):
    root, commits = repo
    history = read_history(root / "institutions")
    assert history.available and history.prefix == "institutions/" and history.head == commits["08-01"]
    inst = history.of(CODE)
    assert inst.plans["P1"].date == D(2026, 6, 20) and inst.plans["P1"].commit == commits["06-20"]
    assert inst.plans["P3"].date == D(2026, 7, 10)
    assert inst.fees[("6-31-01-03", 4, "total", "2026-07-01")].commit == commits["07-05"]
    assert inst.fees[("6-31-01-03", 4, "total", "2024-01-01")].date == D(2026, 3, 1)


def test_change_history_in_chinese(repo):
    root, commits = repo
    history = read_history(root / "institutions")
    catalog = load_catalog(root / "institutions")
    inst = catalog.institutions[0]
    lines = [(c.date, c.commit, describe(c, inst)) for c in history.of(CODE).changes]
    assert (D(2026, 7, 5), commits["07-05"], "电工 四级 收费 ¥380 → ¥410，2026年7月1日起") in lines
    assert (D(2026, 8, 1), commits["08-01"], "目录状态 正常 → 暂停") in lines
    assert (D(2026, 8, 1), commits["08-01"], "新增投诉监督渠道：电子邮箱 ts@example.org") in lines
    assert (D(2026, 6, 20), commits["06-20"], "公布评价计划 P1（电工 四级，考评日期 2026年7月4日）") in lines
    assert [d for d, _, _ in lines] == sorted(d for d, _, _ in lines)


def test_publication_date_is_the_later_of_declared_and_git(repo):
    root, commits = repo
    history = read_history(root / "institutions")
    finding = audit(root / "institutions" / CODE, D(2026, 8, 2), history)["plan-notice-period"]
    assert finding.status == FAIL
    assert (
        "批次 P1：2026年6月20日公布，到首个考评日2026年7月4日之间有 10 个工作日"  # 6-22..26, 6-29..7-03
        "（申报的公布日期为2026年6月1日，但2026年6月20日才出现在主分支上，按较晚的日期计算）"
    ) in finding.message
    assert "批次 P3：2026年7月10日公布，到首个考评日2026年7月14日之间有 1 个工作日，少于 5 个" in finding.message
    git_evidence = [e for e in finding.evidence if e.commit]
    assert {(e.value, e.commit, e.date) for e in git_evidence} >= {
        ("P1 首次出现在主分支", commits["06-20"], D(2026, 6, 20)),
        ("P3 首次出现在主分支", commits["07-10"], D(2026, 7, 10)),
    }
    assert all(e.file == f"institutions/{CODE}/plans.yaml" and e.line > 1 for e in git_evidence)


def test_plans_imported_at_the_portals_start_are_judged_by_declared_date(repo):
    root, _ = repo
    history = read_history(root / "institutions")
    settings = AuditSettings(since=D(2026, 7, 10))
    finding = audit(root / "institutions" / CODE, D(2026, 8, 2), history, settings)["plan-notice-period"]
    assert "批次 P3：2026年7月9日公布，到首个考评日2026年7月14日之间有 2 个工作日" in finding.message
    assert finding.message.endswith(
        "3 个批次在门户启用（2026年7月10日）时导入，没有可靠的公布记录，按申报的公布日期计算。"
    )


def test_fee_rise_after_registration_opened_fails_with_the_commit(repo):
    root, commits = repo
    finding = audit(root / "institutions" / CODE, D(2026, 8, 2), read_history(root / "institutions"))["fee-rise-notice"]
    assert finding.status == FAIL
    assert finding.message.startswith(
        "电工 四级 收费 ¥380 → ¥410（2026年7月1日起）于2026年7月5日才公布，但批次 P1、P2 已于2026年6月1日开始报名"
    )
    assert finding.evidence[0].commit == commits["07-05"] and finding.evidence[0].date == D(2026, 7, 5)


def test_status_evidence_carries_the_commit(repo):
    root, commits = repo
    finding = audit(root / "institutions" / CODE, D(2026, 8, 2), read_history(root / "institutions"))["filing-status"]
    assert finding.status == FAIL and "（自2026年8月1日起）" in finding.message
    assert finding.evidence[1].commit == commits["08-01"]


def test_history_until_a_day_stops_at_its_end_in_china(repo):
    root, commits = repo
    history = read_history(root / "institutions", as_of=D(2026, 7, 5))
    assert history.head == commits["07-05"] and "P3" not in history.of(CODE).plans


def test_missing_branch_falls_back_to_head_and_says_so(repo):
    root, _ = repo
    history = read_history(root / "institutions", branch="trunk")
    assert history.available and history.ref == "HEAD" and "没有 trunk 分支" in history.note


def test_outside_git_history_is_unavailable(tmp_path):
    folder = write_institution(tmp_path / "institutions", clean())
    history = read_history(folder.parent)
    assert not history.available and "不在 git 仓库中" in history.note


def _audit_json(capsys, *args) -> tuple[int, list]:
    code = main(["audit", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else []


def test_audit_as_of_evaluates_the_tree_at_the_end_of_that_day(repo, capsys, monkeypatch):
    root, commits = repo
    monkeypatch.chdir(root)
    code, before = _audit_json(capsys, "--as-of", "2026-07-04")
    assert code == 0
    by_rule = {f["rule"]: f for f in before}
    assert by_rule["fee-rise-notice"]["status"] == PASS  # the rise was not yet published
    assert by_rule["filing-status"]["status"] == PASS
    code, after = _audit_json(capsys, "--as-of", "2026-07-05")
    by_rule = {f["rule"]: f for f in after}
    assert by_rule["fee-rise-notice"]["status"] == FAIL
    assert by_rule["fee-rise-notice"]["evidence"][0] == {
        "file": f"institutions/{CODE}/fees.yaml",
        "line": by_rule["fee-rise-notice"]["evidence"][0]["line"],
        "value": "¥380 → ¥410",
        "commit": commits["07-05"],
        "date": "2026-07-05",
    }
    assert all(set(f) == {"credit_code", "indicator", "rule", "status", "message", "evidence"} for f in after)
    assert all(isinstance(f["indicator"], int) and 1 <= f["indicator"] <= 33 for f in after)


def test_audit_as_of_before_any_commit_is_invalid_input(repo, capsys, monkeypatch):
    root, _ = repo
    monkeypatch.chdir(root)
    assert main(["audit", "--as-of", "2026-02-01"]) == 1
    assert "2026-02-01 结束时主分支（main）上还没有机构材料的提交" in capsys.readouterr().err
    assert main(["audit", "--as-of", "2026-13-01"]) == 1
    assert "--as-of 的日期格式不正确" in capsys.readouterr().err


def test_audit_outside_git_uses_declared_dates_and_says_so(tmp_path, capsys, monkeypatch):
    write_institution(tmp_path / "institutions", clean())
    monkeypatch.chdir(tmp_path)
    code, findings = _audit_json(capsys)
    assert code == 0 and len(findings) >= 19
    notice = {f["rule"]: f for f in findings}["plan-notice-period"]
    assert notice["message"].endswith("不在 git 仓库中，只能按申报的公布日期（announced）计算。")
    assert main(["audit", "--as-of", "2026-07-01"]) == 1
    assert "--as-of 需要 git 仓库" in capsys.readouterr().err


def test_audit_exits_0_with_failures_and_1_on_invalid_data(tmp_path, capsys, monkeypatch):
    files = clean()
    files["plans.yaml"]["plans"][1]["candidates"] = 500
    write_institution(tmp_path / "institutions", files)
    monkeypatch.chdir(tmp_path)
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "[不符合] 指标14 计划人数不超过场地承载量（plan-capacity）" in out
    assert main(["audit", "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0] == "credit_code,indicator,rule,status,message,evidence"
    assert f"{CODE},14,plan-capacity,fail," in csv_text
    (tmp_path / "institutions" / CODE / "fees.yaml").write_text("schema_version: 1\nfees: [", "utf-8")
    assert main(["audit"]) == 1
    assert "没有检查指标" in capsys.readouterr().err


def test_portal_check_shows_indicator_findings_as_warnings_not_errors(tmp_path, capsys, monkeypatch):
    files = clean()
    files["plans.yaml"]["plans"][1]["candidates"] = 500
    write_institution(tmp_path / "institutions", files)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (warning,) = [line for line in lines if "plan-capacity" in line]
    assert warning.startswith(f"institutions/{CODE}/plans.yaml:")
    assert warning.endswith(
        "警告：指标14 计划人数不超过场地承载量 (plan-capacity): ［不符合］批次 GZ-2026-12-DG5 计划 500 人，"
        "但实训楼承载量 40 人/场次 × 2 天 = 80 人：请减少计划人数、增加考评日期或改用更大的场地。"
    )
    assert lines[-1] == "检查了 1 个机构：没有发现错误。"
    assert main(["check", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []
    assert [(w["key"], w["severity"]) for w in report["indicator_warnings"]] == [("plan-capacity", "warning")]


def test_reformatting_plans_is_not_a_change_but_an_edited_field_is(tmp_path):
    root = new_repo(tmp_path / "repo")
    files = clean()
    write_institution(root / "institutions", files)
    commit_all(root, "add", "2026-03-01T10:00:00+08:00")
    plans = root / "institutions" / CODE / "plans.yaml"
    flow = "schema_version: 1\nplans: " + json.dumps(files["plans.yaml"]["plans"], ensure_ascii=False) + "\n"
    plans.write_text(flow, "utf-8")  # the same plans in flow style
    commit_all(root, "reformat", "2026-03-02T10:00:00+08:00")
    files["plans.yaml"]["plans"][1]["exam_dates"] = ["2026-12-19"]
    write_institution(root / "institutions", files)
    commit_all(root, "move exam", "2026-03-03T10:00:00+08:00")
    catalog = load_catalog(root / "institutions")
    changes = [
        (c.date, describe(c, catalog.institutions[0]))
        for c in read_history(root / "institutions").of(CODE).changes
        if c.change_type.startswith("plan_")
    ]
    assert changes[-1] == (
        D(2026, 3, 3),
        "评价计划 GZ-2026-12-DG5 考评日期 2026年12月12日、2026年12月13日 → 2026年12月19日",
    )
    assert [d for d, _ in changes].count(D(2026, 3, 2)) == 0


def test_parallel_audit_gives_the_same_findings(tmp_path, capsys, monkeypatch):
    from generator.check import run
    from generator.validate.codes import credit_check_char

    for n in range(4):
        first17 = f"52440106MJL00{n:03d}0"[:17]
        code = first17 + credit_check_char(first17)
        files = clean()
        files["institution.yaml"]["credit_code"] = code
        files["plans.yaml"]["plans"][1]["candidates"] = 70 + 10 * n
        write_institution(tmp_path / "institutions", files, code)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(run, "MIN_FOLDERS_PER_WORKER", 1)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["audit", "--format", "json", "--jobs", jobs]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4 * len(RULES)
    assert [f["status"] for f in outputs[0] if f["rule"] == "plan-capacity"] == ["pass", "pass", "fail", "fail"]


def test_history_read_by_several_processes_is_the_same(repo, monkeypatch):
    from generator.load import history as history_module

    root, _ = repo
    single = read_history(root / "institutions")
    monkeypatch.setattr(history_module, "PARALLEL_VERSIONS", 1)
    parallel = read_history(root / "institutions", jobs=2)
    assert parallel.institutions.keys() == single.institutions.keys()
    for code, record in single.institutions.items():
        other = parallel.institutions[code]
        assert (other.plans, other.fees, other.files) == (record.plans, record.fees, record.files)
        assert [(c.date, c.commit, c.change_type, c.subject) for c in other.changes] == [
            (c.date, c.commit, c.change_type, c.subject) for c in record.changes
        ]


def test_shares_never_split_an_institution():
    from generator.load.history import _shares

    versions = [(folder, "plans.yaml", n) for n, folder in enumerate("aaabbbbcdd")]
    shares = _shares(versions, 3)
    assert [[v[0] for v in share] for share in shares] == [list("aaabbbb"), list("cdd")]


def _summary(history, names):
    def plain(value):
        return value._block.data if hasattr(value, "_block") else value

    return (
        history.available,
        history.head,
        history.head_date,
        {
            name: (
                record.plans,
                record.fees,
                record.files,
                [
                    (c.date, c.commit, c.file, c.change_type, c.subject, plain(c.before), plain(c.after))
                    for c in record.changes
                ],
            )
            for name, record in history.institutions.items()
            if name in names
        },
    )


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Three institutions over dated commits on main: fee edits, a status change, a merged side branch,
    a deleted file, a folder removed and added again, and an edit to a file the history does not track."""
    root = new_repo(tmp_path_factory.mktemp("three"))
    institutions = root / "institutions"
    codes = [CODE, "52440106MJL0002002", "52440106MJL0003003"]
    files = {code: clean() for code in codes}

    def save(*changed, date, message="change"):
        for code in changed:
            if files[code] is None:
                shutil.rmtree(institutions / code)
            else:
                write_institution(institutions, files[code], code)
        return commit_all(root, message, date)

    save(codes[0], codes[1], date="2026-03-01T10:00:00+08:00")
    files[codes[2]]["fees.yaml"]["fees"][0]["amount"] = 500
    files[codes[0]]["fees.yaml"]["fees"][0]["amount"] = 420
    save(codes[0], codes[2], date="2026-04-01T10:00:00+08:00")
    files[codes[1]]["institution.yaml"]["filing"]["status"] = "suspended"
    files[codes[0]]["plans.yaml"]["plans"] = [_plan("P1", "2026-07-04", "2026-06-01", "2026-06-01")]
    save(codes[0], codes[1], date="2026-05-01T10:00:00+08:00")
    git(root, "checkout", "-q", "-b", "side")
    files[codes[0]]["fees.yaml"]["fees"][0]["amount"] = 430
    save(codes[0], date="2026-05-03T10:00:00+08:00")
    git(root, "checkout", "-q", "main")
    (institutions / codes[2] / "statistics.yaml").write_text("year: 2025\n", encoding="utf-8")
    commit_all(root, "untracked file", "2026-05-04T10:00:00+08:00")
    git(root, "merge", "-q", "--no-ff", "-m", "merge side", "side", date="2026-05-05T10:00:00+08:00")
    (institutions / codes[1] / "fees.yaml").unlink()
    del files[codes[1]]["fees.yaml"]
    save(codes[1], date="2026-05-10T10:00:00+08:00")
    saved, files[codes[2]] = files[codes[2]], None
    save(codes[2], date="2026-06-01T10:00:00+08:00")
    files[codes[2]] = saved
    files[codes[2]]["institution.yaml"]["filing"]["status"] = "suspended"
    save(codes[2], date="2026-07-01T10:00:00+08:00")
    return institutions, codes


@pytest.mark.parametrize("as_of", [None, D(2026, 5, 4), D(2026, 6, 15)])
def test_history_of_a_few_folders_is_the_whole_trees_history_of_them(three, as_of, monkeypatch):
    """`portal check` of one or a few folders follows their own trees commit by commit; more folders are
    read from the log of the whole tree and kept apart; with changed-path filters, a path-limited log. All
    must find the same changes, sightings, evidence commits and evaluated head as that path-limited log."""
    from generator.load import history as history_module

    institutions, codes = three
    whole = read_history(institutions, as_of=as_of)
    assert set(whole.institutions) == set(codes)
    for names in ([codes[0]], [codes[1], codes[2]], codes):
        walked = read_history(institutions, as_of=as_of, folders=names)
        with monkeypatch.context() as patch:
            patch.setattr(history_module, "_has_changed_path_filters", lambda _root: True)
            logged = read_history(institutions, as_of=as_of, folders=names)
        with monkeypatch.context() as patch:
            patch.setattr(history_module, "FEW_FOLDERS", 0)
            picked = read_history(institutions, as_of=as_of, folders=names)
        assert _summary(walked, names) == _summary(logged, names) == _summary(picked, names)
        assert _summary(walked, names)[3] == _summary(whole, names)[3]
    assert [c.change_type for c in whole.of(codes[0]).changes if c.change_type == "fee_changed"] == (
        ["fee_changed"] * (1 if as_of == D(2026, 5, 4) else 2)
    )


def test_with_changed_path_filters_the_path_limited_log_is_used_and_agrees(three, tmp_path):
    institutions, codes = three
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", str(institutions.parent), str(clone))
    from generator.load.history import _has_changed_path_filters

    before = read_history(clone / "institutions", folders=[codes[2]])
    assert not _has_changed_path_filters(clone)
    git(clone, "commit-graph", "write", "--reachable", "--changed-paths")
    assert _has_changed_path_filters(clone)
    after = read_history(clone / "institutions", folders=[codes[2]])
    assert _summary(after, [codes[2]]) == _summary(before, [codes[2]])
    assert [c.change_type for c in after.of(codes[2]).changes].count("status") == 1
