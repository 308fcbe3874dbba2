"""Audit many institution folders on every core: each worker loads, validates and checks its share.

The history (read once, in one git pass, before the workers start) reaches them by fork, not by
pickling; what comes back is small: per institution its code, name and findings, and the problems.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from .audit import Auditor
from .registry import Finding

MIN_FOLDERS_PER_WORKER = 200  # below this a worker's start-up costs more than it saves

_SHARED: dict[str, Auditor] = {}  # the auditor, set in the parent before the workers fork


@dataclass(frozen=True)
class AuditedInstitution:
    credit_code: str
    name: str
    findings: tuple[Finding, ...]


def _audit_chunk(args: tuple[str, list[str]]):
    from ..pipeline import load_catalog  # noqa: PLC0415 - the pipeline runs the check stage, not the reverse

    root, folders = args
    catalog = load_catalog(Path(root), [Path(f) for f in folders], audit=_SHARED["auditor"])
    audited = [AuditedInstitution(i.credit_code, i.name, tuple(i.findings)) for i in catalog.institutions]
    return audited, catalog.problems


def audit_folders(root: Path, folders: list[Path], auditor: Auditor, jobs: int | None = None):
    """(audited institutions by credit code, problems) for the given folders, on up to `jobs` processes."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(folders) // MIN_FOLDERS_PER_WORKER or 1))
    chunks = [(str(root), [str(f) for f in folders[n::jobs]]) for n in range(jobs)]
    _SHARED["auditor"] = auditor
    try:
        if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
            results = [_audit_chunk(chunk) for chunk in chunks]
        else:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_audit_chunk, chunks)
    finally:
        _SHARED.clear()
    audited = sorted((a for part, _ in results for a in part), key=lambda a: a.credit_code)
    problems = sorted(p for _, part in results for p in part)
    return audited, problems
