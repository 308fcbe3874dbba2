"""Inside GitHub Actions: workflow annotations and the job summary; and .github/CODEOWNERS."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.problems import WARNING, Problem
from generator.submit.annotations import annotation, escape_data, escape_property, summary_markdown
from generator.submit.codeowners import codeowners_text

PORTAL = str(Path(sys.executable).with_name("portal"))
CODE = "91440300MA5GX1D2PL"


def test_annotation_escapes_data_and_properties():
    problem = Problem(
        "institutions/a,b:c/fees.yaml", 3, 7, "fees[0].basis", "收费依据", "100% 错\r\n::error::x", "换行,冒号:"
    )
    line = annotation(problem)
    assert line == (
        "::error file=institutions/a%2Cb%3Ac/fees.yaml,line=3,col=7,"
        "title=收费依据 (fees[0].basis)::100%25 错%0D%0A::error::x — 换行,冒号:"
    )
    assert "\n" not in line and "\r" not in line
    assert escape_data("a%b") == "a%25b" and escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_warnings_become_warning_annotations():
    problem = Problem("x.yaml", 1, 1, "", "提交规则", "新机构", severity=WARNING)
    assert annotation(problem).startswith("::warning file=x.yaml,line=1,col=1,title=提交规则::新机构")


def test_summary_is_chinese_and_keeps_hostile_text_inert():
    problem = Problem(
        "i/x.yaml",
        2,
        3,
        "name",
        "机构名称",
        "<img src=x onerror=alert(1)> | `code` [a](javascript:x)",
        "**粗体**\n# 标题",
    )
    text = summary_markdown([problem], "检查了 1 个机构：发现 1 个错误、0 个警告。")
    assert text.startswith("## 公示材料检查：❌ 未通过")
    row = next(line for line in text.splitlines() if line.startswith("| 错误"))
    assert "<img" not in row and "`" not in row and "](" not in row and "**" not in row
    assert row.count("|") == 6  # the hostile "|" cannot add a column
    assert "&lt;img src=x onerror=alert(1)&gt;" in row


@pytest.fixture
def hostile_repo(tmp_path) -> Path:
    shutil.copytree(ROOT / "institutions" / CODE, tmp_path / "institutions" / CODE)
    shutil.copy(ROOT / "portal.toml", tmp_path)
    path = tmp_path / "institutions" / CODE / "institution.yaml"
    text = path.read_text("utf-8").replace("kind: employer", "kind: factory")
    path.write_text(text + '"x\\n::warning::pwned\\n::stop-commands::t": 1\n', "utf-8")
    return tmp_path


def test_check_in_github_actions_annotates_every_problem_and_writes_a_summary(hostile_repo):
    summary = hostile_repo / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run([PORTAL, "check"], cwd=hostile_repo, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    plain = [line for line in lines if line.startswith("institutions/")]
    assert len(commands) == len(plain) == 2  # each problem once in the log and once as an annotation
    assert all(line.startswith(f"::error file=institutions/{CODE}/institution.yaml,line=") for line in commands)
    assert any(",title=机构类型 (kind)::取值 “factory” 无效" in line for line in commands)
    assert "pwned" in result.stdout and not any(line.startswith(("::warning", "::stop")) for line in lines)
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## 公示材料检查：❌ 未通过")
    assert "检查了 1 个机构：发现 2 个错误、0 个警告。" in text and "factory" in text


def test_check_outside_github_actions_prints_no_commands(hostile_repo):
    result = subprocess.run(
        [PORTAL, "check"], cwd=hostile_repo, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=120
    )
    assert result.returncode == 1 and "::error" not in result.stdout


def test_a_passing_check_says_so_in_the_summary(tmp_path):
    shutil.copytree(ROOT / "institutions" / CODE, tmp_path / "institutions" / CODE)
    summary = tmp_path / "summary.md"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run([PORTAL, "check"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and "::error" not in result.stdout
    # the indicator checks' findings are warnings: annotated, listed, and not failing the check
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning file=institutions/")]
    assert warnings and all(",title=指标" in line for line in warnings)
    text = summary.read_text("utf-8")
    assert text.startswith("## 公示材料检查：✅ 通过\n\n检查了 1 个机构：没有发现错误。")
    assert f"共 0 个错误、{len(warnings)} 个警告。" in text


def test_the_committed_codeowners_is_current():
    assert (ROOT / ".github" / "CODEOWNERS").read_text("utf-8") == codeowners_text(ROOT), (
        "请运行 portal codeowners 并提交 .github/CODEOWNERS"
    )


def test_codeowners_lists_maintainers_per_folder_and_supervisors_last(tmp_path):
    for code in (CODE, "12420100MB1C23456Y"):
        shutil.copytree(ROOT / "institutions" / code, tmp_path / "institutions" / code)
    path = tmp_path / "institutions" / CODE / "institution.yaml"
    # a well-formed account, and a line that would add an owner for everything if copied verbatim
    path.write_text(path.read_text("utf-8") + 'maintainers: [sz-hr, "x\\n* @evil"]\n', "utf-8")
    (tmp_path / "portal.toml").write_text(
        '[review]\nsupervisors = ["gz-hrss", "hrss-org/supervision"]\nowners = ["portal-org/maintainers"]\n', "utf-8"
    )
    assert subprocess.run([PORTAL, "codeowners", "--check"], cwd=tmp_path, capture_output=True).returncode == 1
    result = subprocess.run([PORTAL, "codeowners"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "已写入 .github/CODEOWNERS" in result.stdout
    rules = [
        line
        for line in (tmp_path / ".github" / "CODEOWNERS").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rules == [
        "* @portal-org/maintainers",
        f"/institutions/{CODE}/ @sz-hr",
        "/institutions/*/inspections/ @gz-hrss @hrss-org/supervision",
    ]
    check = subprocess.run([PORTAL, "codeowners", "--check"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0 and "是最新的" in check.stdout


def test_a_malformed_supervisor_list_is_explained(tmp_path):
    (tmp_path / "institutions").mkdir()
    (tmp_path / "portal.toml").write_text('[review]\nsupervisors = ["@gz hrss"]\n', "utf-8")
    result = subprocess.run([PORTAL, "codeowners"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "[review] supervisors" in result.stderr and "不带 @" in result.stderr


def test_a_refused_build_in_github_actions_is_summarised_as_a_failure(hostile_repo):
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, hostile_repo)
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, hostile_repo / name)
    summary = hostile_repo / "summary.md"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        [PORTAL, "build", "--out", "site"], cwd=hostile_repo, capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    text = summary.read_text("utf-8")
    assert text.startswith("## 公示材料检查：❌ 未通过\n\n网站生成失败：")
    assert "factory" in text and "请按“建议”修改" in text
    assert not (hostile_repo / "site").exists()
