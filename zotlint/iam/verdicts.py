"""IAM verdicts per role and question for zot's chain, each computed once per run.

``RoleVerdicts`` (one per project: ``zotlint.model.iam.role_verdicts``) answers ZOT507's and
ZOT508's questions over the IRSA links: ``trust`` / ``read`` per (role, question), and whether
no role of a link may pass, through ``zotlint.iam.trust_index`` and
``zotlint.iam.resource_index`` so that many roles times many stores or keys is not evaluated
pair by pair.
"""

from __future__ import annotations

from collections.abc import Callable

from zotlint.iam.evaluate import Verdict, can_read, trust
from zotlint.iam.match import Subject
from zotlint.iam.model import Role
from zotlint.iam.node import Text
from zotlint.iam.resource_index import ReadIndex
from zotlint.iam.trust_index import TrustIndex


class RoleVerdicts:
    """``trust`` and ``can_read`` per role and question, each computed once over one pass of
    the IRSA links. A repository that repeats a role name (fixtures, environments, copies)
    joins every SecretStore with every role of that name: whether none of them passes is
    asked of an index of the list's patterns, once per (list, question)."""

    def __init__(self) -> None:
        # Keyed by id(role): each value keeps its role alive, so no other role gets that id
        # while the memo lives.
        self._memo: dict[tuple[object, ...], tuple[Role, Verdict]] = {}
        self._trust_indexes: dict[int, tuple[list[Role], TrustIndex]] = {}
        self._trusts: dict[tuple[int, Text, str | None], tuple[Role, Verdict] | None] = {}
        # Keyed by id(roles): the index keeps its list alive.
        self._indexes: dict[tuple[int, str], tuple[list[Role], ReadIndex]] = {}
        self._reads: dict[tuple[int, Subject, str], tuple[Role, Verdict] | None] = {}

    def _get(self, role: Role, key: tuple[object, ...], compute: Callable[[], Verdict]) -> Verdict:
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = (role, compute())
        return got[1]

    def none_trusts(
        self, roles: list[Role], subj: Text, audience: str | None
    ) -> tuple[Role, Verdict] | None:
        """The first role of ``roles`` and its ``trust`` verdict when no role lets the web
        identity in (every verdict False); else None. Once per (role list, question)."""
        key = (id(roles), subj, audience)
        if key not in self._trusts:
            got = self._trust_indexes.get(id(roles))
            if got is None:
                got = self._trust_indexes[id(roles)] = (roles, TrustIndex(roles))
            none = bool(roles) and got[1].none_trusts(subj, audience)
            self._trusts[key] = (roles[0], self.trust(roles[0], subj, audience)) if none else None
        return self._trusts[key]

    def none_reads(
        self, roles: list[Role], arn: Subject, action: str
    ) -> tuple[Role, Verdict] | None:
        """The first role of ``roles`` and its ``can_read`` verdict when no role may read
        ``arn`` (every verdict False); else None. Once per (role list, ARN): stores that
        share a role ARN share the list (``zotlint.model.iam``), and a key they share is
        asked once."""
        key = (id(roles), arn, action)
        if key not in self._reads:
            index = self._read_index(roles, action)
            first = index.none_read(arn) if roles else None
            self._reads[key] = None if first is None else (roles[0], first)
        return self._reads[key]

    def _read_index(self, roles: list[Role], action: str) -> ReadIndex:
        got = self._indexes.get((id(roles), action))
        if got is None:
            got = self._indexes[(id(roles), action)] = (roles, ReadIndex(roles, action))
        return got[1]

    def trust(self, role: Role, subj: Text, audience: str | None) -> Verdict:
        return self._get(
            role, (id(role), "trust", subj, audience), lambda: trust(role.trust, subj, audience)
        )

    def read(self, role: Role, arn: Subject, action: str) -> Verdict:
        return self._get(
            role,
            (id(role), "read", arn, action),
            lambda: can_read(role.all_policies(), role.complete(), arn, action),
        )
