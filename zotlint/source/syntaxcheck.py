"""ZOT001 for the YAML files nobody parses, in a second process on big repositories.

Most files of a GitOps repository are other applications' values: zotlint builds no data for
them, but still reports a syntax error in any of them. libyaml checks them at C speed, yet that
is a quarter of a 10,000-file run, and it needs nothing from the rest of the run: the texts go
to one worker process while this one parses the files zotlint models and runs the rules. The
worker is forked (no new program runs) and gets the texts through a pipe, so it opens no file.
Results are merged by file, so the output is the same with or without it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from zotlint.source import yamlsrc
from zotlint.source.loader import LoadedFile, add_syntax_errors
from zotlint.source.problems import Limits

# A worker pays for itself from about this many files (fork, pickling the texts): below, and
# on one CPU, the check runs in this process.
PARALLEL_MIN_FILES = 1000
_CHUNK_CHARS = 1 << 21  # texts sent per task: few round trips, yet work starts early

Errors = list[tuple[int, str]]


def _check(texts: list[str], limits: Limits) -> list[Errors]:
    return [[(e.offset, e.message) for e in yamlsrc.syntax_errors(t, limits)] for t in texts]


def default_workers(files: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if files >= PARALLEL_MIN_FILES and (cpus or 1) > 1 else 0


class SyntaxChecker:
    """Give it every file the loader left for a syntax check (``LoadedFile.syntax_pending``);
    ``finish()`` adds the ZOT001 problems to them. ``workers`` 0 checks in this process."""

    def __init__(self, limits: Limits, workers: int) -> None:
        self.limits = limits
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("fork")
            )
        self._batch: list[LoadedFile] = []
        self._chars = 0
        self._sent: list[tuple[list[LoadedFile], Future[list[Errors]] | None]] = []

    def add(self, lf: LoadedFile) -> None:
        if self._pool is None:
            self._apply([lf], _check([lf.source.text], self.limits))
            return
        self._batch.append(lf)
        self._chars += len(lf.source.text)
        if self._chars >= _CHUNK_CHARS:
            self._send()

    def _send(self) -> None:
        batch, self._batch, self._chars = self._batch, [], 0
        if not batch:
            return
        future: Future[list[Errors]] | None = None
        if self._pool is not None:
            try:
                future = self._pool.submit(_check, [lf.source.text for lf in batch], self.limits)
            except Exception:  # a pool that cannot start: check here instead
                self._close()
        self._sent.append((batch, future))

    def finish(self) -> None:
        self._send()
        try:
            for batch, future in self._sent:
                results = None
                if future is not None:
                    with contextlib.suppress(Exception):  # a worker that died: check here
                        results = future.result()
                if results is None:
                    results = _check([lf.source.text for lf in batch], self.limits)
                self._apply(batch, results)
        finally:
            self._sent.clear()
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @staticmethod
    def _apply(batch: list[LoadedFile], results: list[Errors]) -> None:
        for lf, errors in zip(batch, results, strict=True):
            lf.syntax_pending = False
            add_syntax_errors(lf, errors)
