"""How well the feedback cues are tagged: per-cue precision, recall and F1, macro-F1 with a
bootstrap interval, on each part of the shipped evaluation set.

The set (``siaran/feedback/evalset/*.tsv``: ``rating``, ``cues``, ``text``; cues written
``shipping_speed- packaging+``, ``-`` for none) has a **tuning** part, against which the
lexicon was written, and a **held-out** part, written before the lexicon from the cue
definitions and never used for a decision: the held-out figure is the one to state. Two
scores per part: the cues alone (``cues``: was the topic found), and the cues with their
polarity (``polarity``: fourteen labels, ``shipping_speed-`` and ``shipping_speed+`` apart).
Intervals resample reviews (:mod:`siaran.talk.bootstrap`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, Literal, TypedDict

from siaran.errors import BadInputError, Problem
from siaran.feedback.cues import CUES, POLARITIES, label
from siaran.feedback.parsing import parse_rating
from siaran.feedback.tagger import tag_review
from siaran.talk.bootstrap import Interval, f1_intervals

Scoring = Literal["cues", "polarity"]
SCORINGS: Final[tuple[Scoring, ...]] = ("cues", "polarity")
PART_ORDER: Final = ("tuning", "heldout", "independent")
POLAR_LABELS: Final = tuple(label(c, p) for c in CUES for p in POLARITIES)


@dataclass(frozen=True)
class LabelledReview:
    rating: int | None
    labels: frozenset[str]
    text: str
    row: int


@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int
    predicted: int
    hits: int
    interval: Interval | None

    @property
    def f1(self) -> float | None:
        denominator = self.support + self.predicted
        return 2 * self.hits / denominator if self.support else None


@dataclass(frozen=True)
class FeedbackEvalPart:
    part: str
    scoring: Scoring
    reviews: int
    scores: tuple[LabelScore, ...]
    interval: Interval | None

    @property
    def macro_f1(self) -> float | None:
        values = [s.f1 for s in self.scores if s.f1 is not None]
        return sum(values) / len(values) if values else None


class FeedbackEvalRow(TypedDict):
    part: str
    scoring: str
    reviews: int
    macro_f1: float | None
    macro_f1_low: float | None
    macro_f1_high: float | None


@dataclass(frozen=True)
class FeedbackEvalReport:
    parts: tuple[FeedbackEvalPart, ...]

    def part(self, part: str, scoring: Scoring = "cues") -> FeedbackEvalPart:
        return next(p for p in self.parts if p.part == part and p.scoring == scoring)

    def to_rows(self) -> list[FeedbackEvalRow]:
        return [
            {
                "part": p.part,
                "scoring": p.scoring,
                "reviews": p.reviews,
                "macro_f1": _round(p.macro_f1),
                "macro_f1_low": _round(p.interval[0]) if p.interval else None,
                "macro_f1_high": _round(p.interval[1]) if p.interval else None,
            }
            for p in self.parts
        ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def shipped_evalset() -> Traversable:
    return resources.files("siaran.feedback") / "evalset"


def read_labelled(entry: Traversable | Path) -> list[LabelledReview]:
    """The reviews of one TSV part; a bad row refuses the file, named."""
    lines = entry.read_text(encoding="utf-8").splitlines()
    out: list[LabelledReview] = []
    problems: list[Problem] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            problems.append(Problem("feedback.eval_bad_row", row=number))
            continue
        raw_rating, raw_labels, text = cells
        labels = frozenset() if raw_labels.strip() == "-" else frozenset(raw_labels.split())
        unknown = sorted(labels - set(POLAR_LABELS))
        if unknown:
            problems.append(Problem("feedback.eval_bad_label", row=number, value=unknown[0]))
            continue
        try:
            rating = parse_rating(raw_rating) if raw_rating.strip() else None
        except ValueError:
            problems.append(Problem("feedback.bad_rating", row=number, value=raw_rating))
            continue
        out.append(LabelledReview(rating, labels, text, number))
    if problems:
        raise BadInputError("feedback.eval_bad", path=str(entry), problems=problems)
    return out


def _topics(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(name[:-1] for name in labels)


def score_part(part: str, reviews: Sequence[LabelledReview]) -> tuple[FeedbackEvalPart, ...]:
    """Both scorings of one part."""
    predicted = [tag_review(r.text, r.rating).labels() for r in reviews]
    out = []
    for scoring in SCORINGS:
        names: tuple[str, ...] = CUES if scoring == "cues" else POLAR_LABELS
        truth = [r.labels if scoring == "polarity" else _topics(r.labels) for r in reviews]
        guess = [p if scoring == "polarity" else _topics(p) for p in predicted]
        intervals = f1_intervals(truth, guess, names, names)
        scores = tuple(
            LabelScore(
                name,
                sum(name in t for t in truth),
                sum(name in g for g in guess),
                sum(name in t and name in g for t, g in zip(truth, guess, strict=True)),
                intervals.cues[index],
            )
            for index, name in enumerate(names)
        )
        out.append(FeedbackEvalPart(part, scoring, len(reviews), scores, intervals.macro))
    return tuple(out)


def evaluate_feedback(path: Path | str | None = None) -> FeedbackEvalReport:
    """Score the shipped set (or the TSV file or folder at ``path``), part by part."""
    if path is None:
        entries: list[Traversable | Path] = list(shipped_evalset().iterdir())
    else:
        given = Path(path)
        entries = list(sorted(given.glob("*.tsv")) if given.is_dir() else [given])
    entries = sorted(
        (e for e in entries if e.name.endswith(".tsv")),
        key=lambda e: (
            PART_ORDER.index(e.name[:-4]) if e.name[:-4] in PART_ORDER else 99,
            e.name,
        ),
    )
    parts: list[FeedbackEvalPart] = []
    for entry in entries:
        parts.extend(score_part(entry.name[:-4], read_labelled(entry)))
    return FeedbackEvalReport(tuple(parts))


def misses(path: Path | str) -> list[tuple[int, str, str, str]]:
    """Row, expected, found and text of every review of one part tagged otherwise (for the
    person tuning the lexicon on the tuning part)."""
    out = []
    for review in read_labelled(Path(path)):
        found = tag_review(review.text, review.rating).labels()
        if found != review.labels:
            out.append(
                (review.row, " ".join(sorted(review.labels)), " ".join(sorted(found)), review.text)
            )
    return out
