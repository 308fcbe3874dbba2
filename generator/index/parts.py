"""The search parts' index: for each part Pagefind holds, its page id, the position of its first institution
in the directory's order, and the word at which each of its institutions' text starts.

A Pagefind result gives a page id and the word positions of the matches, before the page's record is
loaded. With this index, search (theme/assets/search.js) tells which institutions of a part match, counts
and ranks them, and loads the records of only the parts it shows (generator/views/search_parts.py).
Positions are stored as differences (each institution's length in words): a few bytes per institution.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .. import urls
from ..views.search_parts import FIRST_KEY

# Pagefind writes every fragment as gzip("pagefind_dcd" + JSON).
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
_CODE_SLOT = "{code}"


def fragments(pagefind_dir: Path):
    """(Pagefind's page id, the page's record) for every page indexed, in id order."""
    for fragment in sorted((pagefind_dir / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        yield fragment.stem, json.loads(data.removeprefix(_FRAGMENT_SIGNATURE))


def part_entry(page_id: str, first: int, record: dict) -> list:
    """[page id, first institution's position, [start of the first institution's words, then the length of
    each institution's words but the last]]: headings are the institutions, in the page's order."""
    starts = sorted(a["location"] for a in record["anchors"] if a["element"] == "h2")
    return [page_id, first, [b - a for a, b in zip([0, *starts], starts, strict=False)]]


def parts_index(pagefind_dir: Path) -> bytes:
    """Parts are the pages whose Pagefind meta has FIRST_KEY (templates/search_part.html)."""
    entries = [
        part_entry(page_id, int(record["meta"][FIRST_KEY]), record)
        for page_id, record in fragments(pagefind_dir)
        if FIRST_KEY in record["meta"]
    ]
    entries.sort(key=lambda entry: entry[1])
    index = {"institution": urls.institution(_CODE_SLOT), "parts": entries}
    text = json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode(), mtime=0)


def write_parts_index(site_dir: Path) -> None:
    target = site_dir / urls.search_parts_index()
    target.write_bytes(parts_index(site_dir / urls.search_bundle()))
