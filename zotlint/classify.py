"""Decide what a document is from its content; file names only break ties (Chart.yaml)."""

from __future__ import annotations

import re
from typing import Any

from zotlint.document import Kind
from zotlint.lazyregex import lazy_compile

# Bytes that any document zotlint understands must contain. Files without any of them are not
# parsed at load (most files of a GitOps repo are other apps' values), which is what keeps a
# 10,000-file repo fast; the deployment model still parses a skipped file on demand when an
# Application or chart names it as a values file (Project.documents_at), and every skipped YAML
# file is still syntax-checked. Secret detection scans raw text separately.
#
# Matched in the lower-cased bytes: zot reads its config keys in any case, and one scan then
# covers every spelling (`externalUrl`, `externalURL`).
_KEYWORDS = (
    b"configfiles",
    b"mountconfig",
    b"mountsecret",
    b"secretfiles",
    b"secretstores",
    b"externalsecrets",
    b"externalurl",
    b"redirecturis",
    b"rootdirectory",
    b"distspecversion",
    b"hashkey",
    b"encryptkey",
    b"helmcharts",
    b"dependencies:",
)
# A Keycloak realm file: the key itself, not the word (other apps' values name realms in URLs).
_REALM = (b'"realm"', b"realm:")
# The word zot alone is weak: other apps' values mention it in network policies, image
# registries and hostnames (at 10,000 generated files it kept 1,100 files that no rule reads,
# half of all parsing). It keeps a file only in the shapes that make a document zot's: a
# manifest (`kind:` at the top level: zot's own Deployment, Service, Ingress, HPA), an umbrella
# chart's `zot:` key, an `image.repository` naming zot, or a zot config whose keys are written
# in another case (zot reads them case-insensitively).
# Top-level keys of a manifest or of a zot config (zot reads keys in any case), in the lower-cased
# bytes: at the start of a line in YAML, quoted anywhere in JSON.
_SHAPE_KEYS = tuple(
    k for key in (b"kind", b"storage", b"http") for k in (b"\n" + key + b":", b'"' + key + b'"')
)
_SHAPE_STARTS = (b"kind:", b"storage:", b"http:")
_KEY_END = re.compile(rb"[\"']?[ \t]*:")  # what follows a key
_REPOSITORY = re.compile(rb"repository[\"']?[ \t]*:")
_BLANK = b" \t\r\n"


def _zot_shaped(raw: bytes, low: bytes) -> bool:
    """A manifest, a zot config, an umbrella chart's `zot:` key (top level, or in a flow or JSON
    object) or an `image.repository` naming zot. Substring tests and a look around each `zot`
    (a handful per file): a regex that tries every offset cost more than parsing."""
    if low.startswith(_SHAPE_STARTS) or any(k in low for k in _SHAPE_KEYS):
        return True
    i = raw.find(b"zot")
    while i >= 0:
        line = raw.rfind(b"\n", 0, i) + 1
        if _REPOSITORY.search(raw, line, i) is not None:
            return True
        if _KEY_END.match(raw, i + 3) is not None:
            k = i - 1 if i > line and raw[i - 1] in b"\"'" else i  # the key's first character
            if k == line:
                return True  # a top-level key
            k -= 1
            while k >= 0 and raw[k] in _BLANK:
                k -= 1
            if k >= 0 and raw[k] in b"{,":
                return True  # a key of a flow mapping or JSON object
        i = raw.find(b"zot", i + 3)
    return False


# Custom resources count only as manifests of their API group: other apps' values name the
# groups in comments, RBAC rules and CRD options (the external-secrets and sealed-secrets charts'
# own values), and classify() ignores a kind without its group anyway.
# IAM (zotlint.iam): eksctl ClusterConfig, Crossplane and ACK IAM manifests.
_GROUPS = (
    b"external-secrets.io",
    b"argoproj.io",
    b"bitnami.com",
    b"helm.toolkit.fluxcd.io",
    b"source.toolkit.fluxcd.io",
    b"eksctl.io",
    b"iam.aws.upbound.io",
    b"iam.services.k8s.aws",
)  # lower case already
_API_VERSION = re.compile(
    rb"apiVersion[\"']?[ \t]*:[ \t]*[\"']?"
    rb"(?:external-secrets\.io|argoproj\.io|bitnami\.com|(?:helm|source)\.toolkit\.fluxcd\.io"
    rb"|eksctl\.io|iam\.aws\.upbound\.io|iam\.services\.k8s\.aws)/"
)
# Plain IAM JSON naming its role (zotlint.iam.rawjson): create-role / put-role-policy input,
# get-account-authorization-details output.
_IAM_JSON = (b"assumerolepolicydocument", b"policydocument", b"roledetaillist")
# Kinds named by a common word are confirmed with a regex only when the word occurs.
_KIND = lazy_compile(rb"kind:\s*[\"']?(?:Secret|ServiceAccount)\b")

_ZOT_VALUES_KEYS = ("configFiles", "mountConfig", "mountSecret", "secretFiles")
_KEYCLOAK_REALM_HINTS = ("clients", "clientScopes", "enabled", "id", "users", "roles")


def wants_parse(raw: bytes) -> bool:
    # Substring tests run at memchr speed; one alternation regex over every byte of every
    # file cost more than parsing the files it kept.
    low = raw.lower()  # a copy at memory speed, a twentieth of one substring scan
    if any(k in low for k in _KEYWORDS):
        return True
    if b"realm" in low and any(k in raw for k in _REALM):
        return True
    if any(g in low for g in _GROUPS) and _API_VERSION.search(raw) is not None:
        return True
    if (b"secret" in low or b"serviceaccount" in low) and _KIND.search(raw) is not None:
        return True
    if b'"rolename"' in low and any(k in low for k in _IAM_JSON):
        return True
    return b"zot" in low and _zot_shaped(raw, low)


def classify(data: Any, file_name: str = "") -> tuple[Kind, frozenset[Kind]]:
    """Primary kind and every kind the document also serves as.

    A values file can be zot chart values and hold the ESO wrapper lists too (umbrella charts);
    rules ask ``doc.is_a(kind)``.
    """
    if not isinstance(data, dict):
        return Kind.OTHER, frozenset()
    kind = data.get("kind")
    api = data.get("apiVersion")
    if isinstance(kind, str) and isinstance(api, str):
        k = _manifest_kind(kind, api)
        return k, frozenset({k})
    if file_name == "Chart.yaml" and "name" in data and ("version" in data or "apiVersion" in data):
        return Kind.HELM_CHART, frozenset({Kind.HELM_CHART})
    kinds: list[Kind] = []
    if is_zot_config(data):
        kinds.append(Kind.ZOT_CONFIG)
    if is_keycloak_realm(data):
        kinds.append(Kind.KEYCLOAK_REALM)
    if is_session_keys(data):
        kinds.append(Kind.SESSION_KEYS)
    if zot_values_root(data) is not None:
        kinds.append(Kind.ZOT_VALUES)
    if is_eso_list(data):
        kinds.append(Kind.ESO_LIST)
    if not kinds:
        return Kind.OTHER, frozenset()
    return kinds[0], frozenset(kinds)


def _manifest_kind(kind: str, api: str) -> Kind:
    group = api.split("/", 1)[0] if "/" in api else ""
    if group == "external-secrets.io":
        if kind in ("ExternalSecret", "ClusterExternalSecret"):
            return Kind.EXTERNAL_SECRET
        if kind in ("SecretStore", "ClusterSecretStore"):
            return Kind.SECRET_STORE
    if group == "" and api == "v1":
        if kind == "Secret":
            return Kind.SECRET
        if kind == "ConfigMap":
            return Kind.CONFIG_MAP
        if kind == "ServiceAccount":
            return Kind.SERVICE_ACCOUNT
    if kind == "SealedSecret" and group == "bitnami.com":
        return Kind.SEALED_SECRET
    if group == "argoproj.io":
        if kind == "Application":
            return Kind.ARGO_APP
        if kind == "ApplicationSet":
            return Kind.ARGO_APPSET
    if kind == "HelmRelease" and group == "helm.toolkit.fluxcd.io":
        return Kind.FLUX_HELM_RELEASE
    if kind == "KeycloakRealmImport":
        return Kind.KEYCLOAK_REALM
    if kind == "Kustomization" and group == "kustomize.config.k8s.io":
        return Kind.KUSTOMIZATION
    return Kind.K8S_OBJECT


def is_zot_config(data: Any) -> bool:
    """Zot's own config: `storage` and `http` (any case), or a `distSpecVersion`."""
    if not isinstance(data, dict):
        return False
    keys = {k.lower() for k in data if isinstance(k, str)}
    if "distspecversion" in keys:
        return True
    return "storage" in keys and "http" in keys and isinstance(_ci(data, "http"), dict)


def is_keycloak_realm(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("realm"), str):
        return False
    return any(h in data for h in _KEYCLOAK_REALM_HINTS)


def is_session_keys(data: Any) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    keys = {k.lower() for k in data if isinstance(k, str)}
    return keys <= {"hashkey", "encryptkey"} and len(keys) == len(data)


def zot_values_root(data: Any) -> tuple[str, ...] | None:
    """Path of the zot chart values inside a values document: () or ("zot",) for umbrellas."""
    if not isinstance(data, dict):
        return None
    if _looks_like_zot_values(data):
        return ()
    sub = data.get("zot")
    if isinstance(sub, dict) and (_looks_like_zot_values(sub) or _chart_shaped(sub)):
        return ("zot",)
    return None


def _looks_like_zot_values(data: dict[str, Any]) -> bool:
    if any(k in data for k in _ZOT_VALUES_KEYS):
        return True
    image = data.get("image")
    if isinstance(image, dict):
        repo = image.get("repository")
        if isinstance(repo, str) and "zot" in repo.rsplit("/", 1)[-1]:
            return True
    return False


def _chart_shaped(data: dict[str, Any]) -> bool:
    return any(k in data for k in ("ingress", "service", "persistence", "replicaCount", "image"))


def is_eso_list(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    stores = data.get("secretStores")
    if isinstance(stores, list) and any(
        isinstance(s, dict) and ("provider" in s or "type" in s) for s in stores
    ):
        return True
    ext = data.get("externalSecrets")
    return isinstance(ext, list) and any(
        isinstance(e, dict) and ("secretStoreRef" in e or "data" in e or "dataFrom" in e)
        for e in ext
    )


def _ci(data: dict[str, Any], key: str) -> Any:
    for k, v in data.items():
        if isinstance(k, str) and k.lower() == key:
            return v
    return None
