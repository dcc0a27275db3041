"""`accessControl` grants rights to authenticated users, but no authentication is enabled.

## What it does
Reports `http.accessControl` when it grants something to authenticated users — a non-empty
`defaultPolicy` under `repositories.<glob>`, or a policy (`repositories.<glob>.policies[]`,
`adminPolicy`) with `users` or `actions` — while no authentication method is enabled: no
`htpasswd.path`, no `ldap`, no OpenID provider, no `apikey: true`, no active `bearer`, and no
client-certificate TLS (`http.tls` with `cert`, `key` and `cacert`). An `accessControl` with
only `anonymousPolicy` entries is valid and not reported.

## Why it matters
Zot refuses to start (and `zot verify` fails) with `access control config requires one of
htpasswd, ldap, openid or mTLS authentication or using only 'anonymousPolicy' policies`. It
usually means the `auth` block was dropped — e.g. moved to a Secret that is not mounted, or
written at the wrong level.

## Example
```json
"http": {
  "accessControl": {
    "repositories": {"**": {"defaultPolicy": ["read"]}},
    "adminPolicy": {"users": ["admin"], "actions": ["read", "create", "update", "delete"]}
  }
}
```

## Fix
Enable an authentication method next to `accessControl`:
```json
"http": {
  "auth": {"htpasswd": {"path": "/secret/htpasswd"}},
  "accessControl": {"repositories": {"**": {"defaultPolicy": ["read"]}}}
}
```

## References
- zot `pkg/cli/server/root.go` (`validateAuthzPolicies`)
- zot `pkg/api/config/config.go` (`ContainsOnlyAnonymousPolicy`)
- zot tests "Test verify w/ authorization and w/o authentication" (`root_test.go`)
"""

from typing import Any

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import any_auth
from zotlint.rule import Context, rule


@rule(
    id="ZOT122",
    name="access-control-without-auth",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["authz", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    acl = doc.get(("http", "accesscontrol"))
    if not isinstance(acl, dict) or not _grants(acl) or any_auth(doc):
        return
    ctx.report(
        doc.ref(("http", "accesscontrol"), "key"),
        "accessControl grants rights to authenticated users but no authentication is enabled: "
        "there is no htpasswd, ldap, OpenID provider, apikey, bearer or client certificates, so "
        "zot refuses to start (access control config requires one of htpasswd, ldap, openid or "
        "mTLS authentication or using only 'anonymousPolicy' policies); enable an "
        "authentication method or keep only anonymousPolicy entries",
    )


def _non_empty(value: Any) -> bool:
    # A single value counts: zot's decoder turns it into a one-item list.
    return value not in (None, "", [], {})


def _policy_grants(policy: Any) -> bool:
    return isinstance(policy, dict) and (
        _non_empty(policy.get("users")) or _non_empty(policy.get("actions"))
    )


def _grants(acl: dict[str, Any]) -> bool:
    if _policy_grants(acl.get("adminpolicy")):
        return True
    repos = acl.get("repositories")
    if not isinstance(repos, dict):
        return False
    for repo in repos.values():
        if not isinstance(repo, dict):
            continue
        if _non_empty(repo.get("defaultpolicy")):
            return True
        policies = repo.get("policies")
        if isinstance(policies, list) and any(_policy_grants(p) for p in policies):
            return True
    return False
