"""is_placeholder's fast paths answer as the plain regexes do: stand_in_word is
``_WORDS.search`` (case-insensitive) computed on an ASCII value's lower case after a substring
pre-check, and _TEMPLATED is searched only when a character every template holds is there."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.secrets.placeholder import (
    _TEMPLATE_CHARS,
    _TEMPLATED,
    _WORDS,
    is_placeholder,
    stand_in_word,
)

_FRAGMENTS = [
    "change", "Me", "-", "_", " ", "CHANGE_ME", "placeHolder", "replace", "ToDo", "FIXME",
    "example", "XXxx", "dummy", "Redacted", "not", "a", "Secret", "your", "My", "password",
    "TOKEN", "foo", "Bar", "baz", "test", "testing", "\n", "{{", "}}", "${X}", "$(env:A)",
    "<path:a#b>", "<x>", "ENC[", "%(a)s", "%{x}", "$__file{x}", "{R2_KEY}", "Zq8mK2vR9xL4",
    "İ", "ı", "ſ", "\u212a", "é", "s3cr3t", "0",
]  # fmt: skip
_VALUES = st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join) | st.text(max_size=30)


@settings(max_examples=3000, deadline=None)
@given(_VALUES)
def test_stand_in_word_is_the_case_insensitive_search(value: str) -> None:
    assert stand_in_word(value) == (_WORDS.search(value) is not None)


@settings(max_examples=3000, deadline=None)
@given(_VALUES)
def test_every_template_holds_a_template_character(value: str) -> None:
    if _TEMPLATED.search(value) is not None:
        assert _TEMPLATE_CHARS.search(value) is not None


def test_letters_that_match_ascii_ones_case_insensitively() -> None:
    # `İ` and `ı` match `i`, `ſ` matches `s` under IGNORECASE; lower() does not map them so.
    for value in ("fİxme", "fıxme", "teſt", "not-a-ſecret", "myſecret"):
        assert stand_in_word(value) and _WORDS.search(value), value


def test_placeholders_still_recognised() -> None:
    for value in (
        "CHANGE_ME",
        "your-password",
        "my_secret",
        "Testing",
        "{{ .Values.x }}",
        "ENC[AES]",
    ):
        assert is_placeholder(value), value
    assert not is_placeholder("Zq8mK2vR9xL4Pw7nQ3sT6yH1")
    assert not is_placeholder("contest-bar")  # `test` and `bar` count only as the whole value
