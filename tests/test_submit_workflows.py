"""What the repository ships for a deployment: GitHub workflows (valid against GitHub's published
schema, calling only tested commands, and run here step by step), and the pre-commit hook (run with
the real pre-commit tool, which installs this package from the repository)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from gitrepo import git

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
A = "91440300MA5GX1D2PL"
# Every `portal` command the workflows run, and the tests that cover it.
TESTED_COMMANDS = {
    'portal check --changed "origin/$BASE_REF" --author "$AUTHOR"': "tests/test_submit_ownership.py",
    "portal build --out site": "tests/test_site.py",
}


def load_workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
    data["on"] = data.pop(True)
    return data


def run_steps(workflow: str) -> list[dict]:
    return [step for job in load_workflow(workflow)["jobs"].values() for step in job["steps"] if "run" in step]


def test_workflows_validate_against_githubs_workflow_schema():
    assert {p.name for p in WORKFLOWS} == {"check.yml", "publish.yml"}
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_call_only_tested_commands_and_never_interpolate_into_scripts():
    for workflow in WORKFLOWS:
        for step in run_steps(workflow.name):
            assert "${{" not in step["run"], f"{workflow.name}: {step['name']} 把表达式直接拼进了命令"
            for line in step["run"].splitlines():
                if line.startswith("portal"):
                    assert line in TESTED_COMMANDS, line
                else:
                    assert line == "python -m pip install .", line


def test_the_publish_workflow_builds_main_with_full_history_daily_and_deploys():
    publish = load_workflow("publish.yml")
    assert publish["on"]["push"] == {"branches": ["main"]}
    assert re.fullmatch(r"\d+ \d+ \* \* \*", publish["on"]["schedule"][0]["cron"])
    checkout = next(s for s in publish["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert [s["uses"] for s in publish["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages@v4"]
    assert publish["jobs"]["deploy"]["needs"] == "build"
    assert publish["permissions"] == {"contents": "read"}


def test_the_pull_request_check_has_history_to_compare_and_a_read_only_token():
    check = load_workflow("check.yml")
    assert check["on"] == {"pull_request": {"branches": ["main"]}}
    assert check["permissions"] == {"contents": "read"}
    checkout = check["jobs"]["check"]["steps"][0]
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A clone of a portal repository as actions/checkout leaves it for a pull request: a detached
    merge commit of the PR branch into a main that has moved on since, and origin/* branches only."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for name in ("mkdocs.yml", "portal.toml"):
        shutil.copy(ROOT / name, origin)
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, origin / name)
    shutil.copytree(ROOT / "institutions" / A, origin / "institutions" / A)
    inst = origin / "institutions" / A / "institution.yaml"
    inst.write_text(inst.read_text("utf-8") + "maintainers: [alice]\n", "utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "main")
    git(origin, "checkout", "-q", "-b", "pr")
    inst.write_text(inst.read_text("utf-8").replace("address: ", "address: 新", 1), "utf-8")
    git(origin, "commit", "-q", "-a", "-m", "pr")
    git(origin, "checkout", "-q", "main")
    about = origin / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n门户的改动，不属于这个拉取请求。\n", "utf-8")
    git(origin, "commit", "-q", "-a", "-m", "main moves on")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "--detach", "origin/main")
    git(clone, "merge", "-q", "--no-ff", "-m", "Merge pr into main", "origin/pr")
    git(clone, "branch", "-q", "-D", "main")
    return clone


def run_check_workflow(clone: Path, author: str) -> list[subprocess.CompletedProcess]:
    """Run the check workflow's steps after installation, with the values GitHub would substitute."""
    github = {"${{ github.event.pull_request.user.login }}": author, "${{ github.base_ref }}": "main"}
    results = []
    for step in run_steps("check.yml"):
        if step["run"] == "python -m pip install .":
            continue  # this package is installed in the test environment; the pre-commit test installs it
        env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(clone.parent / "summary.md"),
            **{k: github[v] for k, v in step.get("env", {}).items()},
        }
        results.append(
            subprocess.run(
                ["bash", "-e", "-c", step["run"]], cwd=clone, env=env, capture_output=True, text=True, timeout=300
            )
        )
        if results[-1].returncode != 0:
            break
    return results


def test_the_check_workflow_passes_a_maintainers_pull_request_and_builds(pull_request):
    results = run_check_workflow(pull_request, "alice")
    assert [r.returncode for r in results] == [0, 0], [r.stdout + r.stderr for r in results]
    assert (pull_request / "site" / "institutions" / A / "index.html").is_file()
    assert "公示材料检查：✅ 通过" in (pull_request.parent / "summary.md").read_text("utf-8")


def test_the_check_workflow_stops_another_accounts_pull_request_with_an_annotation(pull_request):
    results = run_check_workflow(pull_request, "mallory")
    assert [r.returncode for r in results] == [1]
    assert (
        f"::error file=institutions/{A}/institution.yaml,line=1,col=1,title=提交规则::账号 mallory不是机构"
        in results[0].stdout
    )
    assert not (pull_request / "site").exists()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}:/usr/bin:/bin"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), "portal-check", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_pre_commit_hook_installs_portal_and_blocks_a_broken_file(tmp_path, pre_commit_home):
    """The real pre-commit builds a fresh environment and installs this repository into it from PyPI
    (with pre-commit-uv from the test extras, uv does the installing: about 45 s here instead of 250 s)."""
    repo = tmp_path / "fork"
    shutil.copytree(ROOT / "institutions" / A, repo / "institutions" / A)
    shutil.copy(ROOT / "portal.toml", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    passed = pre_commit(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"检查公示材料（portal check）\.+Passed", passed.stdout)
    inst = repo / "institutions" / A / "institution.yaml"
    inst.write_text(inst.read_text("utf-8").replace('phone: "0755-23456780"', "phone: 0755-2345６780"), "utf-8")
    git(repo, "add", "-A")
    failed = pre_commit(repo, pre_commit_home)
    assert failed.returncode == 1
    assert re.search(r"检查公示材料（portal check）\.+Failed", failed.stdout)
    assert f"institutions/{A}/institution.yaml:13:17: 联系电话 (phone)" in failed.stdout  # at the full-width ６


def test_the_pull_request_template_walks_through_the_rules_in_chinese():
    template = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    for promise in ("统一社会信用代码", "portal check", "只修改了本机构的文件夹", "portal seal", "effective_until"):
        assert promise in template
