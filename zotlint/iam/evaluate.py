"""IAM's own evaluation, for the two questions zot's chain asks, answered True/False/None.

- ``trust(policy, subject, audience)``: may the service account's web identity token assume
  the role? (`sts:AssumeRoleWithWebIdentity`, a `Federated` OIDC provider, `…:sub` and
  `…:aud` conditions.)
- ``can_read(policies, arn)``: do the role's policies allow `secretsmanager:GetSecretValue` on
  the secret's ARN? An explicit Deny wins over any Allow.

Sources: AWS IAM User Guide — "Policy evaluation logic" and "The difference between explicit
and implicit denies" (a Deny that applies overrides every Allow; nothing allowed is denied),
"IAM JSON policy elements: Condition operators" (a key absent from the request makes every
operator false except the negated ones, `...IfExists` and `Null`; values of one key are ORed,
keys and operators ANDed), "Action" / "NotAction" (case-insensitive, wildcards), "Resource"
/ "NotResource". EKS User Guide, IRSA trust policy (`<provider>:sub`, `<provider>:aud`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from zotlint.document import Ref
from zotlint.iam.match import Subject, and3, literal, match, not3, or3, subject
from zotlint.iam.node import Text
from zotlint.iam.policy import Condition, Policy, Statement, Val
from zotlint.records import dataclass

_STRING_OPS = {
    "stringequals": (False, False, False),  # (negated, like, ignore case)
    "stringnotequals": (True, False, False),
    "stringequalsignorecase": (False, False, True),
    "stringnotequalsignorecase": (True, False, True),
    "stringlike": (False, True, False),
    "stringnotlike": (True, True, False),
}


@dataclass(slots=True)
class Verdict:
    allowed: bool | None
    ref: Ref | None = None  # where to point when not allowed
    why: str = ""  # "sub" | "aud" | "provider" | "action" | "principal" | "deny" | "resource"
    condition: Condition | None = None
    statement: Statement | None = None


def action_matches(st: Statement, action: str) -> bool | None:
    """Whether the statement's Action (or NotAction) covers ``action``."""
    subj = literal(action.lower())
    if st.actions is not None:
        return or3([match(v.text, subj, glob=True, ignore_case=True) for v in st.actions])
    if st.not_actions is not None:
        return not3(or3([match(v.text, subj, glob=True, ignore_case=True) for v in st.not_actions]))
    return None


def resource_matches(st: Statement, arn: Subject) -> bool | None:
    if st.resources is not None:
        return or3([match(v.text, arn, glob=True) for v in st.resources])
    if st.not_resources is not None:
        return not3(or3([match(v.text, arn, glob=True) for v in st.not_resources]))
    return None


# -- trust ----------------------------------------------------------------------------------


def _providers(st: Statement) -> tuple[bool | None, list[str] | None]:
    """(does the principal admit a web identity from an OIDC provider, the providers' host
    paths when all are known)."""
    if st.principals is None or st.not_principal:
        return (False if st.principals is None and not st.not_principal else None), None
    verdicts: list[bool | None] = []
    hosts: list[str] | None = []
    for kind, ids in st.principals:
        if kind == "*":
            verdicts.append(True)
            hosts = None
            continue
        if kind is None:
            verdicts.append(None)
            hosts = None
            continue
        if kind != "Federated":
            verdicts.append(False)
            continue
        for v in ids:
            known = v.known
            if known is None:
                # An expression (`aws_iam_openid_connect_provider.eks.arn`): a Federated
                # principal zotlint takes to be the cluster's OIDC provider; which cluster it
                # is can never be checked statically.
                verdicts.append(True)
                hosts = None
            elif ":oidc-provider/" in known:
                verdicts.append(True)
                if hosts is not None:
                    hosts.append(known.split(":oidc-provider/", 1)[1].lower())
            else:
                verdicts.append(False)
    return or3(verdicts), hosts


def string_operator(op: str) -> tuple[bool, bool, bool] | None:
    """(negated, like, ignore case) of a string condition operator, None for any other."""
    base = op.removesuffix("IfExists")
    for prefix in ("ForAnyValue:", "ForAllValues:"):
        base = base.removeprefix(prefix)  # single-valued keys: same as the plain operator
    return _STRING_OPS.get(base.lower())


# The values of a `:sub` condition to match (the others miss the subject), for a caller that
# knows which of them cannot match (zotlint.iam.trust_index); None: all of them.
SubValues = Callable[[Condition], list[Val]] | None


def _condition(
    c: Condition, hosts: list[str] | None, subj: Text, audience: str | None, sub: SubValues
) -> bool | None:
    """One condition against the web identity request's `sub` and `aud` keys."""
    if c.operator is None:
        return None
    if_exists = c.operator.endswith("IfExists")
    spec = string_operator(c.operator)
    key = c.key
    claim = "sub" if key.endswith(":sub") else "aud" if key.endswith(":aud") else None
    if claim is None:
        return None  # another key (aws:…, amr): zotlint does not know the request's value
    host = key.prefix_before_last(":").known
    present: bool | None = True
    if host is not None and hosts is not None:
        present = host.lower() in hosts
    elif host is None:
        present = True if hosts is None or len(hosts) <= 1 else None
    if present is False:
        if spec is None:
            return None
        return bool(if_exists or spec[0])
    if spec is None:
        return None
    negated, like, icase = spec
    value = subj if claim == "sub" else (Text((audience,)) if audience is not None else None)
    if value is None:
        return None
    target = subject(value, lower=icase)
    values = c.values if sub is None or claim != "sub" else sub(c)
    hit = or3([match(v.text, target, glob=like, ignore_case=icase) for v in values])
    got = not3(hit) if negated else hit
    if present is None:
        return None if got is not True else True
    return got


def trust(
    policy: Policy | None, subj: Text, audience: str | None, sub: SubValues = None
) -> Verdict:
    """May a web identity token with ``subj`` (`system:serviceaccount:<ns>:<name>`) and
    ``audience`` (None: unknown) assume a role with this trust policy?"""
    if policy is None:
        return Verdict(None)
    allows: list[bool | None] = []
    denies: list[bool | None] = []
    first_fail: Verdict | None = None
    for st in policy.statements:
        act = action_matches(st, "sts:AssumeRoleWithWebIdentity")
        principal, hosts = _providers(st)
        conds = [_condition(c, hosts, subj, audience, sub) for c in st.conditions]
        got = and3([act, principal, *conds]) if st.known else and3([act, principal, *conds, None])
        if st.effect == "Deny":
            denies.append(got)
            if got is True:
                return Verdict(False, st.effect_ref or st.ref, "deny", statement=st)
            continue
        if st.effect is None:
            allows.append(None if got is not False else False)
            denies.append(None if got is not False else False)
            continue
        allows.append(got)
        if got is False and first_fail is None and act is not False and principal is not False:
            for c, r in zip(st.conditions, conds, strict=True):
                if r is False:
                    claim = "sub" if c.key.endswith(":sub") else "aud"
                    host = c.key.prefix_before_last(":").known
                    why = claim
                    if host is not None and hosts is not None and host.lower() not in hosts:
                        why = "provider"
                    where = c.ref if why == "provider" or not c.values else c.values[0].ref
                    first_fail = Verdict(False, where, why, c, st)
                    break
    if any(a is True for a in allows):
        return Verdict(True if not any(d is None for d in denies) else None)
    if any(a is None for a in allows) or any(d is None for d in denies) or not policy.complete:
        return Verdict(None)
    if first_fail is not None:
        return first_fail
    return _no_web_identity(policy)


def _no_web_identity(policy: Policy) -> Verdict:
    """Nothing in the policy lets a web identity in: point at the nearest statement."""
    for st in policy.statements:
        if st.effect != "Allow":
            continue
        if action_matches(st, "sts:AssumeRoleWithWebIdentity") is True:
            return Verdict(False, st.principal_ref or st.ref, "principal", statement=st)
    first = next((s for s in policy.statements if s.effect == "Allow"), None)
    if first is not None:
        return Verdict(False, first.action_ref or first.ref, "action", statement=first)
    return Verdict(False, policy.ref, "action")


# -- permissions ------------------------------------------------------------------------------


def can_read(policies: list[Policy], complete: bool, arn: Subject, action: str) -> Verdict:
    """Whether ``policies`` allow ``action`` on ``arn``. ``complete``: every policy attached
    to the role is known (else a miss is unknown, never a finding)."""
    allowed, unsure, deny = read_outcome(
        (st, action_matches(st, action), resource_matches(st, arn))
        for pol in policies
        for st in pol.statements
    )
    if deny is not None:
        return denied_by(deny)
    unsure = unsure or any(not pol.complete for pol in policies)
    if allowed:
        return Verdict(None if unsure else True)
    if unsure or not complete or not policies:
        return Verdict(None)
    return nearest_grant(policies, action)


def denied_by(st: Statement) -> Verdict:
    return Verdict(False, st.effect_ref or st.ref, "deny", statement=st)


def read_outcome(
    statements: Iterable[tuple[Statement, bool | None, bool | None]],
) -> tuple[bool, bool, Statement | None]:
    """IAM's evaluation over (statement, its Action verdict, its Resource verdict), in order:
    (some Allow applies, some statement might apply, the first Deny that applies). The first
    applying Deny ends it: nothing after it can change the answer, nor is it evaluated."""
    allowed = unsure = False
    for st, act, res in statements:
        cond: bool | None = None if st.conditions else True
        got = and3([act, res, cond]) if st.known else and3([act, res, cond, None])
        if st.effect == "Deny":
            if got is True:
                return allowed, unsure, st
            if got is None:
                unsure = True
        elif st.effect == "Allow":
            if got is True:
                allowed = True
            elif got is None:
                unsure = True
        elif got is not False:
            unsure = True
    return allowed, unsure, None


def nearest_grant(policies: list[Policy], action: str) -> Verdict:
    """The statement a person would widen: one granting ``action`` on other resources, else one
    granting anything of the service, else the first statement."""
    service = action.split(":", 1)[0]
    fallback: Verdict | None = None
    for pol in policies:
        for st in pol.statements:
            if st.effect != "Allow":
                continue
            if action_matches(st, action) is True:
                target = _first_val(st.resources) or st.resource_ref or st.ref
                return Verdict(False, target, "resource", statement=st)
            if fallback is None and mentions_service(st, service):
                fallback = Verdict(False, st.action_ref or st.ref, "action", statement=st)
    if fallback is not None:
        return fallback
    for pol in policies:
        for st in pol.statements:
            if st.effect == "Allow":
                return Verdict(False, st.action_ref or st.ref, "action", statement=st)
    return Verdict(False, policies[0].ref, "action")


def mentions_service(st: Statement, service: str) -> bool:
    """Whether an Action of the statement may name an action of ``service`` (or NotAction)."""
    if st.not_actions is not None:
        return True
    for v in st.actions or ():
        head = v.text.show().split(":", 1)[0]
        if match(Text((head,)), literal(service), glob=True, ignore_case=True) is not False:
            return True
    return False


def _first_val(values: list[Val] | None) -> Ref | None:
    return values[0].ref if values else None
