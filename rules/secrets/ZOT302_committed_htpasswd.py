"""htpasswd entries are committed to the repository.

## What it does
Reports each htpasswd entry (`user:hash`) found in a committed file: under any `htpasswd` key
(chart values `secretFiles.htpasswd`, a ConfigMap, an ExternalSecret template), in an
`.htpasswd` file, a Markdown code block or any other text file zotlint reads. Entries are
recognised by their hash: bcrypt (`$2a$`, `$2b$`, `$2y$`), SHA-crypt (`$5$`, `$6$`), `$apr1$`,
`$1$` and `{SHA}`; under an `htpasswd` key, crypt and plain-text entries too.

The message also says when zot can never verify an entry: only bcrypt and, from zot v2.1.11,
SHA-crypt work; `$apr1$` (the `htpasswd` tool's default without `-B`), `$1$`, `{SHA}`, crypt
and plain text always fail (ZOT128 reports that as an error). The project-zot chart's two
default entries are recognised (by a digest of the line) and named: "the chart's default
admin:admin" / "user:user".

Also reported, at `mountSecret`: chart values with `mountSecret` truthy that do not override
`secretFiles.htpasswd` (no `secretFiles`, `secretFiles: {}`, or a map without `htpasswd`) —
Helm merges maps, so the chart's default `admin:admin` / `user:user` htpasswd is rendered into
`<release>-secret`. Not reported when another values file in the same folder overrides it, nor
when zot reads that default from `/secret/htpasswd`: ZOT218 reports it then, at the same
`mountSecret`, as an error (one problem, one finding).
Entries inside a `kind: Secret` are ZOT303. Placeholders (`<…>`, `${…}`, `{{ … }}`) are skipped.

## Why it matters
A password hash in git allows offline guessing by anyone who can read the repository; bcrypt
slows that down, `{SHA}` and MD5 variants barely do. The chart's defaults are public: their
passwords are `admin` and `user`.

## Example
```yaml
mountSecret: true
secretFiles:
  htpasswd: |-
    admin:$2y$05$…(53 characters)…
```

## Fix
Keep the htpasswd file out of git: create the Secret from your secret manager (External
Secrets Operator, Sealed Secrets) and stop the chart from rendering its own:
```yaml
mountSecret: true
secretFiles: null   # the Secret <release>-secret is managed outside the chart
```
Generate entries with `htpasswd -nB user` (bcrypt).

## References
- zot `pkg/api/authn.go`: htpasswd verification with `bcrypt.CompareHashAndPassword`
  (SHA-crypt added in v2.1.11)
- project-zot helm-charts `charts/zot/values.yaml`: `mountSecret`, `secretFiles.htpasswd`
  defaults; `templates/secret.yaml`
- Helm documentation, "Values files": maps are merged, `null` deletes a key
"""

from zotlint.knowledge.default_htpasswd import default_htpasswd_in_use
from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.detection import DetectionKind

# The detections this rule reports (zotlint.secrets).
CONSUMES = (DetectionKind.HTPASSWD_ENTRY, DetectionKind.CHART_DEFAULT_HTPASSWD)


@rule(
    id="ZOT302",
    name="committed-htpasswd",
    severity="warning",
    scope=[PROJECT],
    tags=["secrets", "security", "htpasswd"],
    precision="high",
    security_severity=5.0,
)
def check(ctx: Context) -> None:
    found = ctx.secrets.of(*CONSUMES)
    merged = [d for d in found if d.kind is DetectionKind.CHART_DEFAULT_HTPASSWD]
    # ZOT218 reports the merged-in default at the same `mountSecret` when zot reads it: one
    # problem, one finding (the stronger one).
    in_use = (
        {(id(u.mount_secret.doc), u.mount_secret.path) for u in default_htpasswd_in_use(ctx.model)}
        if merged
        else set()
    )
    for d in found:
        if d.kind is DetectionKind.CHART_DEFAULT_HTPASSWD:
            if (id(d.ref.doc), d.ref.path) in in_use:
                continue
            how = (
                "keep `secretFiles: {}`"
                if d.extra.get("secretFiles")
                else ("do not override `secretFiles.htpasswd`")
            )
            ctx.report(
                d.ref,
                f"mountSecret is on and the values {how}: Helm merges in the chart's default "
                f"htpasswd, whose entries are the chart's default admin:admin and user:user "
                f"(publicly known passwords); set `secretFiles: null` and manage the Secret "
                f"outside git",
                identity=d.identity,
            )
            continue
        fmt = d.extra["format"]
        default = d.extra.get("default")
        user = d.extra["user"]
        plain = fmt.name == "plain text"
        if default:
            what = f"The chart's default {default} htpasswd entry"
            holds = "its password is publicly known"
        else:
            what = f"An htpasswd entry for `{user}`"
            kind = "a plain-text password" if plain else f"a {fmt.name} hash"
            holds = f"it holds {kind} {d.secret}"
        risk = (
            "anyone who can read the repository can log in"
            if plain
            else "the hash allows offline password guessing"
        )
        if not fmt.works:
            note = f"; zot can never verify a {fmt.name} entry, so this user cannot log in"
        elif fmt.note:
            note = f"; {fmt.note}"
        else:
            note = ""
        ctx.report(
            d.ref,
            f"{what} is committed to the repository: {holds}; {risk}{note}",
            identity=d.identity,
            secrets=d.secrets,
        )
