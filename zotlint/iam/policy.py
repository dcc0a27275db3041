"""IAM policies as zotlint reads them: statements whose every value keeps its location.

One model for every form (JSON, YAML, Terraform `jsonencode`, `aws_iam_policy_document`,
module inputs): ``Val`` is a possibly partly unknown string (``Text``) and the ``Ref`` a
finding points at. A policy that could not be read whole (a dynamic block, statements merged
from documents zotlint does not see) is ``complete = False``: its statements may be used to
say "this grants too much", never to say "nothing grants this".
"""

from __future__ import annotations

from dataclasses import field

from zotlint.document import Ref
from zotlint.iam.node import UNKNOWN_TEXT, Node, Text, text
from zotlint.records import dataclass

# Work per policy is bounded: AWS caps a managed policy at 6,144 characters anyway.
MAX_STATEMENTS = 300
MAX_VALUES = 100


@dataclass(slots=True, eq=False)
class Val:
    text: Text
    ref: Ref
    # A subject built from two written values (eksctl's metadata.namespace and .name): where
    # each is written, so a finding points at the one that differs.
    alt: tuple[Ref, Ref] | None = None

    @property
    def known(self) -> str | None:
        return self.text.known


@dataclass(slots=True, eq=False)
class Condition:
    operator: str | None  # as written (e.g. "StringEquals"); None when unknown
    key: Text
    values: list[Val]
    ref: Ref  # the key (where a person edits the condition)


@dataclass(slots=True, eq=False)
class Statement:
    ref: Ref
    effect: str | None = "Allow"  # "Allow" | "Deny" | None (unknown)
    effect_ref: Ref | None = None
    actions: list[Val] | None = None
    not_actions: list[Val] | None = None
    action_ref: Ref | None = None
    resources: list[Val] | None = None
    not_resources: list[Val] | None = None
    resource_ref: Ref | None = None
    # (type, identifiers): ("*", []) for `Principal: "*"`; type None when unknown
    principals: list[tuple[str | None, list[Val]]] | None = None
    not_principal: bool = False
    principal_ref: Ref | None = None
    conditions: list[Condition] = field(default_factory=list)
    known: bool = True  # False when a part could not be read (then it is never conclusive)


@dataclass(slots=True, eq=False)
class Policy:
    label: str  # what a message calls it: `aws_iam_policy.zot`, `policies/read.json`
    ref: Ref
    statements: list[Statement] = field(default_factory=list)
    complete: bool = True


def vals(node: Node | None) -> list[Val] | None:
    """A string or a list of strings as Vals (a non-string item is an unknown Val)."""
    if node is None:
        return None
    out = []
    items = node.items()
    for item in items[:MAX_VALUES]:
        t = item.text
        out.append(Val(t if t is not None else UNKNOWN_TEXT, item.ref))
    if len(items) > MAX_VALUES:  # the rest is unknown (bounded work on hostile input)
        out.append(Val(UNKNOWN_TEXT, items[MAX_VALUES].ref))
    return out


def parse_policy(node: Node, label: str) -> Policy:
    """A policy document (`{"Version": …, "Statement": …}`) read from its Node."""
    pol = Policy(label, node.ref)
    if node.kind != "obj":
        pol.complete = False
        return pol
    stmts = node.get("Statement")
    if stmts is None:
        pol.complete = node.kind == "obj" and not node.value
        return pol
    if stmts.kind not in ("obj", "list"):
        pol.complete = False
        return pol
    items = stmts.items()
    if len(items) > MAX_STATEMENTS:
        items = items[:MAX_STATEMENTS]
        pol.complete = False
    for item in items:
        st = parse_statement(item)
        if st is None:
            pol.complete = False
            continue
        pol.statements.append(st)
        if not st.known:
            pol.complete = False
    return pol


def parse_statement(node: Node) -> Statement | None:
    if node.kind != "obj":
        return None
    st = Statement(node.ref)
    eff = node.get("Effect")
    if eff is not None:
        st.effect = _effect(eff.text)
        st.effect_ref = eff.ref
    else:
        st.effect = None  # required in JSON; unknown
        st.known = False
    for key in ("Action", "NotAction"):
        got = node.get(key)
        if got is not None:
            setattr(st, "actions" if key == "Action" else "not_actions", vals(got))
            st.action_ref = got.ref
    for key in ("Resource", "NotResource"):
        got = node.get(key)
        if got is not None:
            setattr(st, "resources" if key == "Resource" else "not_resources", vals(got))
            st.resource_ref = got.ref
    for key in ("Principal", "NotPrincipal"):
        got = node.get(key)
        if got is None:
            continue
        st.not_principal = key == "NotPrincipal"
        st.principal_ref = got.ref
        st.principals = _principals(got)
        if st.principals is None:
            st.known = False
    cond = node.get("Condition")
    if cond is not None:
        conds = _conditions(cond)
        if conds is None:
            st.known = False
        else:
            st.conditions = conds
    return st


def _effect(t: Text | None) -> str | None:
    v = t.known if t is not None else None
    return v if v in ("Allow", "Deny") else None


def _principals(node: Node) -> list[tuple[str | None, list[Val]]] | None:
    if node.kind == "str":
        return [("*", [Val(node.value, node.ref)])] if node.value.known == "*" else None
    if node.kind != "obj":
        return None
    out: list[tuple[str | None, list[Val]]] = []
    for k, _, v in node.value:
        out.append((k.known, vals(v) or []))
    return out


def _conditions(node: Node) -> list[Condition] | None:
    if node.kind != "obj":
        return None
    out = []
    for op, _, block in node.value:
        if block.kind != "obj":
            return None
        for key, kref, value in block.value:
            out.append(Condition(op.known, key, vals(value) or [], kref or value.ref))
    return out


def statement(
    ref: Ref,
    effect: str,
    actions: list[tuple[str, Ref]],
    resources: list[tuple[str, Ref]],
) -> Statement:
    """A statement zotlint builds itself (a module's generated policy, a managed policy)."""
    return Statement(
        ref,
        effect=effect,
        actions=[Val(text(a), r) for a, r in actions],
        action_ref=actions[0][1] if actions else ref,
        resources=[Val(text(x), r) for x, r in resources],
        resource_ref=resources[0][1] if resources else ref,
    )
