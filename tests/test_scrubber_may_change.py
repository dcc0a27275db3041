"""Scrubber.may_change: the text reporter skips scrubbing a code frame's gutter and caret lines
only when no secret could be spelled with their characters; when one could, they are scrubbed
as before."""

from __future__ import annotations

from zotlint.redact import Scrubber, Sensitive

MARKS = " |^0123456789"


def test_a_random_secret_cannot_be_spelled_with_frame_marks() -> None:
    scrubber = Scrubber([Sensitive("Zq8mPw7xK2vL9nR4"), Sensitive("admin")])
    assert not scrubber.may_change(MARKS)
    assert scrubber.scrub_source("   |   ^^^^^^^^") == "   |   ^^^^^^^^"


def test_a_secret_made_of_frame_marks_is_still_scrubbed() -> None:
    scrubber = Scrubber([Sensitive("Zq8mPw7xK2vL9nR4"), Sensitive("1234 |")])
    assert scrubber.may_change(MARKS)
    assert "1234 |" not in scrubber.scrub_source(" 1234 | x")


def test_short_readable_secrets_count_too() -> None:
    # `admin` is scrubbed from quoted source only (the readable tier): still a possible change.
    assert Scrubber([Sensitive("admin")]).may_change("adimn ")
    assert not Scrubber([Sensitive("admin")]).may_change("adm ")
