"""The quick validity check (fastjsonschema) must never pass a file that jsonschema would reject.

The build trusts the quick check for valid files and asks jsonschema only to explain failures, so a
file the quick check passes but jsonschema rejects would slip through without an error.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_loader_fuzz import SEED, _mutate

from generator.load.folder import DISCLOSURE_FILES
from generator.load.yamlfile import YamlDocument, parse_yaml_text
from generator.validate.schema import _validator, is_valid_quickly

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p
    for p in [*ROOT.glob("institutions/*/*.yaml"), *ROOT.glob("tests/fixtures/invalid/*/*/*.yaml")]
    if p.name in DISCLOSURE_FILES
)
INSPECTIONS = sorted(
    [*ROOT.glob("institutions/*/inspections/*.yaml"), *ROOT.glob("tests/fixtures/invalid/*/*/inspections/*.yaml")]
)


def _schema_name(path: Path) -> str:
    return "inspection" if path.parent.name == "inspections" else DISCLOSURE_FILES[path.name]


def _documents():
    rng = random.Random(SEED)
    for path in SOURCES + INSPECTIONS:
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        yield path, _schema_name(path), text
        for _ in range(12):
            yield path, _schema_name(path), _mutate(rng, text)


def _verdicts(schema_name: str, text: str):
    doc = parse_yaml_text(text, YamlDocument(path="x.yaml"))
    if doc.problems:
        return None
    slow = not any(True for _ in _validator(schema_name).iter_errors(doc.data))
    return is_valid_quickly(doc.data, schema_name), slow


def test_quick_check_never_passes_what_jsonschema_rejects():
    compared = agreed = 0
    for path, schema_name, text in _documents():
        verdicts = _verdicts(schema_name, text)
        if verdicts is None:
            continue
        quick, slow = verdicts
        compared += 1
        agreed += quick == slow
        assert not (quick and not slow), f"quick check passed an invalid {schema_name} derived from {path}"
    assert compared > 500
    assert agreed == compared  # they also agree on every file the quick check rejects


@pytest.mark.parametrize(
    "schema_name, data",
    [
        (
            "fees",
            {
                "schema_version": 1,
                "fees": [
                    {
                        "occupation_code": "6-31-01-03",
                        "level": True,
                        "item": "total",
                        "amount": 1,
                        "basis": "x",
                        "effective_from": "2026-01-01",
                    }
                ],
            },
        ),
        (
            "fees",
            {
                "schema_version": 1,
                "fees": [
                    {
                        "occupation_code": "6-31-01-03",
                        "level": 4,
                        "item": "total",
                        "amount": 1,
                        "basis": "x",
                        "effective_from": "2026-02-30",
                    }
                ],
            },
        ),
        ("plans", {"schema_version": 1, "plans": [], "extra": 1}),
        ("statistics", {"schema_version": 1, "years": [{"year": 2025, "evaluated": -1, "certified": 0}]}),
    ],
)
def test_quick_check_rejects_classic_mistakes(schema_name, data):
    assert not is_valid_quickly(data, schema_name)
    assert any(True for _ in _validator(schema_name).iter_errors(data))


_FEE = {
    "occupation_code": "6-31-01-03",
    "level": 4,
    "item": "total",
    "amount": 1,
    "basis": "x",
    "effective_from": "2026-01-01",
}


@pytest.mark.parametrize(
    "schema_name, data",
    [
        # JSON Schema's `$` is the true end (ECMA-262); Python's would let a final newline through
        ("fees", {"schema_version": 1, "fees": [{**_FEE, "occupation_code": "6-31-01-03\n"}]}),
        ("plans", {"schema_version": 1, "plans": [{"id": "A-1\n"}]}),
        ("fees", {"schema_version": 1, "fees": [{**_FEE, "effective_from": "2026-01-01\n"}]}),
        # dates outside 2000-01-01..2099-12-31
        ("fees", {"schema_version": 1, "fees": [{**_FEE, "effective_from": "9999-12-31"}]}),
        ("fees", {"schema_version": 1, "fees": [{**_FEE, "effective_from": "0001-01-01"}]}),
        # full-width digits are digits to Python's \d, not to the schema
        ("fees", {"schema_version": 1, "fees": [{**_FEE, "effective_from": "２０２６-01-01"}]}),
    ],
)
def test_both_validators_refuse_what_only_looks_right(schema_name, data):
    assert not is_valid_quickly(data, schema_name)
    assert any(True for _ in _validator(schema_name).iter_errors(data))
