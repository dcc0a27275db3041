"""The IAM roles a repository defines, from every source form, indexed by name.

Each source module (``terraform``, ``eksctl``, ``crossplane``, ``ack``, ``rawjson``) returns
``Role``s and named ``Policy``s; attachments that name a policy by ARN are resolved here,
across forms. A role whose attachments cannot all be resolved keeps ``policies_complete =
False``: what it may read is then unknown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import field

from zotlint.data.iam import MANAGED_POLICIES
from zotlint.document import Ref
from zotlint.iam.node import Text
from zotlint.iam.policy import Policy, statement
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

_ROLE_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):iam::(?P<account>\d{12}|[^:]*):role(?P<path>/(?:[^/]+/)*)(?P<name>[^/]+)$"
)
_POLICY_ARN = lazy_compile(
    r"^arn:(?P<partition>aws[a-z-]*):iam::(?P<account>\d{12}|aws|[^:]*):policy(?P<path>/(?:[^/]+/)*)(?P<name>[^/]+)$"
)


@dataclass(frozen=True, slots=True)
class Arn:
    partition: str
    account: str
    path: str
    name: str


def parse_role_arn(arn: str) -> Arn | None:
    m = _ROLE_ARN.match(arn.strip())
    if m is None:
        return None
    return Arn(m["partition"], m["account"], m["path"], m["name"])


def parse_policy_arn(arn: str) -> Arn | None:
    m = _POLICY_ARN.match(arn.strip())
    if m is None:
        return None
    return Arn(m["partition"], m["account"], m["path"], m["name"])


@dataclass(slots=True, eq=False)
class Attachment:
    """A managed policy attached to a role, as written: an ARN, or a policy of the repo."""

    arn: Text | None  # the ARN when written as one
    ref: Ref
    policy: Policy | None = None  # resolved
    policy_key: tuple[str, str] | None = None  # (source, local name) of a policy in the repo


@dataclass(slots=True, eq=False)
class Role:
    source: str  # terraform | terraform-module | eksctl | crossplane | ack | json
    label: str  # how a message names it
    ref: Ref  # where it is defined (its name, or the block)
    name: str | None  # None: generated or unknown
    name_is_prefix: bool = False
    path: str | None = None
    account: str | None = None
    trust: Policy | None = None  # None: unknown
    policies: list[Policy] = field(default_factory=list)  # inline
    attachments: list[Attachment] = field(default_factory=list)
    policies_complete: bool = True
    # eksctl: the service account it is created for (namespace, name)
    for_account: tuple[str, str] | None = None

    def all_policies(self) -> list[Policy]:
        return self.policies + [a.policy for a in self.attachments if a.policy is not None]

    def complete(self) -> bool:
        return self.policies_complete and all(a.policy is not None for a in self.attachments)


@dataclass(slots=True, eq=False)
class NamedPolicy:
    """A managed (customer) policy the repo defines: matched by name, or by a local key."""

    name: str | None
    path: str | None
    policy: Policy
    key: tuple[str, str] | None = None


class IamIndex:
    def __init__(self, roles: list[Role], policies: list[NamedPolicy]) -> None:
        self.roles = roles
        self._by_name: dict[str, list[Role]] = defaultdict(list)
        self._prefixed: list[Role] = []
        for r in roles:
            if r.name is None:
                continue
            if r.name_is_prefix:
                self._prefixed.append(r)
            else:
                self._by_name[r.name].append(r)
        self._policies: dict[str, list[NamedPolicy]] = defaultdict(list)
        self._policy_keys: dict[tuple[str, str], NamedPolicy] = {}
        for p in policies:
            if p.name:
                self._policies[p.name].append(p)
            if p.key:
                self._policy_keys[p.key] = p
        for r in roles:
            for a in r.attachments:
                a.policy = self._resolve(a)

    def _resolve(self, a: Attachment) -> Policy | None:
        if a.policy is not None:
            return a.policy
        if a.policy_key is not None:
            got = self._policy_keys.get(a.policy_key)
            return got.policy if got is not None else None
        arn = a.arn.known if a.arn is not None else None
        if arn is None:
            return None
        parsed = parse_policy_arn(arn)
        if parsed is None:
            return None
        if parsed.account == "aws":
            return _managed(parsed.name, a.ref)
        found = [p for p in self._policies.get(parsed.name, ()) if p.path in (None, parsed.path)]
        return found[0].policy if len(found) == 1 else None

    def roles_for(self, arn: str) -> list[Role]:
        """Roles of the repo an annotation's ARN names (name, path and account must agree
        where the role states them)."""
        parsed = parse_role_arn(arn)
        if parsed is None:
            return []
        out = [
            r
            for r in self._by_name.get(parsed.name, ())
            if r.path in (None, parsed.path) and r.account in (None, parsed.account)
        ]
        out.extend(
            r
            for r in self._prefixed
            if r.name is not None
            and parsed.name.startswith(r.name)
            and r.path in (None, parsed.path)
            and r.account in (None, parsed.account)
        )
        return out


def _managed(name: str, ref: Ref) -> Policy | None:
    spec = MANAGED_POLICIES.get(name)
    if spec is None:
        return None
    pol = Policy(f"AWS managed policy {name}", ref)
    for effect, actions, resources in spec:
        pol.statements.append(
            statement(ref, effect, [(a, ref) for a in actions], [(r, ref) for r in resources])
        )
    return pol
