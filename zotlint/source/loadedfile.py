"""A file as loading leaves it (its documents and the problems met on the way), and the problem
a loader reports for input over one of its limits."""

from __future__ import annotations

from dataclasses import field

from zotlint.document import Document
from zotlint.files.helm import plain_documents
from zotlint.records import dataclass
from zotlint.source.problems import PATH_STEPS_PER_NODE, Problem, ProblemKind
from zotlint.source.text import SourceFile, Span


@dataclass(slots=True)
class LoadedFile:
    source: SourceFile
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = False
    # Not parsed, and the secrets text pass, run in a worker, found nothing in it.
    secrets_clean: bool = False
    # A file of a Helm chart's `templates/`: only its plain documents are read
    # (zotlint.files.helm.plain_documents).
    helm_template: bool = False

    @property
    def yaml_text(self) -> str:
        """What YAML reads of the file: its text, templated documents blanked in a chart's
        templates (same length: offsets, lines and columns are the file's)."""
        return plain_documents(self.source.text) if self.helm_template else self.source.text


def too_large(src: SourceFile, limit: str, value: int, bound: int, offset: int = 0) -> Problem:
    what = {
        "max-file-size": f"file is {value:,} bytes, over the {bound:,}-byte limit",
        "max-nodes": f"document expands to more than {bound:,} nodes (alias expansion counted)",
        "max-depth": f"nesting deeper than {bound} levels",
        "max-embedded-size": f"embedded document is {value:,} characters, over {bound:,}",
        "max-nodes-depth": f"nodes times their nesting depth add up to more than {bound:,} "
        f"(a document both deep and wide; the budget is {PATH_STEPS_PER_NODE} x max-nodes)",
    }[limit]
    # The depth-weighted budget is raised through max-nodes, so that is the limit to name.
    name = "max-nodes" if limit == "max-nodes-depth" else limit
    return Problem(
        ProblemKind.SKIPPED, src, Span(offset, offset), f"{what} ({name}); skipped", name
    )
