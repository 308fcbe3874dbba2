"""`portal seal`: check a CSV export, then seal it into institutions/<code>/sealed/.

The sequence, each step streaming so memory does not grow with the file:

1. load the institution (scope, plans, type, province) — it must pass `portal check`;
2. pass 1 over the CSV: check every row, find duplicate numbers; any error ends here and
   nothing is written;
3. pass 2: derive the lookup keys (PBKDF2, across processes) and seal two entries per row;
4. merge with the sealed file already in the repository: sealed lines are sorted by record id,
   a new line replaces the old line with the same record id (a correction or revocation), lines
   of records not in the CSV are kept (or dropped with --replace-all / --remove);
5. recompute summary.json from the facts of every line, then replace both files atomically.

sealed/<dataset>.jsonl (certificates or results) has one line per record, sorted:

    {"id": record id (32 hex), "m": facts sealed with the local key, "e": [entry, entry]}

where each entry is base64 of `bucket_id | tag | nonce | ciphertext` (see crypto.py). The record
id is HMAC(local key, dataset, credit code, number), so only the institution can tell which line is
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
from ..recordformat import (
    CERTIFICATE_STATUSES,
    CERTIFICATES,
    DATASET_NAMES,
    DATASETS,
    NUMBER_MAX,
    RESULT_VALUES,
    fact_key,
    fact_names,
)
from .config import SealConfig
from .crypto import (
    PROTOCOL,
    RECORD_SIZE,
    SEALED_ENTRY_SIZE,
    code_error,
    derive_secret,
    encode_record,
    normalize,
    seal_entry,
    split_secret,
)
from .extsort import sorted_lines
from .localkey import LocalKey, default_key_path, ensure_outside_repository, load_or_create_key
from .records import NUMBER_COLUMN, TITLES, RowChecker, SealRow, read_csv_rows

SUMMARY_NAME = "summary.json"
SUMMARY_SCHEMA_VERSION = 1
PARALLEL_WORK = 3_000_000  # PBKDF2 iterations in all (about 0.4 s) below which one process is faster


def sealed_path(folder: Path, dataset: str) -> Path:
    return Path(folder) / "sealed" / f"{dataset}.jsonl"


@dataclass
class SealReport:
    dataset: str
    rows: int = 0  # rows sealed from the CSV
    added: int = 0
    replaced: int = 0
    removed: int = 0
    kept: int = 0
    total: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    key_path: Path | None = None
    key_created: bool = False
    not_found: list[str] = field(default_factory=list)  # --remove numbers that were not sealed
    replace_all: bool = False

    def describe(self) -> str:
        name = DATASET_NAMES[self.dataset]
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
        text = (
            f"{self.label}：{self.done}/{self.total}（{100 * self.done / max(self.total, 1):.0f}%），"
            f"每秒 {rate:.1f} 条" + (f"，预计还需 {_duration(left)}" if self.done < self.total else "")
        )
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
        raise PortalError(
            f"{display_path(folder)} 不是机构文件夹（缺少 institution.yaml）："
            "--institution 应为 institutions/<统一社会信用代码>"
        )
    catalog = load_catalog(folder.parent, [folder])
    if catalog.errors or not catalog.institutions:
        raise PortalError(f"机构文件夹 {display_path(folder)} 有错误，请先修正（portal check）再封存：", catalog.errors)
    return catalog.institutions[0]


def seal_csv(
    dataset: str,
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
    if dataset not in DATASETS:
        raise PortalError(f"未知的数据类型 {dataset}（应为 certificates 或 results）")
    started = time.monotonic()
    folder = Path(institution_folder)
    inst = load_institution(folder)
    today = today or build_today()
    target = SealTarget.read(folder, dataset, config, replace_all)
    remove_numbers = _remove_numbers(dataset, remove)
    rows, warnings = _check_input(target, csv_path, inst, today, remove_numbers)
    key_path, key, created = _local_key(target, inst, secret_path)
    jobs = _job_count(jobs, rows, config)
    bar = Progress(rows, f"封存{DATASET_NAMES[dataset]}", progress)
    tasks = _tasks(dataset, csv_path, inst, today, key)
    remove_ids = {key.record_id(dataset, inst.credit_code, n): n for n in remove_numbers}
    merge = _write(target, _seal_lines(tasks, config, inst.credit_code, jobs, bar), key, remove_ids, config, today)
    return SealReport(
        dataset,
        rows=rows,
        added=merge.added,
        replaced=merge.replaced,
        kept=merge.kept,
        total=merge.total,
        removed=merge.removed + (target.old_count if replace_all else 0),
        warnings=warnings,
        seconds=time.monotonic() - started,
        jobs=jobs,
        key_path=key_path,
        key_created=created,
        not_found=sorted(n for rid, n in remove_ids.items() if rid not in merge.removed_ids),
        replace_all=replace_all,
    )


@dataclass
class SealTarget:
    """What is already sealed for one dataset of one institution, checked against the configuration."""

    folder: Path
    dataset: str
    replace_all: bool
    summary: dict
    has_old: bool
    old_count: int  # lines of the sealed file that --replace-all replaces

    @property
    def path(self) -> Path:
        return sealed_path(self.folder, self.dataset)

    @property
    def summary_path(self) -> Path:
        return self.folder / "sealed" / SUMMARY_NAME

    @property
    def incremental(self) -> bool:
        return self.has_old and not self.replace_all

    @classmethod
    def read(cls, folder: Path, dataset: str, config: SealConfig, replace_all: bool) -> SealTarget:
        path, summary_path = sealed_path(folder, dataset), folder / "sealed" / SUMMARY_NAME
        summary = _read_summary(summary_path)
        section = summary.get(dataset)
        has_old = path.is_file() and path.stat().st_size > 0
        if has_old and section is None:
            raise PortalError(
                f"{display_path(path)} 存在，但 {display_path(summary_path)} 中没有对应的汇总："
                "文件可能被手工改动过。请用 --replace-all 以全部记录重新封存"
            )
        if has_old and section is not None and not replace_all:  # (has_old without a section raised above)
            _check_compatible(section, config, path)
        old_count = _count_lines(path) if has_old and replace_all else 0
        return cls(folder, dataset, replace_all, summary, has_old, old_count)


def _remove_numbers(dataset: str, remove: Iterable[str]) -> list[str]:
    numbers = sorted({normalize(n) for n in remove})
    bad = [n for n in numbers if code_error(n, NUMBER_MAX[dataset])]
    if bad:
        raise PortalError("--remove 给出的编号格式有误：" + "、".join(bad))
    return numbers


def _check_input(
    target: SealTarget, csv_path: Path | None, inst: Institution, today: dt.date, remove_numbers: list[str]
) -> tuple[int, list[Problem]]:
    """Pass 1: (rows, warnings) of the CSV — every error of every row ends here, before anything is written."""
    if csv_path is not None:
        return check_csv(target.dataset, Path(csv_path), inst, today)
    if not remove_numbers and not target.replace_all:
        raise PortalError("没有要封存的内容：请给出 CSV 文件，或用 --remove 指定要删除的编号")
    if not target.has_old and not target.replace_all:
        raise PortalError(f"{display_path(target.path)} 还不存在：没有可删除的记录")
    return 0, []


def _local_key(target: SealTarget, inst: Institution, secret_path: Path | None) -> tuple[Path, LocalKey, bool]:
    """(path, key, newly created): the key that sealed the existing file, for an incremental update."""
    key_path = Path(secret_path) if secret_path else default_key_path(inst.credit_code)
    repo_root = _repo_root(target.folder)
    ensure_outside_repository(key_path, repo_root)
    shown = display_path(target.path)
    if target.incremental and not key_path.expanduser().is_file():
        raise PortalError(
            f"找不到本机封存密钥 {key_path}：{shown} 是用它封存的，增量更新需要同一把密钥。"
            "请用 --secret 指定原来的密钥文件；密钥已丢失时，用 --replace-all 以全部记录重新封存"
        )
    key, created = load_or_create_key(key_path, create=True, repo_root=repo_root)
    if target.incremental and target.summary[target.dataset].get("key_id") != key.key_id:
        raise PortalError(
            f"本机封存密钥 {key_path} 与生成 {shown} 的密钥不同，无法增量更新。"
            "请用原来的密钥文件（--secret），或用 --replace-all 以全部记录重新封存"
        )
    return key_path, key, created


def _job_count(jobs: int | None, rows: int, config: SealConfig) -> int:
    if jobs is None:  # automatic: all cores, unless starting processes costs more than it saves
        jobs = (os.cpu_count() or 1) if rows * 2 * config.iterations >= PARALLEL_WORK else 1
    return max(1, min(jobs, rows))


def _tasks(dataset: str, csv_path: Path | None, inst: Institution, today: dt.date, key: LocalKey) -> Iterator[tuple]:
    if csv_path is None:
        return iter(())
    return (_task(dataset, row, inst, key) for row in _valid_rows(dataset, Path(csv_path), inst, today))


def _write(
    target: SealTarget,
    lines: Iterator[str],
    key: LocalKey,
    remove_ids: dict[str, str],
    config: SealConfig,
    today: dt.date,
) -> Merge:
    """Pass 2: merge the new lines into the sealed file and recompute summary.json; both replaced atomically."""
    out_path, summary_path = target.path, target.summary_path
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = out_path.with_name(f".{out_path.name}.tmp")
    summary_tmp = summary_path.with_name(f".{SUMMARY_NAME}.tmp")
    facts: Counter = Counter()
    try:
        with sorted_lines(lines) as new_lines, open(tmp_path, "w", encoding="utf-8", newline="\n") as out:
            merge = Merge(_read_sealed(out_path) if target.incremental else iter(()), new_lines, remove_ids)
            for line in merge:
                meta = key.open_meta(json.loads(line)["m"])
                if meta is None:
                    raise PortalError(
                        f"{display_path(out_path)} 中有记录不是用本机密钥封存的：请用 --replace-all 以全部记录重新封存"
                    )
                facts[fact_key(target.dataset, meta)] += 1
                out.write(line + "\n")
        summary = {
            **target.summary,
            target.dataset: summary_section(target.dataset, facts, config, key, today),
            "schema_version": SUMMARY_SCHEMA_VERSION,
        }
        summary_tmp.write_text(
            json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        os.replace(tmp_path, out_path)
        os.replace(summary_tmp, summary_path)
    finally:
        for leftover in (tmp_path, summary_tmp):
            if leftover.exists():
                leftover.unlink()
    return merge


def check_csv(dataset: str, path: Path, inst: Institution, today: dt.date) -> tuple[int, list[Problem]]:
    """Pass 1: (number of rows, warnings); every error of every row ends with one PortalError."""
    shown = display_path(path)
    checker = RowChecker(dataset, inst, shown, today)
    problems: list[Problem] = []
    bad_lines: set[int] = set()
    rows = 0
    column = NUMBER_COLUMN[dataset]
    run_key = os.urandom(16)

    def numbers() -> Iterator[str]:
        nonlocal rows
        for line, raw in read_csv_rows(path, dataset, shown):
            row, row_problems = checker.check(line, raw)
            problems.extend(row_problems)
            if any(p.severity == ERROR for p in row_problems):
                bad_lines.add(line)
            rows += row is not None
            number = normalize(raw.get(column, ""))
            if number and not code_error(number, NUMBER_MAX[dataset]):
                # a keyed hash: no number reaches a temporary file
                yield f"{hmac.new(run_key, number.encode(), hashlib.sha256).hexdigest()[:32]}\x1f{line:012d}"

    with sorted_lines(numbers()) as ordered:
        for line, first_line in _duplicates(ordered):
            problems.append(
                Problem(
                    shown,
                    line,
                    1,
                    column,
                    TITLES[column],
                    f"与第 {first_line} 行重复",
                    "同一编号只能出现一次；更正记录时只保留正确的一行",
                )
            )
            bad_lines.add(line)
    return rows, _warnings_or_raise(shown, sorted(problems), bad_lines)


def _duplicates(ordered: Iterator[str]) -> Iterator[tuple[int, int]]:
    """(line, first line with the same number) for sorted "hash US line" items."""
    previous, first_line = None, 0
    for item in ordered:
        number, line_text = item.split("\x1f")
        if number == previous:
            yield int(line_text), first_line
        else:
            previous, first_line = number, int(line_text)


def _warnings_or_raise(shown: str, problems: list[Problem], bad_lines: set[int]) -> list[Problem]:
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        warnings = len(problems) - len(errors)
        raise PortalError(
            f"{shown}: 发现 {len(errors)} 个错误，涉及 {len(bad_lines)} 行"
            + (f"（另有 {warnings} 个警告）" if warnings else "")
            + "；没有写入任何文件。行号从表头算起（表头是第 1 行）。",
            problems,
        )
    return [p for p in problems if p.severity == WARNING]


def _valid_rows(dataset: str, path: Path, inst: Institution, today: dt.date) -> Iterator[SealRow]:
    checker = RowChecker(dataset, inst, display_path(path), today)
    for line, raw in read_csv_rows(path, dataset, display_path(path)):
        row, _ = checker.check(line, raw)
        if row is None:  # the file changed between the two passes
            raise PortalError(f"{display_path(path)} 在封存过程中被改动了，请重新运行")
        yield row


def _task(dataset: str, row: SealRow, inst: Institution, key: LocalKey) -> tuple:
    return (
        key.record_id(dataset, inst.credit_code, row.number),
        key.seal_meta(row.facts),
        encode_record(row.record),
        tuple((domain, identifier, row.name) for domain, identifier in row.lookup_paths(dataset)),
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


def _seal_lines(
    tasks: Iterator[tuple], config: SealConfig, credit_code: str, jobs: int, bar: Progress
) -> Iterator[str]:
    if jobs == 1:
        for task in tasks:
            yield _seal_task(task, salt=config.salt, iterations=config.iterations, credit_code=credit_code)
            bar.update()
        return
    batch_size = max(1, min(256, 2_000_000 // config.iterations))  # about 1 s of work per batch
    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config.salt, config.iterations, credit_code))
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
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n")
            if not line:
                continue
            if not line.startswith('{"id":"') or line <= previous:
                raise PortalError(
                    f"{display_path(path)} 第 {number} 行格式或顺序异常（文件可能被手工改动过）："
                    "请用 --replace-all 以全部记录重新封存"
                )
            previous = line
            yield line


def _record_id(line: str) -> str:
    return line[7:39]


class Merge:
    """Sorted old and new lines → sorted output; a new line replaces the old line with its record id,
    an old line whose id is in `remove_ids` is dropped. The counts are read after iterating."""

    def __init__(self, old: Iterator[str], new: Iterator[str], remove_ids: dict[str, str]):
        self.old, self.new, self.remove_ids = old, new, remove_ids
        self.added = self.replaced = self.removed = self.kept = 0
        self.removed_ids: set[str] = set()

    @property
    def total(self) -> int:
        return self.added + self.replaced + self.kept

    def __iter__(self) -> Iterator[str]:
        old_line, new_line = next(self.old, None), next(self.new, None)
        while True:
            old_id = _record_id(old_line) if old_line is not None else None
            if new_line is not None and (old_id is None or _record_id(new_line) <= old_id):
                if _record_id(new_line) == old_id:
                    self.replaced += 1
                    old_line = next(self.old, None)
                else:
                    self.added += 1
                yield new_line
                new_line = next(self.new, None)
            elif old_line is not None and old_id is not None:
                if old_id in self.remove_ids:
                    self.removed += 1
                    self.removed_ids.add(old_id)
                else:
                    self.kept += 1
                    yield old_line
                old_line = next(self.old, None)
            else:
                return  # both sides are used up


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


def summary_section(dataset: str, facts: Counter, config: SealConfig, key: LocalKey, today: dt.date) -> dict:
    """Counts only: per year, occupation, level and status (certificates) or result (results)."""
    outcomes: tuple[str, ...]  # the values counted: statuses or results
    group_by: tuple[str, ...]  # the keys of one group's counts
    if dataset == CERTIFICATES:
        outcome, outcomes, group, group_by = (
            "status",
            CERTIFICATE_STATUSES,
            "by_evaluation",
            ("occupation_code", "level"),
        )
    else:
        outcome, outcomes, group = "result", RESULT_VALUES, "by_plan"
        group_by = ("plan_id", "occupation_code", "level")
    by_year: Counter = Counter()
    by_outcome: Counter = Counter()
    by_group: dict[tuple, Counter] = {}
    rows = []
    for key_tuple, count in sorted(facts.items()):
        named = fact_names(dataset, key_tuple)
        rows.append({**named, "count": count})
        by_year[str(named["year"])] += count
        by_outcome[named[outcome]] += count
        by_group.setdefault(tuple(named[n] for n in group_by), Counter())[named[outcome]] += count
    return {
        "format": PROTOCOL,
        "kdf": config.kdf,
        "record_size": RECORD_SIZE,
        "entry_size": SEALED_ENTRY_SIZE,
        "key_id": key.key_id,
        "updated": today.isoformat(),
        "total": sum(facts.values()),
        f"by_{outcome}": {o: by_outcome[o] for o in outcomes},
        group: [
            {**dict(zip(group_by, g, strict=True)), "total": sum(c.values()), **{o: c[o] for o in outcomes}}
            for g, c in sorted(by_group.items())
        ],
        "by_year": dict(sorted(by_year.items())),
        "rows": rows,
    }


def _repo_root(folder: Path) -> Path | None:
    for candidate in (Path(folder).resolve(), *Path(folder).resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def emit_warnings(report: SealReport, stream=sys.stderr) -> None:
    for problem in report.warnings:
        print(problem.format(), file=stream)
