"""generator/parallel.forked_map: results in order, work in other processes, shared arguments not pickled."""

from __future__ import annotations

import os

from generator.parallel import can_fork, copying_jobs, default_jobs, forked_map


def _square_with(item: int, offset) -> tuple[int, int]:
    return offset(item * item), os.getpid()


def test_forked_map_keeps_order_and_reaches_shared_arguments_by_fork():
    assert can_fork(), "the build's workers fork: the portal runs on Linux (see README)"
    unpicklable = lambda value: value + 1  # noqa: E731 - a lambda cannot be pickled: it must travel by fork
    results = list(forked_map(_square_with, range(20), 2, offset=unpicklable))
    assert [value for value, _ in results] == [n * n + 1 for n in range(20)]
    assert os.getpid() not in {pid for _, pid in results}


def test_one_job_runs_in_this_process():
    results = list(forked_map(_square_with, range(3), 1, offset=lambda v: v))
    assert results == [(0, os.getpid()), (1, os.getpid()), (4, os.getpid())]


def test_portal_jobs_sets_the_number_of_processes(monkeypatch):
    monkeypatch.setenv("PORTAL_JOBS", "1")
    assert default_jobs() == 1
    monkeypatch.setenv("PORTAL_JOBS", "3")
    assert default_jobs() == 3
    for unusable in ("0", "-2", "two", ""):
        monkeypatch.setenv("PORTAL_JOBS", unusable)
        assert default_jobs() == (os.cpu_count() or 1)


def test_steps_that_copy_memory_fork_only_when_asked(monkeypatch):
    monkeypatch.delenv("PORTAL_JOBS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert (default_jobs(), copying_jobs()) == (4, 1)
    monkeypatch.setenv("PORTAL_JOBS", "2")
    assert (default_jobs(), copying_jobs()) == (2, 2)
