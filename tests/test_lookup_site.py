"""Certificate and result lookup on the real sample site (real KDF parameters), and the leak test."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

from generator.seal.config import load_config
from generator.seal.crypto import derive_secret
from generator.seal.qr import qr_url

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
LOOKUPS = json.loads((SYNTHETIC / "lookups.json").read_text("utf-8"))
TAB = {"c.no": "证书编号 + 姓名", "c.id": "身份证号 + 姓名", "r.no": "准考证号 + 姓名", "r.id": "身份证号 + 姓名"}
FIELD = {"c.no": "证书编号", "c.id": "身份证号", "r.no": "准考证号", "r.id": "身份证号"}
SHOWN = {"valid": "证书有效", "revoked": "证书已撤销", "pass": "合格", "fail": "不合格", "absent": "缺考"}


def lookup_in_browser(page, site_url, case) -> str:
    page.goto(f"{site_url}lookup/{case['page']}/")
    page.get_by_role("tab", name=TAB[case["domain"]]).click()
    page.get_by_label(FIELD[case["domain"]], exact=True).fill(case["identifier"])
    page.get_by_label("姓名", exact=True).fill(case["name"])
    page.get_by_role("button", name="查询").click()
    page.wait_for_function(
        "['done', 'error'].includes(document.querySelector('[data-portal-lookup]').dataset.lookupState)",
        timeout=20000,
    )
    return page.locator("[data-lookup-result]").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(
    "case",
    [c for c in LOOKUPS if c["expect"] and "error" not in c],
    ids=lambda c: f"{c['page']}-{c['domain']}-{c['name']}",
)
def test_readme_lookups_find_the_expected_records(page, site_url, case):
    text = lookup_in_browser(page, site_url, case)
    if len(case["expect"]) > 1:
        unit = "张证书" if case["page"] == "certificate" else "条评价结果"
        assert f"查询到 {len(case['expect'])} {unit}" in text
    for outcome in set(case["expect"]):
        assert SHOWN[outcome] in text
    for shown in case.get("shows", []):  # the revocation's date (as 2026年11月10日) and reason
        assert shown in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates as 2026年7月10日, never 2026-07-10
    assert case["name"] not in text  # names come back masked


@pytest.mark.browser
def test_wrong_name_finds_nothing_and_says_whom_to_ask(page, site_url):
    case = next(c for c in LOOKUPS if c["page"] == "certificate" and c["domain"] == "c.no" and c["expect"])
    text = lookup_in_browser(page, site_url, {**case, "name": case["name"][0] + "某某"})
    assert "未查询到" in text and "12333" in text


REVOKED_CASE = next(c for c in LOOKUPS if "shows" in c)
SCREENSHOTS = ROOT / "test-results"  # not committed (.gitignore): written for people to look at


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_revoked_certificate_shows_date_and_reason_at_phone_and_desktop_width(browser, site_url, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        text = lookup_in_browser(page, site_url, REVOKED_CASE)
        date, reason = REVOKED_CASE["shows"]
        verdict = page.get_by_role("heading", name=f"证书已撤销（{date}）")
        assert verdict.is_visible()
        assert f"撤销原因：{reason}" in text and "不再有效" in text
        assert "发证日期\n2026年10月16日" in text
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
        page.add_script_tag(path=str(ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"))
        found = page.evaluate(
            "axe.run(document.querySelector('[data-lookup-result]'), {runOnly: {type: 'tag', "
            "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in found["violations"]] == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"lookup-revoked-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_not_found_points_to_the_national_query_and_explains_older_certificates(browser, site_url, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        case = next(c for c in LOOKUPS if c["page"] == "certificate" and c["expect"] == [])
        text = lookup_in_browser(page, site_url, case)
        assert "未查询到" in text
        assert "“技能人才评价证书全国联网查询”" in text and "人力资源社会保障部职业技能鉴定中心" in text
        assert "职业资格证书" in text and "此前颁发的职业资格证书继续有效" in text
        hotline = page.locator("[data-lookup-result] a[href='tel:12333']")
        assert hotline.inner_text() == "12333"
        hrefs = page.locator("[data-lookup-result] a").evaluate_all("links => links.map(a => a.href)")
        assert hrefs and all(h.startswith(site_url) or h.startswith("tel:") for h in hrefs)
        assert all(u.startswith(site_url) for u in requested)  # zero requests to other hosts
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"lookup-not-found-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["lookup/certificate/", "lookup/result/"])
def test_hotline_on_the_lookup_pages_is_tap_to_call(page, site_url, path):
    page.goto(site_url + path)
    link = page.get_by_role("link", name="12333", exact=True)  # the page's one hotline link, under the form
    assert link.get_attribute("href") == "tel:12333" and link.is_visible()


@pytest.mark.browser
def test_printed_answer_carries_site_address_and_time_of_the_query(page, site_url):
    case = next(c for c in LOOKUPS if c["domain"] == "c.no" and c["expect"] == ["valid"])
    lookup_in_browser(page, site_url, case)
    note = page.locator("[data-lookup-print]")
    form = [
        page.get_by_role("tablist", name="查询方式"),
        page.get_by_role("textbox", name="姓名"),
        page.get_by_role("button", name="查询"),
    ]
    answer = page.get_by_role("heading", name="证书有效")
    assert not note.is_visible()  # on screen the answer stands alone
    assert all(part.is_visible() for part in form) and answer.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()
    assert not any(part.is_visible() for part in form)  # the printout is the answer, not the form
    assert answer.is_visible()
    text = note.inner_text()
    assert "技能人才评价机构信息公开平台" in text
    assert f"{site_url}lookup/certificate/" in text
    now = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    assert f"查询时间：{now[0]}年{now[1]}月{now[2]}日 " in text
    assert re.search(r"\d{2}:\d{2}$", text)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "lookup-print.png"), full_page=True)


@pytest.mark.browser
def test_qr_link_opens_straight_to_the_verified_certificate(page, site_url):
    case = next(c for c in LOOKUPS if c["domain"] == "c.no" and c["expect"] == ["valid"])
    config = load_config(ROOT / "portal.toml")
    secret = derive_secret("c.no", case["identifier"], case["name"], salt=config.salt, iterations=config.iterations)
    page.goto(qr_url(site_url, secret))
    page.wait_for_function(
        "document.querySelector('[data-portal-lookup]').dataset.lookupState === 'done'", timeout=20000
    )
    text = page.locator("[data-lookup-result]").inner_text()
    assert "证书有效" in text and case["identifier"].upper() in text
    assert not [u for u in page.requested_urls if "#" in u or "v1." in u]
    assert "#" not in page.locator("[data-lookup-print]").text_content()  # the key is never printed


@pytest.mark.browser
def test_lookup_pages_are_not_in_the_search_index(page, site_url):
    page.goto(site_url + "search/")
    urls = page.evaluate("""async () => {
        const pf = await import('../pagefind/pagefind.js');
        const found = [];
        for (const q of ['证书编号', '准考证号', '姓名', '查询', '变更记录']) {
            const r = await pf.search(q);
            for (const hit of r.results) found.push((await hit.data()).url);
        }
        return found; }""")
    assert urls, "the search itself should work"
    assert not [u for u in urls if "/lookup/" in u or "/search/" in u or "/history/" in u]


def synthetic_secrets() -> set[str]:
    """Every name, ID number, certificate number and ticket number in the synthetic plaintext CSVs."""
    values = set()
    for path in SYNTHETIC.glob("*/*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in ("name", "id_number", "certificate_no", "ticket_no"):
                    if row.get(column):
                        values.add(row[column])
                        values.add(row[column].upper())
    return values


def test_synthetic_inputs_are_the_ones_the_lookups_use():
    secrets = synthetic_secrets()
    assert len(secrets) > 50
    assert {c["identifier"].upper() for c in LOOKUPS if c["expect"]} <= secrets


def _files(root: Path):
    return (p for p in root.rglob("*") if p.is_file())


def test_no_personal_data_in_the_built_site_or_the_repository_data(built_site):
    secrets = sorted(synthetic_secrets())
    leaks = []
    for path in [*_files(built_site), *_files(ROOT / "institutions")]:
        data = path.read_bytes()
        leaks += [(str(path), s) for s in secrets if s.encode("utf-8") in data]
    assert leaks == []
