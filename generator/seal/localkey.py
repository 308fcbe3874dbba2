"""The institution's local secret key: kept on its own machine, never in the repository.

It gives every sealed record a stable, unguessable record id (so that re-sealing a corrected or
revoked record replaces exactly its earlier entries) and encrypts the few non-personal facts
(year, occupation, level, status) from which `summary.json` is recomputed. Without the key
nobody can tell which certificate number a record id belongs to.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..problems import PortalError

KEY_HEADER = "# portal seal local key v1"
KEY_COMMENT = (
    "# 技能人才评价门户·本机封存密钥。只保存在本机构的电脑上：不要提交到仓库，不要外传。\n"
    "# 丢失后无法增量更新已封存的记录，需要用 `portal seal ... --replace-all` 全部重新封存。\n"
)


def default_key_path(credit_code: str) -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "portal" / f"{credit_code}.key"


@dataclass(frozen=True)
class LocalKey:
    secret: bytes
    path: Path | None = None

    def _subkey(self, label: str) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"portal-seal-local/{label}".encode()).derive(
            self.secret
        )

    @property
    def key_id(self) -> str:
        """Public fingerprint stored in summary.json: detects sealing with a different key."""
        return self._subkey("key-id")[:8].hex()

    def record_id(self, dataset: str, credit_code: str, number: str) -> str:
        message = "\x1f".join((dataset, credit_code, number)).encode()
        return hmac.new(self._subkey("record-id"), message, hashlib.sha256).digest()[:16].hex()

    def seal_meta(self, facts: dict) -> str:
        nonce = os.urandom(12)
        body = json.dumps(facts, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        return base64.b64encode(nonce + AESGCM(self._subkey("meta")).encrypt(nonce, body, None)).decode()

    def open_meta(self, sealed: str) -> dict | None:
        raw = base64.b64decode(sealed)
        try:
            return json.loads(AESGCM(self._subkey("meta")).decrypt(raw[:12], raw[12:], None))
        except InvalidTag:
            return None


def load_or_create_key(path: Path, *, create: bool, repo_root: Path | None = None) -> tuple[LocalKey, bool]:
    """The key at `path`; created (mode 0600) when missing and `create` is true. Returns (key, created)."""
    path = Path(path).expanduser()
    ensure_outside_repository(path, repo_root)
    if path.is_file():
        return LocalKey(_parse_key(path), path), False
    if not create:
        raise PortalError(f"找不到本机封存密钥 {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = os.urandom(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{KEY_HEADER}\n{KEY_COMMENT}{secret.hex()}\n")
    return LocalKey(secret, path), True


def ensure_outside_repository(path: Path, repo_root: Path | None) -> None:
    if repo_root is not None and _inside(Path(path).expanduser(), repo_root):
        raise PortalError(
            f"本机封存密钥 {path} 位于仓库文件夹内：密钥绝不能提交到仓库。"
            f"请放在仓库以外（默认 {default_key_path('<统一社会信用代码>')}），用 --secret 指定"
        )


def _parse_key(path: Path) -> bytes:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    values = [line for line in lines if line and not line.startswith("#")]
    if len(values) != 1 or len(values[0]) != 64:
        raise PortalError(f"{path} 不是有效的本机封存密钥文件（应含一行 64 位十六进制数）")
    try:
        return bytes.fromhex(values[0])
    except ValueError:
        raise PortalError(f"{path} 不是有效的本机封存密钥文件（应含一行 64 位十六进制数）") from None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False
