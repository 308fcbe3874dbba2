"""`portal demo-data`: a synthetic national-scale project for benchmarks, demos and tests."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..problems import PortalError


def add_demo_commands(commands) -> None:
    demo = commands.add_parser(
        "demo-data",
        help="生成演示用的虚构机构数据（规模测试、演示）",
        description="在 OUT 文件夹中生成 N 个虚构但格式有效的机构文件夹、portal.toml 和封存的证书与成绩记录。"
        "同一随机种子和日期生成相同的机构数据。所有人名、号码均为虚构。",
    )
    demo.add_argument("out", type=Path, metavar="OUT", help="输出文件夹（应不存在或为空）")
    demo.add_argument("--institutions", type=int, default=100, metavar="N", help="机构数量，默认 100")
    demo.add_argument(
        "--certificates", type=int, default=0, metavar="M", help="封存的证书与成绩记录总数（各约一半），默认 0"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子，默认 1")
    demo.add_argument("--today", metavar="YYYY-MM-DD", help="数据的“今天”（默认取 SOURCE_DATE_EPOCH 或当天日期）")
    demo.add_argument("--history", action="store_true", help="同时生成 git 仓库，提交记录分布在过去一年")
    demo.add_argument(
        "--iterations",
        type=int,
        default=1000,
        metavar="K",
        help="查询密钥的 PBKDF2 迭代次数（写入 OUT/portal.toml），默认 1000；正式门户为 600000",
    )
    demo.set_defaults(run=run_demo)


def run_demo(args) -> int:
    try:
        from .write import DemoOptions, write_demo  # noqa: PLC0415 - Faker loads only for this command
    except ImportError as exc:
        raise PortalError(f"生成演示数据需要 Faker 库：请运行 pip install faker（{exc.name} 未安装）") from None
    from ..clock import build_today  # noqa: PLC0415

    if args.institutions < 1:
        raise PortalError("--institutions 应为不小于 1 的整数")
    if args.certificates < 0:
        raise PortalError("--certificates 应为不小于 0 的整数")
    today = _date(args.today) if args.today else build_today()
    options = DemoOptions(
        args.institutions, args.certificates, args.seed, today, history=args.history, iterations=args.iterations
    )
    write_demo(args.out, options)
    print(
        f"已生成 {args.institutions} 个演示机构：{args.out}/institutions/"
        + (f"，封存记录 {args.certificates} 条" if args.certificates else "")
        + ("，含一年的 git 提交历史" if args.history else "")
        + "。"
        f"在 {args.out} 中运行 portal check 检查。",
        file=sys.stdout,
    )
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PortalError(f"--today 应为 YYYY-MM-DD 格式的日期，而不是 “{text}”") from None
