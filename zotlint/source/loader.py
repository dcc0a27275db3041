"""One file -> its documents (embedded ones included) and the input problems found on the way."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from zotlint.classify import classify, wants_parse
from zotlint.document import Document, Kind
from zotlint.safeio import read_file
from zotlint.source import wire, yamlsrc
from zotlint.source.embedded import add_embedded, parse_embedded
from zotlint.source.embedded_json import parse_limited
from zotlint.source.jsonpos import JsonSyntaxError
from zotlint.source.jsonpos import LimitExceeded as JsonLimit
from zotlint.source.loadedfile import LoadedFile, too_large
from zotlint.source.pathindex import PathIndex
from zotlint.source.problems import (
    LimitExceeded,
    Limits,
    Problem,
    ProblemKind,
)
from zotlint.source.text import SourceFile, Span

if TYPE_CHECKING:
    from zotlint.files import Candidate

__all__ = [
    "JSON_SUFFIXES",
    "PARSED_SUFFIXES",
    "YAML_SUFFIXES",
    "Answer",
    "LoadedFile",
    "SecretsCheck",
    "Split",
    "Verdict",
    "add_syntax_errors",
    "decode",
    "load",
    "load_answered",
    "load_chunks",
    "parse_deferred",
    "parse_embedded",
    "read_bytes",
    "read_candidate",
]

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
PARSED_SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES


def read_bytes(
    path: str | os.PathLike[str], limit: int, identity: tuple[int, int] | None = None
) -> bytes:
    """At most ``limit`` bytes of a file found by the walk, through zotlint.safeio: no symlink,
    no FIFO or device, and the same file (``identity``: st_dev, st_ino) the walk saw."""
    return read_file(path, limit, identity=identity)


# What a worker process found out about a file (zotlint.source.unparsed): the bytes it read
# (this process does not read the file again), whether to parse it, for a file not parsed its YAML
# syntax errors and whether the secrets text pass finds anything, for a parsed one its
# documents and problems (zotlint.source.wire: a blob; None: parse it in the main process), and
# what the secret scan found in the file there (a blob of SecretsCheck; None: not scanned there).
Verdict = tuple[bytes, bool, list[tuple[int, str]], bool, bytes | None, bytes | None]
# A verdict as the main process takes it, as soon as it arrives: the bytes decoded, the blob
# decoded (zotlint.runtime.Triage); the scan's blob as it came (read against the documents
# once they are rebuilt).
Answer = tuple[SourceFile, bool, list[tuple[int, str]], bool, "wire.Packed | None", bytes | None]
# The secrets check a worker runs on each file it loaded, given by the engine so that loading
# imports nothing from zotlint.secrets: whether the file may hold a secret (for a file not parsed:
# whether the text pass finds anything there), and what the secret scan found in it as a blob
# for the main process (None: not scanned there; the main process scans it).
SecretsCheck = Callable[[LoadedFile], tuple[bool, bytes | None]]


# Given a file about to be loaded (its name, the limits) and its stream's chunks
# (yamlsrc.split_stream): None, or where to cut and how to wait for the chunks from there on,
# loaded by another process (their documents and problems as zotlint.source.wire carries them,
# numbered from 0; None: it could not load them). zotlint.runtime.StreamSplit.
Split = Callable[
    [LoadedFile, str, Limits, list[tuple[int, str]]],
    tuple[int, Callable[[], wire.Packed | None]] | None,
]


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
    helm_template: bool = False,
    split: Split | None = None,
) -> LoadedFile:
    """Parse a candidate file. ``force`` skips the keyword pre-filter (explicit file arguments
    and tests). ``helm_template``: a file of a chart's `templates/` (see
    LoadedFile.yaml_text).
    ``split``: may have another process load the second part of a long YAML stream (``Split``)."""
    src, problem = decode(rel, raw)
    if src is None:
        assert problem is not None
        return LoadedFile(problem.source, problems=[problem])
    out = LoadedFile(src, helm_template=helm_template)
    lower = rel.lower()
    if len(raw) > limits.max_file_size:
        out.problems.append(too_large(src, "max-file-size", len(raw), limits.max_file_size))
        return out
    if not lower.endswith(PARSED_SUFFIXES):
        return out
    if not (force or wants_parse(raw)):
        if lower.endswith(YAML_SUFFIXES):
            errors = yamlsrc.syntax_errors(out.yaml_text, limits)
            add_syntax_errors(out, [(e.offset, e.message) for e in errors])
        return out
    _parse(out, limits, split)
    return out


def load_answered(
    answer: Answer, limits: Limits, *, helm_template: bool = False, split: Split | None = None
) -> LoadedFile:
    """A candidate file from a worker's answer (zotlint.source.unparsed), taken instead of
    reading it, the pre-filter, the syntax check and the secrets pre-check, and for a file the
    worker parsed, instead of parsing it: the LoadedFile ``load`` makes of the same bytes."""
    src, parse, errors, secrets, packed, _ = answer
    out = LoadedFile(src, helm_template=helm_template)
    if not parse:
        add_syntax_errors(out, errors)
        out.secrets_clean = not secrets
    elif packed is not None:
        out.documents, out.problems = wire.rebuild(src, packed)
        out.parsed = True
    else:  # the worker could not hand the documents over
        _parse(out, limits, split)
    return out


def read_candidate(
    c: Candidate,
    limits: Limits,
    force: bool,
    answer: Answer | None = None,
    split: Split | None = None,
) -> LoadedFile:
    """A file the walk found, loaded: from the worker's ``answer`` when it gave one, else read
    (an unreadable or oversized file is a skipped-file problem) and loaded here."""
    helm = c.helm_template
    if answer is not None:  # the worker read it: a file is read once
        return load_answered(answer, limits, helm_template=helm, split=split)
    try:
        raw = read_bytes(c.path, limits.max_file_size + 1, c.identity)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return _skipped(c.rel, f"cannot read file ({reason}); skipped", "unreadable")
    if len(raw) > limits.max_file_size:
        bound = f"{limits.max_file_size:,}-byte limit (max-file-size)"
        return _skipped(c.rel, f"file is over the {bound}; skipped", "max-file-size")
    return load(c.rel, raw, limits, force=force, helm_template=helm, split=split)


def _skipped(rel: str, message: str, identity: str) -> LoadedFile:
    src = SourceFile(rel, "")
    return LoadedFile(
        src, problems=[Problem(ProblemKind.SKIPPED, src, Span(0, 0), message, identity)]
    )


def _parse(out: LoadedFile, limits: Limits, split: Split | None) -> None:
    out.parsed = True
    name = os.path.basename(out.source.rel)
    if name.lower().endswith(JSON_SUFFIXES):
        _load_json(out, name, limits)
    else:
        _load_yaml(out, name, limits, split)


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


def _load_yaml(out: LoadedFile, name: str, limits: Limits, split: Split | None = None) -> None:
    chunks = yamlsrc.split_stream(out.yaml_text)
    tail = split(out, name, limits, chunks) if split is not None else None
    if tail is None:
        load_chunks(out, name, limits, chunks, 0)
        return
    cut, result = tail
    number = load_chunks(out, name, limits, chunks[:cut], 0)
    packed = result()
    if packed is None:  # the other process could not: the rest here, as without it
        load_chunks(out, name, limits, chunks[cut:], number)
        return
    documents, problems = wire.rebuild(out.source, packed, number)
    out.documents.extend(documents)
    out.problems.extend(problems)


def load_chunks(
    out: LoadedFile, name: str, limits: Limits, chunks: list[tuple[int, str]], number: int
) -> int:
    """Load these chunks of ``out``'s stream (yamlsrc.split_stream), the first numbered
    ``number``; returns the number of the next one."""
    src = out.source
    text = out.yaml_text
    has_aliases = "&" in text and "*" in text
    for item in yamlsrc.compose(text, limits, chunks, number):
        number += 1
        if isinstance(item, yamlsrc.YamlError):
            if item.limit:
                out.problems.append(too_large(src, item.limit, item.value, item.bound, 0))
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
            out.problems.append(too_large(src, exc.limit, exc.value, exc.bound, 0))
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
        add_embedded(out, doc, limits)
    return number


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
        out.problems.append(too_large(src, exc.limit, exc.value, exc.value, 0))
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
