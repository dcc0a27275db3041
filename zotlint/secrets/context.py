"""What every detector of one file shares: the file, where detections go, and how a detection
is recorded (its value and the value as written, both `Sensitive`)."""

from __future__ import annotations

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

    @property
    def text_doc(self) -> Document:
        """The file as one text document, made on first use: most files have nothing to
        point at outside their parsed documents."""
        if self._text_doc is None:
            self._text_doc = text_document(self.src)
        return self._text_doc

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
