"""What the repo shows of the secret files zot reads strictly (ZOT219), and what zot accepts.

zot reads an OpenID provider's `credentialsFile`, the LDAP `credentialsFile` and
`sessionKeysFile` with `readSecretFile` (`pkg/cli/server/root.go`, zot @6d19b445): viper (keys
lower-cased) and mapstructure (field names matched case-insensitively) decode the file into
`OpenIDCredentials{ClientID, ClientSecret}`, `LDAPCredentials{BindDN, BindPassword}` or
`SessionKeys{HashKey, EncryptKey}`; a file with no key, an unknown key, or — for the two
credentials files — a missing key stops zot at start.

``file_contents`` finds the content the repo gives such a file for one deployment: the chart's
`secretFiles`/`configFiles` entry, an ExternalSecret's `target.template.data` entry or the
ConfigMap item its `templateFrom` names, a Secret's `stringData`/`data` (base64-decoded), a
ConfigMap's `data`. ``literal_keys`` reads the top-level keys of that content, replacing Go
template actions (`{{ … }}`) by a neutral value first; a content whose keys are not literal
(a key built by a template, a `range`, the whole document from `toJson`) is unknown.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path, Ref
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.deployment import Deployment, Model
    from zotlint.model.links import StartFile
    from zotlint.project import Project


@dataclass(frozen=True, slots=True)
class FileShape:
    """The keys zot decodes one kind of secret file into (lower-case, as mapstructure
    compares), and whether a missing one stops zot (`checkUnsetFields`)."""

    label: str
    keys: tuple[str, ...]  # as zot's docs spell them
    required: bool

    def lower(self) -> frozenset[str]:
        return frozenset(k.lower() for k in self.keys)


OIDC = FileShape("OpenID credentialsFile", ("clientid", "clientsecret"), True)
LDAP = FileShape("LDAP credentialsFile", ("bindDN", "bindPassword"), True)
SESSION = FileShape("sessionKeysFile", ("hashKey", "encryptKey"), False)


def shape_of(file: StartFile) -> FileShape | None:
    if file.what == "sessionKeysFile":
        return SESSION
    if file.what == "ldap credentialsFile":
        return LDAP
    if file.provider is not None and file.what.endswith("credentialsFile"):
        return OIDC
    return None


@dataclass(frozen=True, slots=True)
class Content:
    """The text the repo gives a file zot reads, and where it is written."""

    text: str
    ref: Ref  # the key (template data key, Secret/ConfigMap data key, secretFiles key)
    where: str  # for messages: "ExternalSecret zot-oidc (target.template.data)"
    templated: bool  # a Go template (ESO): `{{ … }}` are filled in later
    certain: bool = True  # False: the Secret is tied to the deployment by name only


def file_contents(
    project: Project, model: Model, dep: Deployment, file: StartFile
) -> list[Content]:
    """Every content the repo shows for ``file`` as ``dep`` mounts it (usually one)."""
    from zotlint.model.links import follow, secret_volume_query  # the model: built on first use

    chain = follow(model, dep, file)
    key = chain.key
    if key is None:
        return []
    out: list[Content] = []
    if chain.chart_source is not None:
        path: Path = (chain.chart_source, key)
        text = dep.values.get(path)
        ref = dep.values.ref(path, "key")
        if isinstance(text, str) and ref is not None:
            out.append(Content(text, ref, f"the chart's {chain.chart_source}", False))
        return out
    query = None
    if chain.volume is not None and not chain.items_missing:
        query = secret_volume_query(dep, chain.volume)
    certain = chain.certain
    if query is None:
        out = _source_contents(project, chain.sources, key)
        return out if certain else [replace(c, certain=False) for c in out]
    # Volumes with equal queries have the same sources (zotlint.model.links): hundreds of
    # deployments of unknown namespace share one list of hundreds of ExternalSecrets, and
    # those matched by name only share the uncertain copies too.
    sources = chain.sources

    def contents() -> tuple[Content, ...]:
        found = _source_contents(project, sources, key)
        return tuple(found if certain else [replace(c, certain=False) for c in found])

    return list(
        project.cached(("zotlint.knowledge.credentials", "contents", query, key, certain), contents)
    )


def _source_contents(project: Project, sources: list[Any], key: str) -> list[Content]:
    out: list[Content] = []
    for src in sources:
        es = src.external_secret
        if es is not None:
            out.extend(_external_secret_contents(project, es, key))
        elif src.kind in ("secret", "config-map"):
            found = _from_object(src.ref.doc, key, src.kind == "config-map")
            if found is not None:
                out.append(found)
    return out


def _external_secret_contents(project: Project, es: Any, key: str) -> list[Content]:
    """What ``es`` gives for ``key``, read once per run: a deployment of unknown namespace
    links to every ExternalSecret of the name (hundreds in a big repository), and so does each
    deployment like it, which made ZOT219 quadratic. The ExternalSecret is kept beside its
    contents, so its id names it for as long as the memo lives."""
    memo_key = ("zotlint.knowledge.credentials", id(es), key)
    return es.doc.cached(memo_key, lambda: (es, _from_external_secret(project, es, key)))[1]


def _from_external_secret(project: Project, es: Any, key: str) -> list[Content]:
    name = es.name or "?"
    data_path = (*es.spec_path, "target", "template", "data")
    data = es.doc.get(data_path)
    if isinstance(data, dict) and isinstance(data.get(key), str):
        return [
            Content(
                data[key],
                es.doc.ref((*data_path, key), "key"),
                f"ExternalSecret {name} (target.template.data)",
                True,
            )
        ]
    out: list[Content] = []
    items = es.doc.get((*es.spec_path, "target", "template", "templateFrom"))
    for item in items if isinstance(items, list) else []:
        cm = item.get("configMap") if isinstance(item, dict) else None
        if not isinstance(cm, dict) or not isinstance(cm.get("name"), str):
            continue
        for entry in cm.get("items") or []:
            if not isinstance(entry, dict) or entry.get("key") != key:
                continue
            if entry.get("templateAs", "Values") != "Values":
                continue  # KeysAndValues: the keys come from the template itself
            for doc in _config_maps(project, cm["name"], es.scope.namespace):
                text = doc.get(("data", key))
                if isinstance(text, str):
                    out.append(
                        Content(
                            text,
                            doc.ref(("data", key), "key"),
                            f"ConfigMap {cm['name']} (templateFrom of ExternalSecret {name})",
                            True,
                        )
                    )
    return out


def _config_maps(project: Project, name: str, namespace: str | None) -> list[Document]:
    out = []
    for doc in project.documents(Kind.CONFIG_MAP):
        meta = doc.data.get("metadata") if isinstance(doc.data, dict) else None
        if not isinstance(meta, dict) or meta.get("name") != name:
            continue
        ns = meta.get("namespace")
        if namespace is None or ns is None or ns == namespace:
            out.append(doc)
    return out


def _from_object(doc: Document, key: str, config_map: bool) -> Content | None:
    kind = "ConfigMap" if config_map else "Secret"
    meta = doc.data.get("metadata") if isinstance(doc.data, dict) else None
    name = meta.get("name") if isinstance(meta, dict) else None
    sections = ("data",) if config_map else ("stringData", "data")
    for section in sections:
        text = doc.get((section, key))
        if not isinstance(text, str):
            continue
        if section == "data" and not config_map:
            decoded = _b64(text)
            if decoded is None:
                return None
            text = decoded
        return Content(text, doc.ref((section, key), "key"), f"{kind} {name} ({section})", False)
    return None


def _b64(raw: str) -> str | None:
    try:
        return base64.b64decode("".join(raw.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


_ACTION = lazy_compile(r"\{\{-?(?P<body>.*?)-?\}\}", re.DOTALL)
_CONTROL = lazy_compile(r"^\s*(?:range|if|else|with|define|template|block|end)\b")
_MAX_TEXT = 64 * 1024


def literal_keys(content: Content) -> list[str] | None:
    """The top-level keys of the content, as written, or None when they are not all literal
    (unknown: a template builds them, or the content is not one mapping)."""
    text = content.text
    if len(text) > _MAX_TEXT:
        return None
    if content.templated:
        if any(_CONTROL.match(m.group("body")) for m in _ACTION.finditer(text)):
            return None  # loops and conditions decide the keys at sync time
        text = _ACTION.sub("ZOTLINT_TEMPLATE_VALUE", text)
    return _top_level_keys(text)


def _top_level_keys(text: str) -> list[str] | None:
    """The keys of a JSON/YAML mapping as composed (never alias-expanded, within the loader's
    limits): a key that is not a plain scalar, a merge key or anything but one mapping is
    unknown."""
    from zotlint.source.yamlsrc import MappingNode, ScalarNode, YamlDoc, compose

    docs = list(compose(text))
    if len(docs) != 1 or not isinstance(docs[0], YamlDoc):
        return None  # not JSON or YAML (ZOT002's), several documents, or over a limit
    root = docs[0].root
    if not isinstance(root, MappingNode):
        return None
    keys: list[str] = []
    for knode, _ in root.value:
        if not isinstance(knode, ScalarNode) or knode.value == "<<":
            return None
        keys.append(str(knode.value))
    if any("ZOTLINT_TEMPLATE_VALUE" in k for k in keys):
        return None
    return keys
