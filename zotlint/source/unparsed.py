"""A worker process that triages the files ahead of the main one, on big repositories.

Most files of a GitOps repository are other applications' values: zotlint builds no data for
them, but still reads each one, decides not to parse it (the keyword pre-filter), syntax-checks
it (ZOT001) and looks for committed secrets in its text. That is half of loading a 10,000-file
repository and needs nothing from the rest of the run. So a forked worker (no program is
executed) reads the candidates in order, 200 at a time, and answers for each file whether to
parse it and, when not, its syntax errors and whether the secrets text pass finds anything,
while the main process parses the files it is told to and runs the rules.

Answers cross the pipe as offsets, messages and booleans: secrets are never sent; the main
process makes the detections itself, for the few files the worker named. An answer counts only
for the bytes it was given (length and CRC-32 match the main process's own read), and a file the
worker could not answer for is handled by the main process as without a worker, so the output
is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from zotlint.classify import wants_parse
from zotlint.source import yamlsrc
from zotlint.source.loader import PARSED_SUFFIXES, YAML_SUFFIXES, Verdict, decode, read_bytes
from zotlint.source.problems import Limits
from zotlint.source.text import SourceFile

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from zotlint.files import Candidate


def parses_at_load(rel: str, raw: bytes, limits: Limits | None = None) -> bool:
    """Whether the loader parses these bytes of a discovered file (no worker verdict, not
    forced): the decision the worker makes, without parsing. For bench/run.py's "files parsed"
    figure."""
    size_limit = (limits or Limits()).max_file_size
    return len(raw) <= size_limit and rel.lower().endswith(PARSED_SUFFIXES) and wants_parse(raw)


# A worker pays for itself from about this many files (the fork, a round trip per 200 files):
# below, and on one CPU, everything runs in this process.
PARALLEL_MIN_FILES = 1000

Errors = list[tuple[int, str]]


def _syntax(text: str, limits: Limits) -> Errors:
    return [(e.offset, e.message) for e in yamlsrc.syntax_errors(text, limits)]


# The run a forked worker triages: set before the fork, so the child has the candidates without
# anything being sent, and cleared after.
_JOB: tuple[Sequence[Candidate], Sequence[bool], Limits] | None = None
_TRIAGE_CHUNK = 200  # files per task


def _triage(start: int, end: int) -> list[Verdict | None]:
    """In the worker: read candidates[start:end] and answer for each what load() would find
    out before parsing (None: let the main process do it all, e.g. an unreadable file)."""
    assert _JOB is not None
    candidates, forced, limits = _JOB
    out: list[Verdict | None] = []
    for i in range(start, end):
        c = candidates[i]
        try:
            raw = read_bytes(c.path, limits.max_file_size + 1, c.identity)
        except OSError:
            out.append(None)
            continue
        src, problem = decode(c.rel, raw) if len(raw) <= limits.max_file_size else (None, None)
        if src is None or problem is not None:
            out.append(None)
            continue
        lower = c.rel.lower()
        parse = lower.endswith(PARSED_SUFFIXES) and (forced[i] or wants_parse(raw))
        if parse:
            out.append((len(raw), zlib.crc32(raw), True, [], True))
            continue
        errors = _syntax(src.text, limits) if lower.endswith(YAML_SUFFIXES) else []
        out.append((len(raw), zlib.crc32(raw), False, errors, _secrets_found(src)))
    return out


def _secrets_found(src: SourceFile) -> bool:
    from zotlint.secrets.scan import text_pass_finds

    return bool(src.text) and text_pass_finds(src)


class Triage:
    """A worker that reads every candidate ahead of the main process and answers, file by file,
    whether to parse it and, when not, its syntax errors and whether it may hold a secret
    (``get(i)``, in order). A chunk the worker has not answered when the main process reaches
    it, and every file without a worker or after it failed, gets None: the main process does
    it all itself, and the output is the same."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        forced: Sequence[bool],
        limits: Limits,
        workers: int,
    ) -> None:
        global _JOB
        self._futures: list[Future[list[Verdict | None]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._chunk: list[Verdict | None] = []
        self._chunk_index = -1
        if workers <= 0:
            return
        import multiprocessing  # only here: a small repository never pays for them
        from concurrent.futures import ProcessPoolExecutor

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        _JOB = (candidates, forced, limits)
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("fork")
            )
            for start in range(0, len(candidates), _TRIAGE_CHUNK):
                end = min(start + _TRIAGE_CHUNK, len(candidates))
                self._futures.append(self._pool.submit(_triage, start, end))
        except Exception:  # a pool that cannot start: everything here
            self.close()
        finally:
            _JOB = None  # the worker has its copy; no second run may see this one

    def get(self, i: int) -> Verdict | None:
        chunk, offset = divmod(i, _TRIAGE_CHUNK)
        if chunk >= len(self._futures):
            return None
        if chunk != self._chunk_index:
            self._chunk_index, self._chunk = chunk, []
            future = self._futures[chunk]
            # Not waited for: when the worker is behind, this process takes the chunk itself
            # (and the worker skips it if it has not started it), so neither side idles.
            if future.done() or not future.cancel():
                with contextlib.suppress(Exception):  # a worker that died: answered here
                    self._chunk = future.result() if future.done() else []
        return self._chunk[offset] if offset < len(self._chunk) else None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def default_workers(files: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if files >= PARALLEL_MIN_FILES and (cpus or 1) > 1 else 0
