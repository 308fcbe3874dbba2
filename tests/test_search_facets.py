"""The search page's own filter data (pagefind/portal-facets.json): one entry per institution page, keyed by
the Pagefind page it describes, with the directory's tokens."""

from __future__ import annotations

import json

from conftest import ROOT

from generator import urls
from generator.index.facets import fragment_ids
from generator.pipeline import load_catalog

CATALOG = load_catalog(ROOT / "institutions")


def _facets(built_site) -> dict:
    return json.loads((built_site / urls.search_facets()).read_text("utf-8"))


def test_every_institution_page_has_its_facets_keyed_by_its_pagefind_id(built_site):
    pages = _facets(built_site)["pages"]
    ids = fragment_ids(built_site / urls.search_bundle())
    assert sorted(p["url"] for p in pages) == sorted(urls.institution(i.credit_code) for i in CATALOG.institutions)
    for page in pages:
        assert ids[page["url"]] == page["id"]
        assert (built_site / urls.search_bundle() / "fragment" / f"{page['id']}.pf_fragment").is_file()


def test_occupation_and_level_are_filtered_as_one_pair(built_site):
    by_name = {p["title"]: p["tokens"] for p in _facets(built_site)["pages"]}
    for inst in CATALOG.institutions:
        offers = by_name[inst.name]["offers"].split()
        assert sorted(offers) == sorted(f"{s.occupation_code}:{lv}" for s in inst.scope for lv in s.levels)
    hangzhou = by_name["杭州市西湖区示例职业技能培训学校"]
    assert "6-31-01-03" in hangzhou["occupations"].split() and "3" in hangzhou["levels"].split()
    assert "6-31-01-03:3" not in hangzhou["offers"].split(), "offers 电工 at 五级/四级 only"
