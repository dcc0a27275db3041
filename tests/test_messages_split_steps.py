"""zotlint.messages.split steps from one quote, bracket or punctuation mark to the next instead
of through every character (a large report splits 16,000 messages); the answer must be the
character-by-character scan's for every message."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint import messages
from zotlint.messages import is_key, split

# The same scan visiting every character: what split() did before it stepped.
_EVERY_CHARACTER = re.compile(".", re.DOTALL)


def _reference(message: str) -> tuple[str, str]:
    steps = messages._STEPS
    messages._STEPS = _EVERY_CHARACTER
    try:
        return split(message)
    finally:
        messages._STEPS = steps


def _reference_is_key(word: str) -> bool:
    word = word.rstrip(",:;.").replace("'", "")
    return any(not c.isalpha() for c in word) or any(c.isupper() for c in word[1:])


PIECES = [
    "a", "Zot", "word ", " ", ":", ";", ".", ": ", "; ", ". ", '"', "`", "(", ")", "[", "]",
    "{", "}", "e.g", "i.e", "etc", "vs", "http.externalUrl", "x" * 12, "ǅ", "é", "ß", "'", "1",
]  # fmt: skip
messages_ = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(messages_)
def test_split_is_the_character_scans(message: str) -> None:
    assert split(message) == _reference(message)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_is_key_is_the_character_tests(word: str) -> None:
    assert is_key(word) == _reference_is_key(word)


def test_steps_skip_only_characters_without_effect() -> None:
    # A colon inside backticks, then one in brackets, then the sentence's own.
    message = "Secret `a: b` (see [x: y]) commits 1 value: key `password`; rotate it"
    assert split(message) == _reference(message)
    assert split(message)[0] == "Secret `a: b` (see [x: y]) commits 1 value."
