"""National code rules: unified social credit codes, resident ID numbers, province codes, levels."""

from __future__ import annotations

import datetime as _dt

# GB 32100-2015: the 31 characters of the code alphabet, in value order (no I, O, S, V, Z).
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB/T 2260: province-level divisions by the first two digits of a region code.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
    "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}

LEVEL_NAMES = {5: "五级/初级工", 4: "四级/中级工", 3: "三级/高级工", 2: "二级/技师", 1: "一级/高级技师"}
LEVEL_SHORT = {5: "五级", 4: "四级", 3: "三级", 2: "二级", 1: "一级"}


def credit_check_char(first17: str) -> str | None:
    """The 18th character of a unified social credit code, or None if a character is invalid."""
    try:
        total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    except ValueError:
        return None
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why a credit code is invalid, in Chinese, or None when it is valid."""
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = sorted({c for c in code if c not in CREDIT_ALPHABET})
    if bad:
        return "含有不允许的字符 " + "、".join(f"“{c}”" for c in bad) + "（不使用 I、O、S、V、Z 及小写字母）"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误：按 GB 32100 计算第 18 位应为 {expected}，实际为 {code[17]}"
    return None


def id_check_char(first17: str) -> str | None:
    if len(first17) != 17 or not first17.isdigit():
        return None
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_error(number: str) -> str | None:
    """Why a resident ID number is invalid, in Chinese, or None when it is valid."""
    if len(number) != 18:
        return f"应为 18 位，实际 {len(number)} 位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "前 17 位应为数字，最后一位为数字或 X"
    if number[:2] not in PROVINCES:
        return f"前两位 {number[:2]} 不是有效的省级行政区划代码"
    try:
        _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"出生日期 {number[6:14]} 不存在"
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return f"校验位错误：按 GB 11643 计算第 18 位应为 {expected}，实际为 {number[17]}"
    return None


def province_name_matches(code_prefix: str, written: str) -> bool:
    """Accept the official name (广东省) and its common short form (广东)."""
    official = PROVINCES.get(code_prefix)
    if official is None:
        return False
    return written in {official, short_province_name(official)}


def short_province_name(official: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"):
        if official.endswith(suffix):
            return official[: -len(suffix)]
    return official
