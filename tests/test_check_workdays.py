"""Working days with China's holidays and 调休: libraries for known years, a schedule file that wins,
and no guessing for a year nobody has published yet."""

from __future__ import annotations

import datetime as dt

import pytest
from auditdata import audit, clean, write_institution

from generator.check import FAIL, PASS, WARN
from generator.check.workdays import ScheduleError, WorkdayCalendar, load_schedules, parse_schedule

D = dt.date
SCHEDULE_2027 = """\
year: 2027
source: 测试用安排（格式同国务院办公厅通知）
holidays: [2027-01-01, 2027-01-02, 2027-01-03, 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08,
           2027-02-09, 2027-02-10, 2027-02-11]
workdays: [2027-02-20]
"""


@pytest.fixture
def calendar():
    return WorkdayCalendar(schedules={})


@pytest.mark.parametrize(
    "day,working",
    [
        (D(2026, 2, 14), True),  # Saturday before 春节: 调休 working day
        (D(2026, 2, 16), False),  # 除夕 week, a Monday off
        (D(2026, 2, 23), False),  # last day of the 春节 break (a Monday)
        (D(2026, 2, 28), True),  # Saturday after 春节: 调休 working day
        (D(2026, 10, 5), False),  # 国庆 Monday
        (D(2026, 10, 10), True),  # Saturday after 国庆: 调休 working day
        (D(2026, 9, 20), True),  # Sunday before 国庆: 调休 working day
        (D(2026, 11, 21), False),  # an ordinary Saturday
    ],
)
def test_known_years_follow_the_official_schedule(calendar, day, working):
    assert calendar.is_working_day(day) is working


def test_counting_across_spring_festival_counts_the_adjusted_saturday(calendar):
    count = calendar.working_days_between(D(2026, 2, 10), D(2026, 2, 27))
    # 11, 12, 13 (Wed–Fri), 14 (调休 Sat); 15–23 off; 24, 25, 26
    assert (count.count, count.unknown) == (7, ())


def test_counting_across_national_day(calendar):
    count = calendar.working_days_between(D(2026, 9, 28), D(2026, 10, 12))
    # 29, 30; 10-01..10-07 off (per the 2026 notice); 10-08, 10-09, 10-10 (调休 Sat); 10-11 Sunday
    assert count.count == 5 and count.unknown == ()


def test_a_year_nobody_published_is_not_guessed(calendar):
    assert calendar.is_working_day(D(2027, 2, 6)) is False  # 春节 itself: statutory, certain
    assert calendar.is_working_day(D(2027, 2, 3)) is None  # could become a bridge day
    assert calendar.is_working_day(D(2027, 2, 20)) is None  # could become a 调休 Saturday
    assert calendar.is_working_day(D(2027, 7, 20)) is True  # far from every holiday: an ordinary Tuesday
    assert calendar.is_working_day(D(2027, 7, 24)) is False  # an ordinary Saturday


def test_turn_of_an_unknown_year(calendar):
    count = calendar.working_days_between(D(2026, 12, 28), D(2027, 1, 6))
    assert count.count == 3  # 29, 30, 31 December 2026, from chinese-calendar
    assert count.unknown == (D(2027, 1, 2), D(2027, 1, 3), D(2027, 1, 4), D(2027, 1, 5))


def test_schedule_file_wins_over_the_libraries(tmp_path):
    (tmp_path / "2027.yaml").write_text(SCHEDULE_2027, "utf-8")
    (tmp_path / "2026.yaml").write_text("year: 2026\nsource: 测试\nholidays: [2026-03-02]\nworkdays: []\n", "utf-8")
    calendar = WorkdayCalendar(load_schedules(tmp_path))
    assert calendar.is_working_day(D(2027, 2, 20)) is True
    assert calendar.is_working_day(D(2027, 2, 3)) is True
    assert calendar.is_working_day(D(2027, 2, 11)) is False
    assert calendar.is_working_day(D(2026, 3, 2)) is False  # chinese-calendar says working; the file wins
    count = calendar.working_days_between(D(2026, 12, 28), D(2027, 1, 6))
    assert (count.count, count.unknown) == (5, ())


def test_shipped_schedules_parse():
    for year, schedule in load_schedules().items():
        assert schedule.year == year and schedule.source


def test_schedule_file_errors_are_explained():
    with pytest.raises(ScheduleError, match="2027 年的日期"):
        parse_schedule("year: 2027\nsource: x\nholidays: [2026-01-01]\nworkdays: []\n", "2027.yaml")
    with pytest.raises(ScheduleError, match="source"):
        parse_schedule("year: 2027\nholidays: []\nworkdays: []\n", "2027.yaml")


def _plan_around_new_year(tmp_path, calendar):
    files = clean()
    plan = files["plans.yaml"]["plans"][1]
    plan.update(
        announced="2026-12-28", registration={"from": "2026-12-28", "to": "2027-01-04"}, exam_dates=["2027-01-06"]
    )
    files["fees.yaml"]["fees"][0]["effective_from"] = "2024-01-01"
    folder = write_institution(tmp_path / "institutions", files)
    from generator.check import Auditor
    from generator.pipeline import load_catalog

    catalog = load_catalog(folder.parent, [folder], audit=Auditor(D(2026, 12, 28), calendar=calendar))
    return {f.rule: f for f in catalog.institutions[0].findings}["plan-notice-period"]


def test_plan_notice_warns_when_the_count_depends_on_an_unpublished_schedule(tmp_path, calendar):
    finding = _plan_around_new_year(tmp_path, calendar)
    assert finding.status == WARN
    assert (
        "之间有 3 个工作日，另有 4 天（2027年1月2日、2027年1月3日、2027年1月4日 等 4 项）的节假日安排尚未公布"
        in finding.message
    )


def test_plan_notice_passes_once_the_schedule_is_added(tmp_path):
    (tmp_path / "2027.yaml").write_text(SCHEDULE_2027, "utf-8")
    finding = _plan_around_new_year(tmp_path / "x", WorkdayCalendar(load_schedules(tmp_path)))
    assert finding.status == PASS


def test_plan_notice_fails_when_even_unknown_days_cannot_make_five(tmp_path):
    files = clean()
    files["plans.yaml"]["plans"][1].update(
        announced="2026-12-29", registration={"from": "2026-12-29", "to": "2026-12-30"}, exam_dates=["2027-01-02"]
    )
    assert audit(write_institution(tmp_path / "i", files), D(2026, 12, 29))["plan-notice-period"].status == FAIL
