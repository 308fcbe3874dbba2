"""Indicator 16 (评价机构和评价宣传): words publicity must not use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..registry import FAIL, PASS, WARN, Outcome, rule

# The words indicator 16 lists, longest first so that 中华人民共和国 is one hit, not also 中华 and 中国.
BANNED_WORDS = (
    "中华人民共和国",
    "职业技能鉴定",
    "职业资格",
    "人员资格",
    "中国",
    "中华",
    "国家",
    "全国",
    "包过",
    "保过",
)
# Words that speak of the state; in a registered name they may be lawful (a national association
# registered with the Ministry of Civil Affairs), so a name containing one is for a person to look at.
STATE_WORDS = {"中华人民共和国", "中国", "中华", "国家", "全国"}
# Proper names and citations that contain a listed word without claiming anything: the name of the
# standards an evaluation follows, and street or place names (中华路, 中华门).
ALLOWED = (
    re.compile(r"国家职业(?:技能)?标准"),
    re.compile(r"国家职业分类大典|中华人民共和国职业分类大典"),
    re.compile(r"国家基本职业培训包"),
    re.compile(r"(?:中华|中国|全国|国家)(?:北|南|东|西)?(?:路|街|大街|大道|巷|里|门|桥|广场|公园)"),
)
_BANNED = re.compile("|".join(BANNED_WORDS))
CONTEXT = 12


@dataclass(frozen=True)
class Hit:
    word: str
    context: str


def banned_words(text: str) -> list[Hit]:
    """Each listed word in the text, with the text around it, except inside an allowed proper name."""
    allowed = [m.span() for pattern in ALLOWED for m in pattern.finditer(text)]
    hits = []
    for match in _BANNED.finditer(text):
        start, end = match.span()
        if any(a <= start and end <= b for a, b in allowed):
            continue
        before = text[max(0, start - CONTEXT) : start]
        after = text[end : end + CONTEXT]
        hits.append(
            Hit(
                match.group(),
                f"{'…' if start > CONTEXT else ''}{before}【{match.group()}】{after}"
                f"{'…' if end + CONTEXT < len(text) else ''}",
            )
        )
    return hits


@rule(
    "publicity-banned-words",
    16,
    "宣传中不使用违规字样",
    why="指标 16：评价所发证书及宣传活动不得违规使用“中华人民共和国”“中国”“中华”“国家”“全国”“职业资格”“人员资格”"
    "“职业技能鉴定”“包过”“保过”等字样，不得假借行政机关名义或夸大证书效力。职业技能等级证书不是职业资格证书，"
    "“包过”则是对考评结果的虚假承诺。",
    bad="publicity:\n  - title: 养老护理员培训评价一站式服务\n    text: 考试包过，结业即可拿到国家职业资格证书，全国通用。",
    fix="publicity:\n  - title: 养老护理员培训评价一站式服务\n    text: 培训结束后可报名参加职业技能等级认定，考核合格者取得职业技能等级证书，可在本门户查询。",
    explanation="""
检查机构名称、简称和每条宣传材料的标题与正文。每处违规字样都连同前后文字列出。
为避免误报，以下专有名称中的字样不算：引用的标准名称“国家职业标准”“国家职业技能标准”“国家职业分类大典”
“国家基本职业培训包”，以及路名、地名（如“中华路”“中华门”）。地址、收费依据不属于宣传，不检查。
宣传材料中的违规字样为“不符合”；机构名称中含“中国”“中华”“国家”“全国”等字样的，可能是依法登记的全国性组织名称，
需对照登记证书人工核查（“需人工核查”）；名称中的“包过”“职业资格”等仍为“不符合”。""",
)
def publicity_banned_words(ctx) -> Outcome:
    inst = ctx.inst
    texts: list[tuple[str, tuple, str, bool]] = [("名称", ("name",), inst.name, True)]
    if inst.short_name:
        texts.append(("简称", ("short_name",), inst.short_name, True))
    for n, item in enumerate(inst.publicity):
        texts.append((f"宣传材料“{item.title}”的标题", ("publicity", n, "title"), item.title, False))
        texts.append((f"宣传材料“{item.title}”", ("publicity", n, "text"), item.text, False))
    statuses, lines, evidence = [], [], []
    for where, key_path, text, is_name in texts:
        for hit in banned_words(text):
            status = WARN if is_name and hit.word in STATE_WORDS else FAIL
            statuses.append(status)
            lines.append(f"{where}使用了“{hit.word}”：{hit.context}")
            evidence.append(ctx.evidence("institution", key_path, hit.context))
    if not statuses:
        return Outcome(PASS, f"名称和 {len(inst.publicity)} 条宣传材料中没有违规字样。")
    if FAIL in statuses:
        return Outcome(
            FAIL,
            "；".join(lines) + "。请删除或改写这些字样：职业技能等级证书不得称为职业资格证书，不得承诺包过。",
            tuple(evidence),
        )
    return Outcome(
        WARN, "；".join(lines) + "。名称中含此类字样须为依法登记的名称：监管部门将对照登记证书核查。", tuple(evidence)
    )
