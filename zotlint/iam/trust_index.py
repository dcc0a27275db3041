"""Whether any of many roles trusts one service account, without evaluating every role for it.

The trust side of ``zotlint.iam.resource_index``: N copies of a role name that each trust
only their own account (or none) are joined with N stores, and a store no role trusts is
only known after every role said no (N x N trust policies). A trust policy depends on the
service account only through its `:sub` conditions; ``TrustIndex`` keeps their values in
``zotlint.iam.pattern_index.PatternIndex``es (one per operator kind: `StringLike` wildcards,
`IgnoreCase`), so for one subject only the values that may match it are matched, and a role
none of whose values may answers as if every `:sub` value missed (once per audience). A
value left out never matches: every answer is exactly ``zotlint.iam.evaluate.trust``'s.
"""

from __future__ import annotations

from zotlint.iam.evaluate import Verdict, string_operator, trust
from zotlint.iam.match import subject
from zotlint.iam.model import Role
from zotlint.iam.node import Text
from zotlint.iam.pattern_index import PatternIndex
from zotlint.iam.policy import Condition, Val

_Hit = tuple[int, int, Val]  # (role position, id of the condition, value)


class TrustIndex:
    """The `:sub` condition values of the trust policies of ``roles``."""

    def __init__(self, roles: list[Role]) -> None:
        self._roles = roles
        self._indexes: dict[tuple[bool, bool], PatternIndex[_Hit]] = {}
        for ri, role in enumerate(roles):
            for st in role.trust.statements if role.trust is not None else ():
                for c in st.conditions:
                    spec = string_operator(c.operator) if c.operator is not None else None
                    if spec is None or not c.key.endswith(":sub"):
                        continue  # never matched against the subject
                    _, like, icase = spec
                    index = self._indexes.get((like, icase))
                    if index is None:
                        index = self._indexes[(like, icase)] = PatternIndex(glob=like, lower=icase)
                    for v in c.values:
                        index.add((ri, id(c), v), v.text)
        self._defaults: dict[str | None, tuple[list[bool], int]] = {}

    def none_trusts(self, subj: Text, audience: str | None) -> bool:
        """Whether ``trust`` is False for every role."""
        defaults, trusting = self._default(subj, audience)
        hits: dict[int, dict[int, list[Val]]] = {}
        for (_, icase), index in self._indexes.items():
            for role, cond, value in index.candidates(subject(subj, lower=icase)):
                hits.setdefault(role, {}).setdefault(cond, []).append(value)
        # A role with no value left answers as when every `:sub` value misses: if one of
        # those may let the token in, the roles may.
        if trusting > sum(defaults[r] for r in hits):
            return False
        for role, found in hits.items():
            policy = self._roles[role].trust

            def values(c: Condition, found: dict[int, list[Val]] = found) -> list[Val]:
                return found.get(id(c), [])

            if trust(policy, subj, audience, values).allowed is not False:
                return False
        return True

    def _default(self, subj: Text, audience: str | None) -> tuple[list[bool], int]:
        """Per role, whether it may trust a subject none of its `:sub` values matches, and
        how many may (per audience: `:aud` conditions do not depend on the subject)."""
        got = self._defaults.get(audience)
        if got is None:
            verdicts: list[Verdict] = [
                trust(r.trust, subj, audience, lambda c: []) for r in self._roles
            ]
            may = [v.allowed is not False for v in verdicts]
            got = self._defaults[audience] = (may, sum(may))
        return got
