"""Whether any of many roles may read one secret, without evaluating every role for it.

A repository that repeats a role name (per-environment copies, fixtures) joins every
SecretStore with every role of that name. A key that no role may read is only known after
every role said no: one role at a time that is roles x keys evaluations (issue 14: 200 copies
of a role that each deny their own keys, 8 keys a copy, took 33 s). ``ReadIndex`` keeps the
resource patterns of all the roles' statements that may concern the action, keyed by what
an ARN must have for the pattern to match it:

- head: the literal characters before the pattern's first wildcard, which the ARN's own
  literal head must agree with (a sorted list: those that are a prefix of it, and those it
  is a prefix of);
- tail: the literal characters the pattern fixes at a distance from the end (after its last
  `*`, past the ARN's trailing unknown characters: the secret's random suffix), which the
  ARN's literal characters at that distance must agree with;
- middle: the first characters of the pattern's longest literal run, which must occur in an
  ARN that is literal but for its suffix (a region `*` leaves the head and `/*` the tail
  unselective, the name in between is not).

For one ARN only the patterns the smallest of those lookups returns are tried, and of them
only those that pass all three checks are matched (``zotlint.iam.match``); a role none of
whose patterns passes answers as if every Resource missed the ARN (computed once). Each check
is a necessary condition for ``match`` to return anything but False, so every answer is
exactly ``zotlint.iam.evaluate.can_read``'s.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from zotlint.iam.evaluate import action_matches, read_outcome
from zotlint.iam.match import (
    MANY,
    MAX_LEN,
    ONE,
    QUESTION,
    STAR,
    Subject,
    glob_pattern,
    match,
    not3,
    or3,
)
from zotlint.iam.model import Role
from zotlint.iam.policy import Statement, Val

_RESOURCE, _NOT_RESOURCE, _NO_RESOURCE = 0, 1, 2
GRAM = 6  # characters of a pattern's longest literal run the middle lookup keys on
_WILDS = (STAR, QUESTION)


@dataclass(slots=True, eq=False)
class _Entry:
    """One resource pattern of one statement of one role."""

    role: int  # position in the role list
    stmt: int  # position in that role's _RoleReads.statements
    value: Val
    head: str  # literal characters before the first wildcard
    fixed: tuple[str, ...]  # the tokens after the last `*` (all of them without one)
    longest: str  # the longest run of literal characters


@dataclass(slots=True, eq=False)
class _RoleReads:
    """A role's statements that may concern the action, in evaluation order."""

    statements: list[tuple[Statement, bool | None, int]]  # (statement, Action verdict, kind)
    # A policy not read whole, an unresolved attachment or no policy at all: a miss is unknown.
    open: bool


class _Sorted:
    """Entries by a string key: those whose key is a prefix of a probe (one dict lookup per
    key length in use) and those whose key starts with it (a range of the sorted keys)."""

    def __init__(self, keyed: dict[str, list[_Entry]]) -> None:
        self._by = keyed
        self._keys = sorted(keyed)
        self._lengths = sorted({len(k) for k in keyed})
        self._cum = [0]
        for k in self._keys:
            self._cum.append(self._cum[-1] + len(keyed[k]))

    def lookup(self, probe: str) -> tuple[int, Callable[[], Iterator[_Entry]]]:
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

        def entries() -> Iterator[_Entry]:
            for lst in shorter:
                yield from lst
            for k in self._keys[lo:hi]:
                yield from self._by[k]

        return size, entries


def _role_reads(role: Role, action: str) -> _RoleReads:
    policies = role.all_policies()
    statements = []
    for pol in policies:
        for st in pol.statements:
            act = action_matches(st, action)
            if act is False:
                continue  # never applies, whatever the resource
            kind = (
                _RESOURCE
                if st.resources is not None
                else _NOT_RESOURCE
                if st.not_resources is not None
                else _NO_RESOURCE
            )
            statements.append((st, act, kind))
    is_open = not role.complete() or not policies or any(not p.complete for p in policies)
    return _RoleReads(statements, is_open)


def _may_read(rr: _RoleReads, resource: Callable[[int, int], bool | None]) -> bool:
    """Whether can_read's verdict is not False, given each statement's Resource verdict."""
    allowed, unsure, deny = read_outcome(
        (st, act, resource(i, kind)) for i, (st, act, kind) in enumerate(rr.statements)
    )
    return deny is None and (allowed or unsure or rr.open)


def _missed(_: int, kind: int) -> bool | None:
    """A statement's Resource verdict when none of its patterns matches."""
    return False if kind == _RESOURCE else True if kind == _NOT_RESOURCE else None


def _uncompared(rr: _RoleReads) -> Callable[[int, int], bool | None]:
    def resource(i: int, kind: int) -> bool | None:
        st = rr.statements[i][0]
        values = st.resources if kind == _RESOURCE else st.not_resources
        return None if values else _missed(i, kind)

    return resource


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
    the ARN's unknown suffix) are dropped."""
    if len(fixed) <= k:
        return ""
    rest = fixed[: len(fixed) - k]
    i = len(rest)
    while i and rest[i - 1] not in _WILDS:
        i -= 1
    return "".join(rest[i:])


class _ArnShape:
    """What the lookups need of one ARN."""

    def __init__(self, arn: Subject) -> None:
        first = next((i for i, t in enumerate(arn) if t in (ONE, MANY)), len(arn))
        self.head = "".join(arn[:first])
        k = 0
        while k < len(arn) and arn[len(arn) - 1 - k] == ONE:
            k += 1
        self.k = k  # trailing unknown characters (a secret's random suffix)
        end = len(arn) - k
        start = end
        while start and arn[start - 1] not in (ONE, MANY):
            start -= 1
        self.tail = "".join(arn[start:end])  # the literal run before them
        self.plain = first == end  # literal but for the suffix: the middle lookup applies


class ReadIndex:
    """The statements of ``roles`` that may concern ``action``, indexed by resource pattern."""

    def __init__(self, roles: list[Role], action: str) -> None:
        self._reads = [_role_reads(r, action) for r in roles]
        self._default = [_may_read(rr, _missed) for rr in self._reads]
        self._open = sum(self._default)
        self._entries: list[_Entry] = []
        self._always: list[_Entry] = []  # too long to compare: match answers None
        heads: dict[str, list[_Entry]] = {}
        for ri, rr in enumerate(self._reads):
            for si, (st, _, kind) in enumerate(rr.statements):
                values = st.resources if kind == _RESOURCE else st.not_resources
                for v in values or ():
                    pat = glob_pattern(v.text)
                    if pat.too_long:
                        self._always.append(_Entry(ri, si, v, "", (), ""))
                        continue
                    toks = pat.tokens
                    last_star = max((i for i, t in enumerate(toks) if t == STAR), default=-1)
                    e = _Entry(
                        ri, si, v, pat.head, toks[last_star + 1 :], max(_runs(toks), key=len)
                    )
                    self._entries.append(e)
                    heads.setdefault(e.head, []).append(e)
        self._heads = _Sorted(heads)
        self._tails: dict[int, tuple[_Sorted, dict[int, str]]] = {}
        self._grams: dict[int, tuple[dict[str, list[_Entry]], list[_Entry]]] = {}
        self._too_long: bool | None = None

    def may_read(self, arn: Subject) -> bool:
        """Whether ``can_read`` is not False for at least one of the roles."""
        if len(arn) > MAX_LEN:
            return self._long_arn()
        shape = _ArnShape(arn)
        hits: dict[int, dict[int, list[Val]]] = {}
        tails = self._tail_index(shape.k)[1]
        for e in self._candidates(shape):
            if self._passes(e, shape, tails):
                hits.setdefault(e.role, {}).setdefault(e.stmt, []).append(e.value)
        for e in self._always:
            hits.setdefault(e.role, {}).setdefault(e.stmt, []).append(e.value)
        # A role with no pattern left answers as when every Resource misses: if one of those
        # may read, so may the roles.
        if self._open > sum(self._default[r] for r in hits):
            return True
        return any(self._exact(r, found, arn) for r, found in hits.items())

    def _exact(self, role: int, found: dict[int, list[Val]], arn: Subject) -> bool:
        def resource(i: int, kind: int) -> bool | None:
            values = found.get(i)
            if not values:
                return _missed(i, kind)
            got = or3([match(v.text, arn, glob=True) for v in values])
            return got if kind == _RESOURCE else not3(got)

        return _may_read(self._reads[role], resource)

    def _long_arn(self) -> bool:
        """An ARN over MAX_LEN is never compared: each pattern answers None."""
        if self._too_long is None:
            self._too_long = any(_may_read(rr, _uncompared(rr)) for rr in self._reads)
        return self._too_long

    def _candidates(self, shape: _ArnShape) -> Iterator[_Entry]:
        """The entries of the smallest lookup the ARN allows."""
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

    def _passes(self, e: _Entry, shape: _ArnShape, tails: dict[int, str]) -> bool:
        """The three necessary conditions for ``match(e.value, arn)`` not to be False."""
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

    def _tail_index(self, k: int) -> tuple[_Sorted, dict[int, str]]:
        got = self._tails.get(k)
        if got is None:
            keyed: dict[str, list[_Entry]] = {}
            keys: dict[int, str] = {}
            for e in self._entries:
                t = _tail_key(e.fixed, k)
                keys[id(e)] = t
                keyed.setdefault(t[::-1], []).append(e)
            got = self._tails[k] = (_Sorted(keyed), keys)
        return got

    def _gram_index(self, k: int) -> tuple[dict[str, list[_Entry]], list[_Entry]]:
        got = self._grams.get(k)
        if got is None:
            by_gram: dict[str, list[_Entry]] = {}
            unindexed: list[_Entry] = []
            for e in self._entries:
                if len(e.longest) - k >= GRAM:
                    by_gram.setdefault(e.longest[:GRAM], []).append(e)
                else:
                    unindexed.append(e)
            got = self._grams[k] = (by_gram, unindexed)
        return got
