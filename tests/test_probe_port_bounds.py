"""ZOT210 reads ports of any length without crashing (issue 14): a value longer than a port can
be is unknown, never converted; int() of a 64k-digit string raised ValueError (Python's digit
limit) and crashed the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run

HUGE = "9" * 65536


def _values(port: str, probe: str) -> str:
    return (
        "mountConfig: true\n"
        "image:\n"
        "  repository: ghcr.io/project-zot/zot\n"
        "httpGet:\n"
        f"  port: {probe}\n"
        "configFiles:\n"
        "  config.json: |\n"
        '    {"storage": {"rootDirectory": "/var/lib/registry"},\n'
        f'     "http": {{"address": "0.0.0.0", "port": {port}}}}}\n'
    )


def _zot210(tmp_path: Path, port: str, probe: str) -> list[tuple[int, str]]:
    (tmp_path / "values.yaml").write_text(_values(port, probe))
    result = run([tmp_path], Settings(select=["ZOT210"]), root=tmp_path)
    assert not result.errors, result.errors  # no rule crashed
    return [(f.location.start_line, f.message) for f in result.findings]


@pytest.mark.parametrize(
    ("port", "probe"),
    [
        (f'"{HUGE}"', "5000"),  # a 64k-digit string in the config
        (HUGE, "5000"),  # a 64k-digit JSON number
        ('"5000"', HUGE),  # a 64k-digit probe port in the values
        ('"5000"', f'"{HUGE}"'),
        ('"\u00b2"', "5000"),  # a Unicode digit: isdigit() but not int()
        ('"00000005000"', "8080"),  # 11 characters: longer than any port, unknown
    ],
    ids=["config-string", "config-number", "probe-number", "probe-string", "superscript", "11"],
)
def test_port_too_long_for_a_port_is_unknown(tmp_path: Path, port: str, probe: str) -> None:
    assert _zot210(tmp_path, port, probe) == []


def test_port_of_ten_digits_is_still_read(tmp_path: Path) -> None:
    # The bound leaves every real port (and zero-padded ones) known: 5000 != 8080 is reported.
    assert _zot210(tmp_path, '"0000005000"', "8080") == [
        (
            5,
            "the chart probes port 8080 but zot listens on 5000: probes fail and the pod never "
            "becomes ready",
        )
    ]
