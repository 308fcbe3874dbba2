"""Build a real site from any institutions folder, for tests that need hostile or special data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def build_from(
    institutions: Path, out: Path, workdir: Path, site_url: str | None = None, overrides: dict | None = None
) -> Path:
    """Build with the project's real mkdocs.yml, portal.toml, content and theme, but another institutions/
    folder (and, when given, another site address, written as portal.toml's [site] url, or any other
    top-level mkdocs.yml settings in overrides)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8")) | (overrides or {})
    config["docs_dir"] = str(ROOT / "content")
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["plugins"] = [{"portal": {"institutions": str(Path(institutions).resolve())}}]
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    portal_toml = (ROOT / "portal.toml").read_text("utf-8")
    if site_url is not None:
        portal_toml = re.sub(r'(?m)^url = ".*"$', f'url = "{site_url}"', portal_toml, count=1)
    (workdir / "portal.toml").write_text(portal_toml, "utf-8")
    build_site(workdir, out)
    return out
