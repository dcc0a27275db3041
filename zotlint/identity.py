"""The line-free identity of a finding's place in a document (fingerprints, baselines)."""

from __future__ import annotations

from typing import Any

from zotlint.document import Document

# Keys that name a list item (a volume, a mount, a client, a secret key): its identity when
# the list is reordered or an item before it is removed.
_ITEM_KEYS = ("name", "id", "key", "secretKey", "clientId", "mountPath", "path", "host")


def by_value(doc: Document, path: Any, sensitive: object) -> tuple[Any, ...]:
    """The finding's path with list positions replaced by the item's identity: a short scalar
    by its value (removing "email" before "groups" in `scopes` must not revive a baselined
    finding on "groups"), a map by its own name key. Items a secret was found in keep their
    position: a fingerprint never carries a secret."""
    path = tuple(path)
    real = doc.real_path(path)
    out: list[Any] = []
    for i, part in enumerate(real):
        if not isinstance(part, int) or sensitive:
            out.append(part)
            continue
        item = doc.get(path[: i + 1])
        if isinstance(item, (str, int, float, bool)) and len(str(item)) <= 200:
            out.append(f"[={item}]")
        elif isinstance(item, dict):
            own = next((k for k in _ITEM_KEYS if isinstance(item.get(k), (str, int))), None)
            out.append(f"[{own}={item[own]}]" if own else part)
        else:
            out.append(part)
    return tuple(out)
