"""Thin glue between the portal pipeline and mkdocs: files in, fragments out, index after.

Everything decided about content lives in the core (load, validate, views, render); this module only
hands those results to mkdocs. Moving to another site generator means rewriting this file alone.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from mkdocs.commands.build import get_context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from . import output, urls
from .build import SiteBuild, prepare_build
from .feeds.atom import FEED_TITLE
from .problems import PortalError
from .render import shell
from .seal.config import CONFIG_NAME, load_config
from .timings import stage


class PortalConfig(Config):
    institutions = config_options.Type(str, default="institutions")


class PortalPlugin(BasePlugin[PortalConfig]):
    # The build writes the pages outside the navigation itself, in shells of the theme's chrome (a string
    # join per page, not a template render). False hands every page to mkdocs: the way they looked before,
    # which tests/test_page_shells.py compares against byte for byte.
    write_outside_nav = True

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.target: Path | None = None  # the published folder, replaced only after a good build
        self.staging: Path | None = None
        self.serving = False  # `mkdocs serve` / `portal serve`: the dev server sets site_url itself
        self.shells: PageShells | None = None

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        self._take_site_url(config)
        config.extra["portal_changes_feed"] = urls.changes_feed()  # theme/main.html links it from every head
        config.extra["portal_changes_feed_title"] = FEED_TITLE
        # `portal build` stages itself; plain `mkdocs build` and `mkdocs serve` are staged here.
        self.target = self.staging = None
        if not output.is_staging(Path(config.site_dir)):
            self.target = Path(config.site_dir)
            try:
                self.staging = output.start(self.target)
            except PortalError as exc:
                raise Abort(exc.message) from None
            config.site_dir = str(self.staging)
        return config

    def _take_site_url(self, config) -> None:
        """The site address is set once, in portal.toml; mkdocs' dev server puts its own in its place."""
        path = Path(config.config_file_path).parent / CONFIG_NAME
        try:
            site_url = load_config(path).site_url if path.is_file() else ""
        except PortalError as exc:
            raise Abort(exc.message) from None
        if self.serving:
            return
        if config.site_url and config.site_url != site_url:
            raise Abort(
                f"网站地址只在 {CONFIG_NAME} 的 [site] url 中设置：请删除 mkdocs.yml 中的 site_url"
                f"（{config.site_url}），或把它写进 {CONFIG_NAME}"
            )
        config.site_url = site_url or None

    def _institutions_root(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.institutions

    def on_files(self, files, config):
        try:
            # The dev server runs threads (watcher, HTTP): no forked workers there (a lock held by one of
            # them at the fork would stay held in the child).
            jobs = 1 if self.serving else None
            self.build = prepare_build(self._institutions_root(config), config.site_url or "", jobs=jobs)
        except PortalError as exc:
            raise Abort(exc.message + "".join("\n" + p.format() for p in exc.problems)) from None
        # The files (data, feeds, schemas) are written now, as they are computed: the data page, which
        # mkdocs renders, shows their sizes. Only the pages in the navigation become mkdocs pages; the
        # build writes the others itself (on_post_build), each in a shell of the theme's chrome (PageShells).
        self.build.write_files(Path(config.site_dir))
        for page in self.build.nav_pages() if self.write_outside_nav else self.build.pages.values():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.source_name, content="", inclusion=inclusion))
        return files

    def on_nav(self, nav, config, files):
        self.shells = PageShells(config, nav, files)
        return nav

    def on_env(self, env, config, files):
        self.shells.env = env
        return env

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.build.pages.get(page.file.src_uri) if self.build else None
        if spec is None:
            return markdown
        page.meta.update(_page_meta(spec.title))
        return ""  # submitted data never passes through Markdown

    def on_template_context(self, context, template_name, config):
        if template_name == "sitemap.xml" and self.build and self.write_outside_nav:
            context["pages"] = self._sitemap_pages(context["pages"], config)
        return context

    def _sitemap_pages(self, mkdocs_pages, config):
        """mkdocs' pages, with the ones the build writes itself in the places they always had."""
        ours = {file.src_uri: file for file in mkdocs_pages if file.src_uri in self.build.pages}
        yield from (file for file in mkdocs_pages if file.src_uri not in self.build.pages)
        date = get_build_date()
        for page in self.build.pages.values():
            yield ours[page.source_name] if page.in_nav else _sitemap_entry(config.site_url, page.path, date)

    def on_page_content(self, html, page, config, files):
        # mkdocs reads every page before it writes any: our pages stay empty until on_page_context.
        return "" if self._ours(page) else html

    def on_page_context(self, context, page, config, nav):
        if self._ours(page):
            page.content = self.build.render(page.file.src_uri)  # rendered when written (streamed)
        return context

    def on_post_page(self, output, page, config):
        if self._ours(page):
            page.content = ""  # on disk now: let it go
        return output

    def _ours(self, page) -> bool:
        spec = self.build.pages.get(page.file.src_uri) if self.build else None
        return spec is not None and (spec.in_nav or not self.write_outside_nav)

    @event_priority(-100)  # last: the site is complete only after every other step
    def on_post_build(self, config):
        if self.build:
            if self.write_outside_nav:
                with stage("pages"):
                    self.build.write_pages(Path(config.site_dir), self.shells.shell)
            self.build.finish(Path(config.site_dir))
        if self.staging and self.target:
            output.commit(self.staging, self.target)

    def on_build_error(self, error):
        if self.staging:
            output.discard(self.staging)

    def on_serve(self, server, config, builder):
        server.watch(str(self._institutions_root(config)))
        server.builder = _keep_serving_on_failure(server.builder)
        return server


def _page_meta(title: str) -> dict:
    return {"title": title, "hide": ["navigation", "toc"]}  # data pages: tables get the full desktop width


def _sitemap_entry(site_url: str | None, path: str, date: str) -> SimpleNamespace:
    """What mkdocs' sitemap template reads of a page (Page._set_canonical_url)."""
    canonical = urljoin(site_url if site_url.endswith("/") else site_url + "/", path) if site_url else None
    page = SimpleNamespace(
        is_link=False,
        canonical_url=canonical,
        abs_url=urlsplit(canonical).path if canonical else None,
        update_date=date,
    )
    return SimpleNamespace(page=page)


class PageShells:
    """The theme's chrome for the pages the build writes itself, rendered once per kind of place.

    What the theme puts around a page outside the navigation depends on the page only through its
    title, its address and its content: links are relative, so they depend on how deep the page is and
    on how much of its path it shares with the files the chrome links to (get_relative_url). Pages
    alike in both share a shell; the title, address and content go into its slots (render/shell.py).
    """

    def __init__(self, config, nav, files):
        self.config, self.nav, self.files = config, nav, files
        self.env = None
        self.cache: dict[tuple, shell.Shell] = {}
        # Every path prefix of every file the chrome could link to (pages, theme assets, extra files).
        self.prefixes = {tuple(f.url.split("/")[:n]) for f in files for n in range(1, f.url.count("/") + 2)}

    def shell(self, path: str, content: str) -> shell.Shell:
        heading = "<h1" in content  # Material adds the title as a heading to content without one
        parts = tuple(path.strip("/").split("/")) if path else ()
        shared = 0
        while shared < len(parts) and parts[: shared + 1] in self.prefixes:
            shared += 1
        key = (len(parts), parts[:shared], heading)
        found = self.cache.get(key)
        if found is None:
            html = self._render(path, heading)
            found = shell.Shell.parse(html)
            if _links_to(html, "/".join(parts[shared:])):  # the chrome links this very page: it serves it alone
                return found
            self.cache[key] = found
        return found

    def _render(self, path: str, heading: bool) -> str:
        """One page at path rendered as mkdocs renders a page outside the navigation, with markers."""
        config = self.config
        page = Page(
            None, File.generated(config, f"{path}index.md", content="", inclusion=InclusionLevel.NOT_IN_NAV), config
        )
        page.read_source(config)
        page.meta = _page_meta(shell.TITLE)
        page.render(config, self.files)
        page.content = shell.CONTENT[:-1] + "<h1\x00" if heading else shell.CONTENT
        if page.canonical_url:
            page.canonical_url = page.canonical_url.removesuffix(path) + shell.PATH
        page.active = True
        context = get_context(self.nav, self.files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
        html = self.env.get_template(page.meta.get("template", "main.html")).render(context)
        return config.plugins.on_post_page(html, page=page, config=config)


def _links_to(html: str, rest: str) -> bool:
    """Whether an attribute of the chrome points at rest/ (a bare "11" in an icon's path data does not)."""
    return re.search('="[^"]*(?<![\\w.-])' + re.escape(rest) + "/", html) is not None


def _keep_serving_on_failure(rebuild):
    """mkdocs' dev server stalls every request after a failed rebuild; the staged build left the last
    good site in place, so report the error and let the server go on serving that site."""

    def rebuild_or_report():
        try:
            rebuild()
        except Exception as exc:  # noqa: BLE001 - the server must survive any failed rebuild
            if os.environ.get("PORTAL_DEBUG"):
                traceback.print_exc()
            print(exc if isinstance(exc, Abort) else "内部错误：生成网站时程序遇到了意外情况。", file=sys.stderr)
            print(
                "重新生成失败：仍在提供上一次成功生成的网站；改正上面列出的问题并保存后会自动更新。",
                file=sys.stderr,
                flush=True,
            )

    return rebuild_or_report
