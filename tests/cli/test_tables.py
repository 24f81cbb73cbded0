"""Table layout: columns chosen to fit the width, words never broken, records when it cannot."""

from __future__ import annotations

import io

from rich.console import Console

from siaran.cli.tables import Column, Layout, layout, render_records, render_table, table_width
from siaran.cli.terminal import DataConsole, one_line, visible


def _numbers(name: str, width: int) -> Column:
    return Column(name=name, header=name.title(), cells=("9" * width, "1"), numeric=True)


def _render(found: Layout, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO())
    render_table(console, found)
    return console.export_text().splitlines()


def test_columns_are_taken_in_priority_order_while_they_fit() -> None:
    columns = [_numbers(f"c{i}", 15) for i in range(8)]
    found = layout(columns, 80, all_required=False)
    assert found is not None
    assert [c.name for c, _ in found.shown] == ["c0", "c1", "c2", "c3"]  # 4 x 15 + 3 x 2 gaps
    assert found.hidden == ("c4", "c5", "c6", "c7")
    assert table_width([w for _, w in found.shown]) <= 80
    assert all(len(line) <= 80 for line in _render(found))


def test_a_narrower_column_after_a_wide_one_still_gets_in() -> None:
    columns = [_numbers("a", 40), _numbers("b", 50), _numbers("c", 5)]
    found = layout(columns, 80, all_required=False)
    assert found is not None
    assert [c.name for c, _ in found.shown] == ["a", "c"] and found.hidden == ("b",)


def test_text_wraps_between_words_and_headers_too() -> None:
    text = Column(
        name="title",
        header="A long header",
        cells=("promo gajian batik tulis dan tas anyaman",),
        wraps=True,
    )
    found = layout([text], 20, all_required=True)
    assert found is not None
    lines = [line.rstrip() for line in _render(found, 20)]
    words = {w for line in lines for w in line.split()}
    assert {"promo", "gajian", "batik", "tulis", "anyaman", "header"} <= words  # none broken


def test_columns_asked_for_that_cannot_fit_are_printed_as_records() -> None:
    columns = [_numbers(f"c{i}", 30) for i in range(4)]
    assert layout(columns, 80, all_required=True) is None
    console = Console(width=80, record=True, file=io.StringIO())
    render_records(console, columns, 80)
    lines = console.export_text().splitlines()
    assert lines[0] == "C0: " + "9" * 30
    assert all(len(line) <= 80 for line in lines)
    assert not any("│" in line or "┃" in line for line in lines)


def test_control_characters_become_visible() -> None:
    assert visible("a\x1b[2Jb\x07\x9bc\nd") == "a␛[2Jb␇\ufffdc\nd"
    assert one_line("first\nsecond\tthird") == "first second␉third"


def test_the_data_console_reads_no_markup_or_emoji() -> None:
    console = DataConsole()
    with console.capture() as captured:
        console.print("[/x] [bold]b[/bold] :fire: \x1b[31mred")
    assert captured.get() == "[/x] [bold]b[/bold] :fire: ␛[31mred\n"
    assert console.table_width() == 80  # not a terminal
