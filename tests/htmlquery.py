"""Read generated HTML the way a person or a screen reader does, not as a string.

A small tree built with the standard library's html.parser, and queries by accessible role and name
(link "机构名录", heading "收费标准", the table captioned "…", the navigation landmark), so that tests
keep passing when markup, CSS classes or the theme change and fail when what people see changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements a parent closes implicitly when the next one starts (enough for the HTML we generate).
_CLOSED_BY = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "p": {"p", "div", "ul", "ol", "table", "section", "h1", "h2", "h3", "h4", "h5", "h6", "dl"},
    "tr": {"tr"},
    "td": {"td", "th", "tr"},
    "th": {"td", "th", "tr"},
    "option": {"option"},
}
_ROLES = {
    "a": "link",
    "button": "button",
    "nav": "navigation",
    "main": "main",
    "table": "table",
    "ul": "list",
    "ol": "list",
    "li": "listitem",
    "select": "combobox",
    "form": "form",
    "tr": "row",
    "th": "columnheader",
    "td": "cell",
    "dl": "list",
    "article": "article",
    "section": "region",
}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list = field(default_factory=list)  # Element or str

    @property
    def text(self) -> str:
        """Text content with whitespace collapsed, as it reads."""
        parts: list[str] = []
        self._collect(parts)
        return " ".join("".join(parts).split())

    def _collect(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style", "template"):
                child._collect(parts)
            if isinstance(child, Element) and child.tag in ("br", "td", "th", "li", "dd", "dt", "p", "div"):
                parts.append(" ")

    @property
    def role(self) -> str | None:
        if "role" in self.attrs:
            return self.attrs["role"]
        if self.tag == "a" and "href" not in self.attrs:
            return None
        if re.fullmatch(r"h[1-6]", self.tag):
            return "heading"
        if self.tag == "section" and not ("aria-label" in self.attrs or "aria-labelledby" in self.attrs):
            return None
        return _ROLES.get(self.tag)

    @property
    def name(self) -> str:
        """The accessible name: aria-label, else aria-labelledby, else the caption (tables), else the text."""
        if self.attrs.get("aria-label"):
            return self.attrs["aria-label"]
        if self.attrs.get("aria-labelledby"):
            root = self.root
            return " ".join(root.by_id(i).text for i in self.attrs["aria-labelledby"].split() if root.by_id(i))
        if self.tag == "table":
            caption = next(self.iter("caption"), None)
            return caption.text if caption is not None else ""
        return self.text

    @property
    def root(self) -> Element:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == element_id), None)

    def all_by_role(
        self, role: str, name: str | re.Pattern | None = None, *, level: int | None = None, exact: bool = True
    ) -> list[Element]:
        found = []
        for e in self.iter():
            if e.role != role or (level is not None and e.tag != f"h{level}"):
                continue
            if name is None or _matches(e.name, name, exact):
                found.append(e)
        return found

    def get_by_role(self, role: str, name: str | re.Pattern | None = None, **options) -> Element:
        """The one element with this role and name; fails loudly when there is none or several."""
        found = self.all_by_role(role, name, **options)
        assert len(found) == 1, f"expected one {role} named {name!r}, found {len(found)}"
        return found[0]

    def links(self) -> list[Element]:
        return self.all_by_role("link")

    def under(self) -> Element:
        """What a heading heads: the elements after it up to the next heading of its level or higher."""
        level = int(self.tag[1])
        part = Element("#part", {})
        siblings = self.parent.children
        for child in siblings[siblings.index(self) + 1 :]:
            if isinstance(child, Element) and re.fullmatch(r"h[1-6]", child.tag) and int(child.tag[1]) <= level:
                break
            part.children.append(child)
        return part

    def href_path(self, page_path: str) -> str:
        """Where a link on the page at page_path ("institutions/") leads, as a site path."""
        return urljoin("https://site.invalid/" + page_path, self.attrs["href"]).removeprefix("https://site.invalid/")

    def row_cells(self) -> list[dict[str, Element]]:
        """A data table's body rows as {column header: cell} (row headers included; a cell spanning
        columns is filed under the first of them)."""
        headers = [th.text for th in next(self.iter("thead")).iter("th")]
        body = next(self.iter("tbody"), self)
        return [
            dict(
                zip(headers, (c for c in tr.children if isinstance(c, Element) and c.tag in ("th", "td")), strict=False)
            )
            for tr in body.iter("tr")
        ]

    def rows(self) -> list[dict[str, str]]:
        """A data table's body rows as {column header: cell text}."""
        return [{header: cell.text for header, cell in row.items()} for row in self.row_cells()]

    def get_by_label(self, label: str) -> Element:
        """The one element labelled so (aria-label), whatever its role."""
        found = [e for e in self.iter() if e.attrs.get("aria-label") == label]
        assert len(found) == 1, f"expected one element labelled {label!r}, found {len(found)}"
        return found[0]

    def definitions(self) -> dict[str, str]:
        """A description list (dl) as {term: description}."""
        terms = list(self.iter("dt"))
        return {dt.text: " ".join(dd.text for dd in _descriptions_of(dt)) for dt in terms}


def _descriptions_of(term: Element) -> list[Element]:
    siblings = [c for c in term.parent.children if isinstance(c, Element)]
    found = []
    for sibling in siblings[siblings.index(term) + 1 :]:
        if sibling.tag != "dd":
            break
        found.append(sibling)
    return found


def _matches(actual: str, wanted: str | re.Pattern, exact: bool) -> bool:
    if isinstance(wanted, re.Pattern):
        return bool(wanted.search(actual))
    return actual == wanted if exact else wanted in actual


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        closes = {t for t, openers in _CLOSED_BY.items() if tag in openers}
        while self.current.tag in closes:
            self.current = self.current.parent
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def parse_file(path: Path) -> Element:
    return parse(Path(path).read_text("utf-8"))
