"""Where everything lives on the site: the one place that answers "what is the address of X".

Every function returns a path relative to the site root ("institutions/<code>/", "data/fees.csv").
Python code (views, feeds, the build, sealing) asks these functions; templates ask the same
questions through PageUrls, which turns each answer into a link relative to the page being rendered,
so the site works under any sub-path (https://example.org/pingjia/). JavaScript receives finished
URLs from the templates as data attributes and never spells a path itself.

Modelled on datasette's url_builder.py: no other module assembles a site path.
"""

from __future__ import annotations

from urllib.parse import urlsplit


# Pages (directory URLs ending in "/"; "" is the home page).
def home() -> str:
    return ""


def directory() -> str:
    return "institutions/"


def institution(credit_code: str, section: str | None = None) -> str:
    """An institution's page; section: one of its parts ("plans", "fees"), as institution.html names them."""
    return f"institutions/{credit_code}/" + (f"#{section}" if section else "")


def institution_history(credit_code: str) -> str:
    """An institution's change history on the main branch (fees, plans, channels, status)."""
    return f"institutions/{credit_code}/history/"


def fees() -> str:
    return "fees/"


def _part(list_path: str, province: str, page: int) -> str:
    """One province's part of a list page: <list>/<province code>/, its page 2 on at <list>/<code>/<n>/."""
    return f"{list_path}{province}/" + (f"{page}/" if page > 1 else "")


def directory_province(province: str, page: int = 1) -> str:
    """The directory's part for one province (the first two digits of a region code, GB/T 2260)."""
    return _part(directory(), province, page)


def fee_comparison(slug: str) -> str:
    """One occupation at one level (Evaluation.slug, e.g. "4-01-05-01-3"): the national summary."""
    return f"fees/{slug}/"


def fee_comparison_province(slug: str, province: str, page: int = 1) -> str:
    """One occupation at one level in one province: every offering institution's fee."""
    return _part(fee_comparison(slug), province, page)


def calendar() -> str:
    return "calendar/"


def calendar_province(province: str, page: int = 1) -> str:
    return _part(calendar(), province, page)


def complaints() -> str:
    return "complaints/"


def complaints_province(province: str, page: int = 1) -> str:
    return _part(complaints(), province, page)


def data() -> str:
    return "data/"


def schema() -> str:
    return "schema/"


def indicators() -> str:
    return "indicators/"


def search() -> str:
    return "search/"


def inspections() -> str:
    """Recent inspections and open rectification items, by province."""
    return "inspections/"


def inspections_province(province: str, page: int = 1) -> str:
    return _part(inspections(), province, page)


def compliance() -> str:
    """The compliance dashboard: institutions × checked indicators."""
    return "compliance/"


def compliance_province(province: str, page: int = 1) -> str:
    return _part(compliance(), province, page)


def rules() -> str:
    """The catalogue of the check stage's rules."""
    return "rules/"


def rule(rule_id: str) -> str:
    return f"rules/{rule_id}/"


def lookup(page: str) -> str:
    """The lookup form: page is "certificate" or "result"."""
    return f"lookup/{page}/"


# Files.
def province_calendar(province: str, part: int) -> str:
    """Every plan of one part of a province's institutions (generator/feeds/shards.py)."""
    return f"calendar/provinces/{province}-{part}.ics"


def institution_calendar(credit_code: str) -> str:
    return f"calendar/institutions/{credit_code}.ics"


def occupation_calendar(occupation_code: str) -> str:
    return f"calendar/occupations/{occupation_code}.ics"


def changes_feed() -> str:
    return "data/changes.atom"


def data_file(name: str) -> str:
    """A national open data file: "index.json" (which lists the province files), "changes.atom"."""
    return f"data/{name}"


def province_data_file(province: str, part: int, name: str) -> str:
    """One part of a province's open data: ("44", 1, "fees.csv") → "data/provinces/44/fees-1.csv"."""
    stem, _, extension = name.rpartition(".")
    return f"data/provinces/{province}/{stem}-{part}.{extension}"


def data_index() -> str:
    """The national index of the open data and calendar files, with their sizes and record counts."""
    return data_file("index.json")


def schema_file(name: str) -> str:
    """A published JSON Schema: "institution.schema.json", "common.schema.json"."""
    return f"schema/{name}"


def lookup_root() -> str:
    """The folder of the sealed lookup data: manifest.json and one folder of buckets per dataset."""
    return "lookup/"


def lookup_manifest() -> str:
    return "lookup/manifest.json"


def lookup_buckets(dataset: str) -> str:
    """Bucket folder of a dataset ("certificates", "results"), relative to lookup_root()."""
    return f"{dataset}/"


def search_bundle() -> str:
    """Pagefind's index and scripts."""
    return "pagefind/"


def search_facets() -> str:
    """The search page's filter index: each filter value, its national count and its list's file
    (generator/index/facets.py)."""
    return search_bundle() + "portal-facets/index.json"


def search_facet_list(number: int) -> str:
    """One filter value's institutions (their positions in the directory's order, gzip as Pagefind's own
    files), relative to search_facets()."""
    return f"{number}.pf_facet"


def search_part(province: str, number: int) -> str:
    """One search-only page holding the indexed text of up to PART_SIZE institutions of a province
    (generator/views/search_parts.py). Crawlers are told not to index it."""
    return f"search-parts/{province}-{number}.html"


def search_parts_index() -> str:
    """Where each search part's institutions start in Pagefind's word positions (generator/index/parts.py)."""
    return search_bundle() + "portal-parts.pf_parts"


def asset(name: str) -> str:
    return f"assets/{name}"


def not_found() -> str:
    return "404.html"


# Pages and folders that must never appear in search results (people type personal details there).
def not_indexed() -> tuple[str, ...]:
    return (lookup_root(), search(), not_found())


# Links from outside the site (feeds, calendars, QR codes).
def absolute(site_url: str, path: str) -> str | None:
    """The absolute http(s) address of a site path, or None without a usable site_url."""
    if not site_url or urlsplit(site_url).scheme not in ("http", "https"):
        return None
    return site_url.rstrip("/") + "/" + path


def webcal(site_url: str, path: str) -> str | None:
    """The webcal:// address of a calendar feed (a phone offers to subscribe), or None without a site_url."""
    address = absolute(site_url, path)
    return "webcal://" + address.split("://", 1)[1] if address else None


def relative(from_path: str, path: str) -> str:
    """A link from the page or file at from_path to the site path `path` (works under any sub-path).

    from_path is a site path too: "institutions/<code>/" (a page) or "data/changes.atom" (a file).
    """
    return "../" * from_path.count("/") + path


def qr_target(site_url: str, fragment: str) -> str:
    """What a certificate's QR code opens: the certificate lookup page with the secret in the fragment."""
    return f"{site_url}{lookup('certificate')}#{fragment}"


_SITE_PATHS = {
    f.__name__: f
    for f in (
        home,
        directory,
        directory_province,
        institution,
        institution_history,
        inspections,
        inspections_province,
        compliance,
        compliance_province,
        rules,
        rule,
        fees,
        fee_comparison,
        fee_comparison_province,
        calendar,
        calendar_province,
        complaints,
        complaints_province,
        data,
        schema,
        indicators,
        search,
        lookup,
        province_calendar,
        institution_calendar,
        occupation_calendar,
        changes_feed,
        data_file,
        province_data_file,
        data_index,
        schema_file,
        lookup_root,
        lookup_manifest,
        search_bundle,
        search_facets,
        search_facet_list,
        search_part,
        search_parts_index,
        asset,
    )
}


class PageUrls:
    """The URL module as seen from one page: `urls.institution(code)` gives a link relative to that page,
    `urls(path)` turns a site path that a view handed over into one."""

    def __init__(self, page_path: str):
        self.page_path = page_path

    def __call__(self, path: str) -> str:
        return relative(self.page_path, path)

    def __getattr__(self, name: str):
        where = _SITE_PATHS.get(name)
        if where is None:
            raise AttributeError(f"generator.urls has no site path named {name!r}")
        return lambda *args: relative(self.page_path, where(*args))
