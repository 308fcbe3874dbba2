"""Calendar feeds (iCalendar) and the change feed (Atom), parsed back and compared with the sample data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
from conftest import ROOT
from htmlquery import parse_file

from generator.clock import CHINA
from generator.feeds.changes import catalog_changes
from generator.format import date_cn, yuan
from generator.load.history import status_history
from generator.model import STATUS_NAMES
from generator.pipeline import load_catalog
from generator.seal.config import load_config

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.date(2026, 11, 24)
SITE_URL = load_config(ROOT / "portal.toml").site_url
DOMAIN = re.match(r"https?://([^/:]+)", SITE_URL)[1]
ATOM = "{http://www.w3.org/2005/Atom}"
PLANS = {(i.credit_code, p.id): (i, p) for i in CATALOG.institutions for p in i.plans}


def read_calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def every_plan_calendar(site: Path) -> icalendar.Calendar:
    """The province calendars (data/index.json lists them) read as one: every plan of every institution."""
    from test_opendata import part_paths

    merged = icalendar.Calendar()
    for path in part_paths(site, "calendar.ics"):
        for event in read_calendar(site / path).walk("VEVENT"):
            merged.add_component(event)
    return merged


def events_by_plan(cal: icalendar.Calendar, deadlines: bool = False) -> dict[tuple[str, str], list]:
    """(credit code, plan id) → its exam-day events, read from the UIDs `<plan id>[_n].<credit code>@<domain>`
    (or, with deadlines=True, its registration-deadline events `<plan id>_deadline.<credit code>@<domain>`)."""
    found: dict[tuple[str, str], list] = {}
    for event in cal.walk("VEVENT"):
        local, domain = str(event["uid"]).split("@")
        assert domain == DOMAIN
        plan_part, code = local.rsplit(".", 1)
        if plan_part.endswith("_deadline") != deadlines:
            continue
        plan_id = re.sub(r"_(\d+|deadline)$", "", plan_part)
        found.setdefault((code, plan_id), []).append(event)
    return found


def covered_days(event) -> set[dt.date]:
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is dt.date and type(end) is dt.date, "exam days are all-day events"
    return {start + dt.timedelta(days=n) for n in range((end - start).days)}


def test_every_plan_is_in_its_province_feed_with_exactly_its_exam_days(built_site):
    cal = every_plan_calendar(built_site)
    found = events_by_plan(cal)
    assert set(found) == set(PLANS)
    for key, events in found.items():
        _, plan = PLANS[key]
        days = [day for event in events for day in covered_days(event)]
        assert sorted(days) == sorted(plan.exam_dates), key  # no gap day covered, none counted twice


def test_each_event_describes_its_plan(built_site):
    cal = every_plan_calendar(built_site)
    for (code, plan_id), events in events_by_plan(cal).items():
        inst, plan = PLANS[(code, plan_id)]
        venue = inst.venue(plan.venue_id)
        for event in events:
            summary = str(event["summary"])
            assert inst.occupation_name(plan.evaluation.occupation_code) in summary
            assert plan.evaluation.level_name in summary and inst.display_name in summary
            assert str(event["location"]) == f"{venue.name}，{venue.address}"
            description = str(event["description"])
            assert f"报名时间：{date_cn(plan.registration_from)}至{date_cn(plan.registration_to)}" in description
            assert f"目录状态：{STATUS_NAMES[inst.status]}" in description
            assert str(event["url"]) == f"{SITE_URL}institutions/{code}/#plans"
            assert str(event["url"]) in description
            assert event.decoded("dtstamp") == dt.datetime.combine(plan.announced, dt.time(), CHINA)
            assert str(event["status"]) == ("CANCELLED" if plan.status == "cancelled" else "CONFIRMED")


def test_cancelled_plan_is_cancelled_in_the_calendar_not_left_out(built_site):
    cancelled = [key for key, (_, plan) in PLANS.items() if plan.status == "cancelled"]
    assert cancelled
    found = events_by_plan(every_plan_calendar(built_site))
    for key in cancelled:
        for event in found[key]:
            assert str(event["status"]) == "CANCELLED" and str(event["summary"]).startswith("【已取消】")
            assert PLANS[key][1].note in str(event["description"])


def test_a_plan_with_separate_exam_days_gets_one_event_per_run_of_days():
    from generator.feeds.ical import feed_calendar

    inst, plan = next(PLANS[key] for key in sorted(PLANS))
    days = (dt.date(2027, 1, 9), dt.date(2027, 1, 10), dt.date(2027, 1, 16))
    spread = dataclasses.replace(plan, exam_dates=days)
    cal = icalendar.Calendar.from_ical(feed_calendar("测试", "测试", [(inst, spread)], SITE_URL))
    events = {str(e["uid"]): (e.decoded("dtstart"), e.decoded("dtend")) for e in cal.walk("VEVENT")}
    assert events == {
        f"{plan.id}.{inst.credit_code}@{DOMAIN}": (dt.date(2027, 1, 9), dt.date(2027, 1, 11)),
        f"{plan.id}_2.{inst.credit_code}@{DOMAIN}": (dt.date(2027, 1, 16), dt.date(2027, 1, 17)),
        f"{plan.id}_deadline.{inst.credit_code}@{DOMAIN}": (
            plan.registration_to,
            plan.registration_to + dt.timedelta(days=1),
        ),
    }


def test_every_plan_has_one_registration_deadline_event_on_its_last_registration_day(built_site):
    found = events_by_plan(every_plan_calendar(built_site), deadlines=True)
    assert set(found) == set(PLANS)
    for key, events in found.items():
        inst, plan = PLANS[key]
        assert len(events) == 1
        assert covered_days(events[0]) == {plan.registration_to}
        summary = str(events[0]["summary"])
        assert "报名截止" in summary and inst.occupation_name(plan.evaluation.occupation_code) in summary
        assert str(events[0]["status"]) == ("CANCELLED" if plan.status == "cancelled" else "CONFIRMED")


def test_institution_and_occupation_feeds_hold_exactly_their_plans(built_site):
    feeds = sorted((built_site / "calendar").rglob("*.ics"))
    codes = {s.occupation_code for i in CATALOG.institutions for s in i.scope}
    from test_opendata import part_paths

    assert len(feeds) == len(part_paths(built_site, "calendar.ics")) + len(CATALOG.institutions) + len(codes)
    for inst in CATALOG.institutions:
        cal = read_calendar(built_site / "calendar" / "institutions" / f"{inst.credit_code}.ics")
        assert set(events_by_plan(cal)) == {(inst.credit_code, p.id) for p in inst.plans}
        assert str(cal["x-wr-calname"]) == f"评价计划：{inst.display_name}"
    for code in codes:
        cal = read_calendar(built_site / "calendar" / "occupations" / f"{code}.ics")
        expected = {key for key, (_, plan) in PLANS.items() if plan.evaluation.occupation_code == code}
        assert set(events_by_plan(cal)) == expected, code


def test_every_feed_is_a_well_formed_calendar_a_phone_can_import(built_site):
    uids: dict[str, bytes] = {}
    for path in sorted((built_site / "calendar").rglob("*.ics")):
        raw = path.read_bytes()
        lines = raw.split(b"\r\n")
        assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
        assert all(len(line) <= 75 for line in lines), path  # folded at 75 octets (RFC 5545 3.1)
        cal = read_calendar(path)
        assert str(cal["version"]) == "2.0" and cal["prodid"]
        assert str(cal["x-wr-timezone"]) == "Asia/Shanghai"
        assert re.search(r"[\u4e00-\u9fff]", str(cal["x-wr-calname"]))
        assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
        seen = [str(e["uid"]) for e in cal.walk("VEVENT")]
        assert len(seen) == len(set(seen)), path
        for event in cal.walk("VEVENT"):  # the same plan has the same event in every feed
            uids.setdefault(str(event["uid"]), event.to_ical())
            assert uids[str(event["uid"])] == event.to_ical()


def test_feeds_are_linked_from_the_calendar_and_institution_pages(built_site):
    calendar = parse_file(built_site / "calendar" / "index.html")
    feeds = {link.href_path("calendar/") for link in calendar.links()} - {""}
    feeds = {f for f in feeds if f.endswith(".ics") and not f.startswith("webcal:")}  # webcal: the same files
    for feed in feeds:
        assert (built_site / feed).is_file(), feed
    assert not any("/provinces/" in feed for feed in feeds)  # those are listed on the data page
    for code in {s.occupation_code for i in CATALOG.institutions for s in i.scope}:
        assert f"calendar/occupations/{code}.ics" in feeds
    for inst in CATALOG.institutions:
        page_path = f"institutions/{inst.credit_code}/"
        plans = parse_file(built_site / page_path / "index.html").get_by_role("heading", "评价计划", level=2).under()
        assert f"calendar/institutions/{inst.credit_code}.ics" in {link.href_path(page_path) for link in plans.links()}


def atom_entries(built_site: Path) -> tuple[ET.Element, list[ET.Element]]:
    feed = ET.parse(built_site / "data" / "changes.atom").getroot()
    return feed, feed.findall(f"{ATOM}entry")


def entry_map(entries) -> dict[str, ET.Element]:
    return {e.findtext(f"{ATOM}id"): e for e in entries}


def updated_day(entry) -> dt.date:
    return dt.date.fromisoformat(entry.findtext(f"{ATOM}updated")[:10])


def test_atom_feed_is_valid_and_newest_first(built_site):
    feed, entries = atom_entries(built_site)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}data/changes.atom"
    days = [updated_day(e) for e in entries]
    assert entries and days == sorted(days, reverse=True) and max(days) <= TODAY
    assert feed.findtext(f"{ATOM}updated")[:10] == days[0].isoformat()
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"tag:{DOMAIN},2026:") for i in ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href.startswith(SITE_URL)
        target = href[len(SITE_URL) :].split("#")[0]
        assert (built_site / target / "index.html").is_file(), href


def test_atom_feed_dates_come_from_the_data(built_site):
    _, entries = atom_entries(built_site)
    by_id = entry_map(entries)
    tag = f"tag:{DOMAIN},2026:"
    for inst in CATALOG.institutions:
        assert updated_day(by_id[f"{tag}institution/{inst.credit_code}"]) == inst.filing_date
        assert inst.name in by_id[f"{tag}institution/{inst.credit_code}"].findtext(f"{ATOM}title")
        for plan in inst.plans:
            entry = by_id[f"{tag}plan/{inst.credit_code}/{plan.id}"]
            assert updated_day(entry) == plan.announced
            assert ("已取消" in entry.findtext(f"{ATOM}title")) == (plan.status == "cancelled")


def test_atom_feed_reports_fee_changes_where_a_row_replaces_an_earlier_one(built_site):
    _, entries = atom_entries(built_site)
    fee_entries = [e for e in entries if e.find(f"{ATOM}category").get("term") == "fee"]
    expected = []
    for inst in CATALOG.institutions:
        for old in inst.fees:
            for new in inst.fees:
                if (
                    (new.evaluation, new.item) == (old.evaluation, old.item)
                    and old.effective_until
                    and new.effective_from == old.effective_until + dt.timedelta(days=1)
                ):
                    expected.append((inst, old, new))
    assert expected, "the sample data should hold a replaced fee row"
    assert len(fee_entries) == len(expected)
    by_id = entry_map(entries)
    for inst, old, new in expected:
        key = f"fee/{inst.credit_code}/{new.evaluation.slug}/{new.item}/{new.effective_from.isoformat()}"
        entry = by_id[f"tag:{DOMAIN},2026:{key}"]
        assert updated_day(entry) == new.effective_from
        title = entry.findtext(f"{ATOM}title")
        assert inst.occupation_name(new.evaluation.occupation_code) in title
        assert (f"{yuan(old.amount)} → {yuan(new.amount)}" in title) == (old.amount != new.amount)


def test_atom_feed_dates_status_changes_from_git_history(built_site):
    history = status_history(ROOT / "institutions")
    assert history, "the tests run in a git checkout (CI clones the repository): status history must be found"
    _, entries = atom_entries(built_site)
    status_entries = {e.findtext(f"{ATOM}id"): e for e in entries if e.find(f"{ATOM}category").get("term") == "status"}
    for inst in CATALOG.institutions:
        if inst.status == "active":
            continue
        day, status = history[inst.folder.name][-1]
        assert status == inst.status
        entry = status_entries[f"tag:{DOMAIN},2026:status/{inst.credit_code}/{day.isoformat()}/{status}"]
        assert updated_day(entry) == day and STATUS_NAMES[status] in entry.findtext(f"{ATOM}title")


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+08:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+08:00")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_status_history_follows_commits_and_degrades_outside_git(tmp_path):
    assert status_history(tmp_path) == {}
    folder = tmp_path / "institutions" / "X1"
    folder.mkdir(parents=True)
    _git(tmp_path, "init", "-q")
    text = "name: 示例\nfiling:\n  date: 2020-01-01\n  status: {}\n"
    steps = [
        ("2026-01-05", "active"),
        ("2026-03-10", "suspended"),
        ("2026-04-01", "suspended"),
        ("2026-06-20", "active"),
    ]
    for day, status in steps:
        (folder / "institution.yaml").write_text(text.format(status) + f"# {day}\n", "utf-8")
        _git(tmp_path, "add", "-A")
        _git(tmp_path, "commit", "-q", "-m", day, date=day)
    assert status_history(tmp_path / "institutions") == {
        "X1": [(dt.date(2026, 1, 5), "active"), (dt.date(2026, 3, 10), "suspended"), (dt.date(2026, 6, 20), "active")]
    }


def test_changes_after_the_build_day_wait_for_it():
    changes = catalog_changes(CATALOG, dt.date(2026, 11, 20))
    assert changes and all(c.date <= dt.date(2026, 11, 20) for c in changes)
    later = {c.key for c in catalog_changes(CATALOG, TODAY)} - {c.key for c in changes}
    assert any(key.startswith("plan/") for key in later)
