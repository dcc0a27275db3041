"""AWS Controllers for Kubernetes (ACK) IAM manifests, API group `iam.services.k8s.aws`.

Role: `spec.name`, `spec.path`, `spec.assumeRolePolicyDocument` (a JSON string),
`spec.inlinePolicies` (name → JSON string), `spec.policies` (ARNs), `spec.policyRefs[].from.name`
(an ACK Policy). Policy: `spec.name`, `spec.path`, `spec.policyDocument`. Source: ACK IAM
controller CRDs (`iam.services.k8s.aws/v1alpha1` Role and Policy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.iam.manifest import manifests, meta, policy_at, s
from zotlint.iam.model import Attachment, NamedPolicy, Role
from zotlint.iam.node import text

if TYPE_CHECKING:
    from zotlint.project import Project

GROUP = "iam.services.k8s.aws"


def read_ack(project: Project) -> tuple[list[Role], list[NamedPolicy]]:
    roles: list[Role] = []
    named: list[NamedPolicy] = []
    for doc in manifests(project, GROUP):
        kind = doc.data.get("kind")
        obj = s(meta(doc).get("name")) or "?"
        name = s(doc.get(("spec", "name")))
        path = s(doc.get(("spec", "path"))) or "/"
        if kind == "Policy":
            pol = policy_at(project, doc, ("spec", "policyDocument"), f"ACK Policy {obj}")
            if pol is not None:
                named.append(NamedPolicy(name, path, pol, key=("ack", obj)))
            continue
        if kind != "Role" or name is None:
            continue
        label = f"ACK Role {obj}"
        role = Role("ack", label, doc.ref(("spec", "name")), name, path=path)
        if doc.has(("spec", "assumeRolePolicyDocument")):
            role.trust = policy_at(
                project,
                doc,
                ("spec", "assumeRolePolicyDocument"),
                f"{label} assumeRolePolicyDocument",
            )
        inline = doc.get(("spec", "inlinePolicies"))
        if isinstance(inline, dict):
            for key in inline:
                pol = policy_at(
                    project, doc, ("spec", "inlinePolicies", key), f"{label} inline policy {key}"
                )
                if pol is None:
                    role.policies_complete = False
                else:
                    role.policies.append(pol)
        arns = doc.get(("spec", "policies"))
        for i, arn in enumerate(arns if isinstance(arns, list) else []):
            a = s(arn)
            role.attachments.append(
                Attachment(text(a) if a else None, doc.ref(("spec", "policies", i)))
            )
        refs = doc.get(("spec", "policyRefs"))
        for i, item in enumerate(refs if isinstance(refs, list) else []):
            frm = item.get("from") if isinstance(item, dict) else None
            ref_name = s(frm.get("name")) if isinstance(frm, dict) else None
            role.attachments.append(
                Attachment(
                    None,
                    doc.ref(("spec", "policyRefs", i)),
                    policy_key=("ack", ref_name) if ref_name else None,
                )
            )
        roles.append(role)
    return roles, named
