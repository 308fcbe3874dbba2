"""What git remembers about the data: the date each institution folder last changed on this branch.

One `git log` pass for the whole tree (not one process per institution), so it stays cheap at tens
of thousands of folders. Outside a git checkout the dates are simply unknown.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path


def _git_log(institutions_root: Path, *args: str) -> str | None:
    """Output of `git log ARGS` run in the institutions folder, or None outside a git checkout."""
    try:
        return subprocess.run(
            ["git", "log", *args], cwd=Path(institutions_root).resolve(),
            capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def last_change_dates(institutions_root: Path) -> dict[str, dt.date]:
    """Folder name → date (committer date, YYYY-MM-DD) of the newest commit touching it."""
    out = _git_log(institutions_root, "--format=@%cs", "--name-only", "--relative", "--", ".")
    if out is None:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line.split("/", 1)[0], current)  # newest first: keep the first seen
    return dates


_STATUS_LINE = re.compile(r"""^\+\s+status:\s*["']?(active|suspended|removed)["']?\s*(?:#.*)?$""")


def status_history(institutions_root: Path) -> dict[str, list[tuple[dt.date, str]]]:
    """Folder name → the directory statuses (filing.status) it has had, oldest first, each with the
    committer date of the commit that set it. One `git log -p` pass over the institution.yaml files;
    in institution.yaml only `filing` has a `status` key. Outside a git checkout: empty."""
    out = _git_log(institutions_root, "--reverse", "-p", "--unified=0", "--format=%x00%cs", "--relative", "--",
                   "*/institution.yaml")
    if out is None:
        return {}
    history: dict[str, list[tuple[dt.date, str]]] = {}
    day = folder = None
    for line in out.splitlines():
        if line.startswith("\0"):  # the commit's own line; diff lines never start with NUL
            day = dt.date.fromisoformat(line[1:])
        elif line.startswith("diff --git "):
            folder = line.split(" b/", 1)[-1].split("/", 1)[0]
        elif day and folder and (match := _STATUS_LINE.match(line)):
            states = history.setdefault(folder, [])
            if not states or states[-1][1] != match.group(1):
                states.append((day, match.group(1)))
    return history
