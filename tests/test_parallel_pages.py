"""Writing the pages and serializing the calendars on forked processes gives the very site one process writes."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import ROOT, SAMPLE_EPOCH
from sitebuild import build_from

from generator import build
from generator.build import SiteBuild
from generator.feeds import ical


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_forked_workers_write_the_site_one_process_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    pids = tmp_path / "pids"
    write = SiteBuild._write

    def noting_the_process(self, pages, *args):
        with open(pids, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()} {len(pages)}\n")
        return write(self, pages, *args)

    monkeypatch.setattr(SiteBuild, "_write", noting_the_process)
    alone = _files(build_from(ROOT / "institutions", tmp_path / "alone", tmp_path / "w1"))
    assert pids.read_text("ascii").split()[0] == str(os.getpid()), "the sample site is too small to fork for"
    pids.unlink()

    monkeypatch.setattr(build, "MIN_PAGES_PER_JOB", 1)
    monkeypatch.setattr(ical, "PLANS_PER_TASK", 2)
    serialized = ical._serialized

    def noting_the_serializer(task, **shared):
        with open(tmp_path / "serializers", "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return serialized(task, **shared)

    monkeypatch.setattr(ical, "_serialized", noting_the_serializer)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    together = _files(build_from(ROOT / "institutions", tmp_path / "together", tmp_path / "w2"))

    writers = [line.split() for line in pids.read_text("ascii").splitlines()]
    assert len(writers) == 2 and str(os.getpid()) not in {pid for pid, _ in writers}
    assert all(int(pages) > 10 for _, pages in writers), "each writer has a share of the pages"
    serializers = set((tmp_path / "serializers").read_text("ascii").split())
    assert serializers and str(os.getpid()) not in serializers, "calendar events were serialized in workers"
    assert sorted(together) == sorted(alone)
    assert [name for name in alone if alone[name] != together[name]] == []
    assert sum(1 for name in alone if name.endswith("/history/index.html")) >= 5
