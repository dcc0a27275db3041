"""What discovery answers: the files to check and the paths left out, with the reasons."""

from __future__ import annotations

import errno
from dataclasses import field
from pathlib import Path

from zotlint.records import dataclass

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024

# Dependency, tool-cache and VCS directories: never the user's own config, and
# often huge, so they are pruned by name at any depth even outside git.
ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        "__pycache__",
        ".terraform",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "vendor",
    }
)

REASON_OUTSIDE_ROOT = "outside the scanned root"
REASON_LINK_OUTSIDE_ROOT = "symlink points outside the scanned root"
REASON_BROKEN_LINK = "broken symlink"
REASON_LINK_LOOP = "symlink loop"
REASON_PERMISSION = "permission denied"
REASON_NOT_REGULAR = "not a regular file"
REASON_HELM = "Helm template (a partial, the notes or a .tpl file): not a manifest"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to check."""

    path: Path  # absolute path to open: never a symlink (a link in the root is resolved)
    rel: str  # POSIX path relative to the scan root, used in all output
    # (st_dev, st_ino) the walk saw: a file swapped for another (a symlink out of the root)
    # between the walk and the read is refused (zotlint.safeio.read_file).
    identity: tuple[int, int] | None = field(default=None, compare=False)
    # A file of a Helm chart's `templates/`: only its documents without a template action are
    # read (zotlint.files.helm).
    helm_template: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that looked like something to check but was left out, and why."""

    rel: str
    reason: str


def os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return REASON_PERMISSION
    if exc.errno == errno.ELOOP:
        return REASON_LINK_LOOP
    if exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)


def format_size(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


def too_large(size: int, limit: int) -> str:
    shown, shown_limit = format_size(size), format_size(limit)
    if shown == shown_limit:
        # Rounding made them look equal; exact byte counts show the excess.
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"file larger than {shown_limit} limit ({shown})"
