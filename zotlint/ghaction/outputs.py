"""What the Action leaves behind: the SARIF file for code scanning and the step outputs
(`$GITHUB_OUTPUT`: findings, errors, warnings, notes, sarif-file).

The SARIF file goes to `$RUNNER_TEMP` by default, outside the workspace a pull request can
plant a symlink in; a workspace-relative path must not lead out of the workspace, through a
symlinked directory either, and the file itself is never written through a symlink.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from zotlint.escape import step_output
from zotlint.findings import Finding, Severity


def write_output(name: str, value: str) -> None:
    """One step output, when the runner asks for them."""
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(step_output(name, value))


def write_counts(visible: Sequence[Finding]) -> None:
    """The `findings`, `errors`, `warnings` and `notes` outputs."""
    sev = Counter(f.severity for f in visible)
    write_output("findings", str(len(visible)))
    for s in Severity:
        write_output(f"{s.label}s", str(sev[s]))


def sarif_path(value: str | None) -> Path | None:
    """Where to write the SARIF file: `auto` is `$RUNNER_TEMP/zotlint.sarif`, empty is none."""
    if value == "auto":
        # Outside the workspace by default: a pull request cannot plant a symlink there.
        return Path(os.environ.get("RUNNER_TEMP") or ".", "zotlint.sarif")
    return Path(value) if value else None


def write_sarif(out: Path, data: bytes) -> None:
    """Write the SARIF file atomically; raises `zotlint.safeio.UnsafePath` (or another
    OSError) for a target outside the workspace, a symlink or anything but a regular file."""
    from zotlint.safeio import atomic_write

    # Inside the workspace, no directory on the way may lead out of it either.
    inside = None if out.is_absolute() else Path.cwd()
    if inside is not None:
        _mkdirs_inside(out.parent, inside)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
    # No fsync: upload-sarif reads it from the page cache in this job, and after a crash of
    # the runner the job is lost with it (writing 16 MB to disk took 0.15-0.3 s of wall time).
    atomic_write(out, data, root=inside, durable=False)


def _mkdirs_inside(directory: Path, root: Path) -> None:
    """`mkdir -p` that refuses a directory on the way resolving outside `root`."""
    from zotlint.safeio import UnsafePath, is_within

    real_root = os.path.realpath(root)
    if not is_within(os.path.realpath(directory), real_root):
        raise UnsafePath("outside the workspace", directory)
    directory.mkdir(parents=True, exist_ok=True)
