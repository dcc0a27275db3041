"""What a permission statement grants beyond reading zot's secrets, and the secret ARNs ESO
reads (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????`).

Sources: AWS Service Authorization Reference for Secrets Manager (actions and access levels,
see zotlint.data.iam); Secrets Manager API reference (a secret's ARN ends with `-` and six
random characters); IAM User Guide "Resource" (wildcards in ARNs).
"""

from __future__ import annotations

from collections.abc import Iterable

from zotlint.data.iam import (
    ACCOUNT_LEVEL_ACTIONS,
    SECRET_SUFFIX_LENGTH,
    SECRETSMANAGER_ACTIONS,
    WRITE_LEVELS,
)
from zotlint.document import Ref
from zotlint.iam.evaluate import action_matches
from zotlint.iam.match import MANY, ONE, Subject, literal, match
from zotlint.iam.node import Text, text
from zotlint.iam.policy import Statement
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

_FULL_ARN_SUFFIX = lazy_compile(r"-[A-Za-z0-9]{6}$")
_WILD = lazy_compile(r"[*?]")


def secret_arn(
    key: str, partition: str, region: str | None, account: str | None
) -> tuple[Subject, str]:
    """The ARN IAM checks when ESO reads remote key ``key`` by name (or the ARN given), as a
    subject with the unknown parts, and how to show it."""
    if key.startswith("arn:"):
        if _FULL_ARN_SUFFIX.search(key):
            return literal(key), key
        return literal(key + "-") + (ONE,) * SECRET_SUFFIX_LENGTH, key + "-??????"
    head = f"arn:{partition}:secretsmanager:"
    subj: list[str] = list(head)
    subj += list(region) if region else [MANY]
    subj.append(":")
    subj += list(account) if account else [MANY]
    subj += list(f":secret:{key}-")
    subj += [ONE] * SECRET_SUFFIX_LENGTH
    shown = f"{head}{region or '<region>'}:{account or '<account>'}:secret:{key}-??????"
    return tuple(subj), shown


def missing_suffix(resource: Text, arn: Subject) -> bool:
    """The resource names the secret without the random suffix (a common miss)."""
    k = resource.known
    if k is None or _WILD.search(k):
        return False
    return match(text(k + "-??????"), arn, glob=True) is not False


@dataclass(frozen=True, slots=True)
class Scopes:
    """What "zot's keys" cover: each key's folder (`core-platform/zot/`), or the key itself."""

    names: tuple[str, ...]  # sorted
    name_set: frozenset[str]
    lengths: tuple[int, ...]  # of the names, each once
    flat: bool  # a key without a folder

    def covers(self, literal_head: str) -> bool:
        """Whether a resource name whose literal part is ``literal_head`` stays inside zot's
        keys: it starts with one of the scopes, or names zot while a key has no folder. One
        set lookup per scope length, not a pass over every scope (a role joined with
        hundreds of stores gets hundreds of scopes)."""
        if self.flat and "zot" in literal_head.lower():
            return True
        return any(
            literal_head[:n] in self.name_set for n in self.lengths if n <= len(literal_head)
        )


def scopes(keys: Iterable[str]) -> Scopes:
    out = set()
    for k in keys:
        name = k.split(":secret:", 1)[1] if k.startswith("arn:") and ":secret:" in k else k
        out.add(name[: name.rfind("/") + 1] if "/" in name else name)
    names = tuple(sorted(out))
    lengths = tuple(sorted({len(n) for n in names}))
    return Scopes(names, frozenset(names), lengths, any("/" not in n for n in names))


def _sm_action(name: str) -> Subject:
    return literal(f"secretsmanager:{name}".lower())


def over_broad(st: Statement, zot_scopes: Scopes) -> tuple[Ref, str] | None:
    """Where and why an Allow statement grants more than reading zot's secrets, else None."""
    if st.effect != "Allow":
        return None
    if st.not_actions is not None:
        return (
            st.action_ref or st.ref,
            "NotAction with Allow grants every action it does not list, Secrets Manager writes "
            "included",
        )
    for v in st.actions or ():
        k = v.known
        if k is None:
            continue
        if k.lower() in ("*", "secretsmanager:*"):
            return v.ref, f"`{k}` allows every Secrets Manager action, writes included"
        writes = [
            a
            for a, level in SECRETSMANAGER_ACTIONS.items()
            if level in WRITE_LEVELS
            and match(v.text, _sm_action(a), glob=True, ignore_case=True) is True
        ]
        if writes:
            shown = ", ".join(writes[:3]) + (", …" if len(writes) > 3 else "")
            return v.ref, f"`{k}` allows changing secrets ({shown}), not only reading them"
    reads = [
        a
        for a in SECRETSMANAGER_ACTIONS
        if a not in ACCOUNT_LEVEL_ACTIONS and action_matches(st, f"secretsmanager:{a}") is True
    ]
    if not reads:
        return None
    if st.not_resources is not None:
        return (
            st.resource_ref or st.ref,
            "NotResource with Allow lets the role read every secret it does not list",
        )
    for v in st.resources or ():
        k = v.known
        if k is None:
            continue
        why = _resource_breadth(k, zot_scopes)
        if why:
            return v.ref, why
    return None


def _resource_breadth(pattern: str, zot_scopes: Scopes) -> str | None:
    if pattern == "*":
        return '`Resource: "*"` lets the role read every secret of the account'
    at = pattern.find(":secret:")
    probe = literal("arn:aws:secretsmanager:") + (ONE,) + literal(":") + (ONE,)
    if at < 0:
        whole = probe + literal(":secret:") + (ONE,)
        if match(Text((pattern,)), whole, glob=True) is True:
            return f"`{pattern}` matches every secret"
        return None
    if match(Text((pattern[:at],)), probe, glob=True) is False:
        return None  # not a Secrets Manager ARN
    name = pattern[at + len(":secret:") :]
    wild = _WILD.search(name)
    if wild is None or not zot_scopes.names:
        return None  # one named secret: not a prefix
    lit = name[: wild.start()]
    if zot_scopes.covers(lit):
        return None
    if not lit:
        return f"`{pattern}` matches every secret"
    shown = ", ".join(f"{s}*" if s.endswith("/") else s for s in zot_scopes.names)
    return f"`{pattern}` is wider than zot's keys ({shown})"
