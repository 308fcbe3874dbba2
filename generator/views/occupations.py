"""Occupation names across institutions: one name per occupation code for portal-wide pages."""

from __future__ import annotations

from collections import Counter

from ..model import Institution


def occupation_names(institutions: list[Institution]) -> dict[str, str]:
    """Code → the name most institutions use (ties: the first in code-point order), sorted by code."""
    counts = Counter((s.occupation_code, s.occupation) for i in institutions for s in i.scope)
    names: dict[str, str] = {}
    for (code, name), _ in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        names.setdefault(code, name)
    return names
