"""``json.dumps(doc, indent=2, ensure_ascii=False)``, byte for byte, in a third of the time.

With ``indent`` set, the standard library encodes in pure Python, one generator step per
value: 16,000 findings took most of a second. Here each container is one ``join`` and each
string goes through the C string encoder. Anything outside plain JSON data (a key that is not
a string, an object the encoder would reject, nesting deeper than any report) is left to
``json.dumps`` itself, so its answers and errors stay the standard library's.

A reporter that knows the shape of a large part of its document (the JSON reporter's findings)
can hand it in as `Encoded`: its own text at the indentation it is given, and the plain data
it stands for, which is what the standard library's path encodes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring

# Deeper than any report zotlint writes; json.dumps takes over (and raises as it would).
_DEPTH = 64


class _NotPlain(Exception):
    pass


class Encoded:
    """A value its owner encodes: ``text(newline)`` must be exactly what ``json.dumps`` with
    ``indent=2`` writes for ``value()`` on a line that starts with ``newline`` (a line break
    and the value's indentation). The owner's tests prove that equality."""

    __slots__ = ("text", "value")

    def __init__(self, text: Callable[[str], str], value: Callable[[], object]) -> None:
        self.text = text
        self.value = value


def dumps_indented(doc: object) -> str:
    """``doc`` as ``json.dumps(doc, indent=2, ensure_ascii=False)`` writes it."""
    try:
        return _encode(doc, "\n", 0)
    except _NotPlain:
        return json.dumps(doc, indent=2, ensure_ascii=False, default=_plain)


def value_text(o: object, newline: str) -> str:
    """``o``'s text on a line that starts with ``newline``, for `Encoded` owners that write
    part of a value themselves (only inside `dumps_indented`, which handles what is not plain
    JSON data)."""
    return _encode(o, newline, 1)


def _plain(o: object) -> object:
    if isinstance(o, Encoded):
        return o.value()
    # The standard library's own words for an object it cannot encode.
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _encode(o: object, newline: str, depth: int) -> str:
    # The order of json.encoder's checks: str before int, bool before int.
    if isinstance(o, str):
        return encode_basestring(o)
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
        body = ("," + inner).join([_value(v, inner, depth) for v in o])
        return f"[{inner}{body}{newline}]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = newline + "  "
        items = []
        for k, v in o.items():
            if type(k) is not str:
                raise _NotPlain  # json.dumps converts or rejects it: its own rules
            items.append(f"{encode_basestring(k)}: {_value(v, inner, depth)}")
        return f"{{{inner}{(',' + inner).join(items)}{newline}}}"
    if isinstance(o, Encoded):
        return o.text(newline)
    raise _NotPlain


def _value(v: object, inner: str, depth: int) -> str:
    # The common leaves without a call to _encode.
    t = type(v)
    if t is str:
        return encode_basestring(v)
    if t is int:
        return int.__repr__(v)
    if v is None:
        return "null"
    return _encode(v, inner, depth + 1)


def _float(o: float) -> str:
    if o != o or o in (float("inf"), float("-inf")):
        raise _NotPlain  # NaN and infinities: json.dumps's spelling
    return float.__repr__(o)
