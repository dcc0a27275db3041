"""The structural walk over one parsed document: each string or mapping that could hold a
secret goes to the detector for it (zotlint.secrets.detectors). Kubernetes Secrets and Keycloak
realms have detectors of their own; SealedSecrets and SOPS-encrypted documents hold nothing in
clear. A string the loader recorded as a possible document (a credentials file in a Secret or
an ESO template) is parsed and walked, or, when it is not a document, read as text pairs."""

from __future__ import annotations

import re
from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.secrets.context import FileScan
from zotlint.secrets.detectors.credentials import keyed
from zotlint.secrets.detectors.htpasswd import htpasswd_value
from zotlint.secrets.detectors.keycloak import realm
from zotlint.secrets.detectors.kubernetes_secret import kubernetes_secret
from zotlint.secrets.detectors.pairs import pairs
from zotlint.secrets.detectors.session_keys import session_keys
from zotlint.secrets.keys import SESSION_KEYS, credential_key
from zotlint.secrets.placeholder import sops_encrypted


def walk(scan: FileScan, doc: Document) -> None:
    data = doc.data
    if doc.is_a(Kind.SEALED_SECRET) or not isinstance(data, (dict, list)):
        return
    if sops_encrypted(data):
        return  # SOPS-encrypted: values are ENC[…]
    if doc.kind == Kind.SECRET:
        kubernetes_secret(scan, doc)
        return
    handled: set[Path] = set()
    if doc.is_a(Kind.KEYCLOAK_REALM):
        handled = realm(scan, doc)
    if not handled:
        _walk_values(scan, doc)
        return
    for path, value in doc.walk():
        if path in handled:
            continue
        if isinstance(value, dict):
            session_keys(scan, doc, path, value)
        elif isinstance(value, str):
            _scalar(scan, doc, path, value)


def _walk_values(scan: FileScan, doc: Document) -> None:
    """What ``doc.walk()`` feeds the detectors above, in the same order, without the values
    they would ignore: most strings of a document sit under keys that name no credential, and
    building a path for each was most of the scan's time. A string is kept when its key (the
    list's key, for a list item) could name a credential or an htpasswd (_string_key), or when
    the loader recorded it as a possible embedded document."""
    scalars = doc.scalars
    parents = {p[:-1] for p in scalars}  # containers holding such a string
    known = _STRING_KEYS  # _string_key()'s cache, read inline: one call per string saved
    # zot's S3 `secretkey` counts only in a zot config; elsewhere it is ESO's `secretKey`, the
    # most common keyed string of a repository full of ExternalSecrets (_scalar ignores it).
    s3_only = _S3_ONLY if not doc.is_a(Kind.ZOT_CONFIG) else _NONE
    stack: list[tuple[Path, Any]] = [((), doc.data)]
    pop, push = stack.pop, stack.append
    while stack:
        path, value = pop()
        if isinstance(value, str):
            _scalar(scan, doc, path, value)
            continue
        # Children are pushed last to first, so they pop in document order.
        check = bool(parents) and path in parents
        if isinstance(value, dict):
            # session_keys() acts only on one or two keys, all session keys.
            if 0 < len(value) <= 2:
                first = next(iter(value))
                if isinstance(first, str) and first.lower() in SESSION_KEYS:
                    session_keys(scan, doc, path, value)
            for k, v in reversed(value.items()):
                if isinstance(v, (dict, list)):
                    push((path + (k,), v))
                elif isinstance(v, str):
                    if not isinstance(k, str):
                        push((path + (k,), v))
                        continue
                    is_keyed = known.get(k)
                    if is_keyed is None:
                        is_keyed = _string_key(k)
                    if is_keyed and k not in s3_only:
                        push((path + (k,), v))
                    elif check and (p := path + (k,)) in scalars:
                        push((p, v))
        elif isinstance(value, list):
            last = path[-1] if path else None
            is_keyed = isinstance(last, str) and _string_key(last) and last not in s3_only
            for i in range(len(value) - 1, -1, -1):
                v = value[i]
                if isinstance(v, (dict, list)):
                    push((path + (i,), v))
                elif isinstance(v, str):
                    if is_keyed:
                        push((path + (i,), v))
                    elif check and (p := path + (i,)) in scalars:
                        push((p, v))


def _scalar(scan: FileScan, doc: Document, path: Path, value: str) -> None:
    if not path:
        return
    last = path[-1]
    key = last if isinstance(last, str) else None
    if key is None and len(path) >= 2 and isinstance(path[-2], str):
        key = path[-2]  # a list of values under a credential key (Keycloak component config)
    if key is not None:
        lower = key.lower()
        if isinstance(last, str) and lower.endswith("htpasswd"):
            htpasswd_value(scan, doc, path)
            return
        if lower in SESSION_KEYS:
            return  # only inside a sessionKeys object (see session_keys); cluster.hashKey is not
        keyed(scan, doc, path, key, value)
    if path in doc.scalars and (id(doc), path) not in scan.hosts:
        _embedded(scan, doc, path, value)


def _embedded(scan: FileScan, doc: Document, path: Path, value: str) -> None:
    """A multi-line string: a credentials/sessionKeys file in a Secret or ESO template, an
    `.env`, a script. Parsed when it is JSON or YAML, else scanned as text."""
    from zotlint.source.loader import LoadedFile, parse_embedded
    from zotlint.source.problems import Limits

    key = str(path[-1])
    emb = None
    looks_doc = value.lstrip()[:1] in "{[" or re.search(r"^\s*[\w.\"'-]+:\s", value, re.M)
    if looks_doc:
        scratch = LoadedFile(scan.src)
        try:
            emb = parse_embedded(
                scratch, doc, path, key, value, report_errors=False, limits=Limits()
            )
        except Exception:  # a string that only looks like a document
            emb = None
    if emb is not None and isinstance(emb.data, (dict, list)):
        walk(scan, emb)
        return
    span = doc.span(path)
    pairs(scan, span.start, span.end)


_STRING_KEYS: dict[str, bool] = {}
# Keys _string_key() accepts only as zot's S3 `secretkey` (no credential name, no htpasswd).
_S3_ONLY: set[str] = set()
_NONE: frozenset[str] = frozenset()


def _string_key(key: str) -> bool:
    """Whether _scalar() can act on a string under ``key`` through the key alone (an htpasswd,
    a credential name, zot's S3 `secretkey`). Cached: a repository repeats its keys."""
    found = _STRING_KEYS.get(key)
    if found is None:
        lower = key.lower()
        named = lower.endswith("htpasswd") or credential_key(key) is not None
        if not named and lower == "secretkey":
            _S3_ONLY.add(key)
        found = _STRING_KEYS[key] = named or lower == "secretkey"
    return found
