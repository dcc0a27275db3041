"""What the engine derives from the loaded project for the rules, once per run, on first use.

The loaded ``Project`` (zotlint.project) is a store of documents and imports nothing above it.
The facts built from it live here instead: the cross-file deployment model (zotlint.model) and
the committed-secret scan (zotlint.secrets.scan). Rules read them as ``ctx.model`` and
``ctx.secrets``; each is built the first time a rule asks, so a run whose selected rules need
neither never pays for them, nor imports them (a pre-commit run on two files starts faster).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from zotlint.project import Project

if TYPE_CHECKING:
    from zotlint.model import Model
    from zotlint.secrets.scan import SecretScan


class Facts:
    """The project and the facts derived from it (built on first use, then shared)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        # The scan made elsewhere (zotlint.scanaside), asked for once; None from it, or no
        # such source, and the scan runs here.
        self.secrets_from: Callable[[], SecretScan | None] | None = None

    @cached_property
    def model(self) -> Model:
        """The cross-file deployment model (see zotlint.model)."""
        from zotlint.model import build_model

        return build_model(self.project)

    @cached_property
    def secrets(self) -> SecretScan:
        """Every committed secret in the loaded files, found once for all ZOT3xx rules."""
        source, self.secrets_from = self.secrets_from, None
        scan = None if source is None else source()
        if scan is not None:
            return scan
        from zotlint.secrets.scan import scan_project

        return scan_project(self.project)
