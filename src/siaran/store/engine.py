"""Engine access. DuckDB, embedded, is the default and needs no server.

Analytics are written once as Ibis expressions over the backend returned here, so the same
KPI and rollup code can later run on Spark (declared in this module only, imported lazily).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from siaran.workspace import Workspace

EngineName = Literal["duckdb"]
ENGINES: Final[tuple[EngineName, ...]] = ("duckdb",)
DEFAULT_ENGINE: Final[EngineName] = "duckdb"


def backend(workspace: Workspace, engine: EngineName = DEFAULT_ENGINE) -> Any:
    """An Ibis backend over the workspace's data on ``engine``."""
    import ibis

    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}")
    attached = ibis.duckdb.from_connection(workspace.con)
    # Attaching resets the shared connection's session zone to UTC; local calendar days,
    # weekdays and hours must stay in the workspace's zone for every other user of it.
    attached.settings["timezone"] = workspace.timezone.key
    return attached
