"""Pages outside the navigation are written by the build into shells of the theme's chrome, not rendered
by mkdocs one by one: the site must come out exactly as when mkdocs rendered every page itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EPOCH
from sitebuild import build_from

from generator.mkdocs_plugin import PageShells, PortalPlugin
from generator.render.shell import CONTENT, PATH, TITLE, Shell, ShellError

SUBPATH_URL = "https://moved.example.net/pj/"  # a site under a sub-path: canonical links keep the prefix


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory) -> dict:
    """The sample site built twice under a sub-path address: with shells, and with mkdocs rendering all."""
    tmp = tmp_path_factory.mktemp("shells")
    mp = pytest.MonkeyPatch()
    rendered: list[str] = []
    render = PageShells._render

    def counted(self, path, heading):
        rendered.append(path)
        return render(self, path, heading)

    try:
        mp.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
        mp.setattr(PageShells, "_render", counted)
        shells = build_from(ROOT / "institutions", tmp / "shells", tmp / "w1", site_url=SUBPATH_URL)
        mp.setattr(PortalPlugin, "write_outside_nav", False)
        mkdocs = build_from(ROOT / "institutions", tmp / "mkdocs", tmp / "w2", site_url=SUBPATH_URL)
    finally:
        mp.undo()
    return {"shells": shells, "mkdocs": mkdocs, "rendered": rendered}


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_is_byte_identical_to_the_one_mkdocs_renders_page_by_page(both_ways):
    shells, mkdocs = _files(both_ways["shells"]), _files(both_ways["mkdocs"])
    assert sorted(shells) == sorted(mkdocs)
    assert [name for name in shells if shells[name] != mkdocs[name]] == []
    # What is compared: the pages the build wrote itself, the sitemap listing them, the 404 page, the index.
    institution_pages = [n for n in shells if n.startswith("institutions/") and n.endswith("/history/index.html")]
    assert len(institution_pages) >= 5
    assert f"<loc>{SUBPATH_URL}{institution_pages[0].removesuffix('index.html')}</loc>" in shells["sitemap.xml"].decode(
        "utf-8"
    )
    for name in ("sitemap.xml.gz", "404.html", "pagefind/pagefind-entry.json"):
        assert name in shells
    page = shells[institution_pages[0].replace("history/", "")].decode("utf-8")
    assert (
        f'<link rel="canonical" href="{SUBPATH_URL}{institution_pages[0].replace("history/index.html", "")}">' in page
    )
    assert 'href="../../assets/portal.css"' in page  # the theme's links, relative to the page's depth


def test_a_few_shells_serve_every_page_outside_the_navigation(both_ways):
    written = [
        p for p in both_ways["shells"].rglob("index.html") if p.parent.parent.name in ("institutions", "fees", "rules")
    ]
    assert len(written) >= 30
    # One shell per kind of place (list, depth, with or without its own heading): provinces and page
    # numbers never get a shell of their own, so the number of shells does not grow with the data.
    kinds = Counter((path.split("/")[0], path.count("/")) for path in both_ways["rendered"])
    assert max(kinds.values()) <= 2, both_ways["rendered"]
    assert len(both_ways["rendered"]) <= 2 * len(kinds) < len(written) / 2


def test_a_shell_is_filled_slot_by_slot():
    shell = Shell.parse(f"<title>{TITLE} - 站</title><link href='https://x/{PATH}'><main>{CONTENT}</main>{TITLE}")
    assert shell.fill(title="甲", path="a/b/", content="<p>内容</p>") == (
        "<title>甲 - 站</title><link href='https://x/a/b/'><main><p>内容</p></main>甲"
    )
    heading = CONTENT[:-1] + "<h1\x00"  # the theme's glue may add text to a marker
    assert Shell.parse(f"<main>{heading}</main>").fill(title="", path="", content="正文") == "<main>正文</main>"


def test_a_shell_without_a_place_for_the_content_is_refused():
    with pytest.raises(ShellError):
        Shell.parse(f"<title>{TITLE}</title>")
