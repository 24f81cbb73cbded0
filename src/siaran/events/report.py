"""What one event import did, for the CLI, the web app and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field

from siaran.i18n import Lang, text
from siaran.ingest.outcome import ImportedFile, ImportedFileJson


class EventImportReportJson(ImportedFileJson):
    """:meth:`EventImportReport.to_dict`: one row of ``siaran import --format json``."""

    lines_read: int
    events_read: int
    events_added: int
    duplicates: int
    bad_lines: int
    unknown_types: dict[str, int]
    offsetless: int
    timezone: str | None
    rooms: dict[str, int]
    first_event_at: str | None
    last_event_at: str | None
    ignored_columns: list[str]
    notes: list[str]


@dataclass
class EventImportReport(ImportedFile):
    """The result of importing one event file. ``status`` is ``imported`` or
    ``already_imported`` (same bytes as an earlier import: nothing changed).

    ``events_read`` counts lines that became events; ``duplicates`` those dropped because their
    id was already seen (earlier in the file or in an earlier import); ``events_added`` the
    rest. ``bad_lines`` were skipped (only with ``skip_bad``), ``unknown_types`` counts lines by
    type name, ``offsetless`` the events whose time carried no offset and were read in
    ``timezone``. Like :class:`siaran.ingest.importer.ImportReport` it has ``summary(lang)``,
    ``note_texts(lang)`` and ``to_dict(lang)``.
    """

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

    def note_texts(self, lang: Lang) -> list[str]:
        """The notes in ``lang``."""
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

    def to_dict(self, lang: Lang) -> EventImportReportJson:
        return {
            **self.file_json(),
            "lines_read": self.lines_read,
            "events_read": self.events_read,
            "events_added": self.events_added,
            "duplicates": self.duplicates,
            "bad_lines": self.bad_lines,
            "unknown_types": dict(self.unknown_types),
            "offsetless": self.offsetless,
            "timezone": self.timezone,
            "rooms": dict(self.rooms),
            "first_event_at": self.first_event_at,
            "last_event_at": self.last_event_at,
            "ignored_columns": list(self.ignored_columns),
            "notes": self.note_texts(lang),
        }

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
