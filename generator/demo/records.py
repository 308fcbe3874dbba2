"""Synthetic certificate and result CSV rows for a demo institution, sealed with the real sealing code.

The people are made up (generator.seal.synthetic); the CSVs live in a scratch folder and only the
sealed output reaches the institution folder, exactly as an institution would run `portal seal`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from ..seal.records import NUMBER_LETTERS, REQUIRED_COLUMNS
from ..seal.synthetic import random_person

PASS_RATE = 0.8


def _plans_with_results(plans: list[dict], today: dt.date) -> list[dict]:
    return [p for p in plans if p["status"] != "cancelled" and p["exam_dates"][0] <= today]


def _scores(rng: random.Random, methods: list[str], passed: bool) -> dict[str, str]:
    low, high = (60, 98) if passed else (30, 59)
    return {f"{m}_score": str(rng.randint(low, high)) for m in methods}


def result_rows(rng: random.Random, plans: list[dict], count: int, today: dt.date) -> list[dict]:
    plans = _plans_with_results(plans, today)
    rows = []
    for n in range(count if plans else 0):
        plan = plans[n % len(plans)]
        person = random_person(rng)
        outcome = "absent" if rng.random() < 0.03 else ("pass" if rng.random() < PASS_RATE else "fail")
        scores = {} if outcome == "absent" else _scores(rng, plan["methods"], outcome == "pass")
        rows.append(
            {
                "ticket_no": f"{plan['id']}-{n + 1:05d}",
                "name": person.name,
                "id_number": person.id_number,
                "plan_id": plan["id"],
                "occupation_code": plan["occupation_code"],
                "level": str(plan["level"]),
                "theory_score": "",
                "practical_score": "",
                "comprehensive_score": "",
                **scores,
                "result": outcome,
            }
        )
    return rows


def certificate_rows(rng: random.Random, institution: dict, count: int, today: dt.date) -> list[dict]:
    letter = NUMBER_LETTERS.get(institution["kind"], "S")
    evaluations = [
        (s["occupation_code"], s["occupation"], level) for s in institution["scope"] for level in s["levels"]
    ]
    rows = []
    for serial in range(1, count + 1):
        code, occupation, level = rng.choice(evaluations)
        issued = today - dt.timedelta(days=rng.randrange(1, 720))
        person = random_person(rng)
        number = (
            f"{letter}{institution['credit_code'][10:14]}{institution['region']['code']}{issued:%y}{level}{serial:06d}"
        )
        rows.append(
            {
                "certificate_no": number,
                "name": person.name,
                "id_number": person.id_number,
                "occupation_code": code,
                "occupation": occupation,
                "level": str(level),
                "issue_date": issued.isoformat(),
                "status": "revoked" if rng.random() < 0.005 else "valid",
            }
        )
    return rows


def write_csv(path: Path, dataset: str, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REQUIRED_COLUMNS[dataset], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path
