"""The whole pipeline as one readable sequence: load → validate → model → check.

Rendering, indexing and sealing read the Catalog this returns; none of them import mkdocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .load.collector import collector_paused, sweep
from .load.folder import InstitutionFiles, read_institution_folder, scan_institutions_root
from .load.history import History, last_change_dates, read_history, status_history
from .load.sealed import read_sealed_summary
from .model import Catalog, Institution, build_inspection, build_institution
from .parallel import default_jobs, forked_map
from .problems import ERROR
from .validate import validate_institution

__all__ = ["Catalog", "GitFacts", "load_catalog", "read_git_facts"]


@dataclass(frozen=True)
class GitFacts:
    """What git says about the institution folders, read once per build (empty outside a git checkout)."""

    last_changed: dict[str, dt.date] = field(default_factory=dict)  # folder name → newest commit's date
    statuses: dict[str, list[tuple[dt.date, str]]] = field(default_factory=dict)  # folder name → status history
    history: History | None = None  # each institution's history on the main branch (check stage evidence)


def read_git_facts(institutions_root: Path, branch: str = "main", jobs: int | None = None) -> GitFacts:
    """jobs: processes that replay the history (default: parallel.default_jobs(), so PORTAL_JOBS=1 keeps
    it in this process; history.read_history decides whether the number of file versions is worth it)."""
    with collector_paused():  # nothing read here forms cycles: the collector would only rescan the facts
        return GitFacts(
            last_change_dates(institutions_root),
            status_history(institutions_root),
            read_history(institutions_root, branch, jobs=jobs or default_jobs()),
        )


BATCH = 50  # folders per task of a parallel load: results come back, and are pickled, in small pieces
MIN_FOLDERS_PER_JOB = 200  # below this a worker process costs more than it saves


def load_catalog(
    root: Path,
    folders: list[Path] | None = None,
    git: GitFacts | None = None,
    audit: Callable | None = None,
    jobs: int = 1,
) -> Catalog:
    """Validate the given institution folders (all under root when none given) and model the valid ones.

    git: what the build read from git history; without it dates from git are unknown.
    audit: a check.Auditor; each valid institution then carries its indicator findings (inst.findings).
    jobs: worker processes (each folder is independent of the others): same result, sooner on many cores."""
    git = git or GitFacts()
    catalog = Catalog()
    if folders is None:
        folders, stray = scan_institutions_root(root)
        catalog.problems.extend(stray)
    jobs = max(1, min(jobs, len(folders) // MIN_FOLDERS_PER_JOB))
    with collector_paused():  # git facts and audit reach the workers by fork (generator/parallel.py)
        for institutions, problems in forked_map(_load_batch, _batches(folders), jobs, git=git, audit=audit):
            catalog.institutions.extend(institutions)
            catalog.problems.extend(problems)
    catalog.institutions.sort(key=lambda i: i.credit_code)
    return catalog


def _batches(folders: list[Path]) -> list[list[Path]]:
    return [folders[n : n + BATCH] for n in range(0, len(folders), BATCH)]


def _load_batch(folders: list[Path], git: GitFacts, audit: Callable | None) -> tuple[list[Institution], list]:
    """One batch of folders: its institutions and problems, in folder order."""
    batch = Catalog()
    _load_folders(batch, folders, git, audit)
    sweep()
    return batch.institutions, batch.problems


def _load_folders(catalog: Catalog, folders: list[Path], git: GitFacts, audit: Callable | None) -> None:
    for folder in folders:
        files = read_institution_folder(folder)
        problems = validate_institution(files)
        catalog.problems.extend(problems)
        if any(p.severity == ERROR for p in problems):
            continue
        sealed, sealed_problems = read_sealed_summary(folder, files.shown)
        catalog.problems.extend(sealed_problems)
        institution = _institution(folder, files, sealed, git)
        if audit is not None:  # the audit reads the built institution and its files (evidence names the line)
            institution = replace(institution, findings=audit(institution, files))
        catalog.institutions.append(institution)


def _institution(folder: Path, files: InstitutionFiles, sealed: dict, git: GitFacts) -> Institution:
    docs = files.docs
    return build_institution(
        folder,
        docs["institution"].data,
        docs["fees"].data,
        docs["plans"].data,
        docs["statistics"].data if "statistics" in docs else None,
        sealed=sealed,
        last_updated=git.last_changed.get(folder.name),
        status_history=tuple(git.statuses.get(folder.name, ())),
        inspections=tuple(
            build_inspection(doc.data, f"{folder.name}/inspections/{doc.path.rsplit('/', 1)[-1]}")
            for doc in files.inspections
        ),
    )
