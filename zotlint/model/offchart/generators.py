"""kustomize `configMapGenerator` / `secretGenerator`: the objects they make and their keys.

Each entry makes one ConfigMap or Secret named `name` (plus a content hash suffix unless
`options.disableNameSuffixHash` or `generatorOptions.disableNameSuffixHash`; kustomize rewrites
references in the same build to the suffixed name, so a pod in the build names it without the
suffix, and rendered manifests name it with one). Keys: `files` (`path` → the file's base name,
`key=path` → `key`), `literals` (`KEY=value`), `envs` (one key per `KEY=value` line of the
file). With `behavior: merge` the keys add to a base's object of that name, so the key set is
not known in full here.

References: kubernetes-sigs/kustomize `api/types/configmapargs.go`,
`api/types/generatorargs.go`, `api/types/kvpairsources.go` (`files`, `literals`, `envs`,
`behavior`), `api/types/generatoroptions.go` (labels, annotations, disableNameSuffixHash),
`api/kv/kv.go` (`key=path` parsing, base name as key) and `api/hasher/hasher.go` (`Encode`: ten
characters of the hex SHA-256 with 0→g, 1→h, 3→k, a→m, e→t).
"""

from __future__ import annotations

import posixpath
from dataclasses import field
from typing import Any

from zotlint.document import Document, Kind, Path, Ref
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

# A name kustomize suffixed with its content hash: `zot-config-7f9hkm2bt5`.
_HASH_SUFFIX = lazy_compile(r"^(?P<base>.+)-[2456789bcdfghkmt]{10}$")
_ENV_LINE = lazy_compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=")


@dataclass(eq=False)
class GeneratedFile:
    key: str
    rel: str  # repository path of the file (resolved against the kustomization directory)
    ref: Ref  # the `files` entry


@dataclass(eq=False)
class Generated:
    """One object a kustomization generates."""

    kustomization: Document
    path: Path  # (generator key, index)
    name: str
    is_config_map: bool
    namespace: str | None
    files: list[GeneratedFile] = field(default_factory=list)
    literal_keys: list[str] = field(default_factory=list)
    env_files: list[str] = field(default_factory=list)  # repository paths
    keys_complete: bool = True  # False: `behavior: merge`, or an env file that was not read
    annotations: dict[str, Any] = field(default_factory=dict)
    hashed: bool = True

    @property
    def ref(self) -> Ref:
        return self.kustomization.ref(self.path + ("name",))

    def keys(self) -> frozenset[str] | None:
        if not self.keys_complete:
            return None
        return frozenset([f.key for f in self.files] + self.literal_keys)

    def file_for(self, key: str) -> GeneratedFile | None:
        return next((f for f in reversed(self.files) if f.key == key), None)


def unsuffixed(name: str) -> str | None:
    """The generator name behind a hash-suffixed object name, or None."""
    m = _HASH_SUFFIX.match(name)
    return m.group("base") if m else None


def read_generators(kdoc: Document, env_text: Any = None) -> list[Generated]:
    """Every generated ConfigMap/Secret of a kustomization. ``env_text(rel)`` returns the text
    of an `envs` file (None when it is not in the scan)."""
    data = kdoc.data if isinstance(kdoc.data, dict) else {}
    kdir = posixpath.dirname(kdoc.source.rel)
    opts = data.get("generatorOptions") if isinstance(data.get("generatorOptions"), dict) else {}
    base_ann = opts.get("annotations") if isinstance(opts.get("annotations"), dict) else {}
    base_labels = opts.get("labels") if isinstance(opts.get("labels"), dict) else {}
    kns = data.get("namespace") if isinstance(data.get("namespace"), str) else None
    out: list[Generated] = []
    for gen_key, is_cm in (("configMapGenerator", True), ("secretGenerator", False)):
        gens = data.get(gen_key)
        if not isinstance(gens, list):
            continue
        for i, g in enumerate(gens):
            if not isinstance(g, dict) or not isinstance(g.get("name"), str) or not g["name"]:
                continue
            own = g.get("options") if isinstance(g.get("options"), dict) else {}
            ann = {**base_labels, **base_ann}
            for k in ("labels", "annotations"):
                if isinstance(own.get(k), dict):
                    ann.update(own[k])
            ns = g.get("namespace") if isinstance(g.get("namespace"), str) else kns
            gen = Generated(
                kdoc,
                (gen_key, i),
                g["name"],
                is_cm,
                ns,
                annotations=ann,
                hashed=not (
                    own.get("disableNameSuffixHash") is True
                    or opts.get("disableNameSuffixHash") is True
                ),
            )
            if g.get("behavior") == "merge":
                gen.keys_complete = False
            files = g.get("files")
            if isinstance(files, list):
                for j, entry in enumerate(files):
                    if not isinstance(entry, str) or not entry.strip():
                        gen.keys_complete = False
                        continue
                    key, sep, path = entry.partition("=")
                    if not sep:
                        key, path = posixpath.basename(entry.strip()), entry
                    rel = posixpath.normpath(posixpath.join(kdir, path.strip()))
                    gen.files.append(
                        GeneratedFile(key.strip(), rel, kdoc.ref((gen_key, i, "files", j)))
                    )
            literals = g.get("literals")
            if isinstance(literals, list):
                for lit in literals:
                    if isinstance(lit, str) and "=" in lit:
                        gen.literal_keys.append(lit.split("=", 1)[0].strip())
                    else:
                        gen.keys_complete = False
            envs = list(g["envs"]) if isinstance(g.get("envs"), list) else []
            if isinstance(g.get("env"), str):
                envs.append(g["env"])
            for env in envs:
                if not isinstance(env, str):
                    gen.keys_complete = False
                    continue
                rel = posixpath.normpath(posixpath.join(kdir, env))
                gen.env_files.append(rel)
                text = env_text(rel) if env_text is not None else None
                if not isinstance(text, str):
                    gen.keys_complete = False
                    continue
                for line in text.splitlines():
                    m = _ENV_LINE.match(line)
                    if m and not line.lstrip().startswith("#"):
                        gen.literal_keys.append(m.group(1))
            out.append(gen)
    return out


def project_generators(project: Any) -> list[Generated]:
    """Every generated object of the project's kustomizations, read once per run."""

    def compute() -> list[Generated]:
        def env_text(rel: str) -> str | None:
            lf = project._by_rel.get(rel)
            return lf.source.text if lf is not None else None

        out: list[Generated] = []
        for kdoc in project.documents(Kind.KUSTOMIZATION):
            out += read_generators(kdoc, env_text)
        return out

    return project.cached(("zotlint.model.offchart.generators", "all"), compute)


def generators_of_file(project: Any, rel: str) -> list[tuple[Generated, GeneratedFile]]:
    """The generated objects (and their `files` entries) that take the file at ``rel``."""

    def compute() -> dict[str, list[tuple[Generated, GeneratedFile]]]:
        idx: dict[str, list[tuple[Generated, GeneratedFile]]] = {}
        for g in project_generators(project):
            for f in g.files:
                idx.setdefault(f.rel, []).append((g, f))
        return idx

    return project.cached(("zotlint.model.offchart.generators", "by-file"), compute).get(rel, [])


def apply_keys(ctx: Any) -> None:
    """Model build step (after the Secret index is built): give the generated ConfigMaps and
    Secrets the keys their `files`, `literals` and `envs` make, and their `files` entries as
    where the keys are written."""
    gens = {(id(g.kustomization), g.path): g for g in project_generators(ctx.project)}
    if not gens:
        return
    idx = ctx.model.secrets
    for group in (idx._secrets, idx._config_maps):
        for sources in group.values():
            for s in sources:
                if s.kind != "secret-generator":
                    continue
                g = gens.get((id(s.ref.doc), tuple(s.ref.path[:2])))
                if g is None:
                    continue
                s.keys = g.keys()
                s.keys_ref = g.kustomization.ref(g.path)
    idx._memo.clear()
