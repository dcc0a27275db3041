"""Reporting helpers for project-scoped rules that walk deployments.

A values file shared by several deployments (a `common.yaml` layered by dev and prod) is seen
once per deployment; ``Once`` keeps one finding per place and message identity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zotlint.document import Ref
from zotlint.fix.edits import Fix
from zotlint.rule import Context


class Once:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._seen: set[tuple[int, tuple[Any, ...], str, str]] = set()

    def report(
        self,
        ref: Ref,
        message: str,
        *,
        related: Iterable[tuple[Ref | None, str]] = (),
        identity: str = "",
        severity: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        key = (id(ref.doc), ref.path, ref.part, identity)
        if key in self._seen:
            return
        self._seen.add(key)
        rel = [
            (r, m)
            for r, m in related
            if r is not None
            and (r.doc is not ref.doc or r.path != ref.path or r.fixed != ref.fixed)
        ]
        self.ctx.report(ref, message, related=rel, identity=identity, severity=severity, fix=fix)


class Best:
    """Keeps, per place, the offer with the highest rank and reports it on ``flush``.

    A link matched by name across an unknown namespace and the same link seen whole reach
    one ExternalSecret entry from two deployments; the certain one should speak.
    """

    def __init__(self, ctx: Context) -> None:
        self._once = Once(ctx)
        self._offers: dict[tuple[int, tuple[Any, ...], str, str], tuple[int, int, Any]] = {}

    def offer(
        self,
        rank: int,
        ref: Ref,
        message: str,
        *,
        related: Iterable[tuple[Ref | None, str]] = (),
        identity: str = "",
        severity: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        key = (id(ref.doc), ref.path, ref.part, identity)
        seq = len(self._offers)
        cur = self._offers.get(key)
        if cur is None or rank > cur[0]:
            self._offers[key] = (rank, seq, (ref, message, list(related), identity, severity, fix))

    def flush(self) -> None:
        for _, _, (ref, message, related, identity, severity, fix) in sorted(
            self._offers.values(), key=lambda o: o[1]
        ):
            self._once.report(
                ref, message, related=related, identity=identity, severity=severity, fix=fix
            )
