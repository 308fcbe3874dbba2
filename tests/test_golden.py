"""Golden output: the pages and the public data files (CSV, JSON, iCalendar, Atom) of one frozen
institution, built and compared byte for byte.

An intended change to templates, views or a data format shows up here as a diff to review; accept it with
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and commit tests/golden/expected/ together with the change. Page fragments are expected/*.html; the
published files are expected/files/ under their site path (data/provinces/44/fees-1.csv, calendar/provinces/44-1.ics …).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator import urls
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, render_page, site_files, site_pages

GOLDEN = Path(__file__).resolve().parent / "golden"
EXPECTED_FILES = GOLDEN / "expected" / "files"
TODAY = dt.date(2026, 11, 24)
# The public machine-readable formats people build on; the schemas are checked against generator/schemas/.
PUBLIC_FORMATS = (".csv", ".json", ".ics", ".atom")

CATALOG = load_catalog(GOLDEN / "institutions")
CONTEXT = SiteContext(CATALOG, TODAY, "https://pingjia.example.org/")


def _rendered() -> dict[str, str]:
    assert CATALOG.errors == []
    return {
        page.source_name.replace("/", "__").removesuffix(".md") + ".html": render_page(page, TODAY)
        for page in site_pages(CONTEXT)
    }


def _published() -> dict[str, bytes]:
    return {
        f.path: f.content
        for f in site_files(CONTEXT)
        if f.path.endswith(PUBLIC_FORMATS) and not f.path.startswith(urls.schema())
    }


RENDERED = _rendered()
PUBLISHED = _published()


def _update_golden() -> None:
    expected_dir = GOLDEN / "expected"
    expected_dir.mkdir(exist_ok=True)
    for old in expected_dir.glob("*.html"):
        old.unlink()
    for name, html in RENDERED.items():
        (expected_dir / name).write_text(html, "utf-8")
    for old in EXPECTED_FILES.rglob("*"):
        if old.is_file():
            old.unlink()
    for path, content in PUBLISHED.items():
        (EXPECTED_FILES / path).parent.mkdir(parents=True, exist_ok=True)
        (EXPECTED_FILES / path).write_bytes(content)


if os.environ.get("UPDATE_GOLDEN"):
    _update_golden()


def test_golden_files_match_the_pages():
    expected_dir = GOLDEN / "expected"
    assert sorted(p.name for p in expected_dir.glob("*.html")) == sorted(RENDERED)


def test_golden_data_files_are_every_published_format():
    on_disk = sorted(p.relative_to(EXPECTED_FILES).as_posix() for p in EXPECTED_FILES.rglob("*") if p.is_file())
    assert on_disk == sorted(PUBLISHED)
    assert {Path(p).suffix for p in PUBLISHED} == set(PUBLIC_FORMATS)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_page_fragment_is_unchanged(name):
    expected = (GOLDEN / "expected" / name).read_text("utf-8")
    assert RENDERED[name] == expected, f"{name} changed: review it, then UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("path", sorted(PUBLISHED))
def test_published_data_file_is_unchanged(path):
    expected = (EXPECTED_FILES / path).read_bytes()
    assert PUBLISHED[path] == expected, f"{path} changed: review the format change, then UPDATE_GOLDEN=1 to accept"
