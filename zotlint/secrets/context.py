"""What every detector of one file shares: the file, where detections go, and how a detection
is recorded (its value and the value as written, both `Sensitive`)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Path, Ref, text_document
from zotlint.redact import Sensitive
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.source.text import SourceFile, Span

if TYPE_CHECKING:
    from zotlint.source.loader import LoadedFile

# `key: value` matches by line text, relative to the line (zotlint.secrets.detectors.pairs):
# repositories repeat lines, so a line is matched once per scan.
LineMatches = tuple[tuple[str, int, int], ...]


# Up to this many characters, commented() searches the text; beyond, it indexes it once.
_SHORT_TEXT = 1 << 16
_BREAK = re.compile(r"\n|\\n")


def _breaks_and_hashes(text: str) -> tuple[list[int], list[int], list[int]]:
    """Every line break of ``text`` (a newline, or an escaped `\\n`) as the offset a line
    after it may start an entry from (its end), with the break's first character's offset,
    both in order; and the offset of every `#`. No two breaks end at one offset (a newline
    is not a backslash), so the last break ending at or before an offset is the nearest."""
    ends: list[int] = []
    before: list[int] = []
    for m in _BREAK.finditer(text):
        ends.append(m.end())
        before.append(m.start())
    hashes: list[int] = []
    i = text.find("#")
    while i >= 0:
        hashes.append(i)
        i = text.find("#", i + 1)
    return ends, before, hashes


class FileScan:
    """One file being scanned: ``out`` collects its detections."""

    def __init__(
        self,
        lf: LoadedFile,
        hosts: set[tuple[int, Path]],
        kv_cache: dict[str, LineMatches] | None = None,
    ) -> None:
        self.lf = lf
        self.src: SourceFile = lf.source
        self.hosts = hosts  # (id(document), path) of strings the loader parsed as documents
        self.out: list[Detection] = []
        self.kv_cache = kv_cache  # shared by the files of one scan
        self._text_doc: Document | None = None
        self._breaks: tuple[list[int], list[int], list[int]] | None = None  # see commented()

    @property
    def text_doc(self) -> Document:
        """The file as one text document, made on first use: most files have nothing to
        point at outside their parsed documents."""
        if self._text_doc is None:
            self._text_doc = text_document(self.src)
        return self._text_doc

    def commented(self, start: int) -> bool:
        """Whether a `#` comes before ``start`` on its line, a line starting after a line break
        or after an escaped `\\n` (a string spelling a file): the entry there is commented out."""
        text = self.src.text
        if len(text) <= _SHORT_TEXT:
            # The previous break, then an escaped one only on that line: a search for `\\n`
            # from the file's start went back to its first character for every entry, which
            # made a file of many htpasswd entries quadratic (20,000 lines: 13 s).
            nl = text.rfind("\n", 0, start)
            esc = text.rfind("\\n", nl + 1, start)
            return "#" in text[max(nl, esc) + 1 : start]
        # A long file (or one long line) is indexed once: its breaks and its `#`s.
        if self._breaks is None:
            self._breaks = _breaks_and_hashes(text)
        ends, before, hashes = self._breaks
        at = bisect.bisect_right(ends, start) - 1
        line_start = before[at] + 1 if at >= 0 else 0
        i = bisect.bisect_left(hashes, line_start)
        return i < len(hashes) and hashes[i] < start

    def raw(self, span: Span) -> str:
        return self.src.text[span.start : span.end]

    def sensitive(self, value: str, label: str, span: Span | None = None) -> tuple[Sensitive, ...]:
        """The value, plus its form as written (quotes, escapes) when that differs."""
        out = [Sensitive(value, label)]
        if span is not None:
            raw = self.raw(span).strip().strip("\"'")
            if raw and raw != value and len(raw) <= 4 * len(value) + 8:
                out.append(Sensitive(raw, label))
        return tuple(out)

    def add(
        self,
        kind: DetectionKind,
        doc: Document,
        path: Path,
        label: str,
        value: str,
        detail: str = "",
        **extra: Any,
    ) -> None:
        """A secret at ``path`` of ``doc``: the value and its spelling in the file."""
        ref = doc.ref(path)
        secret, *scrub = self.sensitive(value, label, ref.span())
        self.out.append(Detection(kind, ref, label, secret, tuple(scrub), detail, extra=extra))

    def text_ref(self, start: int, end: int) -> Ref:
        """A place in the file's text, outside any parsed value (text pass, comments)."""
        return self.text_doc.ref_span((), Span(start, end))
