"""A policy names a group with upper-case letters that zot stored lower-cased: it never matches.

## What it does
Reports a group reference in `policies[].groups` or `adminPolicy.groups` that contains
upper-case letters and names, ignoring case, a group defined under `accessControl.groups`.
References that already match the lower-cased name, and references to groups not defined in
the config (they may come from the IdP's groups claim), are not reported.

## Why it matters
Viper lower-cases every map key, so `accessControl.groups: {"DevOps": …}` becomes the group
`devops`, while the reference in a policy is a value and keeps its case. Zot compares group
names exactly, so the htpasswd, LDAP and mTLS users placed in that group get none of the
policy's rights. OpenID users get their groups from the IdP claim, compared verbatim, so the
reference may still match them — which makes the failure look random.

## Example
```json at=http
"accessControl": {
  "groups": {"DevOps": {"users": ["alice"]}},
  "repositories": {"**": {"policies": [{"groups": ["DevOps"], "actions": ["read", "create"]}]}}
}
```

## Fix
Use lower-case group names on both sides (and in the IdP, if it also sends this group):
```json at=http.accessControl
"groups": {"devops": {"users": ["alice"]}},
"repositories": {"**": {"policies": [{"groups": ["devops"], "actions": ["read", "create"]}]}}
```

## References
- spf13/viper `util.go` (`insensitiviseMap`): map keys lower-cased
- zot `pkg/api/authz.go`: group matching with `slices.Contains` (exact)
- project-zot/zot@6d19b445 `pkg/api/authz.go` lines 196-211, 562-580 (group values compared as
  written)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import policy_group_refs
from zotlint.rule import Context, rule


@rule(
    id="ZOT124",
    name="group-name-case",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["authz", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    groups = doc.get(("http", "accesscontrol", "groups"))
    if not isinstance(groups, dict) or not groups:
        return
    for path, ref in policy_group_refs(doc):
        if not isinstance(ref, str) or ref == ref.lower() or ref.lower() not in groups:
            continue
        low = ref.lower()
        defined = doc.key_text(("http", "accesscontrol", "groups", low))
        ctx.report(
            doc.ref(path),
            f'policy group "{ref}" never matches the group defined as "{defined}": zot '
            f'lower-cases accessControl.groups keys (to "{low}") but compares policy references '
            f"exactly, so htpasswd, LDAP and mTLS users in that group get none of these rights; "
            f'write "{low}" on both sides (and in the IdP if OpenID users also get this group)',
            related=[
                (doc.ref(("http", "accesscontrol", "groups", low), "key"), "group defined here")
            ],
        )
