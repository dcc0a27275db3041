"""An ExternalSecret extracts one `property` for a file zot parses as a whole document.

## What it does
Follows the files zot parses as one JSON/YAML document — OpenID and LDAP `credentialsFile`,
`sessionKeysFile` — through the zot pod's mounts (`<mountPath>/<secretKey>`) to the
ExternalSecret that creates the mounted Secret (a manifest or a wrapper-chart list entry), and
reports its `data[]` entry for that key when the entry sets `remoteRef.property` and no
`target.template` produces the key. Entries consumed only by a `target.template` are not
checked.

## Why it matters
With `property`, ESO returns one key of the remote JSON secret (an object as raw JSON, a string
as is); without it, the whole secret. A secret stored as `{"clientid": …, "clientsecret": …}`
(as the integration guide stores it) has no key `credentials.json`: `property: credentials.json`
fails with `key credentials.json does not exist in secret …` and the Secret is never created;
`property: clientsecret` yields a bare string that zot cannot parse as a credentials file. It is
right only when the remote secret nests the whole document under that property, hence a
warning.

## Example
`remoteRef.property` extracts one field, but zot reads `session-keys.json` as a whole document:

`zot/values.yaml`:
```yaml
namespace: zot
mountConfig: true
externalSecrets:
  - secretName: zot-oidc
    mountPath: /secret-oidc
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "auth": {"sessionKeysFile": "/secret-oidc/session-keys.json"}}
    }
```

`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: session-keys.json
      remoteRef:
        key: platform/zot/session-keys
        property: hashKey
```

## Fix
Fix: safe when the property names the key's own file (the guide's `property: credentials.json`)
or a field of the document zot reads (`clientsecret`, `hashKey`…): the remote secret is then
that document, and `--fix` removes the `property` line. Otherwise unsafe (`--unsafe-fixes`):
the secret might nest the document under that property.

Omit `property` to get the whole JSON document:

`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: session-keys.json
      remoteRef: {key: platform/zot/session-keys}
```

## References
- external-secrets `providers/v1/aws/secretsmanager/secretsmanager.go` (`GetSecret`: property
  omitted → whole SecretString; missing property → `key … does not exist in secret …`)
- zot `pkg/cli/server/root.go`: `readSecretFile` parses the whole file
"""

from zotlint.fix import SAFE, UNSAFE, Fix, remove_entry
from zotlint.knowledge.eso import DataEntry, ExternalSecret
from zotlint.model.links import Chain, config_reads, follow, per_sources
from zotlint.model.report import Best
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT501",
    name="eso-property-on-whole-document",
    severity="warning",
    scope=[PROJECT],
    tags=["eso", "secrets", "correctness"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    best = Best(ctx)
    for dep, cfg, f in config_reads(model):
        if not f.whole_document:
            continue
        chain = follow(model, dep, f)
        if chain.key is None:
            continue
        # Each deployment of unknown namespace links to every ExternalSecret writing the
        # Secret's name: the flagged ones are found once per volume query and key.
        found = per_sources(model, dep, chain, "ZOT501 property", _with_property)
        for es, entry in found:
            note = (
                ""
                if chain.certain
                else (
                    " (matched to the mount by Secret name only: a namespace or environment "
                    "is not known)"
                )
            )
            best.offer(
                int(chain.certain),
                es.doc.ref(entry.path + ("remoteRef", "property")),
                f"remoteRef.property extracts one key, but zot reads a whole document: "
                f"property '{entry.property}' makes ESO extract that one key from remote "
                f"secret '{entry.remote_key}' (an object as raw JSON, a string as is), but zot "
                f"parses {chain.key} as a whole {f.what} document; unless the secret nests "
                f"the full document under '{entry.property}', the sync "
                f"fails ('key {entry.property} does not exist in secret') or writes a value "
                f"zot cannot parse. Omit property to get the whole JSON document{note}",
                related=[
                    (cfg.ref(f.config_path), f"{f.what} zot reads"),
                    (chain.mount.path_ref if chain.mount else None, "the mount of the Secret"),
                ],
                fix=_drop_property(es, entry, chain.key),
            )
    best.flush()


# Fields of the documents zot reads whole (OIDC credentials, session keys): a property naming
# one of them shows the remote secret *is* that document.
_DOCUMENT_FIELDS = frozenset(
    {"clientid", "clientsecret", "client_id", "client_secret", "hashkey", "encryptkey"}
)


def _drop_property(es: ExternalSecret, entry: DataEntry, key: str) -> Fix:
    """Safe when the remote secret is evidently the whole document (the property names the
    file itself, as the guide's `property: credentials.json`, or one of its fields); else
    unsafe: the secret might nest the document under that property."""
    prop = str(entry.property)
    evident = prop == key or prop.lower() in _DOCUMENT_FIELDS
    return Fix(
        "Remove remoteRef.property: the whole remote secret becomes the key",
        (remove_entry(es.doc.ref(entry.path + ("remoteRef", "property"))),),
        SAFE if evident else UNSAFE,
    )


def _with_property(chain: Chain) -> tuple[tuple[ExternalSecret, DataEntry], ...]:
    """The chain's ExternalSecrets whose entry for its key has a property, in source order."""
    out = []
    for es in chain.external_secrets:
        entry = _entry_with_property(chain, es)
        if entry is not None:
            out.append((es, entry))
    return tuple(out)


def _entry_with_property(chain: Chain, es: ExternalSecret) -> DataEntry | None:
    """The `data` entry writing the chain's key with a `remoteRef.property`, unless a template
    renders the key (or replaces the data)."""
    if es.produces(chain.key) or (es.template_keys is not None and es.merge_policy != "Merge"):
        return None
    entry = chain.data_entry(es)
    if entry is None or entry.property is None:
        return None
    return entry
