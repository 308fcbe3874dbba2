"""End to end: seal → publish_lookup → the lookup pages in headless Chromium, served from a minimal folder."""

from __future__ import annotations

import shutil

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from seal_support import (
    ROOT,
    TEST_CONFIG,
    TEST_EMPLOYER,
    TODAY,
    certificate,
    copy_institution,
    result,
    serve,
    write_csv,
)

from generator import urls
from generator.seal.crypto import derive_secret
from generator.seal.publish import publish_lookup
from generator.seal.qr import qr_url
from generator.seal.sealer import seal_csv
from generator.views.lookup import lookup_view

pytestmark = pytest.mark.browser

LI = ("李四", "440106199003151282")
ZHANG = ("阿依古丽·买买提", "11010519491231002X")
VALID = "S000144440106264000001"
REVOKED = "S000144440106264000002"
OTHER = "Y000244440305264000001"
MARKUP = '<img src=x onerror="window.__xss=1">'
TYPED = [LI[1], ZHANG[1], VALID, REVOKED, "T-2026-05-DG4-001"]

SHELL = (
    '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><main><article class="md-content__inner">{body}</article></main></body></html>'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    one = copy_institution(tmp / "inst")
    two = copy_institution(tmp / "inst", TEST_EMPLOYER)
    # Submitted text reaches the lookup answer only as text (the manifest names institutions).
    yaml_path = two / "institution.yaml"
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace("name: 测试用虚构电气有限公司", f"name: '测试用虚构电气有限公司{MARKUP}'"),
        "utf-8",
    )

    def seal(dataset, folder, rows):
        path = write_csv(tmp / f"{dataset}.csv", dataset, rows)
        seal_csv(dataset, path, folder, TEST_CONFIG, secret_path=tmp / f"{folder.name}.key", today=TODAY)

    seal("certificates", one, [certificate(VALID, *LI), certificate(REVOKED, *ZHANG)])
    seal("certificates", one, [certificate(REVOKED, *ZHANG, status="revoked")])  # a later revocation
    seal("certificates", two, [certificate(OTHER, *LI)])
    seal("results", one, [result("T-2026-05-DG4-001", *LI, theory="88.5", practical="79")])

    out = tmp / "site"
    shutil.copytree(ROOT / "theme" / "assets", out / "assets")
    publish_lookup([one, two], out)
    env = Environment(
        loader=FileSystemLoader(ROOT / "generator" / "render" / "templates"), autoescape=True, undefined=StrictUndefined
    )
    for title, folder in (("证书查询", "certificate"), ("成绩查询", "result")):
        body = env.get_template("lookup.html").render(urls=urls.PageUrls(urls.lookup(folder)), **lookup_view(folder))
        (out / "lookup" / folder).mkdir(parents=True)
        (out / "lookup" / folder / "index.html").write_text(SHELL.format(title=title, body=body), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser_page(site, browser):
    with serve(site) as (url, requests):
        context = browser.new_context()
        page = context.new_page()
        yield url, page, requests, context
        context.close()


def run_lookup(page, mode_tab: str | None, fields: dict[str, str]):
    if mode_tab:
        page.get_by_role("tab", name=mode_tab).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="查询").click()
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState !== 'busy'")
    return page.locator("[data-lookup-result]").inner_text()


def test_certificate_lookups(browser_page):
    url, page, _, _ = browser_page
    page.goto(url + "lookup/certificate/")

    text = run_lookup(page, None, {"证书编号": VALID.lower(), "姓名": LI[0]})
    assert "证书有效" in text and "李*" in text and "440***********1282" in text and VALID in text
    assert "测试用虚构职业技能评价中心" in text and "四级/中级工" in text

    text = run_lookup(page, "身份证号 + 姓名", {"身份证号": LI[1], "姓名": f" {LI[0][0]} {LI[0][1]} "})
    assert "查询到 2 张证书" in text and VALID in text and OTHER in text and "测试用虚构电气有限公司" in text

    text = run_lookup(page, "证书编号 + 姓名", {"证书编号": REVOKED, "姓名": "阿依古丽买买提"})
    assert "证书已撤销" in text and "证书有效" not in text
    assert "证书已撤销（" not in text and "撤销原因" not in text  # sealed without a date or reason: none shown

    text = run_lookup(page, None, {"证书编号": VALID, "姓名": "李五"})
    assert "未查询到" in text and "12333" in text


def test_a_submitted_name_with_markup_stays_text_in_the_answer(browser_page):
    url, page, _, _ = browser_page
    page.goto(url + "lookup/certificate/")
    text = run_lookup(page, "身份证号 + 姓名", {"身份证号": LI[1], "姓名": LI[0]})
    assert MARKUP in text, "the institution's name is shown literally"
    assert page.evaluate("window.__xss") is None
    assert page.locator("[data-lookup-result] img, [onerror]").count() == 0


def test_input_mistakes_are_caught_before_the_slow_step(browser_page):
    url, page, requests, _ = browser_page
    page.goto(url + "lookup/certificate/")
    before = len(requests)
    page.get_by_role("tab", name="身份证号 + 姓名").click()
    page.get_by_label("身份证号", exact=True).fill("440106199003151281")
    page.get_by_label("姓名", exact=True).fill(LI[0])
    page.get_by_role("button", name="查询").click()
    error = page.locator("[data-lookup-error-for='id']")
    assert error.is_visible()
    assert error.inner_text() == "身份证号校验位错误：按 GB 11643 计算第 18 位应为 2，实际为 1"
    assert page.get_by_label("身份证号", exact=True).get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "lookup-cert-id"
    assert not [r for r in requests[before:] if "/lookup/certificates/" in r]


def test_result_lookup(browser_page):
    url, page, _, _ = browser_page
    page.goto(url + "lookup/result/")
    text = run_lookup(page, None, {"准考证号": "T-2026-05-DG4-001", "姓名": LI[0]})
    assert "评价结果：合格" in text and "88.5 分" in text and "79 分" in text and "2026年5月16日、2026年5月17日" in text
    text = run_lookup(page, "身份证号 + 姓名", {"身份证号": LI[1], "姓名": LI[0]})
    assert "评价结果：合格" in text
    text = run_lookup(page, "准考证号 + 姓名", {"准考证号": "T-2026-05-DG4-002", "姓名": LI[0]})
    assert "未查询到" in text


def test_qr_fragment_opens_straight_to_the_verified_result(browser_page):
    url, page, requests, _ = browser_page
    secret = derive_secret("c.no", VALID, LI[0], salt=TEST_CONFIG.salt, iterations=TEST_CONFIG.iterations)
    link = qr_url(url, secret)
    assert link.startswith(url + "lookup/certificate/#v1.")
    before = len(requests)
    page.goto(link)
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState === 'done'")
    text = page.locator("[data-lookup-result]").inner_text()
    assert "扫码核验结果" in text and "证书有效" in text and VALID in text
    assert all("#" not in r and "v1." not in r for r in requests[before:])
    page.goto(url + "lookup/certificate/#v1.broken")
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState === 'error'")
    assert "二维码中的核验信息不完整" in page.locator("[data-lookup-result]").inner_text()


def test_nothing_typed_leaves_the_page(browser_page):
    url, page, requests, context = browser_page
    page.goto(url + "lookup/certificate/")
    run_lookup(page, None, {"证书编号": VALID, "姓名": LI[0]})
    assert all("?" not in r for r in requests)
    for value in TYPED + [LI[0]]:
        assert all(value not in r for r in requests)
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.querySelectorAll('form [name]').length") == 0
    assert page.url == url + "lookup/certificate/"
    fetched = {r.split("/")[-2] for r in requests if r.endswith(".bin")}
    assert fetched <= {"certificates", "results"}


def test_keyboard_tabs_and_live_region(browser_page):
    url, page, _, _ = browser_page
    page.goto(url + "lookup/certificate/")
    page.get_by_role("tab", name="证书编号 + 姓名").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="身份证号 + 姓名").get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.textContent") == "身份证号 + 姓名"
    assert page.get_by_label("身份证号", exact=True).is_visible()
    assert not page.get_by_label("证书编号", exact=True).is_visible()
    page.keyboard.press("Home")
    assert page.get_by_role("tab", name="证书编号 + 姓名").get_attribute("aria-selected") == "true"
    assert page.locator("[data-lookup-result]").get_attribute("aria-live") == "polite"
    assert page.locator("[data-lookup-status]").get_attribute("role") == "status"
    page.keyboard.press("Tab")
    page.keyboard.type(VALID)
    page.keyboard.press("Tab")
    page.keyboard.insert_text(LI[0])
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState === 'done'")
    assert "证书有效" in page.locator("[data-lookup-result]").inner_text()
    assert page.evaluate("document.activeElement.textContent").endswith("证书有效")


def test_progress_is_visible_while_working(browser_page):
    url, page, _, _ = browser_page
    page.goto(url + "lookup/certificate/")
    page.evaluate("""() => { const f = window.fetch;
        window.fetch = (...a) => new Promise((r) => setTimeout(() => r(f(...a)), 600)); }""")
    page.get_by_label("证书编号", exact=True).fill(VALID)
    page.get_by_label("姓名", exact=True).fill(LI[0])
    page.get_by_role("button", name="查询").click()
    status = page.locator("[data-lookup-status]")
    assert "正在计算查询密钥" in status.inner_text()
    assert page.locator("[data-lookup-status] progress").count() == 1
    assert page.get_by_role("button", name="查询").is_disabled()
    assert page.locator("[data-lookup-result]").get_attribute("aria-busy") == "true"
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState === 'done'")
    assert status.inner_text() == ""
    assert page.get_by_role("button", name="查询").is_enabled()


AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", ["lookup/certificate/", "lookup/result/"])
def test_axe_finds_no_violations(browser_page, path):
    assert AXE.exists(), (
        "axe-core 未安装：请运行 npm install --prefix tests/.node axe-core@4（scripts/test 会自动安装）"
    )
    url, page, _, _ = browser_page
    page.goto(url + path)
    page.locator("[data-lookup-field='name']").fill("李五")
    page.locator("[data-lookup-field='no']").fill("T-1" if "result" in path else VALID)
    page.get_by_role("button", name="查询").click()
    page.wait_for_function("document.querySelector('[data-portal-lookup]').dataset.lookupState === 'done'")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in found["violations"]] == []
