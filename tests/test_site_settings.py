"""Settings set once: the site address lives in portal.toml only; search skips the pages marked so."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from sitebuild import build_from

from generator.problems import PortalError

PORTAL_URL = tomllib.loads((ROOT / "portal.toml").read_text("utf-8"))["site"]["url"]


def test_the_site_address_is_written_only_in_portal_toml():
    assert "site_url" not in yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    settings = [*ROOT.glob("*.yml"), *ROOT.glob("*.toml"), *(ROOT / "theme").rglob("*.html")]
    spelled = [p.relative_to(ROOT).as_posix() for p in settings if PORTAL_URL in p.read_text("utf-8")]
    assert spelled == ["portal.toml"]


def test_the_built_site_uses_the_address_from_portal_toml(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{PORTAL_URL}">' in home
    assert f"<loc>{PORTAL_URL}</loc>" in (built_site / "sitemap.xml").read_text("utf-8")
    assert f'href="{PORTAL_URL}' in (built_site / "data" / "changes.atom").read_text("utf-8")


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("moved")
    return build_from(ROOT / "institutions", tmp / "site", tmp / "work", site_url="https://moved.example.net/pj/")


def test_changing_portal_toml_moves_every_absolute_link(moved_site):
    home = (moved_site / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://moved.example.net/pj/">' in home
    assert "https://moved.example.net/pj/" in (moved_site / "sitemap.xml").read_text("utf-8")
    assert 'href="/pj/search/"' in (moved_site / "404.html").read_text("utf-8")
    from test_opendata import part_paths

    for path in ("data/changes.atom", *part_paths(moved_site, "calendar.ics"), "index.html", "sitemap.xml", "404.html"):
        assert PORTAL_URL not in (moved_site / path).read_text("utf-8"), path


def test_a_second_site_address_in_mkdocs_yml_is_refused(tmp_path):
    work = tmp_path / "work"
    build_from(ROOT / "institutions", tmp_path / "first", work)  # writes work/mkdocs.yml and work/portal.toml
    config = yaml.safe_load((work / "mkdocs.yml").read_text("utf-8"))
    config["site_url"] = "https://elsewhere.example.com/"
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    from generator.site import build_site

    with pytest.raises(PortalError, match=re.escape("网站地址只在 portal.toml 的 [site] url 中设置")):
        build_site(work, tmp_path / "second")


def test_pages_marked_unsearchable_stay_out_of_the_index(built_site, monkeypatch):
    from conftest import SAMPLE_EPOCH

    from generator.build import prepare_build
    from generator.urls import institution_history

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    excluded = prepare_build(ROOT / "institutions", PORTAL_URL).not_indexed()
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    pages = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")]
    history = [p for p in pages if re.fullmatch(institution_history("[^/]+") + "index.html", p)]
    assert history, "every institution has a change history page"
    assert all(p.startswith(excluded) for p in history), "change histories are marked unsearchable"
    indexed = [p for p in pages if not p.startswith((*excluded, "pagefind/"))]
    assert entry["languages"]["zh"]["page_count"] == len(indexed)
