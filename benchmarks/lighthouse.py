"""Lighthouse (mobile, default simulated throttling) on the sample site's main public pages.

    .venv/bin/python benchmarks/lighthouse.py --runs 5 [--json build/lighthouse.json] [--reports DIR]

Builds the sample site (SOURCE_DATE_EPOCH fixed to the sample data's "today"), serves it on 127.0.0.1
with gzip like a real static host, and runs Lighthouse 12.2.3 (installed into tests/.node by npm, as
axe-core is) with Debian's chromium on: home, the directory, the largest institution page, the largest
fee comparison, and the two lookup pages. Prints the median of each category score over the runs
(and the median run's LCP, TBT, CLS) and writes every run's scores, metrics and failing audits as JSON.

Scores under CPU contention are noisy: run when `uptime` shows the lowest load you can find and quote
medians with that load average.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SAMPLE_EPOCH, _QuietHandler, _Server  # noqa: E402

from generator import urls  # noqa: E402
from generator.site import build_site  # noqa: E402

NODE_DIR = ROOT / "tests" / ".node"
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_VERSION = "12.2.3"  # 13 needs Node 22; npm ci refuses locks written by 12.3–13.4
CHROME_PATH = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".atom", ".txt", ".ics", ".csv"}


def install_lighthouse() -> None:
    """The same way scripts/test installs axe-core: npm, into tests/.node, pinned exactly."""
    if LIGHTHOUSE.is_file():
        return
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(NODE_DIR),
            "-E",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )


class _GzipHandler(_QuietHandler):
    """Static files, gzip-encoded when the browser accepts it (as GitHub Pages and other hosts do)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address ending in "/"
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(site: Path, compress: bool):
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _largest_page(site: Path, folder: str, exclude: tuple[str, ...] = ()) -> str:
    pages = [p for p in (site / folder).glob("*/index.html") if not any(part in exclude for part in p.parts)]
    largest = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return largest.parent.relative_to(site).as_posix() + "/"


def pages(site: Path) -> dict[str, str]:
    """Page label -> site path; the largest institution page and fee comparison are the hardest cases."""
    return {
        "首页": urls.home(),
        "机构名录": urls.directory(),
        "机构页面": _largest_page(site, urls.directory()),
        "收费对比": _largest_page(site, urls.fees()),
        "证书查询": urls.lookup("certificate"),
        "成绩查询": urls.lookup("result"),
    }


def run_lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME_PATH)
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--form-factor=mobile",
        ],
        check=True,
        env=env,
    )
    return json.loads(report.read_text("utf-8"))


def summary(lhr: dict) -> dict:
    """Scores (0–100), metrics (ms; CLS unitless) and the audits that cost points."""
    scores = {c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES}
    metrics = {name: lhr["audits"][audit]["numericValue"] for audit, name in METRICS.items()}
    failing = sorted(
        audit_id
        for category in CATEGORIES
        for ref in lhr["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        for audit_id in [ref["id"]]
        if lhr["audits"][audit_id]["score"] is not None and lhr["audits"][audit_id]["score"] < 1
    )
    return {"scores": scores, "metrics": metrics, "failing": failing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the table shows medians")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "lighthouse.json")
    parser.add_argument("--reports", type=Path, help="keep every full Lighthouse report in this folder")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building the sample")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    parser.add_argument("--only", help="comma-separated page labels (首页,机构名录,…)")
    args = parser.parse_args()
    install_lighthouse()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site = args.site
        if site is None:
            os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
            site = tmp / "site"
            build_site(ROOT, site)
        server = serve(site, compress=not args.no_gzip)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        chosen = pages(site)
        if args.only:
            chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
        results = {"load_average": os.getloadavg(), "runs": args.runs, "gzip": not args.no_gzip, "pages": {}}
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
        header = (
            f"{'page':<6} {'path':<34} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}  median run: LCP ms, TBT ms, CLS"
        )
        print(header)
        for label, path in chosen.items():
            runs = []
            for n in range(args.runs):
                report = (args.reports or tmp) / f"{path.strip('/').replace('/', '_') or 'home'}-{n}.json"
                report.parent.mkdir(parents=True, exist_ok=True)
                runs.append(summary(run_lighthouse(base + path, report)))
            medians = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
            middle = sorted(runs, key=lambda r: r["scores"]["performance"])[len(runs) // 2]
            results["pages"][label] = {"path": path, "median": medians, "runs": runs}
            m = middle["metrics"]
            print(
                f"{label:<6} /{path:<33} {medians['performance']:>4g} {medians['accessibility']:>4g} "
                f"{medians['best-practices']:>4g} {medians['seo']:>4g}  {m['LCP']:.0f}, {m['TBT']:.0f}, {m['CLS']:.3f}"
                + (f"  failing: {', '.join(middle['failing'])}" if middle["failing"] else ""),
                flush=True,
            )
        server.shutdown()
    results["load_average_after"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    print(f"JSON: {args.json}")


if __name__ == "__main__":
    main()
