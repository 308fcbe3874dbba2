"""Every page's head links the Atom change feed as a feed (rel "alternate feed", not a language alternate); the feed declares UTF-8."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from htmlquery import parse_file

from generator import urls

PAGES = [
    urls.home(),
    urls.directory(),
    urls.institution("12320100MB0A123454"),
    urls.calendar(),
    urls.fee_comparison("6-31-01-03-4"),
]


@pytest.mark.parametrize("path", PAGES)
def test_head_links_the_atom_feed_to_an_existing_file(built_site, path):
    links = [
        e
        for e in parse_file(built_site / path / "index.html").iter("link")
        if "alternate" in e.attrs.get("rel", "").split() and e.attrs.get("type") == "application/atom+xml"
    ]
    assert len(links) == 1, path
    assert "hreflang" not in links[0].attrs and links[0].attrs.get("title")
    target = urljoin("https://site.invalid/" + path, links[0].attrs["href"]).removeprefix("https://site.invalid/")
    assert target == urls.changes_feed() and (built_site / target).is_file()


def test_feed_declares_utf8(built_site):
    head = (built_site / urls.changes_feed()).read_bytes()[:60]
    assert head.startswith(b"<?xml version='1.0' encoding='utf-8'?>") or head.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>'
    )


def test_browser_discovers_the_feed(page, site_url):
    page.goto(site_url + urls.directory())
    href = page.locator('head link[rel~="alternate"][type="application/atom+xml"]').evaluate("l => l.href")
    response = page.request.get(href)
    assert response.ok and "<feed" in response.text()
