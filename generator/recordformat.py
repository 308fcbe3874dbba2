"""The lookup record format, defined once.

A sealed entry holds one JSON record with short keys (every byte counts: a record has 510 bytes).
This module is the only place that knows the keys. The sealer builds records with `build_record`,
the lookup reads them with `expand_record`; theme/assets/lookup.js carries a generated copy of
`js_table()` between its RECORD FORMAT markers, the test vectors carry `table()`, and the README's
key table is `markdown_table()`. tests/test_seal_recordformat.py fails when any copy differs.

The facts sealed with the institution's local key (`"m"` in sealed/*.jsonl, counted in
summary.json) are defined here too.

    python -m generator.recordformat js      # the block for lookup.js
    python -m generator.recordformat readme  # the table for README.md

Published formats never change a key: a new field is optional, so records sealed before it was
added keep opening and showing as they did.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass

# The sealed entry around a record (the protocol in seal/crypto.py): sizes every reader checks.
PROTOCOL = "skill-eval-lookup/v1"
BUCKET_ID_SIZE = 4
TAG_SIZE = 8
NONCE_SIZE = 12
GCM_TAG_SIZE = 16
RECORD_SIZE = 512  # plaintext bytes, including the 2-byte length prefix
CIPHERTEXT_SIZE = RECORD_SIZE + GCM_TAG_SIZE
SEALED_ENTRY_SIZE = BUCKET_ID_SIZE + TAG_SIZE + NONCE_SIZE + CIPHERTEXT_SIZE  # 552
INSTITUTION_INDEX_SIZE = 2
PUBLISHED_ENTRY_SIZE = INSTITUTION_INDEX_SIZE + TAG_SIZE + NONCE_SIZE + CIPHERTEXT_SIZE  # 550

CERTIFICATES = "certificates"
RESULTS = "results"
DATASETS = (CERTIFICATES, RESULTS)  # the two CSV exports, sealed files and published bucket sets
DATASET_NAMES = {CERTIFICATES: "证书", RESULTS: "成绩"}
# The two lookup paths of each dataset (crypto.DOMAINS): by number + name, by ID number + name.
LOOKUP_DOMAINS = {CERTIFICATES: ("c.no", "c.id"), RESULTS: ("r.no", "r.id")}
DATASET_OF_DOMAIN = {domain: dataset for dataset, domains in LOOKUP_DOMAINS.items() for domain in domains}

CERTIFICATE_STATUSES = ("valid", "revoked")
RESULT_VALUES = ("pass", "fail", "absent")
SCORE_METHODS = ("theory", "practical", "comprehensive")

# Length limits, in characters after normalisation. A record has 510 bytes of JSON: a typical one
# (7-character name, 20-character occupation, 30-character institution name) with the longest
# revocation reason just fits (tests/test_seal_recordformat.py); a longer one first drops the
# institution name, and the sealer refuses a row that still does not fit.
NAME_MAX = 40
CERTIFICATE_NO_MAX = 40
TICKET_NO_MAX = 32
OCCUPATION_MAX = 40
STATUS_REASON_MAX = 50
NUMBER_MAX = {CERTIFICATES: CERTIFICATE_NO_MAX, RESULTS: TICKET_NO_MAX}


@dataclass(frozen=True)
class Field:
    key: str  # in the sealed JSON
    name: str  # in code: Python keyword arguments, JavaScript properties after expandRecord
    type: str  # "text", "integer", "date", "dates", "scores", or "enum"
    title: str  # what the README and the lookup page call it
    optional: bool = False  # left out of the record when empty
    values: tuple = ()  # for "enum"


@dataclass(frozen=True)
class RecordFormat:
    dataset: str
    record_type: str  # the value of "k"
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _record(dataset: str, record_type: str, middle: tuple[Field, ...]) -> RecordFormat:
    head = (
        Field("k", "record_type", "enum", "记录类型", values=(record_type,)),
        Field("n", "masked_name", "text", "姓名（部分隐去）"),
        Field("i", "masked_id", "text", "身份证号（部分隐去）"),
    )
    tail = (
        Field("ic", "credit_code", "text", "评价机构的统一社会信用代码（AES-GCM 附加数据中也有）"),
        Field("in", "institution_name", "text", "评价机构名称（过长时省略；页面以清单中的名称为准）", optional=True),
    )
    return RecordFormat(dataset, record_type, head + middle + tail)


CERTIFICATE_RECORD = _record(
    CERTIFICATES,
    "c",
    (
        Field("no", "certificate_no", "text", "证书编号"),
        Field("oc", "occupation_code", "text", "职业编码"),
        Field("o", "occupation", "text", "职业（工种）名称"),
        Field("l", "level", "integer", "等级（1–5）"),
        Field("d", "issue_date", "date", "发证日期"),
        Field("s", "status", "enum", "证书状态", values=CERTIFICATE_STATUSES),
        Field("sd", "status_date", "date", "撤销日期", optional=True),
        Field("sr", "status_reason", "text", "撤销原因", optional=True),
    ),
)
RESULT_RECORD = _record(
    RESULTS,
    "r",
    (
        Field("t", "ticket_no", "text", "准考证号"),
        Field("p", "plan_id", "text", "批次编号"),
        Field("e", "exam_dates", "dates", "考评日期"),
        Field("oc", "occupation_code", "text", "职业编码"),
        Field("o", "occupation", "text", "职业（工种）名称"),
        Field("l", "level", "integer", "等级（1–5）"),
        Field("sc", "scores", "scores", "成绩 {theory, practical, comprehensive}"),
        Field("r", "result", "enum", "评价结果", values=RESULT_VALUES),
    ),
)
RECORDS = {CERTIFICATES: CERTIFICATE_RECORD, RESULTS: RESULT_RECORD}
RECORD_BY_TYPE = {f.record_type: f for f in RECORDS.values()}

# Non-personal facts of a record, sealed with the local key and counted in summary.json.
FACTS = {
    CERTIFICATES: (("y", "year"), ("oc", "occupation_code"), ("l", "level"), ("s", "status")),
    RESULTS: (("y", "year"), ("p", "plan_id"), ("oc", "occupation_code"), ("l", "level"), ("r", "result")),
}


class RecordError(ValueError):
    pass


def build_record(dataset: str, **values) -> dict:
    """The short-key record of one dataset from named values; optional fields left empty are left out."""
    fmt = RECORDS[dataset]
    known = {f.name for f in fmt.fields}
    if unknown := set(values) - known:
        raise RecordError(f"unknown fields for {dataset}: {sorted(unknown)}")
    values = {"record_type": fmt.record_type, **values}
    record = {}
    for f in fmt.fields:
        value = values.get(f.name)
        if f.optional and value in (None, ""):
            continue
        if value is None:
            raise RecordError(f"{dataset} record without {f.name}")
        record[f.key] = value
    if problems := record_problems(record):
        raise RecordError("; ".join(problems))
    return record


def expand_record(record: dict) -> dict:
    """Short keys → names (a record of an unknown type or with unknown keys raises RecordError)."""
    if problems := record_problems(record):
        raise RecordError("; ".join(problems))
    fmt = RECORD_BY_TYPE[record["k"]]
    return {f.name: record[f.key] for f in fmt.fields if f.key in record}


def record_problems(record: dict) -> list[str]:
    """What is wrong with a short-key record: unknown type or key, missing field, wrong type."""
    fmt = RECORD_BY_TYPE.get(str(record.get("k")))
    if fmt is None:
        return [f"unknown record type {record.get('k')!r}"]
    keys = {f.key: f for f in fmt.fields}
    problems = [f"unknown key {k!r}" for k in record if k not in keys]
    for f in fmt.fields:
        if f.key not in record:
            if not f.optional:
                problems.append(f"missing {f.key} ({f.name})")
        elif not _valid(f, record[f.key]):
            problems.append(f"{f.key} ({f.name}) is not a valid {f.type}: {record[f.key]!r}")
    return problems


def _valid(f: Field, value) -> bool:
    if f.type == "text":
        return isinstance(value, str)
    if f.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if f.type == "enum":
        return value in f.values
    if f.type == "date":
        return _is_date(value) or (value == "" and not f.optional)  # "" : a record sealed without a date
    if f.type == "dates":
        return isinstance(value, list) and all(_is_date(d) for d in value)
    if f.type == "scores":
        return isinstance(value, dict) and all(
            m in SCORE_METHODS and isinstance(s, (int, float)) and not isinstance(s, bool) for m, s in value.items()
        )
    raise AssertionError(f.type)


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and dt.date.fromisoformat(value) is not None
    except ValueError:
        return False


def build_facts(dataset: str, **values) -> dict:
    return {key: values[name] for key, name in FACTS[dataset]}


def fact_key(dataset: str, facts: dict) -> tuple:
    """The facts as a tuple in the order of FACTS (to count them)."""
    return tuple(facts[key] for key, _ in FACTS[dataset])


def fact_names(dataset: str, key: tuple) -> dict:
    """A fact_key tuple → {name: value}."""
    return {name: value for (_, name), value in zip(FACTS[dataset], key, strict=True)}


# -- the copies elsewhere, generated ------------------------------------------------------------

JS_BEGIN = "  // BEGIN RECORD FORMAT (generated: python -m generator.recordformat js)"
JS_END = "  // END RECORD FORMAT"
README_BEGIN = "<!-- BEGIN RECORD FORMAT (generated: python -m generator.recordformat readme) -->"
README_END = "<!-- END RECORD FORMAT -->"


def table() -> dict:
    """The format as data: for the test vectors (and anyone reading them)."""
    return {
        fmt.record_type: {
            "dataset": fmt.dataset,
            "fields": [
                {
                    "key": f.key,
                    "name": f.name,
                    "type": f.type,
                    "optional": f.optional,
                    **({"values": list(f.values)} if f.values else {}),
                }
                for f in fmt.fields
            ],
        }
        for fmt in RECORDS.values()
    }


def js_table() -> str:
    """The lines of lookup.js between the markers: record type → {name: short key}."""
    formats = {fmt.record_type: {f.name: f.key for f in fmt.fields} for fmt in RECORDS.values()}
    body = ",\n".join(f"    {json.dumps(t)}: {json.dumps(names)}" for t, names in formats.items())
    types = json.dumps({fmt.dataset: fmt.record_type for fmt in RECORDS.values()})
    return f"{JS_BEGIN}\n  var RECORD_FORMATS = {{\n{body}\n  }};\n  var RECORD_TYPE_OF = {types};\n{JS_END}"


def markdown_table() -> str:
    lines = [README_BEGIN, "", "| 数据集 | 键 | 名称 | 类型 | 含义 |", "|---|---|---|---|---|"]
    for fmt in RECORDS.values():
        for f in fmt.fields:
            described = f.type + (" = " + " / ".join(f.values) if f.values else "") + ("，可省略" if f.optional else "")
            lines.append(f"| {fmt.dataset} | `{f.key}` | {f.name} | {described} | {f.title} |")
    for dataset, facts in FACTS.items():
        lines.append(
            f"| {dataset}（m，本机密钥封存） | "
            + "、".join(f"`{k}`" for k, _ in facts)
            + " | "
            + "、".join(n for _, n in facts)
            + " | — | summary.json 计数用的非个人信息 |"
        )
    return "\n".join([*lines, "", README_END])


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ""
    if what not in ("js", "readme"):
        print("用法：python -m generator.recordformat js|readme", file=sys.stderr)
        return 2
    print(js_table() if what == "js" else markdown_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
