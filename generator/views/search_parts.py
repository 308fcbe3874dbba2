"""Search parts: the text by which search finds institutions, PART_SIZE institutions to a page.

Pagefind's index lists every page it holds (its meta file, fetched by every first query, grew by about
6.5 bytes gzipped per page: 328 KB at 50,000 institution pages, issue F8). So institution pages are not
indexed one by one: each province's institutions, in the directory's order, are cut into parts of at most
PART_SIZE, and each part is one search-only page where every institution is a heading (its id the credit
code) followed by the facts it is found by. Search (theme/assets/search.js) turns each part Pagefind finds
into the institutions in it that match, each linked to its own page (generator/index/parts.py tells where
each institution's text starts).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from ..model import Institution
from ..names import INSTITUTION_KIND_NAMES, STATUS_NAMES
from .directory import in_region_order
from .split import province_name

# A part's Pagefind record (the text of its institutions) is about 13 KB gzipped at 100 institutions; a
# first query loads the records of the parts its first ten results are in (usually one or two).
PART_SIZE = 100
FIRST_KEY = "part-first"  # a part's Pagefind meta: the position of its first institution (index/parts.py)


@dataclass(frozen=True)
class SearchPart:
    province: str  # the first two digits of a region code
    number: int  # 1-based, within the province
    first: int  # 0-based position of institutions[0] in the directory's order (the search filters' numbering)
    institutions: tuple[Institution, ...]


def search_parts(institutions: list[Institution]) -> Iterator[SearchPart]:
    """Every institution once, in the directory's order (the order the search filters number them in)."""
    ordered = in_region_order(institutions)
    position = 0
    for province, members in groupby(ordered, key=lambda i: i.region_code[:2]):
        group = list(members)
        for number, start in enumerate(range(0, len(group), PART_SIZE), start=1):
            yield SearchPart(province, number, position + start, tuple(group[start : start + PART_SIZE]))
        position += len(group)


def search_summary(inst: Institution) -> str:
    """The line under an institution's name in the search results."""
    return f"{inst.region_text} · {INSTITUTION_KIND_NAMES[inst.kind]} · {STATUS_NAMES[inst.status]}"


def search_entry(inst: Institution) -> dict:
    """What an institution is found by: names, status, kind, place, scope, venues, address and filing facts
    (not its fees, plans, channels or publicity: Pagefind's memory grows with the text it indexes, and
    fees and plans are found on their own pages)."""
    return {
        "code": inst.credit_code,
        "name": inst.name,
        "short_name": inst.short_name,
        "summary": search_summary(inst),
        "scope": [
            (s.occupation_code, s.occupation, s.work_type, "、".join(e.level_name for e in s.evaluations))
            for s in inst.scope
        ],
        "venues": [(v.name, v.address) for v in inst.venues],
        "address": inst.address,
        "authority": inst.filing["authority"],
        "filing_number": inst.filing.get("number"),
        "status_note": inst.filing.get("status_note"),
    }


def search_part_view(part: SearchPart) -> dict:
    return {
        "part": part,
        "first_key": FIRST_KEY,
        "province_name": province_name(part.province),
        "entries": [search_entry(i) for i in part.institutions],
    }
