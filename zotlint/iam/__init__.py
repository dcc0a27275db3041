"""IAM roles and policies defined in the repository, read from every form platform repos use.

``iam_index(project)`` (built once per run, on first use) gives an ``IamIndex``: the ``Role``s
of Terraform (resources, policy documents, the terraform-aws-modules IRSA modules), eksctl
`ClusterConfig`, Crossplane `iam.aws.upbound.io`, ACK `iam.services.k8s.aws` and plain IAM JSON,
with their trust policy and permission policies (``zotlint.iam.policy``), every value located.
``zotlint.iam.evaluate`` answers IAM's own questions about them; ``zotlint.model.iam`` links zot's
SecretStore service account to its role.

A role or policy the repository does not define is unknown: nothing here ever guesses one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.iam.model import IamIndex, Role

if TYPE_CHECKING:
    from zotlint.project import Project


def iam_index(project: Project, names: frozenset[str] | None = None) -> IamIndex:
    """The roles and policies of the repository. ``names``: the role names the caller looks
    for; Terraform directories that mention none of them are parsed only when those hold no
    such role (see zotlint.iam.terraform). None reads every Terraform directory."""
    return project.cached(("zotlint.iam", "index", names), lambda: _build(project, names))


def _build(project: Project, names: frozenset[str] | None) -> IamIndex:
    from zotlint.iam.ack import read_ack
    from zotlint.iam.crossplane import read_crossplane
    from zotlint.iam.eksctl import read_eksctl
    from zotlint.iam.rawjson import read_raw_json
    from zotlint.iam.terraform import read_terraform

    roles, policies = read_terraform(project, names)
    roles.extend(read_eksctl(project))
    r, p = read_crossplane(project)
    roles.extend(r)
    policies.extend(p)
    r, p = read_ack(project)
    roles.extend(r)
    policies.extend(p)
    roles.extend(read_raw_json(project))
    return IamIndex(roles, policies)


__all__ = ["IamIndex", "Role", "iam_index"]
