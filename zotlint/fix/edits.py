"""What a rule attaches to a finding: a fix made of edits on references, never on offsets.

A rule names *what* to change (a key, a value, a list) through the same ``Ref`` it reports
with; zotlint.fix.resolve turns each edit into a replacement of host-file bytes, inside an
embedded ``config.json`` too, writing inserted text in the style around it (JSON spacing, a
block scalar's indentation, a quoted scalar's escapes, the file's line endings).

The resolved form (``ByteEdit``, ``ResolvedFix``) has no dependency on documents: findings,
reporters and the fix runner only ever see bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.document import Ref

SAFE = "safe"  # keeps the intended behaviour: applied by --fix
UNSAFE = "unsafe"  # changes behaviour beyond the finding: applied only with --unsafe-fixes
SAFETIES = (SAFE, UNSAFE)


@dataclass(frozen=True, slots=True)
class Edit:
    """One change on a reference. ``op``:

    - ``replace``: the span becomes ``text`` (text in the document's own syntax);
    - ``replace_value``: the scalar becomes ``value``, written in the token's quoting style;
    - ``insert_before`` / ``insert_after``: ``text`` next to the span;
    - ``delete``: the span; ``delete_line``: every line the span touches;
    - ``remove_entry``: a mapping entry or list item, with its separator (comma or line);
    - ``append_item``: ``value`` added at the end of the list at the reference.
    """

    op: str
    ref: Ref
    text: str = ""
    value: Any = None


def replace(ref: Ref, text: str) -> Edit:
    return Edit("replace", ref, text)


def replace_value(ref: Ref, value: Any) -> Edit:
    return Edit("replace_value", ref, value=value)


def insert_before(ref: Ref, text: str) -> Edit:
    return Edit("insert_before", ref, text)


def insert_after(ref: Ref, text: str) -> Edit:
    return Edit("insert_after", ref, text)


def delete(ref: Ref) -> Edit:
    return Edit("delete", ref)


def delete_line(ref: Ref) -> Edit:
    return Edit("delete_line", ref)


def remove_entry(ref: Ref) -> Edit:
    return Edit("remove_entry", ref)


def append_item(ref: Ref, value: Any) -> Edit:
    return Edit("append_item", ref, value=value)


@dataclass(frozen=True, slots=True)
class Fix:
    """A rule's proposed edit set for one finding: a one-line title, edits, safety."""

    title: str
    edits: tuple[Edit, ...]
    safety: str = SAFE

    def __post_init__(self) -> None:
        if self.safety not in SAFETIES:
            raise ValueError(f"fix safety must be one of {SAFETIES}, not {self.safety!r}")
        if not self.edits:
            raise ValueError("a fix needs at least one edit")


def fix(title: str, *edits: Edit, safety: str = SAFE) -> Fix:
    return Fix(title, tuple(edits), safety)


# -- resolved: bytes only ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class ByteEdit:
    """Replace bytes [start, end) of ``file`` (POSIX, relative to the root) with ``text``."""

    file: str
    start: int
    end: int
    text: str

    @property
    def is_insert(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True, slots=True)
class ResolvedFix:
    """A fix on byte offsets of the files as read; ``digests`` (file -> sha256 of its bytes)
    let the runner refuse a file that changed since."""

    title: str
    safety: str
    edits: tuple[ByteEdit, ...]
    digests: tuple[tuple[str, str], ...]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted({e.file for e in self.edits}))
