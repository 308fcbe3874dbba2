"""Synthetic (made-up) certificate and result CSVs: the sample data and the throughput benchmark.

Names are random combinations of common characters and the ID numbers are invented, with valid
GB 11643 check digits; none belongs to a real person. Output is deterministic for a seed.

    python -m generator.seal.synthetic sample tests/fixtures/synthetic
    python -m generator.seal.synthetic bulk --institution institutions/<code> --count 1000 > big.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..format import date_cn
from ..model import Institution, Plan
from ..names import RESULT_NAMES
from ..pipeline import load_catalog
from ..validate.codes import id_check_char
from .records import NUMBER_LETTERS, REQUIRED_COLUMNS, columns_of
from .sealer import load_institution

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂建华文晓玉兰红志海春燕林峰宇浩思雨欣佳子梓嘉俊博宏亮婷雪慧琳颖"
REGIONS = (
    "440106",
    "440305",
    "440104",
    "510107",
    "510104",
    "320104",
    "320106",
    "420106",
    "330106",
    "360102",
    "430104",
    "450103",
    "350102",
    "410105",
)
DEFAULT_SEED = 20261124


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str


def make_id(region: str, born: dt.date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    check = id_check_char(first17)
    if check is None:
        raise ValueError(f"region {region!r} and sequence {sequence} do not make 17 digits")
    return first17 + check


def random_person(rng: random.Random) -> Person:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    born = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(365 * 36))
    return Person(name, make_id(rng.choice(REGIONS), born, rng.randrange(1, 1000)))


# Fixed people of the sample data, so that the README can list what to type.
CROSS = Person("陈晓燕", make_id("440106", dt.date(1990, 3, 15), 128))  # certificates from two institutions
REVOKED = Person("王建国", make_id("440104", dt.date(1985, 7, 2), 317))  # a revoked certificate and a valid one
DOTTED = Person("阿依古丽·买买提", make_id("510107", dt.date(1996, 11, 8), 264))  # a name with a middle dot
X_CHECK = next(
    Person("刘思雨", make_id("320106", dt.date(1993, 5, d), 46))
    for d in range(1, 29)
    if make_id("320106", dt.date(1993, 5, d), 46).endswith("X")
)  # an ID ending in X
ABSENT = Person("赵志强", make_id("440305", dt.date(1979, 9, 21), 75))  # absent from an exam

# Institution → (four-digit institution code in certificate numbers, site code, plans with candidates).
SAMPLE: dict[str, dict[str, Any]] = {
    "52440106MJL0001001": {
        "code": "0107",
        "site": "440106",
        "plans": {
            "2026-06-YY5": {"count": 8, "fixed": [CROSS], "issue": dt.date(2026, 7, 10)},
            "2026-09-DG4": {
                "count": 10,
                "fixed": [REVOKED],
                "issue": dt.date(2026, 10, 16),
                "revoke": REVOKED,
                "revoked": (dt.date(2026, 11, 10), "经核查，以提供虚假材料等不正当手段取得"),
            },
        },
    },
    "91440300MA5GX1D2PL": {
        "code": "2315",
        "site": "440305",
        "plans": {
            "SZ-2026-04-DG4": {"count": 9, "fixed": [DOTTED, ABSENT], "absent": ABSENT, "issue": dt.date(2026, 5, 20)},
            "SZ-2026-06-CG3": {"count": 6, "fixed": [REVOKED], "issue": dt.date(2026, 7, 24)},
        },
    },
    "52510107MJ0B234568": {
        "code": "0862",
        "site": "510107",
        "plans": {
            "CD-2026-07-BY4": {"count": 8, "fixed": [CROSS, X_CHECK], "issue": dt.date(2026, 8, 21)},
        },
    },
    "12320100MB0A123454": {
        "code": "0451",
        "site": "320104",
        "plans": {
            "NJ-2026-06-DG4": {"count": 7, "fixed": [], "issue": dt.date(2026, 7, 3)},
        },
    },
}


def certificate_number(inst: Institution, code: str, site: str, year: int, level: int, serial: int) -> str:
    letter = NUMBER_LETTERS.get(inst.kind, "S")
    return f"{letter}{code}{inst.region_code[:2]}{site}{year % 100:02d}{level}{serial:06d}"


def _scores(rng: random.Random, plan: Plan, passed: bool) -> dict[str, str]:
    scores: dict[str, str] = {}
    for method in ("theory", "practical", "comprehensive"):
        if method in plan.methods:
            low, high = (60, 96) if passed else (38, 75)
            scores[method] = str(rng.randint(low, high))
    if not passed and all(int(v) >= 60 for v in scores.values()):
        scores[next(iter(scores))] = str(rng.randint(40, 59))
    return scores


def plan_rows(rng: random.Random, inst: Institution, plan: Plan, spec: dict, serial_start: int):
    """Result rows and certificate rows for one plan of the sample data."""
    people = list(spec["fixed"]) + [random_person(rng) for _ in range(spec["count"] - len(spec["fixed"]))]
    results, certificates = [], []
    serial = serial_start
    for i, person in enumerate(people, 1):
        absent = person == spec.get("absent")
        passed = not absent and (person in spec["fixed"] or rng.random() < 0.75)
        scores = {} if absent else _scores(rng, plan, passed)
        results.append(
            {
                "ticket_no": f"{plan.id}-{i:03d}",
                "name": person.name,
                "id_number": person.id_number,
                "plan_id": plan.id,
                "occupation_code": plan.evaluation.occupation_code,
                "level": str(plan.evaluation.level),
                "theory_score": scores.get("theory", ""),
                "practical_score": scores.get("practical", ""),
                "comprehensive_score": scores.get("comprehensive", ""),
                "result": "absent" if absent else ("pass" if passed else "fail"),
            }
        )
        if passed:
            serial += 1
            certificates.append(
                {
                    "certificate_no": certificate_number(
                        inst,
                        SAMPLE[inst.credit_code]["code"],
                        SAMPLE[inst.credit_code]["site"],
                        spec["issue"].year,
                        plan.evaluation.level,
                        serial,
                    ),
                    "name": person.name,
                    "id_number": person.id_number,
                    "occupation_code": plan.evaluation.occupation_code,
                    "occupation": inst.occupation_name(plan.evaluation.occupation_code),
                    "level": str(plan.evaluation.level),
                    "issue_date": spec["issue"].isoformat(),
                    "status": "valid",
                    "_person": person,
                }
            )
    return results, certificates, serial


def sample_dataset(institutions: dict[str, Institution], seed: int = DEFAULT_SEED) -> dict:
    """{credit_code: {"certificates": rows, "results": rows, "revocations": rows}} and the lookups to try."""
    rng = random.Random(seed)
    data: dict[str, dict[str, list[dict]]] = {}
    lookups: list[dict] = []
    for code, spec in SAMPLE.items():
        inst = institutions[code]
        plans = {p.id: p for p in inst.plans}
        results, certificates, revocations = [], [], []
        serial = 0
        for plan_id, plan_spec in spec["plans"].items():
            plan = plans[plan_id]
            plan_results, plan_certificates, serial = plan_rows(rng, inst, plan, plan_spec, serial)
            results += plan_results
            certificates += plan_certificates
            if "revoke" in plan_spec:
                row = next(c for c in plan_certificates if c["_person"] == plan_spec["revoke"])
                revoked_on, reason = plan_spec["revoked"]
                revocations.append(
                    {**row, "status": "revoked", "status_date": revoked_on.isoformat(), "status_reason": reason}
                )
        data[code] = {"certificates": certificates, "results": results, "revocations": revocations}
    _add_lookups(data, institutions, lookups)
    for rows in data.values():
        for row in rows["certificates"] + rows["revocations"]:
            row.pop("_person", None)
    return {"institutions": data, "lookups": lookups}


def _lookup(page: str, domain: str, identifier: str, name: str, expect: list[str], note: str, **extra) -> dict:
    """One combination the README lists: what to type on which lookup page, and what it must show."""
    return {
        "page": page,
        "domain": domain,
        "identifier": identifier,
        "name": name,
        "expect": expect,
        "note": note,
        **extra,
    }


def _add_lookups(data: dict, institutions: dict, lookups: list) -> None:
    lookups.extend(_certificate_lookups(data))
    lookups.extend(_result_lookups(data))


def _certificate_lookups(data: dict) -> list[dict]:
    revocations = {r["certificate_no"]: r for d in data.values() for r in d["revocations"]}

    def certs_of(person):
        return [(code, c) for code, d in data.items() for c in d["certificates"] if c["_person"] == person]

    def statuses(person):
        return sorted("revoked" if c["certificate_no"] in revocations else "valid" for _, c in certs_of(person))

    cert = next(c for code, c in certs_of(CROSS) if code == "52440106MJL0001001")
    revoked = next(revocations[c["certificate_no"]] for _, c in certs_of(REVOKED) if c["certificate_no"] in revocations)
    shows = [date_cn(dt.date.fromisoformat(revoked["status_date"])), revoked["status_reason"]]
    dotted = certs_of(DOTTED)[0][1]
    return [
        _lookup("certificate", "c.no", cert["certificate_no"], CROSS.name, ["valid"], "证书编号 + 姓名：有效证书"),
        _lookup(
            "certificate",
            "c.id",
            CROSS.id_number,
            CROSS.name,
            statuses(CROSS),
            "身份证号 + 姓名：同一人在两个机构（广州、成都）取得的两张证书",
        ),
        _lookup(
            "certificate",
            "c.no",
            revoked["certificate_no"],
            REVOKED.name,
            ["revoked"],
            "已撤销的证书（先按有效封存，再单独封存更正行）",
            shows=shows,
        ),
        _lookup(
            "certificate",
            "c.id",
            REVOKED.id_number,
            REVOKED.name,
            statuses(REVOKED),
            "身份证号 + 姓名：一张已撤销、一张有效（撤销不影响同一人的其他证书）",
        ),
        _lookup(
            "certificate", "c.no", dotted["certificate_no"], "阿依古丽买买提", ["valid"], "姓名中的间隔号“·”可省略"
        ),
        _lookup(
            "certificate", "c.id", X_CHECK.id_number.lower(), X_CHECK.name, ["valid"], "身份证号末位 x 小写也能查到"
        ),
        _lookup("certificate", "c.no", cert["certificate_no"], "陈小燕", [], "姓名不符：未查询到"),
    ]


def _result_lookups(data: dict) -> list[dict]:
    result = next(r for r in data["52440106MJL0001001"]["results"] if r["name"] == CROSS.name)
    absent = next(r for r in data["91440300MA5GX1D2PL"]["results"] if r["name"] == ABSENT.name)
    lookups = [
        _lookup("result", "r.no", result["ticket_no"], CROSS.name, ["pass"], "准考证号 + 姓名：成绩合格"),
        _lookup(
            "result", "r.id", CROSS.id_number, CROSS.name, ["pass", "pass"], "身份证号 + 姓名：两个机构的两次评价结果"
        ),
        _lookup("result", "r.no", absent["ticket_no"], ABSENT.name, ["absent"], RESULT_NAMES["absent"]),
    ]
    failed = next((r for d in data.values() for r in d["results"] if r["result"] == "fail"), None)
    if failed:
        lookups.append(_lookup("result", "r.no", failed["ticket_no"], failed["name"], ["fail"], RESULT_NAMES["fail"]))
    return lookups


def write_csv(rows: list[dict], dataset: str) -> str:
    used = {key for row in rows for key, value in row.items() if value}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns_of(dataset, used), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_sample(out_dir: Path, institutions_root: Path, seed: int = DEFAULT_SEED) -> dict:
    catalog = load_catalog(institutions_root, [Path(institutions_root) / code for code in SAMPLE])
    if catalog.errors:
        raise SystemExit("institution data has errors; run portal check")
    dataset = sample_dataset({i.credit_code: i for i in catalog.institutions}, seed)
    for code, rows in dataset["institutions"].items():
        folder = Path(out_dir) / code
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "certificates.csv").write_text(write_csv(rows["certificates"], "certificates"), encoding="utf-8")
        (folder / "results.csv").write_text(write_csv(rows["results"], "results"), encoding="utf-8")
        if rows["revocations"]:
            (folder / "certificates-revocation.csv").write_text(
                write_csv(rows["revocations"], "certificates"), encoding="utf-8"
            )
    (Path(out_dir) / "lookups.json").write_text(
        json.dumps(dataset["lookups"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return dataset


def bulk_certificates(inst: Institution, count: int, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """`count` certificate rows inside the institution's scope (for throughput measurements)."""
    rng = random.Random(seed)
    evaluations = inst.evaluations
    for serial in range(1, count + 1):
        person = random_person(rng)
        evaluation = rng.choice(evaluations)
        issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
        yield {
            "certificate_no": certificate_number(inst, "0999", inst.region_code, issued.year, evaluation.level, serial),
            "name": person.name,
            "id_number": person.id_number,
            "occupation_code": evaluation.occupation_code,
            "occupation": inst.occupation_name(evaluation.occupation_code),
            "level": str(evaluation.level),
            "issue_date": issued.isoformat(),
            "status": "revoked" if rng.random() < 0.01 else "valid",
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.seal.synthetic",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="write the sample CSVs and lookups.json")
    sample.add_argument("out", type=Path)
    sample.add_argument("--institutions", type=Path, default=Path("institutions"))
    bulk = commands.add_parser("bulk", help="print a certificates CSV of COUNT synthetic rows")
    bulk.add_argument("--institution", type=Path, required=True)
    bulk.add_argument("--count", type=int, default=1000)
    bulk.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.command == "sample":
        write_sample(args.out, args.institutions)
        return 0
    inst = load_institution(args.institution)
    writer = csv.DictWriter(sys.stdout, fieldnames=REQUIRED_COLUMNS["certificates"], lineterminator="\n")
    writer.writeheader()
    for row in bulk_certificates(inst, args.count, args.seed):
        writer.writerow(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
