"""How well the rules tag: per-cue precision, recall and F1 on a labelled evaluation set.

An evaluation file is UTF-8 TSV with the header ``kind<TAB>cues<TAB>text``: ``kind`` is
``host`` or ``comment``, ``cues`` the comma-separated true cues (``other`` for none), and lines
starting with ``#`` are comments. Each file is one *part*, named by its stem: the set shipped
with siaran has ``tuning`` (the lines the lexicons were tuned on), ``reserve`` (written with the
second round of tuning lines, kept out of that round's decisions), ``heldout`` (written first,
never used for a lexicon decision) and, when present, ``independent`` (written and labelled by
someone else, without sight of the lexicons).

Macro-F1 is the mean F1 over the cues of the kind that occur in the part, ``other`` excluded
(it is only the complement of the others); ``other`` is still scored in its own row. Every F1
comes with a 95% percentile bootstrap interval over the part's lines (seeded:
:mod:`siaran.talk.bootstrap`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, TypedDict

from siaran.errors import BadInputError, Problem
from siaran.talk.bootstrap import Interval, f1_intervals
from siaran.talk.cues import KINDS, OTHER, Kind, cues_of
from siaran.talk.lexicon import Lexicon
from siaran.talk.tagger import tag_lines

HEADER: Final = ("kind", "cues", "text")
# The shipped parts in the order they are reported; a part of any other name comes after them.
PART_ORDER: Final = ("tuning", "reserve", "heldout", "independent")


@dataclass(frozen=True)
class LabelledLine:
    kind: Kind
    cues: frozenset[str]
    text: str
    row: int


@dataclass(frozen=True)
class CueScore:
    cue: str
    support: int
    predicted: int
    true_positives: int
    f1_interval: Interval | None = None

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        if not self.support:
            return None
        denominator = self.support + self.predicted
        return 2 * self.true_positives / denominator


@dataclass(frozen=True)
class Miss:
    """A line whose predicted cues differ from its labels."""

    text: str
    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class EvalPart:
    part: str
    kind: Kind
    lines: int
    scores: tuple[CueScore, ...]
    exact: int
    misses: tuple[Miss, ...] = field(repr=False)
    macro_f1_interval: Interval | None = None

    @property
    def macro_f1(self) -> float | None:
        values = [s.f1 for s in self.scores if s.cue != OTHER and s.f1 is not None]
        return sum(values) / len(values) if values else None

    @property
    def exact_match(self) -> float | None:
        return self.exact / self.lines if self.lines else None

    def score(self, cue: str) -> CueScore:
        return next(s for s in self.scores if s.cue == cue)


class EvalRow(TypedDict):
    """A row of :meth:`EvalReport.to_rows`: one cue of one part and kind, or its ``macro``."""

    part: str
    kind: Kind
    cue: str
    support: int
    predicted: int | None
    true_positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    f1_low: float | None
    f1_high: float | None


class EvalPartJson(TypedDict):
    part: str
    kind: Kind
    lines: int
    macro_f1: float | None
    macro_f1_low: float | None
    macro_f1_high: float | None
    exact_match: float | None


class EvalReportJson(TypedDict):
    """``siaran talk evaluate --format json``."""

    source: str
    parts: list[EvalPartJson]
    rows: list[EvalRow]


@dataclass(frozen=True)
class EvalReport:
    source: str
    parts: tuple[EvalPart, ...]

    def part(self, part: str, kind: Kind) -> EvalPart:
        return next(p for p in self.parts if p.part == part and p.kind == kind)

    def to_rows(self) -> list[EvalRow]:
        """One row per part, kind and cue, then a ``macro`` row per part and kind."""
        rows: list[EvalRow] = []
        for part in self.parts:
            for score in part.scores:
                low, high = _bounds(score.f1_interval)
                rows.append(
                    {
                        "part": part.part,
                        "kind": part.kind,
                        "cue": score.cue,
                        "support": score.support,
                        "predicted": score.predicted,
                        "true_positives": score.true_positives,
                        "precision": _round(score.precision),
                        "recall": _round(score.recall),
                        "f1": _round(score.f1),
                        "f1_low": low,
                        "f1_high": high,
                    }
                )
            low, high = _bounds(part.macro_f1_interval)
            rows.append(
                {
                    "part": part.part,
                    "kind": part.kind,
                    "cue": "macro",
                    "support": part.lines,
                    "predicted": None,
                    "true_positives": part.exact,
                    "precision": None,
                    "recall": None,
                    "f1": _round(part.macro_f1),
                    "f1_low": low,
                    "f1_high": high,
                }
            )
        return rows

    def to_dict(self) -> EvalReportJson:
        return {
            "source": self.source,
            "parts": [
                {
                    "part": p.part,
                    "kind": p.kind,
                    "lines": p.lines,
                    "macro_f1": _round(p.macro_f1),
                    "macro_f1_low": _bounds(p.macro_f1_interval)[0],
                    "macro_f1_high": _bounds(p.macro_f1_interval)[1],
                    "exact_match": _round(p.exact_match),
                }
                for p in self.parts
            ],
            "rows": self.to_rows(),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _bounds(interval: Interval | None) -> tuple[float | None, float | None]:
    """An interval's low and high ends, rounded (both ``None`` without one)."""
    low, high = interval or (None, None)
    return _round(low), _round(high)


def shipped_evalset() -> Traversable:
    return resources.files("siaran.talk") / "evalset"


def evaluate(path: Path | str | None = None, *, lexicon: Lexicon | None = None) -> EvalReport:
    """Score the rules on ``path`` (a TSV file or a folder of them), or on the shipped set."""
    folder: Traversable | Path
    if path is None:
        folder, source = shipped_evalset(), "siaran.talk/evalset"
    else:
        folder, source = Path(path), str(path)
    if isinstance(folder, Path) and folder.is_file():
        entries: list[Traversable] = [folder]
    else:
        entries = sorted((e for e in folder.iterdir() if e.name.endswith(".tsv")), key=_order)
        if not entries:
            raise BadInputError("talk.eval.none", path=source)
    parts: list[EvalPart] = []
    for entry in entries:
        name = entry.name.rsplit(".", 1)[0]
        labelled = read_labelled(entry, f"{source}/{entry.name}" if path is None else None)
        for kind in KINDS:
            chosen = [line for line in labelled if line.kind == kind]
            if chosen:
                parts.append(score_part(name, kind, chosen, lexicon))
    return EvalReport(source, tuple(parts))


def _order(entry: Traversable) -> tuple[int, str]:
    stem = entry.name.rsplit(".", 1)[0]
    rank = PART_ORDER.index(stem) if stem in PART_ORDER else len(PART_ORDER)
    return rank, entry.name


def read_labelled(entry: Traversable | Path, shown: str | None = None) -> list[LabelledLine]:
    name = shown or str(entry)
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError("talk.file.unreadable", path=name, reason=str(exc)) from exc
    problems: list[Problem] = []
    out: list[LabelledLine] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip().lower() for c in cells) != HEADER:
                problems.append(Problem("talk.reason.bad_eval_row", row=number, value=line))
            continue
        if len(cells) != 3:
            problems.append(Problem("talk.reason.bad_eval_row", row=number, value=line))
            continue
        kind, cues, sentence = (c.strip() for c in cells)
        if kind not in KINDS:
            problems.append(Problem("talk.reason.bad_eval_kind", row=number, value=kind))
            continue
        labels = frozenset(c.strip() for c in cues.split(",") if c.strip()) or frozenset({OTHER})
        unknown = sorted(labels - set(cues_of(kind)))
        for cue in unknown:
            problems.append(
                Problem("talk.reason.unknown_eval_cue", row=number, params={"cue": cue})
            )
        if not unknown:
            out.append(LabelledLine(kind, labels, sentence, number))
    if problems:
        raise BadInputError("talk.eval.bad", path=name, problems=problems)
    return out


def score_part(
    part: str, kind: Kind, lines: list[LabelledLine], lexicon: Lexicon | None = None
) -> EvalPart:
    tagged = tag_lines((line.text for line in lines), kind, lexicon=lexicon)
    counts = {cue: [0, 0, 0] for cue in cues_of(kind)}
    misses: list[Miss] = []
    exact = 0
    order = cues_of(kind)
    guesses: list[frozenset[str]] = []
    for line, result in zip(lines, tagged, strict=True):
        predicted = frozenset(result.cues)
        guesses.append(predicted)
        for cue in line.cues:
            counts[cue][0] += 1
        for cue in predicted:
            counts[cue][1] += 1
            if cue in line.cues:
                counts[cue][2] += 1
        if predicted == line.cues:
            exact += 1
        else:
            misses.append(
                Miss(
                    line.text,
                    tuple(c for c in order if c in line.cues),
                    result.cues,
                    line.row,
                )
            )
    intervals = f1_intervals(
        [line.cues for line in lines], guesses, order, [c for c in order if c != OTHER]
    )
    scores = tuple(
        CueScore(cue, counts[cue][0], counts[cue][1], counts[cue][2], interval)
        for cue, interval in zip(order, intervals.cues, strict=True)
    )
    return EvalPart(part, kind, len(lines), scores, exact, tuple(misses), intervals.macro)
