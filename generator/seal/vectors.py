"""Test vectors of the lookup protocol, shared by the Python tests and the browser tests.

    python -m generator.seal.vectors > tests/vectors/lookup-v1.json

Everything is fixed (inputs, salt, 1,000 iterations, nonces), so the output never changes unless
the protocol does; tests/test_seal_crypto.py fails when the file and this code disagree.
"""

from __future__ import annotations

import json
import sys

from ..recordformat import build_record, expand_record, table
from .crypto import (
    PROTOCOL,
    RECORD_SIZE,
    aad,
    b64url,
    derive_secret,
    encode_record,
    entry_tag,
    id_error,
    kdf_password,
    name_error,
    normalize,
    seal_entry,
    split_secret,
)
from .publish import HEADER_SIZE, MAGIC, bucket_index, bucket_name

KDF_SALT, KDF_ITERATIONS = "test-vectors/lookup/v1", 1000
KDF = {"algorithm": "PBKDF2-HMAC-SHA256", "iterations": KDF_ITERATIONS, "salt": KDF_SALT}
CREDIT_A = "52440106MJL0001001"
CREDIT_B = "91440300MA5GX1D2PL"

NORMALIZE = [
    " 张 三 ",
    "张\u3000三",
    "阿依古丽·买买提",
    "阿依古丽•买买提",
    "阿依古丽.买买提",
    "阿依古丽・买买提",
    "\uff21\uff4c\uff49\uff43\uff45 Smith",
    "11010519491231002x",
    "\uff11\uff11\uff10\uff11\uff10\uff15\uff11\uff19\uff14\uff19\uff11\uff12\uff13\uff11\uff10\uff10\uff12\uff58",
    "s010744440106265000001",
    "张\u200b三",
    "ab-12 cd",
    "㈱",
    "Ⅻ",
]
ID_NUMBERS = [
    "11010519491231002X",
    "110105194912310021",
    "11010519491231002",
    "110105194902300021",
    "990105194912310027",
    "11010519491231002Y",
    "440106199003151282",
]
NAMES = ["张三", "", "张3", "A" * 41, "阿依古丽买买提"]

_CHEN = build_record(
    "certificates",
    masked_name="陈*燕",
    masked_id="440***********1282",
    certificate_no="S010744440106265000001",
    occupation_code="4-10-01-02",
    occupation="育婴员",
    level=5,
    issue_date="2026-07-10",
    status="valid",
    credit_code=CREDIT_A,
    institution_name="广州市天河区示例职业技能评价中心",
)
_AYGL = build_record(
    "results",
    masked_name="阿*****提",
    masked_id="510***********2641",
    ticket_no="SZ-2026-04-DG4-001",
    plan_id="SZ-2026-04-DG4",
    exam_dates=["2026-04-18"],
    occupation_code="6-31-01-03",
    occupation="电工",
    level=4,
    scores={"theory": 68, "practical": 71.5},
    result="pass",
    credit_code=CREDIT_B,
    institution_name="深圳示例电气设备制造有限公司",
)
_REVOKED = build_record(
    "certificates",
    masked_name="王*国",
    masked_id="440***********3172",
    certificate_no="S010744440106264000008",
    occupation_code="6-31-01-03",
    occupation="电工",
    level=4,
    issue_date="2026-10-16",
    status="revoked",
    status_date="2026-11-10",
    status_reason="经核查，以提供虚假材料等不正当手段取得",
    credit_code=CREDIT_A,
)
DERIVATIONS = [
    ("c.no", "S010744440106265000001", "陈晓燕", CREDIT_A, _CHEN),
    ("c.id", "440106199003151282", "陈晓燕", CREDIT_A, _CHEN),
    ("r.no", "SZ-2026-04-DG4-001", "阿依古丽买买提", CREDIT_B, _AYGL),
    ("r.id", "510107199611082641", "阿依古丽买买提", CREDIT_B, _AYGL),
    ("c.no", "S010744440106264000008", "王建国", CREDIT_A, _REVOKED),
]


def _nonce(i: int) -> bytes:
    return bytes((i * 12 + j) % 256 for j in range(12))


def build() -> dict:
    derivations = []
    for i, (domain, identifier, name, credit, record) in enumerate(DERIVATIONS):
        secret = derive_secret(domain, identifier, name, salt=KDF_SALT, iterations=KDF_ITERATIONS)
        keys = split_secret(secret)
        nonce = _nonce(i)
        plaintext = encode_record(record)
        sealed = seal_entry(keys, plaintext, credit, nonce)
        derivations.append(
            {
                "domain": domain,
                "identifier": identifier,
                "name": name,
                "password_hex": kdf_password(domain, identifier, name).hex(),
                "secret_hex": secret.hex(),
                "fragment": f"#v1.{b64url(secret)}",
                "bucket_id": keys.bucket_id,
                "tag_key_hex": keys.tag_key.hex(),
                "aes_key_hex": keys.aes_key.hex(),
                "credit_code": credit,
                "aad_hex": aad(credit).hex(),
                "nonce_hex": nonce.hex(),
                "tag_hex": entry_tag(keys.tag_key, nonce).hex(),
                "record": record,
                "expanded": expand_record(record),
                "plaintext_hex": plaintext.hex(),
                "ciphertext_hex": sealed[24:].hex(),
                "sealed_entry_hex": sealed.hex(),
            }
        )
    return {
        "description": "Test vectors of the certificate/result lookup protocol v1 (generator/seal/crypto.py, "
        "theme/assets/lookup.js). Regenerate with: python -m generator.seal.vectors",
        "protocol": PROTOCOL,
        "kdf": KDF,
        "record_size": RECORD_SIZE,
        "record_format": table(),
        "normalize": [{"input": s, "output": normalize(s)} for s in NORMALIZE],
        "id_numbers": [{"input": s, "error": id_error(s)} for s in ID_NUMBERS],
        "names": [{"input": s, "error": name_error(s)} for s in NAMES],
        "bucket_names": [
            {
                "bucket_id": bid,
                "bits": bits,
                "index": bucket_index(bid, bits),
                "name": bucket_name(bucket_index(bid, bits), bits),
            }
            for bid in (0, 1, 0x80000000, 0xDEADBEEF, 0xFFFFFFFF)
            for bits in (0, 1, 5, 8, 13, 24)
        ],
        "derivations": derivations,
        "bucket": _bucket(derivations),
    }


def _bucket(derivations: list[dict]) -> dict:
    """A published bucket: the c.id entry of derivation 1 twice (two institutions), plus decoys."""
    institutions = [
        {"credit_code": CREDIT_A, "name": "广州市天河区示例职业技能评价中心"},
        {"credit_code": CREDIT_B, "name": "深圳示例电气设备制造有限公司（现名）"},
    ]
    d = derivations[1]
    keys = split_secret(bytes.fromhex(d["secret_hex"]))
    second = dict(
        d["record"],
        ic=CREDIT_B,
        **{
            "in": "深圳示例电气设备制造有限公司",
            "no": "Y231544440305264000001",
            "oc": "6-31-01-03",
            "o": "电工",
            "l": 4,
            "d": "2026-05-20",
        },
    )
    other = split_secret(bytes.fromhex(derivations[0]["secret_hex"]))
    entries = [
        (0, seal_entry(keys, encode_record(d["record"]), CREDIT_A, _nonce(20))),
        (1, seal_entry(keys, encode_record(second), CREDIT_B, _nonce(21))),
        (0, seal_entry(other, encode_record(derivations[0]["record"]), CREDIT_A, _nonce(22))),  # another key
        (0, seal_entry(keys, encode_record(second), CREDIT_B, _nonce(23))),  # wrong institution: AAD fails
    ]
    published = sorted(
        (index.to_bytes(2, "big") + sealed[4:] for index, sealed in entries), key=lambda e: (e[2:], e[:2])
    )
    blob = MAGIC + len(published).to_bytes(4, "big") + b"".join(published)
    return {
        "secret_hex": d["secret_hex"],
        "manifest": {"institutions": institutions, "entry_size": len(published[0]), "header_size": HEADER_SIZE},
        "hex": blob.hex(),
        "expect": sorted(
            [expand_record(d["record"]), expand_record(dict(second, **{"in": institutions[1]["name"]}))],
            key=lambda r: r["credit_code"],
        ),
    }


def main() -> int:
    sys.stdout.write(json.dumps(build(), ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
