"""Crossplane AWS provider (upbound) IAM manifests, API group `iam.aws.upbound.io`.

Role: `spec.forProvider.assumeRolePolicy` (a JSON string), `path`, `inlinePolicy[].policy`,
`managedPolicyArns`. Policy: `spec.forProvider.policy`, `path`. RolePolicyAttachment:
`forProvider.role` or `roleRef.name`, `policyArn` or `policyArnRef.name`. RolePolicy:
`forProvider.role`/`roleRef.name` and `policy`. The AWS name is the
`crossplane.io/external-name` annotation, else `metadata.name`. A `roleSelector` or
`policyArnSelector` is unknown. Source: Upbound provider-aws `iam.aws.upbound.io/v1beta1` CRDs
(Role, Policy, RolePolicy, RolePolicyAttachment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.iam.manifest import manifests, meta, policy_at, s
from zotlint.iam.model import Attachment, NamedPolicy, Role
from zotlint.iam.node import text

if TYPE_CHECKING:
    from zotlint.project import Project

GROUP = "iam.aws.upbound.io"
_EXTERNAL = "crossplane.io/external-name"


def _aws_name(doc) -> str | None:  # type: ignore[no-untyped-def]
    m = meta(doc)
    ann = m.get("annotations")
    ext = ann.get(_EXTERNAL) if isinstance(ann, dict) else None
    return s(ext) or s(m.get("name"))


def read_crossplane(project: Project) -> tuple[list[Role], list[NamedPolicy]]:
    docs = manifests(project, GROUP)
    roles: dict[str, Role] = {}
    named: list[NamedPolicy] = []
    fp = ("spec", "forProvider")
    for doc in docs:
        kind = doc.data.get("kind")
        obj = s(meta(doc).get("name"))
        if kind == "Role" and obj:
            label = f"Crossplane Role {obj}"
            role = Role(
                "crossplane",
                label,
                doc.ref(("metadata", "name")),
                _aws_name(doc),
                path=s(doc.get(fp + ("path",))) or "/",
            )
            if doc.has(fp + ("assumeRolePolicy",)):
                role.trust = policy_at(
                    project, doc, fp + ("assumeRolePolicy",), f"{label} assumeRolePolicy"
                )
            inline = doc.get(fp + ("inlinePolicy",))
            for i, item in enumerate(inline if isinstance(inline, list) else []):
                if isinstance(item, dict) and "policy" in item:
                    pol = policy_at(
                        project, doc, fp + ("inlinePolicy", i, "policy"), f"{label} inlinePolicy"
                    )
                    if pol is None:
                        role.policies_complete = False
                    else:
                        role.policies.append(pol)
            arns = doc.get(fp + ("managedPolicyArns",))
            for i, arn in enumerate(arns if isinstance(arns, list) else []):
                a = s(arn)
                role.attachments.append(
                    Attachment(text(a) if a else None, doc.ref(fp + ("managedPolicyArns", i)))
                )
            roles[obj] = role
        elif kind == "Policy" and obj:
            pol = policy_at(project, doc, fp + ("policy",), f"Crossplane Policy {obj}")
            if pol is not None:
                named.append(
                    NamedPolicy(
                        _aws_name(doc),
                        s(doc.get(fp + ("path",))) or "/",
                        pol,
                        key=("crossplane", obj),
                    )
                )
    for doc in docs:
        kind = doc.data.get("kind")
        if kind not in ("RolePolicyAttachment", "RolePolicy"):
            continue
        role = _role_ref(doc, roles)
        if role is None:
            if (
                doc.has(fp + ("role",))
                or doc.has(fp + ("roleRef",))
                or doc.has(fp + ("roleSelector",))
            ):
                for r in roles.values():
                    r.policies_complete = False
            continue
        if kind == "RolePolicy":
            pol = policy_at(
                project,
                doc,
                fp + ("policy",),
                f"Crossplane RolePolicy {s(meta(doc).get('name')) or '?'}",
            )
            if pol is None:
                role.policies_complete = False
            else:
                role.policies.append(pol)
            continue
        arn = s(doc.get(fp + ("policyArn",)))
        ref_name = s(doc.get(fp + ("policyArnRef", "name")))
        if arn:
            role.attachments.append(Attachment(text(arn), doc.ref(fp + ("policyArn",))))
        elif ref_name:
            role.attachments.append(
                Attachment(
                    None,
                    doc.ref(fp + ("policyArnRef", "name")),
                    policy_key=("crossplane", ref_name),
                )
            )
        else:
            role.policies_complete = False
    return list(roles.values()), named


def _role_ref(doc, roles: dict[str, Role]) -> Role | None:  # type: ignore[no-untyped-def]
    fp = ("spec", "forProvider")
    ref_name = s(doc.get(fp + ("roleRef", "name")))
    if ref_name:
        return roles.get(ref_name)
    name = s(doc.get(fp + ("role",)))
    if name:
        found = [r for r in roles.values() if r.name == name]
        return found[0] if len(found) == 1 else None
    return None
