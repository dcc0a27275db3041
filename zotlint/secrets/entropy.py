"""Is a value under a credential key random enough to be a credential, and not a look-alike?"""

from __future__ import annotations

import math
from collections import Counter

from zotlint.lazyregex import lazy_compile
from zotlint.secrets.placeholder import is_placeholder, word_like

# Random-looking values that are not credentials: image digests, git commit hashes, ARNs, UUIDs,
# paths, URLs without a password, e-mail addresses, versions and dates.
_LOOKALIKES = lazy_compile(
    r"^(?:sha(?:1|256|384|512)|md5|blake2b):[0-9a-fA-F]{16,}$"
    r"|@sha(?:256|512):[0-9a-f]{32,}"
    r"|^[0-9a-f]{40}$"
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    r"|^arn:aws[a-z-]*:"
    r"|^[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/]*(?:/[^\s]*)?$"
    r"|^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$"
    r"|^v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?$"
    r"|^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+Z?)?$"
    r"|^[0-9]+$"
)


def shannon(value: str) -> float:
    """Bits per character."""
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    other = any(not c.isalnum() for c in value)
    return lower + upper + digit + other


def lookalike(value: str) -> bool:
    return bool(_LOOKALIKES.search(value)) or is_path(value)


def is_path(value: str) -> bool:
    """`/etc/zot/credentials.json`, `./secrets/x`: readable segments after a path start (a
    random base64 value may start with `/` too)."""
    for prefix in ("../", "./", "~/", "/"):
        if value.startswith(prefix):
            rest = value[len(prefix) :].rstrip("/")
            return not rest or word_like(rest.replace("/", "-"))
    return False


def looks_random(value: str, key: str | None = None, *, min_len: int = 8) -> bool:
    """A value under a credential key that is a credential: long enough, no spaces, not a
    placeholder, not a readable label or identifier, not a look-alike, and random enough."""
    v = value.strip()
    n = len(v)
    if n < min_len or n > 8192 or any(c.isspace() for c in v):
        return False
    if is_placeholder(v, key) or word_like(v) or lookalike(v):
        return False
    classes = char_classes(v)
    h = shannon(v)
    if classes >= 3:
        return h >= 2.5
    if classes == 2:
        return n >= 12 and h >= 3.0
    return n >= 20 and h >= 3.5
