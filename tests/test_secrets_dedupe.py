"""One report per secret (zotlint.secrets.spans.dedupe): the detections kept are those of the
definition, a pairwise check against every span already kept or claimed, in rank then text
order. dedupe reads each span once and appends intervals after the last one directly (16,000
Secrets in one file); this pins it to the definition."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.document import Ref
from zotlint.secrets.detection import Detection, DetectionKind
from zotlint.secrets.spans import TakenSpans, dedupe
from zotlint.source.text import Span


def _overlap(a: Span, b: Span) -> bool:
    """Two non-empty spans share a character; a point lies inside or on an end of the other."""
    if a.start == a.end:
        return b.start <= a.start <= b.end
    if b.start == b.end:
        return a.start <= b.start <= a.end
    return a.start < b.end and b.start < a.end


def _definition(dets: list[Detection]) -> list[Detection]:
    kept: list[Detection] = []
    taken: list[Span] = []
    for d in sorted(dets, key=lambda d: (d.rank(), d.span.start)):
        if any(_overlap(d.span, t) for t in taken):
            continue
        kept.append(d)
        taken.append(d.span)
        taken.extend(d.claims)
    return sorted(kept, key=lambda d: d.span.start)


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda t: Span(t[0], t[0] + t[1]))
_KINDS = [DetectionKind.KUBERNETES_SECRET, DetectionKind.HTPASSWD_ENTRY, DetectionKind.SHAPED_TOKEN]


@st.composite
def _detections(draw) -> list[Detection]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        out.append(
            Detection(
                draw(st.sampled_from(_KINDS)),
                Ref(None, (i,), fixed=draw(_SPAN)),  # type: ignore[arg-type]
                f"d{i}",
                claims=tuple(draw(st.lists(_SPAN, max_size=2))),
                text_pass=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=1000, deadline=None)
@given(_detections())
def test_dedupe_keeps_what_the_definition_keeps(dets: list[Detection]) -> None:
    assert [d.label for d in dedupe(dets)] == [d.label for d in _definition(dets)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_SPAN, _SPAN)))
def test_taken_spans_answer_as_the_pairwise_check(pairs: list[tuple[Span, Span]]) -> None:
    taken = TakenSpans()
    added: list[Span] = []
    for new, probe in pairs:
        taken.add(new)
        added.append(new)
        assert taken.overlaps(probe) == any(_overlap(probe, a) for a in added), (added, probe)
