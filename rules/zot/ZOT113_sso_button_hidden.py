"""OpenID is configured but zot's UI is not enabled, so there is no login page and no SSO button.

## What it does
Reports a zot config with at least one OpenID/OAuth2 provider whose `extensions.ui` is not
enabled, decided as zot decides it (keys in any letter case):
- `extensions.ui` absent, or `extensions` absent;
- `ui.enable` false, weakly typed as zot reads it (`false`, `"false"`, `0`, `"0"`, `"f"`…);
- `ui: {}` (or `null`) while another entry under `extensions` is not empty: viper drops the
  empty object, and zot restores empty extension objects only when every entry is empty.

`ui: {}` alone, or beside other empty entries, counts as enabled. UI enabled without search is
ZOT114.

## Why it matters
Zot's browser login starts from the UI's sign-in page, which shows a button per provider. Without
the UI extension zot serves no `/login` page: users see no "Sign in with …" button, and SSO can
only be started by opening `/zot/auth/login?provider=oidc` by hand.

## Example
```json
"http": {"auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}},
"extensions": {"search": {"enable": true}, "ui": {"enable": "false"}}
```

## Fix
Enable the UI together with search (the UI requires it):
```json
"http": {"auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}},
"extensions": {"search": {"enable": true}, "ui": {"enable": true}}
```

## References
- zot `pkg/cli/server/root.go` `applyDefaultValues` (empty extension objects), weakly typed
  decoding (`extensions_test.go` "Legacy extensions should not error")
- zot UI project-zot/zui@fbbd3594 `src/components/Login/SignIn.jsx` lines 310-323 (buttons only
  for `google`, `gitlab`, `github`, `oidc`); zot `pkg/extensions/extension_mgmt.go` lines 86-134
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import extension_enabled, extension_state, openid_configured
from zotlint.rule import Context, rule


@rule(
    id="ZOT113",
    name="sso-button-hidden",
    severity="warning",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "ui"],
)
def check(ctx: Context, doc: Document) -> None:
    if not openid_configured(doc) or extension_enabled(doc, "ui"):
        return
    ctx.report(
        doc.ref(("http", "auth", "openid"), "key"),
        f"OpenID is configured but the UI is not enabled: {extension_state(doc, 'ui')}; zot "
        f"serves no login page, so users get no SSO button; enable extensions.ui and "
        f'extensions.search ({{"enable": true}} each)',
    )
