"""Problems as GitHub Actions sees them: one workflow annotation per problem on its file and line, and
a Chinese summary for the job page. Used only when GITHUB_ACTIONS=true.

Every text here may come from an outsider's file, so it is escaped as the runner's command syntax
requires (a newline must never start a command of its own) and as Markdown requires in the summary.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import WARNING, Problem

SUMMARY_LIMIT = 200  # rows in the job summary; the log and the annotations carry the rest


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """A log line that stays one line: a value with a line break cannot start a runner command."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def annotation(problem: Problem) -> str:
    command = "warning" if problem.severity == WARNING else "error"
    title = f"{problem.title} ({problem.key})" if problem.key else problem.title
    properties = ",".join(
        f"{name}={escape_property(str(value))}"
        for name, value in (("file", problem.path), ("line", problem.line), ("col", problem.column), ("title", title))
    )
    message = problem.message + (f" — {problem.hint}" if problem.hint else "")
    return f"::{command} {properties}::{escape_data(message)}"


def _cell(text: str) -> str:
    """Plain text inside a Markdown table cell: no markup, no HTML, no line breaks."""
    text = " ".join(str(text).split())
    for char, entity in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("|", "&#124;"),
        ("`", "&#96;"),
        ("*", "&#42;"),
        ("_", "&#95;"),
        ("[", "&#91;"),
        ("]", "&#93;"),
        ("\\", "&#92;"),
    ):
        text = text.replace(char, entity)
    return text


def summary_markdown(problems: list[Problem], headline: str, failed: bool = False) -> str:
    errors = sum(p.severity != WARNING for p in problems)
    warnings = len(problems) - errors
    verdict = "❌ 未通过" if errors or failed else "✅ 通过"
    lines = [f"## 公示材料检查：{verdict}", "", _cell(headline), ""]
    if problems:
        lines += [
            f"共 {errors} 个错误、{warnings} 个警告。每一条也标注在“Files changed”中对应文件的对应行。",
            "",
            "| 类型 | 位置 | 字段 | 问题 | 建议 |",
            "|---|---|---|---|---|",
        ]
        for p in problems[:SUMMARY_LIMIT]:
            severity = "警告" if p.severity == WARNING else "错误"
            field = f"{p.title} ({p.key})" if p.key else p.title
            lines.append(
                f"| {severity} | {_cell(f'{p.path}:{p.line}:{p.column}')} | {_cell(field)} | "
                f"{_cell(p.message)} | {_cell(p.hint)} |"
            )
        if len(problems) > SUMMARY_LIMIT:
            lines += ["", f"另有 {len(problems) - SUMMARY_LIMIT} 条未列出，请查看运行日志。"]
    if errors or failed:
        lines += ["", "请按“建议”修改后再次推送到同一分支，检查会自动重新运行。本地可用 `portal check` 先自查。"]
    return "\n".join(lines) + "\n"


def report_to_github(problems: list[Problem], headline: str, failed: bool = False) -> None:
    """Print the annotations and append the summary, when running inside GitHub Actions.
    failed: the command failed even if no problem is an error (a refused build, a bad argument)."""
    if not in_github_actions():
        return
    for problem in problems:
        print(annotation(problem))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as out:
            out.write(summary_markdown(problems, headline, failed))
