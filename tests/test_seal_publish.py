"""publish_lookup: merged bucket files, deterministic bytes, bounded bucket size, one KDF for all."""

from __future__ import annotations

import base64
import json
import random
import shutil
from pathlib import Path

import pytest
from seal_support import TEST_CONFIG, TEST_EMPLOYER, TODAY, certificate, copy_institution, write_csv

from generator.problems import PortalError
from generator.seal.config import SealConfig
from generator.seal.crypto import PROTOCOL, PUBLISHED_ENTRY_SIZE, RECORD_SIZE, SEALED_ENTRY_SIZE
from generator.seal.lookup import lookup
from generator.seal.publish import HEADER_SIZE, TARGET_ENTRIES, bucket_bits_for, publish_lookup
from generator.seal.sealer import seal_csv


def fake_institution(root: Path, code: str, entries: int, seed: int, config: SealConfig = TEST_CONFIG) -> Path:
    """An institution folder with `entries` random sealed entries (publish never decrypts)."""
    rng = random.Random(seed)
    folder = root / code
    (folder / "sealed").mkdir(parents=True)
    lines = []
    for _ in range(entries // 2):
        e = [base64.b64encode(rng.randbytes(SEALED_ENTRY_SIZE)).decode() for _ in range(2)]
        lines.append(json.dumps({"id": rng.randbytes(16).hex(), "m": "", "e": e}, separators=(",", ":")))
    (folder / "sealed" / "certificates.jsonl").write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    section = {"format": PROTOCOL, "kdf": config.kdf, "record_size": RECORD_SIZE, "total": entries // 2}
    (folder / "sealed" / "summary.json").write_text(json.dumps({"certificates": section}), encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("entries", "bits"), [(0, 0), (24, 0), (25, 1), (48, 1), (49, 2), (10_000, 9), (2_000_000, 17), (10**9, 24)]
)
def test_bucket_bits(entries, bits):
    assert bucket_bits_for(entries) == bits


def test_publish_is_deterministic(tmp_path):
    folders = [fake_institution(tmp_path / "inst", f"52440106MJT00000{i}X", 300, seed=i) for i in range(3)]
    publish_lookup(folders, tmp_path / "a")
    publish_lookup(list(reversed(folders)), tmp_path / "b")
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert a == b
    manifest = json.loads(a["lookup/manifest.json"])
    assert manifest["certificates"] == {"path": "certificates/", "bucket_bits": 6, "entries": 900}
    assert len([name for name in a if name.startswith("lookup/certificates/")]) == 64
    # a rerun replaces the bucket folders: nothing stale survives, and the lookup pages stay
    (tmp_path / "a" / "lookup" / "certificate").mkdir()
    (tmp_path / "a" / "lookup" / "certificate" / "index.html").write_text("page", encoding="utf-8")
    publish_lookup(folders[:1], tmp_path / "a")
    after = tree(tmp_path / "a")
    assert len([n for n in after if n.startswith("lookup/certificates/")]) == 16
    assert after["lookup/certificate/index.html"] == b"page"


def test_bucket_size_stays_small_however_many_records(tmp_path):
    folder = fake_institution(tmp_path / "inst", "52440106MJT000001K", 40_000, seed=7)
    info = publish_lookup([folder], tmp_path / "site")["certificates"]
    assert info["entries"] == 40_000
    assert info["bucket_bits"] == bucket_bits_for(40_000) == 11
    assert info["average_bucket_bytes"] <= HEADER_SIZE + TARGET_ENTRIES * PUBLISHED_ENTRY_SIZE
    assert info["largest_bucket_bytes"] < 40_000, "one lookup must fetch a few tens of KB at most"
    files = sorted((tmp_path / "site" / "lookup" / "certificates").iterdir())
    assert len(files) == 2048 and files[0].name == "000.bin" and files[-1].name == "7ff.bin"
    expected: dict[int, set[bytes]] = {}  # bucket → the entries' tags, from the sealed file itself
    for line in (folder / "sealed" / "certificates.jsonl").read_text("utf-8").splitlines():
        for entry in (base64.b64decode(e) for e in json.loads(line)["e"]):
            expected.setdefault(int.from_bytes(entry[:4], "big") >> (32 - 11), set()).add(entry[4:12])
    total = 0
    for index, path in enumerate(files):
        blob = path.read_bytes()
        count = int.from_bytes(blob[4:8], "big")
        assert blob[:4] == b"PLK1" and len(blob) == HEADER_SIZE + count * PUBLISHED_ENTRY_SIZE
        tags = {blob[HEADER_SIZE + n * PUBLISHED_ENTRY_SIZE + 2 :][:8] for n in range(count)}
        assert tags == expected.get(index, set()), path.name  # each entry in the bucket of its bucket id
        total += count
    assert total == 40_000


def test_mismatched_kdf_parameters_refuse_to_publish(tmp_path):
    a = fake_institution(tmp_path, "52440106MJT00000AX", 10, seed=1)
    b = fake_institution(tmp_path, "52440106MJT00000BX", 10, seed=2, config=SealConfig(2000, TEST_CONFIG.salt))
    with pytest.raises(PortalError, match="查询参数不一致"):
        publish_lookup([a, b], tmp_path / "site")
    with pytest.raises(PortalError, match=r"与 portal\.toml 不同"):
        publish_lookup([a, b], tmp_path / "site", config=TEST_CONFIG)


def test_nothing_sealed_still_gives_a_manifest(tmp_path):
    folder = tmp_path / "52440106MJT000001K"
    folder.mkdir()
    result_ = publish_lookup([folder], tmp_path / "site", config=TEST_CONFIG)
    manifest = json.loads((tmp_path / "site" / "lookup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kdf"] == TEST_CONFIG.kdf and manifest["institutions"] == []
    assert result_["certificates"]["entries"] == 0
    assert (tmp_path / "site" / "lookup" / "certificates" / "0.bin").read_bytes() == b"PLK1\0\0\0\0"


def test_publish_does_not_import_mkdocs():
    import subprocess
    import sys

    code = "import sys, generator.seal.publish, generator.seal.sealer; print('mkdocs' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent
    )
    assert out.stdout.strip() == "False"


def test_lookup_across_two_institutions(tmp_path):
    """The same person's (ID + name) finds records from every institution; entries stay bound to their sealer."""
    person = ("李四", "440106199003151282")
    one, two = copy_institution(tmp_path / "inst"), copy_institution(tmp_path / "inst", TEST_EMPLOYER)
    for folder, number in ((one, "S000144440106264000001"), (two, "Y000244440305264000001")):
        seal_csv(
            "certificates",
            write_csv(tmp_path / "c.csv", "certificates", [certificate(number, *person)]),
            folder,
            TEST_CONFIG,
            secret_path=tmp_path / f"{folder.name}.key",
            today=TODAY,
        )
    site = tmp_path / "site"
    publish_lookup([one, two], site)
    found = lookup(site, "c.id", person[1], person[0], TEST_CONFIG)
    assert sorted((r["certificate_no"], r["credit_code"]) for r in found) == [
        ("S000144440106264000001", "52440106MJT000001K"),
        ("Y000244440305264000001", "91440300MAT000001M"),
    ]
    # Copied into another institution's folder, an entry no longer opens (the credit code is its AAD).
    forged = tmp_path / "forged" / "52440106MJL0001001"
    shutil.copytree(two, forged)
    publish_lookup([one, forged], site)
    assert [r["certificate_no"] for r in lookup(site, "c.id", person[1], person[0], TEST_CONFIG)] == [
        "S000144440106264000001"
    ]


def test_the_institution_name_shown_is_the_one_in_the_repository(tmp_path):
    """A sealed record cannot show another institution's name: the manifest's name (institution.yaml) wins."""
    inst = copy_institution(tmp_path / "inst")
    seal_csv(
        "certificates",
        write_csv(
            tmp_path / "c.csv", "certificates", [certificate("S000144440106264000001", "李四", "440106199003151282")]
        ),
        inst,
        TEST_CONFIG,
        secret_path=tmp_path / "k.key",
        today=TODAY,
    )
    yaml_path = inst / "institution.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("测试用虚构职业技能评价中心", "改名后的评价中心"),
        encoding="utf-8",
    )
    publish_lookup([inst], tmp_path / "site")
    manifest = json.loads((tmp_path / "site" / "lookup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["institutions"] == [{"credit_code": "52440106MJT000001K", "name": "改名后的评价中心"}]
    found = lookup(tmp_path / "site", "c.no", "S000144440106264000001", "李四", TEST_CONFIG)
    assert [(r["credit_code"], r["institution_name"]) for r in found] == [("52440106MJT000001K", "改名后的评价中心")]
