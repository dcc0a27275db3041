"""zotlint.iam.resource_index and trust_index answer exactly what evaluating every role does.

ReadIndex only ever skips a (role, pattern) pair whose match is False, so "no role may read
this ARN" must come out the same as asking every role. Random roles (Allow / Deny / unknown
effects, Action and NotAction, Resource, NotResource and none, conditions, incomplete
policies, unresolved attachments) against random secret ARNs (region and account known or
unknown, keys by name or ARN, over-long keys) over a small alphabet, so that heads, tails
and middle runs collide often; and the report names the same role and verdict.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmods import bench_module
from cputime import best_cpu_seconds

from zotlint.document import text_document
from zotlint.engine import RunResult
from zotlint.iam import resource_index, trust_index, verdicts
from zotlint.iam.breadth import scopes, secret_arn
from zotlint.iam.evaluate import can_read, trust
from zotlint.iam.match import MAX_LEN
from zotlint.iam.model import Attachment, Role
from zotlint.iam.node import HOLE, Text, text
from zotlint.iam.policy import Condition, Policy, Statement, Val
from zotlint.iam.resource_index import ReadIndex
from zotlint.iam.trust_index import TrustIndex
from zotlint.iam.verdicts import RoleVerdicts
from zotlint.source.text import SourceFile

ACTION = "secretsmanager:GetSecretValue"
REF = text_document(SourceFile("t", "x")).ref()
KEYS = ["a/b", "a/bb", "a/b/c", "ab", "b/a", "zot/x", "a:b"]


def _pattern(rnd: random.Random) -> Text:
    key = rnd.choice([*KEYS, "a/", "a", ""])
    region = rnd.choice(["eu", "us", "*", "?u", "e*"])
    account = rnd.choice(["1", "2", "*", ""])
    tail = rnd.choice(["-??????", "-*", "*", "", "-?", "??????", "-abcdef"])
    shapes = [
        f"arn:aws:secretsmanager:{region}:{account}:secret:{key}{tail}",
        f"*:secret:{key}{tail}",
        f"arn:aws:secretsmanager:*{key}*",
        f"*{key}*",
        "*",
        f"arn:aws:*:secret:{key}-??????",
        f"{key}",
        "?" * rnd.randint(0, 40) + "*",
    ]
    got = rnd.choice(shapes)
    if rnd.random() < 0.05:
        return Text((got[:10], HOLE, got[10:]))
    if rnd.random() < 0.02:
        return text("a" * (MAX_LEN + 1))
    return text(got)


def _statement(rnd: random.Random) -> Statement:
    st = Statement(REF, effect=rnd.choice(["Allow", "Deny", "Deny", "Allow", "Deny", None]))
    action = rnd.choice(["secretsmanager:GetSecretValue", "secretsmanager:*", "s3:*", "*"])
    if rnd.random() < 0.15:
        st.not_actions = [Val(text(action), REF)]
    else:
        st.actions = [Val(text(action), REF)]
    values = [Val(_pattern(rnd), REF) for _ in range(rnd.randint(0, 3))]
    shape = rnd.random()
    if shape < 0.75:
        st.resources = values
    elif shape < 0.9:
        st.not_resources = values
    if rnd.random() < 0.04:
        st.conditions = [Condition("StringEquals", text("aws:x"), [], REF)]
    st.known = rnd.random() > 0.02
    return st


def _role(rnd: random.Random, i: int) -> Role:
    policies = [
        Policy(f"p{i}.{j}", REF, [_statement(rnd) for _ in range(rnd.randint(0, 4))])
        for j in range(rnd.randint(1, 2))
    ]
    for pol in policies:
        pol.complete = rnd.random() > 0.03
    role = Role("json", f"r{i}", REF, "zot-eso", policies=policies)
    if rnd.random() < 0.02:
        role.attachments.append(Attachment(None, REF))  # unresolved: incomplete
    return role


def _arn(rnd: random.Random) -> tuple[str, ...]:
    key = rnd.choice(KEYS)
    if rnd.random() < 0.1:
        key = "arn:aws:secretsmanager:eu:1:secret:" + key + rnd.choice(["", "-abcdef"])
    if rnd.random() < 0.02:
        key = "k" * MAX_LEN
    region = rnd.choice(["eu", "us", None])
    account = rnd.choice(["1", "2", None])
    return secret_arn(key, "aws", region, account)[0]


@pytest.mark.parametrize("seed", range(6))
def test_index_agrees_with_every_role_evaluated(seed: int) -> None:
    rnd = random.Random(seed)
    answers = {True: 0, False: 0}
    for _ in range(300):
        roles = [_role(rnd, i) for i in range(rnd.randint(1, 4))]
        index = ReadIndex(roles, ACTION)
        verdicts = RoleVerdicts()
        for _ in range(8):
            arn = _arn(rnd)
            expected = [can_read(r.all_policies(), r.complete(), arn, ACTION) for r in roles]
            may = any(v.allowed is not False for v in expected)
            assert (index.none_read(arn) is None) is may, (arn, [v.allowed for v in expected])
            answers[may] += 1
            got = verdicts.none_reads(roles, arn, ACTION)
            if may:
                assert got is None
            else:
                assert got is not None and got[0] is roles[0]
                assert (got[1].allowed, got[1].ref, got[1].why, got[1].statement) == (
                    False,
                    expected[0].ref,
                    expected[0].why,
                    expected[0].statement,
                )
    assert min(answers.values()) > 300, answers  # both answers drawn often


def test_scopes_cover_as_a_pass_over_every_scope() -> None:
    zot = scopes(["core/zot/a", "core/zot/b", "other/x", "flat"])
    assert zot.names == ("core/zot/", "flat", "other/")
    assert zot.covers("core/zot/") and zot.covers("core/zot/sub") and zot.covers("other/")
    assert not zot.covers("core/") and not zot.covers("")
    assert zot.covers("my-zot-")  # a key without a folder: any name that says zot
    assert not scopes(["core/zot/a"]).covers("my-zot-")


# -- the hostile shape: every role of a name denies or misses every key ----------------------


def _iam_deny_roles() -> Callable[..., Callable[[], RunResult]]:
    # The bench's own generator (bench/linearity.py), so the test and the bench time one input.
    return bench_module("linearity").iam_deny_roles  # type: ignore[no-any-return]


def test_roles_that_all_deny_every_key_take_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N copies of role `zot-eso` (each allows its own folder and denies each of its 8 keys)
    with a store each: every store joins every role and no role may read any key, so each
    key is reported (main evaluated N roles for each of 8N keys: 200 copies took 33 s)."""
    make = _iam_deny_roles()
    n = 20
    runs = []
    for size in (n, 4 * n):
        root = tmp_path / str(size)
        root.mkdir()
        runs.append(make(size, root))

    # Patterns matched and policies evaluated: linear, where main's grew with N squared.
    counts = []
    for go, size in zip(runs, (n, 4 * n), strict=True):
        calls = {"work": 0}
        for module, name in (
            (resource_index, "match"),
            (verdicts, "can_read"),
            (verdicts, "trust"),
            (trust_index, "trust"),
        ):
            monkeypatch.setattr(module, name, _counting(getattr(module, name), calls))
        result = go()
        monkeypatch.undo()
        read = [f for f in result.findings if f.rule_id == "ZOT508"]
        assert len(read) == 8 * size  # every key of every copy, once
        assert all("explicit Deny" in f.message or "no policy" in f.message for f in read)
        counts.append(calls["work"])
    assert 0 < counts[1] <= 4 * counts[0] + 8, counts

    # CPU time, apart from the test session's heap (tests/cputime.py); a shared runner's
    # noise gets more turns (a quadratic path, 16x, never passes).
    small = large = float("inf")
    for turn in range(4):
        small = min(small, best_cpu_seconds(runs[0], repeat=1))
        large = min(large, best_cpu_seconds(runs[1], repeat=1))
        if turn >= 1 and large < 5 * small:
            break
    assert large < 5 * small, (small, large)


def _counting(fn: Callable[..., object], calls: dict[str, int]) -> Callable[..., object]:
    def counted(*args: object, **kwargs: object) -> object:
        calls["work"] += 1
        return fn(*args, **kwargs)

    return counted


# -- trust: the same for `:sub` conditions ---------------------------------------------------

HOSTS = ["oidc.eks/id/A", "oidc.eks/id/B"]
NAMESPACES = ["zot", "zot2", "Zot", "z"]
ACCOUNTS = ["zot-sa", "sa", "zot-sa2"]


def _sub_value(rnd: random.Random) -> Text:
    ns, name = rnd.choice([*NAMESPACES, "*", "z?t"]), rnd.choice([*ACCOUNTS, "*", "zot-*"])
    got = rnd.choice(
        [f"system:serviceaccount:{ns}:{name}", f"*:{name}", f"system:serviceaccount:{ns}:*", "*"]
    )
    if rnd.random() < 0.2:
        got = got.upper()
    return Text((got[:8], HOLE, got[8:])) if rnd.random() < 0.05 else text(got)


def _trust_statement(rnd: random.Random) -> Statement:
    st = Statement(REF, effect=rnd.choice(["Allow", "Allow", "Deny", None]))
    st.actions = [Val(text(rnd.choice(["sts:AssumeRoleWithWebIdentity", "sts:*", "s3:*"])), REF)]
    host = rnd.choice(HOSTS)
    principal = rnd.choice([f"arn:aws:iam::1:oidc-provider/{host}", "arn:aws:iam::1:root"])
    st.principals = [(rnd.choice(["Federated", "Federated", "AWS"]), [Val(text(principal), REF)])]
    for _ in range(rnd.randint(0, 2)):
        claim = rnd.choice([":sub", ":sub", ":aud", ":amr"])
        key = Text((rnd.choice([*HOSTS, "oidc.eks/id/C"]) + claim,))
        if rnd.random() < 0.1:
            key = Text((HOLE, claim))
        op = rnd.choice(
            [
                "StringEquals",
                "StringLike",
                "StringNotEquals",
                "StringNotLike",
                "StringEqualsIgnoreCase",
                "StringNotEqualsIgnoreCase",
                "ForAnyValue:StringLike",
                "StringEqualsIfExists",
                "NumericEquals",
                None,
            ]
        )
        if claim == ":aud":
            values = [Val(text(rnd.choice(["sts.amazonaws.com", "x"])), REF)]
        else:
            values = [Val(_sub_value(rnd), REF) for _ in range(rnd.randint(0, 3))]
        st.conditions.append(Condition(op, key, values, REF))
    st.known = rnd.random() > 0.03
    return st


def _trust_role(rnd: random.Random, i: int) -> Role:
    role = Role("json", f"r{i}", REF, "zot-eso")
    if rnd.random() > 0.03:
        role.trust = Policy(f"t{i}", REF, [_trust_statement(rnd) for _ in range(rnd.randint(0, 3))])
        role.trust.complete = rnd.random() > 0.03
    return role


@pytest.mark.parametrize("seed", range(6))
def test_trust_index_agrees_with_every_role_evaluated(seed: int) -> None:
    rnd = random.Random(seed)
    answers = {True: 0, False: 0}
    for _ in range(300):
        roles = [_trust_role(rnd, i) for i in range(rnd.randint(1, 4))]
        index = TrustIndex(roles)
        memo = RoleVerdicts()
        for _ in range(8):
            ns = rnd.choice([*NAMESPACES, None])
            subj = Text(("system:serviceaccount:", ns, ":" + rnd.choice(ACCOUNTS)))
            if rnd.random() < 0.02:
                subj = Text(("system:serviceaccount:", "n" * MAX_LEN, ":sa"))
            audience = rnd.choice(["sts.amazonaws.com", "sts.amazonaws.com", "x", None])
            expected = [trust(r.trust, subj, audience) for r in roles]
            none = all(v.allowed is False for v in expected)
            assert index.none_trusts(subj, audience) is none, (subj, audience)
            answers[none] += 1
            got = memo.none_trusts(roles, subj, audience)
            if not none:
                assert got is None
            else:
                assert got is not None and got[0] is roles[0]
                assert (got[1].ref, got[1].why, got[1].condition) == (
                    expected[0].ref,
                    expected[0].why,
                    expected[0].condition,
                )
    assert min(answers.values()) > 300, answers
