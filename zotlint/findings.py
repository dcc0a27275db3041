"""The finding record every reporter consumes."""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum
from typing import TYPE_CHECKING

from zotlint.digest import sha256
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.fix.edits import ResolvedFix
    from zotlint.redact import Sensitive


class Severity(IntEnum):
    NOTE = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return {"note": cls.NOTE, "info": cls.NOTE, "warning": cls.WARNING, "error": cls.ERROR}[
                text.lower()
            ]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or note)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, order=True)
class Location:
    file: str  # POSIX, relative to the scan root
    start_line: int
    start_col: int
    end_line: int
    end_col: int  # exclusive


@dataclass(frozen=True, slots=True)
class Related:
    location: Location
    message: str


@dataclass(slots=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    fingerprint: str = ""
    # Lines whose suppression comments also cover this finding (e.g. the `config.json:` key
    # line for findings inside an embedded document).
    anchor_lines: tuple[int, ...] = ()
    suppressed: bool = False
    suppression_reason: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    fix: ResolvedFix | None = None  # byte edits on the files as read (zotlint.fix)
    # The secrets the finding covers: never output (reporters do not read them; they print
    # redacted anyway); a baseline hashes them into its entry (zotlint.baseline).
    secrets: tuple[Sensitive, ...] = field(default=(), repr=False, compare=False)

    def sort_key(self) -> tuple[object, ...]:
        loc = self.location
        return (
            loc.file,
            loc.start_line,
            loc.start_col,
            self.rule_id,
            loc.end_line,
            loc.end_col,
            self.message,
        )


def fingerprint(rule_id: str, file: str, logical: str, identity: str) -> str:
    """Line-free identity: survives edits above the finding (GitHub partialFingerprints)."""
    # surrogateescape: a file name that is not UTF-8 keeps its own bytes (and a fingerprint).
    text = "\x1f".join((rule_id, file, logical, identity))
    h = sha256(text.encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]
