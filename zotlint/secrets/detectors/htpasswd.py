"""htpasswd entries (RULES.md ZOT302): under an `htpasswd` key or anywhere in a file's text,
and chart values whose `mountSecret` makes Helm merge in the chart's default htpasswd."""

from __future__ import annotations

from typing import Any

from zotlint.classify import zot_values_root
from zotlint.document import Document, Path
from zotlint.redact import Sensitive
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.secrets.htpasswd import LOOSE, chart_default, hash_format
from zotlint.secrets.placeholder import is_placeholder


def htpasswd_value(scan: FileScan, doc: Document, path: Path) -> None:
    """The entries of the string at ``path`` (under a key ending in `htpasswd`)."""
    span = doc.span(path)
    if doc.parent is not None and not doc.exact:
        return  # no reliable offsets inside this embedded string; the text pass looks
    for m in LOOSE.finditer(scan.src.text, span.start, span.end):
        entry(scan, m.group("user"), m.group("hash"), m.start("user"), m.end("hash"))


def entry(
    scan: FileScan, user: str, h: str, start: int, end: int, *, text_pass: bool = False
) -> None:
    """One `user:hash` at ``start``..``end`` of the file's text."""
    if scan.commented(start):
        return  # commented out (htpasswd files and YAML both use `#`)
    if len(h) < 4 or is_placeholder(h) or is_placeholder(user + ":" + h):
        return
    scan.out.append(
        Detection(
            DetectionKind.HTPASSWD_ENTRY,
            scan.text_ref(start, end),
            "htpasswd entry",
            Sensitive(h, "password hash"),
            text_pass=text_pass,
            extra={"user": user, "format": hash_format(h), "default": chart_default(user, h)},
        )
    )


def chart_default_merged(
    scan: FileScan, doc: Document, values_by_folder: dict[str, list[Document]]
) -> None:
    """`mountSecret` truthy and `secretFiles.htpasswd` not overridden: Helm merges the chart's
    default htpasswd (admin:admin, user:user) into `<release>-secret`."""
    root = zot_values_root(doc.data)
    if root is None:
        return
    values = doc.get(root)
    if not isinstance(values, dict) or "mountSecret" not in values:
        return
    if not _helm_truthy(values["mountSecret"]) or _overrides_htpasswd(values):
        return
    folder, _, name = doc.source.rel.rpartition("/")
    for other in values_by_folder.get(folder, ()):
        if other is doc:
            continue
        oname = other.source.rel.rpartition("/")[2]
        # Layers of one deployment: `values.yaml` + `values-<env>.yaml` side by side.
        if not (_layer_name(name) and _layer_name(oname)):
            continue
        oroot = zot_values_root(other.data)
        ovals = other.get(oroot) if oroot is not None else None
        if isinstance(ovals, dict) and _overrides_htpasswd(ovals):
            return  # another layer of this deployment replaces it
    scan.out.append(
        Detection(
            DetectionKind.CHART_DEFAULT_HTPASSWD,
            doc.ref(root + ("mountSecret",)),
            "chart default htpasswd",
            extra={"identity": "chart-default-htpasswd", "secretFiles": "secretFiles" in values},
        )
    )


def _layer_name(name: str) -> bool:
    return name.lower().startswith("values")


def _helm_truthy(v: Any) -> bool:
    # Go templates: false, 0, "", nil, empty collections are false; any other string is true.
    return bool(v) if not isinstance(v, str) else v != ""


def _overrides_htpasswd(values: dict[str, Any]) -> bool:
    if "secretFiles" not in values:
        return False
    sf = values["secretFiles"]
    return sf is None or (isinstance(sf, dict) and "htpasswd" in sf)
