"""Names of channel groups and types, shared by the channel rules and the change history."""

from __future__ import annotations

from ..model import COMPLAINT_CHANNEL_NAMES, QUERY_CHANNEL_NAMES

CHANNEL_GROUP_NAMES = {
    "results": "评价结果查询渠道",
    "certificates": "证书查询渠道",
    "complaints": "投诉监督渠道",
    "supervisor_complaints": "监管部门投诉渠道",
}


def channel_type_name(group: str, type_: str) -> str:
    names = QUERY_CHANNEL_NAMES if group in ("results", "certificates") else COMPLAINT_CHANNEL_NAMES
    return names.get(type_, type_)
