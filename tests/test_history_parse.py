"""The history replay reads only filing and channels of each institution.yaml version: the same
values, and the same unreadable versions, as loading the whole file (issue F8)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.history import _parse, _parse_keys

KEYS = ("filing", "channels")

# Lines that make valid and invalid documents, with every way a value's construction can fail.
LINES = [
    "filing:",
    "  status: active",
    "  status: suspended",
    "  date: 2024-08-07",
    "  date: 2026-02-30",
    "channels:",
    "  results:",
    "  - type: phone",
    "    value: 010-47928976",
    "    value: 0b_",
    "    value: 12333",
    "    value: =",
    "    value: ._",
    "  complaints: []",
    "filing: {status: removed}",
    "'filing': {status: suspended}",
    '"channels": {results: [{type: url, value: "https://example.org/"}]}',
    "filing: 1",
    "name: 北京电力行业协会",
    "amount: 1e400",
    "count: 0x_",
    "when: 2026-11-24 10:00:00",
    "yes: no",
    "~: null",
    "? [a]",
    ": 1",
    "{[1]: 2}",
    "a: &x 1",
    "b: *x",
    "c: !!int 7",
    "<<: {filing: {status: removed}}",
    "- item",
    "---",
    "\t- tab",
    "  - nested",
    '  text: "unclosed',
    "",
]


def _expected(raw: bytes):
    data = _parse(raw)
    return None if data is None else {key: data[key] for key in KEYS if key in data}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_reading_two_keys_is_reading_the_whole_file(lines):
    raw = "\n".join(lines).encode("utf-8")
    assert _parse_keys(raw, KEYS) == _expected(raw)


def test_the_sample_institutions_read_the_same(tmp_path):
    from conftest import ROOT

    files = sorted((ROOT / "institutions").glob("*/institution.yaml"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert _parse_keys(raw, KEYS) == _expected(raw) != {}, path


def test_unreadable_bytes_and_empty_files():
    assert _parse_keys(None, KEYS) is None
    assert _parse_keys(b"\xff\xfe", KEYS) is None
    assert _parse_keys(b"", KEYS) is None
    assert _parse_keys(b"filing: {status: active}\n", KEYS) == {"filing": {"status": "active"}}
