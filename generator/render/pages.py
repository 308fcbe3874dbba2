"""Which pages and files the site has, built from the catalog. Independent of any site generator.

A SitePage is rendered to an HTML fragment (the article body) by our own Jinja environment; the
site generator only wraps it in its theme. A SiteFile is published as is (schemas, data, feeds).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from ..model import KIND_NAMES, STATUS_NAMES
from ..pipeline import Catalog
from ..reference.indicators import SOURCE_NAME, indicator_system
from ..validate.schema import SCHEMA_KINDS, schema_file_name
from ..views.institution import institution_url, institution_view, region_text
from ..views.schema_doc import schema_docs
from .environment import render_template
from .format import page_title


@dataclass(frozen=True)
class SitePage:
    path: str  # directory URL relative to the site root: "" (home) or "institutions/<code>/"
    title: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = False
    searchable: bool = True

    @property
    def source_name(self) -> str:
        """The virtual Markdown source a site generator files this page under."""
        return f"{self.path}index.md"

    @property
    def base(self) -> str:
        """Relative prefix from this page to the site root, so the site works under any sub-path."""
        return "../" * self.path.count("/")


@dataclass(frozen=True)
class SiteFile:
    path: str
    content: bytes


def render_page(page: SitePage, today: dt.date) -> str:
    return render_template(page.template, base=page.base, today=today, **page.context)


def core_pages(catalog: Catalog, today: dt.date) -> list[SitePage]:
    pages = [
        _directory_page(catalog),
        SitePage("indicators/", "督导指标体系", "indicators.html", _indicator_context(), in_nav=True),
        SitePage("schema/", "公示数据格式", "schema.html", {"docs": schema_docs()}, in_nav=True),
        SitePage("search/", "搜索", "search.html", in_nav=True, searchable=False),
    ]
    for inst in catalog.institutions:
        pages.append(SitePage(institution_url(inst), page_title(inst.name), "institution.html",
                              institution_view(inst, today)))
    return pages


def schema_files(catalog: Catalog, today: dt.date) -> list[SiteFile]:
    schemas = resources.files("generator.schemas")
    return [
        SiteFile(f"schema/{schema_file_name(kind)}", schemas.joinpath(schema_file_name(kind)).read_bytes())
        for kind in SCHEMA_KINDS
    ]


# Each feature contributes pages and files through one function here: (catalog, today) -> list.
PAGE_SOURCES = [core_pages]
FILE_SOURCES = [schema_files]


def site_pages(catalog: Catalog, today: dt.date) -> list[SitePage]:
    return [page for source in PAGE_SOURCES for page in source(catalog, today)]


def site_files(catalog: Catalog, today: dt.date) -> list[SiteFile]:
    return [file for source in FILE_SOURCES for file in source(catalog, today)]


def _directory_page(catalog: Catalog) -> SitePage:
    institutions = sorted(catalog.institutions, key=lambda i: (i.region_code, i.credit_code))
    rows = [
        {
            "url": institution_url(i),
            "name": i.name,
            "region": region_text(i),
            "kind_name": KIND_NAMES[i.kind],
            "occupations": list(dict.fromkeys(s.occupation for s in i.scope)),
            "status": i.status,
            "status_name": STATUS_NAMES[i.status],
        }
        for i in institutions
    ]
    status_counts = Counter(i.status for i in institutions)
    counts = [f"{STATUS_NAMES[s]} {status_counts[s]} 家" for s in STATUS_NAMES if status_counts[s]]
    return SitePage("institutions/", "机构名录", "directory.html", {"rows": rows, "counts": counts}, in_nav=True)


def _indicator_context() -> dict:
    system = indicator_system()
    return {"preface": system.preface, "areas": system.areas, "source": SOURCE_NAME}
