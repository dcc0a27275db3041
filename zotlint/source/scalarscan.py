"""What every scalar style's offset map shares: line breaks as YAML reads them, and a builder that
checks the map against the parser's value as it grows (see zotlint.source.scalarmap)."""

from __future__ import annotations

import re

# ruamel.yaml and libyaml both treat NEL, LS and PS as line breaks, in YAML 1.2
# documents too, so the map must as well or offsets drift after them.
BREAKS = "\r\n\x85\u2028\u2029"
BLANKS = " \t"

LINE_END = re.compile("[\r\n\x85\u2028\u2029]")


class Mismatch(Exception):
    """The re-scan disagrees with the parser's value; no exact map exists."""


class Builder:
    """Accumulates the offset map while checking it against the expected value."""

    __slots__ = ("host", "m", "tail", "v", "value")

    def __init__(self, host: str, value: str, tail: int) -> None:
        self.host = host
        self.value = value
        self.m: list[int] = []
        self.v = 0  # next value index to produce
        # End of the source of the last produced character; where an empty
        # value "is".
        self.tail = tail

    def copy(self, p: int, q: int) -> None:
        """Value continues with host[p:q] verbatim."""
        if q <= p:
            return
        if not self.value.startswith(self.host[p:q], self.v):
            raise Mismatch
        self.m.extend(range(p, q))
        self.v += q - p
        self.tail = q

    def put(self, ch: str, src: int, src_end: int) -> None:
        """Value continues with ``ch``, produced from host[src:src_end]."""
        v = self.v
        if v >= len(self.value) or self.value[v] != ch:
            raise Mismatch
        self.m.append(src)
        self.v = v + 1
        self.tail = src_end

    def finish(self) -> list[int]:
        if self.v != len(self.value):
            raise Mismatch
        self.m.append(self.tail)
        return self.m


def break_at(host: str, p: int) -> tuple[str, int]:
    """The value character a line break at ``p`` becomes, and its end offset."""
    c = host[p]
    if c == "\r" and host.startswith("\n", p + 1):
        return "\n", p + 2
    if c in "\r\n\x85":
        return "\n", p + 1
    return c, p + 1  # LS and PS are kept as they are
