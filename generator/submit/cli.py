"""`portal new` and `portal codeowners`, and the pull-request options of `portal check`;
wired into the main parser by generator/cli.py."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import PortalError

INSTITUTIONS = Path("institutions")


def add_submit_commands(commands) -> None:
    new = commands.add_parser(
        "new",
        help="为新机构生成公示材料文件夹（含中文说明和待填写的占位内容）",
        description="在 institutions/<统一社会信用代码>/ 下生成 institution.yaml、fees.yaml、plans.yaml。"
        "把其中每个“请填写……”换成真实信息，直到 portal check 不再报错。",
    )
    new.add_argument("credit_code", metavar="统一社会信用代码", help="18 位统一社会信用代码（校验位必须正确）")
    new.add_argument("--name", default="", metavar="机构名称", help="机构全称（不填则留待填写）")
    new.add_argument(
        "--maintainer", action="append", default=[], metavar="账号", help="允许修改本机构材料的代码仓库用户名（可重复）"
    )
    new.add_argument("--no-input", action="store_true", help="在终端中也不提问")
    new.set_defaults(run=run_new)

    owners = commands.add_parser(
        "codeowners",
        help="按各机构的维护人和 portal.toml 中的监管部门生成 .github/CODEOWNERS",
    )
    owners.add_argument("--check", action="store_true", help="只检查 CODEOWNERS 是否为最新，不写入")
    owners.add_argument(
        "--out", type=Path, default=Path(".github/CODEOWNERS"), metavar="文件", help="输出文件，默认 .github/CODEOWNERS"
    )
    owners.set_defaults(run=run_codeowners)


def add_change_options(check) -> None:
    """`portal check --changed BASE [--author LOGIN]`: the ownership rules of a pull request."""
    check.add_argument(
        "--changed", metavar="基准分支", help="同时检查本分支相对基准（如 origin/main）的改动是否符合提交规则"
    )
    check.add_argument(
        "--author", default="", metavar="账号", help="拉取请求的作者（代码仓库用户名）；不填则按普通贡献者检查"
    )
    check.add_argument(
        "--author-team",
        action="append",
        default=[],
        metavar="组织/团队",
        help="作者所属的团队（可重复），与 portal.toml 中的监管部门团队比对",
    )


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        return ""


def run_new(args) -> int:
    from ..seal.config import find_config, load_config  # noqa: PLC0415 - keeps `check` start-up light
    from .scaffold import NewInstitution, checked_credit_code, checked_maintainer, create_institution  # noqa: PLC0415

    code = checked_credit_code(args.credit_code)
    name, maintainers = args.name.strip(), list(args.maintainer)
    if sys.stdin.isatty() and not args.no_input:
        print(f"为统一社会信用代码 {code} 的机构生成公示材料。直接回车可跳过，稍后在文件中填写。")
        name = name or _ask("机构全称：")
        if not maintainers and (login := _ask("你在代码仓库的用户名（维护人，不带 @）：")):
            maintainers = [login]
    if len(name) > 100:
        raise PortalError("机构名称过长（上限 100 字）")
    new = NewInstitution(code, name, tuple(checked_maintainer(m) for m in maintainers))
    site_url = load_config(start=INSTITUTIONS).site_url if find_config(Path.cwd()) else ""
    folder = create_institution(INSTITUTIONS, new, site_url)
    print(f"已生成 {folder}/：institution.yaml、fees.yaml、plans.yaml")
    print("下一步：用编辑器打开这些文件，把每一个“请填写……”换成真实信息，然后运行")
    print(f"  portal check {folder}")
    print("直到没有错误，再提交拉取请求（步骤见网站“如何提交”页）。")
    return 0


def run_codeowners(args) -> int:
    from .codeowners import write_codeowners  # noqa: PLC0415

    return write_codeowners(Path.cwd(), args.out, check_only=args.check)
