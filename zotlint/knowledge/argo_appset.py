"""Argo CD ApplicationSet expansion: the Applications a static tool can know it generates.

Read from argoproj/argo-cd (applicationset/generators/{list,git,matrix,merge}.go,
applicationset/utils/utils.go):

* `list`: one parameter set per `elements` entry (`elementsYaml` is not expanded).
* `git` `files`: every repository file matching a `path` glob, parsed as YAML/JSON (a list gives
  one set per item); goTemplate gets the object as is plus `path` = {path, basename, filename,
  basenameNormalized, filenameNormalized, segments}; fasttemplate gets the object flattened with
  dots plus `path`, `path.basename`, `path.filename`, `path.basenameNormalized`,
  `path.filenameNormalized` and `path[N]`.
* `git` `directories`: every repository directory matching a `path` glob, minus those matching
  an `exclude: true` entry; goTemplate `path` = {path, basename, basenameNormalized, segments},
  fasttemplate `path`, `path.basename`, `path.basenameNormalized`, `path[N]`.
* `matrix`: the product of its two generators, the second one rendered with each parameter set
  of the first; `merge`: the first generator's sets, overridden by later sets with the same
  `mergeKeys` values.
* rendering: fasttemplate (`{{name}}`, an unknown name left as written) or, with
  `goTemplate: true`, Go templates; here only field references (`{{ .a.b }}`) and
  `{{ index .path.segments N }}` are evaluated. `templatePatch` is applied when it renders to YAML
  without template actions left (``zotlint.knowledge.argo_template``).

Any other generator (`cluster`, `clusters`, `scmProvider`, `pullRequest`, `plugin`,
`clusterDecisionResource`), a git generator naming files the scan does not hold, or a string that
does not render leaves the generated Applications unknown: ``Expansion.known`` is False and no
Application is produced (no finding is built on a guess).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import field
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.knowledge.argo_template import (
    Unknown,
    deep_merge,
    lookup,
    render,
    render_patch,
    render_string,
)
from zotlint.records import dataclass

MAX_APPS = 500  # per ApplicationSet: a matrix of two large generators stays bounded
_DNS_INVALID = re.compile(r"[^-a-z0-9.]")


@dataclass(frozen=True)
class Params:
    """One parameter set and where it comes from (the element or file a person edits)."""

    values: dict[str, Any]
    origin: Ref | None = None


@dataclass
class Expansion:
    known: bool
    apps: list[tuple[dict[str, Any], Params]] = field(default_factory=list)
    reason: str = ""


FileReader = Callable[[str], list[Document]]


def sanitize_name(name: str) -> str:
    """Argo CD `utils.SanitizeName`: lower case, invalid DNS characters to `-`, trimmed."""
    return _DNS_INVALID.sub("-", name.lower())[:253].strip("-.")


def expand(doc: Document, paths: Iterable[str], read: FileReader) -> Expansion:
    """The Applications ``doc`` (an ApplicationSet) generates, rendered; see the module doc."""
    data = doc.data if isinstance(doc.data, dict) else {}
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    template = spec.get("template")
    gens = spec.get("generators")
    if not isinstance(template, dict) or not isinstance(gens, list) or not gens:
        return Expansion(False, reason="no template or generators")
    go = spec.get("goTemplate") is True
    strict_missing = any(
        isinstance(o, str) and "missingkey=error" in o for o in spec.get("goTemplateOptions") or []
    )
    ctx = _Gen(doc, sorted(set(paths)), read, go)
    try:
        sets: list[Params] = []
        for i, g in enumerate(gens):
            sets.extend(ctx.generator(g, ("spec", "generators", i)))
            if len(sets) > MAX_APPS:
                raise Unknown("too many parameter sets")
        out = Expansion(True)
        patch = spec.get("templatePatch")
        for p in sets:
            app = render(template, p.values, go, strict_missing)
            if isinstance(patch, str) and go:
                app = deep_merge(app, render_patch(patch, p.values))
            out.apps.append((app, p))
        return out
    except Unknown as e:
        return Expansion(False, reason=str(e))


class _Gen:
    def __init__(self, doc: Document, paths: list[str], read: FileReader, go: bool) -> None:
        self.doc = doc
        self.paths = paths
        self.read = read
        self.go = go

    def generator(self, g: Any, at: Path, depth: int = 0) -> list[Params]:
        if not isinstance(g, dict) or depth > 3:
            raise Unknown("unreadable generator")
        sel = g.get("selector")
        kinds = [k for k in g if k != "selector"]
        if len(kinds) != 1:
            raise Unknown("unreadable generator")
        kind = kinds[0]
        body = g[kind]
        if not isinstance(body, dict):
            raise Unknown(f"unreadable {kind} generator")
        if kind == "list":
            out = self.list_(body, at + ("list",))
        elif kind == "git":
            out = self.git(body, at + ("git",))
        elif kind == "matrix":
            out = self.matrix(body, at + ("matrix",), depth)
        elif kind == "merge":
            out = self.merge(body, at + ("merge",), depth)
        else:
            raise Unknown(f"the {kind} generator is evaluated by Argo CD at runtime")
        return _select(out, sel)

    def list_(self, body: dict[str, Any], at: Path) -> list[Params]:
        elements = body.get("elements")
        if "elementsYaml" in body or not isinstance(elements, list):
            raise Unknown("list generator without static elements")
        out = []
        for i, el in enumerate(elements):
            if not isinstance(el, dict):
                raise Unknown("list element is not a map")
            vals = dict(el) if self.go else _flat_strings(el)
            if not self.go and "values" in el and isinstance(el["values"], dict):
                for k, v in _flat_strings(el["values"]).items():
                    vals[f"values.{k}"] = v
            out.append(Params(vals, self.doc.ref(at + ("elements", i))))
        return out

    def git(self, body: dict[str, Any], at: Path) -> list[Params]:
        out: list[Params] = []
        files = body.get("files")
        dirs = body.get("directories")
        if isinstance(files, list) and files:
            for f in files:
                pat = f.get("path") if isinstance(f, dict) else None
                if not isinstance(pat, str) or "{{" in pat:
                    raise Unknown("git files generator path")
                if isinstance(f, dict) and f.get("exclude") is True:
                    continue
                hits = [p for p in self.paths if _glob(pat, p)]
                if not hits:
                    raise Unknown(f"no file of the scan matches {pat!r}")
                for rel in hits:
                    out.extend(self._file_params(rel))
        elif isinstance(dirs, list) and dirs:
            include = [
                d["path"]
                for d in dirs
                if isinstance(d, dict)
                and isinstance(d.get("path"), str)
                and d.get("exclude") is not True
            ]
            exclude = [
                d["path"]
                for d in dirs
                if isinstance(d, dict)
                and isinstance(d.get("path"), str)
                and d.get("exclude") is True
            ]
            if any("{{" in p for p in include + exclude):
                raise Unknown("git directories generator path")
            all_dirs = sorted(
                {posixpath.dirname(p) for p in self.paths} - {""} | _parents(self.paths)
            )
            hits = [
                d
                for d in all_dirs
                if any(_glob(p, d) for p in include) and not any(_glob(p, d) for p in exclude)
            ]
            if not hits:
                raise Unknown("no directory of the scan matches the git generator")
            for d in hits:
                out.append(Params(self._path_params(d, None), self.doc.ref(at + ("directories",))))
        else:
            raise Unknown("git generator without files or directories")
        return out

    def _file_params(self, rel: str) -> list[Params]:
        docs = self.read(rel)
        if not docs:
            raise Unknown(f"{rel} cannot be read")
        out = []
        for d in docs:
            items = d.data if isinstance(d.data, list) else [d.data]
            for j, item in enumerate(items):
                if not isinstance(item, dict):
                    raise Unknown(f"{rel} holds no parameter map")
                base: dict[str, Any] = dict(item) if self.go else _flat_strings(item)
                base.update(self._path_params(posixpath.dirname(rel), rel))
                origin = d.ref((j,) if isinstance(d.data, list) else ())
                out.append(Params(base, origin))
        return out

    def _path_params(self, dirpath: str, file: str | None) -> dict[str, Any]:
        dirpath = dirpath or "."
        base = posixpath.basename(dirpath)
        segs = dirpath.split("/")
        if self.go:
            p: dict[str, Any] = {
                "path": dirpath,
                "basename": base,
                "basenameNormalized": sanitize_name(base),
                "segments": segs,
            }
            if file is not None:
                p["filename"] = posixpath.basename(file)
                p["filenameNormalized"] = sanitize_name(posixpath.basename(file))
            return {"path": p}
        out = {
            "path": dirpath,
            "path.basename": base,
            "path.basenameNormalized": sanitize_name(base),
        }
        if file is not None:
            out["path.filename"] = posixpath.basename(file)
            out["path.filenameNormalized"] = sanitize_name(posixpath.basename(file))
        for i, s in enumerate(segs):
            if s:
                out[f"path[{i}]"] = s
        return out

    def matrix(self, body: dict[str, Any], at: Path, depth: int) -> list[Params]:
        gens = body.get("generators")
        if not isinstance(gens, list) or len(gens) != 2:
            raise Unknown("a matrix generator takes two generators")
        out: list[Params] = []
        for p1 in self.generator(gens[0], at + ("generators", 0), depth + 1):
            second = render(gens[1], p1.values, self.go, False)
            for p2 in self.generator(second, at + ("generators", 1), depth + 1):
                out.append(Params({**p1.values, **p2.values}, p2.origin or p1.origin))
                if len(out) > MAX_APPS:
                    raise Unknown("too many parameter sets")
        return out

    def merge(self, body: dict[str, Any], at: Path, depth: int) -> list[Params]:
        gens = body.get("generators")
        keys = body.get("mergeKeys")
        if not isinstance(gens, list) or not gens or not isinstance(keys, list) or not keys:
            raise Unknown("a merge generator needs generators and mergeKeys")
        base = self.generator(gens[0], at + ("generators", 0), depth + 1)
        for i, g in enumerate(gens[1:], start=1):
            over = {
                _merge_key(p.values, keys): p
                for p in self.generator(g, at + ("generators", i), depth + 1)
            }
            merged = []
            for p in base:
                o = over.get(_merge_key(p.values, keys))
                merged.append(Params({**p.values, **o.values}, o.origin) if o else p)
            base = merged
        return base


def _merge_key(values: dict[str, Any], keys: list[Any]) -> tuple[str, ...]:
    return tuple(str(lookup(values, str(k).split("."), str(k))) for k in keys)


def _select(sets: list[Params], sel: Any) -> list[Params]:
    if sel is None:
        return sets
    if not isinstance(sel, dict) or set(sel) - {"matchLabels"}:
        raise Unknown("generator selector with expressions")
    labels = sel.get("matchLabels") or {}
    if not isinstance(labels, dict):
        raise Unknown("generator selector")
    return [p for p in sets if all(str(p.values.get(k)) == str(v) for k, v in labels.items())]


def _flat_strings(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flat_strings(v, key + "."))
        elif isinstance(v, list):
            continue
        elif isinstance(v, bool):
            out[key] = "true" if v else "false"
        else:
            out[key] = "" if v is None else str(v)
    return out


def _parents(paths: list[str]) -> set[str]:
    out: set[str] = set()
    for p in paths:
        d = posixpath.dirname(p)
        while d and d not in out:
            out.add(d)
            d = posixpath.dirname(d)
    return out


def _glob(pattern: str, rel: str) -> bool:
    """Go `path.Match` (a `*` stays inside one segment), plus `**` across segments (the files
    generator accepts doublestar patterns)."""
    pat = pattern.strip().lstrip("/")
    rx = ""
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**", i):
            rx += ".*"
            i += 2
            if i < len(pat) and pat[i] == "/":
                rx = rx[:-2] + "(?:.*/)?"
                i += 1
            continue
        if c == "*":
            rx += "[^/]*"
        elif c == "?":
            rx += "[^/]"
        elif c == "[":
            j = pat.find("]", i)
            if j < 0:
                return False
            rx += "[" + pat[i + 1 : j].replace("\\", "\\\\") + "]"
            i = j + 1
            continue
        else:
            rx += re.escape(c)
        i += 1
    return re.fullmatch(rx, rel) is not None


__all__ = ["MAX_APPS", "Expansion", "Params", "Unknown", "expand", "render_string", "sanitize_name"]
