"""Secrets never leave zotlint in clear: a value type that redacts itself, and a final scrub."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable


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


# Up to this many spellings of secrets, one regex alternation scrubs fastest; beyond, its cost
# per character grows with their number and a prefix index takes over.
_FEW = 64


class Scrubber:
    """Replaces every known secret in a finished output string (the last line of defence)."""

    def __init__(self, secrets: Iterable[Sensitive] = ()) -> None:
        self._values: dict[str, str] = {}
        self._re: re.Pattern[str] | None = None
        self._many: _ManyForms | None = None
        for s in secrets:
            self.add(s)

    def add(self, secret: Sensitive) -> None:
        value = secret.reveal()
        # Very short values would scrub ordinary words; rules never flag them as secrets.
        if len(value) < 4:
            return
        red = secret.redacted()
        # Reporters escape text for their format (JSON, XML, workflow commands): scrub the
        # escaped spellings too, so an escape can never carry a secret past the scrub.
        for form in _escaped_forms(value):
            if len(form) >= 4 and form not in self._values:
                self._values[form] = red
                self._re = None
                self._many = None

    def __bool__(self) -> bool:
        return bool(self._values)

    def scrub(self, text: str) -> str:
        """Known secrets, then anything shaped like a credential (tokens, private keys,
        passwords in URLs) even if no rule reported it — e.g. a config error quoting a line."""
        from zotlint.secrets.patterns import scrub_tokens

        if len(self._values) <= _FEW:
            if self._values:
                if self._re is None:
                    alts = sorted(self._values, key=len, reverse=True)
                    self._re = re.compile("|".join(re.escape(a) for a in alts))
                text = self._re.sub(lambda m: self._values[m.group(0)], text)
        else:
            if self._many is None:
                self._many = _ManyForms(self._values)
            text = self._many.scrub(text)
        return scrub_tokens(text)


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
    occurrence lies inside one maximal run of the secrets' characters (a "word"): the text is
    split into words by one regex, and only each distinct word is scanned, once.
    """

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        chars = "".join(sorted({c for form in values for c in form}))
        cls = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
        self.word = re.compile(f"([{cls}]{{4,}})")
        self.run = re.compile(f"[{cls}]*")
        # First four characters -> ((length, forms of that length), ...), longest first:
        # secrets sharing a prefix cost one set lookup per distinct length, not one
        # comparison per secret.
        grouped: dict[str, dict[int, set[str]]] = {}
        for form in values:
            grouped.setdefault(form[:4], {}).setdefault(len(form), set()).add(form)
        self.index = {
            k: tuple(sorted(((n, frozenset(f)) for n, f in v.items()), reverse=True))
            for k, v in grouped.items()
        }
        self.known: dict[str, str | None] = {}

    def scrub(self, text: str) -> str:
        out: list[str] = []
        start = 0
        n = len(text)
        while start < n:
            # A block ends where a word does, so no word (and no secret) spans two blocks.
            end = n if start + _BLOCK >= n else self.run.match(text, start + _BLOCK).end()  # type: ignore[union-attr]
            out.append(self._block(text[start:end]))
            start = end
        return "".join(out) if len(out) != 1 else out[0]

    def _block(self, block: str) -> str:
        parts = self.word.split(block)
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
        end = len(word) - 3
        while i < end:
            lengths = get(word[i : i + 4])
            if lengths is not None:
                for length, forms in lengths:
                    candidate = word[i : i + length]
                    if candidate in forms:
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


def _escaped_forms(value: str) -> list[str]:
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
