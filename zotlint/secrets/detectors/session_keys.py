"""zot's session keys (RULES.md ZOT304): the `hashKey`/`encryptKey` of a sessionKeys object,
never `cluster.hashKey` (an object with other keys beside it)."""

from __future__ import annotations

from typing import Any

from zotlint.document import Document, Path
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import DetectionKind
from zotlint.secrets.keys import SESSION_KEYS
from zotlint.secrets.placeholder import is_placeholder


def session_keys(scan: FileScan, doc: Document, path: Path, value: dict[str, Any]) -> None:
    """A mapping at ``path`` whose only keys are session keys."""
    if not value or len(value) > 2:
        return
    keys = {k.lower() for k in value if isinstance(k, str)}
    if not keys or not keys <= SESSION_KEYS or len(keys) != len(value):
        return
    for k, v in value.items():
        if isinstance(v, str) and len(v.strip()) >= 4 and not is_placeholder(v, k):
            detail = ""
            n = len(v.encode("utf-8"))
            # AES takes 16, 24 or 32 bytes: any other encryptKey fails every cookie encode.
            if k.lower() == "encryptkey" and n not in (16, 24, 32):
                detail = f"encryptKey is {n} bytes, not 16, 24 or 32"
            scan.add(DetectionKind.SESSION_KEY, doc, path + (k,), f"session {k}", v, detail, key=k)
