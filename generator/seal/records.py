"""The two CSV exports of the disclosure format, read row by row and checked against the institution.

Every row is checked on its own (duplicates are found by the sealer), so a file of any size is
read in one pass with constant memory. A checked row becomes a `SealRow`: the normalised lookup
inputs, the plaintext record the browser will show, and the non-personal facts for summary.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import names
from ..model import Institution, Plan
from ..problems import ERROR, WARNING, PortalError, Problem
from ..recordformat import (
    CERTIFICATE_STATUSES,
    CERTIFICATES,
    DATASET_NAMES,
    LOOKUP_DOMAINS,
    NUMBER_MAX,
    OCCUPATION_MAX,
    RESULT_VALUES,
    RESULTS,
    STATUS_REASON_MAX,
    build_facts,
    build_record,
)
from ..validate.codes import LEVEL_NAMES, PROVINCES
from .crypto import RecordTooLong, code_error, encode_record, id_error, mask_id, mask_name, name_error, normalize

REQUIRED_COLUMNS = {
    CERTIFICATES: (
        "certificate_no",
        "name",
        "id_number",
        "occupation_code",
        "occupation",
        "level",
        "issue_date",
        "status",
    ),
    RESULTS: (
        "ticket_no",
        "name",
        "id_number",
        "plan_id",
        "occupation_code",
        "level",
        "theory_score",
        "practical_score",
        "comprehensive_score",
        "result",
    ),
}
# Trailing columns a CSV may leave out (from the right): the spec's revocation date and reason.
OPTIONAL_COLUMNS = {CERTIFICATES: ("status_date", "status_reason"), RESULTS: ()}
COLUMNS = {d: REQUIRED_COLUMNS[d] + OPTIONAL_COLUMNS[d] for d in REQUIRED_COLUMNS}
NUMBER_COLUMN = {CERTIFICATES: "certificate_no", RESULTS: "ticket_no"}
TITLES = {
    "certificate_no": "证书编号",
    "ticket_no": "准考证号",
    "name": "姓名",
    "id_number": "身份证号",
    "occupation_code": "职业编码",
    "occupation": "职业名称",
    "level": "等级",
    "issue_date": "发证日期",
    "status": "证书状态",
    "status_date": "撤销日期",
    "status_reason": "撤销原因",
    "plan_id": "批次编号",
    "theory_score": "理论知识成绩",
    "practical_score": "操作技能成绩",
    "comprehensive_score": "综合评审成绩",
    "result": "评价结果",
}
SCORE_METHODS = {"theory_score": "theory", "practical_score": "practical", "comprehensive_score": "comprehensive"}
PASS_MARK = 60
# The first letter of a 职业技能等级证书 number tells the institution type (Institution.kind).
NUMBER_LETTERS = {"social_training_org": "S", "employer": "Y"}
NUMBER_LETTER_NAMES = {
    letter: names.INSTITUTION_KIND_NAMES[institution_type] for institution_type, letter in NUMBER_LETTERS.items()
}


def columns_of(dataset: str, used: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
    """The header for a CSV: the required columns and the optional ones up to the last one used."""
    optional = OPTIONAL_COLUMNS[dataset]
    last = max((i + 1 for i, c in enumerate(optional) if c in used), default=0)
    return REQUIRED_COLUMNS[dataset] + optional[:last]


def accepted_headers(dataset: str) -> list[tuple[str, ...]]:
    optional = OPTIONAL_COLUMNS[dataset]
    return [REQUIRED_COLUMNS[dataset] + optional[:n] for n in range(len(optional) + 1)]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCORE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
_OCCUPATION_CODE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$")
_CERTIFICATE_FORMAT = re.compile(r"^[SY]\d{21}$")
_HIDDEN = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
LEVEL_HINT = "等级填 1–5 的数字：" + "，".join(f"{k}={v}" for k, v in sorted(LEVEL_NAMES.items(), reverse=True))


@dataclass
class SealRow:
    line: int
    number: str  # normalised certificate_no or ticket_no
    name: str  # normalised
    id_number: str  # normalised
    record: dict  # what the browser shows after decryption (recordformat.build_record)
    facts: dict  # non-personal facts counted in summary.json (recordformat.build_facts)

    def lookup_paths(self, dataset: str) -> list[tuple[str, str]]:
        number_domain, id_domain = LOOKUP_DOMAINS[dataset]
        return [(number_domain, self.number), (id_domain, self.id_number)]


@dataclass
class RowCheck:
    line: int
    shown: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, column: str, message: str, hint: str = "", severity: str = ERROR, col: int = 0) -> None:
        self.problems.append(
            Problem(self.shown, self.line, col, column, TITLES.get(column, "行"), message, hint, severity)
        )

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


def read_csv_rows(path: Path, dataset: str, shown: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every non-empty data row; a bad header or encoding ends with PortalError.

    Every row has every column of COLUMNS: optional columns the file leaves out are empty."""
    with _open_csv(path, shown) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _read_error(shown, 1, exc) from None
        columns = _check_header(header, dataset, shown)
        empty = dict.fromkeys(COLUMNS[dataset], "")
        line = reader.line_num
        while True:
            start = line + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as exc:
                raise _read_error(shown, start, exc) from None
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(columns):
                yield start, {"__columns__": f"{len(values)}/{len(columns)}"}
                continue
            yield start, {**empty, **dict(zip(columns, values, strict=True))}


def _open_csv(path: Path, shown: str) -> TextIO:
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise PortalError(f"找不到文件：{shown}") from None


def _check_header(header: list[str] | None, dataset: str, shown: str) -> tuple[str, ...]:
    required, full = REQUIRED_COLUMNS[dataset], COLUMNS[dataset]
    if header is None:
        raise PortalError(f"{shown}: 文件是空的：第 1 行应为表头 {','.join(required)}")
    given = tuple(h.strip() for h in header)
    if given in accepted_headers(dataset):
        return given
    missing = [c for c in required if c not in given]
    unknown = [c for c in given if c not in full]
    detail = []
    if missing:
        detail.append("缺少列 " + "、".join(f"{c}（{TITLES[c]}）" for c in missing))
    if unknown:
        detail.append("未知的列 " + "、".join(f"“{c}”" for c in unknown))
    optional = OPTIONAL_COLUMNS[dataset]
    if not detail and given[: len(required)] == required:
        detail.append(f"可选的列要按 {','.join(optional)} 的顺序放在末尾，用到后面的列时前面的列也要有（内容可留空）")
    elif not detail:
        detail.append("列的顺序不对")
    also = (
        (f"；可在末尾按顺序加上可选的列 {','.join(optional)}（" + "、".join(TITLES[c] for c in optional) + "）")
        if optional
        else ""
    )
    raise PortalError(
        f"{shown}:1: 表头不符合公示格式：{'；'.join(detail)}。\n"
        f"{DATASET_NAMES[dataset]}文件的表头应为：{','.join(required)}{also}"
    )


def _read_error(shown: str, line: int, exc: Exception) -> PortalError:
    if isinstance(exc, UnicodeDecodeError):
        return PortalError(
            f"{shown}: 文件不是 UTF-8 编码（约第 {line} 行起无法读取）。"
            "请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重试"
        )
    return PortalError(f"{shown}:{line}: CSV 格式有误：{exc}")


class RowChecker:
    """Checks rows of one dataset against one institution; `today` bounds dates."""

    def __init__(self, dataset: str, institution: Institution, shown: str, today: dt.date):
        self.dataset = dataset
        self.inst = institution
        self.shown = shown
        self.today = today
        self.scope = {(e.occupation_code, lvl): e for e in institution.scope for lvl in e.levels}
        self.plans: dict[str, Plan] = {p.id: p for p in institution.plans}
        self.col = {c: i + 1 for i, c in enumerate(COLUMNS[dataset])}

    def check(self, line: int, raw: dict[str, str]) -> tuple[SealRow | None, list[Problem]]:
        rc = RowCheck(line, self.shown)
        if "__columns__" in raw:
            found, expected = raw["__columns__"].split("/")
            rc.add(
                "",
                f"该行有 {found} 列，表头有 {expected} 列",
                "检查是否有多余或缺少的逗号；含逗号的内容要用英文双引号括起来",
                col=1,
            )
            return None, rc.problems
        number_column = NUMBER_COLUMN[self.dataset]
        number = normalize(raw[number_column])
        if error := code_error(number, NUMBER_MAX[self.dataset]):
            rc.add(number_column, error, col=self.col[number_column])
        name = normalize(raw["name"])
        if error := name_error(name):
            rc.add("name", error, col=self.col["name"])
        id_number = normalize(raw["id_number"])
        if error := id_error(id_number):
            rc.add("id_number", error, "请照身份证逐位核对；末位 X 大小写均可", col=self.col["id_number"])
        level = self._level(rc, raw["level"])
        code = raw["occupation_code"].strip()
        check = self._certificate if self.dataset == CERTIFICATES else self._result
        values, facts = check(rc, raw, number, code, level)
        if rc.failed:
            return None, rc.problems
        record = self._record(rc, values, name, id_number)
        if record is None:
            return None, rc.problems
        return SealRow(line, number, name, id_number, record, build_facts(self.dataset, **facts)), rc.problems

    def _record(self, rc: RowCheck, values: dict, name: str, id_number: str) -> dict | None:
        """The record, without the institution name when it does not fit (the page shows the manifest's)."""
        common = {"masked_name": mask_name(name), "masked_id": mask_id(id_number), "credit_code": self.inst.credit_code}
        for institution_name in (self.inst.name, None):
            record = build_record(self.dataset, **values, **common, institution_name=institution_name)
            try:
                encode_record(record)
                return record
            except RecordTooLong as exc:
                too_long = exc
        rc.add(
            "", f"{too_long}（职业名称、批次编号或撤销原因过长）", "缩短职业名称（工种可省略）或撤销原因后重试", col=1
        )
        return None

    # -- common columns ------------------------------------------------------------------------

    def _level(self, rc: RowCheck, value: str) -> int | None:
        value = value.strip()
        if value not in {"1", "2", "3", "4", "5"}:
            rc.add("level", f"“{value}” 不是有效的等级" if value else "不能为空", LEVEL_HINT, col=self.col["level"])
            return None
        return int(value)

    def _scope_entry(self, rc: RowCheck, code: str, level: int | None):
        col = self.col["occupation_code"]
        if not _OCCUPATION_CODE.match(code):
            rc.add(
                "occupation_code",
                f"“{code}” 不是有效的职业编码" if code else "不能为空",
                "格式如 6-31-01-03（国家职业分类大典）",
                col=col,
            )
            return None
        if level is None:
            return None
        entry = self.scope.get((code, level))
        if entry is None:
            levels = sorted({lvl for (c, lvl) in self.scope if c == code}, reverse=True)
            where = (
                f"备案范围中该职业只有等级 {'、'.join(map(str, levels))}"
                if levels
                else "该职业不在本机构的备案评价范围内"
            )
            rc.add(
                "occupation_code",
                f"{code} {LEVEL_NAMES[level]} 不在备案评价范围内：{where}",
                "只能封存备案范围内的职业和等级；范围有变化请先更新 institution.yaml 的 scope",
                col=col,
            )
        return entry

    def _date(self, rc: RowCheck, column: str, value: str) -> dt.date | None:
        value = value.strip()
        if not _DATE.match(value):
            rc.add(
                column,
                f"“{value}” 不是有效的日期" if value else "不能为空",
                "日期写成 YYYY-MM-DD，例如 2026-09-30",
                col=self.col[column],
            )
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            rc.add(column, f"日期 {value} 不存在", col=self.col[column])
            return None

    # -- certificates --------------------------------------------------------------------------

    def _certificate(self, rc: RowCheck, raw: dict, number: str, code: str, level: int | None) -> tuple[dict, dict]:
        entry = self._scope_entry(rc, code, level)
        occupation = self._occupation(rc, raw["occupation"], code, entry)
        issued = self._issue_date(rc, raw["issue_date"])
        status = raw["status"].strip().lower()
        if status not in CERTIFICATE_STATUSES:
            rc.add(
                "status",
                f"“{raw['status'].strip()}” 不是有效的状态" if status else "不能为空",
                "填 valid（有效）或 revoked（已撤销）",
                col=self.col["status"],
            )
        status_date, status_reason = self._revocation(rc, raw, status, issued)
        if not any(p.key == "certificate_no" for p in rc.problems):
            for severity, message, hint in certificate_number_problems(number, self.inst, level, issued):
                rc.add("certificate_no", message, hint, severity, self.col["certificate_no"])
        values = {
            "certificate_no": number,
            "occupation_code": code,
            "occupation": occupation,
            "level": level,
            "issue_date": issued.isoformat() if issued else None,
            "status": status,
            "status_date": status_date.isoformat() if status_date else None,
            "status_reason": status_reason,
        }
        facts = {"year": issued.year if issued else 0, "occupation_code": code, "level": level, "status": status}
        return values, facts

    def _occupation(self, rc: RowCheck, value: str, code: str, entry) -> str:
        occupation = normalize_text(value)
        col = self.col["occupation"]
        if not occupation:
            rc.add("occupation", "不能为空", col=col)
        elif len(occupation) > OCCUPATION_MAX:
            rc.add("occupation", f"过长（最多 {OCCUPATION_MAX} 个字符）", col=col)
        elif entry is not None and not _same_occupation(occupation, entry):
            rc.add(
                "occupation",
                f"“{occupation}” 与备案范围中 {code} 的职业名称“{entry.occupation}”不一致",
                "请核对职业编码和职业名称",
                WARNING,
                col,
            )
        return occupation

    def _issue_date(self, rc: RowCheck, value: str) -> dt.date | None:
        issued = self._date(rc, "issue_date", value)
        if issued is not None:
            if issued > self.today:
                rc.add("issue_date", f"发证日期 {issued} 晚于今天", col=self.col["issue_date"])
            elif issued < self.inst.filing_date:
                rc.add(
                    "issue_date",
                    f"发证日期 {issued} 早于机构备案日期 {self.inst.filing_date}",
                    "请核对发证日期",
                    WARNING,
                    self.col["issue_date"],
                )
        return issued

    def _revocation(self, rc: RowCheck, raw: dict, status: str, issued: dt.date | None) -> tuple[dt.date | None, str]:
        """The optional status_date and status_reason: only for a revoked certificate."""
        # NFC, not NFKC: the reason is shown as written, with its full-width punctuation
        date_text = raw["status_date"].strip()
        reason = " ".join(unicodedata.normalize("NFC", raw["status_reason"]).split())
        only_revoked = "撤销日期和撤销原因只用于已撤销（revoked）的证书；证书有效时请留空"
        for column, value in (("status_date", date_text), ("status_reason", reason)):
            if value and status == "valid":
                rc.add(column, "证书状态为有效（valid），不应填写" + TITLES[column], only_revoked, col=self.col[column])
        if _HIDDEN.search(raw["status_reason"]):
            rc.add(
                "status_reason",
                "含有换行、控制字符或不可见的格式字符",
                "撤销原因写成一行简短的文字",
                col=self.col["status_reason"],
            )
        elif len(reason) > STATUS_REASON_MAX:
            rc.add(
                "status_reason",
                f"过长（{len(reason)} 个字符，最多 {STATUS_REASON_MAX} 个）",
                "写明简短的原因，例如“以不正当手段取得”",
                col=self.col["status_reason"],
            )
        revoked = self._date(rc, "status_date", date_text) if date_text else None
        if revoked is not None:
            if revoked > self.today:
                rc.add("status_date", f"撤销日期 {revoked} 晚于今天", col=self.col["status_date"])
            elif issued is not None and revoked < issued:
                rc.add(
                    "status_date",
                    f"撤销日期 {revoked} 早于发证日期 {issued}",
                    "请核对撤销日期",
                    col=self.col["status_date"],
                )
        return revoked, reason

    # -- results -------------------------------------------------------------------------------

    def _result(self, rc: RowCheck, raw: dict, number: str, code: str, level: int | None) -> tuple[dict, dict]:
        plan_id = raw["plan_id"].strip()
        plan = self._plan(rc, plan_id, code, level)
        entry = self._scope_entry(rc, code, level)
        result = raw["result"].strip().lower()
        if result not in RESULT_VALUES:
            rc.add(
                "result",
                f"“{raw['result'].strip()}” 不是有效的结果" if result else "不能为空",
                "填 pass（合格）、fail（不合格）或 absent（缺考）",
                col=self.col["result"],
            )
        scores = self._scores(rc, raw, plan, plan_id, result)
        occupation = ""
        if entry is not None:
            occupation = entry.occupation + (f"（{entry.work_type}）" if entry.work_type else "")
        values = {
            "ticket_no": number,
            "plan_id": plan_id,
            "occupation_code": code,
            "occupation": occupation,
            "level": level,
            "scores": scores,
            "result": result,
            "exam_dates": [d.isoformat() for d in plan.exam_dates] if plan else [],
        }
        facts = {
            "year": plan.last_exam.year if plan else 0,
            "plan_id": plan_id,
            "occupation_code": code,
            "level": level,
            "result": result,
        }
        return values, facts

    def _plan(self, rc: RowCheck, plan_id: str, code: str, level: int | None) -> Plan | None:
        plan = self.plans.get(plan_id)
        col = self.col["plan_id"]
        if not plan_id:
            rc.add("plan_id", "不能为空", col=col)
        elif plan is None:
            rc.add(
                "plan_id",
                f"批次 “{plan_id}” 不在本机构的 plans.yaml 中",
                "成绩必须对应已公布的评价计划；请核对批次编号",
                col=col,
            )
        else:
            if plan.status == "cancelled":
                rc.add("plan_id", f"批次 {plan_id} 已取消，不能有评价结果", col=col)
            elif plan.first_exam > self.today:
                rc.add("plan_id", f"批次 {plan_id} 的考评日期 {plan.first_exam} 尚未到来", col=col)
            if (code, level) != (plan.evaluation.occupation_code, plan.evaluation.level) and level is not None:
                rc.add(
                    "occupation_code",
                    f"{code} {LEVEL_NAMES[level]} 与批次 {plan_id} 的 {plan.evaluation.occupation_code} "
                    f"{plan.evaluation.level_name} 不一致",
                    "请核对职业编码、等级和批次编号",
                    col=self.col["occupation_code"],
                )
        return plan

    def _scores(self, rc: RowCheck, raw: dict, plan: Plan | None, plan_id: str, result: str) -> dict:
        scores = {}
        for column, method in SCORE_METHODS.items():
            value = raw[column].strip()
            col = self.col[column]
            if not value:
                if plan is not None and method in plan.methods and result in ("pass", "fail"):
                    rc.add(
                        column, f"批次 {plan_id} 包含该评价方式，但成绩为空", "请补填成绩；缺考填 absent", WARNING, col
                    )
                continue
            if not _SCORE.match(value) or float(value) > 100:
                rc.add(column, f"“{value}” 不是 0–100 之间的分数", "分数最多两位小数", col=col)
                continue
            if plan is not None and method not in plan.methods:
                rc.add(column, f"批次 {plan_id} 不包含该评价方式，却填了成绩", "请核对批次编号或删去该成绩", col=col)
                continue
            score = float(value)
            scores[method] = int(score) if score.is_integer() else score
            if result == "pass" and score < PASS_MARK:
                rc.add(column, f"结果为合格，但该项成绩 {value} 低于 {PASS_MARK} 分", "请核对成绩和结果", WARNING, col)
        if result == "absent" and scores:
            rc.add("result", "结果为缺考，却填了成绩", "请核对", WARNING, self.col["result"])
        return scores


def normalize_text(value: str) -> str:
    """Occupation names: NFKC and single spaces (they are shown, not derived from)."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def _same_occupation(occupation: str, entry) -> bool:
    names = {entry.occupation, entry.work_type or entry.occupation}
    return occupation in names or occupation.startswith(entry.occupation)


def certificate_number_problems(
    number: str, inst: Institution, level: int | None, issued: dt.date | None
) -> list[tuple[str, str, str]]:
    """(severity, message, hint) for a 职业技能等级证书 number that disagrees with its institution or row.

    Layout (22 characters): letter S/Y (institution type), institution code (4), province (2), site (6),
    year (2), level (1), serial (6). Errors where the number cannot be right; warnings where an
    older or regional numbering may legitimately differ.
    """
    if not _CERTIFICATE_FORMAT.match(number):
        return [
            (
                WARNING,
                f"不是 22 位职业技能等级证书编号（{len(number)} 位）：未核对机构类型、省份和等级",
                "新版编号为 S 或 Y 加 21 位数字；旧版证书可忽略此提示",
            )
        ]
    problems = []
    letter, province, year, level_digit = number[0], number[5:7], number[13:15], number[15]
    expected_letter = NUMBER_LETTERS.get(inst.kind)
    if expected_letter and letter != expected_letter:
        problems.append(
            (
                ERROR,
                f"首字母 {letter}（{NUMBER_LETTER_NAMES[letter]}）与机构类型"
                f"“{NUMBER_LETTER_NAMES[expected_letter]}”不符，应为 {expected_letter}",
                "，".join(f"{letter} 表示{name}" for letter, name in NUMBER_LETTER_NAMES.items()),
            )
        )
    if province not in PROVINCES:
        problems.append((ERROR, f"第 6–7 位 {province} 不是有效的省级行政区划代码", "请核对证书编号"))
    elif province != inst.region_code[:2]:
        problems.append(
            (
                WARNING,
                f"第 6–7 位省份代码 {province}（{PROVINCES[province]}）与机构所在地 "
                f"{inst.region_code[:2]}（{PROVINCES.get(inst.region_code[:2], '')}）不同",
                "在外省备案评价的证书可忽略此提示",
            )
        )
    if level_digit not in "12345":
        problems.append((ERROR, f"第 16 位等级代码 {level_digit} 无效（应为 1–5）", "请核对证书编号"))
    elif level is not None and int(level_digit) != level:
        problems.append((ERROR, f"第 16 位等级代码 {level_digit} 与本行等级 {level} 不一致", "请核对证书编号和等级"))
    if issued is not None and year != f"{issued.year % 100:02d}":
        problems.append((WARNING, f"第 14–15 位年份 {year} 与发证日期 {issued} 的年份不同", "跨年发证可忽略此提示"))
    return problems
