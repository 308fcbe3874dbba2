"""What git remembers about the data: the date each institution folder last changed on this branch.

One `git log` pass for the whole tree (not one process per institution), so it stays cheap at tens
of thousands of folders. Outside a git checkout the dates are simply unknown.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

import yaml

from .collector import collector_paused

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _git_log(institutions_root: Path, *args: str) -> str | None:
    """Output of `git log ARGS` run in the institutions folder, or None outside a git checkout."""
    try:
        return subprocess.run(
            ["git", "log", *args],
            cwd=Path(institutions_root).resolve(),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def last_change_dates(institutions_root: Path) -> dict[str, dt.date]:
    """Folder name → date (committer date, YYYY-MM-DD) of the newest commit touching it."""
    out = _git_log(institutions_root, "--format=@%cs", "--name-only", "--relative", "--", ".")
    if out is None:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line.split("/", 1)[0], current)  # newest first: keep the first seen
    return dates


_STATUS_LINE = re.compile(r"""^\+\s+status:\s*["']?(active|suspended|removed)["']?\s*(?:#.*)?$""")


def status_history(institutions_root: Path) -> dict[str, list[tuple[dt.date, str]]]:
    """Folder name → the directory statuses (filing.status) it has had, oldest first, each with the
    committer date of the commit that set it. One `git log -p` pass over the institution.yaml files;
    in institution.yaml only `filing` has a `status` key. Outside a git checkout: empty."""
    out = _git_log(
        institutions_root,
        "--reverse",
        "-p",
        "--unified=0",
        "--format=%x00%cs",
        "--relative",
        "--",
        "*/institution.yaml",
    )
    if out is None:
        return {}
    history: dict[str, list[tuple[dt.date, str]]] = {}
    day = folder = None
    for line in out.splitlines():
        if line.startswith("\0"):  # the commit's own line; diff lines never start with NUL
            day = dt.date.fromisoformat(line[1:])
        elif line.startswith("diff --git "):
            folder = line.split(" b/", 1)[-1].split("/", 1)[0]
        elif day and folder and (match := _STATUS_LINE.match(line)):
            states = history.setdefault(folder, [])
            if not states or states[-1][1] != match.group(1):
                states.append((day, match.group(1)))
    return history


# ---------------------------------------------------------------------------------------------------
# The institutions' history on the main branch, read in one pass: `git log --raw` lists every version
# of every disclosure file, one `git cat-file --batch` process streams their contents, and consecutive
# versions are compared as data (not as text), so a reformatted file is not a change.

ZERO_SHA = "0" * 40
TRACKED_FILES = {"institution.yaml": "institution", "fees.yaml": "fees", "plans.yaml": "plans"}
_FILE_NAMES = {name: name for name in TRACKED_FILES}  # one string per file name, whatever line it came from
CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class Sighting:
    """When something first appeared on the main branch: the commit and its date (China time)."""

    commit: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class HistoryChange:
    """One change to what an institution published, as data; generator.check.history_text words it.

    change_type: "fees_published", "fee_added", "fee_replaced" (a new row after an earlier one), "fee_changed"
    (an amount edited in place), "fee_removed", "plan_added", "plan_changed", "plan_removed",
    "channel_added", "channel_removed", "status", "institution_added".
    subject: what changed (a fee key, a plan id, a channel group …); before/after: the old and new value.
    """

    date: dt.date
    commit: str
    file: str  # repository-relative path of the file that changed
    change_type: str
    subject: tuple = ()
    before: object = None
    after: object = None


@dataclass(slots=True)
class InstitutionHistory:
    plans: dict[str, Sighting] = field(default_factory=dict)  # plan id -> first seen on main
    fees: dict[tuple, Sighting] = field(default_factory=dict)  # (code, level, item, effective_from) -> first seen
    files: dict[str, Sighting] = field(default_factory=dict)  # file name -> first seen
    changes: list[HistoryChange] = field(default_factory=list)  # oldest first


@dataclass
class History:
    """What git says about the institutions folder. `available` is False outside a git repository
    (or without the branch): then `note` says why, and only declared dates can be used."""

    available: bool
    note: str = ""
    ref: str = ""
    head: str | None = None  # the commit evaluated (the newest on or before the as-of day)
    head_date: dt.date | None = None
    prefix: str = ""  # the institutions folder relative to the repository root, "institutions/"
    institutions: dict[str, InstitutionHistory] = field(default_factory=dict)

    def of(self, folder_name: str) -> InstitutionHistory | None:
        return self.institutions.get(folder_name)

    def path(self, folder_name: str, file_name: str) -> str:
        return f"{self.prefix}{folder_name}/{file_name}"


def _git(cwd: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=600).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def end_of_day(day: dt.date) -> int:
    """The last second of a day in China, as a Unix timestamp (commit dates are compared with it)."""
    return int(dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA).timestamp())


def china_date(timestamp: int) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, tz=CHINA).date()


# The changes the indicator checks read; the rest only feed the change history pages.
AUDIT_CHANGE_TYPES = frozenset({"status", "fee_changed"})


def read_history(
    institutions_root: Path,
    branch: str = "main",
    as_of: dt.date | None = None,
    folders: list[str] | None = None,
    keep: frozenset[str] | None = None,
    jobs: int = 1,
) -> History:
    """Each institution's history on `branch` (HEAD when there is no such branch), up to the end of as_of;
    only the named institution folders when `folders` is given (still one git pass). `keep`: the change
    types to keep (AUDIT_CHANGE_TYPES for an audit, so memory holds sightings, not every change); all by default.
    jobs: processes that read and compare file versions, each for its own share of the institutions."""
    with collector_paused():  # the replay makes a few objects per version, none of them in a cycle
        return _read_history(institutions_root, branch, as_of, folders, keep, jobs)


def _read_history(institutions_root: Path, branch: str, as_of, folders, keep, jobs: int) -> History:
    root = Path(institutions_root).resolve()
    if not root.is_dir():
        return History(False, f"找不到文件夹 {institutions_root}")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return History(False, "不在 git 仓库中：只能依据机构申报的日期，无法核对材料何时公布在主分支上。")
    ref = branch if _git(root, "rev-parse", "--verify", "-q", f"{branch}^{{commit}}") else "HEAD"
    note = "" if ref == branch else f"仓库中没有 {branch} 分支，使用当前检出的提交历史。"
    cutoff = end_of_day(as_of) if as_of else None
    history = History(True, note, ref, prefix=prefix.strip())
    if not folders:
        versions = _tree_versions(root, ref, ["."], None, history, cutoff)
    elif len(folders) > FEW_FOLDERS:
        versions = _tree_versions(root, ref, ["."], set(folders), history, cutoff)
    elif _has_changed_path_filters(root):
        versions = _tree_versions(root, ref, [f"{name}/" for name in folders], None, history, cutoff)
    else:
        versions = _folder_versions(root, ref, folders, history, cutoff)
    if versions is None:
        return History(False, "无法读取 git 历史（可能是空仓库）：只能依据机构申报的日期。")
    if jobs > 1 and len(versions) >= PARALLEL_VERSIONS and "fork" in multiprocessing.get_all_start_methods():
        shares = _shares(versions, jobs)
        with multiprocessing.get_context("fork").Pool(len(shares)) as pool:
            for part in pool.starmap(_replay_share, [(share, history.prefix, root, keep) for share in shares]):
                history.institutions.update(part)
    else:
        _replay(versions, history, root, keep)
    return history


# Up to this many folders, their history is read by following each folder's own tree commit by commit
# (cost: commits × folders lookups), not by a path-limited `git log`, which matches every entry of the
# institutions tree of every commit against every named folder (cost: commits × institutions × folders —
# 0.8 s for one folder and 55 commits of a 50,000-folder tree, a minute for 100 folders). More folders
# are read from the log of the whole tree (no pathspec to match; unchanged subtrees skipped by id).
FEW_FOLDERS = 8


def _has_changed_path_filters(cwd: Path) -> bool:
    """Whether the repository's commit-graph carries changed-path Bloom filters (`git commit-graph write
    --changed-paths`): with them a path-limited `git log` skips the tree diffs and is the faster read."""
    info = _git(cwd, "rev-parse", "--git-path", "objects/info")
    if info is None:
        return False
    folder = (cwd / info.strip()).resolve()
    for graph in [folder / "commit-graph", *sorted((folder / "commit-graphs").glob("*.graph"))]:
        try:
            with graph.open("rb") as file:
                head = file.read(8 + 12 * 16)  # header, then the chunk table (id + offset per chunk)
        except OSError:
            continue
        if head[:4] == b"CGPH" and b"BIDX" in head[8 : 8 + 12 * head[6]]:
            return True
    return False


def _tree_versions(root: Path, ref: str, pathspec: list[str], wanted, history: History, cutoff: int | None):
    """The file versions under pathspec, of the `wanted` folders only (all when None), from one
    `git log --raw` pass; None without history."""
    log = _git(
        root,
        "log",
        ref,
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--format=%x00%H %ct",
        "--",
        *pathspec,
    )
    return None if log is None else _file_versions(log, history, cutoff, wanted)


def _folder_versions(root: Path, ref: str, folders: list[str], history: History, cutoff: int | None):
    """The same versions as _tree_versions for a few folders, from the first-parent commit list and each
    folder's tree id in every commit: only commits where that id changed are looked into. None without
    history. Like `git log --first-parent -- folder/`, a commit counts when its folder differs from the
    folder in its first parent, and commits after the cutoff are passed over."""
    listing = _git(root, "log", ref, "--first-parent", "--reverse", "--format=%H %ct")
    if listing is None:
        return None
    commits = [(line.split(" ")[0], int(line.split(" ")[1])) for line in listing.splitlines() if line]
    names = sorted(TRACKED_FILES)
    try:
        trees = _object_ids(root, [f"{sha}:{history.prefix}{name}" for sha, _ in commits for name in folders], "tree")
        distinct = sorted({tree for tree in trees if tree})
        files = _object_ids(root, [f"{tree}:{name}" for tree in distinct for name in names], "blob")
    except (OSError, subprocess.SubprocessError):
        return None
    blobs: dict[str | None, tuple] = dict(zip(distinct, _chunks(files, len(names)), strict=True))
    versions, order, absent = [], 0, (None,) * len(names)
    last_tree: dict[str, str | None] = dict.fromkeys(folders)
    for index, (sha, stamp) in enumerate(commits):
        touched = False
        for column, folder in enumerate(folders):
            tree = trees[index * len(folders) + column]
            before = last_tree[folder]
            if tree == before:
                continue
            last_tree[folder] = tree
            if cutoff is not None and stamp > cutoff:
                continue  # after the as-of day: not yet on main then
            touched = True
            for name, old, new in zip(names, blobs.get(before, absent), blobs.get(tree, absent), strict=True):
                if old != new:
                    order += 1
                    versions.append((folder, name, order, sha, stamp, new or ZERO_SHA))
        if touched:
            history.head, history.head_date = sha, china_date(stamp)
    versions.sort()
    return versions


def _chunks(items: list, size: int) -> list[tuple]:
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


def _object_ids(cwd: Path, names: list[str], object_type: str) -> list[str | None]:
    """The object id each `<rev>:<path>` name resolves to when it is an object of that type (tree, blob), else None; one
    `git cat-file --batch-check` process for all."""
    if not names:
        return []
    out = subprocess.run(
        ["git", "cat-file", "--batch-check=%(objectname) %(objecttype)"],
        cwd=cwd,
        input="".join(name + "\n" for name in names),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout.splitlines()
    return [oid if found == object_type else None for oid, _, found in (line.rpartition(" ") for line in out)]


PARALLEL_VERSIONS = 20_000  # below this, starting processes costs more than it saves


def _shares(versions: list[tuple], jobs: int) -> list[list[tuple]]:
    """The versions split into `jobs` runs of whole institutions (the list is sorted by folder)."""
    size = -(-len(versions) // jobs)
    shares, start = [], 0
    while start < len(versions):
        end = min(start + size, len(versions))
        while end < len(versions) and versions[end][0] == versions[end - 1][0]:
            end += 1  # never split one institution's versions
        shares.append(versions[start:end])
        start = end
    return shares


def _replay_share(versions: list[tuple], prefix: str, cwd: Path, keep) -> dict[str, InstitutionHistory]:
    part = History(True, prefix=prefix)
    _replay(versions, part, cwd, keep)
    return part.institutions


def _file_versions(log: str, history: History, cutoff: int | None, wanted: set[str] | None = None) -> list[tuple]:
    """(folder, file name, order, commit, timestamp, blob) for each tracked file version, in commit order;
    of the wanted folders only when given (then the head is the newest commit that touched one of them)."""
    versions, commit, stamp, order = [], None, 0, 0
    for line in log.splitlines():
        if line.startswith("\0"):
            commit, _, ts = line[1:].partition(" ")
            stamp = int(ts)
            if cutoff is not None and stamp > cutoff:
                commit = None  # after the as-of day: not yet on main then
                continue
            if wanted is None:
                history.head, history.head_date = commit, china_date(stamp)
        elif line.startswith(":") and commit:
            meta, _, path = line.partition("\t")
            blob = meta.split()[3]
            if not path.startswith(history.prefix):
                continue
            folder, _, name = path[len(history.prefix) :].partition("/")
            if wanted is not None:
                if folder not in wanted:
                    continue
                history.head, history.head_date = commit, china_date(stamp)
            if name in TRACKED_FILES:
                order += 1
                versions.append((folder, _FILE_NAMES[name], order, commit, stamp, blob))
    versions.sort()
    return versions


def _blobs(blob_ids: list[str], cwd: Path | None = None):
    """Contents of the given blobs, in order, from one `git cat-file --batch` process."""
    if not blob_ids:
        return
    process = subprocess.Popen(
        ["git", "cat-file", "--batch", "--buffer"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None  # both were asked for as pipes

    def feed():
        try:
            stdin.write("".join(b + "\n" for b in blob_ids).encode())
            stdin.close()
        except OSError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for _ in blob_ids:
            header = stdout.readline().split()
            if len(header) < 3 or header[1] != b"blob":
                yield None
                continue
            data = stdout.read(int(header[2]) + 1)[:-1]
            yield data
    finally:
        stdout.close()
        process.wait()
        writer.join()


def _replay(versions: list[tuple], history: History, cwd: Path, keep: frozenset[str] | None = None) -> None:
    wanted = [v[5] for v in versions if v[5] != ZERO_SHA]
    contents = _blobs(wanted, cwd=cwd)
    previous: dict[str, object] = {}  # file name -> its last version, for the folder being replayed
    paths: dict[str, str] = {}  # file name -> its repository path, for the folder being replayed
    sightings: dict[str, Sighting] = {}  # one per commit, shared by every file and row it published
    current_folder = None
    for folder, name, _, commit, stamp, blob in versions:
        if folder != current_folder:  # versions come folder by folder: memory stays per institution
            if current_folder is not None:
                _prune(history.of(current_folder), keep)
            previous, paths, current_folder = {}, {}, folder
        schema_name = TRACKED_FILES[name]
        data = None
        if blob != ZERO_SHA:
            data = _READ[schema_name](next(contents))
            if data is None:
                continue  # unreadable version: never reached the site, nothing to compare
        inst = history.institutions.setdefault(folder, InstitutionHistory())
        sighting = sightings.get(commit) or sightings.setdefault(commit, Sighting(commit, china_date(stamp)))
        inst.files.setdefault(name, sighting)
        path = paths.get(name) or paths.setdefault(name, history.path(folder, name))
        _COMPARE[schema_name](inst, previous.get(name), data, sighting, path)
        previous[name] = data
    for _ in contents:  # drain
        pass
    _prune(history.of(current_folder) if current_folder else None, keep)
    for inst in history.institutions.values():
        inst.changes.sort(key=lambda c: c.date)  # stable: each file's changes stay in commit order


def _prune(inst: InstitutionHistory | None, keep: frozenset[str] | None) -> None:
    if inst is not None and keep is not None:
        inst.changes = [c for c in inst.changes if c.change_type in keep]


def _parse(raw: bytes | None):
    text = _text(raw)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        return None
    return data if isinstance(data, dict) else None


_STR_TAG = "tag:yaml.org,2002:str"
# scalars whose construction cannot fail on what the resolver gave them (no tags are written: see below)
_SAFE_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"})
_NEEDS_WHOLE_LOAD = ("&", "*", "!", "<<")  # anchors, aliases, tags, merge keys (or text that merely holds them)


def _text(raw: bytes | None) -> str | None:
    """A version's text, or None for a missing or undecodable one."""
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parse_keys(raw: bytes | None, keys: tuple[str, ...]):
    """The named top-level keys of a version, exactly as _parse would give them (None where it gives
    None), for a fifth less work: the document is composed whole, so a syntax error still counts; every
    value whose construction could fail (dates, numbers, `=`) is constructed, as loading would; but only
    the named keys' values are built into data. A text with anchors, aliases, tags or merge keys, or
    with a key that is not a scalar, is loaded whole."""
    text = _text(raw)
    if text is None:
        return None
    if any(mark in text for mark in _NEEDS_WHOLE_LOAD):
        return _only(_parse(raw), keys)
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
        if not isinstance(root, yaml.MappingNode):
            return None  # empty, or not a mapping: what _parse gives too
        constructor = yaml.constructor.SafeConstructor()
        pending: list = [root]
        while pending:
            node = pending.pop()
            if isinstance(node, yaml.ScalarNode):
                if node.tag not in _SAFE_TAGS:
                    constructor.construct_object(node)  # raises where loading the whole would
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if not isinstance(key, yaml.ScalarNode):
                        return _only(_parse(raw), keys)
                    pending += (key, value)
            else:
                pending += node.value
        # a repeated key: the last one wins, as in a dict
        wanted = {key.value: value for key, value in root.value if key.tag == _STR_TAG and key.value in keys}
        return {key: constructor.construct_document(value) for key, value in wanted.items()}
    except (yaml.YAMLError, ValueError):
        return None


def _only(data: dict | None, keys: tuple[str, ...]) -> dict | None:
    return None if data is None else {key: data[key] for key in keys if key in data}


# plans.yaml grows with every batch and changes most often: parsing every version whole would make a
# year of history cost minutes. Its versions are therefore split into one text block per plan, and only
# blocks whose text changed are parsed (a file in another layout is parsed whole).
_PLAN_ITEM = re.compile(r"^( *)- ", re.M)
_PLAN_ID = re.compile(r"""^[ -]*id:[ \t]*["']?([A-Za-z0-9-]+)""", re.M)


@dataclass(frozen=True)
class _PlanBlock:
    text: str
    indent: int

    @cached_property
    def data(self) -> dict:
        return self.parsed()

    def parsed(self) -> dict:
        lines = [line[self.indent :] for line in self.text.splitlines()]
        try:
            data = yaml.load("\n".join(lines), Loader=_FAST_LOADER)
        except yaml.YAMLError:
            return {}
        return data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}


@dataclass(frozen=True)
class _Parsed:
    data: dict


def _read_plans(raw: bytes | None) -> dict[str, _PlanBlock | _Parsed] | None:
    """Plan id -> its block (text, parsed on demand), or None for an unreadable version."""
    text = _text(raw)
    if text is None:
        return None
    start = re.search(r"^plans:[ \t]*(?:#.*)?$", text, re.M)
    blocks = _plan_blocks(text, start.end()) if start else None
    if blocks is not None:
        return blocks
    data = _parse(raw)
    if data is None:
        return None
    return {str(p.get("id")): _Parsed(p) for p in _rows(data, "plans")}


def _plan_blocks(text: str, start: int) -> dict[str, _PlanBlock | _Parsed] | None:
    first = _PLAN_ITEM.search(text, start)
    if first is None:
        return {} if not text[start:].strip() else None
    indent = len(first.group(1))
    item = re.compile(rf"^ {{{indent}}}- ", re.M)
    positions = [m.start() for m in item.finditer(text, start)]
    blocks: dict[str, _PlanBlock | _Parsed] = {}
    for begin, end in zip(positions, positions[1:] + [len(text)], strict=True):
        block = text[begin:end]
        found = _PLAN_ID.search(block)
        if found is None or found.group(1) in blocks:
            return None
        blocks[found.group(1)] = _PlanBlock(block, indent)
    return blocks


class PlanSummary:
    """What a newly published plan was: occupation, level, exam dates (parsed from its text on first use)."""

    __slots__ = ("_block",)

    def __init__(self, block):
        self._block = block

    def get(self, key: str, default=None):
        return _plain(self._block.data.get(key, default))


_READ: dict[str, Callable[[bytes | None], object]] = {
    "institution": partial(_parse_keys, keys=("filing", "channels")),  # what _compare_institution reads
    "fees": _parse,  # every row is read: nothing to leave out
    "plans": _read_plans,
}


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _rows(data, key: str) -> list[dict]:
    rows = (data or {}).get(key) if isinstance(data, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _fee_table(data) -> dict[tuple, dict]:
    # the key's texts repeat across thousands of institutions: held once each (sys.intern)
    return {
        (
            sys.intern(str(r.get("occupation_code"))),
            r.get("level"),
            sys.intern(str(r.get("item"))),
            sys.intern(_iso(r.get("effective_from"))),
        ): r
        for r in _rows(data, "fees")
    }


def _compare_fees(inst: InstitutionHistory, old, new, seen: Sighting, path: str) -> None:
    before, after = _fee_table(old), _fee_table(new)
    change = _recorder(inst, seen, path)
    for key, row in after.items():
        inst.fees.setdefault(key, seen)
        amount = row.get("amount")
        if key in before:
            if before[key].get("amount") != amount:
                change("fee_changed", key, before[key].get("amount"), amount)
            continue
        if old is None:
            continue  # the file's first version: one "published" entry, not one per row
        earlier = [k for k in after if k[:3] == key[:3] and k[3] < key[3]] + [
            k for k in before if k[:3] == key[:3] and k[3] < key[3]
        ]
        if earlier:
            replaced = max(earlier, key=lambda k: k[3])
            change("fee_replaced", key, (after.get(replaced) or before[replaced]).get("amount"), amount)
        else:
            change("fee_added", key, None, amount)
    for key, row in before.items():
        if key not in after:
            change("fee_removed", key, row.get("amount"), None)
    if old is None and new is not None:
        change("fees_published", (), None, len(after))


PLAN_FIELDS = ("exam_dates", "registration", "venue", "candidates", "status", "announced")


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return _iso(value) if isinstance(value, dt.date) else value


def _compare_plans(inst: InstitutionHistory, old, new, seen: Sighting, path: str) -> None:
    before, after = old or {}, new or {}
    change = _recorder(inst, seen, path)
    for plan_id, block in after.items():
        inst.plans.setdefault(plan_id, seen)
        if plan_id not in before:
            change("plan_added", (plan_id,), None, PlanSummary(block))  # parsed only if someone reads it
            continue
        if before[plan_id] == block:
            continue
        was_plan, now_plan = before[plan_id].data, block.data
        for name in PLAN_FIELDS:
            was, now = _plain(was_plan.get(name)), _plain(now_plan.get(name))
            if was != now:
                change("plan_changed", (plan_id, name), was, now)
    for plan_id in before:
        if plan_id not in after:
            change("plan_removed", (plan_id,), None, None)


def _channels(data) -> dict[str, set[tuple]]:
    groups = (data or {}).get("channels") if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        return {}
    return {
        g: {(str(c.get("type")), str(c.get("value"))) for c in items if isinstance(c, dict)}
        for g, items in groups.items()
        if isinstance(items, list)
    }


def _filing_status(data) -> str | None:
    filing = (data or {}).get("filing") if isinstance(data, dict) else None
    return filing.get("status") if isinstance(filing, dict) else None


def _compare_institution(inst: InstitutionHistory, old, new, seen: Sighting, path: str) -> None:
    change = _recorder(inst, seen, path)
    if old is None and new is not None:
        change("institution_added", (), None, None)
    was, now = _filing_status(old), _filing_status(new)
    if now != was and now is not None and (was is not None or now != "active"):
        change("status", (), was, now)
    if old is None:
        return
    before, after = _channels(old), _channels(new)
    for group in sorted(set(before) | set(after)):
        for channel in sorted(after.get(group, set()) - before.get(group, set())):
            change("channel_added", (group,), None, channel)
        for channel in sorted(before.get(group, set()) - after.get(group, set())):
            change("channel_removed", (group,), channel, None)


def _recorder(inst: InstitutionHistory, seen: Sighting, path: str):
    def record(change_type: str, subject: tuple, before, after) -> None:
        inst.changes.append(HistoryChange(seen.date, seen.commit, path, change_type, tuple(subject), before, after))

    return record


_COMPARE = {"institution": _compare_institution, "fees": _compare_fees, "plans": _compare_plans}
