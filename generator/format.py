"""How values read on the page and in the feeds: Chinese dates, yuan, safe link targets.

Below views, feeds and render: every part that words a value imports it, it imports nothing of ours.
"""

from __future__ import annotations

import datetime as dt
import re

_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_TITLE_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def date_cn(value: dt.date | None, empty: str = "—") -> str:
    if value is None:
        return empty
    return f"{value.year}年{value.month}月{value.day}日"


def month_cn(value: dt.date) -> str:
    return f"{value.year}年{value.month}月"


def yuan(amount: float | None, empty: str = "—") -> str:
    """¥380 for whole yuan, ¥380.50 otherwise."""
    if amount is None:
        return empty
    if float(amount).is_integer():
        return f"¥{int(amount):,}"
    return f"¥{amount:,.2f}"


def safe_http_url(value: str | None) -> str | None:
    """Only http(s) links ever become href attributes."""
    if value and _SAFE_URL.match(value):
        return value
    return None


def tel_href(phone: str) -> str | None:
    """tel: link for a phone number as submitted (an extension after 转 is dropped: dialers cannot use it)."""
    number = phone.split("转")[0]
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits}" if digits else None


def mailto_href(address: str) -> str | None:
    if re.fullmatch(r"[^@\s<>\"':/]+@[^@\s<>\"':/]+\.[A-Za-z]{2,}", address):
        return f"mailto:{address}"
    return None


def page_title(text: str) -> str:
    """Titles reach places in the mkdocs theme that do not escape: replace HTML-special characters."""
    return " ".join(text.translate(_TITLE_UNSAFE).split())
