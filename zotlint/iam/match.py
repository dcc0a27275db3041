"""IAM string matching with unknowns: `StringEquals`, `StringLike` (`*`, `?`) and ARN patterns
against a subject that may be partly unknown.

Answers are three-valued: True (matches whatever the unknown parts are), False (matches for
none of them) or None (depends on them: zotlint does not know). A subject is a sequence of
literal characters, ``ONE`` (one unknown character: a Secrets Manager ARN's random suffix) and
``MANY`` (an unknown stretch: a namespace zotlint could not resolve). Holes in the *pattern*
(Terraform interpolations) are read as `*`: what they turn into can only match less, so a
miss stays a miss and a match becomes unknown.

Cost: linear in the literal head and tail pattern and subject share (stripped first: an ARN
pattern and a secret's ARN usually differ only after `:secret:`), then one pass over the
pattern's remaining tokens with the subject positions as bits of an integer, so a comparison
is O(n) big-integer operations, never a Python loop over n·m cells, and no regex backtracking.

Sources: AWS IAM User Guide, "IAM JSON policy elements: Condition operators" (StringLike:
`*` any sequence, `?` one character; case-sensitive unless ...IgnoreCase) and "Resource"
(wildcards in ARNs; a trailing `*` of a segment may cross colons, which the subject's
literal colons then still have to match).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from zotlint.iam.node import Text

ONE = "\x00one"
MANY = "\x00many"
MAX_LEN = 400  # longer strings are not compared (unknown); ARNs are far shorter

Subject = tuple[str, ...]  # characters, ONE and MANY

STAR = "\x00*"
QUESTION = "\x00?"
_WILDS = (STAR, QUESTION)
_UNKNOWNS = (ONE, MANY)


def subject(t: Text, *, lower: bool = False) -> Subject:
    out: list[str] = []
    for p in t.parts:
        if p is None:
            if not out or out[-1] != MANY:
                out.append(MANY)
        else:
            out.extend(p.lower() if lower else p)
    return tuple(out)


def literal(s: str) -> Subject:
    return tuple(s)


class _Pattern(NamedTuple):
    tokens: tuple[str, ...]  # empty when too long (not kept in the cache)
    hole: bool
    too_long: bool
    head: str  # the literal characters before the first wildcard (all of them: none)
    tail: str  # the literal characters after the last wildcard


class _Subject(NamedTuple):
    head: str  # the literal characters before the first unknown (all of them: none)
    tail: str  # the literal characters after the last unknown
    unknown: bool  # holds ONE or MANY


def _literal_ends(toks: Subject, stops: tuple[str, ...]) -> tuple[str, str]:
    first = next((i for i, t in enumerate(toks) if t in stops), len(toks))
    last = next((i for i in range(len(toks) - 1, -1, -1) if toks[i] in stops), -1)
    return "".join(toks[:first]), "".join(toks[last + 1 :])


@lru_cache(maxsize=4096)
def _pattern(t: Text, glob: bool, lower: bool) -> _Pattern:
    """`*`/`?` stay wildcards (STAR, QUESTION) only for glob operators; a hole is a STAR.
    Cached: a run compares the same few policy values against many subjects."""
    toks: list[str] = []
    hole = False
    for p in t.parts:
        if p is None:
            hole = True
            toks.append(STAR)
            continue
        for ch in p.lower() if lower else p:
            if glob and ch == "*":
                toks.append(STAR)
            elif glob and ch == "?":
                toks.append(QUESTION)
            else:
                toks.append(ch)
    if len(toks) > MAX_LEN:
        return _Pattern((), hole, True, "", "")
    tokens = tuple(toks)
    return _Pattern(tokens, hole, False, *_literal_ends(tokens, _WILDS))


def compiled(t: Text, *, glob: bool, lower: bool) -> _Pattern:
    """A pattern as ``match`` reads it (the same cache)."""
    return _pattern(t, glob, lower)


@lru_cache(maxsize=4096)
def _subject(s: Subject) -> _Subject:
    head, tail = _literal_ends(s, _UNKNOWNS)
    return _Subject(head, tail, len(head) != len(s))


def match(pattern: Text, subj: Subject, *, glob: bool, ignore_case: bool = False) -> bool | None:
    """Whether ``pattern`` matches ``subj`` (build ``subj`` lower-cased for ignore_case)."""
    pat = _pattern(pattern, glob, ignore_case)
    if pat.too_long or len(subj) > MAX_LEN:
        return None
    sub = _subject(subj)
    core = strip_common(pat, subj, sub)
    if core is None:
        return False
    p, s = core
    if not pat.hole and not sub.unknown:
        return matches_all(p, s)  # nothing unknown: some value = every value
    if not matches_some(p, s):
        return False
    if pat.hole:
        return None
    return True if matches_all(p, s) else None


def strip_common(
    pat: _Pattern, s: Subject, sub: _Subject
) -> tuple[tuple[str, ...], Subject] | None:
    """Pattern and subject without the literal head and tail they must share, or None when a
    literal differs there (no match, whatever the unknowns are). Exact: a literal pattern
    token meets a literal subject character only one to one, at either end. The ends are
    compared as strings, so a long shared ARN head costs no Python loop."""
    p = pat.tokens
    n, m = len(p), len(s)
    i = min(len(pat.head), len(sub.head))
    if pat.head[:i] != sub.head[:i]:
        return None
    j = min(len(pat.tail), len(sub.tail), n - i, m - i)
    if j and pat.tail[len(pat.tail) - j :] != sub.tail[len(sub.tail) - j :]:
        return None
    return p[i : n - j], s[i : m - j]


@lru_cache(maxsize=4096)
def _positions(s: Subject) -> tuple[dict[str, int], int, int]:
    """Bit j set where s[j] is: per literal character, ONE, MANY. Cached: one secret's ARN is
    matched against the resources of every role of a name, leaving the same rest each time.
    Callers never change the dict."""
    lits: dict[str, int] = {}
    one = many = 0
    for j, t in enumerate(s):
        bit = 1 << j
        if t == ONE:
            one |= bit
        elif t == MANY:
            many |= bit
        else:
            lits[t] = lits.get(t, 0) | bit
    return lits, one, many


def matches_some(p: tuple[str, ...], s: Subject) -> bool:
    """Whether some value of the unknown parts of ``s`` makes ``p`` match.

    Bit j of ``reach``: p[:i] can match s[:j]. A MANY may stay empty (reach j+1 from j), or
    produce the pattern's next character and stay (reach j again)."""
    lits, one, many = _positions(s)
    m = len(s)
    ends = (1 << (m + 1)) - 1
    chars = ((1 << m) - 1) & ~many  # a character or ONE: consumed by one pattern token

    def empty_many(x: int) -> int:
        while True:
            y = x | ((x & many) << 1)
            if y == x:
                return x
            x = y

    reach = empty_many(1)
    for tok in p:
        if tok == STAR:
            reach = ends & ~((reach & -reach) - 1)  # every position from the first on
        else:
            step = chars if tok == QUESTION else lits.get(tok, 0) | one
            reach = empty_many(((reach & step) << 1) | (reach & many))
        if not reach:
            return False
    return bool(reach >> m & 1)


def matches_all(p: tuple[str, ...], s: Subject) -> bool:
    """Whether ``p`` matches ``s`` whatever its unknown parts are (a sound under-estimate:
    one alignment must serve every value; unknown characters only meet wildcards: ONE a `?` or
    a `*`, MANY only a `*`). Bit j of ``reach``: p[:i] matches s[:j]."""
    lits, _, many = _positions(s)
    m = len(s)
    ends = (1 << (m + 1)) - 1
    chars = ((1 << m) - 1) & ~many
    reach = 1
    for tok in p:
        if tok == STAR:
            reach = ends & ~((reach & -reach) - 1)
        else:
            reach = (reach & (chars if tok == QUESTION else lits.get(tok, 0))) << 1
        if not reach:
            return False
    return bool(reach >> m & 1)


def and3(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def or3(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def not3(v: bool | None) -> bool | None:
    return None if v is None else not v
