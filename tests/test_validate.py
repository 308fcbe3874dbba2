"""`portal check` against a corpus of bad inputs, one rule per case (the publiccode-parser model).

Each `tests/fixtures/invalid/<rule>/` holds one complete institution folder that differs from a valid
one by exactly one mistake, and `expected.txt`: the exact output of `portal check .` run inside the
case folder. See tests/fixtures/invalid/README.md for how to add or regenerate a case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expected.txt").is_file())

# The rules the corpus must cover at minimum; more cases are welcome.
REQUIRED_RULES = {
    "yaml_syntax",
    "duplicate_key",
    "unknown_key",
    "wrong_type_string_unquoted_number",
    "wrong_type_integer",
    "impossible_date",
    "not_utf8",
    "folder_name_mismatch",
    "credit_check_digit",
    "region_unknown_province",
    "region_province_mismatch",
    "plan_venue_unknown",
    "fee_outside_scope",
    "plan_level_outside_scope",
    "duplicate_plan_id",
    "overlapping_fee_periods",
    "missing_required_file",
    "missing_required_key",
    "bad_enum",
    "url_not_http",
    "yaml_alias",
    "registration_to_before_from",
    "exam_before_registration_end",
    "statistics_certified_gt_evaluated",
    "money_three_decimals",
    "duplicate_venue_id",
    # check and build agree (issue 7, item 5): bounds, true-end anchoring, invisible characters
    "date_out_of_range",
    "date_too_early",
    "code_trailing_newline",
    "region_trailing_newline",
    "text_control_character",
    "text_bidi_override",
    # sealed/ (item 6) and stray entries (item 7)
    "sealed_garbage_line",
    "sealed_summary_huge_total",
    "sealed_summary_count_mismatch",
    "sealed_summary_missing",
    "unknown_hidden_folder",
    # the mistakes real people make (issue 12)
    "fullwidth_digits",
    "fullwidth_colon",
    "missing_space_after_colon",
    "phone_fullwidth_hyphen",
    "phone_fullwidth_brackets",
    "phone_nonbreaking_space",
    "channel_ideographic_space",
    "key_ideographic_space",
    "level_fullwidth_digit",
    "url_protocol_relative",
    "url_data",
    "empty_file",
    # inspections (issue 9)
    "inspection_date_mismatch",
    "inspection_done_without_date",
    "inspection_indicator_twice",
    "inspection_file_name_not_a_date",
    "inspection_indicator_out_of_range",
}
SUMMARY = re.compile(r"^检查了 (\d+) 个机构：发现 (\d+) 个错误、(\d+) 个警告。$")
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+)$")


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _expected(case: str) -> list[str]:
    return _lines((INVALID / case / "expected.txt").read_text(encoding="utf-8"))


def _run(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_corpus_covers_the_required_rules():
    assert set(CASES) >= REQUIRED_RULES, sorted(REQUIRED_RULES - set(CASES))


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_reports_exactly_the_expected_problems(case, monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, INVALID / case, ".")
    assert code == 1
    assert _lines(out) == _expected(case)


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_is_one_institution_with_a_marked_broken_file(case):
    folders = [p for p in (INVALID / case).iterdir() if p.is_dir()]
    assert len(folders) == 1, "one institution folder per case"
    marked = [p for p in folders[0].rglob("*") if p.is_file() and p.read_bytes().startswith(b"# Should NOT validate: ")]
    if (INVALID / case / "why.txt").is_file():  # the broken file is JSON, which has no comments
        marked.append(INVALID / case / "why.txt")
    assert len(marked) == 1, "exactly one file says why the case must fail"
    expected = _expected(case)
    assert SUMMARY.match(expected[-1]), "expected.txt ends with the summary line"
    for line in expected[:-1]:
        match = PROBLEM.match(line)
        assert match, line
        assert match["path"].startswith(folders[0].name + "/")
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1


def test_not_utf8_case_really_is_not_utf8():
    (broken,) = (INVALID / "not_utf8").glob("*/institution.yaml")
    raw = broken.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "广州市" in raw.decode("gbk")


def test_sample_data_passes(monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, ROOT)
    assert code == 0, out
    assert _lines(out)[-1].endswith("没有发现错误。")


def test_one_run_reports_every_problem_of_every_folder(monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, INVALID, *CASES)
    assert code == 1
    lines = _lines(out)
    wanted = [f"{case}/{line}" for case in CASES for line in _expected(case)[:-1]]
    assert sorted(lines[:-1]) == sorted(wanted)
    errors = sum(int(SUMMARY.match(_expected(case)[-1])[2]) for case in CASES)
    assert lines[-1] == f"检查了 {len(CASES)} 个机构：发现 {errors} 个错误、0 个警告。"


def test_json_output_parses_and_matches_the_text(monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, INVALID, "--format", "json", *CASES)
    assert code == 1
    report = json.loads(out)
    assert report["checked"] == len(CASES)
    problems = report["problems"]
    assert len(problems) == sum(len(_expected(case)) - 1 for case in CASES)
    for problem in problems:
        assert set(problem) == {"path", "line", "column", "key", "title", "message", "hint", "severity"}
        assert problem["severity"] == "error"
        assert problem["line"] >= 1 and problem["column"] >= 1
    first = next(p for p in problems if p["path"].startswith("duplicate_key/"))
    assert first["key"] == "phone" and first["title"] == "重复字段"


def test_json_output_for_valid_data(monkeypatch, capsys):
    code, out = _run(monkeypatch, capsys, ROOT, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["problems"] == [] and report["checked"] >= 9


def test_a_missing_folder_is_a_chinese_error_not_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "nowhere"]) == 1
    assert "找不到文件夹" in capsys.readouterr().err
