"""Problems found in submitted files, and the one exception family for user mistakes.

A Problem is a value, never raised on its own: every stage collects them so that a submitter sees
every mistake in one run (the publiccode-parser model). `PortalError` ends a command with a Chinese
message and no traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"

# Bounds on what one run prints: a flood of mistakes (450,000 aliases, a 2 MB value) must stay
# a short, readable report.
MAX_PROBLEMS_PER_FILE = 50
MAX_SHOWN_CHARS = 60  # a value quoted in a message is cut to this many characters
TOO_MANY = "问题过多"

# Characters a terminal or a log viewer would act on instead of showing: C0/C1 controls (ESC starts
# a terminal escape sequence), bidirectional overrides that reorder the line, lone surrogates (file
# names that are not UTF-8) and the Unicode line separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def safe_text(text: str) -> str:
    """Text with every invisible or terminal-controlling character written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def shown_value(value, limit: int = MAX_SHOWN_CHARS) -> str:
    """A submitted value as a message quotes it: escaped, and cut when long (saying how long it was)."""
    text = str(value)
    if len(text) <= limit:
        return safe_text(text)
    return safe_text(text[:limit]) + f"…（共 {len(text)} 字）"


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
        """One line for a terminal: nothing in it (a file name, a quoted value) can control the terminal."""
        where = f"{self.path}:{self.line}:{self.column}"
        label = "警告" if self.severity == WARNING else ""
        field_part = f"{self.title} ({self.key})" if self.key else self.title
        text = f"{where}: {label + '：' if label else ''}{field_part}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return safe_text(text)

    def as_dict(self) -> dict:
        return {
            "path": safe_text(self.path),
            "line": self.line,
            "column": self.column,
            "key": safe_text(self.key),
            "title": self.title,
            "message": safe_text(self.message),
            "hint": safe_text(self.hint),
            "severity": self.severity,
        }


def cap_per_file(
    problems: list[Problem], hidden: dict[str, int] | None = None, limit: int = MAX_PROBLEMS_PER_FILE
) -> list[Problem]:
    """At most `limit` problems per file (the first ones, in order), then one line saying how many more.

    hidden: problems a stage already counted but did not keep (the loader stops collecting early)."""
    hidden = dict(hidden or {})
    by_path: dict[str, list[Problem]] = {}
    flooded = [p for p in problems if p.title == TOO_MANY]  # "stopped reading": always shown
    for problem in sorted(p for p in problems if p.title != TOO_MANY):
        by_path.setdefault(problem.path, []).append(problem)
    kept: list[Problem] = []
    for path in sorted(set(by_path) | set(hidden)):
        rows = by_path.get(path, [])
        more = max(0, len(rows) - limit) + hidden.get(path, 0)
        kept += rows[:limit]
        if more:
            line, column = (
                (rows[limit].line, rows[limit].column)
                if len(rows) > limit
                else (rows[-1].line, rows[-1].column)
                if rows
                else (1, 1)
            )
            kept.append(
                Problem(
                    path,
                    line,
                    column,
                    "",
                    TOO_MANY,
                    f"另有 {more} 个问题未列出（每个文件最多列出 {limit} 个）",
                    "请先改正上面列出的问题，再重新检查",
                )
            )
    return sorted(kept + flooded)


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
