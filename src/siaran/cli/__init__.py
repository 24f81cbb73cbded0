"""The command-line interface: one Typer command per public function (see app.py)."""

from siaran.cli.app import app, main

__all__ = ["app", "main"]
