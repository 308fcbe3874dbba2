"""The domain that names our feed entries (UIDs, tag: URIs). Links back to the site: generator.urls.absolute."""

from __future__ import annotations

from urllib.parse import urlsplit

# Used when the configuration has no site_url: a reserved name (RFC 2606), so ids never collide with a real site.
FALLBACK_DOMAIN = "pingjia.invalid"


def site_domain(site_url: str) -> str:
    return (urlsplit(site_url).hostname if site_url else None) or FALLBACK_DOMAIN
