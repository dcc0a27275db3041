"""Which lines a pull request (or push) changed, for the Action's `only-changed`: the base
commit from the event payload, and `git diff -U0` against it.

Unlike `zotlint check`, the Action may start `git` (a shallow checkout may need the base
fetched). A revision never reaches git as an option or a range.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

_ZERO_SHA = frozenset("0")

# A revision from an input or the event: a hex object name or a plain ref name; never an
# option (`--upload-pack=...` runs a command) and never anything git would read as a range.
_REVISION = re.compile(r"[0-9A-Za-z_][0-9A-Za-z_./-]{0,254}")


def event_base() -> str | None:
    """The commit a pull request or push is compared with, from the event payload."""
    name = os.environ.get("GITHUB_EVENT_NAME", "")
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sha: object = None
    if name.startswith("pull_request"):
        sha = ((payload.get("pull_request") or {}).get("base") or {}).get("sha")
    elif name == "merge_group":
        sha = (payload.get("merge_group") or {}).get("base_sha")
    elif name == "push":
        sha = payload.get("before")
    if not isinstance(sha, str) or not sha or set(sha) <= _ZERO_SHA:
        return None  # a new branch has no "before"
    return sha


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def git_diff(root: Path, base: str) -> str:
    """`git diff -U0 BASE` in fixed output form, fetching BASE once if a shallow checkout
    lacks it. Raises RuntimeError when the diff cannot be had (or BASE is not a revision:
    a value starting with `-` would reach git as an option)."""
    if not _REVISION.fullmatch(base) or ".." in base:
        raise RuntimeError("not a revision (a commit or a branch name)")
    try:
        have = _git(root, "cat-file", "-e", f"{base}^{{commit}}").returncode == 0
        if not have:
            _git(
                root,
                "fetch",
                "--no-tags",
                "--quiet",
                "--depth=1",
                "--end-of-options",
                "origin",
                base,
            )
        out = _git(
            root,
            "-c",
            "core.quotePath=true",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--unified=0",
            "--end-of-options",
            base,
            "--",
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"cannot run git: {exc}") from None
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
    return out.stdout
