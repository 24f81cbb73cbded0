"""The terminal the CLI writes to: data printed as text, and the width tables must fit.

Account names, titles, transcripts and file names are data typed by other people. Printed
through rich they could be read as markup (``[/x]`` raises an error, ``[bold]`` changes the
output), as emoji codes (``:fire:``) or as terminal control sequences (an ESC in an account
name could clear the screen or retitle the window). :class:`DataConsole` reads none of them:
markup and emoji codes are off, and control characters are shown as visible symbols.
"""

from __future__ import annotations

from typing import Any, Final

from rich.console import Console

DEFAULT_WIDTH: Final = 80
"""Width of the output when it is not a terminal (a file, a pipe, a test)."""

# C0 controls (but the newline) as their visible "control picture" symbols, DEL as ␡, and the
# C1 controls (which some terminals obey like ESC sequences) as the replacement character.
_VISIBLE: Final[dict[int, str]] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A},
    0x7F: "\u2421",
    **dict.fromkeys(range(128, 160), "�"),
}


def visible(value: str) -> str:
    """``value`` with every control character but the newline shown as a symbol."""
    return value.translate(_VISIBLE)


def one_line(value: str) -> str:
    """``value`` for a table cell: line breaks as spaces, other controls shown as symbols."""
    return visible(" ".join(value.splitlines()))


class DataConsole(Console):
    """A rich console that prints every string as plain text (see the module docstring)."""

    def __init__(self, *, stderr: bool = False) -> None:
        super().__init__(stderr=stderr, soft_wrap=True, markup=False, emoji=False, highlight=False)

    def print(self, *objects: Any, **options: Any) -> None:
        shown = (visible(item) if isinstance(item, str) else item for item in objects)
        super().print(*shown, **options)

    def write_raw(self, data: str) -> None:
        """Machine output (JSON, CSV) exactly as given, past rich's rendering."""
        self.file.write(data)
        self.file.flush()

    def table_width(self) -> int:
        """The terminal's width, or :data:`DEFAULT_WIDTH` when the output is not a terminal."""
        return self.width if self.is_terminal else DEFAULT_WIDTH
