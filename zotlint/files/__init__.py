"""File discovery: which files under the scanned paths zotlint checks (zotlint.files.discover),
with git's ignore rules (zotlint.files.gitignore) matched without backtracking
(zotlint.files.wildmatch)."""

from zotlint.files.discover import discover, find_root
from zotlint.files.results import (
    ALWAYS_SKIPPED_DIRS,
    DEFAULT_MAX_FILE_SIZE,
    REASON_BROKEN_LINK,
    REASON_HELM,
    REASON_LINK_LOOP,
    REASON_LINK_OUTSIDE_ROOT,
    REASON_NOT_REGULAR,
    REASON_OUTSIDE_ROOT,
    REASON_PERMISSION,
    Candidate,
    Skipped,
)

__all__ = [
    "ALWAYS_SKIPPED_DIRS",
    "DEFAULT_MAX_FILE_SIZE",
    "REASON_BROKEN_LINK",
    "REASON_HELM",
    "REASON_LINK_LOOP",
    "REASON_LINK_OUTSIDE_ROOT",
    "REASON_NOT_REGULAR",
    "REASON_OUTSIDE_ROOT",
    "REASON_PERMISSION",
    "Candidate",
    "Skipped",
    "discover",
    "find_root",
]
