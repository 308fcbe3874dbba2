"""`portal codeowners`: .github/CODEOWNERS from the same data the pull-request check uses.

The portal's own maintainers ([review] owners) own everything by default; each institution folder
that lists maintainers is owned by them instead; every `inspections/` folder is owned
by the supervisory departments, written last because in CODEOWNERS the last matching line wins.
With "Require review from Code Owners" on the main branch, the host asks the right people to review.
"""

from __future__ import annotations

from pathlib import Path

from ..load.folder import discover_institution_folders
from ..problems import PortalError, display_path
from .review import INSPECTIONS, INSTITUTION_FILE, INSTITUTIONS, WorkingTree, maintainers_in, review_rules

HEADER = """\
# 由 `portal codeowners` 根据各机构 institution.yaml 中的 maintainers（维护人）
# 和 portal.toml 中的 [review] owners（门户维护人）、supervisors（监管部门）生成。请勿手工修改：
# 修改维护人或监管部门后，重新运行 portal codeowners 并提交本文件。
"""


def _owners(names) -> str:
    return " ".join(f"@{name}" for name in names)


def codeowners_text(repo: Path) -> str:
    tree = WorkingTree(repo)
    rules = review_rules(tree.read("portal.toml"))
    lines = [HEADER]
    if rules.owners:
        lines.append(
            f"\n# 门户维护人：其余一切（程序、工作流、配置，以及没有填写维护人的机构）\n* {_owners(rules.owners)}\n"
        )
    folders = []
    for folder in discover_institution_folders(Path(repo) / INSTITUTIONS):
        maintainers = maintainers_in(tree.read(f"{INSTITUTIONS}/{folder.name}/{INSTITUTION_FILE}"))
        if maintainers:
            folders.append(f"/{INSTITUTIONS}/{folder.name}/ {_owners(maintainers)}\n")
    if folders:
        lines += ["\n# 各机构的维护人（institution.yaml 的 maintainers）\n", *folders]
    if rules.supervisors:
        lines.append(
            f"\n# 督导记录只由监管部门提交和审查\n/{INSTITUTIONS}/*/{INSPECTIONS}/ {_owners(rules.supervisors)}\n"
        )
    return "".join(lines)


def write_codeowners(repo: Path, out: Path, check_only: bool = False) -> int:
    target = out if out.is_absolute() else Path(repo) / out
    text = codeowners_text(repo)
    current = target.read_text("utf-8") if target.is_file() else None
    shown = display_path(target, repo)
    if check_only:
        if current != text:
            raise PortalError(f"{shown} 不是最新的：请运行 portal codeowners 并提交更新后的文件")
        print(f"{shown} 是最新的。")
        return 0
    if current == text:
        print(f"{shown} 已是最新，无需修改。")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"已写入 {shown}。")
    return 0
