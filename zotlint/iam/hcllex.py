"""Terraform's HCL native syntax as a flat list of tokens, for the parser in ``zotlint.iam.hcl``.

One pass over the text, each character looked at a bounded number of times: no regular
expression here can backtrack (each is a single character class or a fixed word), heredocs are
found line by line, and ``/* */`` comments by ``str.find``. Quoted strings are split into their
literal runs and their ``${ }`` / ``%{ }`` templates; a template's code is lexed like any other
code, so a string inside an interpolation inside a string nests to any depth up to
``MAX_NESTING`` open strings and templates (beyond it: ``HclSyntaxError``, the file is unknown).

The tokens are three parallel arrays (``Tokens``): a kind, a start and an end offset per token
(16 bytes a token, so a hostile megabyte of one-character tokens stays small). Kinds:

- ``id``: a name (``[A-Za-z_][A-Za-z0-9_-]*``, keywords included); ``num``: a number;
- ``nl``: one or more line ends and ``#`` / ``//`` comments (a newline ends an attribute);
  ``/* */`` comments and spaces, tabs and carriage returns are skipped;
- ``"``: a string opens; ``lit``: raw literal text inside it (escapes not decoded);
  ``${`` and ``%{``: a template opens; ``}t``: it closes; ``"e``: the string closes;
- ``<<``: a heredoc, the whole of it up to and including its closing line;
  ``Tokens.heredocs`` maps its index to ``(body_start, body_end)``;
- punctuation and operators: their own text (``{``, ``==``, ``...``);
- ``eof``: the end.
"""

from __future__ import annotations

from array import array

from zotlint.lazyregex import lazy_compile

MAX_NESTING = 100  # open strings plus templates at one point

# Code outside strings, one token a match; `{ } " / < # \n` are handled by hand (modes,
# comments, heredocs). Every branch is a character class or a fixed word: nothing backtracks.
_CODE = lazy_compile(
    r"(?P<blank>[ \t\r]+)"
    r"|(?P<id>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<op>\.\.\.|==|!=|>=|&&|\|\||=>|::|[\[\]().,=>+\-*%!?:~])"
)
_DIGITS = lazy_compile(r"[0-9]+")
_BLANK = lazy_compile(r"[ \t\r]+")
_LINE_REST = lazy_compile(r"[^\n]*")
_STRING_TEXT = lazy_compile(r'[^"\\$%]+')
_HEREDOC = lazy_compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n")


class HclSyntaxError(ValueError):
    """Text the lexer or the parser does not accept (a message, an offset)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


class Tokens:
    """Token ``i`` is ``kinds[i]`` written from ``starts[i]`` to ``ends[i]``."""

    __slots__ = ("ends", "heredocs", "kinds", "starts")

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.starts = array("i")
        self.ends = array("i")
        self.heredocs: dict[int, tuple[int, int]] = {}  # token index -> body start, end

    def add(self, kind: str, start: int, end: int) -> None:
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)


def tokenize(text: str) -> Tokens:
    """The tokens of ``text``; raises HclSyntaxError on text HCL does not allow."""
    toks = Tokens()
    kinds = toks.kinds
    # One entry per open string (-1) or template (the count of `{` open inside its code).
    stack: list[int] = []
    pos = 0
    n = len(text)
    while pos < n:
        if stack and stack[-1] < 0:
            pos = _string_part(text, pos, toks, stack)
            continue
        m = _CODE.match(text, pos)
        if m is not None:
            group = m.lastgroup
            end = m.end()
            if group == "op":
                toks.add(text[pos:end], pos, end)
            elif group == "id":
                toks.add("id", pos, end)
            elif group == "num":
                if kinds and kinds[-1] == "." and toks.ends[-1] == pos:
                    # After `.` a number is an index (`a.0.1` is a, 0, 1), never a fraction.
                    end = _DIGITS.match(text, pos).end()  # type: ignore[union-attr]
                toks.add("num", pos, end)
            pos = end
            continue
        c = text[pos]
        if c == "\n" or c == "#" or text.startswith("//", pos):
            pos = _newlines(text, pos, toks)
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close < 0:
                raise HclSyntaxError("unterminated comment", pos)
            pos = close + 2
        elif c == '"':
            toks.add('"', pos, pos + 1)
            stack.append(-1)
            if len(stack) > MAX_NESTING:
                raise HclSyntaxError("strings and templates nested too deep", pos)
            pos += 1
        elif c == "{":
            if stack:
                stack[-1] += 1
            toks.add("{", pos, pos + 1)
            pos += 1
        elif c == "}":
            if stack and stack[-1] == 0:
                stack.pop()  # back inside the string this template belongs to
                toks.add("}t", pos, pos + 1)
            else:
                if stack:
                    stack[-1] -= 1
                toks.add("}", pos, pos + 1)
            pos += 1
        elif c == "<":
            pos = _less_than(text, pos, toks)
        elif c == "/":
            toks.add("/", pos, pos + 1)
            pos += 1
        elif stack and text.startswith('\\"', pos):
            pos = _escaped_string(text, pos, toks)
        else:
            raise HclSyntaxError(f"unexpected character {c!r}", pos)
    if stack:
        raise HclSyntaxError("unterminated string or template", n)
    toks.add("eof", n, n)
    return toks


def _newlines(text: str, pos: int, toks: Tokens) -> int:
    """Line ends and line comments from ``pos`` as one ``nl`` token (blanks between them too)."""
    start = pos
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == "\n":
            pos += 1
        elif c == "#" or text.startswith("//", pos):
            pos = _LINE_REST.match(text, pos).end()  # type: ignore[union-attr]
        elif c in " \t\r":
            pos = _BLANK.match(text, pos).end()  # type: ignore[union-attr]
        else:
            break
    if toks.kinds and toks.kinds[-1] == "nl":  # a `/* */` comment between two line ends
        toks.ends[-1] = pos
    else:
        toks.add("nl", start, pos)
    return pos


def _string_part(text: str, pos: int, toks: Tokens, stack: list[int]) -> int:
    """Inside a quoted string: one literal run, a template's opening or the closing quote."""
    n = len(text)
    start = pos
    while pos < n:
        m = _STRING_TEXT.match(text, pos)
        if m is not None:
            pos = m.end()
            continue
        c = text[pos]
        if c == "\\":
            if pos + 1 >= n or text[pos + 1] == "\n":
                raise HclSyntaxError("backslash at the end of a line in a string", pos)
            pos += 2
        elif c == '"':
            break
        elif text.startswith(("$${", "%%{"), pos):
            pos += 3  # the literal `${` / `%{`
        elif text.startswith(("${", "%{"), pos):
            break
        else:
            pos += 1  # a `$` or `%` that opens nothing
    if pos > start:
        toks.add("lit", start, pos)
    if pos >= n:
        raise HclSyntaxError("unterminated string", start)
    if text[pos] == '"':
        stack.pop()
        toks.add('"e', pos, pos + 1)
        return pos + 1
    toks.add(text[pos : pos + 2], pos, pos + 2)
    stack.append(0)
    if len(stack) > MAX_NESTING:
        raise HclSyntaxError("strings and templates nested too deep", pos)
    return pos + 2


def _escaped_string(text: str, pos: int, toks: Tokens) -> int:
    """Terraform 0.11's quotes inside a template, `"${lookup(m, \\"k\\")}"`: one ``\\"``
    token up to the next ``\\"`` (its value is unknown). Inside, as python-hcl2 read them, a
    character is anything but a quote or a backslash, or two backslashes and any character."""
    n = len(text)
    i = pos + 2
    while i < n:
        c = text[i]
        if c == "\\":
            if text.startswith('\\"', i):
                toks.add('\\"', pos, i + 2)
                return i + 2
            if not text.startswith("\\\\", i) or i + 2 >= n or text[i + 2] == "\n":
                break
            i += 3
        elif c == '"':
            break
        else:
            i += 1
    raise HclSyntaxError("unterminated escaped string", pos)


def _less_than(text: str, pos: int, toks: Tokens) -> int:
    """`<=`, `<`, or a heredoc: `<<EOF` / `<<-EOF` up to the first line that holds only the
    marker (after blanks)."""
    m = _HEREDOC.match(text, pos)
    if m is None:
        width = 2 if text.startswith("<=", pos) else 1
        toks.add(text[pos : pos + width], pos, pos + width)
        return pos + width
    marker = m.group(1)
    body_start = line = m.end()
    n = len(text)
    while line < n:
        end = text.find("\n", line)
        if end < 0:
            break
        rest = text[line:end].lstrip()
        if rest == marker or rest == marker + "\r":
            toks.heredocs[len(toks.kinds)] = (body_start, line)
            toks.add("<<", pos, end + 1)
            return end + 1
        line = end + 1
    raise HclSyntaxError("heredoc without its closing marker", pos)
