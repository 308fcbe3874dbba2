"""Work spread over forked processes, for the steps of a build that run once per institution or page.

The workers read the build's state by fork (shared, copy on write), not by pickling; only each task's
argument and result travel. Before forking, the parent's objects are frozen out of the garbage
collector: a collection in a worker would write to every object and so copy every page of memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_SHARED: dict[str, Any] = {}  # the function and its shared arguments, for the forked workers


JOBS_VARIABLE = "PORTAL_JOBS"


def default_jobs() -> int:
    """Processes a build uses: PORTAL_JOBS when set (1 keeps the build in one process), else one per core."""
    return _asked_jobs() or os.cpu_count() or 1


def copying_jobs() -> int:
    """Processes for a step whose workers each end up copying about as much memory as the build holds
    (page writers, calendar serializers: +100 % at 10,000 institutions, 2.1 → 3.9 GB summed at 50,000):
    one, unless PORTAL_JOBS asks for more."""
    return _asked_jobs() or 1


def _asked_jobs() -> int | None:
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def forked_map(function: Callable, items: Iterable, jobs: int, **shared) -> Iterator:
    """function(item, **shared) for each item, on `jobs` forked processes; results in item order.
    One process, no fork, when jobs is 1 or the system cannot fork. Consume the results to the end.

    Items and results are pickled, shared arguments are not: make items small (indexes, paths) and put
    what they refer to among the shared arguments."""
    if jobs <= 1 or not can_fork():
        for item in items:
            yield function(item, **shared)
        return
    _SHARED.update(function=function, shared=shared)
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_call, items)
    finally:
        gc.unfreeze()
        _SHARED.clear()


def _call(item):
    return _SHARED["function"](item, **_SHARED["shared"])
