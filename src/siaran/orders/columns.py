"""The order export layouts siaran reads, column by column, and what happens to each column.

Every column of a known layout has a :class:`Column`: the field it becomes (or none), what kind
of value it holds, whether the value belongs to the order or to its SKU line, and its
treatment under Indonesia's personal data protection law (UU 27/2022):

``keep``
    stored in the workspace;
``drop``
    personal data or free text that may hold it (names, phone numbers, street addresses,
    buyer messages, tracking numbers, seller notes): never stored, emptied in the archived copy;
``hash``
    the buyer's username: stored only as a keyed hash (:mod:`siaran.orders.privacy`);
``unused``
    neither personal nor needed (fees siaran does not analyse): kept in the archived copy only.

A file is recognised by its header row (case, spacing and spaces around ``/`` ignored): a
layout's order id and creation time make it that layout's export, and its other required
columns must be there too. A header no column here knows is not an error: the platforms add
columns to their order exports (TikTok Shop's after the Tokopedia merge added ten fee and
channel columns, now known here), so such a column is not read, is emptied in the archived
copy (it may hold personal data siaran cannot tell) and is named in the import report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["id", "text", "money", "count", "number", "time"]
Level = Literal["order", "line"]
Treatment = Literal["keep", "drop", "hash", "unused"]


@dataclass(frozen=True)
class Column:
    field: str | None
    kind: Kind = "text"
    level: Level = "order"
    treatment: Treatment = "keep"


@dataclass(frozen=True)
class OrderLayout:
    name: str
    platform: str
    columns: dict[str, Column]
    required: tuple[str, ...]
    """Fields without which a file is not this layout's."""
    currency: str | None = None
    """The money's currency when the cells do not say it (a layout of one market)."""
    confirmed: bool = True
    """Whether the header texts were confirmed from real exports (docs/en/formats.md)."""


DROP: Final = Column(None, treatment="drop")
UNUSED: Final = Column(None, treatment="unused")
BUYER: Final = Column("buyer", treatment="hash")


def _line(field: str, kind: Kind = "text") -> Column:
    return Column(field, kind, "line")


def _order(field: str, kind: Kind = "text") -> Column:
    return Column(field, kind, "order")


TIKTOK_EN: Final = OrderLayout(
    "tiktok_shop_orders",
    "tiktok",
    {
        "Order ID": _order("order_id", "id"),
        "Order Status": _order("status"),
        "Order Substatus": _order("substatus"),
        "Cancelation/Return Type": _order("return_type"),
        "Normal or Pre-order": UNUSED,
        "SKU ID": _line("sku_id", "id"),
        "Seller SKU": _line("seller_sku", "id"),
        "Product Name": _line("product"),
        "Variation": _line("variation"),
        "Quantity": _line("quantity", "count"),
        "Sku Quantity of return": _line("returned_quantity", "count"),
        "SKU Unit Original Price": _line("unit_price", "money"),
        "SKU Subtotal Before Discount": _line("subtotal_before_discount", "money"),
        "SKU Platform Discount": _line("platform_discount", "money"),
        "SKU Seller Discount": _line("seller_discount", "money"),
        "SKU Subtotal After Discount": _line("amount", "money"),
        "Shipping Fee After Discount": _order("shipping_fee", "money"),
        "Original Shipping Fee": UNUSED,
        "Shipping Fee Seller Discount": UNUSED,
        "Shipping Fee Platform Discount": UNUSED,
        "Payment platform discount": UNUSED,
        "Retail Delivery Fee": UNUSED,
        "Taxes": UNUSED,
        "Order Amount": _order("order_amount", "money"),
        "Order Refund Amount": _order("refund_amount", "money"),
        "Created Time": _order("created_at", "time"),
        "Paid Time": _order("paid_at", "time"),
        "RTS Time": _order("rts_at", "time"),
        "Shipped Time": _order("shipped_at", "time"),
        "Delivered Time": _order("delivered_at", "time"),
        "Cancelled Time": _order("cancelled_at", "time"),
        "Cancel By": _order("cancelled_by"),
        "Cancel Reason": _order("cancel_reason"),
        "Fulfillment Type": _order("fulfillment_type"),
        "Warehouse Name": UNUSED,
        "Tracking ID": DROP,
        "Delivery Option Type": UNUSED,
        "Delivery Option": _order("delivery_option"),
        "Shipping Provider Name": _order("shipping_provider"),
        "Buyer Message": DROP,
        "Buyer Username": BUYER,
        "Recipient": DROP,
        "Phone #": DROP,
        "Country": _order("country"),
        "Province": _order("province"),
        "State": _order("province"),
        "Regency and City": _order("city"),
        "City": _order("city"),
        "Districts": DROP,
        "District": DROP,
        "Villages": DROP,
        "Commune": DROP,
        "Zipcode": DROP,
        "Detail Address": DROP,
        "Additional address information": DROP,
        "House Name or Number": DROP,
        "Delivery Instruction": DROP,
        "Payment Method": _order("payment_method"),
        "Weight(kg)": _line("weight_kg", "number"),
        "Product Category": _line("category"),
        "Package ID": UNUSED,
        "Seller Note": DROP,
        "Shipping Information": DROP,
        "Checked Status": UNUSED,
        "Checked Marked by": UNUSED,
        # Added after the Tokopedia merge: fees and channels siaran does not analyse.
        "Distance Shipping Fee": UNUSED,
        "Distance Fee": UNUSED,
        "Buyer Service Fee": UNUSED,
        "Handling Fee": UNUSED,
        "Shipping Insurance": UNUSED,
        "Item Insurance": UNUSED,
        "Purchase Channel": UNUSED,
        "Tokopedia Invoice Number": UNUSED,
        "Order Channel": UNUSED,
        "Creator Handle": UNUSED,
    },
    required=("order_id", "created_at", "product", "quantity", "amount", "order_amount"),
)

TIKTOK_ID: Final = OrderLayout(
    "tiktok_shop_orders_id",
    "tiktok",
    {
        "ID Pesanan": _order("order_id", "id"),
        "Status Pesanan": _order("status"),
        "Substatus Pesanan": _order("substatus"),
        "Jenis Pembatalan/Pengembalian": _order("return_type"),
        "Normal atau Pre-order": UNUSED,
        "ID SKU": _line("sku_id", "id"),
        "SKU Penjual": _line("seller_sku", "id"),
        "Nama Produk": _line("product"),
        "Variasi": _line("variation"),
        "Kuantitas": _line("quantity", "count"),
        "Kuantitas Pengembalian SKU": _line("returned_quantity", "count"),
        "Harga Asli Satuan SKU": _line("unit_price", "money"),
        "Subtotal SKU Sebelum Diskon": _line("subtotal_before_discount", "money"),
        "Diskon Platform SKU": _line("platform_discount", "money"),
        "Diskon Penjual SKU": _line("seller_discount", "money"),
        "Subtotal SKU Setelah Diskon": _line("amount", "money"),
        "Ongkos Kirim Setelah Diskon": _order("shipping_fee", "money"),
        "Jumlah Pesanan": _order("order_amount", "money"),
        "Jumlah Pengembalian Dana Pesanan": _order("refund_amount", "money"),
        "Waktu Dibuat": _order("created_at", "time"),
        "Waktu Dibayar": _order("paid_at", "time"),
        "Waktu Siap Dikirim": _order("rts_at", "time"),
        "Waktu Dikirim": _order("shipped_at", "time"),
        "Waktu Diterima": _order("delivered_at", "time"),
        "Waktu Dibatalkan": _order("cancelled_at", "time"),
        "Dibatalkan Oleh": _order("cancelled_by"),
        "Alasan Pembatalan": _order("cancel_reason"),
        "Jenis Pemenuhan": _order("fulfillment_type"),
        "Nama Gudang": UNUSED,
        "ID Pelacakan": DROP,
        "Opsi Pengiriman": _order("delivery_option"),
        "Nama Penyedia Jasa Pengiriman": _order("shipping_provider"),
        "Pesan Pembeli": DROP,
        "Nama Pengguna Pembeli": BUYER,
        "Penerima": DROP,
        "Nomor Telepon": DROP,
        "Negara": _order("country"),
        "Provinsi": _order("province"),
        "Kabupaten/Kota": _order("city"),
        "Kecamatan": DROP,
        "Kelurahan/Desa": DROP,
        "Alamat Lengkap": DROP,
        "Metode Pembayaran": _order("payment_method"),
        "Berat(kg)": _line("weight_kg", "number"),
        "Kategori Produk": _line("category"),
        "ID Paket": UNUSED,
        "Catatan Penjual": DROP,
    },
    required=("order_id", "created_at", "product", "quantity", "amount", "order_amount"),
    currency="IDR",
    confirmed=False,
)

SHOPEE_ID: Final = OrderLayout(
    "shopee_orders",
    "shopee",
    {
        "No. Pesanan": _order("order_id", "id"),
        "Status Pesanan": _order("status"),
        "Alasan Pembatalan": _order("cancel_reason"),
        "Status Pembatalan/Pengembalian": _order("return_type"),
        "No. Resi": DROP,
        "Opsi Pengiriman": _order("delivery_option"),
        "Antar ke counter/pick-up": UNUSED,
        "Pesanan Harus Dikirimkan Sebelum (Menghindari keterlambatan)": UNUSED,
        "Waktu Pengiriman Diatur": _order("rts_at", "time"),
        "Waktu Pesanan Dibuat": _order("created_at", "time"),
        "Waktu Pembayaran Dilakukan": _order("paid_at", "time"),
        "Metode Pembayaran": _order("payment_method"),
        "SKU Induk": _line("sku_id", "id"),
        "Nama Produk": _line("product"),
        "Nomor Referensi SKU": _line("seller_sku", "id"),
        "Nama Variasi": _line("variation"),
        "Harga Awal": _line("unit_price", "money"),
        "Harga Setelah Diskon": UNUSED,
        "Jumlah": _line("quantity", "count"),
        "Returned quantity": _line("returned_quantity", "count"),
        "Total Harga Produk": _line("amount", "money"),
        "Total Diskon": UNUSED,
        "Diskon Dari Penjual": _line("seller_discount", "money"),
        "Diskon Dari Shopee": _line("platform_discount", "money"),
        "Berat Produk": UNUSED,
        "Jumlah Produk di Pesan": UNUSED,
        "Total Berat": UNUSED,
        "Voucher Ditanggung Penjual": UNUSED,
        "Cashback Koin": UNUSED,
        "Voucher Ditanggung Shopee": UNUSED,
        "Paket Diskon": UNUSED,
        "Paket Diskon (Diskon dari Shopee)": UNUSED,
        "Paket Diskon (Diskon dari Penjual)": UNUSED,
        "Potongan Koin Shopee": UNUSED,
        "Diskon Kartu Kredit": UNUSED,
        "Ongkos Kirim Dibayar oleh Pembeli": _order("shipping_fee", "money"),
        "Estimasi Potongan Biaya Pengiriman": UNUSED,
        "Ongkos Kirim Pengembalian Barang": UNUSED,
        "Total Pembayaran": _order("order_amount", "money"),
        "Perkiraan Ongkos Kirim": UNUSED,
        "Catatan dari Pembeli": DROP,
        "Catatan": DROP,
        "Username (Pembeli)": BUYER,
        "Nama Penerima": DROP,
        "No. Telepon": DROP,
        "Alamat Pengiriman": DROP,
        "Kota/Kabupaten": _order("city"),
        "Provinsi": _order("province"),
        "Waktu Pesanan Selesai": _order("completed_at", "time"),
        # The English Seller Centre's names of the same columns (docs/en/formats.md says which
        # public parsers they come from; not confirmed against a Shopee specification).
        "Order ID": _order("order_id", "id"),
        "Order Status": _order("status"),
        "Cancel reason": _order("cancel_reason"),
        "Return / Refund Status": _order("return_type"),
        "Tracking Number*": DROP,
        "Shipping Option": _order("delivery_option"),
        "Shipment Method": UNUSED,
        "Estimated Ship Out Date": UNUSED,
        "Ship Time": _order("rts_at", "time"),
        "Order Creation Date": _order("created_at", "time"),
        "Order Paid Time": _order("paid_at", "time"),
        "Parent SKU Reference No.": _line("sku_id", "id"),
        "Product Name": _line("product"),
        "SKU Reference No.": _line("seller_sku", "id"),
        "Variation Name": _line("variation"),
        "Original Price": _line("unit_price", "money"),
        "Deal Price": UNUSED,
        "Quantity": _line("quantity", "count"),
        "Product Subtotal": _line("amount", "money"),
        "Total Discount": UNUSED,
        "Price Discount(from Seller)": _line("seller_discount", "money"),
        "Shopee Rebate": _line("platform_discount", "money"),
        "SKU Total Weight": UNUSED,
        "Number of Items in Order": UNUSED,
        "Order Total Weight": UNUSED,
        "Seller Voucher": UNUSED,
        "Seller Absorbed Coin Cashback": UNUSED,
        "Shopee Voucher": UNUSED,
        "Bundle Deals Indicator(Y/N)": UNUSED,
        "Shopee Bundle Discount": UNUSED,
        "Seller Bundle Discount": UNUSED,
        "Shopee Coins Offset": UNUSED,
        "Credit Card Discount Total": UNUSED,
        "Products' Price Paid by Buyer": UNUSED,
        "Buyer Paid Shipping Fee": _order("shipping_fee", "money"),
        "Shipping Rebate Estimate": UNUSED,
        "Reverse Shipping Fee": UNUSED,
        "Service Fee": UNUSED,
        "Commission Fee": UNUSED,
        "Transaction Fee": UNUSED,
        "Grand Total": _order("order_amount", "money"),
        "Estimated Shipping Fee": UNUSED,
        "Username (Buyer)": BUYER,
        "Receiver Name": DROP,
        "Phone Number": DROP,
        "Delivery Address": DROP,
        "Town": DROP,
        "District": DROP,
        "City": _order("city"),
        "Province": _order("province"),
        "Country": _order("country"),
        "Zip Code": DROP,
        "Remark from buyer": DROP,
        "Note": DROP,
        "Order Complete Time": _order("completed_at", "time"),
    },
    required=("order_id", "created_at", "product", "quantity", "amount"),
    currency="IDR",
)

ORDER_LAYOUTS: Final = (TIKTOK_EN, TIKTOK_ID, SHOPEE_ID)

TIME_ORDER: Final = (
    ("paid_at", "created_at"),
    ("rts_at", "created_at"),
    ("shipped_at", "created_at"),
    ("delivered_at", "created_at"),
    ("delivered_at", "shipped_at"),
    ("completed_at", "created_at"),
    ("cancelled_at", "created_at"),
)
"""(later, earlier): a row whose ``later`` time is before its ``earlier`` one is impossible."""


def header_key(header: object) -> str:
    """A header compared case- and space-insensitively, spaces around ``/`` ignored
    (``Status Pembatalan/ Pengembalian``)."""
    text = " ".join(str(header).replace("\ufeff", "").split()).casefold()
    return text.replace(" /", "/").replace("/ ", "/")


@dataclass(frozen=True)
class Recognised:
    layout: OrderLayout
    columns: tuple[Column | None, ...]
    """The column of each header position (``None``: an unknown header)."""
    unknown: tuple[str, ...]
    missing: tuple[str, ...]
    score: float


def recognise(header: list[str | None]) -> Recognised | None:
    """The layout whose columns the ``header`` row holds best; ``None`` when no layout's
    order id and creation time are both there."""
    best: Recognised | None = None
    for layout in ORDER_LAYOUTS:
        known = {header_key(name): column for name, column in layout.columns.items()}
        columns = tuple(known.get(header_key(h)) if h else None for h in header)
        fields = {c.field for c in columns if c is not None}
        if not {"order_id", "created_at"} <= fields:
            continue
        named = [h for h in header if h]
        unknown = tuple(h for h, c in zip(header, columns, strict=True) if h and c is None)
        missing = tuple(
            name
            for name, column in layout.columns.items()
            if column.field in layout.required and column.field not in fields
        )
        found = Recognised(
            layout, columns, unknown, tuple(dict.fromkeys(missing)), 1 - len(unknown) / len(named)
        )
        if best is None or found.score > best.score:
            best = found
    return best
