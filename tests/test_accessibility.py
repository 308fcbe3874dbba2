"""axe-core in headless Chromium on the pages people use most, on a desktop and on a phone; phone screenshots."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from generator.names import (
    CHECK_STATUS_NAMES,
    INSPECTION_RESULT_NAMES,
    OVERALL_NAMES,
    RECTIFICATION_STATE_NAMES,
    STATUS_NAMES,
)
from generator.pipeline import load_catalog
from generator.views.plans import REGISTRATION_STATES

pytestmark = pytest.mark.browser
CATALOG = load_catalog(ROOT / "institutions")
AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "test-results"
INSTITUTION = max(CATALOG.institutions, key=lambda i: (len(i.fees), i.credit_code))
PAGES = {
    "home": "",
    "directory": "institutions/",
    "institution": f"institutions/{INSTITUTION.credit_code}/",
    "directory-province": "institutions/44/",
    "fee-comparison": "fees/6-31-01-03-4/",
    "fee-comparison-province": "fees/6-31-01-03-4/44/",
    "complaints": "complaints/",
    "complaints-province": "complaints/44/",
    "calendar": "calendar/",
    "calendar-province": "calendar/44/",
    "search": "search/",
    "certificate-lookup": "lookup/certificate/",
}
WIDTHS = [1280, 390]
MONEY = re.compile(r"^¥[\d,]+(\.\d+)?$")  # an amount alone in its element: a total, a lowest or a median fee
# The badges, alone in their element: filing status, registration state, check and inspection verdicts.
BADGE_WORDS = {
    *STATUS_NAMES.values(),
    *REGISTRATION_STATES.values(),
    *CHECK_STATUS_NAMES.values(),
    *OVERALL_NAMES.values(),
    *INSPECTION_RESULT_NAMES.values(),
    *RECTIFICATION_STATE_NAMES.values(),
}
STATES = re.compile("^(" + "|".join(map(re.escape, sorted(BADGE_WORDS))) + r"|逾期 \d+ 天)$")


def _run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async tags => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
        WCAG_TAGS,
    )


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(width: int, **options):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_wcag_violations(page_at, site_url, built_site, name, width):
    if not AXE.is_file():
        pytest.fail("axe-core 未安装：请运行 npm install --prefix tests/.node axe-core@4（scripts/test 会自动安装）")
    path = PAGES[name]
    assert (built_site / path / "index.html").is_file(), f"{path} is missing from the site"
    page = page_at(width)
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    if name == "search":  # judge the page with results and filters showing, as people see it
        page.get_by_role("searchbox").fill("电工")
        page.locator("#portal-search-results li").first.wait_for()
    violations = _run_axe(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("name", ["institution", "fee-comparison-province"])
def test_phone_screenshot_has_no_sideways_overflow(page_at, site_url, name):
    page = page_at(390, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(site_url + PAGES[name])
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / f"{name}-390.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for what, text in (("money", MONEY), ("state", STATES)):
        boxes = page.get_by_text(text).evaluate_all(
            "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().toJSON())"
        )
        assert boxes, f"no {what} shown on {name}"
        for box in boxes:
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (what, box)
            assert box["height"] >= 14, f"{what} too small to read: {box}"
