"""China's working days: statutory holidays and the adjusted working days (调休), never guessed.

Sources, the first that knows a day wins:
1. a schedule file in generator/check/schedules/<year>.yaml, added by pull request when the State
   Council publishes the year's 节假日安排 (usually in November or December of the year before);
2. chinese-calendar (official schedules 2004–2026, with 调休; raises for later years);
3. for a year neither knows: the statutory holidays themselves (holidays, computed by rule from
   《全国年节及纪念日放假办法》) are days off, and a day far from every statutory holiday follows the
   ordinary week. A day within BRIDGE_WINDOW days of a statutory holiday may become a bridge day or a
   调休 Saturday once the schedule is published: it is unknown, and a check that depends on it warns.
   (Measured with chinese-calendar: every bridge day and 调休 day of 2008–2026 lay within 8 days of a
   statutory holiday; the window leaves a margin.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

BRIDGE_WINDOW = 14
SCHEDULES_PACKAGE = "generator.check.schedules"

FILE = "schedule file"
LIBRARY = "chinese-calendar"
STATUTORY = "statutory rule"


@dataclass(frozen=True)
class Schedule:
    """One year's official 节假日安排: every day off that is not a weekend, and every 调休 working weekend day."""

    year: int
    source: str
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() < 5


class ScheduleError(ValueError):
    pass


def parse_schedule(text: str, name: str) -> Schedule:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or set(data) - {"year", "source", "holidays", "workdays"}:
        raise ScheduleError(f"{name}: 应包含 year、source、holidays、workdays")
    year = data.get("year")
    if not isinstance(year, int):
        raise ScheduleError(f"{name}: year 应为年份，例如 2027")
    days = {key: frozenset(data.get(key) or ()) for key in ("holidays", "workdays")}
    for key, values in days.items():
        if not all(isinstance(d, dt.date) and d.year == year for d in values):
            raise ScheduleError(f"{name}: {key} 中的每一项都应是 {year} 年的日期（YYYY-MM-DD）")
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise ScheduleError(f"{name}: source 应写明国务院办公厅通知的名称和文号")
    return Schedule(year, data["source"].strip(), days["holidays"], days["workdays"])


def load_schedules(folder: Path | None = None) -> dict[int, Schedule]:
    """Schedule files by year: from `folder`, or the ones shipped in generator/check/schedules/."""
    base = Path(folder) if folder is not None else resources.files(SCHEDULES_PACKAGE)
    schedules = {}
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            schedule = parse_schedule(entry.read_text("utf-8"), entry.name)
            schedules[schedule.year] = schedule
    return schedules


@lru_cache(maxsize=64)
def _statutory(year: int) -> frozenset[dt.date]:
    import holidays  # noqa: PLC0415 - only needed for years without an official schedule

    return frozenset(holidays.China(years=range(year - 1, year + 2), observed=False))


def _library_knows(day: dt.date) -> bool | None:
    import chinese_calendar  # noqa: PLC0415

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class WorkingDayCount:
    count: int  # working days known for certain
    unknown: tuple[dt.date, ...]  # days no source can settle yet


class WorkdayCalendar:
    def __init__(self, schedules: dict[int, Schedule] | None = None):
        self.schedules = load_schedules() if schedules is None else schedules
        self._cache: dict[dt.date, tuple[bool | None, str]] = {}
        # Running totals per year (working days, unknown days up to and including each day), so that a
        # count over any span is two subtractions: the audit counts for every plan of every institution.
        self._totals: dict[int, tuple[list[int], list[int]]] = {}

    def day(self, day: dt.date) -> tuple[bool | None, str]:
        """(True working / False day off / None unknown, the source that said so)."""
        if day not in self._cache:
            self._cache[day] = self._lookup(day)
        return self._cache[day]

    def is_working_day(self, day: dt.date) -> bool | None:
        return self.day(day)[0]

    def _lookup(self, day: dt.date) -> tuple[bool | None, str]:
        if day.year in self.schedules:
            return self.schedules[day.year].is_working_day(day), FILE
        known = _library_knows(day)
        if known is not None:
            return known, LIBRARY
        statutory = _statutory(day.year)
        if day in statutory:
            return False, STATUTORY
        if any(abs((day - holiday).days) <= BRIDGE_WINDOW for holiday in statutory):
            return None, STATUTORY
        return day.weekday() < 5, STATUTORY

    def _running(self, day: dt.date) -> tuple[int, int]:
        """(working days, unknown days) from the start of day's year through day."""
        if day.year not in self._totals:
            working, unknown, w, u = [], [], 0, 0
            current = dt.date(day.year, 1, 1)
            while current.year == day.year:
                state = self.is_working_day(current)
                w += state is True
                u += state is None
                working.append(w)
                unknown.append(u)
                current += dt.timedelta(days=1)
            self._totals[day.year] = (working, unknown)
        working, unknown = self._totals[day.year]
        index = day.timetuple().tm_yday - 1
        return working[index], unknown[index]

    def working_days_between(self, start: dt.date, end: dt.date) -> WorkingDayCount:
        """Working days after `start` and before `end` (neither day counted)."""
        if end <= start + dt.timedelta(days=1):
            return WorkingDayCount(0, ())
        last = end - dt.timedelta(days=1)
        if start.year == last.year:  # the common case, answered from the running totals
            w0, u0 = self._running(start)
            w1, u1 = self._running(last)
            if u1 == u0:
                return WorkingDayCount(w1 - w0, ())
        return self._count_day_by_day(start, end)

    def _count_day_by_day(self, start: dt.date, end: dt.date) -> WorkingDayCount:
        count, unknown = 0, []
        day = start + dt.timedelta(days=1)
        while day < end:
            working = self.is_working_day(day)
            if working is None:
                unknown.append(day)
            elif working:
                count += 1
            day += dt.timedelta(days=1)
        return WorkingDayCount(count, tuple(unknown))

    def add_working_days(self, start: dt.date, days: int) -> tuple[dt.date, bool]:
        """The day on which `days` working days after `start` have passed, and whether every day on the
        way was known (False: an unknown day was counted as a day off, so the true date may be earlier)."""
        day, counted, certain = start, 0, True
        while counted < days:
            day += dt.timedelta(days=1)
            working = self.is_working_day(day)
            if working is None:
                certain = False
            elif working:
                counted += 1
        return day, certain


@lru_cache(maxsize=1)
def default_calendar() -> WorkdayCalendar:
    return WorkdayCalendar()
