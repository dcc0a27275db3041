"""A generated GitOps repository with planted secrets and look-alikes at known lines.

Every secret is made up at build time from a seeded generator (nothing is copied from
anywhere); the same seed gives the same repository. Used by tests/test_secrets_corpus.py
(recall and false positives), tests/test_secrets_no_leak.py, and bench/secrets_compare.py.
"""

from __future__ import annotations

import base64
import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

_STANDIN_WORDS = (
    "xxx",
    "todo",
    "example",
    "replace",
    "changeme",
    "placeholder",
    "dummy",
    "redacted",
    "fixme",
    "test",
    "foo",
    "your",
)


@dataclass(frozen=True)
class Item:
    kind: str
    file: str
    line: int
    value: str
    rule: str = ""  # the ZOT3xx rule expected to report a planted item
    also: tuple[int, ...] = ()  # other lines a tool may fairly report it on (a block's key)


@dataclass
class Corpus:
    root: Path
    planted: list[Item] = field(default_factory=list)
    decoys: list[Item] = field(default_factory=list)

    def secret_values(self) -> list[str]:
        """Every planted value and every piece of it that could be printed on its own."""
        out = []
        for p in self.planted:
            if not p.value:
                continue
            out.append(p.value)
            out.extend(
                ln.strip()
                for ln in p.value.splitlines()
                if len(ln.strip()) >= 12 and "-----" not in ln
            )
        return out


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def _clean(self, make: object) -> str:
        while True:
            v = make()  # type: ignore[operator]
            if not any(w in v.lower() for w in _STANDIN_WORDS):
                return v

    def chars(self, alphabet: str, n: int) -> str:
        return self._clean(lambda: "".join(self.r.choice(alphabet) for _ in range(n)))

    def alnum(self, n: int) -> str:
        return self.chars(string.ascii_letters + string.digits, n)

    def hex(self, n: int) -> str:
        return self.chars("0123456789abcdef", n)

    def b64(self, n: int) -> str:
        return self.chars(string.ascii_letters + string.digits + "+/", n)

    def password(self) -> str:
        body = self.chars(string.ascii_letters + string.digits, 14)
        return body[:5] + self.r.choice("!#%&*+-") + body[5:] + self.r.choice("!#%&*+-")

    def bcrypt(self) -> str:
        return "$2y$10$" + self.chars("./" + string.ascii_letters + string.digits, 53)

    def apr1(self) -> str:
        alpha = "./" + string.ascii_letters + string.digits
        return "$apr1$" + self.chars(alpha, 8) + "$" + self.chars(alpha, 22)

    def aws_id(self) -> str:
        return "AKIA" + self.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)

    def aws_secret(self) -> str:
        return self.b64(40)

    def zak(self) -> str:
        return "zak_" + self.hex(32)

    def ghp(self) -> str:
        return "ghp_" + self.alnum(36)

    def glpat(self) -> str:
        return "glpat-" + self.chars(string.ascii_letters + string.digits + "_-", 20)

    def jwt(self) -> str:
        def enc(b: bytes) -> str:
            return base64.urlsafe_b64encode(b).decode().rstrip("=")

        head = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = enc(
            json.dumps(
                {"sub": self.alnum(10), "iat": self.r.randint(10**9, 2 * 10**9), "role": "pusher"}
            ).encode()
        )
        return f"{head}.{body}.{enc(self.r.randbytes(32))}"

    def private_key(self) -> str:
        body = base64.b64encode(self.r.randbytes(600)).decode()
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        return "\n".join(
            ["-----BEGIN RSA PRIVATE KEY-----", *lines, "-----END RSA PRIVATE KEY-----"]
        )


class _File:
    def __init__(self, corpus: Corpus, rel: str) -> None:
        self.corpus = corpus
        self.rel = rel
        self.lines: list[str] = []

    def add(
        self,
        line: str = "",
        *,
        secret: tuple[str, str, str] | None = None,
        decoy: tuple[str, str] | None = None,
    ) -> _File:
        """``secret``: (kind, value, rule) planted on this line; ``decoy``: (kind, value)."""
        self.lines.append(line)
        n = len(self.lines)
        if secret is not None:
            self.corpus.planted.append(Item(secret[0], self.rel, n, secret[1], secret[2]))
        if decoy is not None:
            self.corpus.decoys.append(Item(decoy[0], self.rel, n, decoy[1]))
        return self

    def block(self, text: str) -> _File:
        for ln in text.split("\n"):
            self.add(ln)
        return self

    def write(self) -> None:
        path = self.corpus.root / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def build(root: Path, seed: int = 20240601) -> Corpus:
    g = _Gen(seed)
    c = Corpus(root)

    # -- chart values with an embedded config.json (inline client secret) and htpasswd ----
    cs_inline = g.alnum(32)
    bcrypt = g.bcrypt()
    sha_digest = "sha256:" + g.hex(64)
    f = _File(c, "apps/zot/values.yaml")
    f.add("image:").add("  repository: ghcr.io/project-zot/zot-linux-amd64")
    f.add(f"  digest: {sha_digest}", decoy=("image digest", sha_digest))
    f.add("mountConfig: true").add("configFiles:").add("  config.json: |-").add("    {")
    f.add('      "storage": {"rootDirectory": "/var/lib/registry"},')
    f.add('      "http": {"address": "0.0.0.0", "port": "5000",')
    f.add('        "externalUrl": "https://registry.example.com",')
    f.add('        "auth": {"htpasswd": {"path": "/secret/htpasswd"},')
    f.add(
        '          "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main",'
    )
    f.add(
        f'            "clientid": "zot", "clientsecret": "{cs_inline}",',
        secret=("OIDC client secret (embedded config.json)", cs_inline, "ZOT301"),
    )
    f.add('            "scopes": ["openid", "email"]}}}}}')
    f.add("    }")
    f.add("mountSecret: true").add("secretFiles:").add("  htpasswd: |-")
    f.add(f"    pusher:{bcrypt}", secret=("htpasswd bcrypt entry", bcrypt, "ZOT302"))
    f.add("podAnnotations:")
    cks = g.hex(64)
    f.add(f"  checksum/secret: {cks}", decoy=("checksum annotation", cks))
    f.write()

    # -- a second deployment keeping the chart's default htpasswd -------------------------
    f = _File(c, "apps/zot-dev/values.yaml")
    f.add("mountConfig: false")
    f.add("mountSecret: true", secret=("chart default htpasswd merged", "", "ZOT302"))
    f.add("service:").add("  type: ClusterIP")
    f.write()

    # -- credentials and session key files --------------------------------------------------
    cs_file = g.alnum(32)
    f = _File(c, "apps/zot/secrets/credentials.json")
    f.add("{").add('  "clientid": "zot",')
    f.add(
        f'  "clientsecret": "{cs_file}"',
        secret=("OIDC client secret (credentials file)", cs_file, "ZOT301"),
    )
    f.add("}")
    f.write()
    hk, ek = g.b64(64), g.b64(32)
    f = _File(c, "apps/zot/secrets/sessionKeys.json")
    f.add("{")
    f.add(f'  "hashKey": "{hk}",', secret=("session hashKey", hk, "ZOT304"))
    f.add(f'  "encryptKey": "{ek}"', secret=("session encryptKey", ek, "ZOT304"))
    f.add("}")
    f.write()

    # -- Kubernetes Secrets ------------------------------------------------------------------
    pw = g.password()
    f = _File(c, "apps/zot/manifests/secret.yaml")
    f.block("apiVersion: v1\nkind: Secret\nmetadata:\n  name: zot-admin\ntype: Opaque\nstringData:")
    f.add("  username: admin")
    f.add(f"  password: {pw}", secret=("Secret stringData password", pw, "ZOT303"))
    f.write()
    raw = g.alnum(24)
    enc = base64.b64encode(raw.encode()).decode()
    f = _File(c, "apps/registry-mirror/secret.yaml")
    f.block("apiVersion: v1\nkind: Secret\nmetadata:\n  name: mirror-token\ndata:")
    f.add(f"  token: {enc}", secret=("Secret data token (base64)", enc, "ZOT303"))
    f.write()

    # -- ExternalSecret template with literal session keys (and a templated credential) ------
    hk2, ek2 = g.b64(48), g.b64(32)
    f = _File(c, "apps/zot/manifests/externalsecret.yaml")
    f.block(
        "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n"
        "  name: zot-session\nspec:\n  secretStoreRef:\n    name: aws\n    kind: SecretStore\n"
        "  target:\n    name: zot-session\n    template:\n      data:"
    )
    f.add(
        '        credentials.json: \'{"clientid": "zot", "clientsecret": "{{ .clientsecret }}"}\'',
        decoy=("ESO template placeholder", "{{ .clientsecret }}"),
    )
    f.add("        sessionKeys.json: |")
    f.add("          {")
    f.add(
        f'            "hashKey": "{hk2}",', secret=("session hashKey (ESO template)", hk2, "ZOT304")
    )
    f.add(
        f'            "encryptKey": "{ek2}"',
        secret=("session encryptKey (ESO template)", ek2, "ZOT304"),
    )
    f.add("          }")
    f.add("  data:").add("    - secretKey: clientsecret", decoy=("secretKey name", "clientsecret"))
    f.add("      remoteRef:").add("        key: core-platform/zot/oidc-client-secret")
    f.write()

    # -- Keycloak realm export ---------------------------------------------------------------
    kc = g.alnum(32)
    f = _File(c, "keycloak/realm-main.json")
    f.add("{").add('  "realm": "main",').add('  "enabled": true,').add('  "clients": [')
    f.add("    {").add('      "clientId": "zot",').add('      "publicClient": false,')
    f.add(f'      "secret": "{kc}",', secret=("Keycloak client secret", kc, "ZOT301"))
    f.add('      "redirectUris": ["https://registry.example.com/zot/auth/callback/oidc"]')
    f.add("    },").add("    {").add('      "clientId": "grafana",')
    f.add('      "secret": "**********",', decoy=("masked Keycloak secret", "**********"))
    f.add('      "redirectUris": ["https://grafana.example.com/*"]').add("    },")
    f.add("    {").add('      "clientId": "argocd",')
    f.add(
        '      "secret": "${vault.argocd_client_secret}"',
        decoy=("Keycloak vault reference", "${vault.argocd_client_secret}"),
    )
    f.add("    }").add("  ]").add("}")
    f.write()

    # -- .env ------------------------------------------------------------------------------
    aws_id, aws_secret, dbpw, zak = g.aws_id(), g.aws_secret(), g.password(), g.zak()
    f = _File(c, "deploy/.env")
    f.add("# deployment settings")
    f.add(f"AWS_ACCESS_KEY_ID={aws_id}", secret=("AWS access key ID", aws_id, "ZOT305"))
    f.add(
        f"AWS_SECRET_ACCESS_KEY={aws_secret}",
        secret=("AWS secret access key", aws_secret, "ZOT305"),
    )
    f.add(f"DB_PASSWORD='{dbpw}'", secret=("password in .env", dbpw, "ZOT305"))
    f.add(f"ZOT_PUSH_KEY={zak}", secret=("zot API key", zak, "ZOT305"))
    f.add("REGISTRY_PASSWORD=${REGISTRY_PASSWORD}", decoy=("env reference", "${REGISTRY_PASSWORD}"))
    f.add("ADMIN_TOKEN=changeme", decoy=("changeme", "changeme"))
    f.add("SECRET_KEY_REF=zot-admin", decoy=("secret reference name", "zot-admin"))
    f.write()

    # -- Markdown runbook -------------------------------------------------------------------
    ghp = g.ghp()
    url_pw = g.alnum(18)
    f = _File(c, "docs/runbook.md")
    f.add("# Pushing images").add("")
    f.add("The password: lives in the vault, ask the platform team.")
    f.add("").add("```sh")
    f.add(f"export GITHUB_TOKEN={ghp}", secret=("GitHub token", ghp, "ZOT305"))
    f.add(
        f"git clone https://deploy:{url_pw}@git.example.com/platform/zot.git",
        secret=("password in URL", url_pw, "ZOT305"),
    )
    f.add("export ZOT_PASSWORD=<your password>", decoy=("angle placeholder", "<your password>"))
    f.add("```")
    f.add("")
    commit = g.hex(40)
    f.add(f"Fixed in commit {commit}.", decoy=("git SHA", commit))
    f.write()

    # -- another app's values (not parsed: no zot keywords), private key and GitLab token ----
    key = g.private_key()
    glpat = g.glpat()
    f = _File(c, "apps/builder/values.yaml")
    f.add("replicaCount: 2").add("runner:")
    f.add(f"  registrationToken: {glpat}", secret=("GitLab token", glpat, "ZOT305"))
    f.add("ssh:").add("  privateKey: |")
    lines = key.split("\n")
    f.add("    " + lines[0], secret=("private key block", key, "ZOT305"))
    last = c.planted.pop()
    c.planted.append(
        Item(last.kind, last.file, last.line, last.value, last.rule, also=(last.line - 1,))
    )
    for ln in lines[1:]:
        f.add("    " + ln)
    rev = g.hex(40)
    f.add(f"revision: {rev}", decoy=("git SHA", rev))
    uid = f"{g.hex(8)}-{g.hex(4)}-4{g.hex(3)}-a{g.hex(3)}-{g.hex(12)}"
    f.add(f"installId: {uid}", decoy=("UUID", uid))
    f.add(
        "roleArn: arn:aws:iam::123456789012:role/builder",
        decoy=("ARN", "arn:aws:iam::123456789012:role/builder"),
    )
    f.add("existingSecret: builder-credentials", decoy=("secret name", "builder-credentials"))
    f.add("passwordKey: password", decoy=("passwordKey", "password"))
    f.add("tokenUrl: https://auth.example.com/token", decoy=("tokenUrl", ""))
    f.add(
        "clientSecretFile: /etc/builder/client-secret",
        decoy=("clientSecretFile", "/etc/builder/client-secret"),
    )
    f.add('apiKey: "{{ .Values.apiKey }}"', decoy=("Helm template", "{{ .Values.apiKey }}"))
    f.add("token: xxxxxxxxxxxxxxxxxxxxxxxx", decoy=("xxx", "xxxxxxxxxxxxxxxxxxxxxxxx"))
    f.add("password: aaaaaaaaaaaaaaaa", decoy=("repeated", "aaaaaaaaaaaaaaaa"))
    f.add(
        "secret: ENC[AES256_GCM,data:Zm9vYmFy,iv:cXV4,tag:YmF6,type:str]",
        decoy=("SOPS", "ENC[AES256_GCM,data:Zm9vYmFy,iv:cXV4,tag:YmF6,type:str]"),
    )
    f.add(
        "bindPassword: <path:kv/data/ldap#password>", decoy=("AVP", "<path:kv/data/ldap#password>")
    )
    f.add("awsKeyId: AKIAIOSFODNN7EXAMPLE", decoy=("AWS doc example", "AKIAIOSFODNN7EXAMPLE"))
    f.add(
        "pushToken: zak_00000000000000000000000000000000",
        decoy=("zero zak", "zak_00000000000000000000000000000000"),
    )
    f.add("cacheUrl: redis://default:password@redis:6379/0", decoy=("URL placeholder", "password"))
    dig = g.hex(64)
    f.add(f"sidecar: docker://alpine:3.19@sha256:{dig}", decoy=("image ref with digest", dig))
    f.add("placeholderKey: |").add("  -----BEGIN PRIVATE KEY-----")
    f.add("  ...", decoy=("private key stand-in", "..."))
    f.add("  -----END PRIVATE KEY-----")
    f.write()

    # -- a JWT in a text file -----------------------------------------------------------------
    jwt = g.jwt()
    f = _File(c, "ops/curl-examples.txt")
    f.add("curl -H 'Accept: application/json' \\")
    f.add(f"  -H 'Authorization: Bearer {jwt}' \\", secret=("JWT", jwt, "ZOT305"))
    f.add("  https://registry.example.com/v2/_catalog")
    f.write()

    # -- an htpasswd file with an entry zot cannot verify ------------------------------------
    apr1 = g.apr1()
    f = _File(c, "apps/zot/secrets/users.htpasswd")
    f.add(f"legacy:{apr1}", secret=("htpasswd apr1 entry", apr1, "ZOT302"))
    f.write()

    # -- look-alikes that must stay quiet ----------------------------------------------------
    f = _File(c, "apps/zot/manifests/sealedsecret.yaml")
    f.block(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: zot-htpasswd\n"
        "spec:\n  encryptedData:"
    )
    sealed = g.b64(120)
    f.add(f"    htpasswd: Ag{sealed}", decoy=("sealed value", "Ag" + sealed))
    f.write()
    f = _File(c, "apps/zot/manifests/repo-secret.yaml")
    f.block(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: zot-repo\n  labels:\n"
        "    argocd.argoproj.io/secret-type: repository\nstringData:\n  type: helm\n"
        "  name: zot"
    )
    f.add("  url: https://zotregistry.dev/helm-charts", decoy=("Argo repo url", ""))
    f.write()
    f = _File(c, "apps/zot/manifests/avp-secret.yaml")
    f.block("apiVersion: v1\nkind: Secret\nmetadata:\n  name: zot-avp\nstringData:")
    f.add(
        "  password: <path:secret/data/zot#password>",
        decoy=("AVP placeholder", "<path:secret/data/zot#password>"),
    )
    f.write()
    f = _File(c, "chart/Chart.yaml")
    f.block("apiVersion: v2\nname: zot-wrapper\nversion: 0.1.0")
    f.write()
    f = _File(c, "chart/templates/secret.yaml")
    f.block("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata:")
    f.add("  password: {{ .Values.password | b64enc }}", decoy=("Helm template", ""))
    f.write()
    f = _File(c, "argocd/zot.yaml")
    f.block(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: zot\n"
        "spec:\n  source:\n    repoURL: https://zotregistry.dev/helm-charts\n    chart: zot"
    )
    f.add(f"    targetRevision: {commit}", decoy=("git SHA", commit))
    f.block("  destination:\n    namespace: zot")
    f.write()
    return c
