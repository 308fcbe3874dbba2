"""Hypothesis strategies for whole institution folders: valid in shape, hostile in content.

Text fields mix safe text (any printable character: markup, quotes, template syntax, emoji,
right-to-left letters, combining marks, CJK) with arbitrary Unicode, which `portal check` may refuse
(control and bidi characters); numbers and dates range up to the bounds check allows.
"""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import strategies as st

from generator.validate.codes import CREDIT_ALPHABET, PROVINCES, credit_check_char
from generator.validate.schema import EARLIEST_DATE, LATEST_DATE

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "电工<img src=x onerror=alert(1)>",
    "&amp; &lt; &#x3c;",
    "\"'`",
    "]]>",
    "{{ 7*7 }}",
    "{% raw %}",
    "${x}",
    "\\",
    "😀 表情",
    "مرحبا",
    "e\u0301",
    "A\u00a0B",
    "全角　空格",
    "%s%n",
    "javascript:alert(1)",
    "--",
    "# 注释",
    ": 冒号",
    "- 列表",
    "null",
    "~",
    "*",
    "<!--",
    '"quoted"',
    "a,b;c",
    '=HYPERLINK("http://x")',
    "广州市天河区示例路 2 号",
    "𠀀𪚥",
    "\ufe0f",
    "x" * 200,
    # format characters check lets through (soft hyphen, invisible operators, annotation, tag)
    "软\u00ad连字符",
    "f\u2061(x)",
    "\ufff9注\ufffa",
    "\U000e0001标签",
    "\u180e",
]
_SAFE_CHARS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_ANY_CHARS = st.characters(blacklist_categories=("Cs",))


def text(max_size: int = 40, hostile: bool = True):
    """Non-empty text; with hostile=True sometimes with characters check refuses."""
    safe = st.one_of(
        st.sampled_from(HOSTILE_TEXT).map(lambda t: t[:max_size]), st.text(_SAFE_CHARS, min_size=1, max_size=max_size)
    )
    if not hostile:
        return safe
    return st.one_of(safe, safe, safe, st.text(_ANY_CHARS, min_size=1, max_size=max_size))


def day(earliest: dt.date = EARLIEST_DATE, latest: dt.date = LATEST_DATE):
    return st.dates(min_value=earliest, max_value=latest)


@st.composite
def credit_code(draw) -> str:
    body = draw(st.text(CREDIT_ALPHABET, min_size=17, max_size=17))
    return body + credit_check_char(body)


@st.composite
def occupation_code(draw) -> str:
    digits = draw(st.lists(st.integers(0, 99), min_size=3, max_size=4))
    return f"{draw(st.integers(1, 8))}-" + "-".join(f"{d:02d}" for d in digits)


_URL_PATH = st.text(st.sampled_from("abcxyz0123456789-_./?=&%#~"), max_size=30)
url = _URL_PATH.map(lambda p: "https://example.org/" + p)
phone = st.from_regex(r"\A[0-9][0-9 ()+\-]{2,18}(转[0-9]{1,4})?\Z")
email = st.from_regex(r"\A[a-z0-9.]{1,10}@[a-z]{1,8}\.(org|cn|com)\Z")


@st.composite
def channel(draw, channel_types: tuple[str, ...], hostile: bool) -> dict:
    channel_type = draw(st.sampled_from(channel_types))
    value = {"url": url, "phone": phone, "email": email}.get(channel_type, text(60, hostile))
    entry = {"type": channel_type, "value": draw(value)}
    if draw(st.booleans()):
        entry["hours"] = draw(text(30, hostile))
    if "address" in channel_types and draw(st.booleans()):
        entry["handler"] = draw(text(30, hostile))
    return entry


@st.composite
def institution_files(draw, hostile: bool = True) -> tuple[str, dict[str, dict]]:
    """(credit code, {file name: data}) of one institution that is valid apart from its text."""
    hostile = hostile and draw(st.integers(0, 3)) == 0  # a quarter of them may hold refused characters
    t = lambda n=40: text(n, hostile)  # noqa: E731
    code = draw(credit_code())
    prefix = draw(st.sampled_from(sorted(PROVINCES)))
    occupations = draw(st.lists(occupation_code(), min_size=1, max_size=3, unique=True))
    scope = [
        {
            "occupation_code": c,
            "occupation": draw(t(60)),
            "levels": draw(st.lists(st.integers(1, 5), min_size=1, max_size=5, unique=True)),
        }
        for c in occupations
    ]
    venues = [
        {"id": v, "name": draw(t()), "address": draw(t()), "capacity": draw(st.integers(1, 100_000))}
        for v in draw(st.lists(st.from_regex(r"\A[a-z0-9-]{1,12}\Z"), min_size=1, max_size=2, unique=True))
    ]
    query, complaint = ("url", "phone", "onsite", "portal"), ("phone", "email", "url", "address", "mailbox")
    institution = {
        "schema_version": 1,
        "credit_code": code,
        "name": draw(t(100)),
        "kind": draw(st.sampled_from(["social_training_org", "employer", "technical_school", "other"])),
        "region": {
            "code": prefix + draw(st.from_regex(r"\A[0-9]{4}\Z")),
            "province": PROVINCES[prefix],
            "city": draw(t()),
            "district": draw(t()),
        },
        "address": draw(t()),
        "phone": draw(phone),
        "filing": {
            "authority": draw(t()),
            "date": draw(day()).isoformat(),
            "status": draw(st.sampled_from(["active", "suspended", "removed"])),
        },
        "license": {
            "type": draw(st.sampled_from(["business_license", "private_non_enterprise", "public_institution", "other"]))
        },
        "scope": scope,
        "venues": venues,
        "channels": {
            "results": draw(st.lists(channel(query, hostile), max_size=2)),
            "certificates": draw(st.lists(channel(query, hostile), max_size=2)),
            "complaints": draw(st.lists(channel(complaint, hostile), max_size=2)),
            "supervisor_complaints": draw(st.lists(channel(complaint, hostile), max_size=1)),
        },
    }
    if draw(st.booleans()):
        institution["website"] = draw(url)
        institution["filing"]["status_note"] = draw(t(200))
        institution["license"]["valid_until"] = draw(day()).isoformat()
        institution["commitment"] = {"signed": draw(day()).isoformat(), "url": draw(url)}
        institution["publicity"] = [
            {
                "title": draw(t()),
                "text": draw(t(300)) + "\n" + draw(t(300)),
                "url": draw(url),
                "date": draw(day()).isoformat(),
            }
        ]
    pairs = [(s["occupation_code"], level) for s in scope for level in s["levels"]]
    fees = {"schema_version": 1, "fees": [], "refund_policy": draw(t(300))}
    for occupation, level in draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)):
        start = draw(day())
        row = {
            "occupation_code": occupation,
            "level": level,
            "item": draw(st.sampled_from(["theory", "practical", "comprehensive", "total"])),
            "amount": draw(st.one_of(st.integers(0, 1_000_000), st.integers(0, 100_000_000).map(lambda c: c / 100))),
            "basis": draw(t()),
            "effective_from": start.isoformat(),
        }
        if draw(st.booleans()):
            row["effective_until"] = draw(day(start)).isoformat()
        fees["fees"].append(row)
    plans = {"schema_version": 1, "plans": []}
    for plan_id in draw(st.lists(st.from_regex(r"\A[A-Za-z0-9-]{1,20}\Z"), max_size=3, unique=True)):
        occupation, level = draw(st.sampled_from(pairs))
        opens = draw(day(latest=LATEST_DATE - dt.timedelta(days=2)))
        closes = draw(day(opens, LATEST_DATE - dt.timedelta(days=1)))
        plans["plans"].append(
            {
                "id": plan_id,
                "occupation_code": occupation,
                "level": level,
                "methods": draw(
                    st.lists(
                        st.sampled_from(["theory", "practical", "comprehensive"]), min_size=1, max_size=3, unique=True
                    )
                ),
                "registration": {"from": opens.isoformat(), "to": closes.isoformat()},
                "exam_dates": [
                    d.isoformat()
                    for d in draw(st.lists(day(closes + dt.timedelta(days=1)), min_size=1, max_size=3, unique=True))
                ],
                "venue": draw(st.sampled_from([v["id"] for v in venues])),
                "candidates": draw(st.integers(1, 100_000)),
                "evaluators": draw(st.integers(1, 100_000)),
                "supervisors": draw(st.integers(0, 100_000)),
                "announced": draw(day()).isoformat(),
                "status": draw(st.sampled_from(["planned", "completed", "cancelled"])),
                **({"note": draw(t(200))} if draw(st.booleans()) else {}),
            }
        )
    files = {"institution.yaml": institution, "fees.yaml": fees, "plans.yaml": plans}
    if draw(st.booleans()):
        years = []
        for year in draw(st.lists(st.integers(EARLIEST_DATE.year, LATEST_DATE.year), max_size=2, unique=True)):
            evaluated = draw(st.integers(0, 10_000_000))
            years.append({"year": year, "evaluated": evaluated, "certified": draw(st.integers(0, evaluated))})
        files["statistics.yaml"] = {"schema_version": 1, "years": years}
    return code, files


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
