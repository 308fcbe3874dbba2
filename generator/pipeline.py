"""The whole pipeline as one readable sequence: load → validate → model → check.

Rendering, indexing and sealing read the Catalog this returns; none of them import mkdocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .load.sealed import read_sealed_summary
from .load.folder import discover_institution_folders, read_institution_folder
from .model import Institution, build_institution
from .problems import ERROR, Problem
from .validate import validate_institution


@dataclass
class Catalog:
    institutions: list[Institution] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def load_catalog(root: Path, folders: list[Path] | None = None, audit: Callable | None = None) -> Catalog:
    """Validate the given institution folders (all under root when none given) and model the valid ones.

    audit: a check.Auditor; each valid institution then carries its indicator findings (inst.findings),
    computed while its parsed files are at hand so that evidence can name the line."""
    catalog = Catalog()
    for folder in folders if folders is not None else discover_institution_folders(root):
        files = read_institution_folder(folder)
        problems = validate_institution(files)
        catalog.problems.extend(problems)
        if any(p.severity == ERROR for p in problems):
            continue
        docs = files.docs
        sealed, sealed_problems = read_sealed_summary(folder, files.shown)
        catalog.problems.extend(sealed_problems)
        institution = build_institution(
            folder,
            docs["institution"].data,
            docs["fees"].data,
            docs["plans"].data,
            docs["statistics"].data if "statistics" in docs else None,
        )
        institution.sealed = sealed
        if audit is not None:
            institution.findings = audit(institution, files)
        catalog.institutions.append(institution)
    catalog.institutions.sort(key=lambda i: i.credit_code)
    return catalog
