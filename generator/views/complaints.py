"""Where to complain and where to query results: every institution's channels, grouped by province."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Institution
from ..names import STATUS_NAMES
from .channels import CHANNEL_GROUPS, channel_groups, missing_channel_groups
from .split import ListPart, city_anchors, part_context


def channel_card(inst: Institution) -> dict:
    return {
        "url": urls.institution(inst.credit_code),
        "name": inst.name,
        "city": "".join(x for x in (inst.city, inst.district) if x),
        "status": inst.status,
        "status_name": STATUS_NAMES[inst.status],
        "channels": channel_groups(inst.channels),
        "missing": missing_channel_groups(inst.channels),
    }


def complaints_index_view(institutions: list[Institution], provinces: list[dict]) -> dict:
    """The how-to text and the provinces; each province's channels are on its own pages."""
    return {
        "provinces": provinces,
        "institution_count": len(institutions),
        "missing_summary": missing_summary(institutions),
    }


def complaints_part_view(part: ListPart, cities: list[dict]) -> dict:
    """One page of one province's institutions (region-code order) with their channels."""
    anchors = city_anchors(part.items, lambda i: i.region_code[:4])
    return {
        **part_context(part, urls.complaints_province, cities),
        "cards": [{**channel_card(i), "anchor": a} for i, a in zip(part.items, anchors, strict=True)],
    }


def missing_summary(institutions: list[Institution]) -> list[str]:
    """How many institutions left each channel group empty, e.g. "2 家未公示投诉监督渠道"."""
    counts = Counter(group for inst in institutions for group in missing_channel_groups(inst.channels))
    return [f"{counts[name]} 家未公示{name}渠道" for name in CHANNEL_GROUPS.values() if counts[name]]
