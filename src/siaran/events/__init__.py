"""Live event streams: canonical events, per-minute timelines, retention and interaction.

Import a capture with :func:`import_event_file` (``siaran import FILE --account A`` routes
event files here by content), then read a room's :func:`room_timeline`, the per-room
:func:`session_measures` (the ``timeline`` KPIs of the registry) and its
:func:`largest_changes` (with what the host said then: :func:`siaran.talk.moments_with_talk`,
which lives above the event stream). Queries
run on the engine of an :class:`~siaran.store.engine.EngineContext` (DuckDB by default,
Spark on request).
See ``docs/en/events.md`` for the format.
"""

from siaran.events.measures import largest_changes, session_measures
from siaran.events.model import CANONICAL_FIELDS, EVENT_TYPES, FORMATS
from siaran.events.reading import sniff_event_format
from siaran.events.report import EventImportReport
from siaran.events.store import event_files, has_events, import_event_file
from siaran.events.timeline import TIMELINE_FIELDS, room_timeline

__all__ = [
    "CANONICAL_FIELDS",
    "EVENT_TYPES",
    "FORMATS",
    "TIMELINE_FIELDS",
    "EventImportReport",
    "event_files",
    "has_events",
    "import_event_file",
    "largest_changes",
    "room_timeline",
    "session_measures",
    "sniff_event_format",
]
