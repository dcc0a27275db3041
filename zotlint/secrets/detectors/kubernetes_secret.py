"""A `kind: Secret` with credentials in plain `data`/`stringData` (RULES.md ZOT303): each entry
judged by its content and its key; one detection per Secret, at its first committed key."""

from __future__ import annotations

import base64
import binascii
import json
import re
from functools import lru_cache
from typing import Any

from zotlint.document import Document, Path
from zotlint.redact import Sensitive
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.secrets.detectors.credentials import client_secret_value
from zotlint.secrets.entropy import looks_random
from zotlint.secrets.htpasswd import LOOSE
from zotlint.secrets.keys import SESSION_KEYS, credential_key, names_coordinate
from zotlint.secrets.patterns import find_tokens, surely_tokenless
from zotlint.secrets.placeholder import is_placeholder, normalize, word_like
from zotlint.source.text import Span

# Keys of a Kubernetes Secret that hold no credential by themselves (Argo CD repository and
# cluster Secrets, connection coordinates, public certificates).
_NON_CREDENTIAL = frozenset(
    {
        "url",
        "type",
        "name",
        "project",
        "insecure",
        "enablelfs",
        "proxy",
        "noproxy",
        "username",
        "user",
        "email",
        "host",
        "hostname",
        "port",
        "region",
        "endpoint",
        "cacrt",
        "tlscrt",
        "capem",
        "cabundle",
        "cabundlecrt",
        "server",
        "namespace",
        "database",
        "dbname",
        "bucket",
        "clientid",
        "issuer",
        "realm",
        "githubappid",
        "githubappinstallationid",
        "forcehttpbasicauth",
        "githubappenterprisebaseurl",
    }
)


def kubernetes_secret(scan: FileScan, doc: Document) -> None:
    data = doc.data
    committed: list[tuple[Path, str, str | None]] = []
    kinds: set[str] = set()
    sections: list[str] = []
    in_data = False
    for section in ("stringData", "data"):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        sections.append(section)
        encoded = section == "data"
        for key, raw in entries.items():
            if not isinstance(raw, str) or not raw.strip():
                continue
            text = _b64_text(raw) if encoded else raw
            found = _committed_kinds(str(key), raw, text)
            if found is not None:
                committed.append(((section, key), raw, text))
                if found:
                    kinds |= found
                in_data = in_data or encoded
    if not committed:
        return
    claims = tuple(doc.span((section,)) for section in sections)  # spans only for a detection
    scrub: list[Sensitive] = []
    first_key: Span | None = None
    for path, raw, text in committed:
        key_span, value_span = doc.key_and_value(path)  # one look-up for both
        if first_key is None:
            first_key = key_span
        scrub.extend(scan.sensitive(raw, "Secret value", value_span))
        # The decoded form never appears in output (code frames show the file); scrub it
        # too when it is distinctive, but not a short word that names ordinary things.
        if text is not None and text != raw and len(text) >= 8 and not word_like(text):
            scrub.append(Sensitive(text, "Secret value"))
    assert first_key is not None
    name = doc.get(("metadata", "name"))
    scan.out.append(
        Detection(
            DetectionKind.KUBERNETES_SECRET,
            doc.placed_ref(committed[0][0], "key", first_key),
            "Kubernetes Secret",
            None,
            tuple(scrub),
            claims=claims,
            extra={
                "name": name if isinstance(name, str) else "",
                "keys": [str(p[-1]) for p, _, _ in committed],
                "in_data": in_data,
                "kinds": sorted(kinds),
            },
        )
    )


def _committed_kinds(key: str, raw: str, text: str | None) -> set[str] | None:
    """Whether one Secret `data`/`stringData` entry holds a credential in clear: None when it
    does not, else the kinds of the shaped credentials in it (empty when it has no shape)."""
    value = text if text is not None else raw
    if is_placeholder(raw) or (text is not None and text != raw and is_placeholder(text)):
        return None
    kinds = set() if surely_tokenless(value) else {t.kind for t in find_tokens(value)}
    if kinds:
        return kinds
    if not _value_committed(key, value):
        return None
    return kinds


def _value_committed(key: str, value: str) -> bool:
    if _holds_no_credential(key):
        return False
    # Only a value that may parse as a mapping or list goes to the cache: on 16,000 Secrets of
    # distinct one-line passwords every look-up missed, and the cache's bookkeeping cost more
    # than the answer (None: `_parse_loose` parses only text starting `{`/`[` or multi-line).
    inside = _document_verdict(value) if _may_be_document(value) else None
    if inside is not None:
        return inside
    return len(value.strip()) >= 4


def _may_be_document(value: str) -> bool:
    """False when ``_parse_loose(value)`` is surely None: one line not starting `{` or `[`."""
    return "\n" in value or value.strip()[:1] in ("{", "[")


@lru_cache(maxsize=1024)
def _document_verdict(value: str) -> bool | None:
    """Whether a value that parses as a mapping or list holds a credential; None when it does
    not parse as one. Cached: Secrets of many environments repeat their files (a third of the
    secret scan's time on a repository full of them was parsing the same YAML again)."""
    parsed = _parse_loose(value)
    if isinstance(parsed, (dict, list)):
        return _has_credential(parsed)
    return None


@lru_cache(maxsize=4096)
def _holds_no_credential(key: str) -> bool:
    """A key that holds no credential by itself (Secrets repeat their keys: asked once)."""
    return normalize(key) in _NON_CREDENTIAL or names_coordinate(key)


def _b64_text(raw: str) -> str | None:
    try:
        data = base64.b64decode("".join(raw.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parse_loose(value: str) -> Any:
    v = value.strip()
    if v[:1] in "{[":
        try:
            return json.loads(v)
        except ValueError:
            return None
    if "\n" in v and re.search(r"^\s*[\w.\"'-]+:\s", v, re.M):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            return YAML(typ="safe", pure=True).load(v)
        except (YAMLError, ValueError, TypeError):
            return None
    return None


def _has_credential(
    obj: Any,
    key: str | None = None,
    depth: int = 0,
    seen: dict[tuple[int, str | None, int], bool] | None = None,
) -> bool:
    if depth > 50:
        return False
    if isinstance(obj, (dict, list)):
        # YAML aliases make one container appear many times (`b: [*a, *a, …]` nine levels
        # deep: 9^9 visits, a hang): each container is judged once per key and depth, all its
        # answer depends on (a mapping's on the depth alone).
        if seen is None:
            seen = {}
        at = (id(obj), key if isinstance(obj, list) else None, depth)
        found = seen.get(at)
        if found is None:
            found = seen[at] = _container_has_credential(obj, key, depth, seen)
        return found
    if not isinstance(obj, str) or key is None:
        return False
    name = credential_key(key)
    if name == "clientsecret":
        return client_secret_value(obj, key)
    if key.lower().endswith("htpasswd"):
        return any(not is_placeholder(m.group("hash")) for m in LOOSE.finditer(obj))
    return bool(name and looks_random(obj, key)) or any(True for _ in find_tokens(obj))


def _container_has_credential(
    obj: dict[Any, Any] | list[Any],
    key: str | None,
    depth: int,
    seen: dict[tuple[int, str | None, int], bool],
) -> bool:
    if isinstance(obj, dict):
        keys = {k.lower() for k in obj if isinstance(k, str)}
        if keys and keys <= SESSION_KEYS:
            return any(isinstance(v, str) and not is_placeholder(v) for v in obj.values())
        return any(_has_credential(v, str(k), depth + 1, seen) for k, v in obj.items())
    return any(_has_credential(v, key, depth + 1, seen) for v in obj)
