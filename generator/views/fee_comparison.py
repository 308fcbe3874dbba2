"""Fee comparison: what institutions charge for one occupation at one level: a national summary with each
province's count and median, and per province every offering institution, cheapest first (see split.py)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from functools import partial

from .. import urls
from ..model import Evaluation, Institution, occupation_names
from ..names import STATUS_NAMES
from .fees import FeeStandard, current_fee_standards, fee_fields
from .outcomes import latest_figures
from .split import ListPart, by_province, part_context, province_name

# Only institutions in good standing take part in lowest / median / highest.
COUNTED_STATUS = "active"


@dataclass(frozen=True)
class FeeOffer:
    institution: Institution
    standard: FeeStandard | None  # None: the evaluation is in scope but no fee is published


@dataclass(frozen=True)
class FeeSummary:
    lowest: float
    median: float
    highest: float
    count: int


@dataclass(frozen=True)
class FeeComparison:
    evaluation: Evaluation
    occupation: str
    offers: tuple[FeeOffer, ...]  # priced ones by total ascending, then those without a fee

    @property
    def slug(self) -> str:
        return self.evaluation.slug

    @property
    def title(self) -> str:
        return f"{self.occupation}（{self.evaluation.level_name}）收费对比"

    @property
    def summary(self) -> FeeSummary | None:
        return fee_summary(self.offers)

    def by_province(self) -> dict[str, list[FeeOffer]]:
        """The offers of each province (cheapest first, as in offers), provinces in GB/T 2260 order."""
        return by_province(self.offers, lambda o: o.institution.region_code[:2])


def fee_summary(offers) -> FeeSummary | None:
    """Lowest, median and highest total of the priced offers of institutions in good standing."""
    totals = [o.standard.total for o in offers if o.standard is not None and o.institution.status == COUNTED_STATUS]
    if not totals:
        return None
    return FeeSummary(min(totals), statistics.median(totals), max(totals), len(totals))


def _offer_order(offer: FeeOffer) -> tuple:
    inst = offer.institution
    if offer.standard is None:
        return (1, 0.0, inst.region_code, inst.credit_code)
    return (0, offer.standard.total, inst.region_code, inst.credit_code)


def fee_comparisons(institutions: list[Institution], today: dt.date) -> list[FeeComparison]:
    """Every evaluation any institution offers, with each offering institution's fee on `today`."""
    offers: dict[Evaluation, list[FeeOffer]] = {}
    for inst in institutions:
        for evaluation, standard in current_fee_standards(inst, today).items():
            offers.setdefault(evaluation, []).append(FeeOffer(inst, standard))
    names = occupation_names(institutions)
    return [
        FeeComparison(e, names[e.occupation_code], tuple(sorted(offers[e], key=_offer_order)))
        for e in sorted(offers, key=lambda e: (e.occupation_code, -e.level))
    ]


def offer_row(offer: FeeOffer) -> dict:
    inst, standard = offer.institution, offer.standard
    outcomes = latest_figures(inst)
    row = {
        "pass_rate": outcomes["pass_rate"] if outcomes else None,
        "outcomes_year": outcomes["year"] if outcomes else None,
        "url": urls.institution(inst.credit_code),
        "name": inst.name,
        "province": inst.province,
        "region": inst.region_text,
        "status": inst.status,
        "status_name": STATUS_NAMES[inst.status],
        "priced": standard is not None,
    }
    if standard is None:
        return row
    return {**row, **fee_fields(standard)}


def comparison_view(comparison: FeeComparison) -> dict:
    """The national summary of one occupation at one level: the range, and per province the count and median."""
    provinces = []
    for code, in_province in comparison.by_province().items():
        provinces.append(
            {
                "code": code,
                "name": province_name(code),
                "url": urls.fee_comparison_province(comparison.slug, code),
                "offered": len(in_province),
                "priced": sum(1 for o in in_province if o.standard is not None),
                "summary": fee_summary(in_province),
            }
        )
    offers = comparison.offers
    return {
        **_titles(comparison),
        "summary": comparison.summary,
        "offered": len(offers),
        "priced_count": sum(1 for o in offers if o.standard is not None),
        "not_counted": sum(1 for o in offers if o.standard is not None and o.institution.status != COUNTED_STATUS),
        "provinces": provinces,
    }


def _titles(comparison: FeeComparison) -> dict:
    return {
        "title": comparison.title,
        "slug": comparison.slug,
        "occupation": comparison.occupation,
        "occupation_code": comparison.evaluation.occupation_code,
        "level_name": comparison.evaluation.level_name,
    }


def comparison_part_view(comparison: FeeComparison, part: ListPart, cities: list[dict] | None) -> dict:
    """One page of one province's offers, cheapest first, then those without a published fee."""
    rows = [offer_row(o) for o in part.items]
    return {
        **_titles(comparison),
        **part_context(part, partial(urls.fee_comparison_province, comparison.slug)),
        "summary": fee_summary(comparison.by_province()[part.province]),
        "priced": [r for r in rows if r["priced"]],
        "unpriced": [r for r in rows if not r["priced"]],
        "not_counted": sum(1 for r in rows if r["priced"] and r["status"] != COUNTED_STATUS),
    }


def fee_index_view(comparisons: list[FeeComparison]) -> dict:
    """The comparisons grouped by occupation (in code order), levels from 五级 up to 一级."""
    groups: dict[str, dict] = {}
    for c in comparisons:
        code = c.evaluation.occupation_code
        group = groups.setdefault(code, {"code": code, "occupation": c.occupation, "levels": []})
        group["levels"].append(
            {
                "slug": c.slug,
                "url": urls.fee_comparison(c.slug),
                "level_name": c.evaluation.level_name,
                "offered": len(c.offers),
                "priced": sum(1 for o in c.offers if o.standard is not None),
                "summary": c.summary,
            }
        )
    return {"groups": list(groups.values()), "evaluation_count": len(comparisons)}
