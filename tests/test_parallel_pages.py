"""Writing the pages and serializing the calendars on forked processes gives the very site one process writes."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import ROOT, SAMPLE_EPOCH
from sitebuild import build_from

from generator import build
from generator.build import SiteBuild
from generator.feeds import ical
from generator.render.pages import SitePage


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_forked_workers_write_the_site_one_process_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    monkeypatch.delenv("PORTAL_JOBS", raising=False)
    writers, serializers = tmp_path / "writers", tmp_path / "serializers"
    write, serialized = SiteBuild._write, ical._serialized

    def noting_the_writer(self, pages, *args):
        with open(writers, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()} {len(pages)}\n")
        return write(self, pages, *args)

    def noting_the_serializer(task, **shared):
        with open(serializers, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return serialized(task, **shared)

    def processes(path: Path) -> list[list[str]]:
        found = [line.split() for line in path.read_text("ascii").splitlines()]
        path.unlink()
        return found

    monkeypatch.setattr(SiteBuild, "_write", noting_the_writer)
    monkeypatch.setattr(ical, "_serialized", noting_the_serializer)
    alone = _files(build_from(ROOT / "institutions", tmp_path / "alone", tmp_path / "w1"))
    assert {pid for pid, *_ in processes(writers) + processes(serializers)} == {str(os.getpid())}, "too small to fork"

    monkeypatch.setattr(build, "MIN_PAGES_PER_JOB", 1)
    monkeypatch.setattr(ical, "PLANS_PER_TASK", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    by_default = _files(build_from(ROOT / "institutions", tmp_path / "default", tmp_path / "w2"))
    assert {pid for pid, *_ in processes(writers) + processes(serializers)} == {str(os.getpid())}, (
        "writers and serializers copy the catalog: one process unless asked"
    )

    monkeypatch.setenv("PORTAL_JOBS", "2")
    asked = _files(build_from(ROOT / "institutions", tmp_path / "asked", tmp_path / "w3"))
    here, *forked = processes(writers)
    assert here[0] == str(os.getpid()), "the national pages are written first, before any fork"
    assert len(forked) == 2 and str(os.getpid()) not in {pid for pid, _ in forked}
    assert all(int(pages) > 10 for _, pages in forked), "each writer has a share of the province pages"
    assert str(os.getpid()) not in {pid for (pid,) in processes(serializers)}, "calendar events serialized in workers"

    for site in (by_default, asked):
        assert sorted(site) == sorted(alone)
        assert [name for name in alone if alone[name] != site[name]] == []
    assert sum(1 for name in alone if name.endswith("/history/index.html")) >= 5


def test_page_runs_keep_each_province_whole():
    def runs(provinces: str, jobs: int) -> list[str]:
        pages = [SitePage(f"p/{n}/", "t", "x.html", province=province) for n, province in enumerate(provinces)]
        return ["".join(pages[i].province for i in run) for run in build._province_runs(pages, jobs)]

    assert runs("1111122333333344", 2) == ["1111122", "333333344"]  # the boundary nearest the middle
    assert runs("1122334455", 3) == ["11", "2233", "4455"]
    assert runs("11111", 3) == ["11111"]  # one province: one run
