"""Helpers for the seal tests: a fast test configuration, the synthetic test institution, a local
web server and headless Chromium. Kept free of mkdocs; Playwright is imported only when used."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import http.server
import shutil
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

from .config import SealConfig
from .records import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
TEST_INSTITUTION = ROOT / "tests" / "fixtures" / "synthetic" / "institutions" / "52440106MJT000001K"
TEST_EMPLOYER = ROOT / "tests" / "fixtures" / "synthetic" / "institutions" / "91440300MAT000001M"
TEST_CONFIG = SealConfig(iterations=1000, salt="test-salt/lookup/v1", site_url="https://portal.test/")
TODAY = dt.date(2026, 11, 24)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def write_config(folder: Path, config: SealConfig = TEST_CONFIG) -> Path:
    path = Path(folder) / "portal.toml"
    path.write_text(f'[site]\nurl = "{config.site_url}"\n\n[lookup]\niterations = {config.iterations}\n'
                    f'salt = "{config.salt}"\n', encoding="utf-8")
    return path


def copy_institution(folder: Path, source: Path = TEST_INSTITUTION) -> Path:
    target = Path(folder) / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sealed"))
    return target


def write_csv(path: Path, kind: str, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[kind], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def certificate(no: str, name: str, id_number: str, *, code="6-31-01-03", occupation="电工", level=4,
                issued="2026-06-20", status="valid") -> dict:
    return {"certificate_no": no, "name": name, "id_number": id_number, "occupation_code": code,
            "occupation": occupation, "level": str(level), "issue_date": issued, "status": status}


def result(ticket: str, name: str, id_number: str, *, plan="T-2026-05-DG4", code="6-31-01-03", level=4,
           theory="80", practical="75", comprehensive="", outcome="pass") -> dict:
    return {"ticket_no": ticket, "name": name, "id_number": id_number, "plan_id": plan, "occupation_code": code,
            "level": str(level), "theory_score": theory, "practical_score": practical,
            "comprehensive_score": comprehensive, "result": outcome}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        self.server.requests.append(self.path)
        super().do_GET()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 at a free port; yields (base URL, list of requested paths)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.requests
    finally:
        server.shutdown()
        server.server_close()


def shared_browser(request):
    """Generator for a module fixture: the session's Chromium (tests/conftest.py `browser`) when there is
    one — two sync Playwright instances cannot run in one thread — else a Chromium of our own."""
    import pytest

    try:
        shared = request.getfixturevalue("browser")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        yield shared
        return
    with chromium() as own:
        yield own


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("chromium not found (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
