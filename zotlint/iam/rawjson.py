"""Plain IAM JSON files that say which role they belong to.

- A role description: `RoleName` with `AssumeRolePolicyDocument` (an object or a JSON string)
  and optional `Path`, as `aws iam create-role --cli-input-json` takes and `aws iam get-role`
  prints (under `Role`).
- An inline policy: `RoleName`, `PolicyName`, `PolicyDocument`, as `aws iam put-role-policy
  --cli-input-json` takes.
- `aws iam get-account-authorization-details` output: each `RoleDetailList[]` entry with its
  `AssumeRolePolicyDocument`, `RolePolicyList[].PolicyDocument` and
  `AttachedManagedPolicies[].PolicyArn` — the one form that states a role's permissions whole.
A bare policy document (`Version` + `Statement`) is read where Terraform names it
(`file()`/`templatefile()`); on its own it belongs to no known role and stays unknown.
Source: AWS CLI reference, `iam create-role`, `iam get-role`, `iam put-role-policy`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.document import Kind
from zotlint.iam.manifest import policy_at, s
from zotlint.iam.model import Attachment, Role
from zotlint.iam.node import text

if TYPE_CHECKING:
    from zotlint.project import Project


def read_raw_json(project: Project) -> list[Role]:
    roles: dict[str, Role] = {}
    inline: list[tuple[str, Role]] = []
    for doc in project.documents(Kind.OTHER):
        if doc.syntax != "json" or doc.parent is not None or not isinstance(doc.data, dict):
            continue
        details = doc.data.get("RoleDetailList")
        if isinstance(details, list):
            for i, item in enumerate(details):
                if isinstance(item, dict) and s(item.get("RoleName")):
                    role = _detail(project, doc, ("RoleDetailList", i), item)
                    roles.setdefault(str(role.name), role)
            continue
        base: tuple[str | int, ...] = ()
        data = doc.data
        if isinstance(data.get("Role"), dict):
            base, data = ("Role",), data["Role"]
        name = s(data.get("RoleName"))
        if name is None:
            continue
        label = f"{doc.source.rel} ({name})"
        if "AssumeRolePolicyDocument" in data:
            role = Role(
                "json", label, doc.ref(base + ("RoleName",)), name, path=s(data.get("Path")) or "/"
            )
            role.trust = policy_at(
                project,
                doc,
                base + ("AssumeRolePolicyDocument",),
                f"{doc.source.rel} AssumeRolePolicyDocument",
            )
            # Permissions live in other files (put-role-policy, attach-role-policy): a role
            # file alone says nothing about them.
            role.policies_complete = False
            roles.setdefault(name, role)
        elif "PolicyDocument" in data:
            pol = policy_at(
                project, doc, base + ("PolicyDocument",), f"{doc.source.rel} PolicyDocument"
            )
            if pol is not None:
                holder = Role("json", label, doc.ref(base + ("RoleName",)), name)
                holder.policies.append(pol)
                inline.append((name, holder))
    for name, holder in inline:
        role = roles.get(name)
        if role is not None:
            role.policies.extend(holder.policies)
    return list(roles.values())


def _detail(project: Project, doc, base: tuple[str | int, ...], item: dict) -> Role:  # type: ignore[no-untyped-def,type-arg]
    name = s(item.get("RoleName"))
    label = f"{doc.source.rel} ({name})"
    role = Role("json", label, doc.ref(base + ("RoleName",)), name, path=s(item.get("Path")) or "/")
    arn = s(item.get("Arn"))
    if arn and arn.count(":") >= 5:
        role.account = arn.split(":")[4] or None
    if "AssumeRolePolicyDocument" in item:
        role.trust = policy_at(
            project, doc, base + ("AssumeRolePolicyDocument",), f"{label} AssumeRolePolicyDocument"
        )
    for j, p in enumerate(item.get("RolePolicyList") or []):
        if isinstance(p, dict) and "PolicyDocument" in p:
            pol = policy_at(
                project,
                doc,
                base + ("RolePolicyList", j, "PolicyDocument"),
                f"{label} {s(p.get('PolicyName')) or 'inline policy'}",
            )
            if pol is None:
                role.policies_complete = False
            else:
                role.policies.append(pol)
    for j, p in enumerate(item.get("AttachedManagedPolicies") or []):
        a = s(p.get("PolicyArn")) if isinstance(p, dict) else None
        role.attachments.append(
            Attachment(
                text(a) if a else None, doc.ref(base + ("AttachedManagedPolicies", j, "PolicyArn"))
            )
        )
    return role
