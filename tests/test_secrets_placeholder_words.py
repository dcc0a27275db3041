"""A stand-in word (TODO, CHANGEME, EXAMPLE…) marks a placeholder, except when it is buried in
a random string: 1 of 16,000 generated 24-character passwords spelled `todo` and was skipped
as a placeholder (bench/linearity.secret_documents)."""

from __future__ import annotations

import pytest

from zotlint.secrets.placeholder import is_placeholder


@pytest.mark.parametrize(
    "value",
    [
        "paRRSmQ1GIT5todoT7t9NEaa",  # the generated one
        "Zq8mK2vR9xexampleL4Pw7nQ3",
        "k3j9x2m8todoq7w4z1p6r5t0",  # lower case and digits, 3+ bits per character
        "Q7wE9rT2yU4iDuMmYo6P8aS1",  # `dummy`, mixed case
    ],
)
def test_a_word_inside_a_random_string_is_not_a_stand_in(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "TODO",
        "todo-fill-me",
        "CHANGEME123",
        "changeme",
        "REPLACE_WITH_REAL_SECRET",
        "my-todo-password",
        "<TODO>",
        "xxxxxxxx",
        "Zq8mK2vR9xL4-TODO",  # next to a separator
        "TODOZq8mK2vR9xL4Pw7n",  # at the start
        "Zq8mK2vR9xL4Pw7nTODO",  # at the end
        "someplaceholdervalue",  # the rest is words
        "passwordTODOpassword",
        "aaaaTODOaaaaaaaaaaaaaaa",  # the rest repeats
        "abcTODOdefghijklmnop",  # the rest is one kind of character
        "Ab1TODOAb1Ab1Ab1Ab1Ab1",  # the rest repeats a few characters
        "k3j9TODOq7w4",  # the rest too short to be random
    ],
)
def test_documented_stand_ins_still_count(value: str) -> None:
    assert is_placeholder(value)
