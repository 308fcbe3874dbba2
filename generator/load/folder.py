"""Find institution folders and read the files of one folder, as the disclosure format lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, display_path
from .yamlfile import YamlDocument, load_yaml_file

# file name -> schema kind
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


@dataclass
class InstitutionFiles:
    folder: Path
    shown: str  # the folder as the submitter sees it
    docs: dict[str, YamlDocument] = field(default_factory=dict)  # kind -> document
    problems: list[Problem] = field(default_factory=list)

    def doc(self, kind: str) -> YamlDocument | None:
        return self.docs.get(kind)


def discover_institution_folders(root: Path) -> list[Path]:
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_institution_folder(folder: Path) -> InstitutionFiles:
    folder = Path(folder)
    files = InstitutionFiles(folder=folder, shown=display_path(folder))
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            files.problems.append(
                Problem(f"{files.shown}/{name}", 1, 1, "", "文件", f"缺少必需的文件 {name}",
                        "每个机构文件夹必须包含 institution.yaml、fees.yaml 和 plans.yaml")
            )
    for path in sorted(folder.iterdir()):
        shown = f"{files.shown}/{path.name}"
        if path.name in DISCLOSURE_FILES and path.is_file():
            files.docs[DISCLOSURE_FILES[path.name]] = load_yaml_file(path, shown)
        elif (path.is_dir() and path.name in RESERVED_FOLDERS) or path.name in IGNORED_NAMES:
            continue
        else:
            files.problems.append(
                Problem(shown, 1, 1, "", "文件", f"未知的文件或文件夹 {path.name}",
                        "允许的文件：" + "、".join(DISCLOSURE_FILES) + "，以及 inspections/、sealed/ 文件夹")
            )
    for doc in files.docs.values():
        files.problems.extend(doc.problems)
    return files
