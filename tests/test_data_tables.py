"""Facts encoded in zotlint.data, checked against the reference docs and the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import NEEDS_SHARED

from zotlint.data import chart_values_keys as cvk
from zotlint.data import zot_config_keys as zk
from zotlint.data import zot_versions as zv

SHARED = Path(__file__).resolve().parents[2] / "shared"
ZOT_EXAMPLES = SHARED / "corpus" / "zot-examples"
CHART_CORPUS = SHARED / "corpus" / "zot-helm-chart"

# --------------------------------------------------------------------------------------------
# zot config keys
# --------------------------------------------------------------------------------------------


def test_key_count_and_shape() -> None:
    # zot-config-keys.md: "The tree holds 278 key paths".
    assert len(zk.KEYS) == 278
    allowed = {"object", "map", "list", "string", "int", "bool", "duration", "any", "float"}
    for path, info in zk.KEYS.items():
        assert path == info.path
        assert all(p == p.lower() for p in path)
        assert info.spelling.lower() == path[-1]
        assert info.type in allowed
        assert info.since == zk.UNRELEASED or zv.parse_version(info.since) is not None
        if info.type == "list":
            assert info.item in {"string", "object"}


@pytest.mark.parametrize(
    ("path", "since", "rc"),
    [
        (("http", "auth", "openid", "providers", "*", "credentialsfile"), "v2.1.6", None),
        (("http", "auth", "openid", "providers", "*", "claimmapping"), "v2.1.11", None),
        (("http", "auth", "openid", "providers", "*", "claimmapping", "groups"), "v2.1.17", None),
        (("http", "auth", "openid", "callbackalloworigins"), "v2.1.15", None),
        (("http", "auth", "sessionkeysfile"), "v2.1.2", "v2.1.2-rc1"),
        (("http", "auth", "sessiondriver"), "v2.1.9", None),
        (("http", "auth", "bearer", "oidc"), "v2.1.14", None),
        (("http", "accesscontrol", "metrics", "anonymouspolicy"), "v2.1.18", None),
        (("http", "readtimeout"), "v2.1.17", None),
        (("http", "compat"), "v2.1.2", "v2.1.2-rc3"),
        (("extensions", "events"), "v2.1.3", "v2.1.3-rc6"),
        (("extensions", "events", "sinks", "[]", "credentials", "token"), "v2.1.5", None),
        (("storage", "fastrestart"), "v2.1.18", None),
        (("storage", "subpaths", "*", "maxrepos"), "v2.1.16", None),
        (("cluster", "tls", "cacert"), "v2.1.0", "v2.1.0-rc1"),
        (("extensions", "sync", "registries", "[]", "manifestcheckinterval"), zk.UNRELEASED, None),
        (("http", "externalurl"), "v2.0.0", None),
        (("http", "accesscontrol", "repositories", "*", "policies", "[]", "users"), "v2.0.0", None),
    ],
)
def test_since(path: tuple[str, ...], since: str, rc: str | None) -> None:
    info = zk.lookup(path)
    assert info is not None
    assert info.since == since
    assert info.since_rc == rc
    assert zk.since(path) == since


def test_types_spellings_defaults() -> None:
    port = zk.lookup(("http", "port"))
    assert port is not None and port.type == "string" and port.default == "8080"
    fail_delay = zk.lookup(("http", "auth", "faildelay"))
    assert (
        fail_delay is not None and fail_delay.type == "int" and fail_delay.spelling == "failDelay"
    )
    assert zk.KEYS[("http", "externalurl")].spelling == "externalUrl"
    assert zk.KEYS[("storage", "gcdelay")].type == "duration"
    assert zk.KEYS[("storage", "dedupe")].default is True
    assert zk.KEYS[("http", "auth", "apikey")].type == "bool"
    assert zk.KEYS[("extensions", "apikey")].type == "object"
    scopes = zk.KEYS[("http", "auth", "openid", "providers", "*", "scopes")]
    assert (scopes.type, scopes.item) == ("list", "string")
    req = zk.KEYS[("extensions", "sync", "registries", "[]", "reqpersec")]
    assert req.type == "float"


def test_lookup_matches_user_map_keys() -> None:
    concrete = zk.lookup(("http", "auth", "openid", "providers", "oidc", "issuer"))
    pattern = zk.lookup(("http", "auth", "openid", "providers", "*", "issuer"))
    assert concrete is pattern is not None
    assert zk.canonical(("storage", "subpaths", "/a", "rootdirectory")) == (
        "storage",
        "subpaths",
        "*",
        "rootdirectory",
    )
    glob = ("http", "accesscontrol", "repositories", "team/**", "policies", "[]", "actions")
    assert zk.lookup(glob) is not None
    provider = zk.lookup(("http", "auth", "openid", "providers", "keycloak"))
    assert provider is not None and provider.path[-1] == "*"  # the name is ZOT106's business
    # A list item itself is not a key, and a list of strings has no item keys.
    assert zk.lookup(("storage", "retention", "policies", "[]")) is None
    assert zk.lookup(("http", "auth", "openid", "callbackalloworigins", "[]", "x")) is None


@pytest.mark.parametrize(
    "path",
    [
        ("accesscontrol",),
        ("http", "accesscontrol", "defaultpolicy"),
        ("http", "accesscontrol", "anonymouspolicy"),
        ("http", "accesscontrol", "adminpolicy", "defaultpolicy"),
        ("http", "auth", "ldap", "binddn"),
        ("http", "auth", "ldap", "bindpassword"),
        ("http", "auth", "openid", "providers", "oidc", "callbackalloworigins"),
        ("storage", "subpaths", "/a", "fastrestart"),
        ("extensions", "sync", "registries", "[]", "credentialsfile"),
        ("extensions", "sync", "registries", "[]", "url"),
        ("extensions", "metrics", "path"),
        ("http", "url"),
    ],
)
def test_unknown_keys(path: tuple[str, ...]) -> None:
    assert zk.lookup(path) is None
    assert zk.classify(path) == "unknown"


def test_confused_entries_are_unknown_and_hinted() -> None:
    for wrong in zk.CONFUSED:
        if "*" not in wrong:
            assert zk.lookup(wrong) is None, wrong
    hint = zk.confused_hint(("http", "auth", "ldap", "binddn"))
    assert hint is not None and "credentialsFile" in hint
    hint = zk.confused_hint(("accesscontrol",))
    assert hint is not None and "http.accessControl" in hint
    # Pre-v2 layout: a repository glob directly under accessControl.
    hint = zk.confused_hint(("http", "accesscontrol", "**"))
    assert hint is not None and "repositories" in hint
    assert (
        zk.confused_hint(("http", "accesscontrol", "defaultpolicy"))
        == zk.CONFUSED[("http", "accesscontrol", "defaultpolicy")]
    )
    assert zk.confused_hint(("storage", "subpaths", "/x", "fastrestart")) is not None
    assert zk.confused_hint(("http", "nonsense")) is None


def test_free_form() -> None:
    assert zk.is_free_form(("storage", "storagedriver", "bucket"))
    assert zk.is_free_form(("storage", "subpaths", "/a", "cachedriver", "anything"))
    assert zk.is_free_form(("http", "auth", "sessiondriver", "url"))
    assert zk.is_free_form(("extensions", "events", "sinks", "[]", "typo"))
    assert not zk.is_free_form(("storage", "storagedriver"))  # the map itself is a key
    assert not zk.is_free_form(("http", "auth", "ldap", "binddn"))
    helper = (*zk.OAUTH2_HELPER_PATH, "tokenurl")
    assert zk.is_free_form(helper)
    assert zk.is_free_form(helper, credential_helper="ecr")
    assert not zk.is_free_form(helper, credential_helper="oauth2")
    assert zk.classify(helper, credential_helper="oauth2") == "known"
    typo = (*zk.OAUTH2_HELPER_PATH, "tokenuri")
    assert zk.classify(typo, credential_helper="oauth2") == "unknown"
    assert zk.classify(typo) == "free"


def test_children_and_suggest() -> None:
    kids = zk.children(("http", "auth", "openid", "providers", "oidc"))
    assert {"credentialsfile", "issuer", "clientid", "scopes", "claimmapping"} <= set(kids)
    assert set(zk.children(("storage", "subpaths"))) == {"*"}
    policies = zk.children(("storage", "retention", "policies"))
    assert policies == zk.children(("storage", "retention", "policies", "[]"))
    assert "keeptags" in policies
    assert "storage" in zk.children(())
    assert zk.children(("nope",)) == {}
    assert zk.suggest(("http", "externalurll")) == "externalUrl"
    assert zk.suggest(("http", "auth", "openid", "providers", "oidc", "credentialfile")) == (
        "credentialsFile"
    )
    assert zk.suggest(("http", "zzzz")) is None


@pytest.mark.parametrize(
    ("path", "image", "needed"),
    [
        (("http", "auth", "openid", "providers", "oidc", "credentialsfile"), "v2.1.5", "v2.1.6"),
        (("http", "auth", "openid", "providers", "oidc", "credentialsfile"), "v2.1.6", None),
        (("http", "auth", "openid", "providers", "oidc", "credentialsfile"), "latest", None),
        (("http", "auth", "openid", "providers", "oidc", "claimmapping"), "2.1.10", "v2.1.11"),
        (("http", "auth", "openid", "callbackalloworigins"), "v2.1.14@sha256:ab", "v2.1.15"),
        (("http", "auth", "openid", "callbackalloworigins"), "v2.1.15-minimal", None),
        (("extensions", "events"), "v2.1.3-rc2", "v2.1.3"),
        (("extensions", "events"), "v2.1.3-rc6", None),
        (("http", "auth", "sessionkeysfile"), "v2.1.2-rc1", None),
        (("http", "auth", "sessionkeysfile"), "v2.1.1", "v2.1.2"),
        (("extensions", "sync", "registries", "[]", "reqconcurrent"), "v2.1.20", zk.UNRELEASED),
        (("extensions", "sync", "registries", "[]", "reqconcurrent"), "v2.2.0", None),
        (("http", "address"), "v2.0.0", None),
        (("http", "nope"), "v2.0.0", None),
    ],
)
def test_requires_newer_zot(path: tuple[str, ...], image: str, needed: str | None) -> None:
    assert zk.requires_newer_zot(path, image) == needed


def _walk_config(
    node: dict[str, Any],
    path: tuple[str, ...],
    unknown: list[str],
    used: set[tuple[str, ...]],
    helper: str | None = None,
) -> None:
    """Walk a zot config as zot's loader sees it: keys lower-cased, list items as "[]"."""
    for key, value in node.items():
        child = (*path, key.lower())
        verdict = zk.classify(child, credential_helper=helper)
        if verdict == "unknown":
            # Viper drops null / {} values outside lists before decoding.
            if (value is None or value == {}) and "[]" not in path:
                continue
            unknown.append(".".join(child))
            continue
        pattern = zk.canonical(child)
        if verdict == "free" or pattern is None:
            continue
        used.add(pattern)
        if isinstance(value, dict):
            _walk_config(value, pattern, unknown, used, helper)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    item_helper = next(
                        (str(v) for k, v in item.items() if k.lower() == "credentialhelper"),
                        None,
                    )
                    _walk_config(item, (*pattern, "[]"), unknown, used, item_helper)


def _zot_server_configs() -> list[tuple[str, dict[str, Any]]]:
    """Every zot server config among the upstream examples (see the corpus SOURCE.md)."""
    yaml = pytest.importorskip("yaml")
    # Side files and configs of other programs (zli, zxp) are not zot server configs.
    not_server = {
        "sessionKeys.json",
        "sync-auth-filepath.json",
        "sync-oauth2-signing.json",
        "metrics/old-config.json",
    }
    docs: list[tuple[str, dict[str, Any]]] = []
    for file in sorted(ZOT_EXAMPLES.rglob("*")):
        rel = file.relative_to(ZOT_EXAMPLES).as_posix()
        if file.suffix == ".json":
            if (
                rel in not_server
                or rel.endswith("-credentials.json")
                or rel.startswith("metrics/exporter/")
            ):
                continue
            docs.append((rel, json.loads(file.read_text())))
        elif rel == "config-example.yaml":
            docs.append((rel, yaml.safe_load(file.read_text())))
        elif rel.startswith("metrics/kubernetes/") and file.name == "deployment.yaml":
            for manifest in yaml.safe_load_all(file.read_text()):
                if not manifest or manifest.get("kind") != "ConfigMap":
                    continue
                for name, text in manifest.get("data", {}).items():
                    # zxp.json is the metrics exporter's config, not zot's.
                    if name.endswith(".json") and name != "zxp.json":
                        docs.append((f"{rel}#{name}", json.loads(text)))
    return docs


def test_every_upstream_example_key_is_known() -> None:
    if not ZOT_EXAMPLES.is_dir():
        pytest.skip(NEEDS_SHARED)
    docs = _zot_server_configs()
    # 55 top-level configs + config-example.yaml + 6 cluster members + 2 embedded configs.
    assert len(docs) == 64
    used: set[tuple[str, ...]] = set()
    failures = {}
    for rel, doc in docs:
        unknown: list[str] = []
        _walk_config(doc, (), unknown, used)
        if unknown:
            failures[rel] = unknown
    assert failures == {}
    # The reference reports 193 of the 278 paths in use; the walker also records the four
    # user-map positions it passes through.
    assert len(used & set(zk.KEYS)) == 193


# --------------------------------------------------------------------------------------------
# versions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("v2.1.6", (2, 1, 6)),
        ("2.1.6", (2, 1, 6)),
        ("v2.1.3-rc1", (2, 1, 3)),
        ("v2.1.20@sha256:0123", (2, 1, 20)),
        ("0.1", (0, 1)),
        ("1.2.3+build.5", (1, 2, 3)),
        ("latest", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_version(text: str | None, parsed: tuple[int, ...] | None) -> None:
    assert zv.parse_version(text) == parsed


def test_version_key_orders_prereleases() -> None:
    ordered = ["v2.1.2-rc1", "v2.1.2-rc3", "v2.1.2", "v2.1.2-minimal", "v2.1.10"]
    keys = [zv.version_key(v) for v in ordered]
    assert keys[0] < keys[1] < keys[2] == keys[3] < keys[4]  # type: ignore[operator]
    assert zv.is_prerelease("v2.1.3-rc6") and not zv.is_prerelease("v2.1.3")


def test_chart_app_versions() -> None:
    app = zv.CHART_APP_VERSION
    assert app["0.1.0"] == "v1.4.1"
    assert app["0.1.22"] == "v2.0.0-rc4"
    assert app["0.1.42"] == "v2.0.0"
    assert app["0.1.63"] == "v2.1.2-rc2"
    assert app["0.1.67"] == "v2.1.2"
    assert app["0.1.77"] == "v2.1.6"
    assert app["0.1.91"] == "v2.1.11"
    assert app["0.1.104"] == "v2.1.15"
    assert app["0.1.122"] == "v2.1.18"
    assert zv.UNTAGGED_CHART_VERSIONS.isdisjoint(app)
    assert len(zv.KNOWN_CHART_VERSIONS) == 119
    assert set(app) | set(zv.CHART_APP_VERSION_RANGE) == set(zv.KNOWN_CHART_VERSIONS)
    assert zv.chart_app_version("0.1.62") == "v2.1.2-rc2"
    assert zv.chart_app_version("0.1.62", newest=False) == "v2.1.2-rc1"
    assert zv.chart_app_version("v0.1.79") == "v2.1.7"
    assert zv.chart_app_version("0.1.90") is None


KNOWN = list(zv.KNOWN_CHART_VERSIONS)


@pytest.mark.parametrize(
    ("spec", "known", "expected"),
    [
        ("0.1.x", KNOWN, "0.1.122"),
        ("0.1.*", KNOWN, "0.1.122"),
        ("*", KNOWN, "0.1.122"),
        (">=0.1.60", KNOWN, "0.1.122"),
        ("~0.1.60", KNOWN, "0.1.122"),
        ("^0.1.0", KNOWN, "0.1.122"),
        ("0.1.60", KNOWN, "0.1.60"),
        ("v0.1.60", KNOWN, "0.1.60"),
        ("=0.1.60", KNOWN, "0.1.60"),
        ("0.1.37", KNOWN, None),  # never tagged
        ("<0.1.40", KNOWN, "0.1.39"),
        ("<=0.1.37", KNOWN, "0.1.36"),
        (">=0.1.60 <0.1.80", KNOWN, "0.1.79"),
        (">= 0.1.60, < 0.1.80", KNOWN, "0.1.79"),
        ("0.1.20 - 0.1.30", KNOWN, "0.1.30"),
        ("0.1.10 || 0.1.20", KNOWN, "0.1.20"),
        ("!=0.1.122", KNOWN, "0.1.121"),
        (">0.1", KNOWN, None),
        ("1.x", KNOWN, None),
        ("not a version", KNOWN, None),
        ("~1.2.3", ["1.2.3", "1.2.9", "1.3.0"], "1.2.9"),
        ("~1", ["1.2.3", "1.9.0", "2.0.0"], "1.9.0"),
        ("^1.2.3", ["1.2.3", "1.3.0", "2.0.0"], "1.3.0"),
        ("^0.0.3", ["0.0.3", "0.0.4"], "0.0.3"),
        (">=v2.1.0", ["v2.1.3", "v2.1.4-rc1"], "v2.1.3"),
        (">=v2.1.4-rc1", ["v2.1.3", "v2.1.4-rc1"], "v2.1.4-rc1"),
    ],
)
def test_resolve_range(spec: str, known: list[str], expected: str | None) -> None:
    assert zv.resolve_range(spec, known) == expected


def test_resolve_chart_version() -> None:
    assert zv.resolve_chart_version(None) == "0.1.122"
    assert zv.resolve_chart_version("0.1.x") == "0.1.122"
    assert zv.resolve_chart_version("~0.1.38") == "0.1.122"
    assert zv.resolve_chart_version("0.1.38") == "0.1.38"


def test_chart_key_since() -> None:
    since = zv.CHART_KEY_SINCE
    assert since["extraVolumes"] == since["extraVolumeMounts"] == "0.1.39"
    assert since["externalSecrets"] == "0.1.29"
    assert since["extraArgs"] == "0.1.63"
    assert since["httpGet.port"] == "0.1.79"
    assert since["env"] == "0.1.30"
    for key in ("mountConfig", "configFiles", "mountSecret", "secretFiles", "persistence"):
        assert since[key] == "0.1.22"
    minor = zv.CHART_KEY_SINCE_MINOR
    assert minor["hostAliases"] == "0.1.117"
    assert minor["httproute"] == "0.1.103"
    assert minor["podDisruptionBudget"] == "0.1.122"
    assert minor["startupProbe"] == "0.1.44"
    assert set(since).isdisjoint(minor)
    # Both tables agree with the per-key versions of the values tree.
    for key, version in (*since.items(), *minor.items()):
        assert cvk.key_since(tuple(key.split("."))) == version, key
    assert zv.CHART_KEY_BROKEN["pvc.create"][:2] == ("0.1.68", "0.1.100")


# --------------------------------------------------------------------------------------------
# chart values keys
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "version", "status"),
    [
        (("extraVolumes",), "0.1.38", "too_new"),
        (("extraVolumes",), "0.1.39", "ok"),
        (("extraVolumes", 0, "name"), "0.1.39", "free"),
        (("httpGet", "port"), "0.1.78", "too_new"),
        (("httpGet", "port"), "0.1.79", "ok"),
        (("httpGet", "scheme"), "0.1.24", "too_new"),
        (("externalSecrets", "[]", "secretName"), "0.1.29", "ok"),
        (("externalSecrets", "[]", "secretName"), "0.1.28", "too_new"),
        (("externalSecrets", "[]", "items"), None, "unknown"),
        (("httpRoute",), None, "unknown"),
        (("httproute", "enabled"), "0.1.102", "too_new"),
        (("httproute", "rules", 0, "matches"), None, "free"),
        (("pvc", "size"), None, "unknown"),
        (("pvc", "accessModes"), "0.1.67", "too_new"),
        (("pvc", "accessMode"), "0.1.122", "ok"),
        (("persistence", "size"), None, "unknown"),
        (("zotConfig",), None, "unknown"),
        (("configFiles", "config.json"), "0.1.22", "free"),
        (("resources", "limits"), "0.1.22", "free"),
        (("securityContext",), "0.1.22", "ok"),
        (("fullnameOverride",), "0.1.0", "ok"),
        (("authHeader",), "0.1.21", "too_new"),
        (("global", "anything"), "0.1.0", "free"),
        (("ingress", "hosts", "[]", "paths", "[]", "servicePort"), None, "ok"),
        (("ingress", "pathType"), None, "unknown"),
        (("metrics", "serviceMonitor", "basicAuth", "secretName"), "0.1.68", "too_new"),
        (("podDisruptionBudget", "enabled"), "0.1.121", "too_new"),
        (("podDisruptionBudget", "enabled"), "not-a-version", "ok"),
    ],
)
def test_check_key(path: tuple[str | int, ...], version: str | None, status: str) -> None:
    assert cvk.check_key(path, version) == status


def test_known_keys_and_suggest() -> None:
    old = cvk.known_keys("0.1.38")
    assert "externalSecrets" in old and "extraVolumes" not in old
    assert "port" not in old["httpGet"]  # type: ignore[operator]
    assert cvk.known_keys("0.1.122")["configFiles"] == cvk.FREE
    assert "podDisruptionBudget" in cvk.known_keys(None)
    assert cvk.suggest(("httpRoute",)) == "httproute"
    assert cvk.suggest(("pvc", "size")) == "pvc.storage"
    assert cvk.suggest(("persistence", "size")) == "pvc.storage"
    assert cvk.suggest(("ingress", "pathType")) == "ingress.pathtype"
    assert cvk.suggest(("extraVolume",)) == "extraVolumes"
    assert cvk.suggest(("ingress", "hosts", "[]", "paths", "[]", "pth")) == (
        "ingress.hosts[].paths[].path"
    )
    assert cvk.suggest(("qqqqqq",)) is None


@pytest.mark.parametrize("version", ["0.1.22", "0.1.38", "0.1.39", "0.1.67", "0.1.68", "0.1.122"])
def test_chart_values_files_are_known(version: str) -> None:
    values_file = CHART_CORPUS / f"values-{version}.yaml"
    if not values_file.is_file():
        pytest.skip(NEEDS_SHARED)
    yaml = pytest.importorskip("yaml")
    problems: list[tuple[tuple[str | int, ...], str]] = []

    def walk(node: object, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                child = (*path, key)
                status = cvk.check_key(child, version)
                if status == "ok":
                    walk(value, child)
                elif status != "free":
                    problems.append((child, status))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*path, index))

    walk(yaml.safe_load(values_file.read_text()), ())
    assert problems == []
