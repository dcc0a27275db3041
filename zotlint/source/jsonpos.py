"""A strict JSON parser that remembers where every key and value came from.

zot reads its configuration with Go's ``encoding/json``, so this parser accepts
exactly what that package accepts (RFC 8259, nothing more) and reports the
character offset of every problem.  Unlike :func:`json.loads` it also returns a
table of source spans for every value and the duplicate keys that Go silently
collapses, which is what the lint rules need to point at the right line.

The parser is iterative so hostile nesting depth can only hit ``max_depth``,
never Python's recursion limit.
"""

from __future__ import annotations

import gc
import math
import re
from json.decoder import JSONDecodeError
from json.decoder import scanstring as _scanstring
from typing import Any

from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

__all__ = [
    "JsonEntry",
    "JsonParse",
    "JsonSyntaxError",
    "LimitExceeded",
    "parse_json",
]

JsonPath = tuple[str | int, ...]

# Go's scanner only treats these four characters as insignificant whitespace.
_WS_MATCH = re.compile(r"[ \t\r\n]*").match
# json.scanner.NUMBER_RE uses \d, which also matches non-ASCII digits that Go
# rejects, so spell the digits out.
_NUMBER_MATCH = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?").match
_LONE_SURROGATE = lazy_compile("[\ud800-\udfff]")

# Appended to the text so the hot loop can index one past the end without a
# bounds check; it is never valid JSON, so it cannot be mistaken for input.
_SENTINEL = "\x00"

# Below this size the collector hardly runs during a parse, so leave it alone.
_GC_PAUSE_MIN = 16_384


class JsonSyntaxError(Exception):
    """The text is not JSON that Go's encoding/json would accept."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message, offset)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.message} (at offset {self.offset})"


class LimitExceeded(Exception):
    """The document is too deep or too large to analyse safely."""

    def __init__(self, limit: str, value: int, offset: int = -1) -> None:
        super().__init__(limit, value, offset)
        self.limit = limit  # "max-depth" or "max-nodes"
        self.value = value  # the configured bound that was crossed
        # Where the limit was crossed; -1 when not known.
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.limit} limit of {self.value} exceeded (at offset {self.offset})"


@dataclass(slots=True)
class JsonEntry:
    """Source span of one value (and its key, for object members).

    Offsets are character offsets into the parsed text, end-exclusive.  A
    string's span includes its quotes.  ``key_start``/``key_end`` are -1 for
    the root value and for array elements.
    """

    path: JsonPath
    key_start: int
    key_end: int
    value_start: int
    value_end: int


@dataclass
class JsonParse:
    """Result of :func:`parse_json`.

    ``entries`` lists one entry per surviving path in document order (a
    container precedes its children).  When a key is repeated in one object,
    only the last occurrence and its children are kept, matching the value Go
    ends up with; ``duplicates`` holds ``(path, first, repeat)`` for every
    repeat, where ``first`` is the key's first occurrence in that object.
    """

    data: Any
    entries: list[JsonEntry]
    duplicates: list[tuple[JsonPath, JsonEntry, JsonEntry]]


class _Frame:
    """An open object or array on the explicit parse stack."""

    __slots__ = ("container", "entry", "firsts", "index", "is_object", "key", "path", "seen")

    def __init__(self, is_object: bool, container: Any, entry: JsonEntry, path: JsonPath) -> None:
        self.is_object = is_object
        self.container = container
        self.entry = entry
        self.path = path
        # Member key waiting for its value, or element index for arrays.
        self.key = ""
        self.index = 0
        # key -> index into entries of the latest occurrence; only for objects.
        self.seen: dict[str, int] = {}
        # key -> first occurrence, created lazily because duplicates are rare.
        self.firsts: dict[str, JsonEntry] | None = None


def _describe(s: str, i: int, n: int) -> str:
    if i >= n:
        return "end of input"
    c = s[i]
    if c.isprintable() and c != " ":
        return repr(c)
    return f"U+{ord(c):04X}"


def _unexpected(s: str, i: int, n: int) -> JsonSyntaxError:
    """Error for a character that cannot start a JSON value."""
    if i >= n:
        return JsonSyntaxError("unexpected end of input", n)
    c = s[i]
    hint = ""
    if c == "'":
        hint = " (strings must use double quotes)"
    elif c == "/" or c == "#":
        hint = " (comments are not allowed in JSON)"
    elif s.startswith(("NaN", "Infinity", "-Infinity"), i):
        hint = " (NaN and Infinity are not valid JSON)"
    elif c == "\ufeff":
        hint = " (byte order mark)"
    return JsonSyntaxError(f"unexpected character {_describe(s, i, n)}{hint}", i)


def _literal_error(s: str, i: int, n: int, word: str) -> JsonSyntaxError:
    # Point at the first character that breaks the literal, like Go does.
    k = 0
    while k < len(word) and i + k < n and s[i + k] == word[k]:
        k += 1
    return JsonSyntaxError(f"invalid literal, expected '{word}'", i + k)


def _string_error(text: str, quote: int, n: int, exc: JSONDecodeError) -> JsonSyntaxError:
    msg = exc.msg
    pos = exc.pos
    if msg.startswith("Unterminated"):
        return JsonSyntaxError("unterminated string", quote)
    if msg.startswith("Invalid control"):
        c = text[pos]
        if c in "\r\n":
            return JsonSyntaxError("unterminated string (line break inside string)", pos)
        return JsonSyntaxError(
            f"invalid control character U+{ord(c):04X} in string (must be escaped)", pos
        )
    if msg.startswith("Invalid \\uXXXX"):
        # CPython reports the 'u'; the escape starts at the backslash before it.
        return JsonSyntaxError("invalid \\u escape (expected 4 hex digits)", pos - 1)
    if msg.startswith("Invalid \\escape"):
        if pos + 1 >= n:
            return JsonSyntaxError("unterminated string", quote)
        return JsonSyntaxError(f"invalid escape '\\{text[pos + 1]}' in string", pos)
    return JsonSyntaxError(msg[:1].lower() + msg[1:], pos)


def _number(s: str, i: int, n: int) -> tuple[int | float, int]:
    m = _NUMBER_MATCH(s, i)
    if m is None:
        # Only a lone '-' (or '-' before a non-digit) gets here.
        raise JsonSyntaxError("expected digit after '-' in number", i + 1)
    j = m.end()
    frac, exp = m.groups()
    nxt = s[j]
    if exp is None and nxt in ".eE0123456789":
        if nxt == "." and frac is None:
            raise JsonSyntaxError("expected digit after decimal point in number", j + 1)
        if nxt in "eE":
            k = j + 1
            if s[k] in "+-":
                k += 1
            raise JsonSyntaxError("expected digit in exponent of number", k)
        if nxt.isdigit() and frac is None:
            raise JsonSyntaxError("leading zeros are not allowed in numbers", j)
    lexeme = m.group()
    if frac is None and exp is None:
        try:
            return int(lexeme), j
        except ValueError:
            # Python refuses very long digit strings; Go's float64 overflows
            # far earlier, so this is out of range for Go as well.
            raise JsonSyntaxError("number is out of range", i) from None
    value = float(lexeme)
    if math.isinf(value):
        # Go fails the whole decode for this rather than yielding infinity.
        raise JsonSyntaxError("number is out of range for a 64-bit float", i)
    return value, j


def _key_error(s: str, i: int, n: int, comma: int) -> JsonSyntaxError:
    """Error for a member that does not start with a string key."""
    c = s[i]
    if c == "}" and comma >= 0:
        return JsonSyntaxError("trailing comma", comma)
    if i >= n:
        return JsonSyntaxError("unexpected end of input, expected object key", n)
    hint = " (strings must use double quotes)" if c == "'" else ""
    return JsonSyntaxError(f"expected string as object key, found {_describe(s, i, n)}{hint}", i)


def parse_json(
    text: str,
    *,
    max_depth: int = 256,
    max_nodes: int = 1_000_000,
    max_path_steps: int | None = None,
) -> JsonParse:
    """Parse ``text`` as strict JSON, recording the span of every value.

    Raises :class:`JsonSyntaxError` for anything Go's encoding/json rejects and
    :class:`LimitExceeded` when nesting exceeds ``max_depth`` containers or the
    document holds more than ``max_nodes`` values.  Every entry carries its
    full path, so memory grows with depth times values: ``max_path_steps``
    bounds that sum of path lengths (limit name ``max-nodes-depth``).
    """
    steps = max_path_steps if max_path_steps is not None else max_nodes * max_depth
    if len(text) < _GC_PAUSE_MIN or not gc.isenabled():
        return _parse(text, max_depth, max_nodes, steps)
    # Parsing allocates only acyclic objects, yet every few hundred of them
    # trigger a collection that re-walks the growing tree: about half the run
    # time on big documents.  Nothing collectable is created, so pause it.
    gc.disable()
    try:
        return _parse(text, max_depth, max_nodes, steps)
    finally:
        gc.enable()


def _parse(text: str, max_depth: int, max_nodes: int, max_steps: int) -> JsonParse:
    n = len(text)
    if text.startswith("\ufeff"):
        raise JsonSyntaxError(
            "unexpected byte order mark (U+FEFF) at start of input; Go's encoding/json rejects it",
            0,
        )
    s = text + _SENTINEL
    ws = _WS_MATCH
    scan = _scanstring
    entries: list[JsonEntry] = []
    add_entry = entries.append
    duplicates: list[tuple[JsonPath, JsonEntry, JsonEntry]] = []
    # Indexes into entries of member values that a later duplicate replaced.
    superseded: list[int] = []
    stack: list[_Frame] = []
    frame: _Frame | None = None
    steps = 0  # path lengths so far (see parse_json)

    path: JsonPath = ()
    key_start = -1
    key_end = -1
    # The hot paths below inline string decoding and the common one-space
    # separator because call and regex overhead dominate this loop's cost.
    want_key = False
    comma = -1  # offset of the ',' before the pending key, for "trailing comma"
    # Index into entries of the earlier occurrence when the value about to be
    # parsed belongs to a repeated key, else -1.
    repeat_of = -1
    i = ws(s, 0).end()
    value: Any
    while True:
        if want_key:
            # --- A member key starts at i; frame is the object it belongs to.
            assert frame is not None
            want_key = False
            if s[i] != '"':
                raise _key_error(s, i, n, comma)
            try:
                key, j = scan(text, i + 1, True)
            except JSONDecodeError as exc:
                raise _string_error(text, i, n, exc) from None
            # Go substitutes U+FFFD for unpaired surrogates (from \u escapes or
            # from text decoded with surrogateescape); keep the data identical.
            if not key.isascii() and _LONE_SURROGATE.search(key):
                key = _LONE_SURROGATE.sub("\ufffd", key)
            key_start = i
            key_end = j
            if s[j] != ":":
                j = ws(s, j).end()
                if s[j] != ":":
                    raise JsonSyntaxError("expected ':' after object key", j)
            j += 1
            if s[j] in " \t\r\n":
                j = j + 1 if s[j] == " " and s[j + 1] not in " \t\r\n" else ws(s, j).end()
            i = j
            frame.key = key
            # Concatenation is about twice as fast as (*path, key) here.
            path = frame.path + (key,)
            seen = frame.seen
            if key in seen:
                repeat_of = seen[key]
            seen[key] = len(entries)

        # --- One value starts at i.  path/key_start/key_end describe it.
        if len(entries) >= max_nodes:
            raise LimitExceeded("max-nodes", max_nodes, i)
        steps += len(stack)
        if steps > max_steps:
            raise LimitExceeded("max-nodes-depth", max_steps, i)
        entry = JsonEntry(path, key_start, key_end, i, -1)
        if repeat_of >= 0:
            _record_repeat(stack[-1], entries, repeat_of, entry, duplicates, superseded)
            repeat_of = -1
        add_entry(entry)
        c = s[i]
        if c == '"':
            try:
                value, i = scan(text, i + 1, True)
            except JSONDecodeError as exc:
                raise _string_error(text, i, n, exc) from None
            if not value.isascii() and _LONE_SURROGATE.search(value):
                value = _LONE_SURROGATE.sub("\ufffd", value)
        elif c == "{" or c == "[":
            if len(stack) >= max_depth:
                raise LimitExceeded("max-depth", max_depth, i)
            j = i + 1
            if s[j] in " \t\r\n":
                j = ws(s, j).end()
            if c == "{":
                if s[j] == "}":
                    value = {}
                    i = j + 1
                else:
                    frame = _Frame(True, {}, entry, path)
                    stack.append(frame)
                    want_key = True
                    comma = -1
                    i = j
                    continue
            elif s[j] == "]":
                value = []
                i = j + 1
            else:
                stack.append(_Frame(False, [], entry, path))
                path = path + (0,)
                key_start = key_end = -1
                i = j
                continue
        elif c in "-0123456789":
            value, i = _number(s, i, n)
        elif c == "t":
            if not s.startswith("true", i):
                raise _literal_error(s, i, n, "true")
            value = True
            i += 4
        elif c == "f":
            if not s.startswith("false", i):
                raise _literal_error(s, i, n, "false")
            value = False
            i += 5
        elif c == "n":
            if not s.startswith("null", i):
                raise _literal_error(s, i, n, "null")
            value = None
            i += 4
        else:
            raise _unexpected(s, i, n)
        entry.value_end = i

        # --- A value just ended at i: attach it and close finished containers.
        while True:
            c = s[i]
            if c in " \t\r\n":
                i = ws(s, i).end()
                c = s[i]
            if not stack:
                if i != n:
                    raise JsonSyntaxError(
                        f"unexpected character {_describe(s, i, n)} after top-level value", i
                    )
                return JsonParse(value, _prune(entries, superseded), duplicates)
            frame = stack[-1]
            if frame.is_object:
                frame.container[frame.key] = value
                if c == ",":
                    comma = i
                    i += 1
                    if s[i] in " \t\r\n":
                        i = ws(s, i).end()
                    want_key = True
                    break
                if c == "}":
                    i += 1
                    stack.pop()
                    value = frame.container
                    frame.entry.value_end = i
                    continue
                if i >= n:
                    raise JsonSyntaxError("unexpected end of input, expected ',' or '}'", n)
                raise JsonSyntaxError("expected ',' or '}' after object member", i)
            frame.container.append(value)
            if c == ",":
                j = i + 1
                if s[j] in " \t\r\n":
                    j = ws(s, j).end()
                if s[j] == "]":
                    raise JsonSyntaxError("trailing comma", i)
                frame.index += 1
                path = frame.path + (frame.index,)
                key_start = key_end = -1
                i = j
                break
            if c == "]":
                i += 1
                stack.pop()
                value = frame.container
                frame.entry.value_end = i
                continue
            if i >= n:
                raise JsonSyntaxError("unexpected end of input, expected ',' or ']'", n)
            raise JsonSyntaxError("expected ',' or ']' after array element", i)


def _record_repeat(
    frame: _Frame,
    entries: list[JsonEntry],
    earlier: int,
    entry: JsonEntry,
    duplicates: list[tuple[JsonPath, JsonEntry, JsonEntry]],
    superseded: list[int],
) -> None:
    """Note that ``entry`` repeats the key of ``entries[earlier]`` in ``frame``."""
    firsts = frame.firsts
    if firsts is None:
        firsts = frame.firsts = {}
    first = firsts.setdefault(frame.key, entries[earlier])
    duplicates.append((entry.path, first, entry))
    superseded.append(earlier)


def _prune(entries: list[JsonEntry], superseded: list[int]) -> list[JsonEntry]:
    """Drop the entries of member values that a later duplicate key replaced."""
    if not superseded:
        return entries
    total = len(entries)
    dead = bytearray(total)
    for start in superseded:
        depth = len(entries[start].path)
        # Entries are in document order, so a subtree is the run of deeper
        # paths right after its root.
        end = start + 1
        while end < total and len(entries[end].path) > depth:
            end += 1
        dead[start:end] = b"\x01" * (end - start)
    return [e for e, d in zip(entries, dead, strict=True) if not d]
