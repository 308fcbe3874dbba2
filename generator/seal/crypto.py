"""The lookup protocol, version 1: normalisation, key derivation, entry sealing and opening.

theme/assets/lookup.js implements the same steps with WebCrypto; tests/vectors/lookup-v1.json
pins both to the same bytes.

    password = UTF-8("skill-eval-lookup/v1" US domain US identifier US name)   (US = U+001F)
    secret   = PBKDF2-HMAC-SHA256(password, UTF-8(salt), iterations, 32 bytes)
    okm      = HKDF-SHA256(secret, salt = "", info = "skill-eval-lookup/v1 split", 68 bytes)
    bucket_id = okm[0:4] (uint32, big-endian)   tag_key = okm[4:36]   aes_key = okm[36:68]

The domain names the lookup path: "c.no" certificate number + name, "c.id" ID number + name,
"r.no" ticket number + name, "r.id" ID number + name.

One entry (all integers big-endian):

    sealed (in the repository):  bucket_id(4) | tag(8) | nonce(12) | AES-256-GCM ciphertext(512 + 16)
    published (bucket file):     institution index(2) | tag(8) | nonce(12) | ciphertext(512 + 16)

    tag       = HMAC-SHA256(tag_key, nonce)[0:8]      a fresh random nonce per entry
    plaintext = length(2) | UTF-8 JSON record | zero padding, 512 bytes in all
    AAD       = UTF-8("skill-eval-lookup/v1" US credit_code of the sealing institution)

The tag depends on the nonce, so two entries of the same person (several certificates, or
certificates from several institutions) cannot be linked by comparing tags; a reader who knows
the inputs computes the tag of each entry in one bucket (a few dozen HMACs).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..recordformat import (  # noqa: F401 - the entry layout is also read from here
    BUCKET_ID_SIZE,
    CIPHERTEXT_SIZE,
    GCM_TAG_SIZE,
    INSTITUTION_INDEX_SIZE,
    NAME_MAX,
    NONCE_SIZE,
    PROTOCOL,
    PUBLISHED_ENTRY_SIZE,
    RECORD_SIZE,
    SEALED_ENTRY_SIZE,
    TAG_SIZE,
    RecordError,
    expand_record,
)
from ..validate.codes import id_number_error

US = "\x1f"
DOMAINS = {
    "c.no": "证书编号 + 姓名",
    "c.id": "身份证号 + 姓名",
    "r.no": "准考证号 + 姓名",
    "r.id": "身份证号 + 姓名",
}
SECRET_SIZE = 32
SPLIT_INFO = (PROTOCOL + " split").encode()

# Removed from every input after NFKC: white space, zero-width characters, and the dots that
# separate the parts of a name (阿依古丽·买买提, 阿依古丽.买买提, 阿依古丽•买买提 are one name).
# lookup.js uses the very same character class.
REMOVED_CHARACTERS = (
    "\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
    "\u002e\u00b7\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\ua78f\uff0e\uff65"
)
_REMOVED = re.compile(f"[{REMOVED_CHARACTERS}]")
_LOWER_ASCII = re.compile("[a-z]")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")
_CODE = re.compile(r"^[A-Z0-9-]+$")


def normalize(text: str) -> str:
    """NFKC, drop spaces and name dots, upper-case ASCII letters: what both sides derive keys from."""
    text = unicodedata.normalize("NFKC", text)
    text = _REMOVED.sub("", text)
    return _LOWER_ASCII.sub(lambda m: m.group(0).upper(), text)


def name_error(name: str) -> str | None:
    """Why a normalised name cannot be right, or None."""
    if not name:
        return "不能为空"
    if _CONTROL.search(name):
        return "含有控制字符"
    if any(c.isascii() and c.isdigit() for c in name):
        return "含有数字（是否与其他列错位？）"
    if len(name) > NAME_MAX:
        return f"过长（{len(name)} 个字符，最多 {NAME_MAX} 个）"
    return None


def code_error(value: str, maximum: int) -> str | None:
    """Why a normalised certificate or ticket number cannot be right, or None."""
    if not value:
        return "不能为空"
    if len(value) > maximum:
        return f"过长（{len(value)} 个字符，最多 {maximum} 个）"
    if not _CODE.match(value):
        bad = sorted({c for c in value if not re.match(r"[A-Z0-9-]", c)})
        return "只能包含字母、数字和连字符，不能包含 " + "、".join(f"“{c}”" for c in bad)
    return None


def id_error(number: str) -> str | None:
    return id_number_error(number)


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小三 → 欧**三."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id(number: str) -> str:
    """110105194912310021 → 110***********0021."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def kdf_password(domain: str, identifier: str, name: str) -> bytes:
    if domain not in DOMAINS:
        raise ValueError(f"unknown lookup domain {domain!r}")
    return US.join((PROTOCOL, domain, identifier, name)).encode("utf-8")


def derive_secret(domain: str, identifier: str, name: str, *, salt: str, iterations: int) -> bytes:
    """The 32-byte lookup secret for normalised inputs (the slow step)."""
    return hashlib.pbkdf2_hmac(
        "sha256", kdf_password(domain, identifier, name), salt.encode("utf-8"), iterations, SECRET_SIZE
    )


@dataclass(frozen=True)
class LookupKeys:
    bucket_id: int  # uint32; the published bucket is its top `bucket_bits` bits
    tag_key: bytes
    aes_key: bytes


def split_secret(secret: bytes) -> LookupKeys:
    okm = HKDF(algorithm=hashes.SHA256(), length=68, salt=None, info=SPLIT_INFO).derive(secret)
    return LookupKeys(int.from_bytes(okm[:4], "big"), okm[4:36], okm[36:68])


def entry_tag(tag_key: bytes, nonce: bytes) -> bytes:
    return hmac.new(tag_key, nonce, hashlib.sha256).digest()[:TAG_SIZE]


def aad(credit_code: str) -> bytes:
    return (PROTOCOL + US + credit_code).encode("ascii")


class RecordTooLong(ValueError):
    pass


def encode_record(record: dict) -> bytes:
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if len(body) > RECORD_SIZE - 2:
        raise RecordTooLong(f"记录编码后 {len(body)} 字节，超过上限 {RECORD_SIZE - 2} 字节")
    return len(body).to_bytes(2, "big") + body + bytes(RECORD_SIZE - 2 - len(body))


def decode_record(plaintext: bytes) -> dict:
    length = int.from_bytes(plaintext[:2], "big")
    return json.loads(plaintext[2 : 2 + length].decode("utf-8"))


def seal_entry(keys: LookupKeys, plaintext: bytes, credit_code: str, nonce: bytes | None = None) -> bytes:
    """bucket_id | tag | nonce | ciphertext — the form kept in sealed/*.jsonl."""
    nonce = os.urandom(NONCE_SIZE) if nonce is None else nonce
    ciphertext = AESGCM(keys.aes_key).encrypt(nonce, plaintext, aad(credit_code))
    return keys.bucket_id.to_bytes(4, "big") + entry_tag(keys.tag_key, nonce) + nonce + ciphertext


def open_published_entry(keys: LookupKeys, entry: bytes, institutions: list[dict]) -> dict | None:
    """The record (by field name) of a published entry when it belongs to these keys, else None.

    `institutions` is the manifest's list of {credit_code, name}: the entry's index selects the
    institution whose folder it was published from; its code must open the entry (AAD) and its
    name from the repository replaces the name inside the record.
    """
    tag = entry[2 : 2 + TAG_SIZE]
    nonce = entry[2 + TAG_SIZE : 2 + TAG_SIZE + NONCE_SIZE]
    if not hmac.compare_digest(tag, entry_tag(keys.tag_key, nonce)):
        return None
    institution = institutions[int.from_bytes(entry[:2], "big")]
    credit_code = institution["credit_code"]
    try:
        plaintext = AESGCM(keys.aes_key).decrypt(nonce, entry[2 + TAG_SIZE + NONCE_SIZE :], aad(credit_code))
    except InvalidTag:  # damaged, or published under another institution's name: never shown
        return None
    try:
        record = expand_record(decode_record(plaintext))
    except RecordError:
        return None
    if record["credit_code"] != credit_code:
        return None
    if institution.get("name"):
        record["institution_name"] = institution["name"]
    return record


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
