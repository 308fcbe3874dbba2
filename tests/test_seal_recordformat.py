"""The lookup record format is defined once (generator/recordformat.py): every copy must agree."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

from generator import recordformat as rf
from generator.seal.crypto import RECORD_SIZE, encode_record
from generator.seal.records import NUMBER_LETTERS

VECTORS = json.loads((ROOT / "tests" / "vectors" / "lookup-v1.json").read_text("utf-8"))
LOOKUP_JS = (ROOT / "theme" / "assets" / "lookup.js").read_text("utf-8")


def _between(text: str, begin: str, end: str) -> str:
    start = text.index(begin)
    return text[start : text.index(end, start) + len(end)]


def test_lookup_js_carries_the_generated_record_format():
    assert _between(LOOKUP_JS, rf.JS_BEGIN, rf.JS_END) == rf.js_table()


def test_lookup_js_reads_records_only_by_field_name():
    """After expandRecord, the page code never spells a short key (record.s, record["in"] …)."""
    short = {f.key for fmt in rf.RECORDS.values() for f in fmt.fields}
    page_code = LOOKUP_JS[LOOKUP_JS.index("// -- page") :]
    used = set(re.findall(r"\brecord\.(\w+)", page_code)) | set(re.findall(r"\brecord\[\"(\w+)\"\]", page_code))
    names = {f.name for fmt in rf.RECORDS.values() for f in fmt.fields}
    assert used and used <= names
    assert not used & (short - names)


def test_readme_key_table_is_the_generated_one():
    readme = (ROOT / "generator" / "seal" / "README.md").read_text("utf-8")
    assert _between(readme, rf.README_BEGIN, rf.README_END) == rf.markdown_table()


def test_vectors_follow_the_record_format():
    assert VECTORS["record_format"] == rf.table()
    for d in VECTORS["derivations"]:
        assert rf.record_problems(d["record"]) == []
        assert d["expanded"] == rf.expand_record(d["record"])
    assert {d["record"]["k"] for d in VECTORS["derivations"]} == {"c", "r"}
    assert any("sr" in d["record"] and "sd" in d["record"] for d in VECTORS["derivations"])


def test_build_record_refuses_what_the_format_does_not_define():
    good = dict(
        masked_name="张*",
        masked_id="110***********002X",
        certificate_no="S1",
        occupation_code="6-31-01-03",
        occupation="电工",
        level=4,
        issue_date="2026-06-20",
        status="valid",
        credit_code="52440106MJT000001K",
    )
    record = rf.build_record("certificates", **good, status_date=None, status_reason="")
    assert "sd" not in record and "sr" not in record and "in" not in record  # optional and empty: left out
    with pytest.raises(rf.RecordError):
        rf.build_record("certificates", **good, ticket_no="T1")  # a results field
    with pytest.raises(rf.RecordError):
        rf.build_record("certificates", **{**good, "status": "expired"})
    with pytest.raises(rf.RecordError):
        rf.build_record("certificates", **{**good, "issue_date": "2026-02-30"})
    with pytest.raises(rf.RecordError):
        rf.expand_record({**record, "zz": 1})
    assert rf.record_problems({"k": "x"}) == ["unknown record type 'x'"]


def test_a_typical_revoked_record_with_the_longest_reason_fits_with_the_institution_name():
    record = rf.build_record(
        "certificates",
        masked_name="阿*****提",
        masked_id="110***********002X",
        certificate_no="S" + "1" * 21,
        occupation_code="6-31-01-03-01",
        occupation="字" * 20,
        level=5,
        issue_date="2026-01-01",
        status="revoked",
        status_date="2026-02-02",
        status_reason="字" * rf.STATUS_REASON_MAX,
        credit_code="52440106MJT000001K",
        institution_name="字" * 30,
    )
    assert len(encode_record(record)) == RECORD_SIZE


def test_facts_round_trip_in_the_defined_order():
    facts = rf.build_facts("results", year=2026, plan_id="P1", occupation_code="6-31-01-03", level=4, result="pass")
    assert facts == {"y": 2026, "p": "P1", "oc": "6-31-01-03", "l": 4, "r": "pass"}
    key = rf.fact_key("results", facts)
    assert rf.fact_names("results", key) == {
        "year": 2026,
        "plan_id": "P1",
        "occupation_code": "6-31-01-03",
        "level": 4,
        "result": "pass",
    }


def test_seal_code_says_dataset_for_certificates_or_results():
    """ "kind" means the institution's type elsewhere; in seal it appears only as Institution.kind."""
    for path in sorted((ROOT / "generator" / "seal").glob("*.py")):
        text = path.read_text("utf-8").replace("save(str(out), kind=", "save(str(out), ")  # segno's own parameter
        other = re.findall(r"(?<!inst\.)(?<!Institution\.)\bkinds?\b", text, flags=re.IGNORECASE)
        assert other == [], path.name
    assert set(NUMBER_LETTERS) == {"social_training_org", "employer"}


def test_lookup_domains_are_the_protocol_domains_in_python_and_javascript():
    from generator.seal.crypto import DOMAINS

    assert sorted(d for ds in rf.LOOKUP_DOMAINS.values() for d in ds) == sorted(DOMAINS)
    js = re.search(r"var DOMAINS = (\{.*?\});", LOOKUP_JS).group(1)
    js_pairs = re.findall(r"(\w+): \{ no: \"([\w.]+)\", id: \"([\w.]+)\" \}", js)
    page_dataset = dict(re.findall(r"(\w+): \"(\w+)\"", re.search(r"var DATASETS = (\{.*?\});", LOOKUP_JS).group(1)))
    assert {page_dataset[page]: (no, id_) for page, no, id_ in js_pairs} == rf.LOOKUP_DOMAINS
