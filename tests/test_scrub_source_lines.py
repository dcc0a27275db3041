"""A report's quoted source lines are scrubbed in one pass (Scrubber.scrub_source_lines): the
answer must be each line's own scrub_source, also where a joined text could differ (a secret
spelled with a line break, a private key whose BEGIN and END are on two quoted lines, a URL
password whose scheme ends the line above), and with few or many secrets."""

from __future__ import annotations

import random

import pytest

from zotlint.redact import _FEW, Scrubber, Sensitive

_KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" * 2


def _secrets(rnd: random.Random, n: int) -> list[Sensitive]:
    alphabet = "abcXYZ0189-_"
    out = [
        Sensitive("".join(rnd.choice(alphabet) for _ in range(rnd.randint(6, 14))))
        for _ in range(n)
    ]
    out.append(Sensitive("search"))  # a short readable word: scrubbed from quoted source only
    return out


def _lines(rnd: random.Random, secrets: list[Sensitive]) -> list[str]:
    pieces = [
        lambda: rnd.choice(secrets).reveal(),
        lambda: rnd.choice(secrets).reveal()[: rnd.randint(1, 5)],
        lambda: "ghp_" + "".join(rnd.choice("A1b2C3d4") for _ in range(36)),
        lambda: "https",
        lambda: "://user:Zq8mK2vR9x@host",
        lambda: "-----BEGIN PRIVATE KEY-----",
        lambda: _KEY_BODY,
        lambda: "-----END PRIVATE KEY-----",
        lambda: rnd.choice(["  password: ", "x", " ", ": ", "é", "`", "\u2026"]),
    ]
    return [
        "".join(rnd.choice(pieces)() for _ in range(rnd.randint(0, 4)))
        for _ in range(rnd.randint(0, 12))
    ]


@pytest.mark.parametrize("many", [False, True])
def test_lines_scrubbed_together_are_each_lines_own_scrub(many: bool) -> None:
    rnd = random.Random(14 + many)
    for _ in range(300):
        secrets = _secrets(rnd, _FEW + 20 if many else 5)
        if rnd.random() < 0.1:
            secrets.append(Sensitive("two\nlines-Zq8mK2"))  # a spelling with a line break
        scrubber = Scrubber(secrets)
        lines = _lines(rnd, secrets)
        assert scrubber.scrub_source_lines(lines) == [scrubber.scrub_source(x) for x in lines], (
            lines
        )


def test_the_cases_a_joined_text_would_get_wrong_are_each_lines_own() -> None:
    scrubber = Scrubber([Sensitive("Zq8mK2vR9xL4")])
    # The scheme at the end of the line above: `$` would find it before the line break.
    lines = ["see https", "://admin:Pw7nQ3sT6y@registry.example.com"]
    assert scrubber.scrub_source_lines(lines) == [scrubber.scrub_source(x) for x in lines]
    assert "Pw7nQ3sT6y" in scrubber.scrub_source_lines(lines)[1]
    # A private key's BEGIN and END quoted by two findings: one token if joined.
    lines = ["-----BEGIN PRIVATE KEY-----", _KEY_BODY, "-----END PRIVATE KEY-----"]
    assert scrubber.scrub_source_lines(lines) == [scrubber.scrub_source(x) for x in lines]
    # A secret with a line break in it: a joined text would hold it.
    multi = Scrubber([Sensitive("first-Zq8mK2\nsecond-Pw7nQ3")])
    lines = ["a first-Zq8mK2", "second-Pw7nQ3 b"]
    assert multi.scrub_source_lines(lines) == [multi.scrub_source(x) for x in lines]
    # One that starts with a line break: its redaction shows it, so a line count cannot tell.
    leading = Scrubber([Sensitive("\nZq8mK2vR9xL4Zq")])
    lines = ["x", "Zq8mK2vR9xL4Zq"]
    assert leading.scrub_source_lines(lines) == [leading.scrub_source(x) for x in lines]


def test_secrets_on_quoted_lines_are_redacted() -> None:
    scrubber = Scrubber([Sensitive(f"S3cr3t{i:08d}xYz") for i in range(_FEW + 10)])
    lines = [f"  password: S3cr3t{i:08d}xYz" for i in range(_FEW + 10)]
    out = scrubber.scrub_source_lines(lines)
    assert len(out) == len(lines) and not any("S3cr3t" in x for x in out)
    assert out[0] == "  password: <redacted secret, 17 chars, S…z>"
