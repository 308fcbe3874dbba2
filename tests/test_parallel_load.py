"""Loading the institutions on several processes gives the very catalog one process gives."""

from __future__ import annotations

import os
import shutil

from conftest import ROOT

from generator import parallel, pipeline
from generator.check import Auditor, load_audit_settings
from generator.clock import build_today
from generator.pipeline import load_catalog, read_git_facts


def test_a_parallel_load_gives_the_same_institutions_findings_and_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795449600")
    root = tmp_path / "institutions"
    shutil.copytree(ROOT / "institutions", root)
    broken = sorted(p for p in root.iterdir() if p.is_dir())[2] / "fees.yaml"
    broken.write_text("fees: [\n", "utf-8")  # a problem in the middle: problems keep their order
    (root / "stray.yaml").write_text("x: 1\n", "utf-8")
    git = read_git_facts(ROOT / "institutions")  # the real history: findings that read it are compared too
    settings = load_audit_settings(root)

    def catalog(jobs: int):
        return load_catalog(root, git=git, audit=Auditor(build_today(), git.history, settings), jobs=jobs)

    alone = catalog(1)
    monkeypatch.setattr(pipeline, "MIN_FOLDERS_PER_JOB", 2)
    monkeypatch.setattr(pipeline, "BATCH", 2)  # several batches per worker, returned in order
    pids = tmp_path / "pids"
    load = pipeline._load_folders

    def noting_the_process(*args):
        with open(pids, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return load(*args)

    monkeypatch.setattr(pipeline, "_load_folders", noting_the_process)
    together = catalog(2)

    workers = set(pids.read_text("ascii").split())
    assert str(os.getpid()) not in workers and len(workers) >= 1, "the batches ran in worker processes"
    assert len(alone.institutions) >= 5
    assert [i.credit_code for i in together.institutions] == [i.credit_code for i in alone.institutions]
    assert together.institutions == alone.institutions  # models with their findings, field by field
    assert any(i.findings for i in together.institutions)
    assert [p.format() for p in together.problems] == [p.format() for p in alone.problems]
    assert any("fees.yaml" in p.path for p in together.errors)
    assert any("stray.yaml" in p.path for p in together.problems)
    assert parallel._SHARED == {}, "nothing of the build stays behind for a later load"


def test_few_folders_load_in_this_process(monkeypatch):
    pids: set[int] = set()
    load = pipeline._load_folders

    def noting_the_process(*args):
        pids.add(os.getpid())  # a forked worker's addition would not reach this set
        return load(*args)

    monkeypatch.setattr(pipeline, "_load_folders", noting_the_process)
    catalog = load_catalog(ROOT / "institutions", jobs=8)
    assert pids == {os.getpid()} and len(catalog.institutions) >= 5


def test_git_facts_read_on_several_processes_are_the_same(monkeypatch):
    from generator.load import history

    single = read_git_facts(ROOT / "institutions", jobs=1)
    monkeypatch.setattr(history, "PARALLEL_VERSIONS", 1)
    several = read_git_facts(ROOT / "institutions", jobs=2)
    assert single.history is not None and several.history is not None
    assert single.history.institutions, "the repository's own history is read"
    assert (several.last_changed, several.statuses) == (single.last_changed, single.statuses)
    assert several.history.institutions.keys() == single.history.institutions.keys()
    for code, record in single.history.institutions.items():
        other = several.history.institutions[code]
        assert (other.plans, other.fees, other.files) == (record.plans, record.fees, record.files)
        assert [(c.date, c.commit, c.file, c.change_type, c.subject) for c in other.changes] == [
            (c.date, c.commit, c.file, c.change_type, c.subject) for c in record.changes
        ]


def test_portal_jobs_sets_the_processes_of_the_history_replay(monkeypatch):
    from generator import pipeline as pipeline_module

    asked: list[int] = []
    monkeypatch.setattr(pipeline_module, "read_history", lambda root, branch, jobs: asked.append(jobs))
    monkeypatch.setenv("PORTAL_JOBS", "1")
    read_git_facts(ROOT / "institutions")
    monkeypatch.setenv("PORTAL_JOBS", "3")
    read_git_facts(ROOT / "institutions")
    assert asked == [1, 3]
