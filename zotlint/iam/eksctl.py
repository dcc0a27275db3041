"""eksctl `ClusterConfig` `iam.serviceAccounts`: IRSA roles eksctl creates for a service account.

eksctl writes the trust policy itself, for exactly `metadata.namespace`/`metadata.name` of the
entry (namespace `default` when omitted), with `<provider>:aud` = `sts.amazonaws.com`; the role
is named `roleName` (else generated, so no annotation in the repo can name it). Its permissions:
`attachPolicy` (an inline document), `attachPolicyARNs`; `wellKnownPolicies` never grant Secrets
Manager. `attachRoleARN` uses an existing role that eksctl does not create: unknown.
Source: eksctl docs, "IAM Roles for Service Accounts" (iamserviceaccounts, ClusterConfig
`iam.serviceAccounts` fields).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.data.iam import DEFAULT_AUDIENCE, SUBJECT_PREFIX, WEB_IDENTITY_ACTION
from zotlint.iam.manifest import manifests, policy_at, s
from zotlint.iam.model import Attachment, Role
from zotlint.iam.node import HOLE, Text, text
from zotlint.iam.policy import Condition, Policy, Statement, Val

if TYPE_CHECKING:
    from zotlint.project import Project


def read_eksctl(project: Project) -> list[Role]:
    roles = []
    for doc in manifests(project, "eksctl.io"):
        if doc.data.get("kind") != "ClusterConfig":
            continue
        sas = doc.get(("iam", "serviceAccounts"))
        if not isinstance(sas, list):
            continue
        cluster = s(doc.get(("metadata", "name"))) or "?"
        for i, entry in enumerate(sas):
            if not isinstance(entry, dict) or s(entry.get("attachRoleARN")):
                continue
            base = ("iam", "serviceAccounts", i)
            name = s(doc.get(base + ("metadata", "name")))
            ns = s(doc.get(base + ("metadata", "namespace"))) or "default"
            if name is None:
                continue
            role_name = s(entry.get("roleName"))
            ref = (
                doc.ref(base + ("roleName",)) if role_name else doc.ref(base + ("metadata", "name"))
            )
            role = Role(
                "eksctl",
                f"eksctl {cluster} iam.serviceAccounts {ns}/{name}",
                ref,
                role_name,
                path="/",
                for_account=(ns, name),
            )
            # The person edits the namespace or the name: point at the one that differs.
            ns_path = base + ("metadata", "namespace")
            name_ref = doc.ref(base + ("metadata", "name"))
            ns_ref = doc.ref(ns_path) if doc.has(ns_path) else name_ref
            sub = Val(text(f"{SUBJECT_PREFIX}{ns}:{name}"), name_ref, alt=(ns_ref, name_ref))
            trust = Policy(f"eksctl trust policy of {ns}/{name}", doc.ref(base))
            st = Statement(doc.ref(base), effect="Allow")
            st.actions = [Val(text(WEB_IDENTITY_ACTION), doc.ref(base))]
            st.principals = [("Federated", [Val(Text((HOLE,)), doc.ref(base))])]
            cond_ref = doc.ref(base + ("metadata",))
            st.conditions = [
                Condition("StringEquals", Text((HOLE, ":sub")), [sub], cond_ref),
                Condition(
                    "StringEquals",
                    Text((HOLE, ":aud")),
                    [Val(text(DEFAULT_AUDIENCE), cond_ref)],
                    cond_ref,
                ),
            ]
            trust.statements.append(st)
            role.trust = trust
            if isinstance(entry.get("attachPolicy"), (dict, str)):
                pol = policy_at(
                    project, doc, base + ("attachPolicy",), f"{role.label} attachPolicy"
                )
                if pol is None:
                    role.policies_complete = False
                else:
                    role.policies.append(pol)
            arns = entry.get("attachPolicyARNs")
            if isinstance(arns, list):
                for j, arn in enumerate(arns):
                    a = s(arn)
                    role.attachments.append(
                        Attachment(text(a) if a else None, doc.ref(base + ("attachPolicyARNs", j)))
                    )
            roles.append(role)
    return roles
