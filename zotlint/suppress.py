"""`# zotlint: disable=…` comments: which findings they cover, and which cover nothing (ZOT005)."""

from __future__ import annotations

from dataclasses import field

from zotlint.findings import Finding
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass
from zotlint.source.text import SourceFile, Span

_DIRECTIVE = lazy_compile(
    r"#\s*zotlint:\s*(?P<verb>disable-file|disable-next-line|disable)\s*=\s*"
    r"(?P<ids>[A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)"
    r"(?:\s+--\s*(?P<reason>.*?))?\s*$"
)


@dataclass(slots=True)
class Directive:
    source: SourceFile
    line: int  # the line the comment is on
    target: int  # the line it covers (0 = whole file)
    codes: tuple[str, ...]
    reason: str
    span: Span
    used: set[str] = field(default_factory=set)


def parse_directives(src: SourceFile) -> list[Directive]:
    if "zotlint:" not in src.text:
        return []
    out: list[Directive] = []
    lines = src.text.splitlines()
    for n, text in enumerate(lines, start=1):
        if "zotlint:" not in text:
            continue
        m = _DIRECTIVE.search(text)
        if m is None:
            continue
        before = text[: m.start()]
        own_line = not before.strip()
        if not own_line and not before.endswith((" ", "\t")):
            continue  # a '#' inside a value, not a comment
        verb = m.group("verb")
        codes = tuple(c.strip() for c in m.group("ids").split(","))
        if verb == "disable-file":
            target = 0
        elif own_line or verb == "disable-next-line":
            target = _next_code_line(lines, n)
        else:
            target = n
        start = src.offset(n, m.start() + 1)
        out.append(
            Directive(
                src,
                n,
                target,
                codes,
                (m.group("reason") or "").strip(),
                Span(start, start + len(m.group(0).rstrip())),
            )
        )
    return out


def _next_code_line(lines: list[str], n: int) -> int:
    for i in range(n, len(lines)):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            return i + 1
    return n + 1


def apply(
    findings: list[Finding], directives: dict[str, list[Directive]], names: dict[str, str]
) -> None:
    """Mark suppressed findings. ``names`` maps rule names (and aliases) to IDs."""
    for f in findings:
        dirs = directives.get(f.location.file)
        if not dirs:
            continue
        lines = {f.location.start_line, *f.anchor_lines}
        for d in dirs:
            if d.target != 0 and d.target not in lines:
                continue
            for code in d.codes:
                cid = names.get(code, code).upper()
                if cid == f.rule_id or (cid == "ALL"):
                    f.suppressed = True
                    f.suppression_reason = d.reason
                    d.used.add(code)
                    break
            if f.suppressed:
                break
