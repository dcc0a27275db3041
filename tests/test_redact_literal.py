"""Long secrets are scrubbed without a regex (zotlint.redact._literal_scrub): `re` compiled the
escaped spellings of one 200,000-character Secret value for seconds. The answer is the regex
alternation's (spellings longest first: leftmost occurrence, then the longest there)."""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint import redact
from zotlint.redact import _FEW, _LONG, Scrubber, Sensitive, _Forms, _literal_scrub


def _alternation(values: dict[str, str], text: str) -> str:
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    return pattern.sub(lambda m: values[m.group(0)], text)


# Few letters: spellings overlap, hold each other, share prefixes and suffixes.
_FORM = st.text(alphabet='ab\\"%\n', min_size=4, max_size=12)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[dict[str, str], str]:
    base = draw(st.lists(_FORM, min_size=1, max_size=16, unique=True))
    # Spellings that hold others at their start, inside or at their end.
    grown = [
        f"{draw(st.text(alphabet='ab', max_size=3))}{f}{draw(st.text(alphabet='ab', max_size=3))}"
        for f in base
    ]
    forms = list(dict.fromkeys(base + grown))[:_FEW]
    # Replacements of every kind: shorter, longer, empty-looking, holding a spelling.
    reds = st.sampled_from(["", "*", "<r>", "ab", "abab\n", "<redacted secret, 9 chars>"])
    values = {f: draw(reds) for f in forms}
    piece = st.one_of(
        st.sampled_from(forms),
        st.sampled_from(forms).flatmap(lambda f: st.integers(1, len(f)).map(lambda n: f[:n])),
        st.sampled_from(forms).flatmap(lambda f: st.integers(0, len(f) - 1).map(lambda n: f[n:])),
        st.text(alphabet='ab \\"%\n-', max_size=8),
    )
    return values, "".join(draw(st.lists(piece, max_size=40)))


@settings(max_examples=3000, deadline=None)
@given(_cases())
def test_literal_scrub_is_the_alternation(case: tuple[dict[str, str], str]) -> None:
    values, text = case
    assert _literal_scrub(text, values) == _alternation(values, text)


def test_long_spellings_take_the_literal_path(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(14)
    value = "".join(rnd.choice("abcdefgh\"\\&<'%\u00e9") for _ in range(3 * _LONG))
    scrubber = Scrubber([Sensitive(value), Sensitive("Zq8mK2vR9xL4")])
    forms = redact._escaped_forms(value)
    assert len(forms) > 3 and sum(map(len, forms)) > _LONG
    text = " | ".join([*forms, "Zq8mK2vR9xL4", forms[0][:-1], "x" + forms[1]])
    expected = _alternation(scrubber._values.values, text)

    # No regex is built for them (its compilation was the cost).
    def compile_(*_: object) -> None:
        pytest.fail("a regex was compiled")

    monkeypatch.setattr(redact, "re", SimpleNamespace(compile=compile_, escape=re.escape))
    out = scrubber.scrub(text)
    assert out == expected
    assert value not in out and "Zq8mK2vR9xL4" not in out
    assert out.count(Sensitive(value).redacted()) == len(forms) + 1  # each, x-prefixed too


def test_short_spellings_keep_the_regex() -> None:
    forms = _Forms()
    forms.add("Zq8mK2vR9xL4", "<a>")
    assert forms.scrub("k=Zq8mK2vR9xL4") == "k=<a>"
    assert forms._re is not None
