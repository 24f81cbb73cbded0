"""Inter-coder agreement at character level: Cohen's kappa per code (two coders) and
Krippendorff's alpha (nominal, any number of coders) per code and pooled over codes.

The unit is one character (code point) of a document, judged by every chosen coder who coded
anything in that document; for each code a coder's judgement of a character is 1 when one of
their excerpts carrying the code covers it, else 0. Documents judged by fewer than two of the
chosen coders are left out. How uncoded text counts is explicit:

* ``uncoded="include"`` (default): every character of a compared document is a unit, so text
  that no coder coded counts as agreement that the code is absent;
* ``uncoded="exclude"``: only characters that at least one coder coded (with any compared code)
  are units, so long stretches of uncoded text cannot inflate agreement.

Characters with identical judgements are counted together (runs between excerpt boundaries,
weighted by their length), which gives exactly the per-character figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypedDict

from siaran.casework.codebook import PATH_SEPARATOR, code_id, code_paths
from siaran.casework.db import CaseworkError
from siaran.casework.documents import document_id

if TYPE_CHECKING:
    from siaran.workspace import Workspace

Uncoded = Literal["include", "exclude"]
UNCODED_CHOICES: Final[tuple[Uncoded, ...]] = ("include", "exclude")


@dataclass
class _Counts:
    """Weighted judgements of one code: pair table for kappa, coincidences for alpha."""

    units: float = 0.0
    both: float = 0.0
    first_only: float = 0.0
    second_only: float = 0.0
    neither: float = 0.0
    o_same_1: float = 0.0
    o_same_0: float = 0.0
    o_diff: float = 0.0  # o_10 + o_01

    def add(self, other: _Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def cohen_kappa(both: float, first_only: float, second_only: float, neither: float) -> float | None:
    """Cohen's kappa of a 2x2 table of (weighted) judgements; ``None`` when chance agreement
    is 1 (both coders gave one value throughout, so kappa is undefined)."""
    total = both + first_only + second_only + neither
    if total <= 0:
        return None
    observed = (both + neither) / total
    first_yes = (both + first_only) / total
    second_yes = (both + second_only) / total
    chance = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def krippendorff_alpha_binary(o_same_1: float, o_same_0: float, o_diff: float) -> float | None:
    """Nominal alpha from a binary coincidence matrix (``o_diff`` = o_10 + o_01); ``None`` when
    only one value occurs (no variation to agree on)."""
    n1 = o_same_1 + o_diff / 2
    n0 = o_same_0 + o_diff / 2
    n = n1 + n0
    if n1 <= 0 or n0 <= 0 or n <= 1:
        return None
    return 1 - (n - 1) * o_diff / (2 * n1 * n0)


def _cover(bounds: Any, segments: int, intervals: list[tuple[int, int]]) -> Any:
    """Which of the segments between ``bounds`` the ``intervals`` cover (a boolean array)."""
    import numpy as np

    change = np.zeros(segments + 1, dtype=np.int64)
    for start, end in intervals:
        change[np.searchsorted(bounds, start)] += 1
        change[np.searchsorted(bounds, end)] -= 1
    return np.cumsum(change[:-1]) > 0


class CodeAgreement(TypedDict):
    """Agreement on one code: the units compared, percentage agreement and Cohen's kappa (two
    coders only) and Krippendorff's alpha."""

    code: str
    units: int
    agreement: float | None
    kappa: float | None
    alpha: float | None


class Agreement(TypedDict):
    """Agreement of coders over the compared codes and documents, per code and pooled."""

    coders: list[str]
    uncoded: Uncoded
    code_set: Literal["applied", "chosen"]
    compared_codes: list[str]
    documents: int
    units: int
    codes: list[CodeAgreement]
    pooled_alpha: float | None


def agreement(
    workspace: Workspace,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str | int] | None = None,
    documents: Sequence[str | int] | None = None,
    uncoded: Uncoded = "include",
) -> Agreement:
    """Agreement of ``coders`` (default: every coder) on ``codes`` (default: every code they
    applied) over ``documents`` (default: every document two of them coded).

    ``code_set`` says whether the codes were ``"chosen"`` or are every code the coders
    ``"applied"``, and ``compared_codes`` lists them: the pooled alpha is computed on that set
    only (and with ``uncoded="exclude"`` so are the units)."""
    import numpy as np

    if uncoded not in UNCODED_CHOICES:
        raise CaseworkError("casework.agreement.bad_uncoded", value=uncoded)
    con = workspace.con
    chosen = (
        list(dict.fromkeys(coders))
        if coders
        else [
            str(r[0])
            for r in con.execute("SELECT DISTINCT coder FROM cw_codings ORDER BY 1").fetchall()
        ]
    )
    if len(chosen) < 2:
        raise CaseworkError("casework.agreement.too_few_coders", coders=", ".join(chosen) or "-")
    paths = code_paths(con)
    code_filter = None if codes is None else {code_id(con, c) for c in codes}
    doc_filter = None if documents is None else {document_id(con, d) for d in documents}
    marks = ", ".join("?" * len(chosen))
    spans: dict[int, list[tuple[str, int, int, int]]] = defaultdict(list)
    for doc, coder, code, start, end in con.execute(
        f"""
        SELECT e.document_id, g.coder, g.code_id, e.start_pos, e.end_pos
        FROM cw_codings g JOIN cw_excerpts e ON e.id = g.excerpt_id
        WHERE g.coder IN ({marks})
        """,
        chosen,
    ).fetchall():
        if doc_filter is not None and doc not in doc_filter:
            continue
        spans[int(doc)].append((str(coder), int(code), int(start), int(end)))
    lengths = dict(con.execute("SELECT id, text_length FROM cw_documents").fetchall())
    compared_codes = sorted(
        code_filter
        if code_filter is not None
        else {code for found in spans.values() for _c, code, _s, _e in found}
    )
    totals: dict[int, _Counts] = {code: _Counts() for code in compared_codes}
    compared_docs, units_total = 0, 0.0
    for doc, found in sorted(spans.items()):
        judges = sorted({coder for coder, *_ in found}, key=chosen.index)
        length = lengths.get(doc)
        if len(judges) < 2 or not length:
            continue
        compared_docs += 1
        bounds = np.unique(
            np.array([0, int(length)] + [p for _c, _k, s, e in found for p in (s, e)])
        )
        weights = np.diff(bounds).astype(float)
        segments = len(weights)

        by_judge_code: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        for coder, code, start, end in found:
            if code in totals:
                by_judge_code[(coder, code)].append((start, end))
        if uncoded == "exclude":
            mask = _cover(bounds, segments, [iv for ivs in by_judge_code.values() for iv in ivs])
        else:
            mask = np.ones(segments, dtype=bool)
        w = weights * mask
        units_total += float(w.sum())
        m = len(judges)
        for code, counts in totals.items():
            judged = np.array(
                [
                    _cover(bounds, segments, by_judge_code.get((judge, code), []))
                    for judge in judges
                ],
                dtype=np.int64,
            )
            ones = judged.sum(axis=0)
            zeros = m - ones
            part = _Counts(units=float(w.sum()))
            part.o_same_1 = float((w * ones * (ones - 1)).sum() / (m - 1))
            part.o_same_0 = float((w * zeros * (zeros - 1)).sum() / (m - 1))
            part.o_diff = float((w * 2 * ones * zeros).sum() / (m - 1))
            if m == 2 and len(chosen) == 2:
                first, second = judged[0].astype(bool), judged[1].astype(bool)
                part.both = float(w[first & second].sum())
                part.first_only = float(w[first & ~second].sum())
                part.second_only = float(w[~first & second].sum())
                part.neither = float(w[~first & ~second].sum())
            counts.add(part)
    pooled = _Counts()
    per_code: list[CodeAgreement] = []
    for code, counts in totals.items():
        pooled.add(counts)
        two = len(chosen) == 2
        per_code.append(
            {
                "code": PATH_SEPARATOR.join(paths[code]) if code in paths else str(code),
                "units": int(counts.units),
                "agreement": (counts.both + counts.neither) / counts.units
                if two and counts.units
                else None,
                "kappa": cohen_kappa(
                    counts.both, counts.first_only, counts.second_only, counts.neither
                )
                if two
                else None,
                "alpha": krippendorff_alpha_binary(counts.o_same_1, counts.o_same_0, counts.o_diff),
            }
        )
    # The pooled alpha (and, with uncoded="exclude", the units themselves) depend on which
    # codes are compared: the result names them.
    return {
        "coders": chosen,
        "uncoded": uncoded,
        "code_set": "applied" if code_filter is None else "chosen",
        "compared_codes": [entry["code"] for entry in per_code],
        "documents": compared_docs,
        "units": int(units_total),
        "codes": per_code,
        "pooled_alpha": krippendorff_alpha_binary(pooled.o_same_1, pooled.o_same_0, pooled.o_diff),
    }
