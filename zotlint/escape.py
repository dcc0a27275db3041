"""The output-safety layer: every string zotlint did not write itself (a file name, a key, a
value, a message quoting them) goes through the escaper of the sink it is written to.

A file name is attacker-chosen in a pull request: `x\\n::stop-commands::pwned\\n.yaml` printed raw
ends one log line and starts a workflow command; an OSC sequence in a value retitles a
terminal; a Mermaid label with a newline and three backticks closes the job summary's code
fence and writes Markdown. Each sink gets one function here:

- `terminal`: C0/C1 controls, line and paragraph separators and bidi overrides written as
  `\\xNN` / `\\uNNNN`; lone surrogates (a non-UTF-8 file name) as `\\udcNN`. A line stays one.
- `line_start`: a path that would start a printed line with `::` (a workflow command) gets `./`.
- `command_data` / `command_property`: the escapes of GitHub's workflow commands.
- `step_output`: a `name=value` entry of `$GITHUB_OUTPUT` (a multi-line value as a heredoc).
- `markdown`: text for a Markdown table cell or paragraph, inert (no HTML, links, code, cells).
- `mermaid`: a quoted Mermaid label (entity codes, one line).
- `code_frame_text`: a reported file's text for code frames (controls replaced one for one).
- `json_document`: a JSON document (non-ASCII kept) with what `terminal` escapes written as
  JSON escapes.
- `stop_commands`: wraps a block of untrusted log text so the runner executes no command in it.
"""

from __future__ import annotations

import re

from zotlint.digest import sha256
from zotlint.lazyregex import lazy_compile

__all__ = [
    "code_frame_text",
    "command_data",
    "command_property",
    "json_document",
    "line_start",
    "markdown",
    "mermaid",
    "step_output",
    "stop_commands",
    "terminal",
]

# C0 (but tab), DEL and C1 controls, the Unicode line/paragraph separators, bidi controls and
# lone surrogates: anything that moves the cursor, ends a line or reorders what a reader sees.
_UNSAFE = lazy_compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """`text` as one line a terminal or CI log shows as written."""
    if text.isprintable():
        # Every character _UNSAFE matches is one str.isprintable() refuses (controls,
        # separators, format characters, surrogates; tests/test_lazyregex.py checks every code
        # point): printable text, the usual case, skips the regex pass and the pattern's
        # compilation (1 % of a small run), em dashes included (every ZOT303 message).
        return text
    return _UNSAFE.sub(_visible, text)


def line_start(path: str) -> str:
    """A path printed at the start of a line: terminal-safe, and never starting a workflow
    command (the runner trims leading white space before looking for `::`)."""
    shown = terminal(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def command_data(text: str) -> str:
    """The message of a workflow command (`::error ...::MESSAGE`)."""
    shown = terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return shown


def command_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`)."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


def step_output(name: str, value: str) -> str:
    """One entry of the `$GITHUB_OUTPUT` file: `name=value`, or, when the value holds a line
    break (a path from an input can), GitHub's heredoc form `name<<DELIMITER` ... `DELIMITER`
    with a delimiter derived from the value (deterministic, and never a line of it). A value
    can then never add an output of its own."""
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    digest = sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    delimiter = f"ghadelimiter_{digest}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


# Characters with a meaning in GitHub-flavoured Markdown inline text: backslash-escaped.
_MARKDOWN_SPECIAL = lazy_compile(r"([\\`*_\[\]|~$])")


def markdown(text: str) -> str:
    """Text for a Markdown table cell or inline text: no HTML, no code span, no link or image,
    no emphasis, no math, no cell break, one line (so no heading, list or fence can start)."""
    out = terminal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", out.replace("\t", " "))


def mermaid(text: str) -> str:
    """A double-quoted Mermaid label: entity codes for what Mermaid or Markdown would read."""
    out = terminal(text).replace("#", "#35;")
    for char, code in (
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("`", "#96;"),
        ("&", "#38;"),
        ("\t", " "),
    ):
        out = out.replace(char, code)
    return '"' + out + '"'


# Characters a code frame must not echo to a terminal or CI log: C0/C1 controls (escape
# sequences, BEL), line separators other than CR/LF (str.splitlines would shift the frame's
# line numbers) and bidirectional overrides. One for one, so columns stay exact.
_FRAME_UNSAFE = {
    c: "\ufffd"
    for c in (
        *range(0x00, 0x09),
        *range(0x0B, 0x0D),
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x2028, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def code_frame_text(raw: bytes) -> str:
    """A reported file's bytes as the text its code frames quote: UTF-8 (undecodable bytes
    replaced), no byte order mark, every character that would drive a terminal or shift a line
    replaced by U+FFFD one for one, so lines and columns stay those of the file."""
    text = raw.decode("utf-8", errors="replace").translate(_FRAME_UNSAFE)
    return text[1:] if text.startswith("\ufeff") else text


def json_document(doc: object) -> str:
    """`doc` as indented JSON, non-ASCII text kept as it is, except what `terminal` escapes and
    JSON writes raw (DEL, C1 controls, U+2028/9, bidi controls, lone surrogates): written as
    `\\uXXXX`. Valid JSON either way (outside strings JSON has no such character), and a
    terminal, a log viewer or JavaScript reading the output takes none of them literally."""
    # json.dumps(indent=2, ensure_ascii=False), each string escaped as it is written
    from zotlint.jsontext import RAW, document_text, raw_escape

    text, escaped = document_text(doc)
    if escaped or (text.isascii() and "\x7f" not in text):
        return text + "\n"
    return RAW.sub(raw_escape, text) + "\n"  # json.dumps wrote it (a NaN somewhere)


def stop_commands(text: str) -> str:
    """`text` between `::stop-commands::TOKEN` and `::TOKEN::`: the runner executes no
    workflow command inside. The token is a hash of the text itself, so output stays
    deterministic and no text can contain the token that ends its own block."""
    if not text:
        return text
    token = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    body = text if text.endswith("\n") else text + "\n"
    return f"::stop-commands::{token}\n{body}::{token}::\n"
