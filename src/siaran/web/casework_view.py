"""What the case-study pages make of the casework's read API: the codebook as a lookup with one
safe colour per code, a document's text split at every excerpt boundary and highlighted, and
a case's excerpts grouped by theme.

Excerpt spans are code-point offsets into the document's text, as Python indexes a ``str``,
so the text is split here, on the server, and never by the browser (whose strings count
UTF-16 units: an emoji would shift every later highlight).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

from markupsafe import Markup, escape

# Colour-blind safe (Okabe-Ito), for a code whose codebook colour is missing or unusable.
FALLBACK_COLOURS: Final[tuple[str, ...]] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#7F7F7F",
)
_HEX_COLOUR: Final = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
TINT_ONE: Final = 0.22
"""How much of a code's colour the background of text under one excerpt carries."""
TINT_MORE: Final = 0.40
"""... and under two or more overlapping excerpts (darker, so an overlap stands out)."""
UNDERLINE_PX: Final = 3
QUOTE_CHARACTERS: Final = 280


@dataclass(frozen=True)
class CodeInfo:
    """One code of the codebook as the pages show it."""

    id: int
    name: str
    path: str
    theme: str
    theme_id: int
    depth: int
    colour: str
    description: str | None


def safe_colour(value: object, fallback: str) -> str:
    """``value`` when it is a ``#rgb``/``#rrggbb`` colour (anything else could break out of a
    style attribute), else ``fallback``; always as ``#rrggbb``."""
    if not isinstance(value, str) or not _HEX_COLOUR.fullmatch(value.strip()):
        return fallback
    digits = value.strip()[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def tint(colour: str, share: float) -> str:
    """``colour`` (``#rrggbb``) mixed with white: ``share`` of the colour, the rest white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def code_index(tree: Sequence[Mapping[str, Any]]) -> dict[int, CodeInfo]:
    """Every code of the nested codebook by id, in codebook order; a code without a usable
    colour takes its theme's, a theme without one a fallback by theme order."""
    index: dict[int, CodeInfo] = {}

    def walk(node: Mapping[str, Any], theme: CodeInfo | None, inherited: str) -> None:
        colour = safe_colour(node.get("color"), inherited)
        info = CodeInfo(
            id=int(node["id"]),
            name=str(node["name"]),
            path=str(node.get("path") or node["name"]),
            theme=theme.name if theme else str(node["name"]),
            theme_id=theme.id if theme else int(node["id"]),
            depth=int(node.get("depth") or 0),
            colour=colour,
            description=node.get("description"),
        )
        index[info.id] = info
        for child in node.get("children") or ():
            walk(child, theme or info, colour)

    for number, theme_node in enumerate(tree):
        walk(theme_node, None, FALLBACK_COLOURS[number % len(FALLBACK_COLOURS)])
    return index


def excerpt_codes(excerpt: Mapping[str, Any], codes: Mapping[int, CodeInfo]) -> list[CodeInfo]:
    """The distinct codes on an excerpt, in codebook order."""
    ids = {int(c["code_id"]) for c in excerpt.get("codings") or () if c.get("code_id") is not None}
    order = {code_id: place for place, code_id in enumerate(codes)}
    return [codes[i] for i in sorted(ids, key=lambda i: order.get(i, len(order))) if i in codes]


def excerpt_colour(excerpt: Mapping[str, Any], codes: Mapping[int, CodeInfo]) -> str:
    found = excerpt_codes(excerpt, codes)
    return found[0].colour if found else FALLBACK_COLOURS[-1]


# -- the highlighted text -------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """A run of text under the same excerpts. ``excerpts`` are the covering excerpts' ids (by
    start), ``opens`` the ids of those that start here."""

    start: int
    end: int
    text: str
    excerpts: tuple[int, ...]
    opens: tuple[int, ...]


def split_at_boundaries(text: str, excerpts: Iterable[Mapping[str, Any]]) -> list[Segment]:
    """``text`` cut at every excerpt start and end (code points), each piece with the excerpts
    covering it. Spans are clipped to the text; empty spans are left out."""
    length = len(text)
    spans: list[tuple[int, int, int]] = []
    for excerpt in excerpts:
        start = min(max(int(excerpt["start"]), 0), length)
        end = min(max(int(excerpt["end"]), 0), length)
        if start < end:
            spans.append((start, end, int(excerpt["id"])))
    spans.sort()
    starting: dict[int, list[int]] = {}
    ending: dict[int, set[int]] = {}
    for start, end, excerpt_id in spans:
        starting.setdefault(start, []).append(excerpt_id)
        ending.setdefault(end, set()).add(excerpt_id)
    cuts = sorted({0, length, *starting, *ending})
    active: list[int] = []
    out = []
    for low, high in pairwise(cuts):
        closed = ending.get(low, set())
        active = [e for e in active if e not in closed]
        opened = starting.get(low, [])
        active.extend(opened)
        out.append(Segment(low, high, text[low:high], tuple(active), tuple(opened)))
    return out


def highlighted(
    text: str,
    excerpts: Sequence[Mapping[str, Any]],
    codes: Mapping[int, CodeInfo],
    label_of: Mapping[int, str],
) -> Markup:
    """The document's text as HTML: every piece under one or more excerpts is a ``<mark>``
    tinted with its first excerpt's code colour and underlined once per covering excerpt in
    that excerpt's colour; ``label_of`` gives each excerpt's hover text. Each excerpt's start
    carries the anchor ``at-excerpt-<id>``."""
    by_id = {int(e["id"]): e for e in excerpts}
    colour = {i: excerpt_colour(e, codes) for i, e in by_id.items()}
    parts: list[str] = []
    for segment in split_at_boundaries(text, excerpts):
        for opened in segment.opens:
            parts.append(f'<span class="anchor" id="at-excerpt-{opened}"></span>')
        body = str(escape(segment.text))
        if not segment.excerpts:
            parts.append(body)
            continue
        first = colour[segment.excerpts[0]]
        depth = len(segment.excerpts)
        lines = ", ".join(
            f"inset 0 -{UNDERLINE_PX * (n + 1)}px 0 {colour[e]}"
            for n, e in enumerate(segment.excerpts)
        )
        style = (
            f"background:{tint(first, TINT_ONE if depth == 1 else TINT_MORE)};box-shadow:{lines}"
        )
        if depth > 1:
            style += f";padding-bottom:{UNDERLINE_PX * (depth - 1)}px"
        title = " | ".join(label_of.get(e, f"#{e}") for e in segment.excerpts)
        parts.append(
            str(
                Markup(
                    '<mark class="coded{}" data-excerpts="{}" data-depth="{}" style="{}" '
                    'title="{}">'
                ).format(
                    " overlap" if depth > 1 else "",
                    " ".join(str(e) for e in segment.excerpts),
                    depth,
                    style,
                    title,
                )
            )
            + body
            + "</mark>"
        )
    return Markup("".join(parts))


def excerpt_label(excerpt: Mapping[str, Any], codes: Mapping[int, CodeInfo]) -> str:
    """``#12 Theme › Code; Code (coder)``: what hovering a highlighted piece tells."""
    names = "; ".join(
        f"{c.theme} › {c.name}" if c.depth else c.name for c in excerpt_codes(excerpt, codes)
    )
    coders = sorted({str(c.get("coder")) for c in excerpt.get("codings") or () if c.get("coder")})
    return f"#{excerpt['id']} {names}" + (f" ({', '.join(coders)})" if coders else "")


def legend(
    excerpts: Sequence[Mapping[str, Any]], codes: Mapping[int, CodeInfo]
) -> list[tuple[CodeInfo, int]]:
    """The codes used in a document with how many of its excerpts carry each, codebook order."""
    counts: dict[int, int] = {}
    for excerpt in excerpts:
        for code in excerpt_codes(excerpt, codes):
            counts[code.id] = counts.get(code.id, 0) + 1
    return [(info, counts[code_id]) for code_id, info in codes.items() if code_id in counts]


def clipped(quote: str, limit: int = QUOTE_CHARACTERS) -> str:
    """A quote short enough for a list, cut at a word when it is longer than ``limit``."""
    flat = " ".join(quote.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


# -- a case's excerpts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ThemeExcerpt:
    """An excerpt under one theme: its document and the theme's codes on it."""

    document_id: int
    document: str
    excerpt: Mapping[str, Any]
    codes: tuple[CodeInfo, ...]


def excerpts_by_theme(
    documents: Sequence[Mapping[str, Any]], codes: Mapping[int, CodeInfo]
) -> list[tuple[CodeInfo, list[ThemeExcerpt]]]:
    """The excerpts of ``documents`` (each a :func:`~siaran.casework.read_api.document_view`)
    under each theme they carry a code of, themes in codebook order, excerpts by document and
    position; an excerpt coded under two themes shows under both."""
    grouped: dict[int, list[ThemeExcerpt]] = {}
    for document in documents:
        for excerpt in sorted(document["excerpts"], key=lambda e: (e["start"], e["end"], e["id"])):
            on_it = excerpt_codes(excerpt, codes)
            for theme_id in dict.fromkeys(c.theme_id for c in on_it):
                grouped.setdefault(theme_id, []).append(
                    ThemeExcerpt(
                        document_id=int(document["id"]),
                        document=str(document["name"]),
                        excerpt=excerpt,
                        codes=tuple(c for c in on_it if c.theme_id == theme_id),
                    )
                )
    return [(codes[t], grouped[t]) for t in codes if t in grouped and codes[t].depth == 0]
