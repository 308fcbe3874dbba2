"""A failed build never touches the published site: `portal build`, plain `mkdocs build`, `portal serve`."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
BROKEN_YAML = "name: [\n"
PORTAL = "import sys; from generator.cli import main; sys.exit(main())"


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file with its SHA-256, and every folder (an emptied folder must show up as a difference)."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        entries[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return entries


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project to break, with the sample site published in project/site."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("mkdocs.yml", "portal.toml", "content", "theme", "institutions"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    monkeypatch.chdir(copy)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795449600")
    assert main(["build", "--out", "public/site"]) == 0
    return copy


def _first_institution(project: Path) -> Path:
    return sorted((project / "institutions").iterdir())[0] / "institution.yaml"


def _build_fails_and_keeps_site(project: Path, capsys, expected_exit: int) -> str:
    site = project / "public" / "site"
    before, siblings = _fingerprint(site), _siblings(site)
    assert len(before) > 200
    assert main(["build", "--out", "public/site"]) == expected_exit
    assert _fingerprint(site) == before
    assert _siblings(site) == siblings, "the staging folder must be removed"
    return capsys.readouterr().err


def test_validation_error_keeps_the_previous_site(project, capsys):
    _first_institution(project).write_text(BROKEN_YAML, "utf-8")
    err = _build_fails_and_keeps_site(project, capsys, 1)
    assert "网站未生成" in err and "institution.yaml:2:1: YAML 语法" in err
    assert "原来的网站（public/site）保持不变" in err


def test_crash_in_the_indexer_keeps_the_previous_site(project, capsys, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("indexer crashed")

    monkeypatch.setattr("generator.build.index_site", crash)
    err = _build_fails_and_keeps_site(project, capsys, 70)
    assert "内部错误" in err and "原来的网站（public/site）保持不变" in err
    assert "Traceback" not in err


def test_crash_in_the_middle_of_mkdocs_keeps_the_previous_site(project, capsys, monkeypatch):
    """Some pages are already written when rendering the fifth generated page fails."""
    from generator.build import SiteBuild

    render, calls = SiteBuild.render, []

    def render_then_crash(self, source_name):
        calls.append(source_name)
        if len(calls) == 5:
            raise KeyError(source_name)
        return render(self, source_name)

    monkeypatch.setattr(SiteBuild, "render", render_then_crash)
    err = _build_fails_and_keeps_site(project, capsys, 70)
    assert len(calls) == 5 and "保持不变" in err


def test_a_good_build_replaces_the_site_and_leaves_nothing_beside_it(project, capsys):
    site = project / "public" / "site"
    yaml_file = _first_institution(project)
    yaml_file.write_text(yaml_file.read_text("utf-8").replace("示例", "新示例", 1), "utf-8")
    assert main(["build", "--out", "public/site"]) == 0
    assert _siblings(site) == []
    page = site / "institutions" / yaml_file.parent.name / "index.html"
    assert "新示例" in page.read_text("utf-8")
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask()), "the web server must read it"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_folder_that_is_not_a_site_is_never_replaced(project, capsys):
    notes = project / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine", "utf-8")
    assert main(["build", "--out", "notes"]) == 1
    assert "不像是生成的网站" in capsys.readouterr().err
    assert [p.name for p in notes.iterdir()] == ["keep.txt"]


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def test_plain_mkdocs_build_is_staged_through_the_plugin(project):
    site = project / "public" / "site"
    before = _fingerprint(site)
    yaml_file = _first_institution(project)
    good = yaml_file.read_text("utf-8")
    yaml_file.write_text(BROKEN_YAML, "utf-8")
    failed = _mkdocs(project, "build", "-d", "public/site")
    assert failed.returncode != 0 and "网站未生成" in failed.stdout + failed.stderr
    assert _fingerprint(site) == before and _siblings(site) == []

    yaml_file.write_text(good.replace("示例", "改名示例", 1), "utf-8")
    assert _mkdocs(project, "build", "-d", "public/site").returncode == 0
    assert _siblings(site) == []
    assert "改名示例" in (site / "institutions" / yaml_file.parent.name / "index.html").read_text("utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:  # not up yet, or a request held while a rebuild runs (the dev server waits for it)
        return 0, ""


def _wait_for(condition, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def _replace(path: Path, text: str) -> None:
    """Whole at once, as an editor saves: the server's file watcher never sees half a file."""
    partial = path.parents[2] / "saving.partial"  # outside the watched institutions/ folder
    partial.write_text(text, "utf-8")
    os.replace(partial, path)


def test_serve_keeps_serving_the_last_good_site_while_showing_the_error(project):
    yaml_file = _first_institution(project)
    good = yaml_file.read_text("utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}institutions/{yaml_file.parent.name}/"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-c", PORTAL, "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr: list[str] = []
    threading.Thread(target=lambda: stderr.extend(server.stderr), daemon=True).start()
    try:
        _wait_for(lambda: _get(page)[0] == 200, "the first build")
        name = good.split("\nname: ", 1)[1].split("\n", 1)[0]
        assert name in _get(page)[1]
        assert "livereload(" in _get(page)[1]  # the build writes this page itself; the server still reloads it

        _replace(yaml_file, good + BROKEN_YAML)
        _wait_for(lambda: any("网站未生成" in line for line in stderr), "the Chinese error")
        time.sleep(1)  # a wrong implementation would have emptied the served folder by now
        for url in (base, page, f"{base}search/", f"{base}pagefind/pagefind.js"):
            assert _get(url)[0] == 200, url
        assert name in _get(page)[1]
        assert any("重新生成失败：仍在提供上一次成功生成的网站" in line for line in stderr)
        assert not any("Traceback" in line for line in stderr)

        _replace(yaml_file, good.replace(name, "恢复后的示例机构", 1))
        _wait_for(lambda: "恢复后的示例机构" in _get(page)[1], "the rebuild after the fix")
        assert _get(f"{base}pagefind/pagefind.js")[0] == 200
    finally:
        server.send_signal(signal.SIGINT)  # lets mkdocs remove its temporary site folder
        try:
            server.wait(timeout=120)  # a rebuild under way finishes first; slow on a loaded machine
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
