"""Terraform files read into a small value model, every value with the offsets it is written
at: the condition value, the `Resource` string, the heredoc's first character a finding points
to.

zotlint reads HCL itself (``zotlint.iam.hcllex`` for the tokens, the recursive-descent parser
below) rather than through a general HCL library: the one it used built a Lark grammar on
its first run (seconds, and a cache file written into site-packages, so `check` wrote to disk)
and parsed slower than the rest of the IAM reading. Only what an IAM reader needs is modelled:
literals, strings with interpolations, lists, objects, references (`var.x`,
`aws_iam_policy.p.arn`), function calls and heredocs. Anything else (conditionals, operators,
`for` expressions, splats of non-references, template directives) is ``other`` with its exact
span: a value zotlint does not know, never a guess. A file the parser does not accept (or
nested deeper than ``MAX_DEPTH``, or larger than ``MAX_HCL_SIZE``) is ``None``: its IAM is
unknown.
"""

from __future__ import annotations

from zotlint.iam.hcllex import HclSyntaxError, tokenize
from zotlint.iam.hclmodel import Block, HVal

__all__ = ["MAX_HCL_SIZE", "Block", "HVal", "decode_literal", "parse"]

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
MAX_HCL_SIZE = 1024 * 1024  # larger .tf files are not parsed: the IAM there is unknown
# Blocks, brackets and templates open at one point; deeper, the file is unknown. Each level
# takes at most five Python frames, so 64 levels stay far inside the default recursion limit
# (1000) from wherever zotlint calls this; real Terraform nests about ten deep.
MAX_DEPTH = 64
# Operators that continue an expression on the next line (`-` does not: it may start a value).
_CONTINUES = frozenset({"==", "!=", "<", ">", "<=", ">=", "*", "/", "%", "&&", "||", "+", "?"})
_BINARY = _CONTINUES | {"-"}
_LITERALS = {"true": ("bool", True), "false": ("bool", False), "null": ("null", None)}


def parse(text: str) -> Block | None:
    """The file's top-level body, or None when the text is not HCL this reader accepts (or is
    larger than MAX_HCL_SIZE, or nested deeper than MAX_DEPTH): its IAM is then unknown.
    Never raises: the file comes from an untrusted pull request."""
    if len(text) > MAX_HCL_SIZE:
        return None
    try:
        # A newline at the end closes a last line's comment or heredoc like any other line.
        return _Parser(text + "\n").file(len(text))
    except HclSyntaxError:
        return None
    except RecursionError:  # only when called with the stack already nearly full
        return None


class _Parser:
    """Recursive descent over the tokens; ``depth`` counts what is open (MAX_DEPTH)."""

    __slots__ = ("depth", "ends", "heredocs", "i", "kinds", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        toks = tokenize(text)
        self.kinds = toks.kinds
        self.starts = toks.starts
        self.ends = toks.ends
        self.heredocs = toks.heredocs
        self.i = 0  # the next token
        self.depth = 0

    def file(self, size: int) -> Block:
        root = Block("", (), 0, size)
        self._body(root)
        self._expect("eof")
        return root

    # -- helpers ---------------------------------------------------------------------------
    def _skip_nl(self) -> None:
        if self.kinds[self.i] == "nl":  # the lexer merges consecutive line ends
            self.i += 1

    def _expect(self, kind: str) -> int:
        """The next token's index, when it is a ``kind``."""
        i = self.i
        if self.kinds[i] != kind:
            raise HclSyntaxError(f"expected {kind!r}", self.starts[i])
        self.i = i + 1
        return i

    def _enter(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise HclSyntaxError("nested too deep", at)

    def _word(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def _last_end(self) -> int:
        return self.ends[self.i - 1]

    # -- bodies ------------------------------------------------------------------------------
    def _body(self, out: Block) -> None:
        """Attributes and blocks up to a token that starts neither (`}` or the end)."""
        kinds = self.kinds
        while True:
            self._skip_nl()
            first = self.i
            if kinds[first] != "id":
                return
            self.i += 1
            name = self._word(first)
            start, end = self.starts[first], self.ends[first]
            if kinds[self.i] == "=":
                self.i += 1
                out.attrs[name] = (start, end, self._expr())
                continue
            labels: list[str] = []
            while True:
                kind = kinds[self.i]
                if kind == "id":
                    labels.append(self._word(self.i))
                    self.i += 1
                elif kind == '"':
                    label = self._string()
                    if label.kind == "str":  # a label with `${}` is not a name we can use
                        labels.append(label.value)
                else:
                    break
            self._skip_nl()
            self._expect("{")
            self._enter(start)
            blk = Block(name, tuple(labels), start, end)
            self._body(blk)
            blk.end = self.ends[self._expect("}")]
            self.depth -= 1
            out.blocks.append(blk)

    # -- expressions ---------------------------------------------------------------------------
    def _expr(self) -> HVal:
        """A whole expression: operators and conditionals make it ``other``."""
        kinds = self.kinds
        start = self.starts[self.i]
        first = self._operand()
        if not self._at_operator():
            return first
        while self._at_operator():
            if kinds[self.i] == "nl":
                self.i += 1  # `a\n  + b` continues (as `-` does not: it may start a value)
            op = kinds[self.i]
            at = self.starts[self.i]
            self.i += 1
            self._skip_nl()
            if op == "?":
                self._enter(at)
                self._expr()
                self._skip_nl()
                self._expect(":")
                self._skip_nl()
                self._expr()
                self.depth -= 1
                break
            self._operand()
        return HVal("other", start, self._last_end())

    def _at_operator(self) -> bool:
        kind = self.kinds[self.i]
        if kind == "nl":
            return self.kinds[self.i + 1] in _CONTINUES
        return kind in _BINARY or kind == "?"

    def _operand(self) -> HVal:
        """Unary `-` / `!` applied to a term; `-` of a number is that number negated."""
        kinds = self.kinds
        first = self.i
        signs = negations = 0
        while kinds[self.i] in ("-", "!"):
            signs += 1
            negations += kinds[self.i] == "-"
            self.i += 1
        value = self._postfix()
        if not signs:
            return value
        start, end = self.starts[first], self._last_end()
        if value.kind == "num" and negations == signs:
            return HVal("num", start, end, -value.value if negations % 2 else value.value)
        return HVal("other", start, end)

    def _postfix(self) -> HVal:
        """A term and its traversal: `.name`, `[index]`, `.0`, `.*`, `[*]`. Indexes and splats
        keep a reference a reference (`a[0].b` is ("a", "b")); on anything else they make an
        ``other``."""
        kinds = self.kinds
        start = self.starts[self.i]
        value = self._primary()
        names = value.value if value.kind == "ref" else None
        moved = False
        while True:
            kind = kinds[self.i]
            if kind == ".":
                after = kinds[self.i + 1]
                if after == "id" and names is not None:
                    names = (*names, self._word(self.i + 1))
                elif after not in ("id", "num", "*"):
                    raise HclSyntaxError("expected a name after `.`", self.starts[self.i + 1])
                self.i += 2
            elif kind == "[":
                if kinds[self.i + 1] == "*" and kinds[self.i + 2] == "]":
                    self.i += 3
                else:
                    self._enter(self.starts[self.i])
                    self.i += 1
                    self._skip_nl()
                    self._expr()
                    self._skip_nl()
                    self._expect("]")
                    self.depth -= 1
            else:
                break
            moved = True
        if not moved:
            return value
        end = self._last_end()
        return HVal("ref", start, end, names) if names is not None else HVal("other", start, end)

    def _primary(self) -> HVal:
        i = self.i
        kind, s, e = self.kinds[i], self.starts[i], self.ends[i]
        self.i += 1
        if kind == "id":
            if self.kinds[self.i] in ("(", "::"):
                return self._call(i)
            word = self.text[s:e]
            lit = _LITERALS.get(word)
            if lit is not None:
                return HVal(lit[0], s, e, lit[1])
            return HVal("ref", s, e, (word,))
        if kind == "num":
            raw = self.text[s:e]
            try:
                return HVal("num", s, e, int(raw) if raw.isdigit() else float(raw))
            except ValueError:  # more digits than int() converts
                return HVal("other", s, e)
        if kind == '"':
            self.i = i
            return self._string()
        if kind == "<<":
            body_start, body_end = self.heredocs[i]
            return HVal("heredoc", s, e, (self.text[body_start:body_end], body_start))
        if kind == "[" or kind == "{":
            self._enter(s)
            self._skip_nl()
            if self._at_for():
                value = HVal("other", s, self._for_rest("]" if kind == "[" else "}"))
            else:
                value = self._tuple(s) if kind == "[" else self._object(s)
            self.depth -= 1
            return value
        if kind == '\\"':  # Terraform 0.11's `\\"k\\"` inside a template: unknown
            return HVal("other", s, e)
        if kind == "(":
            self._enter(s)
            self._skip_nl()
            value = self._expr()  # parentheses are transparent: the value keeps its own span
            self._skip_nl()
            self._expect(")")
            self.depth -= 1
            return value
        raise HclSyntaxError("expected a value", s)

    def _call(self, name: int) -> HVal:
        kinds = self.kinds
        names = [self._word(name)]
        while kinds[self.i] == "::":  # provider::aws::arn_parse(...)
            self.i += 1
            names.append(self._word(self._expect("id")))
        self._enter(self.starts[self._expect("(")])
        args: list[HVal] = []
        self._skip_nl()
        while kinds[self.i] != ")":
            args.append(self._expr())
            self._skip_nl()
            if kinds[self.i] == ",":
                self.i += 1
                self._skip_nl()
                continue
            if kinds[self.i] == "...":  # `f(list...)`: the list's items are the arguments
                self.i += 1
                self._skip_nl()
            break
        end = self.ends[self._expect(")")]
        self.depth -= 1
        return HVal("call", self.starts[name], end, ("::".join(names), args))

    def _tuple(self, s: int) -> HVal:
        kinds = self.kinds
        items: list[HVal] = []
        while kinds[self.i] != "]":
            items.append(self._expr())
            self._skip_nl()
            if kinds[self.i] != ",":
                break
            self.i += 1
            self._skip_nl()
        return HVal("list", s, self.ends[self._expect("]")], items)

    def _object(self, s: int) -> HVal:
        kinds = self.kinds
        items: list[tuple[HVal, HVal]] = []
        while kinds[self.i] != "}":
            key = self._key()
            if kinds[self.i] not in ("=", ":"):
                raise HclSyntaxError("expected `=` or `:` after an object key", self.starts[self.i])
            self.i += 1
            items.append((key, self._expr()))
            self._skip_nl()
            if kinds[self.i] == ",":
                self.i += 1
                self._skip_nl()
        return HVal("obj", s, self.ends[self._expect("}")], items)

    def _key(self) -> HVal:
        """An object key: a bare name is that string (`true`, `false`, `null` stay literals);
        anything else, a parenthesised name included, is an expression."""
        i = self.i
        if self.kinds[i] == "id" and self.kinds[i + 1] in ("=", ":"):
            word = self._word(i)
            if word not in _LITERALS:
                self.i += 1
                return HVal("str", self.starts[i], self.ends[i], word)
        return self._expr()

    def _at_for(self) -> bool:
        i = self.i
        return self.kinds[i] == "id" and self.kinds[i + 1] == "id" and self._word(i) == "for"

    def _for_rest(self, closing: str) -> int:
        """`for k, v in coll : value` (`key => value ...` in braces) `if cond`, then the closing
        bracket: the expression's end."""
        kinds = self.kinds
        self.i += 2
        if kinds[self.i] == ",":
            self.i += 1
            self._expect("id")
        self._skip_nl()
        self._keyword("in")
        self._skip_nl()
        self._expr()
        self._skip_nl()
        self._expect(":")
        self._skip_nl()
        self._expr()
        self._skip_nl()
        if closing == "}":
            self._expect("=>")
            self._skip_nl()
            self._expr()
            self._skip_nl()
            if kinds[self.i] == "...":
                self.i += 1
                self._skip_nl()
        if kinds[self.i] == "id" and self._word(self.i) == "if":
            self.i += 1
            self._skip_nl()
            self._expr()
            self._skip_nl()
        return self.ends[self._expect(closing)]

    def _keyword(self, word: str) -> None:
        i = self._expect("id")
        if self._word(i) != word:
            raise HclSyntaxError(f"expected `{word}`", self.starts[i])

    # -- strings -------------------------------------------------------------------------------
    def _string(self) -> HVal:
        """A quoted string: ``str`` when it is literal, else ``template`` (literal parts and
        interpolated values; a directive, `%{ if }` ... , is an ``other`` part)."""
        kinds = self.kinds
        s = self.starts[self.i]
        self.i += 1
        parts: list[str | HVal] = []
        strip_next = False  # `~}` strips the whitespace that follows
        while True:
            i = self.i
            kind = kinds[i]
            self.i += 1
            if kind == "lit":
                lit = decode_literal(self._word(i))
                parts.append(lit.lstrip() if strip_next else lit)
                strip_next = False
                continue
            if kind == '"e':
                break
            strip_next = False
            if kinds[self.i] == "~" and parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1].rstrip()  # `${~` strips the whitespace before it
            if kind == "${":
                self._enter(self.starts[i])
                if kinds[self.i] == "~":
                    self.i += 1
                self._skip_nl()
                parts.append(self._expr())
                self._skip_nl()
                if kinds[self.i] == "~":
                    self.i += 1
                    strip_next = True
                self._expect("}t")
                self.depth -= 1
            else:  # `%{`: skip to the `}` that closes it (templates inside it included)
                open_ = 1
                while open_:
                    k = kinds[self.i]
                    open_ += k in ("${", "%{")
                    open_ -= k == "}t"
                    self.i += 1
                strip_next = kinds[self.i - 2] == "~"
                parts.append(HVal("other", self.starts[i], self._last_end()))
        merged: list[str | HVal] = []
        for p in parts:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + p
            elif p != "":
                merged.append(p)
        end = self._last_end()
        if not merged:
            return HVal("str", s, end, "")
        if len(merged) == 1 and isinstance(merged[0], str):
            return HVal("str", s, end, merged[0])
        return HVal("template", s, end, merged)


def decode_literal(raw: str) -> str:
    """A quoted string's literal text: HCL's escapes (\\n \\r \\t \\" \\\\ \\uNNNN
    \\UNNNNNNNN; others kept as written) and `$${` / `%%{` for a literal `${` / `%{`."""
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw
    out: list[str] = []
    i = 0
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch in "$%" and raw.startswith(("$${", "%%{"), i):
            out.append(raw[i + 1 : i + 3])
            i += 3
            continue
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        width = {"u": 4, "U": 8}.get(nxt)
        digits = raw[i + 2 : i + 2 + width] if width else ""
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            cp = int(digits, 16)
            if cp <= 0x10FFFF and not 0xD800 <= cp < 0xE000:
                out.append(chr(cp))
                i += 2 + width
                continue
        out.append(ch)
        i += 1
    return "".join(out)
