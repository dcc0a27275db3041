"""A source file's text and the offset -> line/column arithmetic every location goes through."""

from __future__ import annotations

import bisect
import re
from dataclasses import field

from zotlint.records import dataclass

_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(slots=True)
class SourceFile:
    """One file as read from disk: POSIX path relative to the scan root and its decoded text.

    Every span in zotlint is a pair of character offsets into ``text``; lines and columns are
    computed only when a finding is printed, so parsing never pays for them.
    """

    rel: str
    text: str
    had_bom: bool = False
    _starts: list[int] | None = field(default=None, repr=False)

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        offset = max(0, min(offset, len(self.text)))
        text = self.text
        if 0 < offset < len(text) and text[offset] == "\n" and text[offset - 1] == "\r":
            # The LF of a CRLF pair ends the line with its CR: one column past the last
            # character, as with LF alone, not two (which no editor can show).
            offset -= 1
        starts = self._line_starts()
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def offset(self, line: int, column: int = 1) -> int:
        starts = self._line_starts()
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + column - 1, len(self.text))

    def line_count(self) -> int:
        return len(self._line_starts())

    def line_text(self, line: int) -> str:
        starts = self._line_starts()
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets [start, end) in one source file."""

    start: int
    end: int


def trim_span(text: str, start: int, end: int) -> Span:
    """Shrink a span to its last non-blank character.

    Block scalars end where the next token starts (often the next line); a person edits the
    characters, not the trailing newline.
    """
    end = min(end, len(text))
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return Span(start, max(end, start))
