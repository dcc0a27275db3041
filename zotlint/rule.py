"""The authoring API for rules: metadata, the ``@rule`` marker, and the context a check gets.

A rule is a module in ``rules/`` with a docstring (its documentation) and one function marked
``@rule``. Rules never compute positions, read globals or print values: they call
``ctx.report(ref, message)`` with a reference into a document, and the engine does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict

from zotlint.document import Document, Kind, Ref
from zotlint.findings import Severity
from zotlint.redact import Sensitive

if TYPE_CHECKING:
    from zotlint.project import Project

# Special scopes: the engine calls the check once per run (project) or never (engine rules whose
# findings come from the loader or the suppression pass; the rule file documents them).
PROJECT = "project"
ENGINE = "engine"

DOC_HEADINGS = ("## What it does", "## Why it matters", "## Example", "## Fix", "## References")


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    severity: Severity
    summary: str
    scope: tuple[Kind | str, ...]
    since: str
    options: type[BaseModel] = NoOptions
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    precision: str = "high"  # GitHub code scanning: very-high | high | medium | low
    security_severity: float | None = None  # set for security rules (GitHub shows it)
    doc: str = ""
    pack: str = ""
    source_file: str = ""


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: Callable[..., None] | None

    @property
    def id(self) -> str:
        return self.meta.id


F = TypeVar("F", bound=Callable[..., None])


def rule(
    *,
    id: str,
    name: str,
    severity: str,
    scope: Sequence[Kind | str],
    since: str = "0.1.0",
    options: type[BaseModel] = NoOptions,
    tags: Sequence[str] = (),
    aliases: Sequence[str] = (),
    precision: str = "high",
    security_severity: float | None = None,
) -> Callable[[F], F]:
    """Mark a check function; the registry finds it when it loads the module (no global list)."""

    def mark(fn: F) -> F:
        fn.__zotlint_rule__ = {  # type: ignore[attr-defined]
            "id": id,
            "name": name,
            "severity": Severity.parse(severity),
            "scope": tuple(scope),
            "since": since,
            "options": options,
            "tags": tuple(tags),
            "aliases": tuple(aliases),
            "precision": precision,
            "security_severity": security_severity,
        }
        return fn

    return mark


@dataclass(slots=True)
class Report:
    ref: Ref
    message: str
    related: tuple[tuple[Ref, str], ...] = ()
    identity: str = ""
    secrets: tuple[Sensitive, ...] = ()
    severity: Severity | None = (
        None  # a rule may lower/raise one finding (e.g. "may live elsewhere")
    )


@dataclass
class Context:
    """What a check receives besides the document: its options, the project, and ``report``."""

    meta: RuleMeta
    options: Any
    project: Project
    reports: list[Report] = field(default_factory=list)

    def report(
        self,
        ref: Ref,
        message: str,
        *,
        related: Iterable[tuple[Ref, str]] = (),
        identity: str = "",
        secrets: Iterable[Sensitive] = (),
        severity: str | None = None,
    ) -> None:
        """Record a finding at ``ref``. ``identity`` distinguishes several findings at one path
        for the line-free fingerprint; ``secrets`` are scrubbed from every output."""
        self.reports.append(
            Report(
                ref=ref,
                message=message,
                related=tuple(related),
                identity=identity,
                secrets=tuple(secrets),
                severity=Severity.parse(severity) if severity else None,
            )
        )

    def query(self, doc: Document, expr: str) -> list[Match]:
        from zotlint.query import find

        return find(doc, expr)


@dataclass(frozen=True, slots=True)
class Match:
    """A jsonpath match: the value, its path and a reference the engine can locate."""

    value: Any
    path: tuple[str | int, ...]
    doc: Document

    def ref(self, part: str = "value") -> Ref:
        return self.doc.ref(self.path, part)
