"""The 33 supervision indicators (技能人才评价质量督导指标体系), parsed from the reference text shipped with the package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SOURCE_FILE = "supervision-indicators.zh.txt"
SOURCE_NAME = "技能人才评价质量督导指标体系（附件1）"
# Indicators that can be judged from what institutions publish (the reference README lists them);
# the others reach the portal only through inspection records.
DISCLOSURE_INDICATORS = frozenset({1, 2, 14, 16, 17, 18, 26, 27, 28, 29, 31})

_AREA = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_ITEM = re.compile(r"^(\d+)．(.+)$")


@dataclass(frozen=True)
class Indicator:
    number: int
    title: str
    text: str
    area: str
    truncated: bool = False

    @property
    def disclosure(self) -> bool:
        return self.number in DISCLOSURE_INDICATORS


@dataclass(frozen=True)
class Area:
    heading: str
    summary: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class IndicatorSystem:
    preface: str
    areas: tuple[Area, ...]

    @property
    def indicators(self) -> dict[int, Indicator]:
        return {i.number: i for a in self.areas for i in a.indicators}


@lru_cache(maxsize=1)
def indicator_system() -> IndicatorSystem:
    text = resources.files("generator.reference").joinpath(SOURCE_FILE).read_text("utf-8")
    return parse_indicators(text)


def parse_indicators(text: str) -> IndicatorSystem:
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    preface_lines: list[str] = []
    areas: list[Area] = []
    heading = summary = None
    items: list[Indicator] = []
    previous_number = 0

    def close_area():
        if heading is not None:
            areas.append(Area(heading, summary or "", tuple(items)))

    for line in lines:
        stripped = line.strip()
        if (m := _AREA.match(stripped)) is not None:
            close_area()
            heading, summary, items = stripped, None, []
        elif heading is None:
            preface_lines.append(stripped)
        elif (m := _ITEM.match(stripped)) is not None:
            number = int(m.group(1))
            title, _, rest = m.group(2).partition("。")
            items.append(Indicator(number, title, rest, heading))
            previous_number = number
        elif summary is None:
            summary = stripped
        else:
            # A line that is neither heading nor numbered item: the surviving tail of an indicator whose
            # beginning is missing from the source (indicator 8). Keep it, marked as truncated.
            previous_number += 1
            items.append(Indicator(previous_number, "（原文残缺）", "…" + stripped, heading, truncated=True))
    close_area()
    preface = next((p for p in preface_lines if p.startswith("技能人才评价质量督导指标体系包含")), "")
    return IndicatorSystem(preface, tuple(areas))


def indicator_label(number: int) -> str:
    """ "14 评价活动的策划"; indicator 8's title is lost in the source and is shown as such."""
    indicator = indicator_system().indicators.get(number)
    return f"{number} {indicator.title}" if indicator else str(number)
