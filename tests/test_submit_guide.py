"""The 如何提交 guide's worked example is what really happens: its commands, outputs and line numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PORTAL = str(Path(sys.executable).with_name("portal"))
GUIDE = (ROOT / "content" / "submit.md").read_text("utf-8")
CODE = "91440101MA59XK7N04"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)


def portal(repo: Path, command: str) -> subprocess.CompletedProcess:
    assert command.startswith("portal ")
    return subprocess.run(
        [PORTAL, *command.split()[1:]], cwd=repo, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / "institutions").mkdir()
    shutil.copy(ROOT / "portal.toml", tmp_path)
    return tmp_path


def guide_command(prefix: str) -> str:
    return next(line for block in blocks("bash") for line in block.splitlines() if line.startswith(prefix))


def test_the_worked_example_runs_as_the_guide_shows(repo):
    new = guide_command("portal new ")
    result = portal(repo, new)
    assert result.returncode == 0, result.stderr
    assert result.stdout in blocks("text"), "请用 portal new 的实际输出更新 content/submit.md"
    modeline = next(b for b in blocks("yaml") if b.startswith("# yaml-language-server")).strip()
    assert (repo / "institutions" / CODE / "institution.yaml").read_text("utf-8").splitlines()[0] == modeline

    check = portal(repo, guide_command("portal check "))
    assert check.returncode == 1
    shown = next(b for b in blocks("text") if "请填写机构全称" in b).splitlines()
    assert shown and all(line in check.stdout.splitlines() for line in shown)

    # The guide's replacement for those lines, at the line numbers the messages give
    inst = repo / "institutions" / CODE / "institution.yaml"
    lines = inst.read_text("utf-8").splitlines(keepends=True)
    replacement = next(b for b in blocks("yaml") if b.startswith("name: ")).splitlines(keepends=True)
    for problem, new_line in zip(shown, replacement, strict=False):
        number = int(problem.split(":")[1])
        key = new_line.split(":")[0]
        assert lines[number - 1].startswith(f"{key}: 请填写")
        lines[number - 1] = new_line
    inst.write_text("".join(lines), "utf-8")
    after = portal(repo, guide_command("portal check ")).stdout
    assert not any(line in after for line in shown)
    assert "institution.yaml:9:" not in after and "institution.yaml:14:" not in after


def test_the_guide_names_the_maintainer_it_creates(repo):
    portal(repo, guide_command("portal new "))
    text = (repo / "institutions" / CODE / "institution.yaml").read_text("utf-8")
    assert "maintainers:\n  - gz-xinzhi\n" in text


def test_the_install_command_is_the_one_the_workflows_run():
    install = guide_command("python3 -m pip install .")
    workflow = (ROOT / ".github" / "workflows" / "check.yml").read_text("utf-8")
    assert install.replace("python3", "python") in workflow
