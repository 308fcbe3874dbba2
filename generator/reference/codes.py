"""National code tables: province-level divisions, skill levels, and the check characters of unified
social credit codes and resident ID numbers. Domain data that loading, validation, views and sealing
all read; validation's Chinese explanations of a wrong code are in generator/validate/codes.py.
"""

from __future__ import annotations

# GB 32100-2015: the 31 characters of the code alphabet, in value order (no I, O, S, V, Z).
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB/T 2260: province-level divisions by the first two digits of a region code.
PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

# Skill levels of the vocational skill level certificate (职业技能等级), 5 the lowest; the short name is the first part.
LEVEL_NAMES = {5: "五级/初级工", 4: "四级/中级工", 3: "三级/高级工", 2: "二级/技师", 1: "一级/高级技师"}
LEVEL_SHORT = {level: name.split("/")[0] for level, name in LEVEL_NAMES.items()}


def credit_check_char(first17: str) -> str | None:
    """The 18th character of a unified social credit code, or None if a character is invalid."""
    try:
        total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    except ValueError:
        return None
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def id_check_char(first17: str) -> str | None:
    if len(first17) != 17 or not first17.isdigit():
        return None
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def short_province_name(official: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"):
        if official.endswith(suffix):
            return official[: -len(suffix)]
    return official
