"""`check --fix`: apply fixes in memory, re-lint, keep only what introduces no new finding,
then write (or, for the preview, show a diff and write nothing).

One pass takes every applicable fix that does not conflict with an earlier one, splices the
edits into the files' bytes and re-lints the whole repository with those bytes (the engine's
``overlay``: nothing is written yet). A fix whose file then has a finding that was not there
before is rolled back (not written) and the pass retried without it. Passes repeat while new
fixes apply (a fix skipped for a conflict gets its turn), so a second run has nothing to do.
Before a file is written its bytes on disk are compared with the bytes the run read.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import RunResult, run
from zotlint.findings import Finding
from zotlint.fix.apply import select, splice
from zotlint.fix.edits import SAFE, ByteEdit, ResolvedFix
from zotlint.fix.files import UnsafeTarget, atomic_write, read_regular
from zotlint.records import dataclass

MAX_LINTS = 12  # re-lints per run: passes plus retries after a roll-back


@dataclass
class FixOutcome:
    result: RunResult  # the findings of the fixed files (or the unfixed ones when none applied)
    original: dict[str, bytes] = field(default_factory=dict)  # rel -> bytes as read
    fixed: dict[str, bytes] = field(default_factory=dict)  # rel -> bytes after fixing
    applied: int = 0  # findings fixed
    rolled_back: list[str] = field(default_factory=list)  # why a fix was not kept
    refused: list[str] = field(default_factory=list)  # files not touched (changed, symlink)
    # Each kept pass: the bytes it started from and the edits it applied, per file.
    passes: list[tuple[dict[str, bytes], dict[str, list[ByteEdit]]]] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return sorted(rel for rel, data in self.fixed.items() if data != self.original.get(rel))


def applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and not f.suppressed and (unsafe or f.fix.safety == SAFE)


def _key(f: Finding) -> tuple[str, str]:
    return f.rule_id, f.fingerprint


def run_fixes(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    root: Path,
    unsafe: bool = False,
    jobs: int | None = None,
    write: bool = True,
    keep: Callable[[Finding], bool] | None = None,
    whole_tree: bool = True,
) -> FixOutcome:
    """Fix what can be fixed under ``paths``; ``keep`` limits which findings' fixes apply."""
    first = run(paths, settings, root=root, jobs=jobs, whole_tree=whole_tree)
    out = FixOutcome(first)
    current = first
    contents: dict[str, bytes] = {}  # rel -> bytes the current lint saw (as read, then fixed)
    blocked: set[tuple[str, str]] = set()  # rolled back for good
    held: set[tuple[str, str]] = set()  # left out of the next attempt while bisecting
    bad_files: set[str] = set()
    lints = 0
    while lints < MAX_LINTS:
        cands = [
            f
            for f in current.visible()
            if applicable(f, unsafe)
            and _key(f) not in blocked
            and _key(f) not in held
            and (keep is None or keep(f))
            and not set(f.fix.files) & bad_files  # type: ignore[union-attr]
        ]
        cands = [f for f in cands if _load(out, contents, f.fix, root, bad_files)]  # type: ignore[arg-type]
        if not cands:
            break
        fixes: list[ResolvedFix] = [f.fix for f in cands]  # type: ignore[misc]
        sel = select(fixes)
        taken = [cands[i] for i in sel.taken]
        trial = dict(contents)
        for rel, edits in sel.edits.items():
            trial[rel] = splice(contents[rel], edits)
        if trial == contents:
            break
        lints += 1
        after = run(paths, settings, root=root, jobs=1, overlay=trial, whole_tree=whole_tree)
        new = _new_findings(current.findings, after.findings)
        if new:
            suspects = _suspects(new, taken)
            if len(suspects) > 1:
                # Bisect: retry without the later half; deterministic, bounded by MAX_LINTS.
                held.update(_key(f) for f in suspects[len(suspects) // 2 :])
                continue
            (f,) = suspects
            blocked.add(_key(f))
            held.clear()  # the others get their turn again
            out.rolled_back.append(
                f"{f.location.file}:{f.location.start_line}: {f.rule_id} fix "
                f"'{f.fix.title}' rolled back: it introduced "  # type: ignore[union-attr]
                + ", ".join(sorted({n.rule_id for n in new}))
            )
            continue
        gone = {_key(f) for f in after.findings}
        out.applied += sum(1 for f in taken if _key(f) not in gone)
        held.clear()
        out.passes.append(({rel: contents[rel] for rel in sel.edits}, sel.edits))
        contents = trial
        current = after
    for f in current.findings:
        if _key(f) in blocked:
            f.fix = None  # rolled back: not offered as fixable ([*], JSON, SARIF)
    out.result = current
    out.fixed = {rel: contents[rel] for rel in contents}
    if write:
        _write(out, root)
    current.fixed = out.applied
    current.unsafe_fixes = unsafe
    return out


def _new_findings(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """Findings of ``after`` that ``before`` did not have. A fingerprint that changed because
    lines moved (ZOT005 keys on the line it covers) is not new when the same rule still says
    the same thing in the same file."""
    keys = {_key(f) for f in before}
    said = Counter((f.rule_id, f.location.file, f.message) for f in before)
    for f in after:
        if _key(f) in keys:
            said[(f.rule_id, f.location.file, f.message)] -= 1
    new = []
    for f in after:
        if _key(f) in keys or f.suppressed:
            continue
        k = (f.rule_id, f.location.file, f.message)
        if said[k] > 0:
            said[k] -= 1
            continue
        new.append(f)
    return new


def _load(
    out: FixOutcome, contents: dict[str, bytes], fx: ResolvedFix, root: Path, bad: set[str]
) -> bool:
    """Read each file a fix edits (once) and check it is what the run linted."""
    for rel, want in fx.digests:
        if rel in contents:
            if hashlib.sha256(contents[rel]).hexdigest() != want:
                return False  # a stale fix from an earlier pass's findings
            continue
        try:
            data = read_regular(root, rel)
        except (OSError, UnsafeTarget) as exc:
            out.refused.append(f"{rel}: not fixed ({_reason(exc)})")
            bad.add(rel)
            return False
        if hashlib.sha256(data).hexdigest() != want:
            out.refused.append(f"{rel}: not fixed (changed since it was read)")
            bad.add(rel)
            return False
        contents[rel] = out.original[rel] = data
    return True


def _suspects(new: list[Finding], taken: list[Finding]) -> list[Finding]:
    """The fixes that may have caused findings that appeared: those editing a file where one
    appeared (or that one relates to), else (no such file) all of them."""
    files = {f.location.file for f in new} | {r.location.file for f in new for r in f.related}
    suspects = [f for f in taken if set(f.fix.files) & files]  # type: ignore[union-attr]
    return suspects or taken


def _write(out: FixOutcome, root: Path) -> None:
    for rel in out.changed:
        try:
            disk = read_regular(root, rel)
            if disk != out.original[rel]:
                out.refused.append(f"{rel}: not fixed (changed while zotlint ran)")
                continue
            atomic_write(root, rel, out.fixed[rel])
        except (OSError, UnsafeTarget) as exc:
            out.refused.append(f"{rel}: not fixed ({_reason(exc)})")


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or exc.__class__.__name__
    return str(exc).partition(": ")[2] or str(exc)


def unified_diff(out: FixOutcome) -> str:
    """What --fix would change, as a unified diff (a/ and b/ prefixes, like git)."""
    import difflib

    chunks = []
    for rel in out.changed:
        a = out.original[rel].decode("utf-8", errors="replace").splitlines(keepends=True)
        b = out.fixed[rel].decode("utf-8", errors="replace").splitlines(keepends=True)
        name = one_line(rel)
        for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
            if not line.endswith("\n"):
                line += "\n\\ No newline at end of file\n"
            chunks.append(line.translate(_UNPRINTABLE))
    return "".join(chunks)


# Controls a diff must not echo to a terminal (escape sequences, BEL, bidirectional overrides);
# tab, CR and LF stay as the file has them.
_UNPRINTABLE = {
    c: "\ufffd"
    for c in (
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x2028, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def one_line(msg: str) -> str:
    """A message for the terminal: controls and line breaks (a file name may hold them) shown
    as U+FFFD, so it cannot forge output lines or escape sequences."""
    return msg.translate(_UNPRINTABLE).replace("\r", "\ufffd").replace("\n", "\ufffd")
