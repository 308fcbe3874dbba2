"""Property (issue 7 item 5): whatever `portal check` accepts, `portal build` builds.

Hypothesis generates whole institution folders, valid in shape and hostile in content (markup,
template syntax, quotes, emoji, right-to-left text, control and bidi characters, dates and numbers at
the bounds). Each one goes through check; what check accepts goes through the build: every page is
rendered and every machine-readable file (Atom, iCalendar, JSON, CSV) is produced and parsed. What
check refuses must be refused with located Chinese problems. Two real `portal build` runs (mkdocs and
Pagefind) then build sites from generated institutions.

Budget: 40 generated folders through check and the core build, 2 real builds of 3 institutions.
Derandomized: the same examples on every run, so a failure reproduces.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import build_from
from strategies import dump, institution_files

from generator.build import prepare_build
from generator.pipeline import load_catalog

CHINESE = re.compile(r"[\u4e00-\u9fff]")
MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
CORE_BUILDS = 40
REAL_BUILDS = 2


def _write(root: Path, institutions: list[tuple[str, dict]]) -> None:
    for code, files in institutions:
        folder = root / code
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_text(dump(data), "utf-8")


def _check_outputs(files) -> None:
    """Every machine-readable output parses; submitted markup never appears as markup."""
    for item in files:
        name, content = item.path, item.content
        if name.endswith((".xml", ".atom")):
            ET.fromstring(content)
        elif name.endswith(".json"):
            json.loads(content)
        elif name.endswith(".csv"):
            list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        elif name.endswith(".ics"):
            content.decode("utf-8")


def test_what_check_accepts_the_core_build_builds():
    outcomes = {"accepted": 0, "refused": 0}

    @settings(
        max_examples=CORE_BUILDS,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(institution_files())
    def check_then_build(institution):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "institutions"
            _write(root, [institution])
            errors = load_catalog(root).errors
            if errors:
                outcomes["refused"] += 1
                for problem in errors:
                    assert problem.line >= 1 and problem.column >= 1, problem
                    assert CHINESE.search(problem.message), problem
                return
            outcomes["accepted"] += 1
            build = prepare_build(root)
            html = "".join(build.render(name) for name in build.pages)
            assert not any(markup in html for markup in MARKUP)
            _check_outputs(build.files)

    check_then_build()
    # the strategy is useful only if both sides are exercised
    assert outcomes["accepted"] >= CORE_BUILDS // 4, outcomes
    assert outcomes["refused"] >= 1, outcomes


def test_real_builds_of_generated_institutions(tmp_path):
    built = []

    @settings(
        max_examples=REAL_BUILDS,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(institution_files(hostile=False), min_size=3, max_size=3, unique_by=lambda i: i[0]))
    def real_build(institutions):
        run = tmp_path / f"run{len(built)}"
        _write(run / "institutions", institutions)
        assert load_catalog(run / "institutions").errors == []
        site = build_from(run / "institutions", run / "site", run / "work")
        for code, _ in institutions:
            page = (site / "institutions" / code / "index.html").read_text("utf-8")
            assert not any(markup in page for markup in MARKUP)
        for feed in site.rglob("*.xml"):
            ET.parse(feed)
        built.append(run)

    real_build()
    assert len(built) == REAL_BUILDS
