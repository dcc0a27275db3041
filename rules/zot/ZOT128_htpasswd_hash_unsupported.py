"""An htpasswd entry whose hash zot cannot verify: that user can never log in.

## What it does
Reads htpasswd entries (`user:hash` lines) from the chart values' `secretFiles` (keys named
like `htpasswd`, or the file the embedded config's `htpasswd.path` reads under `/secret/`), from
the `stringData` of a Secret under such a key, and from `*.htpasswd` files, and reports each
entry whose hash zot cannot verify:
- Apache MD5 (`$apr1$`, what the `htpasswd` tool writes without `-B`), `{SHA}`, MD5-crypt
  (`$1$`), DES crypt, plain text or an empty hash: never supported;
- SHA-crypt (`$5$`, `$6$`) when the zot image is older than v2.1.11: from the values'
  `image.tag` for `secretFiles`, and for files and Secrets only when every zot image the repo
  pins is older. With an unknown image version SHA-crypt entries are not reported.

bcrypt entries (`$2a$`, `$2b$`, `$2y$`) are fine and other `$2…$` variants are left alone. The
hash is never shown in the message. Encrypted or templated content is not an entry: a document
with a top-level `sops:` block (SOPS, how most homelab repos keep their htpasswd), a SOPS
`ENC[…]` value, and the template and reference forms of the shared placeholder set of the
secrets rules (`zotlint/secrets/placeholder.py` `templated`: `{{ … }}`, `${VAR}`, `<path:…>`…).

## Why it matters
Zot checks htpasswd passwords with bcrypt only (and, since v2.1.11, with SHA-crypt for `$5$`/
`$6$` entries); any other entry makes every login of that user fail with `401 Unauthorized`,
and zot only logs a warning (`htpasswd entry has unsupported hash type` in recent releases).
When the htpasswd file is the break-glass access next to SSO, this is discovered at the worst
moment.

## Example
```yaml
mountSecret: true
secretFiles:
  htpasswd: |-
    admin:$apr1$Qe8Ew1Jk$0S1q2X3w4E5r6T7y8U9i0.
```

## Fix
Regenerate the entry with bcrypt: `htpasswd -nbB admin '<password>'`:
```yaml
secretFiles:
  htpasswd: |-
    admin:$2y$05$<bcrypt hash>
```

## References
- zot `pkg/api/htpasswd.go` (`HTPasswd.Authenticate`): bcrypt for `$2a$`/`$2b$`/`$2y$`,
  SHA-crypt for `$5$`/`$6$` (v2.1.11+), "unsupported hash type" otherwise
- Apache `htpasswd` manual: `-B` bcrypt; MD5 (`$apr1$`) is the default
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from zotlint.classify import zot_values_root
from zotlint.data.zot_versions import version_key
from zotlint.document import Document, Kind, Path, Ref, text_document
from zotlint.redact import Sensitive
from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.placeholder import sops_encrypted, templated
from zotlint.source.scalarmap import map_scalar
from zotlint.source.text import Span

SHA_CRYPT_SINCE = "v2.1.11"
_BCRYPT = ("$2a$", "$2b$", "$2y$")
_SHA_CRYPT = ("$5$", "$6$")
_DES = re.compile(r"[./0-9A-Za-z]{13}")
_ZOT_IMAGE = re.compile(r"(?:^|/)zot(?:-[a-z0-9-]+)?:(?P<tag>[^@\s]+)")


@rule(
    id="ZOT128",
    name="htpasswd-hash-unsupported",
    severity="error",
    scope=[PROJECT],
    tags=["htpasswd", "correctness"],
)
def check(ctx: Context) -> None:
    project = ctx.project
    repo_too_old = _all_images_older(project.documents(Kind.ZOT_VALUES), project.documents())
    # The configs embedded in each values document, joined by host once (scanning every config
    # for every values document grew with the square of the repository).
    embedded: dict[int, list[Document]] = {}
    for cfg in project.documents(Kind.ZOT_CONFIG):
        if cfg.parent is not None:
            embedded.setdefault(id(cfg.parent), []).append(cfg)
    for doc in project.documents(Kind.ZOT_VALUES):
        root = zot_values_root(doc.data)
        if root is None or sops_encrypted(doc.data):
            continue
        files = doc.get((*root, "secretFiles"))
        if not isinstance(files, dict):
            continue
        wanted = _htpasswd_names(embedded.get(id(doc), []))
        tag = _tag(doc.get((*root, "image", "tag")))
        old = _older(tag) if tag else repo_too_old
        for key, value in files.items():
            if isinstance(value, str) and (key in wanted or "htpasswd" in str(key).lower()):
                _check_scalar(ctx, doc, (*root, "secretFiles", key), value, old, tag)
    for doc in project.documents(Kind.SECRET):
        data = doc.get(("stringData",))
        if not isinstance(data, dict) or sops_encrypted(doc.data):
            continue
        for key, value in data.items():
            if isinstance(value, str) and "htpasswd" in str(key).lower():
                _check_scalar(ctx, doc, ("stringData", key), value, repo_too_old, None)
    for lf in project.files:
        if lf.source.rel.lower().endswith(".htpasswd") and not lf.documents:
            doc = text_document(lf.source)
            for start, end in _lines(lf.source.text):
                ref = doc.ref_span((), Span(start, end))
                _check_entry(ctx, ref, lf.source.text[start:end], repo_too_old, None)


def _htpasswd_names(configs: list[Document]) -> set[str]:
    """Keys of `secretFiles` the embedded configs read (`/secret/<key>` as htpasswd.path)."""
    names = set()
    for cfg in configs:
        path = cfg.get(("http", "auth", "htpasswd", "path"))
        if isinstance(path, str) and path.startswith("/secret/"):
            names.add(path[len("/secret/") :])
    return names


def _tag(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _older(tag: str | None) -> bool:
    have, need = version_key(tag), version_key(SHA_CRYPT_SINCE)
    return have is not None and need is not None and have < need


def _all_images_older(values: list[Document], docs: list[Document]) -> bool:
    """True when the repo pins at least one zot image and every pinned one predates SHA-crypt."""
    tags: list[str | None] = []
    for doc in values:
        root = zot_values_root(doc.data)
        if root is not None:
            tags.append(_tag(doc.get((*root, "image", "tag"))))
    for doc in docs:
        if doc.kind == Kind.K8S_OBJECT:
            tags.extend(_workload_zot_tags(doc.data))
    return bool(tags) and all(_older(t) for t in tags)


def _workload_zot_tags(data: Any) -> Iterator[str | None]:
    spec = data.get("spec") if isinstance(data, dict) else None
    tmpl = spec.get("template") if isinstance(spec, dict) else None
    pod = tmpl.get("spec") if isinstance(tmpl, dict) else None
    if not isinstance(pod, dict):
        return
    for c in [*(pod.get("containers") or []), *(pod.get("initContainers") or [])]:
        image = c.get("image") if isinstance(c, dict) else None
        if isinstance(image, str) and "project-zot/zot" in image:
            m = _ZOT_IMAGE.search(image)
            yield m.group("tag") if m else None


def _lines(text: str, base: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line, without its line break."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line.rstrip("\r"))
        if end > pos:
            yield base + pos, base + end
        pos += len(line) + 1


def _check_scalar(
    ctx: Context, doc: Document, path: Path, value: str, old: bool, tag: str | None
) -> None:
    if templated(value):
        return  # SOPS ENC[…], a template or a reference: no entry the repo shows
    offsets = _offsets(doc, path, value)
    for a, b in _lines(value):
        if offsets is None:
            ref = doc.ref(path)  # cannot place the line exactly: point at the whole value
        else:
            ref = doc.ref_span(path, Span(offsets[a], offsets[b - 1] + 1))
        _check_entry(ctx, ref, value[a:b], old, tag)


def _offsets(doc: Document, path: Path, value: str) -> list[int] | None:
    """Host-file offset of every character of a YAML string value, or None."""
    text = doc.source.text
    if path in doc.scalars:
        style, start, raw_end = doc.scalars[path]
        return map_scalar(text, start, raw_end, style, value)
    # Short one-line values are not in doc.scalars: take the style from the source.
    span = doc.span(path)
    first = text[span.start : span.start + 1]
    style = first if first in ("|", ">", '"', "'") else ""
    if first in ("!", "&", "*"):
        return None
    return map_scalar(text, span.start, span.end, style, value)


def _check_entry(ctx: Context, ref: Ref, line: str, old: bool, tag: str | None) -> None:
    if line.lstrip().startswith("#") or ":" not in line:
        return  # zot skips lines without a colon; comments are not entries
    if templated(line):
        return  # ENC[…], {{ … }}, ${VAR}: encrypted or filled in later
    user, _, rest = line.partition(":")
    hashed = rest.split(":", 1)[0]  # zot before v2.1.11 kept only the second field
    problem = _problem(hashed, old, tag)
    if problem is None:
        return
    secrets = [Sensitive(hashed, "htpasswd hash")] if len(hashed) >= 4 else []
    ctx.report(
        ref,
        f'Zot cannot verify the htpasswd hash of user "{user}": it {problem}; that user can '
        f"never log in (401); "
        f"regenerate it with bcrypt: htpasswd -nbB {user or '<user>'} '<password>'",
        identity=user,
        secrets=secrets,
    )


def _problem(hashed: str, old: bool, tag: str | None) -> str | None:
    if hashed.startswith(_BCRYPT) or (hashed.startswith("$2") and len(hashed) > 3):
        return None
    if hashed.startswith(_SHA_CRYPT):
        if not old:
            return None
        image = f"the zot image {tag}" if tag else "every zot image this repo pins"
        return (
            f"uses SHA-crypt ({hashed[:3]}), which zot verifies only from {SHA_CRYPT_SINCE}, "
            f"and {image} is older"
        )
    if hashed.startswith("$apr1$"):
        kind = "Apache MD5 ($apr1$, the htpasswd tool's default without -B)"
    elif hashed.upper().startswith("{SHA}"):
        kind = "SHA-1 ({SHA})"
    elif hashed.startswith("$1$"):
        kind = "MD5-crypt ($1$)"
    elif hashed.startswith("$"):
        kind = "a crypt scheme zot does not support"
    elif hashed == "":
        kind = "an empty hash"
    elif _DES.fullmatch(hashed):
        kind = "DES crypt (or a plain-text password)"
    else:
        kind = "no hash zot knows (a plain-text password?)"
    return (
        f"uses {kind}: zot verifies only bcrypt ($2a$, $2b$, $2y$) and, from "
        f"{SHA_CRYPT_SINCE}, SHA-crypt ($5$, $6$)"
    )
