"""Documents held in a YAML string: the zot configs of a chart's `configFiles` and a ConfigMap's
`data`, parsed at load with their positions mapped into the host file."""

from __future__ import annotations

from typing import Any

from zotlint.classify import classify, is_zot_config, zot_values_root
from zotlint.document import Document, Kind, Path
from zotlint.source import yamlsrc
from zotlint.source.embedded_json import host_index, parse_limited
from zotlint.source.jsonpos import JsonSyntaxError
from zotlint.source.jsonpos import LimitExceeded as JsonLimit
from zotlint.source.loadedfile import LoadedFile, too_large
from zotlint.source.pathindex import PathIndex
from zotlint.source.problems import LimitExceeded, Limits, Problem, ProblemKind
from zotlint.source.scalarmap import map_scalar
from zotlint.source.text import Span


def embedded_candidates(doc: Document) -> list[tuple[Path, str]]:
    """Paths of string values that hold a zot config: chart `configFiles`, ConfigMap `data`."""
    found: list[tuple[Path, str]] = []
    if doc.is_a(Kind.ZOT_VALUES):
        root = zot_values_root(doc.data) or ()
        files = _get(doc.data, root + ("configFiles",))
        if isinstance(files, dict):
            for key, value in files.items():
                if isinstance(value, str):
                    found.append((root + ("configFiles", key), key))
    if doc.kind == Kind.CONFIG_MAP and isinstance(doc.data.get("data"), dict):
        for key, value in doc.data["data"].items():
            if isinstance(value, str) and key.lower().endswith((".json", ".yaml", ".yml")):
                found.append((("data", key), key))
    return found


def _get(data: Any, path: Path) -> Any:
    for p in path:
        if not isinstance(data, dict):
            return None
        data = data.get(p)
    return data


def add_embedded(out: LoadedFile, host: Document, limits: Limits) -> None:
    for path, key in embedded_candidates(host):
        value = _get(host.data, path)
        named_config = key in ("config.json", "config.yaml", "config.yml")
        if len(value) > limits.max_embedded_size:
            ks = host.span(path, "key")
            out.problems.append(
                too_large(
                    out.source, "max-embedded-size", len(value), limits.max_embedded_size, ks.start
                )
            )
            continue
        emb = parse_embedded(out, host, path, key, value, report_errors=named_config, limits=limits)
        if emb is None:
            continue
        if named_config or is_zot_config(emb.data):
            emb.kind = Kind.ZOT_CONFIG
            emb.kinds = frozenset({Kind.ZOT_CONFIG})
            emb.case_insensitive = True
            out.documents.append(emb)


def parse_embedded(
    out: LoadedFile,
    host: Document,
    path: Path,
    key: str,
    value: str,
    *,
    report_errors: bool,
    limits: Limits,
    text: str | None = None,
) -> Document | None:
    """Parse a document held in a YAML string scalar, with spans mapped into the host file.

    ``text``: what to parse instead of ``value``, of the same length (a template with its
    actions masked, see zotlint.model.offchart.gotemplate); positions still map through
    ``value``, which is what the host file holds."""
    if text is not None and len(text) != len(value):
        return None
    body = value if text is None else text
    if len(value) > limits.max_embedded_size:
        # _add_embedded reports this once; other callers (model, secret scan) just get nothing,
        # instead of an offset map of tens of megabytes per call.
        return None
    src = out.source
    style, start, raw_end = host.scalars.get(path, ("", -1, -1))
    vspan = host.span(path)
    # Only while this document is loaded: its index is mapped into the host file here, whole.
    offmap = map_scalar(src.text, start, raw_end, style, value) if start >= 0 else None

    def to_host(o: int, end: bool = False) -> int:
        if offmap is None:
            return vspan.end if end else vspan.start
        if end:
            return offmap[o - 1] + 1 if o > 0 else offmap[0]
        return offmap[min(o, len(value))]

    lower = key.lower()
    as_json = lower.endswith(".json") or (
        not lower.endswith((".yaml", ".yml")) and body.lstrip().startswith("{")
    )
    bound = len(src.text)
    if as_json:
        try:
            parsed = parse_limited(body, limits)
        except JsonSyntaxError as exc:
            if report_errors:
                out.problems.append(_syntax(out, path, to_host(exc.offset), exc.message))
            return None
        except JsonLimit as exc:
            out.problems.append(too_large(src, exc.limit, exc.value, exc.value, vspan.start))
            return None
        data = parsed.data
        index = host_index(parsed, offmap, len(value), vspan, bound)
        dups = [
            (
                p,
                Span(to_host(a.key_start), to_host(a.key_end, True)),
                Span(to_host(b.key_start), to_host(b.key_end, True)),
            )
            for p, a, b in parsed.duplicates
        ]
        syntax = "json"
    else:
        docs = list(yamlsrc.compose(body, limits))
        if not docs:
            return None
        first = docs[0]
        if isinstance(first, yamlsrc.YamlError) and first.limit:
            out.problems.append(too_large(src, first.limit, first.value, first.bound, vspan.start))
            return None
        if isinstance(first, yamlsrc.YamlError):
            if report_errors:
                out.problems.append(_syntax(out, path, to_host(first.offset), first.message))
            return None
        try:
            yamlsrc.to_data(first, body, limits, "&" in body)
        except LimitExceeded as exc:
            out.problems.append(too_large(src, exc.limit, exc.value, exc.bound, vspan.start))
            return None
        data = first.data
        index = PathIndex.of(
            {
                p: (
                    to_host(ks) if ks >= 0 else -1,
                    to_host(ke, True) if ks >= 0 else -1,
                    to_host(vs),
                    to_host(ve, True),
                )
                for p, (ks, ke, vs, ve) in first.index.items()
            },
            bound,
        )
        dups = [
            (p, Span(to_host(a[0]), to_host(a[1], True)), Span(to_host(b[0]), to_host(b[1], True)))
            for p, a, b in first.duplicates
        ]
        syntax = "yaml"
    kind, kinds = classify(data, key)
    emb = Document(
        source=src,
        kind=kind,
        kinds=kinds,
        data=data,
        index=index,
        syntax=syntax,
        number=host.number,
        parent=host,
        host_path=path,
        exact=offmap is not None,
    )
    emb.duplicates.extend(dups)
    return emb


def _syntax(out: LoadedFile, path: Path, start: int, message: str) -> Problem:
    """An embedded config zot would not parse, at its host-file offset ``start``."""
    identity = "syntax:" + "/".join(map(str, path))
    return Problem(ProblemKind.CONFIG_SYNTAX, out.source, Span(start, start + 1), message, identity)
