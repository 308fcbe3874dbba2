"""`portal new`: a scaffold that `portal check` reports field by field until real data replaces it."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from sitebuild import build_from

from generator.validate.placeholders import PLACEHOLDER_PREFIX

PORTAL = str(Path(sys.executable).with_name("portal"))
CODE = "91440101MA59XK7N04"  # check digit 4 by GB 32100


def portal(*args, cwd: Path, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([PORTAL, *args], cwd=cwd, capture_output=True, text=True, timeout=120, stdin=stdin)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A fork's working copy as a submitter has it: portal.toml and an institutions/ folder."""
    (tmp_path / "institutions").mkdir()
    shutil.copy(ROOT / "portal.toml", tmp_path)
    return tmp_path


def valid_code() -> str:
    return CODE


# What a submitter types over each placeholder (matched by the placeholder's opening words).
REAL_VALUES = [
    ("请填写机构全称", "广州示例新职业技能评价中心"),
    ("请填写机构类型", "social_training_org"),
    ("请填写城市", "广州市"),
    ("请填写区县", "天河区"),
    ("请填写办公地址", "广州市天河区示例路 1 号"),
    ("请填写联系电话", '"020-12345678"'),
    ("请填写备案机关", "广州市人力资源和社会保障局"),
    ("请填写备案日期", "2026-01-15"),
    ("请填写职业编码", '"6-31-01-03"'),
    ("请填写职业名称", "电工"),
    ("请填写等级", "4"),
    ("请填写场地名称", "一号实训楼"),
    ("请填写场地地址", "广州市天河区示例路 1 号"),
    ("请填写每场次可容纳的人数", "40"),
    ("请填写渠道类型", "phone"),
    ("请填写网址、电话或地点", '"020-12345679"'),
    ("请填写投诉电话", '"020-12345670"'),
    ("请填写受理投诉的监管部门", "广州市人力资源和社会保障局"),
    ("请填写你在代码仓库的用户名", "gz-new-center"),
    ("请填写收费项目", "total"),
    ("请填写金额", "380"),
    ("请填写收费依据", "自主定价并备案"),
    ("请填写生效日期", "2026-02-01"),
]


def fill_in(folder: Path) -> int:
    """Replace every placeholder in the folder's files as a submitter would; returns how many."""
    replaced = 0
    for path in folder.glob("*.yaml"):
        lines = []
        for line in path.read_text("utf-8").splitlines(keepends=True):
            if not line.lstrip().startswith("#") and PLACEHOLDER_PREFIX in line:
                start = line.index(PLACEHOLDER_PREFIX)
                value = next(v for prefix, v in REAL_VALUES if line[start:].startswith(prefix))
                replaced += 1
                lines.append(line[:start] + value + "\n")
            else:
                lines.append(line)
        path.write_text("".join(lines), "utf-8")
    return replaced


def test_new_creates_every_required_file_with_a_modeline_to_the_published_schema(repo):
    result = portal("new", valid_code(), cwd=repo)
    assert result.returncode == 0, result.stderr
    folder = repo / "institutions" / valid_code()
    assert sorted(p.name for p in folder.iterdir()) == ["fees.yaml", "institution.yaml", "plans.yaml"]
    for name in ("institution", "fees", "plans"):
        first = (folder / f"{name}.yaml").read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=https://pingjia.example.org/schema/{name}.schema.json"
    assert f"portal check institutions/{valid_code()}" in result.stdout


def test_modeline_points_at_a_file_the_site_publishes(repo, built_site):
    portal("new", valid_code(), cwd=repo)
    first = (repo / "institutions" / valid_code() / "institution.yaml").read_text("utf-8").splitlines()[0]
    published = first.split("$schema=https://pingjia.example.org/", 1)[1]
    assert (built_site / published).is_file()


def test_check_reports_each_placeholder_at_its_line_and_nothing_else(repo):
    portal("new", valid_code(), cwd=repo)
    result = portal("check", f"institutions/{valid_code()}", "--format", "json", cwd=repo)
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) >= 20
    for problem in problems:
        assert problem["message"].startswith("请填写"), problem  # nothing but the placeholders
        assert problem["severity"] == "error" and "portal new" in problem["hint"]
        text = (repo / problem["path"]).read_text("utf-8").splitlines()[problem["line"] - 1]
        assert text[problem["column"] - 1 :].startswith(problem["message"]), problem
    assert {p["path"].rsplit("/", 1)[1] for p in problems} == {"institution.yaml", "fees.yaml"}


def test_a_filled_in_scaffold_passes_check_and_builds(repo, tmp_path):
    portal("new", valid_code(), cwd=repo)
    folder = repo / "institutions" / valid_code()
    assert fill_in(folder) >= 20
    result = portal("check", f"institutions/{valid_code()}", cwd=repo)
    assert result.returncode == 0, result.stdout
    site = build_from(repo / "institutions", tmp_path / "site", tmp_path / "work")
    assert "广州示例新职业技能评价中心" in (site / "institutions" / valid_code() / "index.html").read_text("utf-8")


def test_new_fills_what_the_credit_code_says_and_the_given_name_and_maintainers(repo):
    result = portal(
        "new",
        valid_code().lower(),
        "--name",
        '广州 "引号" #井号: 中心',
        "--maintainer",
        "li-si",
        "--maintainer",
        "wang5",
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    import yaml

    data = yaml.safe_load((repo / "institutions" / valid_code() / "institution.yaml").read_text("utf-8"))
    assert data["credit_code"] == valid_code()
    assert data["name"] == '广州 "引号" #井号: 中心'
    assert data["region"] == {**data["region"], "code": "440101", "province": "广东省"}
    assert data["license"]["type"] == "business_license"
    assert data["maintainers"] == ["li-si", "wang5"]


@pytest.mark.parametrize("bad", ["91440101MA59XK7N05", "91440101MA59XK7N0", "91440101MA59XK7NO4"])
def test_new_refuses_a_wrong_credit_code_and_writes_nothing(repo, bad):
    result = portal("new", bad, cwd=repo)
    assert result.returncode == 1
    assert "统一社会信用代码" in result.stderr and "无效" in result.stderr
    assert "Traceback" not in result.stderr
    assert list((repo / "institutions").iterdir()) == []


def test_new_refuses_an_existing_folder_and_leaves_it_alone(repo):
    folder = repo / "institutions" / valid_code()
    folder.mkdir()
    (folder / "institution.yaml").write_text("keep me", "utf-8")
    result = portal("new", valid_code(), cwd=repo)
    assert result.returncode == 1
    assert "已经存在" in result.stderr and "直接编辑" in result.stderr
    assert (folder / "institution.yaml").read_text("utf-8") == "keep me"


def test_new_refuses_a_bad_maintainer_account(repo):
    result = portal("new", valid_code(), "--maintainer", "@zhang san", cwd=repo)
    assert result.returncode == 1 and "不带 @" in result.stderr
    assert not (repo / "institutions" / valid_code()).exists()


def _read_until(fd: int, marker: str, timeout: float = 30) -> str:
    seen = b""
    while marker.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise AssertionError(f"no {marker!r} in {seen.decode(errors='replace')!r}")
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        seen += chunk
    return seen.decode("utf-8", errors="replace")


def test_new_on_a_terminal_asks_for_the_name_and_the_account(repo):
    pid, fd = pty.fork()
    if pid == 0:  # the child: a submitter's terminal
        os.chdir(repo)
        os.execv(PORTAL, [PORTAL, "new", valid_code()])
    _read_until(fd, "机构全称：")
    os.write(fd, "广州终端示例中心\n".encode())
    _read_until(fd, "用户名")
    os.write(fd, b"term-user\n")
    output = _read_until(fd, "portal check")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    text = (repo / "institutions" / valid_code() / "institution.yaml").read_text("utf-8")
    assert re.search(r'^name: "广州终端示例中心"$', text, re.M)
    assert re.search(r"^  - term-user$", text, re.M)
