"""Dumps written with community live-capture libraries, mapped to canonical events.

Such a dump is JSON Lines, one captured message per line, named by the library's event class
(``{"event": "CommentEvent", ...}``; the key may also be ``type``, ``event_type`` or ``class``)
with the message's own fields at the top level, or under ``data`` or the message header
(``base_message``/``baseMessage``/``common``). Field names are read as TikTokLive (Python)
writes them (``create_time``, ``msg_id``, ``repeat_end``) and in the camelCase of
TikTok-Live-Connector (Node) and of protobuf JSON (``createTime``, ``msgId``, ``roomId``,
``uniqueId``, ``repeatEnd``). What each class means:

==================================  =====================================================
class                               canonical event
==================================  =====================================================
CommentEvent                        ``comment``: user, text (``comment``/``content``)
LikeEvent                           ``like``: count (``count``/``likeCount``: likes in
                                    this burst, never ``total``/``totalLikeCount``)
JoinEvent                           ``join``: user
ShareEvent                          ``share``: user
FollowEvent                         ``follow``: user
SocialEvent                         ``share`` or ``follow`` by its ``action``/``display_type``
GiftEvent                           ``gift``: diamonds = diamond_count × repeat_count, once
                                    per gift: a streak still running (``streaking`` true,
                                    or a streakable gift, type 1, whose ``repeat_end`` is
                                    false) is left out; it counts when it ends
RoomUserSeqEvent                    ``viewers``: the current viewer total (``m_total``,
                                    ``viewer_count``/``viewerCount`` or ``total``; never
                                    ``total_user``/``totalUser``, which is cumulative)
LiveShoppingEvent, ProductPinEvent  ``product``: product_id, text (title)
QuestionNewEvent, QuestionEvent     ``question``: user, text
LiveEndEvent, ControlEvent(end)     ``end``
ConnectEvent                        no event; its ``room_id`` applies to the lines after it
==================================  =====================================================

Any other class (``EnvelopeEvent``, ``RankUpdateEvent`` ...) is counted as an unknown type.
Times are ``create_time``/``createTime``/``timestamp``/``ts``/``time`` (epoch seconds or
milliseconds, or ISO 8601); ids are ``msg_id``/``msgId``/``message_id``/``id``, else a hash of
the line itself, so that a re-captured identical line is still recognised as a duplicate. The
user is the ``user`` block's ``unique_id``/``uniqueId``, else its nickname or user id, or the
same keys at the top level (Node flattens the user into the message).

:func:`capture_event` says all this for one line, in Python. An import never calls it: dumps
are read a block of lines at a time as column expressions
(:mod:`siaran.events.capture_blocks`, :mod:`siaran.events.capture_columns`), and this function
is their scalar reference, which the property tests hold them to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final, NotRequired, TypedDict

CLASS_KEYS: Final = ("event", "type", "event_type", "class", "name")

_CLASS_TYPES: Final[dict[str, str]] = {
    "commentevent": "comment",
    "likeevent": "like",
    "joinevent": "join",
    "shareevent": "share",
    "followevent": "follow",
    "giftevent": "gift",
    "roomuserseqevent": "viewers",
    "liveshoppingevent": "product",
    "oecliveshoppingevent": "product",
    "productpinevent": "product",
    "questionnewevent": "question",
    "questionevent": "question",
    "liveendevent": "end",
}
CONNECT_CLASSES: Final = frozenset({"connectevent", "connectedevent"})
KNOWN_CLASSES: Final = frozenset(_CLASS_TYPES) | CONNECT_CLASSES | {"socialevent", "controlevent"}

_ID_KEYS: Final = ("msg_id", "msgId", "message_id", "id", "event_id")
_TIME_KEYS: Final = ("create_time", "createTime", "timestamp", "ts", "time", "created_at")
_ROOM_KEYS: Final = ("room_id", "roomId", "room")
_TEXT_KEYS: Final = ("comment", "content", "text")
_VIEWER_KEYS: Final = ("m_total", "viewer_count", "viewerCount", "viewers", "total")
_LIKE_KEYS: Final = ("count", "like_count", "likeCount", "likes")
_USER_KEYS: Final = ("unique_id", "uniqueId", "nickname", "nickName", "user_id", "userId")
_GIFT_TYPE_KEYS: Final = ("gift_type", "giftType")
_REPEAT_END_KEYS: Final = ("repeat_end", "repeatEnd")
_REPEAT_KEYS: Final = ("repeat_count", "repeatCount")
_DIAMOND_KEYS: Final = ("diamond_count", "diamondCount")
_NESTED_KEYS: Final = ("base_message", "baseMessage", "common", "data")
"""Blocks whose fields overlay the top level: the message header (Python and protobuf-JSON
spellings) and a ``data`` wrapper."""


def class_name(record: Mapping[str, Any]) -> str | None:
    """The event class a captured line names (``CommentEvent``), or ``None``."""
    for key in CLASS_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.endswith("Event"):
            return value
    return None


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value is not None and value != "":
            return value
    return None


def _fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The message's fields: top level, overlaid by the header and ``data`` if nested."""
    merged = dict(record)
    for nested in _NESTED_KEYS:
        inner = record.get(nested)
        if isinstance(inner, Mapping):
            merged.update(inner)
    return merged


def _user(fields: Mapping[str, Any]) -> Any:
    user = fields.get("user")
    if isinstance(user, Mapping):
        return _first(user, (*_USER_KEYS, "id"))
    return user if user is not None else _first(fields, _USER_KEYS)


def _social_type(fields: Mapping[str, Any]) -> str | None:
    action = str(_first(fields, ("action", "display_type", "label")) or "").lower()
    if "share" in action:
        return "share"
    if "follow" in action:
        return "follow"
    return None


def _flag(value: Any) -> bool | None:
    """A captured yes/no (``true``, ``1``, ``"0"``, ``"False"``), or ``None`` when absent or
    not one."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    return None


def _gift_type(fields: Mapping[str, Any], gift_fields: Mapping[str, Any]) -> int | None:
    """The gift's type when the line says it (1 is a streakable gift), else ``None``. The
    top level's ``type`` names the event class, so only the gift block's ``type`` is read."""
    value = _first(fields, _GIFT_TYPE_KEYS)
    if value is None:
        value = _first(gift_fields, (*_GIFT_TYPE_KEYS, "type"))
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _gift_diamonds(fields: Mapping[str, Any]) -> tuple[bool, Any]:
    """Whether this gift message counts and its diamonds (per-gift value × repeat count).

    A gift is a streak still running, left out until the message that ends it, only when it
    is streakable (type 1) and its ``repeat_end`` is false, as TikTok-Live-Connector and
    TikTokLive decide it. An explicit ``streaking`` says so directly; a known type other
    than 1 cannot streak, so it counts whatever its ``repeat_end``; without either, a false
    ``repeat_end`` means a running streak.
    """
    gift = fields.get("gift")
    gift_fields = gift if isinstance(gift, Mapping) else {}
    streaking = _flag(fields.get("streaking"))
    if streaking is None:
        gift_type = _gift_type(fields, gift_fields)
        if gift_type is not None and gift_type != 1:
            streaking = False
        else:
            repeat_end = _flag(_first(fields, _REPEAT_END_KEYS))
            if repeat_end is None:
                repeat_end = _flag(_first(gift_fields, _REPEAT_END_KEYS))
            streaking = repeat_end is False
    if streaking:
        return False, None
    per_gift = _first(gift_fields, _DIAMOND_KEYS) or _first(fields, _DIAMOND_KEYS)
    repeat = _first(fields, _REPEAT_KEYS) or _first(gift_fields, _REPEAT_KEYS) or 1
    try:
        return True, int(per_gift) * int(repeat)
    except (TypeError, ValueError):
        return True, per_gift


def _product(fields: Mapping[str, Any]) -> tuple[Any, Any]:
    product = fields.get("product")
    if isinstance(product, Mapping):
        return _first(product, ("product_id", "id")), _first(product, ("title", "name"))
    return _first(fields, ("product_id", "productId")), _first(fields, ("title", "product_title"))


def _epoch_text(value: Any) -> Any:
    """Capture times are epoch seconds or milliseconds: the canonical ``ts`` is milliseconds."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and 10**9 <= value < 10**10:
        return int(value * 1000)
    if isinstance(value, str) and value.isdigit() and len(value) == 10:
        return int(value) * 1000
    return value


def line_id(raw: bytes) -> str:
    """A stable id for a captured line without one: the hash of its bytes."""
    return "sha1:" + hashlib.sha1(raw.strip(), usedforsecurity=False).hexdigest()[:20]


class CapturedEvent(TypedDict):
    """A captured line as a canonical event, its values as captured (the column-wise
    validation types them and names what fails)."""

    id: object
    type: str
    ts: object
    room_id: object
    user: object
    text: NotRequired[object]
    count: NotRequired[object]
    diamonds: NotRequired[object]
    viewers: NotRequired[object]
    product_id: NotRequired[object]


def capture_event(
    record: Mapping[str, Any], raw: bytes, room: str | None
) -> tuple[str, CapturedEvent | None, str | None]:
    """Map one captured line to ``(canonical type or class name, canonical fields or None,
    room id announced by a connect line)``.

    ``fields`` is ``None`` for lines that are not events: a connect line, a gift streak still
    running, or an unknown class (then the first item is the class name, for the report).
    """
    name = class_name(record) or ""
    lowered = name.lower()
    fields = _fields(record)
    if lowered in CONNECT_CLASSES:
        announced = _first(fields, _ROOM_KEYS)
        return "connect", None, None if announced is None else str(announced)
    kind = _CLASS_TYPES.get(lowered)
    if lowered == "socialevent":
        kind = _social_type(fields)
    elif lowered == "controlevent":
        action = str(_first(fields, ("action", "status")) or "").lower()
        kind = "end" if action in ("3", "end", "live_end", "stream_end") else None
    if kind is None:
        return name, None, None
    event: CapturedEvent = {
        "id": _first(fields, _ID_KEYS) or line_id(raw),
        "type": kind,
        "ts": _epoch_text(_first(fields, _TIME_KEYS)),
        "room_id": _first(fields, _ROOM_KEYS) or room,
        "user": _user(fields),
    }
    if kind in ("comment", "question"):
        text = _first(fields, _TEXT_KEYS)
        details = fields.get("details")
        if text is None and isinstance(details, Mapping):
            text = _first(details, _TEXT_KEYS)
        event["text"] = text
    elif kind == "like":
        event["count"] = _first(fields, _LIKE_KEYS)
    elif kind == "gift":
        counts, diamonds = _gift_diamonds(fields)
        if not counts:
            return kind, None, None
        event["diamonds"] = diamonds
    elif kind == "viewers":
        event["viewers"] = _first(fields, _VIEWER_KEYS)
    elif kind == "product":
        event["product_id"], event["text"] = _product(fields)
    return kind, event, None
