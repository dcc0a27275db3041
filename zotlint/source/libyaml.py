"""The YAML composer zotlint runs on: libyaml through PyYAML's C binding (ruamel's as fallback).

Every other module takes the node classes, errors and loader from here, never from a YAML
library directly, so the backend can change in one place.
"""

from __future__ import annotations

from typing import Any, ClassVar

from zotlint.lazyregex import lazy_compiles_from

try:
    # PyYAML's libyaml binding composes the same nodes, with the same marks and the same libyaml
    # errors, as ruamel.yaml's (both are the same Cython code over libyaml), but its node classes
    # are plain: a node's __init__ sets four or five attributes, against ruamel's eight through
    # two levels of __init__. Composing the files a 10,000-file zot-heavy repository parses took
    # 23 % less time (0.21 s against 0.27 s of CPU at 2,000 files); see pyproject.toml.
    # Importing PyYAML compiles its pure-Python reader's and resolver's patterns (the reader's
    # character check alone was 7 % of a small run); the C parser never uses them.
    with lazy_compiles_from("yaml"):
        from yaml._yaml import CParser as _RawParser
    from yaml.error import MarkedYAMLError, YAMLError
    from yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
    )
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
    from yaml.reader import ReaderError

    _LoaderBase: Any = _RawParser
    BACKEND = "pyyaml"
    HAVE_C = True
except ImportError:  # pragma: no cover - PyYAML without its C extension
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # type: ignore[assignment]
    from ruamel.yaml.events import (  # type: ignore[assignment]
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
    )
    from ruamel.yaml.nodes import (  # type: ignore[assignment]
        MappingNode,
        Node,
        ScalarNode,
        SequenceNode,
    )
    from ruamel.yaml.reader import ReaderError  # type: ignore[assignment]

    try:  # ruamel's C composer (ruamel.yaml.clib)
        from ruamel.yaml.cyaml import CBaseLoader as _LoaderBase
        from ruamel.yaml.cyaml import CParser as _RawParser

        BACKEND = "ruamel-c"
        HAVE_C = True
    except ImportError:
        from ruamel.yaml.loader import BaseLoader as _LoaderBase  # type: ignore[assignment]

        _RawParser = None

        BACKEND = "ruamel"
        HAVE_C = False


class Loader(_LoaderBase):  # type: ignore[misc,valid-type]
    """The C composer without tag resolution. The composer calls back into Python three times
    per node (descend, resolve, ascend); a base resolver answers the default tag every time,
    but through a walk of its path and implicit-resolver tables that cost 40% of composing.
    Plain scalars are typed in to_data instead; explicit tags never reach resolve()."""

    _DEFAULT_TAGS: ClassVar[dict[type, Any]] = {
        ScalarNode: "tag:yaml.org,2002:str",
        SequenceNode: "tag:yaml.org,2002:seq",
        MappingNode: "tag:yaml.org,2002:map",
    }

    if BACKEND == "ruamel-c":  # pragma: no cover - PyYAML without its C extension

        def __init__(self, stream: str) -> None:
            # The C parser composes on its own: the base constructor and resolver state that
            # CBaseLoader also sets up (a chunk of Python per document) is never used.
            _RawParser.__init__(self, stream)

    if BACKEND != "pyyaml":  # pragma: no cover - ruamel's composers take its own tag objects
        _DEFAULT_TAGS = {
            ScalarNode: _LoaderBase.DEFAULT_SCALAR_TAG,
            SequenceNode: _LoaderBase.DEFAULT_SEQUENCE_TAG,
            MappingNode: _LoaderBase.DEFAULT_MAPPING_TAG,
        }

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        return self._DEFAULT_TAGS[kind]

    # No resolver state to keep, and the composer calls these two for every node: C callables
    # that ignore their arguments cost no Python frame (7 % of composing, callgrind). A
    # builtin is not a descriptor, so the composer's self.descend_resolver(node, index) calls
    # {}.get(node, index), which answers index; ascend_resolver() calls tuple().
    descend_resolver = {}.get
    ascend_resolver = tuple


__all__ = [
    "BACKEND",
    "HAVE_C",
    "CollectionEndEvent",
    "CollectionStartEvent",
    "DocumentStartEvent",
    "Loader",
    "MappingNode",
    "MappingStartEvent",
    "MarkedYAMLError",
    "Node",
    "NodeEvent",
    "RawParser",
    "ReaderError",
    "ScalarNode",
    "SequenceNode",
    "YAMLError",
]
RawParser: Any = _RawParser  # the bare C parser (no nodes): None without a C backend
