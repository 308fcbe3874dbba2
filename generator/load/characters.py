"""Characters people paste by mistake, named in Chinese so that a submitter can find them.

Two groups:

- look-alikes: full-width digits, colons, hyphens and brackets typed with a Chinese input method, and
  the non-breaking (U+00A0) and ideographic (U+3000) spaces Excel and Word paste. They are fine in
  free text but break a code, a phone number or a date: the message names each one and shows the
  corrected text.
- forbidden: control characters (NUL, BEL, ESC …), bidirectional overrides and isolates, zero-width
  characters, lone surrogates and non-characters. They are invisible, reorder what a reader sees, or
  break HTML, CSV, JSON and the Atom feed (XML 1.0 forbids most of them), so no text field may hold
  them. Multi-line fields may hold line breaks and tabs.
"""

from __future__ import annotations

import re
import unicodedata

_FULL_WIDTH_NAMES = {
    "：": "全角冒号",
    "－": "全角连字符",
    "（": "全角左括号",
    "）": "全角右括号",
    "＋": "全角加号",
    "．": "全角句点",
    "／": "全角斜杠",
    "＠": "全角 @",
    "，": "全角逗号",
    "＃": "全角井号",
    "＿": "全角下划线",
}
_OTHER_LOOKALIKES = {
    "\u00a0": (" ", "不间断空格 U+00A0"),
    "\u3000": (" ", "全角空格 U+3000"),
    "\u2002": (" ", "半角空格 U+2002"),
    "\u2003": (" ", "全角空格 U+2003"),
    "\u2009": (" ", "窄空格 U+2009"),
    "\u2010": ("-", "连字符 U+2010"),
    "\u2011": ("-", "不换行连字符 U+2011"),
    "\u2012": ("-", "数字连接号 U+2012"),
    "\u2013": ("-", "短破折号 U+2013"),
    "\u2014": ("-", "破折号 U+2014"),
    "\u2212": ("-", "减号 U+2212"),
    "\u30fc": ("-", "长音符 U+30FC"),
    "。": (".", "句号"),
    "、": (",", "顿号"),
}
_LINE_BREAKS = "\n\t"
_ZERO_WIDTH = {
    "\u200b": "零宽空格 U+200B",
    "\u200c": "零宽不连字 U+200C",
    "\u200d": "零宽连字 U+200D",
    "\u2060": "零宽不换行空格 U+2060",
    "\ufeff": "字节顺序标记 U+FEFF",
}
_CONTROL_NAMES = {
    0x00: "控制字符 NUL",
    0x07: "控制字符 BEL",
    0x08: "控制字符 BS",
    0x09: "制表符 Tab",
    0x0A: "换行符",
    0x0B: "控制字符 VT",
    0x0C: "控制字符 FF",
    0x0D: "回车符",
    0x1B: "控制字符 ESC",
    0x7F: "控制字符 DEL",
    0x85: "控制字符 NEL",
}
_BIDI = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff]"
)


def lookalike(char: str) -> tuple[str, str] | None:
    """(the ASCII character meant, its Chinese name) for a character typed instead of it, else None."""
    if char in _FULL_WIDTH_NAMES:
        return unicodedata.normalize("NFKC", char), _FULL_WIDTH_NAMES[char]
    if char in _OTHER_LOOKALIKES:
        return _OTHER_LOOKALIKES[char]
    if "\uff10" <= char <= "\uff19":
        return chr(ord(char) - 0xFEE0), "全角数字"
    if "\uff21" <= char <= "\uff3a" or "\uff41" <= char <= "\uff5a":
        return chr(ord(char) - 0xFEE0), "全角字母"
    if char in _ZERO_WIDTH:
        return "", _ZERO_WIDTH[char]
    return None


def find_lookalikes(value: str) -> list[tuple[int, str, str]]:
    """(index, character, Chinese name) of every look-alike character in value."""
    found = []
    for index, char in enumerate(value):
        meant = lookalike(char)
        if meant is not None:
            found.append((index, char, meant[1]))
    return found


def marked(value: str) -> str:
    """value with each invisible look-alike (a no-break space, a zero-width space) shown as 〔U+00A0〕."""
    return "".join(f"〔U+{ord(c):04X}〕" if _invisible_lookalike(c) else c for c in value)


def _invisible_lookalike(char: str) -> bool:
    meant = lookalike(char)
    return meant is not None and not meant[0].strip()


def lookalike_name(char: str) -> str:
    meant = lookalike(char)
    return meant[1] if meant else f"U+{ord(char):04X}"


def without_forbidden(value: str, multiline: bool = False) -> str:
    """value with the characters no text field may hold removed (what the submitter most likely meant)."""
    drop = {index for index, _ in forbidden_characters(value, multiline)}
    return "".join(c for i, c in enumerate(value) if i not in drop)


def corrected(value: str) -> str:
    """value with every look-alike replaced by what was meant, and surrounding spaces removed."""
    return "".join((lookalike(c) or (c, ""))[0] for c in value).strip()


def describe(found: list[tuple[int, str, str]]) -> str:
    """`全角数字“４”、不间断空格 U+00A0`: each character once, in order of appearance, invisible ones by name only."""
    names: dict[str, str] = {}
    for _, char, name in found:
        if name not in names:
            names[name] = name if not char.strip() or char in _ZERO_WIDTH else f"{name}“{char}”"
    return "、".join(names.values())


def holds_forbidden_or_break(value: str) -> bool:
    """Whether the text holds a forbidden character, a line break or a tab: one search, as almost no text does."""
    return _FORBIDDEN.search(value) is not None  # line breaks and tabs are in the forbidden range


def forbidden_characters(value: str, multiline: bool = False) -> list[tuple[int, str]]:
    """(index, character) of every character no text field may hold."""
    return [(m.start(), m.group()) for m in _FORBIDDEN.finditer(value) if not (multiline and m.group() in _LINE_BREAKS)]


def character_name(char: str) -> str:
    code = ord(char)
    if char in _BIDI:
        return f"双向文本控制字符 {_BIDI[char]}（U+{code:04X}）"
    if char in _ZERO_WIDTH:
        return _ZERO_WIDTH[char]
    if 0xD800 <= code <= 0xDFFF:
        return f"无效的代理字符 U+{code:04X}"
    if code in (0x2028, 0x2029):
        return f"Unicode 分行符 U+{code:04X}"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"{_CONTROL_NAMES.get(code, '控制字符')}（U+{code:04X}）"
    return f"非字符 U+{code:04X}"
