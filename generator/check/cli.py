"""`portal audit`: the indicator checks for scripts and auditors, wired in by generator/cli.py."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from os import cpu_count
from pathlib import Path

from ..problems import PortalError, display_path

FORMATS = ("table", "json", "csv")


def add_audit_commands(commands) -> None:
    audit = commands.add_parser(
        "audit",
        help="按督导指标检查机构公示材料并给出证据（供监管部门和脚本使用）",
        description="对每个机构逐条运行指标检查，输出“符合/不符合/需人工核查/不适用”及证据（文件、行号、值、提交）。"
        "有机构不符合时仍以 0 退出；只有输入无效（参数错误、材料未通过 portal check）时以 1 退出。",
    )
    audit.add_argument("paths", nargs="*", type=Path, help="机构文件夹（不填则检查 institutions/ 下全部机构）")
    audit.add_argument(
        "--as-of",
        dest="as_of",
        metavar="日期",
        help="按该日（YYYY-MM-DD）结束时主分支上的材料检查，例如 2026-07-01（需要 git 仓库）",
    )
    audit.add_argument("--format", choices=FORMATS, default="table", help="输出格式：table（默认）、json、csv")
    audit.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认为 CPU 核数；机构较少时只用一个）")
    audit.set_defaults(run=run_audit)


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PortalError(f"--as-of 的日期格式不正确：{text}（应为 YYYY-MM-DD，例如 2026-07-01）") from None


def run_audit(args) -> int:
    from ..cli import DEFAULT_INSTITUTIONS, _institution_folders  # noqa: PLC0415 - the shared argument rules
    from ..clock import build_today  # noqa: PLC0415
    from ..load.folder import discover_institution_folders  # noqa: PLC0415
    from ..load.history import AUDIT_CHANGE_TYPES, read_history  # noqa: PLC0415
    from ..problems import ERROR  # noqa: PLC0415
    from . import Auditor, load_audit_settings  # noqa: PLC0415
    from .report import AuditWriter  # noqa: PLC0415
    from .run import audit_folders  # noqa: PLC0415

    as_of = _as_of(args.as_of)
    if args.jobs is not None and args.jobs < 1:
        raise PortalError("--jobs 应为不小于 1 的整数")
    folders = _institution_folders(args.paths)
    root = DEFAULT_INSTITUTIONS
    if folders is None:
        if not root.is_dir():
            raise PortalError("当前目录下没有 institutions/ 文件夹：请在项目根目录运行，或给出机构文件夹路径")
        folders = discover_institution_folders(root)
    history_root = folders[0].parent if folders else root
    settings = load_audit_settings(history_root)
    history = read_history(
        history_root, settings.branch, as_of, keep=AUDIT_CHANGE_TYPES, jobs=args.jobs or cpu_count() or 1
    )
    with tempfile.TemporaryDirectory(prefix="portal-audit-") as scratch:
        if as_of is not None:
            folders = _tree_as_of(history, history_root, folders, as_of, Path(scratch))
        elif not history.available:
            print(f"注意：{history.note}", file=sys.stderr)
        today = as_of or build_today()
        writer, problems = AuditWriter(args.format, sys.stdout), []
        for audited, batch_problems in audit_folders(root, folders, Auditor(today, history, settings), args.jobs):
            problems.extend(batch_problems)
            for inst in audited:
                writer.add(inst)
    writer.close(today)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        for problem in errors:
            print(problem.format(), file=sys.stderr)
        raise PortalError(f"{len(errors)} 个错误：这些机构的材料未通过 portal check，没有检查指标。")
    return 0


def _tree_as_of(history, history_root: Path, folders: list[Path], as_of: dt.date, scratch: Path) -> list[Path]:
    """The institution folders as they were on main at the end of as_of, extracted into scratch."""
    if not history.available:
        raise PortalError(f"--as-of 需要 git 仓库：{history.note}")
    if history.head is None:
        raise PortalError(f"{as_of.isoformat()} 结束时主分支（{history.ref}）上还没有机构材料的提交。")
    toplevel = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=history_root, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", history.head, "--", history.prefix or "."],
        cwd=toplevel,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    tree = scratch / history.prefix
    wanted = {Path(f).resolve().name for f in folders}
    present = sorted(p for p in tree.iterdir() if p.is_dir() and p.name in wanted) if tree.is_dir() else []
    for name in sorted(wanted - {p.name for p in present}):
        print(
            f"注意：{as_of.isoformat()} 结束时主分支上还没有机构 {name}（{display_path(history_root / name)}）。",
            file=sys.stderr,
        )
    return present
