"""zot's own reading of its config (zotlint.knowledge.zot.ZotConfig): where zot is reached and
the redirect URI it sends, as zot `originFromConfig` and its callback route build them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zotlint.config import Settings
from zotlint.document import Document, Kind
from zotlint.engine import load_project
from zotlint.knowledge.urls import host_of, http_url, is_loopback_host
from zotlint.knowledge.zot import ZotConfig, callback_from


def _config(tmp_path: Path, http: dict[str, Any]) -> Document:
    cfg = {
        "storage": {"rootDirectory": "/var/lib/registry"},
        "http": {
            **http,
            "auth": {"openid": {"providers": {"oidc": {"issuer": "https://kc/realms/r"}}}},
        },
    }
    (tmp_path / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    project = load_project([tmp_path], Settings(), root=tmp_path).project
    (doc,) = project.documents(Kind.ZOT_CONFIG)
    return doc


@pytest.mark.parametrize(
    ("http", "origin", "host"),
    [
        # One trailing `/` is trimmed, as zot does; a second one stays (ZOT105's error).
        ({"externalUrl": "https://Registry.Example.com/"}, "https://Registry.Example.com", None),
        ({"externalUrl": "https://x.example//"}, "https://x.example/", "x.example"),
        # Without externalUrl: http(s)://<address>:<port>, https when http.tls is set.
        ({"address": "0.0.0.0", "port": "5000"}, "http://0.0.0.0:5000", "0.0.0.0"),
        (
            {"address": "::1", "port": 5000, "tls": {"cert": "c", "key": "k"}},
            "https://[::1]:5000",
            "::1",
        ),
        ({}, "http://127.0.0.1:8080", None),
        # Not an absolute http(s) URL: no origin (ZOT103 reports it).
        ({"externalUrl": "registry.example.com"}, None, None),
        ({"externalUrl": " https://x.example"}, None, None),
    ],
)
def test_origin_as_zot_builds_it(
    tmp_path: Path, http: dict[str, Any], origin: str | None, host: str | None
) -> None:
    zot = ZotConfig.of(_config(tmp_path, http))
    assert zot.origin == origin
    if host is not None:
        assert zot.host == host
    expected = f"{origin}/zot/auth/callback/oidc" if origin else None
    assert zot.callback_uri("OIDC") == expected


def test_external_url_view(tmp_path: Path) -> None:
    doc = _config(tmp_path, {"externalUrl": "https://Registry.Example.com:8443/"})
    zot = ZotConfig.of(doc)
    assert ZotConfig.of(doc) is zot  # one view per document
    assert zot.external_url == "https://Registry.Example.com:8443/"
    assert zot.has_external_url
    assert zot.external_host == "registry.example.com"  # lower-case, port dropped
    assert zot.host == "registry.example.com"
    assert [p.key for p in zot.providers] == ["oidc"] and zot.openid_configured
    ref = zot.external_url_ref()
    span = ref.span()
    assert doc.source.text[span.start : span.end] == '"https://Registry.Example.com:8443/"'


def test_invalid_external_url_has_no_host(tmp_path: Path) -> None:
    zot = ZotConfig.of(_config(tmp_path, {"externalUrl": "ftp://x.example", "address": "zot"}))
    assert zot.external_url_parts is None and zot.external_host is None
    # The host the Keycloak link matches redirect URIs on falls back to http.address; the origin
    # does not: zot uses a non-empty externalUrl verbatim.
    assert zot.host == "zot"
    assert zot.origin is None


def test_callback_from_trims_one_slash() -> None:
    assert callback_from("https://x/", "Keycloak") == "https://x/zot/auth/callback/keycloak"
    assert callback_from("x.example", "oidc") == "x.example/zot/auth/callback/oidc"


def test_url_facts() -> None:
    assert http_url("https://x:99999") is None and http_url("mailto:a@b") is None
    assert http_url("http://x:8080/p") is not None
    assert is_loopback_host("127.0.0.2") and is_loopback_host("[::1]")
    assert is_loopback_host("a.localhost") and not is_loopback_host("example.com")
    assert host_of("/cb", "https://Root.Example") == "root.example"
    assert host_of("/cb", None) is None and host_of(123) is None
