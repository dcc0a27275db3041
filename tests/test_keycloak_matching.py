"""Keycloak's redirect matching as current releases do it (≥ 24.0.3: the URI as sent), the
post-logout list as `getPostLogoutRedirectUris` resolves it, and what the messages say."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.knowledge.keycloak_redirect import accepts, legacy_accepts, wildcards_allowed

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "rules"
CB = "https://registry.example.com/zot/auth/callback/oidc"


@pytest.mark.parametrize(
    ("uri", "now", "before"),
    [
        (CB, True, True),
        ("https://registry.example.com//zot/auth/callback/oidc", False, True),
        ("https://Registry.Example.com/zot/auth/callback/oidc", False, True),
        ("https://registry.example.com/zot/auth/callback/%6Fidc", False, True),
        ("https://registry.example.com:443/zot/auth/callback/oidc", False, False),
        ("https://registry.example.com/zot/auth/callback/oidc/", False, False),
    ],
)
def test_exact_entry_compared_as_sent(uri: str, now: bool, before: bool) -> None:
    assert accepts([CB], uri) is now
    assert legacy_accepts([CB], uri) is before


def test_wildcards() -> None:
    star = ["https://registry.example.com/*"]
    assert accepts(star, CB)
    assert accepts(star, "https://registry.example.com")  # `…/*` also accepts `…`
    assert not accepts(star, "https://registry.example.com.evil.io/x")
    # A `..` segment or userinfo turns wildcard entries off (areWildcardsAllowed).
    dotdot = "https://registry.example.com/ui/../zot/auth/callback/oidc"
    assert not wildcards_allowed(dotdot)
    assert not accepts(star, dotdot)
    assert legacy_accepts(star, dotdot)
    assert not accepts(star, "https://u@registry.example.com/x")
    assert not accepts(star, "https://registry.example.com/a/%2E%2E/x")
    # A bare `*` matches everything, even with wildcards off.
    assert accepts(["*"], dotdot)
    # An entry with `?` is never a wildcard.
    assert not accepts(["https://registry.example.com/?x=*"], CB)
    # The query is cut before a prefix match.
    assert accepts(["https://registry.example.com/zot/*"], "https://registry.example.com/zot?a=b")


def test_loopback_retried_with_port_80() -> None:
    assert accepts(["http://localhost:80/cb"], "http://localhost/cb")
    assert accepts(["http://127.0.0.1:80/cb"], "http://127.0.0.1/cb")
    assert not accepts(["https://localhost:80/cb"], "https://localhost/cb")


def _run(case: Path, *rules: str) -> list:
    settings = Settings()
    settings.select = list(rules)
    result = run([case], settings, root=FIXTURES, whole_tree=False)  # a case is a repository alone
    assert not result.errors, result.errors
    return result.findings


def test_zot401_says_only_old_keycloak_accepted() -> None:
    (f,) = _run(FIXTURES / "ZOT401" / "fail_host_case", "ZOT401")
    assert "Keycloak before 24.0.3" in f.message
    assert "upper-case letters in the host" in f.message
    assert "https://Registry.Example.com/zot/auth/callback/oidc" in f.message
    (f,) = _run(FIXTURES / "ZOT401" / "fail_port_443", "ZOT401")
    assert "before 24.0.3" not in f.message  # no Keycloak version ever accepted it


def test_zot401_checks_unsupported_key_as_oidc() -> None:
    (f,) = _run(FIXTURES / "ZOT401" / "fail_unsupported_key_checked_as_oidc", "ZOT401")
    assert "zot/auth/callback/oidc" in f.message
    assert 'for provider key "keycloak"' in f.message


def test_double_slash_is_zot105_error_and_zot401_silent() -> None:
    case = FIXTURES / "ZOT401" / "pass_double_slash_is_zot105"
    found = _run(case, "ZOT105", "ZOT401")
    assert [(f.rule_id, f.severity.name.lower(), f.location.start_line) for f in found] == [
        ("ZOT105", "error", 9)
    ]
    assert "ZOT401" in found[0].message


def test_zot105_path_stays_a_warning() -> None:
    (f,) = _run(FIXTURES / "ZOT105" / "fail_path_trailing_slash.json", "ZOT105")
    assert f.severity.name.lower() == "warning"


def test_zot402_dash_and_plus_messages() -> None:
    (f,) = _run(FIXTURES / "ZOT402" / "fail_dash_first", "ZOT402")
    assert '"-"' in f.message
    (f,) = _run(FIXTURES / "ZOT402" / "fail_absent", "ZOT402")
    assert "sets no post.logout.redirect.uris, so Keycloak allows its redirectUris" in f.message


def test_unsupported_key_all_problems_in_one_run() -> None:
    found = _run(
        FIXTURES / "ZOT108" / "fail_unsupported_key_checked_as_oidc.yaml",
        "ZOT106",
        "ZOT108",
        "ZOT109",
    )
    assert sorted(f.rule_id for f in found) == ["ZOT106", "ZOT108"]
    zot106 = next(f for f in found if f.rule_id == "ZOT106")
    assert 'the key zot accepts for it is "oidc"' in zot106.message
    found = _run(FIXTURES / "ZOT106" / "fail_names_accepted_key.json", "ZOT106")
    assert 'the key zot accepts for it is "github"' in found[0].message
