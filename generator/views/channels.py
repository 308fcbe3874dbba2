"""Query and complaint channels with links that work on a phone (tel:, mailto:, https:)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..format import mailto_href, safe_http_url, tel_href
from ..model import Channel
from ..names import COMPLAINT_CHANNEL_NAMES, QUERY_CHANNEL_NAMES

CHANNEL_GROUPS = {
    "results": "评价结果查询",
    "certificates": "证书查询",
    "complaints": "投诉监督（机构）",
    "supervisor_complaints": "监管部门投诉",
}
# The channel groups this portal's own lookup pages serve (a channel of type "portal" links there).
PORTAL_LOOKUP = {"results": urls.lookup("result"), "certificates": urls.lookup("certificate")}


@dataclass(frozen=True)
class ChannelView:
    type_name: str
    value: str
    hours: str | None
    handler: str | None
    href: str | None  # absolute (tel:, mailto:, http(s):) or None
    portal_path: str | None  # site-relative path of this portal's lookup page


def channel_view(channel: Channel, group: str) -> ChannelView:
    names = COMPLAINT_CHANNEL_NAMES if "complaints" in group else QUERY_CHANNEL_NAMES
    href = None
    if channel.type == "url":
        href = safe_http_url(channel.value)
    elif channel.type == "phone":
        href = tel_href(channel.value)
    elif channel.type == "email":
        href = mailto_href(channel.value)
    portal = PORTAL_LOOKUP.get(group) if channel.type == "portal" else None
    return ChannelView(
        names.get(channel.type, channel.type), channel.value, channel.hours, channel.handler, href, portal
    )


def channel_groups(channels: dict) -> dict[str, list[ChannelView]]:
    return {group: [channel_view(c, group) for c in channels.get(group, ())] for group in CHANNEL_GROUPS}


def missing_channel_groups(channels: dict) -> list[str]:
    """Groups the institution left empty: the public must see that, and indicators 18/26 report it."""
    return [CHANNEL_GROUPS[g] for g in ("results", "certificates", "complaints") if not channels.get(g)]
