"""Search benchmark: time from typing to the answer on the search page, for N synthetic institutions.

    .venv/bin/python benchmarks/search_bench.py --synthetic 1000 --runs 3

Builds the site once, serves it on 127.0.0.1 and types each query into the box in headless Chromium
(a fresh page per run, so the first query includes loading search.js, Pagefind and its index).
Prints medians; these machines are shared and noisy: compare ratios, not single numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from build_bench import synthetic_catalog  # noqa: E402
from conftest import CHROMIUM_ARGS, serve_directory  # noqa: E402
from sitebuild import build_from  # noqa: E402

from generator import urls  # noqa: E402

QUERIES = ["电工", "家政保洁服务", "天河", "电工 三级"]


def answer_seconds(page, url: str, query: str) -> tuple[float, str]:
    page.goto(url + "search/")
    box = page.get_by_role("searchbox")
    start = time.perf_counter()
    box.fill(query)
    page.wait_for_function(
        """q => { const s = document.getElementById('portal-search-status').textContent;
                  const l = document.getElementById('portal-search-results');
                  return /找到/.test(s) && s.includes('“' + q + '”') && l.getAttribute('aria-busy') === 'false'; }""",
        arg=query,
        timeout=120_000,
    )
    return time.perf_counter() - start, page.locator("#portal-search-status").inner_text()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795449600")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        institutions = synthetic_catalog(tmp / "institutions", args.synthetic)
        site = build_from(institutions, tmp / "site", tmp / "work")
        facets = [f.stat().st_size for f in (site / urls.search_facets()).parent.iterdir()]
        print(
            f"{args.synthetic} institutions: filter index {(site / urls.search_facets()).stat().st_size / 1024:.0f} KiB,"
            f" {len(facets) - 1} value lists, largest {max(facets) / 1024:.0f} KiB"
        )
        server = serve_directory(site)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
            for query in QUERIES:
                times, said = [], ""
                for _ in range(args.runs):
                    page = browser.new_page()
                    seconds, said = answer_seconds(page, url, query)
                    times.append(seconds)
                    page.close()
                print(
                    f"{query}: median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})"
                    f" — {said}"
                )
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
