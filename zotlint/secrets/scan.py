"""One pass over everything zotlint read, shared by the ZOT3xx rules (`ctx.secrets`).

Structural detection first (parsed documents, their embedded configs, and multi-line strings
that hold a credentials file), then a text pass over every file's raw text (shaped tokens,
htpasswd entries, and `key: value` / `KEY=value` pairs in files nobody parsed and in the `#`
comments of parsed YAML files: a commented-out block is committed too). SOPS-encrypted
documents (a top-level `sops:` block) are skipped whole. A secret found
twice — by two detectors or by the structural and the text pass — is reported once: detections
are ranked and a detection whose span overlaps one already kept is dropped.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zotlint.classify import zot_values_root
from zotlint.document import Document, Kind, Path, Ref, text_document
from zotlint.redact import Sensitive
from zotlint.secrets.entropy import is_path, lookalike, looks_random
from zotlint.secrets.htpasswd import ENTRY, LOOSE, chart_default, hash_format
from zotlint.secrets.keys import (
    SESSION_KEYS,
    credential_key,
    is_aws_secret_key,
    names_coordinate,
)
from zotlint.secrets.patterns import find_tokens
from zotlint.secrets.placeholder import is_placeholder, normalize, sops_encrypted, word_like
from zotlint.source.text import SourceFile, Span

if TYPE_CHECKING:
    from zotlint.project import Project
    from zotlint.source.loader import LoadedFile

# Rank: lower wins when two detections overlap.
_RANK = {"ZOT303": 0, "ZOT301": 1, "ZOT302": 1, "ZOT304": 1, "ZOT305": 2}

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
_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1", re.MULTILINE | re.DOTALL)
_KEY = r"[A-Za-z_][A-Za-z0-9_.\-]{0,80}"
# Only keys that could name a credential reach Python (keeps the text pass cheap on big repos).
_STEM = r"(?=[A-Za-z0-9_.\-]*(?i:pass|pwd|secret|token|key|auth|cred))"
_KV_COLON = re.compile(
    rf"(?:^|(?<=[\s{{,\[]))(?P<kq>\\?[\"']?){_STEM}(?P<key>{_KEY})(?P=kq)[ \t]*:[ \t]*"
    rf"(?:(?P<vq>\\?[\"'])(?P<qv>[^\"'\\\n]{{1,4096}})(?P=vq)"
    rf"|(?P<pv>[^\s\"'#,{{}}\[\]|>&*!][^\s]{{0,4095}}))",
    re.MULTILINE,
)
_KV_EQUALS = re.compile(
    rf"^[ \t]*(?:export[ \t]+|set[ \t]+)?{_STEM}(?P<key>{_KEY})[ \t]*=[ \t]*"
    rf"(?:(?P<vq>[\"'])(?P<qv>[^\"'\n]{{1,4096}})(?P=vq)|(?P<pv>[^\s\"'#;][^\s;]{{0,4095}}))",
    re.MULTILINE,
)
_LABELS = {
    "password": "password",
    "passwd": "password",
    "pwd": "password",
    "bindpassword": "LDAP bind password",
    "passphrase": "passphrase",
    "apikey": "API key",
    "apitoken": "API token",
    "apisecret": "API secret",
    "accesskey": "access key",
    "privatekey": "private key",
    "auth": "credential",
    "credential": "credential",
    "secret": "secret",
    "secretid": "secret ID",
}


@dataclass(slots=True)
class Detection:
    """One committed secret (or, for ZOT302 at `mountSecret`, the chart's default merged in)."""

    rule: str
    ref: Ref
    kind: str
    secret: Sensitive | None = None
    scrub: tuple[Sensitive, ...] = ()  # other forms of the value that may appear in output
    detail: str = ""  # words for the message; never the value
    claims: tuple[Span, ...] = ()
    text_pass: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # Line-free and secret-free (set by scan_project): what the detection is, numbered when
    # one place holds several (a file's text pass puts every token at the file's root).
    identity: str = ""
    _span: Span | None = field(default=None, repr=False)

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self.ref.span()
        return self._span

    @property
    def secrets(self) -> tuple[Sensitive, ...]:
        return ((self.secret,) if self.secret is not None else ()) + self.scrub

    def rank(self) -> tuple[int, int]:
        return (_RANK.get(self.rule, 9), 1 if self.text_pass else 0)


@dataclass
class SecretScan:
    detections: list[Detection]

    def for_rule(self, rule_id: str) -> list[Detection]:
        return [d for d in self.detections if d.rule == rule_id]


def scan_project(project: Project) -> SecretScan:
    hosts = {(id(d.parent), d.host_path) for d in project.documents() if d.parent is not None}
    # Top-level zot values documents by folder: _chart_default_merged compares a document with
    # the others of its folder only, and scanning every values document for each one was
    # quadratic in the number of zot deployments.
    values_by_folder: dict[str, list[Document]] = {}
    for d in project.documents(Kind.ZOT_VALUES):
        if d.parent is None:
            values_by_folder.setdefault(d.source.rel.rpartition("/")[0], []).append(d)
    found: list[Detection] = []
    kv_cache: dict[str, _LineMatches] = {}
    for lf in project.files:
        if not lf.source.text or lf.secrets_clean:
            continue  # binary, undecodable, too large or unreadable; or nothing found there
        file_dets: list[Detection] = []
        walker = _Walker(lf, hosts, file_dets, kv_cache)
        for doc in lf.documents:
            walker.walk(doc)
            if doc.parent is None and doc.is_a(Kind.ZOT_VALUES):
                _chart_default_merged(doc, values_by_folder, file_dets)
        _text_pass(lf, walker, file_dets)
        found.extend(_identify(_dedupe(file_dets)))
    return SecretScan(found)


def _identify(dets: list[Detection]) -> list[Detection]:
    """Give each detection of one file its fingerprint identity: what it is (its kind, or a
    fixed name), numbered in text order when several share a place. Never derived from the
    secret: SARIF and JSON fingerprints are public, and a hash of a short secret, however slow,
    can be tested against guesses. A baseline adds the value itself through its own salted
    PBKDF2 (zotlint.baseline), only when one is read or written."""
    seen: dict[tuple[int, Path, str], int] = {}
    for d in dets:
        base = str(d.extra.get("identity", d.kind))
        at = (id(d.ref.doc), d.ref.path, base)
        n = seen[at] = seen.get(at, 0) + 1
        d.identity = base if n == 1 else f"{base}#{n}"
    return dets


def text_pass_finds(source: SourceFile) -> bool:
    """Whether the text pass finds anything in a file nobody parsed: what a worker process
    answers (zotlint.runtime), so that scan_project runs the pass only where it does."""
    from zotlint.source.loader import LoadedFile

    lf = LoadedFile(source)
    dets: list[Detection] = []
    _text_pass(lf, _Walker(lf, set(), dets, _WORKER_KV_CACHE), dets)
    return bool(dets)


_WORKER_KV_CACHE: dict[str, _LineMatches] = {}


def _dedupe(dets: list[Detection]) -> list[Detection]:
    kept: list[Detection] = []
    taken = _TakenSpans()
    for d in sorted(dets, key=lambda d: (d.rank(), d.span.start)):
        if taken.overlaps(d.span):
            continue
        kept.append(d)
        taken.add(d.span)
        for claim in d.claims:
            taken.add(claim)
    return sorted(kept, key=lambda d: d.span.start)


class _TakenSpans:
    """The spans already kept, answering "does this span overlap one?" in O(log n).

    Checking every kept span was quadratic: 16,000 Secret documents in one file took 79 s.
    Non-empty spans are kept merged into disjoint sorted intervals (two spans that overlap or
    touch become one: a span overlaps the union exactly when it overlaps a part), empty spans
    (a point) in their own sorted list, so the overlap rules below stay those of one pair:
    non-empty spans overlap when they share a character, a point when it lies inside or on an
    end of the other span.
    """

    __slots__ = ("_ends", "_points", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._points: list[int] = []

    def overlaps(self, span: Span) -> bool:
        start, end = span.start, span.end
        points = self._points
        if start == end:
            at = bisect.bisect_right(self._starts, start) - 1
            if at >= 0 and self._ends[at] >= start:
                return True
            at = bisect.bisect_left(points, start)
            return at < len(points) and points[at] == start
        at = bisect.bisect_left(self._starts, end) - 1
        if at >= 0 and self._ends[at] > start:
            return True
        at = bisect.bisect_left(points, start)
        return at < len(points) and points[at] <= end

    def add(self, span: Span) -> None:
        start, end = span.start, span.end
        if start == end:
            bisect.insort(self._points, start)
            return
        starts, ends = self._starts, self._ends
        # Every interval that overlaps or touches [start, end) is folded into it.
        low = bisect.bisect_left(ends, start)
        high = bisect.bisect_right(starts, end)
        if low < high:
            start = min(start, starts[low])
            end = max(end, ends[high - 1])
        starts[low:high] = [start]
        ends[low:high] = [end]


# -- structural -----------------------------------------------------------------------------


class _Walker:
    def __init__(
        self,
        lf: LoadedFile,
        hosts: set[tuple[int, Path]],
        out: list[Detection],
        kv_cache: dict[str, _LineMatches] | None = None,
    ):
        self.lf = lf
        self.src: SourceFile = lf.source
        self.hosts = hosts
        self.out = out
        self.kv_cache = kv_cache  # shared by the files of one scan (see _kv_matches)
        self._text_doc: Document | None = None

    @property
    def text_doc(self) -> Document:
        if self._text_doc is None:
            self._text_doc = text_document(self.src)
        return self._text_doc

    def raw(self, span: Span) -> str:
        return self.src.text[span.start : span.end]

    def sensitive(self, value: str, kind: str, span: Span | None = None) -> tuple[Sensitive, ...]:
        """The value, plus its form as written (quotes, escapes) when that differs."""
        out = [Sensitive(value, kind)]
        if span is not None:
            raw = self.raw(span).strip().strip("\"'")
            if raw and raw != value and len(raw) <= 4 * len(value) + 8:
                out.append(Sensitive(raw, kind))
        return tuple(out)

    def add(
        self,
        rule: str,
        doc: Document,
        path: Path,
        kind: str,
        value: str,
        detail: str = "",
        **extra: Any,
    ) -> None:
        ref = doc.ref(path)
        secret, *scrub = self.sensitive(value, kind, ref.span())
        self.out.append(Detection(rule, ref, kind, secret, tuple(scrub), detail, extra=extra))

    # ---------------------------------------------------------------------------------------
    def walk(self, doc: Document) -> None:
        data = doc.data
        if doc.is_a(Kind.SEALED_SECRET) or not isinstance(data, (dict, list)):
            return
        if sops_encrypted(data):
            return  # SOPS-encrypted: values are ENC[…]
        if doc.kind == Kind.SECRET:
            self.k8s_secret(doc)
            return
        handled: set[Path] = set()
        if doc.is_a(Kind.KEYCLOAK_REALM):
            handled = self.keycloak(doc)
        if not handled:
            self._walk_values(doc)
            return
        for path, value in doc.walk():
            if path in handled:
                continue
            if isinstance(value, dict):
                self.mapping(doc, path, value)
            elif isinstance(value, str):
                self.scalar(doc, path, value)

    def _walk_values(self, doc: Document) -> None:
        """What ``doc.walk()`` feeds mapping() and scalar() above, in the same order, without
        the values they would ignore: most strings of a document sit under keys that name no
        credential, and building a path for each was most of the scan's time. A string is kept
        when its key (the list's key, for a list item) could name a credential or an htpasswd
        (_string_key), or when the loader recorded it as a possible embedded document."""
        scalars = doc.scalars
        parents = {p[:-1] for p in scalars}  # containers holding such a string
        mapping, scalar = self.mapping, self.scalar
        known = _STRING_KEYS  # _string_key()'s cache, read inline: one call per string saved
        stack: list[tuple[Path, Any]] = [((), doc.data)]
        pop, push = stack.pop, stack.append
        while stack:
            path, value = pop()
            if isinstance(value, str):
                scalar(doc, path, value)
                continue
            # Children are pushed last to first, so they pop in document order.
            check = bool(parents) and path in parents
            if isinstance(value, dict):
                # mapping() acts only on one or two keys, all session keys.
                if 0 < len(value) <= 2:
                    first = next(iter(value))
                    if isinstance(first, str) and first.lower() in SESSION_KEYS:
                        mapping(doc, path, value)
                for k, v in reversed(value.items()):
                    if isinstance(v, (dict, list)):
                        push((path + (k,), v))
                    elif isinstance(v, str):
                        if not isinstance(k, str):
                            push((path + (k,), v))
                            continue
                        keyed = known.get(k)
                        if keyed is None:
                            keyed = _string_key(k)
                        if keyed:
                            push((path + (k,), v))
                        elif check and (p := path + (k,)) in scalars:
                            push((p, v))
            elif isinstance(value, list):
                last = path[-1] if path else None
                keyed = isinstance(last, str) and _string_key(last)
                for i in range(len(value) - 1, -1, -1):
                    v = value[i]
                    if isinstance(v, (dict, list)):
                        push((path + (i,), v))
                    elif isinstance(v, str):
                        if keyed:
                            push((path + (i,), v))
                        elif check and (p := path + (i,)) in scalars:
                            push((p, v))

    def mapping(self, doc: Document, path: Path, value: dict[str, Any]) -> None:
        if not value or len(value) > 2:
            return
        keys = {k.lower() for k in value if isinstance(k, str)}
        if not keys or not keys <= SESSION_KEYS or len(keys) != len(value):
            return
        for k, v in value.items():
            if isinstance(v, str) and len(v.strip()) >= 4 and not is_placeholder(v, k):
                detail = ""
                n = len(v.encode("utf-8"))
                if k.lower() == "encryptkey" and n not in (16, 24, 32):
                    detail = f"encryptKey is {n} bytes, not 16, 24 or 32"
                self.add("ZOT304", doc, path + (k,), f"session {k}", v, detail, key=k)

    def scalar(self, doc: Document, path: Path, value: str) -> None:
        if not path:
            return
        last = path[-1]
        key = last if isinstance(last, str) else None
        if key is None and len(path) >= 2 and isinstance(path[-2], str):
            key = path[-2]  # a list of values under a credential key (Keycloak component config)
        if key is not None:
            lower = key.lower()
            if isinstance(last, str) and lower.endswith("htpasswd"):
                self.htpasswd_value(doc, path, value)
                return
            if lower in SESSION_KEYS:
                return  # only inside a sessionKeys object (see mapping); cluster.hashKey is not
            self.keyed(doc, path, key, value)
        if path in doc.scalars and (id(doc), path) not in self.hosts:
            self.embedded(doc, path, value)

    def keyed(self, doc: Document, path: Path, key: str, value: str) -> None:
        name = credential_key(key)
        if name is None:
            # zot's S3 driver names its secret `secretkey`, the word ESO uses for a key name;
            # only inside a zot storage driver is it the AWS secret access key.
            if (
                key.lower() == "secretkey"
                and doc.is_a(Kind.ZOT_CONFIG)
                and any(str(p).lower() == "storagedriver" for p in path)
                and looks_random(value, key)
            ):
                self.add("ZOT305", doc, path, "S3 secret access key", value, key=key)
            return
        if name == "clientsecret":
            if client_secret_value(value, key):
                self.add(
                    "ZOT301", doc, path, "OIDC client secret", value, key=key, zot=_zots(doc, key)
                )
            return
        if looks_random(value, key):
            self.add("ZOT305", doc, path, credential_label(key, value), value, key=key)

    def htpasswd_value(self, doc: Document, path: Path, value: str) -> None:
        span = doc.span(path)
        if doc.parent is not None and not doc.exact:
            return  # no reliable offsets inside this embedded string; the text pass looks
        for m in LOOSE.finditer(self.src.text, span.start, span.end):
            self.htpasswd_entry(
                m.group("user"), m.group("hash"), m.start("user"), m.end("hash"), text_pass=False
            )

    def htpasswd_entry(self, user: str, h: str, start: int, end: int, *, text_pass: bool) -> None:
        text = self.src.text
        line_start = max(text.rfind("\n", 0, start), text.rfind("\\n", 0, start)) + 1
        if "#" in text[line_start:start]:
            return  # commented out (htpasswd files and YAML both use `#`)
        if len(h) < 4 or is_placeholder(h) or is_placeholder(user + ":" + h):
            return
        fmt = hash_format(h)
        default = chart_default(user, h)
        ref = self.text_doc.ref_span((), Span(start, end))
        self.out.append(
            Detection(
                "ZOT302",
                ref,
                "htpasswd entry",
                Sensitive(h, "password hash"),
                (),
                "",
                text_pass=text_pass,
                extra={"user": user, "format": fmt, "default": default},
            )
        )

    def embedded(self, doc: Document, path: Path, value: str) -> None:
        """A multi-line string: a credentials/sessionKeys file in a Secret or ESO template,
        an `.env`, a script. Parsed when it is JSON or YAML, else scanned as text."""
        from zotlint.source.loader import LoadedFile, parse_embedded
        from zotlint.source.problems import Limits

        key = str(path[-1])
        emb = None
        looks_doc = value.lstrip()[:1] in "{[" or re.search(r"^\s*[\w.\"'-]+:\s", value, re.M)
        if looks_doc:
            scratch = LoadedFile(self.src)
            try:
                emb = parse_embedded(
                    scratch, doc, path, key, value, report_errors=False, limits=Limits()
                )
            except Exception:  # a string that only looks like a document
                emb = None
        if emb is not None and isinstance(emb.data, (dict, list)):
            self.walk(emb)
            return
        span = doc.span(path)
        _kv_pass(self, span.start, span.end)

    # -- kinds ---------------------------------------------------------------------------------
    def keycloak(self, doc: Document) -> set[Path]:
        handled: set[Path] = set()
        data = doc.data
        base: Path = ()
        if data.get("kind") == "KeycloakRealmImport":
            base = ("spec", "realm")
        clients = doc.get(base + ("clients",))
        for i, client in enumerate(clients if isinstance(clients, list) else []):
            if not isinstance(client, dict):
                continue
            secret = client.get("secret")
            p = base + ("clients", i, "secret")
            if isinstance(secret, str):
                handled.add(p)
                if client_secret_value(secret, "secret"):
                    cid = client.get("clientId")
                    self.add(
                        "ZOT301",
                        doc,
                        p,
                        "Keycloak client secret",
                        secret,
                        f"client `{cid}`" if isinstance(cid, str) else "",
                    )
        idps = doc.get(base + ("identityProviders",))
        for i, idp in enumerate(idps if isinstance(idps, list) else []):
            cfg = idp.get("config") if isinstance(idp, dict) else None
            if not isinstance(cfg, dict):
                continue
            for k, v in cfg.items():
                p = base + ("identityProviders", i, "config", k)
                if isinstance(v, str) and normalize(k) == "clientsecret":
                    handled.add(p)
                    if client_secret_value(v, k):
                        alias = idp.get("alias")
                        self.add(
                            "ZOT301",
                            doc,
                            p,
                            "identity-provider client secret",
                            v,
                            f"identity provider `{alias}`" if isinstance(alias, str) else "",
                        )
        users = doc.get(base + ("users",))
        for i, user in enumerate(users if isinstance(users, list) else []):
            creds = user.get("credentials") if isinstance(user, dict) else None
            for j, cred in enumerate(creds if isinstance(creds, list) else []):
                if not isinstance(cred, dict) or str(cred.get("type", "")).lower() != "password":
                    continue
                v = cred.get("value")
                p = base + ("users", i, "credentials", j, "value")
                if isinstance(v, str):
                    handled.add(p)
                    # A password equal to the user name is a demo account (quickstarts).
                    name = str(user.get("username", ""))
                    if (
                        len(v) >= 4
                        and v.lower() != name.lower()
                        and not is_placeholder(v, "password")
                    ):
                        self.add("ZOT305", doc, p, "Keycloak user password", v)
        return handled

    def k8s_secret(self, doc: Document) -> None:
        data = doc.data
        committed: list[tuple[Path, str, str | None]] = []
        kinds: set[str] = set()
        claims: list[Span] = []
        for section in ("stringData", "data"):
            entries = data.get(section)
            if not isinstance(entries, dict):
                continue
            claims.append(doc.span((section,)))
            for key, raw in entries.items():
                if not isinstance(raw, str) or not raw.strip():
                    continue
                text = raw if section == "stringData" else _b64_text(raw)
                found = _committed_kinds(str(key), raw, text)
                if found is not None:
                    committed.append(((section, key), raw, text))
                    kinds |= found
        if not committed:
            return
        scrub: list[Sensitive] = []
        for path, raw, text in committed:
            scrub.extend(self.sensitive(raw, "Secret value", doc.span(path)))
            # The decoded form never appears in output (code frames show the file); scrub it
            # too when it is distinctive, but not a short word that names ordinary things.
            if text is not None and text != raw and len(text) >= 8 and not word_like(text):
                scrub.append(Sensitive(text, "Secret value"))
        name = doc.get(("metadata", "name"))
        first = committed[0][0]
        self.out.append(
            Detection(
                "ZOT303",
                doc.ref(first, "key"),
                "Kubernetes Secret",
                None,
                tuple(scrub),
                claims=tuple(claims),
                extra={
                    "name": name if isinstance(name, str) else "",
                    "keys": [str(p[-1]) for p, _, _ in committed],
                    "in_data": any(p[0] == "data" for p, _, _ in committed),
                    "kinds": sorted(kinds),
                },
            )
        )


_STRING_KEYS: dict[str, bool] = {}


def _string_key(key: str) -> bool:
    """Whether _Walker.scalar() can act on a string under ``key`` through the key alone (an
    htpasswd, a credential name, zot's S3 `secretkey`). Cached: a repository repeats its keys."""
    found = _STRING_KEYS.get(key)
    if found is None:
        lower = key.lower()
        found = _STRING_KEYS[key] = (
            lower.endswith("htpasswd") or lower == "secretkey" or credential_key(key) is not None
        )
    return found


def client_secret_value(value: str, key: str) -> bool:
    """A non-empty OIDC client secret: not a placeholder, not a file path (a path there is a
    misconfiguration, not a secret), at least 4 characters."""
    v = value.strip()
    if len(v) < 4 or is_placeholder(v, key):
        return False
    return not is_path(v)


def credential_label(key: str, value: str) -> str:
    name = credential_key(key) or ""
    if is_aws_secret_key(key):
        return "AWS secret access key" if len(value) == 40 else "secret access key"
    if name.endswith("token"):
        return "token"
    if name.endswith(("password", "passwd")):
        return _LABELS.get(name, "password")
    return _LABELS.get(name, "secret")


def _committed_kinds(key: str, raw: str, text: str | None) -> set[str] | None:
    """Whether one Secret `data`/`stringData` entry holds a credential in clear: None when it
    does not, else the kinds of the shaped credentials in it (empty when it has no shape)."""
    value = text if text is not None else raw
    if is_placeholder(raw) or (text is not None and text != raw and is_placeholder(text)):
        return None
    kinds = {t.kind for t in find_tokens(value)}
    if kinds:
        return kinds
    if not _value_committed(key, value):
        return None
    return kinds


def _value_committed(key: str, value: str) -> bool:
    if normalize(key) in _NON_CREDENTIAL or names_coordinate(key):
        return False
    parsed = _parse_loose(value)
    if isinstance(parsed, (dict, list)):
        return _has_credential(parsed)
    return len(value.strip()) >= 4


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


def _has_credential(obj: Any, key: str | None = None, depth: int = 0) -> bool:
    if depth > 50:
        return False
    if isinstance(obj, dict):
        keys = {k.lower() for k in obj if isinstance(k, str)}
        if keys and keys <= SESSION_KEYS:
            return any(isinstance(v, str) and not is_placeholder(v) for v in obj.values())
        return any(_has_credential(v, str(k), depth + 1) for k, v in obj.items())
    if isinstance(obj, list):
        return any(_has_credential(v, key, depth + 1) for v in obj)
    if not isinstance(obj, str) or key is None:
        return False
    name = credential_key(key)
    if name == "clientsecret":
        return client_secret_value(obj, key)
    if key.lower().endswith("htpasswd"):
        return any(not is_placeholder(m.group("hash")) for m in LOOSE.finditer(obj))
    return bool(name and looks_random(obj, key)) or any(True for _ in find_tokens(obj))


def _chart_default_merged(
    doc: Document, values_by_folder: dict[str, list[Document]], out: list[Detection]
) -> None:
    """`mountSecret` truthy and `secretFiles.htpasswd` not overridden: Helm merges the chart's
    default htpasswd (admin:admin, user:user) into `<release>-secret`."""
    root = zot_values_root(doc.data)
    if root is None:
        return
    values = doc.get(root)
    if not isinstance(values, dict) or "mountSecret" not in values:
        return
    if not _helm_truthy(values["mountSecret"]) or _overrides_htpasswd(values):
        return
    folder, _, name = doc.source.rel.rpartition("/")
    for other in values_by_folder.get(folder, ()):
        if other is doc:
            continue
        oname = other.source.rel.rpartition("/")[2]
        # Layers of one deployment: `values.yaml` + `values-<env>.yaml` side by side.
        if not (_layer_name(name) and _layer_name(oname)):
            continue
        oroot = zot_values_root(other.data)
        ovals = other.get(oroot) if oroot is not None else None
        if isinstance(ovals, dict) and _overrides_htpasswd(ovals):
            return  # another layer of this deployment replaces it
    out.append(
        Detection(
            "ZOT302",
            doc.ref(root + ("mountSecret",)),
            "chart default htpasswd",
            extra={
                "identity": "chart-default-htpasswd",
                "merged": True,
                "secretFiles": "secretFiles" in values,
            },
        )
    )


def _layer_name(name: str) -> bool:
    return name.lower().startswith("values")


def _helm_truthy(v: Any) -> bool:
    # Go templates: false, 0, "", nil, empty collections are false; any other string is true.
    return bool(v) if not isinstance(v, str) else v != ""


def _overrides_htpasswd(values: dict[str, Any]) -> bool:
    if "secretFiles" not in values:
        return False
    sf = values["secretFiles"]
    return sf is None or (isinstance(sf, dict) and "htpasswd" in sf)


# -- text -------------------------------------------------------------------------------------


def _zots(doc: Document, key: str) -> bool:
    """Whether a client secret is zot's: in a zot config or zot's chart values (or a document
    embedded in them), or spelled as zot's credentials file spells it (`clientsecret`)."""
    if key == "clientsecret":
        return True
    d: Document | None = doc
    while d is not None:
        if d.is_a(Kind.ZOT_CONFIG) or d.is_a(Kind.ZOT_VALUES):
            return True
        d = d.parent
    return False


def _text_pass(lf: LoadedFile, walker: _Walker, out: list[Detection]) -> None:
    text = lf.source.text
    if any(sops_encrypted(d.data) for d in lf.documents):
        return  # SOPS: values are ENC[…]; its metadata (age/pgp blocks, mac) holds no secret
    # walker.text_doc is made on first use: most files have nothing to point at.
    for t in find_tokens(text):
        ref = walker.text_doc.ref_span((), Span(t.start, t.end))
        out.append(
            Detection(
                "ZOT305",
                ref,
                t.kind,
                Sensitive(t.value, t.kind),
                _lines(t.value, t.kind),
                text_pass=True,
            )
        )
    if ":$" in text or ":{SHA}" in text:
        for m in ENTRY.finditer(text):
            walker.htpasswd_entry(
                m.group("user"), m.group("hash"), m.start("user"), m.end("hash"), text_pass=True
            )
    if lf.documents:
        # Parsed: pairs were judged structurally, embedded strings by the walker; comments
        # are text nobody parsed.
        if lf.source.rel.lower().endswith((".yaml", ".yml")):
            for start, end in _comment_spans(text):
                _kv_pass(walker, start, end, comment=True)
        return
    if lf.source.rel.lower().endswith((".md", ".markdown")):
        for m in _FENCE.finditer(text):
            _kv_pass(walker, m.start(2), m.end(2))
    else:
        _kv_pass(walker, 0, len(text))


def _lines(value: str, kind: str) -> tuple[Sensitive, ...]:
    # A multi-line secret (a private key) appears in a code frame one line at a time.
    if "\n" not in value:
        return ()
    return tuple(
        Sensitive(line, kind)
        for line in (ln.strip().strip("\"',") for ln in value.splitlines())
        if len(line) >= 12 and not any(c.isspace() for c in line) and "-----" not in line
    )


def _comment_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text of every YAML `#` comment: a whole-line comment, or one after a
    value (a `#` after a blank, outside quotes). Only lines holding a `#` are looked at, each
    once, left to right (linear even on a hostile line full of quoted ` #`)."""
    pos = text.find("#")
    while pos >= 0:
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        at = _comment_at(text, ls, le)
        if at is not None:
            yield at + 1, le
        pos = text.find("#", le)


def _comment_at(text: str, start: int, end: int) -> int | None:
    quote = ""
    blank = True  # a `#` starts a comment at the start of a line or after a blank
    for i in range(start, end):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch == "#" and blank:
            return i
        elif ch in "\"'" and blank:
            quote = ch  # a quoted scalar starts after a blank (`key: "…"`, `- '…'`)
        blank = ch in " \t"
    return None


def _kv_pass(walker: _Walker, start: int, end: int, *, comment: bool = False) -> None:
    """`key: value`, `"key": "value"` and `KEY=value` pairs in text nobody parsed."""
    text = walker.src.text
    for key, vs, ve in _kv_matches(text, start, end, walker.kv_cache):
        value = text[vs:ve]
        name = credential_key(key)
        if name is None:
            continue
        if name == "clientsecret":
            if not client_secret_value(value, key):
                continue
            rule, kind = "ZOT301", "OIDC client secret"
        elif looks_random(value, key):
            rule, kind = "ZOT305", credential_label(key, value)
        else:
            continue
        walker.out.append(
            Detection(
                rule,
                walker.text_doc.ref_span((), Span(vs, ve)),
                kind,
                Sensitive(value, kind),
                detail="in a YAML comment" if comment else "",
                text_pass=True,
                extra={"key": key, "zot": key == "clientsecret"},
            )
        )


_STEM_HINT = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
# The same words, looked for with str.find on lower-cased ASCII text: a case-insensitive regex
# scan costs about six times as much as one on lower-cased text, and seven str.find passes half
# as much again; this scan reads every byte of every file nobody parsed.
_STEM_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")
# _kv_line() results by line text, relative to the line (see _kv_matches). Repositories repeat
# lines (`key: password`, `topologyKey: …` in every chart's values), so a line is matched once.
_LineMatches = tuple[tuple[str, int, int], ...]


def _hint_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text[start:end]`` (clipped to it) that mentions a
    credential word, in text order."""
    hay = text[start:end]
    if not hay.isascii():
        # ASCII lower-casing keeps every offset; other text (a Kelvin sign matches `k` under
        # IGNORECASE, `İ` lower-cases to two characters) takes the exact regex scan.
        out: list[tuple[int, int]] = []
        done = -1
        for hint in _STEM_HINT.finditer(text, start, end):
            hs, he = hint.span()
            if hs < done:
                continue
            ls = max(start, text.rfind("\n", start, hs) + 1)
            le = text.find("\n", he, end)
            le = end if le < 0 else le
            done = le
            out.append((ls, le))
        return out
    low = hay.lower()
    n = len(low)
    lines: dict[int, int] = {}  # line start -> line end, offsets in ``low``
    for word in _STEM_WORDS:
        i = low.find(word)
        while i >= 0:
            ls = low.rfind("\n", 0, i) + 1
            le = low.find("\n", i)
            le = n if le < 0 else le
            lines[ls] = le
            i = low.find(word, le)  # the rest of this line is already in
    return [(start + ls, start + lines[ls]) for ls in sorted(lines)]


def _kv_matches(
    text: str, start: int, end: int, cache: dict[str, _LineMatches] | None = None
) -> Iterator[tuple[str, int, int]]:
    # Only lines that mention a credential word are matched (most lines of a repo do not).
    for ls, le in _hint_lines(text, start, end):
        if cache is None or (ls > 0 and text[ls - 1] != "\n"):
            # A line cut by ``start`` (inside an embedded string): the patterns' look-behind
            # sees the character before it, so its matches depend on more than its text.
            yield from _kv_line(text, ls, le)
            continue
        # A whole line matches the same on its own (`^` and the look-behind both accept the
        # start of a line, and ``le`` ends the search as the end of the string would).
        line = text[ls:le]
        found = cache.get(line)
        if found is None:
            found = cache[line] = tuple((k, vs, ve) for k, vs, ve in _kv_line(line, 0, len(line)))
        for k, vs, ve in found:
            yield k, ls + vs, ls + ve


def _kv_line(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    for rx in (_KV_COLON, _KV_EQUALS):
        if rx is _KV_EQUALS and text.find("=", start, end) < 0:
            continue  # cheaper than the regex finding nothing
        for m in rx.finditer(text, start, end):
            if credential_key(m.group("key")) is None:
                continue  # _kv_pass drops it anyway: spare the value tests below
            g = "qv" if m.group("qv") is not None else "pv"
            vs, ve = m.span(g)
            value = text[vs:ve]
            if g == "pv":
                # The end of a flow mapping or list, not part of the value.
                while (
                    value
                    and value[-1] in ",}]"
                    and (
                        value[-1] == ","
                        or value.count(value[-1]) > value.count("{["[value[-1] == "]"])
                    )
                ):
                    value = value[:-1]
            if g == "pv" and (lookalike(value) or word_like(value)):
                continue
            yield m.group("key"), vs, vs + len(value)
