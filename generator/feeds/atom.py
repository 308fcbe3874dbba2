"""The change feed (Atom, RFC 4287): data/changes.atom, newest first.

Entry ids are tag: URIs (RFC 4151) built from the site's domain and the change's stable key, so a
feed reader never shows an entry twice; `updated` is the change's own date (feeds.changes), and the
feed's `updated` is its newest entry's. Links are absolute when the site's address is configured and
relative to the feed file otherwise (Atom resolves them against the feed's own address).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .. import urls
from ..model import Catalog
from .changes import Change, catalog_changes
from .links import site_domain

ATOM_PATH = urls.changes_feed()
ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200
FEED_TITLE = "技能人才评价机构信息公开平台：信息变更"
TOPIC_LABELS = {
    "institution": "新收录机构",
    "plan": "新评价计划",
    "fee": "收费调整",
    "status": "目录状态变更",
    "inspection": "督导结果",
    "overdue": "整改逾期",
}
TAG_DATE = "2026"  # the year the tag: ids were first minted; must never change


def atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def tag_uri(site_url: str, key: str) -> str:
    return f"tag:{site_domain(site_url)},{TAG_DATE}:{key}"


def _link(site_url: str, path: str) -> str:
    return urls.absolute(site_url, path) or urls.relative(ATOM_PATH, path)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def add_entry(feed: ET.Element, change: Change, site_url: str) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", tag_uri(site_url, change.key))
    _sub(entry, "title", change.title)
    _sub(entry, "updated", atom_time(change.date))
    _sub(entry, "link", rel="alternate", type="text/html", href=_link(site_url, change.path))
    _sub(entry, "category", term=change.topic, label=TOPIC_LABELS[change.topic])
    _sub(entry, "summary", change.summary, type="text")


def changes_feed(changes: list[Change], site_url: str, today: dt.date) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _sub(feed, "id", tag_uri(site_url, "changes"))
    _sub(feed, "title", FEED_TITLE)
    _sub(feed, "subtitle", "新收录机构、新评价计划、收费调整、目录状态变更、督导结果和整改逾期，按日期从新到旧。")
    _sub(feed, "updated", atom_time(changes[0].date if changes else today))
    author = _sub(feed, "author")
    _sub(author, "name", "技能人才评价机构信息公开平台")
    self_link = urls.absolute(site_url, ATOM_PATH)
    if self_link:
        _sub(feed, "link", rel="self", type="application/atom+xml", href=self_link)
    _sub(feed, "link", rel="alternate", type="text/html", href=_link(site_url, urls.data()))
    for change in changes[:MAX_ENTRIES]:
        add_entry(feed, change, site_url)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_files(catalog: Catalog, today: dt.date, site_url: str) -> dict[str, bytes]:
    return {ATOM_PATH: changes_feed(catalog_changes(catalog, today), site_url, today)}
