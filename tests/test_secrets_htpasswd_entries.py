"""Issue 19: htpasswd entries in a text are searched for only near a `:$` or `:{SHA}`
(htpasswd.entries), with the same matches as the full scan (ENTRY.finditer) it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.secrets.htpasswd import ENTRY, entries

BCRYPT = "$2y$05$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
SHA = "{SHA}" + "abcdefghijklmnopqrstuvwxyz0" + "="
APR1 = "$apr1$salt$" + "abcdefghijklmnopqrstuv"

_PIECES = st.sampled_from(
    [
        "admin:",
        "user:",
        "u" * 64 + ":",
        "u" * 65 + ":",
        ":",
        "$",
        ":$",
        ":{SHA}",
        BCRYPT,
        SHA,
        APR1,
        BCRYPT[:20],
        "\\n",
        "\n",
        " ",
        '"',
        "'",
        "|",
        ">",
        "=",
        ",",
        "x",
        "ab",
        "image:${TAG}",
        "$6$rounds=5000$salt$" + "a" * 86,
        "a" * 43,
        "/",
        ".",
        "é",
    ]
)


def _spans(found) -> list[tuple[tuple[int, int], str, str]]:  # type: ignore[no-untyped-def]
    return [(m.span(), m.group("user"), m.group("hash")) for m in found]


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_entries_match_the_full_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(entries(text)) == _spans(ENTRY.finditer(text))


def test_entries_in_a_file() -> None:
    text = (
        f'htpasswd: |\n  admin:{BCRYPT}\n  user:{SHA}\nimage: "repo:${{TAG}}"\n'
        f'json: "a:{APR1}\\nb:{BCRYPT}"\n' + "x" * 200 + f"\nlast:{BCRYPT}$"
    )
    found = _spans(entries(text))
    assert [u for _, u, _ in found] == ["admin", "user", "a", "b"]
    assert found == _spans(ENTRY.finditer(text))


def test_an_entry_beyond_the_window_is_not_cut_short() -> None:
    # A `:$` that starts no entry, then within the bounded search a SHA-crypt entry whose hash
    # runs past the bound and is too long to be one: the full scan finds nothing.
    text = "image:${TAG}" + " " * 60 + "u:$6$salt$" + "a" * 120 + "\n"
    assert _spans(ENTRY.finditer(text)) == []
    assert _spans(entries(text)) == []


def test_a_user_of_64_characters() -> None:
    text = "u" * 64 + ":" + BCRYPT + "\n" + "v" * 65 + ":" + BCRYPT
    assert [m.group("user") for m in entries(text)] == ["u" * 64]
    assert _spans(entries(text)) == _spans(ENTRY.finditer(text))
