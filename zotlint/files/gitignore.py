"""git's ignore rules: parsing `.gitignore`-format lines and answering "is this path ignored?".

Used for `.gitignore` files, `.git/info/exclude` and the configuration's `exclude` globs. The
semantics follow git's `dir.c` (last matching line wins, deeper files first, `!` re-includes,
a trailing `/` matches directories only, a slash elsewhere anchors) and `wildmatch.c`
(zotlint.files.wildmatch, which matches without backtracking).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zotlint.files.wildmatch import CHAR, Automaton, Token, as_regex, tokenize
from zotlint.records import dataclass

__all__ = ["NO_RULES", "Rules", "byte_view", "compile_excludes", "parse_ignore_text"]


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


def byte_view(text: str) -> str:
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
                return None  # a dangling backslash: left to tokenize
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


def parse_ignore_text(data: bytes) -> list[_Pattern]:
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


class _Matcher:
    """Wildcard patterns of one kind (names or paths), highest priority first: those `re`
    matches in linear time in one alternation, whose first matching branch is its
    highest-priority match, the others (several `*`) in one `Automaton`."""

    __slots__ = ("automaton", "automaton_groups", "regex", "regex_groups")

    def __init__(self, patterns: list[tuple[int, tuple[Token, ...]]]) -> None:
        fragments: list[str] = []
        self.regex_groups: list[int] = []
        hard: list[tuple[Token, ...]] = []
        self.automaton_groups: list[int] = []
        for priority, tokens in patterns:
            fragment = as_regex(tokens)
            if fragment is None:
                hard.append(tokens)
                self.automaton_groups.append(priority)
            else:
                fragments.append(fragment)
                self.regex_groups.append(priority)
        self.regex = _alternation(fragments)
        self.automaton = Automaton(hard) if hard else None

    def best(self, text: str) -> int | None:
        best = None
        if self.regex is not None:
            match = self.regex.fullmatch(text)
            if match is not None:
                best = self.regex_groups[match.lastindex - 1]  # type: ignore[operator]
        if self.automaton is not None:
            index = self.automaton.first(text)
            if index is not None:
                found = self.automaton_groups[index]
                if best is None or found < best:
                    best = found
        return best


class _View:
    """The ignore patterns in force in one directory, compiled for files or
    for directories.

    Patterns are numbered by priority, 0 winning: git asks the deepest
    .gitignore first, then its parents, then .git/info/exclude, and within a
    file the last matching line wins. Most real patterns are a plain name,
    `*suffix` or a plain path, answered by dict lookups; only the rest go to
    a _Matcher. One regex alternation of everything was tried first and cost
    ~9 µs a path with 50 patterns and ~120 µs with 300, because every branch
    rescans the path; this keeps a typical path at a few lookups.
    """

    __slots__ = (
        "always",
        "name_matcher",
        "names",
        "negated",
        "path_matcher",
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
        name_patterns: list[tuple[int, tuple[Token, ...]]] = []
        path_patterns: list[tuple[int, tuple[Token, ...]]] = []
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
                tokens = tokenize(text)
                if tokens is not None:
                    name_patterns.append((priority, tokens))
                continue
            # git compares the part before the first wildcard literally and
            # hands only the rest to wildmatch, so a `**` right after that
            # literal part counts as starting the pattern (`foo**/x` matches
            # `foox` and `foo/a/x`). Reproduced so results agree with git.
            cut = _literal_length(text)
            tokens = tokenize(text[cut:])
            if tokens is not None:
                literal_part = tuple(Token(CHAR, char=c) for c in prefix + text[:cut])
                path_patterns.append((priority, literal_part + tokens))
        self.suffix_lengths = tuple(sorted({len(s) for s in self.suffixes}))
        self.suffix_tuple = tuple(self.suffixes)
        self.name_matcher = _Matcher(name_patterns) if name_patterns else None
        self.path_matcher = _Matcher(path_patterns) if path_patterns else None

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
        if self.name_matcher is not None:
            found = self.name_matcher.best(name)
            if found is not None and (best is None or found < best):
                best = found
        if self.path_matcher is not None:
            found = self.path_matcher.best(path)
            if found is not None and (best is None or found < best):
                best = found
        return best


class Rules:
    """The ignore files in force in one directory, deepest first.

    Immutable: a subdirectory with its own ignore file gets a new Rules, the
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

    def extend(self, base: str, patterns: list[_Pattern]) -> Rules:
        """Rules for directory `base`, whose own ignore file has `patterns`."""
        if not patterns:
            return self
        prefix = byte_view(base) + "/" if base else ""
        return Rules(((prefix, patterns[::-1]), *self._files))

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
            rel = byte_view(rel)
            name = byte_view(name)
        found = view.best(rel, name)
        return found is not None and not view.negated[found]


NO_RULES = Rules()


def compile_excludes(globs: Iterable[str]) -> Rules:
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
        parsed = _parse_pattern(byte_view(("!" if negated else "") + body))
        if parsed is not None:
            patterns.append(parsed)
    return NO_RULES.extend("", patterns)
