"""Linking viewer questions to the host lines that answer them.

A question is a comment tagged with a ``question_*`` cue. Its answer is the first host line
that starts after it, within :data:`ANSWER_WINDOW_S`, and is linked to it by enough evidence:

- the host says the viewer's name (a part of the user name of three letters or more): 3 points;
- the host line is tagged ``answer`` (replying to a viewer): 1 point;
- the host line is on the question's topic (a price for a price question, sizes, colours or
  stock for a stock question, shipping or COD for a shipping question, material, authenticity
  or fit for a product question): 1 point;
- the host line repeats a specific word of the question (``navy``, ``XL``, ``Bandung``): 1 point.

Three points link anywhere in the window; two points link within :data:`NEAR_WINDOW_S` (a
host on the topic soon after a question is taken to be answering it). Latency is the time from
the comment to the start of the answering line.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from siaran.talk.cues import QUESTION_CUES
from siaran.talk.lexicon import Lexicon
from siaran.talk.matcher import tokenize
from siaran.talk.tagger import TaggedLine
from siaran.talk.transcripts import TranscriptLine

ANSWER_WINDOW_S: Final = 300.0
NEAR_WINDOW_S: Final = 90.0
NAME_POINTS: Final = 3

# For each question cue: host cues and lexicon features that put a host line on its topic.
TOPICS: Final[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "question_price": (
        frozenset({"price_offer"}),
        frozenset({"price_word", "money", "discount_amount", "how_much"}),
    ),
    "question_stock": (
        frozenset(),
        frozenset({"stock_word", "variant_word", "colour_word"}),
    ),
    "question_shipping": (
        frozenset(),
        frozenset({"ship_word", "shipping_offer"}),
    ),
    "question_product": (
        frozenset({"product_info"}),
        frozenset({"product_topic", "product_attr", "unit_amount"}),
    ),
}

# Words too common to show that a host line takes up a question.
_COMMON: Final = frozenset(
    {
        "kak",
        "kakak",
        "yang",
        "yg",
        "ini",
        "itu",
        "ada",
        "apa",
        "ya",
        "ga",
        "gak",
        "bisa",
        "mau",
        "dong",
        "sih",
        "aja",
        "juga",
        "dan",
        "atau",
        "buat",
        "untuk",
        "sama",
        "dari",
        "ke",
        "di",
        "kok",
        "udah",
        "sudah",
        "masih",
        "the",
        "is",
        "it",
        "a",
        "an",
        "and",
        "or",
        "for",
        "to",
        "of",
        "you",
        "do",
        "can",
    }
)
_NAME_SPLIT: Final = re.compile(r"[^a-z]+")


class QuestionLinkJson(TypedDict):
    comment: int
    user: str
    text: str
    cues: list[str]
    asked_at_s: float | None
    answer_line: int | None
    answer_text: str | None
    answered_at_s: float | None
    latency_s: float | None
    evidence: list[str]


class QaSummaryJson(TypedDict):
    questions: int
    answered: int
    answer_rate: float | None
    median_latency_s: float | None
    unanswered: list[int]
    links: list[QuestionLinkJson]


@dataclass(frozen=True)
class QuestionLink:
    """A viewer question and the host line that answers it (``None`` when none does)."""

    comment: int  # index in the comment list
    user: str
    text: str
    cues: tuple[str, ...]
    asked_at_s: float | None
    answer_line: int | None = None  # transcript line number
    answer_text: str | None = None
    answered_at_s: float | None = None
    evidence: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        return self.answer_line is not None

    @property
    def latency_s(self) -> float | None:
        if self.answered_at_s is None or self.asked_at_s is None:
            return None
        return max(0.0, self.answered_at_s - self.asked_at_s)

    def to_dict(self) -> QuestionLinkJson:
        return {
            "comment": self.comment,
            "user": self.user,
            "text": self.text,
            "cues": list(self.cues),
            "asked_at_s": self.asked_at_s,
            "answer_line": self.answer_line,
            "answer_text": self.answer_text,
            "answered_at_s": self.answered_at_s,
            "latency_s": self.latency_s,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionLink:
        return cls(
            data["comment"],
            data["user"],
            data["text"],
            tuple(data["cues"]),
            data["asked_at_s"],
            data["answer_line"],
            data["answer_text"],
            data["answered_at_s"],
            tuple(data["evidence"]),
        )


@dataclass(frozen=True)
class QaSummary:
    links: tuple[QuestionLink, ...]

    @property
    def questions(self) -> int:
        return len(self.links)

    @property
    def answered(self) -> int:
        return sum(1 for link in self.links if link.answered)

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.questions if self.questions else None

    @property
    def median_latency_s(self) -> float | None:
        latencies = [link.latency_s for link in self.links if link.latency_s is not None]
        return statistics.median(latencies) if latencies else None

    @property
    def unanswered(self) -> tuple[QuestionLink, ...]:
        return tuple(link for link in self.links if not link.answered)

    def to_dict(self) -> QaSummaryJson:
        return {
            "questions": self.questions,
            "answered": self.answered,
            "answer_rate": self.answer_rate,
            "median_latency_s": self.median_latency_s,
            "unanswered": [link.comment for link in self.unanswered],
            "links": [link.to_dict() for link in self.links],
        }


def name_parts(user: str) -> set[str]:
    """The parts of a user name a host would say (``rina_olshop88`` -> rina, olshop)."""
    return {part for part in _NAME_SPLIT.split(user.lower()) if len(part) >= 3}


def link_questions(
    host: Sequence[TranscriptLine],
    host_tags: Sequence[TaggedLine],
    comment_tags: Sequence[TaggedLine],
    users: Sequence[str],
    offsets: Sequence[float | None],
    lexicon: Lexicon,
) -> QaSummary:
    """Link every question comment to its answering host line (host lines must be timed)."""
    features = [lexicon.matcher.features(line.text) for line in host]
    host_words = [set(tokenize(line.text)) for line in host]
    starts = [line.start_s if line.start_s is not None else float("inf") for line in host]
    links: list[QuestionLink] = []
    for index, (tagged, user, asked) in enumerate(zip(comment_tags, users, offsets, strict=True)):
        asked_cues = tuple(c for c in tagged.cues if c in QUESTION_CUES)
        if not asked_cues:
            continue
        link = QuestionLink(index, user, tagged.text, asked_cues, asked)
        if asked is not None:
            link = _answer(link, host, host_tags, features, host_words, starts, lexicon)
        links.append(link)
    return QaSummary(tuple(links))


def _answer(
    link: QuestionLink,
    host: Sequence[TranscriptLine],
    host_tags: Sequence[TaggedLine],
    features: Sequence[dict[str, str]],
    host_words: Sequence[set[str]],
    starts: Sequence[float],
    lexicon: Lexicon,
) -> QuestionLink:
    asked = link.asked_at_s or 0.0
    names = name_parts(link.user)
    question_features = lexicon.matcher.features(link.text)
    specific = {
        w for w in tokenize(link.text) if len(w) >= 2 and w not in _COMMON and not w.isdigit()
    } - set(question_features.values())
    for i, line in enumerate(host):
        start = starts[i]
        if start < asked:
            continue
        if start - asked > ANSWER_WINDOW_S:
            break
        reasons: list[str] = []
        points = 0
        if names & host_words[i]:
            points += NAME_POINTS
            reasons.append("name")
        if host_tags[i].has("answer"):
            points += 1
            reasons.append("answer_cue")
        if any(_on_topic(cue, host_tags[i], features[i]) for cue in link.cues):
            points += 1
            reasons.append("topic")
        if specific & host_words[i]:
            points += 1
            reasons.append("words")
        if points >= NAME_POINTS or (points >= 2 and start - asked <= NEAR_WINDOW_S):
            return QuestionLink(
                link.comment,
                link.user,
                link.text,
                link.cues,
                link.asked_at_s,
                line.number,
                line.text,
                start,
                tuple(reasons),
            )
    return link


def _on_topic(cue: str, tagged: TaggedLine, found: dict[str, str]) -> bool:
    cues, features = TOPICS[cue]
    return any(tagged.has(c) for c in cues) or any(f in found for f in features)
