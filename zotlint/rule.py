"""The authoring API for rules: metadata, the ``@rule`` marker, and the context a check gets.

A rule is a module in ``rules/`` with a docstring (its documentation) and one function marked
``@rule``. Rules never compute positions, read globals or print values: they call
``ctx.report(ref, message)`` with a reference into a document, and the engine does the rest.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from zotlint.document import Kind, Ref
from zotlint.findings import Severity
from zotlint.fix.edits import Fix
from zotlint.records import dataclass
from zotlint.redact import Sensitive
from zotlint.source.problems import ProblemKind

if TYPE_CHECKING:
    from zotlint.facts import Facts
    from zotlint.model import Model
    from zotlint.project import Project
    from zotlint.secrets.scan import SecretScan

# Rule scopes. Besides document kinds (zotlint.document.Kind: the engine calls ``check(ctx,
# doc)`` for every document of those kinds), a rule's scope is one of:
PROJECT = "project"  # check(ctx), once per run
DOCUMENT = "document"  # check(ctx, doc) for every parsed document, whatever its kind
# check(ctx, dep) for every complete deployment of the project-zot chart in ctx.model; a report
# repeated for another deployment at the same place (a shared values layer) is kept once.
DEPLOYMENT = "deployment"
# No check: the engine reports the problem kinds the rule declares (``problems=``), found by
# the loader, file discovery or the suppression pass; the rule file holds the documentation.
ENGINE = "engine"

DOC_HEADINGS = ("## What it does", "## Why it matters", "## Example", "## Fix", "## References")


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none: any configured option is an error."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True)
class OptionInfo:
    """One option of a rule, for the documentation (`zotlint rule`, `zotlint rules --format
    json`)."""

    name: str
    type: Any  # the resolved annotation
    default: Any  # the default, or the value of the default factory


def option_fields(options: type) -> list[OptionInfo]:
    """The fields of a rule's options dataclass, annotations resolved."""
    hints = typing.get_type_hints(options)
    out = []
    for f in dataclasses.fields(options):
        default = f.default
        if default is dataclasses.MISSING:
            default = f.default_factory()  # type: ignore[misc]
        out.append(OptionInfo(f.name, hints[f.name], default))
    return out


def _options_class(options: type) -> type:
    """Check a rule's options: a dataclass whose fields all have defaults (a rule runs with no
    configuration). Unknown option keys are always an error."""
    if not (isinstance(options, type) and dataclasses.is_dataclass(options)):
        raise TypeError(f"rule options must be a dataclass, not {options!r}")
    for f in dataclasses.fields(options):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise TypeError(f"rule option {options.__name__}.{f.name} needs a default")
    config = getattr(options, "__pydantic_config__", {})
    if config.get("extra") != "forbid":
        options.__pydantic_config__ = {**config, "extra": "forbid"}  # type: ignore[attr-defined]
    return options


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    severity: Severity
    summary: str
    scope: tuple[Kind | str, ...]
    since: str
    # ENGINE rules: the problem kinds (zotlint.source.problems) this rule reports.
    problems: tuple[ProblemKind, ...] = ()
    options: type = NoOptions  # a dataclass; zotlint.config.rule_options builds it
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
    options: type = NoOptions,
    tags: Sequence[str] = (),
    aliases: Sequence[str] = (),
    precision: str = "high",
    security_severity: float | None = None,
    problems: Sequence[ProblemKind] = (),
) -> Callable[[F], F]:
    """Mark a check function; the registry finds it when it loads the module (no global list).

    ``options`` is a dataclass whose fields all have defaults; the engine validates configured
    options into it (unknown keys are rejected) and hands the instance to ``ctx.options``.
    ``problems``: for an ENGINE rule, the problem kinds it reports.
    """
    options = _options_class(options)

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
            "problems": tuple(problems),
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
    fix: Fix | None = None  # edits on references (zotlint.fix.edits); the engine resolves them


@dataclass
class Context:
    """What a check receives besides the document: its options, the loaded project, the facts
    the engine derives from it (``model``, ``secrets``: built when a rule first reads them), and
    ``report``."""

    meta: RuleMeta
    options: Any
    facts: Facts
    reports: list[Report] = field(default_factory=list)

    @property
    def project(self) -> Project:
        """The loaded documents (zotlint.project)."""
        return self.facts.project

    @property
    def model(self) -> Model:
        """The cross-file deployment model (zotlint.model)."""
        return self.facts.model

    @property
    def secrets(self) -> SecretScan:
        """The committed secrets the scan found (zotlint.secrets.scan)."""
        return self.facts.secrets

    def report(
        self,
        ref: Ref,
        message: str,
        *,
        related: Iterable[tuple[Ref | None, str]] = (),
        identity: str = "",
        secrets: Iterable[Sensitive] = (),
        severity: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        """Record a finding at ``ref``. ``identity`` distinguishes several findings at one path
        for the line-free fingerprint; ``secrets`` are scrubbed from every output; ``fix``
        (zotlint.fix.edits) is the edit that resolves it, named by references too. A related
        location that is None (a value the model could not place) is left out."""
        self.reports.append(
            Report(
                ref=ref,
                message=message,
                related=tuple((r, m) for r, m in related if r is not None),
                identity=identity,
                secrets=tuple(secrets),
                severity=Severity.parse(severity) if severity else None,
                fix=fix,
            )
        )
