"""The message catalogue.

Messages live in TOML files under ``messages/``, one file per domain (``core.toml``,
``ingest.toml``, ...), each key a table with an ``id`` and an ``en`` string::

    [import.unknown_header]
    id = "Kolom {header!r} tidak dikenal ..."
    en = "Unknown column {header!r} ..."

Placeholders use :py:meth:`str.format` syntax. A key must be unique across all files; the
test suite checks that both languages exist and use the same placeholders.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, dict[str, str]]) -> None:
    if "id" in table and "en" in table and all(isinstance(v, str) for v in table.values()):
        out[prefix] = {"id": table["id"], "en": table["en"]}
        return
    for name, value in table.items():
        if not isinstance(value, dict):
            raise ValueError(f"message {prefix}.{name} must be a table with 'id' and 'en'")
        _flatten(f"{prefix}.{name}" if prefix else name, value, out)


@cache
def _messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("siaran.i18n") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        found: dict[str, dict[str, str]] = {}
        _flatten("", tomllib.loads(entry.read_text(encoding="utf-8")), found)
        clash = out.keys() & found.keys()
        if clash:
            raise ValueError(f"message keys defined twice ({entry.name}): {sorted(clash)}")
        out.update(found)
    return out


def catalog_keys() -> dict[str, dict[str, str]]:
    """Every message, keyed by its dotted name (for tests and the docs)."""
    return dict(_messages())


def text(key: str, lang: Lang, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    entry = _messages().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    return entry[lang].format(**params)


def resolve_lang(value: str | None = None) -> Lang:
    """``value`` if given, else ``$SIARAN_LANG``, else Indonesian."""
    chosen = (value or os.environ.get("SIARAN_LANG") or DEFAULT_LANG).strip().lower()[:2]
    if chosen not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return chosen
