"""File discovery: which files under the scanned paths zotlint should check.

`check` must stay read-only and offline, so this module cannot ask git which
files matter (`git ls-files` would start a process). It walks the tree with
`os.scandir` and applies git's ignore rules itself, following git's `dir.c`
and `wildmatch.c` semantics closely enough that the result agrees with
`git ls-files --others --exclude-standard` (the tests compare the two).

Known, deliberate differences from git:

* Tracked files that match an ignore pattern are still skipped: knowing what
  is tracked would mean parsing the index, and such files are rare.
* `core.excludesFile` and the global/system config are never read, because
  zotlint never reads outside the scanned root.
* `.git/info/exclude` is read only when `.git` is a real directory in the
  root; a worktree's or submodule's `.git` file points outside the root.
* Nested repositories (submodules) are walked like ordinary directories.
* Matching is case-sensitive (git's default `core.ignoreCase=false`).
"""

from __future__ import annotations

import errno
import heapq
import itertools
import operator
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ALWAYS_SKIPPED_DIRS",
    "DEFAULT_MAX_FILE_SIZE",
    "Candidate",
    "Skipped",
    "discover",
    "find_root",
]

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024

# Dependency, tool-cache and VCS directories: never the user's own config, and
# often huge, so they are pruned by name at any depth even outside git.
ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        "__pycache__",
        ".terraform",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "vendor",
    }
)

REASON_OUTSIDE_ROOT = "outside the scanned root"
REASON_LINK_OUTSIDE_ROOT = "symlink points outside the scanned root"
REASON_BROKEN_LINK = "broken symlink"
REASON_LINK_LOOP = "symlink loop"
REASON_PERMISSION = "permission denied"
REASON_NOT_REGULAR = "not a regular file"
REASON_HELM = "Helm template: rendered by Helm, not read as YAML"

_HELM_CHART_FILE = "Chart.yaml"
_HELM_TEMPLATES_DIR = "templates"
_HELM_HELPER_SUFFIX = ".tpl"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to check."""

    path: Path  # absolute path
    rel: str  # POSIX path relative to the scan root, used in all output


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that looked like something to check but was left out, and why."""

    rel: str
    reason: str


# --------------------------------------------------------------------------
# gitignore patterns
# --------------------------------------------------------------------------

# POSIX classes as git's wildmatch implements them: ASCII only, whatever the
# locale, because git uses its own ctype tables.
_POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}

_NEVER = "(?!)"


def _translate_bracket(pat: str, i: int) -> tuple[str, int] | None:
    """Translate the `[...]` starting at pat[i] into a regex fragment.

    Returns the fragment and the index just past the closing `]`, or None
    when wildmatch would abort (unterminated class, unknown `[:name:]`), in
    which case the whole pattern matches nothing.
    """
    n = len(pat)
    i += 1
    if i < n and pat[i] in "!^":
        negated = True
        i += 1
    else:
        negated = False
    parts: list[str] = []
    prev: str | None = None  # last literal, the possible start of a range
    first = True
    while True:
        if i >= n:
            return None
        c = pat[i]
        # A `]` right after `[` or `[!` is a literal member, as in wildmatch.
        if c == "]" and not first:
            break
        first = False
        if c == "\\":
            i += 1
            if i >= n:
                return None
            prev = pat[i]
            parts.append(re.escape(prev))
        elif c == "-" and prev is not None and i + 1 < n and pat[i + 1] != "]":
            i += 1
            hi = pat[i]
            if hi == "\\":
                i += 1
                if i >= n:
                    return None
                hi = pat[i]
            # A reversed range matches nothing in wildmatch; Python would
            # reject it, so it is simply left out.
            if prev <= hi:
                parts.append(f"{re.escape(prev)}-{re.escape(hi)}")
            prev = None
        elif c == "[" and i + 1 < n and pat[i + 1] == ":":
            end = pat.find("]", i + 2)
            if end < 0:
                return None
            if end - 1 < i + 2 or pat[end - 1] != ":":
                # No `:]`: the `[` is an ordinary member and scanning goes on
                # from the `:`.
                prev = "["
                parts.append(re.escape("["))
            else:
                members = _POSIX_CLASSES.get(pat[i + 2 : end - 1])
                if members is None:
                    return None
                parts.append(members)
                prev = None
                i = end
        else:
            prev = c
            parts.append(re.escape(c))
        i += 1
    body = "".join(parts)
    # With WM_PATHNAME a class never matches `/`, negated or not.
    if negated:
        return f"[^/{body}]", i + 1
    if not body:
        return _NEVER, i + 1
    return f"(?!/)[{body}]", i + 1


def _translate(pat: str) -> str | None:
    """Translate a wildmatch pattern (WM_PATHNAME) to a regex, or None if it
    can never match."""
    out: list[str] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == "*":
            j = i
            while j < n and pat[j] == "*":
                j += 1
            # `**` is special only as a whole path component; elsewhere it is
            # an ordinary `*` that stops at `/`.
            if j - i >= 2 and (i == 0 or pat[i - 1] == "/"):
                if j == n:
                    out.append(".*")
                    i = j
                    continue
                if pat[j] == "/":
                    out.append("(?:.*/)?")
                    i = j + 1
                    continue
                if pat.startswith("\\/", j):
                    out.append("(?:.*/)?")
                    i = j + 2
                    continue
            out.append("[^/]*")
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            res = _translate_bracket(pat, i)
            if res is None:
                return None
            fragment, i = res
            out.append(fragment)
        elif c == "\\":
            if i + 1 >= n:
                # A trailing backslash escapes nothing, and wildmatch then
                # fails every match.
                return None
            out.append(re.escape(pat[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _trim_trailing_spaces(line: str) -> str:
    """Drop unescaped trailing spaces (not tabs), as git's
    trim_trailing_spaces does."""
    if not line.endswith(" "):
        return line
    last_space: int | None = None
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c == " ":
            if last_space is None:
                last_space = i
        elif c == "\\":
            i += 1
            if i >= n:
                return line
            last_space = None
        else:
            last_space = None
        i += 1
    return line if last_space is None else line[:last_space]


@dataclass(frozen=True, slots=True)
class _Pattern:
    text: str  # byte view; no `!`, no trailing `/`, no leading `/`
    negated: bool
    dir_only: bool
    anchored: bool  # had a slash: matched against the path, not the name


def _byte_view(text: str) -> str:
    """The UTF-8 bytes of `text`, one character per byte.

    git matches bytes, so `?` matches one byte of a multi-byte character and
    ranges compare byte values. Patterns and paths are both matched in this
    form to get the same answers; ASCII, the common case, is left as is.
    """
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


_WILDCARDS = frozenset("*?[\\")


def _literal_length(pattern: str) -> int:
    """Length of the leading part with no wildcard (git's simple_length)."""
    for index, char in enumerate(pattern):
        if char in _WILDCARDS:
            return index
    return len(pattern)


def _literal_value(pattern: str) -> str | None:
    """The string a wildcard-free pattern matches exactly, else None."""
    if "\\" not in pattern:
        return None if ("*" in pattern or "?" in pattern or "[" in pattern) else pattern
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 == len(pattern):
                return None  # a dangling backslash: left to _translate
            out.append(pattern[i + 1])
            i += 2
        elif char in "*?[":
            return None
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _parse_pattern(line: str) -> _Pattern | None:
    """Parse one already-trimmed line (in byte view)."""
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    dir_only = line.endswith("/")
    if dir_only:
        line = line[:-1]
    # A slash anywhere but the end anchors the pattern to the directory of
    # the file it came from; without one it matches a name at any depth.
    anchored = "/" in line
    if anchored:
        line = line.removeprefix("/")
    if not line:
        return None
    return _Pattern(line, negated, dir_only, anchored)


def _parse_ignore_text(data: bytes) -> list[_Pattern]:
    """Parse the lines of a .gitignore-format file."""
    patterns: list[_Pattern] = []
    text = data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line.startswith("#"):
            continue
        parsed = _parse_pattern(_trim_trailing_spaces(line))
        if parsed is not None:
            patterns.append(parsed)
    return patterns


def _alternation(fragments: list[str]) -> re.Pattern[str] | None:
    if not fragments:
        return None
    return re.compile("(?s:" + "|".join(f"({f})" for f in fragments) + ")")


class _View:
    """The ignore patterns in force in one directory, compiled for files or
    for directories.

    Patterns are numbered by priority, 0 winning: git asks the deepest
    .gitignore first, then its parents, then .git/info/exclude, and within a
    file the last matching line wins. Most real patterns are a plain name,
    `*suffix` or a plain path, answered by dict lookups; only the rest go into
    a regex alternation, whose first matching branch is its highest-priority
    match. One alternation of everything was tried first and cost ~9 µs a
    path with 50 patterns and ~120 µs with 300, because every branch rescans
    the path; this keeps a typical path at a few lookups.
    """

    __slots__ = (
        "always",
        "name_groups",
        "name_regex",
        "names",
        "negated",
        "path_groups",
        "path_regex",
        "paths",
        "suffix_lengths",
        "suffix_tuple",
        "suffixes",
    )

    def __init__(self, patterns: list[tuple[str, _Pattern]]) -> None:
        """`patterns`: (prefix, pattern) highest priority first, where
        prefix is the ignore file's directory as "dir/" ("" at the root)."""
        self.negated = tuple(p.negated for _, p in patterns)
        self.always: int | None = None
        self.names: dict[str, int] = {}
        self.suffixes: dict[str, int] = {}
        self.paths: dict[str, int] = {}
        name_fragments: list[str] = []
        path_fragments: list[str] = []
        self.name_groups: list[int] = []
        self.path_groups: list[int] = []
        # Name patterns need no prefix: this view only ever sees paths below
        # the directory of every ignore file in it.
        for priority, (prefix, pattern) in enumerate(patterns):
            text = pattern.text
            literal = _literal_value(text)
            if literal is not None:
                if pattern.anchored:
                    self.paths.setdefault(prefix + literal, priority)
                else:
                    self.names.setdefault(literal, priority)
                continue
            if not pattern.anchored:
                # In a name, `**` is just `*`, so `*.log` and `**.log` are
                # both "ends with .log".
                rest = _literal_value(text.lstrip("*")) if text.startswith("*") else None
                if rest == "":
                    if self.always is None:
                        self.always = priority
                    continue
                if rest is not None:
                    self.suffixes.setdefault(rest, priority)
                    continue
                fragment = _translate(text)
                if fragment is not None:
                    name_fragments.append(fragment)
                    self.name_groups.append(priority)
                continue
            # git compares the part before the first wildcard literally and
            # hands only the rest to wildmatch, so a `**` right after that
            # literal part counts as starting the pattern (`foo**/x` matches
            # `foox` and `foo/a/x`). Reproduced so results agree with git.
            cut = _literal_length(text)
            fragment = _translate(text[cut:])
            if fragment is not None:
                path_fragments.append(re.escape(prefix + text[:cut]) + fragment)
                self.path_groups.append(priority)
        self.suffix_lengths = tuple(sorted({len(s) for s in self.suffixes}))
        self.suffix_tuple = tuple(self.suffixes)
        self.name_regex = _alternation(name_fragments)
        self.path_regex = _alternation(path_fragments)

    def best(self, path: str, name: str) -> int | None:
        """Priority of the winning pattern for root-relative `path` whose last
        component is `name`, or None.

        Called for every path walked, so cheap checks that usually fail come
        first, and each kind is skipped when there is no pattern of it.
        """
        best = self.always
        found = self.names.get(name)
        if found is not None and (best is None or found < best):
            best = found
        # One C-level endswith rejects most names before any dict lookup.
        if self.suffix_tuple and name.endswith(self.suffix_tuple):
            for length in self.suffix_lengths:
                found = self.suffixes.get(name[-length:])
                if found is not None and (best is None or found < best):
                    best = found
        found = self.paths.get(path)
        if found is not None and (best is None or found < best):
            best = found
        if self.name_regex is not None:
            match = self.name_regex.fullmatch(name)
            if match is not None:
                found = self.name_groups[match.lastindex - 1]  # type: ignore[operator]
                if best is None or found < best:
                    best = found
        if self.path_regex is not None:
            match = self.path_regex.fullmatch(path)
            if match is not None:
                found = self.path_groups[match.lastindex - 1]  # type: ignore[operator]
                if best is None or found < best:
                    best = found
        return best


class _Rules:
    """The ignore files in force in one directory, deepest first.

    Immutable: a subdirectory with its own ignore file gets a new _Rules, the
    others share their parent's, so each distinct set is compiled once.
    """

    __slots__ = ("_dir_view", "_file_view", "_files")

    def __init__(self, files: tuple[tuple[str, list[_Pattern]], ...] = ()) -> None:
        self._files = files  # (prefix, patterns with the last line first)
        self._file_view: _View | None = None
        self._dir_view: _View | None = None

    @property
    def active(self) -> bool:
        return bool(self._files)

    def extend(self, base: str, patterns: list[_Pattern]) -> _Rules:
        """Rules for directory `base`, whose own ignore file has `patterns`."""
        if not patterns:
            return self
        prefix = _byte_view(base) + "/" if base else ""
        return _Rules(((prefix, patterns[::-1]), *self._files))

    def _view(self, is_dir: bool) -> _View:
        chosen = [
            (prefix, pattern)
            for prefix, patterns in self._files
            for pattern in patterns
            if is_dir or not pattern.dir_only
        ]
        return _View(chosen)

    def ignored(self, rel: str, name: str, is_dir: bool) -> bool:
        """Whether `rel` (last component `name`) is ignored."""
        if not self._files:
            return False
        if is_dir:
            view = self._dir_view
            if view is None:
                view = self._dir_view = self._view(True)
        else:
            view = self._file_view
            if view is None:
                view = self._file_view = self._view(False)
        if not rel.isascii():
            rel = _byte_view(rel)
            name = _byte_view(name)
        found = view.best(rel, name)
        return found is not None and not view.negated[found]


_NO_RULES = _Rules()


def _compile_excludes(globs: Iterable[str]) -> _Rules:
    """User exclude globs: each string is one gitignore line relative to root.

    A leading `./` anchors the pattern at the root like a leading `/`: git
    would read it as a literal `.` directory and never match, but in a config
    file it plainly means "from the root".
    """
    patterns = []
    for glob in globs:
        line = _trim_trailing_spaces(glob)
        negated = line.startswith("!")
        body = line[1:] if negated else line
        if body.startswith("./"):
            while body.startswith("./"):
                body = body[2:].lstrip("/")
            body = "/" + body
        parsed = _parse_pattern(_byte_view(("!" if negated else "") + body))
        if parsed is not None:
            patterns.append(parsed)
    return _NO_RULES.extend("", patterns)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return REASON_PERMISSION
    if exc.errno == errno.ELOOP:
        return REASON_LINK_LOOP
    if exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)


def _format_size(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


def _too_large(size: int, limit: int) -> str:
    shown, shown_limit = _format_size(size), _format_size(limit)
    if shown == shown_limit:
        # Rounding made them look equal; exact byte counts show the excess.
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"file larger than {shown_limit} limit ({shown})"


def _missing(path: str | os.PathLike[str]) -> FileNotFoundError:
    return FileNotFoundError(errno.ENOENT, "No such file or directory", os.fspath(path))


def _is_within(path: str, directory: str) -> bool:
    if path == directory:
        return True
    prefix = directory if directory.endswith(os.sep) else directory + os.sep
    return path.startswith(prefix)


def _posix(rel: str) -> str:
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def find_root(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """The scan root for `paths`.

    The nearest directory at or above the first path that contains `.git`
    (a directory, or a file for worktrees and submodules); failing that, the
    common parent of all paths, a file counting as its directory. No paths
    means the current directory.
    """
    dirs = []
    for path in paths or (".",):
        absolute = os.path.abspath(path)
        if not os.path.lexists(absolute):
            raise _missing(path)
        dirs.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    current = dirs[0]
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return Path(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return Path(os.path.commonpath(dirs))


# --------------------------------------------------------------------------
# the walk
# --------------------------------------------------------------------------


_BY_NAME = operator.attrgetter("name")


def _join_child(parent: Path, name: str) -> Path:
    return parent / name


def _pick_child_maker() -> Callable[[Path, str], Path]:
    """The fastest correct way to make `parent / name` for a plain name.

    Building a Path per candidate was half the walk's time: `Path(str)` and
    `/` re-parse the whole string. pathlib's private `_make_child_relpath`
    (what `Path.iterdir` uses) skips that; it is used only if present and
    seen to give the same result, so a Python that changes it falls back
    to `/`.
    """
    fast = getattr(Path, "_make_child_relpath", None)
    if fast is None:
        return _join_child
    expected = Path(os.sep, "zotlint", "probe.yaml")
    try:
        probe = fast(Path(os.sep, "zotlint"), "probe.yaml")
    except Exception:  # any failure just means "don't use it"
        return _join_child
    if not isinstance(probe, Path) or probe != expected or str(probe) != str(expected):
        return _join_child
    return fast  # type: ignore[no-any-return]


_child = _pick_child_maker()


class _Walker:
    def __init__(
        self,
        root: Path,
        exclude: Sequence[str],
        max_file_size: int,
        suffixes: frozenset[str] | None,
    ) -> None:
        self.root_abs = os.path.abspath(root)
        self.root_real = os.path.realpath(self.root_abs)
        self.in_git = os.path.lexists(os.path.join(self.root_abs, ".git"))
        self.exclude = _compile_excludes(exclude)
        self.max_file_size = max_file_size
        self.suffixes = None if suffixes is None else tuple(s.lower() for s in suffixes)
        self.candidates: dict[str, Candidate] = {}
        self.skipped: dict[str, Skipped] = {}
        # Real paths of directories already walked: makes symlink cycles and
        # overlapping arguments terminate and keeps files from being listed
        # twice.
        self.visited: set[str] = set()
        # Symlinked directories are walked only after every real directory,
        # so a link sorting before its target doesn't claim the target's
        # files under the link's name. Heap of (rel, tiebreak, ...).
        self.pending: list[tuple[str, int, str, str, _Rules]] = []
        self.counter = itertools.count()
        self.base_rules = self._info_exclude() if self.in_git else _NO_RULES
        # Root reads everything, so the readability check is skipped for it
        # (and where there are no POSIX ids).
        self.euid = os.geteuid() if hasattr(os, "geteuid") else 0
        self.check_access = self.euid != 0
        self.groups = (
            frozenset((os.getegid(), *os.getgroups())) if self.check_access else frozenset()
        )

    # -- results ----------------------------------------------------------

    def skip(self, rel: str, reason: str) -> None:
        self.skipped.setdefault(rel or ".", Skipped(rel or ".", reason))

    def add_file(self, path: Path, rel: str, info: os.stat_result) -> None:
        if info.st_size > self.max_file_size:
            self.skip(rel, _too_large(info.st_size, self.max_file_size))
        elif self.check_access and self.unreadable(path, info):
            self.skip(rel, REASON_PERMISSION)
        else:
            self.candidates[rel] = Candidate(path, rel)

    def unreadable(self, path: str | Path, info: os.stat_result) -> bool:
        """Whether this process may not read the file.

        Decided from the stat result already in hand; only when the mode bits
        say no is the kernel asked (ACLs can grant more than the bits show),
        so readable files, the usual case, cost no extra system call.
        """
        mode = info.st_mode
        if info.st_uid == self.euid:
            allowed = mode & stat.S_IRUSR
        elif info.st_gid in self.groups:
            allowed = mode & stat.S_IRGRP
        else:
            allowed = mode & stat.S_IROTH
        return not allowed and not os.access(path, os.R_OK)

    def wanted(self, lower_name: str) -> bool:
        """Whether a walked file with this (lower-cased) name is checked."""
        if lower_name.endswith(_HELM_HELPER_SUFFIX):
            return False
        return self.suffixes is None or lower_name.endswith(self.suffixes)

    # -- ignore files -------------------------------------------------------

    def _info_exclude(self) -> _Rules:
        git_dir = os.path.join(self.root_abs, ".git")
        if os.path.islink(git_dir) or not os.path.isdir(git_dir):
            return _NO_RULES
        path = os.path.join(git_dir, "info", "exclude")
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return _NO_RULES
        except OSError:
            return _NO_RULES
        return self._read_ignore_file(path, "", ".git/info/exclude", _NO_RULES)

    def _read_ignore_file(self, path: str, base: str, rel: str, rules: _Rules) -> _Rules:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            # Carry on without it, as git does, but say so: files it would
            # have hidden may now be checked.
            self.skip(rel, f"cannot read ignore file: {_os_reason(exc)}")
            return rules
        return rules.extend(base, _parse_ignore_text(data))

    def rules_above(self, rel_dir: str) -> _Rules:
        """Rules in force for `rel_dir` itself: info/exclude plus the
        .gitignore of every directory from the root down to its parent."""
        rules = self.base_rules
        if not self.in_git or not rel_dir:
            return rules
        current_abs, current_rel = self.root_abs, ""
        for part in rel_dir.split("/"):
            gitignore = os.path.join(current_abs, ".gitignore")
            try:
                is_regular = stat.S_ISREG(os.lstat(gitignore).st_mode)
            except OSError:
                is_regular = False
            if is_regular:
                prefix = current_rel + "/" if current_rel else ""
                rules = self._read_ignore_file(gitignore, current_rel, prefix + ".gitignore", rules)
            current_abs = os.path.join(current_abs, part)
            current_rel = f"{current_rel}/{part}" if current_rel else part
        return rules

    # -- walking --------------------------------------------------------------

    def walk(self, top_abs: str, top_rel: str, top_real: str, top_rules: _Rules) -> None:
        # This loop runs once per file in the tree, so attribute lookups are
        # hoisted into locals and files, the common case, are tested first.
        stack = [(top_abs, top_rel, top_real, top_rules)]
        suffixes = self.suffixes
        exclude = self.exclude if self.exclude.active else None
        visited = self.visited
        candidates = self.candidates
        max_size = self.max_file_size
        child = _child
        check_access = self.check_access
        while stack:
            dir_abs, dir_rel, dir_real, rules = stack.pop()
            if dir_real in visited:
                continue
            visited.add(dir_real)
            try:
                with os.scandir(dir_abs) as iterator:
                    entries = sorted(iterator, key=_BY_NAME)
            except OSError as exc:
                self.skip(dir_rel, _os_reason(exc))
                continue
            prefix = dir_rel + "/" if dir_rel else ""
            dir_path = Path(dir_abs)
            has_chart = False
            for entry in entries:
                if entry.name == _HELM_CHART_FILE:
                    has_chart = True
                # git never reads a symlinked .gitignore (since 2.32), and it
                # could point outside the root, so only regular files count.
                elif (
                    entry.name == ".gitignore"
                    and self.in_git
                    and entry.is_file(follow_symlinks=False)
                ):
                    rules = self._read_ignore_file(
                        entry.path, dir_rel, prefix + ".gitignore", rules
                    )
            ignored = rules.ignored if rules.active else None
            subdirs = []
            for entry in entries:
                name = entry.name
                if name == ".git":  # a directory, or a file in worktrees
                    continue
                rel = prefix + name
                try:
                    if entry.is_file(follow_symlinks=False):
                        lower = name.lower()
                        if lower.endswith(_HELM_HELPER_SUFFIX) or (
                            suffixes is not None and not lower.endswith(suffixes)
                        ):
                            continue
                        if (ignored is not None and ignored(rel, name, False)) or (
                            exclude is not None and exclude.ignored(rel, name, False)
                        ):
                            continue
                        info = entry.stat(follow_symlinks=False)
                        if info.st_size > max_size:
                            self.skip(rel, _too_large(info.st_size, max_size))
                        elif check_access and self.unreadable(entry.path, info):
                            self.skip(rel, REASON_PERMISSION)
                        else:
                            candidates[rel] = Candidate(child(dir_path, name), rel)
                    elif entry.is_dir(follow_symlinks=False):
                        if name in ALWAYS_SKIPPED_DIRS or (
                            has_chart and name == _HELM_TEMPLATES_DIR
                        ):
                            continue
                        if (ignored is not None and ignored(rel, name, True)) or (
                            exclude is not None and exclude.ignored(rel, name, True)
                        ):
                            continue
                        subdirs.append((entry.path, rel, os.path.join(dir_real, name), rules))
                    elif entry.is_symlink():
                        self._visit_link(dir_path, name, rel, rules, has_chart)
                    elif self.wanted(name.lower()) and not (
                        rules.ignored(rel, name, False)
                        or (exclude is not None and exclude.ignored(rel, name, False))
                    ):
                        # FIFOs, sockets, devices: reading one can block
                        # forever or never end.
                        self.skip(rel, REASON_NOT_REGULAR)
                except OSError as exc:
                    self.skip(rel, _os_reason(exc))
            # Reversed so the stack pops subdirectories in name order.
            stack.extend(reversed(subdirs))

    def _visit_link(
        self, dir_path: Path, name: str, rel: str, rules: _Rules, has_chart: bool
    ) -> None:
        # git records a symlink as a blob, never as a directory, so its
        # ignore rules see every symlink as a file.
        if rules.ignored(rel, name, False):
            return
        lower = name.lower()
        wanted_file = self.wanted(lower)
        path = os.path.join(dir_path, name)
        target = os.path.realpath(path)
        if not _is_within(target, self.root_real):
            # Only metadata is looked at out there, never content; a link
            # that would not have been checked anyway isn't worth reporting.
            if wanted_file or os.path.isdir(target):
                self.skip(rel, REASON_LINK_OUTSIDE_ROOT)
            return
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if wanted_file:
                self.skip(rel, REASON_BROKEN_LINK)
            return
        except OSError as exc:
            if wanted_file:
                self.skip(rel, _os_reason(exc))
            return
        if stat.S_ISDIR(info.st_mode):
            if name in ALWAYS_SKIPPED_DIRS or (has_chart and name == _HELM_TEMPLATES_DIR):
                return
            if self.exclude.ignored(rel, name, True):
                return
            heapq.heappush(self.pending, (rel, next(self.counter), path, target, rules))
        elif wanted_file and not self.exclude.ignored(rel, name, False):
            if stat.S_ISREG(info.st_mode):
                self.add_file(_child(dir_path, name), rel, info)
            else:
                self.skip(rel, REASON_NOT_REGULAR)

    def walk_pending(self) -> None:
        while self.pending:
            rel, _, path, target, rules = heapq.heappop(self.pending)
            # A link to a directory already walked (a cycle back to a parent,
            # or a second name for a scanned directory) adds nothing, and every
            # Skipped becomes a finding, so it is dropped silently. walk()
            # checks `visited` itself.
            self.walk(path, rel, target, rules)

    # -- explicit arguments ----------------------------------------------------

    def in_helm_templates(self, rel: str, is_dir: bool) -> bool:
        parts = rel.split("/") if rel else []
        # A templates directory named on the command line counts too.
        limit = len(parts) if is_dir else len(parts) - 1
        for index in range(limit):
            if parts[index] == _HELM_TEMPLATES_DIR and os.path.isfile(
                os.path.join(self.root_abs, *parts[:index], _HELM_CHART_FILE)
            ):
                return True
        return False

    def visit_argument(self, given: str | os.PathLike[str]) -> None:
        absolute = os.path.abspath(given)
        real = os.path.realpath(absolute)
        if _is_within(absolute, self.root_abs):
            rel = _posix(os.path.relpath(absolute, self.root_abs))
            if not _is_within(real, self.root_real):
                self.skip(rel, REASON_LINK_OUTSIDE_ROOT)
                return
        elif _is_within(real, self.root_real):
            rel = _posix(os.path.relpath(real, self.root_real))
        else:
            self.skip(_posix(os.fspath(given)), REASON_OUTSIDE_ROOT)
            return
        rel = "" if rel == "." else rel
        try:
            info = os.stat(absolute)
        except FileNotFoundError:
            # It passed the lexists check, so it is a dangling symlink.
            self.skip(rel, REASON_BROKEN_LINK)
            return
        except OSError as exc:
            self.skip(rel, _os_reason(exc))
            return
        if stat.S_ISDIR(info.st_mode):
            if self.in_helm_templates(rel, is_dir=True):
                self.skip(rel, REASON_HELM)
                return
            # The directory itself is walked even if ignored or vendored:
            # naming it is a request to check it.
            self.walk(absolute, rel, real, self.rules_above(rel))
        elif rel.lower().endswith(_HELM_HELPER_SUFFIX) or self.in_helm_templates(rel, is_dir=False):
            self.skip(rel, REASON_HELM)
        elif stat.S_ISREG(info.st_mode):
            self.add_file(Path(absolute), rel, info)
        else:
            self.skip(rel, REASON_NOT_REGULAR)


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    root: Path,
    exclude: Sequence[str] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    suffixes: frozenset[str] | None = None,
) -> tuple[list[Candidate], list[Skipped]]:
    """Find the files to check under `paths`, and those left out with reason.

    Directories are walked honouring .gitignore files, .git/info/exclude (only
    when `root` is a git work tree), the always-skipped directory names and
    the `exclude` globs (gitignore syntax, one pattern per string, relative
    to `root`). Files named explicitly are always candidates unless they lie
    outside `root`, are Helm templates or exceed `max_file_size`. No paths
    means `root`. Both lists are sorted by `rel`. Raises FileNotFoundError if
    a path doesn't exist; never raises for unreadable parts of the tree.
    """
    for given in paths:
        if not os.path.lexists(os.path.abspath(given)):
            raise _missing(given)
    walker = _Walker(root, exclude, max_file_size, suffixes)
    for given in paths or (walker.root_abs,):
        walker.visit_argument(given)
    walker.walk_pending()
    candidates = sorted(walker.candidates.values(), key=lambda c: c.rel)
    skipped = sorted(
        (s for s in walker.skipped.values() if s.rel not in walker.candidates),
        key=lambda s: s.rel,
    )
    return candidates, skipped
