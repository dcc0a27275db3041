"""A policy action zot does not know (`push`, `pull`, `Read`…): it never matches.

## What it does
Reports each entry of `policies[].actions`, `adminPolicy.actions`, `defaultPolicy` and
`anonymousPolicy` (under `http.accessControl.repositories.<glob>`) that is not exactly `read`,
`create`, `update`, `delete` or `detectManifestCollision`, and each entry of
`accessControl.metrics.anonymousPolicy` other than `read`. Action names are compared
case-sensitively, as zot does. Policies in a misplaced `defaultPolicy`/`anonymousPolicy` key
(directly under `accessControl`) are ZOT115.

## Why it matters
Zot does not validate action names: it starts, and the action simply never matches a request.
`"push"` grants nothing (pushing needs `create`, and `update` to overwrite a tag), `"pull"`
grants nothing (`read`), and `"Read"` is not `read`: users get `401`/`403` without any hint in
the config check.

## Example
```json at=http.accessControl
"repositories": {"**": {"policies": [{"users": ["ci"], "actions": ["pull", "push"]}]}}
```

## Fix
```json at=http.accessControl
"repositories": {"**": {"policies": [{"users": ["ci"], "actions": ["read", "create", "update"]}]}}
```

## References
- zot `pkg/api/constants/consts.go`: `ReadPermission`, `CreatePermission`, `UpdatePermission`,
  `DeletePermission`, `DetectManifestCollisionPermission`
- zot `pkg/api/authz.go`: exact comparison of actions
"""

from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.rule import Context, rule

ACTIONS = ("read", "create", "update", "delete", "detectManifestCollision")
_HINTS = {
    "pull": "read",
    "get": "read",
    "list": "read",
    "push": "create (and update to overwrite tags)",
    "write": "create and update",
    "put": "create and update",
    "remove": "delete",
    "admin": "read, create, update and delete",
}


@rule(
    id="ZOT123",
    name="unknown-policy-action",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["authz", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    base: Path = ("http", "accesscontrol")
    acl = doc.get(base)
    if not isinstance(acl, dict):
        return
    repos = acl.get("repositories")
    if isinstance(repos, dict):
        for glob, repo in repos.items():
            if not isinstance(repo, dict):
                continue
            rpath = (*base, "repositories", glob)
            for key in ("defaultpolicy", "anonymouspolicy"):
                _check_list(ctx, doc, (*rpath, key), repo.get(key), ACTIONS)
            policies = repo.get("policies")
            if isinstance(policies, list):
                for i, pol in enumerate(policies):
                    if isinstance(pol, dict):
                        path = (*rpath, "policies", i, "actions")
                        _check_list(ctx, doc, path, pol.get("actions"), ACTIONS)
    admin = acl.get("adminpolicy")
    if isinstance(admin, dict):
        _check_list(ctx, doc, (*base, "adminpolicy", "actions"), admin.get("actions"), ACTIONS)
    metrics = acl.get("metrics")
    if isinstance(metrics, dict):
        path = (*base, "metrics", "anonymouspolicy")
        _check_list(ctx, doc, path, metrics.get("anonymouspolicy"), ("read",))


def _check_list(
    ctx: Context, doc: Document, path: Path, value: Any, allowed: tuple[str, ...]
) -> None:
    if value is None or isinstance(value, dict):
        return
    items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    for i, action in items:
        if action is None or action in allowed:
            continue
        where = path if i is None else (*path, i)
        ctx.report(doc.ref(where), _message(doc, path, action, allowed))  # item: by value


def _message(doc: Document, path: Path, action: Any, allowed: tuple[str, ...]) -> str:
    name = doc.key_text(path)
    text = action if isinstance(action, str) else str(action)
    msg = (
        f'"{text}" in `{name}` is not an action zot knows: zot knows {", ".join(allowed)}; it '
        f"accepts the unknown action silently and it never matches a request"
    )
    low = text.lower()
    exact = next((a for a in allowed if a.lower() == low), None)
    if exact:
        return msg + f'; actions are case-sensitive: write "{exact}"'
    if low in _HINTS and len(allowed) > 1:
        return msg + f"; use {_HINTS[low]}"
    if len(allowed) == 1:
        return msg + f'; metrics only support "{allowed[0]}"'
    return msg
