"""An institution page prints with its past batches expanded (Material opens <details> on beforeprint; this guards it)."""

from __future__ import annotations

import re

from generator import urls

INSTITUTION = "52440106MJL0001001"
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")


def past_batches(page):
    """The folded list of past batches: the <details> whose summary reads "往期批次（N）"."""
    return page.locator("details").filter(has=page.get_by_text(re.compile(r"^往期批次（\d+）$")))


def test_print_events_open_past_batches_and_fold_them_back(page, site_url):
    page.goto(site_url + urls.institution(INSTITUTION))
    past = past_batches(page)
    batch = past.get_by_role("group", name=re.compile(r"^批次 ")).first  # shown only while the list is open
    assert past.count() == 1 and not batch.is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert batch.is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not batch.is_visible()


def test_the_printed_page_holds_the_past_batches(page, site_url):
    """Chromium's print path fires beforeprint itself: the PDF is longer than one without the past batches."""
    page.goto(site_url + urls.institution(INSTITUTION))
    printed = len(PAGE_OBJECT.findall(page.pdf()))
    past_batches(page).evaluate("details => details.remove()")
    without = len(PAGE_OBJECT.findall(page.pdf()))
    assert printed > without >= 1, (printed, without)
    page.goto(site_url + urls.institution(INSTITUTION))
    assert past_batches(page).get_attribute("open") is None  # the screen stays folded
