"""Run a test's body as an unprivileged user, so permission tests run under root too.

Root reads every file whatever its mode, so a test of "a file the user cannot read" would have
to be skipped in a root container (CI's, this team's machines). Instead the body runs in a
forked child that has dropped to uid/gid 65534 (``nobody``): the kernel then refuses exactly as
it does for a normal user. The child sends its return value back pickled; an exception in it is
re-raised in the test with the child's traceback text.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

NOBODY = 65534
T = TypeVar("T")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def shared_tmp() -> Iterator[Path]:
    """A temporary directory every user can traverse (pytest's own ``tmp_path`` sits under a
    0700 directory of the user running pytest, which ``nobody`` cannot enter)."""
    path = Path(tempfile.mkdtemp(prefix="zotlint-unpriv-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames:
                os.chmod(os.path.join(dirpath, name), 0o755)
            for name in filenames:
                os.chmod(os.path.join(dirpath, name), 0o644)
        shutil.rmtree(path)


def run_unprivileged(body: Callable[[], T]) -> T:
    """``body()`` as a user without root's privileges: in this process when it already is
    one, else in a child that dropped to ``nobody`` first."""
    if not is_root():
        return body()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = pickle.dumps((True, body()))
        except BaseException:
            payload = pickle.dumps((False, traceback.format_exc()))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    ok, value = pickle.loads(data)
    if not ok:
        raise AssertionError(f"the unprivileged child failed:\n{value}")
    return value
