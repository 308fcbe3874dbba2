"""The one Jinja environment for submitted data: autoescape on, undefined names are errors."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import format as fmt


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are part of the program: no file check for each of 100,000 pages
    )
    env.filters.update(date_cn=fmt.date_cn, month_cn=fmt.month_cn, yuan=fmt.yuan, percent=fmt.percent)
    return env


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
