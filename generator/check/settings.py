"""The audit's settings in portal.toml: `[history]` (the portal's start, the main branch) and
`[repository]` (where evidence links point).

    [history]
    since = 2026-01-01        # data imported at the start has no honest git date
    branch = "main"

    [repository]
    url = "https://github.com/example/portal"
    file_url = "{url}/blob/{commit}/{path}"   # optional; this is the default ("#L<line>" is appended)
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..problems import PortalError

CONFIG_NAME = "portal.toml"
DEFAULT_FILE_URL = "{url}/blob/{commit}/{path}"
HISTORY_KEYS = {"since", "branch"}
REPOSITORY_KEYS = {"url", "file_url"}


@dataclass(frozen=True)
class AuditSettings:
    since: dt.date | None = None  # plans first seen on or before this day are judged by their declared date
    branch: str = "main"
    repository_url: str | None = None
    file_url: str = DEFAULT_FILE_URL

    def evidence_url(self, path: str, commit: str | None, line: int | None = None) -> str | None:
        """Link to the file as it was at that commit on the repository host (None without a repository or commit)."""
        if not self.repository_url or not commit:
            return None
        url = self.file_url.format(url=self.repository_url.rstrip("/"), commit=commit, path=path)
        return f"{url}#L{line}" if line else url


def find_settings_file(start: Path) -> Path | None:
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def load_audit_settings(start: Path | None = None) -> AuditSettings:
    """Read [history] and [repository] from the nearest portal.toml; defaults when there is none."""
    path = find_settings_file(start or Path.cwd())
    if path is None:
        return AuditSettings()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PortalError(f"{path}: 配置文件格式有误：{exc}") from None
    return settings_from_dict(data, path)


def settings_from_dict(data: dict, path: Path | str = CONFIG_NAME) -> AuditSettings:
    history = _table(data, "history", HISTORY_KEYS, path)
    repository = _table(data, "repository", REPOSITORY_KEYS, path)
    since = history.get("since")
    if since is not None and (not isinstance(since, dt.date) or isinstance(since, dt.datetime)):
        raise PortalError(f"{path}: [history] since 应为日期，例如 since = 2026-01-01（不加引号）")
    branch = history.get("branch", "main")
    if not isinstance(branch, str) or not branch or branch.startswith("-"):
        raise PortalError(f'{path}: [history] branch 应为分支名，例如 "main"')
    url = repository.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        raise PortalError(f"{path}: [repository] url 应以 https:// 开头，例如 https://github.com/example/portal")
    file_url = repository.get("file_url", DEFAULT_FILE_URL)
    if not isinstance(file_url, str) or "{commit}" not in file_url or "{path}" not in file_url:
        raise PortalError(f"{path}: [repository] file_url 应包含 {{commit}} 和 {{path}}，例如 {DEFAULT_FILE_URL}")
    return AuditSettings(since=since, branch=branch, repository_url=url, file_url=file_url)


def _table(data: dict, name: str, keys: set[str], path) -> dict:
    table = data.get(name) or {}
    if not isinstance(table, dict):
        raise PortalError(f"{path}: [{name}] 应为一个表")
    unknown = sorted(set(table) - keys)
    if unknown:
        raise PortalError(f"{path}: [{name}] 中有未知的键：{'、'.join(unknown)}（允许：{'、'.join(sorted(keys))}）")
    return table
