"""Declarative rules: a YAML file with a jsonpath query and a small closed set of conditions.

Only single-document checks fit here. Anything relational is a Python rule, so this never grows
into a policy language.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zotlint.document import Document, Kind
from zotlint.rule import Context


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    equals: Any = None
    one_of: list[Any] | None = Field(default=None, alias="one-of")
    not_one_of: list[Any] | None = Field(default=None, alias="not-one-of")
    regex: str | None = None
    not_regex: str | None = Field(default=None, alias="not-regex")
    empty: bool | None = None
    type: Literal["string", "number", "boolean", "list", "map", "null"] | None = None

    def holds(self, value: Any) -> bool:
        fields = self.model_fields_set
        if "equals" in fields and not _same(value, self.equals):
            return False
        if self.one_of is not None and not any(_same(value, v) for v in self.one_of):
            return False
        if self.not_one_of is not None and any(_same(value, v) for v in self.not_one_of):
            return False
        if self.regex is not None and not (isinstance(value, str) and re.search(self.regex, value)):
            return False
        if (
            self.not_regex is not None
            and isinstance(value, str)
            and re.search(self.not_regex, value)
        ):
            return False
        if self.empty is not None and (value in (None, "", [], {})) != self.empty:
            return False
        return self.type is None or _type_name(value) == self.type


def _same(a: Any, b: Any) -> bool:
    # YAML/JSON booleans are not numbers here: `false` must not equal `0`.
    return type(a) is type(b) and a == b


def _type_name(v: Any) -> str:
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


class DeclarativeRule(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=r"^ZOT\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Literal["error", "warning", "note"]
    scope: list[str]
    since: str = "0.1.0"
    summary: str
    tags: list[str] = []
    precision: str = "high"
    when: list[str] = []  # every query must match something, else the rule does not apply
    match: str | None = None  # each match that satisfies `condition` is a finding
    condition: Condition = Condition()
    require: str | None = None  # a finding when this matches nothing
    report_at: str | None = Field(default=None, alias="report-at")  # for `require`
    part: Literal["key", "value"] = "value"
    message: str  # may use {value} and {key}
    doc: str

    def kinds(self) -> list[Kind]:
        return [Kind(s) for s in self.scope]

    def check(self, ctx: Context, doc: Document) -> None:
        for expr in self.when:
            if not ctx.query(doc, expr):
                return
        if self.match:
            for m in ctx.query(doc, self.match):
                if self.condition.holds(m.value):
                    key = doc.key_text(m.path) if m.path else ""
                    ctx.report(m.ref(self.part), self.message.format(value=m.value, key=key))
        if self.require and not ctx.query(doc, self.require):
            at = ctx.query(doc, self.report_at) if self.report_at else []
            ref = at[0].ref("key") if at else doc.ref((), "value")
            ctx.report(ref, self.message.format(value="", key=""))
