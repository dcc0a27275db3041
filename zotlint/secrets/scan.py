"""The secret scan: one pass over everything zotlint loaded, whose result the ZOT3xx rules
share as `ctx.secrets` (`scan_project`, the package's entry point, called by zotlint.facts).

Per file: the structural walk over its parsed documents (zotlint.secrets.walker), the chart's
default htpasswd for zot values, then the text pass (zotlint.secrets.textpass); one detection
per secret (zotlint.secrets.spans), each with a secret-free identity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from zotlint.document import Document, Kind, Path
from zotlint.secrets.context import FileScan, LineMatches
from zotlint.secrets.detection import Detection, SecretScan
from zotlint.secrets.detectors.htpasswd import chart_default_merged
from zotlint.secrets.keys import STEM_WORDS
from zotlint.secrets.spans import dedupe
from zotlint.secrets.textpass import text_pass
from zotlint.secrets.walker import walk
from zotlint.source.loader import LoadedFile
from zotlint.source.text import SourceFile


class Loaded(Protocol):
    """What the scan reads of the loaded project: its files, and its documents by kind."""

    @property
    def files(self) -> Sequence[LoadedFile]: ...

    def documents(self, *kinds: Kind) -> list[Document]: ...


def scan_project(
    project: Loaded,
    files: Sequence[LoadedFile] | None = None,
    found: Mapping[int, FileFound] | None = None,
) -> SecretScan:
    """Every committed secret in the loaded files; with ``files`` (some of the project's, in
    its order), in those only: a part of the scan, another process doing the rest
    (zotlint.scanaside). ``found``: by ``id`` of a file, what ``scan_file`` found in it while
    it was loaded (in this process or the triage worker's): those files are not walked again."""
    hosts = {(id(d.parent), d.host_path) for d in project.documents() if d.parent is not None}
    # Top-level zot values documents by folder: chart_default_merged compares a document with
    # the others of its folder only (all of them for each one was quadratic).
    values_by_folder: dict[str, list[Document]] = {}
    for d in project.documents(Kind.ZOT_VALUES):
        if d.parent is None:
            values_by_folder.setdefault(d.source.rel.rpartition("/")[0], []).append(d)
    out: list[Detection] = []
    kv_cache: dict[str, LineMatches] = {}
    for lf in project.files if files is None else files:
        if not lf.source.text or lf.secrets_clean:
            continue  # binary, undecodable, too large or unreadable; or nothing found there
        done = None if found is None else found.get(id(lf))
        if done is None:
            done = _scan_file(lf, hosts, kv_cache)
        out.extend(finish_file(lf, done, values_by_folder))
    return SecretScan(tuple(out))


class FileFound(NamedTuple):
    """What the scan finds in one file from the file alone (``scan_file``): the structural
    walk's detections, document by document, then the text pass's. ``cuts``: after each of the
    file's documents, how many detections there were (the place of what only the whole project
    tells, chart_default_merged, in scan_project's order); None when the file has no top-level
    zot values document: the detections are then final (deduplicated and identified)."""

    detections: list[Detection]
    cuts: tuple[int, ...] | None


def scan_file(lf: LoadedFile, kv_cache: dict[str, LineMatches]) -> FileFound:
    """The part of the scan of ``lf`` that needs nothing outside it, for a process that loaded
    the file (the main one or the triage worker, zotlint.engine) to run while the other one
    loads; ``finish_file`` ends it once the project is loaded. ``kv_cache``: a cache shared by
    the files one process scans."""
    hosts = {(id(d.parent), d.host_path) for d in lf.documents if d.parent is not None}
    return _scan_file(lf, hosts, kv_cache)


def _scan_file(
    lf: LoadedFile, hosts: set[tuple[int, Path]], kv_cache: dict[str, LineMatches]
) -> FileFound:
    scan = FileScan(lf, hosts, kv_cache)
    cuts: list[int] = []
    if lf.documents and may_hold_secrets(lf.source.text):
        for doc in lf.documents:
            walk(scan, doc)
            cuts.append(len(scan.out))
    else:
        cuts = [0] * len(lf.documents)
    text_pass(scan)
    if any(d.parent is None and d.is_a(Kind.ZOT_VALUES) for d in lf.documents):
        return FileFound(scan.out, tuple(cuts))
    return FileFound(_identify(dedupe(scan.out)), None)


def finish_file(
    lf: LoadedFile, found: FileFound, values_by_folder: dict[str, list[Document]]
) -> list[Detection]:
    """The detections of ``lf`` from what ``scan_file`` found there and the project's zot
    values documents by folder (chart_default_merged's peers)."""
    if found.cuts is None:
        return found.detections
    dets = found.detections
    scan = FileScan(lf, set())
    at = 0
    for doc, cut in zip(lf.documents, found.cuts, strict=True):
        scan.out.extend(dets[at:cut])
        at = cut
        if doc.parent is None and doc.is_a(Kind.ZOT_VALUES):
            chart_default_merged(scan, doc, values_by_folder)
    scan.out.extend(dets[at:])
    return _identify(dedupe(scan.out))


def may_hold_secrets(text: str) -> bool:
    """The byte pre-check before the structural walk: False when no document of a file with
    this text can hold a key any detector acts on. Exact for ASCII text without a backslash
    (an escape can spell a key the text does not show; a non-ASCII letter can match a stem
    case-insensitively); other text is always walked."""
    if not text.isascii() or "\\" in text:
        return True
    # Every key a detector acts on holds one of these words (keys.credential_key, `htpasswd`,
    # `secretkey`, `hashKey`/`encryptKey`); so does every `kind: Secret` and realm export.
    low = text.lower()
    return any(word in low for word in STEM_WORDS)


def text_pass_finds(source: SourceFile) -> bool:
    """Whether the text pass finds anything in a file nobody parsed: what a worker process
    answers (zotlint.runtime), so that scan_project runs the pass only where it does."""
    scan = FileScan(LoadedFile(source), set(), _WORKER_KV_CACHE)
    text_pass(scan)
    return bool(scan.out)


_WORKER_KV_CACHE: dict[str, LineMatches] = {}


def _identify(dets: list[Detection]) -> list[Detection]:
    """Give each detection of one file its fingerprint identity: what it is (its label, or a
    fixed name), numbered in text order when several share a place. Never derived from the
    secret: SARIF and JSON fingerprints are public, and a hash of a short secret, however slow,
    can be tested against guesses. A baseline adds the value itself through its own salted
    PBKDF2 (zotlint.baseline), only when one is read or written."""
    seen: dict[tuple[int, Path, str], int] = {}
    for d in dets:
        base = str(d.extra.get("identity", d.label))
        at = (id(d.ref.doc), d.ref.path, base)
        n = seen[at] = seen.get(at, 0) + 1
        d.identity = base if n == 1 else f"{base}#{n}"
    return dets
