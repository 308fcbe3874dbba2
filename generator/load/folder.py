"""Find institution folders and read the files of one folder, as the disclosure format lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, display_path, shown_value
from .inspections import INSPECTIONS_FOLDER, read_inspection_files
from .yamlfile import YamlDocument, load_yaml_file

# file name -> the name of the schema it follows
DISCLOSURE_FILES = {
    "institution.yaml": "institution",
    "fees.yaml": "fees",
    "plans.yaml": "plans",
    "statistics.yaml": "statistics",
}
REQUIRED_FILES = ("institution.yaml", "fees.yaml", "plans.yaml")
# Folders whose files later stages read: supervision records and the output of `portal seal`.
RESERVED_FOLDERS = {"inspections", "sealed"}
IGNORED_NAMES = {".gitkeep", "README.md"}
SEALED_FILES = {"certificates.jsonl", "results.jsonl", "summary.json"}
_SYMLINK_HINT = "institutions/ 下不允许符号链接（它可能指向仓库以外的文件）：请删除链接，放入真实的文件"


@dataclass
class InstitutionFiles:
    folder: Path
    shown: str  # the folder as the submitter sees it
    docs: dict[str, YamlDocument] = field(default_factory=dict)  # schema name -> document
    problems: list[Problem] = field(default_factory=list)
    inspections: list[YamlDocument] = field(default_factory=list)  # inspections/YYYY-MM-DD.yaml, oldest first

    def doc(self, schema_name: str) -> YamlDocument | None:
        return self.docs.get(schema_name)


def discover_institution_folders(root: Path) -> list[Path]:
    return scan_institutions_root(root)[0]


def scan_institutions_root(root: Path) -> tuple[list[Path], list[Problem]]:
    """The institution folders under root, and a problem for every other entry (a symlink, a hidden
    folder such as .evil/, a stray file such as evil.yaml): nothing there is silently ignored."""
    root = Path(root)
    if not root.is_dir():
        return [], []
    folders, problems = [], []
    shown_root = display_path(root)
    for path in sorted(root.iterdir()):
        shown = f"{shown_root}/{path.name}"
        if path.is_symlink():
            problems.append(_symlink_problem(shown))
        elif path.is_dir() and not path.name.startswith("."):
            folders.append(path)
        elif path.name not in IGNORED_NAMES:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    "文件",
                    f"意外的{_entry_noun(path)} {shown_value(path.name)}",
                    "institutions/ 下只能有以统一社会信用代码命名的机构文件夹",
                )
            )
    return folders, problems


def read_institution_folder(folder: Path) -> InstitutionFiles:
    folder = Path(folder)
    files = InstitutionFiles(folder=folder, shown=display_path(folder))
    if folder.is_symlink():
        files.problems.append(_symlink_problem(files.shown))
        return files
    for name in REQUIRED_FILES:
        if not (folder / name).is_file() and not (folder / name).is_symlink():
            files.problems.append(
                Problem(
                    f"{files.shown}/{name}",
                    1,
                    1,
                    "",
                    "文件",
                    f"缺少必需的文件 {name}",
                    "每个机构文件夹必须包含 institution.yaml、fees.yaml 和 plans.yaml",
                )
            )
    for path in sorted(folder.iterdir()):
        shown = f"{files.shown}/{path.name}"
        if path.is_symlink():
            files.problems.append(_symlink_problem(shown))
        elif path.name in DISCLOSURE_FILES and path.is_file():
            files.docs[DISCLOSURE_FILES[path.name]] = load_yaml_file(path, shown)
        elif path.is_dir() and path.name in RESERVED_FOLDERS:
            files.problems += _reserved_folder_problems(path, shown)
        elif path.name not in IGNORED_NAMES:
            files.problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    "文件",
                    f"未知的{_entry_noun(path)} {shown_value(path.name)}",
                    "允许的文件：" + "、".join(DISCLOSURE_FILES) + "，以及 inspections/、sealed/ 文件夹",
                )
            )
    files.inspections, name_problems = read_inspection_files(
        folder / INSPECTIONS_FOLDER, f"{files.shown}/{INSPECTIONS_FOLDER}"
    )
    files.problems.extend(name_problems)
    for doc in [*files.docs.values(), *files.inspections]:
        files.problems.extend(doc.problems)
    return files


def _reserved_folder_problems(folder: Path, shown: str) -> list[Problem]:
    """sealed/ holds exactly what `portal seal` writes; in inspections/ (whose file names the
    inspection checks judge) no symlink and no sub-folder."""
    problems = []
    for path in sorted(folder.iterdir()):
        entry = f"{shown}/{path.name}"
        if path.is_symlink():
            problems.append(_symlink_problem(entry))
        elif folder.name == "sealed" and not (path.name in SEALED_FILES | IGNORED_NAMES and path.is_file()):
            problems.append(
                Problem(
                    entry,
                    1,
                    1,
                    "",
                    "文件",
                    f"sealed/ 中有意外的{_entry_noun(path)} {shown_value(path.name)}",
                    "sealed/ 只存放 portal seal 生成的 " + "、".join(sorted(SEALED_FILES)),
                )
            )
        elif folder.name != "sealed" and not path.is_file():
            problems.append(
                Problem(
                    entry,
                    1,
                    1,
                    "",
                    "文件",
                    f"inspections/ 中有意外的{_entry_noun(path)} {shown_value(path.name)}",
                    "inspections/ 只存放督导记录文件 YYYY-MM-DD.yaml",
                )
            )
    return problems


def _entry_noun(path: Path) -> str:
    return "文件夹" if path.is_dir() else "文件"


def _symlink_problem(shown: str) -> Problem:
    return Problem(shown, 1, 1, "", "文件", "是符号链接，不予读取或发布", _SYMLINK_HINT)
