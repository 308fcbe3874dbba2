"""Problems found in submitted files, and the one exception family for user mistakes.

A Problem is a value, never raised on its own: every stage collects them so that a submitter sees
every mistake in one run (the publiccode-parser model). `PortalError` ends a command with a Chinese
message and no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    key: str  # dotted key path, e.g. "scope[0].levels"
    title: str  # the field's Chinese name
    message: str  # what is wrong
    hint: str = ""  # how to fix it
    severity: str = field(default=ERROR, compare=False)

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = "警告" if self.severity == WARNING else ""
        field_part = f"{self.title} ({self.key})" if self.key else self.title
        text = f"{where}: {label + '：' if label else ''}{field_part}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "title": self.title,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as the submitter knows it: relative to the working directory when possible."""
    path = Path(path)
    for base in filter(None, (root, Path.cwd())):
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class PortalError(Exception):
    """A user mistake (bad data, bad arguments): shown as Chinese text, never as a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class DataInvalid(PortalError):
    """The institution data has errors; the build refuses to publish it."""
