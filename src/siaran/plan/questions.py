"""Prepared answers: the account's most frequent viewer questions, from past comments.

Questions are comments tagged with a question cue (:data:`siaran.talk.cues.QUESTION_CUES`):
those a stored scorecard kept (with the host line that answered each, when one did), and the
comments of the account's captured event streams of lives that have no scorecard, tagged here
with the same comment tagger. Questions of one topic cue are grouped when they share at least
half of their words (:data:`SIMILAR`, Jaccard on the words left after greetings and fillers):
"berapa harganya kak?" and "harganya berapa?" are one question. Each group keeps how often it
was asked, in how many lives, its most common wording and the host's linked answer that
shares most words with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from siaran.plan.model import QuestionJson
from siaran.talk.cues import QUESTION_CUES

if TYPE_CHECKING:
    from siaran.talk.scorecard import Scorecard
    from siaran.workspace import Workspace

SIMILAR: Final = 0.5
TOP_QUESTIONS: Final = 6
FILLERS: Final = frozenset(
    (
        "kak",
        "kakak",
        "ka",
        "min",
        "admin",
        "sis",
        "gan",
        "bang",
        "bun",
        "mbak",
        "mas",
        "dong",
        "ya",
        "yah",
        "ga",
        "gak",
        "nggak",
        "nya",
        "sih",
        "deh",
        "nih",
        "kah",
        "apa",
        "apakah",
        "the",
        "a",
        "an",
        "is",
        "it",
        "please",
        "pls",
        "hi",
        "halo",
        "hai",
        "ini",
        "itu",
    )
)
"""Greetings and fillers left out when questions are compared."""
_WORD: Final = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class AskedQuestion:
    """One viewer question: its topic cue, text, the live it was asked in and the host's
    linked answer (``None`` when none was linked or the live has no scorecard)."""

    topic: str
    text: str
    room_id: str
    answer: str | None = None


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in FILLERS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class _Group:
    topic: str
    words: frozenset[str]
    members: list[AskedQuestion] = field(default_factory=list)


def cluster_questions(
    asked: Sequence[AskedQuestion], top: int = TOP_QUESTIONS
) -> list[QuestionJson]:
    """Groups of ``asked`` (module docstring), most asked first, at most ``top``."""
    groups: list[_Group] = []
    for question in asked:
        mine = words(question.text)
        best: _Group | None = None
        best_score = SIMILAR
        for group in groups:
            if group.topic != question.topic:
                continue
            score = jaccard(mine, group.words)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            best = _Group(question.topic, mine)
            groups.append(best)
        best.members.append(question)
    clusters: list[QuestionJson] = []
    for group in groups:
        wording = Counter(m.text.strip() for m in group.members)
        example = max(wording, key=lambda t: (wording[t], -len(t), t))
        last = _best_answer(group.members)
        clusters.append(
            {
                "topic": group.topic,
                "example": example,
                "count": len(group.members),
                "n_lives": len({m.room_id for m in group.members}),
                "answer": last.answer if last else None,
                "answer_room_id": last.room_id if last else None,
            }
        )
    clusters.sort(
        key=lambda c: (-c["count"], -c["n_lives"], QUESTION_CUES.index(c["topic"]), c["example"])
    )
    return clusters[:top]


def scored_questions(scorecards: Sequence[Scorecard]) -> list[AskedQuestion]:
    """The questions the scorecards kept, in the order of the lives and of the comments."""
    found = []
    for card in scorecards:
        if card.qa is None:
            continue
        for link in card.qa.links:
            topic = next((c for c in link.cues if c in QUESTION_CUES), None)
            if topic is None:
                continue
            found.append(AskedQuestion(topic, link.text, str(card.room_id), link.answer_text))
    return found


def stream_questions(
    workspace: Workspace, account: str, rooms: Sequence[str]
) -> list[AskedQuestion]:
    """The questions among the captured comments of ``account``'s ``rooms``."""
    from siaran.talk.stream import room_comments
    from siaran.talk.tagger import tag_lines

    found = []
    for room in rooms:
        comments = room_comments(workspace, account, room)
        if not comments:
            continue
        tagged = tag_lines([c.text for c in comments], kind="comment")
        for comment, tags in zip(comments, tagged, strict=True):
            topic = next((c for c in tags.cues if c in QUESTION_CUES), None)
            if topic is not None:
                found.append(AskedQuestion(topic, comment.text, room))
    return found


def _best_answer(members: Sequence[AskedQuestion]) -> AskedQuestion | None:
    """The member whose linked answer shares the most words with its question (the later
    one on a tie); ``None`` when no answer shares a word: a linked line that says nothing
    of the question is no answer to prepare from."""
    best: AskedQuestion | None = None
    best_shared = 0
    for member in members:
        if not member.answer:
            continue
        shared = len(words(member.text) & words(member.answer))
        if shared >= best_shared and shared > 0:
            best, best_shared = member, shared
    return best
