"""A group of options declared once reaches Typer as ordinary options and the command as one
dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from siaran.cli.option_groups import takes_group

NameOption = Annotated[str | None, typer.Option("--name", help="A name.")]
CountOption = Annotated[int, typer.Option("--count", help="How many.")]


@dataclass(frozen=True)
class Shared:
    name: NameOption = None
    count: CountOption = 1


def _app(seen: list[tuple[str, Shared, bool]]) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @takes_group(Shared, "shared")
    def first(
        word: Annotated[str, typer.Argument()],
        shared: Shared = Shared(),
        loud: Annotated[bool, typer.Option("--loud")] = False,
    ) -> None:
        seen.append((word, shared, loud))

    @app.command()
    def second() -> None:
        """Makes the app a group, so commands are called by name."""

    return app


def test_the_group_s_options_are_parsed_into_the_dataclass() -> None:
    seen: list[tuple[str, Shared, bool]] = []
    result = CliRunner().invoke(
        _app(seen), ["first", "hello", "--count", "3", "--name", "x", "--loud"]
    )
    assert result.exit_code == 0, result.output
    assert seen == [("hello", Shared(name="x", count=3), True)]


def test_defaults_come_from_the_dataclass() -> None:
    seen: list[tuple[str, Shared, bool]] = []
    result = CliRunner().invoke(_app(seen), ["first", "hi"])
    assert result.exit_code == 0, result.output
    assert seen == [("hi", Shared(), False)]


def test_help_lists_the_group_s_options_in_the_parameter_s_place() -> None:
    result = CliRunner().invoke(_app([]), ["first", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    output = result.output
    assert output.index("--name") < output.index("--count") < output.index("--loud")
    assert "shared" not in output.lower().replace("--", "")


def test_a_bad_value_is_refused_like_any_option() -> None:
    result = CliRunner().invoke(_app([]), ["first", "hi", "--count", "many"])
    assert result.exit_code == 2


def test_wrong_declarations_are_refused_when_the_command_is_defined() -> None:
    def without(word: str) -> None: ...

    def clashing(name: str, shared: Shared = Shared()) -> None: ...

    with pytest.raises(TypeError, match="no parameter"):
        takes_group(Shared, "shared")(without)
    with pytest.raises(TypeError, match="already has"):
        takes_group(Shared, "shared")(clashing)
    with pytest.raises(TypeError, match="not a dataclass"):
        takes_group(int, "shared")
