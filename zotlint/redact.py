"""Secrets never leave zotlint in clear: a value type that redacts itself, and a final scrub.

- `Sensitive`: how rules hold a secret; every way of turning it into text shows `redact()`.
- `Scrubber`: every known secret, replaced in a finished output (`scrub`), and in text quoted
  from the repository (`scrub_source`: code frames, fix diffs), which alone also loses short
  readable words (`search`, `admin`): a password can be one, but redacting that word from file
  names and messages mangles the report (`tenants/search-artifacts/…`).
- `scrub_tokens` / `scrub_error`: shaped credentials nobody reported (error messages that
  quote input).
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Callable, Iterable

from zotlint.lazyregex import lazy_compile
from zotlint.secrets.entropy import looks_random
from zotlint.secrets.patterns import find_tokens, surely_tokenless
from zotlint.secrets.placeholder import word_like


class Sensitive:
    """A detected secret. Every way of turning it into text shows only a redacted form.

    Rules hold secret values in this type; ``reveal()`` exists for comparisons and hashing
    inside zotlint and is never passed to output code.
    """

    __slots__ = ("_value", "kind")

    def __init__(self, value: str, kind: str = "secret") -> None:
        self._value = value
        self.kind = kind

    def reveal(self) -> str:
        return self._value

    def redacted(self) -> str:
        return redact(self._value, self.kind)

    def __str__(self) -> str:
        return self.redacted()

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return self.redacted()

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sensitive) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Sensitive", self._value))

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # pragma: no cover - pickling guard
        raise TypeError("Sensitive values cannot be pickled")


def redact(value: str, kind: str = "secret") -> str:
    """``<kind, N chars, a…z>``: at most the first and last character, never more."""
    n = len(value)
    if n >= 12:
        return f"<redacted {kind}, {n} chars, {value[0]}…{value[-1]}>"
    return f"<redacted {kind}, {n} chars>"


# A secret shorter than this that reads as words is scrubbed from quoted source only.
_READABLE = 12


def _readable(value: str) -> bool:
    return len(value) < _READABLE and word_like(value)


class Scrubber:
    """Replaces every known secret in a finished output string (the last line of defence)."""

    def __init__(self, secrets: Iterable[Sensitive] = ()) -> None:
        self._values = _Forms()  # scrubbed everywhere
        self._readable = _Forms()  # short readable words: only in quoted source
        self._source: _Forms | None = None  # both, for quoted source (made on first use)
        for s in secrets:
            self.add(s)

    def add(self, secret: Sensitive) -> None:
        value = secret.reveal()
        # Very short values would scrub ordinary words; rules never flag them as secrets.
        if len(value) < 4:
            return
        red = secret.redacted()
        into = self._readable if _readable(value) else self._values
        self._source = None
        # Reporters escape text for their format (JSON, XML, workflow commands): scrub the
        # escaped spellings too, so an escape can never carry a secret past the scrub.
        for form in _escaped_forms(value):
            if len(form) >= 4:
                into.add(form, red)

    def __bool__(self) -> bool:
        return bool(self._values) or bool(self._readable)

    def scrub(self, text: str) -> str:
        """Known secrets, then anything shaped like a credential (tokens, private keys,
        passwords in URLs) even if no rule reported it — e.g. a config error quoting a line."""
        return scrub_tokens(self._values.scrub(text))

    def may_change(self, chars: str) -> bool:
        """Whether scrubbing could change a text made only of `chars`: only if some secret's
        spelling is made of them alone (shaped tokens need letters and digits, so `chars`
        must hold none). A code frame's gutter and carets (` 12 | ^^^`) are left as they are
        without a scrub per line when it cannot."""
        return any(
            not form.strip(chars) for tier in (self._values, self._readable) for form in tier.values
        )

    def scrub_source(self, text: str) -> str:
        """``scrub``, and short readable secrets too: for lines quoted from a file (a code
        frame, a fix's diff), never for paths or messages. Both tiers in one pass (leftmost,
        then longest): a readable password replaced first would cut a longer secret that
        holds it (`search-Zq8m…`) and leave the rest of that secret in clear."""
        if not self._readable:
            return self.scrub(text)
        if self._source is None:
            self._source = _Forms()
            for forms in (self._values, self._readable):
                for form, red in forms.values.items():
                    self._source.add(form, red)
        return scrub_tokens(self._source.scrub(text))

    def scrub_source_lines(self, lines: list[str]) -> list[str]:
        """``[scrub_source(line) for line in lines]`` for lines without a line break (a code
        frame's quoted lines), in one pass over them joined by LF when that cannot differ.

        Known secrets: when no spelling holds an LF, none matches across two lines, and no
        replacement (a redaction shows a secret's first and last character) holds one.
        Shaped tokens: a match across lines (a private key's BEGIN and END quoted by two
        findings) swallows an LF its redaction does not give back, so the line count tells,
        and the lines are then scrubbed one by one; no line may start with `://` (a URL's
        scheme is looked for just before it, and `$` would find one at the end of the line
        above). Every other token pattern stops at white space, and a token at the start of a
        line is "not preceded by a word character" either way. 16,000 code frames took 16,000
        scans."""
        joined = "\n".join(lines)
        if (
            len(lines) < 2
            or joined.count("\n") != len(lines) - 1
            or "\n://" in joined
            or any("\n" in form for tier in (self._values, self._readable) for form in tier.values)
        ):
            return [self.scrub_source(line) for line in lines]
        out = self.scrub_source(joined).split("\n")
        if len(out) != len(lines):  # a token across lines
            return [self.scrub_source(line) for line in lines]
        return out


def masker(secrets: Iterable[Sensitive]) -> Callable[[str], str]:
    """A function that hides these secrets in a text by replacing every character of each
    occurrence with `*` (line breaks kept, so lines and columns stay): what a hash of a file's
    text may see. GitHub's `primaryLocationLineHash` covers the 100 characters from a line's
    start; over the raw text, a SARIF reader could test guesses of a short secret against it."""
    forms = _Forms()
    for s in secrets:
        value = s.reveal()
        if len(value) >= 4:
            plain = "\r" not in value and "\n" not in value
            forms.add(value, "*" * len(value) if plain else _MASKABLE.sub("*", value))
    return forms.scrub


_MASKABLE = lazy_compile(r"[^\r\n]")


# Up to this many spellings of secrets, one regex alternation scrubs fastest; beyond, its cost
# per character grows with their number and _ManyForms takes over.
_FEW = 64
# Spellings this long together are looked for with str.find (`_literal_scrub`) instead: `re`
# parses and compiles a pattern in Python, about as slow as a Python loop per character (the
# spellings of one 200,000-character secret took 3 s to compile, for a one-page report).
_LONG = 1024


class _Forms:
    """Spellings of secrets and what replaces each; ``scrub`` replaces them leftmost, then
    longest, as one regex alternation sorted longest first would."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self._re: re.Pattern[str] | None = None
        self._many: _ManyForms | None = None

    def add(self, form: str, red: str) -> None:
        if form not in self.values:
            self.values[form] = red
            self._re = None
            self._many = None

    def __bool__(self) -> bool:
        return bool(self.values)

    def scrub(self, text: str) -> str:
        values = self.values
        if not values:
            return text
        if len(values) > _FEW:
            if self._many is None:
                self._many = _ManyForms(values)
            return self._many.scrub(text)
        if self._re is None:
            if sum(map(len, values)) > _LONG:
                return _literal_scrub(text, values)
            alts = sorted(values, key=len, reverse=True)
            self._re = re.compile("|".join(re.escape(a) for a in alts))
        return self._re.sub(lambda m: values[m.group(0)], text)


def _literal_scrub(text: str, values: dict[str, str]) -> str:
    """`_Forms.scrub`'s regex alternation (spellings longest first: the leftmost occurrence,
    the longest there) without a regex: each spelling's next occurrence from `str.find`, the
    earliest taken from a heap. An occurrence found before the last replacement's end is
    looked for again after it; one found after stays the spelling's first from there. Every
    find moves forward: linear in the text per spelling, whatever the spellings' length."""
    forms = sorted(values, key=len, reverse=True)
    # (where, rank): at one position the lower rank, the longer spelling, comes first.
    heap = [(at, i) for i, form in enumerate(forms) if (at := text.find(form)) >= 0]
    if not heap:
        return text
    heapq.heapify(heap)
    out: list[str] = []
    pos = 0
    while heap:
        at, i = heap[0]
        form = forms[i]
        if at < pos:  # overlapped by the last replacement: its next occurrence from there
            again = text.find(form, pos)
            if again < 0:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (again, i))
            continue
        out.append(text[pos:at])
        out.append(values[form])
        pos = at + len(form)
        again = text.find(form, pos)
        if again < 0:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (again, i))
    out.append(text[pos:])
    return "".join(out)


# Text is cut into blocks of about this many characters (memory stays flat on a large report).
_BLOCK = 1 << 18
# Words up to this long keep their answer for the rest of the run (reports repeat words).
_CACHED = 256


class _ManyForms:
    """The regex alternation's answer (leftmost, then longest) for thousands of secrets, in
    time linear in the text and mostly inside the regex engine.

    `re` tries every branch at every position: with 16,000 secrets, scrubbing each finding's
    message took minutes; a position-by-position scan in Python still took seconds on a
    10 MB report. No secret can contain a character that none of them uses, so every
    occurrence lies inside one maximal run of the secrets' characters (a "word") at least as
    long as the shortest secret: the text is split into words by one regex, and only each
    distinct word is scanned, once.
    """

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        chars = "".join(sorted(set("".join(values))))
        cls = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
        # A run shorter than the shortest secret holds none: only longer runs are words, so a
        # report of short words (most messages) is one part and left as it is. The look-behind
        # tries each run at its start only (linear however long the shortest secret is).
        self.shortest = shortest = min(map(len, values))
        self.word = re.compile(f"(?<![{cls}])([{cls}]{{{shortest},}})")
        self.run = re.compile(f"[{cls}]*")
        # When the secrets are ASCII (but `?`, which stands for any other character below),
        # the words are found by bytes.find on a copy of the text where each of their
        # characters is `a` and any other a blank: memchr speed, where the regex steps through
        # every position (0.5 s on a 10 MB report).
        self.marks: bytes | None = None
        if chars.isascii() and "?" not in chars:
            table = bytearray(b" " * 256)
            for c in chars:
                table[ord(c)] = ord("a")
            self.marks = bytes(table)
        # First four characters -> the lengths of the secrets that start with them, longest
        # first (one length, the usual case, as a plain int: no container per secret to
        # build): secrets sharing a prefix cost one lookup per distinct length, not one
        # comparison per secret.
        index: dict[str, int | tuple[int, ...]] = {}
        for form in values:
            key = form[:4]
            n = len(form)
            known = index.get(key)
            if known is None:
                index[key] = n
            elif isinstance(known, int):
                if known != n:
                    index[key] = (max(known, n), min(known, n))
            elif n not in known:
                index[key] = tuple(sorted((*known, n), reverse=True))
        self.index = index
        self.known: dict[str, str | None] = {}

    def scrub(self, text: str) -> str:
        n = len(text)
        if n < self.shortest:
            return text  # too short to hold any secret (a code frame's gutter)
        if n <= _BLOCK:
            return self._block(text)  # one block: a message, a line
        # Only a block that changed is kept apart: a report that holds no secret (the usual
        # case: messages were scrubbed when made) comes back as it is, without a second copy
        # of it in memory (32 MB for a 16 MB SARIF log).
        out: list[str] | None = None
        start = 0
        while start < n:
            # A block ends where a word does, so no word (and no secret) spans two blocks.
            end = n if start + _BLOCK >= n else self.run.match(text, start + _BLOCK).end()  # type: ignore[union-attr]
            block = text[start:end]
            scrubbed = self._block(block)
            if scrubbed is not block and out is None:
                out = [text[:start]]
            if out is not None:
                out.append(scrubbed)
            start = end
        return text if out is None else "".join(out)

    def _split(self, block: str) -> list[str]:
        """``self.word.split(block)``: the text between words, and the words."""
        if self.marks is None:
            return self.word.split(block)
        # One character, one byte: any other character becomes `?`, so offsets stay.
        marked = block.encode("ascii", "replace").translate(self.marks)
        needle = b"a" * self.shortest
        parts: list[str] = []
        last = 0
        at = marked.find(needle)
        while at >= 0:
            # Searching from the blank after the last word, the needle is first found where a
            # run of at least its length starts.
            end = marked.find(b" ", at + self.shortest)
            if end < 0:
                end = len(block)
            parts.append(block[last:at])
            parts.append(block[at:end])
            last = end
            at = marked.find(needle, end)
        parts.append(block[last:])
        return parts

    def _block(self, block: str) -> str:
        parts = self._split(block)
        if len(parts) == 1:
            return block
        known = self.known
        changed: dict[str, str] = {}
        for word in set(parts[1::2]):
            found = known.get(word, "")
            if found == "":
                found = self._word(word)
                if len(word) <= _CACHED:
                    known[word] = found
            if found is not None:
                changed[word] = found
        if not changed:
            return block
        return "".join([changed.get(p, p) for p in parts])

    def _word(self, word: str) -> str | None:
        """``word`` with every secret in it replaced, leftmost then longest; None if none."""
        whole = self.values.get(word)
        if whole is not None:
            return whole  # the longest match at the first position, and nothing left
        get = self.index.get
        values = self.values
        out: list[str] = []
        last = 0
        i = 0
        end = len(word) - self.shortest + 1  # the last start where the shortest secret fits
        while i < end:
            lengths = get(word[i : i + 4])
            if lengths is not None:
                # A piece of a known length with a known prefix: a secret if it is one.
                for length in (lengths,) if type(lengths) is int else lengths:
                    candidate = word[i : i + length]
                    if candidate in values:
                        out.append(word[last:i])
                        out.append(values[candidate])
                        i += length
                        last = i
                        break
                else:
                    i += 1
            else:
                i += 1
        if not out:
            return None
        out.append(word[last:])
        return "".join(out)


def _xml_escape(value: str) -> str:
    # xml.sax.saxutils.escape(value, {'"': "&quot;", "'": "&apos;"}), the same replacements in
    # the same order: importing xml.sax.saxutils pulls in urllib.request, http.client and ssl
    # (some 20 ms of every run's start-up).
    value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return value.replace('"', "&quot;").replace("'", "&apos;")


# A character some escaper below rewrites; a value without one is its only spelling.
_ESCAPED = lazy_compile(r"[^ -~]|[\"\\&<>'%]")


def _escaped_forms(value: str) -> list[str]:
    if _ESCAPED.search(value) is None:
        return [value]
    forms = [
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        _xml_escape(value),
        value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"),
    ]
    if "\n" in value:
        # A multi-line secret (a key block) shows up one line at a time in a code frame.
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= 12 and "-----" not in line:
                forms.append(line)
    return list(dict.fromkeys(forms))


# -- the last line of defence -------------------------------------------------------------------


def scrub_tokens(text: str) -> str:
    """Redact every shaped credential in a finished output string, known or not (error paths
    that echo input, such as a configuration error quoting a line, go through this)."""
    if surely_tokenless(text):
        return text  # a message, a line: most hold no token's literal
    tokens = sorted(find_tokens(text), key=lambda t: t.start)
    if not tokens:
        return text
    out: list[str] = []
    last = 0
    for t in tokens:
        if t.start < last:
            continue
        out.append(text[last : t.start])
        out.append(redact(t.value, t.kind))
        last = t.end
    out.append(text[last:])
    return "".join(out)


# Token prefixes, also cut short (`ghp_LcGcyI0W ...` in a parser's quoted snippet).
_PREFIXED = lazy_compile(
    r"(?<![A-Za-z0-9_])(?:gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat)-|zak_"
    r"|(?:AKIA|ASIA|ABIA|ACCA)(?=[A-Z2-7]{4})|eyJ)[A-Za-z0-9_\-]{4,}"
)
_WORD = lazy_compile(r"[A-Za-z0-9+/=_\-.$~!@#%^&*]{16,}")


def scrub_error(text: str) -> str:
    """For error messages, which may quote input: shaped tokens, token prefixes cut short by a
    parser's snippet, and any long random-looking word are redacted."""
    text = scrub_tokens(text)
    text = _PREFIXED.sub(lambda m: redact(m.group(0), "token"), text)
    return _WORD.sub(
        lambda m: (
            redact(m.group(0), "value") if looks_random(m.group(0), min_len=16) else m.group(0)
        ),
        text,
    )
