"""Writing order exports in the platforms' layouts, for tests, the demo and benchmarks.

Each line is a mapping of canonical fields (``order_id``, ``created_at``, ``product``,
``quantity``, ``amount``, ``order_amount``...) and of personal ones (``buyer``, ``recipient``,
``phone``, ``address``, ``message``, ``district``, ``village``, ``tracking``, ``note``), so the
files carry the personal data a real export carries: the importer must drop it.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from siaran.orders.columns import SHOPEE_ID, TIKTOK_EN, TIKTOK_ID, OrderLayout, header_key

# The headers each layout writes, in order (a real export of the Indonesian market).
TIKTOK_HEADERS: Final = (
    "Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type",
    "Normal or Pre-order", "SKU ID", "Seller SKU", "Product Name", "Variation", "Quantity",
    "Sku Quantity of return", "SKU Unit Original Price", "SKU Subtotal Before Discount",
    "SKU Platform Discount", "SKU Seller Discount", "SKU Subtotal After Discount",
    "Shipping Fee After Discount", "Order Amount", "Order Refund Amount", "Created Time",
    "Paid Time", "RTS Time", "Shipped Time", "Delivered Time", "Cancelled Time", "Cancel By",
    "Cancel Reason", "Fulfillment Type", "Tracking ID", "Delivery Option",
    "Shipping Provider Name", "Buyer Message", "Buyer Username", "Recipient", "Phone #",
    "Country", "Province", "Regency and City", "Districts", "Villages", "Detail Address",
    "Payment Method", "Weight(kg)", "Product Category", "Package ID", "Seller Note",
)  # fmt: skip
# TikTok Shop's current Order SKU List (after the Tokopedia merge): ten more fee and channel
# columns than ``TIKTOK_HEADERS``, which siaran does not use.
TIKTOK_TOKOPEDIA_HEADERS: Final = (
    "Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type",
    "Normal or Pre-order", "SKU ID", "Seller SKU", "Product Name", "Variation", "Quantity",
    "Sku Quantity of return", "SKU Unit Original Price", "SKU Subtotal Before Discount",
    "SKU Platform Discount", "SKU Seller Discount", "SKU Subtotal After Discount",
    "Shipping Fee After Discount", "Original Shipping Fee", "Shipping Fee Seller Discount",
    "Shipping Fee Platform Discount", "Distance Shipping Fee", "Distance Fee",
    "Order Refund Amount", "Payment platform discount", "Buyer Service Fee", "Handling Fee",
    "Shipping Insurance", "Item Insurance", "Order Amount", "Created Time", "Paid Time",
    "RTS Time", "Shipped Time", "Delivered Time", "Cancelled Time", "Cancel By",
    "Cancel Reason", "Fulfillment Type", "Warehouse Name", "Tracking ID", "Delivery Option",
    "Shipping Provider Name", "Buyer Message", "Buyer Username", "Recipient", "Phone #",
    "Zipcode", "Country", "Province", "Regency and City", "Districts", "Villages",
    "Detail Address", "Additional address information", "Payment Method", "Weight(kg)",
    "Product Category", "Package ID", "Purchase Channel", "Seller Note", "Checked Status",
    "Checked Marked by", "Tokopedia Invoice Number", "Order Channel", "Creator Handle",
)  # fmt: skip
TAB_PADDED: Final = frozenset({
    "Order ID", "SKU ID", "Package ID", "Zipcode", "Created Time", "Paid Time", "RTS Time",
    "Shipped Time", "Delivered Time", "Cancelled Time",
})  # fmt: skip
"""The cells TikTok Shop ends with a tab (so that Excel keeps long ids as text)."""
SHOPEE_HEADERS: Final = (
    "No. Pesanan", "Status Pesanan", "Alasan Pembatalan", "Status Pembatalan/ Pengembalian",
    "No. Resi", "Opsi Pengiriman", "Waktu Pengiriman Diatur", "Waktu Pesanan Dibuat",
    "Waktu Pembayaran Dilakukan", "Metode Pembayaran", "SKU Induk", "Nama Produk",
    "Nomor Referensi SKU", "Nama Variasi", "Harga Awal", "Harga Setelah Diskon", "Jumlah",
    "Total Harga Produk", "Total Pembayaran", "Username (Pembeli)", "Nama Penerima",
    "No. Telepon", "Alamat Pengiriman", "Kota/Kabupaten", "Provinsi", "Catatan dari Pembeli",
    "Waktu Pesanan Selesai",
)  # fmt: skip
# Shopee's order export from the English Seller Centre (the names of docs/en/formats.md).
SHOPEE_EN_HEADERS: Final = (
    "Order ID", "Order Status", "Return / Refund Status", "Tracking Number*", "Shipping Option",
    "Shipment Method", "Estimated Ship Out Date", "Ship Time", "Order Creation Date",
    "Order Paid Time", "Parent SKU Reference No.", "Product Name", "SKU Reference No.",
    "Variation Name", "Original Price", "Deal Price", "Quantity", "Returned quantity",
    "Product Subtotal", "Total Discount", "Price Discount(from Seller)", "Shopee Rebate",
    "SKU Total Weight", "Number of Items in Order", "Order Total Weight", "Seller Voucher",
    "Seller Absorbed Coin Cashback", "Shopee Voucher", "Bundle Deals Indicator(Y/N)",
    "Shopee Bundle Discount", "Seller Bundle Discount", "Shopee Coins Offset",
    "Credit Card Discount Total", "Products' Price Paid by Buyer", "Buyer Paid Shipping Fee",
    "Shipping Rebate Estimate", "Reverse Shipping Fee", "Service Fee", "Grand Total",
    "Estimated Shipping Fee", "Username (Buyer)", "Receiver Name", "Phone Number",
    "Delivery Address", "Town", "District", "City", "Province", "Country", "Zip Code",
    "Remark from buyer", "Order Complete Time", "Note",
)  # fmt: skip
TIKTOK_ID_HEADERS: Final = tuple(TIKTOK_ID.columns)
PERSONAL: Final = {
    "Buyer Message": "message", "Buyer Username": "buyer", "Recipient": "recipient",
    "Phone #": "phone", "Detail Address": "address", "Districts": "district",
    "Villages": "village", "Tracking ID": "tracking", "Seller Note": "note",
    "Pesan Pembeli": "message", "Nama Pengguna Pembeli": "buyer", "Penerima": "recipient",
    "Nomor Telepon": "phone", "Alamat Lengkap": "address", "Kecamatan": "district",
    "Kelurahan/Desa": "village", "ID Pelacakan": "tracking", "Catatan Penjual": "note",
    "Catatan dari Pembeli": "message", "Username (Pembeli)": "buyer",
    "Nama Penerima": "recipient", "No. Telepon": "phone", "Alamat Pengiriman": "address",
    "No. Resi": "tracking", "Remark from buyer": "message", "Username (Buyer)": "buyer",
    "Receiver Name": "recipient", "Phone Number": "phone", "Delivery Address": "address",
    "District": "district", "Town": "village", "Tracking Number*": "tracking",
}  # fmt: skip
DESCRIPTION_ROW: Final = "Platform unique order ID."

Line = Mapping[str, object]


def _layout(name: str) -> tuple[OrderLayout, tuple[str, ...]]:
    return {
        "tiktok": (TIKTOK_EN, TIKTOK_HEADERS),
        "tiktok_tokopedia": (TIKTOK_EN, TIKTOK_TOKOPEDIA_HEADERS),
        "tiktok_id": (TIKTOK_ID, TIKTOK_ID_HEADERS),
        "shopee": (SHOPEE_ID, SHOPEE_HEADERS),
        "shopee_en": (SHOPEE_ID, SHOPEE_EN_HEADERS),
    }[name]


def _cell(value: object, layout: OrderLayout, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if layout.platform == "shopee":
            return value.strftime("%Y-%m-%d %H:%M")
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if kind == "money" and isinstance(value, int | float):
        whole = f"{round(value):,}".replace(",", ".")
        return whole if layout.platform == "shopee" else f"IDR {whole}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def order_rows(
    layout_name: str,
    lines: Sequence[Line],
    *,
    tab_padded: bool = False,
    extra_headers: Sequence[str] = (),
) -> list[list[str]]:
    """The header row and one row per line, as the platform writes them; TikTok's tab after
    the ids and times (:data:`TAB_PADDED`) with ``tab_padded``. A column the layout does not
    use takes the line's value under its header; ``extra_headers`` are columns the export
    does not have (yet), added at the end."""
    layout, headers = _layout(layout_name)
    headers = (*headers, *extra_headers)
    rows = [list(headers)]
    known = {header_key(name): column for name, column in layout.columns.items()}
    for line in lines:
        row = []
        for header in headers:
            column = known.get(header_key(header))
            if header in PERSONAL:
                cell = _cell(line.get(PERSONAL[header]), layout, "text")
            elif column is None or column.field is None:
                cell = _cell(line.get(header), layout, "text")
            else:
                cell = _cell(line.get(column.field), layout, column.kind)
            row.append(cell + "\t" if tab_padded and header in TAB_PADDED else cell)
        rows.append(row)
    return rows


def write_order_export(
    path: Path,
    layout_name: str,
    lines: Sequence[Line],
    *,
    xlsx: bool = False,
    description_row: bool = False,
    tab_padded: bool = False,
    extra_headers: Sequence[str] = (),
) -> Path:
    """Write ``lines`` as the ``tiktok``, ``tiktok_tokopedia`` (the current, longer TikTok
    layout), ``tiktok_id``, ``shopee`` or ``shopee_en`` (English Seller Centre) order export
    at ``path`` (CSV, or XLSX with ``xlsx``); TikTok's column-description row with
    ``description_row``, its tab after ids and times with ``tab_padded``; ``extra_headers`` as
    in :func:`order_rows`."""
    rows = order_rows(layout_name, lines, tab_padded=tab_padded, extra_headers=extra_headers)
    if description_row:
        rows.insert(1, [DESCRIPTION_ROW] + ["Description."] * (len(rows[0]) - 1))
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "OrderSKUList"
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
