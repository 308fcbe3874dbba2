"""The institution directory: one complete table, and the facets it can be filtered by."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Institution, occupation_names
from ..names import INSTITUTION_KIND_NAMES, LEVEL_NAMES, LEVEL_SHORT, STATUS_NAMES
from ..reference.codes import PROVINCES
from .facets import facet, option


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


def province_groups(ordered: list[Institution]) -> list[dict]:
    """Jump links for readers without JavaScript, to the first row of each province."""
    counts = Counter(i.region_code[:2] for i in ordered)
    firsts: dict[str, str] = {}  # province code -> credit code of its first row
    for inst in ordered:
        firsts.setdefault(inst.region_code[:2], inst.credit_code)
    return [
        {"code": code, "name": PROVINCES.get(code, code), "count": counts[code], "first": first}
        for code, first in firsts.items()
    ]


def directory_view(institutions: list[Institution]) -> dict:
    """Rows in region-code order (the no-JavaScript reading order); the script can re-sort by name."""
    ordered = sorted(institutions, key=lambda i: (i.region_code, i.credit_code))
    provinces = province_groups(ordered)
    anchors = {p["first"]: f"province-{p['code']}" for p in provinces}
    statuses = Counter(i.status for i in institutions)
    return {
        "rows": [directory_row(i, anchors.get(i.credit_code)) for i in ordered],
        "facets": directory_facets(institutions),
        "provinces": provinces,
        "counts": [f"{name} {statuses[s]} 家" for s, name in STATUS_NAMES.items() if statuses[s]],
    }
