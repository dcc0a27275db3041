"""Fixes: what rules attach to findings (edits), how they become bytes, and `check --fix`.

Rules import the edit constructors from here; the engine resolves them (zotlint.fix.resolve);
the CLI runs zotlint.fix.runner.
"""

from zotlint.fix.edits import (
    SAFE,
    UNSAFE,
    ByteEdit,
    Edit,
    Fix,
    ResolvedFix,
    append_item,
    delete,
    delete_line,
    fix,
    insert_after,
    insert_before,
    remove_entry,
    replace,
    replace_value,
)

__all__ = [
    "SAFE",
    "UNSAFE",
    "ByteEdit",
    "Edit",
    "Fix",
    "ResolvedFix",
    "append_item",
    "delete",
    "delete_line",
    "fix",
    "insert_after",
    "insert_before",
    "remove_entry",
    "replace",
    "replace_value",
]
