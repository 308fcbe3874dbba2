"""Replace the published folder only when a build succeeded: nothing is lost when a build fails.

A build writes into a staging folder beside the target (same file system, so renames are cheap and
atomic). On success the staging folder takes the target's place; on any failure it is deleted and
the previous site stays byte for byte as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import PortalError

_STAGING_MARK = ".building-"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def is_staging(folder: Path) -> bool:
    """True for a folder made by `start`: whoever made it will swap it in."""
    return Path(folder).name.startswith(".") and _STAGING_MARK in Path(folder).name


def start(target: Path) -> Path:
    """Make an empty staging folder beside target, with the permissions a published folder needs."""
    target = Path(target).resolve()
    _refuse_foreign_folder(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{_STAGING_MARK}", dir=target.parent))
    os.chmod(staging, _published_mode(target))  # mkdtemp's 0700 would hide the site from a web server
    return staging


def commit(staging: Path, target: Path) -> None:
    """Put the finished staging folder in target's place; the old site is deleted afterwards."""
    target = Path(target).resolve()
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # one atomic step: a server never sees the folder missing
        shutil.rmtree(staging, ignore_errors=True)
        return
    aside = staging.with_name(staging.name.replace(_STAGING_MARK, ".old-"))
    os.rename(target, aside)
    os.rename(staging, target)
    shutil.rmtree(aside, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def replaced_on_success(target: Path) -> Iterator[Path]:
    """Yield a staging folder to build into; it replaces target only if the block finishes."""
    staging = start(target)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise
    commit(staging, target)


def kept_message(target: Path, existed: bool) -> str:
    if existed:
        return f"原来的网站（{target}）保持不变，没有被改动。"
    return f"没有生成 {target}。"


def _refuse_foreign_folder(target: Path) -> None:
    """The old folder is deleted after a swap: never do that to something that is not a site."""
    if target.exists() and not target.is_dir():
        raise PortalError(f"输出位置 {target} 是一个文件，不是文件夹：请换一个输出目录")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise PortalError(
            f"输出目录 {target} 已有内容，但不像是生成的网站（没有 index.html）。"
            "为免删除其中的文件，网站未生成：请换一个输出目录，或先清空它"
        )


def _published_mode(target: Path) -> int:
    if target.is_dir():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False where unavailable."""
    try:
        renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to ask (Windows)
        return False
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
