"""Baselines: accept today's findings, fail only on new ones.

`zotlint check --write-baseline FILE` records every visible finding as (rule, file,
fingerprint); `zotlint check --baseline FILE` drops the findings it lists and the summary says
how many. The fingerprint is line-free (rule, file, the document path of the finding and its
identity) and never derives from a secret (zotlint.secrets). For a committed secret (ZOT3xx)
the baseline stores the fingerprint together with the secret's value through PBKDF2 with the
file's own random salt and 100,000 rounds: a rotated or different secret at the same place is a
new finding, and the file holds no line number, no secret, no token-shaped file name and
nothing a weak secret could be guessed back from cheaply. Only a run that reads or writes a
baseline pays for that hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint import __version__
from zotlint.findings import Finding

if TYPE_CHECKING:
    from zotlint.engine import RunResult

VERSION = 3
Key = tuple[str, str, str]

SECRET_RULES = "ZOT3"
# A committed secret's entry covers its value; stored as is, a baseline would let anyone test
# guesses of a weak password quickly. Baselines store it through PBKDF2 with a random salt of
# their own and at least this many rounds (computed only here, when a baseline is written or
# read; a run without one never pays for it).
ROUNDS = 100_000
# A baseline comes from the repository, so a pull request could ask for 10^12 rounds: refused.
MAX_ROUNDS = 1_000_000


class BaselineError(Exception):
    pass


def _scrubbed(path: str) -> str:
    """A file name as stored: a token-shaped name is redacted (and matched redacted)."""
    from zotlint.redact import scrub_tokens

    return scrub_tokens(path)


class _Keys:
    """How one baseline file names findings: its salt and rounds (None for version 1), and
    whether a secret's entry covers its value (version 3) or only its fingerprint (version 2,
    whose fingerprints still derived from the secret)."""

    def __init__(self, salt: bytes | None, rounds: int, *, values: bool = True) -> None:
        self.salt = salt
        self.rounds = rounds
        self.values = values
        self._cache: dict[tuple[str, tuple[str, ...]], str] = {}

    def key(self, f: Finding) -> Key:
        fp = f.fingerprint
        if self.salt is not None and f.rule_id.startswith(SECRET_RULES):
            values = tuple(sorted({s.reveal() for s in f.secrets})) if self.values else ()
            found = self._cache.get((fp, values))
            if found is None:
                material = "\x1f".join((fp, *values)).encode("utf-8", "surrogateescape")
                digest = hashlib.pbkdf2_hmac("sha256", material, self.salt, self.rounds)
                found = self._cache[(fp, values)] = digest.hex()[:32]
            fp = found
        # Version 1 stored file names as they are.
        file = f.location.file if self.salt is None else _scrubbed(f.location.file)
        return (f.rule_id, file, fp)


def key(f: Finding) -> Key:
    """(rule, file, fingerprint) of a finding as a version 1 baseline stored it."""
    return (f.rule_id, f.location.file, f.fingerprint)


def dumps(findings: Iterable[Finding], *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    keys = _Keys(salt, ROUNDS)
    entries = sorted({keys.key(f) for f in findings if not f.suppressed})
    doc = {
        "version": VERSION,
        "tool": {"name": "zotlint", "version": __version__},
        "salt": salt.hex(),
        "rounds": ROUNDS,
        "findings": [{"rule": r, "file": p, "fingerprint": fp} for r, p, fp in entries],
    }
    return json.dumps(doc, indent=2) + "\n"


def write(path: Path, result: RunResult) -> int:
    from zotlint.safeio import atomic_write, describe

    text = dumps(result.findings)
    try:
        atomic_write(path, text)  # never through a symlink, never a FIFO; atomic
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {describe(exc)}") from None
    return len(json.loads(text)["findings"])


class Baseline:
    """A baseline read from disk: its entries and how to name a finding the same way."""

    def __init__(self, entries: set[Key], keys: _Keys, stale: int = 0) -> None:
        self.entries = entries
        self.keys = keys
        # Committed-secret entries of a version 1 or 2 file: their fingerprints came from the
        # secret's old hash, so they no longer match (the caller says so; a rewrite fixes it).
        self.stale = stale

    def __contains__(self, f: object) -> bool:
        return isinstance(f, Finding) and self.keys.key(f) in self.entries


def load(path: Path) -> Baseline:
    from zotlint.safeio import describe, read_file

    try:
        raw = read_file(path, 64 * 1024 * 1024).decode("utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {describe(exc)}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.__class__.__name__}") from None
    try:
        doc = json.loads(raw)
    except ValueError:
        raise BaselineError(f"{path}: not a zotlint baseline (invalid JSON)") from None
    if (
        not isinstance(doc, dict)
        or doc.get("version") not in (1, 2, VERSION)
        or not isinstance(doc.get("findings"), list)
    ):
        raise BaselineError(f"{path}: not a zotlint baseline (version {VERSION} expected)")
    keys = _Keys(None, 0)
    if doc["version"] in (2, VERSION):
        salt, rounds = doc.get("salt"), doc.get("rounds")
        try:
            salt_bytes = bytes.fromhex(salt) if isinstance(salt, str) else b""
        except ValueError:
            salt_bytes = b""
        if len(salt_bytes) < 8 or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
            raise BaselineError(f"{path}: malformed 'salt' or 'rounds'")
        keys = _Keys(salt_bytes, rounds, values=doc["version"] == VERSION)
    out: set[Key] = set()
    for e in doc["findings"]:
        if not isinstance(e, dict) or not all(
            isinstance(e.get(k), str) for k in ("rule", "file", "fingerprint")
        ):
            raise BaselineError(f"{path}: malformed entry in 'findings'")
        out.add((e["rule"], e["file"], e["fingerprint"]))
    stale = (
        0 if doc["version"] == VERSION else sum(1 for r, _, _ in out if r.startswith(SECRET_RULES))
    )
    return Baseline(out, keys, stale)


def apply(result: RunResult, baseline: Baseline | set[Key]) -> int:
    """Drop baselined findings from the result; return how many were dropped."""
    if isinstance(baseline, set):
        baseline = Baseline(baseline, _Keys(None, 0))
    kept = [f for f in result.findings if f.suppressed or f not in baseline]
    dropped = len(result.findings) - len(kept)
    result.findings = kept
    result.baselined = dropped
    return dropped
