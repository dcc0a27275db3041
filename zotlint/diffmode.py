"""Diff mode: check the whole repository, report only what a change touches.

Cross-file rules need every file (a Keycloak client in one file, the zot config in another), so
the engine always loads the whole tree; the filter runs on the findings afterwards. A finding is
kept when any of its ends - its location or one of its related locations - lies on a changed
line (or in a changed file, when only file names are known).

`zotlint check` never starts a process, so it cannot ask git what changed. The change set comes
from an explicit input instead:

* a unified diff (`--diff FILE`, `-` for standard input), e.g. `git diff -U0 origin/main`;
* a list of changed files (`--changed-files`, PATHS are the files; what pre-commit passes);
* `--diff-base REV`, which reads git's object database directly (see `zotlint.gitobjects`):
  no `git` process, read-only.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.findings import Finding, Location
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.engine import RunResult
    from zotlint.files import Candidate

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class DiffError(Exception):
    """A change set that cannot be read: reported as a usage error (exit 2)."""


@dataclass
class Changes:
    """Changed lines per file (POSIX path relative to the scan root); `None` = the whole file."""

    files: dict[str, list[int] | None] = field(default_factory=dict)

    def add_lines(self, rel: str, lines: Iterable[int]) -> None:
        if rel in self.files and self.files[rel] is None:
            return
        merged = set(self.files.get(rel) or ()) | {n for n in lines if n >= 1}
        self.files[rel] = sorted(merged)

    def add_file(self, rel: str) -> None:
        self.files[rel] = None

    def update(self, other: Changes) -> None:
        for rel, lines in other.files.items():
            if lines is None:
                self.add_file(rel)
            else:
                self.add_lines(rel, lines)

    def touches(self, loc: Location) -> bool:
        if loc.file not in self.files:
            return False
        lines = self.files[loc.file]
        if lines is None:
            return True
        i = bisect.bisect_left(lines, loc.start_line)
        return i < len(lines) and lines[i] <= max(loc.end_line, loc.start_line)

    def keeps(self, f: Finding) -> bool:
        return self.touches(f.location) or any(self.touches(r.location) for r in f.related)


def filter_findings(findings: Sequence[Finding], changes: Changes) -> list[Finding]:
    return [f for f in findings if changes.keeps(f)]


# --------------------------------------------------------------------------
# unified diffs
# --------------------------------------------------------------------------


def _unquote(path: str) -> str:
    # git writes names with control or non-ASCII bytes as C strings with octal escapes.
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    out = bytearray()
    body = path[1:-1]
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out.extend(c.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="surrogateescape")


def _header_path(rest: str) -> str | None:
    rest = rest.rstrip("\n").rstrip("\r")
    if not rest.startswith('"') and "\t" in rest:
        rest = rest.split("\t", 1)[0]  # `diff -u` appends a timestamp after a tab
    if rest == "/dev/null":
        return None
    return _unquote(rest)


def _strip_prefix(old: str | None, new: str) -> str:
    # git's a/ b/ prefixes (or the mnemonic i/ w/ c/ o/ ones); --no-prefix diffs have none.
    m = re.match(r"^([a-z])/", new)
    if m and (old is None or re.match(r"^[a-z]/", old)):
        return new[2:]
    return new


def parse_unified_diff(text: str, strip: str = "") -> Changes:
    """Added/changed lines of the new side of each file in a unified diff.

    A pure deletion touches the lines on either side of it, so removing a key is reported
    where it used to be; a replaced line counts as changed, its neighbours do not. Deleted
    files and pure renames add nothing. `strip` removes a directory prefix (the scan root's
    path inside the repository the diff was taken in).
    """
    changes = Changes()
    old: str | None = None
    current: str | None = None
    new_line = 0
    touched: set[int] = set()

    def flush() -> None:
        nonlocal touched
        if current is not None and touched:
            rel = current
            if strip:
                if not rel.startswith(strip):
                    touched = set()
                    return
                rel = rel[len(strip) :]
            changes.add_lines(rel, touched)
        touched = set()

    old_left = new_left = 0
    deleted_at: int | None = None  # a run of removed lines not (yet) replaced by added ones

    def end_deletion() -> None:
        nonlocal deleted_at
        if deleted_at is not None:
            touched.update((deleted_at - 1, deleted_at))
        deleted_at = None

    # Not splitlines(): a form feed or U+2028 inside a changed line is no line break to diff.
    for raw in text.split("\n"):
        if old_left > 0 or new_left > 0:
            # Inside a hunk its counts, not the line's look, say where it ends: a removed line
            # may well start with "--- ".
            tag = raw[:1]
            if tag == "\\":  # "\ No newline at end of file"
                continue
            if tag == "+":
                deleted_at = None
                touched.add(new_line)
                new_line += 1
                new_left -= 1
            elif tag == "-":
                if deleted_at is None:
                    deleted_at = new_line
                old_left -= 1
            else:  # context; some tools strip the space of an empty context line
                end_deletion()
                new_line += 1
                old_left -= 1
                new_left -= 1
            if old_left <= 0 and new_left <= 0:
                end_deletion()
            continue
        if raw.startswith("diff "):
            flush()
            old = current = None
        elif raw.startswith("--- "):
            flush()
            old, current = _header_path(raw[4:]), None
        elif raw.startswith("+++ "):
            path = _header_path(raw[4:])
            current = _strip_prefix(old, path) if path is not None else None
        elif m := _HUNK.match(raw):
            old_left = int(m.group(2)) if m.group(2) is not None else 1
            new_left = int(m.group(4)) if m.group(4) is not None else 1
            # With a count of 0 the start names the line *before* the (empty) new range.
            new_line = int(m.group(3)) + (1 if new_left == 0 else 0)
    flush()
    return changes


# --------------------------------------------------------------------------
# other inputs
# --------------------------------------------------------------------------


def from_paths(paths: Iterable[str | os.PathLike[str]], root: Path) -> Changes:
    """Whole files, given relative to the current directory (as pre-commit passes them)."""
    changes = Changes()
    base = os.path.realpath(root)
    for p in paths:
        absolute = os.path.realpath(os.path.abspath(p))
        rel = os.path.relpath(absolute, base)
        if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
            continue
        changes.add_file(Path(rel).as_posix())
    return changes


# Above this many line comparisons difflib's matcher (quadratic on repeated lines: 120 KB of
# them took 42 s) is not run: the differing middle counts as changed as a whole.
_MAX_DIFF_WORK = 1_000_000


def changed_lines(old: str, new: str) -> list[int]:
    """New-side line numbers that differ from `old` (same deletion rule as for diffs).

    The common head and tail are stripped first (linear); difflib compares only the middle,
    and only when it is small. A larger middle is reported as changed whole: more findings
    kept, never a hang.
    """
    a, b = old.splitlines(), new.splitlines()
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    out: set[int] = set()
    if not mid_a and not mid_b:
        return []
    if not mid_b:
        out.update((head, head + 1))  # only a deletion: the lines on either side
    elif len(mid_a) * len(mid_b) > _MAX_DIFF_WORK:
        out.update(range(head + 1, head + len(mid_b) + 1))
    else:
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                out.update(range(head + j1 + 1, head + j2 + 1))
            elif tag == "delete":
                out.update((head + j1, head + j1 + 1))
    return sorted(n for n in out if 1 <= n <= max(len(b), 1))


def since_revision(
    root: Path, rev: str, files: Mapping[str, Candidate], limit: int = 5 * 1024 * 1024
) -> Changes:
    """Lines of `files` (scan-root relative path -> what the walk found) that differ from
    revision `rev` of the git repository whose work tree top is `root`. Read from `.git`
    directly: no process. The work-tree side is read again only as the walk found it
    (zotlint.safeio.read_again: same inode, no symlink, regular, at most `limit` bytes)."""
    from zotlint.gitobjects import GitError, read_at
    from zotlint.safeio import read_again

    wanted = sorted(files)
    try:
        old = read_at(root, rev, wanted)
    except (GitError, OSError) as exc:
        raise DiffError(f"--diff-base {rev}: {exc}") from None
    changes = Changes()
    for rel in wanted:
        walked = files[rel]
        raw = read_again(walked.path, walked.identity, limit)
        if raw is None:
            continue  # no longer the file the run loaded: nothing to compare
        new = raw.decode("utf-8", errors="replace")
        before = old.get(rel)
        if before is None:
            changes.add_file(rel)  # new since rev (or not a regular file there)
            continue
        lines = changed_lines(before.decode("utf-8", errors="replace"), new)
        if lines:
            changes.add_lines(rel, lines)
    return changes


_DIFF_LINE = re.compile(r"^(?:diff --git |--- \S|\+\+\+ \S|@@ -\d)", re.M)


def restrict(
    result: RunResult,
    *,
    diff: Path | None = None,
    base: str | None = None,
    paths: Sequence[str | os.PathLike[str]] | None = None,
) -> list[Finding]:
    """`result.findings` narrowed to what the given change inputs touch (their union)."""
    changes = Changes()
    if paths is not None:
        changes.update(from_paths(paths, result.root))
    if diff is not None:
        try:
            if str(diff) == "-":
                text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
            else:
                text = diff.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise DiffError(f"cannot read diff {diff}: {exc.strerror}") from None
        if text.strip() and not _DIFF_LINE.search(text):
            # Anything else (a file list, `git diff --stat`, the wrong file) would restrict
            # the report to nothing and print "All checks passed".
            raise DiffError(
                f"--diff {diff}: not a unified diff (no 'diff --git', '---'/'+++' or '@@' "
                "line); pass the output of `git diff`"
            )
        changes.update(parse_unified_diff(text))
    if base:
        files = {
            loc.file
            for f in result.findings
            for loc in (f.location, *(r.location for r in f.related))
            if loc.file
        }
        # Only files the run loaded: never a skipped path (a symlink to /dev/zero, a FIFO).
        walked = {rel: result.walked[rel] for rel in files if rel in result.walked}
        limit = result.settings.limits.max_file_size
        changes.update(since_revision(result.root, base, walked, limit))
    return filter_findings(result.findings, changes)
