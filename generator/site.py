"""Run mkdocs with the project's configuration: `portal build` and `portal serve`."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from . import output
from .problems import PortalError
from .timings import report, stage

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


_LEVELS_ZH = {"WARNING": "警告", "ERROR": "错误", "CRITICAL": "错误"}


class _ChineseMessages(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{_LEVELS_ZH.get(record.levelname, record.levelname)}：{record.getMessage()}"


def _show_generator_warnings() -> None:
    """mkdocs only logs; without a handler its warnings would vanish when called from `portal`."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_ChineseMessages())
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def _config_file(root: Path) -> Path:
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        raise PortalError(f"找不到 {path}：请在项目根目录运行 portal 命令")
    return path


def build_site(root: Path, out: Path, strict: bool = False) -> None:
    """Build into a folder beside `out` and put it in place only when everything succeeded."""
    from mkdocs.commands.build import build  # noqa: PLC0415 - mkdocs loads only when a site is built
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs.exceptions import MkDocsException  # noqa: PLC0415

    _show_generator_warnings()
    config_file = _config_file(root)
    try:
        with output.replaced_on_success(Path(out)) as staging, stage("total"):
            build(load_config(str(config_file), site_dir=str(staging), strict=strict))
        report()
    except MkDocsException as exc:
        raise PortalError(f"网站生成失败：{exc}") from None


def serve_site(root: Path, addr: str) -> None:
    from mkdocs.commands.serve import serve  # noqa: PLC0415
    from mkdocs.exceptions import MkDocsException  # noqa: PLC0415

    _show_generator_warnings()
    print(f"正在生成网站并在 http://{addr}/ 预览，修改文件后自动刷新（按 Ctrl+C 停止）", flush=True)
    try:
        serve(config_file=str(_config_file(root)), dev_addr=addr, livereload=True)
    except MkDocsException as exc:
        raise PortalError(f"预览服务启动失败：{exc}") from None
