"""Search finds institutions in search parts (issue F8): Pagefind's index lists every page it holds and a
first query fetches that list, so the number of Pagefind pages must not grow one per institution. Each part
holds up to PART_SIZE institutions of one province; search turns a part into the institutions in it that
match, each linked to its own page."""

from __future__ import annotations

import gzip
import json
import math
import re
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import SAMPLE_EPOCH, serve_directory
from playwright.sync_api import expect
from searchui import (
    DESKTOP,
    new_page,
    result_categories,
    result_titles,
    results,
    show_all,
    status,
    type_query,
)
from sitebuild import build_from
from test_split_pages import TODAY, catalog_of

from generator import urls
from generator.index.pagefind import index_site
from generator.index.parts import fragments
from generator.pipeline import load_catalog
from generator.render.pages import SiteContext, search_part_files
from generator.views import search_parts
from generator.views.directory import in_region_order
from generator.views.search_parts import PART_SIZE, search_entry


def indexed_parts(tmp_path: Path, n: int) -> tuple[int, list]:
    """Index the search parts of n institutions (in three provinces) with Pagefind as the build does: the
    number of pages in Pagefind's index, and the parts index."""
    site = tmp_path / f"site-{n}"
    for file in search_part_files(SiteContext(catalog_of(n), TODAY)):
        (site / file.path).parent.mkdir(parents=True, exist_ok=True)
        (site / file.path).write_bytes(file.content)
    index_site(site)
    entry = json.loads((site / urls.search_bundle() / "pagefind-entry.json").read_text("utf-8"))
    parts = json.loads(gzip.decompress((site / urls.search_parts_index()).read_bytes()))["parts"]
    return entry["languages"]["zh"]["page_count"], parts


def test_pagefind_pages_grow_by_one_per_part_not_per_institution(tmp_path):
    provinces = 3  # catalog_of spreads institutions over three provinces
    for n in (300, 600):
        pages, parts = indexed_parts(tmp_path, n)
        assert pages == len(parts) <= math.ceil(n / PART_SIZE) + provinces, (n, pages)
        # Every institution once, numbered in the directory's order; each part's words split per institution.
        assert [first for _, first, _ in parts] == sorted(first for _, first, _ in parts)
        sizes = [len(lengths) for _, _, lengths in parts]
        assert sum(sizes) == n and max(sizes) == PART_SIZE
        assert [b - a for (_, a, _), (_, b, _) in pairwise(parts)] == sizes[:-1]


def test_a_part_holds_the_facts_an_institution_is_found_by_and_nothing_private(tmp_path):
    catalog = catalog_of(3)
    file = next(iter(search_part_files(SiteContext(catalog, TODAY))))
    html = file.content.decode()
    inst = in_region_order(catalog.institutions)[0]  # the first part's first institution
    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<h2 id="{inst.credit_code}"><a href="../{urls.institution(inst.credit_code)}">{inst.name}</a></h2>' in html
    for fact in (inst.short_name, inst.address, inst.venues[0].name, inst.filing["number"], inst.region_text):
        assert fact and fact in html
    assert inst.phone not in html, "phone numbers are on the institution page only"


@pytest.fixture(scope="module")
def many_parts_site(tmp_path_factory):
    """A demo site of 160 institutions cut into parts of 7 (parts of 100 at this size would be few)."""
    work = tmp_path_factory.mktemp("parts")
    subprocess.run(
        [Path(sys.executable).parent / "portal", "demo-data", "--institutions", "160", "--certificates", "0"]
        + ["--seed", "5", str(work / "demo")],
        check=True,
        capture_output=True,
    )
    mp = pytest.MonkeyPatch()
    mp.setattr(search_parts, "PART_SIZE", 7)
    mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    try:
        site = build_from(work / "demo" / "institutions", work / "site", work / "mkdocs")
    finally:
        mp.undo()
    server = serve_directory(site)
    yield site, load_catalog(work / "demo" / "institutions"), f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def holding(catalog, word: str) -> set[str]:
    """The institutions whose search text holds the word."""
    return {i.name for i in catalog.institutions if word in json.dumps(search_entry(i), ensure_ascii=False)}


def found_institutions(page, query: str) -> list[str]:
    """Every institution result for the query (all pages of results), after checking the count shown."""
    page.goto(page.url.split("search/")[0] + "search/")
    type_query(page, query)
    assert "结果很多" not in status(page).inner_text()
    count = int(re.search(r"找到 (\d+) 个", status(page).inner_text()).group(1))
    show_all(page)
    expect(results(page)).to_have_count(count)  # each "more" appends once the parts' records are loaded
    titles, categories = result_titles(page), result_categories(page)
    return [t for t, c in zip(titles, categories, strict=True) if c == "机构"]


def test_every_matching_institution_is_found_across_parts_and_opens_its_own_page(browser, many_parts_site):
    site, catalog, base = many_parts_site
    parts = json.loads(gzip.decompress((site / urls.search_parts_index()).read_bytes()))["parts"]
    assert len(parts) > len({i.region_code[:2] for i in catalog.institutions}), "provinces of several parts"
    indexed = [record["url"] for _, record in fragments(site / "pagefind")]
    assert not [u for u in indexed if re.fullmatch(r"/institutions/[0-9A-Z]{18}/", u)], "no institution page"
    occupation, _ = Counter(s.occupation for i in catalog.institutions for s in i.scope).most_common(1)[0]
    page = new_page(browser, DESKTOP)
    try:
        page.goto(base + "search/")
        # The most common occupation, and one Pagefind searches as several terms (养老 护理 员): its exact
        # search gives one place per part, the others come from its terms' places.
        for word in (occupation, "养老护理员"):
            expected = holding(catalog, word)
            assert 10 < len(expected) < len(catalog.institutions), word
            assert sorted(found_institutions(page, word)) == sorted(expected), word
        first = page.locator("#portal-search-results a").first
        name = first.inner_text()
        code = next(i.credit_code for i in catalog.institutions if i.name == name)
        assert first.get_attribute("href") == base + urls.institution(code)
        first.click()
        page.wait_for_url(base + urls.institution(code))
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        assert page.errors == []
    finally:
        page.context.close()
