"""Open data: everything public as JSON, and CSV tables of institutions, fees, plans and indicator checks.

Each file is published per province, in parts of at most shards.INSTITUTIONS_PER_PART institutions
(urls.province_data_file), so that no file grows with the number of institutions; the national index
(urls.data_index) lists every part with its size and record count (and the province calendars, generator/feeds/ical.py).

The JSON keeps the disclosure format's own keys (see the 数据格式 page), with dates as ISO strings and
keys without a value left out, as in the YAML files. The CSV files are UTF-8 with a byte order mark, so
that Excel opens the Chinese text correctly; their header row holds the format's English key paths
(`filing.status`, `registration.from`), each documented on the data page with the JSON Schema's title
and description. Codes stay codes (`planned`, `suspended`): their Chinese names are listed there too. A text cell
that a spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
Nothing here depends on the site's address, so the data page can show each file's exact size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .. import urls
from ..check import RULES, rules_in_order
from ..model import Catalog, Fee, Institution, Plan
from .shards import INSTITUTIONS_PER_PART, Shard, shards

FORMAT_VERSION = 1
JSON_NAME = "institutions.json"
LIST_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    """JSON-ready: dates as ISO strings, whole-yuan amounts as integers, None-valued keys dropped."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        plain = {k: _plain(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in plain.items() if v != {}}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def fee_record(fee: Fee) -> dict:
    return {
        "occupation_code": fee.evaluation.occupation_code,
        "level": fee.evaluation.level,
        "item": fee.item,
        "amount": fee.amount,
        "basis": fee.basis,
        "effective_from": fee.effective_from,
        "effective_until": fee.effective_until,
    }


def plan_record(plan: Plan) -> dict:
    return {
        "id": plan.id,
        "occupation_code": plan.evaluation.occupation_code,
        "level": plan.evaluation.level,
        "methods": list(plan.methods),
        "registration": {
            "from": plan.registration_from,
            "to": plan.registration_to,
            **({"how": plan.registration_how} if plan.registration_how else {}),
        },
        "exam_dates": list(plan.exam_dates),
        "venue": plan.venue_id,
        "candidates": plan.candidates,
        "evaluators": plan.evaluators,
        "supervisors": plan.supervisors,
        "announced": plan.announced,
        "status": plan.status,
        "note": plan.note,
    }


def channel_record(channel) -> dict:
    return {"type": channel.type, "value": channel.value, "hours": channel.hours, "handler": channel.handler}


def institution_record(inst: Institution) -> dict:
    """One institution as published: institution.yaml's keys, then fees, plans, statistics and page address."""
    return _plain(
        {
            "credit_code": inst.credit_code,
            "name": inst.name,
            "short_name": inst.short_name,
            "kind": inst.kind,
            "region": {
                "code": inst.region_code,
                "province": inst.province,
                "city": inst.city,
                "district": inst.district,
            },
            "address": inst.address,
            "phone": inst.phone,
            "website": inst.website,
            "filing": inst.filing,
            "license": inst.license,
            "commitment": inst.commitment,
            "scope": [
                {
                    "occupation_code": s.occupation_code,
                    "occupation": s.occupation,
                    "work_type": s.work_type,
                    "levels": list(s.levels),
                }
                for s in inst.scope
            ],
            "venues": [{"id": v.id, "name": v.name, "address": v.address, "capacity": v.capacity} for v in inst.venues],
            "channels": {group: [channel_record(c) for c in items] for group, items in inst.channels.items()},
            "publicity": [{"title": p.title, "text": p.text, "url": p.url, "date": p.date} for p in inst.publicity]
            or None,
            "fees": [fee_record(f) for f in inst.fees],
            "refund_policy": inst.refund_policy,
            "plans": [plan_record(p) for p in inst.plans],
            "statistics": {
                "years": [
                    {
                        "year": y.year,
                        "evaluated": y.evaluated,
                        "certified": y.certified,
                        "by_occupation": list(y.by_occupation) or None,
                        "complaints": y.complaints,
                        "satisfaction": y.satisfaction,
                    }
                    for y in inst.statistics
                ]
            }
            if inst.statistics
            else None,
            "url": urls.institution(inst.credit_code),
            "last_updated": inst.last_updated,
        }
    )


def institutions_json(catalog: Catalog, today: dt.date) -> bytes:
    document = {
        "schema_version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "institutions": [institution_record(i) for i in sorted(catalog.institutions, key=lambda i: i.credit_code)],
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# JSON top-level keys and the keys the portal adds to each institution, for the data page.
JSON_KEYS = [
    ("schema_version", "格式版本", "公示数据格式的版本号，目前为 1。"),
    ("generated", "生成日期", "本文件生成（网站构建）的日期，YYYY-MM-DD。"),
    ("institutions", "机构列表", "每家机构一项，按统一社会信用代码排序。"),
    ("institutions[].url", "机构页面", "本网站上该机构页面的地址（相对于网站根目录）。"),
    ("institutions[].last_updated", "信息更新日期", "该机构文件夹在仓库中最近一次修改的日期（无记录时省略）。"),
]


@dataclass(frozen=True)
class Column:
    name: str  # header cell
    get: Callable
    schema: tuple[str, str] | None = None  # (schema name, key in the schema docs) that documents it
    title: str = ""  # for columns the portal derives itself
    description: str = ""
    multi: bool = False


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return _inert(str(value))


def _inert(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: submitted text must never do that."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_bytes(columns: list[Column], rows: list) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # quotes only where needed, CRLF line ends as Excel expects
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([_cell(c.get(row)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


_INSTITUTION_NAME = Column(
    "institution_name", lambda r: r[0].name, title="机构名称", description="公布该行数据的评价机构名称。"
)
_CREDIT_CODE = Column("credit_code", lambda r: r[0].credit_code, ("institution", "credit_code"))


_OCCUPATION = Column(
    "occupation",
    lambda r: r[0].occupation_name(r[1].evaluation.occupation_code),
    title="职业名称",
    description="职业编码对应的职业名称，取自该机构的备案评价范围。",
)


INSTITUTION_COLUMNS = [
    Column("credit_code", lambda i: i.credit_code, ("institution", "credit_code")),
    Column("name", lambda i: i.name, ("institution", "name")),
    Column("short_name", lambda i: i.short_name, ("institution", "short_name")),
    Column("kind", lambda i: i.kind, ("institution", "kind")),
    Column("region.code", lambda i: i.region_code, ("institution", "region.code")),
    Column("region.province", lambda i: i.province, ("institution", "region.province")),
    Column("region.city", lambda i: i.city, ("institution", "region.city")),
    Column("region.district", lambda i: i.district, ("institution", "region.district")),
    Column("address", lambda i: i.address, ("institution", "address")),
    Column("phone", lambda i: i.phone, ("institution", "phone")),
    Column("website", lambda i: i.website, ("institution", "website")),
    Column("filing.authority", lambda i: i.filing["authority"], ("institution", "filing.authority")),
    Column("filing.date", lambda i: i.filing["date"], ("institution", "filing.date")),
    Column("filing.number", lambda i: i.filing.get("number"), ("institution", "filing.number")),
    Column("filing.status", lambda i: i.status, ("institution", "filing.status")),
    Column("filing.status_note", lambda i: i.filing.get("status_note"), ("institution", "filing.status_note")),
    Column("license.type", lambda i: i.license["type"], ("institution", "license.type")),
    Column("license.valid_until", lambda i: i.license.get("valid_until"), ("institution", "license.valid_until")),
    Column("commitment.signed", lambda i: i.commitment.get("signed"), ("institution", "commitment.signed")),
    Column("commitment.url", lambda i: i.commitment.get("url"), ("institution", "commitment.url")),
    Column(
        "occupation_codes",
        lambda i: list(dict.fromkeys(s.occupation_code for s in i.scope)),
        title="评价职业编码",
        description="备案评价范围内的全部职业编码（完整范围含等级见 institutions.json）。",
        multi=True,
    ),
    Column(
        "url",
        lambda i: urls.institution(i.credit_code),
        title="机构页面",
        description="本网站上该机构页面的地址（相对于网站根目录）。",
    ),
]

FEE_COLUMNS = [
    _CREDIT_CODE,
    _INSTITUTION_NAME,
    Column("occupation_code", lambda r: r[1].evaluation.occupation_code, ("fees", "fees[].occupation_code")),
    _OCCUPATION,
    Column("level", lambda r: r[1].evaluation.level, ("fees", "fees[].level")),
    Column("item", lambda r: r[1].item, ("fees", "fees[].item")),
    Column("amount", lambda r: r[1].amount, ("fees", "fees[].amount")),
    Column("basis", lambda r: r[1].basis, ("fees", "fees[].basis")),
    Column("effective_from", lambda r: r[1].effective_from, ("fees", "fees[].effective_from")),
    Column("effective_until", lambda r: r[1].effective_until, ("fees", "fees[].effective_until")),
]


def _venue_part(inst: Institution, plan: Plan, part: str) -> str | None:
    venue = inst.venue(plan.venue_id)
    return getattr(venue, part) if venue else None


PLAN_COLUMNS = [
    _CREDIT_CODE,
    _INSTITUTION_NAME,
    Column("id", lambda r: r[1].id, ("plans", "plans[].id")),
    Column("occupation_code", lambda r: r[1].evaluation.occupation_code, ("plans", "plans[].occupation_code")),
    _OCCUPATION,
    Column("level", lambda r: r[1].evaluation.level, ("plans", "plans[].level")),
    Column("methods", lambda r: r[1].methods, ("plans", "plans[].methods")),
    Column("registration.from", lambda r: r[1].registration_from, ("plans", "plans[].registration.from")),
    Column("registration.to", lambda r: r[1].registration_to, ("plans", "plans[].registration.to")),
    Column("exam_dates", lambda r: r[1].exam_dates, ("plans", "plans[].exam_dates")),
    Column("venue", lambda r: r[1].venue_id, ("plans", "plans[].venue")),
    Column("venue_name", lambda r: _venue_part(r[0], r[1], "name"), ("institution", "venues[].name")),
    Column("venue_address", lambda r: _venue_part(r[0], r[1], "address"), ("institution", "venues[].address")),
    Column("candidates", lambda r: r[1].candidates, ("plans", "plans[].candidates")),
    Column("evaluators", lambda r: r[1].evaluators, ("plans", "plans[].evaluators")),
    Column("supervisors", lambda r: r[1].supervisors, ("plans", "plans[].supervisors")),
    Column("announced", lambda r: r[1].announced, ("plans", "plans[].announced")),
    Column("status", lambda r: r[1].status, ("plans", "plans[].status")),
    Column("note", lambda r: r[1].note, ("plans", "plans[].note")),
]


def _fee_rows(catalog: Catalog) -> list:
    rows = [(i, f) for i in catalog.institutions for f in i.fees]
    return sorted(
        rows,
        key=lambda r: (
            r[0].credit_code,
            r[1].evaluation.occupation_code,
            -r[1].evaluation.level,
            r[1].item,
            r[1].effective_from,
        ),
    )


def _plan_rows(catalog: Catalog) -> list:
    rows = [(i, p) for i in catalog.institutions for p in i.plans]
    return sorted(rows, key=lambda r: (r[0].credit_code, r[1].first_exam, r[1].id))


@dataclass(frozen=True)
class CsvTable:
    name: str  # the file name of each province part, before its part number: "fees.csv" → fees-1.csv
    title: str
    description: str
    columns: list[Column]
    rows: Callable[[Catalog], list]


# The indicator checks (generator.check): one row per institution and rule, as `portal audit --format csv`
# prints them, with the institution's name and the rule's title for people reading the table.
COMPLIANCE_JSON_NAME = "compliance.json"


def _compliance_rows(catalog: Catalog) -> list:
    return [(i, f) for i in sorted(catalog.institutions, key=lambda i: i.credit_code) for f in i.findings]


def _evidence_cells(row) -> list[str]:
    return [f"{e.file}:{e.line}" + (f"@{e.commit}" if e.commit else "") for e in row[1].evidence]


COMPLIANCE_COLUMNS = [
    _CREDIT_CODE,
    _INSTITUTION_NAME,
    Column(
        "indicator",
        lambda r: r[1].indicator,
        title="督导指标",
        description="二级指标序号（1–33），见督导指标体系页面。",
    ),
    Column("rule", lambda r: r[1].rule, title="检查规则", description="检查规则的标识，每条规则在规则目录中有说明。"),
    Column("rule_title", lambda r: RULES[r[1].rule].title, title="规则名称", description="检查规则检查的内容。"),
    Column(
        "status",
        lambda r: r[1].status,
        title="检查结果",
        description="pass 符合，fail 不符合，warn 需人工核查，not_applicable 不适用。",
    ),
    Column("message", lambda r: r[1].message, title="说明", description="检查结果的说明和改正办法。"),
    Column(
        "evidence",
        _evidence_cells,
        title="证据",
        description="文件:行号，来自 git 历史的证据另附 @提交编号。",
        multi=True,
    ),
]


def compliance_json(catalog: Catalog, today: dt.date) -> bytes:
    document = {
        "schema_version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "rules": [{"id": r.id, "indicator": r.indicator, "title": r.title} for r in rules_in_order()],
        "findings": [f.as_dict() for _, f in _compliance_rows(catalog)],
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


CSV_TABLES = [
    CsvTable(
        "institutions.csv",
        "机构名录",
        "每家机构一行：基本信息、备案与目录状态、资质证明、承诺书。",
        INSTITUTION_COLUMNS,
        lambda c: sorted(c.institutions, key=lambda i: i.credit_code),
    ),
    CsvTable(
        "fees.csv",
        "收费标准",
        "每条收费标准一行，含已失效的历史标准（看生效、失效日期）。",
        FEE_COLUMNS,
        _fee_rows,
    ),
    CsvTable("plans.csv", "评价计划", "每个考评批次一行，含已完成和已取消的批次。", PLAN_COLUMNS, _plan_rows),
    CsvTable(
        "compliance.csv",
        "指标检查结果",
        "每家机构、每条检查规则一行：按督导指标核查公示材料的结果、说明和证据（与 portal audit 的输出相同）。",
        COMPLIANCE_COLUMNS,
        _compliance_rows,
    ),
]


def _shard_catalog(shard: Shard) -> Catalog:
    return Catalog(institutions=list(shard.institutions))


def _json_records(content: bytes, key: str) -> int:
    return len(json.loads(content)[key])


@dataclass(frozen=True)
class DataFile:
    """One published part: the file it is a part of (its name before the part number) and how many records."""

    path: str
    name: str
    shard: Shard
    records: int
    content: bytes


@dataclass(frozen=True)
class IndexEntry:
    """What data/index.json says of one published part, kept once its content is on its way to disk."""

    path: str
    name: str
    shard: Shard
    records: int
    size: int

    @classmethod
    def of(cls, file: DataFile) -> IndexEntry:
        return cls(file.path, file.name, file.shard, file.records, len(file.content))


def shard_files(shard: Shard, today: dt.date) -> list[DataFile]:
    catalog = _shard_catalog(shard)
    files = [
        DataFile(
            urls.province_data_file(shard.province, shard.number, JSON_NAME),
            JSON_NAME,
            shard,
            len(catalog.institutions),
            institutions_json(catalog, today),
        ),
        DataFile(
            urls.province_data_file(shard.province, shard.number, COMPLIANCE_JSON_NAME),
            COMPLIANCE_JSON_NAME,
            shard,
            len(_compliance_rows(catalog)),
            compliance_json(catalog, today),
        ),
    ]
    for table in CSV_TABLES:
        rows = table.rows(catalog)
        files.append(
            DataFile(
                urls.province_data_file(shard.province, shard.number, table.name),
                table.name,
                shard,
                len(rows),
                csv_bytes(table.columns, rows),
            )
        )
    return files


CALENDAR_NAME = "calendar.ics"  # the province calendars (generator/feeds/ical.py), in the index
FILE_NAMES = [JSON_NAME, *(t.name for t in CSV_TABLES[:3]), COMPLIANCE_JSON_NAME, CSV_TABLES[3].name, CALENDAR_NAME]


def data_index(parts: list[IndexEntry], calendar_sizes: Mapping[str, int], today: dt.date) -> bytes:
    """The national index (urls.data_index()): per province, each part's files (open data and calendar)
    with their size and record count."""
    provinces: dict[str, dict] = {}
    by_shard: dict[tuple[str, int], list[IndexEntry]] = {}
    for part in parts:
        by_shard.setdefault((part.shard.province, part.shard.number), []).append(part)
    for (code, number), files in by_shard.items():
        shard = files[0].shard
        province = provinces.setdefault(
            code, {"code": code, "name": shard.province_name, "institutions": 0, "parts": []}
        )
        province["institutions"] += len(shard.institutions)
        calendar = urls.province_calendar(code, number)
        entries = [{"name": f.name, "path": f.path, "bytes": f.size, "records": f.records} for f in files]
        entries.append(
            {
                "name": CALENDAR_NAME,
                "path": calendar,
                "bytes": calendar_sizes[calendar],
                "records": sum(len(i.plans) for i in shard.institutions),
            }
        )
        province["parts"].append({"part": number, "institutions": len(shard.institutions), "files": entries})
    document = {
        "schema_version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "institutions_per_part": INSTITUTIONS_PER_PART,
        "provinces": list(provinces.values()),
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def opendata_files(catalog: Catalog, today: dt.date, calendar_sizes: Mapping[str, int]) -> Iterator[tuple[str, bytes]]:
    """Every province part's open data files as they are made, then data/index.json (which also lists the
    province calendars: calendar_sizes maps their paths to their sizes). Only one part is held at a time."""
    entries = []
    for shard in shards(catalog.institutions):
        for file in shard_files(shard, today):
            entries.append(IndexEntry.of(file))
            yield file.path, file.content
    yield urls.data_index(), data_index(entries, calendar_sizes, today)
