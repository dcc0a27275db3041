"""``json.dumps(doc, indent=2, ensure_ascii=False)``, byte for byte, in a third of the time.

With ``indent`` set, the standard library encodes in pure Python, one generator step per
value: 16,000 findings took most of a second. Here each container is one ``join`` and each
string goes through the C string encoder. Anything outside plain JSON data (a key that is not
a string, an object the encoder would reject, nesting deeper than any report) is left to
``json.dumps`` itself, so its answers and errors stay the standard library's.

A reporter that knows the shape of a large part of its document (the JSON reporter's findings)
can hand it in as `Encoded`: its own text at the indentation it is given, and the plain data
it stands for, which is what the standard library's path encodes.

`document_text` is the same text with what a terminal or a log viewer would act on (DEL, C1
controls, U+2028/9, bidi controls, lone surrogates: JSON writes them raw) written as `\\uXXXX`
inside each string (`json_string`), where escaping the finished document scanned every
character of it (16 MB of SARIF, mostly indentation, for 16,000 findings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.encoder import encode_basestring

from zotlint.lazyregex import lazy_compile

# Deeper than any report zotlint writes; json.dumps takes over (and raises as it would).
_DEPTH = 64


class _NotPlain(Exception):
    pass


# What zotlint.escape.terminal escapes that JSON writes raw (JSON escapes C0 controls itself).
RAW = lazy_compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def raw_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def json_string(s: str) -> str:
    """``s`` as a JSON string, with RAW's characters written as ``\\uXXXX``: valid JSON either
    way, and a terminal, a log viewer or JavaScript reading the output takes none literally."""
    text = encode_basestring(s)
    if text.isascii() and "\x7f" not in text:
        return text  # the usual string: two C scans, no regex
    if text.isprintable():
        # Every character RAW matches is one str.isprintable() refuses (controls, format
        # characters, separators, surrogates; tests/test_jsontext.py checks every code point):
        # printable text (an em dash in every ZOT303 message) skips the regex.
        return text
    return RAW.sub(raw_escape, text)


class Encoded:
    """A value its owner encodes: ``text(newline)`` must be exactly what ``document_text``
    writes for ``value()`` on a line that starts with ``newline`` (a line break and the value's
    indentation): ``json.dumps`` with ``indent=2``, each string written by `json_string`. The
    owner's tests prove that equality."""

    __slots__ = ("text", "value")

    def __init__(self, text: Callable[[str], str], value: Callable[[], object]) -> None:
        self.text = text
        self.value = value


def dumps_indented(doc: object) -> str:
    """``doc`` as ``json.dumps(doc, indent=2, ensure_ascii=False)`` writes it."""
    return _dumps(doc, encode_basestring)[0]


def document_text(doc: object) -> tuple[str, bool]:
    """``(text, escaped)``: ``doc`` as `dumps_indented` writes it, each string written by
    `json_string` when ``escaped`` (False: ``json.dumps`` wrote it, strings as they are)."""
    return _dumps(doc, json_string)


def _dumps(doc: object, enc: Callable[[str], str]) -> tuple[str, bool]:
    try:
        return _encode(doc, "\n", 0, enc), True
    except _NotPlain:
        return json.dumps(doc, indent=2, ensure_ascii=False, default=_plain), False


def value_text(o: object, newline: str) -> str:
    """``o``'s text on a line that starts with ``newline``, for `Encoded` owners that write
    part of a value themselves (only inside `document_text`, which handles what is not plain
    JSON data)."""
    return _encode(o, newline, 1, json_string)


def _plain(o: object) -> object:
    if isinstance(o, Encoded):
        return o.value()
    # The standard library's own words for an object it cannot encode.
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _encode(o: object, newline: str, depth: int, enc: Callable[[str], str]) -> str:
    # The order of json.encoder's checks: str before int, bool before int.
    if isinstance(o, str):
        return enc(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    if depth >= _DEPTH:
        raise _NotPlain
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        inner = newline + "  "
        body = ("," + inner).join([_value(v, inner, depth, enc) for v in o])
        return f"[{inner}{body}{newline}]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = newline + "  "
        items = []
        for k, v in o.items():
            if type(k) is not str:
                raise _NotPlain  # json.dumps converts or rejects it: its own rules
            items.append(f"{enc(k)}: {_value(v, inner, depth, enc)}")
        return f"{{{inner}{(',' + inner).join(items)}{newline}}}"
    if isinstance(o, Encoded):
        return o.text(newline)
    raise _NotPlain


def _value(v: object, inner: str, depth: int, enc: Callable[[str], str]) -> str:
    # The common leaves without a call to _encode.
    t = type(v)
    if t is str:
        return enc(v)  # type: ignore[arg-type]
    if t is int:
        return int.__repr__(v)  # type: ignore[arg-type]
    if v is None:
        return "null"
    return _encode(v, inner, depth + 1, enc)


def _float(o: float) -> str:
    if o != o or o in (float("inf"), float("-inf")):
        raise _NotPlain  # NaN and infinities: json.dumps's spelling
    return float.__repr__(o)
