"""Reading and writing the files `check --fix` edits: never through a symlink, never outside the
root, only regular files. Reads and writes go through zotlint.safeio (`read_file`: no symlink,
no FIFO or device, capped; `atomic_write`: a temporary file in the same directory renamed over
the target, its mode kept); this module adds the path rules of a fix target."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from zotlint.safeio import UnsafePath, read_file
from zotlint.safeio import atomic_write as _safe_write

# A fix re-reads a file the run loaded (at most max-file-size) and compares its digest with
# what the run saw: a cap far above any loaded file bounds a file that grew meanwhile.
_READ_CAP = 256 * 1024 * 1024


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
    """The bytes of a regular file under ``root`` (no symlink anywhere on the path; a FIFO is
    refused without blocking)."""
    try:
        return read_file(_inside(root, rel), _READ_CAP)
    except UnsafePath as exc:
        raise UnsafeTarget(f"{rel}: {exc.reason}") from None


def atomic_write(root: Path, rel: str, data: bytes) -> None:
    """Replace a regular file under ``root`` with ``data`` (zotlint.safeio.atomic_write); the
    file must exist: a fix edits, it never creates."""
    path = _inside(root, rel)
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise UnsafeTarget(f"{rel}: not a regular file")
    try:
        _safe_write(path, data, root=root)
    except UnsafePath as exc:
        raise UnsafeTarget(f"{rel}: {exc.reason}") from None
