"""Write a demo project: institutions/, portal.toml, sealed records and (optionally) a year of git history."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import PortalError
from .institutions import DemoInstitution, make_institution
from .records import certificate_rows, result_rows, write_csv

FILES = ("institution", "fees", "plans", "statistics")
RECORDS_PER_INSTITUTION = 2000  # sealed records are spread over ⌈M / this⌉ institutions
HISTORY_DAYS = 365
COMMIT_EVERY_DAYS = 7
IMPORTED_AT_START = 0.75
DEMO_SALT = "demo.pingjia.example.org/lookup/v1"


@dataclass(frozen=True)
class DemoOptions:
    institutions: int
    certificates: int
    seed: int
    today: dt.date
    history: bool = False
    iterations: int = 1000  # lowered for demo data; the production portal.toml uses 600,000
    progress: object = sys.stderr


class Progress:
    """A Chinese progress line on stderr at most every two seconds, and one at the end."""

    def __init__(self, total: int, what: str, stream):
        self.total, self.what, self.stream = total, what, stream
        self.last = time.monotonic()

    def step(self, done: int) -> None:
        now = time.monotonic()
        if self.stream and (done == self.total or now - self.last >= 2):
            self.last = now
            print(f"{self.what}：{done}/{self.total}", file=self.stream, flush=True)


def portal_toml(options: DemoOptions, since: dt.date) -> str:
    return (
        "# 演示数据的门户配置（portal demo-data 生成）。查询密钥迭代次数低于正式值 600000，仅供测试与基准。\n"
        '[site]\nurl = "https://demo.pingjia.example.org/"\n\n'
        f'[lookup]\niterations = {options.iterations}\nsalt = "{DEMO_SALT}"\n\n'
        f'[history]\nsince = {since.isoformat()}\nbranch = "main"\n\n'
        '[repository]\nurl = "https://github.com/example/skill-eval-portal-demo"\n\n'
        '[review]\nsupervisors = ["example-hrss/supervision"]\nowners = ["example-org/portal-maintainers"]\n'
    )


class _PlainDumper(yaml.SafeDumper):
    """Writes shared values out in full: the portal refuses YAML anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump(schema_name: str, data: dict) -> str:
    header = f"# yaml-language-server: $schema=../../generator/schemas/{schema_name}.schema.json\n"
    return header + yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=200)


def write_folder(root: Path, inst: DemoInstitution, plans_known: list[dict] | None = None) -> None:
    folder = root / "institutions" / inst.code
    folder.mkdir(parents=True, exist_ok=True)
    for schema_name in FILES:
        data = inst.documents.get(schema_name)
        if data is None:
            continue
        if schema_name == "plans" and plans_known is not None:
            data = {**data, "plans": plans_known}
        (folder / f"{schema_name}.yaml").write_text(dump(schema_name, data), encoding="utf-8")


def unique_institutions(options: DemoOptions) -> list[DemoInstitution]:
    """N institutions with distinct credit codes (a clash, vanishingly rare, just draws the next index)."""
    bar = Progress(options.institutions, "生成机构", options.progress)
    made: list[DemoInstitution] = []
    seen: set[str] = set()
    index = 0
    while len(made) < options.institutions:
        inst = make_institution(options.seed, index, options.today)
        index += 1
        if inst.code in seen:
            continue
        seen.add(inst.code)
        made.append(inst)
        bar.step(len(made))
    return made


def write_demo(out: Path, options: DemoOptions) -> list[DemoInstitution]:
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise PortalError(f"输出文件夹 {out} 已存在且不为空：请换一个新文件夹，以免覆盖已有数据")
    out.mkdir(parents=True, exist_ok=True)
    since = options.today - dt.timedelta(days=HISTORY_DAYS)
    (out / "portal.toml").write_text(portal_toml(options, since), encoding="utf-8")
    institutions = unique_institutions(options)
    if options.history:
        write_history(out, institutions, options, since)
    else:
        bar = Progress(len(institutions), "写入机构文件夹", options.progress)
        for n, inst in enumerate(institutions, 1):
            write_folder(out, inst)
            bar.step(n)
    seal_records(out, institutions, options)
    if options.history:
        _commit(out, "封存证书与成绩核验记录（演示数据）", options.today)
    return institutions


def seal_records(out: Path, institutions: list[DemoInstitution], options: DemoOptions) -> None:
    """M records (half certificates, half results) over the institutions that offer this portal's lookup."""
    from ..seal.config import config_from_dict  # noqa: PLC0415 - crypto only when records are sealed
    from ..seal.sealer import seal_csv  # noqa: PLC0415

    total = options.certificates
    offering = [i for i in institutions if i.portal_lookup]
    if total <= 0 or not offering:
        return
    chosen = offering[: max(1, -(-total // RECORDS_PER_INSTITUTION))]
    config = config_from_dict({"lookup": {"iterations": options.iterations, "salt": DEMO_SALT}})
    rng = random.Random(f"{options.seed}/records")
    bar = Progress(total, "封存证书与成绩记录", options.progress)
    done = 0
    with tempfile.TemporaryDirectory(prefix="portal-demo-") as scratch_name:
        scratch = Path(scratch_name)  # plaintext CSVs and the local keys never enter the output
        for n, inst in enumerate(chosen):
            share = total // len(chosen) + (1 if n < total % len(chosen) else 0)
            folder = out / "institutions" / inst.code
            results = result_rows(rng, inst.documents["plans"]["plans"], share // 2, options.today)
            certificates = certificate_rows(rng, inst.documents["institution"], share - len(results), options.today)
            key = scratch / f"{inst.code}.key"
            for dataset, rows in (("certificates", certificates), ("results", results)):
                if rows:
                    csv_path = write_csv(scratch / f"{inst.code}-{dataset}.csv", dataset, rows)
                    seal_csv(dataset, csv_path, folder, config, secret_path=key, jobs=1, today=options.today)
                    csv_path.unlink()
            done += share
            bar.step(done)


def _schedule(institutions: list[DemoInstitution], since: dt.date, today: dt.date, seed: int):
    """{commit day: [(institution, plans known by then)]}: institutions join over the year, plans appear
    when announced (the audit reads a plan's first appearance on main as its publication date)."""
    rng = random.Random(f"{seed}/history")
    days = [since + dt.timedelta(days=d) for d in range(0, (today - since).days + 1, COMMIT_EVERY_DAYS)]
    if days[-1] != today:
        days.append(today)
    commits: dict[dt.date, list] = defaultdict(list)
    for inst in institutions:
        # most were imported when the portal opened (`since`); the rest joined over the year
        joined = days[0] if rng.random() < IMPORTED_AT_START else rng.choice(days)
        plans = inst.documents["plans"]["plans"]
        for day in days:
            if day < joined:
                continue
            known = [p for p in plans if max(p["announced"], joined) <= day]
            changed = day == joined or any(
                p["announced"] <= day
                and p["announced"] > day - dt.timedelta(days=COMMIT_EVERY_DAYS)
                and p["announced"] > joined
                for p in plans
            )
            if changed:
                commits[day].append((inst, known))
    return dict(sorted(commits.items()))


def write_history(out: Path, institutions: list[DemoInstitution], options: DemoOptions, since: dt.date) -> None:
    _git(out, None, "init", "-q", "-b", "main")
    _git(out, None, "config", "user.name", "演示数据")
    _git(out, None, "config", "user.email", "demo@example.org")
    _git(out, None, "config", "commit.gpgsign", "false")
    commits = _schedule(institutions, since, options.today, options.seed)
    bar = Progress(len(commits), "写入一年的提交历史", options.progress)
    for n, (day, changes) in enumerate(commits.items(), 1):
        for inst, known in changes:
            write_folder(out, inst, known)
        _commit(out, f"{day.isoformat()}：{len(changes)} 个机构更新公示材料（演示数据）", day)
        bar.step(n)


def _commit(out: Path, message: str, day: dt.date) -> None:
    stamp = f"{day.isoformat()}T10:00:00+08:00"
    _git(out, None, "add", "-A")
    _git(out, {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}, "commit", "-q", "--allow-empty", "-m", message)


def _git(cwd: Path, env: dict | None, *args: str) -> None:
    try:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **(env or {})})
    except FileNotFoundError:
        raise PortalError("找不到 git 命令：--history 需要安装 git") from None
    except subprocess.CalledProcessError as exc:
        raise PortalError(f"git {args[0]} 失败：{exc.stderr.decode('utf-8', 'replace').strip()}") from None
