"""The scrubber with many secrets (zotlint.redact._ManyForms) gives the answer of one regex
alternation sorted longest first (leftmost, then longest match), which is too slow with
thousands of secrets; and its word split stays linear however long the shortest secret is."""

from __future__ import annotations

import random
import re
import time

from zotlint.redact import _FEW, Scrubber, Sensitive, _Forms, _ManyForms


def _alternation(values: dict[str, str], text: str) -> str:
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    return pattern.sub(lambda m: values[m.group(0)], text)


def _case(
    rnd: random.Random, alphabet: str, lengths: range, other: str = " ,:\n"
) -> tuple[dict[str, str], str]:
    forms = {"".join(rnd.choice(alphabet) for _ in range(rnd.choice(lengths))) for _ in range(40)}
    values = {f: f"<{i}>" for i, f in enumerate(sorted(forms))}
    pieces = []
    for _ in range(200):
        pick = rnd.random()
        if pick < 0.3:
            pieces.append(rnd.choice(sorted(forms)))  # a secret, often glued to other text
        elif pick < 0.4:
            pieces.append(rnd.choice(sorted(forms))[: rnd.randint(1, 5)])  # a prefix only
        else:
            pieces.append("".join(rnd.choice(alphabet + other) for _ in range(rnd.randint(0, 12))))
    return values, "".join(pieces)


def test_many_forms_answers_like_the_alternation() -> None:
    rnd = random.Random(14)
    for alphabet, lengths in (("ab", range(4, 7)), ("abc-", range(4, 12)), ("xyz01", range(9, 30))):
        for _ in range(40):
            values, text = _case(rnd, alphabet, lengths)
            assert _ManyForms(values).scrub(text) == _alternation(values, text), (values, text)


def test_word_split_by_bytes_is_the_regex_split() -> None:
    # ASCII secrets are split by bytes.find on a marked copy; other characters of the text
    # (`…`, a surrogate) become `?` there. Secrets holding `?` or non-ASCII use the regex.
    rnd = random.Random(16)
    cases = (
        ("ab", range(4, 7), " ,…\udcff?\n"),
        ("xyz01", range(5, 9), "?é—\t "),
        ("ab?", range(4, 7), " é?"),  # `?` in a secret: the regex split
        ("aéb", range(4, 7), " ,?"),  # a non-ASCII secret: the regex split
    )
    for alphabet, lengths, other in cases:
        for _ in range(40):
            values, text = _case(rnd, alphabet, lengths, other)
            many = _ManyForms(values)
            assert (many.marks is None) == ("?" in alphabet or not alphabet.isascii())
            assert many._split(text) == many.word.split(text), (values, text)
            assert many.scrub(text) == _alternation(values, text), (values, text)


def test_only_runs_as_long_as_the_shortest_secret_are_words() -> None:
    values = {"Zq8mK2vR9xL4Zq8mK2vR9xL4": "<a>", "Pw7nQ3sT6yH1Pw7nQ3sT6yH1Xb": "<b>"}
    many = _ManyForms(values)
    # Shorter runs cannot hold a secret: the text is one part and comes back unchanged.
    assert many.word.split("a finding on s1234 with key password") == [
        "a finding on s1234 with key password"
    ]
    text = "x Zq8mK2vR9xL4Zq8mK2vR9xL4, yPw7nQ3sT6yH1Pw7nQ3sT6yH1Xb!"
    assert many.scrub(text) == "x <a>, y<b>!"


def test_scrubber_with_more_than_few_secrets_redacts_each() -> None:
    secrets = [Sensitive(f"S3cr3t{i:08d}xYz") for i in range(_FEW + 10)]
    scrubber = Scrubber(secrets)
    text = " ".join(f"v=S3cr3t{i:08d}xYz" for i in range(_FEW + 10))
    out = scrubber.scrub(text)
    assert "S3cr3t" not in out and out.count("<redacted secret, 17 chars, S…z>") == _FEW + 10


def test_word_split_is_linear_with_a_long_shortest_secret() -> None:
    # Every secret is 20,000 characters long; the report holds runs of their characters one
    # shorter. Tried at every position of a run, `[chars]{20000,}` reads 4 * 10^9 characters
    # (5 runs took 6.4 s); tried at each run's start only, 400,000.
    forms = _Forms()
    for i in range(_FEW + 1):
        forms.add(f"{i:04d}" + "k" * 19_996, f"<{i}>")
    text = ("k" * 19_999 + " ") * 20
    start = time.perf_counter()
    assert forms.scrub(text) == text
    assert time.perf_counter() - start < 5.0


def test_escaped_spellings_are_scrubbed_with_and_without_special_characters() -> None:
    import json

    from zotlint.redact import _escaped_forms, _xml_escape

    for value in ("Zq8mK2vR9xL4", "a\"b\\c&d<e>f'g%h", "p\u00e9ss\u2028w\x7frd", "line1\nline2"):
        expected = {
            value,
            json.dumps(value)[1:-1],
            json.dumps(value, ensure_ascii=False)[1:-1],
            _xml_escape(value),
            value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"),
        }
        assert expected <= set(_escaped_forms(value)), value
    assert _escaped_forms("Zq8mK2vR9xL4") == ["Zq8mK2vR9xL4"]  # nothing to escape: one form
