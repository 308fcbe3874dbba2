"""Lists that name every institution, split so that no page grows with the number of institutions.

Each such list (directory, complaints channels, calendar, compliance dashboard, inspections, each fee
comparison) has a light national index of provinces in GB/T 2260 order, and one page per province.
A province with more than ROWS_PER_PAGE rows is paginated rather than split by city: pages keep the
list's own order (region, date or fee), a municipality (北京市, 上海市) has a single city code, so a
city split would not bound it, and every page offers jump links to the page where each city starts.
Filtering across the whole country is the search page's job (generator/index/facets.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..format import page_title
from ..reference.codes import PROVINCES

# 100 directory rows are about 80 KB of HTML, 100 complaint cards about 180 KB (20–30 KB gzipped):
# the first view on a phone stays light, and a province of 4,000 institutions has 40 pages.
ROWS_PER_PAGE = 100
NEAR_PAGES = 2  # the pager links the first, the last and this many pages either side of the current one

PathOf = Callable[[str, int], str]  # (province code, page number) → site path


@dataclass(frozen=True)
class ListPart:
    """One page of one province's part of a list."""

    province: str  # the first two digits of a region code
    number: int  # 1-based
    count: int  # pages of this province
    total: int  # rows of this province on all its pages
    items: tuple[Any, ...]
    first_row: int  # 1-based position of items[0] among the province's rows

    @property
    def name(self) -> str:
        return province_name(self.province)

    def title(self, list_title: str) -> str:
        pages = f" · 第 {self.number} 页" if self.count > 1 else ""
        return page_title(f"{list_title} · {self.name}{pages}")


def province_name(code: str) -> str:
    return PROVINCES.get(code, code)


def _gb_order(code: str) -> tuple:
    order = list(PROVINCES)
    return (order.index(code), code) if code in PROVINCES else (len(order), code)


def by_province(items: Iterable, province_of: Callable) -> dict[str, list]:
    """Items grouped by province code (their order kept), provinces in GB/T 2260 order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(province_of(item), []).append(item)
    return {code: groups[code] for code in sorted(groups, key=_gb_order)}


def list_parts(code: str, items: list) -> list[ListPart]:
    """A province's rows cut into pages of ROWS_PER_PAGE."""
    starts = range(0, len(items), ROWS_PER_PAGE) if items else [0]
    count = len(starts)
    return [
        ListPart(code, number, count, len(items), tuple(items[start : start + ROWS_PER_PAGE]), start + 1)
        for number, start in enumerate(starts, start=1)
    ]


def province_links(groups: dict[str, list], path_of: PathOf, **figures: Callable[[list], int]) -> list[dict]:
    """The index's list of provinces: name, number of rows, link, and any further figure per province."""
    return [
        {
            "code": code,
            "name": province_name(code),
            "count": len(items),
            "url": path_of(code, 1),
            **{name: figure(items) for name, figure in figures.items()},
        }
        for code, items in groups.items()
    ]


def city_starts(items: list, city_of: Callable[[Any], tuple[str, str]], path_of: PathOf) -> list[dict]:
    """Where each city's rows start (rows in region order): a jump link per city to its first page."""
    cities: dict[str, dict] = {}
    for position, item in enumerate(items):
        code, name = city_of(item)
        if code not in cities:
            cities[code] = {"code": code, "name": name, "count": 0, "page": position // ROWS_PER_PAGE + 1}
        cities[code]["count"] += 1
    for code, city in cities.items():
        city["url"] = path_of(code[:2], city["page"]) + f"#{city_anchor(code)}"
    return list(cities.values())


def city_anchor(city_code: str) -> str:
    return f"city-{city_code}"


def city_anchors(items: Iterable, city_code_of: Callable[[Any], str]) -> list[str | None]:
    """For each row of a page: the anchor of its city if it is the city's first row on this page."""
    seen: set[str] = set()
    anchors = []
    for item in items:
        code = city_code_of(item)
        anchors.append(None if code in seen else city_anchor(code))
        seen.add(code)
    return anchors


def pager(part: ListPart, path_of: PathOf) -> dict:
    """The page navigation ("第 2 页，共 5 页", previous, next, and the pages near this one)."""
    near = {1, part.count, *range(part.number - NEAR_PAGES, part.number + NEAR_PAGES + 1)}
    shown = sorted(n for n in near if 1 <= n <= part.count)
    pages: list[dict[str, Any]] = []
    previous = 0
    for n in shown:
        if n > previous + 1:
            pages.append({"gap": True})
        pages.append({"gap": False, "number": n, "url": path_of(part.province, n), "current": n == part.number})
        previous = n
    return {
        "number": part.number,
        "count": part.count,
        "total": part.total,
        "first_row": part.first_row,
        "last_row": part.first_row + len(part.items) - 1,
        "previous": path_of(part.province, part.number - 1) if part.number > 1 else None,
        "next": path_of(part.province, part.number + 1) if part.number < part.count else None,
        "pages": pages if part.count > 1 else [],
    }


def part_context(part: ListPart, path_of: PathOf, cities: list[dict] | None = None) -> dict:
    """What every province page shows around its rows: which province, the pager, the city jump links."""
    return {
        "province": {"code": part.province, "name": part.name},
        "pager": pager(part, path_of),
        "cities": cities or [],
    }
