"""Read the non-personal summary that `portal seal` writes next to the sealed records.

It arrives by pull request like everything else: generator/validate/sealed.py checks it (and the
records it counts) in `portal check`, and the pipeline reads it only from an institution that passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from ..recordformat import CERTIFICATE_STATUSES, CERTIFICATES, RESULT_VALUES, RESULTS

SUMMARY_FILE = "sealed/summary.json"
# per dataset: the key of its outcome counts and the outcomes (as generator/seal/sealer.py writes them)
OUTCOMES = {CERTIFICATES: ("by_status", CERTIFICATE_STATUSES), RESULTS: ("by_result", RESULT_VALUES)}
GROUPS = {CERTIFICATES: "by_evaluation", RESULTS: "by_plan"}


@dataclass(frozen=True)
class SealedCounts:
    dataset: str  # "certificates" or "results"
    total: int
    outcomes: dict[str, int]
    groups: tuple[dict, ...]  # per evaluation (certificates) or per plan (results), counts only


def read_sealed_summary(folder: Path, shown: str) -> tuple[dict[str, SealedCounts], list[Problem]]:
    """The counts of a summary that validate/sealed.py has checked (shape, bounds, totals against the
    records); (counts, problems) so that the pipeline reads it like any other input."""
    path = Path(folder) / SUMMARY_FILE
    if not path.is_file() or path.is_symlink():
        return {}, []
    data = json.loads(path.read_text("utf-8"))
    return {dataset: _section(dataset, data[dataset]) for dataset in OUTCOMES if dataset in data}, []


def _section(dataset: str, section: dict) -> SealedCounts:
    outcome_key, outcomes = OUTCOMES[dataset]
    return SealedCounts(
        dataset=dataset,
        total=section["total"],
        outcomes={o: section[outcome_key].get(o, 0) for o in outcomes},
        groups=tuple(_group(g, outcomes) for g in section.get(GROUPS[dataset], [])),
    )


def _group(group: dict, outcomes) -> dict:
    return {
        "occupation_code": group["occupation_code"],
        "level": group["level"],
        "plan_id": group.get("plan_id"),
        "total": group["total"],
        **{o: group.get(o, 0) for o in outcomes},
    }
