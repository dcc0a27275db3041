"""Rules written as data: a jsonpath-ng query and one condition from a small closed set.

Used for custom policies (a team's own rules in `.zotlint/rules/*.yaml`, see zotlint.policies)
and for declarative catalogue rules (`rules/<pack>/ZOTnnn_*.yaml`). Only single-document checks
fit here, plus the chart values of a deployment after the merge; anything relational is a
Python rule, so this never grows into a policy language.

Conditions (exactly one per rule):
- ``exists: true``: the query must match something; else a finding at the deepest existing
  part of the query's leading keys (or the document).
- ``absent: true``: the query must match nothing; a finding at each match's key.
- ``equals``, ``not-equals``, ``one-of``, ``matches`` (a bounded regular expression, whole
  value), ``type``: every match must satisfy it; a finding at each value that does not. With
  ``required: true`` a query that matches nothing is a finding too.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zotlint.document import Kind

CHART_VALUES = "chart-values"  # a deployment's chart values after the Helm/Argo CD merge
KINDS = tuple(k.value for k in Kind if k is not Kind.OTHER) + (CHART_VALUES,)
TYPES = ("string", "number", "boolean", "list", "map", "null")
MAX_REGEX = 256  # characters of a `matches` pattern
MAX_MATCHED = 4096  # characters of a value a pattern is tried on; longer values never match


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    exists: Literal[True] | None = None
    absent: Literal[True] | None = None
    equals: Any = None
    not_equals: Any = Field(default=None, alias="not-equals")
    one_of: list[Any] | None = Field(default=None, alias="one-of", min_length=1)
    matches: str | None = Field(default=None, max_length=MAX_REGEX)
    type: Literal["string", "number", "boolean", "list", "map", "null"] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = sorted(self.model_fields_set)
        if len(given) != 1:
            names = "exists, absent, equals, not-equals, one-of, matches, type"
            raise ValueError(f"give exactly one of {names} (got {len(given)})")
        return self

    @field_validator("matches")
    @classmethod
    def _bounded(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            bounded_regex(pattern)
        return pattern

    @property
    def name(self) -> str:
        return next(iter(self.model_fields_set)).replace("_", "-")

    def value_check(self) -> bool:
        return self.name not in ("exists", "absent")

    def holds(self, value: Any) -> bool:
        n = self.name
        if n == "equals":
            return _same(value, self.equals)
        if n == "not-equals":
            return not _same(value, self.not_equals)
        if n == "one-of":
            return any(_same(value, v) for v in self.one_of or ())
        if n == "matches":
            return (
                isinstance(value, str)
                and len(value) <= MAX_MATCHED
                and _compiled(self.matches or "").fullmatch(value) is not None
            )
        if n == "type":
            return type_name(value) == self.type
        return True

    def expectation(self) -> str:
        """What the condition wants, in words (the detail of a finding). Only the policy's own
        values appear, never a value read from a scanned file."""
        n = self.name
        if n == "equals":
            return f"should be {_show(self.equals)}"
        if n == "not-equals":
            return f"should not be {_show(self.not_equals)}"
        if n == "one-of":
            return "should be one of " + ", ".join(_show(v) for v in self.one_of or ())
        if n == "matches":
            return f"should match /{self.matches}/"
        if n == "type":
            return f"should be a {self.type}"
        return "should be absent" if n == "absent" else "should be set"


def _show(v: Any) -> str:
    import json

    return json.dumps(v, ensure_ascii=False)[:80]


def _same(a: Any, b: Any) -> bool:
    # YAML/JSON booleans are not numbers here: `false` must not equal `0`; 1 equals 1.0.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    return "map"


_compiled = re.compile  # re caches compiled patterns itself


def bounded_regex(pattern: str) -> None:
    """Reject what makes a backtracking engine slow on hostile input: back-references,
    look-arounds, and a repeat inside a repeat (`(a+)+`). Everything else runs in linear-ish
    time on values of at most MAX_MATCHED characters."""
    import re._parser as sre_parse  # the parser `re` itself uses

    try:
        tree = sre_parse.parse(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}
    refused = {sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS, sre_parse.ASSERT}
    refused |= {sre_parse.ASSERT_NOT}

    def walk(items: Any, in_repeat: bool) -> None:
        for op, arg in items:
            if op in refused:
                raise ValueError("back-references and look-arounds are not allowed")
            if op in repeats:
                if arg[1] <= 1:  # `?`, `{0,1}`: an option, not a loop
                    walk(arg[2], in_repeat)
                    continue
                if in_repeat:
                    raise ValueError("a repeat inside a repeat is not allowed (e.g. (a+)+)")
                walk(arg[2], True)
            elif op is sre_parse.SUBPATTERN:
                walk(arg[-1], in_repeat)
            elif op is sre_parse.BRANCH:
                for alt in arg[1]:
                    walk(alt, in_repeat)
            elif op is sre_parse.ATOMIC_GROUP:
                walk(arg, in_repeat)

    walk(tree, False)


class Policy(BaseModel):
    """One rule as data (a file's mapping, or one entry of its `policies:` list)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,15}$", max_length=16)
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)
    severity: Literal["error", "warning", "note"]
    message: str = Field(min_length=1, max_length=200)
    kind: str
    query: str = Field(min_length=1, max_length=512)
    condition: Condition
    required: bool = False
    files: list[str] = []  # root-relative globs; empty = every file
    description: str = ""
    tags: list[str] = []
    since: str = "0.1.0"
    precision: Literal["very-high", "high", "medium", "low"] = "high"

    @field_validator("id")
    @classmethod
    def _id_has_number(cls, v: str) -> str:
        if not re.search(r"\d$", v):
            raise ValueError("an ID ends with a number, like ACME001")
        return v

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in KINDS:
            import difflib

            close = difflib.get_close_matches(v, KINDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"unknown kind '{v}'{hint}; one of: {', '.join(KINDS)}")
        return v

    @field_validator("query")
    @classmethod
    def _compiles(cls, v: str) -> str:
        from zotlint.query import QueryError, compile_path

        try:
            compile_path(v)
        except QueryError as exc:
            raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _required_needs_value_check(self) -> Policy:
        if self.required and not self.condition.value_check():
            raise ValueError(f"'required' goes with a value condition, not '{self.condition.name}'")
        return self

    def summary(self) -> str:
        return self.message if self.message.endswith(".") else self.message + "."

    def doc(self, source: str) -> str:
        """Documentation in the catalogue's shape, for `zotlint rule ID` and SARIF help."""
        what = (
            f"A custom policy ({source}). On every `{self.kind}` document"
            + (f" in {', '.join(f'`{g}`' for g in self.files)}" if self.files else "")
            + f", the jsonpath `{self.query}` {self.condition.expectation()}"
            + (" (a missing value is a finding)" if self.required else "")
            + "."
        )
        body = self.description.strip() or "Defined by this repository's team."
        return f"## What it does\n{what}\n\n## Why it matters\n{body}\n"

    def kinds(self) -> tuple[Kind | str, ...]:
        return (self.kind,) if self.kind == CHART_VALUES else (Kind(self.kind),)

    def applies_to(self, rel: str) -> bool:
        """Whether the file ``rel`` (relative to the policy's folder) is one of `files`."""
        if not self.files:
            return True
        from zotlint.globs import glob_match

        return any(glob_match(g, rel) for g in self.files)
