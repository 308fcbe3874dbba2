"""The build's notion of "today": SOURCE_DATE_EPOCH when set, so builds and tests are reproducible."""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8))


def build_today() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=CHINA).date()
    return dt.datetime.now(tz=CHINA).date()
