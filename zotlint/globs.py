"""Glob patterns for `per-file-ignores`: gitignore syntax, `**` spans directories, a pattern
naming a directory covers everything below it, and one without a slash matches at any depth.

Matched by zotlint.files.wildmatch's automaton, never by a backtracking regex: the old
translation let `*a*a*a…b` against a long path run for minutes, and a bracket pasted raw into
a regex (`[z-a]`) ended the run with a traceback.
"""

from __future__ import annotations

from functools import lru_cache

from zotlint.files.wildmatch import CHAR, DIRS, REST, Automaton, Token, tokenize

_MAX_PATTERN = 4096  # longer patterns match nothing: no real path glob is this long


@lru_cache(maxsize=256)
def _compile(pattern: str) -> Automaton | None:
    pat = pattern.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    anchored = "/" in pat.rstrip("/")
    pat = pat.lstrip("/").rstrip("/")
    if not pat or len(pat) > _MAX_PATTERN:
        return None
    body = tokenize(pat)
    if body is None:
        return None
    if not anchored:
        body = (Token(DIRS), *body)
    # The pattern itself, or a directory it names with anything below.
    return Automaton([body, (*body, Token(CHAR, char="/"), Token(REST))])


def glob_match(pattern: str, rel: str) -> bool:
    automaton = _compile(pattern)
    return automaton is not None and automaton.first(rel) is not None
