"""zotlint's own HCL parser against python-hcl2 (the library zotlint read Terraform with before,
now a test-only dependency): the same ``Block``/``HVal`` trees, offsets included, on every
Terraform file of the fixtures, examples and the shared corpus, and on generated HCL.

Known, intended differences, kept out of the generated text: a parenthesised bare name as an
object key (`(a) = 1` is the value of `a` in Terraform; python-hcl2's reading made it the string
"a"), a provider function's name (`provider::aws::arn_parse`, python-hcl2's reading kept
"provider"), strip markers (`${~ x ~}`, which python-hcl2 rejects). The end of an operator
expression may stop before a line end and comment that python-hcl2 counts in (tests/hcldiff.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hcl2_reference import parse as reference
from hcldiff import differences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zotlint.iam.hcl import parse

pytest.importorskip("hcl2", reason="python-hcl2 (the `test` extra) is the reference")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _terraform_files() -> list[Path]:
    roots = [REPO / "tests", REPO / "examples", SHARED / "corpus"]
    return sorted(
        p
        for root in roots
        if root.is_dir()
        for p in root.rglob("*")
        if p.suffix in (".tf", ".tfvars") and p.is_file()
    )


FILES = _terraform_files()


def test_there_are_terraform_files_to_compare() -> None:
    assert len([p for p in FILES if REPO / "tests" in p.parents]) >= 20


def _name(path: Path) -> str:
    return str(path.relative_to(REPO) if REPO in path.parents else path.relative_to(SHARED.parent))


@pytest.mark.parametrize("path", FILES, ids=[_name(p) for p in FILES])
def test_same_tree_as_python_hcl2(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = reference(text)
    got = parse(text)
    assert want is not None, "python-hcl2 reads every file of the fixtures and the corpus"
    assert got is not None
    assert differences(text, got, want) == []


# -- generated HCL ---------------------------------------------------------------------------

_NAMES = st.sampled_from(["a", "b_c", "x-y", "zot_eso", "name", "arn", "id", "each", "count"])
_KEYS = st.one_of(
    _NAMES,
    st.sampled_from(["in", "Effect", "Action"]),
    st.builds(lambda s: f'"{s}"', st.sampled_from(["a-b", "StringEquals", "x:sub", ""])),
    st.just('"${local.oidc}:sub"'),
)
_CHUNKS = st.one_of(
    st.text(alphabet="abcXYZ019 :/*?-_.,{}é", min_size=1, max_size=8),
    st.sampled_from(["\\n", "\\t", '\\"', "\\\\", "\\u00e9", "\\U0001F600", "\\q", "a$b", "5% "]),
    st.sampled_from(["$${a}", "%%{b}"]),
)
_NUMBERS = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["1.5", "2e3", "-0.5", "1E-2", "007", "- 3"]),
)
_REFS = st.one_of(
    st.builds(lambda a, b: f"{a}.{b}", st.sampled_from(["var", "local", "module"]), _NAMES),
    st.sampled_from(
        [
            "aws_iam_policy.p.arn",
            "data.aws_iam_policy_document.d.json",
            "a[0]",
            "a[var.i].b",
            "a.*.id",
            "a[*].id",
            "a.0.b",
            'module.m.out["k"]',
            "(a).b",
            "path.module",
            "true",
            "null",
        ]
    ),
)
_HEREDOCS = st.builds(
    lambda trim, lines, indent: (
        f"<<{'-' if trim else ''}EOT\n"
        + "".join(f"{indent}{line}\n" for line in lines)
        + f"{indent if trim else ''}EOT\n"
    ),
    st.booleans(),
    st.lists(st.text(alphabet='ab {}":,[]$%é', max_size=12), max_size=4),
    st.sampled_from(["", "  "]),
)


def _string(expr: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    part = st.one_of(
        _CHUNKS,
        expr.map(lambda e: "${" + e + "}"),
        expr.map(lambda e: "%{ if " + e + " }yes%{ else }no%{ endif }"),
        st.just("%{ for x in var.l }${x},%{ endfor }"),
        st.just('${lookup(var.m, \\"k\\", \\"d\\")}%{ if a != \\"b\\" }c%{ endif }'),
    )
    # Two literal chunks side by side could spell `$${` or `%%{` across their border.
    return st.lists(part, max_size=4).map(lambda ps: '"' + "".join(ps) + '"')


def _sep() -> st.SearchStrategy[str]:
    return st.sampled_from([", ", ",\n", ",\n  # note\n", " ,"])


def _exprs(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    terms = st.one_of(_NUMBERS, _REFS, _string(inner), inner.map(lambda e: f"({e})"))
    return st.one_of(
        st.lists(inner, max_size=4).flatmap(
            lambda items: st.builds(
                lambda sep, trail, nl: (
                    "[" + nl + sep.join(items) + (trail if items else "") + nl + "]"
                ),
                _sep(),
                st.sampled_from(["", ","]),
                st.sampled_from(["", "\n"]),
            )
        ),
        st.lists(st.tuples(_KEYS, st.sampled_from([" = ", ": ", "="]), inner), max_size=4).map(
            lambda kvs: "{" + "".join(f"\n  {k}{s}{v}" for k, s, v in kvs) + "\n}"
        ),
        st.lists(st.tuples(_KEYS, inner), min_size=1, max_size=3).map(
            lambda kvs: "{ " + ", ".join(f"{k} = {v}" for k, v in kvs) + " }"
        ),
        st.builds(
            lambda f, args, ell: f + "(" + ", ".join(args) + ("..." if ell and args else "") + ")",
            st.sampled_from(["jsonencode", "file", "templatefile", "concat", "replace", "f"]),
            st.lists(inner, max_size=3),
            st.booleans(),
        ),
        st.builds(
            lambda a, op, b: f"{a} {op} {b}",
            terms,
            st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]),
            terms,
        ),
        st.builds(lambda a, b, c: f"{a} ? {b} : {c}", terms, terms, terms),
        st.builds(lambda op, t: op + t, st.sampled_from(["-", "!"]), terms),
        st.builds(lambda c, v: f"[for x in {c} : {v}]", terms, terms),
        st.builds(lambda c, v: f"{{for k, v in {c} : k => {v} if v != null}}", terms, terms),
    )


_VALUES = st.recursive(st.one_of(_NUMBERS, _REFS, _HEREDOCS, _string(_REFS)), _exprs, max_leaves=12)


def _item(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    attr = st.builds(
        lambda n, eq, v: f"{n}{eq}{v}" + ("" if v.endswith("EOT\n") else "\n"),
        st.one_of(_NAMES, st.just("for_each")),
        st.sampled_from([" = ", "=", "   =  "]),
        _VALUES,
    )
    block = st.builds(
        lambda t, labels, inner: f"{t} {' '.join(labels)} {{\n{inner}}}\n",
        st.sampled_from(["resource", "data", "statement", "dynamic", "locals", "condition"]),
        st.lists(st.sampled_from(['"aws_iam_role"', '"zot"', "label", '"a${b}"']), max_size=2),
        body,
    )
    comment = st.sampled_from(["# c\n", "// c\n", "/* c\n c */\n", "\n"])
    return st.one_of(attr, block, comment)


_BODIES = st.recursive(
    st.just(""),
    lambda body: st.lists(_item(body), max_size=4).map("".join),
    max_leaves=6,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_BODIES, st.sampled_from(["", "\n", "# last"]), st.booleans())
def test_generated_hcl_reads_as_python_hcl2_reads_it(body: str, tail: str, crlf: bool) -> None:
    text = body + tail
    if crlf:
        text = text.replace("\n", "\r\n")
    want = reference(text)
    got = parse(text)
    if want is None:
        return  # python-hcl2 rejects it: nothing to compare (zotlint may read it or not)
    assert got is not None, text
    assert differences(text, got, want) == [], text


def test_the_generator_is_mostly_valid_hcl() -> None:
    """The comparison above means something only if python-hcl2 reads most generated texts."""
    read = 0
    total = 0

    @settings(max_examples=60, deadline=None, database=None)
    @given(_BODIES)
    def count(body: str) -> None:
        nonlocal read, total
        total += 1
        read += reference(body) is not None

    count()
    assert read >= 0.8 * total, (read, total)
