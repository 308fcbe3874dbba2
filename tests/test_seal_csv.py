"""`portal seal` reads and checks the CSV: every bad row reported with its row number, nothing written."""

from __future__ import annotations

import pytest
from seal_support import TEST_CONFIG, TODAY, certificate, copy_institution, result, write_csv

from generator.problems import ERROR, WARNING, PortalError
from generator.seal.records import COLUMNS
from generator.seal.sealer import seal_csv

GOOD_ID = "11010519491231002X"
OTHER_ID = "440106199003151282"


@pytest.fixture()
def inst(tmp_path):
    return copy_institution(tmp_path)


def seal(dataset, csv_path, inst, tmp_path, **kw):
    return seal_csv(dataset, csv_path, inst, TEST_CONFIG, secret_path=tmp_path / "keys" / "k.key", today=TODAY, **kw)


def errors_of(exc) -> list[tuple[int, str, str]]:
    return [(p.line, p.key, p.message) for p in exc.problems if p.severity == ERROR]


def assert_nothing_written(inst, tmp_path):
    assert not (inst / "sealed").exists()
    assert not (tmp_path / "keys").exists()


def test_every_bad_certificate_row_is_reported_with_its_row_number(inst, tmp_path):
    rows = [
        certificate("S000144440106264000001", "张小三", GOOD_ID),  # line 2: fine
        certificate("S000144440106264000002", "李四", "110105194912310021"),  # 3: check digit
        certificate("S000144440106264000003", "王五", OTHER_ID, level=5),  # 4: level digit 4 ≠ row level 5
        certificate("S000144440106264000004", "赵六", OTHER_ID, code="6-31-01-04"),  # 5: outside scope
        certificate("S000144440106264000005", "钱七", OTHER_ID, issued="2026/06/20"),  # 6: date format
        certificate("S000144440106264000006", "孙八", OTHER_ID, status="ok"),  # 7: status
        certificate("S000144440106264000001", "周九", OTHER_ID),  # 8: duplicate of line 2
        certificate("Y000144440106264000008", "吴十", OTHER_ID),  # 9: Y for a social training organisation
        certificate("S000144440106264000009", "郑3", OTHER_ID, issued="2026-12-01"),  # 10: digit in name, future
        certificate("S000144440106254000010", "冯十一", OTHER_ID, level=3),  # 11: level digit 4 ≠ 3
    ]
    path = write_csv(tmp_path / "c.csv", "certificates", rows)
    with pytest.raises(PortalError) as caught:
        seal("certificates", path, inst, tmp_path)
    errors = errors_of(caught.value)
    assert {line for line, _, _ in errors} == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    by_line = {line: (key, message) for line, key, message in errors}
    assert by_line[3] == ("id_number", "校验位错误：按 GB 11643 计算第 18 位应为 X，实际为 1")
    assert by_line[4] == ("certificate_no", "第 16 位等级代码 4 与本行等级 5 不一致")
    assert "不在备案评价范围内" in by_line[5][1]
    assert by_line[6][0] == "issue_date"
    assert by_line[7][0] == "status"
    assert by_line[8] == ("certificate_no", "与第 2 行重复")
    assert "首字母 Y（用人单位）与机构类型“社会培训评价组织”不符，应为 S" in by_line[9][1]
    assert {(k, m) for line, k, m in errors if line == 10} == {
        ("name", "含有数字（是否与其他列错位？）"),
        ("issue_date", "发证日期 2026-12-01 晚于今天"),
    }
    assert "9 行" in caught.value.message and "没有写入任何文件" in caught.value.message
    assert_nothing_written(inst, tmp_path)


def test_certificate_number_warnings_do_not_block(inst, tmp_path):
    rows = [
        certificate("S000133440106264000001", "张小三", GOOD_ID),  # other province: warning
        certificate("S000144440106254000002", "李四", OTHER_ID),  # year 25 but issued 2026: warning
        certificate("ZS-2019-000123", "王五", OTHER_ID),  # older numbering: warning
    ]
    report = seal("certificates", write_csv(tmp_path / "c.csv", "certificates", rows), inst, tmp_path)
    assert report.total == 3
    messages = [(p.line, p.message) for p in report.warnings]
    assert all(p.severity == WARNING for p in report.warnings)
    assert messages[0][0] == 2 and "省份代码 33（浙江省）与机构所在地 44（广东省）不同" in messages[0][1]
    assert messages[1] == (3, "第 14–15 位年份 25 与发证日期 2026-06-20 的年份不同")
    assert messages[2][0] == 4 and "不是 22 位职业技能等级证书编号" in messages[2][1]


def test_invalid_province_in_number_is_an_error(inst, tmp_path):
    rows = [certificate("S000199440106264000001", "张小三", GOOD_ID)]
    with pytest.raises(PortalError) as caught:
        seal("certificates", write_csv(tmp_path / "c.csv", "certificates", rows), inst, tmp_path)
    assert errors_of(caught.value) == [(2, "certificate_no", "第 6–7 位 99 不是有效的省级行政区划代码")]


def test_every_bad_result_row_is_reported(inst, tmp_path):
    rows = [
        result("T-001", "张小三", GOOD_ID),  # 2: fine
        result("T-002", "李四", OTHER_ID, plan="NO-SUCH-PLAN"),  # 3: unknown plan
        result("T-003", "王五", OTHER_ID, plan="T-2026-08-DG3", level=3),  # 4: cancelled plan
        result("T-004", "赵六", OTHER_ID, plan="T-2027-03-DG4"),  # 5: exam not yet held
        result("T-005", "钱七", OTHER_ID, theory="101"),  # 6: score out of range
        result("T-006", "孙八", OTHER_ID, comprehensive="70"),  # 7: method not in the plan
        result("T-007", "周九", OTHER_ID, outcome="passed"),  # 8: result value
        result("T-008", "吴十", OTHER_ID, plan="T-2026-06-YY5", code="6-31-01-03", level=4),  # 9: plan mismatch
        result("T-001", "郑十一", OTHER_ID),  # 10: duplicate ticket
    ]
    with pytest.raises(PortalError) as caught:
        seal("results", write_csv(tmp_path / "r.csv", "results", rows), inst, tmp_path)
    errors = errors_of(caught.value)
    assert {line for line, _, _ in errors} == {3, 4, 5, 6, 7, 8, 9, 10}
    by_line = {line: (key, message) for line, key, message in errors}
    assert by_line[3] == ("plan_id", "批次 “NO-SUCH-PLAN” 不在本机构的 plans.yaml 中")
    assert by_line[4] == ("plan_id", "批次 T-2026-08-DG3 已取消，不能有评价结果")
    assert by_line[5] == ("plan_id", "批次 T-2027-03-DG4 的考评日期 2027-03-13 尚未到来")
    assert by_line[6] == ("theory_score", "“101” 不是 0–100 之间的分数")
    assert by_line[7] == ("comprehensive_score", "批次 T-2026-05-DG4 不包含该评价方式，却填了成绩")
    assert by_line[8][0] == "result"
    assert by_line[9][0] == "occupation_code" and "与批次 T-2026-06-YY5" in by_line[9][1]
    assert by_line[10] == ("ticket_no", "与第 2 行重复")
    assert_nothing_written(inst, tmp_path)


def test_result_warnings(inst, tmp_path):
    rows = [
        result("T-001", "张小三", GOOD_ID, theory="55"),  # pass with a score below 60
        result("T-002", "李四", OTHER_ID, practical="", outcome="fail"),  # missing score of a plan method
    ]
    report = seal("results", write_csv(tmp_path / "r.csv", "results", rows), inst, tmp_path)
    assert report.total == 2
    assert [(p.line, p.key) for p in report.warnings] == [(2, "theory_score"), (3, "practical_score")]


def test_header_must_match(inst, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("certificate_no,name,id,occupation_code,occupation,level,issue_date,status\n", encoding="utf-8")
    with pytest.raises(PortalError, match="缺少列 id_number（身份证号）；未知的列 “id”"):
        seal("certificates", path, inst, tmp_path)
    assert_nothing_written(inst, tmp_path)


def test_not_utf8_is_explained(inst, tmp_path):
    path = tmp_path / "c.csv"
    header = "certificate_no,name,id_number,occupation_code,occupation,level,issue_date,status\n"
    path.write_bytes(
        header.encode()
        + "S000144440106264000001,张小三,11010519491231002X,6-31-01-03,电工,4,2026-06-20,valid\n".encode("gbk")
    )
    with pytest.raises(PortalError, match="不是 UTF-8 编码"):
        seal("certificates", path, inst, tmp_path)


def test_wrong_column_count_and_blank_lines(inst, tmp_path):
    path = tmp_path / "c.csv"
    header = "certificate_no,name,id_number,occupation_code,occupation,level,issue_date,status\n"
    path.write_text(header + "\n,,,,,,,\nS000144440106264000001,张小三\n", encoding="utf-8-sig")
    with pytest.raises(PortalError) as caught:
        seal("certificates", path, inst, tmp_path)
    assert errors_of(caught.value) == [(4, "", "该行有 2 列，表头有 8 列")]


def test_normalised_inputs_are_accepted(inst, tmp_path):
    rows = [certificate("s0001 4444 0106 2640 00001", " 张 小三 ", "11010519491231002x")]
    report = seal("certificates", write_csv(tmp_path / "c.csv", "certificates", rows), inst, tmp_path)
    assert report.total == 1 and not report.warnings


def test_external_sort_spills_to_disk_and_merges():
    import random

    from generator.seal.extsort import sorted_lines

    lines = [f"{random.Random(i).random():.12f}" for i in range(1000)]
    with sorted_lines(iter(lines), run_lines=37) as ordered:
        assert list(ordered) == sorted(lines)
    with sorted_lines(iter(lines[:10]), run_lines=37) as ordered:
        assert list(ordered) == sorted(lines[:10])


def test_very_long_names_still_fit_the_fixed_record_size(inst, tmp_path):
    yaml_path = inst / "institution.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace(
            "name: 测试用虚构职业技能评价中心", "name: " + "很长的机构名称" * 14
        ),
        encoding="utf-8",
    )
    rows = [
        certificate("S000144440106264000001", "欧" + "阳" * 38 + "三", GOOD_ID, occupation="电工" + "（维修电工）" * 6)
    ]
    report = seal("certificates", write_csv(tmp_path / "c.csv", "certificates", rows), inst, tmp_path)
    assert report.total == 1


def test_revocation_date_and_reason_are_checked(inst, tmp_path):
    revoked = {"status": "revoked"}
    rows = [
        certificate(
            "S000144440106264000001",
            "张小三",
            GOOD_ID,
            **revoked,
            status_date="2026-07-01",
            status_reason="以 不正当手段 取得",
        ),  # 2: fine
        certificate("S000144440106264000002", "李四", OTHER_ID, **revoked, status_date="2026/07/01"),  # 3: format
        certificate("S000144440106264000003", "王五", OTHER_ID, **revoked, status_date="2026-12-01"),  # 4: future
        certificate("S000144440106264000004", "赵六", OTHER_ID, **revoked, status_date="2026-06-01"),  # 5: < issued
        certificate("S000144440106264000005", "钱七", OTHER_ID, **revoked, status_reason="字" * 51),  # 6: too long
        certificate("S000144440106264000006", "孙八", OTHER_ID, **revoked, status_reason="第一行\n第二行"),  # 7–8
        certificate("S000144440106264000007", "周九", OTHER_ID, status_date="2026-07-01"),  # 9: valid with a date
        certificate("S000144440106264000008", "吴十", OTHER_ID, status_reason="无"),  # 10: valid with a reason
        certificate(
            "S000144440106264000009", "郑十", OTHER_ID, **revoked, status_reason="\u202e反向文字"
        ),  # 11: an invisible format character
        certificate("S000144440106264000010", "冯十一", OTHER_ID, **revoked, status_date="2026-02-30"),  # 12
    ]
    path = write_csv(tmp_path / "c.csv", "certificates", rows)
    assert path.read_text("utf-8").splitlines()[0].endswith(",status,status_date,status_reason")
    with pytest.raises(PortalError) as caught:
        seal("certificates", path, inst, tmp_path)
    by_line = {line: (key, message) for line, key, message in errors_of(caught.value)}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 9, 10, 11, 12]
    assert by_line[3] == ("status_date", "“2026/07/01” 不是有效的日期")
    assert by_line[4] == ("status_date", "撤销日期 2026-12-01 晚于今天")
    assert by_line[5] == ("status_date", "撤销日期 2026-06-01 早于发证日期 2026-06-20")
    assert by_line[6] == ("status_reason", "过长（51 个字符，最多 50 个）")
    assert by_line[7] == ("status_reason", "含有换行、控制字符或不可见的格式字符")
    assert by_line[9] == ("status_date", "证书状态为有效（valid），不应填写撤销日期")
    assert by_line[10] == ("status_reason", "证书状态为有效（valid），不应填写撤销原因")
    assert by_line[11][0] == "status_reason"
    assert by_line[12] == ("status_date", "日期 2026-02-30 不存在")
    problem = next(p for p in caught.value.problems if p.line == 3)
    assert (problem.column, problem.title) == (9, "撤销日期")  # the position in the file, the Chinese name
    assert_nothing_written(inst, tmp_path)


def test_revocation_columns_are_optional_and_only_trailing(inst, tmp_path):
    only_date = tmp_path / "date.csv"
    only_date.write_text(
        "certificate_no,name,id_number,occupation_code,occupation,level,issue_date,status,"
        "status_date\nS000144440106264000001,张小三," + GOOD_ID + ",6-31-01-03,电工,4,2026-06-20,revoked,2026-07-01\n",
        encoding="utf-8",
    )
    assert seal("certificates", only_date, inst, tmp_path).total == 1
    reordered = tmp_path / "reordered.csv"
    reordered.write_text(
        "certificate_no,name,id_number,occupation_code,occupation,level,issue_date,status,status_reason,status_date\n",
        encoding="utf-8",
    )
    with pytest.raises(PortalError) as caught:
        seal("certificates", reordered, inst, tmp_path)
    assert "可选的列要按 status_date,status_reason 的顺序放在末尾" in caught.value.message
    skipped = tmp_path / "skipped.csv"
    skipped.write_text(",".join(COLUMNS["certificates"][:8] + ("status_reason",)) + "\n", encoding="utf-8")
    with pytest.raises(PortalError) as caught:
        seal("certificates", skipped, inst, tmp_path)
    assert "前面的列也要有（内容可留空）" in caught.value.message
