"""The search page's own filter data (pagefind/portal-facets/): a small index of every filter value with its
national count, and per value the institutions holding it (their positions in the directory's order, the
numbering of the search parts), so a filtered search fetches only the lists of the values chosen."""

from __future__ import annotations

import gzip
import json

from conftest import ROOT

from generator import urls
from generator.index.facets import facet_files
from generator.index.parts import fragments
from generator.pipeline import load_catalog

CATALOG = load_catalog(ROOT / "institutions")


def _index(built_site) -> dict:
    return json.loads((built_site / urls.search_facets()).read_text("utf-8"))["facets"]


def _list(built_site, entry: dict) -> list[str]:
    path = (built_site / urls.search_facets()).parent / entry["file"]
    return json.loads(gzip.decompress(path.read_bytes()))


def _ids_by_name(built_site) -> dict[str, int]:
    """Each institution's position as search reads it: the parts index gives each part's Pagefind page and
    first position, and the part's headings (ids: credit codes) the institutions in order."""
    parts = json.loads(gzip.decompress((built_site / urls.search_parts_index()).read_bytes()))["parts"]
    records = dict(fragments(built_site / urls.search_bundle()))
    position_of = {}
    for page_id, first, _ in parts:
        heads = sorted((a for a in records[page_id]["anchors"] if a["element"] == "h2"), key=lambda a: a["location"])
        position_of |= {head["id"]: first + n for n, head in enumerate(heads)}
    return {i.name: position_of[i.credit_code] for i in CATALOG.institutions}


def test_every_value_lists_the_positions_of_the_institutions_holding_it(built_site):
    index, ids = _index(built_site), _ids_by_name(built_site)
    assert sorted(ids.values()) == list(range(len(CATALOG.institutions))), "every institution once"
    for province in {i.region_code[:2] for i in CATALOG.institutions}:
        entry = index["province"][province]
        wanted = {ids[i.name] for i in CATALOG.institutions if i.region_code[:2] == province}
        assert set(_list(built_site, entry)) == wanted and entry["count"] == len(wanted)


def test_occupation_and_level_are_filtered_as_one_pair(built_site):
    index, ids = _index(built_site), _ids_by_name(built_site)
    electricians_3 = {
        ids[i.name]
        for i in CATALOG.institutions
        if any(s.occupation_code == "6-31-01-03" and 3 in s.levels for s in i.scope)
    }
    assert set(_list(built_site, index["offers"]["6-31-01-03:3"])) == electricians_3
    hangzhou = ids["杭州市西湖区示例职业技能培训学校"]
    assert hangzhou in _list(built_site, index["occupations"]["6-31-01-03"])
    assert hangzhou in _list(built_site, index["levels"]["3"])
    assert hangzhou not in electricians_3, "offers 电工 at 五级/四级 only"


def _synthetic(count: int) -> list[dict]:
    entries = []
    for n in range(count):
        url = f"institutions/{n:018d}/"
        tokens = {
            "province": f"{11 + n % 31}",
            "kind": ("a", "b", "c")[n % 3],
            "status": "active" if n % 10 else "suspended",
            "occupations": "6-31-01-03",
            "levels": "3 4",
            "offers": "6-31-01-03:3 6-31-01-03:4",
        }
        entries.append({"url": url, "tokens": tokens})
    return entries


def test_no_facet_file_grows_with_the_number_of_institutions_beyond_its_own_list():
    small, large = facet_files(_synthetic(200)), facet_files(_synthetic(2000))
    index = next(name for name in small if name.endswith(".json"))
    assert sorted(small) == sorted(large), "the same values give the same files"
    assert len(large[index]) < len(small[index]) + 200, "the index holds counts, not pages"
    for name, data in large.items():
        if name == index:
            continue
        ids = json.loads(gzip.decompress(data))
        assert len(data) <= 40 + 6 * len(ids), (name, len(ids), len(data))
    assert facet_files(_synthetic(2000)) == large, "same inputs, same bytes"
