"""Thin glue between the portal pipeline and mkdocs: files in, fragments out, index after.

Everything decided about content lives in the core (load, validate, views, render); this module only
hands those results to mkdocs. Moving to another site generator means rewriting this file alone.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from .build import SiteBuild, prepare_build
from .problems import PortalError


class PortalConfig(Config):
    institutions = config_options.Type(str, default="institutions")


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self):
        self.build: SiteBuild | None = None

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
        return ""  # submitted data never passes through Markdown

    def on_page_content(self, html, page, config, files):
        if self.build and page.file.src_uri in self.build.pages:
            return self.build.render(page.file.src_uri)
        return html

    def on_post_build(self, config):
        if self.build:
            self.build.finish(Path(config.site_dir))

    def on_serve(self, server, config, builder):
        server.watch(str(self._institutions_root(config)))
        return server

