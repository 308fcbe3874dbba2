"""The institution directory: a national index of provinces, one table per province (see split.py), and
the facets the search page filters by."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Institution, occupation_names
from ..names import INSTITUTION_KIND_NAMES, LEVEL_NAMES, LEVEL_SHORT, STATUS_NAMES
from ..reference.codes import PROVINCES
from .facets import facet, option
from .split import ListPart, city_anchors, part_context


def _levels_text(levels: tuple[int, ...]) -> str:
    return "、".join(LEVEL_SHORT[level] for level in sorted(levels, reverse=True))


def offer_token(occupation_code: str, level: int) -> str:
    """One (occupation, level) pair as a filter token; the scripts build the same from two select values."""
    return f"{occupation_code}:{level}"


def directory_row(inst: Institution, anchor: str | None = None) -> dict:
    """One table row; the data-* values are space-separated tokens the filter script matches."""
    return {
        "anchor": anchor,
        "url": urls.institution(inst.credit_code),
        "name": inst.name,
        "region": inst.region_text,
        "kind_name": INSTITUTION_KIND_NAMES[inst.kind],
        "offers": [f"{s.occupation}（{_levels_text(s.levels)}）" for s in inst.scope],
        "status": inst.status,
        "status_name": STATUS_NAMES[inst.status],
        "data": {
            "province": inst.region_code[:2],
            "city": inst.region_code[:4],
            "kind": inst.kind,
            "occupations": " ".join(sorted({s.occupation_code for s in inst.scope})),
            "levels": " ".join(str(level) for level in sorted({lv for s in inst.scope for lv in s.levels})),
            # occupation and level together: "evaluates this occupation at this level"
            "offers": " ".join(sorted(offer_token(s.occupation_code, lv) for s in inst.scope for lv in s.levels)),
            "status": inst.status,
        },
    }


def directory_facets(institutions: list[Institution]) -> list[dict]:
    """Select boxes above the table, with only the values some institution has."""
    provinces = {i.region_code[:2] for i in institutions}
    cities = {i.region_code[:4]: i.city for i in sorted(institutions, key=lambda i: i.credit_code)}
    institution_kinds = {i.kind for i in institutions}
    occupations = {s.occupation_code for i in institutions for s in i.scope}
    levels = {lv for i in institutions for s in i.scope for lv in s.levels}
    statuses = {i.status for i in institutions}
    names = occupation_names(institutions)
    return [
        facet("province", "省份", "全部省份", [option(c, PROVINCES.get(c, c)) for c in sorted(provinces)]),
        facet("city", "城市", "全部城市", [option(c, cities[c], province=c[:2]) for c in sorted(cities)]),
        facet(
            "kind",
            "机构类型",
            "全部类型",
            [option(k, name) for k, name in INSTITUTION_KIND_NAMES.items() if k in institution_kinds],
        ),
        facet("occupations", "评价职业", "全部职业", [option(c, names[c]) for c in sorted(occupations)]),
        facet(
            "levels",
            "等级",
            "全部等级",
            [option(str(lv), name) for lv, name in sorted(LEVEL_NAMES.items(), reverse=True) if lv in levels],
        ),
        facet("status", "目录状态", "全部状态", [option(s, name) for s, name in STATUS_NAMES.items() if s in statuses]),
    ]


def in_region_order(institutions: list[Institution]) -> list[Institution]:
    return sorted(institutions, key=lambda i: (i.region_code, i.credit_code))


def directory_rows(institutions: list[Institution]) -> list[dict]:
    """Every institution's row in region-code order (the search page's filter data keeps this order)."""
    return [directory_row(i) for i in in_region_order(institutions)]


def status_counts(institutions: list[Institution]) -> list[str]:
    statuses = Counter(i.status for i in institutions)
    return [f"{name} {statuses[s]} 家" for s, name in STATUS_NAMES.items() if statuses[s]]


def search_form(facets: list[dict], province: str | None = None) -> dict:
    """The filter form that leads to the search page (a GET form: its fields are the search page's facets).
    On a province page the province is fixed and only that province's cities are offered."""
    if province:
        facets = [
            {**f, "options": [o for o in f["options"] if o["province"] == province]} if f["key"] == "city" else f
            for f in facets
            if f["key"] != "province"
        ]
    return {"action": urls.search(), "province": province, "facets": facets}


def directory_index_view(institutions: list[Institution], provinces: list[dict], facets: list[dict]) -> dict:
    """The national index: provinces with their counts, and the filter form that searches the whole country."""
    return {
        "total": len(institutions),
        "counts": status_counts(institutions),
        "provinces": provinces,
        "search_form": search_form(facets),
    }


def directory_part_view(part: ListPart, cities: list[dict], facets: list[dict]) -> dict:
    """One page of one province's institutions, in region-code order, with jump links by city."""
    anchors = city_anchors(part.items, lambda i: i.region_code[:4])
    return {
        **part_context(part, urls.directory_province, cities),
        "rows": [directory_row(i, anchor) for i, anchor in zip(part.items, anchors, strict=True)],
        "search_form": search_form(facets, part.province),
    }
