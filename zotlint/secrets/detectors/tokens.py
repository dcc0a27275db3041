"""Credentials recognisable by their shape alone, anywhere in a file's text (RULES.md ZOT305):
AWS key IDs, private keys, zot API keys, GitHub/GitLab tokens, JWTs, passwords in URLs."""

from __future__ import annotations

from zotlint.redact import Sensitive
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.secrets.patterns import find_tokens


def shaped_tokens(scan: FileScan) -> None:
    for t in find_tokens(scan.src.text):
        scan.out.append(
            Detection(
                DetectionKind.SHAPED_TOKEN,
                scan.text_ref(t.start, t.end),
                t.kind,
                Sensitive(t.value, t.kind),
                _lines(t.value, t.kind),
                text_pass=True,
            )
        )


def _lines(value: str, kind: str) -> tuple[Sensitive, ...]:
    # A multi-line secret (a private key) appears in a code frame one line at a time.
    if "\n" not in value:
        return ()
    return tuple(
        Sensitive(line, kind)
        for line in (ln.strip().strip("\"',") for ln in value.splitlines())
        if len(line) >= 12 and not any(c.isspace() for c in line) and "-----" not in line
    )
