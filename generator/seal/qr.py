"""Scan-to-verify: a QR code whose URL carries the lookup secret in the fragment.

    <site_url>lookup/certificate/#v1.<base64url of the 32-byte secret of (certificate_no + name)>

Browsers never send the fragment to the server; the certificate page reads it on load, skips the
slow key derivation and shows the verified record. The secret opens only this certificate's
entry: it does not reveal the name or the ID number, and it cannot be turned back into them.
"""

from __future__ import annotations

from pathlib import Path

import segno

from .. import urls
from ..problems import PortalError
from .crypto import b64url

FRAGMENT_VERSION = "v1"


def qr_url(site_url: str, secret: bytes) -> str:
    if not site_url:
        raise PortalError("portal.toml 中缺少 [site] url（网站地址），无法生成扫码核验网址")
    return urls.qr_target(site_url, f"{FRAGMENT_VERSION}.{b64url(secret)}")


def make_qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def write_qr(qr: segno.QRCode, out: Path) -> None:
    suffix = Path(out).suffix.lower()
    if suffix == ".svg":
        qr.save(str(out), kind="svg", scale=4, border=4, title="证书核验二维码")
    elif suffix == ".png":
        qr.save(str(out), kind="png", scale=8, border=4)
    else:
        raise PortalError(f"不支持的二维码文件类型 {suffix or '（无扩展名）'}：请用 .svg 或 .png")
