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
from dataclasses import dataclass, field
from pathlib import Path

from .. import names
from ..model import Institution, Plan
from ..problems import ERROR, WARNING, PortalError, Problem
from ..validate.codes import LEVEL_NAMES, PROVINCES
from .crypto import (
    CERTIFICATE_NO_MAX, TICKET_NO_MAX, RecordTooLong, code_error, encode_record, id_error, mask_id, mask_name,
    name_error, normalize,
)

CERTIFICATES = "certificates"
RESULTS = "results"
KINDS = (CERTIFICATES, RESULTS)
KIND_NAMES = {CERTIFICATES: "证书", RESULTS: "成绩"}

COLUMNS = {
    CERTIFICATES: ("certificate_no", "name", "id_number", "occupation_code", "occupation", "level",
                   "issue_date", "status"),
    RESULTS: ("ticket_no", "name", "id_number", "plan_id", "occupation_code", "level", "theory_score",
              "practical_score", "comprehensive_score", "result"),
}
NUMBER_COLUMN = {CERTIFICATES: "certificate_no", RESULTS: "ticket_no"}
TITLES = {
    "certificate_no": "证书编号", "ticket_no": "准考证号", "name": "姓名", "id_number": "身份证号",
    "occupation_code": "职业编码", "occupation": "职业名称", "level": "等级", "issue_date": "发证日期",
    "status": "证书状态", "plan_id": "批次编号", "theory_score": "理论知识成绩",
    "practical_score": "操作技能成绩", "comprehensive_score": "综合评审成绩", "result": "评价结果",
}
DOMAINS = {CERTIFICATES: ("c.no", "c.id"), RESULTS: ("r.no", "r.id")}
STATUSES = ("valid", "revoked")
RESULT_VALUES = ("pass", "fail", "absent")
SCORE_METHODS = {"theory_score": "theory", "practical_score": "practical", "comprehensive_score": "comprehensive"}
PASS_MARK = 60
OCCUPATION_MAX = 40
KIND_LETTERS = {"social_training_org": "S", "employer": "Y"}
KIND_LETTER_NAMES = {"S": names.KIND_NAMES["social_training_org"], "Y": names.KIND_NAMES["employer"]}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCORE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
_OCCUPATION_CODE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$")
_CERTIFICATE_FORMAT = re.compile(r"^[SY]\d{21}$")
LEVEL_HINT = "等级填 1–5 的数字：" + "，".join(f"{k}={v}" for k, v in sorted(LEVEL_NAMES.items(), reverse=True))


@dataclass
class SealRow:
    line: int
    number: str  # normalised certificate_no or ticket_no
    name: str  # normalised
    id_number: str  # normalised
    record: dict  # what the browser shows after decryption
    facts: dict  # non-personal facts counted in summary.json

    def lookup_paths(self, kind: str) -> list[tuple[str, str]]:
        number_domain, id_domain = DOMAINS[kind]
        return [(number_domain, self.number), (id_domain, self.id_number)]


@dataclass
class RowCheck:
    line: int
    shown: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, column: str, message: str, hint: str = "", severity: str = ERROR, col: int = 0) -> None:
        self.problems.append(Problem(self.shown, self.line, col, column, TITLES.get(column, "行"), message,
                                     hint, severity))

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


def read_csv_rows(path: Path, kind: str, shown: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every non-empty data row; a bad header or encoding ends with PortalError."""
    expected = COLUMNS[kind]
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise PortalError(f"找不到文件：{shown}") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _read_error(shown, 1, exc) from None
        if header is None:
            raise PortalError(f"{shown}: 文件是空的：第 1 行应为表头 {','.join(expected)}")
        header = [h.strip() for h in header]
        if header != list(expected):
            missing = [c for c in expected if c not in header]
            unknown = [c for c in header if c not in expected]
            detail = []
            if missing:
                detail.append("缺少列 " + "、".join(f"{c}（{TITLES[c]}）" for c in missing))
            if unknown:
                detail.append("未知的列 " + "、".join(f"“{c}”" for c in unknown))
            if not detail:
                detail.append("列的顺序不对")
            raise PortalError(
                f"{shown}:1: 表头不符合公示格式：{'；'.join(detail)}。\n"
                f"{KIND_NAMES[kind]}文件的表头应为：{','.join(expected)}"
            )
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
            if len(values) != len(expected):
                yield start, {"__columns__": str(len(values))}
                continue
            yield start, dict(zip(expected, values))


def _read_error(shown: str, line: int, exc: Exception) -> PortalError:
    if isinstance(exc, UnicodeDecodeError):
        return PortalError(f"{shown}: 文件不是 UTF-8 编码（约第 {line} 行起无法读取）。"
                           "请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重试")
    return PortalError(f"{shown}:{line}: CSV 格式有误：{exc}")


class RowChecker:
    """Checks rows of one kind against one institution; `today` bounds dates."""

    def __init__(self, kind: str, institution: Institution, shown: str, today: dt.date):
        self.kind = kind
        self.inst = institution
        self.shown = shown
        self.today = today
        self.scope = {(e.occupation_code, lvl): e for e in institution.scope for lvl in e.levels}
        self.plans: dict[str, Plan] = {p.id: p for p in institution.plans}
        self.columns = COLUMNS[kind]

    def check(self, line: int, raw: dict[str, str]) -> tuple[SealRow | None, list[Problem]]:
        rc = RowCheck(line, self.shown)
        if "__columns__" in raw:
            rc.add("", f"该行有 {raw['__columns__']} 列，表头有 {len(self.columns)} 列",
                   "检查是否有多余或缺少的逗号；含逗号的内容要用英文双引号括起来", col=1)
            return None, rc.problems
        col = {c: i + 1 for i, c in enumerate(self.columns)}
        number_column = NUMBER_COLUMN[self.kind]
        number = normalize(raw[number_column])
        error = code_error(number, CERTIFICATE_NO_MAX if self.kind == CERTIFICATES else TICKET_NO_MAX)
        if error:
            rc.add(number_column, error, col=col[number_column])
        name = normalize(raw["name"])
        if error := name_error(name):
            rc.add("name", error, col=col["name"])
        id_number = normalize(raw["id_number"])
        if error := id_error(id_number):
            rc.add("id_number", error, "请照身份证逐位核对；末位 X 大小写均可", col=col["id_number"])
        level = self._level(rc, raw["level"], col["level"])
        occupation_code = raw["occupation_code"].strip()
        if self.kind == CERTIFICATES:
            record, facts = self._certificate(rc, raw, col, number, occupation_code, level)
        else:
            record, facts = self._result(rc, raw, col, number, occupation_code, level)
        if rc.failed:
            return None, rc.problems
        record.update({"n": mask_name(name), "i": mask_id(id_number), "ic": self.inst.credit_code,
                       "in": self.inst.name})
        try:
            encode_record(record)
        except RecordTooLong:
            del record["in"]  # a very long institution name: the page shows the name from the manifest
            try:
                encode_record(record)
            except RecordTooLong as exc:
                rc.add("", f"{exc}（职业名称或批次编号过长）", "缩短职业名称（工种可省略）后重试", col=1)
                return None, rc.problems
        return SealRow(line, number, name, id_number, record, facts), rc.problems

    # -- common columns ------------------------------------------------------------------------

    def _level(self, rc: RowCheck, value: str, col: int) -> int | None:
        value = value.strip()
        if value not in {"1", "2", "3", "4", "5"}:
            rc.add("level", f"“{value}” 不是有效的等级" if value else "不能为空", LEVEL_HINT, col=col)
            return None
        return int(value)

    def _scope_entry(self, rc: RowCheck, code: str, level: int | None, col: int):
        if not _OCCUPATION_CODE.match(code):
            rc.add("occupation_code", f"“{code}” 不是有效的职业编码" if code else "不能为空",
                   "格式如 6-31-01-03（国家职业分类大典）", col=col)
            return None
        if level is None:
            return None
        entry = self.scope.get((code, level))
        if entry is None:
            levels = sorted({lvl for (c, lvl) in self.scope if c == code}, reverse=True)
            where = (f"备案范围中该职业只有等级 {'、'.join(map(str, levels))}" if levels
                     else "该职业不在本机构的备案评价范围内")
            rc.add("occupation_code", f"{code} {LEVEL_NAMES[level]} 不在备案评价范围内：{where}",
                   "只能封存备案范围内的职业和等级；范围有变化请先更新 institution.yaml 的 scope", col=col)
        return entry

    def _date(self, rc: RowCheck, column: str, value: str, col: int) -> dt.date | None:
        value = value.strip()
        if not _DATE.match(value):
            rc.add(column, f"“{value}” 不是有效的日期" if value else "不能为空",
                   "日期写成 YYYY-MM-DD，例如 2026-09-30", col=col)
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            rc.add(column, f"日期 {value} 不存在", col=col)
            return None

    # -- certificates --------------------------------------------------------------------------

    def _certificate(self, rc, raw, col, number, code, level) -> tuple[dict, dict]:
        entry = self._scope_entry(rc, code, level, col["occupation_code"])
        occupation = normalize_text(raw["occupation"])
        if not occupation:
            rc.add("occupation", "不能为空", col=col["occupation"])
        elif len(occupation) > OCCUPATION_MAX:
            rc.add("occupation", f"过长（最多 {OCCUPATION_MAX} 个字符）", col=col["occupation"])
        elif entry is not None and not _same_occupation(occupation, entry):
            rc.add("occupation", f"“{occupation}” 与备案范围中 {code} 的职业名称“{entry.occupation}”不一致",
                   "请核对职业编码和职业名称", WARNING, col["occupation"])
        issued = self._date(rc, "issue_date", raw["issue_date"], col["issue_date"])
        if issued is not None:
            if issued > self.today:
                rc.add("issue_date", f"发证日期 {issued} 晚于今天", col=col["issue_date"])
            elif issued < self.inst.filing_date:
                rc.add("issue_date", f"发证日期 {issued} 早于机构备案日期 {self.inst.filing_date}",
                       "请核对发证日期", WARNING, col["issue_date"])
        status = raw["status"].strip().lower()
        if status not in STATUSES:
            rc.add("status", f"“{raw['status'].strip()}” 不是有效的状态" if status else "不能为空",
                   "填 valid（有效）或 revoked（已撤销）", col=col["status"])
        if not any(p.key == "certificate_no" for p in rc.problems):
            for severity, message, hint in certificate_number_problems(number, self.inst, level, issued):
                rc.add("certificate_no", message, hint, severity, col["certificate_no"])
        record = {"k": "c", "no": number, "oc": code, "o": occupation, "l": level,
                  "d": issued.isoformat() if issued else "", "s": status}
        facts = {"y": issued.year if issued else 0, "oc": code, "l": level, "s": status}
        return record, facts

    # -- results -------------------------------------------------------------------------------

    def _result(self, rc, raw, col, number, code, level) -> tuple[dict, dict]:
        plan_id = raw["plan_id"].strip()
        plan = self.plans.get(plan_id)
        if not plan_id:
            rc.add("plan_id", "不能为空", col=col["plan_id"])
        elif plan is None:
            rc.add("plan_id", f"批次 “{plan_id}” 不在本机构的 plans.yaml 中",
                   "成绩必须对应已公布的评价计划；请核对批次编号", col=col["plan_id"])
        else:
            if plan.status == "cancelled":
                rc.add("plan_id", f"批次 {plan_id} 已取消，不能有评价结果", col=col["plan_id"])
            elif plan.first_exam > self.today:
                rc.add("plan_id", f"批次 {plan_id} 的考评日期 {plan.first_exam} 尚未到来", col=col["plan_id"])
            if (code, level) != (plan.evaluation.occupation_code, plan.evaluation.level) and level is not None:
                rc.add("occupation_code",
                       f"{code} {LEVEL_NAMES[level]} 与批次 {plan_id} 的 {plan.evaluation.occupation_code} "
                       f"{plan.evaluation.level_name} 不一致", "请核对职业编码、等级和批次编号",
                       col=col["occupation_code"])
        entry = self._scope_entry(rc, code, level, col["occupation_code"])
        result = raw["result"].strip().lower()
        if result not in RESULT_VALUES:
            rc.add("result", f"“{raw['result'].strip()}” 不是有效的结果" if result else "不能为空",
                   "填 pass（合格）、fail（不合格）或 absent（缺考）", col=col["result"])
        scores = {}
        for column, method in SCORE_METHODS.items():
            value = raw[column].strip()
            if not value:
                if plan is not None and method in plan.methods and result in ("pass", "fail"):
                    rc.add(column, f"批次 {plan_id} 包含该评价方式，但成绩为空", "请补填成绩；缺考填 absent",
                           WARNING, col[column])
                continue
            if not _SCORE.match(value) or float(value) > 100:
                rc.add(column, f"“{value}” 不是 0–100 之间的分数", "分数最多两位小数", col=col[column])
                continue
            if plan is not None and method not in plan.methods:
                rc.add(column, f"批次 {plan_id} 不包含该评价方式，却填了成绩", "请核对批次编号或删去该成绩",
                       col=col[column])
                continue
            score = float(value)
            scores[method] = int(score) if score.is_integer() else score
            if result == "pass" and score < PASS_MARK:
                rc.add(column, f"结果为合格，但该项成绩 {value} 低于 {PASS_MARK} 分", "请核对成绩和结果",
                       WARNING, col[column])
        if result == "absent" and scores:
            rc.add("result", "结果为缺考，却填了成绩", "请核对", WARNING, col["result"])
        occupation = ""
        if entry is not None:
            occupation = entry.occupation + (f"（{entry.work_type}）" if entry.work_type else "")
        record = {"k": "r", "t": number, "p": plan_id, "oc": code, "o": occupation, "l": level, "sc": scores,
                  "r": result, "e": [d.isoformat() for d in plan.exam_dates] if plan else []}
        facts = {"y": plan.last_exam.year if plan else 0, "p": plan_id, "oc": code, "l": level, "r": result}
        return record, facts


def normalize_text(value: str) -> str:
    """Occupation names: NFKC and single spaces (they are shown, not derived from)."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def _same_occupation(occupation: str, entry) -> bool:
    names = {entry.occupation, entry.work_type or entry.occupation}
    return occupation in names or occupation.startswith(entry.occupation)


def certificate_number_problems(number: str, inst: Institution, level: int | None,
                                issued: dt.date | None) -> list[tuple[str, str, str]]:
    """(severity, message, hint) for a 职业技能等级证书 number that disagrees with its institution or row.

    Layout (22 characters): kind letter S/Y, institution code (4), province (2), site (6),
    year (2), level (1), serial (6). Errors where the number cannot be right; warnings where an
    older or regional numbering may legitimately differ.
    """
    if not _CERTIFICATE_FORMAT.match(number):
        return [(WARNING, f"不是 22 位职业技能等级证书编号（{len(number)} 位）：未核对机构类型、省份和等级",
                 "新版编号为 S 或 Y 加 21 位数字；旧版证书可忽略此提示")]
    problems = []
    letter, province, year, level_digit = number[0], number[5:7], number[13:15], number[15]
    expected_letter = KIND_LETTERS.get(inst.kind)
    if expected_letter and letter != expected_letter:
        problems.append((ERROR, f"首字母 {letter}（{KIND_LETTER_NAMES[letter]}）与机构类型"
                                f"“{KIND_LETTER_NAMES[expected_letter]}”不符，应为 {expected_letter}",
                         "S 表示社会培训评价组织，Y 表示用人单位"))
    if province not in PROVINCES:
        problems.append((ERROR, f"第 6–7 位 {province} 不是有效的省级行政区划代码", "请核对证书编号"))
    elif province != inst.region_code[:2]:
        problems.append((WARNING, f"第 6–7 位省份代码 {province}（{PROVINCES[province]}）与机构所在地 "
                                  f"{inst.region_code[:2]}（{PROVINCES.get(inst.region_code[:2], '')}）不同",
                         "在外省备案评价的证书可忽略此提示"))
    if level_digit not in "12345":
        problems.append((ERROR, f"第 16 位等级代码 {level_digit} 无效（应为 1–5）", "请核对证书编号"))
    elif level is not None and int(level_digit) != level:
        problems.append((ERROR, f"第 16 位等级代码 {level_digit} 与本行等级 {level} 不一致",
                         "请核对证书编号和等级"))
    if issued is not None and year != f"{issued.year % 100:02d}":
        problems.append((WARNING, f"第 14–15 位年份 {year} 与发证日期 {issued} 的年份不同",
                         "跨年发证可忽略此提示"))
    return problems
