"""`portal` command line: check, build, serve, seal, qr. Every user mistake ends in Chinese, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from .load.folder import discover_institution_folders, scan_institutions_root
from .problems import ERROR, PortalError, shown_value
from .submit.annotations import one_line, report_to_github
from .submit.ownership import pull_request_problems

DEFAULT_INSTITUTIONS = Path("institutions")


# argparse's own words, in Chinese (it looks them up through its module-level gettext alias).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class _ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print English usage and exit 2
        raise PortalError(f"命令参数有误：{message}\n{self.format_usage().strip()}")


def _parser() -> argparse.ArgumentParser:
    parser = _ChineseArgumentParser(prog="portal", description="技能人才评价机构信息公开门户")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_ChineseArgumentParser)

    check = commands.add_parser("check", help="检查机构公示材料")
    check.add_argument("paths", nargs="*", type=Path, help="机构文件夹（不填则检查 institutions/ 下全部机构）")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    build = commands.add_parser("build", help="生成网站（含搜索索引）")
    build.add_argument("--out", type=Path, default=Path("site"), help="输出目录，默认 site/")

    serve = commands.add_parser("serve", help="生成网站并在本机预览（自动刷新）")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")

    from .seal.cli import add_seal_commands  # noqa: PLC0415 - keeps `check` start-up light

    add_seal_commands(commands)
    from .check.cli import add_audit_commands  # noqa: PLC0415
    from .submit.cli import add_change_options, add_submit_commands  # noqa: PLC0415

    add_audit_commands(commands)
    add_change_options(check)
    add_submit_commands(commands)
    from .demo.cli import add_demo_commands  # noqa: PLC0415

    add_demo_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return 2
        return _COMMANDS[args.command](args) if args.command in _COMMANDS else args.run(args)
    except PortalError as exc:
        print(exc.message, file=sys.stderr)
        for problem in exc.problems:
            print(one_line(problem.format()), file=sys.stderr)
        report_to_github(exc.problems, exc.message, failed=True)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("PORTAL_DEBUG"):
            traceback.print_exc()
        print(
            "内部错误：程序遇到了意外情况。请设置环境变量 PORTAL_DEBUG=1 重新运行，并把输出提交给维护者。",
            file=sys.stderr,
        )
        return 70


def _institution_folders(paths: list[Path]) -> list[Path] | None:
    """Expand the arguments of `portal check`: an institution folder, or a folder of them."""
    if not paths or all(_is_institutions_root(path) for path in paths):
        return None  # the whole of institutions/: its stray entries are reported too
    folders = []
    for path in paths:
        if not path.is_dir():
            raise PortalError(
                f"找不到文件夹：{shown_value(str(path))}（请给出机构文件夹，例如 institutions/<统一社会信用代码>）"
            )
        if (path / "institution.yaml").exists() or not any(p.is_dir() for p in path.iterdir()):
            folders.append(path)
        else:
            folders.extend(sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")))
    return folders


def _is_institutions_root(path: Path) -> bool:
    return DEFAULT_INSTITUTIONS.is_dir() and path.resolve() == DEFAULT_INSTITUTIONS.resolve()


def run_check(args) -> int:
    folders = _institution_folders(args.paths)
    if folders is None and not DEFAULT_INSTITUTIONS.is_dir():
        raise PortalError("当前目录下没有 institutions/ 文件夹：请在项目根目录运行，或给出机构文件夹路径")
    if folders is None and args.changed:
        folders = _changed_folders(args.changed)  # a data pull request: only its institution is checked
    every = folders if folders is not None else discover_institution_folders(DEFAULT_INSTITUTIONS)
    problems, indicator_warnings = _check_folders(every, whole_tree=folders is None)
    checked = len(every)
    if args.changed:
        problems += pull_request_problems(Path.cwd(), args.changed, args.author, args.author_team)
    errors = [p for p in problems if p.severity == ERROR]
    warnings = len(problems) - len(errors)
    if errors:
        headline = f"检查了 {checked} 个机构：发现 {len(errors)} 个错误、{warnings} 个警告。"
    else:
        headline = f"检查了 {checked} 个机构：没有发现错误" + (f"，{warnings} 个警告。" if warnings else "。")
    if args.format == "json":
        print(
            json.dumps(
                {
                    "checked": checked,
                    "problems": [p.as_dict() for p in problems],
                    "indicator_warnings": [p.as_dict() for p in indicator_warnings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems + indicator_warnings:
            print(one_line(problem.format()))
        if indicator_warnings:
            print(
                f"督导指标检查：{len(indicator_warnings)} 条提示（不影响检查结果；合并后会显示在机构页面和合规看板上，请尽快改正）。"
            )
        print(("\n" if errors else "") + headline)
    report_to_github(problems + indicator_warnings, headline)
    return 1 if errors else 0


def _changed_folders(base: str) -> list[Path] | None:
    """The institution folders a pull request's commits change, or None when they change anything else
    too: then the whole tree is checked, since a rule or a stray file may have changed.
    Folders it deletes are left out (the submission rules report the deletion)."""
    from .submit.ownership import changed_institutions  # noqa: PLC0415

    codes = changed_institutions(Path.cwd(), base)
    if codes is None:
        return None
    return [DEFAULT_INSTITUTIONS / code for code in codes if (DEFAULT_INSTITUTIONS / code).is_dir()]


def _check_folders(folders: list[Path], whole_tree: bool) -> tuple[list, list]:
    """(problems, indicator warnings) of the given folders, on every core when there are many, streamed
    batch by batch so that memory does not grow with the number of institutions. whole_tree: report
    stray entries of institutions/ (.evil/, evil.yaml, symlinks) too."""
    from .check import NOT_APPLICABLE, PASS  # noqa: PLC0415
    from .check.report import finding_warning  # noqa: PLC0415
    from .check.run import audit_folders  # noqa: PLC0415

    problems = scan_institutions_root(DEFAULT_INSTITUTIONS)[1] if whole_tree else []
    audited = []
    for batch, batch_problems in audit_folders(DEFAULT_INSTITUTIONS, folders, _indicator_auditor(folders)):
        problems.extend(batch_problems)
        audited.extend(batch)
    audited.sort(key=lambda inst: inst.credit_code)
    return problems, [
        finding_warning(f) for inst in audited for f in inst.findings if f.status not in (PASS, NOT_APPLICABLE)
    ]


def _indicator_auditor(folders: list[Path]):
    """The indicator checks, so that an institution sees their findings as warnings before merge."""
    from .check import Auditor, load_audit_settings  # noqa: PLC0415
    from .clock import build_today  # noqa: PLC0415
    from .load.history import AUDIT_CHANGE_TYPES, read_history  # noqa: PLC0415

    if not folders:
        return None
    root = Path(folders[0]).parent
    settings = load_audit_settings(root)
    few = len(folders) <= 100
    names = [Path(f).resolve().name for f in folders] if few else None  # else: the whole tree
    history = read_history(
        root, settings.branch, folders=names, keep=AUDIT_CHANGE_TYPES, jobs=1 if few else os.cpu_count() or 1
    )
    return Auditor(build_today(), history, settings)


def run_build(args) -> int:
    from .output import kept_message  # noqa: PLC0415
    from .site import build_site  # noqa: PLC0415 - mkdocs is only needed to build

    existed = args.out.exists()
    try:
        build_site(Path.cwd(), args.out)
    except PortalError as exc:
        raise PortalError(f"{exc.message}\n{kept_message(args.out, existed)}", exc.problems) from None
    except Exception:
        print(kept_message(args.out, existed), file=sys.stderr)
        raise
    print(f"网站已生成：{args.out}/")
    return 0


def run_serve(args) -> int:
    from .site import serve_site  # noqa: PLC0415

    serve_site(Path.cwd(), args.addr)
    return 0


_COMMANDS = {"check": run_check, "build": run_build, "serve": run_serve}
