"""zotlint's HCL reader (zotlint.iam.hcllex, zotlint.iam.hcl): values and their exact offsets,
what it does not model, what it refuses (the file's IAM is then unknown), hostile input, and
that `check` no longer needs python-hcl2 (whose first run wrote a cache into site-packages)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cputime import best_cpu_seconds

from zotlint.iam.hcl import MAX_DEPTH, MAX_HCL_SIZE, HVal, parse
from zotlint.iam.hcllex import MAX_NESTING, HclSyntaxError, tokenize

REPO = Path(__file__).resolve().parents[1]


def _read(text: str) -> dict[str, HVal]:
    root = parse(text)
    assert root is not None, text
    return {name: v for name, (_, _, v) in root.attrs.items()}


def _at(text: str, v: HVal) -> str:
    return text[v.start : v.end]


# -- values and spans --------------------------------------------------------------------------

TF = """\
resource "aws_iam_role" "zot" { # the role
  name   = "zot-${var.env}"
  count  = -2
  ratio  = 1.5e3
  ok     = true
  none   = null
  arns   = [aws_iam_policy.p.arn, module.m.out["k"].x, a[*].id, b.*.c, d.0.e]
  tags   = { Team = "platform", "k-2": 3 }
  doc    = jsonencode({ Statement = [] })
  parens = (var.x).y
  pick   = var.on ? "a" : "b"
  sum    = 1 +
    2
  each   = [for s in var.l : upper(s) if s != ""]
  fn     = provider::aws::arn_parse(var.arn)
  /* a block comment */ // and a line comment
  nested {
    inner = <<-EOT
      {"a": 1}
      EOT
  }
}
"""


def test_values_kinds_and_exact_spans() -> None:
    root = parse(TF)
    assert root is not None and (root.start, root.end) == (0, len(TF))
    (role,) = root.blocks
    assert (role.type, role.labels) == ("resource", ("aws_iam_role", "zot"))
    assert TF[role.start : role.end] == TF.rstrip("\n")  # from `resource` to the last `}`
    name_start, name_end, name = role.attrs["name"]
    assert TF[name_start:name_end] == "name"
    assert name.kind == "template" and _at(TF, name) == '"zot-${var.env}"'
    assert name.value[0] == "zot-" and name.value[1].value == ("var", "env")
    assert _at(TF, name.value[1]) == "var.env"
    v = {n: val for n, (_, _, val) in role.attrs.items()}
    assert (v["count"].kind, v["count"].value, _at(TF, v["count"])) == ("num", -2, "-2")
    assert (v["ratio"].value, type(v["ratio"].value)) == (1500.0, float)
    assert (v["ok"].kind, v["ok"].value, v["none"].kind) == ("bool", True, "null")
    refs = [(x.value, _at(TF, x)) for x in v["arns"].value]
    assert refs == [
        (("aws_iam_policy", "p", "arn"), "aws_iam_policy.p.arn"),
        (("module", "m", "out", "x"), 'module.m.out["k"].x'),  # indexes dropped
        (("a", "id"), "a[*].id"),
        (("b", "c"), "b.*.c"),
        (("d", "e"), "d.0.e"),
    ]
    tags = v["tags"]
    assert tags.kind == "obj" and tags.get("Team").value == "platform"  # type: ignore[union-attr]
    assert tags.get("k-2").value == 3  # type: ignore[union-attr]
    doc = v["doc"]
    assert doc.kind == "call" and doc.value[0] == "jsonencode"
    assert _at(TF, doc) == "jsonencode({ Statement = [] })"
    assert v["parens"].kind == "ref" and _at(TF, v["parens"]) == "(var.x).y"
    assert v["parens"].value == ("var", "x", "y")
    # Not modelled: kept as `other` with the exact span, never guessed.
    assert (v["pick"].kind, _at(TF, v["pick"])) == ("other", 'var.on ? "a" : "b"')
    assert (v["sum"].kind, _at(TF, v["sum"])) == ("other", "1 +\n    2")
    assert v["each"].kind == "other"
    assert _at(TF, v["each"]) == '[for s in var.l : upper(s) if s != ""]'
    assert v["fn"].kind == "call" and v["fn"].value[0] == "provider::aws::arn_parse"
    (nested,) = role.children("nested")
    inner = nested.attr("inner")
    assert inner is not None and inner.kind == "heredoc"
    body, at = inner.value
    assert body == '      {"a": 1}\n' and TF[at : at + len(body)] == body
    assert _at(TF, inner).startswith("<<-EOT\n") and _at(TF, inner).endswith("EOT\n")


def test_strings_escapes_templates_and_directives() -> None:
    text = (
        'a = "tab\\t quote\\" slash\\\\ \\u00e9 \\U0001F600 \\q"\n'
        'b = "$${not} %%{this} 100% $5"\n'
        'c = "x ${ "in ${var.deep}" } y"\n'
        'd = "%{ if var.on }on%{ else }off%{ endif }"\n'
        'e = "a   ${~ var.x ~}   b"\n'
        'f = ""\n'
        'g = "${lookup(var.m, \\"k\\")}"\n'
    )
    v = _read(text)
    assert v["a"].value == 'tab\t quote" slash\\ é 😀 \\q'
    assert v["b"].value == "${not} %{this} 100% $5"
    c = v["c"]
    assert c.kind == "template" and c.value[0] == "x " and c.value[2] == " y"
    assert c.value[1].kind == "template" and c.value[1].value[1].value == ("var", "deep")
    d = v["d"]
    assert [p if isinstance(p, str) else (p.kind, _at(text, p)) for p in d.value] == [
        ("other", "%{ if var.on }"),
        "on",
        ("other", "%{ else }"),
        "off",
        ("other", "%{ endif }"),
    ]
    g = v["g"]  # Terraform 0.11 quoted inside a template: read, the value unknown
    assert g.kind == "template" and g.value[0].kind == "call"
    assert [_at(text, a) for a in g.value[0].value[1]] == ["var.m", '\\"k\\"']
    assert g.value[0].value[1][1].kind == "other"
    e = v["e"]  # strip markers remove the blanks next to them
    assert e.value[0] == "a" and e.value[1].value == ("var", "x") and e.value[2] == "b"
    assert (v["f"].kind, v["f"].value) == ("str", "")


def test_heredocs_comments_and_line_ends() -> None:
    text = 'p = <<EOF\n{"Version": "2012-10-17"}\n  EOF\nq = 1 # trailing comment'
    v = _read(text)
    body, at = v["p"].value
    assert body == '{"Version": "2012-10-17"}\n' and at == text.index("{")
    assert v["q"].value == 1
    crlf = 'r = <<EOF\r\n{"a": 1}\r\nEOF\r\ns = "x"\r\n'
    v = _read(crlf)
    assert v["r"].value == ('{"a": 1}\r\n', crlf.index("{")) and v["s"].value == "x"
    # A line that merely starts with the marker does not close the heredoc.
    v = _read("t = <<EOT\nEOTX\nEOT\n")
    assert v["t"].value[0] == "EOTX\n"
    assert _read("u = <<EOT\nEOT")["u"].value[0] == ""  # closed by the end of the file


def test_keys_and_labels() -> None:
    text = 'o = { in = 1, true = 2, (k) = 3, "${a}" = 4 }\nb "x${y}" plain "z" {}\n'
    root = parse(text)
    assert root is not None
    keys = [(k.kind, k.value) for k, _ in root.attrs["o"][2].value]
    # A bare name is a string; `(k)` is the value of k, as Terraform reads it.
    assert keys[:3] == [("str", "in"), ("bool", True), ("ref", ("k",))]
    assert keys[3][0] == "template"
    (blk,) = root.blocks
    assert blk.labels == ("plain", "z")  # a label with `${}` is no name zotlint can use


# -- what is refused: the file's IAM is unknown --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'resource "x" {\n  a = \n',  # no value
        'a = "unterminated\n',
        "a = <<EOF\nno closing marker\n",
        "a = 1 /* unterminated",
        "a = 1 @ 2\n",  # no such character in HCL
        "ä = 1\n",  # names are ASCII (as python-hcl2 read them)
        'a = "${ b c }"\n',
        "a = [1, 2\n",
        "a = { b = 1 ",
        "b {\n",
        "}\n",
        "a = x.\n",
        'a = "bad \\\n escape"\n',
        "= 1\n",
        "a = [for x in y]\n",  # no `:`
        'a = "${f(\\"k)}"\n',  # Terraform 0.11's quote never closed
    ],
)
def test_text_the_reader_refuses_is_none(text: str) -> None:
    assert parse(text) is None


def test_too_large_is_none() -> None:
    assert parse("a = 1\n" + "#" * MAX_HCL_SIZE) is None


def _deep(kind: str, depth: int) -> str:
    if kind == "list":
        return "a = " + "[" * depth + "]" * depth + "\n"
    if kind == "block":
        return "b {\n" * depth + "}\n" * depth
    if kind == "paren":
        return "a = " + "(" * depth + "1" + ")" * depth + "\n"
    if kind == "template":
        return "a = " + '"${' * depth + "1" + '}"' * depth + "\n"
    if kind == "conditional":
        return "a = " + "x ? y : " * depth + "z\n"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["list", "block", "paren", "template", "conditional"])
def test_nesting_is_capped_not_a_recursion_error(kind: str) -> None:
    """Up to the cap the file reads (within the interpreter's default stack, from a test's
    depth); beyond it, and at depths that would blow Python's stack, it is unknown."""
    limit = min(MAX_DEPTH, MAX_NESTING // 2) if kind == "template" else MAX_DEPTH
    assert parse(_deep(kind, limit)) is not None
    assert parse(_deep(kind, limit + 1)) is None
    assert parse(_deep(kind, 200_000)) is None


def test_a_nearly_full_stack_makes_the_file_unknown_not_a_crash() -> None:
    frames = 0
    frame = sys._getframe()
    while frame is not None:
        frames += 1
        frame = frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(frames + 150)  # fewer frames left than MAX_DEPTH lists take
    try:
        assert parse(_deep("list", MAX_DEPTH)) is None  # a RecursionError, caught
    finally:
        sys.setrecursionlimit(limit)
    assert parse(_deep("list", MAX_DEPTH)) is not None


def test_long_flat_input_reads() -> None:
    """Length without nesting is no problem: a unary chain, a long operator chain."""
    assert _read("a = " + "-" * 100_000 + "1\n")["a"].value == 1
    assert _read("a = " + " + ".join(["x"] * 50_000) + "\n")["a"].kind == "other"


# -- linear time -------------------------------------------------------------------------------

_ROLE = (REPO / "tests/rules/ZOT507/fail_tf_jsonencode_wrong_account/iam/main.tf").read_text()


def _roles(n: int) -> str:
    return "".join(_ROLE.replace('"zot_eso"', f'"r{i}"') for i in range(n))


@pytest.mark.parametrize(
    "make",
    [
        _roles,  # real Terraform, many resources
        lambda n: 'a = "' + "$%\\n" * (3_000 * n) + '"\n',  # a string of near-templates
        lambda n: "x = <<EOF\n" + "EOFX\n" * (2_000 * n),  # a heredoc never closed
        lambda n: "a = " + " || ".join(["x.y[0]"] * (1_000 * n)) + "\n",  # operators
        lambda n: "a = [" + "[1], " * (1_000 * n) + "]\n",  # many shallow lists
    ],
    ids=["roles", "string", "heredoc", "operators", "lists"],
)
def test_reading_is_linear(make) -> None:  # type: ignore[no-untyped-def]
    """4x the input takes about 4x the CPU time (a quadratic path: 16x). A loaded machine can
    push one measurement past 5x: the best of three attempts counts, and a quadratic path
    fails all three."""
    small, large = make(5), make(20)
    assert (parse(small) is None) == (parse(large) is None)
    ratios = []
    for _ in range(3):
        t_small = best_cpu_seconds(lambda: parse(small))
        t_large = best_cpu_seconds(lambda: parse(large))
        ratios.append(t_large / t_small)
        if ratios[-1] < 5:
            break
    assert min(ratios) < 5, ratios


def test_tokens_are_small() -> None:
    """16 bytes a token (three parallel arrays), not a tuple each."""
    toks = tokenize("a = " + "-" * 10_000 + "1\n")
    assert len(toks.kinds) == 10_005 and toks.starts.itemsize == toks.ends.itemsize == 4
    with pytest.raises(HclSyntaxError):
        tokenize("a = `")


# -- no python-hcl2 at run time ------------------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def test_check_reads_terraform_without_python_hcl2_and_writes_nothing(tmp_path: Path) -> None:
    """`check` on a repository whose Terraform role is wrong finds it at the exact line and
    column, and imports neither python-hcl2 nor Lark: nothing can build a grammar or write
    its cache into site-packages."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "tests/rules/ZOT507/fail_tf_jsonencode_wrong_account", repo)
    before = _tree(repo)
    code = textwrap.dedent(
        """
        import sys
        from zotlint.__main__ import main
        sys.argv = ["zotlint", "check", "--select", "ZOT507", "--format", "concise", "."]
        try:
            main()
        except SystemExit as exc:
            print("exit", exc.code)
        print(" ".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, timeout=120
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "iam/main.tf:15:33: ZOT507" in out.stdout, out.stdout
    assert lines[-2] == "exit 1"
    packages = {name.split(".")[0] for name in lines[-1].split()}
    assert "zotlint" in packages
    assert sorted(packages & {"hcl2", "lark"}) == []
    assert _tree(repo) == before
