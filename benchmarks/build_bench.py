"""Build-time benchmark: the sample site, and synthetic catalogs of N institutions.

    .venv/bin/python benchmarks/build_bench.py                 # sample site, 3 runs
    .venv/bin/python benchmarks/build_bench.py --synthetic 1000 --runs 3

Prints medians (these machines are shared and noisy: compare ratios, not single numbers).
Stages: load+validate (the core), render (our Jinja fragments, no mkdocs), full build (mkdocs-material +
Pagefind, as `portal build`).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.clock import build_today  # noqa: E402
from generator.pipeline import load_catalog  # noqa: E402
from generator.render.pages import SiteContext, render_page, site_pages  # noqa: E402
from generator.site import build_site  # noqa: E402
from generator.validate.codes import CREDIT_ALPHABET, credit_check_char  # noqa: E402


def synthetic_catalog(target: Path, count: int, seed: int = 7) -> Path:
    """Copies of the sample institutions under fresh valid credit codes: realistic shape, any size."""
    rng = random.Random(seed)
    samples = sorted(p for p in (ROOT / "institutions").iterdir() if p.is_dir())
    target.mkdir(parents=True)
    for n in range(count):
        source = samples[n % len(samples)]
        body = "".join(rng.choice(CREDIT_ALPHABET[:10]) for _ in range(9))
        first17 = source.name[:8] + body
        code = first17 + credit_check_char(first17)
        folder = target / code
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("sealed"))
        inst = folder / "institution.yaml"
        text = inst.read_text("utf-8").replace(source.name, code)
        inst.write_text(text.replace("示例", f"示例{n}号", 1), "utf-8")
    return target


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--synthetic", type=int, default=0, help="number of synthetic institutions (0: the sample data)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795449600")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.synthetic:
            from sitebuild import build_from

            institutions = synthetic_catalog(tmp / "institutions", args.synthetic)
            full = lambda i: build_from(institutions, tmp / f"site{i}", tmp / "work")  # noqa: E731
        else:
            institutions = ROOT / "institutions"
            full = lambda i: build_site(ROOT, tmp / f"site{i}")  # noqa: E731

        today = build_today()
        load_times, render_times, build_times = [], [], []
        for i in range(args.runs):
            catalog = None

            def load():
                nonlocal catalog
                catalog = load_catalog(institutions)

            load_times.append(timed(load))
            pages = site_pages(SiteContext(catalog, today))
            render_times.append(timed(lambda pages=pages: [render_page(p, today) for p in pages]))
            build_times.append(timed(lambda i=i: full(i)))
        site = tmp / "site0"
        html_pages = sum(1 for _ in site.rglob("*.html"))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(
            f"institutions: {len(catalog.institutions)}   generated pages: {len(pages)}   "
            f"HTML files: {html_pages}   site size: {size / 1e6:.1f} MB"
        )
        print(f"load+validate  median {statistics.median(load_times):.2f} s")
        print(f"render (Jinja) median {statistics.median(render_times):.2f} s")
        print(
            f"full build     median {statistics.median(build_times):.2f} s   (runs: "
            + ", ".join(f"{t:.2f}" for t in build_times)
            + ")"
        )


if __name__ == "__main__":
    main()
