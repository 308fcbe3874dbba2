"""An institution page prints with its past batches expanded (Material opens <details> on beforeprint; this guards it)."""

from __future__ import annotations

import re

from generator import urls

INSTITUTION = "52440106MJL0001001"
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")


def test_print_events_open_past_batches_and_fold_them_back(page, site_url):
    page.goto(site_url + urls.institution(INSTITUTION))
    past = page.locator("details.portal-past")
    batch = past.locator(".portal-plan").first
    assert past.count() == 1 and not batch.is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert batch.is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not batch.is_visible()


def test_the_printed_page_holds_the_past_batches(page, site_url):
    """Chromium's print path fires beforeprint itself: the PDF is longer than one without the past batches."""
    page.goto(site_url + urls.institution(INSTITUTION))
    printed = len(PAGE_OBJECT.findall(page.pdf()))
    page.evaluate("document.querySelector('details.portal-past').remove()")
    without = len(PAGE_OBJECT.findall(page.pdf()))
    assert printed > without >= 1, (printed, without)
    page.goto(site_url + urls.institution(INSTITUTION))
    assert page.locator("details.portal-past").get_attribute("open") is None  # the screen stays folded
