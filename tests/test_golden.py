"""Golden output: the page fragments of one frozen institution, rendered and compared byte for byte.

An intended change to templates or views shows up here as a diff to review; accept it with
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and commit tests/golden/expected/ together with the change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, render_page, site_pages

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = dt.date(2026, 11, 24)


def _rendered() -> dict[str, str]:
    catalog = load_catalog(GOLDEN / "institutions")
    assert catalog.errors == []
    context = SiteContext(catalog, TODAY, "https://pingjia.example.org/")
    return {page.source_name.replace("/", "__").removesuffix(".md") + ".html": render_page(page, TODAY)
            for page in site_pages(context)}


RENDERED = _rendered()


def test_golden_files_match_the_pages():
    expected_dir = GOLDEN / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_dir.mkdir(exist_ok=True)
        for old in expected_dir.glob("*.html"):
            old.unlink()
        for name, html in RENDERED.items():
            (expected_dir / name).write_text(html, "utf-8")
    assert sorted(p.name for p in expected_dir.glob("*.html")) == sorted(RENDERED)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_page_fragment_is_unchanged(name):
    expected = (GOLDEN / "expected" / name).read_text("utf-8")
    assert RENDERED[name] == expected, f"{name} changed: review it, then UPDATE_GOLDEN=1 to accept"
