"""No table hides columns without a visible way to reach them, at 390 px and 1280 px, and data pages
use the desktop width (no empty navigation sidebar beside them)."""

from __future__ import annotations

import os

import pytest

from generator import urls

WIDTHS = (390, 1280)
PAGES = [
    urls.institution("12320100MB0A123454"),  # fees with a changed total, sealed certificates, outcomes
    urls.institution("52440106MJL0001001"),
    urls.fee_comparison("6-31-01-03-4"),
    urls.calendar(),
    urls.directory(),
    urls.compliance(),
]
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")  # a folder: save each page's screenshot there to look at

# For every table in the article: does it clip, and if it is wider than its wrapper, can a person see so?
TABLE_REPORT = """() => {
  const out = [];
  for (const table of document.querySelectorAll("article table")) {
    if (!table.offsetParent) continue;  // inside a closed <details>: nothing to clip
    let wrap = null;  // the nearest box around the table that scrolls sideways
    for (let e = table.parentElement; e && e.tagName !== "ARTICLE" && !wrap; e = e.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) wrap = e;
    }
    const scroller = wrap || table.parentElement;
    const overflowX = getComputedStyle(scroller).overflowX;
    const cue = wrap && wrap.previousElementSibling;  // the words right above it: "左右滑动查看全部列"
    const hint = cue && cue.textContent.includes("左右滑动") ? cue : null;
    out.push({
      caption: (table.caption && table.caption.textContent.trim()) || table.rows[0].textContent.trim().slice(0, 30),
      tableClips: table.scrollWidth > table.clientWidth + 1,
      fits: scroller.scrollWidth <= scroller.clientWidth + 1,
      scrollable: overflowX === "auto" || overflowX === "scroll",
      hintVisible: !!hint && hint.offsetParent !== null && hint.getBoundingClientRect().height > 0,
      overflowsPage: table.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !wrap,
    });
  }
  return out;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_every_table_fits_or_scrolls_with_a_visible_cue(browser, site_url, path, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        tables = page.evaluate(TABLE_REPORT)
        assert tables, path
        for t in tables:
            assert not t["tableClips"], (path, width, t)
            assert not t["overflowsPage"], (path, width, t)
            assert t["fits"] or (t["scrollable"] and t["hintVisible"]), (path, width, t)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, width)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{path.strip('/').replace('/', '_') or 'home'}-{width}.png", full_page=True)
    finally:
        context.close()


def test_data_pages_use_the_desktop_width(browser, site_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(site_url + path)
            content = page.locator("article").bounding_box()
            assert content["width"] > 1000, (path, content)
            assert not page.get_by_role("navigation", name="导航栏").is_visible(), path
    finally:
        context.close()
