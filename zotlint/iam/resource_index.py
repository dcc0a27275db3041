"""Whether any of many roles may read one secret, without evaluating every role for it.

A repository that repeats a role name (per-environment copies, fixtures) joins every
SecretStore with every role of that name. A key that no role may read is only known after
every role said no: one role at a time that is roles x keys evaluations (issue 14: 200 copies
of a role that each deny their own keys, 8 keys a copy, took 33 s). ``ReadIndex`` keeps the
resource patterns of all the roles' statements that may concern the action in a
``zotlint.iam.pattern_index.PatternIndex``: for one ARN only the patterns that may match it
are matched, and a role none of whose patterns may answers as if every Resource missed the
ARN (computed once). A pattern left out never matches, so every answer is exactly
``zotlint.iam.evaluate.can_read``'s.
"""

from __future__ import annotations

from collections.abc import Callable

from zotlint.iam.evaluate import (
    Verdict,
    action_matches,
    can_read,
    denied_by,
    nearest_grant,
    read_outcome,
)
from zotlint.iam.match import MAX_LEN, Subject, match, not3, or3
from zotlint.iam.model import Role
from zotlint.iam.pattern_index import PatternIndex
from zotlint.iam.policy import Statement, Val
from zotlint.records import dataclass

_RESOURCE, _NOT_RESOURCE, _NO_RESOURCE = 0, 1, 2


@dataclass(slots=True, eq=False)
class _RoleReads:
    """A role's statements that may concern the action, in evaluation order."""

    statements: list[tuple[Statement, bool | None, int]]  # (statement, Action verdict, kind)
    # A policy not read whole, an unresolved attachment or no policy at all: a miss is unknown.
    open: bool


def _role_reads(role: Role, action: str) -> _RoleReads:
    policies = role.all_policies()
    statements = []
    for pol in policies:
        for st in pol.statements:
            act = action_matches(st, action)
            if act is False:
                continue  # never applies, whatever the resource
            kind = (
                _RESOURCE
                if st.resources is not None
                else _NOT_RESOURCE
                if st.not_resources is not None
                else _NO_RESOURCE
            )
            statements.append((st, act, kind))
    is_open = not role.complete() or not policies or any(not p.complete for p in policies)
    return _RoleReads(statements, is_open)


def _outcome(
    rr: _RoleReads, resource: Callable[[int, int], bool | None]
) -> tuple[bool, bool, Statement | None]:
    return read_outcome(
        (st, act, resource(i, kind)) for i, (st, act, kind) in enumerate(rr.statements)
    )


def _may_read(rr: _RoleReads, resource: Callable[[int, int], bool | None]) -> bool:
    """Whether can_read's verdict is not False, given each statement's Resource verdict."""
    allowed, unsure, deny = _outcome(rr, resource)
    return deny is None and (allowed or unsure or rr.open)


def _missed(_: int, kind: int) -> bool | None:
    """A statement's Resource verdict when none of its patterns matches."""
    return False if kind == _RESOURCE else True if kind == _NOT_RESOURCE else None


def _uncompared(rr: _RoleReads) -> Callable[[int, int], bool | None]:
    def resource(i: int, kind: int) -> bool | None:
        st = rr.statements[i][0]
        values = st.resources if kind == _RESOURCE else st.not_resources
        return None if values else _missed(i, kind)

    return resource


class ReadIndex:
    """The statements of ``roles`` that may concern ``action``, indexed by resource pattern."""

    def __init__(self, roles: list[Role], action: str) -> None:
        self._roles = roles
        self._action = action
        self._nearest: Verdict | None = None
        self._reads = [_role_reads(r, action) for r in roles]
        self._default = [_may_read(rr, _missed) for rr in self._reads]
        self._open = sum(self._default)
        self._patterns: PatternIndex[tuple[int, int, Val]] = PatternIndex(glob=True, lower=False)
        for ri, rr in enumerate(self._reads):
            for si, (st, _, kind) in enumerate(rr.statements):
                values = st.resources if kind == _RESOURCE else st.not_resources
                for v in values or ():
                    self._patterns.add((ri, si, v), v.text)
        self._too_long: bool | None = None

    def none_read(self, arn: Subject) -> Verdict | None:
        """When no role may read ``arn`` (``can_read`` False for each): the first role's
        verdict, as ``can_read`` gives it. None when one may (or might)."""
        if len(arn) > MAX_LEN:
            if self._long_arn():
                return None
            first = self._roles[0]
            return can_read(first.all_policies(), first.complete(), arn, self._action)
        hits = self._hits(arn)
        # A role with no pattern left answers as when every Resource misses: if one of those
        # may read, so may the roles.
        if self._open > sum(self._default[r] for r in hits):
            return None
        if any(self._exact(r, found, arn) for r, found in hits.items()):
            return None
        return self._first_verdict(hits.get(0, {}), arn)

    def _hits(self, arn: Subject) -> dict[int, dict[int, list[Val]]]:
        """Per role, per statement: the patterns that may match ``arn`` (all others miss)."""
        hits: dict[int, dict[int, list[Val]]] = {}
        for role, stmt, value in self._patterns.candidates(arn):
            hits.setdefault(role, {}).setdefault(stmt, []).append(value)
        return hits

    def _first_verdict(self, found: dict[int, list[Val]], arn: Subject) -> Verdict:
        """The first role's verdict, known to be False: a Deny that applies, else the
        statement a person would widen (the same for every ARN: computed once)."""
        _, _, deny = self._outcome(0, found, arn)
        if deny is not None:
            return denied_by(deny)
        if self._nearest is None:
            self._nearest = nearest_grant(self._roles[0].all_policies(), self._action)
        return self._nearest

    def _exact(self, role: int, found: dict[int, list[Val]], arn: Subject) -> bool:
        allowed, unsure, deny = self._outcome(role, found, arn)
        return deny is None and (allowed or unsure or self._reads[role].open)

    def _outcome(
        self, role: int, found: dict[int, list[Val]], arn: Subject
    ) -> tuple[bool, bool, Statement | None]:
        def resource(i: int, kind: int) -> bool | None:
            values = found.get(i)
            if not values:
                return _missed(i, kind)
            got = or3([match(v.text, arn, glob=True) for v in values])
            return got if kind == _RESOURCE else not3(got)

        return _outcome(self._reads[role], resource)

    def _long_arn(self) -> bool:
        """An ARN over MAX_LEN is never compared: each pattern answers None."""
        if self._too_long is None:
            self._too_long = any(_may_read(rr, _uncompared(rr)) for rr in self._reads)
        return self._too_long
