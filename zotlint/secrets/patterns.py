"""Credentials recognisable by their shape alone, wherever they appear in a text."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator

from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass
from zotlint.secrets.placeholder import is_placeholder, repeated, sequential


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    start: int  # offsets of the secret itself in the scanned text
    end: int
    value: str


# Every pattern starts with a literal so the regex engine can skip ahead; the "not preceded by"
# checks are done in Python (a leading look-behind would make it try every position).
_AWS_ID = re.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])")
_PRIVATE_KEY = lazy_compile(
    r"-----BEGIN (?P<label>[A-Z0-9 ]{0,40}?)PRIVATE KEY(?: BLOCK)?-----"
    r"(?P<body>.{0,16384}?)"
    r"-----END [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----",
    re.DOTALL,
)
_ZAK = lazy_compile(r"zak_[0-9a-f]{32}(?![0-9A-Za-z])")
_GITHUB = re.compile(
    r"(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])"
)
_GITLAB = re.compile(
    r"gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat)-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]{2,})*"
)
_JWT = lazy_compile(r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,}")
_URL_PASSWORD = re.compile(
    r"://(?P<user>[^\s:/@'\"<>{}\\]{1,128}):(?P<pw>[^\s/@'\"<>{}\\]{1,256})@"
    r"(?P<host>[^\s/'\"<>]{1,256})"
)
_SCHEME = lazy_compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,20}$")
_BASE64ISH = lazy_compile(r"[A-Za-z0-9+/=]")
_WORDCHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _free(text: str, i: int, extra: str = "") -> bool:
    """The match at ``i`` is not the tail of a longer word."""
    return i == 0 or (text[i - 1] not in _WORDCHARS and text[i - 1] not in extra)


# Every pattern above holds one of these literals. On a short text (one value) one search for
# them costs less than setting up the seven scans below, which mostly find nothing.
_ANY_LITERAL = re.compile(
    r"AKIA|ASIA|ABIA|ACCA|PRIVATE KEY|zak_|gh[pousr]_|github_pat_"
    r"|gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat)-|eyJ|://"
)
_SHORT = 4096


def surely_tokenless(text: str) -> bool:
    """True when ``text`` is short and holds none of the literals every pattern starts with:
    find_tokens would find nothing (its own first test, without a generator)."""
    return len(text) <= _SHORT and _ANY_LITERAL.search(text) is None


def find_tokens(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Token]:
    """Every shaped credential in ``text[pos:endpos]`` that is not a placeholder."""
    end = len(text) if endpos is None else endpos
    if end - pos <= _SHORT and _ANY_LITERAL.search(text, pos, end) is None:
        return

    def has(lit: str) -> bool:
        return text.find(lit, pos, end) >= 0

    # No str.find pre-check here: the regex (one scan for an `A`) is cheaper than four finds.
    for m in _AWS_ID.finditer(text, pos, end):
        if _free(text, m.start()) and not is_placeholder(m.group(0)):
            yield Token("AWS access key ID", m.start(), m.end(), m.group(0))
    if has("PRIVATE KEY"):
        for m in _PRIVATE_KEY.finditer(text, pos, end):
            body = m.group("body")
            # A real key body is hundreds of base64 characters; `...` or a stand-in is not.
            if len(_BASE64ISH.findall(body)) >= 64 and not _TEMPLATE_IN_BODY.search(body):
                yield Token("private key", m.start(), m.end(), m.group(0))
    if has("zak_"):
        for m in _ZAK.finditer(text, pos, end):
            if _free(text, m.start()) and not _sample(m.group(0)[4:]):
                yield Token("zot API key", m.start(), m.end(), m.group(0))
    for m in _GITHUB.finditer(text, pos, end):  # `gh`/`gl` are common: no pre-check either
        if _free(text, m.start()) and not _sample(m.group(0).split("_", 2)[-1]):
            yield Token("GitHub token", m.start(), m.end(), m.group(0))
    for m in _GITLAB.finditer(text, pos, end):
        if _free(text, m.start()) and not _sample(m.group(0).split("-", 1)[1]):
            yield Token("GitLab token", m.start(), m.end(), m.group(0))
    if has("eyJ"):
        for m in _JWT.finditer(text, pos, end):
            if (
                _free(text, m.start(), "-")
                and _jwt_header(m.group(0))
                and not is_placeholder(m.group(0))
            ):
                yield Token("JWT", m.start(), m.end(), m.group(0))
    if has("://"):
        for m in _URL_PASSWORD.finditer(text, pos, end):
            i = m.start()
            scheme = _SCHEME.search(text, max(pos, i - 21), i)
            if scheme is None or not _free(text, scheme.start(), "+.-"):
                continue
            pw = m.group("pw")
            if _url_password(m.group("user"), pw, m.group("host")):
                yield Token("password in URL", m.start("pw"), m.end("pw"), pw)


_TEMPLATE_IN_BODY = lazy_compile(r"\{\{|\$\{|<[a-z ]+>|\.\.\.|…", re.IGNORECASE)


def _sample(body: str) -> bool:
    return is_placeholder(body) or repeated(body) or sequential(body)


def _jwt_header(token: str) -> bool:
    head = token.split(".", 1)[0]
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        return False
    return isinstance(data, dict) and "alg" in data


def _url_password(user: str, pw: str, host: str) -> bool:
    if host.lower().startswith(("sha256:", "sha512:")):
        return False  # `docker://image:tag@sha256:…` is a tag and a digest
    if pw.isdigit() and len(pw) <= 5:
        return False  # `host:port@…`
    if len(pw) < 4 or pw == user or is_placeholder(pw, "password"):
        return False
    return not pw.startswith(("$", "%", "*"))
