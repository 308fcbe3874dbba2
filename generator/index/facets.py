"""Search facets of our own, keyed by Pagefind's page ids, instead of Pagefind's filters.

Pagefind's filters are not used because its default UI renders filter values as HTML (a submitted
occupation name ran a script), its filter index is written in hash-map order (two builds of the same
input differed), and it cannot express "evaluates this occupation at this level". The search script
(theme/assets/search.js) reads this file and filters with the same tokens as the directory table.
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
    """One entry per institution page, in the directory's order: what a filtered listing shows without a query."""
    return [
        {
            "url": row["url"],
            "title": row["name"],
            "summary": " · ".join((row["region"], row["kind_name"], row["status_name"])),
            "tokens": row["data"],
        }
        for row in directory_rows(institutions)
    ]


def fragment_ids(pagefind_dir: Path) -> dict[str, str]:
    """Site-relative page URL ("institutions/<code>/") → Pagefind's id for that page."""
    ids = {}
    for fragment in sorted((pagefind_dir / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data.removeprefix(_FRAGMENT_SIGNATURE))
        ids[page["url"].lstrip("/")] = fragment.stem
    return ids


def write_facets(site_dir: Path, entries: list[dict]) -> None:
    ids = fragment_ids(site_dir / urls.search_bundle())
    pages = [{"id": ids[e["url"]], **e} for e in entries if e["url"] in ids]
    text = json.dumps({"pages": pages}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (site_dir / urls.search_facets()).write_text(text, "utf-8")
