"""zotlint.digest.sha256 gives hashlib's digests, and falls back to hashlib where CPython's own
SHA-256 module is missing."""

from __future__ import annotations

import hashlib
import importlib
import random
import sys

import pytest

from zotlint import digest


def test_digests_are_hashlib_digests() -> None:
    rng = random.Random(19)
    for size in (0, 1, 55, 56, 63, 64, 65, 1000, 100_000):
        data = rng.randbytes(size)
        assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        h = digest.sha256()
        h.update(data[: size // 2])
        h.update(data[size // 2 :])
        assert h.digest() == hashlib.sha256(data).digest()
    assert digest.sha256.__module__ in ("_sha256", "_sha2")  # OpenSSL's is not loaded


@pytest.mark.parametrize("missing", [("_sha256",), ("_sha256", "_sha2")])
def test_another_python_falls_back(monkeypatch: pytest.MonkeyPatch, missing: tuple[str]) -> None:
    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    try:
        fallback = importlib.reload(digest)
        assert fallback.sha256(b"zot").hexdigest() == hashlib.sha256(b"zot").hexdigest()
        if missing == ("_sha256", "_sha2"):
            assert fallback.sha256 is hashlib.sha256
    finally:
        monkeypatch.undo()
        importlib.reload(digest)
