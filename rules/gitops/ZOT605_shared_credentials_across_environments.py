"""Two environments share one OIDC client, one remote secret or one external URL.

## What it does
Compares the zot deployments of different environments (environments come from paths such as
`values/<env>.yaml`, `envs/<env>/…`, `overlays/<env>/…` or from the Application's name) and
reports, at the occurrence in the later environment (alphabetically), when two environments use:
- the same OIDC client: the same issuer (trailing `/` ignored) and the same client ID, as zot's
  config shows it inline or the ExternalSecret template / `secretFiles` entry that writes its
  `credentialsFile` shows it;
- the same remote secret behind a file zot reads at start (the OIDC credentials, session keys,
  htpasswd…): the same `remoteRef.key` through stores that point at the same AWS account and
  region (account from the store's role ARN or its IRSA service account), or the same Vault
  server and mount;
- the same `externalUrl` host.
The same client ID under different issuers, the same key name in different or unknown
accounts, and deployments whose environment is unknown are not reported. What an ExternalSecret
provides counts for the environment of the ExternalSecret's own path (one of unknown
environment is linked to every deployment and would look shared). Numbered variants of one
environment (`prod`, `prod-2`) count as the same environment.

## Why it matters
The integration guide asks for a separate Keycloak client and secret per environment. Shared
ones couple the environments: rotating the dev secret breaks prod logins, a redirect URI or
scope change for one affects the other, and anyone with dev access can read prod's
credentials. Two environments behind one host means one of them is not where its users think
it is, and both register the same callback.

## Example
Development and staging claim the same registry host:

`envs/dev/values.yaml`:
```yaml
image:
  tag: v2.1.18
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
                 "issuer": "https://sso.example.com/realms/dev",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

`envs/staging/values.yaml`:
```yaml
image:
  tag: v2.1.18
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
                 "issuer": "https://sso.example.com/realms/staging",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## Fix
Give each environment its own host (and its own Keycloak client and secret):

`envs/staging/values.yaml`:
```yaml
image:
  tag: v2.1.18
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
               "externalUrl": "https://registry-staging.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/staging",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## References
- the Zot + Keycloak integration guide (docs/integration-guide.txt in the guide's own
  distribution) ("a separate Keycloak client and secret per environment")
- ESO SecretStore AWS provider (`region`, `role`, IRSA): external-secrets/external-secrets@cc5bfbc2
  `apis/externalsecrets/v1/secretstore_aws_types.go`; docs `docs/provider/aws-access.md`
"""

import re
from collections import defaultdict
from typing import Any

from zotlint.document import Ref
from zotlint.knowledge.eso import ExternalSecret, SecretStore
from zotlint.knowledge.zot import OPENID_PROVIDERS, ZotConfig, providers
from zotlint.model import Deployment, Model
from zotlint.model.keycloak_link import secret_client_id, visible_client_id
from zotlint.model.links import (
    Chain,
    account_for,
    follow,
    per_sources,
    start_files,
    store_for,
    store_query,
)
from zotlint.model.report import Once
from zotlint.records import dataclass
from zotlint.rule import PROJECT, Context, rule

_ACCOUNT = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):")
# The message's first sentence, by what is shared; the environments and names follow.
_HEAD = {
    "client": "Two environments share one OIDC client",
    "secret": "Two environments share one remote secret",
    "host": "Two environments share one registry host",
}
_WHY = {
    "client": "a secret rotation or a redirect URI or scope change for one environment breaks "
    "the other, and a login to one is valid for the other; create a separate Keycloak client "
    "and secret per environment",
    "secret": "rotating it for one environment breaks the other, and whoever can read one "
    "environment's secrets reads the other's; store a separate secret per environment",
    "host": "both claim one registry, and Keycloak sends the logins of both to the same "
    "callback; give each environment its own host",
}


def _stage(env: str) -> str:
    """The environment a numbered variant belongs to: `prod-2` and `prod` are one stage."""
    return re.sub(r"[-_.]?\d+$", "", env) or env


@dataclass(frozen=True)
class _Use:
    env: str
    ref: Ref
    what: str  # for the message

    @property
    def rel(self) -> str:
        return self.ref.doc.source.rel


@rule(
    id="ZOT605",
    name="shared-credentials-across-environments",
    severity="warning",
    scope=[PROJECT],
    tags=["gitops", "environments", "security"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    uses: dict[tuple[str, ...], list[_Use]] = defaultdict(list)
    idents: dict[Any, tuple[str, ...] | None] = {}  # by id(store), and by store query
    for dep in model.deployments:
        if dep.env is None or dep.config is None:
            continue
        for key, use in (
            *_clients(ctx, dep),
            *_remote_secrets(model, dep, idents),
            *_hosts(dep),
        ):
            uses[key].append(use)
    once = Once(ctx)
    for key in sorted(uses):
        found = sorted(uses[key], key=lambda u: (u.env, u.rel))
        if len({_stage(u.env) for u in found}) < 2:
            continue
        first = found[0]
        for use in found:
            if _stage(use.env) == _stage(first.env):
                continue
            once.report(
                use.ref,
                f"{_HEAD[key[0]]}: environments {first.env} and {use.env} use the same "
                f"{use.what}; {_WHY[key[0]]}",
                related=[(first.ref, f"the same in {first.env}")]
                if first.ref.doc is not use.ref.doc or first.ref.path != use.ref.path
                else [],
                identity=":".join(key),
            )


def _clients(ctx: Context, dep: Deployment) -> list[tuple[tuple[str, ...], _Use]]:
    out = []
    cfg = dep.config
    assert cfg is not None and dep.env is not None
    for p in providers(cfg):
        issuer = p.get("issuer")
        if p.key not in OPENID_PROVIDERS or not isinstance(issuer, str) or not issuer:
            continue
        cid = visible_client_id(p)
        env: str | None = dep.env
        if cid is not None:
            ref = cfg.ref((*p.path, "clientid"))
        else:
            found = secret_client_id(ctx.facts, cfg, p)
            if found is None:
                continue
            cid, ref = found
            # As for remote secrets: the template's own environment, when its path tells it.
            env = ctx.model.scope_of(ref.doc.host).env
        if env is None:
            continue
        iss = issuer.rstrip("/")
        out.append((("client", iss, cid), _Use(env, ref, f'OIDC client "{cid}" of {iss}')))
    return out


def _remote_secrets(
    model: Model, dep: Deployment, idents: dict[Any, tuple[str, ...] | None]
) -> list[tuple[tuple[str, ...], _Use]]:
    out: list[tuple[tuple[str, ...], _Use]] = []
    assert dep.config is not None
    for sf in start_files(dep.config):
        chain = follow(model, dep, sf)
        # The uses depend on the chain's ExternalSecrets only: once per volume query (one of
        # unknown namespace links to hundreds of them, for each deployment sharing it).
        out.extend(
            per_sources(
                model, dep, chain, "ZOT605 remote secrets", lambda c: _uses(model, c, idents)
            )
        )
    return out


def _uses(
    model: Model, chain: Chain, idents: dict[Any, tuple[str, ...] | None]
) -> tuple[tuple[tuple[str, ...], _Use], ...]:
    out = []
    for es in chain.external_secrets:
        # The ExternalSecret's own environment decides: one of unknown environment links to
        # every deployment and would look shared by all of them.
        env = es.scope.env
        if env is None:
            continue
        ident = _one_identity(model, es, idents)
        if ident is None:
            continue
        for entry in es.data:
            if not entry.remote_key:
                continue
            ref = es.doc.ref((*entry.path, "remoteRef", "key"))
            what = f'remote secret "{entry.remote_key}" ({_describe(ident)})'
            out.append((("secret", *ident, entry.remote_key), _Use(env, ref, what)))
    return tuple(out)


def _one_identity(
    model: Model, es: ExternalSecret, idents: dict[Any, tuple[str, ...] | None]
) -> tuple[str, ...] | None:
    """The identity of the one backend every store ``es`` may use points at; None when they
    differ or one is unknown. Kept per store query: ExternalSecrets asking the same query
    resolve to the same stores, often hundreds of them."""
    query = ("query", *store_query(es))
    if query in idents:
        return idents[query]
    found = set()
    for store in store_for(model, es)[0]:
        if id(store) not in idents:
            idents[id(store)] = _store_identity(model, store)
        found.add(idents[id(store)])
    ident = found.pop() if len(found) == 1 else None
    idents[query] = ident
    return ident


def _hosts(dep: Deployment) -> list[tuple[tuple[str, ...], _Use]]:
    cfg = dep.config
    assert cfg is not None and dep.env is not None
    zot = ZotConfig.of(cfg)
    host = zot.external_host
    if host is None:
        return []
    return [(("host", host), _Use(dep.env, zot.external_url_ref(), f"externalUrl host {host}"))]


def _get(data: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(k)
    return data


def _store_identity(model: Model, store: SecretStore) -> tuple[str, ...] | None:
    """Where a store's secrets live: ("aws", account, region) or ("vault", server, mount)."""
    spec = store.doc.get(store.spec_path)
    provider = _get(spec, "provider")
    if isinstance(provider, dict) and isinstance(provider.get("vault"), dict):
        server, mount = _get(provider, "vault", "server"), _get(provider, "vault", "path")
        if isinstance(server, str) and server:
            return ("vault", server.rstrip("/").lower(), str(mount or "").strip("/"))
        return None
    if store.provider != "aws":
        return None
    aws = provider.get("aws") if isinstance(provider, dict) else spec
    region, role = _get(aws, "region"), _get(aws, "role")
    account = None
    if isinstance(role, str) and (m := _ACCOUNT.match(role)):
        account = m.group(1)
    if account is None:
        for sa in account_for(model, store)[0]:
            if sa.role_arn and (m := _ACCOUNT.match(sa.role_arn)):
                account = m.group(1)
                break
    if not isinstance(region, str) or not region or account is None:
        return None
    return ("aws", account, region)


def _describe(ident: tuple[str, ...]) -> str:
    if ident[0] == "aws":
        return f"AWS account {ident[1]}, region {ident[2]}"
    return f"Vault {ident[1]}, mount {ident[2] or '?'}"
