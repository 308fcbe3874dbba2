"""Check what `portal seal` wrote under sealed/: it arrives by pull request like everything else.

sealed/<dataset>.jsonl holds one line per record, sorted by record id (see generator/seal/sealer.py):

    {"id": 32 hex, "m": facts sealed with the local key, "e": [entry, entry]}

with each entry base64 of SEALED_ENTRY_SIZE bytes; sealed/summary.json counts those records. Here
every line's shape, the order, and the summary's shape, bounds and totals are checked against the
records, with the same located messages as the YAML files. Files are read line by line with a cap
on the line length, so a huge or binary file costs time in proportion to its size, never memory.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path

from ..load.folder import InstitutionFiles
from ..load.sealed import GROUPS, OUTCOMES, SUMMARY_FILE
from ..problems import MAX_PROBLEMS_PER_FILE, Problem, shown_value
from ..recordformat import PROTOCOL, RECORD_SIZE, SEALED_ENTRY_SIZE
from .schema import EARLIEST_DATE, LATEST_DATE, parse_date

SEALED_DATASETS = tuple(OUTCOMES)  # certificates, results
ENTRIES_PER_RECORD = 2  # looked up by number + name and by ID number + name
MAX_LINE_CHARS = 4096  # a line is about 1,700 characters
MAX_RECORDS = 2_000_000  # per file: more than any institution issues in decades
MAX_SUMMARY_BYTES = 1_000_000
MAX_META_CHARS = 1024
_RECORD_ID = re.compile(r"[0-9a-f]{32}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_OCCUPATION_CODE = re.compile(r"[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}(-[0-9]{2})?")
_PLAN_ID = re.compile(r"[A-Za-z0-9-]{1,60}")
_TITLE = "封存数据"
_RESEAL = "该文件由 portal seal 生成，请不要手工修改；请用 portal seal --replace-all 重新封存"


def check_sealed_folder(files: InstitutionFiles) -> list[Problem]:
    folder = Path(files.folder) / "sealed"
    if Path(files.folder).is_symlink() or not folder.is_dir() or folder.is_symlink():
        return []  # a symlink is reported by the folder scan
    counts, problems = {}, []
    for dataset in SEALED_DATASETS:
        path = folder / f"{dataset}.jsonl"
        if path.is_file() and not path.is_symlink():
            counts[dataset], found = _check_records(path, f"{files.shown}/sealed/{path.name}")
            problems += found
    summary = folder / Path(SUMMARY_FILE).name
    shown = f"{files.shown}/{SUMMARY_FILE}"
    if summary.is_file() and not summary.is_symlink():
        problems += _check_summary(summary, shown, counts)
    elif any(counts.values()):
        problems.append(Problem(shown, 1, 1, "", "封存摘要", "缺少 summary.json，封存记录无法发布", _RESEAL))
    return problems


# -- sealed/<dataset>.jsonl --------------------------------------------------------------------------


def _check_records(path: Path, shown: str) -> tuple[int, list[Problem]]:
    """(number of records, problems) of one sealed file; stops collecting after a flood of mistakes."""
    problems: list[Problem] = []
    records, previous = 0, ""
    for number, line in _lines(path):
        if line is None:
            problems.append(_line_problem(shown, number, f"一行超过 {MAX_LINE_CHARS} 个字符，不是封存记录"))
        elif line.strip():
            record_id, error = _record_error(line)
            if error is None and record_id <= previous:
                error = "记录未按编号排序或有重复"
            if error is not None:
                problems.append(_line_problem(shown, number, error))
            else:
                records += 1  # only records the lookup could publish count against summary.json
            previous = record_id or previous
        if len(problems) > MAX_PROBLEMS_PER_FILE:
            break  # the file is not what portal seal writes; the first mistakes say so
    if records > MAX_RECORDS:
        problems.append(_line_problem(shown, MAX_RECORDS + 1, f"记录超过 {MAX_RECORDS} 条的上限"))
    return records, problems


def _lines(path: Path):
    """(line number, text or None when too long or not UTF-8), reading at most MAX_LINE_CHARS at a time."""
    with open(path, "rb") as handle:
        number = 0
        while chunk := handle.readline(MAX_LINE_CHARS * 4):
            number += 1
            if not chunk.endswith(b"\n") and len(chunk) == MAX_LINE_CHARS * 4:
                while (rest := handle.readline(1 << 16)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of an overlong line without holding it
                yield number, None
                continue
            try:
                text = chunk.decode("utf-8").rstrip("\n")
            except UnicodeDecodeError:
                yield number, "\ufffd"  # reported below as not JSON
                continue
            yield number, (text if len(text) <= MAX_LINE_CHARS else None)


def _record_error(line: str) -> tuple[str, str | None]:
    """(record id or "", why the line is not a sealed record or None)."""
    try:
        record = json.loads(line)
    except ValueError:
        return "", "不是有效的 JSON"
    if not isinstance(record, dict) or set(record) != {"id", "m", "e"}:
        return "", '应为 {"id", "m", "e"} 三个字段的 JSON 对象'
    record_id, meta, entries = record["id"], record["m"], record["e"]
    if not isinstance(record_id, str) or not _RECORD_ID.fullmatch(record_id):
        return "", "记录编号 id 应为 32 位小写十六进制数"
    if not isinstance(meta, str) or not 0 < len(meta) <= MAX_META_CHARS or not _is_base64(meta):
        return record_id, "m 应为 base64 文本"
    if not isinstance(entries, list) or len(entries) != ENTRIES_PER_RECORD:
        return record_id, f"e 应为 {ENTRIES_PER_RECORD} 个封存条目的列表"
    for entry in entries:
        if not isinstance(entry, str) or _decoded_size(entry) != SEALED_ENTRY_SIZE:
            return record_id, f"封存条目应为 {SEALED_ENTRY_SIZE} 字节的 base64 数据"
    return record_id, None


def _is_base64(text: str) -> bool:
    return _decoded_size(text) is not None


def _decoded_size(text: str) -> int | None:
    try:
        return len(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return None


def _line_problem(shown: str, number: int, message: str) -> Problem:
    return Problem(shown, number, 1, "", _TITLE, message, _RESEAL)


# -- sealed/summary.json ----------------------------------------------------------------------------


class _Summary:
    """The parsed summary, its text (to locate keys) and the problems found in it."""

    def __init__(self, text: str, shown: str):
        self.text, self.shown = text, shown
        self.problems: list[Problem] = []

    def problem(self, key_path: tuple, message: str, hint: str = _RESEAL) -> None:
        line, column = _locate(self.text, key_path)
        key = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key_path).replace(".[", "[")
        self.problems.append(Problem(self.shown, line, column, key, "封存摘要", message, hint))


def _check_summary(path: Path, shown: str, counts: dict[str, int]) -> list[Problem]:
    with open(path, "rb") as handle:
        raw = handle.read(MAX_SUMMARY_BYTES + 1)
    if len(raw) > MAX_SUMMARY_BYTES:
        return [Problem(shown, 1, 1, "", "封存摘要", f"文件过大（超过 {MAX_SUMMARY_BYTES} 字节）", _RESEAL)]
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        return [Problem(shown, 1, 1, "", "封存摘要", "不是 UTF-8 编码的文本", _RESEAL)]
    except json.JSONDecodeError as exc:
        return [Problem(shown, exc.lineno, exc.colno, "", "封存摘要", "不是有效的 JSON", _RESEAL)]
    except (ValueError, RecursionError):
        return [Problem(shown, 1, 1, "", "封存摘要", "不是有效的 JSON", _RESEAL)]
    summary = _Summary(text, shown)
    if not isinstance(data, dict):
        summary.problem((), "应为 JSON 对象")
        return summary.problems
    for key in data:
        if key not in (*SEALED_DATASETS, "schema_version"):
            summary.problem((key,), f"未知字段 “{shown_value(key)}”")
    for dataset in SEALED_DATASETS:
        records = counts.get(dataset, 0)
        if dataset not in data:
            if records:
                summary.problem((), f"缺少 {dataset} 的汇总，但 sealed/{dataset}.jsonl 有 {records} 条记录")
            continue
        _check_section(summary, dataset, data[dataset], records)
    return summary.problems


def _check_section(summary: _Summary, dataset: str, section, records: int) -> None:
    if not isinstance(section, dict):
        summary.problem((dataset,), "应为 JSON 对象")
        return
    expected = {"format": PROTOCOL, "record_size": RECORD_SIZE, "entry_size": SEALED_ENTRY_SIZE}
    for key, value in expected.items():
        if section.get(key) != value:
            summary.problem((dataset, key), f"应为 {value}，实际为 “{shown_value(section.get(key))}”")
    key_id = section.get("key_id")
    if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
        summary.problem((dataset, "key_id"), "应为 16 位小写十六进制数")
    if not isinstance(section.get("kdf"), dict):
        summary.problem((dataset, "kdf"), "应为 JSON 对象（查询参数）")
    updated = section.get("updated")
    if parse_date(updated) is None:
        summary.problem(
            (dataset, "updated"),
            f"“{shown_value(updated)}” 不是 {EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()} 之间的日期",
        )
    total = section.get("total")
    if not isinstance(total, int) or not _is_count(total):
        summary.problem((dataset, "total"), f"应为 0 至 {MAX_RECORDS} 的整数，实际为 “{shown_value(total)}”")
        return
    if total != records:
        summary.problem((dataset, "total"), f"总数 {total} 与 sealed/{dataset}.jsonl 中的 {records} 条记录不一致")
    _check_outcomes(summary, dataset, section, total)
    _check_groups(summary, dataset, section, total)
    _check_years(summary, dataset, section, total)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_RECORDS


def _check_outcomes(summary: _Summary, dataset: str, section: dict, total: int) -> None:
    key, outcomes = OUTCOMES[dataset]
    counts = section.get(key)
    if not isinstance(counts, dict) or set(counts) - set(outcomes) or not all(map(_is_count, counts.values())):
        summary.problem((dataset, key), "应为 " + "、".join(outcomes) + " 的计数（0 或正整数）")
    elif sum(counts.values()) != total:
        summary.problem((dataset, key), f"各项之和 {sum(counts.values())} 与总数 {total} 不一致")


def _check_groups(summary: _Summary, dataset: str, section: dict, total: int) -> None:
    key = GROUPS[dataset]
    _, outcomes = OUTCOMES[dataset]
    groups = section.get(key, [])
    if not isinstance(groups, list):
        summary.problem((dataset, key), "应为列表")
        return
    counted = 0
    for index, group in enumerate(groups):
        where = (dataset, key, index)
        if not isinstance(group, dict) or not _group_shape_ok(dataset, group, outcomes):
            summary.problem(
                where,
                "应含 occupation_code、level（1–5）"
                + ("、plan_id" if dataset == "results" else "")
                + "、total 及各结果的计数",
            )
            return
        if sum(group.get(o, 0) for o in outcomes) != group["total"]:
            summary.problem(where, f"各结果之和与本组总数 {group['total']} 不一致")
        counted += group["total"]
    if counted != total:
        summary.problem((dataset, key), f"各组之和 {counted} 与总数 {total} 不一致")


def _group_shape_ok(dataset: str, group: dict, outcomes) -> bool:
    code, level = group.get("occupation_code"), group.get("level")
    if not isinstance(code, str) or not _OCCUPATION_CODE.fullmatch(code):
        return False
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        return False
    if dataset == "results" and not (isinstance(group.get("plan_id"), str) and _PLAN_ID.fullmatch(group["plan_id"])):
        return False
    return _is_count(group.get("total")) and all(_is_count(group.get(o, 0)) for o in outcomes)


def _check_years(summary: _Summary, dataset: str, section: dict, total: int) -> None:
    years = section.get("by_year")
    if years is None:
        return
    ok = isinstance(years, dict) and all(
        isinstance(y, str)
        and y.isascii()
        and y.isdigit()
        and EARLIEST_DATE.year <= int(y) <= LATEST_DATE.year
        and _is_count(c)
        for y, c in years.items()
    )
    if not ok:
        summary.problem((dataset, "by_year"), f"应为 {EARLIEST_DATE.year}–{LATEST_DATE.year} 年的计数")
    elif sum(years.values()) != total:
        summary.problem((dataset, "by_year"), f"各年之和 {sum(years.values())} 与总数 {total} 不一致")


def _locate(text: str, key_path: tuple) -> tuple[int, int]:
    """Line and column of a key (or of the i-th object of a list) in the JSON text, found one level
    below its parent; where the search fails, the last part found."""
    offset = found = 0
    for part in key_path:
        at = _child(text, offset, part)
        if at is None:
            break
        offset = found = at
    return text.count("\n", 0, found) + 1, found - (text.rfind("\n", 0, found) + 1) + 1


def _child(text: str, offset: int, part) -> int | None:
    target = "{" if isinstance(part, int) else json.dumps(part, ensure_ascii=False) + ":"
    wanted = part + 1 if isinstance(part, int) else 1
    depth, index = 0, offset
    while index < len(text):
        if text.startswith(target, index) and depth == 1:
            wanted -= 1
            if wanted == 0:
                return index
        char = text[index]
        if char == '"':
            index = _string_end(text, index)
            continue
        depth += (char in "{[" and 1) or (char in "}]" and -1) or 0
        if depth < 1 and index > offset and char in "}]":
            return None  # left the parent
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    index = start + 1
    while index < len(text) and text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    return index + 1
