"""Made-up institutions that validate like real ones: realistic names, places, scopes, fees and plans.

Every institution is drawn from its own random stream (seed, index), so the same seed gives the same
folders whatever else is generated, and a few deliberately break one supervision indicator each, the
way real disclosures do (the audit in generator/check reports them; `portal check` still accepts them).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from ..validate.codes import CREDIT_ALPHABET, credit_check_char
from .regions import PLACES, Place

# (code from 国家职业分类大典, occupation, work type or "", levels offered, methods)
OCCUPATIONS = (
    ("6-31-01-03", "电工", "", (5, 4, 3, 2, 1)),
    ("6-18-02-04", "焊工", "", (5, 4, 3, 2)),
    ("6-18-01-01", "车工", "", (5, 4, 3, 2)),
    ("6-20-01-01", "装配钳工", "钳工", (5, 4, 3)),
    ("6-31-01-02", "机修钳工", "", (5, 4, 3, 2)),
    ("4-12-01-01", "汽车维修工", "汽车机械维修工", (5, 4, 3, 2)),
    ("4-03-02-01", "中式烹调师", "", (5, 4, 3, 2, 1)),
    ("4-03-02-07", "茶艺师", "", (5, 4, 3)),
    ("4-10-01-02", "育婴员", "", (5, 4, 3)),
    ("4-10-01-03", "保育师", "", (5, 4, 3)),
    ("4-10-01-05", "养老护理员", "", (5, 4, 3, 2)),
    ("4-10-03-01", "美容师", "", (5, 4, 3)),
    ("4-07-03-02", "企业人力资源管理师", "", (4, 3, 2, 1)),
    ("4-14-02-02", "健康管理师", "", (3, 2)),
    ("4-14-04-01", "眼镜验光员", "", (5, 4, 3)),
    ("4-14-04-02", "眼镜定配工", "", (5, 4, 3)),
    ("4-02-07-10", "网约配送员", "", (5, 4)),
)
INSTITUTION_KINDS = (("social_training_org", 45), ("employer", 30), ("technical_school", 20), ("other", 5))
# institution kind → (credit code registration prefixes, licence type)
REGISTRATION = {
    "social_training_org": (("52", "91"), {"52": "private_non_enterprise", "91": "business_license"}),
    "employer": (("91",), {"91": "business_license"}),
    "technical_school": (("12", "52"), {"12": "public_institution", "52": "private_non_enterprise"}),
    "other": (("12", "51"), {"12": "public_institution", "51": "other"}),
}
INDUSTRIES = ("机械", "电气", "汽车", "建设", "交通", "电力", "化工", "食品", "物流", "家政", "信息", "商贸")
VIOLATIONS = (
    "no_commitment",
    "no_complaint_channel",
    "no_certificate_channel",
    "over_capacity",
    "no_supervisor",
    "banned_words",
    "short_notice",
    "licence_expired",
    "no_statistics",
    "missing_fee",
)
VIOLATION_RATE = 0.12  # share of institutions that break one indicator
DOMAIN = "example.org"  # websites stay on the reserved domain: no real organisation is impersonated


@dataclass
class DemoInstitution:
    """The YAML documents of one institution folder (plain data, dumped as is)."""

    code: str
    place: Place
    documents: dict[str, dict] = field(default_factory=dict)
    portal_lookup: bool = False  # offers this portal's certificate/result lookup, so it gets sealed records


def credit_code(rng: random.Random, prefix: str, place: Place) -> str:
    body = "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    first17 = prefix + place.code + body
    return first17 + (credit_check_char(first17) or "")  # always a character: the alphabet is the code's own


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights)[0]


def _place(rng: random.Random) -> Place:
    return rng.choices(PLACES, [p.weight for p in PLACES])[0]


def _phone(rng: random.Random, place: Place) -> str:
    digits = 8 if len(place.area_code) == 3 or rng.random() < 0.8 else 7
    return f"{place.area_code}-{rng.randint(2, 8)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def _name(rng: random.Random, fake: Faker, institution_kind: str, place: Place) -> str:
    brand = fake.company_prefix()
    city = place.city_short
    if institution_kind == "technical_school":
        return f"{city}{brand}{rng.choice(('技师学院', '高级技工学校', '技工学校'))}"
    if institution_kind == "employer":
        return f"{city}{brand}{rng.choice(INDUSTRIES)}{rng.choice(('有限公司', '股份有限公司', '集团有限公司'))}"
    if institution_kind == "other":
        return f"{city}{rng.choice(INDUSTRIES)}行业协会" if rng.random() < 0.5 else f"{city}{brand}职业技能鉴定中心"
    return f"{city}{brand}{rng.choice(('职业技能培训学校', '职业技能评价中心', '职业培训学校'))}"


def _address(fake: Faker, place: Place) -> str:
    return f"{place.city}{place.district}{fake.street_name()}{fake.random_int(1, 999)}号"


def _day(start: dt.date, rng: random.Random, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


_FAKER: list[Faker] = []


def _faker(rng: random.Random) -> Faker:
    """One Faker (building one costs milliseconds), re-seeded from the institution's own stream."""
    if not _FAKER:
        _FAKER.append(Faker("zh_CN"))
    _FAKER[0].seed_instance(rng.getrandbits(32))
    return _FAKER[0]


def make_institution(seed: int, index: int, today: dt.date) -> DemoInstitution:
    rng = random.Random(f"{seed}/{index}")
    fake = _faker(rng)
    institution_kind = _weighted(rng, INSTITUTION_KINDS)
    prefixes, licences = REGISTRATION[institution_kind]
    prefix = rng.choice(prefixes)
    place = _place(rng)
    code = credit_code(rng, prefix, place)
    violation = rng.choice(VIOLATIONS) if rng.random() < VIOLATION_RATE else None
    scope = _scope(rng)
    venues = _venues(rng, fake, place)
    demo = DemoInstitution(code, place, portal_lookup=rng.random() < 0.7)
    name = _name(rng, fake, institution_kind, place)
    demo.documents["institution"] = _institution(
        rng, fake, demo, institution_kind, name, licences[prefix], scope, venues, violation, today
    )
    demo.documents["fees"] = _fees(rng, scope, today, violation, name)
    demo.documents["plans"] = _plans(rng, code, scope, venues, today, violation)
    if violation != "no_statistics":
        demo.documents["statistics"] = _statistics(rng, scope, today)
    return demo


def _scope(rng: random.Random) -> list[dict]:
    chosen = rng.sample(OCCUPATIONS, rng.choices((1, 2, 3, 4, 6), (20, 30, 25, 15, 10))[0])
    scope = []
    for code, occupation, work_type, levels in chosen:
        count = rng.randint(1, len(levels))
        entry: dict = {"occupation_code": code, "occupation": occupation}
        if work_type:
            entry["work_type"] = work_type
        entry["levels"] = sorted(levels[:count], reverse=True)
        scope.append(entry)
    return scope


def _venues(rng: random.Random, fake: Faker, place: Place) -> list[dict]:
    names = ("综合考评中心", "实操考场", "理论考试机房", "实训楼", "技能鉴定考场")
    return [
        {
            "id": f"venue-{n + 1}",
            "name": name,
            "address": _address(fake, place),
            "capacity": rng.choice((20, 30, 40, 60, 80, 120)),
        }
        for n, name in enumerate(rng.sample(names, rng.randint(1, 3)))
    ]


def _channel_phone(rng: random.Random, place: Place, hours: bool = True) -> dict:
    entry = {"type": "phone", "value": _phone(rng, place)}
    if hours:
        entry["hours"] = "工作日 9:00-17:00"
    return entry


def _institution(
    rng, fake, demo: DemoInstitution, institution_kind, name, licence, scope, venues, violation, today
) -> dict:
    place = demo.place
    site = f"https://{DOMAIN}/{demo.code.lower()}"
    filed = _day(today - dt.timedelta(days=365 * 5), rng, 365 * 4)
    status = _weighted(rng, (("active", 94), ("suspended", 4), ("removed", 2)))
    filing = {
        "authority": f"{place.city}人力资源和社会保障局",
        "date": filed,
        "number": f"{place.city_short}人社评备〔{filed.year}〕{rng.randint(1, 300):03d}号",
        "status": status,
    }
    if status != "active":
        filing["status_note"] = (
            "因督导检查发现问题暂停评价活动，整改后恢复"
            if status == "suspended"
            else "因违规开展评价活动，移出评价机构目录"
        )
    valid_until = (
        today - dt.timedelta(days=rng.randint(10, 200))
        if violation == "licence_expired"
        else today + dt.timedelta(days=rng.randint(200, 1500))
    )
    data = {
        "schema_version": 1,
        "credit_code": demo.code,
        "name": name,
        "kind": institution_kind,
        "region": {"code": place.code, "province": place.province, "city": place.city},
        "address": _address(fake, place),
        "phone": _phone(rng, place),
    }
    if place.district:
        data["region"]["district"] = place.district
    if rng.random() < 0.6:
        data["website"] = site
    data["filing"] = filing
    data["license"] = {"type": licence, "valid_until": valid_until}
    if violation != "no_commitment":
        data["commitment"] = {"signed": filed - dt.timedelta(days=rng.randint(5, 30)), "url": f"{site}/chengnuoshu.pdf"}
    data["scope"] = scope
    data["venues"] = venues
    data["channels"] = _channels(rng, fake, demo, violation, site)
    if rng.random() < 0.5 or violation == "banned_words":
        data["publicity"] = [_publicity(rng, scope, today, violation)]
    return data


def _channels(rng, fake, demo: DemoInstitution, violation, site) -> dict:
    place = demo.place
    lookup = [{"type": "portal", "value": "在本门户查询证书或成绩"}] if demo.portal_lookup else []
    results = lookup + [_channel_phone(rng, place)]
    certificates = lookup + ([{"type": "url", "value": f"{site}/zhengshu"}] if rng.random() < 0.5 else [])
    if not certificates:
        certificates = [_channel_phone(rng, place)]
    complaints = [
        dict(_channel_phone(rng, place), handler="机构质量监督办公室"),
        {"type": "email", "value": f"{fake.user_name()}@{DOMAIN}"},
    ]
    supervisors = [{"type": "phone", "value": "12333", "handler": f"{place.city}人力资源和社会保障局"}]
    if violation == "no_complaint_channel":
        complaints = []
    if violation == "no_certificate_channel":
        certificates = []
    return {
        "results": results,
        "certificates": certificates,
        "complaints": complaints,
        "supervisor_complaints": supervisors,
    }


def _publicity(rng, scope, today, violation) -> dict:
    occupations = "、".join(s["occupation"] for s in scope[:3])
    text = (
        f"本机构面向社会开展{occupations}等职业的技能等级认定，报名须符合国家职业标准规定的申报条件，"
        "认定合格者颁发职业技能等级证书，可在本门户查询。"
    )
    if violation == "banned_words":
        text += "考前集中培训，包过！"
    return {
        "title": f"{today.year}年职业技能等级认定报名通知",
        "text": text,
        "date": today - dt.timedelta(days=rng.randint(5, 120)),
    }


def _evaluations(scope) -> list[tuple[str, int]]:
    return [(s["occupation_code"], level) for s in scope for level in s["levels"]]


def _fees(rng, scope, today, violation, name) -> dict:
    start = dt.date(today.year - 1, 1, 1)
    evaluations = _evaluations(scope)
    if violation == "missing_fee" and len(evaluations) > 1:
        evaluations = evaluations[:-1]
    basis = rng.choice(("省发展改革委、财政厅收费标准文件", "自主定价并备案", f"{name}收费标准（备案稿）"))
    rows = []
    for code, level in evaluations:
        base = {"occupation_code": code, "level": level}
        if level <= 2:
            rows.append(base | {"item": "comprehensive", "amount": rng.choice((400, 500, 600, 680, 800))})
        elif rng.random() < 0.4:
            rows.append(base | {"item": "total", "amount": rng.choice((260, 300, 350, 380, 420, 480))})
        else:
            rows.append(base | {"item": "theory", "amount": rng.choice((80, 100, 120, 150))})
            rows.append(base | {"item": "practical", "amount": rng.choice((180, 220, 260, 300, 350, 420))})
    return {
        "schema_version": 1,
        "fees": [row | {"basis": basis, "effective_from": start} for row in rows],
        "refund_policy": "报名后因个人原因不能参加考评的，考前 7 日提出可全额退费；因机构原因取消批次的全额退费。",
    }


def _plans(rng, code, scope, venues, today, violation) -> dict:
    plans = []
    evaluations = _evaluations(scope)
    for n in range(rng.choices((0, 1, 2, 3, 5), (10, 25, 30, 20, 15))[0]):
        occupation, level = rng.choice(evaluations)
        first_exam = today + dt.timedelta(days=rng.randint(-300, 150))
        registration_to = first_exam - dt.timedelta(days=rng.randint(7, 20))
        registration_from = registration_to - dt.timedelta(days=rng.randint(14, 30))
        notice = rng.randint(10, 30) if not (violation == "short_notice" and n == 0) else 0
        venue = rng.choice(venues)
        days = rng.choice((1, 1, 2))
        candidates = rng.randint(max(1, venue["capacity"] // 3), venue["capacity"] * days)
        if violation == "over_capacity" and n == 0:
            candidates = venue["capacity"] * days + rng.randint(5, 40)
        methods = ["comprehensive"] if level <= 2 else ["theory", "practical"]
        status = "completed" if first_exam < today else "planned"
        if rng.random() < 0.04:
            status = "cancelled"
        plans.append(
            {
                "id": f"{code[-6:]}-{first_exam:%Y%m}-{n + 1}",
                "occupation_code": occupation,
                "level": level,
                "methods": methods,
                "registration": {"from": registration_from, "to": registration_to},
                "exam_dates": [first_exam + dt.timedelta(days=d) for d in range(days)],
                "venue": venue["id"],
                "candidates": candidates,
                "evaluators": max(2, candidates // 15),
                "supervisors": 0 if violation == "no_supervisor" else 1 + candidates // 80,
                "announced": min(registration_from - dt.timedelta(days=notice), today),
                "status": status,
            }
        )
    return {"schema_version": 1, "plans": plans}


def _statistics(rng, scope, today) -> dict:
    years = []
    for year in (today.year - 2, today.year - 1):
        rows = []
        for code, level in _evaluations(scope)[:4]:
            evaluated = rng.randint(20, 400)
            rows.append(
                {
                    "occupation_code": code,
                    "level": level,
                    "evaluated": evaluated,
                    "certified": int(evaluated * rng.uniform(0.6, 0.95)),
                }
            )
        received = rng.choice((0, 0, 1, 2, 3, 5))
        resolved = received - (1 if received and rng.random() < 0.1 else 0)
        surveyed = rng.randint(50, 500)
        years.append(
            {
                "year": year,
                "evaluated": sum(r["evaluated"] for r in rows),
                "certified": sum(r["certified"] for r in rows),
                "by_occupation": rows,
                "complaints": {"received": received, "resolved": resolved, "resolved_in_time": resolved},
                "satisfaction": {"surveyed": surveyed, "satisfied": int(surveyed * rng.uniform(0.85, 0.99))},
            }
        )
    return {"schema_version": 1, "years": years}
