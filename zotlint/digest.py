"""SHA-256 (finding fingerprints, GitHub output delimiters, file checks) without loading OpenSSL.

`hashlib` loads and initialises OpenSSL when imported: 10 M instructions, 2 % of
`zotlint check examples/guide` (issue 19), for one hash function. CPython's own SHA-256 module
gives the same digests (the standard library's `random` takes SHA-512 the same way); where an
interpreter lacks it, `hashlib` serves.
"""

from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:  # pragma: no cover - another Python
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
