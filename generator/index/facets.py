"""Search facets of our own, keyed by each institution's position in the directory's order (the numbering
of the search parts, generator/views/search_parts.py), instead of Pagefind's filters.

Pagefind's filters are not used because its default UI renders filter values as HTML (a submitted
occupation name ran a script), its filter index is written in hash-map order (two builds of the same
input differed), and it cannot express "evaluates this occupation at this level". The search script
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


def facet_entries(institutions: list[Institution]) -> list[dict]:
    """One entry per institution, in the directory's order: its URL and its filter tokens."""
    return [{"url": row["url"], "tokens": row["data"]} for row in directory_rows(institutions)]


def posting_lists(entries: list[dict]) -> dict[tuple[str, str], list[int]]:
    """(facet, value) → positions (in the directory's order) of the institutions holding that token."""
    lists: dict[tuple[str, str], list[int]] = {}
    for position, entry in enumerate(entries):
        for facet, values in entry["tokens"].items():
            for value in str(values).split():
                lists.setdefault((facet, value), []).append(position)
    return lists


def facet_files(entries: list[dict]) -> dict[str, bytes]:
    """Files relative to the index's folder: the index (each value's national count and file, bounded by
    the number of values, not of institutions), and one gzip list per value, so that a filtered search
    fetches only the lists of the values chosen and an unfiltered one nothing."""
    lists = posting_lists(entries)
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
    for name, data in facet_files(entries).items():
        (folder / name).write_bytes(data)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
