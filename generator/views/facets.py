"""Filter facets (a select box each) shared by the directory and the calendar."""

from __future__ import annotations


def option(value: str, label: str, province: str | None = None) -> dict:
    """A select option; a city also names its province, so the script can offer only that province's cities."""
    return {"value": value, "label": label, "province": province}


def facet(key: str, label: str, any_label: str, options: list[dict]) -> dict:
    return {"key": key, "label": label, "all": any_label, "options": options}
