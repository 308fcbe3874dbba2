"""Publish the sealed entries of every institution as bucket files the lookup pages fetch.

    <out_dir>/lookup/manifest.json            KDF parameters, bucket bits, institutions (code, name)
    <out_dir>/lookup/certificates/<hex>.bin   one file per bucket
    <out_dir>/lookup/results/<hex>.bin

A bucket file is `"PLK1" | count (uint32, big-endian) | count × entry`, each entry
`institution index (uint16) | tag (8) | nonce (12) | ciphertext (528)` = 550 bytes, sorted by
the bytes after the institution index. The bucket of an entry is the top `bucket_bits` bits of
its 32-bit bucket id; `bucket_bits` is the smallest number that keeps the average bucket at or
below 24 entries (about 13 KB), so one lookup downloads one file of a few tens of KB however
many records there are. Every bucket file exists, empty ones included. The same sealed files
always give byte-identical output: nothing depends on time, order of discovery or randomness.
"""

from __future__ import annotations

import base64
import json
import shutil
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import yaml

from .. import urls
from ..problems import PortalError, display_path
from ..recordformat import DATASETS
from .config import SealConfig, find_config, load_config
from .crypto import (
    BUCKET_ID_SIZE,
    PROTOCOL,
    PUBLISHED_ENTRY_SIZE,
    RECORD_SIZE,
    SEALED_ENTRY_SIZE,
)
from .sealer import SUMMARY_NAME, sealed_path

MAGIC = b"PLK1"
HEADER_SIZE = 8
TARGET_ENTRIES = 24
MAX_BITS = 24
PARTITIONS_BITS = 8  # at most 256 temporary partitions: memory holds 1/256 of the entries


def bucket_bits_for(entries: int, target: int = TARGET_ENTRIES) -> int:
    bits = 0
    while bits < MAX_BITS and -(-entries // (1 << bits)) > target:
        bits += 1
    return bits


def bucket_index(bucket_id: int, bits: int) -> int:
    return bucket_id >> (32 - bits) if bits else 0


def bucket_name(index: int, bits: int) -> str:
    return f"{index:0{max(1, -(-bits // 4))}x}.bin"


def publish_lookup(
    institution_folders: list[Path],
    out_dir: Path,
    *,
    config: SealConfig | None = None,
    target_entries: int = TARGET_ENTRIES,
) -> dict:
    """Merge sealed/ of the given institution folders into out_dir/lookup/; returns what was written.

    `config` (portal.toml) is optional: without it the KDF parameters come from the sealed data,
    or from the nearest portal.toml when nothing is sealed yet.
    """
    sources = _sources(institution_folders)
    kdf = _kdf(sources, config, institution_folders)
    codes = sorted({code for code, _, _ in sources})
    index_of = {code: i for i, code in enumerate(codes)}
    folder_of = {Path(f).name: Path(f) for f in institution_folders}
    institutions = [{"credit_code": code, "name": _institution_name(folder_of[code])} for code in codes]
    lookup_dir = Path(out_dir) / urls.lookup_root()
    for dataset in DATASETS:  # only what this function writes: the lookup pages may already be there
        if (lookup_dir / urls.lookup_buckets(dataset)).exists():
            shutil.rmtree(lookup_dir / urls.lookup_buckets(dataset))
    lookup_dir.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": PROTOCOL,
        "kdf": kdf,
        "record_size": RECORD_SIZE,
        "entry_size": PUBLISHED_ENTRY_SIZE,
        "header_size": HEADER_SIZE,
        "institutions": institutions,
    }
    result = {"manifest": str(Path(out_dir) / urls.lookup_manifest()), "institutions": len(institutions)}
    for dataset in DATASETS:
        files = [(code, path) for code, d, path in sources if d == dataset]
        folder = lookup_dir / urls.lookup_buckets(dataset)
        info = _publish_dataset(dataset, files, index_of, folder, target_entries)
        manifest[dataset] = {
            "path": urls.lookup_buckets(dataset),
            "bucket_bits": info["bucket_bits"],
            "entries": info["entries"],
        }
        result[dataset] = info
    (Path(out_dir) / urls.lookup_manifest()).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return result


def _institution_name(folder: Path) -> str:
    """The name in the repository's institution.yaml: shown instead of the name inside a sealed record."""
    try:
        data = yaml.safe_load((folder / "institution.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


def _sources(folders: list[Path]) -> list[tuple[str, str, Path]]:
    """(credit code, dataset, sealed file) for every non-empty sealed file, with its summary checked."""
    sources = []
    for folder in sorted(Path(f) for f in folders):
        code = folder.name
        for dataset in DATASETS:
            path = sealed_path(folder, dataset)
            if not path.is_file() or path.stat().st_size == 0:
                continue
            if not (len(code) == 18 and code.isascii() and code.isalnum()):
                raise PortalError(f"{display_path(folder)}: 机构文件夹应以 18 位统一社会信用代码命名")
            sources.append((code, dataset, path))
    return sources


def _section(path: Path, dataset: str) -> dict:
    summary_path = path.parent / SUMMARY_NAME
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        section = summary[dataset]
    except (OSError, ValueError, KeyError, TypeError):
        raise PortalError(
            f"{display_path(summary_path)} 缺失或不完整：无法发布 {display_path(path)}。请让该机构重新运行 portal seal"
        ) from None
    if section.get("format") != PROTOCOL or section.get("record_size") != RECORD_SIZE:
        raise PortalError(f"{display_path(path)} 的封存格式与本门户不符：请让该机构用 --replace-all 重新封存")
    return section


def _kdf(sources, config: SealConfig | None, folders: list[Path]) -> dict | None:
    found: dict[str, list[str]] = defaultdict(list)
    for _code, dataset, path in sources:
        found[json.dumps(_section(path, dataset)["kdf"], sort_keys=True)].append(display_path(path))
    if config is None and not found:
        start = Path(folders[0]).parent if folders else Path.cwd()
        path = find_config(start) or find_config(Path.cwd())
        config = load_config(path) if path else None
    if config is not None:
        expected = json.dumps(config.kdf, sort_keys=True)
        wrong = [p for k, paths in found.items() if k != expected for p in paths]
        if wrong:
            raise PortalError(
                "以下封存数据的查询参数（迭代次数、盐）与 portal.toml 不同，无法发布："
                + "、".join(wrong)
                + "。请让这些机构用 --replace-all 重新封存"
            )
        return config.kdf
    if len(found) > 1:
        raise PortalError(
            "各机构封存数据的查询参数不一致，无法合并发布：" + "；".join("、".join(paths) for paths in found.values())
        )
    return json.loads(next(iter(found))) if found else None


def _entries(path: Path):
    """Sealed entries (bytes) of one sealed file, checked for size."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                entries = [base64.b64decode(e, validate=True) for e in json.loads(line)["e"]]
            except (ValueError, KeyError, TypeError):
                raise PortalError(f"{display_path(path)} 第 {number} 行不是有效的封存记录") from None
            for entry in entries:
                if len(entry) != SEALED_ENTRY_SIZE:
                    raise PortalError(f"{display_path(path)} 第 {number} 行的封存记录长度异常")
                yield entry


def _publish_dataset(dataset: str, files: list[tuple[str, Path]], index_of: dict, folder: Path, target: int) -> dict:
    """One pass over the sealed files: each entry goes to the temporary partition of its bucket id's top
    PARTITIONS_BITS bits, counted on the way; the number of bucket bits follows from the count, and each
    partition (about 1/256 of the entries) is then cut into its buckets in memory."""
    folder.mkdir(parents=True)
    sizes = []
    step = BUCKET_ID_SIZE + PUBLISHED_ENTRY_SIZE
    with tempfile.TemporaryDirectory(prefix="portal-publish-") as tmp:
        total = 0
        with ExitStack() as stack:
            parts = [stack.enter_context(open(Path(tmp) / f"{p}.part", "wb")) for p in range(1 << PARTITIONS_BITS)]
            for code, path in files:
                prefix = index_of[code].to_bytes(2, "big")
                for entry in _entries(path):
                    parts[entry[0] >> (8 - PARTITIONS_BITS)].write(entry[:BUCKET_ID_SIZE] + prefix + entry[4:])
                    total += 1
        bits = bucket_bits_for(total, target)
        # Fewer buckets than partitions (a small portal): all partitions are read as one.
        groups = (
            [[p] for p in range(1 << PARTITIONS_BITS)]
            if bits >= PARTITIONS_BITS
            else [list(range(1 << PARTITIONS_BITS))]
        )
        for group in groups:
            buckets: dict[int, list[bytes]] = defaultdict(list)
            for p in group:
                data = (Path(tmp) / f"{p}.part").read_bytes()
                for offset in range(0, len(data), step):
                    bucket_id = int.from_bytes(data[offset : offset + BUCKET_ID_SIZE], "big")
                    buckets[bucket_index(bucket_id, bits)].append(data[offset + BUCKET_ID_SIZE : offset + step])
            first = group[0] << max(0, bits - PARTITIONS_BITS) if bits >= PARTITIONS_BITS else 0
            count = 1 << (bits - PARTITIONS_BITS) if bits >= PARTITIONS_BITS else 1 << bits
            for index in range(first, first + count):
                entries = sorted(buckets.get(index, ()), key=lambda e: (e[2:], e[:2]))
                blob = MAGIC + len(entries).to_bytes(4, "big") + b"".join(entries)
                (folder / bucket_name(index, bits)).write_bytes(blob)
                sizes.append(len(blob))
    return {
        "entries": total,
        "bucket_bits": bits,
        "buckets": 1 << bits,
        "largest_bucket_bytes": max(sizes),
        "average_bucket_bytes": round(sum(sizes) / len(sizes)),
        "bytes": sum(sizes),
    }
