"""Plan vs actual: a saved plan against the live that followed it.

- **Phases**: where each phase was first found in the live's scored transcript (the stored
  host lines, ``talk_lines``) against the plan's minute marks: ``on_plan`` when it started
  within :data:`TOLERANCE_SHARE` of the planned length (at least :data:`MIN_TOLERANCE_MIN`
  minutes) of its planned start, else ``early`` or ``late``; ``missing`` when the transcript
  never reached it; ``unknown`` when the live has no timed scored transcript.
- **Products**: each planned product's orders in this live (orders linked to it) and how
  often it was pinned (``product`` events whose title or id is the product's name or SKU),
  and the products sold that the plan did not name; unknown without orders covering the live.
- **Timeline**: the live's length against the plan's, peak viewers, comments and orders of
  its event stream.
- **Scorecard**: the stored scorecard's overall score and every check's status.
- **Crew**: per role (``other`` roles by their label), the people the plan named against the
  live's recorded roster (names compared without case and outer spaces): ``as_planned``,
  ``changed``, ``not_filled`` (planned, nobody recorded) or ``added`` (recorded, not planned);
  compared only when the plan names a crew and the live has a roster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypedDict

from siaran.errors import UsageError
from siaran.plan.model import Plan
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

TOLERANCE_SHARE: Final = 0.05
MIN_TOLERANCE_MIN: Final = 2.0
Part = Literal["phase", "product", "timeline", "scorecard", "crew"]


class CheckRowJson(TypedDict):
    part: Part
    item: str
    planned: float | str | None
    actual: float | str | None
    pinned: float | None
    status: str


class PlanCheckJson(TypedDict):
    account: str
    room_id: str
    plan_date: str
    rows: list[CheckRowJson]
    unknown: list[str]


@dataclass(frozen=True)
class CheckRow:
    """One comparison: what the plan said and what happened (``None``: unknown)."""

    part: Part
    item: str
    planned: float | str | None
    actual: float | str | None
    status: str
    pinned: float | None = None
    """For a product: how often it was pinned in the live (``None``: unknown)."""

    def to_json(self) -> CheckRowJson:
        return {
            "part": self.part,
            "item": self.item,
            "planned": self.planned,
            "actual": self.actual,
            "pinned": self.pinned,
            "status": self.status,
        }


@dataclass(frozen=True)
class PlanCheck:
    account: str
    room_id: str
    plan_date: str
    rows: tuple[CheckRow, ...]
    unknown: tuple[str, ...]
    """Message keys of the parts that could not be compared (``plan.check.no_*``)."""

    def to_json(self) -> PlanCheckJson:
        return {
            "account": self.account,
            "room_id": self.room_id,
            "plan_date": self.plan_date,
            "rows": [r.to_json() for r in self.rows],
            "unknown": list(self.unknown),
        }


def check_plan(
    workspace: Workspace, plan: Plan, room_id: str, *, engine: EngineName = DEFAULT_ENGINE
) -> PlanCheck:
    """The plan of ``plan.account`` against that account's live ``room_id``."""
    account = plan.account
    room_id = room_id.strip()
    lives, longest = workspace.con.execute(
        "SELECT count(*), max(duration_s) FROM sessions WHERE account = ? AND room_id = ?",
        [account, room_id],
    ).fetchone() or (0, None)
    scored = workspace.con.execute(
        "SELECT count(*) FROM talk_scores WHERE account = ? AND room_id = ?", [account, room_id]
    ).fetchone()
    if not lives and scored == (0,):
        raise UsageError("plan.unknown_room", room=room_id, account=account)
    duration_s = None if longest is None else float(longest)
    rows: list[CheckRow] = []
    unknown: list[str] = []
    rows += _phases(workspace, plan, room_id, unknown)
    rows += _products(workspace, plan, room_id, unknown)
    rows += _timeline(workspace, plan, room_id, duration_s, engine, unknown)
    rows += _scorecard(workspace, account, room_id, unknown)
    rows += _crew(workspace, plan, room_id, unknown)
    return PlanCheck(account, room_id, plan.to_json()["date"], tuple(rows), tuple(unknown))


def _timing(actual: float, planned: float, minutes: float) -> str:
    """``on_plan`` within the tolerance of a live of ``minutes``, else ``early`` or ``late``."""
    if abs(actual - planned) <= max(MIN_TOLERANCE_MIN, TOLERANCE_SHARE * minutes):
        return "on_plan"
    return "early" if actual < planned else "late"


def _phases(workspace: Workspace, plan: Plan, room: str, unknown: list[str]) -> list[CheckRow]:
    found = workspace.con.execute(
        "SELECT phase, min(start_s) FROM talk_lines WHERE account = ? AND room_id = ? "
        "AND start_s IS NOT NULL AND phase IS NOT NULL GROUP BY phase",
        [plan.account, room],
    ).fetchall()
    if not found:
        unknown.append("plan.check.no_transcript")
        return [
            CheckRow("phase", p["id"], float(p["start_min"]), None, "unknown") for p in plan.phases
        ]
    first = {str(phase): float(start) / 60.0 for phase, start in found}
    minutes = plan.to_json()["minutes"]
    rows = []
    for phase in plan.phases:
        planned = float(phase["start_min"])
        actual = first.get(phase["id"])
        status = "missing" if actual is None else _timing(actual, planned, minutes)
        rows.append(
            CheckRow(
                "phase", phase["id"], planned, None if actual is None else round(actual, 1), status
            )
        )
    return rows


def _products(workspace: Workspace, plan: Plan, room: str, unknown: list[str]) -> list[CheckRow]:
    from siaran.orders.linking import live_orders, live_products

    account = plan.account
    planned = plan.to_json()["lineup"]["products"]
    covered = bool(live_orders(workspace, room=room, account=account))
    sold: Counter[str] = Counter()
    if covered:
        for item in live_products(workspace, room=room, account=account):
            sold[item.product or item.sku or "?"] += item.orders
    else:
        unknown.append("plan.check.no_orders")
    pins = _pins(workspace, account, room)
    if pins is None:
        unknown.append("plan.check.no_events")
    rows = []
    matched: set[str] = set()
    for product in planned:
        name, sku = product["product"], product["sku"]
        keys = {name} | ({sku} if sku else set())
        matched |= keys
        pinned = None if pins is None else sum(pins.get(k, 0) for k in keys)
        orders = sold.get(name, 0) if covered else None
        if orders is None:
            status = "unknown"
        elif orders > 0:
            status = "sold"
        elif pinned:
            status = "pinned"
        else:
            status = "not_shown"
        rows.append(
            CheckRow(
                "product",
                name,
                float(product["orders"]),
                None if orders is None else float(orders),
                status,
                None if pinned is None else float(pinned),
            )
        )
    names = {p["product"] for p in planned}
    rows += [
        CheckRow("product", name, None, float(count), "unplanned")
        for name, count in sorted(sold.items())
        if name not in names
    ]
    rows += [
        CheckRow("product", key, None, None, "pinned_other", float(count))
        for key, count in sorted((pins or {}).items())
        if key not in matched and key not in names
    ]
    return rows


def _pins(workspace: Workspace, account: str, room: str) -> Counter[str] | None:
    """How often each product title or id was pinned in the live (``None``: no events)."""
    from siaran.events.store import event_files

    files = event_files(workspace, account)
    if not files:
        return None
    rows = workspace.con.execute(
        "SELECT product_id, text FROM read_parquet(?, hive_partitioning = false) "
        "WHERE room_id = ? AND type = 'product'",
        [[str(path) for path in files], room],
    ).fetchall()
    has_room = workspace.con.execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = false) WHERE room_id = ?",
        [[str(path) for path in files], room],
    ).fetchone()
    if has_room == (0,):
        return None
    pins: Counter[str] = Counter()
    for product_id, title in rows:
        pins[str(title or product_id)] += 1
    return pins


def _timeline(
    workspace: Workspace,
    plan: Plan,
    room: str,
    duration_s: float | None,
    engine: EngineName,
    unknown: list[str],
) -> list[CheckRow]:
    from siaran.events.timeline import room_timeline
    from siaran.store.engine import engine_context

    minutes = float(plan.to_json()["minutes"])
    length = None if duration_s is None else round(duration_s / 60.0, 1)
    status = "unknown" if length is None else _timing(length, minutes, minutes)
    rows = [CheckRow("timeline", "minutes", minutes, length, status)]
    timeline = room_timeline(engine_context(workspace, engine), workspace, plan.account, room)
    if not timeline:
        if "plan.check.no_events" not in unknown:
            unknown.append("plan.check.no_events")
        return rows
    peak = max((v for r in timeline if (v := r["viewers"]) is not None), default=None)
    rows.append(
        CheckRow(
            "timeline", "peak_viewers", None, None if peak is None else float(peak), "measured"
        )
    )
    for name, total in (
        ("comments", sum(r["comments"] for r in timeline)),
        ("orders", sum(r["orders"] for r in timeline)),
    ):
        rows.append(CheckRow("timeline", name, None, float(total), "measured"))
    return rows


def _scorecard(workspace: Workspace, account: str, room: str, unknown: list[str]) -> list[CheckRow]:
    from siaran.talk.storage import load_scorecard

    card = load_scorecard(workspace, account, room)
    if card is None:
        unknown.append("plan.check.no_scorecard")
        return []
    rows = [CheckRow("scorecard", "score", None, card.score, "measured")]
    for check in card.checks:
        value = check.value
        actual = float(value) if isinstance(value, int | float) else None
        target = check.target
        planned = float(target) if isinstance(target, int | float) else None
        rows.append(CheckRow("scorecard", check.key, planned, actual, check.status))
    return rows


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _crew(workspace: Workspace, plan: Plan, room: str, unknown: list[str]) -> list[CheckRow]:
    from siaran.crew import list_crew

    planned: dict[str, list[str]] = {}
    for m in plan.to_json()["crew"].get("members", []):
        key = f"other:{m['label']}" if m["role"] == "other" else m["role"]
        people = planned.setdefault(key, [])
        if m["person"]:
            people.append(m["person"])
    if not any(planned.values()):
        unknown.append("plan.check.no_planned_crew")
        return []
    rosters = list_crew(workspace, [plan.account], room=room)
    if not rosters:
        unknown.append("plan.check.no_crew")
        return []
    actual: dict[str, list[str]] = {}
    for member in rosters[0].members:
        actual.setdefault(member.role_text, []).append(member.person)
    rows = []
    for role in [*planned, *(r for r in actual if r not in planned)]:
        want, got = planned.get(role, []), actual.get(role, [])
        if not want and not got:
            continue
        if not got:
            status = "not_filled"
        elif not want:
            status = "added"
        else:
            same = sorted(map(_fold, want)) == sorted(map(_fold, got))
            status = "as_planned" if same else "changed"
        rows.append(CheckRow("crew", role, ", ".join(want) or None, ", ".join(got) or None, status))
    return rows
