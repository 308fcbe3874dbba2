"""The sealed sample data in institutions/*/sealed/: real parameters, and the README's lookups work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seal_support import ROOT, TODAY

from generator.recordformat import DATASETS
from generator.seal.config import load_config
from generator.seal.crypto import SEALED_ENTRY_SIZE
from generator.seal.lookup import lookup
from generator.seal.publish import publish_lookup
from generator.seal.sealer import check_csv, load_institution

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
LOOKUPS = json.loads((SYNTHETIC / "lookups.json").read_text(encoding="utf-8"))
SEALED = sorted(p.parent.parent for p in (ROOT / "institutions").glob("*/sealed/summary.json"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    publish_lookup(sorted(p for p in (ROOT / "institutions").iterdir() if p.is_dir()), out)
    return out


def test_sample_data_is_sealed_with_the_real_parameters():
    config = load_config(ROOT / "portal.toml")
    assert config.iterations >= 600_000
    assert len(SEALED) >= 3
    for folder in SEALED:
        summary = json.loads((folder / "sealed" / "summary.json").read_text(encoding="utf-8"))
        for dataset in DATASETS:
            if dataset in summary:
                assert summary[dataset]["kdf"] == config.kdf, folder.name
    revoked = sum(
        json.loads((f / "sealed" / "summary.json").read_text(encoding="utf-8"))
        .get("certificates", {})
        .get("by_status", {})
        .get("revoked", 0)
        for f in SEALED
    )
    assert revoked >= 1


def test_sealed_files_are_well_formed_and_sorted():
    import base64

    for folder in SEALED:
        for dataset in DATASETS:
            path = folder / "sealed" / f"{dataset}.jsonl"
            if not path.exists():
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            assert lines == sorted(lines)
            for line in lines:
                record = json.loads(line)
                assert set(record) == {"id", "m", "e"} and len(record["e"]) == 2
                assert all(len(base64.b64decode(e)) == SEALED_ENTRY_SIZE for e in record["e"])


@pytest.mark.parametrize("case", LOOKUPS, ids=[f"{c['domain']}-{c['identifier']}-{c['name']}" for c in LOOKUPS])
def test_readme_lookups(site, case):
    config = load_config(ROOT / "portal.toml")
    records = lookup(site, case["domain"], case["identifier"], case["name"], config)
    assert sorted(r.get("status") or r.get("result") for r in records) == case["expect"]
    if "shows" in case:  # the revocation sealed after the format gained status_date and status_reason
        date, reason = case["shows"]
        [record] = records
        assert (record["status_date"], record["status_reason"]) == (
            "-".join(f"{int(n):02d}" for n in date.replace("年", "-").replace("月", "-").rstrip("日").split("-")),
            reason,
        )


def test_records_sealed_before_the_revocation_fields_still_open(site):
    """Sample institutions sealed with the earlier format (no status_date/status_reason) still answer."""
    config = load_config(ROOT / "portal.toml")
    resealed = "52440106MJL0001001"  # its certificates were sealed again with the revocation's date and reason
    found = [r for c in LOOKUPS if c["expect"] for r in lookup(site, c["domain"], c["identifier"], c["name"], config)]
    older = [r for r in found if r["record_type"] == "r" or r["credit_code"] != resealed]
    assert {r["credit_code"] for r in older} >= {"91440300MA5GX1D2PL", "52510107MJ0B234568"}
    assert any(r["status"] == "valid" for r in older if r["record_type"] == "c")
    assert all("status_date" not in r and "status_reason" not in r for r in older)


def test_readme_lists_every_lookup():
    readme = (SYNTHETIC / "README.md").read_text(encoding="utf-8")
    assert "虚构" in readme
    for case in LOOKUPS:
        assert f"`{case['identifier']}` | {case['name']} |" in readme, case


@pytest.mark.parametrize("csv_path", sorted(SYNTHETIC.glob("*/*.csv")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_csvs_still_fit_their_institutions(csv_path: Path):
    """The institutions' plans and scope may change; the sample rows must stay valid against them."""
    dataset = "results" if csv_path.name == "results.csv" else "certificates"
    check_csv(dataset, csv_path, load_institution(ROOT / "institutions" / csv_path.parent.name), TODAY)
