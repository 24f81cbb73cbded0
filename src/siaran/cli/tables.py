"""Tables that fit the terminal by choosing columns, never by breaking words.

A command declares its columns in priority order. :func:`layout` keeps as many of them as fit
the width (80 characters when the output is not a terminal), leaving out the rest and saying
which; cells are never wrapped mid-word (numbers, dates and handles never wrap at all; text
such as a title wraps between words). Columns the user chose (``--columns``, ``--all``) are all
shown: as a table when they fit, else as one block of ``label value`` lines per row.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

COLUMN_GAP: Final = 2
"""Spaces between two columns (the table's only overhead: no outer edges, no inner rules)."""
TEXT_MIN_WIDTH: Final = 12
"""Narrowest a wrapping text column gets (its longest word permitting)."""
LONGEST_WORD_KEPT: Final = 24
"""A word longer than this in a text column is cut with an ellipsis rather than widen it."""


@dataclass(frozen=True)
class Column:
    """One column, its cells already written for people (as plain text)."""

    name: str
    header: str
    cells: tuple[str, ...]
    numeric: bool = False
    wraps: bool = False

    @property
    def natural_width(self) -> int:
        """The width that shows the header on one line and every cell whole."""
        return max([cell_len(self.header), *(cell_len(c) for c in self.cells)])

    @property
    def min_width(self) -> int:
        """The narrowest width that breaks no word of the header and no cell that must not
        wrap (a text column may wrap between words, down to :data:`TEXT_MIN_WIDTH`)."""
        header = max((cell_len(word) for word in self.header.split()), default=1)
        if not self.wraps:
            return max([header, *(cell_len(c) for c in self.cells)])
        longest_word = max(
            (cell_len(word) for cell in self.cells for word in cell.split()), default=1
        )
        body = min(self.natural_width, max(TEXT_MIN_WIDTH, min(longest_word, LONGEST_WORD_KEPT)))
        return max(header, body)

    @property
    def cells_width(self) -> int:
        """The width that shows every cell on one line (the header may still wrap)."""
        return max([self.min_width, *(cell_len(c) for c in self.cells)])


def table_width(widths: Sequence[int]) -> int:
    """The printed width of a table with columns of ``widths``."""
    return sum(widths) + COLUMN_GAP * max(0, len(widths) - 1)


@dataclass(frozen=True)
class Layout:
    """The columns a table shows with their widths, and those left out to fit."""

    shown: tuple[tuple[Column, int], ...]
    hidden: tuple[str, ...]


def layout(columns: Sequence[Column], width: int, *, all_required: bool) -> Layout | None:
    """Choose the columns that fit ``width`` and their widths; ``None`` when the table cannot
    fit (print records instead).

    With ``all_required`` every column is shown, text wrapping between words as needed. Else
    columns are taken in priority order while each still fits with its cells on one line (a
    text column is not squeezed to make room for a less important one); the first column is
    always taken, wrapping if it must."""
    if all_required:
        chosen = list(columns)
        if table_width([c.min_width for c in chosen]) > width:
            return None
        hidden: list[str] = []
    else:
        chosen, hidden = [], []
        for column in columns:
            fits = table_width([c.cells_width for c in [*chosen, column]]) <= width
            if fits or (not chosen and column.min_width <= width):
                chosen.append(column)
            elif not chosen:
                return None
            else:
                hidden.append(column.name)
    widths = [c.cells_width for c in chosen]
    if table_width(widths) > width:
        widths = [c.min_width for c in chosen]
    spare = width - table_width(widths)
    for index, column in enumerate(chosen):
        grow = min(spare, column.natural_width - widths[index])
        widths[index] += grow
        spare -= grow
    return Layout(tuple(zip(chosen, widths, strict=True)), tuple(hidden))


def render_table(console: Console, found: Layout) -> None:
    """Print the columns of ``found`` as a table: a header rule, no boxes."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, COLUMN_GAP - 1, 0, 0),
    )
    for column, width in found.shown:
        table.add_column(
            Text(column.header), width=width, justify="right" if column.numeric else "left"
        )
    rows = len(found.shown[0][0].cells) if found.shown else 0
    for index in range(rows):
        table.add_row(
            *(
                Text(
                    column.cells[index],
                    no_wrap=not column.wraps,
                    overflow="ellipsis",
                    justify="right" if column.numeric else "left",
                )
                for column, _ in found.shown
            )
        )
    console.print(table, width=table_width([w for _, w in found.shown]))


def render_records(console: Console, columns: Sequence[Column], width: int) -> None:
    """One block per row: its first column as a heading, then a ``label  value`` line for
    each other column; a long value wraps between words under itself, within the width."""
    key, *fields = columns
    label_width = max((cell_len(c.header) for c in fields), default=0)
    room = max(TEXT_MIN_WIDTH, width - label_width - COLUMN_GAP)
    indent = " " * (label_width + COLUMN_GAP)
    out = Text()
    for index, heading in enumerate(key.cells):
        if index:
            out.append("\n")
        out.append(f"{key.header}: {heading}\n" if fields else f"{heading}\n", style="bold")
        for column in fields:
            pad = " " * (label_width - cell_len(column.header) + COLUMN_GAP)
            lines = textwrap.wrap(column.cells[index], room, break_on_hyphens=False) or [""]
            out.append(column.header + pad + ("\n" + indent).join(lines) + "\n")
    console.print(out, end="", soft_wrap=True)
