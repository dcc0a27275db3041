"""The service account an AWS SecretStore authenticates with is not defined with an IAM role.

## What it does
For a SecretStore or ClusterSecretStore using AWS with IRSA — `provider.aws.auth.jwt.
serviceAccountRef.name`, or `serviceAccountName` in a wrapper-chart `secretStores:` entry —
looks for that service account in the store's namespace (a ClusterSecretStore:
`serviceAccountRef.namespace`) and environment: a ServiceAccount manifest, or the zot chart's
own `serviceAccount` (`create: true` with `name` and `annotations`; ignored when
`create: false`). Reports the name when no such account carries an
`eks.amazonaws.com/role-arn` annotation. When the account is not in the repository at all, the
message says it may be created elsewhere (eksctl, Terraform) — and only stores on zot's chain
are checked then (used by an ExternalSecret whose Secret a zot deployment mounts, or in a zot
deployment's namespace): other applications' accounts come from their own charts, which
zotlint does not read.

## Why it matters
ESO reads the role from the account's annotation and fails with `an IAM role must be
associated with service account <name> (namespace: <ns>)`: the store is not ready and no
ExternalSecret using it syncs.

## Example
The store authenticates as `zot-sa`, which has no IAM role annotation:

`zot/secret-store.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: aws-secretsmanager
  namespace: zot
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth:
        jwt:
          serviceAccountRef: {name: zot-sa}
```

`zot/service-account.yaml`:
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: zot-sa
  namespace: zot
```

## Fix
Annotate the account the store names with its IAM role (or create it with one):

`zot/service-account.yaml`:
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: zot-sa
  namespace: zot
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/zot-external-secrets
```

## References
- external-secrets `providers/v1/aws/auth/auth.go` (`credsFromServiceAccount`, role-arn
  annotation)
- AWS EKS docs, "Associate an IAM role to a service account"
"""

from zotlint.data.iam import ROLE_ARN_ANNOTATION as ROLE_ARN
from zotlint.knowledge.eso import ExternalSecret
from zotlint.model import Model
from zotlint.model.links import account_for, store_for, store_query, zot_sources
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT504",
    name="irsa-service-account-missing",
    severity="warning",
    scope=[PROJECT],
    tags=["eso", "aws"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    once = Once(ctx)
    on_chain = _zot_stores(model)
    zot_namespaces = {d.namespace for d in model.deployments if d.namespace}
    for store in model.secrets.stores:
        if store.provider != "aws" or store.sa_name is None or store.sa_ref is None:
            continue
        found, anywhere = account_for(model, store)
        if any(a.role_arn for a in found):
            continue
        if (
            not anywhere
            and id(store) not in on_chain
            and (store.scope.namespace not in zot_namespaces)
        ):
            continue
        ns = store.sa_namespace if store.kind == "ClusterSecretStore" else store.scope.namespace
        where = f" in namespace {ns}" if ns else ""
        if found:
            msg = (
                f"Service account '{store.sa_name}' has no IRSA role annotation: the "
                f"account{where} has no {ROLE_ARN} annotation, so ESO fails with 'an IAM role "
                f"must be associated with service account {store.sa_name}'"
            )
            related = [(a.ref, "the service account") for a in found[:1]]
        elif anywhere:
            others = model.secrets.accounts(store.sa_name, any_scope=True)
            msg = (
                f"Service account '{store.sa_name}' is defined, but not where ESO looks: "
                f"ESO looks for it in the store's namespace and environment{where} and fails "
                f"with 'an IAM role must be associated with service "
                f"account {store.sa_name}'"
            )
            related = [(a.ref, "defined here") for a in others[:1]]
        else:
            msg = (
                f"Service account '{store.sa_name}' is not defined with an IRSA role here: no "
                f"service account of that name{where} has an {ROLE_ARN} annotation in this "
                f"repository; it may be created elsewhere (eksctl, "
                f"Terraform), otherwise ESO fails with 'an IAM role must be associated with "
                f"service account {store.sa_name}'"
            )
            related = []
        once.report(store.sa_ref, msg, related=related)


def _zot_stores(model: Model) -> set[int]:
    """Stores used by the ExternalSecrets that create Secrets zot deployments mount."""
    # Each store query once (one name often covers hundreds of ExternalSecrets); the sources
    # of zot's volumes come from the model, each once.
    external: dict[tuple[str, str | None, str | None, str | None], ExternalSecret] = {}
    for src in zot_sources(model).sources:
        es = src.external_secret
        if es is not None:
            external.setdefault(store_query(es), es)
    out: set[int] = set()
    for es in external.values():
        stores, _ = store_for(model, es)
        out.update(id(s) for s in stores)
    return out
