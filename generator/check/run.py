"""Audit many institution folders on every core, streaming: each worker loads, validates and checks a
small batch of folders and sends back only what the output needs, so memory does not grow with the
number of institutions.

The history (read once, in one git pass, before the workers start) reaches them by fork, not by pickling.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .audit import Auditor
from .registry import Finding

BATCH = 50  # folders per task: small enough to bound memory, large enough to keep workers busy
MIN_FOLDERS_PER_WORKER = 200  # below this a worker's start-up costs more than it saves

_SHARED: dict[str, Auditor] = {}  # the auditor, set in the parent before the workers fork


@dataclass(frozen=True)
class AuditedInstitution:
    credit_code: str
    name: str
    findings: tuple[Finding, ...]


def _audit_batch(args: tuple[str, list[str]]) -> tuple[list[AuditedInstitution], list[Problem]]:
    from ..pipeline import load_catalog  # noqa: PLC0415 - the pipeline runs the check stage, not the reverse

    root, folders = args
    catalog = load_catalog(Path(root), [Path(f) for f in folders], audit=_SHARED["auditor"])
    audited = [AuditedInstitution(i.credit_code, i.name, tuple(i.findings)) for i in catalog.institutions]
    return audited, catalog.problems


def audit_folders(
    root: Path, folders: list[Path], auditor: Auditor, jobs: int | None = None
) -> Iterator[tuple[list[AuditedInstitution], list[Problem]]]:
    """(audited institutions, problems) batch by batch, in folder order, on up to `jobs` processes."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(folders) // MIN_FOLDERS_PER_WORKER or 1))
    batches = [(str(root), [str(f) for f in folders[n : n + BATCH]]) for n in range(0, len(folders), BATCH)]
    _SHARED["auditor"] = auditor
    try:
        if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_audit_batch, batches)
        else:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from pool.imap(_audit_batch, batches)
    finally:
        _SHARED.clear()
