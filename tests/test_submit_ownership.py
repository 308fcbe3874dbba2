"""`portal check --changed BASE --author LOGIN` in real temporary git repositories with real commits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from gitrepo import commit, git

PORTAL = str(Path(sys.executable).with_name("portal"))
A = "91440300MA5GX1D2PL"  # lists maintainers alice and Alice-2
B = "12420100MB1C23456Y"  # lists no maintainers
NEW = "91440101MA59XK7N04"
INSPECTION = """\
schema_version: 1
date: 2026-10-12
inspector: 示例市人力资源和社会保障局
kind: routine
overall: pass
results: []
rectifications: []
"""
CONFIG = """
[review]
supervisors = ["gz-hrss", "hrss-org/supervision"]
"""


def portal(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PORTAL, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )


@pytest.fixture
def repo(tmp_path) -> Path:
    """The portal repository's main branch with two institutions, then a pull-request branch."""
    repo = tmp_path / "repo"
    (repo / "institutions").mkdir(parents=True)
    for code in (A, B):
        shutil.copytree(ROOT / "institutions" / code, repo / "institutions" / code)
    inst = repo / "institutions" / A / "institution.yaml"
    inst.write_text(inst.read_text("utf-8") + "maintainers:\n  - alice\n  - Alice-2\n", "utf-8")
    (repo / "portal.toml").write_text((ROOT / "portal.toml").read_text("utf-8").split("[review]")[0] + CONFIG, "utf-8")
    (repo / "README.md").write_text("门户\n", "utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "main")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def edit(repo: Path, code: str, old: str = "address: ", new: str = "address: 新") -> None:
    path = repo / "institutions" / code / "institution.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(repo: Path, *author: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = portal(repo, "check", "--changed", "main", *author, env=env)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_a_maintainer_changes_their_institution(repo):
    edit(repo, A)
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 0, result.stdout
    assert "提交规则" not in result.stdout
    assert check(repo, "--author", "ALICE-2").returncode == 0  # account names are case-insensitive


def test_another_account_cannot_change_an_institution_with_maintainers(repo):
    edit(repo, A)
    commit(repo)
    result = check(repo, "--author", "bob")
    assert result.returncode == 1
    assert (
        f"institutions/{A}/institution.yaml:1:1: 提交规则: 账号 bob不是机构 {A} 的维护人（alice、Alice-2）"
        in result.stdout
    )
    assert "请由维护人提交" in result.stdout


def test_without_an_author_the_contributor_is_denied(repo):
    edit(repo, A)
    commit(repo)
    result = check(repo)
    assert result.returncode == 1 and "未注明作者" in result.stdout and "--author" in result.stdout


def test_adding_oneself_as_maintainer_in_the_same_pull_request_does_not_help(repo):
    edit(repo, A, "  - alice\n", "  - alice\n  - bob\n")
    commit(repo)
    result = check(repo, "--author", "bob")
    assert result.returncode == 1 and "bob不是机构" in result.stdout


def test_a_maintainer_changing_the_list_is_flagged_for_codeowners(repo):
    edit(repo, A, "  - Alice-2\n", "  - carol\n")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 0
    assert "维护人名单有变化：alice、Alice-2 → alice、carol" in result.stdout and "portal codeowners" in result.stdout


def test_an_institution_without_maintainers_is_open_but_flagged(repo):
    edit(repo, B)
    commit(repo)
    result = check(repo, "--author", "anyone")
    assert result.returncode == 0
    assert f"警告：提交规则: 机构 {B} 没有填写维护人" in result.stdout


def test_one_institution_per_pull_request(repo):
    edit(repo, A)
    edit(repo, B)
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    assert f"一个拉取请求只能修改一个机构的文件夹，本请求修改了 2 个：{B}、{A}" in result.stdout
    assert "分别提交拉取请求" in result.stdout


def test_data_pull_requests_change_nothing_outside_institutions(repo):
    edit(repo, A)
    (repo / "README.md").write_text("改了\n", "utf-8")
    (repo / "institutions" / "README.md").write_text("改了\n", "utf-8")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    for path in ("README.md", "institutions/README.md"):
        assert f"{path}:1:1: 提交规则: 修改机构材料的拉取请求不能同时修改" in result.stdout


def test_granting_oneself_supervision_in_portal_toml_does_not_help(repo):
    config = repo / "portal.toml"
    config.write_text(config.read_text("utf-8").replace('"gz-hrss"', '"gz-hrss", "mallory"'), "utf-8")
    (repo / "institutions" / A / "inspections").mkdir(exist_ok=True)  # the sample data may hold inspections already
    (repo / "institutions" / A / "inspections" / "2026-10-12.yaml").write_text(INSPECTION, "utf-8")
    commit(repo)
    result = check(repo, "--author", "mallory")
    assert result.returncode == 1
    assert "portal.toml:1:1: 提交规则: 修改机构材料的拉取请求不能同时修改" in result.stdout
    assert "督导记录（inspections/）只能由监管部门提交" in result.stdout


def test_an_institution_cannot_write_its_own_inspection(repo):
    (repo / "institutions" / A / "inspections").mkdir(exist_ok=True)  # the sample data may hold inspections already
    (repo / "institutions" / A / "inspections" / "2026-10-12.yaml").write_text(INSPECTION, "utf-8")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    assert (
        f"institutions/{A}/inspections/2026-10-12.yaml:1:1: 提交规则: 督导记录（inspections/）只能由监管部门提交"
        in result.stdout
    )
    assert "联系作出结论的监管部门" in result.stdout


def test_supervisors_file_inspections_for_several_institutions(repo):
    for code in (A, B):
        (repo / "institutions" / code / "inspections").mkdir(
            exist_ok=True
        )  # the sample data may hold inspections already
        (repo / "institutions" / code / "inspections" / "2026-10-12.yaml").write_text(INSPECTION, "utf-8")
    commit(repo)
    assert check(repo, "--author", "gz-hrss").returncode == 0
    team = check(repo, "--author", "carol", "--author-team", "hrss-org/supervision")
    assert team.returncode == 0, team.stdout
    assert check(repo, "--author", "carol").returncode == 1


def test_only_supervisors_delete_an_inspection(repo):
    (repo / "institutions" / A / "inspections").mkdir(exist_ok=True)  # the sample data may hold inspections already
    (repo / "institutions" / A / "inspections" / "2026-10-12.yaml").write_text(INSPECTION, "utf-8")
    commit(repo)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "pr")
    git(repo, "checkout", "-q", "-b", "pr2")
    (repo / "institutions" / A / "inspections" / "2026-10-12.yaml").unlink()
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1 and "督导记录（inspections/）只能由监管部门提交" in result.stdout
    assert check(repo, "--author", "gz-hrss").returncode == 0


def test_an_institution_cannot_be_deleted(repo):
    git(repo, "rm", "-q", "-r", f"institutions/{A}")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    assert f"institutions/{A}/institution.yaml:1:1: 提交规则: 不能删除机构 {A}" in result.stdout
    assert "filing.status 改为 removed" in result.stdout


def test_an_institution_cannot_be_renamed(repo):
    git(repo, "mv", f"institutions/{A}", f"institutions/{NEW}")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    assert f"不能重命名或移动机构文件夹（institutions/{A}/fees.yaml → institutions/{NEW}/fees.yaml）" in result.stdout


def test_a_new_institution_is_flagged_for_the_maintainers_to_verify(repo):
    from test_submit_new import fill_in

    assert portal(repo, "new", NEW, "--maintainer", "dave").returncode == 0
    fill_in(repo / "institutions" / NEW)
    commit(repo)
    result = check(repo, "--author", "dave")
    assert result.returncode == 0, result.stdout
    assert f"警告：提交规则: 新机构 {NEW}：合并前请门户维护人核实其备案" in result.stdout
    assert "维护人将是 dave" in result.stdout


def test_only_the_branch_changes_count_not_later_commits_on_main(repo):
    git(repo, "checkout", "-q", "main")
    edit(repo, B)
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "pr")
    edit(repo, A)
    commit(repo)
    assert check(repo, "--author", "alice").returncode == 0


def test_a_pull_request_that_changes_no_institution_is_left_to_human_review(repo):
    (repo / "README.md").write_text("改了\n", "utf-8")
    commit(repo)
    result = check(repo)
    assert result.returncode == 0 and "提交规则" not in result.stdout


def test_an_unknown_base_is_explained(repo):
    result = portal(repo, "check", "--changed", "origin/nope", "--author", "alice")
    assert result.returncode == 1
    assert "找不到基准分支或提交 “origin/nope”" in result.stderr and "git fetch" in result.stderr


def test_data_errors_and_rule_violations_are_reported_together(repo):
    edit(repo, A, "kind: employer", "kind: factory")
    (repo / "README.md").write_text("改了\n", "utf-8")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1
    assert "机构类型 (kind): 取值 “factory” 无效" in result.stdout
    assert "README.md:1:1: 提交规则" in result.stdout


def test_odd_file_names_stay_one_line_and_cannot_start_runner_commands(repo):
    edit(repo, A)
    (repo / "notes,a:b\n::error::evil.md").write_text("x\n", "utf-8")
    commit(repo)
    result = check(repo, "--author", "alice", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "notes,a:b\\n::error::evil.md:1:1: 提交规则: 修改机构材料的拉取请求不能同时修改" in result.stdout
    assert any(
        line.startswith("::error file=notes%2Ca%3Ab%0A%3A%3Aerror%3A%3Aevil.md,line=1,col=1,title=提交规则::")
        for line in lines
    )
    assert not any(line.startswith("::error::evil") for line in lines)


def test_a_data_pull_request_checks_only_the_institutions_it_changes(repo):
    """At national scale a pull request is checked in time independent of the tree: the other
    institutions were checked when they reached main."""
    git(repo, "checkout", "-q", "main")
    edit(repo, B, "kind: ", "kind: factory-")
    commit(repo, "main holds an institution this pull request does not touch")
    git(repo, "checkout", "-q", "-b", "pr2")
    edit(repo, A)
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 0, result.stdout
    assert "检查了 1 个机构：没有发现错误" in result.stdout and B not in result.stdout
    edit(repo, A, "kind: ", "kind: factory-")
    commit(repo)
    result = check(repo, "--author", "alice")
    assert result.returncode == 1 and "检查了 1 个机构" in result.stdout
    assert f"institutions/{A}/institution.yaml:" in result.stdout and "机构类型 (kind)" in result.stdout


def test_a_pull_request_that_changes_more_than_data_checks_every_institution(repo):
    git(repo, "checkout", "-q", "main")
    edit(repo, B, "kind: ", "kind: factory-")
    commit(repo, "main holds an institution this pull request does not touch")
    git(repo, "checkout", "-q", "-b", "pr2")
    (repo / "README.md").write_text("改了\n", "utf-8")
    commit(repo)
    result = check(repo)
    assert result.returncode == 1
    assert "检查了 2 个机构" in result.stdout and f"institutions/{B}/institution.yaml:" in result.stdout
