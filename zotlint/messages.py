"""A finding's message as a short first sentence and the detail after it.

Rules write one message, usually "what is wrong: why it matters; what to do". Reporters that
have one line per finding (concise, the first line of text output, JUnit's message attribute)
show the headline; the rest follows where there is room. The split is at the first ": ",
"; " or ". " outside quotes and brackets, so the headline of
`OpenID is configured but http.externalUrl is not set: zot will send …` is
`OpenID is configured but http.externalUrl is not set.`
"""

from __future__ import annotations

MIN_HEADLINE = 12  # a shorter prefix ("values.yaml: …") is a label, not a sentence
_OPEN = {"(": ")", "[": "]", "{": "}"}


def split(message: str) -> tuple[str, str]:
    """(headline ending with a period, detail starting with a capital, or "")."""
    depth: list[str] = []
    quoted = False
    for i, c in enumerate(message):
        if c == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif c in _OPEN:
            depth.append(_OPEN[c])
        elif depth and c == depth[-1]:
            depth.pop()
        elif (
            not depth
            and c in ":;."
            and message[i + 1 : i + 2] == " "
            and i >= MIN_HEADLINE
            # "e.g. x", "approx. 3": an abbreviation, not the end of a sentence
            and not message[max(0, i - 4) : i].endswith(("e.g", "i.e", "etc", "vs"))
        ):
            head = message[:i].rstrip()
            rest = message[i + 2 :].strip()
            return _sentence(head), (rest[:1].upper() + rest[1:]) if rest else ""
    return _sentence(message.strip()), ""


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def headline(message: str) -> str:
    return split(message)[0]


def show(value: object, limit: int = 80) -> str:
    """A value as YAML/JSON spell it (`false`, `"no"`, `null`), never Python's repr (`False`,
    `'no'`, `None`). For values zotlint reasons about (flags, names), not secrets."""
    import json

    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
