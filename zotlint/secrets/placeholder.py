"""The one placeholder and reference set every secret rule (ZOT3xx) and ZOT128 share.

A placeholder is a value someone wrote to be replaced, templated or encrypted later; a
reference names where the secret lives. Neither is a committed secret:
- templates and slots: Helm/ESO `{{ … }}`, `${VAR}`, Keycloak `${vault.…}`, keycloak-config-cli
  `$(env:…)`/`$(file:…)`, Argo CD Vault Plugin `<path:…#…>`, `<…>`, `{UPPER_SNAKE}` (a build
  step substitutes it: `{R2_SECRET_KEY}`), words such as PLACEHOLDER, CHANGEME, REPLACE, TODO
  (not when the word is buried in a random string: `paRRSmQ1GIT5todoT7t9NEaa` is a password);
- references: Grafana `$__file{…}`, `$__env{…}`, `$__vault{…}`; Argo CD `$key` and
  `$secret-name:key` (argocd-cm reads them from a Secret: `$oidc.keycloak.clientSecret`); a
  Kubernetes object name under a key that names a Secret (`existingSecret`, Bitnami-style
  `auth.existingSecret: pg-credentials`, `…SecretName`, `…SecretRef`);
- encryption: SOPS `ENC[…]` values, and every value of a document with a top-level `sops:`
  block (``sops_encrypted``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

from zotlint.lazyregex import lazy_compile

# Template and reference syntaxes: Helm/ESO `{{ … }}`, `${VAR}`, Keycloak `${vault.…}`,
# keycloak-config-cli `$(env:…)`/`$(file:…)`, Argo CD Vault Plugin `<path:…#…>`, SOPS `ENC[…]`,
# and `<…>` angle-bracket slots.
_TEMPLATED = lazy_compile(
    r"\{\{|\}\}|\$\{[^}\n]*\}|\$\((?:env|file|sys)?:?[^)\n]*\)|<path:|<[^<>\n]{1,100}>"
    r"|ENC\[|%\([A-Za-z_]+\)s|%\{[^}\n]*\}"
    r"|\$__(?:file|env|vault)\{[^}\n]*\}"  # Grafana file/env/vault providers
    r"|(?<![\w$])\{[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\}"  # {R2_SECRET_KEY}, filled in by a build step
)
# `$VAR` (shell), and Argo CD's argocd-cm references `$oidc.keycloak.clientSecret` (a key of
# argocd-secret) and `$my-secret:oidc.clientSecret` (a key of another Secret).
_SHELL_VAR = lazy_compile(r"^\$[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z0-9_.\-]+)?$")
# Keys whose value names a Kubernetes Secret rather than holding one.
_SECRET_NAME_KEY = lazy_compile(
    r"^existing.*|.*secretname|.*secretref|.*secretkeyref|.*secretsname", re.IGNORECASE
)
# A Kubernetes object name (DNS-1123 subdomain).
_K8S_NAME = lazy_compile(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$")
# Words that mark a value as a stand-in, anywhere in the value, case-insensitively.
_WORDS = lazy_compile(
    r"change[-_ ]?me|placeholder|replace|todo|fixme|example|xxxx|dummy|redacted|not[-_ ]?a[-_ ]?"
    r"secret|^your[-_ ]|^my[-_ ]?(?:secret|password|token)|^(?:foo|bar|baz|foobar|test|testing)$",
    re.IGNORECASE,
)
# The same test on an ASCII value's lower case, faster: the words found anywhere (after a
# substring pre-check: every one of them holds one of _HINTS), and those anchored at the start.
# For ASCII text, IGNORECASE matching is exactly matching the lower case.
_WORDS_INSIDE = lazy_compile(
    r"change[-_ ]?me|placeholder|replace|todo|fixme|example|xxxx|dummy|redacted"
    r"|not[-_ ]?a[-_ ]?secret"
)
_HINTS = (
    "chang",
    "placeholder",
    "replace",
    "todo",
    "fixme",
    "example",
    "xxxx",
    "dummy",
    "redacted",
    "secret",
)
_WORDS_AT_START = lazy_compile(
    r"your[-_ ]|my[-_ ]?(?:secret|password|token)|(?:foo|bar|baz|foobar|test|testing)$"
)
# Every _TEMPLATED alternative holds one of these characters.
_TEMPLATE_CHARS = lazy_compile(r"[{}$<%\[]")
_MASKED = lazy_compile(r"^[*•#xX.\-]{3,}$")
# Values that only name what should be there: `password`, `client_secret`, `secret`…
LABEL_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "secrets",
        "token",
        "apikey",
        "key",
        "clientsecret",
        "client",
        "credential",
        "credentials",
        "accesskey",
        "secretkey",
        "privatekey",
        "hashkey",
        "encryptkey",
        "value",
        "none",
        "null",
        "nil",
        "empty",
        "string",
        "default",
        "admin",
        "user",
        "username",
        "test",
        "auth",
    }
)
_CRED_WORD = lazy_compile(r"pass(?:word|wd)?|secret|token|key|credential", re.IGNORECASE)
_WORDLIKE = lazy_compile(r"^[A-Za-z0-9]+(?:[-_./:][A-Za-z0-9]+)*$")
_CAMEL = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def normalize(name: str) -> str:
    """`client_secret`, `Client-Secret`, `clientSecret` -> `clientsecret`."""
    # Removes `-`, `_`, `.` and spaces: four C scans, where a regex substitution cost more.
    return name.replace("-", "").replace("_", "").replace(".", "").replace(" ", "").lower()


def names_secret(key: str) -> bool:
    """A key whose value names a Kubernetes Secret: `existingSecret`, `existingSecretName`,
    `tlsSecretName`, `passwordSecretRef`…"""
    return len(key) <= 100 and _SECRET_NAME_KEY.match(normalize(key)) is not None


def secret_reference(value: str, key: str | None) -> bool:
    """A Kubernetes Secret's name under a key that names one (`existingSecret: pg-credentials`)."""
    return (
        key is not None and names_secret(key) and len(value) <= 253 and bool(_K8S_NAME.match(value))
    )


def sops_encrypted(data: object) -> bool:
    """A document SOPS encrypted: a top-level `sops:` block (its values are `ENC[…]`)."""
    return isinstance(data, dict) and isinstance(data.get("sops"), dict)


def templated(value: str) -> bool:
    """Encrypted, templated or a reference by its syntax alone (`ENC[…]`, `{{ … }}`, `${VAR}`,
    `<path:…>`, `$__file{…}`…), without the stand-in words: for content that is not a secret
    value itself, such as an htpasswd line (ZOT128), where a user named `example` is real."""
    v = value.strip()
    return bool(_TEMPLATED.search(v) or _SHELL_VAR.match(v))


def is_placeholder(value: str, key: str | None = None) -> bool:
    """True when ``value`` is a stand-in or a reference, not a credential (the shared set)."""
    v = value.strip().strip("\"'")
    if not v:
        return True
    if key is not None and secret_reference(v, key):
        return True
    # An ASCII value is tested on its lower case with substring checks where the regexes
    # ignore case (for ASCII text the same answer; `İ`, `ı`, `ſ`, the Kelvin sign match ASCII
    # letters only under IGNORECASE, so other text keeps the regexes).
    low = v.lower() if v.isascii() else None
    if (
        (_TEMPLATE_CHARS.search(v) is not None and _TEMPLATED.search(v) is not None)
        or (v[0] == "$" and _SHELL_VAR.match(v) is not None)
        or _MASKED.match(v) is not None
        or (_stand_in(v, low) and not _inside_random(v))
    ):
        return True
    n = normalize(v)
    if n in LABEL_WORDS or (key is not None and n == normalize(key)):
        return True
    if repeated(v) or sequential(v):
        return True
    # A readable label that names a credential (`ldap-searcher-password`, `my-client-secret`) is
    # a description or a reference to one, not the credential.
    # The credential word first: what _CRED_WORD finds, as substrings of an ASCII value's lower
    # case (`pass` starts `password` and `passwd`); word_like walks the value's humps.
    if low is not None:
        named = (
            "pass" in low
            or "secret" in low
            or "token" in low
            or "key" in low
            or "credential" in low
        )
    else:
        named = _CRED_WORD.search(v) is not None
    return named and word_like(v)


def stand_in_word(v: str) -> bool:
    """A word that marks a stand-in (`changeme`, `<your-password>`…): ``_WORDS`` found in ``v``."""
    return _stand_in(v, v.lower() if v.isascii() else None)


def _stand_in(v: str, low: str | None) -> bool:
    """``stand_in_word(v)``, given ``v.lower()`` when ``v`` is ASCII (else None)."""
    if low is None:
        return _WORDS.search(v) is not None
    if _WORDS_AT_START.match(low) is not None:
        return True
    for hint in _HINTS:
        if hint in low:
            return _WORDS_INSIDE.search(low) is not None
    return False


def _inside_random(v: str) -> bool:
    """Every stand-in word in ``v`` sits inside a random string: letters or digits on both
    sides, and the rest, without the words, random-looking (`paRRSmQ1GIT5todoT7t9NEaa`: a
    generated password that happens to spell `todo`). A word at either end or next to a
    separator (`CHANGEME123`, `TODO-fill-in`, `Zq8m…-TODO`) still marks a stand-in."""
    rest: list[str] = []
    last = 0
    for m in _WORDS.finditer(v):
        a, b = m.span()
        if a == 0 or b == len(v) or not (v[a - 1].isalnum() and v[b].isalnum()):
            return False
        rest.append(v[last:a])
        last = b
    rest.append(v[last:])
    return _random_rest("".join(rest))


def _random_rest(rest: str) -> bool:
    """A long run of letters and digits with no readable structure and no repeats: three kinds
    of character (lower, upper, digit), or two with 3 bits of entropy per character."""
    if len(rest) < 12 or not (rest.isascii() and rest.isalnum()) or word_like(rest):
        return False
    kinds = (
        any(c.islower() for c in rest)
        + any(c.isupper() for c in rest)
        + any(c.isdigit() for c in rest)
    )
    if kinds == 3:
        return len(set(rest)) >= len(rest) // 2
    counts = [rest.count(c) for c in set(rest)]
    bits = -sum(n / len(rest) * math.log2(n / len(rest)) for n in counts)
    return kinds == 2 and len(rest) >= 16 and bits >= 3.0


def repeated(v: str) -> bool:
    """`aaaaaaaa`, `00000000000000000000`, `abababab`: one or two characters make the value."""
    if len(v) < 4:
        return False
    chars = set(v)
    if len(chars) <= 2:
        return True
    if len(v) < 8 or len(chars) > 0.4 * len(v) + 1:
        return False
    # The most common character at 60 % or more: str.count per character (no Python loop) for
    # a few distinct ones; one count of all for many, where a pass per character was
    # quadratic (200,000 characters, 80,000 distinct: 16 s).
    most = max(map(v.count, chars)) if len(chars) <= _FEW_CHARS else max(Counter(v).values())
    return most >= 0.6 * len(v)


_FEW_CHARS = 32


def sequential(v: str) -> bool:
    """`0123456789`, `abcdefgh`, `12345678`: keyboard-run sample values."""
    if len(v) < 6:
        return False
    # At least 70 % of neighbouring pairs one code point apart: stop at the first pair too
    # many that is not (a random value stops within a few characters).
    misses = 0.3 * (len(v) - 1)
    for a, b in pairwise(v):
        if ord(b) - ord(a) not in (1, -1):
            misses -= 1
            if misses < 0:
                return False
    return True


def word_like(v: str) -> bool:
    """A human-readable identifier: words (and short numbers) joined by `-`, `_`, `.`, `/`, `:`
    or camel humps — `zot-oidc-client`, `MyAppSecret`, `v1.2.3` — never a random string."""
    if not _WORDLIKE.match(v):
        return False
    humps = 0
    short = 0
    for seg in re.split(r"[-_./:]", v):
        parts = _CAMEL.findall(seg) or [seg]
        for i, hump in enumerate(parts):
            if hump.isdigit():
                # Numbers end a word (`creds2`, `v1`); inside one they mark a random string.
                if len(hump) > 4 or i != len(parts) - 1:
                    return False
                continue
            if not hump.isalpha() or not _pronounceable(hump):
                return False
            humps += 1
            short += len(hump) <= 2
    return humps > 0 and short * 3 <= humps


# Random letter runs have long consonant clusters; words rarely more than four.
_CLUSTER = lazy_compile(r"[^aeiouyAEIOUY]{5}")
_VOWEL = lazy_compile(r"[aeiouyAEIOUY]")


def _pronounceable(word: str) -> bool:
    return _CLUSTER.search(word) is None and _VOWEL.search(word) is not None
