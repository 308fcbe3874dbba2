"""A nudge, not a rule: dates written 2026-10-20 inside free text read better as 2026年10月20日.

The site words every date field in Chinese; text the institution typed (notes, policies) is shown as
typed, so `portal check` suggests the Chinese form at the date's own line and column (a warning).
"""

from __future__ import annotations

import datetime as dt
import re

from ..format import date_cn
from ..load.yamlfile import YamlDocument
from ..problems import WARNING, Problem, shown_value
from .text import problem_in_text

# Not inside a longer token (a URL path, an identifier such as NJ-2026-06-DG4).
_ISO_DATE = re.compile(r"(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/.-])")


_CONTEXT = 4  # characters quoted either side of the date in the suggestion


def _dates_in(value: str) -> list[tuple[int, str, str]]:
    """(index, as written, as 2026年10月20日) for each real calendar date written with hyphens."""
    found = []
    for match in _ISO_DATE.finditer(value):
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
        found.append((match.start(), match.group(), date_cn(day)))
    return found


def iso_date_warnings(doc: YamlDocument, schema_name: str) -> list[Problem]:
    problems = []
    for path, value in doc.texts():
        if _ISO_DATE.search(value) is None:
            continue  # the common case: no date in it
        if value.lstrip().lower().startswith(("http://", "https://")):
            continue
        dates = _dates_in(value)
        if not dates or dates[0][1] == value.strip():
            continue  # a date field on its own (quoted in YAML) is not free text
        start, written, chinese = dates[0]
        before, after = value[max(0, start - _CONTEXT) : start], value[start + len(written) :][:_CONTEXT]
        more = f"（共 {len(dates)} 处）" if len(dates) > 1 else ""
        problems.append(
            problem_in_text(
                doc,
                schema_name,
                path,
                value,
                start,
                f"文字中的日期写作 {written}{more}：页面上其他日期都显示为 {chinese} 这样的格式",
                f"建议把 “{shown_value(before + written + after)}” 写为 “{shown_value(before + chinese + after)}”",
                severity=WARNING,
            )
        )
    return problems
