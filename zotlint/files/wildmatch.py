"""git's wildmatch (WM_PATHNAME) without backtracking.

A pattern is read once into tokens (a character, `?`, a bracket class, `*`, and the two
directory-spanning forms of `**`) and matched by simulating its automaton over the path with
one integer as the set of live states, bit `i` meaning "the first `i` tokens matched": each
character costs a few integer operations, whatever the pattern. The regex translation this
replaces let `re` backtrack: `.gitignore`, `exclude` or `per-file-ignores` lines with many `*`
took O(n^k) on a long path and never finished.

Patterns with at most one unbounded token (`*` or `**`), the usual `*.log` or `build/**`,
can't backtrack more than linearly, so `as_regex` still gives them a regex, which is faster
on the hot path of the walk; every other pattern is matched by `Automaton`.
"""

from __future__ import annotations

import re

from zotlint.records import dataclass

__all__ = ["Automaton", "Token", "as_regex", "tokenize"]

# POSIX classes as git's wildmatch implements them: ASCII only, whatever the locale, because
# git uses its own ctype tables.
_POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \t",
    "cntrl": "\x00-\x1f\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@[-`{-~",
    "space": " \t\n\r",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}

# Token kinds.
CHAR = 0  # one given character
ANY = 1  # `?`: one character but `/`
CLASS = 2  # `[...]`: one character (never `/`) in or out of a set
STAR = 3  # `*`: any run without `/`
DIRS = 4  # `**/`: nothing, or any run ending with `/`
REST = 5  # `**` at the end: any run, `/` included

_UNBOUNDED = (STAR, DIRS, REST)


@dataclass(frozen=True, slots=True)
class Token:
    kind: int
    char: str = ""  # CHAR
    ranges: tuple[tuple[str, str], ...] = ()  # CLASS: inclusive (low, high) pairs
    negated: bool = False  # CLASS

    def accepts(self, c: str) -> bool:
        """Whether this one-character token matches `c`."""
        kind = self.kind
        if kind == CHAR:
            return c == self.char
        if c == "/":
            return False
        if kind == ANY:
            return True
        inside = any(low <= c <= high for low, high in self.ranges)
        return inside != self.negated


def _expand_class(name: str) -> tuple[tuple[str, str], ...]:
    spec = _POSIX_CLASSES[name]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.append((spec[i], spec[i + 2]))
            i += 3
        else:
            out.append((spec[i], spec[i]))
            i += 1
    return tuple(out)


def _bracket(pat: str, i: int) -> tuple[Token, int] | None:
    """The class starting at pat[i] (`[`) and the index past its `]`, or None where wildmatch
    aborts (unterminated class, unknown `[:name:]`): then the pattern matches nothing."""
    n = len(pat)
    i += 1
    negated = i < n and pat[i] in "!^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []
    prev: str | None = None  # the last literal, a possible range start
    first = True
    while True:
        if i >= n:
            return None
        c = pat[i]
        if c == "]" and not first:  # `]` right after `[` or `[!` is a member
            break
        first = False
        if c == "\\":
            i += 1
            if i >= n:
                return None
            prev = pat[i]
            ranges.append((prev, prev))
        elif c == "-" and prev is not None and i + 1 < n and pat[i + 1] != "]":
            i += 1
            high = pat[i]
            if high == "\\":
                i += 1
                if i >= n:
                    return None
                high = pat[i]
            ranges.pop()  # `prev` becomes the range's start
            if prev <= high:  # a reversed range matches nothing in wildmatch
                ranges.append((prev, high))
            prev = None
        elif c == "[" and i + 1 < n and pat[i + 1] == ":":
            end = pat.find("]", i + 2)
            if end < 0:
                return None
            if end - 1 < i + 2 or pat[end - 1] != ":":
                # No `:]`: the `[` is an ordinary member and scanning goes on from the `:`.
                prev = "["
                ranges.append(("[", "["))
            else:
                name = pat[i + 2 : end - 1]
                if name not in _POSIX_CLASSES:
                    return None
                ranges.extend(_expand_class(name))
                prev = None
                i = end
        else:
            prev = c
            ranges.append((c, c))
        i += 1
    return Token(CLASS, ranges=tuple(ranges), negated=negated), i + 1


def tokenize(pat: str) -> tuple[Token, ...] | None:
    """The tokens of a wildmatch pattern, or None when it can never match."""
    out: list[Token] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == "*":
            j = i
            while j < n and pat[j] == "*":
                j += 1
            # `**` is special only as a whole path component; elsewhere it is an ordinary `*`.
            if j - i >= 2 and (i == 0 or pat[i - 1] == "/"):
                if j == n:
                    out.append(Token(REST))
                    i = j
                    continue
                if pat[j] == "/":
                    out.append(Token(DIRS))
                    i = j + 1
                    continue
                if pat.startswith("\\/", j):
                    out.append(Token(DIRS))
                    i = j + 2
                    continue
            if not out or out[-1].kind != STAR:  # `**` mid-name is one `*`
                out.append(Token(STAR))
            i = j
        elif c == "?":
            out.append(Token(ANY))
            i += 1
        elif c == "[":
            found = _bracket(pat, i)
            if found is None:
                return None
            token, i = found
            out.append(token)
        elif c == "\\":
            if i + 1 >= n:  # a trailing backslash escapes nothing: wildmatch fails
                return None
            out.append(Token(CHAR, char=pat[i + 1]))
            i += 2
        else:
            out.append(Token(CHAR, char=c))
            i += 1
    return tuple(out)


def _class_regex(token: Token) -> str:
    body = "".join(
        re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}"
        for low, high in token.ranges
    )
    # With WM_PATHNAME a class never matches `/`, negated or not.
    if token.negated:
        return f"[^/{body}]"
    if not body:
        return "(?!)"
    return f"(?!/)[{body}]"


def as_regex(tokens: tuple[Token, ...]) -> str | None:
    """A regex for `tokens` when `re` cannot backtrack on it more than linearly (at most one
    unbounded token), else None: match those with `Automaton`."""
    if sum(t.kind in _UNBOUNDED for t in tokens) > 1:
        return None
    out = []
    for token in tokens:
        kind = token.kind
        if kind == CHAR:
            out.append(re.escape(token.char))
        elif kind == ANY:
            out.append("[^/]")
        elif kind == CLASS:
            out.append(_class_regex(token))
        elif kind == STAR:
            out.append("[^/]*")
        elif kind == DIRS:
            out.append("(?:.*/)?")
        else:
            out.append(".*")
    return "".join(out)


class Automaton:
    """Several patterns matched at once, each character of the path costing O(1) big-integer
    operations; `first(path)` is the index of the first pattern that matches all of it.

    Pattern `p` owns bits start_p .. start_p + len(tokens_p): bit start_p + i is live when its
    first i tokens matched a prefix of the path read so far.
    """

    __slots__ = (
        "_accept",
        "_cache",
        "_closure_steps",
        "_dirs",
        "_owner",
        "_skip",
        "_start",
        "_tokens",
    )

    def __init__(self, patterns: list[tuple[Token, ...]]) -> None:
        start = 0
        starts = 0
        accept = 0
        skip = 0  # tokens that can match nothing: an epsilon edge from bit i to i + 1
        dirs = 0  # `**/` tokens: their epsilon edge is taken only on entry, see first()
        owner: dict[int, int] = {}  # accept bit -> pattern index
        tokens: list[tuple[int, Token]] = []  # (bit, token)
        longest_skip_run = 0
        for index, pattern in enumerate(patterns):
            run = 0
            starts |= 1 << start
            for offset, token in enumerate(pattern):
                bit = start + offset
                tokens.append((bit, token))
                if token.kind == DIRS:
                    dirs |= 1 << bit
                if token.kind in _UNBOUNDED:
                    skip |= 1 << bit
                    run += 1
                    longest_skip_run = max(longest_skip_run, run)
                else:
                    run = 0
            end = start + len(pattern)
            accept |= 1 << end
            owner[end] = index
            start = end + 1
        self._start = starts
        self._accept = accept
        self._skip = skip
        self._dirs = dirs
        self._owner = owner
        self._tokens = tokens
        self._closure_steps = longest_skip_run
        self._cache: dict[str, tuple[int, int]] = {}

    def _masks(self, c: str) -> tuple[int, int]:
        """(advance, loop) for character `c`: bits whose token consumes `c` and moves on, and
        bits whose token consumes `c` and stays (the inside of a `*` or `**`)."""
        found = self._cache.get(c)
        if found is not None:
            return found
        advance = loop = 0
        for bit, token in self._tokens:
            kind = token.kind
            if kind == STAR:
                if c != "/":
                    loop |= 1 << bit
            elif kind == REST:
                loop |= 1 << bit
            elif kind == DIRS:
                loop |= 1 << bit
                if c == "/":
                    advance |= 1 << bit
            elif token.accepts(c):
                advance |= 1 << bit
        if len(self._cache) < 4096:  # bounded: names are mostly ASCII
            self._cache[c] = (advance, loop)
        return advance, loop

    def _close(self, state: int) -> int:
        skip = self._skip
        for _ in range(self._closure_steps):
            grown = state | ((state & skip) << 1)
            if grown == state:
                break
            state = grown
        return state

    def first(self, path: str) -> int | None:
        """Index of the first pattern matching the whole of `path`, or None."""
        state = self._close(self._start)
        masks = self._masks
        close = self._close
        dirs = self._dirs
        not_dirs = ~dirs
        for c in path:
            advance, loop = masks(c)
            looped = state & loop
            # Inside a `**/` (after it consumed something) the rest may start only after a
            # `/`, so a looping `**/` bit does not take its "matched nothing" edge; `*` and
            # `**` at the end do (a run, then the rest).
            state = close(((state & advance) << 1) | (looped & not_dirs)) | (looped & dirs)
            if not state:
                return None
        hit = state & self._accept
        if not hit:
            return None
        return self._owner[(hit & -hit).bit_length() - 1]
