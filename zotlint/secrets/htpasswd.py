"""htpasswd entries: find them in text, tell their hash format, recognise the chart's default."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zotlint.digest import sha256
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

_USER = r"[A-Za-z0-9._@+\-]{1,64}"
_HASH = (
    r"\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$[56]\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{0,16}\$[./A-Za-z0-9]{43,86}"
    r"|\$apr1\$[./A-Za-z0-9]{0,8}\$[./A-Za-z0-9]{22}"
    r"|\$1\$[./A-Za-z0-9]{0,8}\$[./A-Za-z0-9]{22}"
    r"|\{SHA\}[A-Za-z0-9+/]{27}="
)
# An entry with a recognisable hash, anywhere in a text file (a line of an htpasswd file, a YAML
# block scalar, a Markdown code block, or a JSON string where lines are `\n` escapes).
ENTRY = lazy_compile(
    rf"(?:(?<=\\n)|(?<=[\s\"'`,\[|>=])|^)(?P<user>{_USER}):(?P<hash>{_HASH})(?![./A-Za-z0-9$=])",
    re.MULTILINE,
)
# The longest text an ENTRY match holds after its colon, plus the character its look-ahead reads.
_AFTER_COLON = 130


def entries(text: str) -> Iterator[re.Match[str]]:
    """``ENTRY.finditer(text)``, searching only near a `:$` or `:{SHA}`: every entry's colon is
    one of those (neither a user nor a hash holds a colon), and a user is at most 64
    characters. The full scan tried the pattern's look-behinds at every character of every
    file holding a `:$` (`image:${TAG}` is common), a tenth of the secret scan's text pass."""
    colons = sorted(_colons(text, ":$") + _colons(text, ":{SHA}"))
    pos = 0
    for i in colons:
        if i < pos:
            continue  # inside the entry just found
        # Bounded after the colon (the look-ahead still reads a real character); only a match
        # whose colon is this one is taken, so the bound can cut no other entry.
        m = ENTRY.search(text, max(pos, i - 64), i + _AFTER_COLON)
        if m is not None and m.start("hash") == i + 1:
            yield m
            pos = m.end()


def _colons(text: str, lit: str) -> list[int]:
    out = []
    i = text.find(lit)
    while i >= 0:
        out.append(i)
        i = text.find(lit, i + 1)
    return out


# Any `user:hash` entry, for values under an `htpasswd` key (crypt and plain entries included).
LOOSE = lazy_compile(
    rf"(?:(?<=\\n)|(?<=[\s\"'|>])|^)(?P<user>{_USER}):(?P<hash>[^\s:\"'\\]{{1,200}})"
    r"(?=[\s\"'\\]|$)",
    re.MULTILINE,
)
_CRYPT = lazy_compile(r"^[./A-Za-z0-9]{13}$")

# sha256 of the project-zot chart's default `secretFiles.htpasswd` lines (values.yaml since chart
# 0.1.22; unchanged through 0.1.122), so the lines themselves are not stored here.
CHART_DEFAULT = {
    "54a0594561d3b142480354ba2a5feda10cf2605647a1038b1a816b3158545e2c": "admin:admin",
    "ad151efb1b6a3cfa51fa1b766cc7b030c6c67fe32c45bc40486090f17d69a39e": "user:user",
}


@dataclass(frozen=True, slots=True)
class HashFormat:
    name: str
    works: bool  # zot can verify it
    note: str = ""


def hash_format(h: str) -> HashFormat:
    """How zot (golang.org/x/crypto/bcrypt, and SHA-crypt from v2.1.11) treats a hash."""
    if re.match(r"^\$2[aby]\$", h):
        return HashFormat("bcrypt", True)
    if re.match(r"^\$[56]\$", h):
        return HashFormat("SHA-crypt", True, "zot verifies SHA-crypt only from v2.1.11")
    if h.startswith("$apr1$"):
        return HashFormat("MD5 (apr1)", False)
    if h.startswith("$1$"):
        return HashFormat("MD5-crypt", False)
    if h.startswith("{SHA}"):
        return HashFormat("{SHA}", False)
    if _CRYPT.match(h):
        return HashFormat("crypt", False)
    return HashFormat("plain text", False)


def chart_default(user: str, h: str) -> str | None:
    """`admin:admin` / `user:user` when the entry is one of the chart's two defaults."""
    digest = sha256(f"{user}:{h}".encode()).hexdigest()
    return CHART_DEFAULT.get(digest)
