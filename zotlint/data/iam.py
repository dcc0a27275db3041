"""AWS IAM facts the IRSA and secret-read checks rely on, with their sources.

Sources (read 2026-12):
- AWS Service Authorization Reference, "Actions, resources, and condition keys for AWS Secrets
  Manager" (docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html):
  every action and its access level; which actions take no resource (`*` only).
- AWS Secrets Manager API reference (`SecretId`): a secret's ARN is its name followed by a
  hyphen and six random characters.
- AWS IAM User Guide, "IAM JSON policy elements: Condition operators" and "Resource".
- AWS EKS User Guide, "IAM roles for service accounts" / "Assign IAM roles to Kubernetes
  service accounts": the trust policy's `<provider>:sub` is
  `system:serviceaccount:<namespace>:<name>`, `<provider>:aud` is `sts.amazonaws.com`.
- external-secrets `providers/v1/aws/auth/auth.go` @ 0060da0b (credsFromServiceAccount): the
  token audience is the `eks.amazonaws.com/audience` annotation, else `sts.amazonaws.com`,
  plus `serviceAccountRef.audiences`.
- terraform-aws-modules/terraform-aws-iam: `modules/iam-role-for-service-accounts-eks`
  (v5; main.tf @ 835135b8, variables.tf @ 6760a7ec, policies.tf @ bce17b24) and
  `modules/iam-role-for-service-accounts` (v6; main.tf @ 1c2dfd77, variables.tf @ c75f193c,
  policies.tf @ e57efb07): the inputs read and the statements they produce.
- AWS managed policy reference, `SecretsManagerReadWrite` (v5), `AdministratorAccess`.
"""

from __future__ import annotations

ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn"
AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience"
DEFAULT_AUDIENCE = "sts.amazonaws.com"
WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
READ_ACTION = "secretsmanager:GetSecretValue"
SUBJECT_PREFIX = "system:serviceaccount:"
SECRET_SUFFIX_LENGTH = 6  # "-" + six random characters after the secret's name

# Every Secrets Manager action by access level (Service Authorization Reference).
SECRETSMANAGER_ACTIONS: dict[str, str] = {
    "BatchGetSecretValue": "read",
    "CancelRotateSecret": "write",
    "CreateSecret": "write",
    "DeleteResourcePolicy": "permissions",
    "DeleteSecret": "write",
    "DescribeSecret": "read",
    "GetRandomPassword": "read",
    "GetResourcePolicy": "read",
    "GetSecretValue": "read",
    "ListSecretVersionIds": "list",
    "ListSecrets": "list",
    "PutResourcePolicy": "permissions",
    "PutSecretValue": "write",
    "RemoveRegionsFromReplication": "write",
    "ReplicateSecretToRegions": "write",
    "RestoreSecret": "write",
    "RotateSecret": "write",
    "StopReplicationToReplica": "write",
    "TagResource": "tagging",
    "UntagResource": "tagging",
    "UpdateSecret": "write",
    "UpdateSecretVersionStage": "write",
    "ValidateResourcePolicy": "permissions",
}
# Actions that take no resource (`Resource: "*"` is the only way to grant them): granting them
# on `*` does not widen what the role can read. BatchGetSecretValue still needs GetSecretValue
# on each secret it returns.
ACCOUNT_LEVEL_ACTIONS = frozenset({"BatchGetSecretValue", "GetRandomPassword", "ListSecrets"})
WRITE_LEVELS = frozenset({"write", "permissions", "tagging"})

# AWS managed policies whose statements matter here (arn:<partition>:iam::aws:policy/<name>):
# (effect, actions, resources). Other managed policies are unknown.
MANAGED_POLICIES: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "SecretsManagerReadWrite": (("Allow", ("secretsmanager:*",), ("*",)),),
    "AdministratorAccess": (("Allow", ("*",), ("*",)),),
}

# terraform-aws-modules/iam: the IRSA role modules, by the `source` path's last element.
# name input, whether it is a prefix by default, the trust condition operator input and the
# attachment map input.
IRSA_MODULES: dict[str, dict[str, str | bool]] = {
    "iam-role-for-service-accounts-eks": {  # v5
        "name": "role_name",
        "prefix_input": "role_name_prefix",
        "use_prefix_default": False,
        "test": "assume_role_condition_test",
        "attach": "role_policy_arns",
        "path": "role_path",
    },
    "iam-role-for-service-accounts": {  # v6
        "name": "name",
        "prefix_input": "use_name_prefix",
        "use_prefix_default": True,
        "test": "trust_condition_test",
        "attach": "policies",
        "path": "path",
    },
}
# terraform-aws-modules/eks-pod-identity (main.tf @ 54809fc3, external_secrets.tf @ 8083c02f):
# a role for EKS Pod Identity, not IRSA: `name` (a prefix unless `use_name_prefix = false`),
# `additional_policy_arns`, the External Secrets policy as above (ARNs default none, writes
# with `external_secrets_create_permission`).
POD_IDENTITY_MODULE = "eks-pod-identity"
IRSA_MODULES[POD_IDENTITY_MODULE] = {
    "name": "name",
    "prefix_input": "use_name_prefix",
    "use_prefix_default": True,
    "test": "",
    "attach": "additional_policy_arns",
    "path": "path",
}
IRSA_MODULE_REGISTRY = "terraform-aws-modules/iam/aws"
IRSA_DEFAULT_CONDITION_TEST = "StringEquals"
# `attach_external_secrets_policy = true`: the Secrets Manager statements the module adds, on
# `external_secrets_secrets_manager_arns` (v5 default `arn:aws:secretsmanager:*:*:secret:*`,
# v6 default none), plus `ListSecrets` (and v6 `BatchGetSecretValue`) on `*`.
IRSA_ESO_READ_ACTIONS = (
    "secretsmanager:GetResourcePolicy",
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:ListSecretVersionIds",
)
IRSA_ESO_CREATE_ACTIONS = (
    "secretsmanager:CreateSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:TagResource",
    "secretsmanager:DeleteSecret",
)
IRSA_ESO_DEFAULT_ARNS = {
    "iam-role-for-service-accounts-eks": ("arn:aws:secretsmanager:*:*:secret:*",),
    "iam-role-for-service-accounts": (),
    "eks-pod-identity": (),
}
# The input that adds the write statements, per module.
IRSA_ESO_CREATE_INPUT = {
    "iam-role-for-service-accounts-eks": "external_secrets_secrets_manager_create_permission",
    "iam-role-for-service-accounts": "external_secrets_secrets_manager_create_permission",
    "eks-pod-identity": "external_secrets_create_permission",
}
# EKS Pod Identity: the trust policy the pod-identity module and the EKS docs give a role
# ("Create IAM role with trust policy required by EKS Pod Identity").
POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com"
POD_IDENTITY_ACTIONS = ("sts:AssumeRole", "sts:TagSession")
