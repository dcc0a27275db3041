"""The IAM role ESO reads zot's secrets with does not allow reading them, or allows far more.

## What it does
For the role that zot's SecretStore service account assumes (see ZOT507; when the store sets
`role`, the role ESO assumes next), reads the permission policies the repository attaches to
it — Terraform `aws_iam_policy` + `aws_iam_role_policy_attachment`, `aws_iam_role_policy`,
`inline_policy`, `managed_policy_arns`, the IRSA module's `attach_external_secrets_policy` with
`external_secrets_secrets_manager_arns`, eksctl `attachPolicy`/`attachPolicyARNs`, Crossplane
Policy/RolePolicy/RolePolicyAttachment, ACK `inlinePolicies`/`policies`/`policyRefs`, IAM JSON
from `aws iam get-account-authorization-details`, and the AWS managed policies
`SecretsManagerReadWrite` and `AdministratorAccess` — and reports:

- a remote key of zot's ExternalSecrets whose ARN
  (`arn:aws:secretsmanager:<store region>:<account of the role ARN>:secret:<key>-??????`: Secrets
  Manager appends six random characters) no statement allows `secretsmanager:GetSecretValue`
  on, with IAM's wildcards (`*`, `?`), `NotAction`/`NotResource`, and an explicit `Deny` winning
  over any `Allow`. Only when every policy attached to the role is known; a statement with
  conditions, an unresolved region or account, or a policy zotlint cannot read makes it
  unknown;
- each `Allow` statement that grants more than reading zot's secrets, once: `*` or
  `secretsmanager:*`, any write, permissions or tagging action (`PutSecretValue`,
  `UpdateSecret`, `DeleteSecret`, `PutResourcePolicy`, `TagResource`, … — a wildcard counts
  when it matches one), `NotAction`, or secret reads on `Resource: "*"`, `NotResource` or a
  wildcard wider than the folder of zot's keys (`core-platform/*` when the keys live in
  `core-platform/zot/`). `ListSecrets`, `BatchGetSecretValue` and `GetRandomPassword` take no
  resource and are not counted on `*`.

## Why it matters
Without `GetSecretValue` on the key ESO fails with `AccessDeniedException` and the
ExternalSecret stays `Ready=False`; a resource without the random suffix (`…:secret:name`) is
the classic miss. A role that can write or read every secret turns one leaked ESO token into
the whole account's secrets; the integration guide asks for read-only on `core-platform/zot/*`.

## Example
The role ESO reads zot's secrets with may do anything to every secret:

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
      Action   = "secretsmanager:*"
      Resource = "*"
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
Grant the read, on zot's keys only:

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
- AWS Service Authorization Reference, "Actions, resources, and condition keys for AWS Secrets
  Manager" (access levels; actions without resource types)
- AWS Secrets Manager API reference, `SecretId` (the ARN's hyphen and six random characters)
- AWS IAM User Guide, "IAM JSON policy elements: Resource" (wildcards), "Action", "Policy
  evaluation logic" and "The difference between explicit and implicit denies"
- terraform-aws-modules/terraform-aws-iam `modules/iam-role-for-service-accounts-eks`
  (variables.tf @ 6760a7ec, policies.tf @ bce17b24) and `modules/iam-role-for-service-accounts`
  (variables.tf @ c75f193c, policies.tf @ e57efb07): the External Secrets policy
- AWS managed policy reference, `SecretsManagerReadWrite`
"""

from zotlint.data.iam import READ_ACTION
from zotlint.iam.breadth import Scopes, missing_suffix, over_broad, scopes, secret_arn
from zotlint.iam.model import Role
from zotlint.iam.verdicts import RoleVerdicts
from zotlint.model.iam import IrsaLink, irsa_links, role_verdicts
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT508",
    name="secret-read-policy",
    severity="warning",
    scope=[PROJECT],
    tags=["eso", "aws", "iam", "security"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    verdicts = role_verdicts(ctx.project)
    # zot's keys per list of permission roles: the links that name one role ARN share its
    # list, so a role joined with hundreds of stores is not given their keys hundreds of times.
    lists: dict[int, tuple[list[Role], set[str], IrsaLink]] = {}
    for link in irsa_links(ctx.project, ctx.model):
        entry = lists.setdefault(id(link.permission_roles), (link.permission_roles, set(), link))
        entry[1].update(k.key for k in link.keys)
        _coverage(once, link, verdicts)
    # Each role once, with the first link it joins and the lists it is in (usually one).
    by_role: dict[int, tuple[Role, list[int], IrsaLink]] = {}
    for list_id, (roles, _, link) in lists.items():
        for role in roles:
            by_role.setdefault(id(role), (role, [], link))[1].append(list_id)
    zot_of: dict[tuple[int, ...], Scopes] = {}
    for role, list_ids, link in by_role.values():
        key = tuple(list_ids)
        zot = zot_of.get(key)
        if zot is None:
            zot = zot_of[key] = scopes(k for i in list_ids for k in lists[i][1])
        for pol in role.all_policies():
            for i, st in enumerate(pol.statements):
                got = over_broad(st, zot)
                if got is None:
                    continue
                ref, why = got
                once.report(
                    ref,
                    f"{why}: {role.label} is the role ESO reads zot's secrets with "
                    f"({pol.label}); allow only secretsmanager:GetSecretValue (and "
                    f"DescribeSecret) on zot's keys",
                    related=[(link.arn_ref, "the service account's role-arn annotation")],
                    identity=f"broad:{pol.label}:{i}",
                )


def _coverage(once: Once, link: IrsaLink, verdicts: RoleVerdicts) -> None:
    for key in link.keys:
        arn, shown = secret_arn(key.key, link.partition, link.region, link.account_id)
        denied = verdicts.none_reads(link.permission_roles, arn, READ_ACTION)
        if denied is None:
            continue
        role, v = denied
        if v.ref is None:
            continue
        es = key.external_secret
        head = "ESO's IAM role cannot read zot's secret"
        if v.why == "deny":
            head = "An explicit Deny stops ESO's IAM role reading zot's secret"
            reason = f"an explicit Deny in the policies of {role.label} applies to {shown}"
        else:
            reason = f"no policy of {role.label} allows {READ_ACTION} on {shown}"
            st = v.statement
            if (
                v.why == "resource"
                and st is not None
                and any(missing_suffix(r.text, arn) for r in st.resources or ())
            ):
                reason += (
                    " (Secrets Manager appends '-' and six random characters to a secret's "
                    "ARN: end the resource with '-??????' or '*')"
                )
        once.report(
            v.ref,
            f"{head}: {reason}, the remote key of ExternalSecret '{es.label}'; ESO fails with "
            f"AccessDeniedException and the ExternalSecret stays Ready=False",
            related=[(key.ref, "the remote key"), (link.arn_ref, "the role-arn annotation")],
            identity=f"read:{role.label}:{key.key}",
        )
