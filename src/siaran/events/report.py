"""What one event import did, for the CLI, the web app and scripts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from siaran.i18n import Lang, text


@dataclass
class EventImportReport:
    """The result of importing one event file. ``status`` is ``imported`` or
    ``already_imported`` (same bytes as an earlier import: nothing changed).

    ``events_read`` counts lines that became events; ``duplicates`` those dropped because their
    id was already seen (earlier in the file or in an earlier import); ``events_added`` the
    rest. ``bad_lines`` were skipped (only with ``skip_bad``), ``unknown_types`` counts lines by
    type name, ``offsetless`` the events whose time carried no offset and were read in
    ``timezone``.
    """

    path: str
    sha256: str
    layout: str
    status: Literal["imported", "already_imported"]
    account: str | None = None
    lines_read: int = 0
    events_read: int = 0
    events_added: int = 0
    duplicates: int = 0
    bad_lines: int = 0
    unknown_types: dict[str, int] = field(default_factory=dict)
    offsetless: int = 0
    timezone: str | None = None
    rooms: dict[str, int] = field(default_factory=dict)
    first_event_at: str | None = None
    last_event_at: str | None = None
    ignored_columns: list[str] = field(default_factory=list)

    def notes(self, lang: Lang) -> list[str]:
        out = []
        if self.offsetless:
            out.append(
                text("events.note_offsetless", lang, count=self.offsetless, tz=self.timezone)
            )
        if self.unknown_types:
            listed = ", ".join(f"{name} ({n})" for name, n in sorted(self.unknown_types.items()))
            total = sum(self.unknown_types.values())
            out.append(text("events.note_unknown_types", lang, count=total, types=listed))
        if self.bad_lines:
            out.append(text("events.note_bad_lines", lang, count=self.bad_lines))
        if self.ignored_columns:
            out.append(
                text("events.note_ignored_columns", lang, columns=", ".join(self.ignored_columns))
            )
        if self.rooms:
            shown = ", ".join(f"{room} ({n})" for room, n in list(self.rooms.items())[:10])
            more = len(self.rooms) - 10
            out.append(
                text("events.note_rooms", lang, count=len(self.rooms), rooms=shown)
                + (" " + text("events.note_more_rooms", lang, count=more) if more > 0 else "")
            )
        return out

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = self.notes(lang)
        return data

    def summary(self, lang: Lang) -> str:
        if self.status == "already_imported":
            return text("import.already", lang, path=self.path)
        return text(
            "events.import_done",
            lang,
            path=self.path,
            layout=self.layout,
            account=self.account,
            read=self.events_read,
            added=self.events_added,
            duplicates=self.duplicates,
        )
