"""Seeded fuzz of load → validate → model: hostile files must end in problems, never in an exception.

Every problem must say where (a path, line ≥ 1, column ≥ 1, not past the end of the file) and what,
in Chinese. Fast (a few seconds) and deterministic: the seed is fixed, a failure names its input.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.load.folder import DISCLOSURE_FILES, read_institution_folder
from generator.model import build_institution
from generator.problems import MAX_PROBLEMS_PER_FILE
from generator.validate import validate_institution

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "institutions" / "52440106MJL0001001"  # has all four files
FILES = ("institution.yaml", "fees.yaml", "plans.yaml", "statistics.yaml")
SEED = 20261124
CHINESE = re.compile(r"[\u4e00-\u9fff]")

HOSTILE_SCALARS = [
    "[]",
    "{}",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "true",
    "0x1F",
    "012345",
    "0b101",
    "1e400",
    "-.inf",
    ".nan",
    "9" * 5000,
    "-1",
    "3.14159",
    "1_000",
    "12:30:00",
    "2026-02-30",
    "2026-13-01",
    '"2026-12-01"',
    "2026-12-01T10:00:00",
    "!!python/object:os.system x",
    "!!python/object/apply:os.system [ls]",
    "!!binary aGk=",
    "!!int abc",
    "!!float x",
    "!!bool maybe",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!foo bar",
    "*missing",
    "&a x",
    '"',
    "'",
    "- x",
    "[1, [2, [3, [4]]]]",
    "{a: {b: {c: d}}}",
    "x" * 3000,
    '""',
    '"  "',
    "广州市",
    "javascript:alert(1)",
    "https://example.org/",
    "|\n  block\n  text",
    ">-\n  folded",
    '"\\ud800"',
    '"\\x"',
    "? complex",
    "<<: {a: 1}",
    "\t",
    "@at",
    "`tick",
    "%pct",
    "#comment",
    "a: b: c",
    "[unclosed",
    "{unclosed",
    "\ufeff",
    "\x85",
    "\u2028",
]
HOSTILE_CHARS = [
    "\t",
    ":",
    '"',
    "'",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "-",
    "[",
    "]",
    "{",
    "}",
    "\x00",
    "\x07",
    "\x1b",
    "\ufeff",
    "\u3000",
    "：",
    "\r",
    "\n",
    "\\",
    ",",
    "?",
]
RANDOM_KEYS = [
    "name",
    "nmae",
    "level",
    "levels",
    "id",
    "scope",
    "<<",
    "1",
    "名称",
    "fees",
    "plans",
    "years",
    "schema_version",
    "x" * 200,
    "credit_code",
    "venue",
    "venues",
    "exam_dates",
    "amount",
]


def _deep(n: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n"


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


FIXED_HOSTILE = [
    "",
    "\n",
    "# only a comment\n",
    "---\n",
    "...\n",
    "schema_version: 1\n",
    "- a\n- b\n",
    "just text\n",
    "~\n",
    "[" * 5000,
    "[" * 500 + "]" * 500,
    "- " * 2000 + "x\n",
    _deep(60),
    _deep(1500),
    "{" * 100 + "}" * 100,
    _laughs(),
    "schema_version: 1\n" + _laughs(),
    "a: &a [*a]\n",
    "a: &a {b: *a}\n",
    "a: !!python/object:os.system {}\n",
    "!!python/object/apply:os.system ['echo hi']\n",
    "!!python/name:os.system\n",
    "a: !!python/module:os\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x y\n",
    "%YAML 9.9\n---\na: 1\n",
    "%YAML 1.2\n---\nschema_version: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\na: 2\n",
    "<<: {schema_version: 1}\n",
    "? [a, b]\n: c\n",
    "? {a: b}\n: c\n",
    "1: a\n",
    "~: a\n",
    "true: a\n",
    "\ufeffschema_version: 1\n",
    "schema_version: 1\r\nfees: []\r\n",
    "schema_version: 1\rplans: []\r",
    "schema_version:\t1\n",
    "\tschema_version: 1\n",
    "a: \x00\n",
    'a: "\x1b"\n',
    "a: 'unclosed\n",
    'a: "unclosed\nb: c\nd: "e"\n',
    "a: |\n  x\n b\n",
    "a: >\n",
    "a: b: c\n",
    "a:\n- b\n - c\n",
    "years:\n  - year: 2025\n    evaluated: 1e400\n    certified: .nan\n",
    "fees:\n  - amount: " + "9" * 5000 + "\n",
    "plans:\n  - exam_dates: [2026-02-30, 2026-12-01T08:00]\n",
    "schema_version: !!int one\n",
    "schema_version: !!float 1\n",
    "schema_version: 1.0\n",
    "schema_version: true\n",
]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.randrange(8)
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and ": " in lines[i]:
            head = lines[i].split(": ", 1)[0]
            lines[i] = f"{head}: {rng.choice(HOSTILE_SCALARS)}"
        elif op == 4:
            indent = " " * rng.choice([0, 1, 2, 3, 4, 6, 8])
            lines.insert(i, f"{indent}{rng.choice(RANDOM_KEYS)}: {rng.choice(HOSTILE_SCALARS)}")
        elif op == 5:
            lines[i] = " " * rng.randint(1, 3) + lines[i] if rng.random() < 0.5 else lines[i][rng.randint(1, 2) :]
        elif op == 6:
            k = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice(HOSTILE_CHARS) + lines[i][k:]
        else:
            lines[i] = lines[i].replace("- ", rng.choice(["-", "  - ", "* ", "- - "]), 1)
    return "\n".join(lines)


def _inputs(rng: random.Random, originals: dict[str, bytes]):
    """(file name, bytes) pairs: fixed hostile texts, random bytes, truncations and mutations."""
    for i, text in enumerate(FIXED_HOSTILE):
        yield FILES[i % len(FILES)], text.encode("utf-8")
    for _ in range(40):
        name = rng.choice(FILES)
        prefix = b"schema_version: 1\n" if rng.random() < 0.5 else b""
        yield name, prefix + rng.randbytes(rng.randint(0, 300))
    for _ in range(60):
        name = rng.choice(FILES)
        raw = originals[name]
        yield name, raw[: rng.randint(0, len(raw))]  # may cut a UTF-8 character in half
    for _ in range(300):
        name = rng.choice(FILES)
        yield name, _mutate(rng, originals[name].decode("utf-8")).encode("utf-8")


def _assert_well_formed(problems, folder: Path, file_bytes: dict[str, bytes], label: str):
    for problem in problems:
        where = f"{label}: {problem.format()}"
        assert problem.path and problem.path.startswith(folder.name + "/"), where
        assert isinstance(problem.line, int) and problem.line >= 1, where
        assert isinstance(problem.column, int) and problem.column >= 1, where
        assert problem.title and CHINESE.search(problem.message), where
        name = problem.path.split("/", 1)[1]
        if name in file_bytes:
            assert problem.line <= file_bytes[name].count(b"\n") + max(1, len(file_bytes[name].splitlines())), where


@pytest.fixture
def folder(tmp_path, monkeypatch):
    target = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, target)
    monkeypatch.chdir(tmp_path)  # problems then name the folder as the submitter would
    return target


def test_hostile_inputs_end_in_problems_not_exceptions(folder):
    rng = random.Random(SEED)
    originals = {name: (SAMPLE / name).read_bytes() for name in FILES}
    checked = 0
    for n, (name, raw) in enumerate(_inputs(rng, originals)):
        label = f"input #{n} in {name}: {raw[:120]!r}"
        (folder / name).write_bytes(raw)
        try:
            files = read_institution_folder(folder)
            problems = validate_institution(files)
            if not problems:  # what passed validation must build the model the later stages read
                docs = {schema_name: doc.data for schema_name, doc in files.docs.items()}
                build_institution(folder, docs["institution"], docs["fees"], docs["plans"], docs.get("statistics"))
        except Exception as exc:  # noqa: BLE001 - report which input broke it
            pytest.fail(f"{label} raised {type(exc).__name__}: {exc}")
        _assert_well_formed(problems, folder, {name: raw}, label)
        (folder / name).write_bytes(originals[name])
        checked += 1
    assert checked > 400


def test_unchanged_sample_has_no_problems(folder):
    assert validate_institution(read_institution_folder(folder)) == []


def test_cli_never_shows_a_traceback(folder, capsys):
    rng = random.Random(SEED + 1)
    originals = {name: (SAMPLE / name).read_bytes() for name in FILES}
    inputs = list(_inputs(rng, originals))
    for name, raw in rng.sample(inputs, 25):
        (folder / name).write_bytes(raw)
        for args in (["check", "."], ["check", "--format", "json", folder.name]):
            code = main(args)
            out, err = capsys.readouterr()
            assert code in (0, 1), (raw[:120], out, err)
            assert "Traceback" not in out + err and "内部错误" not in err, (raw[:120], err)
        (folder / name).write_bytes(originals[name])


def test_python_tags_are_never_executed(folder):
    marker = folder.parent / "pwned"
    (folder / "institution.yaml").write_text(
        f'schema_version: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'name: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ["{marker}"]]\n',
        encoding="utf-8",
    )
    problems = validate_institution(read_institution_folder(folder))
    assert not marker.exists()
    assert sorted(p.key for p in problems if p.title == "YAML 标签") == ["name", "schema_version"]


def test_billion_laughs_is_refused_alias_by_alias(folder):
    (folder / "plans.yaml").write_text("schema_version: 1\n" + _laughs(), encoding="utf-8")
    problems = validate_institution(read_institution_folder(folder))
    aliases = [p for p in problems if p.title == "YAML 别名"]
    (more,) = [p for p in problems if p.title == "问题过多" and "另有" in p.message]
    hidden = int(re.search(r"另有 (\d+) 个问题未列出", more.message)[1])
    assert len([p for p in problems if p.path.endswith("plans.yaml")]) == MAX_PROBLEMS_PER_FILE + 1
    assert len(aliases) + hidden >= 8 * 9  # every *a reference counted, none expanded
    assert all(p.path.endswith("plans.yaml") and p.line >= 3 for p in aliases)


# -- property-based fuzzing (hypothesis): thousands of generated documents, zero exceptions ------
# Budget: 1,000 YAML-like texts + 500 arbitrary data shapes + 200 random byte strings + 150 mangled
# generated institutions, derandomized (the same documents on every run), about 30 s on 2 cores.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import HOSTILE_TEXT, dump, institution_files  # noqa: E402

from generator.load.folder import InstitutionFiles  # noqa: E402
from generator.load.yamlfile import YamlDocument, parse_yaml_text  # noqa: E402

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZED_SCHEMAS = ("institution", "fees", "plans", "statistics")
YAML_PIECES = st.sampled_from(
    [
        "schema_version: 1\n",
        "- ",
        "  ",
        ": ",
        "：",
        "\u00a0",
        "\u3000",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "!!str ",
        "<<: ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "|\n",
        ">-\n",
        "#",
        "\t",
        "\n",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "\ufeff",
        "\x00",
        "\x1b",
        "\u202e",
        "2026-02-30",
        "9999-12-31",
        "0x1F",
        "1e400",
        ".nan",
        "name",
        "fees",
        "plans",
        "years",
        "levels",
        "exam_dates",
        "occupation_code",
        "6-31-01-03",
        "４４０１０６",
        *HOSTILE_TEXT,
    ]
)
yaml_like_text = st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=40).map("".join)
json_like = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.sampled_from(HOSTILE_TEXT),
        st.dates().map(str),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(RANDOM_KEYS), st.text(max_size=8)), children, max_size=5),
    ),
    max_leaves=30,
)


def _validate_text(text: str, schema_name: str, label: str) -> None:
    """Load and validate one file's text against the named schema, beside the other files of the sample."""
    folder = Path("institutions") / SAMPLE.name
    files = InstitutionFiles(folder=folder, shown=folder.as_posix())
    files.docs[schema_name] = doc = parse_yaml_text(text, YamlDocument(path=f"{folder.as_posix()}/{schema_name}.yaml"))
    files.problems.extend(doc.problems)
    problems = validate_institution(files)
    for problem in problems:
        where = f"{label}: {problem.format()}"
        assert isinstance(problem.line, int) and problem.line >= 1, where
        assert isinstance(problem.column, int) and problem.column >= 1, where
        assert problem.title and CHINESE.search(problem.message), where
        assert "\n" not in problem.format(), where


@settings(FUZZ, max_examples=1000)
@given(yaml_like_text, st.sampled_from(FUZZED_SCHEMAS))
def test_fuzz_yaml_like_text_never_raises(text, schema_name):
    _validate_text(text, schema_name, repr(text[:200]))


@settings(FUZZ, max_examples=500)
@given(json_like, st.sampled_from(FUZZED_SCHEMAS))
def test_fuzz_any_data_shape_never_raises(data, schema_name):
    text = dump(data) if isinstance(data, dict) else yaml.safe_dump(data, allow_unicode=True)
    _validate_text(text, schema_name, repr(text[:200]))


@settings(FUZZ, max_examples=200)
@given(st.binary(max_size=400), st.sampled_from(FILES))
def test_fuzz_random_bytes_never_raise(raw, name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / SAMPLE.name
        shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("sealed"))
        (folder / name).write_bytes(raw)
        problems = validate_institution(read_institution_folder(folder))
        assert all(p.line >= 1 and p.column >= 1 and CHINESE.search(p.message) for p in problems)


@settings(FUZZ, max_examples=150)
@given(institution_files(), st.sampled_from(FILES[:3]), st.data())
def test_fuzz_mutated_valid_institutions_never_raise(institution, name, data):
    """A generated institution with one file mangled by the seeded mutator: problems, never exceptions."""
    _, files = institution
    text = _mutate(random.Random(data.draw(st.integers(0, 2**32))), dump(files[name]))
    _validate_text(text, DISCLOSURE_FILES[name], repr(text[:200]))
