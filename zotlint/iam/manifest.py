"""Helpers shared by the Kubernetes-manifest IAM sources (eksctl, Crossplane, ACK, raw JSON):
a policy held in a JSON string or a mapping, read with the positions of its host file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path
from zotlint.iam.node import from_document
from zotlint.iam.policy import Policy, parse_policy
from zotlint.source.loader import LoadedFile, parse_embedded

if TYPE_CHECKING:
    from zotlint.project import Project


def manifests(project: Project, group: str) -> list[Document]:
    """Top-level manifests whose apiVersion is in API group ``group``."""
    out = []
    for doc in project.documents(Kind.K8S_OBJECT):
        api = doc.data.get("apiVersion") if isinstance(doc.data, dict) else None
        if isinstance(api, str) and api.split("/", 1)[0] == group and doc.parent is None:
            out.append(doc)
    return out


def policy_at(project: Project, doc: Document, path: Path, label: str) -> Policy | None:
    """The policy at ``path``: a mapping, or a JSON string (positions mapped into the YAML)."""
    value = doc.get(path)
    if isinstance(value, dict):
        return parse_policy(from_document(doc, path), label)
    if not isinstance(value, str) or not value.strip().startswith("{"):
        return None
    scratch = LoadedFile(doc.source, parsed=True)
    emb = parse_embedded(
        scratch,
        doc,
        tuple(path),
        "policy.json",
        value,
        report_errors=False,
        limits=project.limits,
    )
    if emb is None or not isinstance(emb.data, dict):
        return None
    return parse_policy(from_document(emb, ()), label)


def meta(doc: Document) -> dict[str, Any]:
    m = doc.data.get("metadata") if isinstance(doc.data, dict) else None
    return m if isinstance(m, dict) else {}


def s(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
