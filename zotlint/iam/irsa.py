"""The terraform-aws-modules IRSA role modules (and the EKS Pod Identity module), read from
their inputs.

`module "x" { source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
(v5) or `.../iam-role-for-service-accounts` (v6) }` creates a role whose trust policy has one
statement per `oidc_providers` entry: `sts:AssumeRoleWithWebIdentity` from `provider_arn`, with
`<provider>:sub` in `system:serviceaccount:<each namespace_service_accounts entry>` and
`<provider>:aud` = `sts.amazonaws.com`, both under the `assume_role_condition_test` (v5) /
`trust_condition_test` (v6) operator (default `StringEquals`). With
`attach_external_secrets_policy = true` it attaches a policy allowing `secretsmanager:
ListSecrets` (v6 also `BatchGetSecretValue`) on `*` and the four read actions on
`external_secrets_secrets_manager_arns` (v5 default `arn:aws:secretsmanager:*:*:secret:*`, v6
none), plus CreateSecret/PutSecretValue/TagResource/DeleteSecret when
`external_secrets_secrets_manager_create_permission = true`. `role_policy_arns` (v5) /
`policies` (v6) attach more. Sources: see zotlint.data.iam (main.tf, variables.tf and
policies.tf of both modules, commits cited there).

`terraform-aws-modules/eks-pod-identity/aws` makes a role for EKS Pod Identity: its trust
policy lets `pods.eks.amazonaws.com` `sts:AssumeRole` and `sts:TagSession` — no web identity,
so an IRSA annotation naming it fails (`trust_policy_statements` make it unknown).

The synthesized statements point at the inputs a person edits: each
`namespace_service_accounts` entry, the `provider_arn`, the ARN list.
"""

from __future__ import annotations

from zotlint.data.iam import (
    DEFAULT_AUDIENCE,
    IRSA_DEFAULT_CONDITION_TEST,
    IRSA_ESO_CREATE_ACTIONS,
    IRSA_ESO_CREATE_INPUT,
    IRSA_ESO_DEFAULT_ARNS,
    IRSA_ESO_READ_ACTIONS,
    IRSA_MODULES,
    POD_IDENTITY_ACTIONS,
    POD_IDENTITY_MODULE,
    POD_IDENTITY_PRINCIPAL,
    SUBJECT_PREFIX,
    WEB_IDENTITY_ACTION,
)
from zotlint.iam.hcl import Block
from zotlint.iam.model import Role
from zotlint.iam.node import HOLE, Text, text
from zotlint.iam.policy import Condition, Policy, Statement, Val
from zotlint.iam.tfvalues import TfFile, TfModule


def module_kind(source: str | None) -> str | None:
    """Which IRSA module a `source` names (registry or git address), else None."""
    if not source:
        return None
    if "terraform-aws-modules/eks-pod-identity" in source or "terraform-aws-eks-pod-identity" in (
        source
    ):
        return POD_IDENTITY_MODULE
    if "terraform-aws-modules/iam" not in source and "terraform-aws-iam" not in source:
        return None
    sub = source.split("//", 1)[1] if "//" in source else ""
    last = sub.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return last if last in IRSA_MODULES else None


def _truthy(mod: TfModule, b: Block, f: TfFile, name: str) -> bool | None:
    h = b.attr(name)
    if h is None:
        return False
    hv, _ = mod.resolve(h, f)
    if hv.kind == "bool":
        return bool(hv.value)
    return None


def read_irsa_module(mod: TfModule, b: Block, f: TfFile) -> Role | None:
    src = b.attr("source")
    kind = module_kind(mod.text_of(src, f).known if src is not None else None)
    if kind is None or not b.labels:
        return None
    spec = IRSA_MODULES[kind]
    create = "create_role" if kind.endswith("-eks") else "create"
    if b.attr(create) is not None and _truthy(mod, b, f, create) is False:
        return None
    name_h = b.attr(str(spec["name"]))
    name = mod.text_of(name_h, f).known if name_h is not None else None
    prefix = False
    if kind.endswith("-eks"):
        pre = b.attr(str(spec["prefix_input"]))
        if name is None and pre is not None:
            name, prefix = mod.text_of(pre, f).known, True
    else:
        use = b.attr(str(spec["prefix_input"]))
        prefix = (
            bool(spec["use_prefix_default"])
            if use is None
            else _truthy(mod, b, f, str(spec["prefix_input"])) is not False
        )
        if prefix and name is not None:
            name = name + "-"
    path_h = b.attr(str(spec["path"]))
    label = f"module.{b.labels[0]}"
    role = Role(
        "terraform-module",
        label,
        f.ref(name_h or b),
        name,
        name_is_prefix=prefix,
        path=mod.text_of(path_h, f).known if path_h is not None else "/",
    )
    if kind == POD_IDENTITY_MODULE:
        role.trust = _pod_identity_trust(b, f, label)
    else:
        role.trust = _trust(mod, b, f, str(spec["test"]), label)
    attach = b.attr(str(spec["attach"]))
    if attach is not None:
        av, af = mod.resolve(attach, f)
        if av.kind == "obj":
            for _, item in av.value:
                role.attachments.append(mod.attachment(item, af))
        else:
            role.policies_complete = False
    eso = _truthy(mod, b, f, "attach_external_secrets_policy")
    if eso is None:
        role.policies_complete = False
    elif eso:
        role.policies.append(_eso_policy(mod, b, f, kind, label))
    for extra in (
        "attach_custom_policy",
        "policy_statements",
        "source_policy_documents",
        "override_policy_documents",
        "permissions",
        "inline_policy_permissions",
        "source_inline_policy_documents",
    ):
        if b.attr(extra) is not None:
            role.policies_complete = False
    return role


def _trust(mod: TfModule, b: Block, f: TfFile, test_input: str, label: str) -> Policy | None:
    providers_h = b.attr("oidc_providers")
    if providers_h is None:
        return Policy(f"{label} trust policy", f.ref(b))  # no statement: nobody may assume it
    pv, pf = mod.resolve(providers_h, f)
    if pv.kind != "obj":
        return None
    test_h = b.attr(test_input)
    test = mod.text_of(test_h, f).known if test_h is not None else IRSA_DEFAULT_CONDITION_TEST
    pol = Policy(f"{label} trust policy (oidc_providers)", pf.ref(pv))
    for key, entry in pv.value:
        ev, ef = mod.resolve(entry, pf)
        if ev.kind != "obj":
            pol.complete = False
            continue
        arn_h = ev.get("provider_arn")
        sas_h = ev.get("namespace_service_accounts")
        if arn_h is None or sas_h is None:
            pol.complete = False
            continue
        arn = mod.text_of(arn_h, ef)
        host = (
            arn.known.split("oidc-provider/", 1)[1]
            if arn.known and "oidc-provider/" in (arn.known)
            else HOLE
        )
        sv, sf = mod.resolve(sas_h, ef)
        subs: list[Val] = []
        for item in sv.value if sv.kind == "list" else []:
            t = mod.text_of(item, sf)
            subs.append(Val(Text((SUBJECT_PREFIX, *t.parts)), sf.ref(mod.resolve(item, sf)[0])))
        if sv.kind != "list":
            subs.append(Val(Text((HOLE,)), sf.ref(sv)))
        st = Statement(ef.ref(ev), effect="Allow")
        st.actions = [Val(text(WEB_IDENTITY_ACTION), pf.ref(key))]
        st.action_ref = pf.ref(key)
        st.principals = [("Federated", [Val(arn, ef.ref(arn_h))])]
        st.principal_ref = ef.ref(arn_h)
        st.conditions = [
            Condition(test, Text((host, ":sub")), subs, ef.ref(sas_h)),
            Condition(
                test,
                Text((host, ":aud")),
                [Val(text(DEFAULT_AUDIENCE), ef.ref(arn_h))],
                ef.ref(arn_h),
            ),
        ]
        pol.statements.append(st)
    return pol


def _pod_identity_trust(b: Block, f: TfFile, label: str) -> Policy | None:
    """`pods.eks.amazonaws.com` may `sts:AssumeRole` and `sts:TagSession`; statements added
    through `trust_policy_statements` are not read (then unknown)."""
    if b.attr("trust_policy_statements") is not None:
        return None
    ref = f.ref(b.attr("name") or b)
    pol = Policy(f"{label} trust policy (EKS Pod Identity)", ref)
    st = Statement(ref, effect="Allow")
    st.actions = [Val(text(a), ref) for a in POD_IDENTITY_ACTIONS]
    st.action_ref = ref
    st.principals = [("Service", [Val(text(POD_IDENTITY_PRINCIPAL), ref)])]
    st.principal_ref = ref
    pol.statements.append(st)
    return pol


def _eso_policy(mod: TfModule, b: Block, f: TfFile, kind: str, label: str) -> Policy:
    flag = b.attr("attach_external_secrets_policy")
    flag_ref = f.ref(flag) if flag is not None else f.ref(b)
    pol = Policy(f"{label} External Secrets policy", flag_ref)
    list_actions = ["secretsmanager:ListSecrets"]
    if not kind.endswith("-eks"):
        list_actions.append("secretsmanager:BatchGetSecretValue")
    arns_h = b.attr("external_secrets_secrets_manager_arns")
    arns: list[Val] = []
    if arns_h is None:
        arns = [Val(text(a), flag_ref) for a in IRSA_ESO_DEFAULT_ARNS[kind]]
    else:
        av, af = mod.resolve(arns_h, f)
        if av.kind == "list":
            for item in av.value:
                iv, iff = mod.resolve(item, af)
                arns.append(Val(mod.text_of(iv, iff), iff.ref(iv)))
        else:
            pol.complete = False
    if arns or kind != POD_IDENTITY_MODULE:
        pol.statements.append(_stmt(flag_ref, list_actions, [Val(text("*"), flag_ref)]))
    if arns:
        pol.statements.append(_stmt(flag_ref, list(IRSA_ESO_READ_ACTIONS), arns))
        create_input = IRSA_ESO_CREATE_INPUT[kind]
        create = _truthy(mod, b, f, create_input)
        if create is None:
            pol.complete = False
        elif create:
            cref = f.ref(b.attr(create_input) or b)
            pol.statements.append(_stmt(cref, list(IRSA_ESO_CREATE_ACTIONS), arns))
    return pol


def _stmt(ref, actions: list[str], resources: list[Val]) -> Statement:  # type: ignore[no-untyped-def]
    return Statement(
        ref,
        effect="Allow",
        actions=[Val(text(a), ref) for a in actions],
        action_ref=ref,
        resources=resources,
        resource_ref=resources[0].ref if resources else ref,
    )
