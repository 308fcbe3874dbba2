"""Test support for the seal tests: a fast configuration, the synthetic test institutions, CSV rows
and a local web server that records what the browser asked for. The browser itself is conftest's."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import shutil
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT, _QuietHandler, _Server

from generator.seal.config import SealConfig
from generator.seal.records import columns_of

TEST_INSTITUTION = ROOT / "tests" / "fixtures" / "synthetic" / "institutions" / "52440106MJT000001K"
TEST_EMPLOYER = ROOT / "tests" / "fixtures" / "synthetic" / "institutions" / "91440300MAT000001M"
TEST_CONFIG = SealConfig(iterations=1000, salt="test-salt/lookup/v1", site_url="https://portal.test/")
TODAY = dt.date(2026, 11, 24)


def write_config(folder: Path, config: SealConfig = TEST_CONFIG) -> Path:
    path = Path(folder) / "portal.toml"
    path.write_text(
        f'[site]\nurl = "{config.site_url}"\n\n[lookup]\niterations = {config.iterations}\nsalt = "{config.salt}"\n',
        encoding="utf-8",
    )
    return path


def copy_institution(folder: Path, source: Path = TEST_INSTITUTION) -> Path:
    target = Path(folder) / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sealed"))
    return target


def write_csv(path: Path, dataset: str, rows: list[dict]) -> Path:
    """A CSV export with the required columns, plus the optional ones any row uses."""
    used = {key for row in rows for key, value in row.items() if value}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=columns_of(dataset, used), lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def certificate(
    no: str,
    name: str,
    id_number: str,
    *,
    code="6-31-01-03",
    occupation="电工",
    level=4,
    issued="2026-06-20",
    status="valid",
    status_date="",
    status_reason="",
) -> dict:
    return {
        "certificate_no": no,
        "name": name,
        "id_number": id_number,
        "occupation_code": code,
        "occupation": occupation,
        "level": str(level),
        "issue_date": issued,
        "status": status,
        "status_date": status_date,
        "status_reason": status_reason,
    }


def result(
    ticket: str,
    name: str,
    id_number: str,
    *,
    plan="T-2026-05-DG4",
    code="6-31-01-03",
    level=4,
    theory="80",
    practical="75",
    comprehensive="",
    outcome="pass",
) -> dict:
    return {
        "ticket_no": ticket,
        "name": name,
        "id_number": id_number,
        "plan_id": plan,
        "occupation_code": code,
        "level": str(level),
        "theory_score": theory,
        "practical_score": practical,
        "comprehensive_score": comprehensive,
        "result": outcome,
    }


class _RecordingHandler(_QuietHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()


@contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 at a free port; yields (base URL, list of requested paths)."""
    import threading

    server = _Server(("127.0.0.1", 0), functools.partial(_RecordingHandler, directory=str(directory)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.requests
    finally:
        server.shutdown()
        server.server_close()
