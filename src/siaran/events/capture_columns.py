"""What captured lines mean, computed a column at a time.

:func:`~siaran.events.capture.capture_event` says what one captured line means, in Python;
:func:`capture_columns` says the same for a block of lines at once, and the property tests
hold the two to the same answer. It is given every value the mapping may read, one column of
JSON text per key (``NULL`` when the key is absent, ``'null'`` when it is there and null: that
tells "absent" from "null" where a nested block overrides the top level): the top level's
class keys, the merged fields (the top level overlaid by the nested blocks) and the keys of
the ``user``, ``gift``, ``product`` and ``details`` blocks.

Values become the text Python's reader kept (:func:`siaran.events.reading.value_text`) with
Arrow's string kernels for the forms captures write (a string without escapes, an integer,
a boolean); any other value (a string with escapes, a fraction, an object or a list) is read
by Python's ``json``, once per distinct value. Decisions that depend on few distinct values
(what a class means, a social event's action, whether a gift still streaks and its diamonds)
are made once per distinct value or combination, not once per line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from siaran.events import capture as cap
from siaran.events.lines import PYTHON_WHITESPACE
from siaran.events.reading import value_text

if TYPE_CHECKING:
    import pyarrow as pa

NESTED_KEYS: Final = ("data", "common", "baseMessage", "base_message")
"""The blocks that overlay the top level, the one that wins first (the reverse of the order in
which :func:`~siaran.events.capture.capture_event` merges them)."""
SOCIAL_KEYS: Final = ("action", "display_type", "label")
CONTROL_KEYS: Final = ("action", "status")
BLOCK_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "user": (*cap._USER_KEYS, "id"),
    "gift": (
        *cap._DIAMOND_KEYS,
        *cap._REPEAT_KEYS,
        *cap._REPEAT_END_KEYS,
        *cap._GIFT_TYPE_KEYS,
        "type",
    ),
    "product": ("product_id", "id", "title", "name"),
    "details": cap._TEXT_KEYS,
}
"""The blocks read as objects, and the keys read inside each."""
MERGED_KEYS: Final = tuple(
    dict.fromkeys(
        (
            *cap._ID_KEYS, *cap._TIME_KEYS, *cap._ROOM_KEYS, *cap._TEXT_KEYS,
            *cap._VIEWER_KEYS, *cap._LIKE_KEYS, *cap._USER_KEYS, *cap._GIFT_TYPE_KEYS,
            *cap._REPEAT_END_KEYS, *cap._REPEAT_KEYS, *cap._DIAMOND_KEYS, *SOCIAL_KEYS,
            *CONTROL_KEYS, "product_id", "productId", "title", "product_title", "streaking",
            *BLOCK_KEYS,
        )
    )
)  # fmt: skip
"""Every key read from the merged fields."""

_ABSENT: Final = ("null", '""')
_FALSY: Final = ("null", "false", "0", '""', "[]", "{}", "0.0", "-0.0")
_SIMPLE: Final = r"^(-?[0-9]+|true|false)$"
_END_ACTIONS: Final = frozenset({"3", "end", "live_end", "stream_end"})

Columns = dict[str, Any]
"""Arrow arrays of JSON text (or of their text), by key."""


def _null(length: int) -> pa.Array:
    import pyarrow as pa

    return pa.nulls(length, pa.string())


def present(values: pa.Array) -> pa.Array:
    """Where a value is one ``_first`` takes: there, not null, not the empty string."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.and_kleene(pc.is_valid(values), pc.invert(pc.is_in(values, pa.array(_ABSENT))))


def truthy(values: pa.Array) -> pa.Array:
    """Where a value is true to Python (not absent, null, false, 0, empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.and_kleene(pc.is_valid(values), pc.invert(pc.is_in(values, pa.array(_FALSY))))


def empty(values: pa.Array) -> bool:
    """Whether no line has a value (the usual case for most spellings of a key)."""
    return bool(values.null_count == len(values))


def first(columns: list[pa.Array]) -> pa.Array:
    """The first value ``_first`` takes, line by line (``NULL`` when none)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = [c for c in columns if not empty(c)]
    if not given:
        return columns[0]
    absent = pa.array(_ABSENT)
    kept = [pc.if_else(pc.is_in(c, absent), pa.scalar(None, pa.string()), c) for c in given]
    return kept[0] if len(kept) == 1 else pc.coalesce(*kept)


def starts(values: pa.Array, prefix: str) -> pa.Array:
    import pyarrow.compute as pc

    return pc.fill_null(pc.starts_with(values, prefix), False)


def per_distinct(values: pa.Array, where: pa.Array, read: Callable[[str], str | None]) -> pa.Array:
    """``read`` of each value where ``where`` holds, called once per distinct value;
    ``NULL`` elsewhere."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chosen = pc.if_else(where, values, pa.scalar(None, pa.string()))
    distinct = pc.unique(pc.drop_null(chosen))
    if not len(distinct):
        return _null(len(values))
    read_values = pa.array([read(v) for v in distinct.to_pylist()], pa.string())
    return pc.take(read_values, pc.index_in(chosen, value_set=distinct))


def _loaded_text(text: str) -> str | None:
    return value_text(json.loads(text))


def text_of(values: pa.Array) -> pa.Array:
    """The text Python's reader keeps of each JSON value: strings stripped of white space,
    empty ones ``NULL``; numbers as ``repr`` writes them; objects as ``json.dumps`` does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if empty(values):
        return values
    plain = pc.and_kleene(starts(values, '"'), pc.invert(pc.match_substring(values, "\\")))
    simple = pc.fill_null(pc.match_substring_regex(values, _SIMPLE), False)
    other = pc.and_kleene(
        pc.and_kleene(pc.is_valid(values), pc.not_equal(values, "null")),
        pc.invert(pc.or_kleene(plain, simple)),
    )
    stripped = pc.utf8_trim(pc.utf8_slice_codeunits(values, 1, -1), characters=PYTHON_WHITESPACE)
    stripped = pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)
    result = pc.if_else(plain, stripped, pc.if_else(simple, values, None))
    if pc.any(other).as_py():
        result = pc.coalesce(result, per_distinct(values, other, _loaded_text))
    return result


def str_of(values: pa.Array) -> pa.Array:
    """What Python's ``str()`` writes of each JSON value (for the few values read so)."""
    import pyarrow.compute as pc

    where = pc.and_kleene(pc.is_valid(values), pc.not_equal(values, "null"))
    return per_distinct(values, where, lambda text: str(json.loads(text)))


def epoch_text(values: pa.Array) -> pa.Array:
    """A capture time as the canonical text: epoch seconds (a 10-digit number, or a string
    of 10 digits) become milliseconds; anything else is kept as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if empty(values):
        return values
    seconds = pc.fill_null(pc.match_substring_regex(values, r"^[1-9][0-9]{9}$"), False)
    quoted = pc.fill_null(pc.match_substring_regex(values, r'^"[0-9]{10}"$'), False)
    fraction = pc.fill_null(pc.match_substring_regex(values, r"^[0-9]+\.[0-9]+$"), False)
    digits = pc.utf8_ltrim(pc.utf8_slice_codeunits(values, 1, -1), characters="0")
    digits = pc.if_else(pc.equal(digits, ""), "0", digits)
    thousand = pa.scalar("000")
    result = pc.if_else(
        seconds,
        pc.binary_join_element_wise(values, thousand, ""),
        pc.if_else(quoted, pc.binary_join_element_wise(digits, thousand, ""), None),
    )
    result = pc.if_else(pc.equal(result, "0000"), "0", result)
    if pc.any(fraction).as_py():
        result = pc.coalesce(result, per_distinct(values, fraction, _float_epoch))
    return pc.coalesce(result, text_of(values))


def _float_epoch(text: str) -> str | None:
    value = float(text)
    if 10**9 <= value < 10**10:
        return str(int(value * 1000))
    return value_text(value)


def line_kinds(classes: pa.Array, social: pa.Array, control: pa.Array) -> pa.Array:
    """The canonical type of each line from its class (``connect`` for a connect line; a
    social event by its action, a control event only when it ends the live)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lowered = pc.utf8_lower(classes)
    kinds = per_distinct(lowered, pc.is_valid(lowered), _class_kind)
    is_social = pc.fill_null(pc.equal(kinds, "?social"), False)
    is_control = pc.fill_null(pc.equal(kinds, "?control"), False)
    social_kind = per_distinct(_action(social), is_social, _social_kind)
    control_kind = per_distinct(_action(control), is_control, _control_kind)
    plain = pc.if_else(pc.or_kleene(is_social, is_control), pa.scalar(None, pa.string()), kinds)
    return pc.coalesce(
        pc.if_else(is_social, social_kind, None), pc.if_else(is_control, control_kind, None), plain
    )


def _class_kind(lowered: str) -> str | None:
    if lowered in cap.CONNECT_CLASSES:
        return "connect"
    if lowered == "socialevent":
        return "?social"
    if lowered == "controlevent":
        return "?control"
    return cap._CLASS_TYPES.get(lowered)


def _action(values: pa.Array) -> pa.Array:
    """``str(value or "").lower()``: the text an action is matched in."""
    import pyarrow.compute as pc

    text = pc.if_else(truthy(values), str_of(values), "")
    return pc.fill_null(text, "")


def _social_kind(action: str) -> str | None:
    lowered = action.lower()
    if "share" in lowered:
        return "share"
    return "follow" if "follow" in lowered else None


def _control_kind(action: str) -> str | None:
    return "end" if action.lower() in _END_ACTIONS else None


def class_names(top: Columns) -> pa.Array:
    """The class each line names: the first class key whose value is a string ending in
    ``Event``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = []
    for key in cap.CLASS_KEYS:
        values = top[key]
        # Escaped text is decoded first: ``"\u0045vent"`` is ``Event`` too.
        ending = pc.or_kleene(pc.ends_with(values, 'Event"'), pc.match_substring(values, "\\"))
        named = pc.and_kleene(starts(values, '"'), pc.fill_null(ending, False))
        found.append(per_distinct(values, named, json.loads))
    names = pc.coalesce(*found)
    named = pc.fill_null(pc.ends_with(names, "Event"), False)
    return pc.if_else(named, names, pa.scalar(None, pa.string()))


def gift_diamonds(values: dict[str, pa.Array], gifts: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Whether each gift counts (a streak still running does not) and its diamonds, decided
    once per distinct combination of the values the rule reads."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = tuple(values)
    key = pc.binary_join_element_wise(
        *(pc.fill_null(values[name], "\x01") for name in names), "\x00"
    )
    decided = per_distinct(
        key, gifts, lambda joined: _gift_rule(dict(zip(names, joined.split("\x00"), strict=True)))
    )
    counts = pc.and_kleene(gifts, pc.invert(pc.fill_null(pc.equal(decided, "\x02"), False)))
    diamonds = pc.if_else(pc.equal(decided, "\x02"), pa.scalar(None, pa.string()), decided)
    return counts, diamonds


_NOT_COUNTED: Final = "\x02"


def _loads(text: str) -> Any:
    return None if text == "\x01" else json.loads(text)


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    return True if text in ("1", "true") else False if text in ("0", "false") else None


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, dict | list):
        return None
    try:
        return int(value)
    except (ValueError, OverflowError):
        return None


def _gift_rule(texts: dict[str, str]) -> str | None:
    """A gift's diamonds (per-gift value × repeat count) as text, ``_NOT_COUNTED`` for a
    streak still running: the rule of :mod:`siaran.events.capture`, on picked values."""
    value = {name: _loads(text) for name, text in texts.items()}
    streaking = _flag(value["streaking"])
    if streaking is None:
        gift_type = value["gift_type"] if value["gift_type"] is not None else value["gift_type_in"]
        typed = None
        if not isinstance(gift_type, bool) and gift_type is not None:
            try:
                typed = int(str(gift_type).strip())
            except ValueError:
                typed = None
        if typed is not None and typed != 1:
            streaking = False
        else:
            repeat_end = _flag(value["repeat_end"])
            if repeat_end is None:
                repeat_end = _flag(value["repeat_end_in"])
            streaking = repeat_end is False
    if streaking:
        return _NOT_COUNTED
    per_gift = value["diamonds_in"] or value["diamonds"]
    repeat = value["repeat"] or value["repeat_in"] or 1
    per_int, repeat_int = _int(per_gift), _int(repeat)
    if per_int is None or repeat_int is None:
        return value_text(per_gift)
    return str(per_int * repeat_int)


def capture_columns(top: Columns, merged: Columns, blocks: dict[str, Columns]) -> Columns:
    """The canonical fields of every line as text, with ``kind`` (its type, ``connect`` for
    a connect line), ``cls`` (its class, ``?`` without one), ``unknown`` (a class that means
    nothing here), ``event`` (a canonical event), ``announced`` (the room a connect line
    announces, as ``str()`` writes it), ``connect_room`` (the room is the last connect line's)
    and ``needs_id`` (the id is the hash of the line)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def pick(keys: tuple[str, ...]) -> pa.Array:
        return first([merged[key] for key in keys])

    def pick_in(block: str, keys: tuple[str, ...]) -> pa.Array:
        return first([blocks[block][key] for key in keys])

    def is_object(values: pa.Array) -> pa.Array:
        return starts(values, "{")

    names = class_names(top)
    kinds = line_kinds(names, pick(SOCIAL_KEYS), pick(CONTROL_KEYS))
    lowered = pc.utf8_lower(names)
    known = pc.is_in(lowered, value_set=pa.array(sorted(cap.KNOWN_CLASSES)))
    out: Columns = {
        "cls": pc.fill_null(names, "?"),
        "kind": kinds,
        "unknown": pc.and_kleene(pc.is_null(kinds), pc.invert(pc.fill_null(known, False))),
    }
    is_kind = {
        kind: pc.fill_null(pc.equal(kinds, kind), False)
        for kind in ("connect", "comment", "question", "like", "viewers", "product", "gift")
    }
    room = pick(cap._ROOM_KEYS)
    out["announced"] = pc.if_else(is_kind["connect"], str_of(room), None)
    identity = pick(cap._ID_KEYS)
    out["needs_id"] = pc.invert(truthy(identity))
    out["id"] = pc.if_else(out["needs_id"], None, text_of(identity))
    out["ts"] = epoch_text(pick(cap._TIME_KEYS))
    out["connect_room"] = pc.invert(truthy(room))
    out["room_id"] = pc.if_else(out["connect_room"], None, text_of(room))
    user = merged["user"]
    given = pc.and_kleene(pc.is_valid(user), pc.not_equal(user, "null"))
    out["user"] = text_of(
        pc.if_else(
            is_object(user),
            pick_in("user", BLOCK_KEYS["user"]),
            pc.if_else(given, user, pick(cap._USER_KEYS)),
        )
    )
    said = pick(cap._TEXT_KEYS)
    said = pc.if_else(
        pc.and_kleene(pc.is_null(said), is_object(merged["details"])),
        pick_in("details", cap._TEXT_KEYS),
        said,
    )
    product = is_object(merged["product"])
    title = pc.if_else(
        product, pick_in("product", ("title", "name")), pick(("title", "product_title"))
    )
    product_id = pc.if_else(
        product, pick_in("product", ("product_id", "id")), pick(("product_id", "productId"))
    )
    asks = pc.or_kleene(is_kind["comment"], is_kind["question"])
    null = pa.scalar(None, pa.string())
    out["text"] = text_of(pc.if_else(asks, said, pc.if_else(is_kind["product"], title, null)))
    out["product_id"] = text_of(pc.if_else(is_kind["product"], product_id, null))
    out["count"] = text_of(pc.if_else(is_kind["like"], pick(cap._LIKE_KEYS), null))
    out["viewers"] = text_of(pc.if_else(is_kind["viewers"], pick(cap._VIEWER_KEYS), null))
    rule = {
        "streaking": merged["streaking"],
        "gift_type": pick(cap._GIFT_TYPE_KEYS),
        "gift_type_in": pick_in("gift", (*cap._GIFT_TYPE_KEYS, "type")),
        "repeat_end": pick(cap._REPEAT_END_KEYS),
        "repeat_end_in": pick_in("gift", cap._REPEAT_END_KEYS),
        "diamonds": pick(cap._DIAMOND_KEYS),
        "diamonds_in": pick_in("gift", cap._DIAMOND_KEYS),
        "repeat": pick(cap._REPEAT_KEYS),
        "repeat_in": pick_in("gift", cap._REPEAT_KEYS),
    }
    counts, out["diamonds"] = gift_diamonds(rule, is_kind["gift"])
    events = pc.and_kleene(pc.is_valid(kinds), pc.invert(is_kind["connect"]))
    out["event"] = pc.and_kleene(events, pc.or_kleene(pc.invert(is_kind["gift"]), counts))
    return out
