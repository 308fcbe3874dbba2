"""Build-time guard: no published data file grows with the number of institutions (issue F8).

A static host or CDN limits one file (Cloudflare Pages: 25 MiB; GitHub Pages warns at 100 MB). The
open data and the province calendars are split into parts of at most INSTITUTIONS_PER_PART
institutions (generator/feeds/shards.py). Here a synthetic catalog (the sample institutions copied
under new credit codes, all in one province: the worst case) is published at two sizes with a small
part size: the largest file stays the same size when the catalog grows fourfold, and at the real part
size the largest part stays under FILE_LIMIT.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import ROOT

from generator import urls
from generator.check import Auditor
from generator.feeds import shards
from generator.model import Catalog
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, site_files
from generator.views import search_parts

TODAY = dt.date(2026, 11, 24)
FILE_LIMIT = 20 * 1024 * 1024  # every published file at 50,000 institutions (Cloudflare Pages refuses 25 MiB)
SAMPLE = load_catalog(ROOT / "institutions", audit=Auditor(TODAY)).institutions
# Feeds of one occupation across the country still grow with the institutions offering it (about
# 12 MB at 50,000 demo institutions): split them by province when the calendar pages are split too.
GROWING = ("calendar/occupations/",)
# The change feed holds the newest atom.MAX_ENTRIES changes: bounded, but it fills up only at a few hundred.
CAPPED = (urls.changes_feed(), urls.data_index())
PART_SIZE = shards.INSTITUTIONS_PER_PART  # the real one, before a test makes parts small


def synthetic(count: int) -> Catalog:
    """`count` institutions, all in Guangdong, cycling through the sample institutions' contents."""
    institutions = []
    for n in range(count):
        inst = SAMPLE[n % len(SAMPLE)]
        code = f"{inst.credit_code[:8]}{n:010d}"
        institutions.append(
            dataclasses.replace(
                inst,
                credit_code=code,
                region_code="440106",
                province="广东省",
                findings=[dataclasses.replace(f, credit_code=code) for f in inst.findings],
            )
        )
    return Catalog(institutions)


def published_sizes(count: int) -> dict[str, int]:
    files = site_files(SiteContext(synthetic(count), TODAY, "https://pingjia.example.org/"))
    return {f.path: len(f.content) for f in files if not f.path.startswith(GROWING)}


def largest(sizes: dict[str, int]) -> tuple[str, int]:
    return max(((path, size) for path, size in sizes.items() if path not in CAPPED), key=lambda x: x[1])


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(shards, "INSTITUTIONS_PER_PART", 6)
    monkeypatch.setattr(search_parts, "PART_SIZE", 6)  # the search-only pages are parts too
    return 6


def test_the_largest_file_does_not_grow_with_the_number_of_institutions(small_parts):
    few, many = published_sizes(2 * small_parts), published_sizes(8 * small_parts)
    assert len(many) > len(few)  # more parts, not bigger ones
    (few_path, few_size), (many_path, many_size) = largest(few), largest(many)
    assert many_size <= few_size * 1.1, (few_path, few_size, many_path, many_size)
    parts = sum(1 for path in many if path.startswith("calendar/provinces/"))
    assert parts == 8  # one province, in parts
    assert many[urls.data_index()] / parts < 1500  # the index: about 1.5 KB per part, 75 KB at 50,000


def test_a_full_part_stays_under_the_file_limit(small_parts):
    """Per institution, the largest part file, times the real part size: under FILE_LIMIT."""
    sizes = published_sizes(small_parts)
    path, size = largest({p: s for p, s in sizes.items() if "/provinces/" in p})
    assert size / small_parts * PART_SIZE < FILE_LIMIT, (path, size)
    assert "/provinces/" in path


def test_every_part_holds_at_most_the_part_size():
    parts = shards.shards(synthetic(25).institutions, per_part=10)
    assert [(s.province, s.number, s.count, len(s.institutions)) for s in parts] == [
        ("44", 1, 3, 10),
        ("44", 2, 3, 10),
        ("44", 3, 3, 5),
    ]
    assert parts[1].name == "广东省（第 2 部分，共 3 部分）"
    codes = [i.credit_code for s in parts for i in s.institutions]
    assert codes == sorted(codes)  # parts follow credit code order
