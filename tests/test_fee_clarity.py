"""Fee pages say each thing once: each basis once, one sentence when nothing can be compared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from conftest import ROOT, SAMPLE_EPOCH
from htmlquery import parse, parse_file

from generator import urls
from generator.clock import CHINA
from generator.pipeline import load_catalog
from generator.render.environment import render_template
from generator.views.fee_comparison import FeeOffer, comparison_view, fee_comparisons
from generator.views.fees import distinct_bases

CATALOG = load_catalog(ROOT / "institutions")
TODAY = dt.datetime.fromtimestamp(int(SAMPLE_EPOCH), tz=CHINA).date()


def test_each_basis_is_listed_once_in_first_seen_order():
    assert distinct_bases(
        ["苏价费〔2019〕示例88号", "苏价费〔2019〕示例88号；实操耗材费调整说明", " 苏价费〔2019〕示例88号 "]
    ) == ("苏价费〔2019〕示例88号", "实操耗材费调整说明")


def test_no_fee_table_repeats_a_basis(built_site):
    checked = 0
    for path in [*built_site.glob("fees/*/index.html"), *built_site.glob("institutions/*/index.html")]:
        for table in parse_file(path).all_by_role("table"):
            for row in table.rows():
                if "收费依据" in row:
                    parts = re.split("；", row["收费依据"])
                    assert len(parts) == len(set(parts)), (path, row["收费依据"])
                    checked += 1
    assert checked > 20


def test_a_comparison_whose_only_fee_is_a_suspended_institutions_says_one_clear_sentence():
    comparison = next(c for c in fee_comparisons(CATALOG.institutions, TODAY) if c.offers[0].standard is not None)
    suspended = next(i for i in CATALOG.institutions if i.status == "suspended")
    only_suspended = dataclasses.replace(comparison, offers=(FeeOffer(suspended, comparison.offers[0].standard),))
    html = render_template(
        "fee_comparison.html",
        urls=urls.PageUrls(urls.fee_comparison(comparison.slug)),
        today=TODAY,
        **comparison_view(only_suspended),
    )
    text = parse(html).text
    assert "目前没有目录状态正常的机构公示该等级的收费标准，无法比较" in text
    assert "1 家机构已被暂停或移出目录" in text
    assert "公示了现行收费标准" not in text and "暂无公示" not in text and "中位数" not in text
