"""`portal check --changed BASE`: the rules a pull request must keep, judged by what it changes.

A data pull request changes one institution's folder and nothing else; it never deletes or renames
an institution; only a supervisory department writes `inspections/`; and when the institution lists
maintainers, only they change its files. Who is a supervisor or a maintainer is read from the base
revision: a pull request cannot grant itself rights. Deny by default: without an author, the author
is an ordinary contributor.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..problems import ERROR, WARNING, PortalError, Problem
from .review import (
    INSTITUTION_FILE,
    INSTITUTIONS,
    Revision,
    WorkingTree,
    institution_of,
    is_inspection,
    maintainers_in,
    review_rules,
)

TITLE = "提交规则"


@dataclass(frozen=True)
class Change:
    status: str  # git's letter: A added, M modified, D deleted, R renamed, C copied, T type changed
    path: str
    old_path: str = ""

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.old_path, self.path) if self.old_path else (self.path,)


def changed_files(repo: Path, base: str) -> list[Change]:
    """What the branch changed since it left `base` (three dots: the base's later commits don't count)."""
    verify = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd=repo, capture_output=True, check=False
    )
    if verify.returncode != 0:
        raise PortalError(
            f"找不到基准分支或提交 “{base}”：请先运行 git fetch origin，再用 --changed origin/main 之类的名称"
        )
    result = subprocess.run(
        ["git", "diff", "--name-status", "-z", "-M", "--no-ext-diff", f"{base}...HEAD"],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise PortalError(f"无法比较 {base} 与当前分支：{result.stderr.decode('utf-8', 'replace').strip()}")
    fields = result.stdout.decode("utf-8", errors="replace").split("\0")
    changes, i = [], 0
    while i < len(fields) - 1:
        status = fields[i][:1]
        if status in "RC":
            changes.append(Change(status, fields[i + 2], fields[i + 1]))
            i += 3
        else:
            changes.append(Change(status, fields[i + 1]))
            i += 2
    return changes


def changed_institutions(repo: Path, base: str) -> list[str] | None:
    """The institution folders (credit codes) the branch's commits change since `base`; None when they
    change nothing, or anything outside the institution folders. Uncommitted files are not looked at:
    `git status` would stat every file of the tree, and the pull request is what its commits hold."""
    codes = [institution_of(path) for change in changed_files(repo, base) for path in change.paths]
    folders = {code for code in codes if code is not None}
    return None if not codes or len(folders) < len(set(codes)) else sorted(folders)


def _problem(path: str, message: str, hint: str, severity: str = ERROR) -> Problem:
    return Problem(path, 1, 1, "", TITLE, message, hint, severity)


def pull_request_problems(repo: Path, base: str, author: str = "", teams: Sequence[str] = ()) -> list[Problem]:
    repo = Path(repo)
    changes = changed_files(repo, base)
    before = Revision(repo, base)
    rules = review_rules(before.read("portal.toml"), f"{base}:portal.toml")
    supervisor = rules.is_supervisor(author, list(teams))
    by_institution: dict[str, list[Change]] = defaultdict(list)
    outside: list[str] = []
    for change in changes:
        for path in change.paths:
            code = institution_of(path)
            if code is None:
                outside.append(path)
            elif change not in by_institution[code]:
                by_institution[code].append(change)
    if not by_institution:
        return []  # not a data pull request: the portal's maintainers review it
    problems = []
    problems += _outside_files(outside)
    problems += _one_institution(by_institution, supervisor)
    for code, code_changes in sorted(by_institution.items()):
        problems += _no_deletion_or_renaming(code, code_changes)
        problems += _inspections(code_changes, supervisor)
        if not supervisor:
            problems += _maintainers(code, code_changes, author, before, WorkingTree(repo))
    return sorted(set(problems))


def _outside_files(outside: list[str]) -> list[Problem]:
    return [
        _problem(
            path,
            "修改机构材料的拉取请求不能同时修改 institutions/<统一社会信用代码>/ 以外的文件",
            "请撤销对这个文件的改动；如确需修改，请另开一个拉取请求，由门户维护人审查",
        )
        for path in sorted(set(outside))
    ]


def _one_institution(by_institution: dict[str, list[Change]], supervisor: bool) -> list[Problem]:
    if len(by_institution) <= 1:
        return []
    if supervisor and all(is_inspection(p) for cs in by_institution.values() for c in cs for p in c.paths):
        return []  # a supervisory department may file one round of inspections for many institutions
    codes = sorted(by_institution)
    return [
        _problem(
            by_institution[code][0].path,
            f"一个拉取请求只能修改一个机构的文件夹，本请求修改了 {len(codes)} 个：{'、'.join(codes)}",
            "请为每个机构分别建立分支、分别提交拉取请求",
        )
        for code in codes
    ]


def _no_deletion_or_renaming(code: str, changes: list[Change]) -> list[Problem]:
    problems = []
    for change in changes:
        if change.status == "R" and institution_of(change.old_path) != institution_of(change.path):
            problems.append(
                _problem(
                    change.path,
                    f"不能重命名或移动机构文件夹（{change.old_path} → {change.path}）",
                    "文件夹名称就是统一社会信用代码，不能更改；信用代码确有变更时，请联系门户维护人",
                )
            )
        elif (change.path == f"{INSTITUTIONS}/{code}/{INSTITUTION_FILE}" and change.status == "D") or (
            change.status == "R" and change.old_path == f"{INSTITUTIONS}/{code}/{INSTITUTION_FILE}"
        ):
            problems.append(
                _problem(
                    change.old_path or change.path,
                    f"不能删除机构 {code}",
                    "机构不再开展评价时，请把 filing.status 改为 removed（移出目录）或 suspended（暂停），"
                    "并在 filing.status_note 中说明原因；公众仍可查到历史信息",
                )
            )
    return problems


def _inspections(changes: list[Change], supervisor: bool) -> list[Problem]:
    if supervisor:
        return []
    return [
        _problem(
            path,
            "督导记录（inspections/）只能由监管部门提交",
            "请撤销对这个文件的改动；对督导结论有异议，请联系作出结论的监管部门或通过投诉渠道反映",
        )
        for change in changes
        for path in change.paths
        if is_inspection(path)
    ]


def _maintainers(code: str, changes: list[Change], author: str, before: Revision, now: WorkingTree) -> list[Problem]:
    path = f"{INSTITUTIONS}/{code}/{INSTITUTION_FILE}"
    shown = changes[0].path
    if not before.has(path):
        listed = maintainers_in(now.read(path))
        return [
            _problem(
                shown,
                f"新机构 {code}：合并前请门户维护人核实其备案",
                "核对备案机关公布的目录中有此统一社会信用代码和机构名称，并确认提交人"
                f"（{author or '未注明'}）代表该机构" + (f"；维护人将是 {'、'.join(listed)}" if listed else ""),
                WARNING,
            )
        ]
    maintainers = maintainers_in(before.read(path))
    problems = []
    if not maintainers:
        problems.append(
            _problem(
                shown,
                f"机构 {code} 没有填写维护人（maintainers），任何账号都能提交修改",
                "请审查者确认提交人代表该机构，并建议机构在 institution.yaml 中填写 maintainers",
                WARNING,
            )
        )
    elif author.lower() not in {m.lower() for m in maintainers}:
        who = f"账号 {author}" if author else "未注明作者的提交（请用 --author 给出拉取请求作者的账号）"
        problems.append(
            _problem(
                shown,
                f"{who}不是机构 {code} 的维护人（{'、'.join(maintainers)}）",
                "请由维护人提交这些修改；要增加维护人，请现有维护人在 institution.yaml 的 maintainers 中加上新账号后提交",
            )
        )
    after = maintainers_in(now.read(path))
    if after != maintainers and not any(p.severity == ERROR for p in problems):
        problems.append(
            _problem(
                path,
                f"维护人名单有变化：{'、'.join(maintainers) or '（无）'} → {'、'.join(after) or '（无）'}",
                "合并后请门户维护人运行 portal codeowners 更新 .github/CODEOWNERS",
                WARNING,
            )
        )
    return problems
