"""Questions linked to the host lines that answer them: by name, topic and time."""

from __future__ import annotations

from siaran.talk import tag_lines
from siaran.talk.lexicon import default_lexicon
from siaran.talk.qa import ANSWER_WINDOW_S, QaSummary, link_questions, name_parts
from siaran.talk.transcripts import TranscriptLine


def _link(host: list[tuple[float, str]], comments: list[tuple[float, str, str]]) -> QaSummary:
    lines = [TranscriptLine(i, text, at, at + 5) for i, (at, text) in enumerate(host, 1)]
    return link_questions(
        lines,
        tag_lines([t for _, t in host], "host"),
        tag_lines([t for _, _, t in comments], "comment"),
        [u for _, u, _ in comments],
        [at for at, _, _ in comments],
        default_lexicon(),
    )


def test_name_mention_links_even_late() -> None:
    qa = _link(
        [(10, "harganya 50 ribu"), (200, "oke kak rina, yang hitam ada ya")],
        [(100, "rina_olshop88", "yg hitam ready?")],
    )
    (link,) = qa.links
    assert link.answer_line == 2
    assert link.latency_s == 100
    assert "name" in link.evidence
    assert qa.answer_rate == 1.0


def test_topic_soon_after_links_and_time_order_is_kept() -> None:
    qa = _link(
        [
            (50, "ongkir ke bandung 15 ribu ya"),  # before the question: cannot answer it
            (130, "yang nanya ongkir, ke Bandung 15 ribu ya kak"),
        ],
        [(120, "budi", "ongkir ke bandung brp?")],
    )
    assert qa.links[0].answer_line == 2
    assert qa.links[0].latency_s == 10
    assert set(qa.links[0].evidence) >= {"answer_cue", "topic"}


def test_topic_alone_far_away_does_not_link() -> None:
    qa = _link([(400, "harganya 50 ribu")], [(100, "sari", "brp kak?")])
    assert qa.answered == 0
    assert qa.answer_rate == 0.0
    assert qa.median_latency_s is None
    assert [q.text for q in qa.unanswered] == ["brp kak?"]


def test_beyond_the_window_is_unanswered() -> None:
    late = 100 + ANSWER_WINDOW_S + 1
    qa = _link([(late, "kak sari nanya bahannya, ini katun")], [(100, "sari", "bahannya apa?")])
    assert qa.unanswered[0].answer_line is None


def test_only_questions_count_and_median_latency() -> None:
    qa = _link(
        [(20, "kak ani, 50 ribu ya"), (100, "kak budi, ready kok"), (400, "kak cici, bisa cod")],
        [
            (10, "ani", "brp kak"),
            (15, "dedi", "mantap"),
            (40, "budi", "ready kak?"),
            (300, "cici", "bisa cod?"),
        ],
    )
    assert qa.questions == 3
    assert [q.latency_s for q in qa.links] == [10, 60, 100]
    assert qa.median_latency_s == 60
    assert qa.to_dict()["unanswered"] == []


def test_name_parts() -> None:
    assert name_parts("Rina_OlShop88") == {"rina", "olshop"}
    assert name_parts("a.b") == set()
