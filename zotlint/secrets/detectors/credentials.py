"""A value under a key that names a credential (RULES.md ZOT301, ZOT305): an OIDC client
secret, a random-looking value under `password`, `token`, `apiKey`…, zot's S3 `secretkey`."""

from __future__ import annotations

from zotlint.document import Document, Kind, Path
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import DetectionKind
from zotlint.secrets.entropy import is_path, looks_random
from zotlint.secrets.keys import credential_key, is_aws_secret_key
from zotlint.secrets.placeholder import is_placeholder

_LABELS = {
    "password": "password",
    "passwd": "password",
    "pwd": "password",
    "bindpassword": "LDAP bind password",
    "passphrase": "passphrase",
    "apikey": "API key",
    "apitoken": "API token",
    "apisecret": "API secret",
    "accesskey": "access key",
    "privatekey": "private key",
    "auth": "credential",
    "credential": "credential",
    "secret": "secret",
    "secretid": "secret ID",
}


def keyed(scan: FileScan, doc: Document, path: Path, key: str, value: str) -> None:
    """A string under ``key`` at ``path``."""
    name = credential_key(key)
    if name is None:
        # zot's S3 driver names its secret `secretkey`, the word ESO uses for a key name;
        # only inside a zot storage driver is it the AWS secret access key.
        if (
            key.lower() == "secretkey"
            and doc.is_a(Kind.ZOT_CONFIG)
            and any(str(p).lower() == "storagedriver" for p in path)
            and looks_random(value, key)
        ):
            scan.add(DetectionKind.S3_SECRET_KEY, doc, path, "S3 secret access key", value, key=key)
        return
    if name == "clientsecret":
        if client_secret_value(value, key):
            scan.add(
                DetectionKind.OIDC_CLIENT_SECRET,
                doc,
                path,
                "OIDC client secret",
                value,
                key=key,
                zot=_zots(doc, key),
            )
        return
    if looks_random(value, key):
        scan.add(
            DetectionKind.KEYED_CREDENTIAL, doc, path, credential_label(key, value), value, key=key
        )


def client_secret_value(value: str, key: str) -> bool:
    """A non-empty OIDC client secret: not a placeholder, not a file path (a path there is a
    misconfiguration, not a secret), at least 4 characters."""
    v = value.strip()
    if len(v) < 4 or is_placeholder(v, key):
        return False
    return not is_path(v)


def credential_label(key: str, value: str) -> str:
    """What to call the credential under ``key`` in a message."""
    name = credential_key(key) or ""
    if is_aws_secret_key(key):
        return "AWS secret access key" if len(value) == 40 else "secret access key"
    if name.endswith("token"):
        return "token"
    if name.endswith(("password", "passwd")):
        return _LABELS.get(name, "password")
    return _LABELS.get(name, "secret")


def _zots(doc: Document, key: str) -> bool:
    """Whether a client secret is zot's: in a zot config or zot's chart values (or a document
    embedded in them), or spelled as zot's credentials file spells it (`clientsecret`)."""
    if key == "clientsecret":
        return True
    d: Document | None = doc
    while d is not None:
        if d.is_a(Kind.ZOT_CONFIG) or d.is_a(Kind.ZOT_VALUES):
            return True
        d = d.parent
    return False
