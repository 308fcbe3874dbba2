"""Read one submitted YAML file into plain data plus the line and column of every value.

PyYAML follows YAML 1.1 and forgives too much: duplicate keys silently keep the last value, aliases
can blow up memory, `2026-02-30` raises deep inside the constructor. We therefore compose the node
tree ourselves and build the data from it, keeping marks, refusing duplicates, aliases, merge keys
and custom tags, and leaving dates as text so the validator can judge them with a proper message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import MAX_PROBLEMS_PER_FILE, TOO_MANY, Problem, shown_value
from .characters import character_name, lookalike_name

_Loader: type[yaml.CSafeLoader | yaml.SafeLoader]
try:  # the C composer is several times faster; marks are the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_COUNTED = 10_000  # problems counted in one file before reading it stops: it is not a disclosure

Path_ = tuple  # a key path: ("scope", 0, "levels")

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_scalar_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDocument:
    """Data of one file and where each value (and each mapping key) was written."""

    path: str
    data: Any = None  # whatever the YAML holds: validation decides whether it is the expected shape
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # source text of values YAML turned into numbers or booleans, to suggest the quoted form
    raw_scalars: dict[Path_, str] = field(default_factory=dict)
    # values the loader refused (alias, tag, too deep, not finite) and left as None: already
    # explained, so the validator does not complain about them a second time
    dropped: set[Path_] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    hidden_problems: int = 0  # found beyond MAX_PROBLEMS_PER_FILE: counted, not kept
    source: str = field(default="", repr=False)  # the text, to point at one character inside a value
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)  # text values: start, end
    _texts: list[tuple[Path_, str]] | None = field(default=None, repr=False, compare=False)

    def texts(self) -> list[tuple[Path_, str]]:
        """(key path, text) of every string in the data, in file order: walked once for all the text checks."""
        if self._texts is None:
            self._texts = list(text_values(self.data))
        return self._texts

    def add_problem(self, problem: Problem) -> None:
        """Keep the first problems of a file; of a flood (450,000 aliases) only count the rest."""
        if len(self.problems) < MAX_PROBLEMS_PER_FILE:
            self.problems.append(problem)
        else:
            self.hidden_problems += 1

    def where(self, key_path: Path_) -> tuple[int, int]:
        """Line and column of a value; for a missing value, of its closest existing parent."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.positions:
                return self.positions[key_path]
            key_path = key_path[:-1]
        return self.positions.get((), (1, 1))

    def where_key(self, key_path: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(key_path)) or self.where(key_path)

    def where_char(self, key_path: Path_, value: str, index: int) -> tuple[int, int]:
        """Line and column of value[index] in the file when it is written there as itself (not as an
        escape such as \\u3000); otherwise where the value starts."""
        span = self.spans.get(tuple(key_path))
        if span is None or not 0 <= index < len(value):
            return self.where(key_path)
        start, end = span
        char, offset = value[index], start
        for _ in range(value[:index].count(char) + 1):
            found = self.source.find(char, offset, end)
            if found < 0:
                return self.where(key_path)
            offset = found + 1
        found = offset - 1
        return self.source.count("\n", 0, found) + 1, found - (self.source.rfind("\n", 0, found) + 1) + 1


def text_values(value, key_path: Path_ = ()):
    """(key path, text) of every string in loaded data, depth first in file order."""
    if isinstance(value, str):
        yield key_path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from text_values(child, key_path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from text_values(child, key_path + (index,))


def format_key_path(key_path: Path_) -> str:
    text = ""
    for part in key_path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def load_yaml_file(path: Path, shown_as: str) -> YamlDocument:
    doc = YamlDocument(path=shown_as)
    try:
        with open(path, "rb") as handle:  # never more than the limit in memory, however big the file
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        doc.problems.append(_file_problem(shown_as, "无法读取文件", str(exc.strerror or exc)))
        return doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            _file_problem(shown_as, f"文件过大（超过 {MAX_BYTES} 字节）", "一个公示文件不应这么大：请删除多余内容")
        )
        return doc
    text = _decode_utf8(raw, doc)
    if text is None:
        return doc
    return parse_yaml_text(text, doc)


def parse_yaml_text(text: str, doc: YamlDocument) -> YamlDocument:
    doc.source = text
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(text, doc.path, exc))
        return doc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL or other control codes
        # the reader stops at the first such character; its position may count bytes, not characters
        code = exc.character if isinstance(exc.character, int) else 0
        at = max(text.find(chr(code)), 0)
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "",
                "YAML 语法",
                f"含有不允许的{character_name(chr(code))}",
                "请删除这个不可见字符（常见于从网页或 Word 复制的文字）",
            )
        )
        return doc
    except yaml.YAMLError as exc:  # errors without a position
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        doc.problems.append(_file_problem(doc.path, "YAML 语法错误，无法解析", f"请检查文件内容（{detail}）"))
        return doc
    if node is None:
        doc.positions[()] = (1, 1)
        return doc
    try:
        doc.data = _Builder(doc).build(node, (), 0)
    except _TooManyProblems as stop:
        doc.data = None
        doc.problems.append(
            Problem(
                doc.path,
                stop.line,
                stop.column,
                "",
                TOO_MANY,
                f"超过 {MAX_COUNTED} 个问题，已停止读取本文件",
                "请对照格式说明重写这个文件",
            )
        )
    return doc


class _TooManyProblems(Exception):
    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


def _decode_utf8(raw: bytes, doc: YamlDocument) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "",
                "文件编码",
                f"不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）",
                "请用 UTF-8 编码另存文件（不要使用 GBK/GB2312）",
            )
        )
        return None


def _file_problem(path: str, message: str, hint: str) -> Problem:
    return Problem(path, 1, 1, "", "文件", message, hint)


_YAML_PHRASES = {
    "found duplicate anchor": "锚点重复",
    "mapping values are not allowed": "此处不允许出现“键: 值”（可能是缩进不对，或文本中的“: ”需要加引号）",
    "found character '\\t' that cannot start any token": "不能使用制表符（Tab）缩进",
    "that cannot start any token": "出现了不能作为开头的字符（以 @、` 等开头的文本须加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "expected a single document in the stream": "一个文件只能包含一个 YAML 文档",
    "found undefined alias": "使用了未定义的别名",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "did not find expected node content": "缺少内容",
    "expected <block end>, but found '-'": "列表项缩进不一致",
    "found unknown escape character": "双引号字符串里有无效的转义字符",
    "found invalid Unicode character escape code": "双引号字符串里有无效的 Unicode 转义",
    "exceeded maximum nesting depth": "嵌套层数过多",
    "block sequence entries are not allowed": "此处不允许出现列表项“- ”（可能是缩进不对）",
    "mapping keys are not allowed": "此处不允许出现“? ”（以 ? 开头的文本须加引号）",
    "did not find expected '-' indicator": "列表项缩进不一致（每项应以“- ”开头并对齐）",
    "did not find expected ',' or ']'": "方括号列表 [ ] 未闭合，或两项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 未闭合，或两项之间缺少逗号",
    "did not find expected <document start>": "多出了无法归属的内容（可能是缩进不对，或文本需要加引号）",
    "did not find expected alphabetic or numeric character": "& 或 * 后缺少名称（以 &、* 开头的文本须加引号）",
    "did not find expected comment or line break": "引号或 |、> 之后还有多余的内容",
    "did not find expected hexdecimal number": "双引号字符串里有无效的 \\x 或 \\u 转义（反斜杠请写成 \\\\，或改用单引号）",
    "directive name": "无效的 % 指令（以 % 开头的文本须加引号）",
    "found unexpected non-alphabetical character": "出现了不允许的字符（以 %、&、* 开头的文本须加引号）",
    "found incompatible YAML document": "不支持的 YAML 版本声明",
    "but found another document": "一个文件只能包含一个 YAML 文档（请删除 --- 分隔线）",
    "while scanning a quoted scalar": "引号未闭合",
}


def _syntax_problem(text: str, path: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Explain a YAML syntax error where the submitter made it, not where the parser gave up."""
    hint = "请检查缩进、冒号后的空格和引号是否成对"
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = _translate_yaml_error(exc.problem or exc.context or "")
    if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark:
        # the file ended inside quotes: the opening quote is the mistake
        mark = exc.context_mark
        return Problem(
            path, mark.line + 1, mark.column + 1, "", "YAML 语法", "引号未闭合", "请在文本末尾补上配对的引号"
        )
    lines = text.splitlines()
    if mark and mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        return Problem(path, line, col, "", "YAML 语法", "不能使用制表符（Tab）", "请用空格缩进，不要用 Tab 键")
    mistyped = _mistyped_key(text, exc, path)
    if mistyped is not None:
        return mistyped
    opened = _quote_running_into(text, mark)
    if opened is not None:
        return Problem(
            path,
            opened.line + 1,
            opened.column + 1,
            "",
            "YAML 语法",
            f"引号未闭合：这里开始的引号一直延续到第 {line} 行",
            "请在本行文本末尾补上配对的引号",
        )
    return Problem(path, line, col, "", "YAML 语法", reason, hint)


_KEY_LINE = re.compile(
    r"^(?P<indent>[ \u00a0\u3000]*(?:-[ ]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?P<gap>[ \u00a0\u3000]*)(?P<colon>[:：])(?P<after>[ \u00a0\u3000]*)(?P<rest>.*)$"
)


def _mistyped_key(text: str, exc: yaml.MarkedYAMLError, path: str) -> Problem | None:
    """`address：广州`, `address:广州`, a no-break space after the colon or before the key: YAML then
    reads the whole line as one text and complains on a later line. Name the character on its line."""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    if not marks:
        return None
    lines = text.split("\n")
    last = max(m.line for m in marks)
    for number in range(min(last, len(lines) - 1), max(min(m.line for m in marks) - 1, last - 3, -1), -1):
        problem = _mistyped_key_line(lines[number], number + 1, path)
        if problem is not None:
            return problem
    return None


def _mistyped_key_line(line: str, number: int, path: str) -> Problem | None:
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    indent, key, colon, after, rest = (match[name] for name in ("indent", "key", "colon", "after", "rest"))
    fixed = indent.replace("\u00a0", " ").replace("\u3000", "  ") + f"{key}: {rest}".rstrip()
    odd_space = next((c for c in indent + match["gap"] + after if c in "\u00a0\u3000"), None)
    if colon == "：":
        column, what = match.start("colon") + 1, "字段名后是全角冒号“：”"
    elif odd_space is not None:
        column = line.index(odd_space) + 1
        what = f"字段名前后有{lookalike_name(odd_space)}（看起来像空格，YAML 不认）"
    elif not after and rest:
        column, what = match.start("rest") + 1, "冒号后缺少空格"
    else:
        return None
    return Problem(
        path,
        number,
        column,
        "",
        "YAML 语法",
        f"{what}：“{shown_value(line.strip())}”",
        f"应写为 “{shown_value(fixed.strip())}”（英文冒号“:”后加一个空格，缩进只用普通空格）",
    )


def _quote_running_into(text: str, mark):
    """Start mark of a quoted scalar that spans lines and ends on the error line: a forgotten quote."""
    if mark is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > mark.line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == mark.line
            ):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


def _translate_yaml_error(problem: str) -> str:
    for english, chinese in _YAML_PHRASES.items():
        if problem.startswith(english) or english in problem:
            return chinese
    if problem.startswith("expected <block end>"):
        return "缩进不一致"
    return "无法解析（" + shown_value(problem) + "）"


class _Builder:
    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.seen: set[int] = set()

    def problem(self, node, key_path, title, message, hint=""):
        self.stop_if_flooded(node.start_mark.line + 1, node.start_mark.column + 1)
        self.doc.add_problem(
            Problem(
                self.doc.path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                format_key_path(key_path),
                title,
                message,
                hint,
            )
        )

    def stop_if_flooded(self, line: int, column: int) -> None:
        if self.doc.hidden_problems >= MAX_COUNTED:
            raise _TooManyProblems(line, column)

    def build(self, node, key_path: Path_, depth: int):
        self.doc.positions[key_path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self.doc.dropped.add(key_path)
            self.problem(node, key_path, "YAML 结构", f"嵌套超过 {MAX_DEPTH} 层", "请按格式说明书写")
            return None
        if id(node) in self.seen:
            # An alias (*name) hands back the anchored node itself, whose mark is the anchor's:
            # point at the key that holds the alias, or at the list that holds it.
            line, column = (
                self.doc.key_positions.get(key_path)
                or (self.doc.positions.get(key_path[:-1]) if key_path else None)
                or self.doc.positions[key_path]
            )
            self.doc.positions[key_path] = (line, column)
            self.doc.dropped.add(key_path)
            self.stop_if_flooded(line, column)
            self.doc.add_problem(
                Problem(
                    self.doc.path,
                    line,
                    column,
                    format_key_path(key_path),
                    "YAML 别名",
                    "不支持 YAML 锚点与别名（& 与 *）",
                    "请把内容直接写出来",
                )
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, key_path)
        if node.tag not in (_SEQ, _MAP):  # !!set, !!omap, !!python/object:… and other explicit tags
            return self.refuse_tag(node, key_path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, key_path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, key_path, depth)

    def mapping(self, node, key_path, depth):
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, key_path, "YAML 合并键", "不支持 YAML 合并键（<<）", "请把内容直接写出来")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.problem(key_node, key_path, "字段名", "字段名应为英文文本", "请按格式说明书写字段名，例如 name")
                continue
            key = key_node.value
            child = key_path + (key,)
            if key in result:
                self.problem(
                    key_node,
                    child,
                    "重复字段",
                    f"字段 “{shown_value(key)}” 重复（第 {first_line[key]} 行已出现）",
                    "同一层级每个字段只能写一次，请删除或合并其中一处",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.doc.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node, key_path):
        if node.tag == _STR or node.tag == _TIMESTAMP:
            self.doc.spans[key_path] = (node.start_mark.index, node.end_mark.index)
            return node.value  # dates stay text; the validator checks the calendar
        if node.tag in _SCALAR_TAGS:
            try:
                value = _scalar_constructor.yaml_constructors[node.tag](_scalar_constructor, node)
            except (ValueError, KeyError, TypeError, yaml.YAMLError):  # e.g. !!int abc, 5000-digit numbers
                self.doc.dropped.add(key_path)
                self.problem(
                    node,
                    key_path,
                    "数值",
                    f"“{shown_value(node.value)}” 无法当作数值读取",
                    "请填写普通的数字；如果是文本，请加引号",
                )
                return None
            self.doc.raw_scalars[key_path] = node.value
            if isinstance(value, float) and not math.isfinite(value):
                self.doc.dropped.add(key_path)
                self.problem(node, key_path, "数值", "不是有限的数值", "请填写具体数字")
                return None
            return value
        return self.refuse_tag(node, key_path)

    def refuse_tag(self, node, key_path):
        self.doc.dropped.add(key_path)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        self.problem(node, key_path, "YAML 标签", f"不支持的 YAML 标签 {tag}", "请删除以 ! 开头的标签")
        return None
