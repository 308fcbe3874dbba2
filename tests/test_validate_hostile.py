"""Hostile and careless input that once passed `portal check` or flooded it (issue 7 items 5-8, issue 12).

Each test builds a small project in a temporary folder, runs `portal check` as a submitter would, and
where the issue says so also the build (`prepare_build`, which `portal build` runs first): whatever
check refuses, build refuses with the same problem.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from generator.build import prepare_build
from generator.cli import main
from generator.load.yamlfile import MAX_COUNTED
from generator.problems import MAX_PROBLEMS_PER_FILE, DataInvalid

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "institutions" / "52440106MJL0001001"  # all four files and sealed/
CODE = SAMPLE.name
LOCATED = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+)$")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with institutions/<sample>/, as the working directory."""
    shutil.copytree(SAMPLE, tmp_path / "institutions" / CODE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys, *args) -> tuple[int, list[str]]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, [line for line in out.splitlines() if line.strip()]


def _build_problems(project: Path) -> list[str]:
    with pytest.raises(DataInvalid) as refused:
        prepare_build(project / "institutions")
    return [p.format() for p in refused.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


# -- item 7: symlinks and stray entries, in check and build ------------------------------------


@pytest.mark.parametrize("make", ["file", "folder", "institution", "sealed_file", "inspections_file"])
def test_every_symlink_under_institutions_is_refused_in_check_and_build(project, capsys, make):
    outside = project / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("schema_version: 1\nyears: []\n", "utf-8")
    folder = project / "institutions" / CODE
    link, target = {
        "file": (folder / "statistics.yaml", outside / "secret.yaml"),
        "folder": (folder / "sealed", outside),
        "institution": (project / "institutions" / "91440300MA5GX1D2PL", folder),
        "sealed_file": (folder / "sealed" / "results.jsonl", outside / "secret.yaml"),
        "inspections_file": (folder / "inspections" / "2026-01-05.yaml", outside / "secret.yaml"),
    }[make]
    link.parent.mkdir(exist_ok=True)
    if link.exists():
        shutil.rmtree(link) if link.is_dir() else link.unlink()
    link.symlink_to(target)
    shown = link.relative_to(project).as_posix()
    code, lines = _check(capsys)
    assert code == 1
    assert any(line.startswith(f"{shown}:1:1: 文件: 是符号链接") for line in lines), lines
    assert any(line.startswith(f"{shown}:1:1: 文件: 是符号链接") for line in _build_problems(project))


@pytest.mark.parametrize("args", [(), ("institutions",), ("./institutions/",)])
@pytest.mark.parametrize("name, entry_type", [(".evil", "dir"), ("evil.yaml", "file"), (".hidden.yaml", "file")])
def test_stray_entries_in_institutions_are_reported_by_check_and_build(project, capsys, name, entry_type, args):
    path = project / "institutions" / name
    path.mkdir() if entry_type == "dir" else path.write_text("schema_version: 1\n", "utf-8")
    code, lines = _check(capsys, *args)
    assert code == 1
    expected = f"institutions/{name}:1:1: 文件: 意外的{'文件夹' if entry_type == 'dir' else '文件'} {name}"
    assert any(line.startswith(expected) for line in lines), lines
    assert any(line.startswith(expected) for line in _build_problems(project))


def test_unknown_entries_inside_sealed_are_reported(project, capsys):
    (project / "institutions" / CODE / "sealed" / "names.csv").write_text("name\n张三\n", "utf-8")
    code, lines = _check(capsys)
    assert code == 1
    assert any(
        line.startswith(f"institutions/{CODE}/sealed/names.csv:1:1: 文件: sealed/ 中有意外的文件") for line in lines
    )


# -- item 8: floods and names that would control the terminal ----------------------------------


def test_an_alias_flood_prints_a_bounded_report(project, capsys):
    aliases = 450_000
    text = "schema_version: 1\na: &a x\nb: [" + ", ".join(["*a"] * aliases) + "]\n"
    assert len(text) > 1_300_000
    (project / "institutions" / CODE / "plans.yaml").write_text(text, "utf-8")
    started = time.monotonic()
    code, lines = _check(capsys)
    seconds = time.monotonic() - started
    assert code == 1
    plans = [line for line in lines if line.startswith(f"institutions/{CODE}/plans.yaml:")]
    assert len(plans) == MAX_PROBLEMS_PER_FILE + 2  # the first ones, "stopped reading", "N more"
    assert any(f"超过 {MAX_COUNTED} 个问题，已停止读取本文件" in line for line in plans)
    hidden = int(re.search(r"另有 (\d+) 个问题未列出", " ".join(plans))[1])
    assert hidden >= MAX_COUNTED
    assert sum(map(len, lines)) < 20_000
    assert seconds < 20, seconds  # under a second here; before, 450,002 lines, 70 MB and 280 MB of memory


def test_a_huge_value_is_shortened_in_its_message(project, capsys):
    huge = "电" * (1_900_000 // 3)  # 1.9 MB in UTF-8, under the file size limit
    _edit(project / "institutions" / CODE / "institution.yaml", '\n  code: "', f'\n  code: "{huge}')
    code, lines = _check(capsys)
    assert code == 1
    (region,) = [line for line in lines if "(region.code): 格式不正确" in line]
    assert f"…（共 {len(huge) + 6} 字）" in region
    assert all(len(line) < 400 for line in lines), max(map(len, lines))


def test_a_file_over_the_size_limit_is_refused_without_reading_it_whole(project, capsys):
    big = project / "institutions" / CODE / "statistics.yaml"
    with open(big, "ab") as handle:
        handle.write(b"#" * 3_000_000 + b"\n")
    code, lines = _check(capsys)
    assert code == 1
    assert any(line.startswith(f"institutions/{CODE}/statistics.yaml:1:1: 文件: 文件过大") for line in lines)


@pytest.mark.parametrize("name", ["evil\x1b[31mred.yaml", "two\nlines.yaml", "bidi\u202egnp.yaml", "bell\x07.yaml"])
def test_file_names_reach_the_terminal_escaped(project, capsys, name):
    (project / "institutions" / CODE / name).write_text("x: 1\n", "utf-8")
    code, lines = _check(capsys)
    out = "\n".join(lines)
    assert code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", out)
    (stray,) = [line for line in lines if "未知的文件" in line]
    assert LOCATED.match(stray)


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(project, capsys):
    folder = os.fsencode(project / "institutions" / CODE)
    with open(folder + b"/\xff\xfe.yaml", "wb") as handle:
        handle.write(b"x: 1\n")
    code, lines = _check(capsys)
    assert code == 1
    assert any("未知的文件 \\udcff\\udcfe.yaml" in line for line in lines), lines
    code, _ = _check(capsys, "--format", "json")
    assert code == 1


# -- item 5: what check accepts, build builds; the rest is refused with a location -------------

URL_FIELDS = [  # (file, text to replace, replacement with {url}, key reported)
    ("institution.yaml", "website: ", "website: {url}\nx_website: ", "website"),
    ("institution.yaml", "  url: https://example.org/tianhe/commitment.pdf", "  url: {url}", "commitment.url"),
    (
        "institution.yaml",
        "\npublicity:\n",
        "\npublicity:\n  - title: 链接\n    text: 见链接\n    url: {url}\n",
        "publicity[0].url",
    ),
    (
        "institution.yaml",
        "  results:\n",
        "  results:\n    - type: url\n      value: {url}\n",
        "channels.results[0].value",
    ),
    ("plans.yaml", "      to: ", "      how:\n        url: {url}\n      to: ", "plans[0].registration.how.url"),
]
BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    '"https://example.org/\\n"',
    "vbscript:msgbox(1)",
    '" https://example.org/"',
    "https:/example.org",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("file, old, new, key", URL_FIELDS, ids=[f[3] for f in URL_FIELDS])
def test_only_http_links_in_every_url_field(project, capsys, file, old, new, key, url):
    path = project / "institutions" / CODE / file
    text = path.read_text("utf-8")
    if key == "website":
        new = "website: {url}\n"
        old = text[text.index("website: ") : text.index("\n", text.index("website: ")) + 1]
    _edit(path, old, new.format(url=url))
    code, lines = _check(capsys)
    assert code == 1
    assert [line for line in lines if f"({key})" in line], lines


DATE_FIELDS = [
    ("institution.yaml", "filing.date"),
    ("fees.yaml", "fees[0].effective_from"),
    ("plans.yaml", "plans[0].announced"),
]


@pytest.mark.parametrize("bad", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
@pytest.mark.parametrize("file, key", DATE_FIELDS)
def test_dates_outside_the_bounds_are_refused(project, capsys, file, key, bad):
    from generator.load.yamlfile import YamlDocument, parse_yaml_text

    path = project / "institutions" / CODE / file
    doc = parse_yaml_text(path.read_text("utf-8"), YamlDocument(path=file))
    line, column = doc.where(_key_path(key))
    lines = path.read_text("utf-8").split("\n")
    value = lines[line - 1][column - 1 : column + 9]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    lines[line - 1] = lines[line - 1][: column - 1] + bad + lines[line - 1][column + 9 :]
    path.write_text("\n".join(lines), "utf-8")
    code, out = _check(capsys)
    assert code == 1
    assert any(
        f"{file}:{line}:{column}: " in o and f"日期 {bad} 超出合理范围（2000-01-01 至 2099-12-31）" in o for o in out
    ), out


def _key_path(key: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", key) if p)


def test_the_date_bounds_themselves_build(project):
    plans = project / "institutions" / CODE / "plans.yaml"
    text = plans.read_text("utf-8")
    text = re.sub(r"from: \d{4}-\d{2}-\d{2}", "from: 2000-01-01", text, count=1)
    plans.write_text(text.replace("    exam_dates: [", "    exam_dates: [2099-12-31, ", 1), "utf-8")
    build = prepare_build(project / "institutions")
    for name in build.pages:
        build.render(name)
    assert any(f.path.endswith(".ics") and b"20991231" in f.content for f in build.files)


# -- issue 12: one broken file does not hide the others' problems ------------------------------


def test_a_syntax_error_does_not_hide_problems_in_other_files(project, capsys):
    folder = project / "institutions" / CODE
    _edit(folder / "institution.yaml", "\nname: ", "\nname：")  # full-width colon: a syntax error
    text = (folder / "fees.yaml").read_text("utf-8")
    amount = re.search(r"amount: (\d+)", text)
    (folder / "fees.yaml").write_text(text.replace(amount[0], "amount: 380.505", 1), "utf-8")
    _edit(folder / "plans.yaml", "    exam_dates: [", "    exam_dates: [9999-12-31, ")
    code, lines = _check(capsys)
    assert code == 1
    files = {LOCATED.match(line)["path"].rsplit("/", 1)[-1] for line in lines if LOCATED.match(line)}
    assert {"institution.yaml", "fees.yaml", "plans.yaml"} <= files, lines
    assert any("全角冒号" in line for line in lines)
    assert any("380.505" in line for line in lines)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "文件是空的"),
        (b"\xef\xbb\xbfschema_version: 1\n", None),  # a BOM is fine
        (b"schema_version: 1\nyears: !!python/object:os.system {}\n", "不支持的 YAML 标签"),
        (b"schema_version: 1\nyears:\n" + b"  " * 60 + b"- x\n", None),
    ],
)
def test_odd_statistics_files_end_in_located_problems(project, capsys, content, expected):
    (project / "institutions" / CODE / "statistics.yaml").write_bytes(content)
    code, lines = _check(capsys)
    if expected is not None:
        assert code == 1 and any(expected in line for line in lines), lines
    for line in lines[:-1]:
        assert LOCATED.match(line), line
