"""One file -> its documents (embedded ones included) and the input problems found on the way."""

from __future__ import annotations

import os
import zlib
from dataclasses import field
from typing import Any

from zotlint.classify import classify, is_zot_config, wants_parse, zot_values_root
from zotlint.document import Document, Kind, Path
from zotlint.files.helm import plain_documents
from zotlint.records import dataclass
from zotlint.safeio import read_file
from zotlint.source import wire, yamlsrc
from zotlint.source.embedded_json import host_index, parse_limited
from zotlint.source.jsonpos import JsonSyntaxError
from zotlint.source.jsonpos import LimitExceeded as JsonLimit
from zotlint.source.pathindex import PathIndex
from zotlint.source.problems import (
    PATH_STEPS_PER_NODE,
    LimitExceeded,
    Limits,
    Problem,
    ProblemKind,
)
from zotlint.source.scalarmap import map_scalar
from zotlint.source.text import SourceFile, Span

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
PARSED_SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES


@dataclass(slots=True)
class LoadedFile:
    source: SourceFile
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = False
    # Not parsed, and the secrets text pass, run in a worker, found nothing in it.
    secrets_clean: bool = False
    # A file of a Helm chart's `templates/`: only its plain documents are read
    # (zotlint.files.helm.plain_documents).
    helm_template: bool = False

    @property
    def yaml_text(self) -> str:
        """What YAML reads of the file: its text, templated documents blanked in a chart's
        templates (same length: offsets, lines and columns are the file's)."""
        return plain_documents(self.source.text) if self.helm_template else self.source.text


def read_bytes(
    path: str | os.PathLike[str], limit: int, identity: tuple[int, int] | None = None
) -> bytes:
    """At most ``limit`` bytes of a file found by the walk, through zotlint.safeio: no symlink,
    no FIFO or device, and the same file (``identity``: st_dev, st_ino) the walk saw."""
    return read_file(path, limit, identity=identity)


# What a worker process found out about a file before this one reads it (zotlint.source.unparsed):
# its length and CRC-32 (the answer counts only for the same bytes), whether to parse it, for a
# file not parsed its YAML syntax errors and whether the secrets text pass finds anything, and
# for a parsed one its documents and problems (zotlint.source.wire: a blob in the worker, decoded
# when this process takes it; None: parse it here).
Verdict = tuple[int, int, bool, list[tuple[int, str]], bool, Any]


def decode(rel: str, raw: bytes) -> tuple[SourceFile | None, Problem | None]:
    """Bytes -> text. Binary or undecodable input is a problem, never an exception."""
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0:
        src = SourceFile(rel, "")
        return None, Problem(
            ProblemKind.UNDECODABLE,
            src,
            Span(0, 0),
            f"binary content (NUL byte at byte {nul}); file skipped",
            identity="binary",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        src = SourceFile(rel, good + raw[exc.start :].decode("utf-8", errors="replace"))
        return None, Problem(
            ProblemKind.UNDECODABLE,
            src,
            Span(len(good), len(good) + 1),
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); file skipped",
            identity="utf8",
        )
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    return SourceFile(rel, text, had_bom=bom), None


def load(
    rel: str,
    raw: bytes,
    limits: Limits,
    *,
    force: bool = False,
    verdict: Verdict | None = None,
    helm_template: bool = False,
) -> LoadedFile:
    """Parse a candidate file. ``force`` skips the keyword pre-filter (explicit file arguments
    and tests). ``verdict``: a worker's answers for these bytes (zotlint.source.unparsed),
    taken instead of the pre-filter, the syntax check and the secrets pre-check, and for a
    file the worker parsed, instead of parsing it.
    ``helm_template``: a file of a chart's `templates/` (see LoadedFile.yaml_text)."""
    if verdict is not None and (verdict[0] != len(raw) or verdict[1] != zlib.crc32(raw)):
        verdict = None  # the file changed between the two reads
    src, problem = decode(rel, raw)
    if src is None:
        assert problem is not None
        return LoadedFile(problem.source, problems=[problem])
    out = LoadedFile(src, helm_template=helm_template)
    lower = rel.lower()
    if len(raw) > limits.max_file_size:
        out.problems.append(_too_large(src, "max-file-size", len(raw), limits.max_file_size))
        return out
    if verdict is not None and not verdict[2]:
        add_syntax_errors(out, verdict[3])
        out.secrets_clean = not verdict[4]
        return out
    if verdict is not None and verdict[5] is not None:  # parsed by the worker
        out.documents, out.problems = wire.rebuild(src, verdict[5])
        out.parsed = True
        return out
    if not lower.endswith(PARSED_SUFFIXES):
        return out
    if not (force or (verdict[2] if verdict is not None else wants_parse(raw))):
        if lower.endswith(YAML_SUFFIXES):
            errors = yamlsrc.syntax_errors(out.yaml_text, limits)
            add_syntax_errors(out, [(e.offset, e.message) for e in errors])
        return out
    out.parsed = True
    name = os.path.basename(rel)
    if lower.endswith(JSON_SUFFIXES):
        _load_json(out, name, limits)
    else:
        _load_yaml(out, name, limits)
    return out


def add_syntax_errors(lf: LoadedFile, errors: list[tuple[int, str]]) -> None:
    """YAML syntax problems for (offset, message) pairs from yamlsrc.syntax_errors."""
    for offset, message in errors:
        lf.problems.append(
            Problem(ProblemKind.YAML_SYNTAX, lf.source, Span(offset, offset), message, "syntax")
        )


def parse_deferred(lf: LoadedFile, limits: Limits) -> list[Document]:
    """The top-level documents of a file the keyword pre-filter left unparsed, for a caller that
    needs it after all (a values file an Application names). They are returned, never added to
    ``lf``: what every rule sees of a file must not depend on which rule asked first. Parse
    problems are dropped; the caller treats a file without documents as unreadable."""
    if lf.parsed or not lf.source.text:
        return [d for d in lf.documents if d.parent is None]
    rel = lf.source.rel
    lower = rel.lower()
    if not lower.endswith(PARSED_SUFFIXES):
        return []
    scratch = LoadedFile(lf.source, parsed=True, helm_template=lf.helm_template)
    name = os.path.basename(rel)
    if lower.endswith(JSON_SUFFIXES):
        _load_json(scratch, name, limits)
    else:
        _load_yaml(scratch, name, limits)
    return [d for d in scratch.documents if d.parent is None]


def _too_large(src: SourceFile, limit: str, value: int, bound: int, offset: int = 0) -> Problem:
    what = {
        "max-file-size": f"file is {value:,} bytes, over the {bound:,}-byte limit",
        "max-nodes": f"document expands to more than {bound:,} nodes (alias expansion counted)",
        "max-depth": f"nesting deeper than {bound} levels",
        "max-embedded-size": f"embedded document is {value:,} characters, over {bound:,}",
        "max-nodes-depth": f"nodes times their nesting depth add up to more than {bound:,} "
        f"(a document both deep and wide; the budget is {PATH_STEPS_PER_NODE} x max-nodes)",
    }[limit]
    # The depth-weighted budget is raised through max-nodes, so that is the limit to name.
    name = "max-nodes" if limit == "max-nodes-depth" else limit
    return Problem(
        ProblemKind.SKIPPED, src, Span(offset, offset), f"{what} ({name}); skipped", name
    )


def _load_yaml(out: LoadedFile, name: str, limits: Limits) -> None:
    src = out.source
    text = out.yaml_text
    has_aliases = "&" in text and "*" in text
    for item in yamlsrc.compose(text, limits):
        if isinstance(item, yamlsrc.YamlError):
            if item.limit:
                out.problems.append(_too_large(src, item.limit, item.value, item.bound, 0))
                continue
            out.problems.append(
                Problem(
                    ProblemKind.YAML_SYNTAX,
                    src,
                    Span(item.offset, item.offset),
                    item.message,
                    "syntax",
                )
            )
            continue
        try:
            yamlsrc.to_data(item, text, limits, has_aliases)
        except LimitExceeded as exc:
            out.problems.append(_too_large(src, exc.limit, exc.value, exc.bound, 0))
            continue
        kind, kinds = classify(item.data, name)
        doc = Document(
            source=src,
            kind=kind,
            kinds=kinds,
            data=item.data,
            index=item.index,
            syntax="yaml",
            number=item.number,
            scalars=item.scalars,
            case_insensitive=Kind.ZOT_CONFIG in kinds,
        )
        for path, first, second in item.duplicates:
            doc.duplicates.append((path, Span(*first), Span(*second)))
        out.documents.append(doc)
        _add_embedded(out, doc, limits)


def _load_json(out: LoadedFile, name: str, limits: Limits) -> None:
    src = out.source
    try:
        parsed = parse_limited(src.text, limits)
    except JsonSyntaxError as exc:
        out.problems.append(
            Problem(
                ProblemKind.CONFIG_SYNTAX,
                src,
                Span(exc.offset, exc.offset + 1),
                exc.message,
                "syntax",
            )
        )
        return
    except JsonLimit as exc:
        out.problems.append(_too_large(src, exc.limit, exc.value, exc.value, 0))
        return
    index = PathIndex.of(
        {e.path: (e.key_start, e.key_end, e.value_start, e.value_end) for e in parsed.entries},
        len(src.text),
    )
    kind, kinds = classify(parsed.data, name)
    doc = Document(
        source=src,
        kind=kind,
        kinds=kinds,
        data=parsed.data,
        index=index,
        syntax="json",
        case_insensitive=Kind.ZOT_CONFIG in kinds,
    )
    for path, first, second in parsed.duplicates:
        doc.duplicates.append(
            (path, Span(first.key_start, first.key_end), Span(second.key_start, second.key_end))
        )
    out.documents.append(doc)
    if src.had_bom and doc.is_a(Kind.ZOT_CONFIG):
        out.problems.append(
            Problem(
                ProblemKind.CONFIG_SYNTAX,
                src,
                Span(0, 0),
                "the file starts with a UTF-8 byte order mark: Go's JSON decoder rejects it and "
                "zot will not start; save the file without a BOM",
                "bom",
            )
        )


# -- embedded zot configs -----------------------------------------------------------------------


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


def _add_embedded(out: LoadedFile, host: Document, limits: Limits) -> None:
    for path, key in embedded_candidates(host):
        value = _get(host.data, path)
        named_config = key in ("config.json", "config.yaml", "config.yml")
        if len(value) > limits.max_embedded_size:
            ks = host.span(path, "key")
            out.problems.append(
                _too_large(
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
                s = to_host(exc.offset)
                out.problems.append(
                    Problem(
                        ProblemKind.CONFIG_SYNTAX,
                        src,
                        Span(s, s + 1),
                        exc.message,
                        "syntax:" + "/".join(map(str, path)),
                    )
                )
            return None
        except JsonLimit as exc:
            out.problems.append(_too_large(src, exc.limit, exc.value, exc.value, vspan.start))
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
            out.problems.append(_too_large(src, first.limit, first.value, first.bound, vspan.start))
            return None
        if isinstance(first, yamlsrc.YamlError):
            if report_errors:
                s = to_host(first.offset)
                out.problems.append(
                    Problem(
                        ProblemKind.CONFIG_SYNTAX,
                        src,
                        Span(s, s + 1),
                        first.message,
                        "syntax:" + "/".join(map(str, path)),
                    )
                )
            return None
        try:
            yamlsrc.to_data(first, body, limits, "&" in body)
        except LimitExceeded as exc:
            out.problems.append(_too_large(src, exc.limit, exc.value, exc.bound, vspan.start))
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
