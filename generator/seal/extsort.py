"""Sorting more lines than should sit in memory: sorted runs on disk, merged lazily.

Used for the duplicate check of a CSV and for the sorted sealed files, so that sealing a CSV of
any size keeps memory bounded by `run_lines`.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

RUN_LINES = 20_000


@contextmanager
def sorted_lines(lines: Iterable[str], run_lines: int = RUN_LINES) -> Iterator[Iterator[str]]:
    """Yield an iterator over `lines` in sorted order; each line must end without a newline."""
    runs: list[str] = []
    buffer: list[str] = []
    try:
        for line in lines:
            buffer.append(line)
            if len(buffer) >= run_lines:
                runs.append(_write_run(buffer))
                buffer = []
        buffer.sort()
        if not runs:
            yield iter(buffer)
            return
        if buffer:
            runs.append(_write_run(buffer))
            buffer = []
        with ExitStack() as stack:
            handles = [stack.enter_context(open(path, encoding="utf-8", newline="\n")) for path in runs]
            yield heapq.merge(*(_read_run(h) for h in handles))
    finally:  # the handles are closed by now
        for path in runs:
            os.unlink(path)


def _write_run(buffer: list[str]) -> str:
    buffer.sort()
    fd, path = tempfile.mkstemp(prefix="portal-seal-", suffix=".run")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        for line in buffer:
            handle.write(line)
            handle.write("\n")
    return path


def _read_run(handle) -> Iterator[str]:
    for line in handle:
        yield line[:-1]
