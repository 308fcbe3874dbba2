"""The lookup protocol in Python against the shared vectors (the browser side: test_lookup_vectors_browser.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from generator.seal import crypto, vectors
from generator.seal.crypto import (
    PUBLISHED_ENTRY_SIZE,
    RECORD_SIZE,
    SEALED_ENTRY_SIZE,
    RecordTooLong,
    decode_record,
    derive_secret,
    encode_record,
    mask_id,
    mask_name,
    normalize,
    open_published_entry,
    split_secret,
)

VECTORS = Path(__file__).parent / "vectors" / "lookup-v1.json"


@pytest.fixture(scope="module")
def stored():
    return json.loads(VECTORS.read_text(encoding="utf-8"))


def test_vectors_file_matches_the_implementation(stored):
    assert vectors.build() == stored, "regenerate with: python -m generator.seal.vectors > tests/vectors/lookup-v1.json"


def test_vectors_use_a_fast_test_kdf(stored):
    assert stored["kdf"]["iterations"] == 1000


def test_derivation_by_hand(stored):
    """PBKDF2 and HKDF (RFC 5869) recomputed from first principles, not through crypto.py."""
    kdf = stored["kdf"]
    for d in stored["derivations"]:
        password = "\x1f".join(("skill-eval-lookup/v1", d["domain"], d["identifier"], d["name"])).encode()
        assert password.hex() == d["password_hex"]
        secret = hashlib.pbkdf2_hmac("sha256", password, kdf["salt"].encode(), kdf["iterations"], 32)
        assert secret.hex() == d["secret_hex"]
        prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()
        okm, block = b"", b""
        for counter in (1, 2, 3):
            block = hmac.new(prk, block + b"skill-eval-lookup/v1 split" + bytes([counter]), hashlib.sha256).digest()
            okm += block
        assert int.from_bytes(okm[:4], "big") == d["bucket_id"]
        assert okm[4:36].hex() == d["tag_key_hex"] and okm[36:68].hex() == d["aes_key_hex"]
        nonce = bytes.fromhex(d["nonce_hex"])
        assert hmac.new(okm[4:36], nonce, hashlib.sha256).digest()[:8].hex() == d["tag_hex"]


def test_vector_entries_open_to_their_records(stored):
    for d in stored["derivations"]:
        keys = split_secret(bytes.fromhex(d["secret_hex"]))
        sealed = bytes.fromhex(d["sealed_entry_hex"])
        assert len(sealed) == SEALED_ENTRY_SIZE
        published = (0).to_bytes(2, "big") + sealed[4:]
        assert len(published) == PUBLISHED_ENTRY_SIZE
        assert open_published_entry(keys, published, [{"credit_code": d["credit_code"]}]) == d["expanded"]
        # bound to the institution that sealed it
        other = "91440300MA5GX1D2PL" if d["credit_code"] != "91440300MA5GX1D2PL" else "52440106MJL0001001"
        assert open_published_entry(keys, published, [{"credit_code": other}]) is None


def test_the_published_vector_bucket(stored):
    bucket = stored["bucket"]
    blob = bytes.fromhex(bucket["hex"])
    keys = split_secret(bytes.fromhex(bucket["secret_hex"]))
    size = bucket["manifest"]["entry_size"]
    found = []
    for i in range(int.from_bytes(blob[4:8], "big")):
        entry = blob[8 + i * size : 8 + (i + 1) * size]
        record = open_published_entry(keys, entry, bucket["manifest"]["institutions"])
        if record is not None:  # not the decoys: another key, another institution's name
            found.append(record)
    assert sorted(found, key=lambda r: r["credit_code"]) == bucket["expect"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" 张 三 ", "张三"),
        ("张\u3000三", "张三"),
        ("阿依古丽·买买提", "阿依古丽买买提"),
        ("阿依古丽•买买提", "阿依古丽买买提"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("s0107 4444 0106", "S010744440106"),
    ],
)
def test_normalize(typed, expected):
    assert normalize(typed) == expected


def test_masks():
    assert mask_name("张三") == "张*"
    assert mask_name("张小三") == "张*三"
    assert mask_name("欧阳小三") == "欧**三"
    assert mask_id("110105194912310021") == "110***********0021"


def test_records_are_padded_to_one_size():
    short = encode_record({"k": "c"})
    long = encode_record({"k": "c", "o": "很长的职业名称" * 10})
    assert len(short) == len(long) == RECORD_SIZE
    assert decode_record(long)["o"].startswith("很长")
    with pytest.raises(RecordTooLong):
        encode_record({"o": "字" * 200})


def test_fresh_nonce_every_time():
    keys = split_secret(derive_secret("c.no", "S1", "张三", salt="salt-salt", iterations=1000))
    plaintext = encode_record({"k": "c"})
    a, b = crypto.seal_entry(keys, plaintext, "X" * 18), crypto.seal_entry(keys, plaintext, "X" * 18)
    assert a[:4] == b[:4]  # same bucket
    assert a[4:12] != b[4:12]  # tags differ: the entries of one person cannot be linked
    assert a[24:] != b[24:]
