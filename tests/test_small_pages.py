"""Things seen on the pages themselves: list numbering, Markdown artefacts, the 404 page (in Chromium)."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import ROOT, _Server
from sitebuild import build_from

pytestmark = pytest.mark.browser

HAND_WRITTEN = {p.name: ("" if p.stem == "index" else f"{p.stem}/") for p in sorted((ROOT / "content").glob("*.md"))}


def test_indicators_are_numbered_once(page, site_url):
    page.goto(site_url + "indicators/")
    items = page.evaluate("""() => [...document.querySelectorAll('article ol > li')].map(li => {
        const style = getComputedStyle(li);
        return {value: li.value, text: li.innerText.trim(),
                marker: style.display === 'list-item' && style.listStyleType !== 'none'};
    })""")
    assert len(items) == 33
    for item in items:
        typed = re.match(rf"{item['value']}\s*[.．、]", item["text"]) is not None
        assert item["marker"] + typed == 1, f"item {item['value']} shows its number {item['marker'] + typed} times"
    assert [i["value"] for i in items] == list(range(1, 34))


def _stars_outside_bold(markdown: str) -> int:
    """Asterisks the reader should see: all of them except the ** pairs that mark bold text."""
    parts = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.DOTALL)  # code is shown as written
    return sum(
        part.count("*") if part.startswith("`") else re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", part).count("*")
        for part in parts
    )


@pytest.mark.parametrize("source", sorted(HAND_WRITTEN))
def test_hand_written_pages_show_no_markdown_artefacts(page, site_url, source):
    markdown = (ROOT / "content" / source).read_text("utf-8")
    page.goto(site_url + HAND_WRITTEN[source])
    article = page.locator("article")
    text = article.inner_text()
    assert page.locator("article em, article i:not([class])").count() == 0, "emphasis nobody wrote"
    assert text.count("*") == _stars_outside_bold(markdown), "asterisks were taken as Markdown"
    prose = page.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('code, pre').forEach(c => c.remove()); return a.innerText; }""")
    for leftover in ("**", "__", "](", "```", "!!!", "{:", "{ ."):
        assert leftover not in prose, f"{source}: Markdown syntax {leftover!r} shown as text"


def test_privacy_page_shows_the_masking_example_literally(page, site_url):
    page.goto(site_url + "privacy/")
    assert "张*三、110***********1234" in page.locator("article").inner_text()


class _SiteWith404(http.server.SimpleHTTPRequestHandler):
    """Like a static host: any missing address answers 404 with the site's 404.html."""

    not_found_page: Path

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """The sample site deployed under /pingjia/ (site_url with a path), served with its 404 page."""
    tmp = tmp_path_factory.mktemp("subpath")
    www = tmp / "www"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1795449600")
    try:
        build_from(
            ROOT / "institutions", www / "pingjia", tmp / "work", site_url="https://pingjia.example.org/pingjia/"
        )
    finally:
        mp.undo()
    handler = type("Handler", (_SiteWith404,), {"not_found_page": www / "pingjia" / "404.html"})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pingjia/"
    server.shutdown()
    shutil.rmtree(www, ignore_errors=True)


@pytest.mark.parametrize(
    "missing", ["no-such-page", "institutions/000000000000000000/plans/2026/x.html", "a/b/c/d/e/f/"]
)
@pytest.mark.parametrize("width", [390, 1280])
def test_404_page_is_chinese_and_every_way_on_works_from_any_depth(browser, subpath_site, missing, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        response = page.goto(subpath_site + missing)
        assert response.status == 404
        assert page.locator("article h1").inner_text() == "页面不存在"
        assert "Not found" not in page.content()
        assert page.title().startswith("页面不存在")
        stylesheet = page.get_by_role("banner").evaluate("header => getComputedStyle(header).position")
        assert stylesheet in ("sticky", "fixed"), "the theme's CSS must load at any depth"
        for label, path, heading in [
            ("返回首页", "", "技能人才评价机构"),
            ("搜索", "search/", "搜索"),
            ("机构名录", "institutions/", "机构名录"),
        ]:
            page.goto(subpath_site + missing)
            with page.expect_navigation():
                page.locator("article a", has_text=label).click()
            assert page.url == subpath_site + path
            assert heading in page.locator("article h1").inner_text()
    finally:
        context.close()
