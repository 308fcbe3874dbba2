"""Evaluation plans as iCalendar feeds (RFC 5545) that a phone calendar can subscribe to or import.

Three feeds: every plan of a province (calendar/provinces/<code>-<part>.ics, in parts of at most
shards.INSTITUTIONS_PER_PART institutions, so that no feed grows with the country), one institution's
plans and one occupation's plans (paths from generator.urls). Every plan is included, past and cancelled ones too: a
subscribed calendar shows what happened, and a cancelled batch turns into STATUS:CANCELLED instead of
silently disappearing.

Events: one all-day VEVENT per run of consecutive exam days. A batch examining on 12-05 and 12-06 is
one two-day event; dates 01-09 and 01-16 become two events, because one span would mark the week
between them as exam days. The first run's UID is `<plan id>.<credit code>@<domain>`, later runs
add `_2`, `_3` (plan ids cannot hold `_`, so no UID can collide); no date is part of a UID, so a
rescheduled batch updates the event a calendar already holds instead of adding a second one.
Each plan also has one all-day event on its registration deadline, UID `<plan id>_deadline.<credit code>@<domain>`.
Each plan's events are serialized once and shared by the three feeds it appears in (icalendar needs
about half a millisecond per event).

Nothing depends on the build's clock: DTSTAMP is the plan's announcement date (00:00 China time),
events are sorted, and the Asia/Shanghai VTIMEZONE is written by hand (this also keeps a feed without
events valid: RFC 5545 wants at least one component).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, TimezoneStandard

from .. import urls
from ..clock import CHINA
from ..format import date_cn
from ..model import Catalog, Institution, Plan, occupation_names
from ..names import METHOD_NAMES, PLAN_STATUS_NAMES, STATUS_NAMES
from ..parallel import forked_map
from .links import site_domain
from .shards import shards

PRODID = "-//skill-eval-portal//evaluation plans//ZH"
TIMEZONE = "Asia/Shanghai"
ICS_STATUS = {"planned": "CONFIRMED", "completed": "CONFIRMED", "cancelled": "CANCELLED"}


def exam_runs(dates: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days joined: [(first day, last day), ...] in date order."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(dates)):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def event_uid(plan: Plan, inst: Institution, run_index: int, domain: str) -> str:
    suffix = f"_{run_index + 1}" if run_index else ""
    return f"{plan.id}{suffix}.{inst.credit_code}@{domain}"


def deadline_uid(plan: Plan, inst: Institution, domain: str) -> str:
    """`_deadline` cannot meet an exam run's `_2`, `_3`, nor a plan id (ids hold no `_`)."""
    return f"{plan.id}_deadline.{inst.credit_code}@{domain}"


def event_summary(plan: Plan, inst: Institution) -> str:
    prefix = "【已取消】" if plan.status == "cancelled" else ""
    occupation = inst.occupation_name(plan.evaluation.occupation_code)
    return f"{prefix}{occupation}（{plan.evaluation.level_name}）考评 · {inst.display_name}"


def event_location(plan: Plan, inst: Institution) -> str:
    venue = inst.venue(plan.venue_id)
    return f"{venue.name}，{venue.address}" if venue else plan.venue_id


def event_description(plan: Plan, inst: Institution, link: str | None) -> str:
    lines = [
        f"机构：{inst.name}（目录状态：{STATUS_NAMES[inst.status]}）",
        f"批次编号：{plan.id}",
        "考评日期：" + "、".join(date_cn(d) for d in plan.exam_dates),
        f"报名时间：{date_cn(plan.registration_from)}至{date_cn(plan.registration_to)}",
        "评价方式：" + "、".join(METHOD_NAMES[m] for m in plan.methods),
        f"批次状态：{PLAN_STATUS_NAMES[plan.status]}",
    ]
    if plan.note:
        lines.append(f"说明：{plan.note}")
    if link:
        lines.append(f"详情：{link}")
    return "\n".join(lines)


def plan_events(plan: Plan, inst: Institution, site_url: str) -> list[Event]:
    link = urls.absolute(site_url, urls.institution(inst.credit_code, "plans"))
    stamp = dt.datetime.combine(plan.announced, dt.time(), tzinfo=CHINA).astimezone(dt.UTC)
    events = []
    for index, (first, last) in enumerate(exam_runs(plan.exam_dates)):
        event = Event()
        event.add("uid", event_uid(plan, inst, index, site_domain(site_url)))
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))  # all-day DTEND is exclusive
        event.add("summary", event_summary(plan, inst))
        event.add("location", event_location(plan, inst))
        event.add("description", event_description(plan, inst, link))
        event.add("status", ICS_STATUS[plan.status])
        event.add("transp", "TRANSPARENT")
        if link:
            event.add("url", link)
        events.append(event)
    events.append(deadline_event(plan, inst, link, stamp, site_url))
    return events


def deadline_event(plan: Plan, inst: Institution, link: str | None, stamp: dt.datetime, site_url: str) -> Event:
    """The last day of registration, as its own all-day event (people miss deadlines, not exam days)."""
    event = Event()
    event.add("uid", deadline_uid(plan, inst, site_domain(site_url)))
    event.add("dtstamp", stamp)
    event.add("dtstart", plan.registration_to)
    event.add("dtend", plan.registration_to + dt.timedelta(days=1))
    prefix = "【已取消】" if plan.status == "cancelled" else ""
    occupation = inst.occupation_name(plan.evaluation.occupation_code)
    event.add("summary", f"{prefix}报名截止：{occupation}（{plan.evaluation.level_name}）· {inst.display_name}")
    event.add("description", event_description(plan, inst, link))
    event.add("status", ICS_STATUS[plan.status])
    event.add("transp", "TRANSPARENT")
    if link:
        event.add("url", link)
    return event


def china_timezone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", TIMEZONE)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone


_END = b"END:VCALENDAR\r\n"


def _plan_order(pair: tuple[Institution, Plan]):
    inst, plan = pair
    return plan.first_exam, inst.credit_code, plan.id


PLANS_PER_TASK = 500  # plans serialized per task of a parallel run


def event_blocks(plans: list[tuple[Institution, Plan]], site_url: str, jobs: int = 1) -> dict[tuple[str, str], bytes]:
    """Each plan's VEVENTs, serialized once (the same plan appears in three feeds), on `jobs` processes."""
    tasks = [plans[n : n + PLANS_PER_TASK] for n in range(0, len(plans), PLANS_PER_TASK)]
    jobs = min(jobs, len(tasks))
    blocks: dict[tuple[str, str], bytes] = {}
    for task, serialized in zip(tasks, forked_map(_serialized, tasks, jobs, site_url=site_url), strict=True):
        blocks.update(
            ((inst.credit_code, plan.id), block) for (inst, plan), block in zip(task, serialized, strict=True)
        )
    return blocks


def _serialized(plans: list[tuple[Institution, Plan]], site_url: str) -> list[bytes]:
    return [b"".join(e.to_ical() for e in plan_events(plan, inst, site_url)) for inst, plan in plans]


def calendar_head(name: str, description: str) -> bytes:
    """The VCALENDAR with its properties and time zone, before any event."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    return cal.to_ical().removesuffix(_END) + _timezone_block()


@lru_cache(maxsize=1)
def _timezone_block() -> bytes:
    """The VTIMEZONE, serialized once for every feed (a feed's components follow its properties)."""
    return china_timezone().to_ical()


def feed_calendar(
    name: str,
    description: str,
    plans: list[tuple[Institution, Plan]],
    site_url: str,
    blocks: dict[tuple[str, str], bytes] | None = None,
) -> bytes:
    blocks = blocks if blocks is not None else event_blocks(plans, site_url)
    events = b"".join(blocks[(inst.credit_code, plan.id)] for inst, plan in sorted(plans, key=_plan_order))
    return calendar_head(name, description) + events + _END


def calendar_files(catalog: Catalog, site_url: str, jobs: int = 1) -> Iterator[tuple[str, bytes]]:
    """(site path, feed) as each is made: each province part's plans, then one per institution, then one per
    occupation in anyone's scope. Holds each plan's serialized events (three feeds share them), not the feeds.
    jobs: processes that serialize the events (the most of the work)."""
    every = [(inst, plan) for inst in catalog.institutions for plan in inst.plans]
    blocks = event_blocks(every, site_url, jobs)
    for shard in shards(catalog.institutions):
        yield (
            urls.province_calendar(shard.province, shard.number),
            feed_calendar(
                f"评价计划：{shard.name}",
                f"技能人才评价机构信息公开平台：{shard.name}各评价机构公布的全部评价计划（考评批次）。",
                [(inst, plan) for inst in shard.institutions for plan in inst.plans],
                site_url,
                blocks,
            ),
        )
    for inst in catalog.institutions:
        plans = [(inst, plan) for plan in inst.plans]
        yield (
            urls.institution_calendar(inst.credit_code),
            feed_calendar(
                f"评价计划：{inst.display_name}", f"{inst.name}公布的评价计划（考评批次）。", plans, site_url, blocks
            ),
        )
    by_occupation: dict[str, list] = {}
    for inst, plan in every:
        by_occupation.setdefault(plan.evaluation.occupation_code, []).append((inst, plan))
    for code, name in occupation_names(catalog.institutions).items():
        yield (
            urls.occupation_calendar(code),
            feed_calendar(
                f"评价计划：{name}",
                f"各评价机构公布的{name}（{code}）评价计划（考评批次）。",
                by_occupation.get(code, []),
                site_url,
                blocks,
            ),
        )
