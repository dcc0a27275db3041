"""Baselines: accept today's findings, fail only on new ones.

`zotlint check --write-baseline FILE` records every visible finding as (rule, file,
fingerprint); `zotlint check --baseline FILE` drops the findings it lists and the summary says
how many. The fingerprint is line-free (rule, file, the document path of the finding and its
identity), and for a committed secret the identity is a salted hash of the secret — so a
baseline survives edits above a finding, never stores a line number, and never stores a
secret or anything a secret could be read back from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint import __version__
from zotlint.findings import Finding

if TYPE_CHECKING:
    from zotlint.engine import RunResult

VERSION = 1
Key = tuple[str, str, str]


class BaselineError(Exception):
    pass


def key(f: Finding) -> Key:
    return (f.rule_id, f.location.file, f.fingerprint)


def dumps(findings: Iterable[Finding]) -> str:
    entries = sorted({key(f) for f in findings if not f.suppressed})
    doc = {
        "version": VERSION,
        "tool": {"name": "zotlint", "version": __version__},
        "findings": [{"rule": r, "file": p, "fingerprint": fp} for r, p, fp in entries],
    }
    return json.dumps(doc, indent=2) + "\n"


def write(path: Path, result: RunResult) -> int:
    text = dumps(result.findings)
    from zotlint.safeio import atomic_write, describe

    try:
        atomic_write(path, text)  # never through a symlink, never a FIFO; atomic
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {describe(exc)}") from None
    return len(json.loads(text)["findings"])


def load(path: Path) -> set[Key]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise BaselineError(f"cannot read baseline {path}: {reason}") from None
    try:
        doc = json.loads(raw)
    except ValueError:
        raise BaselineError(f"{path}: not a zotlint baseline (invalid JSON)") from None
    if (
        not isinstance(doc, dict)
        or doc.get("version") != VERSION
        or not isinstance(doc.get("findings"), list)
    ):
        raise BaselineError(f"{path}: not a zotlint baseline (version {VERSION} expected)")
    out: set[Key] = set()
    for e in doc["findings"]:
        if not isinstance(e, dict) or not all(
            isinstance(e.get(k), str) for k in ("rule", "file", "fingerprint")
        ):
            raise BaselineError(f"{path}: malformed entry in 'findings'")
        out.add((e["rule"], e["file"], e["fingerprint"]))
    return out


def apply(result: RunResult, keys: set[Key]) -> int:
    """Drop baselined findings from the result; return how many were dropped."""
    kept = [f for f in result.findings if f.suppressed or key(f) not in keys]
    dropped = len(result.findings) - len(kept)
    result.findings = kept
    result.baselined = dropped
    return dropped
