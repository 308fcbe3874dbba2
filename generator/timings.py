"""Stage timings of a build, printed to stderr when PORTAL_TIMINGS=1 (benchmarks/scale.py reads them).

A stage may be entered many times (rendering runs once per page); its times add up. Nothing is
recorded or printed without the variable, so a normal build pays one dictionary lookup per stage.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from contextlib import contextmanager

PREFIX = "PORTAL_TIMING"
_totals: dict[str, float] = {}


def enabled() -> bool:
    return os.environ.get("PORTAL_TIMINGS") == "1"


@contextmanager
def stage(name: str):
    if not enabled():
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] = _totals.get(name, 0.0) + time.perf_counter() - start


def taken() -> dict[str, float]:
    """The stage totals so far, handed over (a forked worker returns them to its parent) and reset."""
    totals = dict(_totals)
    _totals.clear()
    return totals


def add(totals: dict[str, float]) -> None:
    """Count a worker's stage totals as this process's: a stage's figure is then the time of every
    process that ran it, added up (more than the wall time when they ran side by side)."""
    for name, seconds in totals.items():
        _totals[name] = _totals.get(name, 0.0) + seconds


def report(stream=None) -> None:
    """One machine-readable line per stage, then the process's peak memory; resets the totals."""
    if not enabled():
        return
    stream = stream or sys.stderr
    for name, seconds in _totals.items():
        print(f"{PREFIX} {name} {seconds:.3f}", file=stream)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{PREFIX} peak_mib {peak_kib / 1024:.1f}", file=stream, flush=True)
    _totals.clear()
