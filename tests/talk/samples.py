"""A realistic 30-minute live as real files: an SRT transcript and a CSV of comments."""

from __future__ import annotations

from pathlib import Path

# (start, end, text): a 30-minute live with a good opening and offer, a long silence, and no
# call to action at the end.
CUES = [
    (4, 9, "Halo kak selamat datang di live Opak Izul Berkah"),
    (10, 15, "yang baru join merapat dulu ya"),
    (60, 70, "ini opaknya lagi digoreng, liat langsung ngembang"),
    (75, 85, "bahannya singkong asli, beratnya 250 gram, tahan tiga bulan"),
    (130, 138, "kak rina nanya harga, yang ini 25 ribu aja"),
    (180, 186, "harganya 25 ribu, beli dua cuma 45 ribu"),
    (200, 205, "stok tinggal 5 lagi kak"),
    (300, 306, "klik keranjang kuning nomor satu ya"),
    (420, 425, "bisa COD, pesanan hari ini dikirim hari ini"),
    (600, 606, "flash sale jam 9 nanti ya kak"),
    (700, 706, "langsung checkout ya kak"),
    (1000, 1006, "udah terjual dua ribu bungkus lebih"),
    (1140, 1146, "aku cobain yang pedas ya, kriuk banget"),
    (1500, 1506, "oke kita lanjut ngobrol dulu"),
    (1790, 1800, "makasih udah nonton, sampai jumpa besok"),
]


def write_srt(path: Path) -> Path:
    def stamp(seconds: float) -> str:
        whole = int(seconds)
        return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d},000"

    blocks = [
        f"{i}\n{stamp(start)} --> {stamp(end)}\n{text}\n"
        for i, (start, end, text) in enumerate(CUES, 1)
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def write_comments(path: Path) -> Path:
    path.write_text(
        "ts,user,text\n"
        "00:01:50,rina_olshop,brp kak harganya?\n"
        "00:02:10,budi88,mau 2 kak\n"
        "00:05:00,sari,bahannya apa kak?\n"
        "00:07:30,dewi,ongkir ke bandung brp?\n"
        "00:08:00,eko,mantap kak\n",
        encoding="utf-8",
    )
    return path
