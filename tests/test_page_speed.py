"""What keeps the public pages fast and clean in Lighthouse (benchmarks/lighthouse.py measures the scores),
checked without running Lighthouse: no script holds up the parser or the first paint, every page has a
description, loading a page asks no other host and nothing that fails, and the filter forms our scripts
drive are in place before the first paint (no layout shift when the scripts arrive)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from htmlquery import parse_file

from generator import urls

INSTITUTION = "12320100MB0A123454"
PAGES = [
    urls.home(),
    urls.directory(),
    urls.institution(INSTITUTION),
    urls.fee_comparison("6-31-01-03-4"),
    urls.lookup("certificate"),
    urls.lookup("result"),
    urls.calendar(),
    urls.inspections(),
]


def html_pages(site):
    return sorted(p for p in site.rglob("*.html"))


def test_no_script_file_blocks_the_parser_or_the_first_paint(built_site):
    for path in html_pages(built_site):
        for script in parse_file(path).iter("script"):
            if "src" in script.attrs:
                assert {"defer", "async"} & script.attrs.keys() or script.attrs.get("type") == "module", (
                    path.relative_to(built_site),
                    script.attrs["src"],
                )


def test_every_page_has_a_description(built_site):
    for path in html_pages(built_site):
        descriptions = [
            m.attrs.get("content", "") for m in parse_file(path).iter("meta") if m.attrs.get("name") == "description"
        ]
        assert len(descriptions) == 1 and descriptions[0].strip(), path.relative_to(built_site)


def test_no_link_is_a_bare_alternate(built_site):
    """mkdocs-material fetches sitemap.xml beside every link whose rel is exactly "alternate" (as language
    versions); the change feed's link would make every page ask for data/sitemap.xml, a 404."""
    for path in html_pages(built_site):
        for link in parse_file(path).iter("link"):
            assert link.attrs.get("rel", "").split() != ["alternate"] or "hreflang" in link.attrs, path


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("path", PAGES)
def test_loading_a_page_asks_only_this_site_and_nothing_fails(browser, site_url, path, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url + path, wait_until="networkidle")
    finally:
        context.close()
    assert requests and all(u.startswith(site_url) or u.startswith("data:") for u in requests), requests
    assert failures == [] and errors == []


FORMS = {
    urls.calendar_province("44"): ("#portal-cal-filters", None),  # the batches are on the province pages
}


@pytest.mark.parametrize("path", list(FORMS))
def test_filter_forms_are_in_place_before_any_script_file_runs(browser, site_url, path):
    """Script files blocked: the page already shows the form the scripts will drive and hides its
    no-JavaScript stand-in, so nothing moves when they arrive. With JavaScript off, the reverse."""
    form, stand_in = FORMS[path]
    for javascript in (True, False):
        with _phone_page_without_script_files(browser, javascript) as page:
            page.goto(site_url + path)
            assert page.locator(form).is_visible() == javascript
            if stand_in:
                assert page.locator(stand_in).is_visible() != javascript


def test_directory_filter_form_needs_no_script(browser, site_url):
    """The directory's filter form is a plain GET form to the search page: there with or without scripts."""
    for javascript in (True, False):
        with _phone_page_without_script_files(browser, javascript) as page:
            page.goto(site_url + urls.directory())
            assert page.get_by_role("search", name="筛选机构").is_visible()


@contextmanager
def _phone_page_without_script_files(browser, javascript: bool):
    """A 390 px page whose script files never load; inline scripts run only when javascript is True."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    try:
        yield page
    finally:
        context.close()
