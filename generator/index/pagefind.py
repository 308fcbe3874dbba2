"""Index the built site with Pagefind (extended build: it segments Chinese words at index time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .. import urls
from ..problems import PortalError
from .facets import write_facets
from .parts import write_parts_index

# The article body only: twice as fast as the whole page, and excerpts without navigation text.
ROOT_SELECTOR = "article"
# Pagefind's ready-made UIs are not published: they render index values as HTML. theme/assets/search.js
# uses the search API (pagefind.js) alone.
UNUSED_UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def index_site(site_dir: Path, excluded_prefixes: tuple[str, ...] = (), facets: Sequence[dict] = ()) -> int:
    """Write site_dir/pagefind/ for every HTML page except those under excluded_prefixes, the facets of the
    institutions (see facets.py) and where each institution stands in the search parts (see parts.py).
    Returns the number of pages indexed.

    The pages to index are hard-linked into a staging directory with the same layout, and Pagefind's
    command line indexes that directory. (Its Python service API was not kept: it stops the indexer as
    soon as the write request is answered, and a build was seen with pagefind.js cut at 32 KiB.)
    """
    site_dir = Path(site_dir)
    output = site_dir / urls.search_bundle()
    excluded = set(excluded_prefixes) | {urls.search_bundle()}
    pages = sorted(p for p in site_dir.rglob("*.html") if not _excluded(p.relative_to(site_dir).as_posix(), excluded))
    with tempfile.TemporaryDirectory(prefix=".pagefind-stage-", dir=site_dir.parent) as stage:
        for page in pages:
            _link(page, Path(stage) / page.relative_to(site_dir))
        _run_pagefind(Path(stage), output)
    for name in UNUSED_UI_FILES:
        (output / name).unlink(missing_ok=True)
    write_facets(site_dir, list(facets))
    write_parts_index(site_dir)
    return len(pages)


def _excluded(path: str, excluded: set[str]) -> bool:
    """Whether the site path or one of its folders is excluded (excluded paths are pages' and folders' paths,
    ending in "/", or files'): a set lookup per folder, where 100,000 excluded pages made startswith slow."""
    folders = path.split("/")[:-1]
    return path in excluded or any("/".join(folders[:n]) + "/" in excluded for n in range(1, len(folders) + 1))


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


def _run_pagefind(stage: Path, output: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(stage),
        "--output-path",
        str(output.resolve()),
        "--root-selector",
        ROOT_SELECTOR,
        "--force-language",
        "zh",
        "--silent",
    ]
    done = subprocess.run(command, check=False, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise PortalError(f"搜索索引生成失败（Pagefind 退出码 {done.returncode}）：{detail}")
