"""Reading and writing the files `check --fix` edits: never through a symlink, never outside the
root, only regular files, writes atomic (a temporary file in the same directory, then rename)
with the file's mode kept."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class UnsafeTarget(Exception):
    """The path is a symlink, not a regular file, or outside the root."""


def _inside(root: Path, rel: str) -> Path:
    if rel.startswith("/") or any(part in ("", "..") for part in rel.split("/")):
        raise UnsafeTarget(f"{rel}: not a plain path under the root")
    path = root / rel
    # Every directory on the way must be a real directory, not a link out of the root.
    cur = root
    for part in rel.split("/")[:-1]:
        cur = cur / part
        st = os.lstat(cur)
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafeTarget(f"{rel}: a parent is a symlink or not a directory")
    return path


def read_regular(root: Path, rel: str) -> bytes:
    """The bytes of a regular file under ``root`` (no symlink anywhere on the path)."""
    path = _inside(root, rel)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeTarget(f"{rel}: not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write(root: Path, rel: str, data: bytes) -> None:
    """Replace a regular file under ``root`` with ``data``: written to a temporary file in the
    same directory, flushed, given the old file's mode, then renamed over it."""
    path = _inside(root, rel)
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeTarget(f"{rel}: not a regular file")
    fd, tmp = tempfile.mkstemp(prefix=".zotlint-fix-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
