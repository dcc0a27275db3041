"""IAM verdicts per role and question for zot's chain, each computed once per run.

``RoleVerdicts`` (one per project: ``zotlint.model.iam.role_verdicts``) answers ZOT507's and
ZOT508's questions over the IRSA links: ``trust`` / ``read`` per (role, question), and whether
no role of a link may pass, the reads through ``zotlint.iam.resource_index`` so that many roles
times many keys is not evaluated pair by pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from zotlint.iam.evaluate import Verdict, can_read, trust
from zotlint.iam.match import Subject
from zotlint.iam.model import Role
from zotlint.iam.node import Text
from zotlint.iam.resource_index import ReadIndex


class RoleVerdicts:
    """``trust`` and ``can_read`` per role and question, each computed once over one pass of
    the IRSA links. A repository that repeats a role name (fixtures, environments, copies)
    joins every SecretStore with every role of that name; the answer depends on nothing but
    the role and the question, so a repeated pair costs a lookup, not an evaluation."""

    def __init__(self) -> None:
        # Keyed by id(role): each value keeps its role alive, so no other role gets that id
        # while the memo lives.
        self._memo: dict[tuple[object, ...], tuple[Role, Verdict]] = {}
        self._orders: dict[int, tuple[list[Role], _DirIndex]] = {}
        # Keyed by id(roles): the index keeps its list alive.
        self._indexes: dict[tuple[int, str], tuple[list[Role], ReadIndex]] = {}
        self._reads: dict[tuple[int, Subject, str], tuple[Role, Verdict] | None] = {}

    def _get(self, role: Role, key: tuple[object, ...], compute: Callable[[], Verdict]) -> Verdict:
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = (role, compute())
        return got[1]

    def none_trusts(
        self, roles: list[Role], subj: Text, audience: str | None, near: str
    ) -> tuple[Role, Verdict] | None:
        """``_all_fail`` for ``trust``: no role lets the web identity in."""
        return _all_fail(
            roles, self._nearest_first(roles, near), lambda r: self.trust(r, subj, audience)
        )

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
            self._reads[key] = (
                None
                if not roles or index.may_read(arn)
                else (roles[0], self.read(roles[0], arn, action))
            )
        return self._reads[key]

    def _read_index(self, roles: list[Role], action: str) -> ReadIndex:
        got = self._indexes.get((id(roles), action))
        if got is None:
            got = self._indexes[(id(roles), action)] = (roles, ReadIndex(roles, action))
        return got[1]

    def _nearest_first(self, roles: list[Role], near: str) -> Iterator[Role]:
        """``roles``, those defined nearest to ``near`` (the root-relative file that asks)
        first: in a repository of per-environment copies that share a role name, each
        store's own role then decides at once. The order of a stable sort by the number of
        leading directories shared, produced lazily from an index of the list's directories
        (built once per list, kept alive here): sorting hundreds of roles for each of
        hundreds of stores was a quadratic path of its own."""
        got = self._orders.get(id(roles))
        if got is None:
            got = self._orders[id(roles)] = (roles, _DirIndex(roles))
        return got[1].nearest_first(near)

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


def _all_fail(
    roles: list[Role], order: Iterable[Role], verdict: Callable[[Role], Verdict]
) -> tuple[Role, Verdict] | None:
    """The first role of ``roles`` and its verdict when ``verdict`` fails (allowed False) for
    every role; None as soon as one passes or might, trying them in ``order``. The order never
    changes the answer: one role that may pass is enough, and the report names the first."""
    for role in order:
        if verdict(role).allowed is not False:
            return None
    return (roles[0], verdict(roles[0])) if roles else None


class _DirIndex:
    """The roles of one list under each leading-directory prefix of their files, in order."""

    def __init__(self, roles: list[Role]) -> None:
        self._dirs = [tuple(r.ref.doc.source.rel.split("/")[:-1]) for r in roles]
        self._roles = roles
        self._under: dict[tuple[str, ...], list[int]] = {}
        for i, dirs in enumerate(self._dirs):
            for d in range(len(dirs) + 1):
                self._under.setdefault(dirs[:d], []).append(i)

    def nearest_first(self, near: str) -> Iterator[Role]:
        """Roles sharing d leading directories with ``near``, d from the most to none."""
        target = tuple(near.split("/")[:-1])
        for d in range(len(target), -1, -1):
            for i in self._under.get(target[:d], ()):
                dirs = self._dirs[i]
                if d < len(target) and len(dirs) > d and dirs[d] == target[d]:
                    continue  # shares more: already given
                yield self._roles[i]
