"""A finding's message as a short first sentence and the detail after it.

Rules write one message, usually "what is wrong: why it matters; what to do". Reporters that
have one line per finding (concise, the first line of text output, JUnit's message attribute)
show the headline; the rest follows where there is room. The split is at the first ": ",
"; " or ". " outside quotes, backticks and brackets, so the headline of
`OpenID is configured but http.externalUrl is not set: zot will send …` is
`OpenID is configured but http.externalUrl is not set.`
"""

from __future__ import annotations

import re

MIN_HEADLINE = 12  # a shorter prefix ("values.yaml: …") is a label, not a sentence
_OPEN = {"(": ")", "[": "]", "{": "}"}


# The only characters the scan below reacts to: quotes, brackets, and sentence punctuation
# followed by a space (any other character leaves its state as it is). Stepping from one to the
# next, rather than through every character, is what lets a report of 16,000 findings split
# its messages in a few hundredths of a second.
_STEPS = re.compile(r"[\"`(\[{)\]}]|[:;.](?= )")


def split(message: str) -> tuple[str, str]:
    """(headline, detail or ""): each a sentence, starting with a capital unless it starts
    with a key; the headline ends with a period."""
    depth: list[str] = []
    quote = ""  # inside "…" or `…`: a value or key as written, not the sentence's punctuation
    for m in _STEPS.finditer(message):
        i = m.start()
        c = message[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in '"`':
            quote = c
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
            return _sentence(_capitalised(head)), _capitalised(rest)
    return _sentence(_capitalised(message.strip())), ""


def is_key(word: str) -> bool:
    """A config key or path as the user spells it (`http.accessControl`, `externalUrl`,
    `mountConfig`, `/secrets-oidc`, `values-prod.yaml`), not an English word."""
    word = word.rstrip(",:;.").replace("'", "")  # "zot's" is a word
    return not all(map(str.isalpha, word)) or any(map(str.isupper, word[1:]))


def _capitalised(text: str) -> str:
    """A capital first letter, unless the text starts with a key, whose spelling is the
    user's (`http.accessControl`, never `Http.accessControl`)."""
    if not text or is_key(text.split(" ", 1)[0]):
        return text
    return text[:1].upper() + text[1:]


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
