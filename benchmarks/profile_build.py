"""Profile one full site build with pyinstrument (issue F8): where the build's own time goes.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/profile_build.py /tmp/portal-scale/demo-1000 --html /tmp/profile.html

The project folder is one that benchmarks/scale.py generates (it holds institutions/). The text report
(pyinstrument's call tree, frames under 1% of the time hidden) goes to stdout; --html writes the
interactive one. Pagefind runs in a child process: its time shows as one subprocess wait.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitebuild import build_from  # noqa: E402 - tests/ is put on the path just above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a demo project (with institutions/)")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    parser.add_argument("--interval", type=float, default=0.001, help="sampling interval in seconds")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795449600")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="portal-profile-") as scratch:
        profiler = Profiler(interval=args.interval)
        with profiler:
            build_from(args.project / "institutions", Path(scratch) / "site", Path(scratch) / "work")
    print(profiler.output_text(unicode=True, color=False, show_all=False, time="seconds"))
    if args.html:
        args.html.write_text(profiler.output_html(), "utf-8")


if __name__ == "__main__":
    main()
