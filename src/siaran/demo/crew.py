"""Crew rosters for the demo: the latest lives of three accounts, some with a dedicated
interaction admin and some without, written as a roster CSV and imported like a seller's.

Which lives get an admin is a seeded coin toss per live, independent of how the live went: the
demo plants no effect of the crew, so the crew view's differences are chance, and it says so
with its interval. The staff names are invented.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.crew import COLUMNS, import_roster

if TYPE_CHECKING:
    from siaran.crew import RosterImport
    from siaran.workspace import Workspace

CREW_DIR: Final = "crew"
LIVES_PER_ACCOUNT: Final = 20
STAFF: Final[dict[str, tuple[str, str, str, str]]] = {
    # account: (host, interaction admin, fulfilment, product handler)
    "dapur.sekar.arum": ("Sekar", "Dimas", "Rina", "Arum"),
    "hijab.ayunda": ("Ayunda", "Nisa", "Wulan", "Tari"),
    "aksesori.lintang": ("Lintang", "Bayu", "Sari", "Eko"),
}


def roster_rows(workspace: Workspace, *, seed: int) -> list[dict[str, str]]:
    """The roster rows of the latest :data:`LIVES_PER_ACCOUNT` lives of each :data:`STAFF`
    account."""
    rows: list[dict[str, str]] = []
    for account, (host, admin, fulfilment, handler) in STAFF.items():
        draw = random.Random(f"{seed}:crew:{account}")
        rooms = [
            str(r[0])
            for r in workspace.con.execute(
                "SELECT room_id FROM sessions WHERE account = ? AND room_id IS NOT NULL "
                "ORDER BY started_at DESC LIMIT ?",
                [account, LIVES_PER_ACCOUNT],
            ).fetchall()
        ]
        for room in reversed(rooms):
            crew = [("host", host)]
            if draw.random() < 0.5:
                crew.append(("interaction_admin", admin))
            if draw.random() < 0.6:
                crew.append(("fulfilment", fulfilment))
            if draw.random() < 0.3:
                crew.append(("product_handler", handler))
            if draw.random() < 0.1:
                crew.append(("other:kamera", "Budi"))
            rows += [
                {"account": account, "room_id": room, "role": role, "person": person}
                for role, person in crew
            ]
    return rows


def import_demo_crew(workspace: Workspace, folder: Path, *, seed: int) -> RosterImport:
    """Write ``<folder>/crew/roster.csv`` and import it (the same rosters every run)."""
    path = folder / CREW_DIR / "roster.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(roster_rows(workspace, seed=seed))
    return import_roster(workspace, path)
