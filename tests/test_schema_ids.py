"""The published JSON Schemas work in standard tools: the real check-jsonschema resolves their $refs
through their absolute $ids, against a site built and served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, serve_directory
from sitebuild import build_from

from generator.schemas import SCHEMAS, schema_file_name

CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
SAMPLE = ROOT / "institutions" / "91440300MA5GX1D2PL"
FILES = {"institution": "institution.yaml", "fees": "fees.yaml", "plans": "plans.yaml"}


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """A real build whose site address is a local server, so the $ids can be followed."""
    root = tmp_path_factory.mktemp("schema-ids")
    out = root / "site"
    out.mkdir()
    server = serve_directory(out)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_from(ROOT / "institutions", out, root / "work", site_url=url)
    yield out, url
    server.shutdown()


def check_jsonschema(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK_JSONSCHEMA, "--no-cache", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_every_published_schema_has_an_absolute_id_under_the_site(served_site):
    site, url = served_site
    for schema_name in SCHEMAS:
        schema = json.loads((site / "schema" / schema_file_name(schema_name)).read_text("utf-8"))
        assert schema["$id"] == f"{url}schema/{schema_file_name(schema_name)}"


@pytest.mark.parametrize("schema_name", list(FILES))
def test_check_jsonschema_resolves_refs_from_a_downloaded_schema_file(served_site, tmp_path, schema_name):
    """What a submitter does: save the schema file anywhere, validate their YAML against it."""
    site, _ = served_site
    schema = tmp_path / schema_file_name(schema_name)  # alone in a folder: common.schema.json must come from the site
    shutil.copy(site / "schema" / schema_file_name(schema_name), schema)
    result = check_jsonschema("--schemafile", str(schema), str(SAMPLE / FILES[schema_name]), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def test_check_jsonschema_with_the_schema_url_reports_a_real_mistake(served_site, tmp_path):
    _, url = served_site
    broken = tmp_path / "institution.yaml"
    text = (SAMPLE / "institution.yaml").read_text("utf-8")
    broken.write_text(text.replace("website: https://example.com/sz-electric", "website: javascript:alert(1)"), "utf-8")
    result = check_jsonschema("--schemafile", f"{url}schema/institution.schema.json", str(broken), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "website" in result.stdout and "Unresolvable" not in result.stdout + result.stderr


def test_without_an_absolute_id_the_tool_cannot_resolve_refs(tmp_path):
    """The reason for the $ids: the shipped source schema (relative $id) fails outside the repository."""
    shutil.copy(ROOT / "generator" / "schemas" / "institution.schema.json", tmp_path)
    result = check_jsonschema(
        "--schemafile", str(tmp_path / "institution.schema.json"), str(SAMPLE / "institution.yaml"), cwd=tmp_path
    )
    assert result.returncode != 0
    assert "common.schema.json" in result.stdout + result.stderr
