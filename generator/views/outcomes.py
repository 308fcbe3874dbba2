"""Outcomes an institution publishes in statistics.yaml, as rates, beside its province's median."""

from __future__ import annotations

import statistics

from ..model import Institution, YearStatistics

# Rate keys in the order the page lists them, with their Chinese names.
RATE_NAMES = {
    "pass_rate": "取证率（取证人数 / 参评人数）",
    "resolution_rate": "投诉办结率",
    "in_time_rate": "投诉按时办结率",
    "satisfaction_rate": "满意度",
}


def _rate(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def year_figures(year: YearStatistics) -> dict:
    """One year's counts and the rates derived from them (None where the denominator is missing or 0)."""
    complaints = year.complaints or {}
    satisfaction = year.satisfaction or {}
    return {
        "year": year.year,
        "evaluated": year.evaluated,
        "certified": year.certified,
        "complaints": year.complaints,
        "satisfaction": year.satisfaction,
        "pass_rate": _rate(year.certified, year.evaluated),
        "resolution_rate": _rate(complaints.get("resolved"), complaints.get("received")),
        "in_time_rate": _rate(complaints.get("resolved_in_time"), complaints.get("received")),
        "satisfaction_rate": _rate(satisfaction.get("satisfied"), satisfaction.get("surveyed")),
    }


def latest_figures(inst: Institution) -> dict | None:
    if not inst.statistics:
        return None
    return year_figures(max(inst.statistics, key=lambda y: y.year))


def province_medians(institutions: list[Institution]) -> dict[tuple[str, int], dict]:
    """(province, year) -> {rate key: (median, number of institutions)} over every institution reporting it."""
    samples: dict[tuple[str, int], dict[str, list[float]]] = {}
    for inst in institutions:
        for year in inst.statistics:
            figures = year_figures(year)
            bucket = samples.setdefault((inst.province, year.year), {})
            for key in RATE_NAMES:
                if figures[key] is not None:
                    bucket.setdefault(key, []).append(figures[key])
    return {
        place: {key: (statistics.median(values), len(values)) for key, values in rates.items()}
        for place, rates in samples.items()
    }


def outcomes_view(inst: Institution, medians: dict[tuple[str, int], dict]) -> dict:
    """The latest year compared with the province, and every year's figures (newest first)."""
    years = [year_figures(y) for y in sorted(inst.statistics, key=lambda y: y.year, reverse=True)]
    if not years:
        return {"published": False, "province": inst.province}
    latest = years[0]
    median = medians.get((inst.province, latest["year"]), {})
    return {
        "published": True,
        "province": inst.province,
        "latest": latest,
        "comparison": [
            {
                "name": name,
                "value": latest[key],
                "median": median.get(key, (None, 0))[0],
                "median_count": median.get(key, (None, 0))[1],
            }
            for key, name in RATE_NAMES.items()
        ],
        "years": years,
    }
