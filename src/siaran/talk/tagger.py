"""Cue tagging: each line gets every cue whose rule holds, or ``other`` when none does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from siaran.talk.cues import OTHER, Kind, cues_of
from siaran.talk.lexicon import Clause, Lexicon, default_lexicon
from siaran.talk.matcher import evidence_words


@dataclass(frozen=True)
class TaggedLine:
    """A line and its cues (in the order of :data:`siaran.talk.cues.HOST_CUES` /
    ``COMMENT_CUES``); ``evidence`` gives, per cue, the words that made it fire."""

    text: str
    cues: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def has(self, cue: str) -> bool:
        return cue in self.cues


class Tagger:
    """The rules of one kind compiled for speed: clauses indexed by their first feature."""

    def __init__(self, kind: Kind, lexicon: Lexicon | None = None) -> None:
        self.kind = kind
        self.lexicon = lexicon or default_lexicon()
        self.order = {cue: i for i, cue in enumerate(cues_of(kind))}
        self._index: dict[str, list[tuple[str, Clause]]] = {}
        for cue, clauses in self.lexicon.rules[kind].items():
            for clause in clauses:
                self._index.setdefault(clause.all[0], []).append((cue, clause))

    def tag(self, text: str) -> TaggedLine:
        found = self.lexicon.matcher.features(text)
        index = self._index
        evidence: dict[str, tuple[str, ...]] = {}
        for feature in found:
            for cue, clause in index.get(feature, ()):
                if cue in evidence:
                    continue
                if all(f in found for f in clause.all) and not any(f in found for f in clause.none):
                    evidence[cue] = evidence_words(found, clause.all)
        if not evidence:
            return TaggedLine(text, (OTHER,))
        order = self.order
        return TaggedLine(text, tuple(sorted(evidence, key=order.__getitem__)), evidence)


_TAGGERS: dict[tuple[Kind, int], Tagger] = {}


def tagger_for(kind: Kind, lexicon: Lexicon | None = None) -> Tagger:
    chosen = lexicon or default_lexicon()
    key = (kind, id(chosen))
    found = _TAGGERS.get(key)
    if found is None or found.lexicon is not chosen:
        found = _TAGGERS[key] = Tagger(kind, chosen)
    return found


def tag_lines(
    lines: Iterable[str], kind: Kind, *, lexicon: Lexicon | None = None
) -> list[TaggedLine]:
    """Tag every line (host speech or viewer comments), keeping the input order."""
    if kind not in ("host", "comment"):
        raise ValueError(f"kind must be 'host' or 'comment', not {kind!r}")
    tag = tagger_for(kind, lexicon).tag
    return [tag(line) for line in lines]
