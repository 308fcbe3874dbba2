"""Where to complain and where to query results: every institution's channels, grouped by province."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Institution
from ..names import STATUS_NAMES
from ..reference.codes import PROVINCES
from .channels import CHANNEL_GROUPS, channel_groups, missing_channel_groups


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


def complaints_view(institutions: list[Institution]) -> dict:
    """Provinces in region-code order; within a province, institutions by region code then credit code."""
    provinces: dict[str, dict] = {}
    for inst in sorted(institutions, key=lambda i: (i.region_code, i.credit_code)):
        prefix = inst.region_code[:2]
        group = provinces.setdefault(
            prefix, {"code": prefix, "name": PROVINCES.get(prefix, inst.province), "cards": []}
        )
        group["cards"].append(channel_card(inst))
    cards = [c for g in provinces.values() for c in g["cards"]]
    return {
        "provinces": list(provinces.values()),
        "institution_count": len(cards),
        "missing_summary": missing_summary(institutions),
    }


def missing_summary(institutions: list[Institution]) -> list[str]:
    """How many institutions left each channel group empty, e.g. "2 家未公示投诉监督渠道"."""
    counts = Counter(group for inst in institutions for group in missing_channel_groups(inst.channels))
    return [f"{counts[name]} 家未公示{name}渠道" for name in CHANNEL_GROUPS.values() if counts[name]]
