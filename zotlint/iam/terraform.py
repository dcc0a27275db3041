"""IAM roles and policies defined in Terraform.

Read: `aws_iam_role` (`name`/`name_prefix`, `path`, `assume_role_policy` as `jsonencode(...)`, a
heredoc, `data.aws_iam_policy_document.<x>.json`, `file()`/`templatefile()` of a JSON file,
`inline_policy` blocks, `managed_policy_arns`), `aws_iam_policy`, `aws_iam_role_policy`,
`aws_iam_role_policy_attachment`, `aws_iam_policy_attachment`, `data.aws_iam_policy_document`
(`statement`, `principals`, `condition`; `source_policy_documents`/`override_*` and dynamic
blocks make it incomplete), and the terraform-aws-modules IRSA role modules (``irsa``).
A `.tf` file is parsed only when its directory holds one whose text names IAM resources.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from zotlint.iam.hcl import Block, HVal, parse
from zotlint.iam.irsa import read_irsa_module
from zotlint.iam.model import NamedPolicy, Role
from zotlint.iam.policy import Condition, Policy, Statement, parse_policy, vals
from zotlint.iam.tfvalues import TfFile, TfModule

if TYPE_CHECKING:
    from zotlint.project import Project
    from zotlint.source.loader import LoadedFile

_MARKERS = (
    "aws_iam_",
    "terraform-aws-modules/iam",
    "iam-role-for-service-accounts",
    "eks-pod-identity",
)
MAX_TF_BYTES = 4 * 1024 * 1024  # Terraform text parsed per run at most (per pass)


def wants_terraform(text_: str) -> bool:
    """Whether a `.tf` file's text shows IAM roles or policies (the pre-filter)."""
    return any(m in text_ for m in _MARKERS)


def read_terraform(
    project: Project, names: frozenset[str] | None = None
) -> tuple[list[Role], list[NamedPolicy]]:
    """Roles and policies of every Terraform directory that names IAM. With ``names``, the
    directories whose text mentions one of them are read first, and the others only when
    those define none of the roles, within MAX_TF_BYTES: a platform repo can hold megabytes
    of Terraform that has nothing to do with zot, and reading it into values costs about a
    second a megabyte."""
    by_dir: dict[str, list[LoadedFile]] = {}
    for lf in project.files:
        rel = lf.source.rel
        if rel.endswith((".tf", ".tfvars")):
            by_dir.setdefault(posixpath.dirname(rel), []).append(lf)
    dirs = [
        d
        for d in sorted(by_dir)
        if any(
            lf.source.rel.endswith(".tf") and wants_terraform(lf.source.text) for lf in by_dir[d]
        )
    ]
    if names is not None:
        if not names:
            return [], []
        wanted = _name_hints(names)
        first = [d for d in dirs if any(h in lf.source.text for lf in by_dir[d] for h in wanted)]
        roles, policies = _read_dirs(project, by_dir, first)
        if any(r.name is not None and _named(r.name, r.name_is_prefix, names) for r in roles):
            return roles, policies
        rest = [d for d in dirs if d not in set(first)]
        more = _read_dirs(project, by_dir, rest)
        return roles + more[0], policies + more[1]
    return _read_dirs(project, by_dir, dirs)


def _name_hints(names: frozenset[str]) -> set[str]:
    """The names, and each without its last `-part` (a role named from a prefix)."""
    out = set(names)
    for n in names:
        if "-" in n and len(n.rsplit("-", 1)[0]) >= 4:
            out.add(n.rsplit("-", 1)[0])
    return out


def _named(name: str, prefix: bool, names: frozenset[str]) -> bool:
    return any(n.startswith(name) if prefix else n == name for n in names)


def _read_dirs(
    project: Project, by_dir: dict[str, list[LoadedFile]], dirs: list[str]
) -> tuple[list[Role], list[NamedPolicy]]:
    roles: list[Role] = []
    policies: list[NamedPolicy] = []
    budget = MAX_TF_BYTES
    for d in dirs:
        files = sorted(by_dir[d], key=lambda x: x.source.rel)
        size = sum(len(lf.source.text) for lf in files)
        if size > budget:
            continue  # unknown: too much Terraform to read for one run
        budget -= size
        mod = TfModule(d, project)
        tfvars = []
        for lf in files:
            root = parse(lf.source.text)
            if root is None:
                continue
            tf = TfFile(lf.source.rel, lf.source, root)
            (tfvars if lf.source.rel.endswith(".tfvars") else mod.files).append(tf)
        mod.index(tfvars)
        r, p = _read_module(mod)
        roles.extend(r)
        policies.extend(p)
    return roles, policies


def _blocks(mod: TfModule, kind: str, type_: str) -> list[tuple[Block, TfFile]]:
    out = []
    for f in mod.files:
        for b in f.root.children(kind):
            if b.labels and b.labels[0] == type_ and len(b.labels) >= 2:
                out.append((b, f))
    return out


def _read_module(mod: TfModule) -> tuple[list[Role], list[NamedPolicy]]:
    roles: dict[str, Role] = {}  # "aws_iam_role.<label>" / "module.<label>" -> role
    named: list[NamedPolicy] = []
    docs = {b.labels[1]: (b, f) for b, f in _blocks(mod, "data", "aws_iam_policy_document")}

    def policy_of(h: HVal, f: TfFile, label: str) -> Policy | None:
        hv, hf = mod.resolve(h, f)
        if (
            hv.kind == "ref"
            and len(hv.value) >= 3
            and hv.value[:2]
            == (
                "data",
                "aws_iam_policy_document",
            )
        ):
            got = docs.get(hv.value[2])
            return policy_document(mod, *got) if got is not None else None
        node, _ = mod.json_value(hv, hf)
        return parse_policy(node, label) if node is not None else None

    for b, f in _blocks(mod, "resource", "aws_iam_role"):
        label = f"aws_iam_role.{b.labels[1]}"
        name_h = b.attr("name")
        prefix_h = b.attr("name_prefix")
        name = mod.text_of(name_h, f).known if name_h is not None else None
        is_prefix = False
        if name is None and prefix_h is not None:
            name = mod.text_of(prefix_h, f).known
            is_prefix = name is not None
        path_h = b.attr("path")
        role = Role(
            "terraform",
            label,
            f.ref(name_h or prefix_h or b),
            name,
            name_is_prefix=is_prefix,
            path=mod.text_of(path_h, f).known if path_h is not None else "/",
        )
        trust_h = b.attr("assume_role_policy")
        if trust_h is not None:
            role.trust = policy_of(trust_h, f, f"{label} assume_role_policy")
        for inline in b.children("inline_policy"):
            ph = inline.attr("policy")
            pol = policy_of(ph, f, f"{label} inline_policy") if ph is not None else None
            if pol is None:
                role.policies_complete = False
            else:
                role.policies.append(pol)
        if b.children("dynamic"):
            role.policies_complete = False
        managed = b.attr("managed_policy_arns")
        if managed is not None:
            _attach_list(mod, role, managed, f)
        roles[label] = role

    for b, f in _blocks(mod, "resource", "aws_iam_policy"):
        label = f"aws_iam_policy.{b.labels[1]}"
        ph = b.attr("policy")
        pol = policy_of(ph, f, label) if ph is not None else None
        if pol is None:
            continue
        name_h = b.attr("name")
        path_h = b.attr("path")
        named.append(
            NamedPolicy(
                mod.text_of(name_h, f).known if name_h is not None else None,
                mod.text_of(path_h, f).known if path_h is not None else "/",
                pol,
                key=(mod.dir, label),
            )
        )

    for f in mod.files:
        for b in f.root.children("module"):
            role = read_irsa_module(mod, b, f)
            if role is not None and b.labels:
                roles[f"module.{b.labels[0]}"] = role

    def role_of(h: HVal | None, f: TfFile) -> Role | None:
        if h is None:
            return None
        hv, hf = mod.resolve(h, f)
        if hv.kind == "ref" and len(hv.value) >= 2:
            key = ".".join(hv.value[:2])
            if key in roles:
                return roles[key]
        name = mod.text_of(hv, hf).known
        if name is not None:
            found = [r for r in roles.values() if r.name == name and not r.name_is_prefix]
            if len(found) == 1:
                return found[0]
        return None

    unresolved = False
    for b, f in _blocks(mod, "resource", "aws_iam_role_policy"):
        role = role_of(b.attr("role"), f)
        ph = b.attr("policy")
        pol = policy_of(ph, f, f"aws_iam_role_policy.{b.labels[1]}") if ph is not None else None
        if role is None:
            unresolved = True
            continue
        if pol is None:
            role.policies_complete = False
        else:
            role.policies.append(pol)
    for b, f in _blocks(mod, "resource", "aws_iam_role_policy_attachment"):
        role = role_of(b.attr("role"), f)
        arn_h = b.attr("policy_arn")
        if role is None:
            unresolved = True
            continue
        if arn_h is None:
            role.policies_complete = False
            continue
        role.attachments.append(mod.attachment(arn_h, f))
    for b, f in _blocks(mod, "resource", "aws_iam_policy_attachment"):
        arn_h = b.attr("policy_arn")
        roles_h = b.attr("roles")
        if roles_h is None or arn_h is None:
            continue
        rv, rf = mod.resolve(roles_h, f)
        for item in rv.value if rv.kind == "list" else [rv]:
            role = role_of(item, rf)
            if role is None:
                unresolved = True
            else:
                role.attachments.append(mod.attachment(arn_h, f))
    if unresolved:
        # A policy is attached to a role zotlint cannot tell: any role here may have it.
        for r in roles.values():
            r.policies_complete = False
    return list(roles.values()), named


def _attach_list(mod: TfModule, role: Role, h: HVal, f: TfFile) -> None:
    hv, hf = mod.resolve(h, f)
    if hv.kind == "list":
        for item in hv.value:
            role.attachments.append(mod.attachment(item, hf))
    elif hv.kind == "obj":
        for _, item in hv.value:
            role.attachments.append(mod.attachment(item, hf))
    else:
        role.policies_complete = False


def policy_document(mod: TfModule, b: Block, f: TfFile) -> Policy:
    """A `data "aws_iam_policy_document"` block as a Policy."""
    label = f"data.aws_iam_policy_document.{b.labels[1] if len(b.labels) > 1 else '?'}"
    pol = Policy(label, f.ref(b))
    for merged in (
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ):
        h = b.attr(merged)
        if h is not None and not (h.kind == "list" and not h.value):
            pol.complete = False
    if b.children("dynamic"):
        pol.complete = False
    for sb in b.children("statement"):
        st = Statement(f.ref(sb))
        eff = sb.attr("effect")
        if eff is not None:
            v = mod.text_of(eff, f).known
            st.effect = v if v in ("Allow", "Deny") else None
            st.effect_ref = f.ref(eff)
        for attr, field_ in (
            ("actions", "actions"),
            ("not_actions", "not_actions"),
            ("resources", "resources"),
            ("not_resources", "not_resources"),
        ):
            h = sb.attr(attr)
            if h is None:
                continue
            node = mod.node(h, f)
            setattr(st, field_, vals(node))
            if "action" in attr:
                st.action_ref = node.ref
            else:
                st.resource_ref = node.ref
        if st.actions is None and st.not_actions is None:
            st.known = False
        for kind in ("principals", "not_principals"):
            for pb in sb.children(kind):
                st.not_principal = kind == "not_principals"
                t = pb.attr("type")
                ids = pb.attr("identifiers")
                st.principals = st.principals or []
                st.principals.append(
                    (
                        mod.text_of(t, f).known if t is not None else None,
                        vals(mod.node(ids, f)) or [] if ids is not None else [],
                    )
                )
                st.principal_ref = st.principal_ref or f.ref(pb)
        for cb in sb.children("condition"):
            test = cb.attr("test")
            var = cb.attr("variable")
            values = cb.attr("values")
            if test is None or var is None or values is None:
                st.known = False
                continue
            st.conditions.append(
                Condition(
                    mod.text_of(test, f).known,
                    mod.text_of(var, f),
                    vals(mod.node(values, f)) or [],
                    f.ref(var),
                )
            )
        if sb.children("dynamic"):
            st.known = False
        pol.statements.append(st)
        if not st.known:
            pol.complete = False
    return pol
