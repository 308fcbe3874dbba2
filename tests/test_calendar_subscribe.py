"""Calendar subscriptions: readable names, webcal: beside https, and a table that reads on a phone."""

from __future__ import annotations

from conftest import ROOT
from htmlquery import parse_file

from generator import urls
from generator.model import occupation_names
from generator.pipeline import load_catalog
from generator.seal.config import load_config

CATALOG = load_catalog(ROOT / "institutions")
SITE_URL = load_config(ROOT / "portal.toml").site_url


def test_each_occupation_feed_is_named_and_offered_as_webcal_and_download(built_site):
    table = parse_file(built_site / "calendar/index.html").get_by_role(
        "table", "按职业订阅评价计划（“订阅”在手机上直接添加订阅日历；“下载”得到日历文件）"
    )
    rows = {row["职业"].text: row["订阅"] for row in table.row_cells()}
    names = occupation_names(CATALOG.institutions)
    assert set(rows) == {"全部职业", *names.values()}
    host = SITE_URL.split("://", 1)[1]
    for code, name in names.items():
        links = {a.name: a.attrs["href"] for a in rows[name].links()}
        assert links[f"订阅“{name}”"] == f"webcal://{host}{urls.occupation_calendar(code)}"
        assert links[f"下载“{name}”（.ics）"].endswith(urls.occupation_calendar(code))
        assert not any(code in text for text in links), "link text names the occupation, not the file"


def test_webcal_needs_a_site_address():
    assert urls.webcal("", urls.province_calendar("44", 1)) is None
    assert (
        urls.webcal("https://a.example/portal/", urls.province_calendar("44", 1))
        == "webcal://a.example/portal/calendar/provinces/44-1.ics"
    )
