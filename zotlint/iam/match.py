"""IAM string matching with unknowns: `StringEquals`, `StringLike` (`*`, `?`) and ARN patterns
against a subject that may be partly unknown.

Answers are three-valued: True (matches whatever the unknown parts are), False (matches for
none of them) or None (depends on them: zotlint does not know). A subject is a sequence of
literal characters, ``ONE`` (one unknown character: a Secrets Manager ARN's random suffix) and
``MANY`` (an unknown stretch: a namespace zotlint could not resolve). Holes in the *pattern*
(Terraform interpolations) are read as `*`: what they turn into can only match less, so a
miss stays a miss and a match becomes unknown.

Sources: AWS IAM User Guide, "IAM JSON policy elements: Condition operators" (StringLike:
`*` any sequence, `?` one character; case-sensitive unless ...IgnoreCase) and "Resource"
(wildcards in ARNs; a trailing `*` of a segment may cross colons, which the subject's
literal colons then still have to match).
"""

from __future__ import annotations

import re

from zotlint.iam.node import Text

ONE = "\x00one"
MANY = "\x00many"
MAX_LEN = 400  # longer strings are not compared (unknown); ARNs are far shorter

Subject = tuple[str, ...]  # characters, ONE and MANY


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


def _pattern(t: Text, glob: bool, lower: bool) -> tuple[tuple[str, ...], bool]:
    """(tokens, has_hole): `*`/`?` stay wildcards only for glob operators."""
    toks: list[str] = []
    hole = False
    for p in t.parts:
        if p is None:
            hole = True
            toks.append("\x00*")
            continue
        for ch in p.lower() if lower else p:
            if glob and ch == "*":
                toks.append("\x00*")
            elif glob and ch == "?":
                toks.append("\x00?")
            else:
                toks.append(ch)
    return tuple(toks), hole


def match(pattern: Text, subj: Subject, *, glob: bool, ignore_case: bool = False) -> bool | None:
    """Whether ``pattern`` matches ``subj`` (build ``subj`` lower-cased for ignore_case)."""
    toks, hole = _pattern(pattern, glob, ignore_case)
    if len(toks) > MAX_LEN or len(subj) > MAX_LEN:
        return None
    if _conflict(toks, subj):
        return False
    if not hole and ONE not in subj and MANY not in subj:
        return _regex(toks).fullmatch("".join(subj)) is not None
    if _some(toks, subj) is False:
        return False
    if hole:
        return None
    return True if _all(toks, subj) else None


_WILDS = ("\x00*", "\x00?")
_REGEXES: dict[tuple[str, ...], re.Pattern[str]] = {}


def _regex(p: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern without holes as a regular expression (compiled once): both literal."""
    got = _REGEXES.get(p)
    if got is None:
        body = "".join(".*" if t == "\x00*" else "." if t == "\x00?" else re.escape(t) for t in p)
        got = re.compile(body, re.DOTALL)
        if len(_REGEXES) < 4096:
            _REGEXES[p] = got
    return got


def _conflict(p: tuple[str, ...], s: Subject) -> bool:
    """The literal heads (or tails) of pattern and subject differ: no match, cheaply. Most
    pairs a policy check compares are decided here, before the quadratic check."""
    for a, b in zip(p, s, strict=False):
        if a in _WILDS or b in (ONE, MANY):
            break
        if a != b:
            return True
    for a, b in zip(reversed(p), reversed(s), strict=False):
        if a in _WILDS or b in (ONE, MANY):
            break
        if a != b:
            return True
    return False


def _some(p: tuple[str, ...], s: Subject) -> bool:
    """Whether some value of the unknown parts of ``s`` makes ``p`` match."""
    n, m = len(p), len(s)
    # cur[j]: p[i:] matches s[j:] (computed for i from n down to 0)
    nxt = [False] * (m + 1)
    nxt[m] = True
    for j in range(m - 1, -1, -1):
        nxt[j] = s[j] == MANY and nxt[j + 1]
    for i in range(n - 1, -1, -1):
        cur = [False] * (m + 1)
        tok = p[i]
        for j in range(m, -1, -1):
            if tok == "\x00*":
                cur[j] = nxt[j] or (j < m and cur[j + 1])
            elif j == m:
                cur[j] = False
            elif s[j] == MANY:
                # empty, or it produces p[i] and goes on
                cur[j] = cur[j + 1] or nxt[j]
            elif tok == "\x00?" or s[j] == ONE or s[j] == tok:
                cur[j] = nxt[j + 1]
        nxt = cur
    return nxt[0]


def _all(p: tuple[str, ...], s: Subject) -> bool:
    """Whether ``p`` matches ``s`` whatever its unknown parts are (a sound under-estimate:
    one alignment must serve every value; unknown characters only meet wildcards)."""
    n, m = len(p), len(s)
    nxt = [False] * (m + 1)
    nxt[m] = True
    for j in range(m - 1, -1, -1):
        nxt[j] = False
    for i in range(n - 1, -1, -1):
        cur = [False] * (m + 1)
        tok = p[i]
        for j in range(m, -1, -1):
            if tok == "\x00*":
                cur[j] = nxt[j] or (j < m and cur[j + 1])
            elif j == m or s[j] == MANY:
                cur[j] = False
            elif s[j] == ONE:
                cur[j] = tok == "\x00?" and nxt[j + 1]
            elif tok == "\x00?" or s[j] == tok:
                cur[j] = nxt[j + 1]
        nxt = cur
    return nxt[0]


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
