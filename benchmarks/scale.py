"""National-scale benchmark (issue F8): check, audit, build, baseline, sealing, publishing, bytes fetched.

    .venv/bin/python benchmarks/scale.py --sizes 1000,10000 --runs 3 --json scale.json
    .venv/bin/python benchmarks/scale.py --sizes 1000 --only build,baseline
    .venv/bin/python benchmarks/scale.py --only seal,publish --entries 1000000

Not part of the test run. Every timed step runs in a fresh process under /usr/bin/time, so its peak
memory (max RSS, children included) is its own. The machines are shared: report medians, min and max,
and the ratio to the bare mkdocs-material + Pagefind baseline measured in the same run.

Parts (--only / --skip): check, audit, build, baseline, bytes, seal, publish.
Demo data is generated once per size under --workdir (default /tmp/portal-scale) and reused.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORTAL = str(Path(PYTHON).parent / "portal")
EPOCH = "1795449600"  # 2026-11-24: the data's "today", so that every run builds the same site
PARTS = ("check", "audit", "build", "baseline", "bytes", "seal", "publish")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


# ---------------------------------------------------------------- measuring


def measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Wall seconds, CPU seconds (user + system, children included), peak memory (MiB) and stderr of one
    command run under GNU time. On a shared machine CPU seconds vary less than wall seconds.

    peak_mib is GNU time's: the largest single process. tree_peak_mib is the largest sum, sampled, of the
    proportional set size of every process of the command (Python, its forked workers, Pagefind): what
    the machine must have, counting pages that forked processes share only once."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%e %M %U %S", "-o", report.name, *cmd],
            cwd=cwd,
            env=env or ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sampler = TreeMemory(process.pid)
        sampler.start()
        stdout, stderr = process.communicate()
        sampler.stop()
        wall = time.perf_counter() - started
        fields = Path(report.name).read_text().split()
    if process.returncode not in (0,):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(cmd)}\n{stdout[-2000:]}\n{stderr[-4000:]}")
    return {
        "seconds": wall,
        "cpu_seconds": float(fields[-2]) + float(fields[-1]),
        "peak_mib": int(fields[-3]) / 1024,
        "tree_peak_mib": sampler.peak_kib / 1024,
        "tree_at_peak_mib": {name: kib / 1024 for name, kib in sampler.at_peak.items()},
        "tree_timeline": sampler.timeline,
        "load": os.getloadavg()[0],
        "stderr": stderr,
        "stdout": stdout,
    }


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and all its descendants every half second; keeps the peak."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak_kib, self.done = root, 0, threading.Event()
        self.at_peak: dict[str, int] = {}  # command name → PSS (KiB) at the peak: who holds the memory
        self.timeline: list[tuple[float, int, int]] = []  # (seconds, PSS MiB, processes) per sample

    def run(self) -> None:
        started = time.perf_counter()
        while not self.done.wait(0.5):
            sizes = {pid: _pss_kib(pid) for pid in _tree(self.root)}
            self.timeline.append((round(time.perf_counter() - started, 1), sum(sizes.values()) // 1024, len(sizes)))
            if sum(sizes.values()) > self.peak_kib:
                self.peak_kib = sum(sizes.values())
                self.at_peak = {}
                for pid, kib in sizes.items():
                    name = _command(pid)
                    self.at_peak[name] = self.at_peak.get(name, 0) + kib

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(root: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def repeat(runs: int, step) -> list[dict]:
    return [step(i) for i in range(runs)]


def stat_of(results: list[dict], key: str) -> dict:
    return summary([r[key] for r in results])


def stage_times(stderr: str) -> dict[str, float]:
    return {
        line.split()[1]: float(line.split()[2]) for line in stderr.splitlines() if line.startswith("PORTAL_TIMING ")
    }


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# ---------------------------------------------------------------- data


def demo_project(workdir: Path, n: int, certificates: int) -> Path:
    out = workdir / f"demo-{n}"
    if (out / ".complete").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    print(f"generating {n} demo institutions (with a year of history) …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            PORTAL,
            "demo-data",
            "--institutions",
            str(n),
            "--certificates",
            str(certificates),
            "--seed",
            "1",
            "--history",
            str(out),
        ],
        env=ENV,
        check=True,
    )
    (out / ".complete").write_text(f"{time.perf_counter() - started:.1f}\n")
    return out


BUILD_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from sitebuild import build_from
build_from(Path({institutions!r}), Path({out!r}), Path({work!r}))
"""


def build_once(project: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    script = BUILD_SCRIPT.format(
        tests=str(ROOT / "tests"),
        institutions=str(project / "institutions"),
        out=str(out),
        work=str(out.parent / "mkdocs-work"),
    )
    result = measured([PYTHON, "-c", script], env={**ENV, "PORTAL_TIMINGS": "1"})
    result["stages"] = stage_times(result.pop("stderr"))
    return result


BASELINE_SCRIPT = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
sys.path.insert(0, {root!r})
from generator.index.pagefind import index_site
build(load_config({config!r}))
index_site(Path({site!r}))
"""


def baseline_once(workdir: Path, pages: int) -> dict:
    """Bare mkdocs-material + Pagefind: as many trivial pages, kept out of the nav."""
    base = workdir / f"baseline-{pages}"
    docs = base / "docs"
    if not (docs / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        (docs / "p").mkdir(parents=True)
        (docs / "index.md").write_text("# 首页\n\n基准站点。\n", "utf-8")
        for i in range(pages - 1):
            (docs / "p" / f"{i}.md").write_text(f"# 页面 {i}\n\n职业技能等级认定 第 {i} 页。\n", "utf-8")
        (base / "mkdocs.yml").write_text(
            "site_name: 基准\nuse_directory_urls: true\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            "nav:\n  - index.md\nnot_in_nav: |\n  /p/\nplugins: []\n",
            "utf-8",
        )
        (docs / ".complete").write_text("")
    site = base / "site"
    shutil.rmtree(site, ignore_errors=True)
    script = BASELINE_SCRIPT.format(root=str(ROOT), config=str(base / "mkdocs.yml"), site=str(site))
    return measured([PYTHON, "-c", script])


# ---------------------------------------------------------------- parts


def part_check(project: Path, runs: int) -> dict:
    everything = repeat(runs, lambda _: measured([PORTAL, "check"], cwd=project))
    folder = sorted((project / "institutions").iterdir())[len(list((project / "institutions").iterdir())) // 2]
    inst = folder / "institution.yaml"
    original = inst.read_text("utf-8")
    try:
        inst.write_text(original.replace("工作日 9:00-17:00", "工作日 8:30-17:30", 1), "utf-8")  # one changed
        one = repeat(runs, lambda _: measured([PORTAL, "check", str(folder.relative_to(project))], cwd=project))
    finally:
        inst.write_text(original, "utf-8")
    return {
        "all_seconds": stat_of(everything, "seconds"),
        "all_peak_mib": stat_of(everything, "peak_mib"),
        "one_seconds": stat_of(one, "seconds"),
        "one_peak_mib": stat_of(one, "peak_mib"),
    }


def part_audit(project: Path, runs: int) -> dict:
    results = repeat(runs, lambda _: measured([PORTAL, "audit", "--format", "json"], cwd=project))
    return {"seconds": stat_of(results, "seconds"), "peak_mib": stat_of(results, "peak_mib")}


def part_build(project: Path, workdir: Path, runs: int) -> dict:
    out = workdir / f"site-{project.name}"
    results = repeat(runs, lambda _: build_once(project, out))
    files, size = tree_size(out)
    html = sum(1 for _ in out.rglob("*.html"))
    stages = {name: summary([r["stages"].get(name, 0.0) for r in results]) for name in results[0]["stages"]}
    return {
        "seconds": stat_of(results, "seconds"),
        "cpu_seconds": stat_of(results, "cpu_seconds"),
        "peak_mib": stat_of(results, "peak_mib"),
        "tree_peak_mib": stat_of(results, "tree_peak_mib"),
        "tree_at_peak_mib": results[-1]["tree_at_peak_mib"],
        "tree_timeline": results[-1]["tree_timeline"],
        "load": stat_of(results, "load"),
        "stages": stages,
        "site_files": files,
        "site_bytes": size,
        "html_pages": html,
        "site": str(out),
    }


def part_baseline(workdir: Path, pages: int, runs: int) -> dict:
    results = repeat(runs, lambda _: baseline_once(workdir, pages))
    return {
        "pages": pages,
        "seconds": stat_of(results, "seconds"),
        "cpu_seconds": stat_of(results, "cpu_seconds"),
        "peak_mib": stat_of(results, "peak_mib"),
        "load": stat_of(results, "load"),
    }


def part_bytes(site: Path) -> dict:
    """What a browser downloads: the directory page, and Pagefind's first (and a filtered) query."""
    directory = (site / "institutions" / "index.html").read_bytes()
    result = {"directory_html_bytes": len(directory), "directory_html_gzip_bytes": len(gzip.compress(directory))}
    try:
        result |= search_bytes(site)
    except Exception as exc:  # noqa: BLE001 - a benchmark part may fail alone; the rest is still reported
        result["search_error"] = repr(exc)
    return result


def search_bytes(site: Path) -> dict:
    """Typed into /search/ as a person does (the portal's own search UI, theme/assets/search.js): bytes of
    every /pagefind/ response for the first query, then for choosing a province."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import serve_directory
    from playwright.sync_api import sync_playwright

    out = {}
    server = serve_directory(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            fetched: list = []
            page.on("requestfinished", lambda request: fetched.append(request))  # noqa: PLW0108 - playwright needs a Python function
            page.goto(f"{base}/search/")
            page.wait_for_load_state("networkidle")
            page_load = sum(r.sizes()["responseBodySize"] for r in fetched)
            fetched.clear()
            page.get_by_role("searchbox").fill("电工")
            _wait_for_answer(page)
            out["search_page_load_bytes"] = page_load
            out["first_query"] = _pagefind_bytes(fetched)
            fetched.clear()
            province = page.get_by_label("省份", exact=True)
            value = province.locator("option:not([disabled])").nth(1).get_attribute("value")
            province.select_option(value)
            _wait_for_answer(page)
            out["filtered_query"] = _pagefind_bytes(fetched)
            browser.close()
    finally:
        server.shutdown()
    return out


def _wait_for_answer(page) -> None:
    page.wait_for_function(
        """() => { const s = document.getElementById('portal-search-status').textContent;
                   const l = document.getElementById('portal-search-results');
                   return /找到|没有找到/.test(s) && l.getAttribute('aria-busy') === 'false'; }""",
        timeout=120_000,
    )
    page.wait_for_load_state("networkidle")


# What each fetched file under /pagefind/ is, to tell which parts grow with the number of institutions.
_KINDS = (
    ("portal_facets", "/portal-facets/"),
    ("portal_parts", "/portal-parts."),
    ("fragments", "/fragment/"),
    ("index_chunks", "/index/"),
    ("filter_chunks", "/filter/"),
    ("meta", ".pf_meta"),
)


def _pagefind_bytes(requests: list) -> dict:
    by_kind: dict[str, list[int]] = {}
    for r in requests:
        if "/pagefind/" in r.url:
            kind = next((name for name, part in _KINDS if part in r.url), "scripts")
            by_kind.setdefault(kind, []).append(r.sizes()["responseBodySize"])
    sizes = [size for group in by_kind.values() for size in group]
    return {
        "requests": len(sizes),
        "bytes": sum(sizes),
        "by_kind": {kind: {"requests": len(group), "bytes": sum(group)} for kind, group in sorted(by_kind.items())},
    }


def part_seal(workdir: Path, records: int = 20) -> dict:
    """Sealing throughput at the production KDF (600,000 iterations), with the real sealing code."""
    project = demo_project(workdir, 20, 40)
    folder = next(p.parent.parent for p in (project / "institutions").glob("*/sealed/results.jsonl"))
    sys.path.insert(0, str(ROOT))
    import random

    import yaml

    from generator.demo.records import certificate_rows, write_csv

    inst = yaml.safe_load((folder / "institution.yaml").read_text("utf-8"))
    import datetime as dt

    rows = certificate_rows(random.Random(1), inst, records, dt.date(2026, 11, 24))
    for row in rows:
        row["certificate_no"] = "Z" + row["certificate_no"][1:]  # new numbers: added, not replacing
    scratch = Path(tempfile.mkdtemp(prefix="portal-seal-bench-"))
    csv_path = write_csv(scratch / "c.csv", "certificates", rows)
    config = scratch / "portal.toml"
    config.write_text('[lookup]\niterations = 600000\nsalt = "bench.example.org/lookup/v1"\n', "utf-8")
    copy = scratch / "institutions" / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("sealed"))
    result = measured(
        [
            PORTAL,
            "seal",
            "certificates",
            str(csv_path),
            "--institution",
            str(copy),
            "--config",
            str(config),
            "--secret",
            str(scratch / "k.key"),
        ],
        cwd=scratch,
    )
    shutil.rmtree(scratch)
    return {
        "records": records,
        "iterations": 600000,
        "seconds": result["seconds"],
        "records_per_second": records / result["seconds"],
        "peak_mib": result["peak_mib"],
    }


PUBLISH_SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.seal.config import config_from_dict
from generator.seal.publish import publish_lookup
config = config_from_dict({{"lookup": {{"iterations": 1000, "salt": {salt!r}}}}})
folders = sorted(p for p in Path({institutions!r}).iterdir() if p.is_dir())
print(json.dumps(publish_lookup(folders, Path({out!r}), config=config)))
"""


def part_publish(workdir: Path, entries: int, institutions: int = 200) -> dict:
    """Publishing time and memory for `entries` sealed entries (random bytes of the real entry size)."""
    sys.path.insert(0, str(ROOT))
    from generator.demo.write import DEMO_SALT
    from generator.seal.crypto import SEALED_ENTRY_SIZE

    sample = demo_project(workdir, 20, 40)
    sealed = next((sample / "institutions").glob("*/sealed/certificates.jsonl")).parent
    base = workdir / f"publish-{entries}"
    tree = base / "institutions"
    if not (base / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        print(f"writing {entries} synthetic sealed entries …", file=sys.stderr, flush=True)
        per = entries // institutions
        for n in range(institutions):
            folder = tree / f"91440300MA{n:07d}X"[:18]
            (folder / "sealed").mkdir(parents=True)
            shutil.copy(sealed / "summary.json", folder / "sealed" / "summary.json")
            with open(folder / "sealed" / "certificates.jsonl", "w", encoding="ascii") as handle:
                for start in range(0, per, 2):
                    blob = os.urandom(2 * SEALED_ENTRY_SIZE)  # two lookup entries per record (number, ID)
                    pair = [
                        base64.b64encode(blob[:SEALED_ENTRY_SIZE]).decode(),
                        base64.b64encode(blob[SEALED_ENTRY_SIZE:]).decode(),
                    ]
                    handle.write(json.dumps({"e": pair[: min(2, per - start)]}) + "\n")
        (base / ".complete").write_text("")
    out = base / "site"
    shutil.rmtree(out, ignore_errors=True)
    script = PUBLISH_SCRIPT.format(root=str(ROOT), salt=DEMO_SALT, institutions=str(tree), out=str(out))
    result = measured([PYTHON, "-c", script])
    info = json.loads(result["stdout"].strip().splitlines()[-1])
    manifest = (out / "lookup" / "manifest.json").stat().st_size
    certificates = info.get("certificates") or next(v for v in info.values() if isinstance(v, dict))
    shutil.rmtree(out)
    return {
        "entries": entries,
        "seconds": result["seconds"],
        "peak_mib": result["peak_mib"],
        "info": info,
        "lookup_requests": 2,
        "lookup_bytes_average": manifest + certificates["average_bucket_bytes"],
        "lookup_bytes_largest": manifest + certificates["largest_bucket_bytes"],
        "manifest_bytes": manifest,
    }


# ---------------------------------------------------------------- report


def fmt(s: dict, unit: str = "s") -> str:
    return f"{s['median']:.2f}{unit} [{s['min']:.2f}–{s['max']:.2f}]"


def print_table(report: dict) -> None:
    for n, r in report["sizes"].items():
        print(f"\n== {n} institutions ==")
        if "check" in r:
            c = r["check"]
            print(f"check all       {fmt(c['all_seconds'])}  peak {c['all_peak_mib']['median']:.0f} MiB")
            print(f"check one       {fmt(c['one_seconds'])}  peak {c['one_peak_mib']['median']:.0f} MiB")
        if "audit" in r:
            print(f"audit all       {fmt(r['audit']['seconds'])}  peak {r['audit']['peak_mib']['median']:.0f} MiB")
        if "build" in r:
            b = r["build"]
            print(
                f"build           {fmt(b['seconds'])}  peak {fmt(b['peak_mib'], ' MiB')}  "
                f"{b['html_pages']} HTML pages, {b['site_files']} files, {b['site_bytes'] / 1e6:.0f} MB"
            )
            at_peak = ", ".join(f"{name} {mib:.0f}" for name, mib in b["tree_at_peak_mib"].items())
            print(f"  all processes (PSS) {fmt(b['tree_peak_mib'], ' MiB')}  at the peak: {at_peak}")
            print(f"  cpu (user+sys)     {fmt(b['cpu_seconds'])}  load average {b['load']['median']:.1f}")
            for name, s in b["stages"].items():
                print(f"  {name:20s} {fmt(s)}" if name != "peak_mib" else f"  {name:20s} {s['median']:.0f}")
        if "baseline" in r:
            bl = r["baseline"]
            print(
                f"baseline        {fmt(bl['seconds'])}  peak {bl['peak_mib']['median']:.0f} MiB  ({bl['pages']} pages)"
                f"  cpu {fmt(bl['cpu_seconds'])}  load average {bl['load']['median']:.1f}"
            )
            if "build" in r:
                b = r["build"]
                print(f"ratio build/baseline  {b['seconds']['median'] / bl['seconds']['median']:.2f}")
                print(
                    f"ratio build/baseline, cpu seconds  {b['cpu_seconds']['median'] / bl['cpu_seconds']['median']:.2f}"
                )
        if "bytes" in r:
            print(f"bytes           {json.dumps(r['bytes'], ensure_ascii=False)}")
    for key in ("seal", "publish"):
        for item in report.get(key, []):
            print(f"\n{key}: {json.dumps(item, ensure_ascii=False)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="institution counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(PARTS), help="parts to run: " + ",".join(PARTS))
    parser.add_argument("--skip", default="", help="parts to leave out")
    parser.add_argument("--entries", default="1000000,10000000", help="sealed entries to publish, comma-separated")
    parser.add_argument("--certificates", type=int, default=2000, help="sealed records in each demo project")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/portal-scale"))
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    parts = [p for p in args.only.split(",") if p and p not in args.skip.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    report: dict = {"sizes": {}, "cpus": os.cpu_count()}
    for n in (
        [int(s) for s in args.sizes.split(",") if s]
        if set(parts) & {"check", "audit", "build", "baseline", "bytes"}
        else []
    ):
        project = demo_project(args.workdir, n, args.certificates)
        r: dict = {}
        report["sizes"][n] = r
        if "check" in parts:
            r["check"] = part_check(project, args.runs)
        if "audit" in parts:
            r["audit"] = part_audit(project, args.runs)
        if "build" in parts or "bytes" in parts:
            r["build"] = part_build(project, args.workdir, args.runs if "build" in parts else 1)
        if "baseline" in parts:
            pages = r["build"]["html_pages"] if "build" in r else 2 * n + 80
            r["baseline"] = part_baseline(args.workdir, pages, args.runs)
        if "bytes" in parts:
            r["bytes"] = part_bytes(Path(r["build"]["site"]))
        print_table({"sizes": {n: r}})
        if args.json:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    if "seal" in parts:
        report["seal"] = [part_seal(args.workdir)]
    if "publish" in parts:
        report["publish"] = [part_publish(args.workdir, int(e)) for e in args.entries.split(",") if e]
    print_table({"sizes": {}, **{k: v for k, v in report.items() if k in ("seal", "publish")}})
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
