"""ZOT117 asks the key table ``lookup`` alone where it asked ``classify`` first (issue 19): a key
is "known" to classify() exactly when lookup() has its row (without a credentialHelper)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.data.zot_config_keys import KEYS, MAP_ENTRIES, classify, lookup

_WORDS = sorted({p for path in [*KEYS, *MAP_ENTRIES] for p in path} | {"oidc", "x", "Auth"})


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=7))
def test_known_exactly_when_looked_up(path: list[str]) -> None:
    keys = tuple(path)
    assert (classify(keys) == "known") == (lookup(keys) is not None)


def test_every_row_is_known() -> None:
    for pattern in [*KEYS, *MAP_ENTRIES]:
        assert classify(pattern) == "known"
