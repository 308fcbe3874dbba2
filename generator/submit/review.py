"""Who may change what: the supervisory departments (portal.toml [review]) and each institution's
maintainers (institution.yaml `maintainers`). Read from any revision, so that a pull request is judged
by the rules of its base, never by rules it brings along itself."""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load.folder import DISCLOSURE_FILES
from ..problems import PortalError
from ..validate.schema import load_schema

INSTITUTIONS = "institutions"
INSPECTIONS = "inspections"
_TEAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


def login_pattern() -> re.Pattern:
    """An account name on the repository host, as the schema's `maintainers` entries define it."""
    return re.compile(load_schema("institution")["properties"]["maintainers"]["items"]["pattern"])


@dataclass(frozen=True)
class ReviewRules:
    supervisors: tuple[str, ...] = ()  # accounts ("login") and teams ("org/team")
    owners: tuple[str, ...] = ()  # the portal's own maintainers: default reviewers of everything else

    def is_supervisor(self, author: str, teams: Sequence[str] = ()) -> bool:
        names = {s.lower() for s in self.supervisors}
        return (bool(author) and author.lower() in names) or any(t.lower() in names for t in teams)


def _accounts(review: dict, key: str, where: str) -> tuple[str, ...]:
    names = review.get(key, [])
    login = login_pattern()
    if not isinstance(names, list) or not all(
        isinstance(n, str) and (login.fullmatch(n) or _TEAM.fullmatch(n)) for n in names
    ):
        raise PortalError(
            f'{where}: [review] {key} 应为账号（如 "gz-hrss"）或团队（如 "hrss-org/supervision"）组成的列表，不带 @'
        )
    return tuple(names)


def review_rules(toml_text: str | None, where: str = "portal.toml") -> ReviewRules:
    if toml_text is None:
        return ReviewRules()
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise PortalError(f"{where}: 配置文件格式有误：{exc}") from None
    review = data.get("review", {})
    if not isinstance(review, dict):
        raise PortalError(f"{where}: [review] 应为一个表")
    return ReviewRules(_accounts(review, "supervisors", where), _accounts(review, "owners", where))


def maintainers_in(institution_yaml: str | None) -> tuple[str, ...]:
    """The well-formed account names an institution.yaml lists; anything else is ignored here
    (`portal check` reports it) so that no odd text ever reaches CODEOWNERS."""
    if institution_yaml is None:
        return ()
    try:
        data = yaml.safe_load(institution_yaml)
    except yaml.YAMLError:
        return ()
    names = data.get("maintainers") if isinstance(data, dict) else None
    if not isinstance(names, list):
        return ()
    login = login_pattern()
    return tuple(n for n in names if isinstance(n, str) and login.fullmatch(n))


def institution_of(path: str) -> str | None:
    """The folder name of the institution a repository path belongs to, if it lies inside one."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == INSTITUTIONS:
        return parts[1]
    return None


def is_inspection(path: str) -> bool:
    parts = path.split("/")
    return institution_of(path) is not None and parts[2] == INSPECTIONS


INSTITUTION_FILE = next(name for name, schema_name in DISCLOSURE_FILES.items() if schema_name == "institution")


class Revision:
    """Files as they are in one git revision (the base of a pull request)."""

    def __init__(self, repo: Path, ref: str):
        self.repo, self.ref = Path(repo), ref

    def read(self, path: str) -> str | None:
        result = subprocess.run(["git", "show", f"{self.ref}:{path}"], cwd=self.repo, capture_output=True, check=False)
        if result.returncode != 0:
            return None
        return result.stdout.decode("utf-8", errors="replace")

    def has(self, path: str) -> bool:
        return (
            subprocess.run(
                ["git", "cat-file", "-e", f"{self.ref}:{path}"], cwd=self.repo, capture_output=True, check=False
            ).returncode
            == 0
        )


class WorkingTree:
    def __init__(self, repo: Path):
        self.repo = Path(repo)

    def read(self, path: str) -> str | None:
        try:
            return (self.repo / path).read_text("utf-8", errors="replace")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
