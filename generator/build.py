"""One site build, independent of the site generator: load → validate → model → pages → index/seal."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import timings, urls
from .check import Auditor, load_audit_settings
from .clock import build_today
from .index.facets import facet_entries
from .index.pagefind import index_site
from .parallel import copying_jobs, default_jobs, forked_map
from .pipeline import load_catalog, read_git_facts
from .problems import DataInvalid
from .render.pages import SiteContext, SiteFile, SitePage, render_page, site_files, site_pages
from .render.shell import Shell
from .seal.publish import publish_lookup
from .timings import stage


@dataclass
class SiteBuild:
    today: dt.date
    pages: dict[str, SitePage] = field(default_factory=dict)  # keyed by virtual source name
    files: Iterable[SiteFile] = ()  # computed anew each time it is iterated (SiteFiles)
    institution_folders: list[Path] = field(default_factory=list)
    search_facets: list[dict] = field(default_factory=list)
    jobs: int = 1  # processes that write the pages (parallel.copying_jobs())

    def render(self, source_name: str) -> str:
        """The page's HTML fragment, computed now: call it when the page is written, and drop the result
        once it is on disk, so that memory does not hold every page of the site."""
        with stage("render"):
            return render_page(self.pages[source_name], self.today)

    def nav_pages(self) -> Iterator[SitePage]:
        """The pages the site generator renders itself (the few in its navigation)."""
        return (page for page in self.pages.values() if page.in_nav)

    def write_pages(self, site_dir: Path, shell_for: Callable[[str, str], Shell]) -> int:
        """Write every page outside the navigation as site_dir/<path>/index.html, one page at a time
        (rendered, written, dropped), each in a copy of the theme's chrome.

        shell_for(path, content) -> the chrome for a page at that path with that content (the site
        generator's glue renders and caches it).
        The national pages, which read institutions all over the country, are written here first; the
        build's jobs then share the province pages, each taking a run of whole provinces
        (SitePage.province), so that each forked process reads, and so copies, only its part of the catalog."""
        pages = sorted((page for page in self.pages.values() if not page.in_nav), key=lambda p: (p.province, p.path))
        national = [page for page in pages if not page.province]
        provincial = pages[len(national) :]
        jobs = max(1, min(self.jobs, len(provincial) // MIN_PAGES_PER_JOB))
        if jobs == 1:
            return self._write(pages, site_dir, shell_for)
        self._write(national, site_dir, shell_for)
        runs = _province_runs(provincial, jobs)
        for totals in forked_map(
            _write_run, runs, len(runs), pages=provincial, build=self, site_dir=site_dir, shell_for=shell_for
        ):
            timings.add(totals)
        return len(pages)

    def _write(self, pages: list[SitePage], site_dir: Path, shell_for: Callable[[str, str], Shell]) -> int:
        for page in pages:
            content = self.render(page.source_name)
            with stage("write"):
                html = shell_for(page.path, content).fill(title=page.title, path=page.path, content=content)
                target = site_dir / page.path / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))  # as mkdocs writes pages
        return len(pages)

    def write_files(self, site_dir: Path) -> int:
        """Write the site's files (schemas, open data, feeds) as they are computed, one at a time: before the
        pages, since the data page shows what was published (SiteContext.published)."""
        written = 0
        with stage("files"):
            for file in self.files:
                target = site_dir / file.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file.content)
                written += 1
        return written

    def finish(self, site_dir: Path) -> None:
        """After the generator wrote its HTML: merge the sealed lookup records, build the search index.
        The pages are on disk by then, so the build lets go of them (and of the catalog they read)
        before Pagefind, a process of its own that needs as much memory again, starts."""
        not_indexed = self.not_indexed()
        self.release()
        with stage("lookup_publish"):
            publish_lookup(self.institution_folders, site_dir)
        with stage("pagefind"):
            index_site(site_dir, not_indexed, self.search_facets)

    def release(self) -> None:
        self.pages = {}
        self.files = ()
        _give_back_memory()

    def not_indexed(self) -> tuple[str, ...]:
        """Paths kept out of search: the fixed ones and every page marked searchable=False."""
        return urls.not_indexed() + tuple(page.path for page in self.pages.values() if not page.searchable)


@dataclass(frozen=True)
class SiteFiles:
    """The site's files, computed when iterated (render/pages.site_files) rather than held all at once."""

    context: SiteContext

    def __iter__(self) -> Iterator[SiteFile]:
        return site_files(self.context)


def prepare_build(institutions_root: Path, site_url: str = "", jobs: int | None = None) -> SiteBuild:
    """site_url: the published address (mkdocs site_url); feeds link back to it.
    jobs: processes that read git and load the institutions (default: parallel.default_jobs()). The steps
    whose workers copy the catalog (calendar events, pages) use parallel.copying_jobs(); with jobs=1 (the
    dev server, whose threads forbid forks) everything stays in this process."""
    writers = 1 if jobs == 1 else copying_jobs()
    jobs = jobs or default_jobs()
    settings = load_audit_settings(institutions_root)
    with stage("git_history"):
        git = read_git_facts(institutions_root, settings.branch, jobs=jobs)
    today = build_today()
    with stage("load_validate_check"):
        catalog = load_catalog(
            institutions_root,
            git=git,
            audit=_timed(Auditor(today, git.history, settings)),
            jobs=jobs,
        )
    if catalog.errors:
        raise DataInvalid(
            f"机构公示材料有 {len(catalog.errors)} 个错误，网站未生成。请先运行 portal check 并改正：",
            catalog.errors,
        )
    context = SiteContext(catalog, today, site_url, history=git.history, audit_settings=settings, jobs=writers)
    with stage("views"):
        return SiteBuild(
            today=context.today,
            pages={p.source_name: p for p in site_pages(context)},
            files=SiteFiles(context),
            institution_folders=[i.folder for i in catalog.institutions],
            search_facets=facet_entries(catalog.institutions),
            jobs=writers,
        )


MIN_PAGES_PER_JOB = 500  # below this a forked writer costs more than it saves


def _province_runs(pages: list[SitePage], jobs: int) -> list[range]:
    """About equal runs of pages (sorted by province) that never cut a province in two: each run ends at
    the province boundary nearest its equal share."""
    boundaries = [n for n in range(1, len(pages)) if pages[n].province != pages[n - 1].province]
    runs, start = [], 0
    for n in range(1, jobs):
        share = len(pages) * n // jobs
        cut = min((b for b in boundaries if b > start), key=lambda b: abs(b - share), default=len(pages))
        runs.append(range(start, cut))
        start = cut
    runs.append(range(start, len(pages)))
    return [run for run in runs if run]


def _write_run(run: range, pages: list[SitePage], build: SiteBuild, site_dir: Path, shell_for) -> dict[str, float]:
    """One forked writer's run of pages; its stage timings go back to the parent."""
    timings.taken()  # the parent's totals came with the fork: count only this writer's
    build._write(pages[run.start : run.stop], site_dir, shell_for)
    return timings.taken()


def _give_back_memory() -> None:
    """Collect what was let go and hand the freed heap back to the system, so that the processes started
    next (Pagefind) find it free."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory is reused, not returned early
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _timed(audit):
    """The audit, with its time counted as the check stage (it runs inside loading, per institution)."""

    def timed_audit(*args):
        with stage("check"):
            return audit(*args)

    return timed_audit
