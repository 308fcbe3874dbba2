"""Absolute links back to the site, and the domain that names our feed entries (UIDs, tag: URIs)."""

from __future__ import annotations

from urllib.parse import urlsplit

# Used when the configuration has no site_url: a reserved name (RFC 2606), so ids never collide with a real site.
FALLBACK_DOMAIN = "pingjia.invalid"


def site_link(site_url: str, path: str) -> str | None:
    """The absolute http(s) address of a site-relative path, or None without a usable site_url."""
    if not site_url or urlsplit(site_url).scheme not in ("http", "https"):
        return None
    return site_url.rstrip("/") + "/" + path


def site_domain(site_url: str) -> str:
    return (urlsplit(site_url).hostname if site_url else None) or FALLBACK_DOMAIN
