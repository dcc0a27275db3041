"""The secret scan beside the rest of the run: file by file while the project loads, or in a
forked child while this process builds the model and runs the rules.

After loading, the main process has the model, the rules and reporting to do, and the secret
scan (zotlint.secrets.scan), which reads only the loaded files: at 10,000 zot-heavy files it is
~1.5 s of the ~4 s after loading, on one core while the second one idles. Two ways to take it
off that path:

- With a triage worker (zotlint.runtime.Triage, big repositories), each process scans the
  files it loads as it loads them (`ScanWhileLoading`; zotlint.secrets.scan.scan_file, the
  part of the scan that needs nothing outside the file): the worker sends what it found with
  the file's documents, as a blob of this module, read against the documents the main process
  rebuilt; the two processes meet where their work, the scan included, is even. After loading
  only the part that needs the whole project is left (chart_default_merged's folder peers,
  zotlint.secrets.scan.finish_file), in file order. No copy of anything: the worker scans the
  documents it has just parsed.
- Without one, `ScanAside.start` forks a child once loading is done; the child has every loaded
  document from the fork (copy on write, nothing sent), runs `scan_project` and writes its
  detections back through a pipe as one ``marshal`` blob of plain containers; the ZOT3xx rules,
  which run after the model's rules, read it (`ScanAside.result`).

A detection points at a document by its position in ``project.documents()`` (the same list in
both processes: the child is a copy) or in its file's documents (rebuilt in the same order), or
at the text of a file by the file's position (the scan's text documents, made again here).

Whatever the other process cannot do (a detection this module cannot carry whole, an
exception, a process that died or was killed) leaves the scan, of that file or of all, to this
process: the findings are the same either way. Only where ``os.fork`` exists, with a spare CPU,
and for the child, from enough text to pay for the fork.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import marshal
import pickle
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Ref, text_document
from zotlint.redact import Sensitive
from zotlint.runtime import Forked, resident_bytes
from zotlint.secrets.detection import Detection, DetectionKind, SecretScan
from zotlint.source.text import SourceFile, Span
from zotlint.source.wire import PARENT, pack, unpack

if TYPE_CHECKING:
    from zotlint.facts import Facts
    from zotlint.project import Project
    from zotlint.secrets.context import LineMatches
    from zotlint.secrets.scan import FileFound
    from zotlint.source.loader import Answer, LoadedFile

# Scanning while loading costs this process half the scan (the two processes share it); the
# child after loading costs it only the fork and reading the blob, while it builds the model and
# runs the rules, as long as the child's copy of what it walks fits beside this process
# (TREE_BUDGET below): this process's resident memory after loading grew ~11-14 MB per 1,000
# files (2,000 files: 54-63 MB; 10,000: 146-172 MB), and the whole scan fits in the child up to
# ~112 MB, ~5,500-7,000 files; beyond, it takes only a part and this process scans the rest
# after loading, alone. From this many files, the scan is done while loading instead.
WHILE_LOADING_MIN_FILES = 5000

# The scan costs ~1 s a MB of text it reads (zot-heavy 2,000 files: 0.5 s); a fork, its page
# faults and reading the blob back cost a few hundredths of a second: below this much text to
# scan, the scan stays here.
MIN_CHARS = 512 * 1024

# The child shares this process's memory until either writes a page; walking the documents
# writes the pages it reads (reference counts): scanning everything, the child copied 53-71 %
# of this process's resident memory at the fork (a 2,000-file zot-heavy repository: 33 of
# 63 MB; 16,000 Secrets in one file: 52 of 72 MB; 10,000 files: 94 of 146 MB, 116 of 172 MB),
# while this process grew by 13-27 % (model, rules) before reading the scan. The two together
# stay within the 250 MB a run may take (bench/README.md), with a margin: the child scans the
# share of the files (by text) whose copy fits, this process the rest. With 240 MB here the
# 10,000-file zot-heavy repository peaked at 234-247 MB (Pss over the tree; 219-227 without
# the child): too near; at 230 MB it gets no child, the default mix's 10,000 files about a
# third of the scan.
TREE_BUDGET = 230 * 1024 * 1024
_GROWTH = 1.3  # this process's resident memory when it reads the scan, per byte at the fork
_COPY = 0.75  # the child's copy for the whole scan, per byte of this process at the fork
_MIN_SHARE = 0.1  # below this share of the scan, no child

# Every field of Detection and of Ref, each carried below. A field added to either and not here
# turns the child off (``COMPLETE``) until this module carries it too.
_DETECTION = (
    "kind",
    "ref",
    "label",
    "secret",
    "scrub",
    "detail",
    "claims",
    "text_pass",
    "extra",
    "identity",
)
_REF = ("doc", "path", "part", "fixed", "_span")
COMPLETE = (
    tuple(f.name for f in dataclasses.fields(Detection)) == _DETECTION
    and tuple(f.name for f in dataclasses.fields(Ref)) == _REF
)
_KINDS = {k.value: k for k in DetectionKind}


def _texts(project: Project) -> list[int]:
    """Per file, the characters the scan reads."""
    return [
        len(lf.source.text) if lf.source.text and not lf.secrets_clean else 0
        for lf in project.files
    ]


def child_files(project: Project, resident: int) -> int:
    """How many of the project's files, from the first, the child scans: all when its copy
    fits beside this process (``resident`` bytes now), fewer when it would not, none when there
    is too little text or room."""
    texts = _texts(project)
    total = sum(texts)
    if total < MIN_CHARS:
        return 0
    share = (TREE_BUDGET - _GROWTH * resident) / (_COPY * resident) if resident > 0 else 1.0
    if share >= 1:
        return len(texts)
    if share < _MIN_SHARE:
        return 0
    chars, want = 0, share * total
    for i, n in enumerate(texts):
        chars += n
        if chars > want:
            return i
    return len(texts)


class ScanWhileLoading:
    """The secret scan of each file done as it is loaded, here or in the triage worker
    (``check``, given to it as zotlint.source.loader.SecretsCheck); ``result`` ends the scan
    once the project is loaded."""

    @classmethod
    def wanted(cls, files: int) -> ScanWhileLoading | None:
        """The scan while loading ``files`` candidates with a triage worker, from
        WHILE_LOADING_MIN_FILES; below, the child after loading (``ScanAside``) costs this
        process less, and its copy fits beside it."""
        return cls() if files >= WHILE_LOADING_MIN_FILES else None

    def __init__(self) -> None:
        # What each file held, by id of its LoadedFile (the files live as long as the run).
        self._found: dict[int, FileFound] = {}
        self._kv_cache: dict[str, LineMatches] = {}

    @staticmethod
    def check(lf: LoadedFile) -> tuple[bool, bytes | None]:
        """In the triage worker: scan ``lf``, just loaded there; for a file not parsed, whether
        it holds anything (not: the main process never scans it)."""
        from zotlint.secrets.scan import scan_file

        found = scan_file(lf, _WORKER_KV_CACHE)
        if not lf.parsed and not found.detections:
            return False, None
        blob = marshal.dumps((found.cuts, _dumps(lf.documents, [lf], found.detections)))
        return True, blob

    def add(self, lf: LoadedFile, answer: Answer | None) -> None:
        """``lf`` is loaded (``answer``: the triage worker's, if it answered for it): take what
        the worker found there, or scan it here."""
        if not lf.source.text or lf.secrets_clean:
            return  # scan_project skips it
        from zotlint.secrets.scan import FileFound, scan_file

        blob = None if answer is None else answer[5]
        if blob is not None:
            try:
                cuts, dets = marshal.loads(blob)
                # One count per document, as finish_file reads them: else scanned here.
                if cuts is None or len(cuts) == len(lf.documents):
                    self._found[id(lf)] = FileFound(_loads(lf.documents, [lf], dets), cuts)
                    return
            except Exception:  # scanned here instead
                pass
        # A failure leaves the file to scan_project after loading, which fails as it would have.
        with contextlib.suppress(Exception):
            self._found[id(lf)] = scan_file(lf, self._kv_cache)

    def result(self, project: Project) -> Callable[[], SecretScan]:
        """The scan of ``project`` (zotlint.facts.Facts.secrets_from): only what needs the whole
        project is left to do."""

        def scan() -> SecretScan:
            from zotlint.secrets.scan import scan_project

            found, self._found = self._found, {}
            return scan_project(project, found=found)

        return scan


_WORKER_KV_CACHE: dict[str, LineMatches] = {}


class ScanAside:
    """A forked child scanning the loaded project for secrets; ``result()`` once, then done."""

    def __init__(self, child: Forked, project: Project, upto: int) -> None:
        self._child = child
        self._project = project
        self._upto = upto  # the child scans files[:upto], this process the rest

    @classmethod
    def beside(cls, facts: Facts) -> ScanAside | None:
        """A child scanning ``facts.project`` for ``facts.secrets`` to read, when there is
        enough text to scan (None: the scan stays in this process)."""
        if sum(_texts(facts.project)) < MIN_CHARS:
            return None
        upto = child_files(facts.project, resident_bytes())
        if upto <= 0:
            return None
        aside = cls.start(facts.project, upto)
        if aside is not None:
            facts.secrets_from = aside.result
        return aside

    @classmethod
    def start(cls, project: Project, upto: int | None = None) -> ScanAside | None:
        """Fork the child for the first ``upto`` files (all by default; None where no child
        can be started)."""
        if not COMPLETE:
            return None
        files = project.files
        upto = len(files) if upto is None else upto

        def scan() -> bytes:
            from zotlint.secrets.scan import scan_project

            return dumps(project, scan_project(project, files[:upto]).detections)

        child = Forked.start(scan)
        return None if child is None else cls(child, project, upto)

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def result(self) -> SecretScan | None:
        """The child's scan, or None (the caller scans itself) when it did not give one."""
        collecting = gc.isenabled()
        try:
            blob = self._child.receive()
            if blob is None:
                return None
            # Tens of thousands of long-lived objects and no cycle: the collector's passes
            # over them while they are made were most of the decoding (16,000 Secrets in one
            # file: 0.47 s with, 0.10 s without, in a script at the default thresholds).
            gc.disable()
            found = loads(self._project, blob)
        except Exception:
            return None
        finally:
            if collecting:
                gc.enable()
            self.close()
        rest = self._project.files[self._upto :]
        if rest:  # the files whose copy would not have fitted in the child: scanned here
            from zotlint.secrets.scan import scan_project

            found += scan_project(self._project, rest).detections
        return SecretScan(found)

    def close(self) -> None:
        """End the child (killed if still scanning: nobody asked for its scan) and reap it."""
        self._child.close()


def _span(span: Span | None) -> tuple[int, int] | None:
    return None if span is None else (span.start, span.end)


def _sensitive(s: Sensitive) -> tuple[str, str]:
    return (s.reveal(), s.kind)


def dumps(project: Project, detections: Sequence[Detection]) -> bytes:
    """The detections as one blob; raises when one cannot cross whole."""
    return _dumps(project.documents(), project.files, detections)


def _dumps(
    docs: Sequence[Document], files: Sequence[LoadedFile], detections: Sequence[Detection]
) -> bytes:
    places = _Places(docs, files)
    out: list[tuple[Any, ...]] = []
    for d in detections:
        ref = d.ref
        out.append(
            (
                d.kind.value,
                places.of(ref.doc),
                ref.path,
                ref.part,
                _span(ref.fixed),
                _span(ref._span),
                d.label,
                None if d.secret is None else _sensitive(d.secret),
                tuple(_sensitive(s) for s in d.scrub),
                d.detail,
                tuple(_span(c) for c in d.claims),
                d.text_pass,
                d.identity,
            )
        )
    return marshal.dumps((out, places.made, _extras([d.extra for d in detections])))


class _Places:
    """Where a detection's document is, as the main process can find it: its position in
    ``docs`` (``project.documents()``, or one file's documents); ("text", file) for a file's
    text (FileScan.text_doc), by its position in ``files``; ("made", n)
    for a document the scan parsed itself (a credentials file in a Secret's string), carried
    whole (zotlint.source.wire.pack) in ``made``, each after its parent."""

    def __init__(self, docs: Sequence[Document], files: Sequence[LoadedFile]) -> None:
        self._docs: dict[int, Any] = {id(d): i for i, d in enumerate(docs)}
        self._files = {id(lf.source): i for i, lf in enumerate(files)}
        self.made: list[tuple[int, tuple[Any, ...]]] = []

    def of(self, doc: Document) -> Any:
        at = self._docs.get(id(doc))
        if at is not None:
            return at
        file = self._files[id(doc.source)]  # KeyError: not a file of the project
        if doc.parent is None:
            if not _is_text_document(doc):
                raise ValueError("a detection on a document the project does not hold")
            at = ("text", file)
        else:
            self.made.append((file, pack(doc, self.of(doc.parent))))
            at = ("made", len(self.made) - 1)
        self._docs[id(doc)] = at
        return at


def _extras(extras: list[dict[str, Any]]) -> tuple[bool, Any]:
    """The detections' ``extra`` words for the message: plain containers as they are, else
    (an htpasswd entry's hash format is a small record) pickled, never with a document, a
    file or a secret in them (those refuse: the scan then stays in the main process)."""
    try:
        marshal.dumps(extras)
        return False, extras
    except ValueError:
        buf = io.BytesIO()
        _ExtraPickler(buf).dump(extras)
        return True, buf.getvalue()


class _ExtraPickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> None:
        if isinstance(obj, Document | Ref | SourceFile | Sensitive):
            raise pickle.PicklingError("a detection's extra holds a document or a secret")
        return None


def _is_text_document(doc: Document) -> bool:
    """Whether ``doc`` is what text_document(doc.source) makes (then it can be made again)."""
    return (
        doc.syntax == "text"
        and doc.data is None
        and doc.parent is None
        and doc.index.get(()) == (-1, -1, 0, len(doc.source.text))
    )


def loads(project: Project, blob: bytes | bytearray) -> tuple[Detection, ...]:
    """The detections of a blob, pointing at this process's documents."""
    return tuple(_loads(project.documents(), project.files, blob))


def _loads(
    docs: Sequence[Document], files: Sequence[LoadedFile], blob: bytes | bytearray
) -> list[Detection]:
    records, made, (pickled, extras) = marshal.loads(blob)
    if pickled:
        extras = pickle.loads(extras)  # written by the child of this run, never read from a file
    # One document per text and per made document, as in the child.
    rebuilt: dict[tuple[str, int], Document] = {}

    def doc_at(at: Any) -> Document:
        if isinstance(at, int):
            return docs[at]
        doc = rebuilt.get(at)
        if doc is None:
            what, n = at
            if what == "made":
                file, record = made[n]
                doc = unpack(files[file].source, record, doc_at(record[PARENT]))
            else:
                doc = text_document(files[n].source)
            rebuilt[at] = doc
        return doc

    out: list[Detection] = []
    for extra, (
        kind,
        at,
        path,
        part,
        fixed,
        span,
        label,
        secret,
        scrub,
        detail,
        claims,
        text_pass,
        identity,
    ) in zip(extras, records, strict=True):
        doc = docs[at] if isinstance(at, int) else doc_at(tuple(at))
        ref = Ref(doc, path, part, None if fixed is None else Span(*fixed))
        if span is not None:
            ref._span = Span(*span)
        out.append(
            Detection(
                _KINDS[kind],
                ref,
                label,
                None if secret is None else Sensitive(*secret),
                tuple(Sensitive(*s) for s in scrub),
                detail,
                tuple(Span(*c) for c in claims),
                text_pass,
                extra,
                identity,
            )
        )
    return out
