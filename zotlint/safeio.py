"""The only ways zotlint reads a file from the repository and writes an output file.

The repository comes from an untrusted pull request, so a path may be a symlink to `/dev/zero`
or to a file outside the checkout, a FIFO that blocks forever, or a file swapped for a symlink
between the walk and the read. `read_file` refuses all of those: the last component is opened
with `O_NOFOLLOW | O_NONBLOCK`, the descriptor must be a regular file (`fstat`), inside the root
when one is given, the same file the walk saw when its identity is given, and at most `limit`
bytes are read.

Outputs (`-o`, baselines, the Action's SARIF) may be aimed at a committed symlink or a FIFO:
`atomic_write` refuses a target that is not a regular file, writes a temporary file in the
same directory and renames it over the target (a rename replaces a symlink itself, never what
it points to), keeping the target's permission bits.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat

__all__ = ["UnsafePath", "atomic_write", "describe", "is_within", "read_again", "read_file"]

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
)


class UnsafePath(OSError):
    """A path zotlint refuses to read or write; `strerror` says why, without file content."""

    def __init__(self, reason: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(errno.EPERM, reason)
        self.reason = reason
        self.unsafe_path = None if path is None else os.fspath(path)

    def __str__(self) -> str:
        return self.reason


def is_within(path: str, directory: str) -> bool:
    """Whether `path` is `directory` or below it (both absolute and normalised)."""
    if path == directory:
        return True
    prefix = directory if directory.endswith(os.sep) else directory + os.sep
    return path.startswith(prefix)


def read_file(
    path: str | os.PathLike[str],
    limit: int,
    *,
    root: str | os.PathLike[str] | None = None,
    identity: tuple[int, int] | None = None,
) -> bytes:
    """At most `limit` bytes of the regular file at `path`.

    Raises `UnsafePath` for a symlink (last component), a FIFO, socket, device or directory, a
    file whose directory resolves outside `root`, or a file whose (st_dev, st_ino) differs from
    `identity` (what the walk saw); any other `OSError` as the system raised it. A file larger
    than `limit` is not an error: the caller sees `limit` bytes and decides (pass one byte more
    than the real cap to tell "too large" apart).
    """
    if root is not None:
        parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        if not is_within(parent, os.path.realpath(root)):
            raise UnsafePath("outside the scanned root", path)
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        # O_NOFOLLOW on a symlink fails with ELOOP (EMLINK on FreeBSD).
        if exc.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):
            raise UnsafePath("symlink (not followed)", path) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath("not a regular file", path)
        if identity is not None and (info.st_dev, info.st_ino) != identity:
            raise UnsafePath("file changed while zotlint ran (replaced after the walk)", path)
        # Reads sized by fstat on a raw descriptor: a buffered file object per file, with its
        # 8 KB-then-doubling reads, cost a fifth of reading a 10,000-file repository.
        want = min(info.st_size + 1, limit)  # one byte more: a file that grew shows
        chunks: list[bytes] = []
        got = 0
        while got < limit:
            chunk = os.read(fd, max(want - got, 65536) if got else want)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = b"".join(chunks) if len(chunks) != 1 else chunks[0]
        return data[:limit]
    finally:
        os.close(fd)


def read_again(
    path: str | os.PathLike[str], identity: tuple[int, int] | None, limit: int
) -> bytes | None:
    """The bytes of a file the run already loaded, read again for a report (a code frame, a
    line hash, the lines a diff changed), or None when it is no longer that file.

    `path` and `identity` are what the walk recorded (zotlint.files.Candidate): the same
    (st_dev, st_ino), opened without following a symlink, a regular file, at most `limit`
    bytes (None when larger). A file with no recorded identity is never read: a report must
    not open a path the run itself did not load.
    """
    if identity is None:
        return None
    try:
        raw = read_file(path, limit + 1, identity=identity)
    except OSError:
        return None
    return None if len(raw) > limit else raw


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    root: str | os.PathLike[str] | None = None,
    durable: bool = True,
) -> None:
    """Replace the regular file at `path` (or create it) with `data`, atomically.

    Refuses (`UnsafePath`) a target that is a symlink, dangling or not, or anything but a
    regular file, and with `root` a target whose directory resolves outside it. The data goes
    to a temporary file in the target's directory, which is flushed and renamed over the
    target: a reader sees the old file or the new one, never half of it, and a crash leaves the
    old one. An existing target keeps its permission bits; a new one gets 0o666 less the umask.
    `durable=False` skips the flush to disk, for a report that is regenerated by running
    zotlint again (`check -o FILE`, the Action's SARIF, which the next step reads from the
    page cache); baselines and `--fix` keep the default.
    """
    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    if root is not None and not is_within(os.path.realpath(directory), os.path.realpath(root)):
        raise UnsafePath("outside the repository", path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        mode = None
    else:
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath("is a symlink; refusing to write through it", path)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath("is not a regular file; refusing to replace it", path)
        mode = stat.S_IMODE(info.st_mode)
    if mode is None:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    payload = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile  # --fix only: its imports (random, shutil) cost every check start-up

    fd, temp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def describe(exc: OSError) -> str:
    """A short reason for an OSError from this module: never file content, never a traceback."""
    if isinstance(exc, UnsafePath):
        return exc.reason
    return exc.strerror or exc.__class__.__name__
