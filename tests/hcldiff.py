"""Where two readings of one Terraform file differ (``Block``/``HVal`` trees), for the
differential test of zotlint's HCL parser against python-hcl2 (tests/hcl2_reference.py)."""

from __future__ import annotations

from zotlint.iam.hcllex import HclSyntaxError, tokenize
from zotlint.iam.hclmodel import Block, HVal


def differences(text: str, got: Block, want: Block) -> list[str]:
    """Every place ``got`` (zotlint's parser) and ``want`` (python-hcl2) disagree, as
    human-readable lines; empty when they agree."""
    out: list[str] = []
    _block(text, got, want, "", out)
    return out


def _block(text: str, got: Block, want: Block, where: str, out: list[str]) -> None:
    here = f"{where}/{got.type}{''.join(f'[{label}]' for label in got.labels)}"
    if (got.type, got.labels, got.start, got.end) != (want.type, want.labels, want.start, want.end):
        out.append(
            f"{here}: block {got.type!r} {got.labels} {got.start}-{got.end} != "
            f"{want.type!r} {want.labels} {want.start}-{want.end}"
        )
        return
    if list(got.attrs) != list(want.attrs):
        out.append(f"{here}: attributes {list(got.attrs)} != {list(want.attrs)}")
        return
    for name, (gs, ge, gv) in got.attrs.items():
        ws, we, wv = want.attrs[name]
        if (gs, ge) != (ws, we):
            out.append(f"{here}.{name}: name span {gs}-{ge} != {ws}-{we}")
        _value(text, gv, wv, f"{here}.{name}", out)
    if len(got.blocks) != len(want.blocks):
        out.append(f"{here}: {len(got.blocks)} blocks != {len(want.blocks)}")
        return
    for g, w in zip(got.blocks, want.blocks, strict=True):
        _block(text, g, w, here, out)


def _blank(text: str) -> bool:
    """Whether ``text`` holds only blanks, line ends and comments."""
    try:
        return all(kind in ("nl", "eof") for kind in tokenize(text).kinds)
    except HclSyntaxError:
        return False


def _value(text: str, got: HVal, want: HVal, where: str, out: list[str]) -> None:
    shown = repr(text[want.start : want.end][:60])
    if got.kind != want.kind:
        out.append(f"{where}: kind {got.kind} != {want.kind} at {shown}")
        return
    if got.kind == "other":
        # python-hcl2 ends an operator expression after the line end and comment that follow
        # it (its grammar puts them inside); zotlint ends it at its last token.
        if got.start != want.start or not (
            got.end == want.end or (got.end < want.end and _blank(text[got.end : want.end]))
        ):
            out.append(f"{where}: span {got.start}-{got.end} != {want.start}-{want.end} {shown}")
        return
    if (got.start, got.end) != (want.start, want.end):
        out.append(f"{where}: span {got.start}-{got.end} != {want.start}-{want.end} {shown}")
    if got.kind in ("list", "template", "obj", "call"):
        if got.kind == "call":
            if got.value[0] != want.value[0]:
                out.append(f"{where}: function {got.value[0]!r} != {want.value[0]!r}")
            gitems, witems = got.value[1], want.value[1]
        else:
            gitems, witems = got.value, want.value
        if len(gitems) != len(witems):
            out.append(f"{where}: {len(gitems)} items != {len(witems)} at {shown}")
            return
        for i, (g, w) in enumerate(zip(gitems, witems, strict=True)):
            if got.kind == "obj":
                _value(text, g[0], w[0], f"{where}{{key {i}}}", out)
                _value(text, g[1], w[1], f"{where}{{{i}}}", out)
            elif isinstance(g, HVal) and isinstance(w, HVal):
                _value(text, g, w, f"{where}[{i}]", out)
            elif g != w:
                out.append(f"{where}[{i}]: {g!r} != {w!r}")
        return
    if got.value != want.value or type(got.value) is not type(want.value):
        out.append(f"{where}: value {got.value!r} != {want.value!r}")
