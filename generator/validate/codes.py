"""Why a national code is wrong, in Chinese: unified social credit codes, resident ID numbers, province names.

The tables and check characters themselves are domain data: generator/reference/codes.py.
"""

from __future__ import annotations

import datetime as _dt

from ..reference.codes import (  # noqa: F401 - the tables are also read from here by validation callers
    CREDIT_ALPHABET,
    LEVEL_NAMES,
    LEVEL_SHORT,
    PROVINCES,
    credit_check_char,
    id_check_char,
    short_province_name,
)


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
