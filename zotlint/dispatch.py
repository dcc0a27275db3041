"""Calling a rule's check for each target its scope names (the scopes are in zotlint.rule).

``run_rule`` is the engine's only way into a rule: it builds the targets (the documents of the
rule's kinds, every document, the model's deployments, or the project once), calls ``check``
for each, contains a crash to an error line so one broken rule does not hide the others'
findings, and for the DEPLOYMENT scope keeps one report per place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zotlint.document import Document
from zotlint.rule import DEPLOYMENT, DOCUMENT, ENGINE, PROJECT, Context, Report, Rule


def run_rule(rule: Rule, ctx: Context) -> list[str]:
    """Run ``rule`` over its targets; its reports land in ``ctx.reports``. Returns the internal
    errors (one per crash, naming the file, never a value)."""
    meta = rule.meta
    check = rule.check
    scope = meta.scope
    errors: list[str] = []
    if check is None or ENGINE in scope:
        return errors
    try:
        targets: list[Any]
        if PROJECT in scope:
            targets = [None]
        elif DOCUMENT in scope:
            targets = ctx.project.documents()
        elif DEPLOYMENT in scope:
            targets = deployments(ctx)
        else:
            targets = ctx.project.documents(*[k for k in scope if k not in (PROJECT,)])
    except Exception as exc:  # e.g. the model failed to build: this rule cannot run
        errors.append(_crash(meta.id, "", exc))
        return errors
    for target in targets:
        try:
            if target is None:
                check(ctx)
            else:
                check(ctx, target)
        except Exception as exc:  # a broken rule must not hide the others' findings
            errors.append(_crash(meta.id, _where(target), exc))
    if DEPLOYMENT in scope:
        ctx.reports[:] = once_per_place(ctx.reports)
    return errors


def deployments(ctx: Context) -> list[Any]:
    """The deployments a DEPLOYMENT-scoped rule is called with: the model's complete ones of the
    project-zot chart (rules that judge other deployments keep the PROJECT scope)."""
    return ctx.project.cached(
        ("zotlint.dispatch", "deployments"),
        lambda: tuple(d for d in ctx.model.deployments if d.upstream and d.complete),
    )


def once_per_place(reports: list[Report]) -> list[Report]:
    """The first report per place (document, path, part) and identity, with related locations
    at that same place dropped: a values file layered by several deployments (a `common.yaml`
    under dev and prod) is seen once per deployment, and is one finding."""
    seen: set[tuple[int, tuple[Any, ...], str, str]] = set()
    out: list[Report] = []
    for rep in reports:
        ref = rep.ref
        key = (id(ref.doc), ref.path, ref.part, rep.identity)
        if key in seen:
            continue
        seen.add(key)
        rep.related = tuple(
            (r, m)
            for r, m in rep.related
            if r.doc is not ref.doc or r.path != ref.path or r.fixed != ref.fixed
        )
        out.append(rep)
    return out


def _where(target: Any) -> str:
    if target is None:
        return ""
    doc = target if isinstance(target, Document) else target.primary  # a Deployment
    return f" on {doc.source.rel}"


def _crash(rule_id: str, where: str, exc: Exception) -> str:
    import traceback  # a crash only

    tb = traceback.extract_tb(exc.__traceback__)[-1]
    return (
        f"internal error: rule {rule_id} crashed{where}: {exc.__class__.__name__} "
        f"at {Path(tb.filename).name}:{tb.lineno}"
    )
