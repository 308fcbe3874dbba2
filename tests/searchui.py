"""Driving the portal's search box in Chromium the way a person does (shared by the search tests)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def new_page(browser, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    return page


def type_query(page, query: str):
    """Type into the search box and wait until the answer to exactly this query is shown."""
    box = page.get_by_role("searchbox")
    box.click()
    box.fill(query)
    wait_for_results(page, query)


def status(page):
    return page.locator("#portal-search-status")


def wait_for_results(page, query: str | None = None):
    """Until the answer to `query` (or to whatever is in the box and the filters) is shown."""
    about = re.escape(f"“{query.strip()}”") if query else ""
    expect(status(page)).to_contain_text(re.compile(f"(找到|没有找到).*{about}"), timeout=15000)
    expect(page.locator("#portal-search-results")).to_have_attribute("aria-busy", "false", timeout=15000)


def results(page):
    """The results shown, one list item per page found: its category and linked title, then an excerpt."""
    return page.locator("#portal-search-results").get_by_role("listitem")


def result_titles(page) -> list[str]:
    """Each result's title: the first link in its item (the excerpt has none)."""
    return results(page).evaluate_all("items => items.map(item => item.querySelector('a').innerText)")


def result_categories(page) -> list[str]:
    """The words before each title ("机构", "收费", "计划" …) that say what sort of page it is."""
    return results(page).evaluate_all(
        "items => items.map(item => { const a = item.querySelector('a');"
        " return a.parentElement.innerText.slice(0, -a.innerText.length).trim(); })"
    )


def show_all(page):
    more = page.get_by_role("button", name="显示更多结果")
    while more.is_visible():
        more.click()
