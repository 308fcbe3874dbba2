"""The fictional sample institutions: valid, and varied enough for every page and check to show something.

Other tests and the built site rely on these traits (fee comparison, fee history, plan states,
missing channels, a banned phrase, a plan over capacity). "Today" for the sample data is 2026-11-24.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.model import Evaluation
from generator.pipeline import load_catalog
from generator.validate.codes import PROVINCES, credit_code_error

ROOT = Path(__file__).resolve().parent.parent
INSTITUTIONS = ROOT / "institutions"
TODAY = dt.date(2026, 11, 24)
ELECTRICIAN_4 = Evaluation("6-31-01-03", 4)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(INSTITUTIONS)


@pytest.fixture(scope="module")
def institutions(catalog):
    assert catalog.problems == [], [p.format() for p in catalog.problems]
    return catalog.institutions


def _plans(institutions):
    return [(inst, plan) for inst in institutions for plan in inst.plans]


def test_every_folder_validates_and_is_modelled(catalog):
    folders = [p for p in INSTITUTIONS.iterdir() if p.is_dir()]
    assert catalog.problems == []
    assert len(catalog.institutions) == len(folders) >= 9


def test_every_yaml_file_starts_with_its_schema_and_version():
    for path in sorted(INSTITUTIONS.glob("*/*.yaml")):
        schema_name = path.stem
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == f"# yaml-language-server: $schema=../../generator/schemas/{schema_name}.schema.json", path
        assert "schema_version: 1" in lines[1:3], path


def test_names_codes_and_regions_are_fictional_but_well_formed(institutions):
    for inst in institutions:
        assert "示例" in inst.name
        assert credit_code_error(inst.credit_code) is None
        assert inst.folder.name == inst.credit_code
        assert inst.region_code[:2] in PROVINCES
        assert inst.province == PROVINCES[inst.region_code[:2]]
    assert len({i.province for i in institutions}) >= 5


def test_contact_data_is_fictional(institutions):
    for inst in institutions:
        urls = [inst.website, inst.commitment.get("url")] + [p.url for p in inst.publicity]
        urls += [c.value for group in inst.channels.values() for c in group if c.type == "url"]
        for url in filter(None, urls):
            host = urlsplit(url).hostname
            assert host in {"example.org", "example.com"} or host.endswith((".example.org", ".example.com")), url
        for channel in (c for group in inst.channels.values() for c in group if c.type == "email"):
            assert channel.value.endswith(("@example.org", "@example.com")), channel.value


def test_kinds_and_statuses(institutions):
    institution_kinds = defaultdict(list)
    for inst in institutions:
        institution_kinds[inst.kind].append(inst)
    assert len(institution_kinds["social_training_org"]) >= 3
    assert len(institution_kinds["employer"]) >= 2
    assert len(institution_kinds["technical_school"]) >= 2
    assert len(institution_kinds["other"]) >= 1
    suspended = [i for i in institutions if i.status == "suspended"]
    removed = [i for i in institutions if i.status == "removed"]
    assert len(suspended) == 1 and suspended[0].filing.get("status_note")
    assert len(removed) == 1 and removed[0].filing.get("status_note")


def test_occupations_are_many_and_coded_like_the_classification(institutions):
    codes = {entry.occupation_code: entry.occupation for inst in institutions for entry in inst.scope}
    assert len(codes) >= 12
    assert codes["6-31-01-03"] == "电工"
    for code in codes:
        assert re.fullmatch(r"[1-8]-\d{2}-\d{2}-\d{2}", code)


def test_electrician_level_4_fees_can_be_compared(institutions):
    offering = [i for i in institutions if any(f.evaluation == ELECTRICIAN_4 and f.in_force(TODAY) for f in i.fees)]
    assert len({i.province for i in offering}) >= 3
    assert len([i for i in offering if i.province == "广东省"]) >= 2


def test_some_fees_changed_over_time(institutions):
    changes = 0
    for inst in institutions:
        rows = defaultdict(list)
        for fee in inst.fees:
            rows[(fee.evaluation, fee.item)].append(fee)
        for history in rows.values():
            history.sort(key=lambda f: f.effective_from)
            for old, new in pairwise(history):
                if old.effective_until and new.effective_from == old.effective_until + dt.timedelta(days=1):
                    changes += 1
                    assert old.amount != new.amount
    assert changes >= 2


def test_one_institution_plans_an_evaluation_without_publishing_its_fee(institutions):
    unpriced = [
        inst
        for inst in institutions
        if any(not any(f.evaluation == p.evaluation for f in inst.fees) for p in inst.plans)
    ]
    assert len(unpriced) == 1


def test_plans_cover_every_state_relative_to_today(institutions):
    plans = _plans(institutions)
    open_now = [p for _, p in plans if p.status == "planned" and p.registration_from <= TODAY <= p.registration_to]
    upcoming = [
        p
        for _, p in plans
        if p.status == "planned"
        and p.registration_from > TODAY
        and dt.date(2026, 12, 1) <= p.first_exam <= dt.date(2027, 3, 31)
    ]
    completed = [p for _, p in plans if p.status == "completed" and p.last_exam.year == 2026]
    cancelled = [p for _, p in plans if p.status == "cancelled"]
    assert len(open_now) >= 3 and len(upcoming) >= 3 and len(completed) >= 3
    assert len(cancelled) == 1 and cancelled[0].note
    for _, plan in plans:
        assert plan.registration_from <= plan.registration_to < plan.first_exam
        assert plan.announced <= plan.registration_from
        assert (plan.status == "completed") == (plan.last_exam < TODAY) or plan.status == "cancelled"


def test_exactly_one_plan_exceeds_its_venue(institutions):
    over = [(i, p) for i, p in _plans(institutions) if p.candidates > i.venue(p.venue_id).capacity]
    assert len(over) == 1


def test_channels_are_mostly_complete_with_two_gaps(institutions):
    assert len([i for i in institutions if not i.channels["complaints"]]) == 1
    assert len([i for i in institutions if not i.channels["results"]]) == 1
    for inst in institutions:
        assert any(c.value == "12333" for c in inst.channels["supervisor_complaints"])


def test_one_institution_advertises_with_a_banned_phrase(institutions):
    banned = [
        inst
        for inst in institutions
        if any(phrase in p.text for p in inst.publicity for phrase in ("包过", "国家职业资格证书"))
    ]
    assert len(banned) == 1


def test_statistics_are_consistent(institutions):
    with_stats = [i for i in institutions if i.statistics]
    assert len(with_stats) >= 4
    for inst in with_stats:
        assert {y.year for y in inst.statistics} == {2024, 2025}
        for year in inst.statistics:
            if year.by_occupation:
                assert sum(r["evaluated"] for r in year.by_occupation) == year.evaluated
                assert sum(r["certified"] for r in year.by_occupation) == year.certified
                for row in year.by_occupation:
                    assert row["level"] in next(
                        s.levels for s in inst.scope if s.occupation_code == row["occupation_code"]
                    )
            assert year.complaints and year.satisfaction
