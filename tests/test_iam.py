"""IAM reading and evaluation (zotlint.iam): HCL positions, IAM matching, trust and reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import load_project
from zotlint.iam import iam_index
from zotlint.iam.breadth import over_broad, scopes, secret_arn
from zotlint.iam.evaluate import can_read, trust
from zotlint.iam.hcl import parse
from zotlint.iam.match import MANY, ONE, literal, match, subject
from zotlint.iam.node import HOLE, Text, text
from zotlint.iam.policy import Condition, Policy, Statement, Val
from zotlint.model import build_model
from zotlint.source.text import SourceFile

SUB = Text(("system:serviceaccount:zot:zot-sa",))


# -- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "glob", "expected"),
    [
        ("system:serviceaccount:zot:zot-sa", False, True),
        ("system:serviceaccount:zot:*", False, False),  # StringEquals: `*` is a character
        ("system:serviceaccount:zot:*", True, True),
        ("system:serviceaccount:zot:zot-s?", True, True),
        ("system:serviceaccount:zot:zot-?", True, False),
        ("system:serviceaccount:*:zot-sa", True, True),
        ("System:ServiceAccount:zot:zot-sa", False, False),  # case-sensitive
    ],
)
def test_string_operators(pattern: str, glob: bool, expected: bool) -> None:
    assert match(text(pattern), subject(SUB), glob=glob) is expected


def test_unknown_parts_are_unknown_not_mismatches() -> None:
    ns_unknown = subject(Text(("system:serviceaccount:", HOLE, ":zot-sa")))
    assert match(text("system:serviceaccount:zot:zot-sa"), ns_unknown, glob=False) is None
    assert match(text("system:serviceaccount:zot:other"), ns_unknown, glob=False) is False
    assert match(text("system:serviceaccount:*:zot-sa"), ns_unknown, glob=True) is True
    # A pattern with an unresolved interpolation: unknown when it could match, else a miss.
    assert (
        match(Text(("system:serviceaccount:", HOLE, ":zot-sa")), subject(SUB), glob=False) is None
    )
    assert match(Text(("system:serviceaccount:", HOLE, ":x")), subject(SUB), glob=False) is False


def test_secret_arn_random_suffix() -> None:
    arn, shown = secret_arn("core/zot/oidc", "aws", "eu-west-1", "123456789012")
    assert shown.endswith(":secret:core/zot/oidc-??????")
    base = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:core/zot/oidc"
    assert match(text(base), arn, glob=True) is False  # the classic miss
    assert match(text(base + "-??????"), arn, glob=True) is True
    assert match(text(base + "*"), arn, glob=True) is True
    assert match(text(base + "-AbCdEf"), arn, glob=True) is None  # maybe the real suffix
    assert match(text(base + "-AbCdE"), arn, glob=True) is False
    unknown_region, _ = secret_arn("core/zot/oidc", "aws", None, None)
    assert MANY in unknown_region and ONE in unknown_region
    assert match(text(base + "-??????"), unknown_region, glob=True) is None
    assert match(text("arn:aws:secretsmanager:*:*:secret:core/zot/*"), unknown_region, glob=True)


# -- evaluation -------------------------------------------------------------------------------


def _ref():  # type: ignore[no-untyped-def]
    from zotlint.document import text_document

    return text_document(SourceFile("t", "x")).ref()


def _trust(op: str, sub: str, aud: str | None = "sts.amazonaws.com", effect: str = "Allow"):  # type: ignore[no-untyped-def]
    r = _ref()
    st = Statement(r, effect=effect)
    st.actions = [Val(text("sts:AssumeRoleWithWebIdentity"), r)]
    st.principals = [
        ("Federated", [Val(text("arn:aws:iam::1:oidc-provider/oidc.example/id/X"), r)])
    ]
    st.conditions = [Condition(op, text("oidc.example/id/X:sub"), [Val(text(sub), r)], r)]
    if aud is not None:
        st.conditions.append(Condition(op, text("oidc.example/id/X:aud"), [Val(text(aud), r)], r))
    pol = Policy("p", r)
    pol.statements.append(st)
    return pol


def test_trust_conditions() -> None:
    assert trust(
        _trust("StringEquals", "system:serviceaccount:zot:zot-sa"), SUB, "sts.amazonaws.com"
    ).allowed
    v = trust(_trust("StringEquals", "system:serviceaccount:eso:eso"), SUB, "sts.amazonaws.com")
    assert v.allowed is False and v.why == "sub"
    assert trust(
        _trust("StringLike", "system:serviceaccount:zot:*"), SUB, "sts.amazonaws.com"
    ).allowed
    v = trust(
        _trust("StringEquals", "system:serviceaccount:zot:zot-sa", "other"),
        SUB,
        "sts.amazonaws.com",
    )
    assert v.allowed is False and v.why == "aud"
    # no aud condition: still assumable
    assert trust(
        _trust("StringEquals", "system:serviceaccount:zot:zot-sa", None), SUB, "sts.amazonaws.com"
    ).allowed
    # negation and IfExists
    assert trust(
        _trust("StringNotEquals", "system:serviceaccount:eso:eso", None), SUB, None
    ).allowed
    v = trust(_trust("StringNotLike", "system:serviceaccount:zot:*", None), SUB, None)
    assert v.allowed is False
    # audience unknown (serviceAccountRef.audiences): not a finding
    assert (
        trust(_trust("StringEquals", "system:serviceaccount:zot:zot-sa", "x"), SUB, None).allowed
        is None
    )


def test_trust_explicit_deny_wins() -> None:
    pol = _trust("StringEquals", "system:serviceaccount:zot:zot-sa")
    deny = _trust("StringLike", "system:serviceaccount:*", None, effect="Deny").statements[0]
    pol.statements.append(deny)
    v = trust(pol, SUB, "sts.amazonaws.com")
    assert v.allowed is False and v.why == "deny"


def test_trust_pod_identity_role_has_no_web_identity() -> None:
    r = _ref()
    st = Statement(r, effect="Allow")
    st.actions = [Val(text("sts:AssumeRole"), r), Val(text("sts:TagSession"), r)]
    st.principals = [("Service", [Val(text("pods.eks.amazonaws.com"), r)])]
    pol = Policy("p", r)
    pol.statements.append(st)
    assert trust(pol, SUB, "sts.amazonaws.com").why == "action"


def _perm(effect: str, action: str, resource: str, **kw) -> Statement:  # type: ignore[no-untyped-def]
    r = _ref()
    st = Statement(r, effect=effect, **kw)
    st.actions = [Val(text(action), r)]
    st.resources = [Val(text(resource), r)]
    return st


def test_can_read_deny_over_allow_and_completeness() -> None:
    arn, _ = secret_arn("core/zot/oidc", "aws", "eu-west-1", "123456789012")
    allow = Policy(
        "a",
        _ref(),
        [_perm("Allow", "secretsmanager:Get*", "arn:aws:secretsmanager:*:*:secret:core/zot/*")],
    )
    assert can_read([allow], True, arn, "secretsmanager:GetSecretValue").allowed is True
    deny = Policy("d", _ref(), [_perm("Deny", "secretsmanager:*", "*")])
    assert can_read([allow, deny], True, arn, "secretsmanager:GetSecretValue").why == "deny"
    other = Policy(
        "o",
        _ref(),
        [
            _perm(
                "Allow",
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:*:*:secret:core/other/*",
            )
        ],
    )
    assert can_read([other], True, arn, "secretsmanager:GetSecretValue").allowed is False
    # something attached that zotlint cannot read: unknown, not a finding
    assert can_read([other], False, arn, "secretsmanager:GetSecretValue").allowed is None
    # a condition zotlint cannot evaluate: unknown
    cond = _perm("Allow", "secretsmanager:GetSecretValue", "*")
    cond.conditions = [Condition("StringEquals", text("aws:SourceVpc"), [], _ref())]
    assert (
        can_read([Policy("c", _ref(), [cond])], True, arn, "secretsmanager:GetSecretValue").allowed
        is None
    )


@pytest.mark.parametrize(
    ("action", "resource", "broad"),
    [
        ("secretsmanager:*", "arn:aws:secretsmanager:*:*:secret:core/zot/*", True),
        ("*", "*", True),
        ("secretsmanager:Put*", "arn:aws:secretsmanager:*:*:secret:core/zot/*", True),
        ("secretsmanager:GetSecretValue", "*", True),
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:core/*", True),
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:core/zot/*", False),
        ("secretsmanager:ListSecrets", "*", False),  # takes no resource
        (
            "secretsmanager:Get*",
            "arn:aws:secretsmanager:eu-west-1:1:secret:core/zot/oidc-??????",
            False,
        ),
        ("s3:*", "*", False),
    ],
)
def test_over_broad(action: str, resource: str, broad: bool) -> None:
    got = over_broad(_perm("Allow", action, resource), scopes(["core/zot/oidc"]))
    assert (got is not None) is broad


# -- HCL positions ----------------------------------------------------------------------------

TF = """locals {
  ns = "zot"
}
resource "aws_iam_role" "r" {
  name = "zot-eso"
  assume_role_policy = jsonencode({
    Statement = [{
      Condition = { StringEquals = {
        "${local.oidc}:sub" = "system:serviceaccount:${local.ns}:zot-sa" } }
    }]
  })
}
"""


def test_hcl_keeps_offsets() -> None:
    root = parse(TF)
    assert root is not None
    role = root.children("resource")[0]
    assert role.labels == ("aws_iam_role", "r")
    name = role.attr("name")
    assert name is not None and TF[name.start : name.end] == '"zot-eso"'
    call = role.attr("assume_role_policy")
    assert call is not None and call.kind == "call" and call.value[0] == "jsonencode"
    stmt = call.value[1][0].get("Statement")
    assert stmt is not None
    cond = stmt.value[0].get("Condition").get("StringEquals")  # type: ignore[union-attr]
    key, value = cond.value[0]  # type: ignore[union-attr]
    assert key.kind == "template" and TF[value.start : value.end].startswith('"system:')
    assert value.kind == "template"


def test_hcl_garbage_is_none() -> None:
    assert parse('resource "x" {\n  a = \n') is None
    assert parse("x" * 2_000_000) is None


def _run(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    for rel, body in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    return load_project([tmp_path], Settings(), root=tmp_path).project


def test_terraform_locals_variables_and_tfvars(tmp_path: Path) -> None:
    project = _run(
        tmp_path,
        {
            "iam/vars.tf": 'variable "role" {\n  default = "zot-eso"\n}\n'
            'variable "env" {\n  default = "dev"\n}\n',
            "iam/prod.tfvars": 'env = "prod"\n',
            "iam/main.tf": 'resource "aws_iam_role" "a" {\n  name = var.role\n}\n'
            'resource "aws_iam_role" "b" {\n  name = "zot-${var.env}"\n}\n',
        },
    )
    names = sorted(str(r.name) for r in iam_index(project).roles)
    # var.env is set differently by a .tfvars file: unknown, never guessed
    assert names == ["None", "zot-eso"]


def test_role_arn_lookup_uses_path_and_account(tmp_path: Path) -> None:
    project = _run(
        tmp_path,
        {"main.tf": 'resource "aws_iam_role" "a" {\n  name = "zot"\n  path = "/eso/"\n}\n'},
    )
    idx = iam_index(project)
    assert idx.roles_for("arn:aws:iam::123456789012:role/eso/zot")
    assert not idx.roles_for("arn:aws:iam::123456789012:role/zot")
    assert not idx.roles_for("arn:aws:iam::123456789012:role/eso/other")
    assert not idx.roles_for("not-an-arn")


def test_literal_helpers() -> None:
    assert literal("ab") == ("a", "b")


def test_graph_follows_the_role(tmp_path: Path) -> None:
    from zotlint.model.graph import render

    fixtures = Path(__file__).parent / "rules"
    for case, role, policy in (
        ("ZOT507/fail_tf_jsonencode_wrong_account", "BROKEN  IAM role", "ok      policies"),
        ("ZOT508/fail_tf_jsonencode_key_not_covered", "ok      IAM role", "BROKEN  policies"),
    ):
        project = load_project([fixtures / case], Settings(), root=fixtures / case).project
        out = render(build_model(project), "text", project=project)
        assert f"{role} aws_iam_role.zot_eso" in out, out
        assert policy in out, out
    broad = fixtures / "ZOT508/fail_tf_jsonencode_secretsmanager_star"
    project = load_project([broad], Settings(), root=broad).project
    assert "cover zot's remote keys: yes, too broad" in render(
        build_model(project), "text", project=project
    )
    # without the project (older callers) the chain stops at the service account
    assert "IAM role" not in render(build_model(project), "text")


@pytest.mark.parametrize(
    "body",
    [
        "a = " + "[" * 3000 + "]" * 3000 + "\n",
        "b {\n" * 400 + "}\n" * 400,
        'x = <<EOF\n{"unterminated": true}\n' * 200,
        "\x00\x01\x02 = \ufffd\n",
        'resource "aws_iam_role" "r" { assume_role_policy = jsonencode('
        + "{a=" * 500
        + "1"
        + "}" * 500
        + ") }\n",
    ],
)
def test_hostile_hcl_never_raises(body: str) -> None:
    got = parse(body)
    assert got is None or got.type == ""


def test_terraform_read_for_the_wanted_names_first(tmp_path: Path) -> None:
    role = 'resource "aws_iam_role" "r" {\n  name = "%s"\n}\n'
    project = _run(
        tmp_path,
        {"zot/iam.tf": role % "zot-eso", "other/iam.tf": role % "grafana", "x/iam.tf": "{{{\n"},
    )
    found = sorted(str(r.name) for r in iam_index(project, frozenset({"zot-eso"})).roles)
    assert found == ["zot-eso"]  # `other/` never parsed: the role was found by name
    assert sorted(str(r.name) for r in iam_index(project, frozenset({"nowhere"})).roles) == [
        "grafana",
        "zot-eso",
    ]  # not found by name: every IAM directory is read
    assert iam_index(project, frozenset()).roles == []
