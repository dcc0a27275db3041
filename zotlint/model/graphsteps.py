"""The steps of one `zotlint graph` chain: a file zot reads, followed link by link.

Each step is a link the model found, missed or found broken, with where it is written
(`file:line`); ``zotlint.model.graph`` builds the chains of chart deployments and renders them,
``zotlint.model.offchart.graphchain`` the config chain of an off-chart workload.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from zotlint.document import Ref
from zotlint.model.links import FOUND, MISSING, StartFile
from zotlint.records import dataclass

BROKEN, UNKNOWN = "broken", "unknown"


@dataclass
class Step:
    kind: str  # provider | mount | volume | secret | key | external-secret | remote | store | sa
    label: str
    status: str  # found | missing | broken | unknown
    where: str | None = None  # file:line
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "label": self.label, "status": self.status}
        if self.where:
            out["where"] = self.where
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Chain:
    file: StartFile
    steps: list[Step] = field(default_factory=list)

    @property
    def status(self) -> str:
        for s in self.steps:
            if s.status in (MISSING, BROKEN):
                return s.status
        return FOUND


def where(ref: Ref | None) -> str | None:
    if ref is None:
        return None
    span = ref.span()
    line, _ = ref.doc.source.position(span.start)
    return f"{ref.doc.source.rel}:{line}"
