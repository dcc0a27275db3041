"""`key: value`, `"key": "value"` and `KEY=value` pairs in text nobody parsed (RULES.md ZOT301,
ZOT305): `.env` and other text files, YAML comments, Markdown code blocks, strings that are not
documents. Only a key that names a credential counts; its value must be a client secret or look
random."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zotlint.lazyregex import lazy_compile
from zotlint.redact import Sensitive
from zotlint.secrets.context import FileScan, LineMatches
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.secrets.detectors.credentials import client_secret_value, credential_label
from zotlint.secrets.entropy import lookalike, looks_random
from zotlint.secrets.keys import STEM_WORDS, credential_key
from zotlint.secrets.placeholder import word_like

_KEY = r"[A-Za-z_][A-Za-z0-9_.\-]{0,80}"
# Only keys that could name a credential reach Python (keeps the text pass cheap on big repos).
_STEM = r"(?=[A-Za-z0-9_.\-]*(?i:pass|pwd|secret|token|key|auth|cred))"
_KV_COLON = re.compile(
    rf"(?:^|(?<=[\s{{,\[]))(?P<kq>\\?[\"']?){_STEM}(?P<key>{_KEY})(?P=kq)[ \t]*:[ \t]*"
    rf"(?:(?P<vq>\\?[\"'])(?P<qv>[^\"'\\\n]{{1,4096}})(?P=vq)"
    rf"|(?P<pv>[^\s\"'#,{{}}\[\]|>&*!][^\s]{{0,4095}}))",
    re.MULTILINE,
)
_KV_EQUALS = lazy_compile(
    rf"^[ \t]*(?:export[ \t]+|set[ \t]+)?{_STEM}(?P<key>{_KEY})[ \t]*=[ \t]*"
    rf"(?:(?P<vq>[\"'])(?P<qv>[^\"'\n]{{1,4096}})(?P=vq)|(?P<pv>[^\s\"'#;][^\s;]{{0,4095}}))",
    re.MULTILINE,
)


def pairs(scan: FileScan, start: int, end: int, *, comment: bool = False) -> None:
    """The pairs in ``text[start:end]`` of the file."""
    text = scan.src.text
    for key, vs, ve in _kv_matches(text, start, end, scan.kv_cache):
        value = text[vs:ve]
        name = credential_key(key)
        if name is None:
            continue
        if name == "clientsecret":
            if not client_secret_value(value, key):
                continue
            kind, label = DetectionKind.OIDC_CLIENT_SECRET, "OIDC client secret"
        elif looks_random(value, key):
            kind, label = DetectionKind.KEYED_CREDENTIAL, credential_label(key, value)
        else:
            continue
        scan.out.append(
            Detection(
                kind,
                scan.text_ref(vs, ve),
                label,
                Sensitive(value, label),
                detail="in a YAML comment" if comment else "",
                text_pass=True,
                extra={"key": key, "zot": key == "clientsecret"},
            )
        )


_STEM_HINT = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)


def _hint_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text[start:end]`` (clipped to it) that mentions a
    credential word, in text order."""
    hay = text[start:end]
    if not hay.isascii():
        # ASCII lower-casing keeps every offset; other text (a Kelvin sign matches `k` under
        # IGNORECASE, `İ` lower-cases to two characters) takes the exact regex scan.
        out: list[tuple[int, int]] = []
        done = -1
        for hint in _STEM_HINT.finditer(text, start, end):
            hs, he = hint.span()
            if hs < done:
                continue
            ls = max(start, text.rfind("\n", start, hs) + 1)
            le = text.find("\n", he, end)
            le = end if le < 0 else le
            done = le
            out.append((ls, le))
        return out
    low = hay.lower()
    n = len(low)
    lines: dict[int, int] = {}  # line start -> line end, offsets in ``low``
    for word in STEM_WORDS:
        i = low.find(word)
        while i >= 0:
            ls = low.rfind("\n", 0, i) + 1
            le = low.find("\n", i)
            le = n if le < 0 else le
            lines[ls] = le
            i = low.find(word, le)  # the rest of this line is already in
    return [(start + ls, start + lines[ls]) for ls in sorted(lines)]


def _kv_matches(
    text: str, start: int, end: int, cache: dict[str, LineMatches] | None = None
) -> Iterator[tuple[str, int, int]]:
    # Only lines that mention a credential word are matched (most lines of a repo do not).
    for ls, le in _hint_lines(text, start, end):
        if cache is None or (ls > 0 and text[ls - 1] != "\n"):
            # A line cut by ``start`` (inside an embedded string): the patterns' look-behind
            # sees the character before it, so its matches depend on more than its text.
            yield from _kv_line(text, ls, le)
            continue
        # A whole line matches the same on its own (`^` and the look-behind both accept the
        # start of a line, and ``le`` ends the search as the end of the string would).
        line = text[ls:le]
        found = cache.get(line)
        if found is None:
            found = cache[line] = tuple((k, vs, ve) for k, vs, ve in _kv_line(line, 0, len(line)))
        for k, vs, ve in found:
            yield k, ls + vs, ls + ve


def _kv_line(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    for rx in (_KV_COLON, _KV_EQUALS):
        if rx is _KV_EQUALS and text.find("=", start, end) < 0:
            continue  # cheaper than the regex finding nothing
        for m in rx.finditer(text, start, end):
            if credential_key(m.group("key")) is None:
                continue  # _kv_pass drops it anyway: spare the value tests below
            g = "qv" if m.group("qv") is not None else "pv"
            vs, ve = m.span(g)
            value = text[vs:ve]
            if g == "pv":
                value = _flow_end_stripped(value)
                if lookalike(value) or word_like(value):
                    continue
            yield m.group("key"), vs, vs + len(value)


def _flow_end_stripped(value: str) -> str:
    """``value`` without the end of a flow mapping or list it was cut from (`pw123},` in
    `{password: pw123},`): from the end, every `,`, and every `}` or `]` while the value still
    has more of them than of `{` or `[`. The brackets are counted once and the stop found by
    C-level splits: counting again for every character stripped was quadratic (4,090 `}` in a
    value, 1,200 such lines: 22 s), and a Python step per character still took 2 s."""
    rev = value[len(value.rstrip(",}]")) :][::-1]  # the strippable end, last character first
    if not rev:
        return value
    # Stripping stops at the first `}` (`]`) from the end once as many as the value has more
    # closers than openers are gone: only `,`, `}` and `]` are stripped, openers stay.
    stop = min(
        _nth(rev, "}", value.count("}") - value.count("{")),
        _nth(rev, "]", value.count("]") - value.count("[")),
    )
    return value[: len(value) - stop]


def _nth(text: str, ch: str, k: int) -> int:
    """The index of the ``k``-th (from 0) ``ch`` in ``text``, or its length when fewer."""
    k = max(k, 0)
    parts = text.split(ch, k + 1)
    if len(parts) <= k + 1:
        return len(text)
    return sum(map(len, parts[: k + 1])) + k
