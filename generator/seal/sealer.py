"""`portal seal`: check a CSV export, then seal it into institutions/<code>/sealed/.

The sequence, each step streaming so memory does not grow with the file:

1. load the institution (scope, plans, kind, province) — it must pass `portal check`;
2. pass 1 over the CSV: check every row, find duplicate numbers; any error ends here and
   nothing is written;
3. pass 2: derive the lookup keys (PBKDF2, across processes) and seal two entries per row;
4. merge with the sealed file already in the repository: sealed lines are sorted by record id,
   a new line replaces the old line with the same record id (a correction or revocation), lines
   of records not in the CSV are kept (or dropped with --replace-all / --remove);
5. recompute summary.json from the facts of every line, then replace both files atomically.

sealed/<kind>.jsonl has one line per record, sorted:

    {"id": record id (32 hex), "m": facts sealed with the local key, "e": [entry, entry]}

where each entry is base64 of `bucket_id | tag | nonce | ciphertext` (see crypto.py). The record
id is HMAC(local key, kind, credit code, number), so only the institution can tell which line is
which certificate, and a CSV holding only the changed rows replaces exactly those lines.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ..clock import build_today
from ..model import Institution
from ..pipeline import load_catalog
from ..problems import ERROR, WARNING, PortalError, Problem, display_path
from .config import SealConfig
from .crypto import (
    PROTOCOL, RECORD_SIZE, SEALED_ENTRY_SIZE, code_error, derive_secret, encode_record, normalize, seal_entry,
    split_secret,
)
from .extsort import sorted_lines
from .localkey import LocalKey, default_key_path, ensure_outside_repository, load_or_create_key
from .records import CERTIFICATES, KIND_NAMES, KINDS, NUMBER_COLUMN, TITLES, RowChecker, SealRow, read_csv_rows

SUMMARY_NAME = "summary.json"
SUMMARY_SCHEMA_VERSION = 1
PARALLEL_WORK = 3_000_000  # PBKDF2 iterations in all (about 0.4 s) below which one process is faster


def sealed_path(folder: Path, kind: str) -> Path:
    return Path(folder) / "sealed" / f"{kind}.jsonl"


@dataclass
class SealReport:
    kind: str
    rows: int = 0  # rows sealed from the CSV
    added: int = 0
    replaced: int = 0
    removed: int = 0
    kept: int = 0
    total: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    kdf_seconds: float = 0.0
    jobs: int = 1
    key_path: Path | None = None
    key_created: bool = False
    not_found: list[str] = field(default_factory=list)  # --remove numbers that were not sealed
    replace_all: bool = False

    def describe(self) -> str:
        name = KIND_NAMES[self.kind]
        if self.replace_all:
            return f"{name}：重新封存全部 {self.total} 条（原有 {self.removed} 条已全部替换）。"
        parts = [f"新增 {self.added} 条", f"更新 {self.replaced} 条"]
        if self.removed:
            parts.append(f"删除 {self.removed} 条")
        parts.append(f"保留 {self.kept} 条")
        return f"{name}：{'、'.join(parts)}，共 {self.total} 条。"


class Progress:
    """Progress of the slow step on stderr: a rewritten line on a terminal, a line every few seconds otherwise."""

    def __init__(self, total: int, label: str, stream=None, every: float = 5.0, quiet: float = 2.0):
        self.total = total
        self.quiet = quiet
        self.label = label
        self.stream = stream
        self.every = every
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.start < self.quiet:
            return  # short runs stay silent
        if self.done < self.total and now - self.last < (0.5 if self.tty else self.every):
            return
        self.last = now
        elapsed = now - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        text = (f"{self.label}：{self.done}/{self.total}（{100 * self.done / max(self.total, 1):.0f}%），"
                f"每秒 {rate:.1f} 条" + (f"，预计还需 {_duration(left)}" if self.done < self.total else ""))
        if self.tty:
            self.stream.write("\r" + text + ("\n" if self.done >= self.total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} 秒"
    if seconds < 3600:
        return f"{seconds // 60} 分 {seconds % 60} 秒"
    return f"{seconds // 3600} 小时 {seconds % 3600 // 60} 分"


def load_institution(folder: Path) -> Institution:
    folder = Path(folder)
    if not (folder / "institution.yaml").is_file():
        raise PortalError(f"{display_path(folder)} 不是机构文件夹（缺少 institution.yaml）："
                          "--institution 应为 institutions/<统一社会信用代码>")
    catalog = load_catalog(folder.parent, [folder])
    if catalog.errors or not catalog.institutions:
        raise PortalError(f"机构文件夹 {display_path(folder)} 有错误，请先修正（portal check）再封存：",
                          catalog.errors)
    return catalog.institutions[0]


def seal_csv(
    kind: str,
    csv_path: Path | None,
    institution_folder: Path,
    config: SealConfig,
    *,
    secret_path: Path | None = None,
    replace_all: bool = False,
    remove: Iterable[str] = (),
    jobs: int | None = None,
    progress=None,
    today: dt.date | None = None,
) -> SealReport:
    """Seal the rows of `csv_path` (may be None with `remove`) into the institution's sealed/ folder."""
    if kind not in KINDS:
        raise PortalError(f"未知的数据类型 {kind}（应为 certificates 或 results）")
    started = time.monotonic()
    folder = Path(institution_folder)
    inst = load_institution(folder)
    today = today or build_today()
    report = SealReport(kind, replace_all=replace_all)
    out_path = sealed_path(folder, kind)
    summary_path = folder / "sealed" / SUMMARY_NAME
    summary = _read_summary(summary_path)
    section = summary.get(kind)
    has_old = out_path.is_file() and out_path.stat().st_size > 0
    if has_old and section is None:
        raise PortalError(f"{display_path(out_path)} 存在，但 {display_path(summary_path)} 中没有对应的汇总："
                          "文件可能被手工改动过。请用 --replace-all 以全部记录重新封存")
    if has_old and not replace_all:
        _check_compatible(section, config, out_path)

    # Pass 1: check every row (and the --remove numbers) before anything is written.
    remove_numbers = sorted({normalize(n) for n in remove})
    bad_numbers = [n for n in remove_numbers if code_error(n, 40)]
    if bad_numbers:
        raise PortalError("--remove 给出的编号格式有误：" + "、".join(bad_numbers))
    rows = 0
    if csv_path is not None:
        rows, warnings = check_csv(kind, Path(csv_path), inst, today)
        report.warnings = warnings
    elif not remove_numbers and not replace_all:
        raise PortalError("没有要封存的内容：请给出 CSV 文件，或用 --remove 指定要删除的编号")
    elif not has_old and not replace_all:
        raise PortalError(f"{display_path(out_path)} 还不存在：没有可删除的记录")

    key_path = Path(secret_path) if secret_path else default_key_path(inst.credit_code)
    ensure_outside_repository(key_path, _repo_root(folder))
    if has_old and not replace_all and not key_path.expanduser().is_file():
        raise PortalError(
            f"找不到本机封存密钥 {key_path}：{display_path(out_path)} 是用它封存的，增量更新需要同一把密钥。"
            "请用 --secret 指定原来的密钥文件；密钥已丢失时，用 --replace-all 以全部记录重新封存"
        )
    key, created = load_or_create_key(key_path, create=True, repo_root=_repo_root(folder))
    if has_old and not replace_all and section.get("key_id") != key.key_id:
        raise PortalError(
            f"本机封存密钥 {key_path} 与生成 {display_path(out_path)} 的密钥不同，无法增量更新。"
            "请用原来的密钥文件（--secret），或用 --replace-all 以全部记录重新封存"
        )
    report.key_path, report.key_created = key_path, created
    remove_ids = {key.record_id(kind, inst.credit_code, n): n for n in remove_numbers}

    # Pass 2: seal, sort by record id, merge with the existing file.
    if jobs is None:  # automatic: all cores, unless starting processes costs more than it saves
        jobs = (os.cpu_count() or 1) if rows * 2 * config.iterations >= PARALLEL_WORK else 1
    jobs = max(1, min(jobs, rows))
    report.jobs = jobs
    bar = Progress(rows, f"封存{KIND_NAMES[kind]}", progress)
    kdf_started = time.monotonic()
    tasks = (_task(kind, row, inst, key) for row in _valid_rows(kind, Path(csv_path), inst, today)) \
        if csv_path is not None else iter(())
    lines = _seal_lines(tasks, config, inst.credit_code, jobs, bar)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = out_path.with_name(f".{out_path.name}.tmp")
    summary_tmp = summary_path.with_name(f".{SUMMARY_NAME}.tmp")
    facts: Counter = Counter()
    removed_ids: set[str] = set()
    replaced_count = _count_lines(out_path) if has_old and replace_all else 0
    try:
        with sorted_lines(lines) as new_lines, open(tmp_path, "w", encoding="utf-8", newline="\n") as out:
            old_lines = _read_sealed(out_path) if has_old and not replace_all else iter(())
            for line in _merge(old_lines, new_lines, remove_ids, removed_ids, report):
                meta = key.open_meta(json.loads(line)["m"])
                if meta is None:
                    raise PortalError(f"{display_path(out_path)} 中有记录不是用本机密钥封存的："
                                      "请用 --replace-all 以全部记录重新封存")
                facts[_fact_key(kind, meta)] += 1
                out.write(line)
                out.write("\n")
        report.kdf_seconds = time.monotonic() - kdf_started
        report.rows = rows
        report.not_found = sorted(n for rid, n in remove_ids.items() if rid not in removed_ids)
        report.removed += replaced_count
        summary[kind] = summary_section(kind, facts, config, key, today)
        summary["schema_version"] = SUMMARY_SCHEMA_VERSION
        summary_tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                               encoding="utf-8")
        os.replace(tmp_path, out_path)
        os.replace(summary_tmp, summary_path)
    finally:
        for leftover in (tmp_path, summary_tmp):
            if leftover.exists():
                leftover.unlink()
    report.total = sum(facts.values())
    report.seconds = time.monotonic() - started
    return report


def check_csv(kind: str, path: Path, inst: Institution, today: dt.date) -> tuple[int, list[Problem]]:
    """Pass 1: (number of rows, warnings); every error of every row ends with one PortalError."""
    shown = display_path(path)
    checker = RowChecker(kind, inst, shown, today)
    problems: list[Problem] = []
    rows = 0
    bad_lines: set[int] = set()
    column = NUMBER_COLUMN[kind]
    col = 1
    run_key = os.urandom(16)

    def numbers() -> Iterator[str]:
        nonlocal rows
        for line, raw in read_csv_rows(path, kind, shown):
            row, row_problems = checker.check(line, raw)
            problems.extend(row_problems)
            if any(p.severity == ERROR for p in row_problems):
                bad_lines.add(line)
            rows += row is not None
            number = normalize(raw.get(column, ""))
            if number and not code_error(number, 40):  # a keyed hash: no number reaches a temporary file
                yield f"{hmac.new(run_key, number.encode(), hashlib.sha256).hexdigest()[:32]}\x1f{line:012d}"

    with sorted_lines(numbers()) as ordered:
        previous_number, first_line = None, 0
        for item in ordered:
            number, line = item.split("\x1f")
            line = int(line)
            if number == previous_number:
                problems.append(Problem(shown, line, col, column, TITLES[column],
                                        f"与第 {first_line} 行重复",
                                        "同一编号只能出现一次；更正记录时只保留正确的一行"))
                bad_lines.add(line)
            else:
                previous_number, first_line = number, line
    problems.sort()
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        warnings = len(problems) - len(errors)
        raise PortalError(
            f"{shown}: 发现 {len(errors)} 个错误，涉及 {len(bad_lines)} 行"
            + (f"（另有 {warnings} 个警告）" if warnings else "")
            + "；没有写入任何文件。行号从表头算起（表头是第 1 行）。",
            problems,
        )
    return rows, [p for p in problems if p.severity == WARNING]


def _valid_rows(kind: str, path: Path, inst: Institution, today: dt.date) -> Iterator[SealRow]:
    checker = RowChecker(kind, inst, display_path(path), today)
    for line, raw in read_csv_rows(path, kind, display_path(path)):
        row, _ = checker.check(line, raw)
        if row is None:  # the file changed between the two passes
            raise PortalError(f"{display_path(path)} 在封存过程中被改动了，请重新运行")
        yield row


def _task(kind: str, row: SealRow, inst: Institution, key: LocalKey) -> tuple:
    return (
        key.record_id(kind, inst.credit_code, row.number),
        key.seal_meta(row.facts),
        encode_record(row.record),
        tuple((domain, identifier, row.name) for domain, identifier in row.lookup_paths(kind)),
    )


# -- the slow step, across processes ----------------------------------------------------------

_WORKER: dict = {}


def _init_worker(salt: str, iterations: int, credit_code: str) -> None:
    _WORKER.update(salt=salt, iterations=iterations, credit_code=credit_code)


def _seal_batch(batch: list[tuple]) -> list[str]:
    return [_seal_task(task, **_WORKER) for task in batch]


def _seal_task(task: tuple, *, salt: str, iterations: int, credit_code: str) -> str:
    record_id, meta, plaintext, paths = task
    entries = []
    for domain, identifier, name in paths:
        keys = split_secret(derive_secret(domain, identifier, name, salt=salt, iterations=iterations))
        entries.append(base64.b64encode(seal_entry(keys, plaintext, credit_code)).decode("ascii"))
    return json.dumps({"id": record_id, "m": meta, "e": entries}, separators=(",", ":"))


def _seal_lines(tasks: Iterator[tuple], config: SealConfig, credit_code: str, jobs: int, bar: Progress
                ) -> Iterator[str]:
    params = {"salt": config.salt, "iterations": config.iterations, "credit_code": credit_code}
    if jobs == 1:
        for task in tasks:
            yield _seal_task(task, **params)
            bar.update()
        return
    batch_size = max(1, min(256, 2_000_000 // config.iterations))  # about 1 s of work per batch
    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=tuple(params.values()))
    try:
        pending: deque = deque()  # at most 3 batches per process in flight: memory stays flat
        while True:
            batch = list(islice(tasks, batch_size))
            if batch:
                pending.append(pool.submit(_seal_batch, batch))
            while pending and (len(pending) > jobs * 3 or not batch):
                done = pending.popleft().result()
                yield from done
                bar.update(len(done))
            if not batch and not pending:
                return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on an error or Ctrl-C, drop what has not started


# -- merging with the sealed file --------------------------------------------------------------

def _read_sealed(path: Path) -> Iterator[str]:
    previous = ""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            if not line.startswith('{"id":"') or line <= previous:
                raise PortalError(f"{display_path(path)} 第 {number} 行格式或顺序异常（文件可能被手工改动过）："
                                  "请用 --replace-all 以全部记录重新封存")
            previous = line
            yield line


def _record_id(line: str) -> str:
    return line[7:39]


def _merge(old: Iterator[str], new: Iterator[str], remove_ids: dict, removed_ids: set, report: SealReport
           ) -> Iterator[str]:
    """Sorted old and new lines → sorted output; a new line replaces the old line with its record id."""
    old_line, new_line = next(old, None), next(new, None)
    while old_line is not None or new_line is not None:
        old_id = _record_id(old_line) if old_line is not None else None
        new_id = _record_id(new_line) if new_line is not None else None
        if new_line is not None and (old_line is None or new_id <= old_id):
            if new_id == old_id:
                report.replaced += 1
                old_line = next(old, None)
            else:
                report.added += 1
            yield new_line
            new_line = next(new, None)
        elif old_id in remove_ids:
            report.removed += 1
            removed_ids.add(old_id)
            old_line = next(old, None)
        else:
            report.kept += 1
            yield old_line
            old_line = next(old, None)


def _count_lines(path: Path) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


# -- summary.json ------------------------------------------------------------------------------

def _read_summary(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise PortalError(f"{display_path(path)} 不是有效的 JSON：请用 --replace-all 重新封存") from None
    return data if isinstance(data, dict) else {}


def _check_compatible(section: dict, config: SealConfig, path: Path) -> None:
    if section.get("format") != PROTOCOL or section.get("record_size") != RECORD_SIZE:
        raise PortalError(f"{display_path(path)} 是旧格式的封存数据：请用 --replace-all 以全部记录重新封存")
    if section.get("kdf") != config.kdf:
        raise PortalError(
            f"{display_path(path)} 封存时的查询参数（迭代次数、盐）与 portal.toml 不同，不能混用。"
            "请用 --replace-all 以全部记录重新封存"
        )


def _fact_key(kind: str, facts: dict) -> tuple:
    if kind == CERTIFICATES:
        return facts["y"], facts["oc"], facts["l"], facts["s"]
    return facts["y"], facts["p"], facts["oc"], facts["l"], facts["r"]


def summary_section(kind: str, facts: Counter, config: SealConfig, key: LocalKey, today: dt.date) -> dict:
    """Counts only: per year, occupation, level and status (certificates) or result (results)."""
    section = {
        "format": PROTOCOL,
        "kdf": config.kdf,
        "record_size": RECORD_SIZE,
        "entry_size": SEALED_ENTRY_SIZE,
        "key_id": key.key_id,
        "updated": today.isoformat(),
        "total": sum(facts.values()),
    }
    by_year: Counter = Counter()
    by_outcome: Counter = Counter()
    by_group: dict[tuple, Counter] = {}
    rows = []
    if kind == CERTIFICATES:
        outcomes = ("valid", "revoked")
        for (year, code, level, status), count in sorted(facts.items()):
            rows.append({"year": year, "occupation_code": code, "level": level, "status": status, "count": count})
            by_year[str(year)] += count
            by_outcome[status] += count
            by_group.setdefault((code, level), Counter())[status] += count
        section["by_status"] = {o: by_outcome[o] for o in outcomes}
        section["by_evaluation"] = [
            {"occupation_code": code, "level": level, "total": sum(c.values()), **{o: c[o] for o in outcomes}}
            for (code, level), c in sorted(by_group.items())
        ]
    else:
        outcomes = ("pass", "fail", "absent")
        for (year, plan, code, level, result), count in sorted(facts.items()):
            rows.append({"year": year, "plan_id": plan, "occupation_code": code, "level": level,
                         "result": result, "count": count})
            by_year[str(year)] += count
            by_outcome[result] += count
            by_group.setdefault((plan, code, level), Counter())[result] += count
        section["by_result"] = {o: by_outcome[o] for o in outcomes}
        section["by_plan"] = [
            {"plan_id": plan, "occupation_code": code, "level": level, "total": sum(c.values()),
             **{o: c[o] for o in outcomes}}
            for (plan, code, level), c in sorted(by_group.items())
        ]
    section["by_year"] = dict(sorted(by_year.items()))
    section["rows"] = rows
    return section


def _repo_root(folder: Path) -> Path | None:
    for candidate in (Path(folder).resolve(), *Path(folder).resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def emit_warnings(report: SealReport, stream=sys.stderr) -> None:
    for problem in report.warnings:
        print(problem.format(), file=stream)
