"""Files that would list every institution are split, so that no published file grows with their number.

A static host or CDN limits the size of one file (Cloudflare Pages refuses files over 25 MiB, GitHub Pages
warns at 100 MB), and nobody subscribes to a calendar of 170 MB. The open data (generator/feeds/opendata.py)
and the calendar of every plan (generator/feeds/ical.py) are therefore published per province (the first
two digits of the region code, GB/T 2260), and a province with more than INSTITUTIONS_PER_PART
institutions in numbered parts of at most that many. One part's file then holds at most
INSTITUTIONS_PER_PART institutions, however many there are in the country (tests/test_file_sizes.py).
The national index data/index.json lists every part's files with their sizes and record counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Institution
from ..reference.codes import PROVINCES

# About 6 MB for the largest kind (compliance.json, 19 findings per institution) and 4 MB of calendar:
# well under the 20 MiB the benchmark holds every file to, and quick to download on a phone.
INSTITUTIONS_PER_PART = 1000


@dataclass(frozen=True)
class Shard:
    """Part `number` of `count` of one province's institutions (in credit code order)."""

    province: str  # the first two digits of a region code
    number: int  # 1-based
    count: int
    institutions: tuple[Institution, ...]

    @property
    def province_name(self) -> str:
        return PROVINCES.get(self.province, self.province)

    @property
    def name(self) -> str:
        """ "广东省", or "广东省（第 2 部分，共 3 部分）" for a province in parts."""
        return self.province_name + (f"（第 {self.number} 部分，共 {self.count} 部分）" if self.count > 1 else "")


def province_of(inst: Institution) -> str:
    return inst.region_code[:2]


def _gb_order(code: str) -> tuple:
    order = list(PROVINCES)
    return (order.index(code), code) if code in PROVINCES else (len(order), code)


def shards(institutions: Iterable[Institution], per_part: int | None = None) -> list[Shard]:
    """The institutions by province (GB/T 2260 order), each province cut into parts of at most per_part
    (INSTITUTIONS_PER_PART unless given)."""
    per_part = per_part or INSTITUTIONS_PER_PART
    groups: dict[str, list[Institution]] = {}
    for inst in sorted(institutions, key=lambda i: i.credit_code):
        groups.setdefault(province_of(inst), []).append(inst)
    result = []
    for code in sorted(groups, key=_gb_order):
        members = groups[code]
        starts = range(0, len(members), per_part)
        result += [
            Shard(code, number, len(starts), tuple(members[start : start + per_part]))
            for number, start in enumerate(starts, start=1)
        ]
    return result
