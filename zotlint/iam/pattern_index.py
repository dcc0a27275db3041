"""Which of many IAM patterns may match one subject, without matching them all.

ZOT507/ZOT508 join every SecretStore with every role of a name; when no role passes, every
role's patterns must have been tried against each store's subject or key, roles x keys
matches (issue 14). ``PatternIndex`` keeps the patterns (Resource ARNs, `:sub` condition
values) keyed by what a subject must have for one of them to match:

- head: the literal characters before the pattern's first wildcard, which the subject's own
  literal head must agree with (a sorted list: those that are a prefix of it, and those it
  is a prefix of);
- tail: the literal characters the pattern fixes at a distance from the end (after its last
  `*`, past the subject's trailing unknown characters: a secret's random suffix), which the
  subject's literal characters at that distance must agree with;
- middle: the first characters of the pattern's longest literal run, which must occur in a
  subject that is literal but for its trailing unknown characters (a region `*` leaves the
  head and `/*` the tail unselective, the name in between is not).

``candidates(subject)`` takes the smallest of those lookups and keeps the patterns that pass
all three checks. Each check is a necessary condition for ``zotlint.iam.match.match`` to
return anything but False, so a pattern left out never matches: callers answer exactly as if
they had matched every pattern.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from zotlint.iam.match import MANY, MAX_LEN, ONE, QUESTION, STAR, Subject, compiled
from zotlint.iam.node import Text
from zotlint.records import dataclass

GRAM = 6  # characters of a pattern's longest literal run the middle lookup keys on
_WILDS = (STAR, QUESTION)
T = TypeVar("T")


@dataclass(slots=True, eq=False)
class _Entry(Generic[T]):
    payload: T
    head: str  # literal characters before the first wildcard
    fixed: tuple[str, ...]  # the tokens after the last `*` (all of them without one)
    longest: str  # the longest run of literal characters


class _Sorted(Generic[T]):
    """Entries by a string key: those whose key is a prefix of a probe (one dict lookup per
    key length in use) and those whose key starts with it (a range of the sorted keys)."""

    def __init__(self, keyed: dict[str, list[_Entry[T]]]) -> None:
        self._by = keyed
        self._keys = sorted(keyed)
        self._lengths = sorted({len(k) for k in keyed})
        self._cum = [0]
        for k in self._keys:
            self._cum.append(self._cum[-1] + len(keyed[k]))

    def lookup(self, probe: str) -> tuple[int, Callable[[], Iterator[_Entry[T]]]]:
        """(how many entries are compatible with ``probe``, their iterator)."""
        shorter = []
        for n in self._lengths:
            if n >= len(probe):
                break
            got = self._by.get(probe[:n])
            if got:
                shorter.append(got)
        lo = bisect_left(self._keys, probe)
        hi = bisect_left(self._keys, True, lo, key=lambda k: not k.startswith(probe))
        size = sum(len(x) for x in shorter) + self._cum[hi] - self._cum[lo]

        def entries() -> Iterator[_Entry[T]]:
            for lst in shorter:
                yield from lst
            for k in self._keys[lo:hi]:
                yield from self._by[k]

        return size, entries


class _Shape:
    """What the lookups need of one subject."""

    def __init__(self, subj: Subject) -> None:
        first = next((i for i, t in enumerate(subj) if t in (ONE, MANY)), len(subj))
        self.head = "".join(subj[:first])
        k = 0
        while k < len(subj) and subj[len(subj) - 1 - k] == ONE:
            k += 1
        self.k = k  # trailing unknown characters (a secret's random suffix)
        end = len(subj) - k
        start = end
        while start and subj[start - 1] not in (ONE, MANY):
            start -= 1
        self.tail = "".join(subj[start:end])  # the literal run before them
        self.plain = first == end  # literal but for the suffix: the middle lookup applies


def _runs(tokens: tuple[str, ...]) -> list[str]:
    out, cur = [], []
    for t in tokens:
        if t in _WILDS:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(t)
    out.append("".join(cur))
    return out


def _tail_key(fixed: tuple[str, ...], k: int) -> str:
    """The literal characters ``fixed`` ends with once its last ``k`` tokens (those facing
    the subject's trailing unknown characters) are dropped."""
    if len(fixed) <= k:
        return ""
    rest = fixed[: len(fixed) - k]
    i = len(rest)
    while i and rest[i - 1] not in _WILDS:
        i -= 1
    return "".join(rest[i:])


class PatternIndex(Generic[T]):
    """Patterns with a payload each, all compared with the same ``glob`` and ``lower``."""

    def __init__(self, *, glob: bool, lower: bool) -> None:
        self._glob = glob
        self._lower = lower
        self._entries: list[_Entry[T]] = []
        self._always: list[T] = []  # too long to compare: match answers None
        self._heads: _Sorted[T] | None = None
        self._tails: dict[int, tuple[_Sorted[T], dict[int, str]]] = {}
        self._grams: dict[int, tuple[dict[str, list[_Entry[T]]], list[_Entry[T]]]] = {}

    def add(self, payload: T, pattern: Text) -> None:
        pat = compiled(pattern, glob=self._glob, lower=self._lower)
        if pat.too_long:
            self._always.append(payload)
            return
        toks = pat.tokens
        last_star = max((i for i, t in enumerate(toks) if t == STAR), default=-1)
        longest = max(_runs(toks), key=len)
        self._entries.append(_Entry(payload, pat.head, toks[last_star + 1 :], longest))
        self._heads = None

    def candidates(self, subj: Subject) -> list[T]:
        """The payloads of the patterns that may match ``subj`` (built as ``match`` wants
        it: lower-cased when the index is). A subject over MAX_LEN is never compared: all."""
        if len(subj) > MAX_LEN:
            return [e.payload for e in self._entries] + self._always
        shape = _Shape(subj)
        tails = self._tail_index(shape.k)[1]
        out = [e.payload for e in self._lookup(shape) if self._passes(e, shape, tails)]
        return out + self._always

    def _lookup(self, shape: _Shape) -> Iterator[_Entry[T]]:
        """The entries of the smallest lookup the subject allows."""
        if self._heads is None:
            heads: dict[str, list[_Entry[T]]] = {}
            for e in self._entries:
                heads.setdefault(e.head, []).append(e)
            self._heads = _Sorted(heads)
        best = self._heads.lookup(shape.head)
        tail = self._tail_index(shape.k)[0].lookup(shape.tail[::-1])
        if tail[0] < best[0]:
            best = tail
        if shape.plain and best[0]:
            by_gram, unindexed = self._gram_index(shape.k)
            grams = {shape.head[p : p + GRAM] for p in range(len(shape.head) - GRAM + 1)}
            found = [by_gram[g] for g in grams if g in by_gram]
            size = len(unindexed) + sum(len(x) for x in found)
            if size < best[0]:
                found.append(unindexed)
                return (e for lst in found for e in lst)
        return best[1]()

    @staticmethod
    def _passes(e: _Entry[T], shape: _Shape, tails: dict[int, str]) -> bool:
        """The three necessary conditions for ``match`` not to be False."""
        n = min(len(e.head), len(shape.head))
        if e.head[:n] != shape.head[:n]:
            return False
        t = tails[id(e)]
        n = min(len(t), len(shape.tail))
        if n and t[len(t) - n :] != shape.tail[len(shape.tail) - n :]:
            return False
        if shape.plain:
            # The run's first len - k characters lie in the literal part, whatever the suffix.
            r = len(e.longest) - shape.k
            if r > 0 and e.longest[:r] not in shape.head:
                return False
        return True

    def _tail_index(self, k: int) -> tuple[_Sorted[T], dict[int, str]]:
        got = self._tails.get(k)
        if got is None:
            keyed: dict[str, list[_Entry[T]]] = {}
            keys: dict[int, str] = {}
            for e in self._entries:
                t = _tail_key(e.fixed, k)
                keys[id(e)] = t
                keyed.setdefault(t[::-1], []).append(e)
            got = self._tails[k] = (_Sorted(keyed), keys)
        return got

    def _gram_index(self, k: int) -> tuple[dict[str, list[_Entry[T]]], list[_Entry[T]]]:
        got = self._grams.get(k)
        if got is None:
            by_gram: dict[str, list[_Entry[T]]] = {}
            unindexed: list[_Entry[T]] = []
            for e in self._entries:
                if len(e.longest) - k >= GRAM:
                    by_gram.setdefault(e.longest[:GRAM], []).append(e)
                else:
                    unindexed.append(e)
            got = self._grams[k] = (by_gram, unindexed)
        return got
