"""Thin glue between the portal pipeline and mkdocs: files in, fragments out, index after.

Everything decided about content lives in the core (load, validate, views, render); this module only
hands those results to mkdocs. Moving to another site generator means rewriting this file alone.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from . import output, urls
from .build import SiteBuild, prepare_build
from .feeds.atom import FEED_TITLE
from .problems import PortalError
from .seal.config import CONFIG_NAME, load_config


class PortalConfig(Config):
    institutions = config_options.Type(str, default="institutions")


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.target: Path | None = None  # the published folder, replaced only after a good build
        self.staging: Path | None = None
        self.serving = False  # `mkdocs serve` / `portal serve`: the dev server sets site_url itself

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
            self.build = prepare_build(self._institutions_root(config), config.site_url or "")
        except PortalError as exc:
            raise Abort(exc.message + "".join("\n" + p.format() for p in exc.problems)) from None
        for page in self.build.pages.values():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.source_name, content="", inclusion=inclusion))
        for extra in self.build.files:
            files.append(File.generated(config, extra.path, content=extra.content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.build.pages.get(page.file.src_uri) if self.build else None
        if spec is None:
            return markdown
        page.meta["title"] = spec.title
        page.meta["hide"] = ["navigation", "toc"]  # data pages: tables get the full desktop width
        return ""  # submitted data never passes through Markdown

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
        return self.build is not None and page.file.src_uri in self.build.pages

    @event_priority(-100)  # last: the site is complete only after every other step
    def on_post_build(self, config):
        if self.build:
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
