"""What keeps loading light at national scale (issue F8): the garbage collector paused and restored,
model and finding objects without a per-instance dictionary, repeated texts held once, every text of
a file walked once for all the text checks."""

from __future__ import annotations

import gc
import weakref

import pytest
from conftest import ROOT, SAMPLE_EPOCH

from generator.check import Auditor, load_audit_settings
from generator.clock import build_today
from generator.load import yamlfile
from generator.load.collector import collector_paused, sweep
from generator.load.folder import read_institution_folder
from generator.pipeline import load_catalog, read_git_facts
from generator.validate import validate_institution


@pytest.fixture(scope="module")
def audited():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    try:
        root = ROOT / "institutions"
        git = read_git_facts(root, jobs=1)
        yield git, load_catalog(root, git=git, audit=Auditor(build_today(), git.history, load_audit_settings(root)))
    finally:
        mp.undo()


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        catalog = load_catalog(ROOT / "institutions")
        assert catalog.institutions
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0, "nothing stays frozen once the catalog is built"
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_restored_when_loading_fails(monkeypatch):
    from generator import pipeline

    def broken(*args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(pipeline, "read_institution_folder", broken)
    with pytest.raises(RuntimeError):
        load_catalog(ROOT / "institutions")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_sweep_collects_the_cycles_a_batch_left():
    class Node:
        pass

    with collector_paused():
        assert not gc.isenabled()
        cycle = Node()
        cycle.itself = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
        del cycle
        assert gone() is not None, "paused: a cycle is not collected by itself"
        sweep()
        assert gone() is None


def test_models_findings_and_history_records_carry_no_instance_dict(audited):
    git, catalog = audited
    inst = next(i for i in catalog.institutions if i.fees and i.plans)
    objects = [inst, inst.fees[0], inst.fees[0].evaluation, inst.plans[0], inst.scope[0], inst.findings[0]]
    objects += [e for f in inst.findings for e in f.evidence][:1]
    record = next(r for r in git.history.institutions.values() if r.changes)
    objects += [record, record.changes[0], next(iter(record.files.values()))]
    for obj in objects:
        assert not hasattr(obj, "__dict__"), type(obj).__name__


def test_repeated_evidence_texts_and_sightings_are_held_once(audited):
    git, catalog = audited
    for inst in catalog.institutions:
        evidence = [e for f in inst.findings for e in f.evidence]
        assert len({id(e.file) for e in evidence}) == len({e.file for e in evidence}), inst.credit_code
    sightings = [s for r in git.history.institutions.values() for s in r.files.values()]
    assert len({id(s) for s in sightings}) == len({s.commit for s in sightings}), "one sighting per commit"


def test_each_file_is_walked_once_for_all_text_checks(monkeypatch):
    walks: list[object] = []
    walk = yamlfile.text_values

    def counted(value, key_path=()):
        if key_path == ():
            walks.append(value)
        return walk(value, key_path)

    monkeypatch.setattr(yamlfile, "text_values", counted)
    folder = sorted(p for p in (ROOT / "institutions").iterdir() if p.is_dir())[0]
    files = read_institution_folder(folder)
    problems = validate_institution(files)
    readable = [doc for doc in [*files.docs.values(), *files.inspections] if doc.data is not None]
    assert len(walks) == len(readable) >= 3
    assert not [p for p in problems if p.severity == "error"]
