"""The lookup as the browser does it, in Python: for tests, for `portal qr` and for checking sample data."""

from __future__ import annotations

import base64
import hmac
import json
from pathlib import Path

from .. import urls
from ..recordformat import DATASET_OF_DOMAIN
from .config import SealConfig
from .crypto import (
    NONCE_SIZE,
    PUBLISHED_ENTRY_SIZE,
    TAG_SIZE,
    derive_secret,
    entry_tag,
    normalize,
    open_published_entry,
    split_secret,
)
from .publish import HEADER_SIZE, MAGIC, bucket_index, bucket_name


def secret_for(domain: str, identifier: str, name: str, config: SealConfig) -> bytes:
    return derive_secret(domain, normalize(identifier), normalize(name), salt=config.salt, iterations=config.iterations)


def lookup_secret(site_dir: Path, dataset: str, secret: bytes) -> tuple[list[dict], int]:
    """(records by field name, bytes of the bucket fetched) for a 32-byte lookup secret in a published site."""
    lookup_dir = Path(site_dir) / urls.lookup_root()
    manifest = json.loads((Path(site_dir) / urls.lookup_manifest()).read_text(encoding="utf-8"))
    keys = split_secret(secret)
    bits = manifest[dataset]["bucket_bits"]
    blob = (lookup_dir / manifest[dataset]["path"] / bucket_name(bucket_index(keys.bucket_id, bits), bits)).read_bytes()
    if blob[:4] != MAGIC:
        raise ValueError("not a lookup bucket")
    count = int.from_bytes(blob[4:8], "big")
    records = []
    for i in range(count):
        entry = blob[HEADER_SIZE + i * PUBLISHED_ENTRY_SIZE : HEADER_SIZE + (i + 1) * PUBLISHED_ENTRY_SIZE]
        record = open_published_entry(keys, entry, manifest["institutions"])
        if record is not None:
            records.append(record)
    return records, len(blob)


def lookup(site_dir: Path, domain: str, identifier: str, name: str, config: SealConfig) -> list[dict]:
    return lookup_secret(site_dir, DATASET_OF_DOMAIN[domain], secret_for(domain, identifier, name, config))[0]


def sealed_file_has(path: Path, secret: bytes) -> bool:
    """Whether a sealed/*.jsonl file holds an entry for this secret (used by `portal qr`)."""
    keys = split_secret(secret)
    if not Path(path).is_file():
        return False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            for text in json.loads(line)["e"]:
                entry = base64.b64decode(text)
                if int.from_bytes(entry[:4], "big") != keys.bucket_id:
                    continue
                tag, nonce = entry[4 : 4 + TAG_SIZE], entry[4 + TAG_SIZE : 4 + TAG_SIZE + NONCE_SIZE]
                if hmac.compare_digest(tag, entry_tag(keys.tag_key, nonce)):
                    return True
    return False
