"""截至 ("as of") is said only of a snapshot, and always with its date: every 截至 a page or a script shows
is followed by a date in the 2026年7月10日 form. Figures recomputed in the browser (registration open
now, overdue rectifications) carry the reader's date (statuses.js), not the build's."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

AS_OF = re.compile(r"截至")
AS_OF_DATE = re.compile(r"截至\s*\d{4}年\d{1,2}月\d{1,2}日")


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_every_as_of_on_a_built_page_names_its_date(built_site):
    seen = 0
    for path in sorted(built_site.rglob("*.html")):
        text = visible_text(path.read_text("utf-8"))
        total, dated = len(AS_OF.findall(text)), len(AS_OF_DATE.findall(text))
        assert total == dated, (path.relative_to(built_site), re.findall(r".{0,20}截至.{0,20}", text))
        seen += total
    assert seen, "the sample site says 截至 somewhere (the calendar's count, an overdue notice)"


def test_scripts_and_handwritten_pages_never_say_as_of_without_a_date():
    files = [*Path(ROOT / "theme").rglob("*.js"), *Path(ROOT / "content").rglob("*.md")]
    for path in files:
        text = path.read_text("utf-8")
        assert len(AS_OF.findall(text)) == len(AS_OF_DATE.findall(text)), path
