"""The secret scan: one pass over everything zotlint loaded, whose result the ZOT3xx rules
share as `ctx.secrets` (`scan_project`, the package's entry point, called by zotlint.facts).

Per file: the structural walk over its parsed documents (zotlint.secrets.walker), the chart's
default htpasswd for zot values, then the text pass (zotlint.secrets.textpass); one detection
per secret (zotlint.secrets.spans), each with a secret-free identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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


def scan_project(project: Loaded, files: Sequence[LoadedFile] | None = None) -> SecretScan:
    """Every committed secret in the loaded files; with ``files`` (some of the project's, in
    its order), in those only: a part of the scan, another process doing the rest
    (zotlint.scanaside)."""
    hosts = {(id(d.parent), d.host_path) for d in project.documents() if d.parent is not None}
    # Top-level zot values documents by folder: chart_default_merged compares a document with
    # the others of its folder only (all of them for each one was quadratic).
    values_by_folder: dict[str, list[Document]] = {}
    for d in project.documents(Kind.ZOT_VALUES):
        if d.parent is None:
            values_by_folder.setdefault(d.source.rel.rpartition("/")[0], []).append(d)
    found: list[Detection] = []
    kv_cache: dict[str, LineMatches] = {}
    for lf in project.files if files is None else files:
        if not lf.source.text or lf.secrets_clean:
            continue  # binary, undecodable, too large or unreadable; or nothing found there
        scan = FileScan(lf, hosts, kv_cache)
        walking = bool(lf.documents) and may_hold_secrets(lf.source.text)
        for doc in lf.documents:
            if walking:
                walk(scan, doc)
            if doc.parent is None and doc.is_a(Kind.ZOT_VALUES):
                chart_default_merged(scan, doc, values_by_folder)
        text_pass(scan)
        found.extend(_identify(dedupe(scan.out)))
    return SecretScan(tuple(found))


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
