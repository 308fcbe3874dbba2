"""Which pages and files the site has, built from the catalog. Independent of any site generator.

A SitePage is rendered to an HTML fragment (the article body) by our own Jinja environment; the
site generator only wraps it in its theme. A SiteFile is published as is (schemas, data, feeds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from .. import urls
from ..check import rules_in_order
from ..check.settings import AuditSettings
from ..feeds.atom import atom_files
from ..feeds.ical import calendar_files
from ..feeds.opendata import opendata_files
from ..feeds.shards import province_of
from ..format import page_title
from ..load.history import History
from ..model import Catalog
from ..reference.indicators import SOURCE_NAME, indicator_system
from ..schemas import SCHEMAS, published_schema, schema_file_name
from ..views.calendar import calendar_index_view, calendar_part_view, open_count, upcoming_plans
from ..views.channels import missing_channel_groups
from ..views.complaints import complaints_index_view, complaints_part_view
from ..views.dashboard import dashboard_index_view, dashboard_part_view, failing_count
from ..views.directory import (
    directory_facets,
    directory_index_view,
    directory_part_view,
    in_region_order,
)
from ..views.fee_comparison import comparison_part_view, comparison_view, fee_comparisons, fee_index_view
from ..views.findings import findings_summary
from ..views.history import history_view
from ..views.inspection_overview import (
    inspections_index_view,
    inspections_part_view,
    supervision_figures,
    under_supervision,
)
from ..views.institution import institution_view
from ..views.lookup import lookup_view
from ..views.opendata import data_view
from ..views.outcomes import outcomes_view, province_medians
from ..views.rules import rule_view, rules_by_indicator, rules_index_view
from ..views.schema_doc import schema_view
from ..views.search_parts import search_part_view, search_parts
from ..views.split import by_province, city_starts, list_parts, province_links
from .environment import render_template


@dataclass(frozen=True)
class SitePage:
    path: str  # directory URL relative to the site root (from generator.urls): "" (home) or "institutions/<code>/"
    title: str
    template: str
    # The template's variables, or a function that computes them when the page is rendered: the pages
    # there are one of per institution are computed lazily, so a build never holds all their views at once.
    context: dict | Callable[[], dict] = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = False
    searchable: bool = True  # False keeps the page out of the search index (see SiteBuild.not_indexed)
    # The province whose institutions the page reads ("" for the national pages): processes that share
    # the writing take whole provinces, so that each reads (and copies) only its part of the catalog.
    province: str = ""

    @property
    def source_name(self) -> str:
        """The virtual Markdown source a site generator files this page under."""
        return f"{self.path}index.md"


@dataclass(frozen=True)
class SiteFile:
    path: str
    content: bytes


def render_page(page: SitePage, today: dt.date) -> str:
    context = page.context() if callable(page.context) else page.context
    return render_template(page.template, urls=urls.PageUrls(page.path), today=today, **context)


@dataclass(frozen=True)
class SiteContext:
    """What every page and file source may read."""

    catalog: Catalog
    today: dt.date
    site_url: str = ""  # the published address; feeds and calendars must carry absolute links
    history: History | None = None  # the institutions' history on main (check stage evidence)
    audit_settings: AuditSettings = field(default_factory=AuditSettings)  # [history] and [repository]
    # What publishing the files taught the pages that describe them (the data page shows data/index.json),
    # recorded by open_data_files while the files themselves go to disk one at a time.
    published: dict[str, bytes] = field(default_factory=dict, compare=False)
    jobs: int = 1  # processes that serialize the calendars' events (parallel.copying_jobs(): they copy the catalog)

    def evidence_link(self, evidence) -> str | None:
        return self.audit_settings.evidence_url(evidence.file, evidence.commit, evidence.line)

    def data_index(self) -> bytes:
        """The open data index (urls.data_index()) as the build published it; made now (the files dropped) if not yet."""
        if urls.data_index() not in self.published:
            for _ in open_data_files(self):
                pass
        return self.published[urls.data_index()]


def core_pages(ctx: SiteContext) -> list[SitePage]:
    pages = [
        *directory_pages(ctx),
        SitePage(urls.indicators(), "督导指标体系", "indicators.html", _indicator_context(), in_nav=True),
        SitePage(urls.schema(), "公示数据格式", "schema.html", schema_view(), in_nav=True),
        SitePage(
            urls.search(),
            "搜索",
            "search.html",
            {"facets": directory_facets(ctx.catalog.institutions)},
            in_nav=True,
            searchable=False,
        ),
    ]
    medians = province_medians(ctx.catalog.institutions)
    for inst in ctx.catalog.institutions:
        pages.append(
            SitePage(
                urls.institution(inst.credit_code),
                page_title(inst.name),
                "institution.html",
                partial(_institution_context, inst, ctx, medians),
                searchable=False,  # search finds institutions in the search parts (search_part_files)
                province=province_of(inst),
            )
        )
    return pages


def split_pages(title: str, template: str, groups: dict[str, list], path_of, view, city_of=None) -> list[SitePage]:
    """A list's province pages (paginated, see views/split.py); each computes its view when rendered.
    They stay out of the nav and the search index: the index page and the institution pages are there."""
    pages = []
    for code, items in groups.items():
        cities = city_starts(items, city_of, path_of) if city_of else None
        for part in list_parts(code, items):
            pages.append(
                SitePage(
                    path_of(code, part.number),
                    part.title(title),
                    template,
                    partial(view, part, cities),
                    searchable=False,
                    province=code,
                )
            )
    return pages


def _city(inst) -> tuple[str, str]:
    return inst.region_code[:4], inst.city


def _by_province(institutions) -> dict[str, list]:
    return by_province(in_region_order(institutions), province_of)


def directory_pages(ctx: SiteContext) -> list[SitePage]:
    institutions = ctx.catalog.institutions
    groups = _by_province(institutions)
    facets = directory_facets(institutions)
    provinces = province_links(groups, urls.directory_province)
    index = directory_index_view(institutions, provinces, facets)
    return [
        SitePage(urls.directory(), "机构名录", "directory.html", index, in_nav=True),
        *split_pages(
            "机构名录",
            "directory_province.html",
            groups,
            urls.directory_province,
            partial(directory_part_view, facets=facets),
            _city,
        ),
    ]


def _institution_context(inst, ctx: SiteContext, medians: dict) -> dict:
    return {
        **institution_view(inst, ctx.today),
        "checks": findings_summary(inst.findings, ctx.evidence_link),
        "outcomes": outcomes_view(inst, medians),
    }


def fee_comparison_pages(ctx: SiteContext) -> list[SitePage]:
    comparisons = fee_comparisons(ctx.catalog.institutions, ctx.today)
    index = SitePage(urls.fees(), "收费对比", "fees_index.html", fee_index_view(comparisons), in_nav=True)
    pages = [index]
    for c in comparisons:
        pages.append(
            SitePage(
                urls.fee_comparison(c.slug), page_title(c.title), "fee_comparison.html", partial(comparison_view, c)
            )
        )
        pages += split_pages(
            c.title,
            "fee_comparison_province.html",
            c.by_province(),
            partial(urls.fee_comparison_province, c.slug),
            partial(comparison_part_view, c),
        )
    return pages


def complaints_pages(ctx: SiteContext) -> list[SitePage]:
    institutions = ctx.catalog.institutions
    groups = _by_province(institutions)
    provinces = province_links(groups, urls.complaints_province, missing=_missing_count)
    index = complaints_index_view(institutions, provinces)
    return [
        SitePage(urls.complaints(), "投诉与查询", "complaints.html", index, in_nav=True),
        *split_pages(
            "投诉与查询", "complaints_province.html", groups, urls.complaints_province, complaints_part_view, _city
        ),
    ]


def _missing_count(institutions) -> int:
    """Institutions that left a channel group empty."""
    return sum(1 for i in institutions if missing_channel_groups(i.channels))


def calendar_pages(ctx: SiteContext) -> list[SitePage]:
    plans = upcoming_plans(ctx.catalog, ctx.today)
    groups = by_province(plans, lambda p: province_of(p[0]))
    provinces = province_links(groups, urls.calendar_province, open=partial(open_count, today=ctx.today))
    index = calendar_index_view(ctx.catalog, plans, provinces, ctx.today, ctx.site_url)
    return [
        SitePage(urls.calendar(), "评价计划日历", "calendar.html", index, in_nav=True),
        *split_pages(
            "评价计划日历",
            "calendar_province.html",
            groups,
            urls.calendar_province,
            partial(calendar_part_view, ctx.catalog, ctx.today),
        ),
    ]


def open_data_pages(ctx: SiteContext) -> list[SitePage]:
    return [
        SitePage(
            urls.data(),
            "开放数据",
            "data.html",
            lambda: data_view(ctx.catalog, ctx.data_index(), ctx.site_url),
            in_nav=True,
        )
    ]


def lookup_pages(ctx: SiteContext) -> list[SitePage]:
    """The lookup pages carry no data: the browser fetches one sealed bucket (see generator/seal)."""
    return [
        SitePage(
            urls.lookup("certificate"),
            "证书查询",
            "lookup.html",
            lookup_view("certificate"),
            in_nav=True,
            searchable=False,
        ),
        SitePage(
            urls.lookup("result"), "成绩查询", "lookup.html", lookup_view("result"), in_nav=True, searchable=False
        ),
    ]


def history_pages(ctx: SiteContext) -> list[SitePage]:
    """One change history page per institution, linked from its page."""
    return [
        SitePage(
            urls.institution_history(inst.credit_code),
            page_title(f"{inst.name} · 变更记录"),
            "history.html",
            partial(history_view, inst, ctx.history, ctx.audit_settings),
            searchable=False,
            province=province_of(inst),
        )
        for inst in ctx.catalog.institutions
    ]


def inspection_pages(ctx: SiteContext) -> list[SitePage]:
    supervised = [i for i in ctx.catalog.institutions if under_supervision(i, ctx.today)]
    groups = _by_province(supervised)

    def figure(name):
        return lambda institutions: supervision_figures(institutions, ctx.today)[name]

    provinces = province_links(
        groups, urls.inspections_province, recent=figure("recent"), open=figure("open"), overdue=figure("overdue")
    )
    index = inspections_index_view(supervised, provinces, ctx.today)
    return [
        SitePage(urls.inspections(), "督导与整改", "inspections.html", index, in_nav=True, searchable=False),
        *split_pages(
            "督导与整改",
            "inspections_province.html",
            groups,
            urls.inspections_province,
            partial(inspections_part_view, ctx.today),
        ),
    ]


def compliance_pages(ctx: SiteContext) -> list[SitePage]:
    """The compliance dashboard, the rule catalogue and one page per rule of the check registry."""
    pages = [
        *_dashboard_pages(ctx),
        SitePage(urls.rules(), "检查规则", "rules.html", rules_index_view(), in_nav=True),
    ]
    for rule in rules_in_order():
        pages.append(
            SitePage(urls.rule(rule.id), page_title(rule.title), "rule.html", rule_view(rule, ctx.catalog.institutions))
        )
    return pages


def _dashboard_pages(ctx: SiteContext) -> list[SitePage]:
    institutions = ctx.catalog.institutions
    groups = _by_province(institutions)
    provinces = province_links(groups, urls.compliance_province, failing=failing_count)
    index = partial(dashboard_index_view, institutions, provinces)
    return [
        SitePage(urls.compliance(), "合规看板", "compliance.html", index, in_nav=True, searchable=False),
        *split_pages(
            "合规看板", "compliance_province.html", groups, urls.compliance_province, dashboard_part_view, _city
        ),
    ]


def open_data_files(ctx: SiteContext) -> Iterator[SiteFile]:
    """The calendars, then the open data parts, then data/index.json (which lists the parts of both with
    their sizes), each as it is made."""
    calendar_sizes = {}
    for path, content in calendar_files(ctx.catalog, ctx.site_url, ctx.jobs):
        calendar_sizes[path] = len(content)
        yield SiteFile(path, content)
    for path, content in opendata_files(ctx.catalog, ctx.today, calendar_sizes):
        if path == urls.data_index():
            ctx.published[path] = content
        yield SiteFile(path, content)


def feed_files(ctx: SiteContext) -> list[SiteFile]:
    return [SiteFile(path, content) for path, content in atom_files(ctx.catalog, ctx.today, ctx.site_url).items()]


def schema_files(ctx: SiteContext) -> list[SiteFile]:
    return [
        SiteFile(urls.schema_file(schema_file_name(schema_name)), published_schema(schema_name, ctx.site_url))
        for schema_name in SCHEMAS
    ]


def search_part_files(ctx: SiteContext) -> Iterator[SiteFile]:
    """The search-only pages institutions are found by (views/search_parts.py), rendered as they are written.
    Files, not pages: they stay out of the navigation and the sitemap, and carry no theme chrome."""
    for part in search_parts(ctx.catalog.institutions):
        path = urls.search_part(part.province, part.number)
        html = render_template("search_part.html", urls=urls.PageUrls(path), today=ctx.today, **search_part_view(part))
        yield SiteFile(path, html.encode("utf-8"))


# Each feature contributes its pages and files through one function here: (SiteContext) -> list.
PAGE_SOURCES = [
    core_pages,
    fee_comparison_pages,
    complaints_pages,
    calendar_pages,
    open_data_pages,
    lookup_pages,
    history_pages,
    inspection_pages,
    compliance_pages,
]
FILE_SOURCES: list[Callable[[SiteContext], Iterable[SiteFile]]] = [
    schema_files,
    open_data_files,
    feed_files,
    search_part_files,
]


def site_pages(ctx: SiteContext) -> list[SitePage]:
    return [page for source in PAGE_SOURCES for page in source(ctx)]


def site_files(ctx: SiteContext) -> Iterator[SiteFile]:
    """Source after source, as they are written: a build holds one source's files at a time, not all."""
    for source in FILE_SOURCES:
        yield from source(ctx)


def _indicator_context() -> dict:
    system = indicator_system()
    return {"preface": system.preface, "areas": system.areas, "source": SOURCE_NAME, "rules": rules_by_indicator()}
