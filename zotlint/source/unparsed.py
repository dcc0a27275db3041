"""What loading finds out about a file, answered ahead of time by a worker.

Most files of a GitOps repository are other applications' values: zotlint builds no data for
them, but still reads each one, decides not to parse it (the keyword pre-filter), syntax-checks
it (YAML syntax problems) and looks for committed secrets in its text. The files it does parse
cost far more each: composing, converting to data and a path index, embedded configs. So on big
repositories a forked worker (zotlint.runtime.Triage; no program is executed) reads the
candidates chunk by chunk from the last one back, while the main process loads from the first
one on, and answers for each file, with ``triage_file``, whether to parse it; when not, its
syntax errors and whether the secrets text pass finds anything; when so, the file loaded as the
main process would load it (its documents and problems as one blob, zotlint.source.wire). The
main process takes the answers where it reaches the worker's chunks and runs the rules.

Each file is read once: an answer carries the bytes the worker read (through zotlint.safeio, as
the main process reads), and the main process loads those. Unparsed files' answers are
offsets, messages and booleans besides: the main process makes the secret detections itself,
for the few files the worker named. A parsed file's documents cross whole, secret values
included, as the bytes do, from the forked worker (which shares the main process's memory from
the fork) to the main process through the executor's pipe: never a file, a socket or a log,
and no message or exception names them. A file the worker could not answer for (unreadable,
too large, not UTF-8) is handled by the main process as without a worker, so the output is the
same either way. The secrets pre-check is passed in, so loading imports nothing from
zotlint.secrets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.classify import wants_parse
from zotlint.files.helm import plain_documents
from zotlint.source import wire, yamlsrc
from zotlint.source.loader import (
    PARSED_SUFFIXES,
    YAML_SUFFIXES,
    LoadedFile,
    SecretsCheck,
    Verdict,
    decode,
    load,
    read_bytes,
)
from zotlint.source.problems import Limits

if TYPE_CHECKING:
    from zotlint.files import Candidate


def parses_at_load(rel: str, raw: bytes, limits: Limits | None = None) -> bool:
    """Whether the loader parses these bytes of a discovered file (no worker verdict, not
    forced): the decision the worker makes, without parsing. For bench/run.py's "files parsed"
    figure."""
    size_limit = (limits or Limits()).max_file_size
    return len(raw) <= size_limit and rel.lower().endswith(PARSED_SUFFIXES) and wants_parse(raw)


def triage_file(
    c: Candidate, forced: bool, limits: Limits, secrets: SecretsCheck
) -> Verdict | None:
    """In the worker: read ``c`` and answer what load() would find out before parsing (None:
    let the main process do it all, e.g. an unreadable file). ``secrets``: the secrets check
    on the loaded file (zotlint.engine)."""
    try:
        raw = read_bytes(c.path, limits.max_file_size + 1, c.identity)
    except OSError:
        return None
    src, problem = decode(c.rel, raw) if len(raw) <= limits.max_file_size else (None, None)
    if src is None or problem is not None:
        return None
    lower = c.rel.lower()
    if lower.endswith(PARSED_SUFFIXES) and (forced or wants_parse(raw)):
        lf, blob = parsed_file(c, raw, limits)
        # Scanned after the blob is made: the scan fills caches a blob must not carry.
        found = None if lf is None or blob is None else _checked(secrets, lf)[1]
        return (raw, True, [], True, blob, found)
    text = plain_documents(src.text) if c.helm_template else src.text
    errors = (
        [(e.offset, e.message) for e in yamlsrc.syntax_errors(text, limits)]
        if lower.endswith(YAML_SUFFIXES)
        else []
    )
    if not src.text:
        return (raw, False, errors, False, None, None)
    may_hold, found = _checked(secrets, LoadedFile(src, helm_template=c.helm_template))
    return (raw, False, errors, may_hold, None, found)


def _checked(secrets: SecretsCheck, lf: LoadedFile) -> tuple[bool, bytes | None]:
    """The secrets check of ``lf``; where it fails, the main process finds out for itself."""
    try:
        return secrets(lf)
    except Exception:
        return True, None


def parsed_file(c: Candidate, raw: bytes, limits: Limits) -> tuple[LoadedFile | None, bytes | None]:
    """In the worker: load a file the main process would parse, exactly as it would
    (zotlint.source.loader.load), and hand over its documents and problems
    (zotlint.source.wire), with the file loaded. No blob, and the main process parses it
    itself, when they cannot be carried whole or loading failed here in a way it should see for
    itself."""
    try:
        lf = load(c.rel, raw, limits, force=True, helm_template=c.helm_template)
        return lf, wire.dumps(lf.source, lf.documents, lf.problems) if lf.parsed else None
    except Exception:
        return None, None
