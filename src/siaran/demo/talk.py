"""Two scored lives for the demo: transcripts and comments written as real files, then scored.

The cohort's exports say how much each live earned, not what was said in it. For the talk
scorecard to have something to show, the demo writes, for the latest live of two accounts, the
SRT transcript and the comments CSV a seller would bring from elsewhere, then scores them
through :func:`siaran.talk.score_session` and stores the scorecards with the tagged lines. The
two scripts are invented and contrast on purpose: ``dapur.sekar.arum`` follows the recommended
session architecture (greeting, cooking demonstration, named answers, clear offer, firm call to
action to the end); ``hijab.ayunda``, the account that lives very often for little, chats, pushes
urgency without an offer, leaves questions unanswered and drifts off at the end.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from siaran.talk import read_comments, read_transcript, save_scorecard, score_session
from siaran.talk.scoring import tag_transcript
from siaran.talk.storage import session_started_at
from siaran.workspace import Workspace

TALK_DIR: Final = "talk"
LONGEST_TRANSCRIPT_S: Final = 45 * 60


@dataclass(frozen=True)
class Script:
    """What a host says, by phase, and what viewers write. ``{user}`` in an answer is the name
    of the viewer whose question it answers."""

    account: str
    opening: tuple[str, ...]
    middle: tuple[str, ...]
    answers: tuple[str, ...]
    closing: tuple[str, ...]
    questions: tuple[str, ...]
    chatter: tuple[str, ...]
    gap_s: tuple[int, int]
    answer_share: float


GOOD: Final = Script(
    account="dapur.sekar.arum",
    opening=(
        "Halo kak selamat datang di live Dapur Sekar Arum",
        "yang baru join merapat dulu ya, hari ini kita masak sambal bawang langsung",
    ),
    middle=(
        "ini bawangnya aku goreng dulu ya kak, liat warnanya mulai keemasan",
        "aku cobain langsung ya, pedasnya pas, bawangnya kriuk",
        "bahannya cabai rawit, bawang putih, minyak kelapa, tanpa pengawet",
        "beratnya 150 gram per botol, tahan tiga bulan di suhu ruang",
        "sudah ada PIRT dan halal ya kak, aman",
        "harganya 35 ribu aja, beli dua jadi 65 ribu",
        "ada voucher gratis ongkir buat pembelian pertama",
        "klik keranjang kuning nomor satu ya kak, langsung checkout",
        "stok promo tinggal 20 botol, harga 65 ribu untuk dua botol cuma selama live",
        "sudah terjual lebih dari dua ribu botol, banyak yang repeat order",
        "pesanan hari ini dikirim hari ini juga kak",
        "yang mau jadi reseller bisa chat admin di WhatsApp ya",
        "aku tunjukin lagi teksturnya ya kak, minyaknya nggak berlebihan",
        "yang rendang kering juga ada, 45 ribu per toples",
    ),
    answers=(
        "kak {user} nanya harga, yang botol 150 gram 35 ribu ya",
        "iya kak {user}, stok level pedas masih ready semua",
        "kak {user}, bisa COD kak, ongkir ke Jawa Tengah sekitar 10 ribu",
        "kak {user} tanya bahan, tanpa pengawet kak, pakai minyak kelapa",
    ),
    closing=(
        "oke kak sebelum tutup, checkout sekarang ya, harga promo selesai bareng live",
        "klik keranjang kuning nomor satu, yang sudah co tulis done ya",
        "makasih udah nonton, besok live lagi jam empat sore",
    ),
    questions=(
        "brp harganya kak?",
        "level pedas ready kak?",
        "bisa cod ga kak?",
        "bahannya pakai pengawet ga?",
        "ongkir ke purwokerto brp kak",
    ),
    chatter=("mau 2 kak", "done co kak", "mantap kak", "enak bgt sambalnya", "keep 1 ya"),
    gap_s=(6, 12),
    answer_share=0.9,
)

WEAK: Final = Script(
    account="hijab.ayunda",
    opening=("oke kita mulai aja ya", "lagi santai aja nih malam ini"),
    middle=(
        "jadi tadi siang aku habis jalan ke pasar",
        "cuacanya panas banget ya hari ini",
        "ini ada pashmina, warnanya banyak",
        "stok terbatas ya kak, buruan",
        "flash sale nanti malam ya",
        "sambil nunggu yang lain join kita ngobrol dulu",
        "yang dari kota mana aja nih",
        "bentar ya aku ambil barang dulu",
    ),
    answers=("iya kak {user}",),
    closing=("oke segitu dulu ya", "dadah semuanya"),
    questions=(
        "harganya brp kak?",
        "warna navy ready kak?",
        "bahannya apa kak?",
        "bisa cod ga?",
        "ukurannya berapa kak?",
    ),
    chatter=("hadir kak", "halo kak", "cantik kak"),
    gap_s=(14, 40),
    answer_share=0.2,
)

SCRIPTS: Final[tuple[Script, ...]] = (GOOD, WEAK)


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    millis = min(999, round((seconds - whole) * 1000))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d},{millis:03d}"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


HostLine = tuple[float, float, str]
CommentLine = tuple[float, str, str]


def _lines(
    script: Script, length_s: float, rng: random.Random
) -> tuple[list[HostLine], list[CommentLine]]:
    """(host lines as (start, end, text), comments as (offset, user, text)), in time order."""
    host: list[HostLine] = []
    comments: list[CommentLine] = []
    users = [f"{name}{rng.randint(1, 99)}" for name in ("rina", "budi", "sari", "dewi", "eko")]
    at = 3.0

    def say(words: str) -> None:
        nonlocal at
        end = at + max(2.5, len(words) / 14)
        host.append((at, end, words))
        at = end + rng.uniform(*script.gap_s)

    for words in script.opening:
        say(words)
    closing_from = length_s - 8 * 60
    while at < closing_from:
        if rng.random() < 0.25:
            user = rng.choice(users)
            comments.append((at, user, rng.choice(script.questions)))
            if rng.random() < script.answer_share:
                at += rng.uniform(5, 25)
                say(rng.choice(script.answers).format(user=user.rstrip("0123456789")))
                continue
        if rng.random() < 0.3:
            comments.append((at, rng.choice(users), rng.choice(script.chatter)))
        say(rng.choice(script.middle))
    if script is GOOD:
        while at < length_s - 60:
            say(rng.choice(script.middle + script.closing[:2]))
    for words in script.closing:
        say(words)
    return host, comments


def _write(
    folder: Path, room_id: str, script: Script, length_s: float, seed: int
) -> tuple[Path, Path]:
    host, comments = _lines(script, length_s, random.Random(f"{seed}:{script.account}"))
    folder.mkdir(parents=True, exist_ok=True)
    transcript = folder / f"{script.account}_{room_id}.srt"
    transcript.write_text(
        "\n".join(
            f"{n}\n{_stamp(start)} --> {_stamp(end)}\n{words}\n"
            for n, (start, end, words) in enumerate(host, 1)
        ),
        encoding="utf-8",
    )
    comment_file = folder / f"{script.account}_{room_id}_comments.csv"
    comment_file.write_text(
        "ts,user,text\n"
        + "".join(f"{_clock(at)},{user},{words}\n" for at, user, words in comments),
        encoding="utf-8",
    )
    return transcript, comment_file


def score_demo_lives(
    workspace: Workspace, folder: Path, *, seed: int, scripts: Sequence[Script] = SCRIPTS
) -> int:
    """Write and score the latest live of each scripted account; returns how many were stored."""
    stored = 0
    for script in scripts:
        row = workspace.con.execute(
            """
            SELECT room_id, duration_s FROM sessions
            WHERE account = ? AND room_id IS NOT NULL AND duration_s > 0
            ORDER BY started_at DESC LIMIT 1
            """,
            [script.account],
        ).fetchone()
        if row is None:
            continue
        room_id, duration = str(row[0]), float(row[1])
        transcript, comments = _write(
            folder, room_id, script, min(duration, LONGEST_TRANSCRIPT_S), seed
        )
        read = read_transcript(transcript)
        tags = tag_transcript(read)
        card = score_session(
            read,
            read_comments(comments),
            room_id=room_id,
            started_at=session_started_at(workspace, script.account, room_id),
            tags=tags,
        )
        save_scorecard(workspace, card, read.lines, tags, account=script.account)
        stored += 1
    return stored
