"""Index the built site with Pagefind (extended build: it segments Chinese words at index time)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

# The article body only: twice as fast as the whole page, and excerpts without navigation text.
ROOT_SELECTOR = "article"


def index_site(site_dir: Path, excluded_prefixes: tuple[str, ...] = ()) -> int:
    """Write site_dir/pagefind/ for every HTML page except those under excluded_prefixes. Returns pages indexed."""
    site_dir = Path(site_dir)
    pages = sorted(
        p for p in site_dir.rglob("*.html")
        if not _relative(p, site_dir).startswith(excluded_prefixes)
    )
    _run_to_completion(_write_index(site_dir, pages))
    return len(pages)


def _run_to_completion(coroutine) -> None:
    """asyncio.run, also when the caller already runs an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _relative(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _url(path: Path, site_dir: Path) -> str:
    rel = _relative(path, site_dir)
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


async def _write_index(site_dir: Path, pages: list[Path]) -> None:
    config = IndexConfig(output_path=str(site_dir / "pagefind"), root_selector=ROOT_SELECTOR, force_language="zh")
    async with PagefindIndex(config=config) as index:
        for page in pages:
            await index.add_html_file(content=page.read_text("utf-8"), url=_url(page, site_dir))
