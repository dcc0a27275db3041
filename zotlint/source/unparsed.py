"""The checks of the files nobody parses, in a second process on big repositories.

Most files of a GitOps repository are other applications' values: zotlint builds no data for
them, but still reports a syntax error in any of them (ZOT001) and a secret committed in any of
them (the text pass of zotlint.secrets.scan). Both run at C or regex speed, yet together they
are a third of a 10,000-file run, and they need nothing from the rest of the run. So the texts
go to one worker process while this one parses the files zotlint models and runs the rules.

The worker is forked (no program is executed) and gets the texts through a pipe, so it opens
no file. It answers with syntax errors (offsets and messages) and, for the secrets, only
whether a file holds anything at all: the detections themselves, secret values included, are
made here, for those few files, so no secret crosses the pipe. Results are merged file by file
and the output is the same with or without the worker.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from zotlint.source import yamlsrc
from zotlint.source.loader import LoadedFile, add_syntax_errors
from zotlint.source.problems import Limits
from zotlint.source.text import SourceFile

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# A worker pays for itself from about this many files (fork, pickling the texts): below, and
# on one CPU, everything runs in this process.
PARALLEL_MIN_FILES = 1000
_CHUNK_CHARS = 1 << 21  # texts sent per task: few round trips, yet work starts early

Errors = list[tuple[int, str]]
Answer = tuple[Errors, bool]  # syntax errors; whether the secrets text pass finds anything


def _syntax(text: str, limits: Limits) -> Errors:
    return [(e.offset, e.message) for e in yamlsrc.syntax_errors(text, limits)]


def _work(files: list[tuple[SourceFile, bool]], limits: Limits) -> list[Answer]:
    """In the worker: each file's syntax errors (when asked) and secrets verdict."""
    from zotlint.secrets.scan import text_pass_finds

    return [
        (_syntax(src.text, limits) if syntax else [], text_pass_finds(src)) for src, syntax in files
    ]


def default_workers(files: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if files >= PARALLEL_MIN_FILES and (cpus or 1) > 1 else 0


class UnparsedChecks:
    """Give it every loaded file that was not parsed and has text; ``finish()`` adds the ZOT001
    problems and marks the files the secrets text pass can skip (``LoadedFile.secrets_clean``).
    With ``workers`` 0 the syntax check runs here at once and the secrets scan is left as is."""

    def __init__(self, limits: Limits, workers: int) -> None:
        self.limits = limits
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # Imported only here: a small repository never pays for them at start-up.
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if "fork" in multiprocessing.get_all_start_methods():
                self._pool = ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("fork")
                )
        self._batch: list[LoadedFile] = []
        self._chars = 0
        self._sent: list[tuple[list[LoadedFile], Future[list[Answer]] | None]] = []

    def add(self, lf: LoadedFile) -> None:
        if self._pool is None:
            if lf.syntax_pending:
                lf.syntax_pending = False
                add_syntax_errors(lf, _syntax(lf.source.text, self.limits))
            return
        self._batch.append(lf)
        self._chars += len(lf.source.text)
        if self._chars >= _CHUNK_CHARS:
            self._send()

    def _send(self) -> None:
        batch, self._batch, self._chars = self._batch, [], 0
        if not batch:
            return
        future: Future[list[Answer]] | None = None
        if self._pool is not None:
            try:
                future = self._pool.submit(
                    _work, [(lf.source, lf.syntax_pending) for lf in batch], self.limits
                )
            except Exception:  # a pool that cannot start: check here instead
                self._close()
        self._sent.append((batch, future))

    def finish(self) -> None:
        self._send()
        try:
            for batch, future in self._sent:
                answers = None
                if future is not None:
                    with contextlib.suppress(Exception):  # a worker that died: check here
                        answers = future.result()
                for i, lf in enumerate(batch):
                    if lf.syntax_pending:
                        errors = answers[i][0] if answers else _syntax(lf.source.text, self.limits)
                        lf.syntax_pending = False
                        add_syntax_errors(lf, errors)
                    lf.secrets_clean = bool(answers) and not answers[i][1]
        finally:
            self._sent.clear()
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
