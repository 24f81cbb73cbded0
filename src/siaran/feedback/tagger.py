"""Tagging a review's text with feedback cues and their polarity, by rules over a lexicon.

The text is cut into clauses (at punctuation and at ``tapi``/``but``/``namun``...), so that
"barangnya oke tapi pengirimannya lama" praises the product and complains of the shipping. In
each clause the lexicon's terms are found with the talk cues' matcher
(:mod:`siaran.talk.matcher`: informal spellings, enclitics, stretched letters and typing slips
are read as the word). A cue is in the clause when any of its four lists is; its polarity is
``+`` for a denied complaint (``_flip``), else ``-`` for a complaint (``_neg``), else ``+`` for
praise (``_pos``), else what the clause's general words say (``bad`` before ``good``), else the
rating's side (4-5 stars ``+``, 1-3 ``-``), else ``+``. A cue found in several clauses is a
complaint when any of them complains. A clause holding one of a cue's ``_block`` terms (the
box of "kemasan rusak" for the product's quality) gives that cue only by its praise.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Final

from siaran.feedback.cues import CUES, FeedbackCue, Polarity
from siaran.talk.matcher import Matcher, Term, parse_term

_CLAUSE: Final = re.compile(
    r"[,.;!?\n]+|\b(?:tapi|tp|tpi|but|namun|cuma|cm|sayangnya|however|padahal|although)\b",
    re.IGNORECASE,
)
_SUFFIXES: Final = ("_pos", "_neg", "_flip")


@dataclass(frozen=True)
class FeedbackTags:
    """The cues of one review, each with its polarity and the words that showed it."""

    cues: dict[FeedbackCue, Polarity] = field(default_factory=dict)
    evidence: dict[FeedbackCue, str] = field(default_factory=dict)

    def labels(self) -> frozenset[str]:
        return frozenset(f"{cue}{sign}" for cue, sign in self.cues.items())


@dataclass(frozen=True)
class FeedbackLexicon:
    matcher: Matcher
    terms: int


@cache
def feedback_lexicon() -> FeedbackLexicon:
    """The shipped lexicon (``siaran/feedback/lexicon.toml``), loaded once per process."""
    document = tomllib.loads(
        (resources.files("siaran.feedback") / "lexicon.toml").read_text(encoding="utf-8")
    )
    spellings = {
        str(form): str(word)
        for word, forms in document.get("spellings", {}).items()
        for form in forms
    }
    terms: list[Term] = [
        parse_term(feature, str(item))
        for feature, items in document.get("features", {}).items()
        for item in items
    ]
    return FeedbackLexicon(Matcher.build(terms, (), spellings), len(terms))


def clauses(text: str) -> list[str]:
    return [piece.strip() for piece in _CLAUSE.split(text) if piece and piece.strip()]


def _polarity(found: Mapping[str, str], cue: str, rating: int | None) -> Polarity | None:
    if f"{cue}_flip" in found:
        return "+"
    if f"{cue}_neg" in found:
        return "-"
    if f"{cue}_pos" in found:
        return "+"
    if cue not in found:
        return None
    if "bad" in found:
        return "-"
    if "good" in found:
        return "+"
    if rating is not None:
        return "+" if rating >= 4 else "-"
    return "+"


def _evidence(found: Mapping[str, str], cue: str) -> str:
    for name in (f"{cue}_flip", f"{cue}_neg", f"{cue}_pos", cue):
        if name in found:
            return found[name]
    return ""


def tag_review(text: str | None, rating: int | None = None) -> FeedbackTags:
    """The cues of a review (module docstring); no text, no cue."""
    if not text:
        return FeedbackTags()
    matcher = feedback_lexicon().matcher
    cues: dict[FeedbackCue, Polarity] = {}
    evidence: dict[FeedbackCue, str] = {}
    for clause in clauses(text):
        found = matcher.features(clause)
        for cue in CUES:
            if f"{cue}_block" in found and f"{cue}_pos" not in found:
                continue
            sign = _polarity(found, cue, rating)
            if sign is None:
                continue
            if cues.get(cue) != "-":
                cues[cue] = sign
                evidence[cue] = _evidence(found, cue)
    return FeedbackTags(cues, evidence)
