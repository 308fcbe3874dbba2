"""What a rule sees: one institution, the audit's day, its git history, the working-day calendar,
and where each value was written (for evidence)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..load.folder import DISCLOSURE_FILES, InstitutionFiles
from ..load.history import History, InstitutionHistory
from ..load.yamlfile import YamlDocument, load_yaml_file
from ..model import Institution
from ..problems import display_path
from .registry import Evidence
from .settings import AuditSettings
from .workdays import WorkdayCalendar, default_calendar

FILE_NAMES = {schema_name: name for name, schema_name in DISCLOSURE_FILES.items()}


class Locator:
    """Line numbers of values in an institution's files: from the documents the loader already
    parsed (the normal case, inside load_catalog), or parsed again on first use."""

    def __init__(self, folder: Path, docs: dict[str, YamlDocument] | None = None):
        self.folder = Path(folder)
        self._docs: dict[str, YamlDocument | None] = dict(docs or {})

    def doc(self, schema_name: str) -> YamlDocument | None:
        if schema_name not in self._docs:
            path = self.folder / FILE_NAMES[schema_name]
            self._docs[schema_name] = load_yaml_file(path, display_path(path)) if path.is_file() else None
        return self._docs[schema_name]

    def line(self, schema_name: str, *key_path) -> int:
        doc = self.doc(schema_name)
        return doc.where(key_path)[0] if doc is not None else 1

    @classmethod
    def of(cls, files: InstitutionFiles) -> Locator:
        return cls(files.folder, files.docs)


@dataclass
class RuleContext:
    inst: Institution
    today: dt.date
    locator: Locator
    history: History | None = None
    settings: AuditSettings = field(default_factory=AuditSettings)
    calendar: WorkdayCalendar = field(default_factory=default_calendar)

    @property
    def git(self) -> InstitutionHistory | None:
        """This institution's history on main; None when git is not available."""
        if self.history is None or not self.history.available:
            return None
        return self.history.of(self.inst.folder.name) or InstitutionHistory()

    def file(self, schema_name: str) -> str:
        """The file as evidence names it: repository-relative when git knows the repository."""
        name = FILE_NAMES[schema_name]
        if self.history is not None and self.history.available:
            return self.history.path(self.inst.folder.name, name)
        return display_path(self.inst.folder / name)

    def evidence(
        self, schema_name: str, key_path: tuple, value, commit: str | None = None, date: dt.date | None = None
    ) -> Evidence:
        return Evidence(self.file(schema_name), self.locator.line(schema_name, *key_path), _text(value), commit, date)


def _text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    return "" if value is None else str(value)
