"""What a repository's own configuration switched off: shown in every report.

A pull request can change `.zotlint.yaml` together with the files it checks: `ignore: [ALL]`,
`exclude: ["*"]`, or the secret rules lowered to `note` under `fail-on: error`, and the run
says "All checks passed". The footprint makes that visible to a reviewer (the text summary,
the job summary, SARIF's tool configuration notifications), and `secrets_weakened` lets the
Action refuse such a configuration outright.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.findings import Severity
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.config import Settings
    from zotlint.rule import Rule

SECRET_RULES = "ZOT3"  # the committed-secret rules
_DEFAULT_FAIL_ON = Severity.WARNING
_SHOWN_IDS = 8


@dataclass(frozen=True, slots=True)
class Footprint:
    config: str  # the configuration file, relative to the root ("" when none)
    disabled: tuple[str, ...]  # rule IDs the file's select/ignore turn off
    lowered: tuple[tuple[str, str, str], ...]  # (rule ID, default, configured) severities
    fail_on: str  # the file's fail-on when it differs from the default, else ""
    exclude: tuple[str, ...]  # exclude patterns
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]  # (glob, rule IDs or prefixes)
    unfailing: tuple[str, ...]  # enabled rule IDs whose severity no longer fails the run

    @property
    def silences(self) -> bool:
        """Whether the file switches off, lowers or narrows anything at all."""
        return bool(
            self.disabled
            or self.lowered
            or self.fail_on
            or self.exclude
            or self.per_file_ignores
            or self.unfailing
        )

    def secrets_weakened(self) -> list[str]:
        """How the file weakens the committed-secret rules (ZOT3xx), in words; [] if not."""
        out = []
        secret = [r for r in self.disabled if r.startswith(SECRET_RULES)]
        if secret:
            out.append(f"disables {_ids(secret)}")
        lowered = [r for r, _, _ in self.lowered if r.startswith(SECRET_RULES)]
        if lowered:
            out.append(f"lowers the severity of {_ids(lowered)}")
        unfailing = [r for r in self.unfailing if r.startswith(SECRET_RULES)]
        if unfailing:
            out.append(f"sets fail-on {self.fail_on} so that {_ids(unfailing)} no longer fail")
        for glob, codes in self.per_file_ignores:
            if any(_covers(code, SECRET_RULES) for code in codes):
                out.append(f"ignores secret rules in files matching {glob!r}")
        return out

    def lines(self) -> list[str]:
        """One line per kind of silencing, for the text and Markdown summaries."""
        if not self.silences:
            return []
        name = self.config or "the configuration"
        out = []
        if self.disabled:
            out.append(
                f"{len(self.disabled)} rule{_s(self.disabled)} disabled: {_ids(self.disabled)}"
            )
        if self.lowered:
            changes = ", ".join(f"{r} {a}→{b}" for r, a, b in self.lowered[:_SHOWN_IDS])
            more = (
                f" and {len(self.lowered) - _SHOWN_IDS} more"
                if len(self.lowered) > _SHOWN_IDS
                else ""
            )
            kind = "severities" if len(self.lowered) != 1 else "severity"
            out.append(f"{len(self.lowered)} {kind} lowered: {changes}{more}")
        if self.fail_on:
            out.append(f"fail-on {self.fail_on} (default {_DEFAULT_FAIL_ON.label})")
        if self.unfailing:
            n = len(self.unfailing)
            out.append(f"{n} enabled rule{_s(self.unfailing)} can no longer fail the run: ")
            out[-1] += _ids(self.unfailing)
        if self.exclude:
            shown = ", ".join(self.exclude[:_SHOWN_IDS])
            out.append(f"{len(self.exclude)} exclude pattern{_s(self.exclude)}: {shown}")
        if self.per_file_ignores:
            n = len(self.per_file_ignores)
            out.append(f"per-file-ignores for {n} pattern{'s' if n != 1 else ''}")
        return [f"{name}: {line}" for line in out]

    def as_dict(self) -> dict[str, object]:
        return {
            "config": self.config,
            "disabled": list(self.disabled),
            "lowered": [{"rule": r, "default": a, "configured": b} for r, a, b in self.lowered],
            "failOn": self.fail_on,
            "exclude": list(self.exclude),
            "perFileIgnores": {glob: list(codes) for glob, codes in self.per_file_ignores},
            "unfailing": list(self.unfailing),
        }


def footprint(config: str, settings: Settings, rules: tuple[Rule, ...]) -> Footprint:
    """The footprint of `settings` (as read from `config`, before command-line options)."""
    from zotlint.registry import select_rules

    enabled = {r.id for r in select_rules(rules, settings.select, settings.ignore)}
    disabled = tuple(sorted(r.id for r in rules if r.id not in enabled))
    lowered = []
    effective: dict[str, Severity] = {}
    for r in rules:
        configured = None
        for key in (r.id, r.meta.name):
            rs = settings.rules.get(key)
            if rs is not None and rs.severity:
                configured = Severity.parse(rs.severity)
                break
        effective[r.id] = configured or r.meta.severity
        if configured is not None and configured < r.meta.severity:
            lowered.append((r.id, r.meta.severity.label, configured.label))
    fail_on = Severity.parse(settings.fail_on)
    unfailing = tuple(
        sorted(
            rid
            for rid in enabled
            if effective[rid] < fail_on and effective[rid] >= _DEFAULT_FAIL_ON
        )
    )
    return Footprint(
        config=config,
        disabled=disabled,
        lowered=tuple(sorted(lowered)),
        fail_on=settings.fail_on if fail_on != _DEFAULT_FAIL_ON else "",
        exclude=tuple(settings.exclude),
        per_file_ignores=tuple(
            (glob, tuple(codes)) for glob, codes in sorted(settings.per_file_ignores.items())
        ),
        unfailing=unfailing,
    )


def _covers(code: str, prefix: str) -> bool:
    code = code.strip().upper()
    return code == "ALL" or code.startswith(prefix) or prefix.startswith(code)


def _ids(ids: list[str] | tuple[str, ...]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    return shown + (f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else "")


def _s(items: object) -> str:
    return "" if len(items) == 1 else "s"  # type: ignore[arg-type]


def of_config(path: Path | None, root: Path, settings: Settings) -> Footprint | None:
    """The footprint of the configuration file `path` (None: no file, nothing to show)."""
    if path is None:
        return None
    from zotlint.registry import load_rules

    try:
        shown = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        shown = os.fspath(path)
    return footprint(shown, settings, load_rules())
