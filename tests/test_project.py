"""The promises the README makes to a newcomer and to CI."""

from __future__ import annotations

import re

from conftest import ROOT


def _first_code_block() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert text.index("```bash") < text.index("\n## ")
    commands = [line.split("#")[0].strip() for line in _first_code_block()]
    assert commands == ["./scripts/serve", "./scripts/test"]
    for command in commands:
        assert (ROOT / command).stat().st_mode & 0o111, f"{command} must be executable"


def test_serve_command_serves_on_port_8000():
    assert "portal serve --addr 127.0.0.1:8000" in (ROOT / "scripts" / "serve").read_text("utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "./scripts/test" in ci
    script = (ROOT / "scripts" / "test").read_text("utf-8")
    assert "apt-get install" in script and "chromium" in script and "fonts-noto-cjk" in script
    assert "axe-core" in script and "pytest" in script
