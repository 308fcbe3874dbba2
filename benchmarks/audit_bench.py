"""Audit benchmark: `portal audit` over N institutions with a year of git history on main.

    .venv/bin/python benchmarks/audit_bench.py --institutions 10000 --runs 3

Builds a temporary repository with `git fast-import`: one import commit of N copies of the sample
institutions (fresh credit codes), then 52 weekly commits over the following year. Each week a share
of the institutions publishes a new plan (plans.yaml grows all year), a few raise a fee in place,
a few edit institution.yaml. Then times, as separate processes:
  history  — generator.load.history.read_history (one git log pass + one cat-file stream)
  audit    — `portal audit --format json` end to end (load + validate + history + every rule)
Prints medians and the peak memory of the audit process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_bench import synthetic_catalog  # noqa: E402

START = dt.datetime(2025, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
WEEKS = 52
PLAN_TEMPLATE = """\
  - id: W{week:02d}-{n:05d}
    occupation_code: "{code}"
    level: {level}
    methods: [theory, practical]
    registration:
      from: {reg_from}
      to: {reg_to}
    exam_dates: [{exam}]
    venue: {venue}
    candidates: 10
    evaluators: 2
    supervisors: 1
    announced: {announced}
    status: planned
"""


def _first_plan(text: str) -> tuple[str, str, str]:
    code = re.search(r'occupation_code: "([^"]+)"', text).group(1)
    level = re.search(r"^\s+level: (\d)", text, re.M).group(1)
    venue = re.search(r"^\s+venue: (\S+)", text, re.M).group(1)
    return code, level, venue


class Stream:
    """A git fast-import stream written straight to the process."""

    def __init__(self, process):
        self.out = process.stdin
        self.mark = 0

    def commit(self, when: dt.datetime, message: str, files: dict[str, str]) -> None:
        stamp = int(when.timestamp())
        msg = message.encode()
        self.out.write(f"commit refs/heads/main\ncommitter b <b@example.org> {stamp} +0800\n".encode())
        self.out.write(b"data %d\n%s\n" % (len(msg), msg))
        for path, text in files.items():
            data = text.encode("utf-8")
            self.out.write(f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(data) + data + b"\n")


def build_repository(repo: Path, count: int, weekly_plans: float, seed: int = 11) -> dict:
    rng = random.Random(seed)
    staging = synthetic_catalog(repo.parent / f"{repo.name}-staging", count)
    current: dict[str, str] = {}
    for folder in sorted(staging.iterdir()):
        for name in ("institution.yaml", "fees.yaml", "plans.yaml", "statistics.yaml"):
            if (folder / name).is_file():
                current[f"institutions/{folder.name}/{name}"] = (folder / name).read_text("utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    stream = Stream(process)
    stream.commit(START, "import", current)
    folders = sorted({p.split("/")[1] for p in current})
    plans = {f: _first_plan(current[f"institutions/{f}/plans.yaml"]) for f in folders}
    counts = {"versions": len(current), "plans_added": 0, "fees_changed": 0, "institution_edits": 0}
    for week in range(1, WEEKS + 1):
        when = START + dt.timedelta(days=7 * week)
        changed = {}
        for n, folder in enumerate(folders):
            roll = rng.random()
            if roll < weekly_plans:
                path = f"institutions/{folder}/plans.yaml"
                code, level, venue = plans[folder]
                day = when.date()
                changed[path] = current[path] = current[path] + PLAN_TEMPLATE.format(
                    week=week,
                    n=n,
                    code=code,
                    level=level,
                    venue=venue,
                    announced=day,
                    reg_from=day,
                    reg_to=day + dt.timedelta(days=14),
                    exam=day + dt.timedelta(days=30),
                )
                counts["plans_added"] += 1
            if roll > 0.98:
                path = f"institutions/{folder}/fees.yaml"
                changed[path] = current[path] = re.sub(
                    r"amount: (\d+)", lambda m: f"amount: {int(m.group(1)) + 10}", current[path], count=1
                )
                counts["fees_changed"] += 1
            elif roll > 0.975:
                path = f"institutions/{folder}/institution.yaml"
                changed[path] = current[path] = re.sub(
                    r'phone: "([^"]+)"', lambda m, w=week: f'phone: "{m.group(1)[:-1]}{w % 10}"', current[path], count=1
                )
                counts["institution_edits"] += 1
        counts["versions"] += len(changed)
        stream.commit(when, f"week {week}", changed)
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    return counts


def timed_process(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, the process and its children: git, workers) and peak RSS (KiB)
    of one child process. On a shared machine the CPU time is the steadier figure."""
    start = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    user, system, peak = out.stderr.strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--institutions", type=int, default=10000)
    parser.add_argument(
        "--weekly-plans", type=float, default=0.25, help="share of institutions adding a plan each week"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="keep the generated repository here (reused when it exists)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as tmp:
        repo = args.repo.resolve() if args.repo else Path(tmp) / "repo"
        if not (repo / ".git").is_dir():
            started = time.perf_counter()
            repo.parent.mkdir(parents=True, exist_ok=True)
            counts = build_repository(repo, args.institutions, args.weekly_plans)
            print(
                f"repository: {args.institutions} institutions, {WEEKS + 1} commits, {counts['versions']} file "
                f"versions ({counts['plans_added']} plans added, {counts['fees_changed']} fee edits, "
                f"{counts['institution_edits']} institution edits); generated in {time.perf_counter() - started:.0f} s"
            )
        else:
            print(f"repository: reusing {repo}")
        history_cmd = [
            python,
            "-c",
            "import sys; from generator.load.history import read_history; "
            "h = read_history(sys.argv[1]); print(len(h.institutions))",
            "institutions",
        ]
        audit_cmd = [
            python,
            "-c",
            "from generator.cli import main; raise SystemExit(main())",
            "audit",
            "--format",
            "json",
        ]
        walls = {"history": [], "audit": []}
        cpus = {"history": [], "audit": []}
        peaks = []
        for _ in range(args.runs):
            for name, command in (("history", history_cmd), ("audit", audit_cmd)):
                wall, cpu, peak = timed_process(command, repo)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name == "audit":
                    peaks.append(peak)
        load = os.getloadavg()[0]
        for name, label in (("history", "history (one git pass)"), ("audit", "portal audit --format json")):
            print(
                f"{label:28} wall median {statistics.median(walls[name]):6.1f} s   CPU median "
                f"{statistics.median(cpus[name]):6.1f} s   runs (wall): " + ", ".join(f"{t:.1f}" for t in walls[name])
            )
        print(
            f"peak memory of one audit process: median {statistics.median(peaks) / 1024:.0f} MB; "
            f"load average at the end: {load:.1f} on {os.cpu_count()} cores"
        )


if __name__ == "__main__":
    main()
