"""How a run uses the process: the garbage collector, the recursion limit, and a worker process
that triages and parses files ahead of the main one. Nothing here changes a finding, only how
fast and in how much memory a run gets there; the engine (zotlint.engine) wraps its stages
with it.

The worker's per-file answer (zotlint.source.unparsed.triage_file) belongs to loading; the
pool, the fork and the secrets check it is given (injected by the engine, so zotlint.source
imports nothing from zotlint.secrets) are here.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import mmap
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from zotlint.source import wire
from zotlint.source.loader import (
    Answer,
    LoadedFile,
    SecretsCheck,
    Verdict,
    decode,
    load_chunks,
)
from zotlint.source.problems import Limits
from zotlint.source.unparsed import triage_file

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from zotlint.files import Candidate

F = TypeVar("F", bound=Callable[..., Any])

# -- the garbage collector -------------------------------------------------------------------


def gc_frozen_as_loaded(fn: F) -> F:
    """Run ``fn`` with the collector's automatic passes off and what was alive before frozen;
    collection back on when it returns, everything in the oldest generation. A run makes
    millions of long-lived objects and almost no cyclic garbage (≤ 1,616 objects a run on every
    bench repository), yet the automatic passes traversed each new object two or three times
    (0.45 s at zot-heavy 10,000 files). The caller marks stage boundaries instead: settle()
    every SETTLE_EVERY files loaded, settle_if_grown() after each rule. A child forked meanwhile
    collects by itself. Left alone when nested, when the collector is off, or when the caller
    froze objects (unfreezing would release theirs too)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _freezing, _kept
        if _freezing or not gc.isenabled() or gc.get_freeze_count():
            return fn(*args, **kwargs)
        _freezing = True
        _kept = 0
        gc.freeze()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            _freezing = False
            gc.freeze()  # what is new since the last settle() too: no young pass over it
            gc.unfreeze()
            gc.enable()

    return wrapper  # type: ignore[return-value]


_freezing = False
_kept = 0  # objects settle() froze during this run (an estimate: net counts)
SETTLE_EVERY = 200  # files loaded between two settle() calls
_GROWTH = 2  # settle_if_grown() collects after half as many objects as the run froze
_YOUNG_THRESHOLD = 10_000  # allocations between two young collections in a forked child


def _collect_in_child() -> None:
    """A child forked inside gc_frozen_as_loaded calls no settle(): it collects by itself."""
    global _freezing
    if _freezing:
        _freezing = False
        gc.set_threshold(max(gc.get_threshold()[0], _YOUNG_THRESHOLD))  # the others unchanged
        gc.enable()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_collect_in_child)


def settle() -> None:
    """Inside gc_frozen_as_loaded: collect what is new (the rest is frozen), freeze the rest."""
    global _kept
    if _freezing:
        made = gc.get_count()[0]  # objects made since the last collection, net of those freed
        _kept += max(made - gc.collect(), 0)
        gc.freeze()


def settle_if_grown() -> None:
    """settle(), once the objects made since the last one (net of those freed) are half as many
    as the run froze (_kept: gc.get_freeze_count() counts one by one, 0.15 s a call). A stage
    after loading mostly keeps what it makes (model, scan): a pass after each rule found nothing
    and cost 0.15 s at zot-heavy 10,000 files. Garbage stays under half the run's objects."""
    if _freezing and gc.get_count()[0] * _GROWTH > _kept:
        settle()


def allow_depth(max_depth: int) -> None:
    """Documents nest up to max-depth (config allows 900) and the model and some rules recurse
    over them, two or three frames a level with comprehensions: give them the room, so depth
    the loader admitted never ends in RecursionError. Only ever raised; Python 3.11 keeps pure
    Python calls off the C stack, and the C-level recursion left (any(), json) fits easily."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * max_depth + 1000))


# -- the triage worker -----------------------------------------------------------------------

# A worker pays for itself from about this many files (the fork, a round trip per chunk):
# below, and on one CPU, everything runs in this process.
PARALLEL_MIN_FILES = 1000

# The run a forked worker triages: set before the fork, so the child has the candidates (and
# the secrets check) without anything being sent, and cleared after.
_JOB: tuple[Sequence[Candidate], Sequence[bool], Limits, SecretsCheck] | None = None
# Who took each chunk (shared by the two processes, under _CLAIMS_LOCK): nobody yet, this
# process, the worker. Set with _JOB.
_FREE, _MAIN, _WORKER = 0, 1, 2
_CLAIMS: Any = None
_CLAIMS_LOCK: Any = None
# How long either side waits for the claims lock before giving up on the other (a worker killed
# while holding it): this process then does the chunk itself, the worker skips it.
_LOCK_TIMEOUT = 2.0
# Files per task: small enough that the main process seldom waits for the chunk the worker is
# on when the two meet, large enough that the round trip per chunk stays negligible.
_TRIAGE_CHUNK = 50


# A chunk's verdicts from the worker; None when this process had taken the chunk.
_Chunk = list[Verdict | None] | None


def _triage(chunk: int, start: int, end: int) -> _Chunk:
    """In the worker: answer for candidates[start:end] (zotlint.source.unparsed), unless the
    main process took the chunk first (None)."""
    assert _JOB is not None
    if not _claim(_CLAIMS, _CLAIMS_LOCK, chunk, _WORKER):
        return None
    candidates, forced, limits, secrets = _JOB
    return [triage_file(candidates[i], forced[i], limits, secrets) for i in range(start, end)]


def _claim(claims: Any, lock: Any, chunk: int, who: int) -> bool:
    """Take ``chunk`` for ``who`` if nobody has: a chunk is claimed when it is started, so the
    main process never waits for one the worker has merely been sent (a queued task cannot be
    cancelled). Without the lock in time, the main process takes it (and may do it twice, the
    same way: its own answers are used), the worker does not."""
    if not lock.acquire(timeout=_LOCK_TIMEOUT):
        return who == _MAIN
    try:
        if claims[chunk] != _FREE:
            return False
        claims[chunk] = who
        return True
    finally:
        lock.release()


class Triage:
    """A worker that reads, triages and parses candidates while the main process loads,
    answering file by file whether to parse it, when not its syntax errors and whether it may
    hold a secret, when so its documents and problems (``get(i)``, in order; see
    zotlint.source.unparsed), and what the secrets check found there. ``secrets``: the secrets
    check, given by the caller.

    The two processes split the files, they never both triage one: the worker takes chunks from
    the last one backwards, the main process loads from the first one forwards and takes every
    chunk the worker has not started. Each side claims a chunk when it starts it (a byte per
    chunk in shared memory, under a lock), so the main process also takes the chunks already
    sent to the worker but not begun (the executor queues one ahead, and a queued task cannot
    be cancelled: the main process waited for two worker chunks, 0.23-0.38 s at 2,000 files
    under load). Where they meet, the main process waits for the one chunk the worker is on
    rather than redo it. A worker that started from the front, as the main process does, was on the
    chunk the main process reached, so both did most chunks: at 2,000 files it answered 400 in
    time and spent 0.9 s of CPU for nothing. Every file without a worker, or after it failed,
    gets None: the main process does it all itself, and the output is the same."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        forced: Sequence[bool],
        limits: Limits,
        workers: int,
        secrets: SecretsCheck,
    ) -> None:
        global _JOB, _CLAIMS, _CLAIMS_LOCK
        self._futures: list[Future[_Chunk] | None] = []
        self._pool: ProcessPoolExecutor | None = None
        self._claims: Any = None
        self._lock: Any = None
        self._candidates = candidates
        self._chunk: list[Answer | None] = []
        self._chunk_index = -1
        # Chunks the worker answered ahead of this process, decoded as they arrived (_collect).
        self._arrived: dict[int, list[Answer | None]] = {}
        self._tail = -1  # the next chunk to collect, from the last one back
        if workers <= 0:
            return
        import multiprocessing  # only here: a small repository never pays for them
        from concurrent.futures import ProcessPoolExecutor

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        _JOB = (candidates, forced, limits, secrets)
        try:
            context = multiprocessing.get_context("fork")
            starts = range(0, len(candidates), _TRIAGE_CHUNK)
            # Anonymous shared memory: no file (a ctypes array is backed by one in /dev/shm).
            _CLAIMS = self._claims = mmap.mmap(-1, max(len(starts), 1))
            _CLAIMS_LOCK = self._lock = context.Lock()
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            futures = {
                start: self._pool.submit(
                    _triage,
                    start // _TRIAGE_CHUNK,
                    start,
                    min(start + _TRIAGE_CHUNK, len(candidates)),
                )
                for start in reversed(starts)  # the worker starts at the end
            }
            self._futures = [futures[start] for start in starts]
            self._tail = len(self._futures) - 1
        except Exception:  # a pool that cannot start: everything here
            self._futures = []
            self.close()
        finally:
            # The worker has its copy; no second run may see this one.
            _JOB = _CLAIMS = _CLAIMS_LOCK = None

    @property
    def active(self) -> bool:
        """Whether a worker is answering (else every get() is None)."""
        return self._pool is not None

    def get(self, i: int) -> Answer | None:
        chunk, offset = divmod(i, _TRIAGE_CHUNK)
        if chunk >= len(self._futures):
            return None
        if chunk != self._chunk_index:
            self._chunk_index = chunk
            self._collect()
            answers = self._arrived.pop(chunk, None)
            if answers is None:
                future = self._futures[chunk]
                self._futures[chunk] = None
                # Not started: this process takes it and the worker skips it. Started: the
                # worker's answers are taken, waited for at the meeting point.
                if future is None or _claim(self._claims, self._lock, chunk, _MAIN):
                    if future is not None:
                        future.cancel()  # not sent yet: the worker never sees it
                    answers = []
                else:
                    answers = self._take(future, chunk)
            self._chunk = answers
        return self._chunk[offset] if offset < len(self._chunk) else None

    def _collect(self) -> None:
        """Take the chunks the worker has finished, from the last one back, and decode their
        parsed files' blobs now rather than when this process reaches them. A blob then lives
        for a chunk's time: kept until the meeting point, the blobs of the worker's half of a
        10,000-file zot-heavy repository left ~5 MB of freed heap the process never gave back
        (glibc keeps it under what was allocated after them)."""
        while self._tail > self._chunk_index:
            future = self._futures[self._tail]
            if future is None or not future.done():
                return
            self._futures[self._tail] = None
            self._arrived[self._tail] = self._take(future, self._tail)
            self._tail -= 1

    def _take(self, future: Future[_Chunk], chunk: int) -> list[Answer | None]:
        start = chunk * _TRIAGE_CHUNK
        return _answers(future, [c.rel for c in self._candidates[start : start + _TRIAGE_CHUNK]])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._claims is not None:
            self._claims.close()
            self._claims = None


def _answers(future: Future[_Chunk], rels: Sequence[str]) -> list[Answer | None]:
    """A chunk's verdicts as this process takes them: each file's bytes decoded, each parsed
    file's blob decoded (zotlint.source.wire); none, and this process does the chunk itself,
    when the worker failed on it."""
    try:
        verdicts = future.result()
        answers: list[Answer | None] = []
        for rel, verdict in zip(rels, verdicts, strict=True):
            src = None if verdict is None else decode(rel, verdict[0])[0]
            if verdict is None or src is None:
                answers.append(None)  # the worker could not answer: read here
                continue
            _, parse, errors, secrets, blob, found = verdict
            packed = None if blob is None else wire.decode(blob)
            answers.append((src, parse, errors, secrets, packed, found))
        return answers
    except Exception:
        return []


def cpus() -> int:
    """CPUs this process may run on."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return n or 1


def resident_bytes() -> int:
    """The most memory this process has had resident so far (getrusage: no file is opened, a
    run reads nothing outside its root; /proc/self/statm was an open the read-only audit
    refused). Loading only grows, so after it this is about what the process holds."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def triage_workers(files: int, jobs: int | None) -> int:
    """Triage workers for a run over ``files`` candidates: from PARALLEL_MIN_FILES, one by
    default on 2+ CPUs, else ``--jobs`` less this process. Below, none whatever ``--jobs``
    says: the worker's start and round trips cost more than it saves there, and a spare CPU
    goes to a long stream (StreamSplit) or the secret scan (zotlint.scanaside) instead. An
    explicit ``--jobs 2`` on a one-file repository had the worker parse the file while this
    process waited."""
    if files < PARALLEL_MIN_FILES:
        return 0
    return (1 if cpus() > 1 else 0) if jobs is None else max(jobs - 1, 0)


def spare_workers(jobs: int | None) -> int:
    """Processes besides this one a run may use (``--jobs``; by default one more on 2+ CPUs)."""
    return (1 if cpus() > 1 else 0) if jobs is None else max(jobs - 1, 0)


# -- a long stream loaded in two processes ---------------------------------------------------

# A YAML stream at least this long (characters) is loaded half here, half in a worker, when the
# run has no triage worker: composing and converting costs ~0.9 s a MB (16,000 Secret documents
# in 1.7 MB: ~1.5 s), reading the worker's half back ~a tenth of that, starting the worker
# ~0.05 s.
SPLIT_MIN_CHARS = 256 * 1024
# The share of the stream, by characters, this process loads itself: it also reads the other
# part back.
_SPLIT_SHARE = 0.47


class StreamSplit:
    """Loads the second part of a long YAML stream in a forked worker while this process loads
    the first (zotlint.source.loader.Split): a repository of one big file (16,000 Secrets in
    one stream) has no other work to share. Documents are independent between markers, so the
    worker composes its chunks as this process would, numbered from 0; this process numbers
    them on from its own part. A bare fork and a pipe, no executor: the worker has the text
    from the fork, and its blob (zotlint.source.wire) is read here, in this thread; an
    executor's imports, result thread and copies cost 7 MB more at the end of a 16,000-Secret
    run. Whatever the worker cannot do (a blob it cannot make, a failure, a worker that died)
    this process loads itself, so the output is the same either way."""

    def __init__(self, workers: int) -> None:
        self._workers = workers if hasattr(os, "fork") else 0

    def __call__(
        self, out: LoadedFile, name: str, limits: Limits, chunks: list[tuple[int, str]]
    ) -> tuple[int, Callable[[], wire.Packed | None]] | None:
        size = len(out.yaml_text)
        if self._workers <= 0 or size < SPLIT_MIN_CHARS or len(chunks) < 2:
            return None
        half = size * _SPLIT_SHARE
        cut = next((i for i, (start, _) in enumerate(chunks) if start >= half), len(chunks))
        if not 0 < cut < len(chunks):
            return None

        def load_tail() -> bytes | None:
            tail = LoadedFile(out.source, parsed=True, helm_template=out.helm_template)
            load_chunks(tail, name, limits, chunks[cut:], 0)
            return wire.dumps(tail.source, tail.documents, tail.problems)

        child = Forked.start(load_tail)
        if child is None:
            return None

        def result() -> wire.Packed | None:
            try:
                blob = child.receive()
                return None if blob is None else wire.decode(blob)
            except Exception:
                return None
            finally:
                child.close()

        return cut, result

    def close(self) -> None:
        """Nothing is kept between streams: each worker ends with its stream."""


class Forked:
    """A forked child that makes one blob and writes it to a pipe (a bare fork: the child has
    everything this process had, nothing is sent to it). ``receive()`` reads the blob, None
    when the child failed, made none or died; ``close()`` ends the child and reaps it."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid: int | None = pid
        self._fd = fd
        self._done = False  # the whole blob was read

    @classmethod
    def start(cls, make: Callable[[], bytes | None]) -> Forked | None:
        """Fork a child running ``make`` (None where no child could be started)."""
        if not hasattr(os, "fork"):
            return None
        try:
            rfd, wfd = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(rfd)
            os.close(wfd)
            return None
        if pid == 0:  # the child: make, write, leave without running this process's exit code
            code = 1
            try:
                os.close(rfd)
                blob = make()
                if blob is not None:
                    send_blob(wfd, blob)
                    code = 0
            finally:
                os._exit(code)
        os.close(wfd)
        return cls(pid, rfd)

    @property
    def pid(self) -> int | None:
        return self._pid

    def receive(self) -> bytearray | None:
        blob = None if self._pid is None else receive_blob(self._fd)
        self._done = blob is not None
        return blob

    def close(self) -> None:
        """Reap the child; killed first unless it gave its blob (then it is leaving anyway):
        nobody wants what it is still making."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        with contextlib.suppress(OSError):
            os.close(self._fd)
        if not self._done:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def send_blob(fd: int, blob: bytes) -> None:
    """Write ``blob`` to a pipe, length first (receive_blob reads it)."""
    for part in (len(blob).to_bytes(8, "little"), blob):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view) :]


def receive_blob(fd: int) -> bytearray | None:
    """A length-prefixed blob from a worker, or None if it wrote none or not all of it."""
    head = _read_exactly(fd, 8)
    size = int.from_bytes(head, "little") if len(head) == 8 else -1
    body = _read_exactly(fd, size) if size >= 0 else bytearray()
    return body if size >= 0 and len(body) == size else None


def _read_exactly(fd: int, size: int) -> bytearray:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            break
        got += n
    view.release()
    del buf[got:]
    return buf
