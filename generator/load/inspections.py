"""Read an institution's supervision records: inspections/YYYY-MM-DD.yaml, one file per inspection.

The file name is the inspection's date, so a name that is not a real YYYY-MM-DD date is refused here;
that the date inside agrees with the name is a rule of the validate stage.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..problems import Problem
from .yamlfile import YamlDocument, load_yaml_file

INSPECTIONS_FOLDER = "inspections"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
_IGNORED = {".gitkeep", "README.md"}


def inspection_file_date(name: str) -> dt.date | None:
    """The date a file name stands for (2026-11-03.yaml), or None for any other name."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def read_inspection_files(folder: Path, shown: str) -> tuple[list[YamlDocument], list[Problem]]:
    """The readable inspection files of `folder` (oldest first) and the problems with its names."""
    folder = Path(folder)
    docs: list[YamlDocument] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return docs, problems
    for path in sorted(folder.iterdir()):
        if path.name in _IGNORED:
            continue
        where = f"{shown}/{path.name}"
        if path.is_file() and inspection_file_date(path.name) is not None:
            docs.append(load_yaml_file(path, where))
        else:
            problems.append(
                Problem(
                    where,
                    1,
                    1,
                    "",
                    "文件",
                    f"督导记录的文件名 “{path.name}” 不是有效日期",
                    "inspections/ 中每次督导一个文件，以督导日期命名，例如 inspections/2026-11-03.yaml",
                )
            )
    return docs, problems
