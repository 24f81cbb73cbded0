"""Capture lines as the live-capture libraries write them, generated for the property tests:
every class, the key spellings of TikTokLive (Python), TikTok-Live-Connector (Node) and
protobuf JSON, nested blocks, empty and odd values, streak flags and connect lines."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from siaran.events import capture as cap

CLASSES = (
    "CommentEvent", "LikeEvent", "JoinEvent", "ShareEvent", "FollowEvent", "SocialEvent",
    "GiftEvent", "RoomUserSeqEvent", "LiveShoppingEvent", "OecLiveShoppingEvent",
    "ProductPinEvent", "QuestionNewEvent", "QuestionEvent", "LiveEndEvent", "ControlEvent",
    "ConnectEvent", "ConnectedEvent", "EnvelopeEvent", "RankUpdateEvent", "commentEVENT",
    "Event", "comment", "",
)  # fmt: skip
TEXTS = (
    "", " ", "\u3000", "halo kak", " sari ", "1", "0", "true", "False", " TRUE ", "2", "+01",
    "1_0", "share", "SHARE_ROOM", "follow", "end", "3", "live_end", "1.000", "5.0", "12",
    "1783170000", " 1783170000", "1783170000123", "2026-07-04T20:00:00+07:00", "7.39123E+18",
    "7391234567890123456", "p-9", "é😀", "a\"b\\c", "x\ty", "{}",
)  # fmt: skip
KEYS = tuple(
    dict.fromkeys(
        (
            *cap._ID_KEYS, *cap._TIME_KEYS, *cap._ROOM_KEYS, *cap._TEXT_KEYS, *cap._VIEWER_KEYS,
            *cap._LIKE_KEYS, *cap._USER_KEYS, *cap._GIFT_TYPE_KEYS, *cap._REPEAT_END_KEYS,
            *cap._REPEAT_KEYS, *cap._DIAMOND_KEYS, "action", "display_type", "label", "status",
            "product_id", "productId", "title", "product_title", "streaking", "gift_id",
        )
    )
)  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from((0, 1, 2, 3, -1, 5, 15, 120, 29999, 10**9, 1783170000, 1783170000123,
                     7391234567890123456, 2**64 + 1)),
    st.integers(-(10**6), 10**6),
    st.sampled_from((0.0, -0.0, 1.0, 1.5, 2.5, 5.0, 1783170000.5, 1783170000.123, 1e16,
                     7.39123e18, 1e-05, 1783170000123.0)),
    st.sampled_from(TEXTS),
    st.text(max_size=6),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=2)
    ),
    max_leaves=3,
)


def _block(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), values, max_size=4)


fields = st.dictionaries(st.sampled_from(KEYS), values, max_size=7)
blocks = st.fixed_dictionaries(
    {},
    optional={
        "user": st.one_of(_block((*cap._USER_KEYS, "id", "nickname")), values),
        "gift": st.one_of(
            _block((*cap._DIAMOND_KEYS, *cap._REPEAT_KEYS, *cap._REPEAT_END_KEYS,
                    *cap._GIFT_TYPE_KEYS, "type", "name")),
            values,
        ),
        "product": st.one_of(_block(("product_id", "id", "title", "name")), values),
        "details": st.one_of(_block(cap._TEXT_KEYS), values),
    },
)  # fmt: skip


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """One captured message: a class under one of the class keys, fields at the top level
    and perhaps in nested blocks."""
    record: dict[str, Any] = {}
    class_key = draw(st.sampled_from(cap.CLASS_KEYS))
    record[class_key] = draw(st.sampled_from(CLASSES) | values)
    record.update(draw(fields))
    record.update(draw(blocks))
    for nested in draw(st.lists(st.sampled_from(cap._NESTED_KEYS), max_size=2, unique=True)):
        record[nested] = draw(st.one_of(fields.map(lambda f: f), blocks, values))
    return record


odd_lines = st.sampled_from(
    (
        "", "   ", "\x0b", "not json", "[1, 2]", '"text"', "5", "{broken", '{"a": 1,}',
        '{"event": "CommentEvent", "msg_id": "d1", "comment": "x", "msg_id": "d2"}',
        '{"event": "LikeEvent", "event": "JoinEvent", "user": {"uniqueId": "a", '
        '"uniqueId": "b"}, "create_time": 1783170000}',
        '{"event": "CommentEvent", "comment": "a,}", "msg_id": 7}',
        '\ufeff{"event": "JoinEvent", "msgId": "bom"}',
        '{"event": "ConnectEvent", "roomId": {"deep": [1, 2.5]}}',
        '{"event": "ConnectEvent", "room_id": true}',
        '{"event": "ConnectEvent", "room_id": "  "}',
        '{"event": "JoinEvent", "create_time": 1783170000, "msg_id": NaN}',
        '{"event": "LikeEvent", "count": -0, "msg_id": -0.0, "ts": 1783170000.0}',
    )
)  # fmt: skip


@st.composite
def dump_lines(draw: st.DrawFn) -> list[str]:
    """The lines of a dump: messages written compactly or spaced, and odd lines between."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(odd_lines))
            continue
        record = draw(records())
        compact = draw(st.booleans())
        lines.append(
            json.dumps(record, ensure_ascii=draw(st.booleans()),
                       separators=(",", ":") if compact else None)
        )  # fmt: skip
    return lines
