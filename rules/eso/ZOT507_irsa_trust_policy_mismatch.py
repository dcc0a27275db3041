"""The IAM role zot's SecretStore service account assumes does not trust that service account.

## What it does
Follows zot's chain to the AWS SecretStore its ExternalSecrets use, the store's IRSA service
account (`auth.jwt.serviceAccountRef`) and the account's `eks.amazonaws.com/role-arn`
annotation, to a role the repository defines: Terraform `aws_iam_role` (`assume_role_policy`
as `jsonencode(...)`, a heredoc, `data.aws_iam_policy_document`, `file()`/`templatefile()` of a
JSON file), the terraform-aws-modules IRSA role modules (`oidc_providers`,
`namespace_service_accounts`, `assume_role_condition_test`/`trust_condition_test`) and EKS Pod
Identity module (`name`; its role trusts `pods.eks.amazonaws.com` only), eksctl
`iam.serviceAccounts`, Crossplane (`iam.aws.upbound.io`) and ACK (`iam.services.k8s.aws`) Role
manifests, plain IAM JSON (`RoleName` + `AssumeRolePolicyDocument`). Reports when, evaluated as
IAM does, no statement lets the account's web identity token in:

- no `Allow` of `sts:AssumeRoleWithWebIdentity` from a `Federated` OIDC provider (an EKS Pod
  Identity role trusts `pods.eks.amazonaws.com` with `sts:AssumeRole` instead);
- a `…:sub` condition (`StringEquals`, `StringLike` with `*` and `?`, their negations and
  `IgnoreCase` forms, `ForAnyValue:`/`ForAllValues:`, `…IfExists`) that does not match
  `system:serviceaccount:<namespace>:<name>`;
- a `…:aud` condition other than the token's audience (`sts.amazonaws.com`, or the account's
  `eks.amazonaws.com/audience` annotation);
- a condition key of another OIDC provider than the statement's `Federated` principal (the
  key is then absent from the request, and the condition false);
- an explicit `Deny` that applies.

A missing `:aud` condition is not reported: STS already checks the token's audience against the
OIDC provider's client IDs, and the role still works. Values zotlint cannot resolve (a
Terraform expression, an unknown namespace) make the answer unknown, never a finding; so does a
role the repository does not define, or an ARN that names several roles that disagree.

## Why it matters
ESO calls `AssumeRoleWithWebIdentity` with the account's token; STS answers `AccessDenied: Not
authorized to perform sts:AssumeRoleWithWebIdentity`, the store is not ready and the
ExternalSecret stays `Ready=False` — the integration guide's troubleshooting row "check the IAM
role's trust policy".

## Example
The role trusts ESO's controller account; the SecretStore authenticates as `zot/zot-sa`:

`iam/main.tf`:
```hcl
locals {
  oidc = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
}

resource "aws_iam_role" "zot_eso" {
  name = "zot-eso"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Condition = {
        StringEquals = {
          "${local.oidc}:sub" = "system:serviceaccount:external-secrets:external-secrets"
          "${local.oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "read" {
  name = "zot-eso-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/zot/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.zot_eso.name
  policy_arn = aws_iam_policy.read.arn
}
```

`zot/eso.yaml`:
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: zot-sa
  namespace: zot
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/zot-eso
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: aws, namespace: zot}
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth: {jwt: {serviceAccountRef: {name: zot-sa}}}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: zot-oidc, namespace: zot}
spec:
  secretStoreRef: {name: aws}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc}
```

`zot/values.yaml`:
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - {name: oidc, mountPath: /secret-oidc}
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "credentialsFile": "/secret-oidc/credentials.json"}}}}}
    }
```

## Fix
Trust the service account the store uses (or point the store at the account the role trusts):

`iam/main.tf`:
```hcl
locals {
  oidc = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
}

resource "aws_iam_role" "zot_eso" {
  name = "zot-eso"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Condition = {
        StringEquals = {
          "${local.oidc}:sub" = "system:serviceaccount:zot:zot-sa"
          "${local.oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "read" {
  name = "zot-eso-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/zot/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.zot_eso.name
  policy_arn = aws_iam_policy.read.arn
}
```

## References
- AWS EKS User Guide, "Assign IAM roles to Kubernetes service accounts" (trust policy
  `<provider>:sub` = `system:serviceaccount:<namespace>:<name>`, `<provider>:aud` =
  `sts.amazonaws.com`)
- AWS IAM User Guide, "IAM JSON policy elements: Condition operators" (StringEquals,
  StringLike wildcards, absent keys, …IfExists) and "Policy evaluation logic" (explicit deny)
- external-secrets `providers/v1/aws/auth/auth.go` @ 0060da0b (credsFromServiceAccount:
  role-arn annotation, audience annotation, default `sts.amazonaws.com`)
- terraform-aws-modules/terraform-aws-iam `modules/iam-role-for-service-accounts-eks/main.tf`
  @ 835135b8 and `modules/iam-role-for-service-accounts/main.tf` @ 1c2dfd77 (the trust
  statement built from `oidc_providers`)
- terraform-aws-modules/terraform-aws-eks-pod-identity `main.tf` @ 54809fc3 (the Pod
  Identity trust statement)
- AWS EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity"
- eksctl docs, "IAM Roles for Service Accounts" (`iam.serviceAccounts`)
"""

from zotlint.iam.evaluate import Verdict
from zotlint.model.iam import IrsaLink, irsa_links, role_verdicts
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT507",
    name="irsa-trust-policy-mismatch",
    severity="error",
    scope=[PROJECT],
    tags=["eso", "aws", "iam"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    verdicts = role_verdicts(ctx.project)
    for link in irsa_links(ctx.project, ctx.model):
        distrusted = verdicts.none_trusts(link.roles, link.subject, link.audience)
        if distrusted is None:
            continue
        role, v = distrusted
        if v.ref is None:
            continue
        related = [
            (link.arn_ref, "the service account's role-arn annotation"),
            (link.store.sa_ref, "the SecretStore's service account"),
        ]
        once.report(
            _where(v, link),
            f"{_HEADLINES.get(v.why, _NO_STATEMENT)}: {_reason(v, link)}; ESO's "
            f"sts:AssumeRoleWithWebIdentity with role {role.label} fails with AccessDenied and "
            f"the ExternalSecret stays Ready=False",
            related=related,
            identity=f"{role.label}:{v.why}:{link.sa_name}",
        )


# The message's first sentence, by Verdict.why; the detail (values, service account) follows.
_HEADLINES = {
    "sub": "The IAM role's trust policy does not trust ESO's service account",
    "aud": "The IAM role's trust policy expects another token audience",
    "provider": "A trust policy condition names another OIDC provider",
    "deny": "The IAM role's trust policy denies ESO's service account",
    "principal": "The IAM role's trust policy trusts no OIDC provider",
}
_NO_STATEMENT = "No statement of the IAM role's trust policy lets ESO assume it"


def _subject(link: IrsaLink) -> str:
    return link.subject.show()


def _where(v: Verdict, link: IrsaLink):  # type: ignore[no-untyped-def]
    """For a subject built from two values (eksctl), the one that differs."""
    assert v.ref is not None
    if v.why == "sub" and v.condition is not None and v.condition.values:
        val = v.condition.values[0]
        if val.alt is not None:
            written = (val.known or "").split(":")
            ns = written[2] if len(written) > 3 else None
            return val.alt[0] if link.namespace is not None and ns != link.namespace else val.alt[1]
    return v.ref


def _reason(v: Verdict, link: IrsaLink) -> str:
    c = v.condition
    values = ", ".join(f"'{x.text.show()}'" for x in (c.values if c else []))
    op = c.operator if c is not None and c.operator else "?"
    if v.why == "sub":
        return (
            f"the trust policy allows {op} {values} for ':sub', not '{_subject(link)}' "
            f"(the service account SecretStore '{link.store.name}' authenticates as)"
        )
    if v.why == "aud":
        return (
            f"the trust policy requires {op} {values} for ':aud', but ESO's token for "
            f"'{_subject(link)}' has audience '{link.audience}'"
        )
    if v.why == "provider" and c is not None:
        return (
            f"the condition key '{c.key.show()}' belongs to another OIDC provider than the "
            f"statement's Federated principal: the key is absent and the condition false"
        )
    if v.why == "deny":
        return "an explicit Deny in the trust policy applies to the service account's token"
    if v.why == "principal":
        return (
            "the trust policy allows sts:AssumeRoleWithWebIdentity only to principals that are "
            "not a Federated OIDC provider"
        )
    return (
        f"no statement of the trust policy allows sts:AssumeRoleWithWebIdentity for "
        f"'{_subject(link)}' (an EKS Pod Identity role trusts pods.eks.amazonaws.com instead)"
    )
