"""Cue tagging speed: viewer comments tagged per second on one core.

    python -m benchmarks.talk_bench                    # 1,000,000 generated comments
    python -m benchmarks.talk_bench --lines 100000 --json

Comments are generated from live-selling templates for every comment cue with the noise of
real comment streams (slang, stretched letters, typos, emoji, @mentions, numbers, sizes,
colours and cities), so that many tokens are new and the token cache cannot hide the work.

- ``seconds``: ``siaran.talk.tag_lines(lines, "comment")``, the public API, every rule.
- ``floor_seconds``: one precompiled regular expression ``search`` for one cue
  (``question_price``) over the same lines: the least any tagger could cost per line.
- ``baseline_seconds``: the naive tagger: lower-case each line and test every lexicon term with
  ``in`` (all terms of all features; regular-expression terms left out).

Best of ``repeats`` calls each. ``peak_rss_mb`` is the process's peak (generation included).
Goal: over 50,000 lines/s for the rule path. A benchmark reports; it never fails on speed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `siaran` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_LINES: Final = 1_000_000
GOAL_LINES_PER_S: Final = 50_000
FLOOR_CUE: Final = "question_price"
FLOOR_PATTERN: Final = re.compile(
    r"\b(?:brp|berapa\w*|brapa|harga\w*|hrg\w*|price|how much|diskon|nego|voucher|promo)\b"
)

TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "question_price": (
        "brp kak yg {colour}",
        "harganya berapa kak",
        "hrg yg no {n} brp",
        "price?",
        "brp kak yg {size}?",
        "ada diskon ga kak",
        "bisa nego kak",
        "how much for {n}?",
        "pinten regane mbak",
    ),
    "question_stock": (
        "ready kak?",
        "size {size} masih ada?",
        "warna {colour} ada gak",
        "stok yg {colour} masih?",
        "kapan restock kak",
        "spill warna lain dong",
        "is the {colour} one available?",
    ),
    "question_shipping": (
        "ongkir ke {city} brp",
        "bisa cod kak?",
        "kapan dikirim",
        "brp hari sampe {city}",
        "pake jnt bisa?",
        "do you ship to {city}?",
    ),
    "question_product": (
        "bahannya apa kak?",
        "ori gak kak",
        "cocok buat kulit berminyak ga",
        "garansi brp lama",
        "bb {n}0 muat ga kak",
        "is it halal?",
    ),
    "purchase_intent": (
        "mau kak",
        "keep {n}",
        "done co",
        "aku ambil {n} yg {colour}",
        "pesen satu kak",
        "cekout ya",
        "I'll take {n}",
        "wis tak co mbak",
    ),
    "complaint": (
        "pesanan aku belum sampai kak",
        "barangnya rusak",
        "kok chat ga dibales",
        "kecewa warnanya beda",
        "lama bgt pengirimannya",
        "suaranya putus2",
    ),
    "praise": (
        "bagus bgt kak",
        "mantappp",
        "cantik bgt warnanya",
        "enak kak aku udah coba",
        "love it",
        "apik tenan",
    ),
    "other": (
        "hadir kak",
        "salam dari {city}",
        "halo kak",
        "wkwkwk",
        "nyimak",
        "first",
    ),
}
COLOURS: Final = ("merah", "hitam", "navy", "mocca", "ijo", "putih", "pink", "sage", "black")
SIZES: Final = ("S", "M", "L", "XL", "XXL", "38", "39", "40", "41", "42")
CITIES: Final = ("purwokerto", "cilacap", "jakarta", "bandung", "surabaya", "medan", "bali")
EMOJI: Final = ("😍", "🔥", "👍", "🙏", "❤️", "😂")


def generate_comments(n_lines: int, seed: int = 20260917) -> list[str]:
    """``n_lines`` comments of every cue, with the noise of real comment streams."""
    rng = random.Random(seed)
    cues = list(TEMPLATES)
    out = []
    for _ in range(n_lines):
        template = rng.choice(TEMPLATES[rng.choice(cues)])
        line = template.format(
            colour=rng.choice(COLOURS),
            size=rng.choice(SIZES),
            city=rng.choice(CITIES),
            n=rng.randint(1, 9),
        )
        if rng.random() < 0.15:
            line += line[-1] * rng.randint(1, 3)  # stretched letters: "mauuu"
        if rng.random() < 0.05:
            words = line.split()
            i = rng.randrange(len(words))
            word = words[i]
            if len(word) > 3:
                j = rng.randrange(len(word) - 1)
                words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]  # a typo
            line = " ".join(words)
        if rng.random() < 0.2:
            line = "kak " + line
        if rng.random() < 0.1:
            line = f"@user{rng.randint(1, 99999)} {line}"
        if rng.random() < 0.1:
            line += " " + rng.choice(EMOJI)
        out.append(line)
    return out


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def _naive_terms() -> list[tuple[str, str]]:
    from siaran.talk.lexicon import default_lexicon

    terms = []
    for feature, group in default_lexicon().features.items():
        for term in group:
            if term.pattern is None:
                terms.append((feature, term.prefix if term.prefix is not None else term.written))
    return [(feature, written.lower()) for feature, written in terms]


def naive_tag(lines: list[str], terms: list[tuple[str, str]]) -> list[set[str]]:
    """The baseline: every lexicon term tested with ``in`` on every lower-cased line."""
    out = []
    for line in lines:
        low = line.lower()
        out.append({feature for feature, term in terms if term in low})
    return out


def run_talk_benchmark(n_lines: int, *, repeats: int = 3, seed: int = 20260917) -> dict[str, Any]:
    """Tag ``n_lines`` generated comments; the row of the benchmark table (see module doc)."""
    from siaran.talk import tag_lines
    from siaran.talk.lexicon import default_lexicon

    lines = generate_comments(n_lines, seed)
    default_lexicon()  # loading the lexicon files is start-up, not tagging
    tag_lines(lines[:1000], "comment")
    seconds, tagged = best_of(repeats, lambda: tag_lines(lines, "comment"))
    floor_seconds, floor_hits = best_of(
        repeats, lambda: [FLOOR_PATTERN.search(line) is not None for line in lines]
    )
    terms = _naive_terms()
    baseline_seconds, _ = best_of(
        1 if n_lines > 100_000 else repeats, lambda: naive_tag(lines, terms)
    )
    rate = n_lines / seconds if seconds else None
    counts: dict[str, int] = {}
    for result in tagged:
        for cue in result.cues:
            counts[cue] = counts.get(cue, 0) + 1
    verdict = "PASS" if rate is not None and rate >= GOAL_LINES_PER_S else "MISS"
    return {
        "name": "talk_tag_comments",
        "n": n_lines,
        "seconds": round(seconds, 4),
        "floor_seconds": round(floor_seconds, 4),
        "baseline_seconds": round(baseline_seconds, 4),
        "peak_rss_mb": peak_rss_mb(),
        "lines_per_second": round(rate) if rate else None,
        "floor_lines_per_second": round(n_lines / floor_seconds) if floor_seconds else None,
        "baseline_lines_per_second": round(n_lines / baseline_seconds)
        if baseline_seconds
        else None,
        "floor_ratio": round(seconds / floor_seconds, 2) if floor_seconds else None,
        "baseline_speedup": round(baseline_seconds / seconds, 2) if seconds else None,
        "lexicon_terms": len(terms),
        "cue_counts": counts,
        "floor_matches": sum(floor_hits),
        "verdict": f"{verdict} >= {GOAL_LINES_PER_S:,} lines/s",
        "note": (
            f"tag_lines(kind='comment') best of {repeats}; floor: one regex search for "
            f"{FLOOR_CUE}; baseline: {len(terms)} lexicon terms tested with `in` per line"
            + (" (one call)" if n_lines > 100_000 else f" (best of {repeats})")
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260917)
    parser.add_argument("--json", action="store_true", help="print the row as JSON")
    args = parser.parse_args(argv)
    row = run_talk_benchmark(args.lines, repeats=args.repeats, seed=args.seed)
    if args.json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        print(
            f"{row['name']}: {row['n']:,} comments in {row['seconds']} s "
            f"({row['lines_per_second']:,} lines/s, {row['verdict']}); "
            f"floor {row['floor_seconds']} s "
            f"({row['floor_ratio']}x); baseline {row['baseline_seconds']} s "
            f"(siaran {row['baseline_speedup']}x faster); peak RSS {row['peak_rss_mb']} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
