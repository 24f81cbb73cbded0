"""Whether a workbook's rate column holds fractions or percent points.

A rate written with ``%`` says what it is, and a cell formatted as a percentage arrives as the
text the user sees (``"3.2%"``, :mod:`siaran.ingest.source`). A plain number does not: Seller
Centre's own files write percent points, but a sheet saved by pandas or typed by hand often
holds the fraction (CTR ``0.032`` for 3.2 %). The column decides, never the cell: when every
number in it lies within [0, 1] and no text in it is a bare number, the numbers are fractions
(a rate column in percent points whose every value stays under 1 % is rarer than a column of
fractions); otherwise they are percent points. A ``%`` in the column's header (``CTR (%)``)
makes them percent points before this rule is asked (the table reader checks it). Reading
them as fractions is a guess, which the import report names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from siaran.ingest.numbers.cells import DurationCell

_BARE_NUMBER: Final = re.compile(r"\d(?!.*%)")
"""A text holding a digit and no ``%`` after it (a bare number, read as percent points)."""


def workbook_fractions(
    cells: Sequence[DurationCell], texts: Sequence[str | None], others: Sequence[int]
) -> float | None:
    """The first non-zero number of a rate column whose numbers are fractions (see the
    module's rule), or ``None`` when they are percent points or the column has none.
    ``texts`` are the column's text cells (``None`` elsewhere), ``others`` the positions of
    its typed cells."""
    numbers = [
        float(cell)
        for cell in (cells[i] for i in others)
        if isinstance(cell, int | float) and not isinstance(cell, bool)
    ]
    if not numbers or not all(0.0 <= number <= 1.0 for number in numbers):
        return None
    if any(text is not None and _BARE_NUMBER.search(text) for text in texts):
        return None
    return next((number for number in numbers if number > 0), None)
