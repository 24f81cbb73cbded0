"""Options that several commands take together, declared once as a group.

A group is a frozen dataclass whose fields are typed with the options' ``Annotated`` aliases
and have their defaults, as a command's parameters would be. A command takes the group as one
parameter; :func:`takes_group` shows Typer the group's fields in that parameter's place, so
``--help``, the command reference and parsing see ordinary options in that order, and the
command receives the dataclass built from them::

    @dataclass(frozen=True)
    class RefiImportOptions:
        workspace: WorkspaceOption = None
        fmt: FormatOption = OutputFormat.table

    @qdc_app.command("import")
    @takes_group(RefiImportOptions, "options")
    def qdc_import(file: FileArgument, options: RefiImportOptions) -> None: ...

Typer cannot declare a set of options once in any other way; Click's stacked option
decorators would hide the options from the function's signature, and so from mypy.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, TypeVar

_Result = TypeVar("_Result")


def takes_group(
    group: type[Any], parameter: str
) -> Callable[[Callable[..., _Result]], Callable[..., _Result]]:
    """Give the decorated command the options of ``group`` (a dataclass) in the place of its
    parameter ``parameter``, which receives the group built from them."""
    if not dataclasses.is_dataclass(group):
        raise TypeError(f"{group!r} is not a dataclass")
    group_hints = typing.get_type_hints(group, include_extras=True)
    members = [
        inspect.Parameter(
            member.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=member.default,
            annotation=group_hints[member.name],
        )
        for member in dataclasses.fields(group)
    ]
    names = [member.name for member in members]

    def decorate(command: Callable[..., _Result]) -> Callable[..., _Result]:
        signature = inspect.signature(command)
        hints = typing.get_type_hints(command, include_extras=True)
        if parameter not in signature.parameters:
            raise TypeError(f"{command.__name__} has no parameter {parameter!r}")
        clashes = set(names) & (signature.parameters.keys() - {parameter})
        if clashes:
            raise TypeError(f"{command.__name__} already has {sorted(clashes)}")
        shown: list[inspect.Parameter] = []
        for name, declared in signature.parameters.items():
            if name == parameter:
                shown.extend(members)
            else:
                shown.append(declared.replace(annotation=hints.get(name, declared.annotation)))

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> _Result:
            values = {name: kwargs.pop(name) for name in names if name in kwargs}
            kwargs[parameter] = group(**values)
            return command(*args, **kwargs)

        run.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=shown, return_annotation=hints.get("return", None)
        )
        run.__annotations__ = {p.name: p.annotation for p in shown}
        run.__annotations__["return"] = hints.get("return", None)
        return run

    return decorate
