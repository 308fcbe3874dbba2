"""What git remembers about the data: the date each institution folder last changed on this branch.

One `git log` pass for the whole tree (not one process per institution), so it stays cheap at tens
of thousands of folders. Outside a git checkout the dates are simply unknown.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_change_dates(institutions_root: Path) -> dict[str, dt.date]:
    """Folder name → date (committer date, YYYY-MM-DD) of the newest commit touching it."""
    root = Path(institutions_root).resolve()
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--relative", "--", "."],
            cwd=root, capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line.split("/", 1)[0], current)  # newest first: keep the first seen
    return dates
