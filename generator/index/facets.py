"""Search facets of our own, keyed by Pagefind's page ids, instead of Pagefind's filters.

Pagefind's filters are not used because its default UI renders filter values as HTML (a submitted
occupation name ran a script), its filter index is written in hash-map order (two builds of the same
input differed), and it cannot express "evaluates this occupation at this level". (Institution pages
carry one Pagefind filter, page:institution, with one value, written in one order: it only tells search
which results are institutions.) The search script
(theme/assets/search.js) filters with the same tokens as the directory table, fetching only the lists of
the values a person chose (one file covering every page would not fit a first query at 50,000 institutions).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .. import urls
from ..model import Institution
from ..views.directory import directory_rows

# Pagefind writes every fragment as gzip("pagefind_dcd" + JSON).
_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def facet_entries(institutions: list[Institution]) -> list[dict]:
    """One entry per institution page, in the directory's order: its URL and its filter tokens."""
    return [{"url": row["url"], "tokens": row["data"]} for row in directory_rows(institutions)]


def fragment_ids(pagefind_dir: Path) -> dict[str, str]:
    """Site-relative page URL ("institutions/<code>/") → Pagefind's id for that page."""
    ids = {}
    for fragment in sorted((pagefind_dir / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data.removeprefix(_FRAGMENT_SIGNATURE))
        ids[page["url"].lstrip("/")] = fragment.stem
    return ids


def posting_lists(entries: list[dict], ids: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(facet, value) → Pagefind ids of the institution pages holding that token, in the directory's order."""
    lists: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        page = ids.get(entry["url"])
        if page is None:
            continue
        for facet, values in entry["tokens"].items():
            for value in str(values).split():
                lists.setdefault((facet, value), []).append(page)
    return lists


def facet_files(entries: list[dict], ids: dict[str, str]) -> dict[str, bytes]:
    """Files relative to the index's folder: the index (each value's national count and file, bounded by
    the number of values, not of institutions), and one gzip list per value, so that a filtered search
    fetches only the lists of the values chosen and an unfiltered one nothing."""
    lists = posting_lists(entries, ids)
    index: dict[str, dict[str, dict]] = {}
    files = {}
    for number, key in enumerate(sorted(lists)):
        facet, value = key
        name = urls.search_facet_list(number)
        index.setdefault(facet, {})[value] = {"count": len(lists[key]), "file": name}
        files[name] = gzip.compress(_json(lists[key]).encode(), mtime=0)
    files[Path(urls.search_facets()).name] = _json({"facets": index}).encode()
    return files


def write_facets(site_dir: Path, entries: list[dict]) -> None:
    folder = (site_dir / urls.search_facets()).parent
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in facet_files(entries, fragment_ids(site_dir / urls.search_bundle())).items():
        (folder / name).write_bytes(data)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
