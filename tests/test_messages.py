"""zotlint.messages.split: a message's first sentence (what concise output shows) and the
detail after it."""

from __future__ import annotations

import pytest

from zotlint.messages import is_key, split


@pytest.mark.parametrize(
    ("message", "headline", "detail"),
    [
        (
            "OpenID is configured but http.externalUrl is not set: zot sends http://0.0.0.0",
            "OpenID is configured but http.externalUrl is not set.",
            "Zot sends http://0.0.0.0",
        ),
        # A detail that starts with a key keeps the user's spelling of it.
        (
            "ACME002 prod storage must be s3: http.accessControl is open",
            "ACME002 prod storage must be s3.",
            "http.accessControl is open",
        ),
        ("The value is wrong: externalUrl is empty", "The value is wrong.", "externalUrl is empty"),
        # Separators inside quotes, backticks and brackets do not end the first sentence.
        (
            'the values keep `secretFiles: {}`; Helm merges "a: b" (x; y) here',
            "The values keep `secretFiles: {}`.",
            'Helm merges "a: b" (x; y) here',
        ),
        ("Use a short value, e.g. x or y: z", "Use a short value, e.g. x or y.", "Z"),
        ("strategy is ignored", "Strategy is ignored.", ""),
        ("zot's client is public; it sends none", "Zot's client is public.", "It sends none"),
    ],
)
def test_split(message: str, headline: str, detail: str) -> None:
    assert split(message) == (headline, detail)


def test_is_key() -> None:
    keys = ["http.accessControl", "externalUrl", "/secret-oidc", "values-prod.yaml", "a_b"]
    words = ["zot", "zot's", "the", "Keycloak", "issuer,"]
    assert all(is_key(k) for k in keys)
    assert not any(is_key(w) for w in words)
