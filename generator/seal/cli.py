"""`portal seal certificates|results` and `portal qr`, wired into the main parser by generator/cli.py."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import PortalError, display_path
from ..recordformat import CERTIFICATE_NO_MAX, DATASET_NAMES
from .config import load_config

# The crypto and CSV modules are imported when a command runs (noqa: PLC0415 below), so `portal check` starts quickly.
DATASET_HELP = {
    "certificates": "封存证书 CSV（certificate_no,name,id_number,occupation_code,occupation,level,issue_date,status，"
    "可选 status_date,status_reason）",
    "results": "封存成绩 CSV（ticket_no,name,id_number,plan_id,occupation_code,level,theory_score,"
    "practical_score,comprehensive_score,result）",
}


def add_seal_commands(commands) -> None:
    seal = commands.add_parser(
        "seal",
        help="在机构本机把证书或成绩 CSV 加密封存到 sealed/（不含明文个人信息）",
        description="读取证书或成绩 CSV，逐行检查，然后加密写入 institutions/<代码>/sealed/。"
        "只要有一行有错误，就不写入任何文件。",
    )
    datasets = seal.add_subparsers(dest="dataset", metavar="类型")
    for dataset in DATASET_HELP:
        sub = datasets.add_parser(dataset, help=DATASET_HELP[dataset], description=DATASET_HELP[dataset])
        sub.add_argument("csv", nargs="?", type=Path, help="CSV 文件（UTF-8，含表头）")
        sub.add_argument(
            "--institution",
            required=True,
            type=Path,
            metavar="文件夹",
            help="机构文件夹，例如 institutions/91440300MA5GX1D2PL",
        )
        sub.add_argument(
            "--secret",
            type=Path,
            metavar="密钥文件",
            help="本机封存密钥（默认 ~/.config/portal/<统一社会信用代码>.key，首次使用时生成；不得放在仓库内）",
        )
        sub.add_argument(
            "--replace-all",
            action="store_true",
            help="CSV 是全部记录：不在其中的已封存记录将被删除（默认只新增或更新 CSV 中的记录）",
        )
        sub.add_argument(
            "--remove", action="append", default=[], metavar="编号", help="删除某个已封存的证书编号或准考证号（可重复）"
        )
        sub.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认为 CPU 核数）")
        sub.add_argument("--config", type=Path, metavar="portal.toml", help="门户配置文件（默认在上级目录中查找）")
        sub.set_defaults(run=run_seal)
    seal.set_defaults(run=lambda args: _missing_dataset(seal))

    qr = commands.add_parser("qr", help="生成证书扫码核验二维码（密钥只在网址 # 之后，不会发送给服务器）")
    qr.add_argument("--institution", required=True, type=Path, metavar="文件夹", help="机构文件夹")
    qr.add_argument("--certificate-no", required=True, metavar="证书编号")
    qr.add_argument("--name", required=True, metavar="姓名")
    qr.add_argument("--out", type=Path, metavar="文件", help="写入 .svg 或 .png 文件（不填则在终端显示）")
    qr.add_argument("--no-check", action="store_true", help="不核对该证书是否已封存")
    qr.add_argument("--config", type=Path, metavar="portal.toml", help="门户配置文件")
    qr.set_defaults(run=run_qr)


def _missing_dataset(parser) -> int:
    raise PortalError(f"请指明要封存的类型：certificates（证书）或 results（成绩）\n{parser.format_usage().strip()}")


def run_seal(args) -> int:
    from .sealer import emit_warnings, seal_csv, sealed_path  # noqa: PLC0415 - crypto loads when the command runs

    config = load_config(args.config, start=args.institution)
    if args.jobs is not None and args.jobs < 1:
        raise PortalError("--jobs 应为不小于 1 的整数")
    report = seal_csv(
        args.dataset,
        args.csv,
        args.institution,
        config,
        secret_path=args.secret,
        replace_all=args.replace_all,
        remove=args.remove,
        jobs=args.jobs,
        progress=sys.stderr,
    )
    emit_warnings(report)
    if report.warnings:
        print(f"共 {len(report.warnings)} 个警告（不影响封存，请核对）。", file=sys.stderr)
    for number in report.not_found:
        print(f"警告：要删除的编号 {number} 不在已封存的{DATASET_NAMES[args.dataset]}中。", file=sys.stderr)
    if report.key_created:
        print(
            f"已生成本机封存密钥 {report.key_path}：请妥善备份，不要提交到仓库。以后更正或撤销记录时需要用同一把密钥。",
            file=sys.stderr,
        )
    print(report.describe())
    print(
        f"已写入 {display_path(sealed_path(args.institution, args.dataset))} 和 "
        f"{display_path(Path(args.institution) / 'sealed' / 'summary.json')}；"
        f"用时 {report.seconds:.1f} 秒（{report.jobs} 个进程）。"
    )
    return 0


def run_qr(args) -> int:
    from .crypto import code_error, derive_secret, name_error, normalize  # noqa: PLC0415 - crypto loads when the command runs
    from .lookup import sealed_file_has  # noqa: PLC0415 - crypto loads when the command runs
    from .qr import make_qr, qr_url, write_qr  # noqa: PLC0415 - crypto loads when the command runs
    from .sealer import load_institution, sealed_path  # noqa: PLC0415 - crypto loads when the command runs

    config = load_config(args.config, start=args.institution)
    number, name = normalize(args.certificate_no), normalize(args.name)
    if error := code_error(number, CERTIFICATE_NO_MAX):
        raise PortalError(f"证书编号{error}")
    if error := name_error(name):
        raise PortalError(f"姓名{error}")
    inst = load_institution(args.institution)
    secret = derive_secret("c.no", number, name, salt=config.salt, iterations=config.iterations)
    if not args.no_check and not sealed_file_has(sealed_path(args.institution, "certificates"), secret):
        raise PortalError(
            f"在 {inst.name} 已封存的证书中找不到证书编号 {number} 与该姓名的组合：请核对，"
            "或先用 portal seal certificates 封存（确需提前生成可加 --no-check）"
        )
    url = qr_url(config.site_url, secret)
    qr = make_qr(url)
    print(url)
    if args.out:
        write_qr(qr, args.out)
        print(f"二维码已写入 {args.out}", file=sys.stderr)
    else:
        qr.terminal(compact=True)
    return 0
