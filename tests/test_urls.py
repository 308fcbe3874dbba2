"""Site addresses come from one module (generator/urls.py); links work when the site lives under a sub-path."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator import urls

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
TEMPLATES = GENERATOR / "render" / "templates"
# The top-level folders of the published site that hold generated pages and files.
SITE_FOLDERS = (
    "institutions",
    "fees",
    "calendar",
    "complaints",
    "data",
    "schema",
    "indicators",
    "search",
    "lookup",
    "assets",
    "pagefind",
)
SITE_PATH = re.compile(r"^(?:\.\./)*(?:%s)/" % "|".join(SITE_FOLDERS))
# Modules that build the published site (other modules may mention repository folders such as institutions/<代码>/).
SITE_MODULES = [
    *sorted((GENERATOR / "views").glob("*.py")),
    *sorted((GENERATOR / "feeds").glob("*.py")),
    *sorted((GENERATOR / "render").glob("*.py")),
    GENERATOR / "build.py",
    GENERATOR / "pipeline.py",
    GENERATOR / "model.py",
    GENERATOR / "seal" / "qr.py",
    GENERATOR / "seal" / "publish.py",
    GENERATOR / "seal" / "lookup.py",
]


def _string_parts(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


@pytest.mark.parametrize("module", SITE_MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_site_module_spells_a_site_path(module):
    found = [
        (line, text) for line, text in _string_parts(ast.parse(module.read_text("utf-8"))) if SITE_PATH.match(text)
    ]
    assert found == [], f"{module.name} spells site paths itself; ask generator.urls instead: {found}"


def test_templates_take_every_address_from_the_url_module():
    literal = re.compile(r'(?:href|src|data-[\w-]+)="(?!\{\{|#|tel:|mailto:)([^"]*/[^"]*)"')
    offenders = {}
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text("utf-8")
        hits = literal.findall(text) + re.findall(r"\{\{\s*base\b", text)
        if hits:
            offenders[template.name] = hits
    assert offenders == {}


def test_javascript_spells_no_site_path():
    quoted = re.compile(r"""["'](?:\.\./)*(?:%s)/""" % "|".join(SITE_FOLDERS))
    offenders = {
        js.name: quoted.findall(js.read_text("utf-8")) for js in sorted((ROOT / "theme" / "assets").glob("*.js"))
    }
    assert {name: hits for name, hits in offenders.items() if hits} == {}


def test_page_urls_are_relative_to_the_page():
    on_institution = urls.PageUrls(urls.institution("91440101MA5XXXXXX1"))
    assert on_institution.institution_calendar("X") == "../../calendar/institutions/X.ics"
    assert on_institution(urls.fee_comparison("4-01-05-01-3")) == "../../fees/4-01-05-01-3/"
    assert urls.PageUrls(urls.home()).lookup("certificate") == "lookup/certificate/"
    with pytest.raises(AttributeError):
        on_institution.no_such_place  # noqa: B018 - a misspelt place fails loudly instead of linking nowhere


def test_files_link_relative_to_themselves_and_absolute_with_a_site_url():
    assert urls.relative(urls.changes_feed(), urls.data()) == "../data/"
    assert (
        urls.absolute("https://example.org/pingjia/", urls.institution("A", "plans"))
        == "https://example.org/pingjia/institutions/A/#plans"
    )
    assert urls.absolute("", urls.data()) is None
    assert urls.qr_target("https://example.org/", "v1.abc") == "https://example.org/lookup/certificate/#v1.abc"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (
                name in ("href", "src") or (name.startswith("data-") and name.endswith(("-url", "manifest")))
            ):
                self.links.append(value)


def _site_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_every_generated_page_links_only_to_published_files_under_a_sub_path(built_site):
    """Served at https://example.org/pingjia/, every relative link must stay under /pingjia/ and hit a file."""
    deployed = "https://example.org/pingjia/"
    checked = 0
    broken = []
    for page in sorted(built_site.rglob("index.html")):
        page_path = page.parent.relative_to(built_site).as_posix()
        page_url = deployed + ("" if page_path == "." else page_path + "/")
        for link in _site_links(page.read_text("utf-8")):
            if urlsplit(link).scheme or link.startswith("#"):
                continue
            target = urlsplit(urljoin(page_url, link.replace("{code}", page.parent.name)))
            if not target.path.startswith("/pingjia/"):
                broken.append((page_path, link, "leaves the sub-path"))
                continue
            local = built_site / unquote(target.path.removeprefix("/pingjia/"))
            if local.is_dir():
                local = local / "index.html"
            if not local.exists() and "{code}" not in link:
                broken.append((page_path, link, "no such file"))
            checked += 1
    assert checked > 1000
    assert broken == []
