"""portal.toml: the site address and the public parameters of the lookup key derivation.

Only `[site] url` and the `[lookup]` table are read here; other tables belong to other parts of
the project and are left alone. Unknown keys inside `[lookup]` are refused (a typo must not
silently change how every record is sealed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..problems import PortalError

CONFIG_NAME = "portal.toml"
MIN_ITERATIONS = 1000  # tests use this; the real portal.toml uses 600,000
LOOKUP_KEYS = {"iterations", "salt"}


@dataclass(frozen=True)
class SealConfig:
    iterations: int
    salt: str
    site_url: str = ""
    path: Path | None = None  # where it was read from, for messages

    @property
    def kdf(self) -> dict:
        """The public KDF description stored with sealed data and in the published manifest."""
        return {"algorithm": "PBKDF2-HMAC-SHA256", "iterations": self.iterations, "salt": self.salt}


def find_config(start: Path) -> Path | None:
    """portal.toml in `start` or the nearest folder above it."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> SealConfig:
    """Read portal.toml from `path`, or search upwards from `start` (default: the working directory)."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            raise PortalError(f"找不到 {CONFIG_NAME}：请在项目根目录运行，或用 --config 指定配置文件")
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PortalError(f"找不到配置文件 {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PortalError(f"{path}: 配置文件格式有误：{exc}") from None
    return config_from_dict(data, path)


def config_from_dict(data: dict, path: Path | None = None) -> SealConfig:
    where = f"{path}: " if path else ""
    lookup = data.get("lookup")
    if not isinstance(lookup, dict):
        raise PortalError(f"{where}缺少 [lookup] 表（查询密钥参数 iterations、salt）")
    unknown = sorted(set(lookup) - LOOKUP_KEYS)
    if unknown:
        raise PortalError(f"{where}[lookup] 中有未知的键：{'、'.join(unknown)}（允许：iterations、salt）")
    iterations = lookup.get("iterations")
    if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations < MIN_ITERATIONS:
        raise PortalError(f"{where}[lookup] iterations 应为不小于 {MIN_ITERATIONS} 的整数（推荐 600000）")
    salt = lookup.get("salt")
    if not isinstance(salt, str) or not 8 <= len(salt) <= 200:
        raise PortalError(f"{where}[lookup] salt 应为 8–200 个字符的字符串（公开的、本门户独有的值）")
    site = data.get("site") or {}
    url = site.get("url", "") if isinstance(site, dict) else ""
    if not isinstance(url, str) or (url and not (url.startswith(("https://", "http://")) and url.endswith("/"))):
        raise PortalError(f"{where}[site] url 应以 https:// 开头、以 / 结尾，例如 https://pingjia.example.org/")
    return SealConfig(iterations=iterations, salt=salt, site_url=url, path=path)
