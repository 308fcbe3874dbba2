"""Page shells: the site's chrome rendered once, then filled for every generated page.

A theme renders its whole chrome (header, navigation, footer, scripts) for every page, and with
100,000 generated pages that is most of a build. The pages outside the navigation differ from each
other only in their title, their address and their article, so the site generator renders one page
per kind of place in the site (see mkdocs_plugin.py) with a marker in each of these slots, and the
build fills copies of it: a string join per page instead of a template render.

The markers can pass through no HTML escaping unchanged: they are made of a NUL character, which
neither the theme nor our data (validation refuses control characters) can produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE = "\x00portal:title\x00"
PATH = "\x00portal:path\x00"  # the page's directory URL relative to the site root
CONTENT = "\x00portal:content\x00"  # the article fragment

# A marker is its name between NULs; a theme's glue may add text before the closing NUL when the
# theme looks into a slot's value (Material checks whether the content has its own <h1>).
_MARKER = re.compile("\x00portal:(title|path|content)[^\x00]*\x00")


class ShellError(ValueError):
    """A rendered shell lacks the content slot, or has a slot the build does not know."""


@dataclass(frozen=True)
class Shell:
    """Literal pieces of HTML with slots between them: pieces[0] slots[0] pieces[1] … pieces[-1]."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def parse(cls, html: str) -> Shell:
        parts = _MARKER.split(html)  # literal, slot name, literal, slot name, …, literal
        shell = cls(tuple(parts[0::2]), tuple(parts[1::2]))
        if "content" not in shell.slots:
            raise ShellError("the theme's page has no place for the content")
        return shell

    def fill(self, title: str, path: str, content: str) -> str:
        values = {"title": title, "path": path, "content": content}
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)
