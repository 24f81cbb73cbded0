"""The files of the ecosystem and what each column is: affiliate order exports and a reseller
register, recognised by their header row.

Three layouts (docs/en/formats.md, docs/id/format.md):

- ``tiktok_shop_affiliate_orders``: TikTok Shop's affiliate order export (Seller Center,
  Affiliate, Affiliate orders), English and Indonesian UI. Its exact headers could not be
  confirmed from a public sample, so every field accepts the names the help pages use and
  close variants; a file whose headers differ is read through the canonical CSV or a mapping.
- ``affiliate_orders``: siaran's canonical affiliate CSV (the field names as headers).
- ``reseller_register``: a reseller register kept by hand (CSV or XLSX), one row per reseller
  and month.

A column is ``keep`` (read into its field) or ``drop`` (personal data: buyers, recipients,
phone numbers, addresses; never read, never archived). Any other column is not read and the
import says which.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["affiliate", "resellers"]

AFFILIATE_FIELDS: Final = (
    "order_id", "created_at", "creator", "content_type", "gmv", "commission_rate",
    "commission", "estimated_commission", "status", "product", "content_id", "currency",
)  # fmt: skip
RESELLER_FIELDS: Final = (
    "reseller_id", "name", "joined_on", "channel", "month", "orders", "purchase_value",
    "currency",
)  # fmt: skip
AFFILIATE_REQUIRED: Final = ("order_id", "created_at", "creator", "content_type", "gmv")
RESELLER_REQUIRED: Final = ("joined_on",)

_TIKTOK_AFFILIATE: Final[dict[str, tuple[str, ...]]] = {
    "order_id": ("order id", "id pesanan", "order no."),
    "created_at": ("time created", "created time", "order created time", "order time",
                   "waktu dibuat", "waktu pesanan dibuat", "waktu pembuatan"),
    "creator": ("creator username", "creator name", "creator", "affiliate username",
                "nama pengguna kreator", "username kreator", "kreator"),
    "content_type": ("content type", "source", "channel", "jenis konten", "sumber konten",
                     "tipe konten"),
    "content_id": ("content id", "video id", "live id", "id konten"),
    "product": ("product name", "nama produk"),
    "gmv": ("payment amount", "gmv", "order amount", "affiliate gmv", "jumlah pembayaran",
            "nilai pesanan"),
    "commission_rate": ("standard commission rate", "commission rate", "tingkat komisi",
                        "persentase komisi", "tingkat komisi standar"),
    "estimated_commission": ("estimated commission", "est. commission",
                             "estimated commission payment", "estimasi komisi",
                             "perkiraan komisi"),
    "commission": ("actual commission", "actual commission payment", "commission",
                   "komisi aktual", "komisi"),
    "status": ("order status", "commission status", "status", "status pesanan",
               "status komisi"),
    "currency": ("currency", "mata uang"),
}  # fmt: skip
_CANONICAL_AFFILIATE: Final = {name: (name,) for name in AFFILIATE_FIELDS}
_RESELLER: Final[dict[str, tuple[str, ...]]] = {
    "reseller_id": ("reseller_id", "reseller id", "id reseller", "kode reseller",
                    "reseller code", "id"),
    "name": ("name", "reseller", "reseller name", "nama", "nama reseller"),
    "joined_on": ("joined_on", "joined on", "joined", "join date", "tanggal gabung",
                  "tanggal bergabung", "bergabung", "gabung"),
    "channel": ("channel", "kanal", "saluran"),
    "month": ("month", "bulan", "periode"),
    "orders": ("orders", "pesanan", "jumlah pesanan"),
    "purchase_value": ("purchase_value", "purchase value", "purchases", "nilai pembelian",
                       "pembelian", "omzet"),
    "currency": ("currency", "mata uang"),
}  # fmt: skip
DROPPED: Final = frozenset(
    (
        "buyer username", "buyer", "buyer name", "buyer message", "recipient", "phone #",
        "phone", "phone number", "mobile", "whatsapp number", "no. hp", "no hp", "nomor hp",
        "no. telepon", "no telepon", "nomor telepon", "nomor whatsapp", "no. whatsapp",
        "address", "detail address", "alamat", "alamat pengiriman", "alamat lengkap",
        "email", "e-mail", "username (pembeli)", "nama penerima", "pembeli",
        "nik", "ktp", "bank account", "rekening", "nomor rekening",
    )
)  # fmt: skip
"""Personal columns a file may carry: never read, never archived."""


@dataclass(frozen=True)
class Layout:
    name: str
    kind: Kind
    aliases: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]


LAYOUTS: Final[tuple[Layout, ...]] = (
    Layout("affiliate_orders", "affiliate", _CANONICAL_AFFILIATE, AFFILIATE_REQUIRED),
    Layout("tiktok_shop_affiliate_orders", "affiliate", _TIKTOK_AFFILIATE, AFFILIATE_REQUIRED),
    Layout("reseller_register", "resellers", _RESELLER, RESELLER_REQUIRED),
)
LAYOUT_NAMES: Final = tuple(layout.name for layout in LAYOUTS)


def header_key(text: str) -> str:
    """A header compared case-, space- and underscore-insensitively."""
    return " ".join(re.sub(r"[_\s]+", " ", text.replace("\ufeff", "")).strip().lower().split())


_AFFILIATE_SIGNS: Final = frozenset({"order_id", "creator", "content_type"})
"""The fields every affiliate export has and that together tell it from other files."""


@dataclass(frozen=True)
class Recognised:
    """A header row read with ``layout``: the field of each position (``None``: not read),
    the positions dropped as personal data, the headers not read, the required fields
    missing."""

    layout: Layout
    fields: tuple[str | None, ...]
    dropped: tuple[int, ...]
    unread: tuple[str, ...]
    missing: tuple[str, ...]

    def position(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None


def read_header(header: Sequence[str | None], layout: Layout) -> Recognised:
    """``header`` read with ``layout`` (each field taken by its first matching column)."""
    lookup = {
        header_key(alias): name for name, aliases in layout.aliases.items() for alias in aliases
    }
    fields: list[str | None] = []
    dropped: list[int] = []
    unread: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell) if cell else ""
        name = lookup.get(key)
        if name is not None and name not in fields:
            fields.append(name)
            continue
        fields.append(None)
        if key in DROPPED:
            dropped.append(index)
        elif cell:
            unread.append(cell)
    missing = tuple(f for f in layout.required if f not in fields)
    if layout.kind == "resellers" and "reseller_id" not in fields and "name" not in fields:
        missing = ("reseller_id", *missing)
    return Recognised(layout, tuple(fields), tuple(dropped), tuple(unread), missing)


def recognise(header: Sequence[str | None]) -> Recognised | None:
    """The ecosystem layout of a header row, or ``None`` when it is no ecosystem file.

    An affiliate export is known by an order id, a creator column and a content-type column
    together: it lists orders (a third-party summary per creator with a ``Source`` column has
    no order id), and a seller's own order export has neither of the other two. A reseller
    register is known by a joined-on column with a reseller id or name. Of two candidate
    layouts the one with fewer missing fields wins."""
    best: Recognised | None = None
    for layout in LAYOUTS:
        found = read_header(header, layout)
        present = set(found.fields) - {None}
        if layout.kind == "affiliate" and not _AFFILIATE_SIGNS.issubset(present):
            continue
        if layout.kind == "resellers" and not (
            "joined_on" in present and present & {"reseller_id", "name"}
        ):
            continue
        if best is None or (len(found.missing), len(found.unread)) < (
            len(best.missing),
            len(best.unread),
        ):
            best = found
    return best


def mapped_layout(kind: Kind, columns: Mapping[str, str]) -> Layout:
    """A layout from a YAML mapping's ``columns`` (field: header as written)."""
    fields = AFFILIATE_FIELDS if kind == "affiliate" else RESELLER_FIELDS
    required = AFFILIATE_REQUIRED if kind == "affiliate" else RESELLER_REQUIRED
    aliases = {name: (columns[name],) for name in fields if name in columns}
    return Layout("mapping", kind, aliases, required)


ContentType = Literal["live", "video", "showcase", "product_card"]
CONTENT_TYPES: Final[tuple[ContentType, ...]] = ("live", "video", "showcase", "product_card")
_CONTENT: Final[dict[str, ContentType]] = {
    "live": "live", "livestream": "live", "live stream": "live", "live streaming": "live",
    "siaran langsung": "live", "langsung": "live", "siaran live": "live",
    "video": "video", "short video": "video", "shoppable video": "video",
    "video pendek": "video",
    "showcase": "showcase", "etalase": "showcase", "shop tab": "showcase",
    "etalase kreator": "showcase", "product showcase": "showcase", "etalase produk": "showcase",
    "etalase toko": "showcase",
    "product card": "product_card", "product_card": "product_card",
    "kartu produk": "product_card",
}  # fmt: skip


def content_type(text: str) -> ContentType | None:
    """``LIVE``, ``Video``, ``Showcase``, ``Product card`` (and the Indonesian UI's words) as a
    content type; ``None`` when the text is none of them."""
    return _CONTENT.get(header_key(text))


_NOT_COUNTED: Final = frozenset(
    (
        "ineligible", "cancelled", "canceled", "refunded", "customer unpaid", "unpaid",
        "tidak memenuhi syarat", "dibatalkan", "batal", "dikembalikan", "belum dibayar",
    )
)  # fmt: skip


def counts_toward_gmv(status: str | None) -> bool:
    """Whether an affiliate order of ``status`` counts in GMV: every status except the
    platform's ineligible (cancelled or refunded) and unpaid ones."""
    return status is None or header_key(status) not in _NOT_COUNTED
