"""Rules a JSON Schema cannot express: check digits, code tables and references between files.

Each rule reads the data defensively: a value of the wrong shape was already reported by the schema
step, so a rule simply skips it and the submitter still sees every other mistake in the same run.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..load.folder import InstitutionFiles
from ..load.yamlfile import YamlDocument
from ..problems import Problem, shown_value
from .codes import PROVINCES, credit_code_error, province_name_matches
from .schema import lookalike_problem, parse_date, problem_at

# matched with fullmatch: `$` would also accept a final newline
_PHONE = re.compile(r"[0-9 ()+\-]+(转[0-9]+)?")
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://[^\s<>\"]+")
_CREDIT_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
_REGION_CODE = re.compile(r"[0-9]{6}")

OPEN_END = None


def check_institution_rules(files: InstitutionFiles) -> list[Problem]:
    """Every rule whose files could be read: a syntax error in institution.yaml must not hide the
    mistakes in fees.yaml (only the rules that compare with institution.yaml wait for it)."""
    problems: list[Problem] = []
    inst = _readable(files.doc("institution"))
    scope = venues = None
    if inst is not None:
        problems += _credit_code(files, inst)
        problems += _region(inst)
        problems += _channels(inst)
        problems += _unique(inst, "venues", "id", "场地标识重复", "每个场地的 id 必须不同")
        scope = _scope_pairs(inst.data)
        venues = {v["id"] for _, v in _items(inst.data, "venues") if isinstance(v.get("id"), str)}
    if (fees := _readable(files.doc("fees"))) is not None:
        problems += _in_scope(fees, "fees", "fees", scope) if scope is not None else []
        problems += _money(fees)
        problems += _fee_periods(fees)
    if (plans := _readable(files.doc("plans"))) is not None:
        problems += _in_scope(plans, "plans", "plans", scope) if scope is not None else []
        problems += _unique(plans, "plans", "id", "批次编号重复", "同一机构的批次编号必须唯一")
        problems += _plan_dates_and_venue(plans, venues)
    if (stats := _readable(files.doc("statistics"))) is not None:
        problems += _statistics(stats)
    return problems


def _readable(doc: YamlDocument | None) -> YamlDocument | None:
    return doc if doc is not None and isinstance(doc.data, dict) else None


def _items(data, key):
    values = data.get(key) if isinstance(data, dict) else None
    if not isinstance(values, list):
        return []
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)]


def _credit_code(files: InstitutionFiles, doc: YamlDocument) -> list[Problem]:
    code = doc.data.get("credit_code")
    if not isinstance(code, str) or not _CREDIT_SHAPE.fullmatch(code):
        return []  # the schema already explained the shape
    problems = []
    if (error := credit_code_error(code)) is not None:
        problems.append(problem_at(doc, "institution", ("credit_code",), error, "请照营业执照或登记证书逐位核对"))
    if files.folder.name != code:
        problems.append(
            problem_at(
                doc,
                "institution",
                ("credit_code",),
                f"与文件夹名称 “{shown_value(files.folder.name)}” 不一致",
                f"机构文件夹必须以统一社会信用代码命名：institutions/{code}/",
            )
        )
    return problems


def _region(doc: YamlDocument) -> list[Problem]:
    region = doc.data.get("region")
    if not isinstance(region, dict) or not isinstance(region.get("code"), str):
        return []
    code = region["code"]
    if not _REGION_CODE.fullmatch(code):
        return []
    prefix = code[:2]
    if prefix not in PROVINCES:
        return [
            problem_at(
                doc,
                "institution",
                ("region", "code"),
                f"前两位 {prefix} 不是任何省级行政区的代码",
                "请按 GB/T 2260 填写，例如广东省为 44 开头、北京市为 11 开头",
            )
        ]
    province = region.get("province")
    if isinstance(province, str) and province and not province_name_matches(prefix, province):
        return [
            problem_at(
                doc,
                "institution",
                ("region", "province"),
                f"“{shown_value(province)}” 与行政区划代码 {code} 不一致（代码对应 {PROVINCES[prefix]}）",
                f"请把省填写为 {PROVINCES[prefix]}，或改正行政区划代码",
            )
        ]
    return []


_CHANNEL_RULES = {
    "url": (_URL, "网址应以 https:// 或 http:// 开头且不含空格", "例如 https://example.org/query"),
    "phone": (_PHONE, "电话号码只能包含数字、空格、-、+、括号和“转”分机号", '例如 "020-12345678" 或 "12333"，并加引号'),
    "email": (_EMAIL, "不是有效的电子邮箱地址", "例如 tousu@example.org"),
}


def _channels(doc: YamlDocument) -> list[Problem]:
    channels = doc.data.get("channels")
    problems = []
    for group in ("results", "certificates", "complaints", "supervisor_complaints"):
        for i, item in _items(channels, group):
            channel_type = item.get("type")
            rule = _CHANNEL_RULES.get(channel_type) if isinstance(channel_type, str) else None
            value = item.get("value")
            if rule and isinstance(value, str) and not rule[0].fullmatch(value):
                path = ("channels", group, i, "value")
                problems.append(
                    lookalike_problem(doc, "institution", path, value)
                    or problem_at(doc, "institution", path, f"“{shown_value(value)}”：{rule[1]}", rule[2])
                )
    return problems


def _unique(doc: YamlDocument, list_key: str, key: str, message: str, hint: str) -> list[Problem]:
    schema_name = _schema_name_of(doc)
    first: dict = {}
    problems = []
    for i, item in _items(doc.data, list_key):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in first:
            line = doc.where((list_key, first[value], key))[0]
            problems.append(
                problem_at(
                    doc,
                    schema_name,
                    (list_key, i, key),
                    f"{message}：“{shown_value(value)}”（第 {line} 行已使用）",
                    hint,
                )
            )
        else:
            first[value] = i
    return problems


def _schema_name_of(doc: YamlDocument) -> str:
    return doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")


def _scope_pairs(data) -> dict[str, set[int]]:
    scope: dict[str, set[int]] = defaultdict(set)
    for _, entry in _items(data, "scope"):
        code, levels = entry.get("occupation_code"), entry.get("levels")
        if isinstance(code, str) and isinstance(levels, list):
            scope[code].update(level for level in levels if isinstance(level, int))
    return scope


def _in_scope(doc: YamlDocument, schema_name: str, list_key: str, scope: dict[str, set[int]]) -> list[Problem]:
    if not scope:
        return []  # no usable scope at all: the schema step said so once; no need to flag every row
    problems = []
    for i, item in _items(doc.data, list_key):
        code, level = item.get("occupation_code"), item.get("level")
        if not isinstance(code, str) or not isinstance(level, int) or isinstance(level, bool):
            continue
        if code not in scope:
            problems.append(
                problem_at(
                    doc,
                    schema_name,
                    (list_key, i, "occupation_code"),
                    f"职业编码 {shown_value(code)} 不在本机构的备案评价范围内",
                    "请先在 institution.yaml 的 scope 中备案该职业，或改正编码",
                )
            )
        elif level not in scope[code]:
            levels = "、".join(str(x) for x in sorted(scope[code]))
            problems.append(
                problem_at(
                    doc,
                    schema_name,
                    (list_key, i, "level"),
                    f"职业 {code} 未备案等级 {level}（已备案等级：{levels}）",
                    "请改正等级，或先在 institution.yaml 的 scope 中备案该等级",
                )
            )
    return problems


def _money(doc: YamlDocument) -> list[Problem]:
    problems = []
    for i, item in _items(doc.data, "fees"):
        amount = item.get("amount")
        if isinstance(amount, float) and abs(round(amount, 2) - amount) > 1e-9:
            problems.append(
                problem_at(
                    doc,
                    "fees",
                    ("fees", i, "amount"),
                    f"金额 {amount} 超过两位小数",
                    "金额以元为单位，最多精确到分，例如 380.50",
                )
            )
    return problems


def _fee_periods(doc: YamlDocument) -> list[Problem]:
    problems = []
    periods: dict[tuple, list[tuple]] = defaultdict(list)
    for i, item in _items(doc.data, "fees"):
        start = parse_date(item.get("effective_from"))
        end = parse_date(item.get("effective_until")) if "effective_until" in item else OPEN_END
        if start is None:
            continue
        if end is not None and end < start:
            problems.append(
                problem_at(
                    doc,
                    "fees",
                    ("fees", i, "effective_until"),
                    f"失效日期 {end.isoformat()} 早于生效日期 {start.isoformat()}",
                    "失效日期不得早于生效日期",
                )
            )
            continue
        key = (item.get("occupation_code"), item.get("level"), item.get("item"))
        if not all(isinstance(part, (str, int)) for part in key):
            continue  # a list or mapping where a code belongs: the schema step reported it
        for j, other_start, other_end in periods[key]:
            if _overlap(start, end, other_start, other_end):
                line = doc.where(("fees", j))[0]
                problems.append(
                    problem_at(
                        doc,
                        "fees",
                        ("fees", i, "effective_from"),
                        f"与第 {line} 行同一职业、等级、收费项目的标准生效期重叠",
                        "调整收费标准时，请给旧标准填写 effective_until（失效日期），新标准从其后一天生效",
                    )
                )
        periods[key].append((i, start, end))
    return problems


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def _plan_dates_and_venue(doc: YamlDocument, venues: set | None) -> list[Problem]:
    problems = []
    for i, plan in _items(doc.data, "plans"):
        venue = plan.get("venue")
        if venues is not None and isinstance(venue, str) and venue not in venues:
            known = "、".join(sorted(venues)) or "（无）"
            problems.append(
                problem_at(
                    doc,
                    "plans",
                    ("plans", i, "venue"),
                    f"场地 “{shown_value(venue)}” 不在 institution.yaml 的评价场地中",
                    f"已登记的场地 id：{known}",
                )
            )
        registration = plan.get("registration")
        if not isinstance(registration, dict):
            continue
        start, end = parse_date(registration.get("from")), parse_date(registration.get("to"))
        if start and end and end < start:
            problems.append(
                problem_at(
                    doc,
                    "plans",
                    ("plans", i, "registration", "to"),
                    f"报名截止日期 {end.isoformat()} 早于报名开始日期 {start.isoformat()}",
                    "报名截止日期不得早于开始日期",
                )
            )
        dates = plan.get("exam_dates")
        if end is None or not isinstance(dates, list):
            continue
        for j, value in enumerate(dates):
            day = parse_date(value)
            if day is not None and day <= end:
                problems.append(
                    problem_at(
                        doc,
                        "plans",
                        ("plans", i, "exam_dates", j),
                        f"考评日期 {day.isoformat()} 不晚于报名截止日期 {end.isoformat()}",
                        "每个考评日期都必须在报名截止之后",
                    )
                )
    return problems


_STAT_LIMITS = (
    ((), "certified", "evaluated", "发证人数不得多于评价人数"),
    (("complaints",), "resolved", "received", "已办结件数不得多于收到件数"),
    (("complaints",), "resolved_in_time", "resolved", "按期办结件数不得多于已办结件数"),
    (("satisfaction",), "satisfied", "surveyed", "满意人数不得多于调查人数"),
)


def _statistics(doc: YamlDocument) -> list[Problem]:
    problems = []
    seen_years: dict[int, int] = {}
    for i, year in _items(doc.data, "years"):
        value = year.get("year")
        if isinstance(value, int):
            if value in seen_years:
                line = doc.where(("years", seen_years[value]))[0]
                problems.append(
                    problem_at(
                        doc,
                        "statistics",
                        ("years", i, "year"),
                        f"年度 {value} 重复（第 {line} 行已出现）",
                        "每个年度只写一项",
                    )
                )
            seen_years.setdefault(value, i)
        rows: list[tuple[tuple, dict]] = [(("years", i), year)]  # (key path, counts) of the year and its rows
        rows += [(("years", i, "by_occupation", j), row) for j, row in _items(year, "by_occupation")]
        for base, row in rows:
            problems += _count_limits(doc, base, row)
    return problems


def _count_limits(doc, base, row) -> list[Problem]:
    problems = []
    for sub, small, big, message in _STAT_LIMITS:
        if sub and len(base) > 2:
            continue  # complaints and satisfaction exist per year only
        holder = row.get(sub[0]) if sub else row
        if not isinstance(holder, dict):
            continue
        a, b = holder.get(small), holder.get(big)
        if isinstance(a, int) and isinstance(b, int) and a > b:
            problems.append(problem_at(doc, "statistics", base + sub + (small,), f"{a} 大于 {b}", message))
    return problems
