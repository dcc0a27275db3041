"""is_placeholder's steps in C (normalize by str.replace, sequential by counted steps, the
credential word by substring on an ASCII value's lower case, `$VAR` only from a `$`) answer as
the regex and loop versions they replaced, kept here as the reference."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.secrets import placeholder as P

_SEPARATORS = re.compile(r"[-_. ]")


def _normalize(name: str) -> str:
    return _SEPARATORS.sub("", name).lower()


def _sequential(v: str) -> bool:
    # The definition, counted over every pair (the library stops at the first pair too many).
    if len(v) < 6:
        return False
    misses = sum(abs(ord(b) - ord(a)) != 1 for a, b in pairwise(v))
    return misses <= 0.3 * (len(v) - 1)


def _reference(value: str, key: str | None = None) -> bool:
    v = value.strip().strip("\"'")
    if not v:
        return True
    if P.secret_reference(v, key):
        return True
    if (
        P._TEMPLATED.search(v)
        or P._SHELL_VAR.match(v)
        or P._MASKED.match(v)
        or (P._WORDS.search(v) is not None and not P._inside_random(v))
    ):
        return True
    n = _normalize(v)
    if n in P.LABEL_WORDS or (key is not None and n == _normalize(key)):
        return True
    if P.repeated(v) or _sequential(v):
        return True
    return P._CRED_WORD.search(v) is not None and P.word_like(v)


_FRAGMENTS = [
    "pass", "PASSWD", "Secret", "token", "KEY", "credential", "-", "_", ".", " ", "$", "$HOME",
    "${X}", "{{", "abcdef", "0123456789", "fedcba", "aaaa", "Zq8mK2vR9xL4", "todo", "ToDo",
    "changeme", "my-", "your_", "test", "İ", "ı", "ſ", "\u212a", "é", "\"", "'", "**", "xX",
    "admin", "client", "9", "z",
]  # fmt: skip
_VALUES = st.lists(st.sampled_from(_FRAGMENTS), max_size=7).map("".join) | st.text(max_size=30)
_KEYS = st.none() | st.sampled_from(["password", "existingSecret", "client-secret", "apiKey"])


@settings(max_examples=4000, deadline=None)
@given(_VALUES, _KEYS)
def test_same_answer_as_the_regex_steps(value: str, key: str | None) -> None:
    assert P.is_placeholder(value, key) == _reference(value, key)


@settings(max_examples=2000, deadline=None)
@given(_VALUES)
def test_normalize_and_sequential(value: str) -> None:
    assert P.normalize(value) == _normalize(value)
    assert P.sequential(value) == _sequential(value)


def test_letters_only_ignorecase_maps() -> None:
    # `ſ` is `s`, the Kelvin sign `k` under IGNORECASE: such a value keeps the regex.
    for value in ("my-ſecret-name", "api-\u212aey-name", "paſſword-label"):
        assert P.is_placeholder(value) == _reference(value)
    assert P.is_placeholder("my-ſecret-name")
